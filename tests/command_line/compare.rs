//! `crosscheck compare`: a later engagement against an earlier one, by id and by file.

use crate::common;

use common::team::{crosscheck, run};
use crosscheck::session::AnswerValue;
use crosscheck::storage::Store;
use serde_json::Value;

/// The demo, and an earlier engagement at the same client where Sales said less had reached it
/// and the Customer Success interview had not been held.
fn two_engagements(data: &std::path::Path) -> (String, String) {
    let later = crosscheck::testing::demo();
    let mut earlier = later.clone();
    earlier.id = "corvane-earlier".into();
    earlier.created_at -= chrono::Duration::days(180);
    earlier.interviews.retain(|i| i.function != "customer-success");
    for i in earlier.interviews.iter_mut().filter(|i| i.function == "sales") {
        for a in i.answers.values_mut() {
            if let Some(AnswerValue::Scale { value }) = a.value.as_mut() {
                *value = value.saturating_sub(2);
            }
        }
    }
    let store = Store::open(data).unwrap();
    store.save(&earlier).unwrap();
    store.save(&later).unwrap();
    (earlier.id, later.id)
}

#[test]
fn compare_says_what_moved_and_what_could_not_be_compared() {
    let tmp = tempfile::tempdir().unwrap();
    let (earlier, later) = two_engagements(tmp.path());
    let (ok, out, err) = run(crosscheck(tmp.path()).args(["compare", &earlier, &later]));
    assert!(ok, "{err}");
    assert!(out.starts_with("Since the last assessment"), "{out}");
    assert!(out.contains("earlier: Corvane Analytics (demo) (corvane-earlier"), "{out}");
    assert!(out.contains("Gap index (lower: the accounts closer): "), "{out}");
    assert!(out.contains("↑ ") && out.contains("— Sales: level "), "{out}");
    assert!(out.contains("Customer Success & Support was not interviewed in the earlier engagement"), "{out}");

    let (ok, json, err) = run(crosscheck(tmp.path()).args(["compare", &earlier, &later, "--json"]));
    assert!(ok, "{err}");
    let c: Value = serde_json::from_str(&json).unwrap();
    let improved = c["cells"].as_array().unwrap().iter().filter(|x| x["movement"] == "improved").count();
    assert!(improved > 0, "{json}");
    assert!(c["not_comparable"].as_array().unwrap().iter().any(|n| n["function"] == "customer-success"));

    // The earlier engagement as a transcript file gives the same comparison.
    let (ok, transcript, err) = run(crosscheck(tmp.path()).args(["export", &earlier]));
    assert!(ok, "{err}");
    let elsewhere = tempfile::tempdir().unwrap();
    let file = elsewhere.path().join("earlier.json");
    std::fs::write(&file, transcript).unwrap();
    let (ok, from_file, err) = run(crosscheck(tmp.path()).arg("compare").arg(&file).args([&later, "--json"]));
    assert!(ok, "{err}");
    assert_eq!(serde_json::from_str::<Value>(&from_file).unwrap(), c);
}

#[test]
fn an_engagement_that_is_neither_here_nor_a_file_is_refused_with_what_to_do() {
    let tmp = tempfile::tempdir().unwrap();
    let (ok, _, err) = run(crosscheck(tmp.path()).args(["compare", "no-such-engagement", "demo-corvane-analytics"]));
    assert!(!ok);
    assert!(err.contains("no-such-engagement"), "{err}");
}

#[test]
fn a_session_made_as_a_follow_up_is_compared_with_the_engagement_it_follows() {
    let tmp = tempfile::tempdir().unwrap();
    let (earlier, _) = two_engagements(tmp.path());
    let (ok, _, err) =
        run(crosscheck(tmp.path()).args(["new", "--org", "Corvane", "--follows", "no-such", "--no-open"]));
    assert!(!ok && err.contains("--follows no-such: no such session"), "{err}");
    let (ok, id, err) =
        run(crosscheck(tmp.path()).args(["new", "--org", "Corvane", "--follows", &earlier, "--no-open"]));
    assert!(ok, "{err}");
    let id = id.trim();
    let (ok, out, err) = run(crosscheck(tmp.path()).args(["compare", id]));
    assert!(ok, "{err}");
    assert!(
        out.contains("earlier: Corvane Analytics (demo) (corvane-earlier")
            && out.contains(&format!("later:   Corvane ({id}")),
        "{out}"
    );
    // The transcript keeps what it follows, valid against its schema.
    let (ok, export, err) = run(crosscheck(tmp.path()).args(["export", id]));
    assert!(ok, "{err}");
    let doc: Value = serde_json::from_str(&export).unwrap();
    assert_eq!(doc["session"]["follows"], earlier.as_str());
    assert_eq!(common::team::schema_errors(&doc), Vec::<String>::new());
    // A session that follows up nothing needs both named.
    let (ok, _, err) = run(crosscheck(tmp.path()).args(["compare", &earlier]));
    assert!(!ok && err.contains("follows up no earlier engagement: name both"), "{err}");
}
