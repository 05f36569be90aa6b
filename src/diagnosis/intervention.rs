//! The intervention a finding implies, as a first draft of what to change for the lead
//! consultant to rewrite: targeted inside engineering, upstream, landing rather than shipping,
//! and so on, by the method's readings; for a pillar, what the article says its weakness
//! produces; for a topic, the functions it did not reach. A draft, never a finding: the
//! consultant's words replace it.

use crate::divergence::TopicDivergence;
use crate::session::Finding;

use super::{Diagnosis, Reading};

/// A draft recommendation: what to change, who owns it, and the 30/60/90-day checkpoints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub change: String,
    pub owner: String,
    pub checkpoints: [String; 3],
}

/// The draft for a reading's or a pillar's `finding`, read from the diagnosis (a topic's is
/// [`on_topic`], from its row of the matrix).
pub fn implied(diagnosis: &Diagnosis, finding: &Finding) -> Draft {
    let (change, owner) = match finding {
        Finding::Reading(id) => match diagnosis.readings.iter().find(|r| r.id == id) {
            Some(r) => for_reading(r),
            None => (format!("Act on the reading {id}."), String::new()),
        },
        Finding::Pillar(p) => for_pillar(*p),
        Finding::Topic(id) => (format!("Close the gap on {id}."), String::new()),
    };
    with_checkpoints(change, owner)
}

/// The draft for a topic of the matrix: the functions it did not reach, and its claimant.
pub fn on_topic(t: &TopicDivergence, catalog: &crate::bank::Catalog) -> Draft {
    let title = |f: &str| catalog.bank(f).map_or_else(|| f.to_string(), |b| b.title.clone());
    let missed: Vec<String> =
        t.cells.iter().filter(|c| c.verdict.is_divergent()).map(|c| title(&c.received.function)).collect();
    let who = if missed.is_empty() { "every function that needs it".to_string() } else { missed.join(" and ") };
    let change = format!(
        "Agree what {who} must receive on {}, by when before launch, and confirm it arrived.",
        t.title.to_lowercase()
    );
    with_checkpoints(change, title(&t.communicated.function))
}

fn with_checkpoints(change: String, owner: String) -> Draft {
    let checkpoints = [
        format!("{} named as owner; the change agreed with the functions it touches", owner_or_someone(&owner)),
        "The next launch run the new way, and what it changed written down".to_string(),
        "The same questions asked again: the gap on this finding has closed".to_string(),
    ];
    Draft { change, owner, checkpoints }
}

fn owner_or_someone(owner: &str) -> &str {
    if owner.is_empty() { "An owner" } else { owner }
}

fn for_reading(r: &Reading) -> (String, String) {
    let (change, owner) = match (r.id, r.verdict.as_str()) {
        ("performance-practice", "A problem inside engineering") => (
            "Invest inside engineering, starting with the weak practices: pipeline maturity, release discipline, \
             test automation, incident response, platform ownership.",
            "Engineering",
        ),
        ("performance-practice", "A systemic problem") => (
            "Start upstream of engineering: fix how work is set and arrives before tuning delivery itself.",
            "Leadership",
        ),
        ("performance-practice", "Weak metrics, strong practices") => (
            "Remove the constraint upstream of engineering: work arriving ready, teams able to release on their \
             own, a clear direction.",
            "Product",
        ),
        ("performance-practice", "Strong metrics, weak practices") => (
            "Build the practices behind the delivery figures, and measure the figures from the pipeline rather \
             than reading them.",
            "Engineering",
        ),
        ("shipping-landing", super::landing::FAILED) => (
            "Fix how launches land, not how they ship: define and track adoption, and enable Sales and Customer \
             Success before launch day.",
            "Product",
        ),
        ("shipping-landing", _) => ("Define adoption for each launch and track it after launch.", "Product"),
        ("support-load", _) => (
            "Prepare support before each launch: training, the questions to expect, customer docs and the load to \
             expect, checked before go-live.",
            "Product and Customer Success",
        ),
        ("ai-safeguards", _) => (
            "Bring code review, automated tests and the pipeline's checks up to the pace of AI-assisted code.",
            "Engineering",
        ),
        ("operations-late", _) => {
            ("Bring Operations into each launch at design, with its readiness standard as a gate.", "Engineering")
        }
        ("launch-story", _) => (
            "Write down one launch process, with each function's part, and walk Sales and Customer Success through \
             it before the next launch.",
            "Product",
        ),
        _ => ("", ""),
    };
    match change {
        "" => (format!("Act on “{}”: {}", r.verdict, r.title), String::new()),
        _ => (change.to_string(), owner.to_string()),
    }
}

fn for_pillar(p: crate::bank::Pillar) -> (String, String) {
    use crate::bank::Pillar;
    let (change, owner) = match p {
        Pillar::IdentityDirection => (
            "Set the outcomes this period's work must move, with the reasons and how each is measured, give them to \
             every function, and hold the top priority steady between planning points.",
            "Leadership",
        ),
        Pillar::IntelligenceAdaptation => (
            "Route what Sales and Customer Success hear from customers to Product on a set rhythm, and decide what \
             to build on that evidence.",
            "Product",
        ),
        Pillar::ControlOptimisation => (
            "Approve work to start only when it is ready, and set the split of capacity between new work, \
             maintenance and unplanned work on purpose.",
            "Leadership and Engineering",
        ),
        Pillar::Coordination => (
            "Plan the dependencies between teams together before work starts, so that no release waits on another \
             team unannounced.",
            "Engineering",
        ),
        Pillar::Operations => (
            "Make delivery reliable and make what ships land: Operations in early, readiness checked, adoption \
             tracked.",
            "Operations",
        ),
    };
    (change.to_string(), owner.to_string())
}
