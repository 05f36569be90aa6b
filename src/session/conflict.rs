//! What a merge keeps when one answer was edited on two laptops: the other values, to review,
//! and the choice between them once made.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Answer, Interview};

/// A value of an answer that another interviewer's later edit replaced in a merge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    pub question: String,
    /// The losing answer, whole; who gave it is its `edited_by`.
    pub answer: Answer,
    /// When someone chose between the values: the conflict is settled unless this value was
    /// edited again afterwards.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settled_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settled_by: Option<String>,
}

impl Conflict {
    /// Still to review: not settled since the value was last edited.
    pub fn open(&self) -> bool {
        match (self.settled_at, self.answer.edited_at) {
            (None, _) => true,
            (Some(settled), Some(edited)) => edited > settled,
            (Some(_), None) => false,
        }
    }
}

impl Interview {
    /// The open conflicts on one question.
    pub fn conflicts_on<'a>(&'a self, question: &'a str) -> impl Iterator<Item = &'a Conflict> + 'a {
        self.open_conflicts().filter(move |c| c.question == question)
    }

    /// Settles the conflicts on `question` by keeping `chosen` (the answer kept or one of the
    /// conflicts' values): it becomes the answer, edited now by `by`, and every value on the
    /// question is marked settled — kept, so the choice and what it was made between remain.
    pub fn resolve(&mut self, question: &str, chosen: &Answer, by: Option<&str>, now: DateTime<Utc>) {
        let answer = self.answer_mut(question);
        let marks = answer.notes_marks.clone();
        *answer = Answer {
            edited_at: Some(now),
            edited_by: by.map(str::to_string),
            answered_at: chosen.answered_at.or(answer.answered_at),
            notes_marks: if chosen.notes_marks.is_empty() { marks } else { chosen.notes_marks.clone() },
            ..chosen.clone()
        };
        for c in self.conflicts.iter_mut().filter(|c| c.question == question) {
            c.settled_at = Some(now);
            c.settled_by = by.map(str::to_string);
        }
        self.updated_at = Some(now);
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
        // Edited again after the choice: open again.
        i.conflicts[0].answer.edited_at = Some(t(6));
        assert!(i.conflicts[0].open());
    }
}
