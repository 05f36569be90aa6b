//! Divergence, the headline: per topic and per receiving function, how far what was said to be
//! communicated is from what was received, and whether the receivers tell the same story.
//!
//! The method (DESIGN §4): answers on a common 0..1 scale; `gap = communicated − received`;
//! |gap| ≥ 0.5 (two scale points) is major, ≥ 0.25 minor, else aligned; gap > 0 is over-stated
//! (the communicator's blind spot), gap < 0 under-stated; aligned with both sides ≥ 0.75 is
//! aligned-strong and with both ≤ 0.25 an agreed weakness, after the self–other agreement
//! categories of 360-degree feedback research. Among receivers, the average deviation (AD) index
//! above 0.8 scale points (the c/6 cut-off for a five-point item) is an inconsistent story.

mod answers;
mod evidence;
pub(crate) mod fx;
pub mod language;
mod matrix;
pub mod terms;
mod word_class;

pub use evidence::{Notes, communicated, compute, topic};
pub use matrix::matrix;

use serde::{Deserialize, Serialize};

use crate::bank::{Catalog, SCALE_MAX};
use crate::session::AnswerState;

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
    /// Every account came from someone not involved in the launch in view: shown, not read.
    NotInvolved,
}

impl Unknown {
    /// A few letters for narrow matrix cells.
    pub fn short(self) -> &'static str {
        match self {
            Unknown::NotInterviewed => "not yet",
            Unknown::NotAsked => "unasked",
            Unknown::Skipped => "skipped",
            Unknown::DontKnow => "dk",
            Unknown::NotInvolved => "not inv.",
        }
    }

    /// As a plain sentence about `who` ("Sales has not been asked yet").
    pub fn sentence(self, who: &str) -> String {
        match self {
            Unknown::NotInterviewed => format!("{who} has not been interviewed yet"),
            Unknown::NotAsked => format!("{who} has not been asked yet"),
            Unknown::Skipped => format!("{who} skipped the question"),
            Unknown::DontKnow => format!("{who} did not know"),
            Unknown::NotInvolved => format!("{who}'s interviewees were not involved in the launch"),
        }
    }

    pub fn text(self) -> &'static str {
        match self {
            Unknown::NotInterviewed => "not interviewed yet",
            Unknown::NotAsked => "not asked yet",
            Unknown::Skipped => "skipped",
            Unknown::DontKnow => "don't know",
            Unknown::NotInvolved => "not involved in the launch",
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
    /// What the interview answers for (its bank's anchor question: "the Flex launch, 1
    /// October"), so that two sides are seen to be talking about the same launch or release.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case: Option<String>,
    /// On an account of what arrived: who it reached the interviewee from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent_by: Option<crate::session::Sender>,
    /// How involved the interviewee was in the launch in view, when recorded: an account from
    /// someone not involved is shown, and left out of the side's score.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub involvement: Option<crate::session::Involvement>,
    /// Whether anyone from Product was in the room, when recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_in_room: Option<bool>,
}

/// What an interview answers for, from its `answer` to its bank's anchor question: on one line.
fn case_of(answer: Option<&crate::session::Answer>) -> Option<String> {
    let notes = &answer?.notes;
    let line = notes.split_whitespace().collect::<Vec<_>>().join(" ");
    (!line.is_empty()).then_some(line)
}

/// What one function said on a topic, over all its interviews.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Side {
    pub function: String,
    /// Mean of the interviews' scores, normalised 0..1.
    #[serde(rename = "score_normalised", alias = "score")]
    pub score: Option<f64>,
    /// The same in points on the interviews' 0–4 scale.
    #[serde(default)]
    pub score_points: Option<f64>,
    /// Highest minus lowest score among the interviews, in scale points (0–4).
    pub spread_points: Option<f64>,
    pub unknown: Option<Unknown>,
    pub voices: Vec<Voice>,
    /// Accounts left out of the score because the interviewee was not involved in the launch in
    /// view (never averaged with those who were).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub not_involved: usize,
    /// Accounts in the score given with someone from Product in the room.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub product_in_room: usize,
    /// On a `multi` question: the items any of its interviews ticked, in the bank's order
    /// (evidence, like the voices).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "verdict")]
