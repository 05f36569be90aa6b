use super::*;

use std::collections::HashSet;

const TOPICS: &str = r#"{"version": "1", "topics": [{"id": "t.one", "title": "One"}]}"#;

fn bank(questions: &str) -> String {
    format!(
        r#"{{
  "function": "sales",
  "title": "Sales",
  "version": "1",
  "sections": [{{"id": "s", "title": "S"}}],
  "questions": [
{questions}
  ]
}}"#
    )
}

fn load(files: &[(&str, &str)]) -> Result<Catalog, BankErrors> {
    let mut all = vec![("topics.json".to_string(), TOPICS.to_string())];
    all.extend(files.iter().map(|(n, t)| (n.to_string(), t.to_string())));
    Catalog::from_files(all, BankSource::Embedded)
}

fn problems(files: &[(&str, &str)]) -> Vec<String> {
    load(files).expect_err("should fail").0.iter().map(ToString::to_string).collect()
}

/// The labels every compared scale of these fixtures answers on: a compared scale says what
/// happened (see FORMAT.md, "Observable labels").
const LABELS: &str = r#""labels": ["None", "A note", "A call", "A briefing", "A rehearsal"]"#;

const PRODUCT: &str = r#"{"function": "product", "title": "P", "version": "1",
 "sections": [{"id": "s", "title": "S"}],
 "questions": [{"id": "p.one", "section": "s", "text": "Sent?", "kind": "scale", "labels": ["None", "A note", "A call", "A briefing", "A rehearsal"], "topic": "t.one", "stance": "communicated"}]}"#;

/// The functions the shipped banks interview, in catalog order: Leadership first, the reference
/// side of the shared facts it is asked.
const SHIPPED: [&str; 6] = ["leadership", "product", "sales", "customer-success", "engineering", "operations"];

/// The questions `bank` asks, a claim asked with a row per receiver (`each`) counted once.
fn asked_in(bank: &Bank) -> usize {
    bank.questions.iter().map(|q| q.group.as_deref().unwrap_or(&q.id)).collect::<HashSet<&str>>().len()
}

#[test]
fn shipped_banks_load() {
    let catalog = Catalog::embedded().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(catalog.functions().collect::<Vec<_>>(), SHIPPED);
    let operations = catalog.in_scope(&Scope::default());
    for f in SHIPPED {
        let bank = catalog.bank(f).unwrap_or_else(|| panic!("no {f} bank"));
        // Beyond the must-ask set (held to the slot below) a bank is a menu of optional questions
        // the interviewer picks from, so it may run past one interview, within reason: 60
        // questions in the default scope, 70 with all five pillars. An executive sponsor is
        // asked the four upstream pillars only, in a short interview.
        let (fewest, most) = if f == "leadership" { (8, 20) } else { (25, 70) };
        assert!((fewest..=most).contains(&asked_in(bank)), "{f} asks {} questions", asked_in(bank));
        if let Some(bank) = operations.bank(f) {
            assert!((25..=60).contains(&asked_in(bank)), "{f} asks {} Operations questions", asked_in(bank));
        }
        assert!(bank.questions.iter().all(|q| (1..=3).contains(&q.probes.len())), "{f}: each question has 1-3 probes");
    }
    let communicated =
        catalog.banks.iter().flat_map(|b| &b.questions).filter(|q| q.stance == Some(Stance::Communicated)).count();
    assert!(communicated >= 12, "only {communicated} communicated topics");
}

#[test]
fn good_bank_loads_and_orders_by_section() {
    let sales = r#"{"function": "sales", "title": "Sales", "version": "1",
      "sections": [{"id": "a", "title": "A"}, {"id": "b", "title": "B"}],
      "questions": [
        {"id": "s.2", "section": "b", "text": "Second?", "kind": "text"},
        {"id": "s.1", "section": "a", "text": "Heard?", "kind": "scale", "labels": ["None", "A note", "A call", "A briefing", "A rehearsal"], "topic": "t.one", "stance": "received"}
      ]}"#;
    let c = load(&[("product.json", PRODUCT), ("sales.json", sales)]).unwrap();
    let ids: Vec<_> = c.bank("sales").unwrap().questions.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(ids, ["s.1", "s.2"]);
}

#[test]
fn malformed_json_reports_line_and_column() {
    let p = problems(&[("sales.json", "{\n  \"function\": \"sales\",\n  oops\n}")]);
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(p[0].starts_with("sales.json:3:3: malformed JSON"), "{}", p[0]);
}

#[test]
fn every_problem_is_reported_with_its_position() {
    let b = bank(
        r#"    {"id": "x.1", "section": "s", "text": "A", "kind": "scales"},
    {"id": "x.1", "section": "s", "text": "B", "kind": "text"},
    {"id": "x.3", "section": "nope", "text": "C", "kind": "text"},
    {"id": "x.4", "section": "s", "text": "D", "kind": "scale", "labels": ["a", "b"]},
    {"id": "x.5", "section": "s", "text": "E", "kind": "text", "topic": "t.none", "stance": "practice"},
    {"id": "x.6", "section": "s", "text": "F", "kind": "scale", "labels": ["None", "A note", "A call", "A briefing", "A rehearsal"], "topic": "t.one", "stance": "received"},
    {"id": "x.7", "section": "s", "text": "G", "kind": "text", "colour": "red"}"#,
    );
    let p = problems(&[("sales.json", &b)]);
    let expect = [
        "sales.json:7:56: unknown kind \"scales\"",
        "sales.json:8:12: duplicate question id \"x.1\"",
        "sales.json:9:30: unknown section \"nope\"",
        "sales.json:10:75: a scale needs exactly 5 labels",
        "sales.json:11:73: unknown topic \"t.none\"",
        "sales.json:12:12: \"x.6\" is received on topic \"t.one\", but no bank has a communicated",
        "sales.json:13:64: unknown field \"colour\"",
    ];
    assert_eq!(p.len(), expect.len(), "{p:#?}");
    for e in expect {
        assert!(p.iter().any(|x| x.starts_with(e)), "missing {e:?} in {p:#?}");
    }
}

#[test]
fn compared_choice_needs_scores_and_options() {
    let b = bank(
        r#"    {"id": "x.1", "section": "s", "text": "A", "kind": "choice", "topic": "t.one", "stance": "received",
     "options": [{"label": "a"}, {"label": "b", "score": 7}]},
    {"id": "x.2", "section": "s", "text": "B", "kind": "multi"}"#,
    );
    let p = problems(&[("product.json", PRODUCT), ("sales.json", &b)]);
    assert!(p.iter().any(|x| x.contains("score 7 is outside 0–4")), "{p:#?}");
    assert!(
        p.iter().any(|x| x.contains("must be a scale, a choice with a score on every option, or a multi")),
        "{p:#?}"
    );
    assert!(p.iter().any(|x| x.starts_with("sales.json:9:5: a choice or multi question needs \"options\"")), "{p:#?}");
}

#[test]
fn ids_and_functions_unique_across_banks() {
    let again = PRODUCT.replace("p.one\", \"section\": \"s\", \"text\": \"Sent?\", \"kind\": \"scale\", \"topic\": \"t.one\", \"stance\": \"communicated\"", "p.one\", \"section\": \"s\", \"text\": \"Again\", \"kind\": \"text\"");
    let p = problems(&[("product.json", PRODUCT), ("other.json", &again)]);
    assert!(
        p.iter().any(|x| x.starts_with("other.json:1:14: function \"product\" is also defined in product.json")),
        "{p:#?}"
    );
    assert!(
        p.iter().any(|x| x.starts_with("other.json:3:") && x.contains("duplicate question id \"p.one\"")),
        "{p:#?}"
    );
}

#[test]
fn missing_topics_file_is_reported() {
    let r = Catalog::from_files(vec![("sales.json".into(), bank(""))], BankSource::Embedded);
    let p = r.expect_err("no topics");
    assert!(p.to_string().contains("no topics.json"), "{p}");
}

#[test]
fn the_topic_plan_names_the_communicated_question_and_each_receiver_in_bank_order() {
    let sales = bank(
        r#"    {"id": "s.note", "section": "s", "text": "Tell me", "kind": "text", "topic": "t.one", "stance": "practice"},
    {"id": "s.heard", "section": "s", "text": "Heard?", "kind": "scale", "labels": ["None", "A note", "A call", "A briefing", "A rehearsal"], "topic": "t.one", "stance": "received"},
    {"id": "s.again", "section": "s", "text": "Again?", "kind": "scale", "labels": ["None", "A note", "A call", "A briefing", "A rehearsal"], "topic": "t.one", "stance": "received"},
    {"id": "s.other", "section": "s", "text": "Other", "kind": "text"}"#,
    );
    let c = load(&[("product.json", PRODUCT), ("sales.json", &sales)]).unwrap();
    let plan = c.plan("t.one").expect("a plan for every topic");
    assert_eq!(c.at(plan.communicated.expect("a communicated question")).id, "p.one");
    let (product, sales) = (plan.communicated.unwrap().bank, 1 - plan.communicated.unwrap().bank);
    assert_eq!(c.banks[product].function, "product");
    assert_eq!(plan.receivers, [Receiver { bank: sales, questions: vec![1, 2], communicated: plan.communicated }]);
    assert_eq!(plan.questions_of(sales).collect::<Vec<_>>(), [0, 1, 2]);
    assert_eq!(plan.receiver(product), None);
    assert_eq!(c.receiving().map(|b| b.function.as_str()).collect::<Vec<_>>(), ["sales"]);
    assert_eq!(c.plans().len(), c.topics.len());
    assert!(c.plan("t.none").is_none());
}

