//! Checks a loaded session's answers against the banks in force, so that no value a question
//! cannot take (scale 255, an option the question does not have, a number outside its range)
//! ever reaches divergence, a report or the screen.

use std::collections::HashMap;

use crate::bank::{Catalog, Kind, Question};
use crate::problem::Step;

use super::{AnswerValue, Session};

/// One value that does not fit its question: where it is in the session file, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueProblem {
    /// The path of the value inside the session file (from its root, the envelope included).
    pub path: Vec<Step>,
    pub message: String,
}

/// Every answer value that does not fit its question. Questions the banks no longer have, and
/// interviews of a function with no bank in force, are left as they are (they are shown and
/// exported as written, never compared).
pub fn value_problems(session: &Session, catalog: &Catalog) -> Vec<ValueProblem> {
    // Questions by id, built once per bank met: a large session would otherwise search its
    // bank once per answer.
    let mut by_id: HashMap<&str, HashMap<&str, &Question>> = HashMap::new();
    let mut problems = Vec::new();
    for (i, interview) in session.interviews.iter().enumerate() {
        let Some(bank) = catalog.bank(&interview.function) else { continue };
        let questions = by_id
            .entry(bank.function.as_str())
            .or_insert_with(|| bank.questions.iter().map(|q| (q.id.as_str(), q)).collect());
        for (question_id, answer) in &interview.answers {
            let (Some(question), Some(value)) = (questions.get(question_id.as_str()), answer.value.as_ref()) else {
                continue;
            };
            if let Some(message) = misfit(question, value) {
                let path = vec![
                    Step::Key("session".into()),
                    Step::Key("interviews".into()),
                    Step::Index(i),
                    Step::Key("answers".into()),
                    Step::Key(question_id.clone()),
                    Step::Key("value".into()),
                    Step::Key(inner_key(value).into()),
                ];
                problems.push(ValueProblem { path, message: format!("question \"{question_id}\": {message}") });
            }
        }
    }
    problems
}

/// The key of the value proper inside an answer's value object, to point at it.
fn inner_key(value: &AnswerValue) -> &'static str {
    match value {
        AnswerValue::Scale { .. } | AnswerValue::Number { .. } => "value",
        AnswerValue::Choice { .. } => "option",
        AnswerValue::Multi { .. } => "options",
    }
}

/// Why `value` cannot be an answer to `question`, if it cannot.
fn misfit(question: &Question, value: &AnswerValue) -> Option<String> {
    let wrong_kind =
        |given: &str| Some(format!("a {given} value, but the question is a {} question", question.kind.name()));
    match (question.kind, value) {
        (Kind::Scale, AnswerValue::Scale { value }) if f64::from(*value) > crate::bank::SCALE_MAX => {
            Some(format!("scale point {value} is outside the scale 0–{}", crate::bank::SCALE_MAX))
        }
        (Kind::Scale, AnswerValue::Scale { .. }) => None,
        (Kind::Choice, AnswerValue::Choice { option }) => unknown_option(question, option),
        (Kind::Multi, AnswerValue::Multi { options }) => options.iter().find_map(|o| unknown_option(question, o)),
        (Kind::Number, AnswerValue::Number { value }) => out_of_range(question, *value),
        (_, AnswerValue::Scale { .. }) => wrong_kind("scale"),
        (_, AnswerValue::Choice { .. }) => wrong_kind("choice"),
        (_, AnswerValue::Multi { .. }) => wrong_kind("multi"),
        (_, AnswerValue::Number { .. }) => wrong_kind("number"),
    }
}

fn unknown_option(question: &Question, option: &str) -> Option<String> {
    if question.option_index(option).is_some() {
        return None;
    }
    let labels: Vec<String> = question.options.iter().map(|o| format!("\"{}\"", o.label)).collect();
    Some(format!("option \"{option}\" is not one of the question's options ({})", labels.join(", ")))
}

/// Why a number typed for a number question cannot be its answer.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum NumberError {
    #[error("\"{0}\" is not a number.")]
    NotANumber(String),
    #[error("Give a finite number.")]
    NotFinite,
    #[error("{} is outside {}–{}.", super::format_number(*.value), bound(*.min), bound(*.max))]
    OutsideRange { value: f64, min: Option<f64>, max: Option<f64> },
}

/// A question's bound as the messages write it: "…" when it has none.
fn bound(b: Option<f64>) -> String {
    b.map_or("…".to_string(), super::format_number)
}

/// The number typed for `question` (its range checked), or why it cannot be its answer.
pub fn number_answer(question: &Question, text: &str) -> Result<f64, NumberError> {
    let text = text.trim();
    let value: f64 = text.parse().map_err(|_| NumberError::NotANumber(text.to_string()))?;
    if !value.is_finite() {
        return Err(NumberError::NotFinite);
    }
    if outside(question, value) {
        return Err(NumberError::OutsideRange { value, min: question.min, max: question.max });
    }
    Ok(value)
}