pub enum Verdict {
    /// What was communicated or the account is missing; never read as aligned.
    Unknown {
        #[serde(rename = "claim_missing")]
        communicated_missing: bool,
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
    /// On a shared fact (a state both sides can observe), the sides differ by a scale point or
    /// more: they disagree on what is so, and neither is over-stating.
    Disagree {
        major: bool,
    },
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
            Verdict::Disagree { major: true } => "××",
            Verdict::Disagree { major: false } => "×",
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
            Verdict::AlignedStrong => "aligned, both strong",
            Verdict::AgreedWeakness => "agreed weakness",
            Verdict::Disagree { major: true } => "major disagreement on a fact",
            Verdict::Disagree { major: false } => "minor disagreement on a fact",
        }
    }

    /// The symbol with a gap: "▲▲ +3.0", "= 0.0 ✗".
    pub fn with_gap(self, gap: f64) -> String {
        match self {
            Verdict::AlignedStrong => format!("= {} ✓", signed_points(gap)),
            Verdict::AgreedWeakness => format!("= {} ✗", signed_points(gap)),
            // Neither side of a fact is the one that over-states: the distance has no sign.
            Verdict::Disagree { .. } => format!("{} {}", self.symbol(), points(gap.abs())),
            v => format!("{} {}", v.symbol(), signed_points(gap)),
        }
    }

    /// The sides differ: over- or under-stated, or disagreeing on a fact.
    pub fn is_divergent(self) -> bool {
        matches!(self, Verdict::OverStated { .. } | Verdict::UnderStated { .. } | Verdict::Disagree { .. })
    }

    /// As read on a shared fact: a difference either way is a disagreement.
    fn on_fact(self) -> Verdict {
        match self {
            Verdict::OverStated { major } | Verdict::UnderStated { major } => Verdict::Disagree { major },
            v => v,
        }
    }
}

/// Classifies what was communicated against an account, both 0..1.
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
    /// communicated − received, normalised (−1..1); absent when either side is unknown.
    #[serde(rename = "gap_normalised", alias = "gap")]
    pub gap: Option<f64>,
    /// The same in points on the 0–4 scale (−4..4).
    #[serde(default)]
    pub gap_points: Option<f64>,
    pub verdict: Verdict,
    /// Terms in this function's notes that the communicator's notes never use.
    pub heard_not_said: Vec<String>,
    /// What this function's account was compared with: the claim addressed to it alone (the
    /// bank's `to` or `each`), else the topic's. Serialized as `claim`.
    #[serde(rename = "claim", default, skip_serializing_if = "Option::is_none")]
    pub communicated: Option<Side>,
    /// The claim was addressed to this function alone (`to`, `each`), not the topic's for all.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub addressed: bool,
    /// Terms in the notes of the claim it was compared with that this function's notes never use
    /// (for the topic's claim: that no receiver compared with it uses).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub said_not_heard: Vec<String>,
    /// On a `multi` pair, item by item: what the communicator says was provided that this function
    /// did not get.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items_not_received: Vec<String>,
    /// And what this function got that the communicator did not list. Serialized as
    /// `items_not_claimed`.
    #[serde(rename = "items_not_claimed", default, skip_serializing_if = "Vec::is_empty")]
    pub items_not_communicated: Vec<String>,
}

impl Cell {
    /// The cell as the matrix shows it: the level received (kept even with nothing communicated
    /// to compare it with), then the symbol and the gap — "1.0 ▲▲ +3.0" — or why it is unknown.
    pub fn label(&self) -> String {
        let level = self.received.score.map(points);
        let label = match (self.verdict, self.gap, level) {
            (Verdict::Unknown { communicated_missing: true }, _, Some(l)) => format!("{l} {}", self.no_claim()),
            (Verdict::Unknown { .. }, _, _) => self.received.label(),
            (v, Some(g), Some(l)) => format!("{l} {}", v.with_gap(g)),
            (v, _, _) => v.symbol().into(),
        };
        format!("{label}{}", self.received.conditions_mark())
    }

