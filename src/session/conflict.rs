//! What a merge keeps when one answer (claim, check) was edited on two laptops: the other
//! values, to review, and the choice between them once made, with every value it was made
//! between.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Answer, Check, Claim, Interview, Revision, Versioned};

/// A value of an answer edited beside the one kept: a merge keeps it, to review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    pub question: String,
    /// The losing answer, whole; who gave it is its `edited_by`.
    pub answer: Answer,
    /// When someone chose between the values: settled. An edit of this value made afterwards
    /// comes in as a value of its own, open again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settled_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settled_by: Option<String>,
}

impl Conflict {
    /// Still to review: no one has chosen between it and the answer. (A value from before
    /// revisions that was edited after the choice is open again, as it always was.)
    pub fn open(&self) -> bool {
        match (self.settled_at, self.answer.edited_at) {
            (None, _) => true,
            (Some(settled), Some(edited)) => self.answer.revision.is_empty() && edited > settled,
            (Some(_), None) => false,
        }
    }
}

/// Another version of a claim or check, edited beside the one kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Disputed<T> {
    pub version: T,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settled_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settled_by: Option<String>,
}

impl<T> Disputed<T> {
    pub fn open(&self) -> bool {
        self.settled_at.is_none()
    }
}

impl Interview {
    /// The open conflicts on one question.
    pub fn conflicts_on<'a>(&'a self, question: &'a str) -> impl Iterator<Item = &'a Conflict> + 'a {
        self.open_conflicts().filter(move |c| c.question == question)
    }

    /// Settles the conflicts on `question` by keeping `chosen` (the answer kept or one of the
    /// conflicts' values): it becomes the answer, edited now by `by`, after every value it was
    /// chosen among (so merging any of them in again reopens nothing). Every value is kept: the
    /// answer it replaces and the conflicts' values stay as settled conflicts.
    pub fn resolve(&mut self, question: &str, chosen: &Answer, by: Option<&str>, now: DateTime<Utc>) {
        let current = self.answers.get(question).cloned().unwrap_or_default();
        let others = self.conflicts.iter().filter(|c| c.question == question).map(|c| &c.answer);
        let revision = after_all(&current, others);
        let settled = Some(now);
        let settled_by = by.map(str::to_string);
        if !current.same_content(chosen) && !current.is_blank() {
            let replaced = Conflict {
                question: question.to_string(),
                answer: current.clone(),
                settled_at: None,
                settled_by: None,
            };
            self.conflicts.push(replaced);
        }
        self.answers.insert(
            question.to_string(),
            Answer {
                edited_at: Some(now),
                edited_by: settled_by.clone(),
                answered_at: chosen.answered_at.or(current.answered_at),
                notes_marks: if chosen.notes_marks.is_empty() {
                    current.notes_marks
                } else {
                    chosen.notes_marks.clone()
                },
                revision,
                ..chosen.clone()
            },
        );
        for c in self.conflicts.iter_mut().filter(|c| c.question == question) {
            c.settled_at = settled;
            c.settled_by.clone_from(&settled_by);
        }
        self.updated_at = Some(now);
    }
}

impl Interview {
    /// Settles the other versions of claim `id` by keeping `chosen` (the claim or one of
    /// them), as [`Interview::resolve`] does for answers.
    pub fn resolve_claim(&mut self, id: &str, chosen: &Claim, now: DateTime<Utc>, by: Option<&str>) {
        let Some(n) = self.claims.iter().position(|c| c.id == id) else { return };
        let mut claim = Claim { edited_at: now, ..chosen.clone() };
        settle(&mut self.claims[n], &mut self.claim_conflicts, |c| c.id == id, &mut claim, now, by);
        self.updated_at = Some(now);
    }

    /// Settles the other versions of this interview's check of claim `claim`.
    pub fn resolve_check(&mut self, claim: &str, chosen: &Check, now: DateTime<Utc>, by: Option<&str>) {
        let Some(n) = self.checks.iter().position(|c| c.claim == claim) else { return };
        let mut check = Check { at: now, by: by.map(str::to_string), ..chosen.clone() };
        settle(&mut self.checks[n], &mut self.check_conflicts, |c| c.claim == claim, &mut check, now, by);
        self.updated_at = Some(now);
    }
}

