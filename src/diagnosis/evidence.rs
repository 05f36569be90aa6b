//! One answer a reading rests on: who gave it, to what, what it says and how strong it reads.

use std::sync::Arc;

use serde::Serialize;

use super::Sources;
use crate::bank::{Bank, Kind, Question};
use crate::session::{Answer, AnswerState, Source};

/// How an answer (or a profile of answers) reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    Strong,
    Middling,
    Weak,
    /// Not answered, skipped or "don't know".
    Unknown,
}

/// At or above: strong (on 0..1).
pub const STRONG: f64 = 0.7;
/// At or below: weak.
pub const WEAK: f64 = 0.45;

impl Level {
    pub fn of(score: Option<f64>) -> Level {
        match score {
            None => Level::Unknown,
            Some(s) if s >= STRONG - 1e-9 => Level::Strong,
            Some(s) if s <= WEAK + 1e-9 => Level::Weak,
            Some(_) => Level::Middling,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Level::Strong => "strong",
            Level::Middling => "middling",
            Level::Weak => "weak",
            Level::Unknown => "unknown",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    pub function: String,
    /// The interview, as labelled everywhere ("Engineering #1 — Ravi, Head of Platform"),
    /// shared by every answer it gave.
    pub who: Arc<str>,
    pub question_id: String,
    /// The question as asked, shared by every interview's answer to it.
    pub question: Arc<str>,
    /// What the question asked about, in a client's words (see [`crate::bank::Catalog::about`]).
    #[serde(skip)]
    pub about: Arc<str>,
    /// The answer as given, or why there is none.
    pub answer: String,
    /// Where the figure came from, when recorded.
    pub source: Option<Source>,
    /// Whether the bank asks where this figure came from.
    pub asks_source: bool,
    /// 0..1, strong high, when the answer can be read.
    pub score: Option<f64>,
    pub level: Level,
}

impl Evidence {
    /// Interview `index`'s answer to `question` of `bank`, read as `score` (0..1, strong high).
    /// A text answer is its notes, in the interviewee's words; a text or a list, answered, is
    /// neither strong nor weak.
    pub fn of(sources: &Sources, index: usize, bank: &Bank, question: &Question, score: Option<f64>) -> Evidence {
        let answer = sources.session.interviews[index].answer(&question.id);
        Evidence::named(bank, question, answer, score, (sources.label(index), sources.asked(question)))
    }

    /// As [`Evidence::of`], with the interview's `answer` looked up and the question as asked
    /// worked out: a reading over every answer of a large session does each once.
    pub fn named(
        bank: &Bank,
        question: &Question,
        answer: Option<&Answer>,
        score: Option<f64>,
        (who, asked): (Arc<str>, super::sources::Asked),
    ) -> Evidence {
        let text = match answer.map(|a| a.state).unwrap_or_default() {
            AnswerState::Answered => answer.and_then(|a| a.value_text(question)).unwrap_or_else(|| "answered".into()),
            AnswerState::Skipped => "skipped".into(),
            AnswerState::DontKnow => "don't know".into(),
            AnswerState::NotAsked => "not asked".into(),
        };
        let answered = answer.filter(|a| a.state == AnswerState::Answered);
        let score = score.filter(|_| answered.is_some());
        let words = matches!(question.kind, Kind::Text | Kind::Multi);
        let text = match answered {
            Some(a) if question.kind == Kind::Text => a.notes.split_whitespace().collect::<Vec<_>>().join(" "),
            _ => text,
        };
        let level = if words && answered.is_some() { Level::Middling } else { Level::of(score) };
        Evidence {
            function: bank.function.clone(),
            who,
            question_id: question.id.clone(),
            question: asked.text,
            about: asked.about,
            answer: text,
            source: answer.and_then(|a| a.source),
            asks_source: question.source,
            score,
            level,
        }
    }
}

/// The mean of the known scores among `evidence`.
pub fn mean(evidence: &[Evidence]) -> Option<f64> {
    let known: Vec<f64> = evidence.iter().filter_map(|e| e.score).collect();
    (!known.is_empty()).then(|| known.iter().sum::<f64>() / known.len() as f64)
}

/// Every interview of `id`'s bank: its answer to `id` as evidence, an answered one read by
/// `score` (0..1, strong high); nothing for a question the banks do not have.
pub fn answers_to(sources: &Sources, id: &str, score: impl Fn(&Question, &Answer) -> Option<f64>) -> Vec<Evidence> {
    let Some((bank, q)) = sources.catalog.question(id) else { return Vec::new() };
    let asked = sources.asked(q);
    sources
        .labelled(bank)
        .map(|(index, who)| {
            let answer = sources.session.interviews[index].answer(id);
            let answered = answer.filter(|a| a.state == AnswerState::Answered);
            Evidence::named(bank, q, answer, answered.and_then(|a| score(q, a)), (who, asked.clone()))
        })
        .collect()
}

/// What each receiving function (or only `receiver`) says reached it on the topics `topics`
/// accepts, one answer per cell of the session's divergence `matrix`, read as received (0..1).
pub fn received_on(sources: &Sources, topics: impl Fn(&str) -> bool, receiver: Option<&str>) -> Vec<Evidence> {
    let (matrix, catalog) = (&sources.matrix, sources.catalog);
    let mut out = Vec::new();
    for t in matrix.topics.iter().filter(|t| topics(&t.topic)) {
        for c in t.cells.iter().filter(|c| receiver.is_none_or(|r| r == c.received.function)) {
            let name = catalog.bank(&c.received.function).map_or(c.received.function.clone(), |b| b.title.clone());
            out.push(Evidence {
                function: c.received.function.clone(),
                who: Arc::from(name.as_str()),
                question_id: t.topic.clone(),
                question: Arc::from(t.title.as_str()),
                about: Arc::from(t.title.as_str()),
                // Whose account it is, `who` says.
                answer: c
                    .received
                    .score
                    .map_or_else(|| c.received.label(), |s| format!("received {} of 4", crate::divergence::points(s))),
                source: None,
                asks_source: false,
                score: c.received.score,
                level: Level::of(c.received.score),
            });
        }
    }
    out
}
