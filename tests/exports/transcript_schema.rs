//! The transcript `crosscheck export` writes must match `assets/transcript.schema.json`: the built
//! binary creates a session, the library types answers of every kind into it (as the interface
//! would), and both ways of exporting (stdout and `-o FILE`) are validated against the schema.

use std::path::Path;

use assert_cmd::Command;
use chrono::Utc;
use crosscheck::bank::{Catalog, Kind, Question, Stance};
use crosscheck::session::{AnswerState, AnswerValue};
use crosscheck::storage::Store;
use serde_json::{Value, json};

const SCHEMA_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/transcript.schema.json");
const ORPHAN: &str = "sales.retired-question";

fn schema() -> Value {
    let text = std::fs::read_to_string(SCHEMA_PATH).expect("the schema is readable");
    serde_json::from_str(&text).expect("the schema is JSON")
}

fn validator() -> jsonschema::Validator {
    let schema = schema();
    // Formats are annotations in 2020-12 unless asked for; the times must really be date-times.
    jsonschema::draft202012::options().should_validate_formats(true).build(&schema).expect("the schema compiles")
}

/// Every schema error: where it is in the document (a JSON pointer) and what is wrong.
fn schema_errors(validator: &jsonschema::Validator, doc: &Value) -> Vec<(String, String)> {
    validator.iter_errors(doc).map(|e| (e.instance_path().to_string(), e.to_string())).collect()
}

fn show(errors: &[(String, String)]) -> String {
    errors.iter().map(|(at, e)| format!("\n  at {at:?}: {e}")).collect()
}

fn assert_valid(validator: &jsonschema::Validator, doc: &Value, what: &str) {
    let errors = schema_errors(validator, doc);
    assert!(errors.is_empty(), "{what} does not match the schema:{}", show(&errors));
}

/// The binary, with every place it could fall back to for data pointed into `home`.
fn crosscheck(data: &Path, home: &Path) -> Command {
    let mut cmd = Command::cargo_bin("crosscheck").expect("the binary is built");
    cmd.env_remove("CROSSCHECK_DATA_DIR").env("HOME", home).env("XDG_DATA_HOME", home.join("xdg"));
    cmd.arg("--data-dir").arg(data);
    cmd
}

