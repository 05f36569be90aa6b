//! The pillars on their own and the cascade across them, on table-driven engagements.

use chrono::{TimeZone, Utc};

use super::cascade;
use super::evidence::Level;
use super::pillars::{self, PillarReading};
use crate::bank::{BankSource, Catalog, Pillar, Scope};
use crate::session::{AnswerValue, Session};

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 7, 10, 0, 0).unwrap()
}

const TOPICS: &str = r#"{"version": "1", "topics": [{"id": "direction.outcomes", "title": "Outcomes"}]}"#;

/// Product claims the outcomes in a Coordination section? No: in Identity & Direction, with one
/// practice question there; Engineering receives them in Identity & Direction and answers two
/// practice questions there, and one in Operations.
const PRODUCT: &str = r#"{"function": "product", "title": "Product", "version": "1",
 "sections": [{"id": "dir", "title": "D", "pillar": "Identity & Direction"}],
 "questions": [
  {"id": "p.outcomes", "section": "dir", "text": "Told?", "kind": "scale", "labels": ["None", "A note", "A call", "A briefing", "A rehearsal"], "topic": "direction.outcomes", "stance": "communicated", "priority": "must"},
  {"id": "p.clear", "section": "dir", "text": "Clear?", "kind": "scale", "priority": "must"}]}"#;
const ENGINEERING: &str = r#"{"function": "engineering", "title": "Engineering", "version": "1",
 "sections": [{"id": "dir", "title": "D", "pillar": "Identity & Direction"}, {"id": "ops", "title": "O"}],
 "questions": [
  {"id": "e.outcomes", "section": "dir", "text": "Told?", "kind": "scale", "labels": ["None", "A note", "A call", "A briefing", "A rehearsal"], "topic": "direction.outcomes", "stance": "received", "priority": "must"},
  {"id": "e.stable", "section": "dir", "text": "Stable?", "kind": "scale", "priority": "must"},
  {"id": "e.why", "section": "dir", "text": "Why?", "kind": "text"},
  {"id": "e.ship", "section": "ops", "text": "Ship?", "kind": "scale"}]}"#;

fn catalog() -> Catalog {
    let files = [("topics.json", TOPICS), ("product.json", PRODUCT), ("engineering.json", ENGINEERING)];
    Catalog::from_files(files.iter().map(|(n, t)| (n.to_string(), t.to_string())).collect(), BankSource::Embedded)
        .unwrap_or_else(|e| panic!("{e}"))
}

fn answer(s: &mut Session, function: &str, id: &str, value: u8) {
    let i = match s.interviews.iter().position(|i| i.function == function) {
        Some(i) => i,
        None => s.add_interview(function, "1", now()),
    };
    s.interviews[i].answer_mut(id).set_value(AnswerValue::Scale { value }, now());
}

fn read(s: &Session, c: &Catalog) -> Vec<PillarReading> {
    let c = c.in_scope(&s.scope);
    pillars::read(&super::Sources::new(s, &c))
}

fn pillar(readings: &[PillarReading], p: Pillar) -> &PillarReading {
    readings.iter().find(|r| r.pillar == p).unwrap()
}

#[test]
fn a_pillar_is_read_from_what_arrived_and_what_is_done_never_from_claims() {
    let c = catalog();
    let mut s = Session::new("s".into(), "Org".into(), None, now());
    s.scope = Scope::all();
    // (product clear, engineering received, engineering stable) → level
    let cases = [
        ([4, 4, 4], Level::Strong),
        ([4, 4, 1], Level::Weak), // a third weak: weak
        ([2, 2, 3], Level::Middling),
    ];
    for (values, level) in cases {
        let mut s = s.clone();
        answer(&mut s, "product", "p.outcomes", 0); // a claim: never part of the level
        answer(&mut s, "product", "p.clear", values[0]);
        answer(&mut s, "engineering", "e.outcomes", values[1]);
        answer(&mut s, "engineering", "e.stable", values[2]);
        let r = read(&s, &c);
        let d = pillar(&r, Pillar::IdentityDirection);
        assert_eq!(d.level, level, "{values:?}: {}", d.says);
        assert_eq!((d.questions, d.answered, d.must, d.must_answered), (3, 3, 3, 3), "claims and texts not counted");
        assert_eq!(d.functions, ["Product", "Engineering"]);
        assert_eq!(d.interviews, 2);
        assert!(d.evidence.iter().all(|e| e.question_id != "p.outcomes"));
        // The claim (0) against what arrived: a gap in this pillar, not in Operations.
        assert_eq!(d.gaps.len(), usize::from(values[1] > 1), "{:?}", d.gaps);
        assert!(pillar(&r, Pillar::Operations).gaps.is_empty());
    }
    // Two answers: not enough, and it says what a level needs.
    let mut two = s.clone();
    answer(&mut two, "product", "p.clear", 4);
    answer(&mut two, "engineering", "e.stable", 4);
    let d = pillar(&read(&two, &c), Pillar::IdentityDirection).clone();
    assert_eq!(d.level, Level::Unknown);
    assert!(
        d.says.starts_with("Not enough evidence: 2 of 3 questions answered, by Product and Engineering"),
        "{}",
        d.says
    );
    // Out of scope: nothing read, and it says so.
    let mut ops = two.clone();
    ops.scope = Scope::default();
    let d = pillar(&read(&ops, &c), Pillar::IdentityDirection).clone();
    assert!(!d.in_scope && d.evidence.is_empty() && d.level_words() == "out of scope", "{}", d.says);
}

