//! Divergence, the headline: per topic and per receiving function, how far what was said to be
//! communicated is from what was received, and whether the receivers tell the same story.
//!
//! The method (DESIGN §4): answers on a common 0..1 scale; `gap = communicated − received`;
//! |gap| ≥ 0.5 (two scale points) is major, ≥ 0.25 minor, else aligned; gap > 0 is over-stated
//! (the communicator's blind spot), gap < 0 under-stated; aligned with both sides ≥ 0.75 is
//! aligned-strong and with both ≤ 0.25 an agreed weakness, after the self–other agreement
//! categories of 360-degree feedback research. Among receivers, the average deviation (AD) index
//! above 0.8 scale points (the c/6 cut-off for a five-point item) is an inconsistent story.

pub mod terms;

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::bank::{Bank, Catalog, Question, SCALE_MAX, Stance};
use crate::session::{AnswerState, Interview, Session};
use terms::{Heard, Met, Vocabulary};

/// |gap| at or above which a divergence is major (two scale points).
pub const MAJOR: f64 = 0.5;
/// |gap| at or above which a divergence is minor (one scale point).
pub const MINOR: f64 = 0.25;
/// Both sides at or above this, aligned: aligned-strong.
pub const STRONG: f64 = 0.75;
/// Both sides at or below this, aligned: agreed weakness.
pub const WEAK: f64 = 0.25;
/// AD index, in scale points, above which receivers tell inconsistent stories.
pub const AD_CUTOFF_POINTS: f64 = 0.8;
/// How many contrasting terms to keep per side.
const TERMS: usize = 8;

/// Why a side has no comparable value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Unknown {
    NotInterviewed,
    NotAsked,
    Skipped,
    DontKnow,
}

impl Unknown {
    /// A few letters for narrow matrix cells.
    pub fn short(self) -> &'static str {
        match self {
            Unknown::NotInterviewed => "not yet",
            Unknown::NotAsked => "unasked",
            Unknown::Skipped => "skipped",
            Unknown::DontKnow => "dk",
        }
    }

    pub fn text(self) -> &'static str {
        match self {
            Unknown::NotInterviewed => "not interviewed yet",
            Unknown::NotAsked => "not asked yet",
            Unknown::Skipped => "skipped",
            Unknown::DontKnow => "don't know",
        }
    }
}

/// One person's answer behind a side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Voice {
    pub interview: String,
    pub who: String,
    pub question_id: String,
    pub state: AnswerState,
    /// 0..1, when answered with a comparable value.
    pub score: Option<f64>,
    pub value_text: Option<String>,
    pub notes: String,
    pub quote: bool,
}

/// What one function said on a topic, over all its interviews.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Side {
    pub function: String,
    /// Mean of the interviews' scores, 0..1.
    pub score: Option<f64>,
    /// Highest minus lowest score among the interviews, in scale points (0–4).
    pub spread_points: Option<f64>,
    pub unknown: Option<Unknown>,
    pub voices: Vec<Voice>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "verdict")]
pub enum Verdict {
    /// The claim or the account is missing; never read as aligned.
    Unknown {
        claim_missing: bool,
    },
    OverStated {
        major: bool,
    },
    UnderStated {
        major: bool,
    },
    Aligned,
    AlignedStrong,
    AgreedWeakness,
}

impl Verdict {
    /// The symbol that carries the meaning without colour.
    pub fn symbol(self) -> &'static str {
        match self {
            Verdict::Unknown { .. } => "?",
            Verdict::OverStated { major: true } => "▲▲",
            Verdict::OverStated { major: false } => "▲",
            Verdict::UnderStated { major: true } => "▼▼",
            Verdict::UnderStated { major: false } => "▼",
            Verdict::Aligned | Verdict::AlignedStrong | Verdict::AgreedWeakness => "=",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Verdict::Unknown { .. } => "unknown",
            Verdict::OverStated { major: true } => "major over-statement",
            Verdict::OverStated { major: false } => "minor over-statement",
            Verdict::UnderStated { major: true } => "major under-statement",
            Verdict::UnderStated { major: false } => "minor under-statement",
            Verdict::Aligned => "aligned",
            Verdict::AlignedStrong => "aligned-strong",
            Verdict::AgreedWeakness => "agreed weakness",
        }
    }

    pub fn is_divergent(self) -> bool {
        matches!(self, Verdict::OverStated { .. } | Verdict::UnderStated { .. })
    }
}

/// Classifies a claim against an account, both 0..1.
pub fn verdict(communicated: f64, received: f64) -> Verdict {
    let gap = communicated - received;
    // A hair of tolerance so that 0.75 − 0.25 counts as the two points it is.
    let major = gap.abs() >= MAJOR - 1e-9;
    if gap.abs() >= MINOR - 1e-9 {
        if gap > 0.0 { Verdict::OverStated { major } } else { Verdict::UnderStated { major } }
    } else if communicated >= STRONG && received >= STRONG {
        Verdict::AlignedStrong
    } else if communicated <= WEAK && received <= WEAK {
        Verdict::AgreedWeakness
    } else {
        Verdict::Aligned
    }
}