fn stdout_of(cmd: &mut Command) -> String {
    let out = cmd.output().expect("the binary runs");
    assert!(out.status.success(), "{cmd:?} failed ({}):\n{}", out.status, String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("stdout is UTF-8")
}

/// The first question of `kind` in a bank (and with a stance, when given).
fn question_of(questions: &[Question], kind: Kind, stance: Option<Stance>) -> &Question {
    questions
        .iter()
        .find(|q| q.kind == kind && (stance.is_none() || q.stance == stance))
        .unwrap_or_else(|| panic!("the bank has a {kind:?} question with stance {stance:?}"))
}

/// What the test wrote, to compare with the export.
struct Written {
    id: String,
    scale: String,
    choice: String,
    choice_label: String,
    choice_score: f64,
    multi: String,
    multi_labels: Vec<String>,
    /// The multi's share of items ticked when it is compared (a pair item by item), else None.
    multi_level: Option<f64>,
    number: String,
    text: String,
    skipped: String,
    dont_know: String,
    communicated: String,
}

const SCALE_NOTES: &str = "Heard about it late — \"we found out from a customer\".\nSecond line; ¡sí! 日本語";
const TEXT_NOTES: &str = "The pricing change: nobody told us until the webinar.";
const ORPHAN_NOTES: &str = "Kept from an older bank.";

/// Creates a session with the binary, then answers it through the library as the interface would.
fn session_with_every_kind(data: &Path, home: &Path) -> Written {
    let id = stdout_of(crosscheck(data, home).args(["new", "--org", "Acme Ltd", "--interviewer", "Kim", "--no-open"]))
        .trim()
        .to_string();
    assert!(!id.is_empty(), "`new` prints the id");

    let catalog = Catalog::embedded().expect("the built-in banks load");
    let sales = catalog.bank("sales").expect("a sales bank");
    let product = catalog.bank("product").expect("a product bank");
    let store = Store::open(data).expect("the store opens");
    let mut session = store.load(&id, &catalog).expect("the new session loads");
    let now = Utc::now();

    let i = session.add_interview("sales", &sales.version, now);
    let interview = &mut session.interviews[i];
    interview.interviewee = Some("Dana Ortiz".into());
    interview.role = Some("Head of Sales".into());
    interview.elapsed_seconds = 312;

    let scale = question_of(&sales.questions, Kind::Scale, Some(Stance::Received));
    let a = interview.answer_mut(&scale.id);
    a.set_value(AnswerValue::Scale { value: 3 }, now);
    a.set_notes(SCALE_NOTES.into(), scale.kind, now);
    a.toggle_follow_up(now);
    a.flags.quote = true;

    let choice = sales
        .questions
        .iter()
        .find(|q| q.kind == Kind::Choice && q.options.iter().any(|o| o.score.is_some_and(|s| s > 0.0)))
        .expect("a scored choice question");
    let option = choice.options.iter().find(|o| o.score.is_some_and(|s| s > 0.0)).unwrap();
    interview.answer_mut(&choice.id).set_value(AnswerValue::Choice { option: option.label.clone() }, now);

    let multi = question_of(&sales.questions, Kind::Multi, None);
    let multi_labels: Vec<String> = [0, 2].iter().map(|&n| multi.options[n].label.clone()).collect();
    interview.answer_mut(&multi.id).set_value(AnswerValue::Multi { options: multi_labels.clone() }, now);

    let number = question_of(&sales.questions, Kind::Number, None);
    interview.answer_mut(&number.id).set_value(AnswerValue::Number { value: 12.5 }, now);

    let text = question_of(&sales.questions, Kind::Text, None);
    interview.answer_mut(&text.id).set_notes(TEXT_NOTES.into(), Kind::Text, now);

    // Skip and don't-know on scale questions not used above.
    let mut others = sales.questions.iter().filter(|q| q.kind == Kind::Scale && q.id != scale.id);
    let skipped = others.next().expect("a second scale question");
    interview.answer_mut(&skipped.id).toggle_state(AnswerState::Skipped, now);
    let dont_know = others.next().expect("a third scale question");
    interview.answer_mut(&dont_know.id).set_value(AnswerValue::Scale { value: 1 }, now);
    interview.answer_mut(&dont_know.id).toggle_state(AnswerState::DontKnow, now);

    // An answer to a question the bank no longer has is kept, not dropped.
    let orphan = interview.answer_mut(ORPHAN);
    orphan.set_value(AnswerValue::Scale { value: 2 }, now);
    orphan.set_notes(ORPHAN_NOTES.into(), Kind::Scale, now);

    // A second function, so the communicated stance and a second bank appear.
    let p = session.add_interview("product", &product.version, now);
    let communicated = question_of(&product.questions, Kind::Scale, Some(Stance::Communicated));
    session.interviews[p].answer_mut(&communicated.id).set_value(AnswerValue::Scale { value: 4 }, now);

    store.save(&session).expect("the session saves");
    Written {
        id,
        scale: scale.id.clone(),
        choice: choice.id.clone(),
        choice_label: option.label.clone(),
        choice_score: option.score.unwrap(),
        multi: multi.id.clone(),
        multi_level: matches!(multi.stance, Some(Stance::Communicated | Stance::Received))
            .then(|| multi_labels.len() as f64 / multi.options.iter().filter(|o| o.score != Some(0.0)).count() as f64),
        multi_labels,
        number: number.id.clone(),
        text: text.id.clone(),
        skipped: skipped.id.clone(),
        dont_know: dont_know.id.clone(),
        communicated: communicated.id.clone(),
    }
}

fn answer<'a>(interview: &'a Value, question_id: &str) -> &'a Value {
    interview["answers"]
        .as_array()
        .expect("answers is a list")
        .iter()
        .find(|a| a["question_id"] == question_id)
        .unwrap_or_else(|| panic!("no answer to {question_id} in the export"))
}

/// Every string under a key ending in "_at", with its path.
fn times(value: &Value, path: String, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let here = format!("{path}/{k}");
                if let (true, Some(s)) = (k.ends_with("_at"), v.as_str()) {
                    out.push((here.clone(), s.to_string()));
                }
                times(v, here, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                times(v, format!("{path}/{i}"), out);
            }
        }
        _ => {}
    }
}

