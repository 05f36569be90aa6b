//! Readings 4 and 5, read from both sides' words: when Operations first saw the work (its own
//! account and Engineering's, who brings it in) with the late problems it says were preventable — risk surfaced
//! late; and the receiving functions' own descriptions of the launch process beside their
//! scores and the PM's expectation of what they would say, with the claims on launch topics the
//! receivers refuted — one launch story or several, the article's most reliable signal.

use super::evidence::{Evidence, Level};
use super::{Reading, Sources};
use crate::bank::Catalog;
use crate::claims::{Entry, Standing, WithFunction};
use crate::session::Session;

/// Every interview's answer to `id`, read by the question's own scale or scores (0..1).
fn answers(sources: &Sources, id: &str) -> Vec<Evidence> {
    super::evidence::answers_to(sources, id, |q, a| a.normalised(q))
}

pub fn operations_late(sources: &Sources) -> Reading {
    const ID: &str = "operations-late";
    const TITLE: &str = "When Operations came in";
    let ops = answers(sources, "operations.first-sees-work");
    let eng = answers(sources, "engineering.ops-first-saw");
    let changed = answers(sources, "operations.decision-changed");
    let preventable = answers(sources, "operations.preventable-problems");
    let evidence: Vec<Evidence> = [&ops, &eng, &changed, &preventable].into_iter().flatten().cloned().collect();
    let Some(seen) = super::evidence::mean(&ops) else {
        let says = "This reading needs Operations' own account of when it first saw the work.".into();
        return Reading::not_enough(ID, TITLE, says, evidence, 1);
    };
    let problems: Vec<String> = preventable
        .iter()
        .filter(|e| e.level != Level::Unknown && !e.answer.starts_with("None"))
        .map(|e| e.answer.clone())
        .collect();
    let problems =
        if problems.is_empty() { String::new() } else { format!(" Preventable, it says: {}.", problems.join("; ")) };
    let eng_says = super::evidence::mean(&eng).filter(|e| (e - seen).abs() >= 0.5 - 1e-9).map_or(String::new(), |_| {
        format!(
            " Engineering's account differs: {}.",
            eng.iter().map(|e| e.answer.as_str()).collect::<Vec<_>>().join("; ")
        )
    });
    let (verdict, says) = if seen <= 0.25 + 1e-9 {
        (
            "Risk surfaced late".to_string(),
            format!("Operations first saw the work close to go-live or after: {}.{problems}{eng_says}", first(&ops)),
        )
    } else if seen >= 0.75 - 1e-9 {
        (
            "Operations in early".to_string(),
            format!("Operations saw the work while it could still shape it: {}.{eng_says}", first(&ops)),
        )
    } else {
        (
            "Operations in during the build".to_string(),
            format!("Operations first saw the work once the design was fixed: {}.{problems}{eng_says}", first(&ops)),
        )
    };
    Reading::finding(ID, TITLE, (verdict, says), evidence, 1)
}

pub fn launch_story(sources: &Sources) -> Reading {
    const ID: &str = "launch-story";
    const TITLE: &str = "One launch story or several";
    let mut words = answers(sources, "sales.describe-process");
    words.extend(answers(sources, "customer-success.describe-process"));
    let mut scores = answers(sources, "sales.launch-process-shared");
    scores.extend(answers(sources, "customer-success.launch-process-shared"));
    // The claim is asked with a row per receiver (`each`): both rows are the PM's account.
    let mut communicated = answers(sources, "product.launch-process-shared-sales");
    communicated.extend(answers(sources, "product.launch-process-shared-customer-success"));
    let expected = answers(sources, "product.expected-account");
    let refuted = refuted_claims(sources.session, sources.catalog);
    let evidence: Vec<Evidence> =
        [&words, &scores, &communicated, &expected, &refuted.evidence].into_iter().flatten().cloned().collect();
    let described = words.iter().filter(|e| e.level != Level::Unknown).count();
    let known: Vec<f64> = scores.iter().filter_map(|e| e.score).collect();
    if described < 2 || known.len() < 2 {
        let says = format!(
            "This reading needs Sales' and CS's own descriptions of the launch process and their scores ({described} descriptions, {} scores).",
            known.len()
        );
        return Reading::not_enough(ID, TITLE, says, evidence, 4);
    }
    let (lo, hi) = known.iter().fold((1.0_f64, 0.0_f64), |(lo, hi), s| (lo.min(*s), hi.max(*s)));
    let communicated_level = super::evidence::mean(&communicated);
    let expectation = expected
        .iter()
        .find(|e| e.level != Level::Unknown)
        .map_or(String::new(), |e| format!(" The PM expected them to say: “{}”", e.answer));
    let expectation = format!("{}{}{expectation}", described_apart(sources, &words), refuted.says);
    let mean = known.iter().sum::<f64>() / known.len() as f64;
    let (verdict, says) = if hi - lo >= 0.5 - 1e-9 {
        (
            "Several stories".to_string(),
            format!(
                "The receiving functions describe the launch process differently and score it {} apart.{expectation}",
                points(hi - lo)
            ),
        )
    } else if communicated_level.is_some_and(|c| c - mean >= 0.375 - 1e-9) {
        // They agree with each other, 1.5 points or more below what Product says it shared.
        (
            "One story, not the PM's".to_string(),
            format!(
                "Sales and CS tell the same story of a process they cannot describe, while Product says it is defined and shared.{expectation}"
            ),
        )
    } else {
        // Whose story it is: theirs, set beside the PM's, and the PM's claims they confirmed.
        let pm = communicated_level.map_or(String::new(), |c| format!(", as the PM does ({:.1} of 4)", c * 4.0));
        let confirmed = match refuted.confirmed {
            0 => String::new(),
            1 => " 1 of the PM's claims on the launch was confirmed by every function it concerns.".into(),
            n => format!(" {n} of the PM's claims on the launch were confirmed by every function they concern."),
        };
        (
            "One story".to_string(),
            format!(
                "Sales and CS describe the launch process alike ({:.1} of 4 on average){pm}.{confirmed}{expectation}",
                mean * 4.0
            ),
        )
    };
    Reading::finding(ID, TITLE, (verdict, says), evidence, 4)
}

