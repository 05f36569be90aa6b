//! Reading 1, delivery performance × practice: the DORA figures against the practices that
//! should produce them. Strong/strong is a capable delivery engine; strong figures with weak
//! practices mean luck, narrow local optimisation or metric gaming; weak figures with strong
//! practices point to a constraint upstream; weak/weak is a problem inside engineering, or a
//! systemic one when the upstream answers are weak too.

use super::Sources;
use super::evidence::{Evidence, Level, mean};
use super::pillars::PillarReading;
use super::profile::{DELIVERY_PRACTICE, Profile, UPSTREAM};
use super::{Reading, any_unmeasured, source_caveats};
use crate::bank::Pillar;
use crate::dora::Band;

const ID: &str = "performance-practice";
const TITLE: &str = "Performance and practice";
/// Of the four metrics DORA bands, how many must be answered.
const METRICS_NEEDED: usize = 3;

/// A band on 0..1: Elite 1, High 0.75, Medium 0.5, Low 0.25, below Low 0.
pub fn band_score(band: Band) -> Option<f64> {
    match band {
        Band::Elite => Some(1.0),
        Band::High => Some(0.75),
        Band::Medium => Some(0.5),
        Band::Low => Some(0.25),
        Band::BelowLow => Some(0.0),
        Band::NoPublishedBand => None,
    }
}

/// Every banded DORA answer as evidence, with how many distinct metrics are answered.
pub fn figures(sources: &Sources, metrics: &[&str]) -> (Vec<Evidence>, usize) {
    let mut evidence = Vec::new();
    let mut answered = Vec::new();
    for r in sources.dora.iter().filter(|r| metrics.contains(&r.question_id)) {
        let Some((bank, q)) = sources.catalog.question(r.question_id) else { continue };
        let Some(index) = sources.index_of(&r.interview) else { continue };
        let e = Evidence::of(sources, index, bank, q, r.band.and_then(band_score));
        if e.level != Level::Unknown && !answered.contains(&r.question_id) {
            answered.push(r.question_id);
        }
        evidence.push(e);
    }
    (evidence, answered.len())
}

/// The four metrics DORA bands.
pub const BANDED: [&str; 4] = [
    "engineering.deployment-frequency",
    "engineering.change-lead-time",
    "engineering.change-fail-rate",
    "engineering.failed-deployment-recovery-time",
];

pub fn reading(sources: &Sources, pillars: &[PillarReading]) -> Reading {
    let (figures, metrics) = figures(sources, &BANDED);
    let practice = Profile::read(sources, DELIVERY_PRACTICE);
    let own = Profile::read(sources, UPSTREAM);
    // What the interviewer saw of the figures: the article's own test of measured ones.
    let observed = observed_figures(sources);
    let mut evidence = figures.clone();
    evidence.extend(practice.evidence.iter().cloned());
    evidence.extend(own.evidence.iter().cloned());
    evidence.extend(observed.iter().cloned());
    let upstream = Upstream::of(pillars, &own);
    // At least three figures and three in five of the practice questions.
    let needed = METRICS_NEEDED + (practice.questions * 3).div_ceil(5).max(3);
    if metrics < METRICS_NEEDED || !practice.enough() {
        let says = format!(
            "This reading needs at least {METRICS_NEEDED} of DORA's four banded delivery figures ({metrics} answered) \
             and three in five of the delivery-practice questions ({} of {} answered).",
            practice.answered, practice.questions
        );
        return Reading::not_enough(ID, TITLE, says, evidence, needed);
    }
    let performance = Level::of(mean(&figures));
    let (verdict, says) = verdict(performance, practice.level(), &practice, &upstream);
    let mut caveats = source_caveats(&figures);
    if performance == Level::Strong && practice.level() == Level::Weak && any_unmeasured(&figures) {
        caveats.insert(0, "Guessed or unrecorded figures point to metrics read rather than measured.".into());
    }
    for e in observed.iter().filter(|e| e.level == Level::Weak) {
        let what = if e.question_id.ends_with("figures-cited") {
            "the delivery figures were not to hand"
        } else {
            "no delivery dashboard was shown"
        };
        caveats.push(format!(
            "Observed in the interview: {what} (“{}”); figures that cannot be shown are less likely measured.",
            e.answer
        ));
    }
    Reading { caveats, ..Reading::finding(ID, TITLE, (verdict, says), evidence, needed) }
}

/// The interviewer's observations of the delivery figures: whether they could be cited without
/// preparation, and whether the dashboard was shown.
fn observed_figures(sources: &Sources) -> Vec<Evidence> {
    ["engineering.figures-cited", "engineering.dashboard-seen"]
        .into_iter()
        .flat_map(|id| super::evidence::answers_to(sources, id, |q, a| a.normalised(q)))
        .collect()
}

