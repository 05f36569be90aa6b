//! Validation of bank files: every problem is collected, each with its file, line and column.
//! [`FileCheck`] reads one file's fields leniently and reports each problem where it is;
//! [`check_across`] checks what needs every bank at once.

use std::collections::HashMap;
use std::fmt;

use serde_json::{Map, Value};

use super::model::{Bank, Stance};
use super::plan::{QuestionAt, on_topic};
use crate::problem::{Position, Problem, Step, locate};

/// Every problem found while loading a set of banks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct BankErrors(pub Vec<Problem>);

impl fmt::Display for BankErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        writeln!(f, "{n} problem{} in the question banks:", if n == 1 { "" } else { "s" })?;
        for p in &self.0 {
            writeln!(f, "  {p}")?;
        }
        write!(f, "Fix the files above (format: question-banks/FORMAT.md) and run again.")
    }
}

pub(super) fn parse_json(name: &str, text: &str, problems: &mut Vec<Problem>) -> Option<Value> {
    match serde_json::from_str::<Value>(text) {
        Ok(v) => Some(v),
        Err(e) => {
            let message = e.to_string();
            // serde_json appends " at line L column C"; we report those as the position.
            let message = message.split(" at line ").next().unwrap_or(&message).to_string();
            let at = Position { line: e.line(), column: e.column() };
            problems.push(Problem::at(name, at, format!("malformed JSON: {message}")));
            None
        }
    }
}

/// `path` with one key more.
pub(super) fn at(path: &[Step], key: &str) -> Vec<Step> {
    let mut p = path.to_vec();
    p.push(Step::Key(key.into()));
    p
}

/// Validation of one file: reads fields leniently and reports each problem where it is.
pub(super) struct FileCheck<'a> {
    pub(super) name: &'a str,
    pub(super) text: &'a str,
    pub(super) problems: &'a mut Vec<Problem>,
}

impl<'a> FileCheck<'a> {
    pub(super) fn new(name: &'a str, text: &'a str, problems: &'a mut Vec<Problem>) -> Self {
        FileCheck { name, text, problems }
    }

    pub(super) fn report(&mut self, path: &[Step], message: String) {
        self.report_at(path, false, message);
    }

    pub(super) fn report_at(&mut self, path: &[Step], key: bool, message: String) {
        let pos = locate(self.text, path, key);
        self.problems.push(Problem::at(self.name, pos, message));
    }

    pub(super) fn object<'v>(&mut self, value: &'v Value, path: &[Step]) -> Option<&'v Map<String, Value>> {
        let obj = value.as_object();
        if obj.is_none() {
            self.report(path, "expected an object { … }".into());
        }
        obj
    }

    pub(super) fn known_keys(&mut self, obj: &Map<String, Value>, path: &[Step], allowed: &[&str]) {
        for key in obj.keys() {
            if !allowed.contains(&key.as_str()) {
                self.report_at(
                    &at(path, key),
                    true,
                    format!("unknown field \"{key}\" (allowed: {})", allowed.join(", ")),
                );
            }
        }
    }

    pub(super) fn string(
        &mut self,
        obj: &Map<String, Value>,
        path: &[Step],
        key: &str,
        required: bool,
    ) -> Option<String> {
        match obj.get(key) {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
            Some(Value::String(_)) => {
                self.report(&at(path, key), format!("\"{key}\" is empty"));
                None
            }
            Some(_) => {
                self.report(&at(path, key), format!("\"{key}\" must be a string"));
                None
            }
            None if required => {
                self.report(path, format!("missing \"{key}\""));
                None
            }
            None => None,
        }
    }

    pub(super) fn number(&mut self, obj: &Map<String, Value>, path: &[Step], key: &str) -> Option<f64> {
        match obj.get(key) {
            None => None,
            Some(v) => {
                let n = v.as_f64();
                if n.is_none() {
                    self.report(&at(path, key), format!("\"{key}\" must be a number"));
                }
                n
            }
        }
    }

    pub(super) fn array<'v>(&mut self, obj: &'v Map<String, Value>, path: &[Step], key: &str) -> &'v [Value] {
        match obj.get(key) {
            Some(Value::Array(items)) => items,
            Some(_) => {
                self.report(&at(path, key), format!("\"{key}\" must be a list [ … ]"));
                &[]
            }
            None => {
                self.report(path, format!("missing \"{key}\""));
                &[]
            }
        }
    }

    pub(super) fn strings(&mut self, obj: &Map<String, Value>, path: &[Step], key: &str) -> Vec<String> {
        if !obj.contains_key(key) {
            return Vec::new();
        }
        let items = self.array(obj, path, key);
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            match item.as_str() {
                Some(s) if !s.trim().is_empty() => out.push(s.to_string()),
                _ => self.report(
                    &[at(path, key), vec![Step::Index(i)]].concat(),
                    format!("each of \"{key}\" must be a non-empty string"),
                ),
            }
        }
        out
    }
}