/// A pillar reading with `level`, in scope, answered by `functions`.
fn at(p: Pillar, level: Level, functions: &[&str]) -> PillarReading {
    PillarReading {
        pillar: p,
        in_scope: true,
        level,
        questions: 4,
        answered: 4,
        must: 2,
        must_answered: 2,
        functions: functions.iter().map(ToString::to_string).collect(),
        interviews: functions.len(),
        gaps: Vec::new(),
        evidence: Vec::new(),
        says: String::new(),
    }
}

fn five(levels: [Level; 4]) -> Vec<PillarReading> {
    let mut out: Vec<PillarReading> =
        Pillar::ALL[..4].iter().zip(levels).map(|(p, l)| at(*p, l, &["Leadership", "Engineering"])).collect();
    out.push(at(Pillar::Operations, Level::Weak, &["Engineering"]));
    out
}

#[test]
fn the_intervention_sits_in_the_most_upstream_weak_pillar_whose_symptoms_show() {
    use Level::{Middling, Strong, Unknown, Weak};
    let c = Catalog::embedded().unwrap();
    let mut s = Session::new("s".into(), "Org".into(), None, now());
    s.scope = Scope::all();
    // Capacity lost to unplanned work (Control's symptom) and releases waiting on other teams
    // (Coordination's: release-independently weak).
    let i = s.add_interview("engineering", "1", now());
    s.interviews[i].answer_mut("engineering.unplanned-share").set_value(AnswerValue::Number { value: 40.0 }, now());
    s.interviews[i].answer_mut("engineering.release-independently").set_value(AnswerValue::Scale { value: 0 }, now());
    let cases = [
        // Control and Coordination weak, both with symptoms: the more upstream one.
        ([Strong, Strong, Weak, Weak], Some(Pillar::ControlOptimisation), "Start upstream: Control & Optimisation"),
        ([Strong, Middling, Strong, Weak], Some(Pillar::Coordination), "Start upstream: Coordination"),
        // Identity weak, but none of its symptoms is answered or shown: no single place.
        ([Weak, Strong, Strong, Strong], None, "No single place"),
        ([Strong, Strong, Strong, Strong], None, "Upstream sound"),
        ([Unknown, Strong, Unknown, Strong], None, "Not enough evidence upstream"),
    ];
    let sources = super::Sources::new(&s, &c);
    for (levels, leverage, verdict) in cases {
        let c = cascade::read(&sources, &five(levels), false);
        assert_eq!((c.leverage, c.verdict.as_str()), (leverage, verdict), "{levels:?}: {}", c.says);
    }
    let both = cascade::read(&sources, &five([Strong, Strong, Weak, Weak]), false);
    assert!(
        both.says.contains("capacity lost to unplanned work") && both.says.contains("Coordination reads weak too"),
        "{}",
        both.says
    );
    // Out of scope upstream: said, not guessed.
    let mut only_ops = five([Weak, Weak, Weak, Weak]);
    only_ops.iter_mut().take(4).for_each(|p| (p.in_scope, p.level) = (false, Unknown));
    let c = cascade::read(&sources, &only_ops, false);
    assert_eq!((c.leverage, c.verdict.as_str()), (None, "Upstream not in scope"));
}

/// Sets `id` in `function`'s interview (added when there is none) to `value`.
fn set(s: &mut Session, function: &str, id: &str, value: AnswerValue) {
    let i = match s.interviews.iter().position(|i| i.function == function) {
        Some(i) => i,
        None => s.add_interview(function, "1", now()),
    };
    s.interviews[i].answer_mut(id).set_value(value, now());
}

fn choice(label: &str) -> AnswerValue {
    AnswerValue::Choice { option: label.into() }
}

