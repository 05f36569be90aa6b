//! Two laptops in real terminals: each interviewer captures an interview in their own data
//! folder, one merges the other's transcript from the sessions screen, and the merged session
//! shows both interviews and the divergence computed over both.

use crate::common;

use std::path::Path;

use common::tmux::{BIN, Tmux};
use crosscheck::bank::{Catalog, Stance};

fn cli(data: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new(BIN).arg("--data-dir").arg(data).args(args).output().expect("runs");
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn position_of(catalog: &Catalog, function: &str, topic: &str, stance: Stance) -> usize {
    let bank = catalog.bank(function).unwrap();
    bank.questions.iter().position(|q| q.topic.as_deref() == Some(topic) && q.stance == Some(stance)).unwrap()
}

/// On laptop `data`, as `who`: opens the session, adds an interview of the function `down`
/// places down the add list, answers the question at `position` with `score`, and quits.
fn capture(data: &Path, name: &str, who: &str, id: &str, down: usize, position: usize, score: &str) {
    let script = format!("'{BIN}' open {id}; echo \"exit=$?\"; sleep 60");
    let t = Tmux::start_script(data, name, &script, &[("CROSSCHECK_INTERVIEWER", who.to_string())], None);
    t.wait_for("No interviews yet");
    t.keys(&["a"]);
    for _ in 0..down {
        t.keys(&["Down"]);
    }
    t.keys(&["Enter"]);
    t.wait_for("#1");
    for _ in 0..position {
        t.keys(&["Down"]);
    }
    t.keys(&[score]);
    t.wait_for(&format!("● {score}"));
    t.keys(&["C-c"]);
    t.wait_for("exit=0");
}

#[test]
fn two_laptops_merge_into_one_session_with_both_interviews_and_their_divergence() {
    if Tmux::missing() {
        return;
    }
    let catalog = common::operations_catalog();
    let root = tempfile::tempdir().unwrap();
    let (ana, ben) = (root.path().join("ana"), root.path().join("ben"));
    // Ana starts the engagement; Ben takes her transcript, so both laptops hold it.
    let id = cli(&ana, &["new", "--org", "Globex", "--interviewer", "Ana", "--no-open"]);
    let start = root.path().join("start.json");
    cli(&ana, &["export", &id, "-o", start.to_str().unwrap()]);
    assert_eq!(cli(&ben, &["import", start.to_str().unwrap()]), id);

    // Offline, each interviews someone: Ana the PM, Ben the Sales lead.
    let sales = catalog.banks.iter().position(|b| b.function == "sales").unwrap();
    let product = catalog.banks.iter().position(|b| b.function == "product").unwrap();
    assert_eq!(product, 0, "the add list starts on Product");
    let topic = "launch.sales-briefing";
    capture(&ana, "ana", "Ana", &id, 0, position_of(&catalog, "product", topic, Stance::Communicated), "4");
    capture(&ben, "ben", "Ben", &id, sales, position_of(&catalog, "sales", topic, Stance::Received), "1");

    // Ben merges Ana's transcript from his sessions screen.
    let from_ana = root.path().join("from-ana.json");
    cli(&ana, &["export", &id, "-o", from_ana.to_str().unwrap()]);
    let t = Tmux::start(&ben, "merge");
    t.wait_for("Globex");
    t.keys(&["m"]);
    t.wait_for("Merge into this session");
    t.type_text(from_ana.to_str().unwrap());
    t.keys(&["Enter"]);
    t.wait_for("Merged into Globex: 1 interview added, 0 conflicts to review");
    t.keys(&["Enter"]);
    let screen = t.wait_for("Interviews (2)");
    assert!(screen.contains("Product #1") && screen.contains("Sales #1"), "{screen}");
    assert!(screen.contains("Ana") && screen.contains("Ben"), "who captured each:\n{screen}");
    t.keys(&["v"]);
    let screen = t.wait_for("Topics × receiving functions");
    let row = screen.lines().find(|l| l.contains("Sales briefing")).unwrap_or_default();
    assert!(row.contains("▲▲ +3.0"), "Ana's communicated score against Ben's account:\n{screen}");
    t.keys(&["q"]);
    t.keys(&["C-c"]);
    t.wait_for("exit=0");
}
