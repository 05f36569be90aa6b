//! The merge holes a hostile and clumsy team found (the adversarial review's B1, B5, I13, I16),
//! through the built binary: two different values are a conflict whoever wrote them and
//! whatever the clocks say, for answers, claims and checks, and two conversations under one
//! legacy id are both kept; a field crosscheck does not know is refused, never dropped.

use crate::common;

use common::team::{crosscheck, demo_edited as edit, demo_transcript as demo, run, save_json as save};
use serde_json::{Value, json};

#[test]
fn two_laptops_under_one_login_name_keep_both_values_through_merge_and_merge_into() {
    let tmp = tempfile::tempdir().unwrap();
    let d = demo(tmp.path());
    for by in [Some("kim"), None] {
        let one = save(tmp.path(), "m-kim1.json", &edit(&d, 1, by, "2026-11-10T10:00:00Z", "KIM LAPTOP1 notes"));
        let two = save(tmp.path(), "m-kim2.json", &edit(&d, 3, by, "2026-11-10T11:00:00Z", "KIM LAPTOP2 notes"));
        let out = tmp.path().join("out.json");
        let (ok, _, err) =
            run(crosscheck(&tmp.path().join("scratch")).args(["merge", &one, &two, "-o", out.to_str().unwrap()]));
        assert!(ok, "{err}");
        assert!(err.contains("1 conflict(s) to review"), "{by:?}: {err}");
        let merged = std::fs::read_to_string(&out).unwrap();
        assert!(merged.contains("KIM LAPTOP1 notes") && merged.contains("KIM LAPTOP2 notes"), "{by:?}");

        let data = tmp.path().join(format!("data-{}", by.unwrap_or("none")));
        assert!(run(crosscheck(&data).args(["import", &two])).0);
        let (ok, _, err) = run(crosscheck(&data).args(["merge", &one, "--into", "demo-corvane-analytics"]));
        assert!(ok && err.contains("1 conflict(s) to review"), "{err}");
        let (_, export, _) = run(crosscheck(&data).args(["export", "demo-corvane-analytics"]));
        assert!(export.contains("KIM LAPTOP1 notes") && export.contains("KIM LAPTOP2 notes"));
    }
}

#[test]
fn a_value_from_a_clock_years_ahead_keeps_the_correction_and_is_pointed_out() {
    let tmp = tempfile::tempdir().unwrap();
    let d = demo(tmp.path());
    let skewed = save(tmp.path(), "skew.json", &edit(&d, 0, Some("kim"), "2031-01-01T00:00:00Z", "KIM OLD VALUE"));
    let now = save(tmp.path(), "now.json", &edit(&d, 4, Some("kim"), "2026-12-07T04:00:00Z", "KIM CORRECTED VALUE"));
    let data = tmp.path().join("data");
    assert!(run(crosscheck(&data).args(["import", &now])).0);
    let (ok, _, err) = run(crosscheck(&data).args(["merge", &skewed, "--into", "demo-corvane-analytics"]));
    assert!(ok, "{err}");
    assert!(err.contains("more than a day ahead of this machine's clock") && err.contains("2031-01-01"), "{err}");
    let (_, export, _) = run(crosscheck(&data).args(["export", "demo-corvane-analytics"]));
    assert!(export.contains("KIM CORRECTED VALUE") && export.contains("KIM OLD VALUE"));
}

#[test]
fn a_claim_and_a_check_edited_on_two_laptops_keep_both_versions() {
    let tmp = tempfile::tempdir().unwrap();
    let d = demo(tmp.path());
    let (mut a, mut b) = (d.clone(), d.clone());
    let pm = d["interviews"].as_array().unwrap().iter().position(|i| !i["claims"].as_array().is_none_or(Vec::is_empty));
    let pm = pm.expect("the demo has claims");
    a["interviews"][pm]["claims"][0]["text"] = json!("ANA REWORDED CLAIM");
    a["interviews"][pm]["claims"][0]["edited_at"] = json!("2026-11-20T10:00:00Z");
    b["interviews"][pm]["claims"][0]["notes"] = json!("BEN ADDED CLAIM NOTES");
    b["interviews"][pm]["claims"][0]["edited_at"] = json!("2026-11-20T11:00:00Z");
    let checker =
        d["interviews"].as_array().unwrap().iter().position(|i| !i["checks"].as_array().is_none_or(Vec::is_empty));
    let checker = checker.expect("the demo has checks");
    a["interviews"][checker]["checks"][0]["notes"] = json!("ANA CHECK NOTES");
    b["interviews"][checker]["checks"][0]["notes"] = json!("BEN CHECK NOTES");
    let (a, b) = (save(tmp.path(), "claim-a.json", &a), save(tmp.path(), "claim-b.json", &b));
    let out = tmp.path().join("claim-out.json");
    let (ok, _, err) =
        run(crosscheck(&tmp.path().join("scratch")).args(["merge", &a, &b, "-o", out.to_str().unwrap()]));
    assert!(ok, "{err}");
    assert!(err.contains("2 conflict(s) to review") && err.contains("claim "), "{err}");
    let merged = std::fs::read_to_string(&out).unwrap();
    for words in ["ANA REWORDED CLAIM", "BEN ADDED CLAIM NOTES", "ANA CHECK NOTES", "BEN CHECK NOTES"] {
        assert!(merged.contains(words), "{words} lost");
    }
}

