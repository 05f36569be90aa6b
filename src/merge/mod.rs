//! Several interviewers' copies of one engagement brought together, without losing a word.
//!
//! Interviews are united by id (two different conversations that share a legacy id, such as
//! `sales-1` from two laptops, are both kept, the later under a new id). The same interview
//! edited on two laptops merges answer by answer, claim by claim and check by check: a value
//! provably replaced by another (an ancestor of it, by the edits it descends from, or the same
//! content) is history; any two other values are a conflict, whoever wrote them and whatever
//! the clocks say. The later edit is shown as the answer and every other value is kept in the
//! interview's conflicts, to review (see [`versions`]). A choice between values comes after
//! all of them, so merging any of them in again reopens nothing.
//!
//! Merging is commutative, associative and idempotent — the result depends only on the set of
//! values merged, never on the order or grouping of the files — so a team can merge in any
//! order, as often as it likes, over any way of sharing files (`tests` checks the laws over
//! generated sessions). A three-way merge (git's merge driver) also knows the common ancestor:
//! a side that left a value as it was does not make a conflict of the other side's edit.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use crate::session::{Conflict, Disputed, Interview, Session, Versioned};

mod clock;
#[cfg(test)]
mod tests;
pub mod versions;

pub use clock::{FutureStamp, future_stamps};
use versions::Settled;

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
        a.launch.clone_from(&b.launch);
        a.follows.clone_from(&b.follows);
    }
    // A pillar either copy covers stays covered: narrowing would hide answers given in it.
    a.scope = a.scope.union(&b.scope);
    if b.id < a.id {
        a.id.clone_from(&b.id);
    }
    a.created_at = a.created_at.min(b.created_at);
    a.updated_at = a.updated_at.max(b.updated_at);
    a.interviews = in_order(interviews);
    let (recommendations, conflicts) = merge_recommendations(base, &a, b);
    (a.recommendations, a.recommendation_conflicts) = (recommendations, conflicts);
    a
}

/// Both copies' recommendations, one by id: a version edited beside the one kept is kept as
/// a conflict, as answers and claims are; in the order they were written.
fn merge_recommendations(
    base: Option<&Session>,
    a: &Session,
    b: &Session,
) -> (Vec<crate::session::Recommendation>, Vec<Disputed<crate::session::Recommendation>>) {
    let sides = [a, b];
    let (kept, conflicts) = merge_values(
        &sides.map(|s| s.recommendations.iter().map(|r| (&r.id, r)).collect()),
        &sides.map(|s| disputed(&s.recommendation_conflicts, |r| &r.id)),
        base.map(|s| s.recommendations.iter().map(|r| (&r.id, r)).collect()),
    );
    let mut kept: Vec<crate::session::Recommendation> = kept.into_values().collect();
    kept.sort_by(|x, y| (x.written_at, &x.id).cmp(&(y.written_at, &y.id)));
    (kept, to_disputed(conflicts))
}

/// Adds interview `i` to those merged so far: merged with the one of its id when it is the
/// same conversation, kept beside it under a new id when it is another one, or alone (its
/// values settled, as merging it with itself would).
fn unite(interviews: &mut BTreeMap<String, Interview>, base: Option<&Session>, i: Interview) {
    let merged = match interviews.remove(&i.id) {
        // The same copy again (most interviews, in most merges): nothing to merge.
        Some(m) if m == i => m,
        Some(m) if same_conversation(&m, &i) => {
            let was = base.and_then(|s| s.interviews.iter().find(|x| x.id == i.id && same_conversation(x, &i)));
            merge_interview(was, &m, &i)
        }
        Some(m) => {
            // Two conversations under one legacy id: the earlier keeps it, so every order of
            // merging gives the same ids.
            let (kept, mut moved) = if conversation(&m) <= conversation(&i) { (m, i) } else { (i, m) };
            interviews.insert(kept.id.clone(), kept);
            moved.id = distinct_id(&moved);
            return unite(interviews, base, moved);
        }
        // Without conflicts every key holds one value: as a merge with itself leaves it.
        None if i.conflicts.is_empty() && i.claim_conflicts.is_empty() && i.check_conflicts.is_empty() => i,
        None => combine(None, &i, &i, &i),
    };
    interviews.insert(merged.id.clone(), merged);
}

/// Two copies of one interview are one conversation: the same function, started at the same
/// moment (which no edit changes).
fn same_conversation(a: &Interview, b: &Interview) -> bool {
    conversation(a) == conversation(b)
}

fn conversation(i: &Interview) -> (chrono::DateTime<chrono::Utc>, &str) {
    (i.started_at, &i.function)
}

/// The id a second conversation under a taken id gets: the id, then a hash of the
/// conversation, so every laptop names it the same.
fn distinct_id(i: &Interview) -> String {
    let hash = crate::session::content_hash(&(i.started_at, &i.function));
    let mut id = i.id.clone();
    id.truncate(128 - 9);
    format!("{id}-{}", &hash[..8])
}

/// Interviews in the order they started (then by id), as every copy shows them.
fn in_order(interviews: BTreeMap<String, Interview>) -> Vec<Interview> {
    let mut out: Vec<Interview> = interviews.into_values().collect();
    out.sort_by(|x, y| x.started_at.cmp(&y.started_at).then_with(|| x.id.cmp(&y.id)));
    out
}