fn check_content(doc: &Value, w: &Written) {
    assert_eq!(doc["format"], "crosscheck-transcript");
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["session"]["id"], w.id.as_str());
    assert_eq!(doc["session"]["organisation"], "Acme Ltd");
    assert_eq!(doc["session"]["interviewer"], "Kim");
    let functions: Vec<&str> = doc["banks"].as_array().unwrap().iter().filter_map(|b| b["function"].as_str()).collect();
    assert_eq!(functions, ["sales", "product"]);

    let sales = &doc["interviews"][0];
    assert_eq!(sales["function"], "sales");
    assert_eq!(sales["interviewee"], "Dana Ortiz");
    assert_eq!(sales["role"], "Head of Sales");
    assert_eq!(sales["elapsed_seconds"], 312);
    let p = &sales["progress"];
    assert_eq!((p["answered"].as_u64(), p["skipped"].as_u64(), p["dont_know"].as_u64()), (Some(5), Some(1), Some(1)));
    assert_eq!(
        p["questions"].as_u64().unwrap(),
        p["answered"].as_u64().unwrap() + 2 + p["not_asked"].as_u64().unwrap()
    );

    let a = answer(sales, &w.scale);
    assert_eq!(a["in_bank"], true);
    assert_eq!(a["kind"], "scale");
    assert_eq!(a["stance"], "received");
    assert_eq!(a["state"], "answered");
    assert_eq!(a["value"], json!({"kind": "scale", "value": 3}));
    assert_eq!(a["normalised"], 0.75);
    assert_eq!(a["notes"], SCALE_NOTES, "notes come out verbatim");
    assert_eq!(a["flags"], json!({"follow_up": true, "quote": true}));
    assert_eq!(a["labels"].as_array().map(Vec::len), Some(5));
    assert!(a["value_text"].as_str().is_some_and(|t| t.starts_with("3 – ")), "{}", a["value_text"]);

    let a = answer(sales, &w.choice);
    assert_eq!(a["value"], json!({"kind": "choice", "option": w.choice_label}));
    assert_eq!(a["value_text"], w.choice_label.as_str());
    assert_eq!(a["normalised"], w.choice_score / 4.0);
    assert!(a["options"].as_array().is_some_and(|o| o.len() >= 2), "the options travel with the question");

    let a = answer(sales, &w.multi);
    assert_eq!(a["value"], json!({"kind": "multi", "options": w.multi_labels}));
    assert_eq!(a["value_text"], w.multi_labels.join("; "));
    // A compared multi's level is the share of its items ticked; any other multi has none.
    assert_eq!(a["normalised"], w.multi_level.map_or(Value::Null, |l| json!(l)), "{}", a["normalised"]);

    let a = answer(sales, &w.number);
    assert_eq!(a["value"], json!({"kind": "number", "value": 12.5}));
    assert_eq!(a["value_text"], format!("12.5 {}", a["unit"].as_str().expect("a number question has a unit")));

    let a = answer(sales, &w.text);
    assert_eq!((&a["kind"], &a["state"], &a["value"]), (&json!("text"), &json!("answered"), &Value::Null));
    assert_eq!(a["notes"], TEXT_NOTES);

    let a = answer(sales, &w.skipped);
    assert_eq!((&a["state"], &a["value"]), (&json!("skipped"), &Value::Null));
    let a = answer(sales, &w.dont_know);
    assert_eq!(a["state"], "dont-know");
    assert_eq!(a["value"], json!({"kind": "scale", "value": 1}), "the value given before is kept");
    assert_eq!(a["normalised"], Value::Null, "only answered questions are compared");

    let answers = sales["answers"].as_array().unwrap();
    let orphan = answers.last().unwrap();
    assert_eq!(orphan["question_id"], ORPHAN, "answers to retired questions come last");
    assert_eq!((&orphan["in_bank"], &orphan["text"], &orphan["kind"]), (&json!(false), &Value::Null, &Value::Null));
    assert_eq!(orphan["value"], json!({"kind": "scale", "value": 2}));
    assert_eq!(orphan["notes"], ORPHAN_NOTES);

    let product = &doc["interviews"][1];
    let a = answer(product, &w.communicated);
    assert_eq!((&a["stance"], &a["normalised"]), (&json!("communicated"), &json!(1.0)));

    let mut found = Vec::new();
    times(doc, String::new(), &mut found);
    assert!(found.len() > 10, "times are found: {found:?}");
    for (path, t) in &found {
        assert!(t.ends_with('Z'), "{path} = {t:?} is not UTC with a Z");
        assert!(chrono::DateTime::parse_from_rfc3339(t).is_ok(), "{path} = {t:?} is not RFC 3339");
    }
}

