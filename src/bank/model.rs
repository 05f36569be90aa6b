//! The question bank as the rest of the program sees it, after validation.

use serde::{Deserialize, Serialize};

/// The five labels of a scale question when the bank gives none.
pub const DEFAULT_SCALE_LABELS: [&str; 5] = ["Not at all", "Barely", "Partly", "Mostly", "Fully"];

/// The highest point of a scale and the highest choice score.
pub const SCALE_MAX: f64 = 4.0;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Topic {
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dimension: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    pub id: String,
    pub title: String,
    /// The pillar its questions bear on: Operations when the bank does not say.
    #[serde(default = "operations")]
    pub pillar: super::Pillar,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dimension: Option<String>,
}

fn operations() -> super::Pillar {
    super::Pillar::Operations
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Scale,
    Choice,
    Multi,
    Number,
    Text,
}

impl Kind {
    pub const ALL: [(&'static str, Kind); 5] = [
        ("scale", Kind::Scale),
        ("choice", Kind::Choice),
        ("multi", Kind::Multi),
        ("number", Kind::Number),
        ("text", Kind::Text),
    ];

    pub fn parse(name: &str) -> Option<Kind> {
        Self::ALL.iter().find(|(n, _)| *n == name).map(|(_, k)| *k)
    }

    pub fn name(self) -> &'static str {
        Self::ALL.iter().find(|(_, k)| *k == self).map_or("?", |(n, _)| n)
    }
}

/// How a question relates to its topic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stance {
    /// The communicating side's account of what was sent.
    Communicated,
    /// Another function's account of what arrived.
    Received,
    /// Stands alone.
    Practice,
    /// A state of affairs both sides can observe (the customer docs were complete): not a
    /// communication, so the sides are read as agreeing or not, never as an over-statement.
    Shared,
}

impl Stance {
    pub fn parse(name: &str) -> Option<Stance> {
        match name {
            "communicated" => Some(Stance::Communicated),
            "received" => Some(Stance::Received),
            "practice" => Some(Stance::Practice),
            "shared" => Some(Stance::Shared),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Stance::Communicated => "communicated",
            Stance::Received => "received",
            Stance::Practice => "practice",
            Stance::Shared => "shared",
        }
    }