    /// Why there is no claim to compare a level received with: the claimant not interviewed,
    /// its answer skipped or not known, else not asked ("? no claim"). Where nothing was
    /// received either, the cell says the receiver's reason instead (see [`Side::label`]).
    pub fn no_claim(&self) -> String {
        match self.communicated.as_ref().and_then(|c| c.unknown) {
            Some(Unknown::NotInterviewed) => "? claimant not interviewed".into(),
            Some(Unknown::Skipped) => "? claim skipped".into(),
            Some(Unknown::DontKnow) => "? claim: don't know".into(),
            _ => "? no claim".into(),
        }
    }

    /// The cell without its level, for where the level does not fit: "▲▲ +3.0", "? no claim".
    pub fn short_label(&self) -> String {
        let label = match (self.verdict, self.gap) {
            (Verdict::Unknown { communicated_missing: true }, _) if self.received.score.is_some() => self.no_claim(),
            (Verdict::Unknown { .. }, _) => self.received.label(),
            (v, Some(g)) => v.with_gap(g),
            (v, None) => v.symbol().into(),
        };
        format!("{label}{}", self.received.conditions_mark())
    }
}

impl Side {
    /// The side's level in scale points (0–4).
    pub fn points(&self) -> Option<f64> {
        self.score.map(|s| s * SCALE_MAX)
    }

    /// " *" when the side is to be read with its conditions: an account given with Product in
    /// the room, or one left out as not involved in the launch; else nothing.
    pub fn conditions_mark(&self) -> &'static str {
        if self.product_in_room > 0 || (self.not_involved > 0 && self.score.is_some()) { " *" } else { "" }
    }

    /// How the accounts behind the side were given, when that changes how to read it: "1 given
    /// with Product in the room; 1 not involved, left out". None when nothing needs saying.
    pub fn conditions(&self) -> Option<String> {
        let mut said = Vec::new();
        if self.product_in_room > 0 {
            said.push(format!("{} given with Product in the room", self.product_in_room));
        }
        if self.not_involved > 0 {
            said.push(format!("{} from someone not involved in the launch, left out", self.not_involved));
        }
        (!said.is_empty()).then(|| said.join("; "))
    }

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
pub const LEGEND: &str = "level received; ▲▲/▲ claim 2+/1 points above · ▼▼/▼ below · = aligned (✓ strong, \
✗ weak) · ××/× fact disputed · ≠ stories differ · ? unknown · * how given";

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
    /// What the communicating function says it sent. Serialized as `claim`.
    #[serde(rename = "claim")]
    pub communicated: Side,
    pub cells: Vec<Cell>,
    /// Present when two or more receivers have a score.
    pub consistency: Option<Consistency>,
    /// A shared fact (a state both sides observe): `claim` is the first function that answers
    /// it, cells agree or disagree with it, and it counts in neither the gap index nor readiness.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub shared_fact: bool,
    /// Terms in the communicator's notes that no receiver's notes use.
    pub said_not_heard: Vec<String>,
}

impl TopicDivergence {
    /// The communicated side `cell` is compared with: its own, else the topic's.
    pub fn communicated_for<'a>(&'a self, cell: &'a Cell) -> &'a Side {
        cell.communicated.as_ref().unwrap_or(&self.communicated)
    }

    /// What the communicated side `cell` is compared with said that its function never heard.
    pub fn said_not_heard_by<'a>(&'a self, cell: &'a Cell) -> &'a [String] {
        &cell.said_not_heard
    }

    pub fn cell(&self, function: &str) -> Option<&Cell> {
        self.cells.iter().find(|c| c.received.function == function)
    }

    fn worst_gap(&self) -> f64 {
        self.cells.iter().filter_map(|c| c.gap).map(f64::abs).fold(0.0, f64::max)
    }

    fn compared(&self) -> bool {
        self.cells.iter().any(|c| c.gap.is_some())
    }

    /// Some side has a level: a row with something to follow up, before rows with nothing.
    fn heard_from(&self) -> bool {
        let claimed = |c: &Cell| c.communicated.as_ref().is_some_and(|s| s.score.is_some());
        self.communicated.score.is_some() || self.cells.iter().any(|c| c.received.score.is_some() || claimed(c))
    }

    pub fn inconsistent(&self) -> bool {
        self.consistency.as_ref().is_some_and(|c| c.inconsistent)
    }