/// What each side's own description of the launch process names that the other's does not
/// ("" when either is missing or they name the same things): the same said-but-not-heard terms
/// the matrix marks, so that "several stories" shows the stories, not only their scores.
fn described_apart(sources: &Sources, words: &[Evidence]) -> String {
    let language = crate::divergence::language::or_default(&sources.session.language);
    let of = |function: &str| -> Vec<&str> {
        words
            .iter()
            .filter(|e| e.function == function && e.level != Level::Unknown)
            .map(|e| e.answer.as_str())
            .collect()
    };
    let (sales, cs) = (of("sales"), of("customer-success"));
    if sales.is_empty() || cs.is_empty() {
        return String::new();
    }
    const TERMS: usize = 5;
    let only_sales = crate::divergence::terms::missing_from(&sales, &cs, TERMS, &[], language);
    let only_cs = crate::divergence::terms::missing_from(&cs, &sales, TERMS, &[], language);
    let list = |terms: &[String]| terms.iter().map(|t| format!("«{t}»")).collect::<Vec<_>>().join(", ");
    match (only_sales.is_empty(), only_cs.is_empty()) {
        (true, true) => String::new(),
        (false, true) => format!(" Sales' account names {} where CS's does not.", list(&only_sales)),
        (true, false) => format!(" CS's account names {} where Sales' does not.", list(&only_cs)),
        (false, false) => format!(
            " In their own words, Sales' account names {} and CS's does not; CS's names {} and Sales' does not.",
            list(&only_sales),
            list(&only_cs)
        ),
    }
}

/// The claims on launch topics that did not hold with some function: one evidence line per
/// interview that refuted one, and a sentence counting them ("" when there are none).
struct Refuted {
    evidence: Vec<Evidence>,
    says: String,
    /// Claims on launch topics every function they concern confirmed.
    confirmed: usize,
}

/// Claims are evidence of several stories only on launch topics, where this reading looks.
fn refuted_claims(session: &Session, catalog: &Catalog) -> Refuted {
    let ledger = crate::claims::ledger(session, catalog);
    let confirmed = ledger
        .iter()
        .filter(|e| e.claim.topic.starts_with("launch."))
        .filter(|e| !e.functions.is_empty() && e.functions.iter().all(|f| f.standing == Standing::Confirmed))
        .count();
    let refuted: Vec<_> = ledger
        .iter()
        .filter(|e| e.claim.topic.starts_with("launch."))
        .filter(|e| e.functions.iter().any(|f| f.standing == Standing::Refuted))
        .collect();
    let mut evidence = Vec::new();
    let mut by: Vec<&str> = Vec::new();
    for e in &refuted {
        for f in e.functions.iter().filter(|f| f.standing == Standing::Refuted) {
            let short = catalog.bank(&f.function).map_or(f.function.as_str(), |b| b.short_name());
            if !by.contains(&short) {
                by.push(short);
            }
            let about: std::sync::Arc<str> = catalog.about(&e.claim.topic).into();
            evidence.extend(refutations(e, f, about));
        }
    }
    if refuted.is_empty() {
        return Refuted { evidence, says: String::new(), confirmed };
    }
    let product =
        refuted.iter().all(|e| session.interviews.iter().any(|i| i.id == e.made_in && i.function == "product"));
    let whose = if product { "the PM's claims" } else { "the claims made in interviews" };
    let were = if refuted.len() == 1 { "was" } else { "were" };
    let by = match by.as_slice() {
        [rest @ .., last] if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => by.join(""),
    };
    let says = format!(" {} of {whose} on the launch {were} not received, or not known of, by {by}.", refuted.len());
    Refuted { evidence, says, confirmed }
}

/// Each interview of `f` that refuted the claim of `e`, as an evidence line.
fn refutations<'a>(
    e: &'a Entry,
    f: &'a WithFunction,
    about: std::sync::Arc<str>,
) -> impl Iterator<Item = Evidence> + 'a {
    f.heard.iter().filter_map(|h| h.check.as_ref().filter(|c| c.verdict.refutes()).map(|c| (h, c))).map(
        move |(h, c)| {
            let notes = if c.notes.trim().is_empty() { String::new() } else { format!(": {}", c.notes.trim()) };
            Evidence {
                function: f.function.clone(),
                who: h.label.as_str().into(),
                question_id: e.claim.topic.clone(),
                question: format!("Claim: {}", e.claim.text).into(),
                about: about.clone(),
                answer: format!("“{}” — {}{notes}", e.claim.text.trim(), c.verdict.name()),
                source: None,
                asks_source: false,
                score: Some(0.0),
                level: Level::Weak,
            }
        },
    )
}

fn points(gap: f64) -> String {
    format!("{:.1} points", gap * 4.0)
}

/// The first known answer among `evidence`.
fn first(evidence: &[Evidence]) -> String {
    evidence.iter().find(|e| e.level != Level::Unknown).map_or(String::new(), |e| e.answer.clone())
}
