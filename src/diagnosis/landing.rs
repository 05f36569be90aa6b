//! Reading 2, shipping vs landing: when engineering throughput is strong but adoption is weak,
//! the failure is not in shipping, it is in landing; and the reverse, landing well what ships
//! slowly.

use super::Sources;
use super::evidence::{Evidence, Level, mean, received_on};
use super::performance::figures;
use super::profile::{ADOPTION, Profile};
use super::{Reading, source_caveats};

const ID: &str = "shipping-landing";
/// The verdict when strong throughput meets weak adoption.
pub const FAILED: &str = "The failure is in landing, not shipping";
const TITLE: &str = "Shipping and landing";

/// Throughput: how often and how fast changes reach production.
const THROUGHPUT: [&str; 2] = ["engineering.deployment-frequency", "engineering.change-lead-time"];

pub fn reading(sources: &Sources) -> Reading {
    let (figures, metrics) = figures(sources, &THROUGHPUT);
    let adoption = Profile::read(sources, ADOPTION);
    // Product's own account of whether adoption was defined and tracked, beside the figures.
    let practice: Vec<Evidence> = ["product.adoption-defined", "product.adoption-tracked"]
        .into_iter()
        .flat_map(|id| super::evidence::answers_to(sources, id, |q, a| a.normalised(q)))
        .collect();
    let mut evidence = figures.clone();
    evidence.extend(adoption.evidence.iter().cloned());
    evidence.extend(practice.iter().cloned());
    // Beside them, what the receiving functions say reached them on the adoption topics.
    evidence.extend(received_on(sources, |topic| topic.starts_with("adoption."), None));
    // Both throughput figures and three in five of the adoption questions.
    let needed = THROUGHPUT.len() + (adoption.questions * 3).div_ceil(5).max(3);
    if metrics < THROUGHPUT.len() {
        let says = format!(
            "This reading needs both throughput figures, deployment frequency and change lead time ({metrics} \
             answered), set against how far what shipped is used."
        );
        return Reading::not_enough(ID, TITLE, says, evidence, needed);
    }
    let throughput = Level::of(mean(&figures));
    // Adoption nobody can state is itself the finding beside strong throughput ("don't know"
    // reads as not landed); beside any other, too few adoption answers support no reading.
    let adoption_level = if adoption.enough() { adoption.level() } else { Level::Unknown };
    if adoption_level == Level::Unknown && throughput != Level::Strong {
        let says = format!(
            "Throughput reads {}; this reading also needs three in five of the adoption questions ({} of {} answered) \
             to say whether what ships is used.",
            throughput.name(),
            adoption.answered,
            adoption.questions
        );
        return Reading::not_enough(ID, TITLE, says, evidence, needed);
    }
    let unknown_answers = adoption.evidence.iter().filter(|e| e.answer == "don't know").count();
    let (verdict, says) = match (throughput, adoption_level) {
        (Level::Strong, Level::Weak) => (
            FAILED.to_string(),
            format!(
                "Engineering ships often and fast, but what ships is not being used: the adoption answers are weak ({}). \
                 The constraint is not in delivery but in how launches land with customers.",
                weak_list(&adoption)
            ),
        ),
        (Level::Strong, Level::Unknown) => (
            "Shipping, with landing unknown".to_string(),
            format!(
                "Engineering ships often and fast, but nobody can say whether what ships is used ({} of the {} \
                 adoption answers are \"don't know\" or missing): adoption that is not tracked cannot be managed.",
                unknown_answers + adoption.questions.saturating_sub(adoption.answered),
                adoption.questions
            ),
        ),
        (Level::Weak, Level::Strong) => (
            "Landing well, shipping slowly".to_string(),
            "What ships is used, but it ships slowly: the constraint is in delivery, not in landing.".to_string(),
        ),
        (Level::Strong, Level::Strong) => (
            "Shipping and landing".to_string(),
            "Engineering ships often and fast, and what ships is used.".to_string(),
        ),
        (t, a) => (
            "Mixed".to_string(),
            format!(
                "Throughput reads {} and adoption {}: neither shipping nor landing stands out.",
                t.name(),
                a.name()
            ),
        ),
    };
    // Every figure it rests on, adoption's as well as throughput's.
    let mut caveats = source_caveats(&evidence);
    caveats.extend(undefined_adoption(&practice, &adoption));
    Reading { caveats, ..Reading::finding(ID, TITLE, (verdict, says), evidence, needed) }
}

/// Adoption figures given although Product says adoption was not defined, or not tracked: the
/// figures have nothing of Product's to be read against.
fn undefined_adoption(practice: &[Evidence], adoption: &Profile) -> Option<String> {
    let weak: Vec<String> = practice
        .iter()
        .filter(|e| e.level == Level::Weak)
        .map(|e| format!("{} “{}”", if e.question_id.ends_with("defined") { "defined:" } else { "tracked:" }, e.answer))
        .collect();
    let figures = adoption.evidence.iter().any(|e| e.asks_source && e.level != Level::Unknown);
    (figures && !weak.is_empty()).then(|| {
        format!(
            "Product's own account of adoption is weak ({}), yet adoption figures were given: they are not read \
             against a definition or a tracking of Product's own.",
            weak.join(", ")
        )
    })
}

/// The weak adoption answers, by question.
fn weak_list(adoption: &Profile) -> String {
    let weak: Vec<String> = adoption.weak().iter().map(|e: &&Evidence| format!("{}: {}", e.about, e.answer)).collect();
    if weak.is_empty() { "none named".into() } else { weak.join("; ") }
}