/// What can be said of upstream: the upstream pillars' levels once two functions or more have
/// answered them; until then Engineering's own four answers (`upstream`), said to be only its
/// view, since it has every reason to place the cause elsewhere.
struct Upstream {
    level: Level,
    /// The weak pillars, or the weak answers, by name.
    weak: String,
    engineering_only: bool,
}

impl Upstream {
    fn of(pillars: &[PillarReading], own: &Profile) -> Upstream {
        let read: Vec<&PillarReading> =
            pillars.iter().filter(|p| p.pillar != Pillar::Operations && p.level != Level::Unknown).collect();
        let mut functions: Vec<&String> = read.iter().flat_map(|p| &p.functions).collect();
        functions.sort();
        functions.dedup();
        if read.is_empty() || functions.len() < 2 {
            let level = if own.enough() { own.level() } else { Level::Unknown };
            return Upstream { level, weak: names(&own.weak()), engineering_only: true };
        }
        let weak: Vec<&str> = read.iter().filter(|p| p.level == Level::Weak).map(|p| p.pillar.name()).collect();
        let level = if !weak.is_empty() {
            Level::Weak
        } else if read.iter().all(|p| p.level == Level::Strong) {
            Level::Strong
        } else {
            Level::Middling
        };
        Upstream { level, weak: weak.join(", "), engineering_only: false }
    }

    /// " (upstream: Engineering's view only)" until another function has answered.
    fn whose(&self) -> &'static str {
        if self.engineering_only { " Upstream: Engineering's view only." } else { "" }
    }
}

/// The verdict and the sentences for each combination.
fn verdict(performance: Level, practice: Level, practices: &Profile, upstream: &Upstream) -> (String, String) {
    let weak_practices = names(&practices.weak());
    let weak_upstream = &upstream.weak;
    let whose = upstream.whose();
    match (performance, practice) {
        (Level::Strong, Level::Strong) => (
            "A capable delivery engine".into(),
            format!(
                "The delivery figures are strong, and so are the practices that sustain them ({}).",
                names(&practices.strong())
            ),
        ),
        (Level::Strong, Level::Weak) => (
            "Strong metrics, weak practices".into(),
            format!(
                "The delivery figures are strong while the practices behind them are weak ({weak_practices}). \
                 Strong figures without the practices usually mean luck, a narrow local optimisation or figures \
                 that are read rather than measured; the answers below say which."
            ),
        ),
        (Level::Weak, Level::Strong) => {
            let upstream = match upstream.level {
                Level::Weak => format!("The upstream answers point to where: {weak_upstream}.{whose}"),
                Level::Unknown => "Too few upstream answers to say where: ask how work arrives, how teams release and how clear the direction is.".into(),
                _ => format!("The upstream answers do not show a constraint: ask where the work comes from.{whose}"),
            };
            (
                "Weak metrics, strong practices".into(),
                format!(
                    "The delivery figures are weak although the practices are strong: the constraint is likely upstream of engineering. {upstream}"
                ),
            )
        }
        (Level::Weak, Level::Weak) => match upstream.level {
            Level::Weak => (
                "A systemic problem".into(),
                format!(
                    "Delivery figures, practices ({weak_practices}) and upstream ({weak_upstream}) are all weak.{whose}"
                ),
            ),
            Level::Unknown => (
                "Weak metrics, weak practices".into(),
                format!(
                    "Both the delivery figures and the practices are weak ({weak_practices}); too few upstream answers \
                     to say whether the cause is inside engineering or systemic."
                ),
            ),
            _ => (
                "A problem inside engineering".into(),
                format!(
                    "Both the delivery figures and the practices are weak ({weak_practices}), while upstream reads {}: \
                     the cause sits inside engineering. A targeted intervention there (pipeline maturity, release \
                     discipline, test automation, incident response, platform ownership) starts with the weak \
                     practices named.{whose}",
                    upstream.level.name()
                ),
            ),
        },
        (p, q) => (
            "Mixed".into(),
            format!("The delivery figures read {} and the practices {}: neither story dominates.", p.name(), q.name()),
        ),
    }
}

/// "ci every commit: 1 – Rarely; …": the weak answers, by what they were asked about.
fn names(evidence: &[&Evidence]) -> String {
    let mut seen: Vec<String> = Vec::new();
    for e in evidence {
        let item = format!("{}: {}", e.about, e.answer);
        if !seen.contains(&item) {
            seen.push(item);
        }
    }
    if seen.is_empty() { "none named".into() } else { seen.join("; ") }
}