/// Which copy's metadata (organisation, interviewer, language, launch in view) is the newer:
/// the later update, then the larger value, so the choice never depends on the order of the
/// files.
fn meta_order(a: &Session, b: &Session) -> Ordering {
    let key = |s: &Session| {
        let meta = (s.organisation.clone(), s.interviewer.clone(), s.language.clone(), s.launch.clone());
        (s.updated_at, meta, s.follows.clone())
    };
    key(a).cmp(&key(b))
}

/// Two copies of one interview merged value by value.
fn merge_interview(base: Option<&Interview>, a: &Interview, b: &Interview) -> Interview {
    // Who was interviewed and the slot: from the copy written last, then the larger values.
    let key = |i: &Interview| {
        let who = (i.function.clone(), i.interviewer.clone(), i.interviewee.clone(), i.role.clone());
        let capture = i.second_capture_of.clone();
        (i.updated_at, who, i.bank_version.clone(), i.budget_minutes, i.involvement, i.product_in_room, capture)
    };
    let newer = if key(a) >= key(b) { a } else { b };
    combine(base, a, b, newer)
}

/// Copies `a` and `b` of one interview as one: its details from `newer`, every value merged.
fn combine(base: Option<&Interview>, a: &Interview, b: &Interview, newer: &Interview) -> Interview {
    let sides = [a, b];
    let (answers, conflicts) = merge_values(
        &sides.map(|i| i.answers.iter().collect()),
        &sides.map(|i| {
            i.conflicts.iter().map(|c| (&c.question, &c.answer, settled(c.settled_at, &c.settled_by))).collect()
        }),
        base.map(|i| i.answers.iter().collect()),
    );
    let (claims, claim_conflicts) = merge_values(
        &sides.map(|i| i.claims.iter().map(|c| (&c.id, c)).collect()),
        &sides.map(|i| disputed(&i.claim_conflicts, |c| &c.id)),
        base.map(|i| i.claims.iter().map(|c| (&c.id, c)).collect()),
    );
    let (checks, check_conflicts) = merge_values(
        &sides.map(|i| i.checks.iter().map(|c| (&c.claim, c)).collect()),
        &sides.map(|i| disputed(&i.check_conflicts, |c| &c.claim)),
        base.map(|i| i.checks.iter().map(|c| (&c.claim, c)).collect()),
    );
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
        involvement: newer.involvement,
        product_in_room: newer.product_in_room,
        quote_consent: crate::session::consent_merged(a.quote_consent, b.quote_consent),
        second_capture_of: newer.second_capture_of.clone(),
        updated_at: a.updated_at.max(b.updated_at),
        answers: answers.into_iter().map(|(q, a)| (q.clone(), a)).collect(),
        conflicts: conflicts
            .into_iter()
            .map(|(question, answer, (settled_at, settled_by))| Conflict {
                question: question.clone(),
                answer,
                settled_at,
                settled_by,
            })
            .collect(),
        claims: claims.into_values().collect(),
        checks: checks.into_values().collect(),
        claim_conflicts: to_disputed(claim_conflicts),
        check_conflicts: to_disputed(check_conflicts),
    }
}

fn settled(at: Option<chrono::DateTime<chrono::Utc>>, by: &Option<String>) -> Settled {
    (at, by.clone())
}

fn disputed<'a, V, K>(list: &'a [Disputed<V>], key: impl Fn(&'a V) -> K) -> Vec<(K, &'a V, Settled)> {
    list.iter().map(|d| (key(&d.version), &d.version, settled(d.settled_at, &d.settled_by))).collect()
}

fn to_disputed<K, V>(list: Vec<(K, V, Settled)>) -> Vec<Disputed<V>> {
    list.into_iter()
        .map(|(_, version, (settled_at, settled_by))| Disputed { version, settled_at, settled_by })
        .collect()
}

/// The values of both sides, key by key (a question, a claim's id): each side's current
/// values and its kept others, reduced to what the merge keeps (see [`versions::keep`]). A
/// side's value that the common ancestor `base` held unchanged is history when the other
/// side changed it.
#[allow(clippy::type_complexity)]
fn merge_values<K: Ord + Clone, V: Versioned>(
    current: &[BTreeMap<K, &V>; 2],
    others: &[Vec<(K, &V, Settled)>; 2],
    base: Option<BTreeMap<K, &V>>,
) -> (BTreeMap<K, V>, Vec<(K, V, Settled)>) {
    let mut values: BTreeMap<K, Vec<(&V, Settled)>> = BTreeMap::new();
    for (n, side) in current.iter().enumerate() {
        for (k, v) in side {
            let unchanged = || base.as_ref().and_then(|b| b.get(k)) == Some(v);
            let changed_beside = || current[1 - n].get(k).is_some_and(|w| w != v);
            if base.is_none() || !(unchanged() && changed_beside()) {
                values.entry(k.clone()).or_default().push((*v, (None, None)));
            }
        }
    }
    for (k, v, s) in others.iter().flatten() {
        values.entry(k.clone()).or_default().push((*v, s.clone()));
    }
    let mut kept = BTreeMap::new();
    let mut rest = Vec::new();
    for (k, vs) in values {
        let k_ = versions::keep(vs);
        rest.extend(k_.others.into_iter().map(|(v, s)| (k.clone(), v, s)));
        if let Some(v) = k_.current {
            kept.insert(k, v);
        }
    }
    (kept, rest)
}
