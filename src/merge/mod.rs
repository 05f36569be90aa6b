//! Several interviewers' copies of one engagement brought together, without losing a word.
//!
//! Interviews are united by id. The same interview edited on two laptops merges answer by
//! answer: the latest edit wins (ties broken by the answer's own content, so every laptop
//! picks the same), and each other interviewer's latest value is kept as a [`Conflict`] of the
//! interview, to review. An interviewer's own older value is not a conflict: it is the history
//! their later edit replaced.
//!
//! Merging is commutative, associative and idempotent — the result depends only on the set of
//! values merged, never on the order or grouping of the files — so a team can merge in any
//! order, as often as it likes, over any way of sharing files (`tests` checks the laws over
//! generated sessions). A three-way merge (git's merge driver) also knows the common ancestor:
//! a side that left an answer as it was does not make a conflict of the other side's edit.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use crate::session::{Answer, Conflict, Interview, Session};

#[cfg(test)]
mod tests;

/// Why sessions were not merged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MergeError {
    #[error(
        "\"{a}\" (engagement {a_engagement}) and \"{b}\" (engagement {b_engagement}) are different engagements; merging them mixes two organisations' interviews. Pass --force if they really are one."
    )]
    DifferentEngagements { a: String, a_engagement: String, b: String, b_engagement: String },
}

/// Refuses to merge copies of different engagements unless `force`.
pub fn check_engagement(a: &Session, b: &Session, force: bool) -> Result<(), MergeError> {
    if force || a.engagement_id() == b.engagement_id() {
        return Ok(());
    }
    Err(MergeError::DifferentEngagements {
        a: a.id.clone(),
        a_engagement: a.engagement_id().to_string(),
        b: b.id.clone(),
        b_engagement: b.engagement_id().to_string(),
    })
}

/// Every session merged into one (see the module's laws); None for no sessions.
pub fn merge_all<'a>(
    sessions: impl IntoIterator<Item = &'a Session>,
    force: bool,
) -> Result<Option<Session>, MergeError> {
    let mut merged: Option<Session> = None;
    for s in sessions {
        merged = Some(fold(merged, s, force)?);
    }
    Ok(merged)
}

/// `merged` so far with `next` merged in: for merging copies as they are read, one at a time,
/// so only the merge so far and one copy are ever in memory, and the merge so far is moved on,
/// not copied.
pub fn fold(merged: Option<Session>, next: &Session, force: bool) -> Result<Session, MergeError> {
    match merged {
        None => Ok(normalise(next.clone())),
        Some(m) => {
            check_engagement(&m, next, force)?;
            Ok(merge_owned(None, m, next))
        }
    }
}

/// Two copies merged (the engagement is not checked: see [`check_engagement`]).
pub fn merge(a: &Session, b: &Session) -> Session {
    merge3(None, a, b)
}

/// Two copies merged knowing their common ancestor `base`: an answer one side left as the
/// base had it takes the other side's edit without a conflict.
pub fn merge3(base: Option<&Session>, a: &Session, b: &Session) -> Session {
    merge_owned(base, a.clone(), b)
}

/// `a` as a merge of it with itself leaves it: interviews of one id united, conflicts settled.
fn normalise(mut a: Session) -> Session {
    let mut interviews = BTreeMap::new();
    for i in std::mem::take(&mut a.interviews) {
        unite(&mut interviews, None, i);
    }
    a.interviews = in_order(interviews);
    a
}

fn merge_owned(base: Option<&Session>, mut a: Session, b: &Session) -> Session {
    let b_newer = meta_order(&a, b) == Ordering::Less;
    let mut interviews = BTreeMap::new();
    for i in std::mem::take(&mut a.interviews).into_iter().chain(b.interviews.iter().cloned()) {
        unite(&mut interviews, base, i);
    }
    if a.engagement != b.engagement {
        a.engagement = Some(a.engagement_id().min(b.engagement_id()).to_string());
    }
    if b_newer {
        a.organisation.clone_from(&b.organisation);
        a.interviewer.clone_from(&b.interviewer);
        a.language.clone_from(&b.language);
    }
    if b.id < a.id {
        a.id.clone_from(&b.id);
    }
    a.created_at = a.created_at.min(b.created_at);
    a.updated_at = a.updated_at.max(b.updated_at);
    a.interviews = in_order(interviews);
    a
}

/// Adds interview `i` to those merged so far: merged with the one of its id, or alone (its
/// conflicts settled, as merging it with itself would).
fn unite(interviews: &mut BTreeMap<String, Interview>, base: Option<&Session>, mut i: Interview) {
    let merged = match interviews.remove(&i.id) {
        Some(m) => merge_interview(base.and_then(|s| s.interviews.iter().find(|x| x.id == i.id)), &m, &i),
        None => {
            i.conflicts = settle_conflicts(std::mem::take(&mut i.conflicts), &i.answers);
            i.claims = latest_of(i.claims.iter(), |c| (c.id.clone(), c.edited_at));
            i.checks = latest_of(i.checks.iter(), |c| (c.claim.clone(), c.at));
            i
        }
    };
    interviews.insert(merged.id.clone(), merged);
}

/// Interviews in the order they started (then by id), as every copy shows them.
fn in_order(interviews: BTreeMap<String, Interview>) -> Vec<Interview> {
    let mut out: Vec<Interview> = interviews.into_values().collect();
    out.sort_by(|x, y| x.started_at.cmp(&y.started_at).then_with(|| x.id.cmp(&y.id)));
    out
}