#[test]
fn shipped_topics_each_have_one_communicated_question_and_receivers() {
    let c = Catalog::embedded().unwrap();
    for plan in c.plans() {
        let Some(communicated) = plan.communicated else { continue };
        if plan.shared {
            // A shared fact: every side asks the same question, and none is a claim.
            assert!(plan.questions.iter().all(|&at| c.at(at).stance == Some(Stance::Shared)));
            continue;
        }
        assert_eq!(c.at(communicated).stance, Some(Stance::Communicated));
        for r in &plan.receivers {
            assert!(r.questions.iter().all(|&q| c.banks[r.bank].questions[q].stance == Some(Stance::Received)));
        }
    }
}

/// A product bank whose questions on "t.one" are `communicated` (id, `to` as JSON or "").
fn product_with(communicated: &[(&str, &str)]) -> String {
    let questions: Vec<String> = communicated
        .iter()
        .map(|(id, to)| {
            let to = if to.is_empty() { String::new() } else { format!(r#", "to": {to}"#) };
            format!(r#"{{"id": "{id}", "section": "s", "text": "Sent?", "kind": "scale", "labels": ["None", "A note", "A call", "A briefing", "A rehearsal"], "topic": "t.one", "stance": "communicated"{to}}}"#)
        })
        .collect();
    format!(
        r#"{{"function": "product", "title": "P", "version": "1", "sections": [{{"id": "s", "title": "S"}}], "questions": [{}]}}"#,
        questions.join(",\n")
    )
}

fn receiving(function: &str) -> String {
    bank(&format!(r#"    {{"id": "{function}.heard", "section": "s", "text": "Heard?", "kind": "scale", "labels": ["None", "A note", "A call", "A briefing", "A rehearsal"], "topic": "t.one", "stance": "received"}}"#))
        .replace(r#""function": "sales""#, &format!(r#""function": "{function}""#))
}

#[test]
fn a_communicated_question_per_receiving_function() {
    let (sales, cs) = (receiving("sales"), receiving("cs"));
    let files = |product: &str| {
        vec![("product.json", product.to_string()), ("sales.json", sales.clone()), ("cs.json", cs.clone())]
    };
    let load_with = |communicated: &[(&str, &str)]| {
        let f = files(&product_with(communicated));
        let refs: Vec<(&str, &str)> = f.iter().map(|(n, t)| (*n, t.as_str())).collect();
        load(&refs)
    };
    // One communicated question each: each receiver is compared with its own.
    let c = load_with(&[("p.sales", r#"["sales"]"#), ("p.cs", r#"["cs"]"#)]).unwrap();
    let plan = c.plan("t.one").unwrap();
    assert_eq!(plan.all_communicated.len(), 2);
    for r in &plan.receivers {
        let communicated = c.at(r.communicated.expect("a communicated question for each receiver"));
        assert_eq!(communicated.to, [c.banks[r.bank].function.clone()]);
    }
    // One addressed, one for the rest.
    let c = load_with(&[("p.all", ""), ("p.cs", r#"["cs"]"#)]).unwrap();
    let plan = c.plan("t.one").unwrap();
    assert_eq!(c.at(plan.communicated.unwrap()).id, "p.all");
    let of = |f: &str| plan.receivers.iter().find(|r| c.banks[r.bank].function == f).and_then(|r| r.communicated);
    assert_eq!((c.at(of("sales").unwrap()).id.as_str(), c.at(of("cs").unwrap()).id.as_str()), ("p.all", "p.cs"));
    // What the loader refuses, each with where and why.
    let cases: [(&[(&str, &str)], &str); 5] = [
        (&[("p.a", ""), ("p.b", "")], "already has a communicated question for every receiver"),
        (&[("p.sales", r#"["sales"]"#)], "no communicated question is addressed to \"cs\""),
        (&[("p.a", r#"["sales"]"#), ("p.b", r#"["sales", "cs"]"#)], "\"sales\" is already addressed"),
        (&[("p.a", r#"["ops"]"#), ("p.b", "")], "which no bank is"),
        (&[("p.a", r#"["product"]"#), ("p.b", "")], "has no received question"),
    ];
    for (communicated, expected) in cases {
        let f = files(&product_with(communicated));
        let refs: Vec<(&str, &str)> = f.iter().map(|(n, t)| (*n, t.as_str())).collect();
        let found = problems(&refs);
        assert!(
            found.iter().any(|p| p.contains(expected) && p.starts_with("product.json:") || p.contains(expected)),
            "{communicated:?}: {found:?}"
        );
        assert!(found.iter().all(|p| p.split(':').nth(1).is_some_and(|l| l.parse::<usize>().is_ok())), "{found:?}");
    }
}

#[test]
fn to_and_better_belong_where_they_mean_something() {
    let sales = bank(
        r#"    {"id": "s.heard", "section": "s", "text": "Heard?", "kind": "scale", "labels": ["None", "A note", "A call", "A briefing", "A rehearsal"], "topic": "t.one", "stance": "received", "to": ["product"], "better": "lower"},
    {"id": "s.often", "section": "s", "text": "How often caught out?", "kind": "scale", "better": "lower"},
    {"id": "s.how", "section": "s", "text": "How?", "kind": "text", "better": "sideways"}"#,
    );
    let found = problems(&[("product.json", PRODUCT), ("sales.json", &sales)]);
    assert!(found.iter().any(|p| p.contains("only a communicated question has it")), "{found:?}");
    assert!(found.iter().any(|p| p.contains("higher is better on both sides")), "{found:?}");
    assert!(found.iter().any(|p| p.contains("unknown \"better\": \"sideways\"")), "{found:?}");
    assert_eq!(found.len(), 3, "{found:?}");
    let fine = bank(
        r#"    {"id": "s.often", "section": "s", "text": "How often caught out?", "kind": "scale", "better": "lower"}"#,
    );
    let c = load(&[("product.json", PRODUCT), ("sales.json", &fine)]).unwrap();
    assert!(c.bank("sales").unwrap().questions[0].lower_is_better);
}

#[test]
fn a_compared_multi_needs_an_item() {
    let multi = |options: &str| {
        bank(&format!(
            r#"    {{"id": "s.got", "section": "s", "text": "Which did you get?", "kind": "multi", "topic": "t.one", "stance": "received", "options": {options}}}"#
        ))
    };
    let items = r#"[{"label": "FAQ"}, {"label": "Deck"}, {"label": "None of these", "score": 0}]"#;
    let fine = multi(items);
    let scale = format!(r#""kind": "scale", {LABELS}"#);
    let product = PRODUCT.replace(&scale, &format!(r#""kind": "multi", "options": {items}"#));
    assert!(load(&[("product.json", &product), ("sales.json", &fine)]).is_ok());
    let only_none = multi(r#"[{"label": "None of these", "score": 0}, {"label": "Nothing", "score": 0}]"#);
    let p = problems(&[("product.json", PRODUCT), ("sales.json", &only_none)]);
    assert!(p.iter().any(|x| x.contains("or a multi, so it can be compared")), "{p:#?}");
}

#[test]
fn one_anchor_a_bank_and_it_is_text() {
    let two = bank(
        r#"    {"id": "s.launch", "section": "s", "text": "Which launch?", "kind": "text", "anchor": true},
    {"id": "s.again", "section": "s", "text": "Which release?", "kind": "text", "anchor": true},
    {"id": "s.score", "section": "s", "text": "How?", "kind": "scale", "anchor": true},
    {"id": "s.odd", "section": "s", "text": "Odd?", "kind": "text", "anchor": "yes"}"#,
    );
    let found = problems(&[("product.json", PRODUCT), ("sales.json", &two)]);
    assert!(found.iter().any(|p| p.contains("this is its second")), "{found:?}");
    assert!(found.iter().any(|p| p.contains("it must be a text question")), "{found:?}");
    assert!(found.iter().any(|p| p.contains("\"anchor\" is true or false")), "{found:?}");
    let one =
        bank(r#"    {"id": "s.launch", "section": "s", "text": "Which launch?", "kind": "text", "anchor": true}"#);
    let c = load(&[("product.json", PRODUCT), ("sales.json", &one)]).unwrap();
    assert_eq!(c.bank("sales").and_then(|b| b.anchor()).map(|q| q.id.as_str()), Some("s.launch"));
}

#[test]
fn sources_observations_and_profiles() {
    let good = bank(
        r#"    {"id": "s.deploys", "section": "s", "text": "How often?", "kind": "choice", "source": true, "profile": "delivery",
     "options": [{"label": "Daily", "score": 4}, {"label": "Monthly", "score": 1}]},
    {"id": "s.fail", "section": "s", "text": "Failures per 100?", "kind": "number", "unit": "%", "better": "lower", "source": true,
     "profile": {"id": "delivery", "strong": 10, "weak": 30}},
    {"id": "s.cite", "section": "s", "text": "Cited figures unprompted?", "kind": "scale", "observation": true}"#,
    );
    let c = load(&[("product.json", PRODUCT), ("sales.json", &good)]).unwrap();
    let q = |id: &str| c.bank("sales").unwrap().question(id).unwrap().clone();
    assert!(q("s.deploys").source && q("s.fail").source && q("s.cite").observation);
    assert_eq!(
        q("s.fail").profile.map(|p| (p.id, p.strong, p.weak)),
        Some(("delivery".into(), Some(10.0), Some(30.0)))
    );
    let bad = bank(
        r#"    {"id": "s.a", "section": "s", "text": "A?", "kind": "scale", "source": true},
    {"id": "s.b", "section": "s", "text": "B?", "kind": "text", "observation": true},
    {"id": "s.c", "section": "s", "text": "C?", "kind": "number", "unit": "%", "profile": "delivery"},
    {"id": "s.d", "section": "s", "text": "D?", "kind": "number", "unit": "%", "better": "lower", "profile": {"id": "delivery", "strong": 30, "weak": 10}}"#,
    );
    let found = problems(&[("product.json", PRODUCT), ("sales.json", &bad)]);
    for expected in [
        "asked of number and choice questions",
        "an observation is answered on a scale or a choice",
        "needs \"strong\" and \"weak\"",
        "\"strong\" 30 must be below \"weak\" 10",
    ] {
        assert!(found.iter().any(|p| p.contains(expected)), "{expected}: {found:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// The shipped banks compare like with like (issue 12: "pairs that compare the same thing").

/// The shipped catalog's compared questions on each topic: each receiver's questions with the
/// communicated question they are compared with.
fn shipped_pairs(c: &Catalog) -> Vec<(&str, &Question, &Question)> {
    let mut pairs = Vec::new();
    for plan in c.plans() {
        let topic = c.topics[plan.topic].id.as_str();
        for r in &plan.receivers {
            let communicated =
                c.at(r.communicated.unwrap_or_else(|| panic!("{topic}: a receiver without a communicated question")));
            for &q in &r.questions {
                pairs.push((topic, communicated, &c.banks[r.bank].questions[q]));
            }
        }
    }
    pairs
}

#[test]
fn every_shipped_topic_is_compared_on_the_same_scale_from_both_sides() {
    let c = Catalog::embedded().unwrap();
    for plan in c.plans() {
        let topic = &c.topics[plan.topic].id;
        assert!(!plan.all_communicated.is_empty() && !plan.receivers.is_empty(), "{topic} compares nothing");
    }
    let pairs = shipped_pairs(&c);
    assert!(pairs.len() >= 40, "only {} compared pairs", pairs.len());
    for (topic, communicated, received) in pairs {
        let at = format!("{topic}: {} ↔ {}", communicated.id, received.id);
        assert_eq!(communicated.kind, received.kind, "{at}: different kinds");
        match communicated.kind {
            // The same five points, meaning the same on both sides.
            Kind::Scale => assert_eq!(communicated.scale_labels(), received.scale_labels(), "{at}: different labels"),
            // The same options with the same scores; a multi pair, the same items.
            Kind::Choice | Kind::Multi => assert_eq!(communicated.options, received.options, "{at}: different options"),
            other => panic!("{at}: a {} question is not compared", other.name()),
        }
    }
}

/// The questions issue 12 split out of a double-barrelled one: each asks one thing.
const SPLIT: [&str; 31] = [
    "product.launch-process-defined",
    "product.launch-process-shared",
    "product.tiers-matched",
    "product.support-forecast",
    "product.support-estimate-cs",
    "product.load-forecast-ops",
    "product.adoption-defined",
    "product.adoption-definition-shared",
    "product.adoption-tracked",
    "product.adoption-results-shared",
    "product.retro-held",
    "product.retro-actions-shared",
    "product.measurement-list",
    "product.analytics-working",
    "product.usage-detail",
    "product.customer-help",
    "product.internal-docs",
    "product.time-to-value-measured",
    "product.time-to-value-told",
    "product.readiness-checked",
    "product.readiness-gate-ops",
    "operations.readiness-standard",
    "operations.readiness-standard-sent",
    "engineering.platform-owner",
    "engineering.platform-roadmap",
    "engineering.platform-review",
    "engineering.ai-bad-output-found",
    "engineering.ai-model-owner",
    "engineering.ai-containment-time",
    "customer-success.support-owner-settled",
    "customer-success.usage-detail",
];

/// The question a bank entry asks: the question of that id, or the first row of an `each`.
fn asked<'c>(c: &'c Catalog, id: &str) -> &'c Question {
    c.banks
        .iter()
        .flat_map(|b| &b.questions)
        .find(|q| q.id == id || q.group.as_deref() == Some(id))
        .unwrap_or_else(|| panic!("no question {id}"))
}

/// Words that start a second clause after "and": a second ask.
const SECOND_ASK: [&str; 22] = [
    "did", "do", "does", "was", "were", "is", "are", "could", "can", "would", "will", "has", "have", "share", "shared",
    "how", "who", "what", "when", "where", "which", "why",
];

#[test]
fn split_questions_ask_one_thing() {
    let c = Catalog::embedded().unwrap();
    for id in SPLIT {
        let q = asked(&c, id);
        let text = q.text.to_lowercase();
        assert_eq!(text.matches('?').count(), 1, "{id} asks more than one question: {}", q.text);
        let words: Vec<&str> =
            text.split(|ch: char| !ch.is_alphanumeric() && ch != '-').filter(|w| !w.is_empty()).collect();
        for pair in words.windows(2) {
            assert!(!(pair[0] == "and" && SECOND_ASK.contains(&pair[1])), "{id} joins two asks: {}", q.text);
        }
    }
}

#[test]
fn lower_is_better_only_where_nothing_is_compared() {
    let c = Catalog::embedded().unwrap();
    let lower: Vec<&str> =
        c.banks.iter().flat_map(|b| &b.questions).filter(|q| q.lower_is_better).map(|q| q.id.as_str()).collect();
    for id in ["sales.customer-told-first", "customer-success.customer-told-first", "sales.behaves-differently"] {
        assert!(lower.contains(&id), "{id} is not marked \"better\": \"lower\"");
    }
    for id in &lower {
        let (_, q) = c.question(id).unwrap();
        assert!(!matches!(q.stance, Some(Stance::Communicated | Stance::Received)), "{id} is compared");
    }
    // A compared question is scored so that higher is better: none reads as "how often caught out".
    for (topic, communicated, received) in shipped_pairs(&c) {
        for q in [communicated, received] {
            assert!(q.scale_labels().last() != Some(&"Nearly every launch"), "{topic}: {} reads the wrong way", q.id);
        }
    }
}

#[test]
fn engineering_and_operations_are_anchored_to_one_release() {
    let c = Catalog::embedded().unwrap();
    for id in [
        "engineering.release-in-view",
        "operations.release-in-view",
        "leadership.last-launch",
        "product.last-launch",
        "sales.last-launch",
        "customer-success.last-launch",
    ] {
        let (bank, q) = c.question(id).unwrap_or_else(|| panic!("no anchor question {id}"));
        assert!(q.is_must() && q.kind == Kind::Text && q.topic.is_none(), "{id}");
        assert_eq!(bank.anchor().map(|a| a.id.as_str()), Some(id), "{id} is the bank's anchor");
        assert_eq!(bank.questions.iter().position(|x| x.id == q.id), Some(0), "{id} is asked first");
    }
}

/// The Engineering and Operations hand-overs, the shared facts and the claims moved to
/// Engineering (issue 23): their old ids stay retired, listed with the words they were asked in.
#[test]
fn ops_ids_stay_retired() {
    let c = Catalog::embedded().unwrap();
    for id in [
        "product.support-load-ops",
        "product.advance-notice-ops",
        "product.ops-first-saw",
        "product.support-ownership",
        "product.release-decision",
        "customer-success.support-ownership",
        "engineering.shared-environments",
        "engineering.shared-monitoring",
        "engineering.shared-release-plan",
        "engineering.readiness-standard-received",
        "engineering.build-and-run",
        "engineering.release-decision-received",
        "engineering.safe-to-release",
        "engineering.ai-bad-output-noticed",
        "engineering.ai-containment",
        "engineering.direction-clear",
        "operations.environments-received",
        "operations.monitoring-received",
        "operations.release-plan-received",
        "operations.readiness-standard-shared",
        "operations.support-load-received",
        "operations.build-and-run",
        "operations.support-ownership-received",
        "operations.first-heard-launch",
        "operations.release-decision-received",
        "operations.involvement-changes-decisions",
        "operations.input-could-change",
        "operations.resilience-designed-in",
        "operations.friction-recurs",
        "operations.gaps-found-late",
        "operations.access-security-early",
        "operations.risk-shaped",
        "operations.rollback-ready",
        "engineering.speed-vs-quality",
        "operations.controls-known-early",
        "product.measurement-needs",
        "engineering.analytics-received",
        "engineering.retro-lessons",
    ] {
        assert!(c.question(id).is_none(), "{id} was retired");
        let (bank, retired) = c.retired(id).unwrap_or_else(|| panic!("{id} is not listed as retired"));
        assert!(id.starts_with(&bank.function) && !retired.text.is_empty(), "{id}");
    }
}

/// Questions whose meaning changed were given new ids: the old ones must not come back with a
/// new meaning, or old sessions' answers would be read under it; each stays listed as retired,
/// with the words it was asked in.
#[test]
fn retired_ids_stay_retired() {
    let c = Catalog::embedded().unwrap();
    for id in [
        "product.launch-process",
        "sales.launch-process",
        "customer-success.launch-process",
        "product.readiness-gates",
        "operations.readiness-gates-received",
        "product.advance-notice",
        "product.documentation",
        "sales.documentation",
        "customer-success.documentation",
        "product.analytics",
        "customer-success.analytics",
        "product.support-load",
        "product.adoption-definition",
        "product.adoption-tracking",
        "sales.adoption-tracking",
        "customer-success.adoption-tracking",
        "product.time-to-value",
        "product.retrospectives",
        "sales.retrospectives",
        "customer-success.retrospectives",
        "engineering.retrospective-learnings-received",
        "product.teams-surprised",
        "engineering.platform-as-product",
        "engineering.ai-model-ownership",
        // Issue 23: a claim per receiver (`each`, rows `<id>-<function>`), the old joint claim retired.
        "product.launch-process-shared",
        "product.advance-notice-sales",
        "product.advance-notice-cs",
        "product.readiness-gate-sales",
        "product.readiness-gate-cs",
        "product.positioning",
        "product.internal-docs",
        "product.assets-provided",
        "product.customer-questions",
        "product.pricing-shared",
        "product.tiers-matched",
        "product.teams-prepared",
        "product.adoption-definition-shared",
        "product.adoption-results-shared",
        "product.time-to-value-told",
        "product.retro-lessons-shared",
        // Issue 23: observable labels, the same on both sides (a new scale, so a new id).
        "product.sales-briefing",
        "product.cs-training",
        "product.customer-docs",
        "product.onboarding",
        "product.adoption-ownership",
        "product.support-load-cs",
        "sales.briefing",
        "customer-success.training",
        "customer-success.onboarding",
        "customer-success.support-load",
        "sales.first-heard",
        "sales.tiers",
        "sales.positioning",
        "sales.customer-questions",
        "sales.customer-docs",
        "sales.internal-docs",
        "sales.assets-received",
        "sales.pricing-clear",
        "sales.adoption-definition",
        "sales.adoption-results",
        "sales.time-to-value",
        "sales.adoption-ownership",
        "sales.retro-lessons",
        "customer-success.first-heard",
        "customer-success.tiers",
        "customer-success.positioning",
        "customer-success.customer-questions",
        "customer-success.customer-docs",
        "customer-success.internal-docs",
        "customer-success.assets-received",
        "customer-success.pricing-clear",
        "customer-success.adoption-definition",
        "customer-success.adoption-results",
        "customer-success.time-to-value",
        "customer-success.adoption-ownership",
        "customer-success.retro-lessons",
        // Issue 23, review section C: one thing per question, no cue or hypothetical.
        "product.launch-checklist",
        "product.ops-input-changed",
        "product.data-access",
        "customer-success.data-access",
        "customer-success.consulted",
        "sales.feedback-to-product",
        "customer-success.feedback-to-product",
        "sales.answer-speed",
        // Review C-6 and C-8: evenly scored options on one dimension, options that exclude each
        // other, and a duplicate of `product.tiers-matched` (its tier names now a probe there).
        "sales.how-learn",
        "sales.deals-affected",
        "product.launch-tiers",
    ] {
        assert!(c.question(id).is_none(), "{id} was retired");
        let (bank, retired) = c.retired(id).unwrap_or_else(|| panic!("{id} is not listed as retired"));
        assert!(id.starts_with(&bank.function) && !retired.text.is_empty(), "{id}");
    }
}

#[test]
fn a_retired_id_is_asked_by_no_bank() {
    let b = bank(
        r#"    {"id": "s.new", "section": "s", "text": "Briefed?", "kind": "text"}
  ],
  "retired": [
    {"id": "s.old", "text": "How well were you briefed?"},
    {"id": "s.new", "text": "Briefed?"#,
    )
    .replacen("\n  ]\n}", "\"}\n  ]\n}", 1);
    let p = problems(&[("sales.json", &b)]);
    assert_eq!(p.len(), 1, "{p:#?}");
    assert!(p[0].starts_with("sales.json:11:") && p[0].contains("needs a new id"), "{p:#?}");
    let fine = b.replace(r#"{"id": "s.new", "text": "Briefed?"}"#, r#"{"id": "s.older", "text": "Told?"}"#);
    let c = load(&[("sales.json", &fine)]).unwrap();
    assert_eq!(c.retired("s.old").map(|(_, r)| r.text.as_str()), Some("How well were you briefed?"));
}

// ---------------------------------------------------------------------------------------------
// One case for the whole engagement, named one way (issue 23): `{launch}`, `{release}`.

#[test]
fn an_unknown_placeholder_is_refused_where_it_is() {
    let b = bank(
        r#"    {"id": "s.a", "section": "s", "text": "Before {launch}, briefed?", "kind": "text", "probes": ["Of {release}?"]},
    {"id": "s.b", "section": "s", "text": "Before {lanch}, briefed?", "kind": "text",
     "probes": ["Who?", "And {the launch"]}"#,
    );
    let p = problems(&[("sales.json", &b)]);
    let expect = [
        "sales.json:8:43: unknown placeholder \"{lanch}\": name the case with {launch} or {release}",
        "sales.json:9:25: unknown placeholder \"{the launch\"",
    ];
    assert_eq!(p.len(), expect.len(), "{p:#?}");
    for e in expect {
        assert!(p.iter().any(|x| x.starts_with(e)), "missing {e:?} in {p:#?}");
    }
}

/// The ways the banks used to name the case, each of which let two functions describe two
/// events: "last" (or "latest"), an optional qualifier, and the thing launched — "the last
/// launch", "the last significant release", "the last major launch's", "the last significant
/// one". Matched on whole words, whatever the case.
const OLD_HEADS: [&str; 2] = ["last", "latest"];
const OLD_QUALIFIERS: [&str; 6] = ["significant", "major", "meaningful", "big", "important", "main"];
const OLD_THINGS: [&str; 4] = ["launch", "feature", "release", "one"];

/// The old phrasing `text` names the case with, if any.
fn old_name(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower.split(|ch: char| !ch.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    (0..words.len()).find_map(|i| {
        if !OLD_HEADS.contains(&words[i]) {
            return None;
        }
        let qualified = usize::from(words.get(i + 1).is_some_and(|w| OLD_QUALIFIERS.contains(w)));
        let thing = words.get(i + 1 + qualified).filter(|w| OLD_THINGS.contains(w))?;
        Some(words[i..=i + qualified].iter().chain([thing]).copied().collect::<Vec<_>>().join(" "))
    })
}

/// The set compared questions about launches in general name, word for word on both sides.
const LAUNCHES_IN_GENERAL: &str = "launches from the product team in the last six months";
/// Topics compared across launches in general rather than on the case.
const ACROSS_LAUNCHES: [&str; 2] = ["launch.tiers", "launch.prepared"];
/// Topics about a standing arrangement, not one launch: the launch process as a whole, whether
/// builders run what they build, the written standard for production.
const STANDING: [&str; 3] = ["launch.process", "ops.build-and-run", "ops.readiness-standard"];
/// Topics about a period rather than the case (the upstream pillars' direction and the flow of
/// customer insight), with the period every side names, word for word.
const PERIODS: [(&str, &str); 4] = [
    ("direction.outcomes", "this half-year"),
    ("direction.priority-changes", "in the last six months"),
    ("insight.from-sales", "in the last six months"),
    ("insight.from-customer-success", "in the last six months"),
];

/// Every way `c` breaks the one-case rule, one line each: a text or probe naming the case the
/// old way, `{release}` before `{launch}` has been named (read unfilled, "the release that
/// carried it" needs the launch before it), a compared question on the case without `{launch}`,
/// and a compared question on launches in general not naming the one set of them.
fn case_problems(c: &Catalog) -> Vec<String> {
    let mut found = Vec::new();
    for q in c.banks.iter().flat_map(|b| &b.questions) {
        for text in std::iter::once(&q.text).chain(&q.probes) {
            if let Some(old) = old_name(text) {
                found.push(format!("{}: names the case \"{old}\": {text}", q.id));
            }
            if let Some(release) = text.find("{release}")
                && text.find("{launch}").is_none_or(|launch| launch > release)
            {
                found.push(format!("{}: {{release}} before {{launch}}: {text}", q.id));
            }
        }
    }
    for plan in c.plans() {
        let topic = c.topics[plan.topic].id.as_str();
        let received = plan.receivers.iter().flat_map(|r| r.questions.iter().map(|&q| &c.banks[r.bank].questions[q]));
        for q in plan.all_communicated.iter().map(|&at| c.at(at)).chain(received) {
            if ACROSS_LAUNCHES.contains(&topic) {
                if !q.text.contains(LAUNCHES_IN_GENERAL) || q.text.contains('{') {
                    found.push(format!("{}: on {topic}, asks about \"{LAUNCHES_IN_GENERAL}\": {}", q.id, q.text));
                }
            } else if let Some((_, period)) = PERIODS.iter().find(|(t, _)| *t == topic) {
                if !q.text.to_lowercase().contains(period) || q.text.contains('{') {
                    found.push(format!("{}: on {topic}, asks about \"{period}\": {}", q.id, q.text));
                }
            } else if !STANDING.contains(&topic) && !q.text.contains("{launch}") {
                found.push(format!("{}: compared on {topic}, names the case with {{launch}}: {}", q.id, q.text));
            }
        }
    }
    found
}

#[test]
fn the_shipped_banks_name_one_case_one_way() {
    let c = Catalog::embedded().unwrap();
    for topic in ACROSS_LAUNCHES.iter().chain(&STANDING).chain(PERIODS.iter().map(|(t, _)| t)) {
        assert!(c.plan(topic).is_some(), "no topic {topic}");
    }
    let found = case_problems(&c);
    assert!(found.is_empty(), "{found:#?}");
    // Every bank names the case, and its anchor opens the interview with it.
    for bank in &c.banks {
        let anchor = bank.anchor().unwrap_or_else(|| panic!("{} has no anchor", bank.function));
        assert!(anchor.text.contains("{launch}"), "{}: {}", anchor.id, anchor.text);
    }
}

#[test]
fn the_case_rule_catches_an_old_name_and_an_unnamed_case() {
    assert_eq!(old_name("Before the last launch's retro?").as_deref(), Some("last launch"));
    assert_eq!(old_name("On the Last Significant Release, how?").as_deref(), Some("last significant release"));
    assert_eq!(old_name("Which comes to mind as the last significant one?").as_deref(), Some("last significant one"));
    for fine in
        ["Before {launch}?", "When did a release last go wrong?", "The last time it broke?", "The last launched"]
    {
        assert_eq!(old_name(fine), None, "{fine}");
    }
    let product = PRODUCT.replace("Sent?", "Before {launch}, sent?");
    let sales = bank(
        r#"    {"id": "s.got", "section": "s", "text": "Before the last major launch, received?", "kind": "scale", "labels": ["None", "A note", "A call", "A briefing", "A rehearsal"],
     "topic": "t.one", "stance": "received", "probes": ["And on {release}?"]}"#,
    );
    let c = load(&[("product.json", &product), ("sales.json", &sales)]).unwrap();
    let found = case_problems(&c);
    for expected in [
        "s.got: names the case \"last major launch\"",
        "s.got: {release} before {launch}",
        "s.got: compared on t.one, names the case with {launch}",
    ] {
        assert!(found.iter().any(|f| f.starts_with(expected)), "{expected}: {found:#?}");
    }
    assert_eq!(found.len(), 3, "{found:#?}");
    let fixed = sales.replace("the last major launch", "{launch}").replace("on {release}", "on {launch}");
    assert_eq!(
        case_problems(&load(&[("product.json", &product), ("sales.json", &fixed)]).unwrap()),
        Vec::<String>::new()
    );
}

#[test]
fn a_claim_asked_of_each_receiver_is_a_row_per_receiver() {
    let product = r#"{"function": "product", "title": "P", "version": "1",
 "sections": [{"id": "s", "title": "S"}],
 "questions": [{"id": "p.brief", "section": "s", "text": "Briefed?", "kind": "scale", "labels": ["None", "A note", "A call", "A briefing", "A rehearsal"], "topic": "t.one",
   "stance": "communicated", "each": ["sales", "customer-success"]}]}"#;
    let received = |function: &str, id: &str| {
        bank(&format!(r#"    {{"id": "{id}", "section": "s", "text": "Got?", "kind": "scale", "labels": ["None", "A note", "A call", "A briefing", "A rehearsal"], "topic": "t.one", "stance": "received"}}"#))
            .replace(r#""function": "sales""#, &format!(r#""function": "{function}""#))
    };
    let (sales, cs) = (received("sales", "s.got"), received("customer-success", "c.got"));
    let c = load(&[("product.json", product), ("sales.json", &sales), ("cs.json", &cs)]).unwrap();
    let rows: Vec<(&str, &[String], Option<&str>)> = c
        .bank("product")
        .unwrap()
        .questions
        .iter()
        .map(|q| (q.id.as_str(), q.to.as_slice(), q.group.as_deref()))
        .collect();
    assert_eq!(
        rows,
        [
            ("p.brief-sales", &["sales".to_string()][..], Some("p.brief")),
            ("p.brief-customer-success", &["customer-success".to_string()][..], Some("p.brief")),
        ]
    );
    let plan = c.plan("t.one").unwrap();
    let addressed: Vec<&str> = plan.receivers.iter().map(|r| c.at(r.communicated.unwrap()).id.as_str()).collect();
    assert_eq!(addressed, ["p.brief-sales", "p.brief-customer-success"]);
    // Misuse is reported where it is.
    let with_to = product.replace(r#""each""#, r#""to": ["sales"], "each""#);
    let p = problems(&[("product.json", &with_to), ("sales.json", &sales), ("cs.json", &cs)]);
    assert!(p.iter().any(|x| x.starts_with("product.json:4:") && x.contains("not both")), "{p:#?}");
    let one = product.replace(r#"["sales", "customer-success"]"#, r#"["sales"]"#);
    let p = problems(&[("product.json", &one), ("sales.json", &sales), ("cs.json", &cs)]);
    assert!(p.iter().any(|x| x.contains("two receiving functions or more")), "{p:#?}");
}

#[test]
fn the_two_sides_of_a_pair_answer_on_the_same_scale() {
    let labelled = |labels: &str| {
        bank(&format!(
            r#"    {{"id": "s.got", "section": "s", "text": "Got?", "kind": "scale", "labels": {labels}, "topic": "t.one", "stance": "received"}}"#
        ))
    };
    let labels = r#"["None", "A note", "A call", "A briefing", "A rehearsal"]"#;
    let product = PRODUCT;
    assert!(load(&[("product.json", product), ("sales.json", &labelled(labels))]).is_ok());
    let other = r#"["None", "A note", "A call", "A briefing", "A practice pitch"]"#;
    let p = problems(&[("product.json", product), ("sales.json", &labelled(other))]);
    assert_eq!(p.len(), 1, "{p:#?}");
    assert!(p[0].starts_with("sales.json:7:") && p[0].contains("their labels differ"), "{p:#?}");
}

#[test]
fn a_shared_fact_is_asked_of_two_functions_and_is_no_claim() {
    let shared = |function: &str, id: &str| {
        bank(&format!(r#"    {{"id": "{id}", "section": "s", "text": "Docs complete?", "kind": "scale", "labels": ["None", "A note", "A call", "A briefing", "A rehearsal"], "topic": "t.one", "stance": "shared"}}"#))
            .replace(r#""function": "sales""#, &format!(r#""function": "{function}""#))
    };
    let c =
        load(&[("product.json", &shared("product", "p.docs")), ("sales.json", &shared("sales", "s.docs"))]).unwrap();
    let plan = c.plan("t.one").unwrap();
    assert!(plan.shared);
    assert_eq!(c.at(plan.communicated.unwrap()).id, "p.docs", "the first function stands where a claim would");
    assert_eq!(plan.receivers.len(), 1);
    let p = problems(&[("product.json", &shared("product", "p.docs"))]);
    assert!(p.iter().any(|x| x.contains("asked of one function only")), "{p:#?}");
    let p = problems(&[("product.json", PRODUCT), ("sales.json", &shared("sales", "s.docs"))]);
    assert!(p.iter().any(|x| x.contains("give its questions one stance")), "{p:#?}");
}

// ---------------------------------------------------------------------------------------------
// Defensible pairs (issue 23): what each rule below checks over the shipped banks, and a
// self-test that it catches a bank breaking it.

/// Advance notice in calendar time, the same five options on both sides (review B-7).
const CALENDAR: [(&str, f64); 5] = [
    ("More than three months before", 4.0),
    ("One to three months before", 3.0),
    ("Two to four weeks before", 2.0),
    ("In the final week", 1.0),
    ("On or after launch day", 0.0),
];

/// Every way `c` breaks the rules for defensible pairs, one line each:
/// - a compared scale on either side of a pair without its own labels, or with labels that
///   differ from the other side's (B-5);
/// - a claim compared with two receivers or more, where each should have its own (B-2);
/// - advance-notice options other than the calendar ones (B-7);
/// - a shared fact asked in different words, kinds, labels or options by different functions
///   (B-6).
fn pair_problems(c: &Catalog) -> Vec<String> {
    let mut found = Vec::new();
    for plan in c.plans() {
        let topic = c.topics[plan.topic].id.as_str();
        if plan.shared {
            let shared: Vec<&Question> =
                plan.questions.iter().map(|&at| c.at(at)).filter(|q| q.stance == Some(Stance::Shared)).collect();
            for (first, q) in shared.iter().flat_map(|first| shared.iter().map(move |q| (first, q))) {
                if first.id < q.id
                    && (first.text != q.text
                        || first.kind != q.kind
                        || first.labels != q.labels
                        || first.options != q.options)
                {
                    found.push(format!("{topic}: shared fact asked differently: {} and {}", first.id, q.id));
                }
            }
            for q in shared.iter().filter(|q| q.kind == Kind::Scale && q.labels.is_none()) {
                found.push(format!("{topic}: {} has no labels of its own", q.id));
            }
            continue;
        }
        let general: Vec<&Receiver> = plan.receivers.iter().filter(|r| r.communicated == plan.communicated).collect();
        if plan.receivers.len() >= 2
            && let Some(claim) = plan.communicated.map(|at| c.at(at)).filter(|q| q.to.is_empty())
            && general.len() >= 2
        {
            let to: Vec<&str> = general.iter().map(|r| c.banks[r.bank].function.as_str()).collect();
            found.push(format!("{topic}: {} is one claim compared with {}", claim.id, to.join(", ")));
        }
        for r in &plan.receivers {
            let Some(claim) = r.communicated.map(|at| c.at(at)) else { continue };
            for q in r.questions.iter().map(|&q| &c.banks[r.bank].questions[q]) {
                if q.kind == Kind::Scale && (claim.labels.is_none() || q.labels.is_none()) {
                    found.push(format!("{topic}: {} ↔ {} rests on the default labels", claim.id, q.id));
                } else if q.kind == Kind::Scale && claim.labels != q.labels {
                    found.push(format!("{topic}: {} ↔ {} have different labels", claim.id, q.id));
                }
                if topic == "launch.advance-notice" {
                    for side in [claim, q] {
                        let options: Vec<(&str, Option<f64>)> =
                            side.options.iter().map(|o| (o.label.as_str(), o.score)).collect();
                        let calendar: Vec<(&str, Option<f64>)> = CALENDAR.iter().map(|&(l, s)| (l, Some(s))).collect();
                        if options != calendar {
                            found.push(format!("{topic}: {} is not asked in calendar time", side.id));
                        }
                    }
                }
            }
        }
    }
    found.sort();
    found.dedup();
    found
}

#[test]
fn the_shipped_pairs_are_defensible() {
    let c = Catalog::embedded().unwrap();
    let found = pair_problems(&c);
    assert!(found.is_empty(), "{found:#?}");
    // The rules look where they should: advance notice, several receivers, shared facts.
    let plan = c.plan("launch.advance-notice").unwrap();
    assert!(plan.receivers.len() >= 2);
    for topic in ["launch.customer-docs", "launch.onboarding", "adoption.ownership"] {
        assert!(c.plan(topic).is_some_and(|p| p.shared), "{topic} is a shared fact");
    }
    // Every claim on a topic Sales and CS both receive is asked with a row for each.
    for plan in c.plans().iter().filter(|p| !p.shared) {
        let functions: Vec<&str> = plan.receivers.iter().map(|r| c.banks[r.bank].function.as_str()).collect();
        if functions.contains(&"sales") && functions.contains(&"customer-success") {
            let topic = &c.topics[plan.topic].id;
            for r in plan
                .receivers
                .iter()
                .filter(|r| ["sales", "customer-success"].contains(&c.banks[r.bank].function.as_str()))
            {
                let claim = c.at(r.communicated.unwrap_or_else(|| panic!("{topic}: no claim")));
                assert!(claim.group.is_some(), "{topic}: {} is not a row of an \"each\"", claim.id);
            }
        }
    }
}

/// A product bank and Sales and CS banks on "launch.advance-notice" and "t.one", from the
/// questions given (JSON objects, comma-joined).
fn pair_catalog(product: &str, sales: &str, cs: &str) -> Result<Catalog, BankErrors> {
    let topics = r#"{"version": "1", "topics": [{"id": "t.one", "title": "One"}, {"id": "launch.advance-notice", "title": "Notice"}]}"#;
    let bank = |function: &str, questions: &str| {
        format!(
            r#"{{"function": "{function}", "title": "{function}", "version": "1", "sections": [{{"id": "s", "title": "S"}}], "questions": [{questions}]}}"#
        )
    };
    let files = vec![
        ("topics.json".to_string(), topics.to_string()),
        ("product.json".to_string(), bank("product", product)),
        ("sales.json".to_string(), bank("sales", sales)),
        ("customer-success.json".to_string(), bank("customer-success", cs)),
    ];
    Catalog::from_files(files, BankSource::Embedded)
}

fn scale_q(id: &str, stance: &str, extra: &str) -> String {
    format!(
        r#"{{"id": "{id}", "section": "s", "text": "Got it?", "kind": "scale", "topic": "t.one", "stance": "{stance}"{extra}}}"#
    )
}

fn notice_q(id: &str, stance: &str, options: &str, extra: &str) -> String {
    format!(
        r#"{{"id": "{id}", "section": "s", "text": "When?", "kind": "choice", "options": {options}, "topic": "launch.advance-notice", "stance": "{stance}"{extra}}}"#
    )
}

fn calendar_json() -> String {
    let options: Vec<String> = CALENDAR.iter().map(|(l, s)| format!(r#"{{"label": "{l}", "score": {s}}}"#)).collect();
    format!("[{}]", options.join(", "))
}

#[test]
fn the_pair_rules_catch_a_broken_bank() {
    let labels = format!(", {LABELS}");
    let each = r#", "each": ["sales", "customer-success"]"#;
    let calendar = calendar_json();
    let good = || {
        pair_catalog(
            &[
                scale_q("p.got", "communicated", &format!("{labels}{each}")),
                notice_q("p.when", "communicated", &calendar, each),
            ]
            .join(","),
            &[scale_q("s.got", "received", &labels), notice_q("s.when", "received", &calendar, "")].join(","),
            &[scale_q("c.got", "received", &labels), notice_q("c.when", "received", &calendar, "")].join(","),
        )
    };
    assert_eq!(pair_problems(&good().unwrap()), Vec::<String>::new());

    // One claim for two receivers.
    let joint = pair_catalog(
        &[scale_q("p.got", "communicated", &labels), notice_q("p.when", "communicated", &calendar, each)].join(","),
        &[scale_q("s.got", "received", &labels), notice_q("s.when", "received", &calendar, "")].join(","),
        &[scale_q("c.got", "received", &labels), notice_q("c.when", "received", &calendar, "")].join(","),
    )
    .unwrap();
    let found = pair_problems(&joint);
    assert_eq!(found, ["t.one: p.got is one claim compared with sales, customer-success"], "{found:#?}");

    // Advance notice in phases, the same on both sides (so the loader takes it).
    let phases = r#"[{"label": "During discovery", "score": 4}, {"label": "During development", "score": 2}, {"label": "At launch", "score": 0}]"#;
    let in_phases = pair_catalog(
        &[
            scale_q("p.got", "communicated", &format!("{labels}{each}")),
            notice_q("p.when", "communicated", phases, each),
        ]
        .join(","),
        &[scale_q("s.got", "received", &labels), notice_q("s.when", "received", phases, "")].join(","),
        &[scale_q("c.got", "received", &labels), notice_q("c.when", "received", &calendar, "")].join(","),
    );
    // The CS pair differs, which the loader refuses; the Sales pair is in phases on both sides.
    assert!(in_phases.is_err());
    let in_phases = pair_catalog(
        &[
            scale_q("p.got", "communicated", &format!("{labels}{each}")),
            notice_q("p.when", "communicated", phases, each),
        ]
        .join(","),
        &[scale_q("s.got", "received", &labels), notice_q("s.when", "received", phases, "")].join(","),
        &[scale_q("c.got", "received", &labels), notice_q("c.when", "received", phases, "")].join(","),
    )
    .unwrap();
    let found = pair_problems(&in_phases);
    for id in ["p.when-sales", "p.when-customer-success", "s.when", "c.when"] {
        assert!(
            found.contains(&format!("launch.advance-notice: {id} is not asked in calendar time")),
            "{id}: {found:#?}"
        );
    }

    // A pair on the default labels: refused by the loader, or named by the check.
    let default = pair_catalog(
        &[scale_q("p.got", "communicated", each), notice_q("p.when", "communicated", &calendar, each)].join(","),
        &[scale_q("s.got", "received", ""), notice_q("s.when", "received", &calendar, "")].join(","),
        &[scale_q("c.got", "received", ""), notice_q("c.when", "received", &calendar, "")].join(","),
    );
    match default {
        Err(e) => assert!(e.to_string().contains("needs its own \"labels\""), "{e}"),
        Ok(c) => assert!(
            pair_problems(&c).contains(&"t.one: p.got-sales ↔ s.got rests on the default labels".to_string()),
            "{:#?}",
            pair_problems(&c)
        ),
    }

    // A shared fact asked in other words.
    let shared = |text: &str| {
        format!(
            r#"{{"id": "ID", "section": "s", "text": "{text}", "kind": "scale"{labels}, "topic": "t.one", "stance": "shared"}}"#
        )
    };
    let facts = pair_catalog(
        &[shared("Docs complete?").replace("ID", "p.docs"), notice_q("p.when", "communicated", &calendar, each)]
            .join(","),
        &[shared("Docs complete?").replace("ID", "s.docs"), notice_q("s.when", "received", &calendar, "")].join(","),
        &[shared("Could you send the docs?").replace("ID", "c.docs"), notice_q("c.when", "received", &calendar, "")]
            .join(","),
    )
    .unwrap();
    let found = pair_problems(&facts);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(
        found.iter().all(|f| f.starts_with("t.one: shared fact asked differently") && f.contains("c.docs")),
        "{found:#?}"
    );
}

/// The must-ask set of an interview: about 24 questions (30 minutes at 75 s each), a claim
/// asked with a row per receiver counting once. So it is in the default scope (Operations) and
/// for Leadership.
const MUST_ASK_MAX: usize = 24;
/// With all five pillars in scope: about 36 questions (45 minutes).
const MUST_ASK_MAX_ALL_PILLARS: usize = 36;

/// Every way `c`'s must-ask sets break the rules, one line each: a bank asking more than `max`
/// questions as must, and a compared pair (or shared fact) must-ask on one side only, which
/// would often show "unasked" (review D-3).
fn must_ask_problems(c: &Catalog, max: usize) -> Vec<String> {
    let mut found = Vec::new();
    for bank in &c.banks {
        let must: HashSet<&str> =
            bank.questions.iter().filter(|q| q.is_must()).map(|q| q.group.as_deref().unwrap_or(&q.id)).collect();
        if must.len() > max {
            found.push(format!("{}: {} must-ask questions, more than {max}", bank.function, must.len()));
        }
    }
    for plan in c.plans() {
        let topic = c.topics[plan.topic].id.as_str();
        for r in &plan.receivers {
            let Some(claim) = r.communicated.map(|at| c.at(at)) else { continue };
            for q in r.questions.iter().map(|&q| &c.banks[r.bank].questions[q]) {
                if claim.is_must() != q.is_must() {
                    found.push(format!("{topic}: {} and {} are not both must-ask, or both not", claim.id, q.id));
                }
            }
        }
    }
    found
}

#[test]
fn the_shipped_must_ask_sets_fit_the_slot_and_cover_both_sides() {
    let c = Catalog::embedded().unwrap();
    let found = must_ask_problems(&c.in_scope(&Scope::default()), MUST_ASK_MAX);
    assert!(found.is_empty(), "Operations scope: {found:#?}");
    let found = must_ask_problems(&c.in_scope(&Scope::all()), MUST_ASK_MAX_ALL_PILLARS);
    assert!(found.is_empty(), "all five pillars: {found:#?}");
    let leadership = c.bank("leadership").unwrap();
    let must: HashSet<&str> =
        leadership.questions.iter().filter(|q| q.is_must()).map(|q| q.group.as_deref().unwrap_or(&q.id)).collect();
    assert!(must.len() <= MUST_ASK_MAX, "Leadership: {} must-ask questions", must.len());
    // The PM's guess at what the others will say comes last, once every claim is made.
    let product = c.bank("product").unwrap();
    assert_eq!(product.questions.last().map(|q| q.id.as_str()), Some("product.expected-account"));
    // The overall 'prepared or surprised' comes before the detail, on both sides.
    for id in ["product.teams-prepared-sales", "sales.prepared", "customer-success.prepared"] {
        let (bank, _) = c.question(id).unwrap();
        let at = bank.question_index(id).unwrap();
        assert!(at < 6, "{id} is question {} of {}", at + 1, bank.function);
    }
}

#[test]
fn the_must_ask_rules_catch_a_broken_bank() {
    let labels = format!(", {LABELS}");
    let each = r#", "each": ["sales", "customer-success"]"#;
    let calendar = calendar_json();
    let catalog = |claim: &str, sales: &str| {
        pair_catalog(
            &[
                scale_q("p.got", "communicated", &format!("{labels}{each}{claim}")),
                notice_q("p.when", "communicated", &calendar, each),
            ]
            .join(","),
            &[scale_q("s.got", "received", &format!("{labels}{sales}")), notice_q("s.when", "received", &calendar, "")]
                .join(","),
            &[scale_q("c.got", "received", &format!("{labels}{claim}")), notice_q("c.when", "received", &calendar, "")]
                .join(","),
        )
        .unwrap()
    };
    let must = r#", "priority": "must""#;
    assert_eq!(must_ask_problems(&catalog(must, must), MUST_ASK_MAX), Vec::<String>::new());
    assert_eq!(
        must_ask_problems(&catalog(must, ""), MUST_ASK_MAX),
        ["t.one: p.got-sales and s.got are not both must-ask, or both not"]
    );
    // Twenty-five must-ask questions in one bank.
    let many: Vec<String> = (0..25)
        .map(|i| format!(r#"{{"id": "s.q{i}", "section": "s", "text": "Q{i}?", "kind": "text", "priority": "must"}}"#))
        .collect();
    let c = pair_catalog(
        &notice_q("p.when", "communicated", &calendar, each),
        &[notice_q("s.when", "received", &calendar, "")].into_iter().chain(many).collect::<Vec<_>>().join(","),
        &notice_q("c.when", "received", &calendar, ""),
    )
    .unwrap();
    assert_eq!(must_ask_problems(&c, MUST_ASK_MAX), ["sales: 25 must-ask questions, more than 24"]);
}

#[test]
fn a_compared_scale_needs_its_own_labels() {
    let unlabelled = bank(
        r#"    {"id": "s.got", "section": "s", "text": "Got?", "kind": "scale", "topic": "t.one", "stance": "received"},
    {"id": "s.how", "section": "s", "text": "How often?", "kind": "scale"}"#,
    );
    let p = problems(&[("product.json", PRODUCT), ("sales.json", &unlabelled)]);
    let expected =
        "sales.json:7:61: a compared scale question needs its own \"labels\": five descriptions of what happened";
    assert!(p.iter().any(|x| x.starts_with(expected)), "{p:#?}");
    assert!(p.iter().all(|x| !x.starts_with("sales.json:8:")), "a practice scale keeps the default labels: {p:#?}");
    let labelled = unlabelled.replace(r#""kind": "scale", "topic""#, &format!(r#""kind": "scale", {LABELS}, "topic""#));
    assert!(load(&[("product.json", PRODUCT), ("sales.json", &labelled)]).is_ok());
}

#[test]
fn a_section_names_one_of_the_five_pillars() {
    let q = r#"    {"id": "s.q", "section": "s", "text": "Q?", "kind": "scale"}"#;
    let with = |pillar: &str| bank(q).replace(r#""title": "S"}"#, &format!(r#""title": "S", "pillar": "{pillar}"}}"#));
    let found = problems(&[("product.json", PRODUCT), ("sales.json", &with("Finance"))]);
    assert!(
        found.iter().any(|p| p.contains("unknown pillar \"Finance\": use one of Identity & Direction,")),
        "{found:?}"
    );
    let c = load(&[("product.json", PRODUCT), ("sales.json", &with("Coordination"))]).unwrap();
    assert_eq!(c.bank("sales").unwrap().sections[0].pillar, Pillar::Coordination);
    let c = load(&[("product.json", PRODUCT), ("sales.json", &bank(q))]).unwrap();
    assert_eq!(c.bank("sales").unwrap().sections[0].pillar, Pillar::Operations, "unnamed: Operations");
}

#[test]
fn a_scope_asks_only_the_sections_of_its_pillars() {
    // Product's claim sits in a Coordination section; Sales receives it in an Operations one, and
    // asks one more question in Coordination; a third bank is all Coordination.
    let product = PRODUCT.replace(r#""title": "S"}"#, r#""title": "S", "pillar": "Coordination"}"#);
    let sales = r#"{"function": "sales", "title": "Sales", "version": "1",
 "sections": [{"id": "ops", "title": "O"}, {"id": "co", "title": "C", "pillar": "Coordination"}],
 "questions": [
  {"id": "s.heard", "section": "ops", "text": "Heard?", "kind": "scale", "labels": ["None", "A note", "A call", "A briefing", "A rehearsal"], "topic": "t.one", "stance": "received"},
  {"id": "s.blocked", "section": "co", "text": "Blocked?", "kind": "scale"}]}"#;
    let c = load(&[("product.json", &product), ("sales.json", sales)]).unwrap();
    assert!(c.plan("t.one").unwrap().communicated.is_some());

    let ops = c.in_scope(&Scope::default());
    assert_eq!(ops.functions().collect::<Vec<_>>(), ["sales"], "a bank with nothing in scope is left out");
    let sales = ops.bank("sales").unwrap();
    assert_eq!(sales.questions.iter().map(|q| q.id.as_str()).collect::<Vec<_>>(), ["s.heard"]);
    assert_eq!(sales.question_index("s.heard"), Some(0));
    assert_eq!(c.bank("sales").unwrap().questions_in(&Scope::default()), 1, "counted without cutting");
    assert_eq!(c.bank("product").unwrap().questions_in(&Scope::default()), 0);
    assert!(ops.plan("t.one").unwrap().communicated.is_none(), "the claim is out of scope: nothing compares");
    assert_eq!(ops.topics.len(), 1, "a topic still asked stays");
    let shipped = Catalog::embedded().unwrap();
    let ops = shipped.in_scope(&Scope::default());
    assert!(ops.topic("launch.pricing").is_some() && ops.topic("direction.outcomes").is_none(), "nothing asks it");
    assert!(shipped.in_scope(&Scope::all()).topic("direction.outcomes").is_some());

    let all = c.in_scope(&Scope::all());
    assert!(matches!(all, std::borrow::Cow::Borrowed(_)), "everything in scope: the catalog itself");
    assert_eq!(all.bank("sales").unwrap().questions.len(), 2);
}

#[test]
fn a_scope_without_operations_still_names_the_launch() {
    // Each bank's anchor sits in an Operations section; an upstream-only engagement still asks
    // it first, so every answer is about the same launch, and nothing else of its section.
    let shipped = Catalog::embedded().unwrap();
    let upstream = shipped.in_scope(&Scope::parse("identity-direction,coordination").unwrap());
    for bank in &upstream.banks {
        let anchor = bank.anchor().unwrap_or_else(|| panic!("{} keeps its anchor", bank.function));
        assert_eq!(bank.questions[0].id, anchor.id, "{}: the anchor is asked first", bank.function);
        let section = &anchor.section;
        if bank.section(section).is_some_and(|s| s.pillar == crate::bank::Pillar::Operations) {
            assert_eq!(bank.questions.iter().filter(|q| &q.section == section).count(), 1, "{}", bank.function);
        }
        assert!(bank.questions.len() > 1, "{}: a bank kept for its anchor alone", bank.function);
    }
    assert!(upstream.bank("leadership").is_some());
    let scope = Scope::parse("identity-direction,coordination").unwrap();
    for bank in &shipped.banks {
        let asked = upstream.bank(&bank.function).map_or(0, |b| b.questions.len());
        assert_eq!(bank.questions_in(&scope), asked, "{}: counted as asked", bank.function);
    }
}

// ---------------------------------------------------------------------------------------------
// The evidence points the banks review found missing (A-8, E-1, E-2, E-3), asked as optional
// closed questions.

/// Each evidence point, with the question that asks it.
const EVIDENCE_POINTS: [(&str, &str); 20] = [
    ("how a change is approved for production", "engineering.change-approval"),
    ("how long a change waits for approval", "engineering.approval-wait"),
    ("how long branches live before merging", "engineering.branch-life"),
    ("defects customers reported after the release", "engineering.escaped-defects"),
    ("capacity lost to unplanned fixes", "engineering.unplanned-share"),
    ("availability last quarter", "operations.availability"),
    ("incidents at the highest severity last quarter", "operations.top-severity-incidents"),
    ("incidents at the next severity last quarter", "operations.second-severity-incidents"),
    ("time to detect", "operations.time-to-detect"),
    ("artefact seen: the delivery dashboard", "engineering.dashboard-seen"),
    ("artefact seen: the last incident review", "engineering.incident-review-seen"),
    ("artefact seen: the written readiness standard", "operations.readiness-standard-seen"),
    ("artefact seen: the launch checklist", "product.checklist-seen"),
    ("artefact seen: the launch review's actions", "product.retro-actions-seen"),
    ("a named launch owner", "product.launch-owner"),
    ("business goals set before launch", "product.goals-before-launch"),
    ("early access before general availability", "product.early-access"),
    ("the customer communication plan", "product.customer-comms"),
    ("what was decided on the launch's results", "product.after-results"),
    ("activation at sixty days", "product.activation-60-days"),
];

/// The scored options of `q` are evenly spaced from 0 to 4, each score once ("can't say" and
/// the like are left unscored, never scored as the worst).
fn evenly_scored(q: &Question) -> bool {
    let mut scores: Vec<f64> = q.options.iter().filter_map(|o| o.score).collect();
    scores.sort_by(f64::total_cmp);
    let n = scores.len();
    n == 0
        || (n >= 3
            && scores[0] == 0.0
            && scores[n - 1] == crate::bank::SCALE_MAX
            && scores.windows(2).all(|w| ((w[1] - w[0]) - crate::bank::SCALE_MAX / (n - 1) as f64).abs() < 1e-9))
}

#[test]
fn the_banks_ask_the_evidence_points_the_review_found_missing() {
    let c = Catalog::embedded().unwrap();
    for (point, id) in EVIDENCE_POINTS {
        let (bank, q) = c.question(id).unwrap_or_else(|| panic!("no question asks {point} ({id})"));
        let at = format!("{id} ({point})");
        assert!(id.starts_with(&format!("{}.", bank.function)), "{at}");
        // Optional, closed, with a follow-up or two and what a strong answer shows.
        assert!(!q.is_must() && q.topic.as_deref().is_none_or(|_| q.stance == Some(Stance::Practice)), "{at}");
        assert!(q.kind != Kind::Text && (1..=2).contains(&q.probes.len()) && !q.evidence.is_empty(), "{at}");
        // One ask, in plain words.
        let text = q.text.to_lowercase();
        assert_eq!(text.matches('?').count(), 1, "{at} asks more than one question: {}", q.text);
        let words: Vec<&str> =
            text.split(|ch: char| !ch.is_alphanumeric() && ch != '-').filter(|w| !w.is_empty()).collect();
        assert!(!words.windows(2).any(|p| p[0] == "and" && SECOND_ASK.contains(&p[1])), "{at}: {}", q.text);
        assert!(evenly_scored(q), "{at}: scores not evenly spaced 0–4: {:?}", q.options);
        // A figure says what it counts and where it came from; an artefact is observed.
        if q.kind == Kind::Number {
            assert!(q.unit.is_some() && q.source, "{at}: a figure with its unit and source");
        }
        assert_eq!(q.observation, point.starts_with("artefact seen"), "{at}");
    }
    // Figures where less is better say so.
    for id in [
        "engineering.escaped-defects",
        "engineering.unplanned-share",
        "operations.top-severity-incidents",
        "operations.second-severity-incidents",
    ] {
        assert!(c.question(id).is_some_and(|(_, q)| q.lower_is_better), "{id} is not marked \"better\": \"lower\"");
    }
    // The review's C-6 fixes: how Sales finds out, scored evenly on one scale; the deals a launch
    // problem touched, options that exclude each other, asked at the close of the interview.
    let (sales, find_out) = c.question("sales.how-find-out").unwrap();
    assert!(evenly_scored(find_out) && find_out.options.iter().all(|o| o.score.is_some()), "{:?}", find_out.options);
    let deals = sales.question_index("sales.deal-impact").unwrap();
    assert_eq!(deals + 2, sales.questions.len(), "sales.deal-impact comes just before the closing question");
}

// ---------------------------------------------------------------------------------------------
// The four upstream pillars (issue 24): a Leadership bank, and short sections in the five
// others, each pillar asked of more than one function and what one side sent paired with what
// the other received. An engagement of the default scope (Operations) asks what it asked before.

use Pillar::{
    ControlOptimisation as Control, Coordination, IdentityDirection as Direction,
    IntelligenceAdaptation as Intelligence,
};

/// Every question of the upstream sections, with its pillar and whether it is must-ask (a claim
/// asked with a row per function by its own id, standing for its rows).
const UPSTREAM: [(&str, Pillar, bool); 32] = [
    ("leadership.last-launch", Direction, true),
    ("leadership.outcomes", Direction, true),
    ("leadership.priority-changes", Direction, true),
    ("leadership.insight-use", Intelligence, false),
    ("leadership.new-work-share-intended", Control, true),
    ("leadership.work-approval", Control, true),
    ("leadership.after-failed-release", Control, true),
    ("leadership.dependencies", Coordination, true),
    ("leadership.one-change", Coordination, false),
    ("product.outcomes-received", Direction, true),
    ("product.priority-changes", Direction, true),
    ("product.insight-from-sales", Intelligence, true),
    ("product.insight-from-customer-success", Intelligence, true),
    ("product.build-evidence", Intelligence, false),
    ("product.work-ready", Control, true),
    ("product.pricing-set", Control, false),
    ("product.dependencies", Coordination, true),
    ("product.blocked", Coordination, false),
    ("engineering.outcomes-received", Direction, true),
    ("engineering.priority-changes", Direction, true),
    ("engineering.work-ready-received", Control, true),
    ("engineering.new-work-share", Control, true),
    ("engineering.teams-waited-on", Coordination, true),
    ("engineering.dependencies", Coordination, true),
    ("engineering.blocked", Coordination, false),
    ("sales.outcomes-received", Direction, true),
    ("sales.insight-to-product", Intelligence, true),
    ("customer-success.outcomes-received", Direction, true),
    ("customer-success.insight-to-product", Intelligence, true),
    ("operations.outcomes-received", Direction, true),
    ("operations.dependencies", Coordination, true),
    ("operations.blocked", Coordination, false),
];

/// The upstream topics: pillar, whether a shared fact, the claimant (a shared fact's reference
/// side), and the other functions in bank order.
const UPSTREAM_TOPICS: [(&str, Pillar, bool, &str, &[&str]); 6] = [
    (
        "direction.outcomes",
        Direction,
        false,
        "leadership",
        &["product", "sales", "customer-success", "engineering", "operations"],
    ),
    ("direction.priority-changes", Direction, true, "leadership", &["product", "engineering"]),
    ("insight.from-sales", Intelligence, false, "sales", &["product"]),
    ("insight.from-customer-success", Intelligence, false, "customer-success", &["product"]),
    ("control.work-ready", Control, false, "product", &["engineering"]),
    ("coordination.dependencies", Coordination, true, "leadership", &["product", "engineering", "operations"]),
];

/// The pillar of the section `q` is asked in.
fn pillar_of(bank: &Bank, q: &Question) -> Pillar {
    bank.section(&q.section).unwrap_or_else(|| panic!("{}: no section {}", q.id, q.section)).pillar
}

#[test]
fn the_upstream_pillars_are_asked_of_several_functions() {
    let c = Catalog::embedded().unwrap();
    // The questions outside Operations are the upstream ones, each in its pillar's section.
    let mut outside: Vec<(&str, Pillar, bool)> = Vec::new();
    for bank in &c.banks {
        for q in bank.questions.iter().filter(|q| pillar_of(bank, q) != Pillar::Operations) {
            let id = q.group.as_deref().unwrap_or(&q.id);
            if !outside.iter().any(|(seen, ..)| *seen == id) {
                outside.push((id, pillar_of(bank, q), q.is_must()));
            }
        }
    }
    outside.sort_unstable_by_key(|(id, ..)| *id);
    let mut expected = UPSTREAM.to_vec();
    expected.sort_unstable_by_key(|(id, ..)| *id);
    assert_eq!(outside, expected, "the upstream questions, their pillars and must-ask flags");
    // Each in plain words, one ask (the anchor, like every bank's, names the case and its date).
    for (id, ..) in UPSTREAM.iter().filter(|(id, ..)| !asked(&c, id).anchor) {
        let text = asked(&c, id).text.to_lowercase();
        assert_eq!(text.matches('?').count(), 1, "{id} asks more than one question: {text}");
        let words: Vec<&str> =
            text.split(|ch: char| !ch.is_alphanumeric() && ch != '-').filter(|w| !w.is_empty()).collect();
        assert!(!words.windows(2).any(|p| p[0] == "and" && SECOND_ASK.contains(&p[1])), "{id} joins two asks: {text}");
    }
    // Each upstream pillar is asked of two functions or more: Leadership and two others at least.
    for pillar in [Direction, Intelligence, Control, Coordination] {
        let banks: Vec<&str> = c
            .banks
            .iter()
            .filter(|b| b.questions.iter().any(|q| pillar_of(b, q) == pillar))
            .map(|b| b.function.as_str())
            .collect();
        assert!(banks.len() >= 3 && banks.contains(&"leadership"), "{}: asked of {banks:?}", pillar.name());
        // And compares one side with another on a topic of its own.
        assert!(UPSTREAM_TOPICS.iter().any(|(_, p, ..)| *p == pillar), "{}: nothing compared", pillar.name());
    }
    // Each topic, who states it and who receives it (or shares it), all must-ask, in its pillar.
    for (id, pillar, shared, claimant, others) in UPSTREAM_TOPICS {
        let topic = c.topic(id).unwrap_or_else(|| panic!("no topic {id}"));
        assert_eq!(topic.dimension.as_deref(), Some(pillar.name()), "{id}: its dimension is its pillar");
        let plan = c.plan(id).unwrap();
        assert_eq!(plan.shared, shared, "{id}: a shared fact, or a claim and its receivers");
        let by = c.banks[plan.communicated.unwrap_or_else(|| panic!("{id}: no claim")).bank].function.as_str();
        assert_eq!(by, claimant, "{id}: stated by");
        let receivers: Vec<&str> = plan.receivers.iter().map(|r| c.banks[r.bank].function.as_str()).collect();
        assert_eq!(receivers, others, "{id}: received by");
        for at in &plan.questions {
            let (bank, q) = (&c.banks[at.bank], c.at(*at));
            assert_eq!(pillar_of(bank, q), pillar, "{id}: {} is asked in another pillar", q.id);
            assert!(q.is_must(), "{id}: {} is compared and not must-ask", q.id);
            let stance = if shared {
                Stance::Shared
            } else if bank.function == claimant {
                Stance::Communicated
            } else {
                Stance::Received
            };
            assert_eq!(q.stance, Some(stance), "{id}: {}", q.id);
        }
        assert!(plan.receivers.iter().all(|r| r.communicated.is_some()), "{id}: a receiver without its claim");
    }
    // Leadership's claim on the outcomes is a row per function, each compared with its own.
    let rows: Vec<&str> = c
        .bank("leadership")
        .unwrap()
        .questions
        .iter()
        .filter(|q| q.group.as_deref() == Some("leadership.outcomes"))
        .map(|q| q.id.as_str())
        .collect();
    let functions = ["product", "engineering", "sales", "customer-success", "operations"];
    assert_eq!(rows, functions.map(|f| format!("leadership.outcomes-{f}")));
    let plan = c.plan("direction.outcomes").unwrap();
    for r in &plan.receivers {
        let function = &c.banks[r.bank].function;
        assert_eq!(c.at(r.communicated.unwrap()).id, format!("leadership.outcomes-{function}"));
        assert_eq!(c.banks[r.bank].questions[r.questions[0]].id, format!("{function}.outcomes-received"));
    }

    // The default scope asks exactly what it asked before the upstream pillars had sections,
    // bank by bank in interview order, and no Leadership interview at all.
    let operations = c.in_scope(&Scope::default());
    assert!(operations.bank("leadership").is_none(), "an Operations engagement has no Leadership interview");
    let asked: Vec<&str> = operations.banks.iter().flat_map(|b| &b.questions).map(|q| q.id.as_str()).collect();
    let before: Vec<&str> = include_str!("../../tests/fixtures/operations-scope-ids.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .collect();
    assert_eq!(before.len(), 230);
    assert_eq!(asked, before, "the Operations scope asks what it asked before");
    for (id, ..) in UPSTREAM_TOPICS {
        assert!(operations.plan(id).is_none(), "{id} is asked in the Operations scope");
    }
    // With all five pillars, every bank, Leadership first.
    let all = c.in_scope(&Scope::all());
    assert_eq!(all.functions().collect::<Vec<_>>(), SHIPPED);
}
