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
    earlier.follows = None;
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

/// `--demo compare` tells the story of the demo's client since spring: what improved, what
/// did not, a claim whose standing changed, and what cannot be compared.
#[test]
fn the_demo_says_what_moved_since_the_spring_assessment() {
    let tmp = tempfile::tempdir().unwrap();
    let (ok, out, err) = run(crosscheck(tmp.path()).args(["--demo", "compare"]));
    assert!(ok, "{err}");
    for told in [
        "earlier: Corvane Analytics (demo) (demo-corvane-analytics-spring, 2026-05-04, about Usage alerts",
        // Improved: positioning reached Sales; worse: Product says it briefed Sales far better
        // than Sales says it was.
        "↑ Positioning and target customer — Sales: level 1.0 → 3.0 (+2.0)",
        "↓ Sales briefing — Sales: level 2.0 → 1.5 (-0.5), gap 0.0 → 2.5 (+2.5)",
        "Pricing and packaging — Sales: refuted → to verify",
        "Operations — Operations was not interviewed in the earlier engagement",
        "sales.first-heard (demo-corvane-analytics-spring, sales): \"Thinking of Usage alerts (out 14 Apr 2026)",
    ] {
        assert!(out.contains(told), "{told}\n{out}");
    }
    // What did not improve: Customer Success is still not trained, and nothing says it moved.
    assert!(!out.contains("Customer Success training"), "{out}");
    let (ok, json, err) = run(crosscheck(tmp.path()).args(["--demo", "compare", "--json"]));
    assert!(ok, "{err}");
    let c: Value = serde_json::from_str(&json).unwrap();
    let training = c["cells"].as_array().unwrap().iter().find(|x| x["topic"] == "launch.cs-training").unwrap();
    assert_eq!((training["movement"].as_str(), training["level"]["later"].as_f64()), (Some("unchanged"), Some(1.0)));
    // Without --demo, an id is needed.
    let (ok, _, err) = run(crosscheck(tmp.path()).args(["compare"]));
    assert!(!ok && err.contains("name the engagement to compare"), "{err}");
}

/// The report of a follow-up says what moved since the last assessment, and places the
/// engagement among the others of the data folder once the config's threshold is reached.
#[test]
fn a_follow_up_s_report_says_what_moved_and_where_it_stands() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    store.save(&crosscheck::testing::demo_earlier()).unwrap();
    store.save(&crosscheck::testing::demo()).unwrap();
    let config = tmp.path().join("config.json");
    let report = |min: Option<u32>| {
        let mut cmd = crosscheck(tmp.path());
        match min {
            Some(min) => {
                std::fs::write(&config, format!("{{\"norms_min_engagements\": {min}}}")).unwrap();
                cmd.env("CROSSCHECK_CONFIG", &config);
            }
            None => {
                cmd.env("CROSSCHECK_CONFIG", tmp.path().join("none.json"));
            }
        }
        let (ok, out, err) = run(cmd.args(["report", "demo-corvane-analytics"]));
        assert!(ok, "{err}");
        out
    };
    let out = report(None);
    let since = &out[out.find("## Since the last assessment").expect("the section")..];
    let since = &since[..since[3..].find("\n## ").unwrap()];
    for told in [
        "follows up the assessment begun on 4 May 2026, about Usage alerts (out 14 Apr 2026): 4 interviews then, 7 interviews now",
        "| Gap index (lower: the accounts closer) | 41 | 39 |",
        "| ↑ | Positioning and target customer | Sales | 1.0 → 3.0 | 2.0 → 1.0 |",
        "- The claims on *Pricing and packaging — Sales*: refuted → to verify.",
        "- Operations — Operations was not interviewed in the earlier engagement:",
        "- An answer from Sales then to a question today's banks no longer ask: “Thinking of Usage alerts",
    ] {
        assert!(since.contains(told), "{told}\n{since}");
    }
    // One other engagement: not placed, and n said.
    assert!(
        out.contains("Among our engagements: not placed, as 1 other has a gap index and we place one among 5 or more."),
        "{out}"
    );
    // With a threshold of one, placed: spring's gap index (41) is higher than this one's (39).
    let out = report(Some(1));
    assert!(
        out.contains(
            "Among our engagements: this gap index is higher than in 0 of the 1 others that have one (lower is better)."
        ),
        "{out}"
    );
    assert!(out.contains("Among our engagements: this readiness is higher than in 1 of the 1 others that have one (higher is better)."), "{out}");
    // The HTML report has it too, its table a table.
    let (ok, html, err) = run(crosscheck(tmp.path()).args(["report", "demo-corvane-analytics", "--format", "html"]));
    assert!(ok && html.contains("Since the last assessment</h2>"), "{err}");
    assert!(html.contains("<td>Positioning and target customer</td>"), "{html}");
    // An engagement that follows up nothing has no such section.
    let (ok, out, err) = run(crosscheck(tmp.path()).args(["report", "demo-corvane-analytics-spring"]));
    assert!(ok && !out.contains("Since the last assessment"), "{err}");
}

/// A session made before its earlier engagement was imported is made its follow-up later.
#[test]
fn a_session_is_made_a_follow_up_after_it_was_created() {
    let tmp = tempfile::tempdir().unwrap();
    let (earlier, later) = two_engagements(tmp.path());
    let store = Store::open(tmp.path()).unwrap();
    let mut alone = store.load(&later, &crosscheck::bank::Catalog::embedded().unwrap()).unwrap();
    alone.follows = None;
    store.save(&alone).unwrap();
    let (ok, _, err) = run(crosscheck(tmp.path()).args(["follows", &later]));
    assert!(ok && err.contains("follows up no earlier engagement"), "{err}");
    for (args, refused) in [
        (vec!["follows", &later, "no-such"], "no-such: no such session in the data folder"),
        (vec!["follows", &later, &later], "cannot follow up itself"),
        (vec!["follows", &later, &earlier, "--none"], "cannot be used with"),
    ] {
        let (ok, _, err) = run(crosscheck(tmp.path()).args(&args));
        assert!(!ok && err.contains(refused), "{args:?}: {err}");
    }
    let (ok, _, err) = run(crosscheck(tmp.path()).args(["follows", &later, &earlier]));
    assert!(ok && err.contains(&format!("{later} now follows up {earlier}")), "{err}");
    let (ok, out, _) = run(crosscheck(tmp.path()).args(["follows", &later]));
    assert!(ok && out.trim() == earlier, "{out}");
    let (ok, out, err) = run(crosscheck(tmp.path()).args(["compare", &later]));
    assert!(ok && out.contains("earlier: Corvane Analytics (demo) (corvane-earlier"), "{err}");
    // Not while the session is open elsewhere: its lock is held.
    let lock = store.lock(&later).unwrap();
    let (ok, _, err) = run(crosscheck(tmp.path()).args(["follows", &later, "--none"]));
    assert!(!ok && !err.is_empty(), "{err}");
    drop(lock);
    let (ok, _, err) = run(crosscheck(tmp.path()).args(["follows", &later, "--none"]));
    assert!(ok && err.contains("now follows up no earlier engagement"), "{err}");
    assert_eq!(store.load(&later, &crosscheck::bank::Catalog::embedded().unwrap()).unwrap().follows, None);
}
