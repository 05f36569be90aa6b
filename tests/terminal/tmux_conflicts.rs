//! Choosing between the values a merge kept, in a real terminal: the value the choice replaces
//! stays in the session, merging the colleagues' files again reopens nothing, and a claim
//! edited on two laptops is chosen the same way (the adversarial review's B2 and B5).

use crate::common;

use std::path::Path;

use common::team::{crosscheck, demo_edited as edit, demo_transcript as demo, run, save_json as save};
use common::tmux::{BIN, Tmux};
use serde_json::json;

/// Opens the session as the lead, on the interview `down` rows down the session screen.
fn open_as_lead(data: &Path, name: &str, down: usize) -> Tmux {
    let script = format!("'{BIN}' open demo-corvane-analytics; echo \"exit=$?\"; sleep 60");
    let t = Tmux::start_script(data, name, &script, &[("CROSSCHECK_INTERVIEWER", "Lead".to_string())], None);
    t.wait_for("Product #1");
    for _ in 0..down {
        t.keys(&["j"]);
    }
    t.keys(&["Enter"]);
    t
}

#[test]
fn choosing_a_value_keeps_the_one_it_replaces_and_a_new_merge_reopens_nothing() {
    if Tmux::missing() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let d = demo(tmp.path());
    let ana = save(tmp.path(), "m-ana.json", &edit(&d, 1, Some("Ana"), "2026-11-10T10:00:00Z", "ANA NOTES words"));
    let ben = save(tmp.path(), "m-ben.json", &edit(&d, 3, Some("Ben"), "2026-11-10T11:00:00Z", "BEN NOTES words"));
    let data = tmp.path().join("data");
    assert!(run(crosscheck(&data).args(["import", &ana])).0);
    let (ok, _, err) = run(crosscheck(&data).args(["merge", &ben, "--into", "demo-corvane-analytics"]));
    assert!(ok && err.contains("1 conflict(s) to review"), "{err}");

    let t = open_as_lead(&data, "choose", 1);
    t.wait_for("1 conflict from a merge to review");
    t.keys(&["c"]);
    t.wait_for("Conflict: which value to keep?");
    // Ben's 3 is kept now; choose Ana's 1.
    t.keys(&["j", "Enter"]);
    t.wait_for("Conflict settled");
    t.keys(&["C-c"]);
    t.wait_for("exit=0");

    let (_, export, _) = run(crosscheck(&data).args(["export", "demo-corvane-analytics"]));
    assert!(export.contains("ANA NOTES words"), "the chosen value");
    assert!(export.contains("BEN NOTES words"), "the value the choice replaced is kept");
    for file in [&ben, &ana] {
        let (ok, _, err) = run(crosscheck(&data).args(["merge", file, "--into", "demo-corvane-analytics"]));
        assert!(ok && err.contains("0 conflict(s) to review"), "a settled choice reopened: {err}");
    }
}

#[test]
fn a_claim_reworded_on_one_laptop_and_annotated_on_another_is_chosen_in_the_interview() {
    if Tmux::missing() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let d = demo(tmp.path());
    let pm = d["interviews"].as_array().unwrap().iter().position(|i| i["function"] == "product").unwrap();
    let (mut a, mut b) = (d.clone(), d.clone());
    a["interviews"][pm]["claims"][0]["text"] = json!("ANA REWORDED CLAIM");
    a["interviews"][pm]["claims"][0]["edited_at"] = json!("2026-11-20T10:00:00Z");
    b["interviews"][pm]["claims"][0]["notes"] = json!("BEN ADDED CLAIM NOTES");
    b["interviews"][pm]["claims"][0]["edited_at"] = json!("2026-11-20T11:00:00Z");
    let (a, b) = (save(tmp.path(), "claim-a.json", &a), save(tmp.path(), "claim-b.json", &b));
    let data = tmp.path().join("data");
    assert!(run(crosscheck(&data).args(["import", &a])).0);
    let (ok, _, err) = run(crosscheck(&data).args(["merge", &b, "--into", "demo-corvane-analytics"]));
    assert!(ok && err.contains("1 conflict(s) to review"), "{err}");

    let t = open_as_lead(&data, "claim", 0);
    t.wait_for("1 conflict from a merge to review");
    t.keys(&["c"]);
    let screen = t.wait_for("which version of the claim to keep?");
    assert!(screen.contains("ANA REWORDED CLAIM") && screen.contains("BEN ADDED CLAIM NOTES"), "{screen}");
    t.keys(&["j", "Enter"]);
    t.wait_for("Conflict settled: that version is kept");
    t.keys(&["C-c"]);
    t.wait_for("exit=0");
    let (_, export, _) = run(crosscheck(&data).args(["export", "demo-corvane-analytics"]));
    assert!(export.contains("ANA REWORDED CLAIM") && export.contains("BEN ADDED CLAIM NOTES"));
    let (ok, _, err) = run(crosscheck(&data).args(["merge", &a, "--into", "demo-corvane-analytics"]));
    assert!(ok && err.contains("0 conflict(s) to review"), "{err}");
}
