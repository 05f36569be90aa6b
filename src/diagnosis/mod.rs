//! The diagnosis: the method's readings of the evidence together (DESIGN §5). The numbers
//! alone say nothing — strong delivery figures with weak practices mean luck, narrow local
//! optimisation or gaming; weak figures with strong practices, a constraint upstream; strong
//! throughput with weak adoption, a failure in landing, not shipping. Each reading lists every
//! answer it rests on and how many of those it needs exist, and says "not enough evidence"
//! rather than guess.

mod ai;
pub mod cascade;
mod evidence;
pub mod intervention;
mod landing;
mod performance;
pub mod pillars;
mod profile;
mod sources;
mod stories;
mod support;

use serde::Serialize;

use crate::bank::Catalog;
use crate::session::{Session, Source};

pub use evidence::{Evidence, Level};
pub use profile::{ADOPTION, DELIVERY_PRACTICE, Profile, SUPPORT_LOAD, UPSTREAM};
pub use sources::Sources;

/// Every reading of a session's evidence, each pillar on its own, and the pattern across them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnosis {
    pub readings: Vec<Reading>,
    /// The five pillars, upstream first (those out of scope say so).
    pub pillars: Vec<pillars::PillarReading>,
    pub cascade: cascade::Cascade,
}

/// Whether a reading could be made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// The evidence supports a reading.
    Finding,
    /// Too few of the answers it needs exist: it says which are missing instead.
    NotEnoughEvidence,
}

/// One reading of the evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reading {
    pub id: &'static str,
    pub title: &'static str,
    pub outcome: Outcome,
    /// A few words: "Strong metrics, weak practices".
    pub verdict: String,
    /// What the evidence shows and what it does not, in plain sentences for a client.
    pub says: String,
    /// What weakens the reading: guessed figures, answers missing.
    pub caveats: Vec<String>,
    /// Every answer it rests on.
    pub evidence: Vec<Evidence>,
    /// How many answers it asks for, and how many exist.
    pub needed: usize,
    pub found: usize,
}

/// How a finding reads for the client: sound, mixed, or a concern. Screens mark each so that a
/// healthy reading never looks like a risky one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Healthy,
    Mixed,
    Concern,
}

/// The verdicts that say the evidence is sound, and those that say it is neither sound nor a
/// concern; every other verdict of a finding is a concern.
const HEALTHY: [&str; 7] = [
    "A capable delivery engine",
    "Shipping and landing",
    "No support spike",
    "Adoption with its safeguards",
    "Little AI-assisted development yet",
    "Operations in early",
    "One story",
];
const MIXED: [&str; 4] =
    ["Mixed", "Some support load", "Operations in during the build", "Safeguards partly keeping up"];

impl Reading {
    /// Sound, mixed or a concern; None when there is not enough evidence to say.
    pub fn tone(&self) -> Option<Tone> {
        match self.outcome {
            Outcome::NotEnoughEvidence => None,
            Outcome::Finding if HEALTHY.contains(&self.verdict.as_str()) => Some(Tone::Healthy),
            Outcome::Finding if MIXED.contains(&self.verdict.as_str()) => Some(Tone::Mixed),
            Outcome::Finding => Some(Tone::Concern),
        }
    }

    /// "Evidence: 3 answers (it needs at least 2)".
    pub fn evidence_line(&self) -> String {
        let answers = if self.found == 1 { "answer" } else { "answers" };
        format!("Evidence: {} {answers} (it needs at least {})", self.found, self.needed)
    }

    /// A finding; `found` counts the answers among `evidence` that could be read.
    fn finding(
        id: &'static str,
        title: &'static str,
        (verdict, says): (String, String),
        evidence: Vec<Evidence>,
        needed: usize,
    ) -> Reading {
        let found = evidence.iter().filter(|e| e.level != Level::Unknown).count();
        Reading { id, title, outcome: Outcome::Finding, verdict, says, caveats: Vec::new(), evidence, needed, found }
    }

    fn not_enough(
        id: &'static str,
        title: &'static str,
        says: String,
        evidence: Vec<Evidence>,
        needed: usize,
    ) -> Reading {
        let found = evidence.iter().filter(|e| e.level != Level::Unknown).count();
        Reading {
            id,
            title,
            outcome: Outcome::NotEnoughEvidence,
            verdict: "Not enough evidence".into(),
            says,
            caveats: Vec::new(),
            evidence,
            needed,
            found,
        }
    }
}

/// The session's readings, in the method's order.
pub fn diagnose(session: &Session, catalog: &Catalog) -> Diagnosis {
    // A second capture is the same conversation again: read once.
    let session = &*session.accounts();
    // The matrix and the interviews' labels once, for every reading.
    let sources = Sources::new(session, catalog);
    let pillars = pillars::read(&sources);
    let landing = landing::reading(&sources);
    let cascade = cascade::read(&sources, &pillars, landing.verdict == landing::FAILED);
    let readings = vec![
        performance::reading(&sources, &pillars),
        landing,
        support::reading(&sources),
        ai::reading(&sources),
        stories::operations_late(&sources),
        stories::launch_story(&sources),
    ];
    Diagnosis { readings, pillars, cascade }
}

/// "2 of 5 figures were guessed" and the like, for the figures among `evidence`.
fn source_caveats(evidence: &[Evidence]) -> Vec<String> {
    let figures: Vec<&Evidence> = evidence.iter().filter(|e| e.level != Level::Unknown && e.asks_source).collect();
    if figures.is_empty() {
        return Vec::new();
    }
    let count = |f: &dyn Fn(Option<Source>) -> bool| figures.iter().filter(|e| f(e.source)).count();
    let guessed = count(&|s| matches!(s, Some(Source::Guessed | Source::Unknown)));
    let estimated = count(&|s| s == Some(Source::Estimated));
    let unrecorded = count(&|s| s.is_none());
    let n = figures.len();
    let were = |k: usize| if k == 1 { "was" } else { "were" };
    let mut out = Vec::new();
    if guessed == n {
        out.push(format!(
            "Every one of the {n} figures it rests on was guessed or of unknown origin: it rests on guesses alone."
        ));
    } else if guessed > 0 {
        out.push(format!("{guessed} of the {n} figures it rests on {} guessed or of unknown origin.", were(guessed)));
    }
    if estimated > 0 {
        out.push(format!("{estimated} of the {n} figures it rests on {} estimated, not measured.", were(estimated)));
    }
    if unrecorded > 0 {
        out.push(format!("Where {unrecorded} of the {n} figures came from was not recorded."));
    }
    out
}

/// Whether any of the figures among `evidence` was guessed, of unknown origin or unrecorded.
fn any_unmeasured(evidence: &[Evidence]) -> bool {
    evidence
        .iter()
        .filter(|e| e.level != Level::Unknown && e.asks_source)
        .any(|e| matches!(e.source, None | Some(Source::Guessed | Source::Unknown)))
}

#[cfg(test)]
mod pillar_tests;
#[cfg(test)]
mod tests;
