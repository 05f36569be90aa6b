//! The interface cases of the issue "Several interviewers, and still not a word lost", in a real
//! terminal: tmux runs the binary, `send-keys` types, `capture-pane` reads the screen. Skipped
//! with a printed reason where tmux is missing.

use crate::common;

use std::path::Path;

use common::tmux::Tmux;
use crosscheck::bank::Catalog;
use crosscheck::session::{AnswerValue, Session};
use crosscheck::storage::Store;

/// The one session in the data folder, as it is on disk.
fn the_session(data: &Path) -> Session {
    let catalog = Catalog::embedded().unwrap();
    let store = Store::open(data).unwrap();
    let listed = store.list(&catalog).unwrap();
    let Some(crosscheck::storage::Listed::Session(s)) = listed.first() else { panic!("a session: {listed:?}") };
    store.load(&s.id, &catalog).unwrap()
}

/// Case 15: in a Sales interview, `/brief⏎` and a digit: the PM's answer stays as it was.
#[test]
fn case_15_brief_then_a_digit_never_changes_the_pms_answer() {
    let catalog = common::operations_catalog();
    let product = catalog.bank("product").unwrap();
    let pm = product.questions.iter().position(|q| q.id == "product.sales-briefed").unwrap();
    let data = tempfile::tempdir().unwrap();
    let Some(t) = Tmux::start_or_skip(data.path(), "palette-jump") else { return };
    t.new_session("Acme Ltd");
    t.keys(&["a"]);
    t.wait_for("Add an interview");
    t.keys(&["Tab"]);
    t.type_text("Priya Raman");
    t.keys(&["Enter"]);
    t.wait_for("Product #1 — Priya Raman");
    for _ in 0..pm {
        t.keys(&["j"]);
    }
    t.wait_for(&format!("{} of {}", pm + 1, product.questions.len()));
    t.keys(&["4"]);
    t.wait_for("● 4");
    t.keys(&["q"]);
    t.wait_for("Interviews (1)");
    t.keys(&["a", "Enter"]);
    t.wait_for("Sales #1 ");
    t.keys(&["/"]);
    t.wait_for("Go to — questions");
    t.type_text("brief");
    t.keys(&["Enter"]);
    t.wait_for("Sales #1 ");
    t.keys(&["1", "Escape"]);
    let screen = t.wait_for("Sales #1 ");
    assert!(!screen.contains("Product #1"), "still with Sales:\n{screen}");
    t.keys(&["C-c"]);
    t.wait_for("exit=0");
    let session = the_session(data.path());
    let answer = session.interviews[0].answers.get("product.sales-briefed").and_then(|a| a.value.clone());
    assert_eq!(answer, Some(AnswerValue::Scale { value: 4 }), "the PM's 4");
}

/// Case 13: `i` then a FIFO then Enter on the sessions screen: refused at once, and Ctrl-C
/// still quits.
#[cfg(unix)]
#[test]
fn case_13_a_fifo_in_the_import_dialog_never_freezes_the_interface() {
    let data = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    let fifo = outside.path().join("pipe");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let Some(t) = Tmux::start_or_skip(data.path(), "fifo") else { return };
    t.new_session("Acme Ltd");
    t.keys(&["q"]);
    t.wait_for("Sessions (1)");
    for key in ["i", "m"] {
        t.keys(&[key]);
        t.type_text(fifo.to_str().unwrap());
        t.keys(&["Enter"]);
        t.wait_for("a FIFO (named pipe)");
        t.keys(&["Escape"]);
    }
    t.keys(&["C-c"]);
    t.wait_for("exit=0");
}

/// A FIFO as the config file: the interface starts at once with the defaults and says why.
#[cfg(unix)]
#[test]
fn a_fifo_as_the_config_file_never_blocks_the_interface() {
    let data = tempfile::tempdir().unwrap();
    let fifo = data.path().join("config.json");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    if Tmux::missing() {
        return;
    }
    let bin = common::tmux::BIN;
    let script = format!("CROSSCHECK_CONFIG='{}' '{bin}'; echo \"exit=$?\"; sleep 60", fifo.display());
    let t = Tmux::start_script(data.path(), "fifo-config", &script, &[], None);
    let screen = t.wait_for("No sessions yet");
    assert!(screen.contains("Config ignored") && screen.contains("FIFO"), "{screen}");
    t.keys(&["C-c"]);
    t.wait_for("exit=0");
}