/// A score (0..1) in scale points, as shown: "3.0".
pub fn points(score: f64) -> String {
    format!("{:.1}", score * SCALE_MAX)
}

/// A gap (0..1 units) in signed scale points: "+2.0", "−1.0", "0.0".
pub fn signed_points(gap: f64) -> String {
    let p = gap * SCALE_MAX;
    if p.abs() < 0.05 {
        "0.0".into()
    } else if p > 0.0 {
        format!("+{p:.1}")
    } else {
        format!("−{:.1}", -p)
    }
}

/// One receiving function on one topic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    pub received: Side,
    /// communicated − received, 0..1 units; absent when either side is unknown.
    pub gap: Option<f64>,
    pub verdict: Verdict,
    /// Terms in this function's notes that the communicator's notes never use.
    pub heard_not_said: Vec<String>,
}

impl Cell {
    /// The cell as the matrix shows it: symbol and gap, or why it is unknown.
    pub fn label(&self) -> String {
        match (self.verdict, self.gap) {
            (Verdict::Unknown { claim_missing: true }, _) => "? no claim".into(),
            (Verdict::Unknown { .. }, _) => self.received.label(),
            (Verdict::AlignedStrong, Some(g)) => format!("= {} ✓", signed_points(g)),
            (Verdict::AgreedWeakness, Some(g)) => format!("= {} ✗", signed_points(g)),
            (v, Some(g)) => format!("{} {}", v.symbol(), signed_points(g)),
            (v, None) => v.symbol().into(),
        }
    }
}

impl Side {
    /// The side's score in points, or why there is none.
    pub fn label(&self) -> String {
        match (self.score, self.unknown) {
            (Some(s), _) => points(s),
            (None, Some(u)) => format!("? {}", u.short()),
            (None, None) => "?".into(),
        }
    }
}

/// The words for the symbols, for legends.
pub const LEGEND: &str = "▲▲/▲ over-stated by 2+/1 points (claimed more than arrived) · ▼▼/▼ under-stated · \
= aligned (✓ both strong, ✗ agreed weakness) · ≠ receivers' stories differ · ? unknown (dk = don't know) · points on the 0–4 scale";

/// Do the receivers tell the same story?
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Consistency {
    /// Average deviation of the receivers' scores from their mean, in scale points.
    pub ad_points: f64,
    pub inconsistent: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TopicDivergence {
    pub topic: String,
    pub title: String,
    pub claim: Side,
    pub cells: Vec<Cell>,
    /// Present when two or more receivers have a score.
    pub consistency: Option<Consistency>,
    /// Terms in the communicator's notes that no receiver's notes use.
    pub said_not_heard: Vec<String>,
}

impl TopicDivergence {
    pub fn cell(&self, function: &str) -> Option<&Cell> {
        self.cells.iter().find(|c| c.received.function == function)
    }

    fn worst_gap(&self) -> f64 {
        self.cells.iter().filter_map(|c| c.gap).map(f64::abs).fold(0.0, f64::max)
    }

    fn compared(&self) -> bool {
        self.cells.iter().any(|c| c.gap.is_some())
    }

    pub fn inconsistent(&self) -> bool {
        self.consistency.as_ref().is_some_and(|c| c.inconsistent)
    }
}

/// The whole matrix for a session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Divergence {
    /// Mean |gap| over the compared cells, 0–100.
    pub gap_index: Option<f64>,
    pub cells_compared: usize,
    /// The receiving functions, in bank order: the matrix's columns.
    pub receivers: Vec<String>,
    /// Most severe first.
    pub topics: Vec<TopicDivergence>,
}

/// Computes the matrix: every topic that has a communicated question.
///
/// One pass over the banks finds each topic's questions and one over the session each
/// function's interviews; every note is split into terms once, into a vocabulary shared by the
/// whole computation. The cost grows with the answers on topics, not with topics × banks.
pub fn compute(session: &Session, catalog: &Catalog) -> Divergence {
    let index = Index::new(session, catalog, None);
    let mut vocabulary = Vocabulary::default();
    let mut topics: Vec<TopicDivergence> =
        catalog.topics.iter().filter_map(|t| topic_in(&index, &mut vocabulary, catalog, &t.id)).collect();
    // Most severe first: compared topics by their worst gap, inconsistent stories next, then
    // the unknowns; the bank's topic order breaks ties.
    topics.sort_by(|a, b| {
        b.compared()
            .cmp(&a.compared())
            .then(b.worst_gap().total_cmp(&a.worst_gap()))
            .then(b.inconsistent().cmp(&a.inconsistent()))
    });
    let gaps: Vec<f64> = topics.iter().flat_map(|t| &t.cells).filter_map(|c| c.gap).map(f64::abs).collect();
    let gap_index = (!gaps.is_empty()).then(|| 100.0 * gaps.iter().sum::<f64>() / gaps.len() as f64);
    let receivers = catalog
        .banks
        .iter()
        .filter(|b| b.questions.iter().any(|q| q.stance == Some(Stance::Received)))
        .map(|b| b.function.clone())
        .collect();
    Divergence { gap_index, cells_compared: gaps.len(), receivers, topics }
}

