//! The cascade (issue 24): "findings are rarely isolated to one pillar … where the
//! highest-leverage intervention sits". For each upstream pillar that reads weak, whether the
//! symptoms the article says its weakness produces downstream are present; the intervention
//! sits in the most upstream weak pillar whose predicted symptoms are observed. When the
//! evidence supports no single place, it says so.

use serde::Serialize;

use super::Sources;
use super::evidence::{Evidence, Level, answers_to, received_on};
use super::pillars::PillarReading;
use super::profile::{ADOPTION, Profile};
use crate::bank::Pillar;
use crate::session::{AnswerValue, Source};

/// Capacity on unplanned fixes at or above this share reads as capacity lost (%).
pub const UNPLANNED_LOST: f64 = 30.0;
/// New work this many points below the share leadership intended reads as the wrong profile.
pub const NEW_WORK_SHORTFALL: f64 = 15.0;
/// Deployments done only to fix what users hit, at or above this share, read as rework (%).
pub const REWORK_HIGH: f64 = 20.0;
/// This many other teams or more to wait on for one release reads as releases that wait.
pub const TEAMS_WAITED_ON: f64 = 2.0;

/// One symptom a weak pillar predicts downstream, and whether it is observed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Symptom {
    pub what: &'static str,
    /// None: nothing answered that could show it.
    pub observed: Option<bool>,
    pub evidence: Vec<Evidence>,
}

/// A weak upstream pillar and the symptoms it predicts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Link {
    pub from: Pillar,
    pub symptoms: Vec<Symptom>,
}