#[test]
fn the_schema_is_a_valid_2020_12_schema() {
    let schema = schema();
    assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
    if let Err(e) = jsonschema::draft202012::meta::validate(&schema) {
        panic!("{SCHEMA_PATH} is not a valid JSON Schema: at {}: {e}", e.instance_path());
    }
}

#[test]
fn exports_of_every_answer_kind_match_the_schema() {
    let tmp = tempfile::tempdir().unwrap();
    let (data, home) = (tmp.path().join("data"), tmp.path().join("home"));
    let written = session_with_every_kind(&data, &home);
    let validator = validator();

    let text = stdout_of(crosscheck(&data, &home).args(["export", &written.id]));
    let from_stdout: Value = serde_json::from_str(&text).expect("the export is JSON");
    assert_valid(&validator, &from_stdout, "the export on stdout");
    check_content(&from_stdout, &written);
    crosscheck::transcript::parse("stdout", &text).expect("crosscheck reads its own export back");

    let file = tmp.path().join("out").join("acme.json");
    std::fs::create_dir(file.parent().unwrap()).unwrap();
    let out = crosscheck(&data, &home).args(["export", &written.id, "-o"]).arg(&file).output().unwrap();
    assert!(out.status.success(), "export -o failed: {}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.is_empty(), "with -o nothing goes to stdout");
    let from_file: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).expect("the file is JSON");
    assert_valid(&validator, &from_file, "the export written with -o");
    check_content(&from_file, &written);

    // The two exports differ only in when they were made.
    let without_time = |v: &Value| {
        let mut v = v.clone();
        v.as_object_mut().unwrap().remove("exported_at");
        v
    };
    assert_eq!(without_time(&from_stdout), without_time(&from_file));

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "the transcript holds confidential notes: owner-only, got {mode:o}");
    }
    assert!(!home.exists(), "nothing was written outside the temporary data dir");
}

#[test]
fn an_export_with_no_interviews_matches_the_schema() {
    let tmp = tempfile::tempdir().unwrap();
    let (data, home) = (tmp.path().join("data"), tmp.path().join("home"));
    let id = stdout_of(crosscheck(&data, &home).args(["new", "--org", "Solo", "--no-open"])).trim().to_string();
    let doc: Value = serde_json::from_str(&stdout_of(crosscheck(&data, &home).args(["export", &id]))).unwrap();
    assert_valid(&validator(), &doc, "an empty session's export");
    assert_eq!(doc["session"]["interviewer"], Value::Null);
    assert_eq!((&doc["banks"], &doc["interviews"]), (&json!([]), &json!([])));
}

/// The scope is exported (when not the default), matches the schema, and reads back.
#[test]
fn the_scope_is_exported_and_matches_the_schema() {
    let tmp = tempfile::tempdir().unwrap();
    let (data, home) = (tmp.path().join("data"), tmp.path().join("home"));
    let new = ["new", "--org", "Acme", "--scope", "all", "--no-open"];
    let id = stdout_of(crosscheck(&data, &home).args(new)).trim().to_string();
    let text = stdout_of(crosscheck(&data, &home).args(["export", &id]));
    let mut doc: Value = serde_json::from_str(&text).unwrap();
    assert_valid(&validator(), &doc, "an export with a scope");
    assert_eq!(doc["session"]["scope"].as_array().map(Vec::len), Some(5));
    let catalog = Catalog::embedded().unwrap();
    let t: crosscheck::transcript::Transcript = serde_json::from_str(&text).unwrap();
    let back = crosscheck::transcript::to_session("t.json", &text, &t).unwrap();
    assert!(back.scope.is_all() && catalog.bank("sales").is_some());
    // No pillar, or one that is not, is not a scope.
    set(&mut doc, "/session/scope", json!([]));
    assert!(!schema_errors(&validator(), &doc).is_empty(), "an empty scope");
    set(&mut doc, "/session/scope", json!(["Finance"]));
    assert!(!schema_errors(&validator(), &doc).is_empty(), "a pillar that is not one");
}