impl super::Session {
    /// Settles the other versions of recommendation `id` by keeping `chosen` (it or one of
    /// them), as [`Interview::resolve_claim`] does for claims.
    pub fn resolve_recommendation(
        &mut self,
        id: &str,
        chosen: &super::Recommendation,
        now: DateTime<Utc>,
        by: Option<&str>,
    ) {
        let Some(n) = self.recommendations.iter().position(|r| r.id == id) else { return };
        let mut recommendation = super::Recommendation { edited_at: now, ..chosen.clone() };
        let others = &mut self.recommendation_conflicts;
        settle(&mut self.recommendations[n], others, |r| r.id == id, &mut recommendation, now, by);
        self.updated_at = now;
    }
}

/// The revision of a value chosen among `current` and `others`: after every one of them.
fn after_all<'a, V: Versioned + 'a>(current: &'a V, others: impl Iterator<Item = &'a V>) -> Revision {
    let mut revision = current.revision().clone();
    for value in std::iter::once(current).chain(others) {
        revision.join(value.revision());
        if let Some(hash) = value.legacy_hash() {
            revision.replaced(hash);
        }
    }
    revision.advance(None);
    revision
}

/// `chosen` replaces `current`, after every version in `others` that `mine` picks; the value it
/// replaces joins them, and all are marked settled.
fn settle<V: Versioned>(
    current: &mut V,
    others: &mut Vec<Disputed<V>>,
    mine: impl Fn(&V) -> bool,
    chosen: &mut V,
    now: DateTime<Utc>,
    by: Option<&str>,
) {
    *chosen.revision_mut() = after_all(current, others.iter().filter(|d| mine(&d.version)).map(|d| &d.version));
    let replaced = std::mem::replace(current, chosen.clone());
    if !replaced.same_content(chosen) {
        others.push(Disputed { version: replaced, settled_at: None, settled_by: None });
    }
    for d in others.iter_mut().filter(|d| mine(&d.version)) {
        d.settled_at = Some(now);
        d.settled_by = by.map(str::to_string);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::AnswerValue;
    use chrono::TimeZone;

    #[test]
    fn choosing_a_value_settles_the_conflict_and_keeps_what_it_was_between() {
        let t = |m: i64| Utc.timestamp_opt(1_700_000_000 + m * 60, 0).unwrap();
        let mut i = Interview::new("x".into(), "sales".into(), "1".into(), t(0));
        i.answer_mut("q").set_value(AnswerValue::Scale { value: 3 }, t(2));
        let mut theirs = Answer::default();
        theirs.set_value(AnswerValue::Scale { value: 1 }, t(1));
        theirs.notes = "Heard it at the kick-off".into();
        theirs.edited_by = Some("Ana".into());
        i.conflicts.push(Conflict { question: "q".into(), answer: theirs.clone(), settled_at: None, settled_by: None });
        assert_eq!(i.conflicts_on("q").count(), 1);
        i.resolve("q", &theirs, Some("Ben"), t(5));
        let kept = i.answer("q").unwrap();
        assert!(kept.same_content(&theirs) && kept.edited_by.as_deref() == Some("Ben") && kept.edited_at == Some(t(5)));
        assert_eq!(i.conflicts_on("q").count(), 0, "settled");
        assert_eq!(i.conflicts[0].settled_by.as_deref(), Some("Ben"), "the choice is kept");
        // The value it replaced is kept too, settled.
        let replaced = i.conflicts.iter().find(|c| c.answer.value == Some(AnswerValue::Scale { value: 3 }));
        assert!(replaced.is_some_and(|c| c.settled_by.as_deref() == Some("Ben")), "{:?}", i.conflicts);
        // The chosen answer comes after every value it was chosen among.
        assert!(i.conflicts.iter().all(|c| c.answer.superseded_by(i.answer("q").unwrap())));
        // A value from before revisions, edited again after the choice: open again.
        i.conflicts[0].answer.edited_at = Some(t(6));
        assert!(i.conflicts[0].open());
    }
}