/// Checks that need every bank: unique functions and question ids, and topic stances that pair
/// up. `origins` are the banks' file names and texts, by bank.
pub(super) fn check_across(banks: &[Bank], origins: &[(&str, &str)], problems: &mut Vec<Problem>) {
    let mut across = Across { banks, origins, problems };
    across.unique();
    across.retired_not_asked();
    across.stances();
    across.shared();
    across.same_answers();
}

/// The banks of a catalog being checked, with the files they came from.
struct Across<'a, 'p> {
    banks: &'a [Bank],
    origins: &'a [(&'a str, &'a str)],
    problems: &'p mut Vec<Problem>,
}

impl Across<'_, '_> {
    fn report(&mut self, b: usize, path: &[Step], message: String) {
        let (file, text) = self.origins[b];
        let pos = locate(text, path, false);
        self.problems.push(Problem::at(file, pos, message));
    }

    /// Reports at a question's id, found in its file's own order (the bank is in section order).
    fn report_question(&mut self, at: QuestionAt, message: impl FnOnce(&str) -> String) {
        let q = &self.banks[at.bank].questions[at.question];
        let (id, entry) = (&q.id, q.group.as_ref().unwrap_or(&q.id));
        let i = question_file_index(self.origins[at.bank].1, entry).unwrap_or(0);
        let message = message(id);
        self.report(at.bank, &[Step::Key("questions".into()), Step::Index(i), Step::Key("id".into())], message);
    }

    /// A retired id is asked by no bank: answers to it were given under its old meaning.
    fn retired_not_asked(&mut self) {
        let banks = self.banks;
        for (b, bank) in banks.iter().enumerate() {
            for (i, r) in bank.retired.iter().enumerate() {
                if let Some(asker) = banks.iter().find(|other| other.question(&r.id).is_some()) {
                    let message = format!(
                        "\"{}\" is retired here but asked by the {} bank: a question with a new meaning needs a new id",
                        r.id, asker.function
                    );
                    self.report(b, &[Step::Key("retired".into()), Step::Index(i), Step::Key("id".into())], message);
                }
            }
        }
    }

    /// One bank per function, and each question id in one bank only.
    fn unique(&mut self) {
        let (banks, origins) = (self.banks, self.origins);
        let mut functions: HashMap<&str, usize> = HashMap::new();
        let mut ids: HashMap<&str, usize> = HashMap::new();
        for (b, bank) in banks.iter().enumerate() {
            if let Some(first) = functions.insert(&bank.function, b) {
                let message = format!("function \"{}\" is also defined in {}", bank.function, origins[first].0);
                self.report(b, &[Step::Key("function".into())], message);
            }
            for (question, q) in bank.questions.iter().enumerate() {
                if let Some(first) = ids.insert(&q.id, b)
                    && first != b
                {
                    let also = origins[first].0;
                    self.report_question(QuestionAt { bank: b, question }, |id| {
                        format!("duplicate question id \"{id}\" (also in {also})")
                    });
                }
            }
        }
    }

    /// Each topic received has a communicated question for every receiver: one for all,
    /// or one per receiving function (named in its `to`), never two for the same receiver.
    fn stances(&mut self) {
        let banks = self.banks;
        let q = |at: &QuestionAt| &banks[at.bank].questions[at.question];
        for (topic, questions) in on_topic(banks) {
            let communicated: Vec<QuestionAt> =
                questions.iter().filter(|at| q(at).stance == Some(Stance::Communicated)).copied().collect();
            let general: Vec<QuestionAt> = communicated.iter().filter(|at| q(at).to.is_empty()).copied().collect();
            if let Some(first) = general.first() {
                let first = &q(first).id;
                for at in general.iter().skip(1) {
                    self.report_question(*at, |_| {
                        format!(
                            "topic \"{topic}\" already has a communicated question for every receiver ({first}): give this one a \"to\" naming the functions it is addressed to"
                        )
                    });
                }
            }
            let mut addressed: HashMap<&str, &str> = HashMap::new();
            for at in communicated.iter().filter(|at| !q(at).to.is_empty()) {
                for function in &q(at).to {
                    let receives = banks.iter().enumerate().any(|(b, bank)| {
                        &bank.function == function
                            && questions.iter().any(|r| r.bank == b && q(r).stance == Some(Stance::Received))
                    });
                    let message = if !banks.iter().any(|b| &b.function == function) {
                        Some(format!("\"to\" names \"{function}\", which no bank is"))
                    } else if !receives {
                        Some(format!(
                            "\"to\" names \"{function}\", which has no received question on topic \"{topic}\""
                        ))
                    } else {
                        addressed.insert(function, &q(at).id).map(|other| {
                            format!("\"{function}\" is already addressed on topic \"{topic}\" by {other}: a receiver has one claim")
                        })
                    };
                    if let Some(message) = message {
                        self.report_question(*at, |_| message);
                    }
                }
            }
            for at in questions.iter().filter(|at| q(at).stance == Some(Stance::Received)) {
                let function = banks[at.bank].function.as_str();
                if general.is_empty() && !addressed.contains_key(function) {
                    self.report_question(*at, |id| {
                        if communicated.is_empty() {
                            format!("\"{id}\" is received on topic \"{topic}\", but no bank has a communicated question for it")
                        } else {
                            format!(
                                "\"{id}\" is received on topic \"{topic}\", but no communicated question is addressed to \"{function}\" (name it in a \"to\", or add a claim without one)"
                            )
                        }
                    });
                }
            }
        }
    }
}