    /// Both sides agree that little was done: a finding of its own, whatever the gap says.
    pub fn agreed_weakness(&self) -> bool {
        self.cells.iter().any(|c| c.verdict == Verdict::AgreedWeakness)
    }
}

/// The whole matrix for a session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Divergence {
    /// Mean |gap| over the compared cells, 0–100.
    pub gap_index: Option<f64>,
    pub cells_compared: usize,
    /// The mean level received over every cell with a received score, 0–100 (100: every
    /// function says it got everything it needed): beside the gap index, so an engagement where
    /// everyone agrees nothing was done never looks good.
    #[serde(default)]
    pub readiness: Option<f64>,
    /// How many cells' received levels the readiness is the mean of.
    #[serde(default)]
    pub levels_received: usize,
    /// The receiving functions, in bank order: the matrix's columns.
    pub receivers: Vec<String>,
    /// Most severe first.
    pub topics: Vec<TopicDivergence>,
}

/// What a side's answers add up to: the comparable scores, and whether any was a don't-know or
/// a skip, which say why a side without a score has none.
#[derive(Debug, Default)]
struct Tally {
    scores: Vec<f64>,
    dont_know: bool,
    skipped: bool,
    not_involved: usize,
    product_in_room: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// How an interview's accounts were given, as the tally reads them.
#[derive(Debug, Clone, Copy, Default)]
struct Given {
    not_involved: bool,
    product_in_room: bool,
}

impl Given {
    fn of(interview: &crate::session::Interview) -> Given {
        Given {
            not_involved: interview.involvement == Some(crate::session::Involvement::NotInvolved),
            product_in_room: interview.product_in_room == Some(true),
        }
    }
}

impl Tally {
    /// An answer given in `given` conditions: one from someone not involved in the launch is
    /// counted apart, never in the score.
    fn add(&mut self, state: AnswerState, score: Option<f64>, given: Given) {
        match score {
            Some(_) if given.not_involved => self.not_involved += 1,
            Some(s) => {
                self.scores.push(s);
                self.product_in_room += usize::from(given.product_in_room);
            }
            None => {}
        }
        self.dont_know |= state == AnswerState::DontKnow;
        self.skipped |= state == AnswerState::Skipped;
    }

    /// Two tallies of one side, over different interviews, as one.
    fn join(&mut self, other: Tally) {
        self.scores.extend(other.scores);
        self.dont_know |= other.dont_know;
        self.skipped |= other.skipped;
        self.not_involved += other.not_involved;
        self.product_in_room += other.product_in_room;
    }