/// The divergence on one topic, or None when no bank claims to communicate it.
pub fn topic(session: &Session, catalog: &Catalog, topic_id: &str) -> Option<TopicDivergence> {
    let index = Index::new(session, catalog, Some(topic_id));
    topic_in(&index, &mut Vocabulary::default(), catalog, topic_id)
}

/// The claim on one topic: what the function that communicates it said, over every interview;
/// None when no bank claims to communicate it. The same as [`topic`]'s `claim`, without the
/// receivers' sides and the contrasting terms, which cost time in proportion to every note on
/// the topic: the interview screen needs only this, after each received answer.
pub fn claim(session: &Session, catalog: &Catalog, topic_id: &str) -> Option<Side> {
    // Bank by bank, stopping at the communicator: no index of every bank is built, so the cost
    // stays small beside a frame whatever the banks' size.
    for bank in &catalog.banks {
        let questions: Vec<(&Bank, &Question)> =
            bank.questions.iter().filter(|q| q.topic.as_deref() == Some(topic_id)).map(|q| (bank, q)).collect();
        if questions.iter().any(|(_, q)| q.stance == Some(Stance::Communicated)) {
            let interviews: Vec<&Interview> =
                session.interviews.iter().filter(|i| i.function == bank.function).collect();
            return Some(gather(bank, &questions, &interviews, Stance::Communicated).0);
        }
    }
    None
}

/// Where each topic's questions are and whose interviews there are, found once.
struct Index<'a> {
    /// By topic id: its questions, in bank order and then question order, each with its bank.
    questions: HashMap<&'a str, Vec<(&'a Bank, &'a Question)>>,
    /// By function: its interviews, in session order.
    interviews: HashMap<&'a str, Vec<&'a Interview>>,
}

impl<'a> Index<'a> {
    /// The index of every topic, or of `only` one.
    fn new(session: &'a Session, catalog: &'a Catalog, only: Option<&str>) -> Index<'a> {
        let mut questions: HashMap<&str, Vec<(&Bank, &Question)>> = HashMap::new();
        for bank in &catalog.banks {
            for q in &bank.questions {
                if let Some(t) = q.topic.as_deref()
                    && only.is_none_or(|o| o == t)
                {
                    questions.entry(t).or_default().push((bank, q));
                }
            }
        }
        let mut interviews: HashMap<&str, Vec<&Interview>> = HashMap::new();
        for i in &session.interviews {
            interviews.entry(i.function.as_str()).or_default().push(i);
        }
        Index { questions, interviews }
    }

    /// What `bank`'s function said on a topic (whose questions are `questions`), as [`gather`].
    fn gather(&self, bank: &Bank, questions: &[(&'a Bank, &'a Question)], stance: Stance) -> (Side, Vec<&'a str>) {
        let interviews = self.interviews.get(bank.function.as_str()).map_or(&[][..], Vec::as_slice);
        gather(bank, questions, interviews, stance)
    }
}

/// What `bank`'s function said on a topic (whose questions are `questions`) through its
/// questions of `stance`, over its `interviews`; and the notes it gave on any question of the
/// topic, whatever their stance.
fn gather<'a>(
    bank: &Bank,
    questions: &[(&'a Bank, &'a Question)],
    interviews: &[&'a Interview],
    stance: Stance,
) -> (Side, Vec<&'a str>) {
    let mine: Vec<&Question> = questions.iter().filter(|(b, _)| std::ptr::eq(*b, bank)).map(|(_, q)| *q).collect();
    let mut voices = Vec::new();
    let mut notes = Vec::new();
    for interview in interviews {
        let mut who = None;
        for q in &mine {
            let answer = interview.answer(&q.id);
            if q.stance == Some(stance) {
                let who = who
                    .get_or_insert_with(|| match (&interview.interviewee, &interview.role) {
                        (None, None) => interview.id.clone(),
                        _ => interview.who(),
                    })
                    .clone();
                voices.push(Voice {
                    interview: interview.id.clone(),
                    who,
                    question_id: q.id.clone(),
                    state: answer.map(|a| a.state).unwrap_or_default(),
                    score: answer.and_then(|a| a.normalised(q)),
                    value_text: answer.and_then(|a| a.value_text(q)),
                    notes: answer.map(|a| a.notes.clone()).unwrap_or_default(),
                    quote: answer.is_some_and(|a| a.flags.quote),
                });
            }
            // Notes on a skipped or don't-know answer are usually the interviewer's remark
            // ("ran out of time"), not what the function said.
            if let Some(a) = answer
                && !matches!(a.state, AnswerState::Skipped | AnswerState::DontKnow)
                && !a.notes.trim().is_empty()
            {
                notes.push(a.notes.as_str());
            }
        }
    }
    (side(&bank.function, voices, !interviews.is_empty()), notes)
}