#[test]
fn the_launch_in_view_is_exported_and_matches_the_schema() {
    let tmp = tempfile::tempdir().unwrap();
    let (data, home) = (tmp.path().join("data"), tmp.path().join("home"));
    let new = ["new", "--org", "Acme", "--launch", "Flex pricing", "--went-out", "2026-10-06", "--release", "2026.10"];
    let id = stdout_of(crosscheck(&data, &home).args(new).arg("--no-open")).trim().to_string();
    let mut doc: Value = serde_json::from_str(&stdout_of(crosscheck(&data, &home).args(["export", &id]))).unwrap();
    assert_valid(&validator(), &doc, "an export with a launch in view");
    assert_eq!(
        doc["session"]["launch"],
        json!({"name": "Flex pricing", "went_out": "2026-10-06", "release": "2026.10"})
    );
    // A launch without a name, or a date that is not one, is not a transcript.
    set(&mut doc, "/session/launch/went_out", json!("6 Oct"));
    assert!(!schema_errors(&validator(), &doc).is_empty(), "a date that is not one");
    set(&mut doc, "/session/launch", json!({"went_out": "2026-10-06"}));
    assert!(!schema_errors(&validator(), &doc).is_empty(), "a launch without its name");
    // The command line says what is wrong and creates nothing.
    let bad = crosscheck(&data, &home)
        .args(["new", "--org", "B", "--launch", "X", "--went-out", "6 Oct", "--no-open"])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    let said = String::from_utf8_lossy(&bad.stderr);
    assert!(said.contains("--launch") && said.contains("YYYY-MM-DD"), "{said}");
}

/// A broken document must fail, so that a schema that accepts anything cannot pass the test.
#[test]
fn broken_transcripts_fail_validation() {
    let tmp = tempfile::tempdir().unwrap();
    let (data, home) = (tmp.path().join("data"), tmp.path().join("home"));
    let written = session_with_every_kind(&data, &home);
    let good: Value = serde_json::from_str(&stdout_of(crosscheck(&data, &home).args(["export", &written.id]))).unwrap();
    let validator = validator();
    assert_valid(&validator, &good, "the unbroken export");

    // The position of the scale answer in the sales interview.
    let scale = good["interviews"][0]["answers"]
        .as_array()
        .unwrap()
        .iter()
        .position(|a| a["question_id"] == written.scale.as_str())
        .unwrap();
    let ans = format!("/interviews/0/answers/{scale}");
    let orphan = format!("/interviews/0/answers/{}", good["interviews"][0]["answers"].as_array().unwrap().len() - 1);

    let breaks: Vec<(&str, String, Value)> = vec![
        ("version as a string", "/version".into(), json!("1")),
        ("another version", "/version".into(), json!(2)),
        ("another format", "/format".into(), json!("crosscheck-session")),
        ("an unknown state", format!("{ans}/state"), json!("maybe")),
        ("an unknown kind", format!("{ans}/kind"), json!("slider")),
        ("an unknown stance", format!("{ans}/stance"), json!("heard")),
        ("a scale point above 4", format!("{ans}/value"), json!({"kind": "scale", "value": 5})),
        ("a fractional scale point", format!("{ans}/value"), json!({"kind": "scale", "value": 2.5})),
        ("a value of an unknown kind", format!("{ans}/value"), json!({"kind": "slider", "value": 2})),
        ("a scale value with a choice's field", format!("{ans}/value"), json!({"kind": "scale", "option": "x"})),
        ("a value with an extra field", format!("{ans}/value"), json!({"kind": "scale", "value": 2, "x": 1})),
        ("a multi value that is not a list", format!("{ans}/value"), json!({"kind": "multi", "options": "a"})),
        ("a number value as a string", format!("{ans}/value"), json!({"kind": "number", "value": "12"})),
        ("normalised above 1", format!("{ans}/normalised"), json!(1.5)),
        ("normalised as a string", format!("{ans}/normalised"), json!("0.75")),
        ("a time that is not a date-time", format!("{ans}/answered_at"), json!("yesterday")),
        ("a time with an offset, not Z", format!("{ans}/answered_at"), json!("2026-11-24T10:00:00+01:00")),
        ("an impossible date", "/exported_at".into(), json!("2026-13-45T10:00:00Z")),
        ("a flag that is not a boolean", format!("{ans}/flags/quote"), json!("yes")),
        ("notes that are null", format!("{ans}/notes"), Value::Null),
        ("an unknown answer field", format!("{ans}/mood"), json!("tense")),
        ("an unknown top-level field", "/extra".into(), json!(true)),
        ("a divergence that is not an object", "/divergence".into(), json!([1, 2])),
        ("a negative elapsed time", "/interviews/0/elapsed_seconds".into(), json!(-1)),
        ("a bad session id", "/session/id".into(), json!("../etc")),
        ("an empty organisation", "/session/organisation".into(), json!("")),
        ("an orphan that claims a question text", format!("{orphan}/text"), json!("What?")),
    ];
    for (what, pointer, replacement) in &breaks {
        let mut doc = good.clone();
        set(&mut doc, pointer, replacement.clone());
        let errors = schema_errors(&validator, &doc);
        assert!(!errors.is_empty(), "{what} ({pointer} = {replacement}) passed the schema");
        // The schema blames the broken field, its object, or something inside it.
        let parent = pointer.rsplit_once('/').unwrap().0;
        assert!(
            errors.iter().any(|(at, _)| at == pointer || at == parent || at.starts_with(&format!("{pointer}/"))),
            "{what}: the errors point elsewhere:{}",
            show(&errors)
        );
    }

    let follow_up = format!("{ans}/flags/follow_up");
    let removals = ["/version", "/session/interviewer", "/interviews/0/progress", follow_up.as_str()];
    for pointer in removals {
        let mut doc = good.clone();
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        doc.pointer_mut(parent).and_then(Value::as_object_mut).unwrap().remove(key).expect("the field exists");
        assert!(!validator.is_valid(&doc), "without {pointer} the document still passed the schema");
    }

    // Room for what comes next: a divergence section is allowed, not required.
    let mut doc = good.clone();
    set(&mut doc, "/divergence", json!({"gap_index": 42, "cells": []}));
    assert_valid(&validator, &doc, "an export with a divergence section");
}

