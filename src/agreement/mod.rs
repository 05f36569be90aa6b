//! How far two interviewers agree: an interview marked as a second capture of another (the same
//! conversation, captured by a second consultant, or a recording scored again) is compared with
//! it question by question. Agreement is Krippendorff's alpha, ordinal (see [`alpha`]), over the
//! questions both captures scored — per pair, per topic over every pair, and over everything —
//! with the questions they answered differently listed. Team-facing: the client's read-out only
//! says, by function, where agreement was low.

pub mod alpha;

use serde::Serialize;

use crate::bank::{Catalog, Question, SCALE_MAX};
use crate::session::{Answer, AnswerState, Interview, Session};

/// At or above this alpha, scores can be relied on (Krippendorff's own threshold).
pub const RELIABLE: f64 = 0.800;
/// At or above this, only tentative conclusions; below it, agreement is low.
pub const TENTATIVE: f64 = 0.667;
/// Fewer questions scored by both than this, and alpha says little: one question scored a point
/// apart reads 0. The figure is kept; its level is "too few".
pub const MIN_UNITS: usize = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    Reliable,
    Tentative,
    Low,
    /// Fewer than [`MIN_UNITS`] questions scored by both.
    TooFew,
    /// Every score the same value: nothing for chance to explain, alpha is undefined.
    NoVariation,
}

impl Level {
    /// The level of `alpha` over `units` questions scored by both.
    pub fn of(alpha: Option<f64>, units: usize) -> Level {
        match alpha {
            _ if units < MIN_UNITS => Level::TooFew,
            Some(a) if a >= RELIABLE => Level::Reliable,
            Some(a) if a >= TENTATIVE => Level::Tentative,
            Some(_) => Level::Low,
            None => Level::NoVariation,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Level::Reliable => "reliable",
            Level::Tentative => "tentative",
            Level::Low => "low",
            Level::TooFew => "too few questions to measure",
            Level::NoVariation => "every score the same value",
        }
    }
}

/// Every pair of captures in a session, and their agreement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Agreement {
    /// Over every pair's questions together.
    pub alpha: Option<f64>,
    pub level: Level,
    /// Questions scored by both captures, over every pair.
    pub units: usize,
    /// Of those, the ones both scored the same.
    pub same: usize,
    pub pairs: Vec<Pair>,
    /// By topic, over every pair, in the catalog's topic order; topics no pair scored are left out.
    pub topics: Vec<TopicAgreement>,
    /// Second-capture marks that pair with nothing, and why.
    pub unpaired: Vec<Unpaired>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Capture {
    pub interview: String,
    /// "Sales #2 — Dana (AE)": team-facing.
    pub label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interviewer: Option<String>,
}