/// On the shipped banks, all five pillars in scope: leadership says it gave the outcomes with
/// their reasons, every function received features only, the top priority changed four times
/// or more (all sides agree), and Engineering got work without acceptance criteria. Direction
/// reads weak from six functions' accounts, its symptoms show, and the intervention sits there;
/// with weak delivery figures and practices, the problem is systemic, no longer Engineering's
/// view alone.
#[test]
fn on_the_shipped_banks_weak_direction_is_where_to_start() {
    let catalog = Catalog::embedded().unwrap();
    let mut s = Session::new("s".into(), "Org".into(), None, now());
    s.scope = Scope::all();
    for f in ["product", "engineering", "sales", "customer-success", "operations"] {
        set(&mut s, "leadership", &format!("leadership.outcomes-{f}"), AnswerValue::Scale { value: 3 });
        set(&mut s, f, &format!("{f}.outcomes-received"), AnswerValue::Scale { value: 1 });
    }
    set(&mut s, "leadership", "leadership.priority-changes", choice("More than six times"));
    for f in ["product", "engineering"] {
        set(&mut s, f, &format!("{f}.priority-changes"), choice("Four to six times"));
    }
    set(&mut s, "product", "product.work-ready", AnswerValue::Scale { value: 3 });
    set(&mut s, "engineering", "engineering.work-ready-received", AnswerValue::Scale { value: 1 });
    let scoped = catalog.in_scope(&s.scope);
    let d = super::diagnose(&s, &scoped);
    let direction = pillar(&d.pillars, Pillar::IdentityDirection);
    assert_eq!(direction.level, Level::Weak, "{}", direction.says);
    assert_eq!(direction.functions.len(), 6, "{:?}", direction.functions);
    assert!(direction.gaps.len() >= 5, "what leadership says it gave against what each received: {:?}", direction.gaps);
    assert_eq!(d.cascade.leverage, Some(Pillar::IdentityDirection), "{}", d.cascade.says);
    for symptom in ["work arrives under-specified", "the top priority changes often"] {
        assert!(d.cascade.says.contains(symptom), "{symptom}: {}", d.cascade.says);
    }
    assert_eq!(pillar(&d.pillars, Pillar::IntelligenceAdaptation).level, Level::Unknown, "nothing answered there");

    // Weak figures and weak practices: systemic, read from several functions.
    let mut slow = s.clone();
    for id in super::performance::BANDED {
        let (_, q) = catalog.question(id).unwrap();
        let value = match q.kind {
            crate::bank::Kind::Choice => choice(&q.options[0].label),
            _ => AnswerValue::Number { value: 60.0 },
        };
        set(&mut slow, "engineering", id, value);
    }
    for bank in &catalog.banks {
        for q in bank.questions.iter().filter(|q| q.profile.as_ref().is_some_and(|p| p.id == super::DELIVERY_PRACTICE))
        {
            let worst = match q.kind {
                crate::bank::Kind::Scale => AnswerValue::Scale { value: u8::from(q.lower_is_better) * 4 },
                crate::bank::Kind::Choice => {
                    let o = q.options.iter().filter(|o| o.score.is_some());
                    choice(&o.min_by(|a, b| a.score.partial_cmp(&b.score).unwrap()).unwrap().label)
                }
                _ => AnswerValue::Number { value: q.profile.as_ref().and_then(|p| p.weak).unwrap() },
            };
            set(&mut slow, &bank.function, &q.id, worst);
        }
    }
    let performance = |s: &Session| {
        super::diagnose(s, &scoped).readings.into_iter().find(|r| r.id == "performance-practice").unwrap()
    };
    let r = performance(&slow);
    assert_eq!(r.verdict, "A systemic problem", "{}", r.says);
    assert!(r.says.contains("Identity & Direction") && !r.says.contains("Engineering's view only"), "{}", r.says);

    // The same delivery with direction sound, by every function's account: inside engineering.
    for f in ["product", "engineering", "sales", "customer-success", "operations"] {
        set(&mut slow, f, &format!("{f}.outcomes-received"), AnswerValue::Scale { value: 4 });
    }
    for f in ["leadership", "product", "engineering"] {
        set(&mut slow, f, &format!("{f}.priority-changes"), choice("Not once"));
    }
    let r = performance(&slow);
    assert_eq!(r.verdict, "A problem inside engineering", "{}", r.says);
    assert!(!r.says.contains("Engineering's view only"), "{}", r.says);
}

#[test]
fn a_healthy_reading_never_reads_as_a_concern() {
    use super::{Outcome, Reading, Tone};
    let reading = |verdict: &str, outcome| Reading {
        id: "x",
        title: "X",
        outcome,
        verdict: verdict.into(),
        says: String::new(),
        caveats: Vec::new(),
        evidence: Vec::new(),
        needed: 1,
        found: 1,
    };
    assert_eq!(reading("A capable delivery engine", Outcome::Finding).tone(), Some(Tone::Healthy));
    assert_eq!(reading("One story", Outcome::Finding).tone(), Some(Tone::Healthy));
    assert_eq!(reading("One story, not the PM's", Outcome::Finding).tone(), Some(Tone::Concern));
    assert_eq!(reading("Mixed", Outcome::Finding).tone(), Some(Tone::Mixed));
    assert_eq!(reading("Not enough evidence", Outcome::NotEnoughEvidence).tone(), None);
}
