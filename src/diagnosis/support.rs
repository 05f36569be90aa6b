//! Reading 6, support after launch: a rise in support work after a launch is support load, not a
//! sign that nobody uses what shipped (heavy use can cause it). The article's low-maturity
//! pattern is support volume rising because enablement and onboarding were deferred, so the load
//! is read beside what Customer Success says reached it before the launch.

use super::Sources;
use super::evidence::{Evidence, Level, mean, received_on};
use super::profile::{ADOPTION, Profile, SUPPORT_LOAD};
use super::{Reading, source_caveats};

const ID: &str = "support-load";
const TITLE: &str = "Support after launch";

/// What prepares support for a launch: training, the questions to expect, customer docs,
/// onboarding, and warning of the load itself.
const ENABLEMENT: [&str; 5] = [
    "launch.cs-training",
    "launch.customer-questions",
    "launch.customer-docs",
    "launch.onboarding",
    "launch.support-load",
];
/// Answers of what reached CS it needs to say whether enablement was weak or strong.
const ENABLEMENT_NEEDED: usize = 2;

pub fn reading(sources: &Sources) -> Reading {
    let load = Profile::read(sources, SUPPORT_LOAD);
    let enablement = received_on(sources, |t| ENABLEMENT.contains(&t), Some("customer-success"));
    let visibility = super::evidence::answers_to(sources, "customer-success.ticket-visibility", |q, a| a.normalised(q));
    let evidence: Vec<Evidence> = [&load.evidence, &enablement, &visibility].into_iter().flatten().cloned().collect();
    let needed = load.questions.max(3);
    if !load.enough() {
        if let Some(untracked) = untracked(&load) {
            let says = format!(
                "Customer Success cannot say how support work changes after a launch ({untracked}): a rise nobody \
                 measures cannot be traced to what reached support before the launch, or reduced."
            );
            return Reading::finding(ID, TITLE, ("Support load not tracked".into(), says), evidence, needed);
        }
        let says = format!(
            "This reading needs Customer Success's account of the support work after a launch ({} of {} answered: \
             the rise in tickets, its trend across launches, escalations).",
            load.answered, load.questions
        );
        return Reading::not_enough(ID, TITLE, says, evidence, needed);
    }
    let prepared = if enablement.iter().filter(|e| e.level != Level::Unknown).count() >= ENABLEMENT_NEEDED {
        Level::of(mean(&enablement))
    } else {
        Level::Unknown
    };
    let quiet_but_unused = Profile::read(sources, ADOPTION).level() == Level::Weak;
    let received = listed(&enablement, prepared, |e| format!("{} of 4", e.score.map_or(0.0, |s| s * 4.0)));
    let answers = listed(&load.evidence, Level::Unknown, |e| e.answer.clone());
    let verdict = verdict(load.level(), prepared, quiet_but_unused, &answers, &received);
    Reading { caveats: source_caveats(&evidence), ..Reading::finding(ID, TITLE, verdict, evidence, needed) }
}

/// The verdict and what it says, from the load, what reached CS, and whether what shipped is used.
fn verdict(load: Level, prepared: Level, unused: bool, load_answers: &str, received: &str) -> (String, String) {
    match (load, prepared) {
        (Level::Weak, Level::Weak) => (
            "Enablement left to support".into(),
            format!(
                "Support work rose after the launch ({load_answers}) and Customer Success says little reached it \
                 before ({received}). The load is the cost of enablement deferred: the remedy is in what reaches \
                 support before a launch, not in more support staff."
            ),
        ),
        (Level::Weak, Level::Strong) => (
            "Load despite enablement".into(),
            format!(
                "Support work rose after the launch ({load_answers}) although Customer Success says it was prepared \
                 ({received}): look at what shipped (defects, usability, onboarding in the product) rather than at \
                 the briefing."
            ),
        ),
        (Level::Weak, _) => (
            "Heavy support load".into(),
            format!(
                "Support work rose after the launch ({load_answers}). What reached Customer Success before it reads \
                 {} ({received}), so this evidence does not settle the cause.",
                prepared.name()
            ),
        ),
        (Level::Strong, _) if unused => (
            "Quiet support, little use".into(),
            format!(
                "Support work barely rose after the launch ({load_answers}), but few accounts use what launched (see \
                 Shipping and landing): a quiet queue may mean little use, not a smooth landing."
            ),
        ),
        (Level::Strong, _) => (
            "No support spike".into(),
            format!("Support work barely rose after the launch, and rises are not growing ({load_answers})."),
        ),
        _ => (
            "Some support load".into(),
            format!("Support work rose somewhat after the launch ({load_answers}); neither heavy nor absent."),
        ),
    }
}

/// "support-trend: Can't tell; we don't track it" when a load answer says it is not tracked.
fn untracked(load: &Profile) -> Option<String> {
    let said: Vec<String> = load
        .evidence
        .iter()
        .filter(|e| e.answer == "don't know" || e.answer.starts_with("Can't tell"))
        .map(|e| format!("{}: {}", e.about, e.answer))
        .collect();
    (!said.is_empty()).then(|| said.join("; "))
}

/// The known answers by question ("ticket-rise: 210 %; support-trend: Getting bigger"), only
/// those at `level` when it is weak or strong (the ones that make the verdict).
fn listed(evidence: &[Evidence], level: Level, answer: impl Fn(&Evidence) -> String) -> String {
    let only = matches!(level, Level::Weak | Level::Strong);
    let known: Vec<String> = evidence
        .iter()
        .filter(|e| e.level != Level::Unknown && (!only || e.level == level))
        .map(|e| format!("{}: {}", e.about, answer(e)))
        .collect();
    if known.is_empty() { "none answered".into() } else { known.join("; ") }
}