/// One conversation captured twice.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pair {
    pub function: String,
    pub first: Capture,
    pub second: Capture,
    pub alpha: Option<f64>,
    pub level: Level,
    /// Questions both scored, and of those the ones scored the same.
    pub units: usize,
    pub same: usize,
    /// Questions both asked and answered differently, in the bank's order.
    pub differences: Vec<Difference>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Difference {
    pub question_id: String,
    pub question: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    /// What each capture recorded: a value, "don't know" or "skipped".
    pub first: String,
    pub second: String,
    /// The second's score minus the first's, in scale points, where both scored it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub points: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopicAgreement {
    pub topic: String,
    pub title: String,
    pub alpha: Option<f64>,
    pub level: Level,
    pub units: usize,
    pub same: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unpaired {
    pub interview: String,
    pub label: String,
    pub reason: String,
}

/// The session's captures paired and compared.
pub fn compute(session: &Session, catalog: &Catalog) -> Agreement {
    let labels = session.labels(|f| catalog.bank(f).map_or_else(|| f.to_string(), |b| b.title.clone()));
    let capture = |k: usize| Capture {
        interview: session.interviews[k].id.clone(),
        label: labels[k].clone(),
        interviewer: session.interviews[k].interviewer.clone(),
    };
    let (mut pairs, mut unpaired) = (Vec::new(), Vec::new());
    let mut all: Vec<alpha::Unit> = Vec::new();
    let mut by_topic: Vec<Vec<alpha::Unit>> = vec![Vec::new(); catalog.topics.len()];
    for ((k, second), first) in session.interviews.iter().enumerate().zip(session.first_captures()) {
        let f = match first {
            Ok(Some(f)) => f,
            Ok(None) => continue,
            Err(reason) => {
                unpaired.push(Unpaired { interview: second.id.clone(), label: labels[k].clone(), reason });
                continue;
            }
        };
        let compared = compare(catalog, &session.interviews[f], second);
        all.extend(compared.units.iter().map(|(_, u)| u.clone()));
        for (topic, unit) in &compared.units {
            if let Some(t) = topic.and_then(|t| by_topic.get_mut(t)) {
                t.push(unit.clone());
            }
        }
        let alpha = alpha::ordinal(&compared.units.iter().map(|(_, u)| u.clone()).collect::<Vec<_>>());
        pairs.push(Pair {
            function: second.function.clone(),
            first: capture(f),
            second: capture(k),
            alpha,
            level: Level::of(alpha, compared.units.len()),
            units: compared.units.len(),
            same: same(compared.units.iter().map(|(_, u)| u)),
            differences: compared.differences,
        });
    }
    let topics = by_topic
        .into_iter()
        .enumerate()
        .filter(|(_, units)| !units.is_empty())
        .map(|(t, units)| {
            let alpha = alpha::ordinal(&units);
            let topic = &catalog.topics[t];
            TopicAgreement {
                topic: topic.id.clone(),
                title: topic.title.clone(),
                alpha,
                level: Level::of(alpha, units.len()),
                units: units.len(),
                same: same(units.iter()),
            }
        })
        .collect();
    let alpha = alpha::ordinal(&all);
    Agreement {
        alpha,
        level: Level::of(alpha, all.len()),
        units: all.len(),
        same: same(all.iter()),
        pairs,
        topics,
        unpaired,
    }
}

/// How many of `units` (two captures' scores of one question) hold the same value.
fn same<'a>(units: impl Iterator<Item = &'a alpha::Unit>) -> usize {
    units.filter(|u| u.windows(2).all(|w| w[0] == w[1])).count()
}

/// One pair's questions scored by both (with their topic's index), and those answered apart.
struct Compared {
    units: Vec<(Option<usize>, alpha::Unit)>,
    differences: Vec<Difference>,
}

fn compare(catalog: &Catalog, first: &Interview, second: &Interview) -> Compared {
    let mut compared = Compared { units: Vec::new(), differences: Vec::new() };
    let Some(bank) = catalog.bank(&first.function) else { return compared };
    let topic_index = |q: &Question| q.topic.as_deref().and_then(|t| catalog.topics.iter().position(|x| x.id == t));
    for q in &bank.questions {
        let (Some(a), Some(b)) = (asked(first, q), asked(second, q)) else { continue };
        let (x, y) = (a.normalised(q).map(|s| s * SCALE_MAX), b.normalised(q).map(|s| s * SCALE_MAX));
        if let (Some(x), Some(y)) = (x, y) {
            compared.units.push((topic_index(q), vec![x, y]));
        }
        let (said_first, said_second) = (said(a, q), said(b, q));
        if said_first != said_second {
            compared.differences.push(Difference {
                question_id: q.id.clone(),
                question: q.text.clone(),
                topic: q.topic.clone(),
                first: said_first,
                second: said_second,
                points: x.zip(y).map(|(x, y)| y - x),
            });
        }
    }
    compared
}

/// The interview's answer to `q`, when it was asked.
fn asked<'a>(interview: &'a Interview, q: &Question) -> Option<&'a Answer> {
    interview.answer(&q.id).filter(|a| a.state != AnswerState::NotAsked)
}

/// What an answer recorded, as the two captures are compared: its value, or its state.
fn said(answer: &Answer, q: &Question) -> String {
    match answer.state {
        AnswerState::Answered => answer.value_text(q).unwrap_or_else(|| "answered, no value".to_string()),
        AnswerState::DontKnow => "don't know".to_string(),
        AnswerState::Skipped => "skipped".to_string(),
        AnswerState::NotAsked => "not asked".to_string(),
    }
}

#[cfg(test)]
mod tests;