#[test]
fn two_conversations_under_one_legacy_id_are_both_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let d = demo(tmp.path());
    let (mut a, mut b) = (d.clone(), d.clone());
    for (doc, who, start) in
        [(&mut a, "Dana Ortiz", "2026-10-01T09:00:00Z"), (&mut b, "Lee Park", "2026-10-02T14:00:00Z")]
    {
        doc["interviews"][1]["id"] = json!("sales-1");
        doc["interviews"][1]["interviewee"] = json!(who);
        doc["interviews"][1]["started_at"] = json!(start);
    }
    let (a, b) = (save(tmp.path(), "a.json", &a), save(tmp.path(), "b.json", &b));
    let out = tmp.path().join("out.json");
    let (ok, _, err) =
        run(crosscheck(&tmp.path().join("scratch")).args(["merge", &a, &b, "-o", out.to_str().unwrap()]));
    assert!(ok, "{err}");
    let merged: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let who: Vec<&str> =
        merged["interviews"].as_array().unwrap().iter().filter_map(|i| i["interviewee"].as_str()).collect();
    assert!(who.contains(&"Dana Ortiz") && who.contains(&"Lee Park"), "{who:?}");
}

#[test]
fn the_merge_driver_keeps_both_values_of_one_login_name() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let transcript = save(tmp.path(), "demo.json", &demo(tmp.path()));
    assert!(run(crosscheck(&data).args(["import", &transcript])).0);
    let file = data.join("sessions/demo-corvane-analytics/interviews/sales-1.json");
    let base: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let side = |value: u8, notes: &str, name: &str| {
        let mut d = base.clone();
        let a = &mut d["interview"]["answers"]["sales.accounts-using"];
        a["value"] = json!({"kind": "scale", "value": value});
        a["notes"] = json!(notes);
        a["edited_by"] = json!("kim");
        a["edited_at"] = json!("2026-11-10T10:00:00Z");
        save(tmp.path(), name, &d)
    };
    let ours = side(1, "KIM ON LAPTOP ONE", "ours.json");
    let theirs = side(3, "KIM ON LAPTOP TWO", "theirs.json");
    let base_file = save(tmp.path(), "base.json", &base);
    let (ok, _, err) = run(crosscheck(&data).args(["merge-driver", &base_file, &ours, &theirs]));
    assert!(ok, "{err}");
    let merged = std::fs::read_to_string(&ours).unwrap();
    assert!(merged.contains("KIM ON LAPTOP ONE") && merged.contains("KIM ON LAPTOP TWO"), "{err}");
    assert!(err.contains("conflict kept"), "{err}");
}

#[test]
fn a_field_crosscheck_does_not_know_is_refused_on_import_with_its_place_not_dropped() {
    let tmp = tempfile::tempdir().unwrap();
    let mut d = demo(tmp.path());
    d["interviews"][1]["answers"][0]["flags"]["reason"] = json!("ask the VP");
    let text = serde_json::to_string_pretty(&d).unwrap();
    let file = tmp.path().join("extra.json");
    std::fs::write(&file, &text).unwrap();
    let data = tmp.path().join("data");
    let (ok, _, err) = run(crosscheck(&data).args(["import", file.to_str().unwrap()]));
    assert!(!ok, "refused");
    let line = text.lines().position(|l| l.contains("\"reason\"")).unwrap() + 1;
    assert!(err.contains(&format!("extra.json:{line}:")) && err.contains("\"reason\""), "{err}");
    let (_, list, _) = run(crosscheck(&data).args(["list"]));
    assert!(!list.contains("demo-corvane-analytics"), "nothing came in: {list}");
}