/// Whether `value` falls outside the question's range (an end without a bound is open).
fn outside(question: &Question, value: f64) -> bool {
    question.min.is_some_and(|min| value < min) || question.max.is_some_and(|max| value > max)
}

fn out_of_range(question: &Question, value: f64) -> Option<String> {
    if !value.is_finite() {
        return Some(format!("{value} is not a number"));
    }
    if !outside(question, value) {
        return None;
    }
    Some(format!(
        "{} is outside the question's range {}–{}",
        super::format_number(value),
        bound(question.min),
        bound(question.max)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::Session;

    fn session_with(function: &str, question: &str, value: AnswerValue) -> Session {
        let now = chrono::Utc::now();
        let mut s = Session::new("s".into(), "Org".into(), None, now);
        let i = s.add_interview(function, "1", now);
        s.interviews[i].answer_mut(question).set_value(value, now);
        s
    }

    fn first_of_kind(catalog: &Catalog, kind: Kind) -> (String, Question) {
        for bank in &catalog.banks {
            if let Some(q) = bank.questions.iter().find(|q| q.kind == kind) {
                return (bank.function.clone(), q.clone());
            }
        }
        panic!("no {kind:?} question in the embedded banks");
    }

    #[test]
    fn values_a_question_cannot_take_are_found_and_valid_ones_pass() {
        let catalog = Catalog::embedded().unwrap();
        let (f, scale) = first_of_kind(&catalog, Kind::Scale);
        let (g, choice) = first_of_kind(&catalog, Kind::Choice);
        let cases = [
            (f.as_str(), &scale, AnswerValue::Scale { value: 4 }, None),
            (f.as_str(), &scale, AnswerValue::Scale { value: 255 }, Some("outside the scale")),
            (f.as_str(), &scale, AnswerValue::Choice { option: "x".into() }, Some("a choice value")),
            (g.as_str(), &choice, AnswerValue::Choice { option: choice.options[0].label.clone() }, None),
            (g.as_str(), &choice, AnswerValue::Choice { option: "Invented".into() }, Some("is not one of")),
            (g.as_str(), &choice, AnswerValue::Number { value: 1.0 }, Some("a number value")),
        ];
        for (function, question, value, expected) in cases {
            let problems = value_problems(&session_with(function, &question.id, value.clone()), &catalog);
            match expected {
                None => assert!(problems.is_empty(), "{value:?}: {problems:?}"),
                Some(text) => {
                    assert_eq!(problems.len(), 1, "{value:?}");
                    assert!(problems[0].message.contains(text), "{}", problems[0].message);
                    assert!(problems[0].message.contains(&question.id));
                }
            }
        }
    }

    #[test]
    fn numbers_outside_their_range_and_answers_to_unknown_questions() {
        let catalog = Catalog::embedded().unwrap();
        let ranged = catalog
            .banks
            .iter()
            .find_map(|b| b.questions.iter().find(|q| q.kind == Kind::Number && q.max.is_some()).map(|q| (b, q)));
        if let Some((bank, q)) = ranged {
            let over = q.max.unwrap() + 1.0;
            let s = session_with(&bank.function, &q.id, AnswerValue::Number { value: over });
            assert_eq!(value_problems(&s, &catalog).len(), 1);
            let s = session_with(&bank.function, &q.id, AnswerValue::Number { value: f64::NAN });
            assert_eq!(value_problems(&s, &catalog).len(), 1);
        }
        // Not in the bank: kept as written (in_bank: false), never compared, so not refused.
        let s = session_with("sales", "sales.no-such-question", AnswerValue::Scale { value: 200 });
        assert!(value_problems(&s, &catalog).is_empty());
    }

    #[test]
    fn a_typed_number_is_read_and_its_range_checked() {
        let (_, mut q) = first_of_kind(&Catalog::embedded().unwrap(), Kind::Number);
        (q.min, q.max) = (Some(0.0), Some(100.0));
        assert_eq!(number_answer(&q, " 42.5 "), Ok(42.5));
        assert_eq!(number_answer(&q, "4 2"), Err(NumberError::NotANumber("4 2".into())));
        assert_eq!(number_answer(&q, "inf"), Err(NumberError::NotFinite));
        let outside = number_answer(&q, "120").unwrap_err();
        assert_eq!(outside.to_string(), "120 is outside 0–100.");
        q.min = None;
        assert_eq!(number_answer(&q, "-5"), Ok(-5.0), "no lower bound: any number below the upper");
        assert_eq!(number_answer(&q, "101").unwrap_err().to_string(), "101 is outside …–100.");
    }
}
