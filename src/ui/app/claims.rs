//! Claims and their checks changed on the interview's behalf, and recommendations on the
//! session's: stamped with who and when here, the one place that knows both.

use chrono::{DateTime, Utc};

use crate::session::{Check, Claim, Interview, Recommendation, Session, Verdict, new_unique_id};
use crate::ui::command::{Edit, Version};

/// The interview a claim edit changes (0 for other edits, never asked).
pub(super) fn interview_of(edit: &Edit) -> usize {
    match edit {
        Edit::PutClaim { interview, .. }
        | Edit::WithdrawClaim { interview, .. }
        | Edit::Check { interview, .. }
        | Edit::ResolveVersion { interview, .. } => *interview,
        _ => 0,
    }
}

/// Writes (or withdraws, when its change is empty) a recommendation, by `by`, at `now`; what
/// to tell the user.
pub(super) fn recommend(session: &mut Session, edit: Edit, by: Option<String>, now: DateTime<Utc>) -> &'static str {
    let Edit::Recommend { finding, id, change, owner, checkpoints } = edit else { return "" };
    let old = id.as_deref().and_then(|id| session.recommendations.iter().find(|r| r.id == id)).cloned();
    let withdrawn = change.trim().is_empty();
    if withdrawn && old.is_none() {
        return "Nothing written: a recommendation needs what to change.";
    }
    let recommendation = Recommendation {
        id: id.unwrap_or_else(|| new_unique_id(now)),
        answers: finding,
        change: if withdrawn { old.as_ref().map_or(change, |o| o.change.clone()) } else { change },
        owner,
        checkpoints,
        written_at: old.as_ref().map_or(now, |r| r.written_at),
        written_by: old.map_or(by, |r| r.written_by),
        edited_at: now,
        withdrawn_at: withdrawn.then_some(now),
        revision: Default::default(),
    };
    session.put_recommendation(recommendation);
    if withdrawn {
        "Recommendation withdrawn: it leaves the report, and stays in the session."
    } else {
        "Recommendation saved: the report lists it under What to change."
    }
}

/// Carries out a claim edit on `interview`, by `by`, at `now`.
pub(super) fn apply(interview: &mut Interview, edit: Edit, by: Option<String>, now: DateTime<Utc>) {
    match edit {
        Edit::PutClaim { id, topic, text, concerns, notes, quote, .. } => {
            let old = id.as_deref().and_then(|id| interview.claims.iter().find(|c| c.id == id)).cloned();
            let claim = Claim {
                id: id.unwrap_or_else(|| new_unique_id(now)),
                topic,
                text,
                concerns,
                notes,
                quote,
                made_at: old.as_ref().map_or(now, |c| c.made_at),
                made_by: old.map_or(by, |c| c.made_by),
                edited_at: now,
                withdrawn_at: None,
                revision: Default::default(),
            };
            interview.put_claim(claim);
        }
        Edit::WithdrawClaim { id, .. } => interview.withdraw_claim(&id, now),
        Edit::Check { claim, verdict, notes, .. } => {
            let old = interview.check_of(&claim).cloned();
            let check = Check {
                verdict: verdict.or(old.as_ref().map(|c| c.verdict)).unwrap_or(Verdict::NotAsked),
                notes: notes.or(old.map(|c| c.notes)).unwrap_or_default(),
                claim,
                at: now,
                by,
                revision: Default::default(),
            };
            interview.record_check(check);
        }
        Edit::ResolveVersion { chosen, .. } => match *chosen {
            Version::Claim(c) => interview.resolve_claim(&c.id.clone(), &c, now, by.as_deref()),
            Version::Check(c) => interview.resolve_check(&c.claim.clone(), &c, now, by.as_deref()),
            // The session's, settled where the session is edited (see `apply`).
            Version::Recommendation(_) => {}
        },
        _ => {}
    }
}