/// Which copy's metadata (organisation, interviewer, language) is the newer: the later
/// update, then the larger value, so the choice never depends on the order of the files.
fn meta_order(a: &Session, b: &Session) -> Ordering {
    let key = |s: &Session| (s.updated_at, s.organisation.clone(), s.interviewer.clone(), s.language.clone());
    key(a).cmp(&key(b))
}

/// Two copies of one interview merged answer by answer.
fn merge_interview(base: Option<&Interview>, a: &Interview, b: &Interview) -> Interview {
    // Who was interviewed and the slot: from the copy written last, then the larger values.
    let key = |i: &Interview| {
        let who = (i.function.clone(), i.interviewer.clone(), i.interviewee.clone(), i.role.clone());
        (i.updated_at, who, i.bank_version.clone(), i.budget_minutes)
    };
    let newer = if key(a) >= key(b) { a } else { b };
    let mut answers = BTreeMap::new();
    let mut conflicts: Vec<Conflict> = a.conflicts.iter().chain(&b.conflicts).cloned().collect();
    let questions: std::collections::BTreeSet<&String> = a.answers.keys().chain(b.answers.keys()).collect();
    for q in questions {
        let (x, y) = (a.answers.get(q), b.answers.get(q));
        let was = base.and_then(|i| i.answers.get(q));
        let candidates: Vec<&Answer> = match (x, y) {
            (Some(x), Some(y)) if base.is_some() && Some(x) == was => vec![y],
            (Some(x), Some(y)) if base.is_some() && Some(y) == was => vec![x],
            _ => x.into_iter().chain(y).collect(),
        };
        let Some(winner) = candidates.iter().copied().max_by(|p, q| answer_order(p, q)) else { continue };
        for loser in candidates.iter().filter(|c| **c != winner) {
            conflicts.push(Conflict {
                question: q.clone(),
                answer: (*loser).clone(),
                settled_at: None,
                settled_by: None,
            });
        }
        answers.insert(q.clone(), winner.clone());
    }
    Interview {
        id: a.id.clone(),
        function: newer.function.clone(),
        interviewer: newer.interviewer.clone(),
        interviewee: newer.interviewee.clone(),
        role: newer.role.clone(),
        bank_version: newer.bank_version.clone(),
        started_at: a.started_at.min(b.started_at),
        elapsed_seconds: a.elapsed_seconds.max(b.elapsed_seconds),
        budget_minutes: newer.budget_minutes,
        updated_at: a.updated_at.max(b.updated_at),
        conflicts: settle_conflicts(conflicts, &answers),
        answers,
        claims: latest_of(a.claims.iter().chain(&b.claims), |c| (c.id.clone(), c.edited_at)),
        checks: latest_of(a.checks.iter().chain(&b.checks), |c| (c.claim.clone(), c.at)),
    }
}

/// One of each key (a claim's id, a check's claim): the latest, then the larger content, so
/// every copy keeps the same; in key order.
fn latest_of<'a, T, K>(
    items: impl Iterator<Item = &'a T>,
    key: impl Fn(&T) -> (K, chrono::DateTime<chrono::Utc>),
) -> Vec<T>
where
    T: Clone + serde::Serialize + 'a,
    K: Ord,
{
    let mut kept: BTreeMap<K, &T> = BTreeMap::new();
    for item in items {
        let (k, at) = key(item);
        let later = |old: &&T| {
            let json = |x: &T| serde_json::to_string(x).unwrap_or_default();
            (at, json(item)) > (key(old).1, json(old))
        };
        if kept.get(&k).is_none_or(later) {
            kept.insert(k, item);
        }
    }
    kept.into_values().cloned().collect()
}

/// The later edit first; between edits of the same moment, the larger content, so every
/// laptop picks the same winner.
pub fn answer_order(a: &Answer, b: &Answer) -> Ordering {
    if a == b {
        return Ordering::Equal;
    }
    a.edited_at.cmp(&b.edited_at).then_with(|| {
        let json = |x: &Answer| serde_json::to_string(x).unwrap_or_default();
        json(a).cmp(&json(b))
    })
}

/// One conflict per question and interviewer: their latest value, settled if it has not been
/// edited since anyone chose between the values. The winner's own interviewer has none: their
/// older values are history, not a disagreement.
fn settle_conflicts(conflicts: Vec<Conflict>, answers: &BTreeMap<String, Answer>) -> Vec<Conflict> {
    let mut by_author: BTreeMap<(String, Option<String>), Conflict> = BTreeMap::new();
    for c in conflicts {
        let k = (c.question.clone(), c.answer.edited_by.clone());
        match by_author.remove(&k) {
            None => by_author.insert(k, c),
            Some(kept) => by_author.insert(k, join(kept, c)),
        };
    }
    by_author
        .into_iter()
        .filter(|((q, by), _)| answers.get(q).is_none_or(|w| &w.edited_by != by))
        .map(|(_, c)| c)
        .collect()
}

/// Two records of one interviewer's value on one question: the later value, the later choice.
fn join(a: Conflict, b: Conflict) -> Conflict {
    let answer = if answer_order(&a.answer, &b.answer) == Ordering::Less { b.answer.clone() } else { a.answer.clone() };
    let (settled_at, settled_by) = std::cmp::max((a.settled_at, a.settled_by), (b.settled_at, b.settled_by));
    Conflict { question: a.question, answer, settled_at, settled_by }
}