/// Sets the value at a JSON pointer, adding the last key if it is missing.
fn set(doc: &mut Value, pointer: &str, value: Value) {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    let target = doc.pointer_mut(parent).unwrap_or_else(|| panic!("{parent} exists"));
    match target {
        Value::Object(map) => {
            map.insert(key.to_string(), value);
        }
        Value::Array(items) => items[key.parse::<usize>().unwrap()] = value,
        _ => panic!("{parent} is not a container"),
    }
}

/// The demo's divergence, as exported, names its units and keeps within their ranges; a value
/// out of range fails.
#[test]
fn the_divergence_names_its_units() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/demo-session.json");
    let text = std::fs::read_to_string(path).unwrap();
    let session = crosscheck::storage::parse_session(Path::new(path), &text).unwrap();
    let catalog = crosscheck::bank::Catalog::embedded().unwrap();
    let now = chrono::Utc::now();
    let doc: Value =
        serde_json::from_str(&crosscheck::transcript::to_json(&crosscheck::transcript::build(&session, &catalog, now)))
            .unwrap();
    let validator = validator();
    assert_valid(&validator, &doc, "the demo's transcript");
    let cell = doc.pointer("/divergence/topics/0/cells/0").expect("a cell");
    let (normalised, points) = (cell["gap_normalised"].as_f64().unwrap(), cell["gap_points"].as_f64().unwrap());
    assert!((normalised * 4.0 - points).abs() < 1e-9, "{cell}");
    assert!(cell["received"]["score_points"].is_number() && cell["received"]["score_normalised"].is_number());
    assert!(doc["divergence"]["readiness"].is_number(), "the readiness beside the gap index");
    let mut broken = doc.clone();
    *broken.pointer_mut("/divergence/topics/0/cells/0/gap_points").unwrap() = serde_json::json!(9.0);
    assert!(!validator.is_valid(&broken), "a gap of 9 points passed");
}