impl Link {
    pub fn observed(&self) -> Vec<&Symptom> {
        self.symptoms.iter().filter(|s| s.observed == Some(true)).collect()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cascade {
    /// Each weak upstream pillar, upstream first.
    pub links: Vec<Link>,
    /// Where the highest-leverage intervention sits, when the evidence supports one place.
    pub leverage: Option<Pillar>,
    pub verdict: String,
    pub says: String,
}

pub fn read(sources: &Sources, pillars: &[PillarReading], landing_failed: bool) -> Cascade {
    let upstream: Vec<&PillarReading> = pillars.iter().filter(|p| p.pillar != Pillar::Operations).collect();
    let links: Vec<Link> = upstream
        .iter()
        .filter(|p| p.level == Level::Weak)
        .map(|p| Link { from: p.pillar, symptoms: symptoms(sources, p.pillar, landing_failed) })
        .collect();
    let leverage = links.iter().find(|l| !l.observed().is_empty()).map(|l| l.from);
    let (verdict, says) = words(&upstream, &links, leverage);
    Cascade { links, leverage, verdict, says }
}

/// The verdict and its sentences.
fn words(upstream: &[&PillarReading], links: &[Link], leverage: Option<Pillar>) -> (String, String) {
    let in_scope: Vec<&&PillarReading> = upstream.iter().filter(|p| p.in_scope).collect();
    if in_scope.is_empty() {
        let says = "The upstream pillars are out of this engagement's scope: where the causes of what Operations \
                    shows sit upstream cannot be read."
            .to_string();
        return ("Upstream not in scope".into(), says);
    }
    if let Some(p) = leverage {
        let link = links.iter().find(|l| l.from == p).expect("the leverage is a link");
        let seen: Vec<&str> = link.observed().iter().map(|s| s.what).collect();
        let also: Vec<&str> =
            links.iter().filter(|l| l.from != p && !l.observed().is_empty()).map(|l| l.from.name()).collect();
        let also = if also.is_empty() {
            String::new()
        } else {
            let reads = if also.len() == 1 { "reads" } else { "read" };
            format!(" {} {reads} weak too, downstream of it.", also.join(" and "))
        };
        let says = format!(
            "{} reads weak, and the symptoms the method predicts from it are present downstream: {}. The \
             highest-leverage intervention sits there: fixing what is downstream first treats symptoms.{also}",
            p.name(),
            seen.join("; ")
        );
        return (format!("Start upstream: {}", p.name()), says);
    }
    if !links.is_empty() {
        let weak: Vec<String> = links
            .iter()
            .map(|l| {
                let checked = l.symptoms.iter().filter(|s| s.observed.is_some()).count();
                let what: Vec<&str> = l.symptoms.iter().map(|s| s.what).collect();
                format!("{} ({}; {checked} of {} could be checked)", l.from.name(), what.join("; "), what.len())
            })
            .collect();
        let says = format!(
            "Weak upstream, but none of the symptoms it would produce downstream is observed: {}. The evidence \
             supports no single place to intervene.",
            weak.join(", ")
        );
        return ("No single place".into(), says);
    }
    let unknown: Vec<&str> = in_scope.iter().filter(|p| p.level == Level::Unknown).map(|p| p.pillar.name()).collect();
    if !unknown.is_empty() {
        let says = format!(
            "Not enough evidence upstream to say where the highest-leverage intervention sits: {} lack answers; \
             no upstream pillar in scope reads weak on what was answered.",
            unknown.join(", ")
        );
        return ("Not enough evidence upstream".into(), says);
    }
    let says = "No upstream pillar in scope reads weak: the causes of what Operations shows are not upstream; see \
                Performance and practice for what sits inside engineering."
        .to_string();
    ("Upstream sound".into(), says)
}

/// The symptoms the article predicts downstream of a weak `pillar`.
fn symptoms(sources: &Sources, pillar: Pillar, landing_failed: bool) -> Vec<Symptom> {
    let weak = |id: &str| scale_weak(sources, id);
    match pillar {
        Pillar::IdentityDirection => vec![
            either(
                "work arrives under-specified",
                received_weak(sources, "control.work-ready", "engineering"),
                weak("engineering.work-arrives-ready"),
            ),
            symptom("the top priority changes often", shared_weak(sources, "priority-changes")),
            symptom(
                "rework after release",
                figure_at_least(sources, "engineering.deployment-rework-rate", REWORK_HIGH),
            ),
        ],
        Pillar::IntelligenceAdaptation => {
            let adoption = Profile::read(sources, ADOPTION);
            let observed =
                if adoption.enough() { Some(landing_failed || adoption.level() == Level::Weak) } else { None };
            vec![Symptom { what: "what ships is not used", observed, evidence: adoption.evidence }]
        }
        Pillar::ControlOptimisation => vec![
            symptom(
                "capacity lost to unplanned work",
                figure_at_least(sources, "engineering.unplanned-share", UNPLANNED_LOST),
            ),
            symptom("less new work than leadership intended", new_work_shortfall(sources)),
            either(
                "pricing gaps reported by Sales and CS",
                received_weak(sources, "launch.pricing", "sales"),
                received_weak(sources, "launch.pricing", "customer-success"),
            ),
        ],
        Pillar::Coordination => vec![
            symptom("long lead times", lead_time_slow(sources)),
            either(
                "releases wait on other teams",
                figure_at_least(sources, "engineering.teams-waited-on", TEAMS_WAITED_ON),
                weak("engineering.release-independently"),
            ),
        ],
        Pillar::Operations => Vec::new(),
    }
}

/// Whether a symptom shows, and the answers that say so.
type Seen = (Option<bool>, Vec<Evidence>);

fn symptom(what: &'static str, (observed, evidence): Seen) -> Symptom {
    Symptom { what, observed, evidence }
}

/// Observed when either answer shows it; unknown only when neither was answered.
fn either(what: &'static str, a: Seen, b: Seen) -> Symptom {
    let observed = match (a.0, b.0) {
        (Some(true), _) | (_, Some(true)) => Some(true),
        (None, None) => None,
        _ => Some(false),
    };
    Symptom { what, observed, evidence: a.1.into_iter().chain(b.1).collect() }
}

/// The answers to `id` read by their scale; weak when any reads weak.
fn scale_weak(sources: &Sources, id: &str) -> Seen {
    let evidence = answers_to(sources, id, |q, a| a.value.as_ref().and_then(|v| super::profile::member_score(q, v)));
    seen(evidence, |e| e.level == Level::Weak)
}

/// `function`'s account on `topic` read weak.
fn received_weak(sources: &Sources, topic: &str, function: &str) -> Seen {
    seen(received_on(sources, |t| t == topic, Some(function)), |e| e.level == Level::Weak)
}

/// Any function's answer to its `<function>.<name>` shared question reads weak.
fn shared_weak(sources: &Sources, name: &str) -> Seen {
    let evidence: Vec<Evidence> = sources
        .catalog
        .functions()
        .flat_map(|f| {
            answers_to(sources, &format!("{f}.{name}"), |q, a| {
                a.value.as_ref().and_then(|v| super::profile::member_score(q, v))
            })
        })
        .collect();
    seen(evidence, |e| e.level == Level::Weak)
}

/// A figure at or above `at` in any interview. A guessed figure, or one of unknown origin,
/// shows nothing either way: it is listed, not read.
fn figure_at_least(sources: &Sources, id: &str, at: f64) -> Seen {
    let evidence = answers_to(sources, id, |_, a| match (a.value.as_ref(), a.source) {
        (_, Some(Source::Guessed | Source::Unknown)) => None,
        (Some(AnswerValue::Number { value }), _) => Some(if *value >= at { 0.0 } else { 1.0 }),
        _ => None,
    });
    seen(evidence, |e| e.score == Some(0.0))
}

/// Engineering's share of new work against the share leadership intended.
fn new_work_shortfall(sources: &Sources) -> Seen {
    let number = |id: &str| {
        answers_to(sources, id, |_, a| match a.value {
            Some(AnswerValue::Number { value }) => Some(value / 100.0),
            _ => None,
        })
    };
    let (actual, intended) = (number("engineering.new-work-share"), number("leadership.new-work-share-intended"));
    let observed = match (super::evidence::mean(&actual), super::evidence::mean(&intended)) {
        (Some(a), Some(i)) => Some((i - a) * 100.0 >= NEW_WORK_SHORTFALL - 1e-9),
        _ => None,
    };
    let mut evidence = intended;
    evidence.extend(actual);
    (observed, evidence.into_iter().map(|e| Evidence { level: Level::Middling, ..e }).collect())
}

/// Change lead time in DORA's Low band or below.
fn lead_time_slow(sources: &Sources) -> Seen {
    let (evidence, _) = super::performance::figures(sources, &["engineering.change-lead-time"]);
    seen(evidence, |e| e.score.is_some_and(|s| s <= 0.25 + 1e-9))
}

/// Observed when any known answer shows it; unknown when none is known.
fn seen(evidence: Vec<Evidence>, shows: impl Fn(&Evidence) -> bool) -> Seen {
    let known: Vec<&Evidence> = evidence.iter().filter(|e| e.level != Level::Unknown || e.score.is_some()).collect();
    let observed = (!known.is_empty()).then(|| known.iter().any(|e| shows(e)));
    (observed, evidence)
}
