//! `crosscheck agreement`: a session with an interview captured twice, read as text and JSON,
//! and its transcript valid against the schema with the agreement in it.

use crate::common;

use common::team::{crosscheck, run};
use crosscheck::storage::Store;
use serde_json::Value;

fn captured_twice(data: &std::path::Path) -> String {
    let session = crosscheck::testing::demo_captured_twice(2);
    Store::open(data).unwrap().save(&session).unwrap();
    session.id
}

#[test]
fn agreement_prints_each_pair_its_alpha_and_the_questions_answered_apart() {
    let tmp = tempfile::tempdir().unwrap();
    let id = captured_twice(tmp.path());
    let (ok, out, err) = run(crosscheck(tmp.path()).args(["agreement", &id]));
    assert!(ok, "{err}");
    assert!(out.contains("Krippendorff's alpha, ordinal"), "{out}");
    assert!(out.contains("and its second capture") && out.contains("captured by Second Interviewer"), "{out}");
    assert!(out.contains("Answered differently (2):"), "{out}");
    assert!(out.contains("By topic, over every pair:"), "{out}");

    let (ok, json, err) = run(crosscheck(tmp.path()).args(["agreement", &id, "--json"]));
    assert!(ok, "{err}");
    let a: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(a["pairs"].as_array().map(Vec::len), Some(1));
    assert_eq!(a["pairs"][0]["differences"].as_array().map(Vec::len), Some(2));
    let alpha = a["pairs"][0]["alpha"].as_f64().unwrap();
    assert!(alpha < 1.0 && alpha > 0.0, "{alpha}");

    // The transcript carries the mark and the agreement, valid against its schema.
    let (ok, export, err) = run(crosscheck(tmp.path()).args(["export", &id]));
    assert!(ok, "{err}");
    let doc: Value = serde_json::from_str(&export).unwrap();
    let errors = common::team::schema_errors(&doc);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(doc["agreement"]["pairs"][0]["alpha"].as_f64(), Some(alpha));
    let marked = doc["interviews"].as_array().unwrap().iter().filter(|i| i["second_capture_of"].is_string()).count();
    assert_eq!(marked, 1);
}

#[test]
fn a_session_without_second_captures_says_how_to_mark_one() {
    let tmp = tempfile::tempdir().unwrap();
    let (ok, out, err) = run(crosscheck(tmp.path()).args(["--demo", "agreement", "demo-corvane-analytics"]));
    assert!(ok, "{err}");
    assert!(out.contains("No interview is marked as a second capture"), "{out}");
}