/// A session whose PM made a claim for each verdict (and one withdrawn), each put to Sales;
/// returns the session's id.
fn session_with_claims(data: &Path, home: &Path) -> String {
    use crosscheck::session::{Check, Claim, Verdict, new_unique_id};
    let id = stdout_of(crosscheck(data, home).args(["new", "--org", "Acme Ltd", "--no-open"])).trim().to_string();
    let catalog = Catalog::embedded().expect("the built-in banks load");
    let store = Store::open(data).expect("the store opens");
    let mut session = store.load(&id, &catalog).expect("the new session loads");
    let now = Utc::now();
    let pm = session.add_interview("product", "1.0.0", now);
    let sales = session.add_interview("sales", "1.0.0", now);
    let claim = |text: &str| Claim {
        id: new_unique_id(now),
        topic: "launch.sales-briefing".into(),
        text: text.into(),
        concerns: vec!["sales".into()],
        notes: "Said twice.".into(),
        quote: true,
        made_at: now,
        made_by: Some("Kim".into()),
        edited_at: now,
        withdrawn_at: None,
        revision: Default::default(),
    };
    for verdict in Verdict::ALL {
        let c = claim(&format!("A claim Sales will call {}", verdict.name()));
        let check = Check {
            claim: c.id.clone(),
            verdict,
            notes: "In their words.".into(),
            at: now,
            by: None,
            revision: Default::default(),
        };
        session.interviews[pm].put_claim(c);
        session.interviews[sales].record_check(check);
    }
    let withdrawn = claim("Withdrawn: the PM took it back");
    let withdrawn_id = withdrawn.id.clone();
    session.interviews[pm].put_claim(withdrawn);
    session.interviews[pm].withdraw_claim(&withdrawn_id, now);
    store.save(&session).expect("the session saves");
    id
}

#[test]
fn exports_with_claims_and_checks_match_the_schema() {
    let tmp = tempfile::tempdir().unwrap();
    let (data, home) = (tmp.path().join("data"), tmp.path().join("home"));
    let id = session_with_claims(&data, &home);
    let text = stdout_of(crosscheck(&data, &home).args(["export", &id]));
    let doc: Value = serde_json::from_str(&text).expect("the export is JSON");
    let validator = validator();
    assert_valid(&validator, &doc, "an export with claims");

    let claims = doc["interviews"][0]["claims"].as_array().expect("the PM's claims");
    assert_eq!(claims.len(), 6, "the withdrawn claim stays in its interview");
    let withdrawn = claims.iter().find(|c| c["withdrawn_at"].is_string()).expect("a withdrawn claim");
    let verdicts: Vec<&str> =
        doc["interviews"][1]["checks"].as_array().unwrap().iter().filter_map(|c| c["verdict"].as_str()).collect();
    assert_eq!(verdicts, ["confirmed", "partly", "not-received", "unaware", "not-asked"]);

    let ledger = doc["claims"].as_array().expect("a claim ledger");
    assert_eq!(ledger.len(), 5, "the withdrawn claim leaves the ledger");
    assert!(ledger.iter().all(|e| e["claim"]["id"] != withdrawn["id"]));
    let standings: Vec<&str> = ledger.iter().filter_map(|e| e["functions"][0]["standing"].as_str()).collect();
    assert_eq!(standings, ["confirmed", "partly", "refuted", "refuted", "to-verify"]);
    let back = crosscheck::transcript::read("stdout", &text).expect("crosscheck reads its own export back");
    assert_eq!(back.interviews[0].claims.len(), 6);
    assert_eq!(crosscheck::transcript::parse("stdout", &text).unwrap().claims.map(|c| c.len()), Some(5));

    let breaks: Vec<(&str, &str, Value)> = vec![
        ("an unknown verdict", "/interviews/1/checks/0/verdict", json!("maybe")),
        ("a check with an extra field", "/interviews/1/checks/0/mood", json!("tense")),
        ("a claim time that is not one", "/interviews/0/claims/0/made_at", json!("Tuesday")),
        ("a claim with a bad function", "/interviews/0/claims/0/concerns/0", json!("Sales Team")),
        ("an unknown standing", "/claims/0/functions/0/standing", json!("doubtful")),
        ("a ledger claim with an extra field", "/claims/0/claim/x", json!(1)),
    ];
    for (what, pointer, replacement) in breaks {
        let mut broken = doc.clone();
        set(&mut broken, pointer, replacement.clone());
        assert!(!validator.is_valid(&broken), "{what} ({pointer} = {replacement}) passed the schema");
    }
}