/// The divergence on one topic from the index, its notes' terms kept in `vocabulary`.
fn topic_in(index: &Index, vocabulary: &mut Vocabulary, catalog: &Catalog, topic_id: &str) -> Option<TopicDivergence> {
    let questions = index.questions.get(topic_id)?;
    let communicator = questions.iter().find(|(_, q)| q.stance == Some(Stance::Communicated))?.0;
    let title = catalog.topic(topic_id).map_or(topic_id.to_string(), |t| t.title.clone());
    let (claim, claim_notes) = index.gather(communicator, questions, Stance::Communicated);
    let claim_terms: Vec<Vec<Met>> = claim_notes.iter().map(|n| vocabulary.terms(n)).collect();
    let claim_terms: Vec<&[Met]> = claim_terms.iter().map(Vec::as_slice).collect();
    let mut claim_heard = Heard::default();
    claim_terms.iter().for_each(|t| claim_heard.add(t));
    // The receiving banks, in bank order (a topic's questions are grouped by bank).
    let mut receivers: Vec<&Bank> = Vec::new();
    for (bank, q) in questions {
        if q.stance == Some(Stance::Received) && !receivers.last().is_some_and(|b| std::ptr::eq(*b, *bank)) {
            receivers.push(bank);
        }
    }
    let mut all_heard = Heard::default();
    let mut cells = Vec::new();
    for bank in receivers {
        let (received, notes) = index.gather(bank, questions, Stance::Received);
        let heard: Vec<Vec<Met>> = notes.iter().map(|n| vocabulary.terms(n)).collect();
        let heard: Vec<&[Met]> = heard.iter().map(Vec::as_slice).collect();
        let (gap, verdict) = match (claim.score, received.score) {
            (Some(c), Some(r)) => (Some(c - r), verdict(c, r)),
            _ => (None, Verdict::Unknown { claim_missing: claim.score.is_none() }),
        };
        let heard_not_said = vocabulary.missing(&heard, &claim_heard, TERMS);
        heard.iter().for_each(|t| all_heard.add(t));
        cells.push(Cell { received, gap, verdict, heard_not_said });
    }
    let said_not_heard =
        if cells.is_empty() { Vec::new() } else { vocabulary.missing(&claim_terms, &all_heard, TERMS) };
    let points: Vec<f64> = cells.iter().filter_map(|c| c.received.score).map(|s| s * SCALE_MAX).collect();
    let consistency = (points.len() >= 2).then(|| {
        let mean = points.iter().sum::<f64>() / points.len() as f64;
        let ad_points = points.iter().map(|p| (p - mean).abs()).sum::<f64>() / points.len() as f64;
        Consistency { ad_points, inconsistent: ad_points > AD_CUTOFF_POINTS }
    });
    Some(TopicDivergence { topic: topic_id.to_string(), title, claim, cells, consistency, said_not_heard })
}

/// A function's side from its voices: their mean score and spread, or why there is none.
fn side(function: &str, voices: Vec<Voice>, interviewed: bool) -> Side {
    let scores: Vec<f64> = voices.iter().filter_map(|v| v.score).collect();
    let score = (!scores.is_empty()).then(|| scores.iter().sum::<f64>() / scores.len() as f64);
    let spread_points = (scores.len() >= 2).then(|| {
        let (lo, hi) = scores.iter().fold((f64::MAX, f64::MIN), |(lo, hi), s| (lo.min(*s), hi.max(*s)));
        (hi - lo) * SCALE_MAX
    });
    let unknown = if score.is_some() {
        None
    } else if !interviewed {
        Some(Unknown::NotInterviewed)
    } else if voices.iter().any(|v| v.state == AnswerState::DontKnow) {
        Some(Unknown::DontKnow)
    } else if voices.iter().any(|v| v.state == AnswerState::Skipped) {
        Some(Unknown::Skipped)
    } else {
        Some(Unknown::NotAsked)
    };
    Side { function: function.to_string(), score, spread_points, unknown, voices }
}

#[cfg(test)]
mod tests;