impl Across<'_, '_> {
    /// A shared fact is asked of two functions or more, and a topic is either shared or a
    /// communication, never both.
    fn shared(&mut self) {
        let banks = self.banks;
        let q = |at: &QuestionAt| &banks[at.bank].questions[at.question];
        for (topic, questions) in on_topic(banks) {
            let shared: Vec<QuestionAt> =
                questions.iter().filter(|at| q(at).stance == Some(Stance::Shared)).copied().collect();
            let Some(first) = shared.first() else { continue };
            if let Some(pair) =
                questions.iter().find(|at| matches!(q(at).stance, Some(Stance::Communicated | Stance::Received)))
            {
                let other = q(pair).id.clone();
                self.report_question(*first, |_| {
                    format!("topic \"{topic}\" is a shared fact here and a communication in {other}: give its questions one stance")
                });
            } else if shared.iter().all(|at| at.bank == first.bank) {
                self.report_question(*first, |_| {
                    format!("topic \"{topic}\" is a shared fact asked of one function only: ask it of the other side too, with the same labels")
                });
            }
        }
    }

    /// The two sides of a pair answer on the same scale: the same kind, and the same labels or
    /// options (with the same scores), so a gap can only come from what happened.
    fn same_answers(&mut self) {
        let banks = self.banks;
        let q = |at: &QuestionAt| &banks[at.bank].questions[at.question];
        for (topic, questions) in on_topic(banks) {
            let communicated: Vec<QuestionAt> =
                questions.iter().filter(|at| q(at).stance == Some(Stance::Communicated)).copied().collect();
            let shared: Vec<QuestionAt> =
                questions.iter().filter(|at| q(at).stance == Some(Stance::Shared)).copied().collect();
            for at in questions.iter().filter(|at| matches!(q(at).stance, Some(Stance::Received | Stance::Shared))) {
                let function = &banks[at.bank].function;
                let against = if q(at).stance == Some(Stance::Shared) {
                    shared.first().filter(|first| first.bank != at.bank)
                } else {
                    communicated
                        .iter()
                        .find(|c| q(c).to.contains(function))
                        .or_else(|| communicated.iter().find(|c| q(c).to.is_empty()))
                };
                let Some(against) = against else { continue };
                if let Some(difference) = answer_difference(q(against), q(at)) {
                    let other = q(against).id.clone();
                    self.report_question(*at, |id| {
                        format!("\"{id}\" and {other} are compared on topic \"{topic}\" but {difference}: give both sides the same")
                    });
                }
            }
        }
    }
}

/// How two compared questions differ in what can be answered, if they do.
fn answer_difference(a: &super::model::Question, b: &super::model::Question) -> Option<&'static str> {
    use super::model::Kind;
    let same_options = |x: &super::model::Question, y: &super::model::Question| x.options == y.options;
    if a.kind != b.kind {
        Some("their kinds differ")
    } else if a.kind == Kind::Scale && a.labels != b.labels {
        Some("their labels differ")
    } else if matches!(a.kind, Kind::Choice | Kind::Multi) && !same_options(a, b) {
        Some("their options differ (labels, order or scores)")
    } else {
        None
    }
}

/// Index in the file's own "questions" list (the loaded bank is re-ordered by section).
fn question_file_index(text: &str, id: &str) -> Option<usize> {
    let v: Value = serde_json::from_str(text).ok()?;
    v.get("questions")?.as_array()?.iter().position(|q| q.get("id").and_then(Value::as_str) == Some(id))
}
