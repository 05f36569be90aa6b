//! `crosscheck norms`: the data folder's engagements and a file, read as text and JSON; no
//! organisation named unless asked; what cannot be read is said and left out.

use crate::common;

use common::team::{crosscheck, run};
use crosscheck::storage::Store;
use serde_json::Value;

#[test]
fn norms_spread_over_every_engagement_with_n_and_name_no_one_unless_asked() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let demo = crosscheck::testing::demo();
    let mut second = demo.clone();
    second.id = "acme-2026".into();
    second.engagement = Some("acme-2026".into());
    second.organisation = "Acme Widgets".into();
    store.save(&demo).unwrap();
    store.save(&second).unwrap();
    // A third engagement given as a transcript file, and an entry that is no session.
    let mut third = demo.clone();
    third.id = "globex-2025".into();
    third.engagement = Some("globex-2025".into());
    third.organisation = "Globex".into();
    let elsewhere = tempfile::tempdir().unwrap();
    let file = elsewhere.path().join("globex.json");
    let transcript =
        crosscheck::transcript::build(&third, &crosscheck::bank::Catalog::embedded().unwrap(), chrono::Utc::now());
    std::fs::write(&file, serde_json::to_string(&transcript).unwrap()).unwrap();
    std::fs::write(store.dir().join("broken.json"), "{ not json").unwrap();

    let (ok, out, err) = run(crosscheck(tmp.path()).arg("norms").arg(&file));
    assert!(ok, "{err}");
    assert!(out.starts_with("Norms over your engagements: n = 3"), "{out}");
    assert!(out.contains("Gap index: ") && out.contains(", n 3)"), "{out}");
    assert!(!out.contains("Acme") && !out.contains("Globex") && !out.contains("Corvane"), "{out}");
    assert!(err.contains("broken.json") && err.contains("left out of the norms"), "{err}");

    let (ok, json, err) = run(crosscheck(tmp.path()).args(["norms", "--json", "--names"]));
    assert!(ok, "{err}");
    let n: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(n["engagements"], 2);
    assert_eq!(n["gap_index"]["n"], 2);
    let names: Vec<&str> = n["organisations"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
    assert_eq!(names, ["Acme Widgets", "Corvane Analytics (demo)"]);
}
