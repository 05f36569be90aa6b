//! Reading 3, AI-assisted development outpacing its safeguards: assistants in wide use while
//! tests, pipeline and review have not kept up is speed without the quality infrastructure to
//! carry it; and for a product whose behaviour comes from a model, which of the four operational
//! capabilities the article names are missing (evaluation of model and prompt changes, drift
//! monitoring, rollback and containment, ownership of model behaviour).

use super::evidence::{Evidence, Level};
use super::{Reading, Sources};
use crate::bank::Catalog;
use crate::session::{AnswerValue, Session};

const ID: &str = "ai-safeguards";
const TITLE: &str = "AI-assisted development";

const ADOPTION: &str = "engineering.ai-adoption";
/// Which of code review, automated tests and the pipeline's checks kept up (a multi, so that
/// each is answered for itself).
const KEPT_UP: &str = "engineering.ai-checks-kept-up";
const CHANGES: &str = "engineering.ai-changes-made";
const IN_PRODUCT: &str = "engineering.ai-in-product";
const SAFEGUARDS: &str = "engineering.ai-safeguards";

/// The answer to `id` in the session's interviews of its bank, as evidence read by `score`.
fn evidence_of(sources: &Sources, id: &str, score: impl Fn(&AnswerValue) -> Option<f64>) -> Vec<Evidence> {
    super::evidence::answers_to(sources, id, |_, a| a.value.as_ref().and_then(&score))
}

/// The options of a multi no interview ticked (but "nothing yet"/"none of these"); nothing when
/// no interview answered it: an unasked question says nothing is missing.
fn not_ticked(session: &Session, catalog: &Catalog, id: &str) -> Vec<String> {
    let Some((bank, q)) = catalog.question(id) else { return Vec::new() };
    let answered: Vec<&Vec<String>> = session
        .interviews
        .iter()
        .filter(|i| i.function == bank.function)
        .filter_map(|i| i.answer(id).filter(|a| a.state == crate::session::AnswerState::Answered))
        .filter_map(|a| match a.value.as_ref() {
            Some(AnswerValue::Multi { options }) => Some(options),
            _ => None,
        })
        .collect();
    if answered.is_empty() {
        return Vec::new();
    }
    let ticked: Vec<&String> = answered.into_iter().flatten().collect();
    let none = |label: &str| label.starts_with("Nothing") || label.starts_with("None");
    q.options.iter().map(|o| &o.label).filter(|l| !none(l) && !ticked.contains(l)).cloned().collect()
}