    /// The side: the mean score and spread, or why there is none.
    fn side(mut self, function: &str, interviewed: bool, voices: Vec<Voice>) -> Side {
        // Summed smallest first, so the mean does not depend on the order the answers were met
        // in: the matrix meets them by answer, the evidence by question.
        self.scores.sort_by(f64::total_cmp);
        let scores = &self.scores;
        let score = (!scores.is_empty()).then(|| scores.iter().sum::<f64>() / scores.len() as f64);
        let spread_points = (scores.len() >= 2).then(|| (scores[scores.len() - 1] - scores[0]) * SCALE_MAX);
        let unknown = if score.is_some() {
            None
        } else if !interviewed {
            Some(Unknown::NotInterviewed)
        } else if self.not_involved > 0 {
            Some(Unknown::NotInvolved)
        } else if self.dont_know {
            Some(Unknown::DontKnow)
        } else if self.skipped {
            Some(Unknown::Skipped)
        } else {
            Some(Unknown::NotAsked)
        };
        let score_points = score.map(|s| s * SCALE_MAX);
        Side {
            function: function.to_string(),
            score,
            score_points,
            spread_points,
            unknown,
            voices,
            not_involved: self.not_involved,
            product_in_room: self.product_in_room,
            items: Vec::new(),
        }
    }
}

/// One receiver's cell: the gap to what was communicated and its verdict.
fn cell(communicated: &Side, received: Side, heard_not_said: Vec<String>) -> Cell {
    let (gap, verdict) = match (communicated.score, received.score) {
        (Some(c), Some(r)) => (Some(c - r), verdict(c, r)),
        _ => (None, Verdict::Unknown { communicated_missing: communicated.score.is_none() }),
    };
    // Item by item, where both sides answered a multi.
    let both = communicated.score.is_some() && received.score.is_some();
    let missing = |from: &Side, to: &Side| -> Vec<String> {
        if both { from.items.iter().filter(|i| !to.items.contains(i)).cloned().collect() } else { Vec::new() }
    };
    let (items_not_received, items_not_communicated) =
        (missing(communicated, &received), missing(&received, communicated));
    Cell {
        received,
        gap,
        gap_points: gap.map(|g| g * SCALE_MAX),
        verdict,
        heard_not_said,
        // Every cell carries what it was compared with, so a reader of one cell needs no other.
        communicated: Some(communicated.clone()),
        addressed: false,
        said_not_heard: Vec::new(),
        items_not_received,
        items_not_communicated,
    }
}

/// A cell compared with a communicated side addressed to its function alone.
fn addressed_cell(
    communicated: Side,
    received: Side,
    heard_not_said: Vec<String>,
    said_not_heard: Vec<String>,
) -> Cell {
    let base = cell(&communicated, received, heard_not_said);
    Cell { communicated: Some(communicated), addressed: true, said_not_heard, ..base }
}

/// The AD index of the receivers that have a score, when there are two or more.
fn consistency(cells: &[Cell]) -> Option<Consistency> {
    let points: Vec<f64> = cells.iter().filter_map(|c| c.received.score).map(|s| s * SCALE_MAX).collect();
    (points.len() >= 2).then(|| {
        let mean = points.iter().sum::<f64>() / points.len() as f64;
        let ad_points = points.iter().map(|p| (p - mean).abs()).sum::<f64>() / points.len() as f64;
        Consistency { ad_points, inconsistent: ad_points > AD_CUTOFF_POINTS }
    })
}

/// What the topic plan says of a topic's cells: a shared fact is agreed or disagreed on, never
/// over-stated; a claim addressed to a receiver is its own, even where it also stands for the
/// topic. The matrix, the computation and one topic alone all read a topic so.
fn read_as_planned(t: &mut TopicDivergence, catalog: &Catalog) {
    let Some(plan) = catalog.plan(&t.topic) else { return };
    if plan.shared {
        t.shared_fact = true;
        t.cells.iter_mut().for_each(|c| c.verdict = c.verdict.on_fact());
    }
    for c in &mut t.cells {
        let own = plan.receivers.iter().find(|r| catalog.banks[r.bank].function == c.received.function);
        c.addressed |= own.and_then(|r| r.communicated).is_some_and(|at| !catalog.at(at).to.is_empty());
    }
}

/// The whole matrix from its topics (in the catalog's topic order): sorted most severe first,
/// with the gap index and the receiving functions.
fn matrix_of(mut topics: Vec<TopicDivergence>, catalog: &Catalog) -> Divergence {
    for t in topics.iter_mut() {
        read_as_planned(t, catalog);
    }
    // Most severe first: compared topics by their worst gap, inconsistent stories next, then
    // the unknowns with a level on some side before those with none; the bank's topic order
    // breaks ties.
    topics.sort_by(|a, b| {
        b.compared()
            .cmp(&a.compared())
            .then(b.worst_gap().total_cmp(&a.worst_gap()))
            .then(b.inconsistent().cmp(&a.inconsistent()))
            .then(b.heard_from().cmp(&a.heard_from()))
    });
    // The headline reads communication: shared facts are shown, not counted.
    let communicated_cells = || topics.iter().filter(|t| !t.shared_fact).flat_map(|t| &t.cells);
    let gaps: Vec<f64> = communicated_cells().filter_map(|c| c.gap).map(f64::abs).collect();
    let gap_index = (!gaps.is_empty()).then(|| 100.0 * gaps.iter().sum::<f64>() / gaps.len() as f64);
    let levels: Vec<f64> = communicated_cells().filter_map(|c| c.received.score).collect();
    let readiness = (!levels.is_empty()).then(|| 100.0 * levels.iter().sum::<f64>() / levels.len() as f64);
    let receivers = catalog.receiving().map(|b| b.function.clone()).collect();
    Divergence { gap_index, cells_compared: gaps.len(), readiness, levels_received: levels.len(), receivers, topics }
}

#[cfg(test)]
mod tests;