    /// Read side against side: a communicated, received or shared question.
    pub fn is_compared(self) -> bool {
        matches!(self, Stance::Communicated | Stance::Received | Stance::Shared)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChoiceOption {
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Priority {
    Must,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Question {
    pub id: String,
    pub section: String,
    pub text: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub probes: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<String>,
    pub kind: Kind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub labels: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<ChoiceOption>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stance: Option<Stance>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<Priority>,
    /// A `communicated` question addressed to some receiving functions only (their function
    /// ids): their accounts are compared with it. Empty: addressed to every receiver without a
    /// communicated question of its own.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub to: Vec<String>,
    /// On a claim asked of several receivers at once (the bank's `each`): the id of the bank
    /// entry it comes from. Its rows (one question per receiver, each with its own `to`) are
    /// answered in one widget and stored and compared one by one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// A practice question where a low score or number is the good one (how often Sales is
    /// caught out): so it is never read the wrong way round.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub lower_is_better: bool,
    /// The bank's anchor: the text question that names the case the interview answers for
    /// ("which launch", "which release"), shown beside every comparison.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub anchor: bool,
    /// The interviewer records where the figure came from (measured, estimated, guessed).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub source: bool,
    /// Answered by the interviewer from what they saw, not read aloud.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub observation: bool,
    /// The profile (a set of practices read together by the diagnosis) it counts towards.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<ProfileMember>,
}

/// A question's place in a profile, and for a number, where strong and weak begin.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProfileMember {
    pub id: String,
    /// A number at or beyond this is strong (below it when lower is better).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strong: Option<f64>,
    /// A number at or beyond this the other way is weak.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weak: Option<f64>,
}

impl Question {
    /// The labels of the five scale points, the bank's own or the defaults.
    pub fn scale_labels(&self) -> Vec<&str> {
        match &self.labels {
            Some(labels) => labels.iter().map(String::as_str).collect(),
            None => DEFAULT_SCALE_LABELS.to_vec(),
        }
    }

    /// A multi question's items: its options but those scored 0 ("none of these").
    pub fn items(&self) -> impl Iterator<Item = &ChoiceOption> {
        self.options.iter().filter(|o| o.score != Some(0.0))
    }

    pub fn is_must(&self) -> bool {
        self.priority == Some(Priority::Must)
    }

    /// Position of an option by label.
    pub fn option_index(&self, label: &str) -> Option<usize> {
        self.options.iter().position(|o| o.label == label)
    }
}

/// A question a bank asked once and asks no more.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Retired {
    pub id: String,
    /// As it was asked (placeholders filled in like a live question's).
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bank {
    pub function: String,
    pub title: String,
    /// The function's name where room is short (see [`Bank::short_name`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short: Option<String>,
    pub version: String,
    pub sections: Vec<Section>,
    pub questions: Vec<Question>,
    /// Questions this bank no longer asks, with the words they were asked in: answers to them
    /// in older sessions are shown as retired, under their own text, never under a new meaning.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub retired: Vec<Retired>,
    /// Index of the first question of each section, in interview order (set by the loader),
    /// so lists can find a row without walking the whole bank.
    #[serde(skip)]
    pub section_starts: Vec<usize>,
    /// Each question's index by id (set by the loader), so a lookup does not walk the bank.
    #[serde(skip)]
    pub by_id: std::collections::HashMap<String, usize>,
}

impl Bank {
    /// The question naming the case its interviews answer for, if the bank has one.
    pub fn anchor(&self) -> Option<&Question> {
        self.questions.iter().find(|q| q.anchor)
    }

    /// The function's name where room is short: the bank's `short`, else the part of its title
    /// in brackets ("PM" for "Product (PM)"), else its title.
    pub fn short_name(&self) -> &str {
        if let Some(short) = &self.short {
            return short;
        }
        let bracketed = self.title.split_once('(').and_then(|(_, rest)| rest.split_once(')')).map(|(inner, _)| inner);
        bracketed.filter(|b| !b.trim().is_empty()).unwrap_or(&self.title)
    }

    /// Records where each section starts; the questions must already be in section order.
    pub fn index_sections(&mut self) {
        self.section_starts = (0..self.questions.len())
            .filter(|&i| i == 0 || self.questions[i - 1].section != self.questions[i].section)
            .collect();
        self.by_id = self.questions.iter().enumerate().map(|(i, q)| (q.id.clone(), i)).collect();
    }

    /// How many of its questions an engagement of `scope` asks: counted by section, so a list
    /// of sessions does not walk every bank.
    pub fn questions_in(&self, scope: &super::Scope) -> usize {
        let ends = self.section_starts.iter().skip(1).copied().chain([self.questions.len()]);
        let in_scope: usize = self
            .section_starts
            .iter()
            .zip(ends)
            .filter(|(start, _)| {
                let section = self.section(&self.questions[**start].section);
                section.is_none_or(|s| scope.contains(s.pillar))
            })
            .map(|(start, end)| end - start)
            .sum();
        // The anchor is asked in any scope that asks the bank anything (see `Catalog::in_scope`).
        let anchor_out =
            self.anchor().and_then(|q| self.section(&q.section)).is_some_and(|s| !scope.contains(s.pillar));
        in_scope + usize::from(in_scope > 0 && anchor_out)
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.question_index(id).map(|i| &self.questions[i])
    }

    /// A question this bank retired, by id.
    pub fn retired(&self, id: &str) -> Option<&Retired> {
        self.retired.iter().find(|r| r.id == id)
    }

    pub fn section(&self, id: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.id == id)
    }

    /// Where a question stands in interview order (the loader sorts questions by section).
    pub fn question_index(&self, id: &str) -> Option<usize> {
        match self.by_id.get(id) {
            Some(&i) => Some(i),
            // A bank not indexed by the loader.
            None if self.by_id.is_empty() => self.questions.iter().position(|q| q.id == id),
            None => None,
        }
    }
}