pub fn reading(sources: &Sources) -> Reading {
    let catalog = sources.catalog;
    // How widely assistants are used: the option's place in the list, widest last.
    let width = |v: &AnswerValue| match v {
        AnswerValue::Choice { option } => catalog.question(ADOPTION).and_then(|(_, q)| {
            let i = q.option_index(option)?;
            Some(i as f64 / (q.options.len().max(2) - 1) as f64)
        }),
        _ => None,
    };
    // The share of the checks that kept up ("None of these": none).
    let share = |v: &AnswerValue| match (v, catalog.question(KEPT_UP)) {
        (AnswerValue::Multi { options }, Some((_, q))) => {
            let items: Vec<&str> = q.items().map(|o| o.label.as_str()).collect();
            let kept = items.iter().filter(|l| options.iter().any(|o| o == *l)).count();
            (!items.is_empty()).then(|| kept as f64 / items.len() as f64)
        }
        _ => None,
    };
    let adoption = evidence_of(sources, ADOPTION, width);
    let kept_pace = evidence_of(sources, KEPT_UP, share);
    let mut evidence = adoption.clone();
    evidence.extend(kept_pace.iter().cloned());
    let (Some(wide), Some(pace)) = (super::evidence::mean(&adoption), super::evidence::mean(&kept_pace)) else {
        let missing: Vec<&str> = [
            (super::evidence::mean(&adoption).is_none(), "how widely AI assistants are used"),
            (super::evidence::mean(&kept_pace).is_none(), "how far tests, pipeline and review have kept up"),
        ]
        .into_iter()
        .filter_map(|(gone, what)| gone.then_some(what))
        .collect();
        let says = format!(
            "This reading needs how widely AI assistants are used and how far tests, pipeline and review have kept \
             up; not answered yet: {}.",
            missing.join(" and ")
        );
        return Reading::not_enough(ID, TITLE, says, evidence, 2);
    };
    let behind = not_ticked(sources.session, catalog, KEPT_UP);
    let behind = if behind.is_empty() {
        String::new()
    } else {
        format!(" Fallen behind: {}.", behind.join("; ").to_lowercase())
    };
    let lacking = not_ticked(sources.session, catalog, CHANGES);
    let lacking = if lacking.is_empty() {
        behind
    } else {
        format!("{behind} Not yet changed for AI-generated code: {}.", lacking.join("; ").to_lowercase())
    };
    let (verdict, mut says) = match (wide >= 0.75 - 1e-9, Level::of(Some(pace))) {
        (false, _) => (
            "Little AI-assisted development yet".to_string(),
            "AI assistants are not yet in wide use, so they cannot outpace the safeguards.".to_string(),
        ),
        (true, Level::Weak) => (
            "Speed without quality infrastructure".to_string(),
            format!(
                "AI assistants are in wide use while tests, pipeline and review have fallen behind the extra code.{lacking}"
            ),
        ),
        (true, Level::Strong) => (
            "Adoption with its safeguards".to_string(),
            "AI assistants are in wide use and the safeguards have kept up.".to_string(),
        ),
        (true, _) => (
            "Safeguards partly keeping up".to_string(),
            format!("AI assistants are in wide use and the safeguards have only partly kept up.{lacking}"),
        ),
    };
    says.push_str(&product_capabilities(sources, &mut evidence));
    Reading::finding(ID, TITLE, (verdict, says), evidence, 2)
}

/// For an AI product: which of the four operational capabilities are missing.
fn product_capabilities(sources: &Sources, evidence: &mut Vec<Evidence>) -> String {
    let in_product = evidence_of(sources, IN_PRODUCT, |v| match v {
        AnswerValue::Choice { option } => Some(if option.starts_with("No") { 0.0 } else { 1.0 }),
        _ => None,
    });
    let yes = in_product.iter().any(|e| e.score == Some(1.0));
    // Whether the product uses a model is context, neither strong nor weak.
    evidence.extend(in_product.into_iter().map(|mut e| {
        if e.level != Level::Unknown {
            (e.score, e.level) = (None, Level::Middling);
        }
        e
    }));
    if !yes {
        return String::new();
    }
    let mut missing: Vec<String> =
        not_ticked(sources.session, sources.catalog, SAFEGUARDS).into_iter().map(|m| m.to_lowercase()).collect();
    // The four capabilities asked one by one: each answer read, the weak ones named.
    for (id, weak) in CAPABILITIES {
        let answers = super::evidence::answers_to(sources, id, |q, a| a.normalised(q));
        if answers.iter().any(|e| e.level == Level::Weak) {
            missing.push(weak.to_string());
        }
        evidence.extend(answers);
    }
    if missing.is_empty() {
        " For the AI features, every safeguard asked about is in place.".into()
    } else {
        format!(" For the AI features, missing: {}.", missing.join("; "))
    }
}

/// The operational capabilities of a product whose behaviour comes from a model, each asked on
/// its own, with what a weak answer says is missing.
const CAPABILITIES: [(&str, &str); 4] = [
    ("engineering.ai-evaluations", "model and prompt changes tested before users see them"),
    ("engineering.ai-bad-output-found", "bad output noticed before customers report it"),
    ("engineering.ai-model-owner", "a named owner of the model's behaviour in production"),
    ("engineering.ai-containment-time", "bad output contained within the hour"),
];
