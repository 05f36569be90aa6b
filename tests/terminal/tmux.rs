//! The whole program in a real terminal: tmux runs the binary, `send-keys` types an interview
//! with a PM, a Sales lead and a CS lead, `capture-pane` reads the screen, and the exported
//! transcript must hold every answer and note.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crosscheck::bank::{Catalog, Kind};

use crate::common;

use common::tmux::{BIN, Tmux};

/// Key presses that move from the first question to the first question of `kind`.
fn moves_to(catalog: &Catalog, function: &str, kind: Kind) -> (usize, String) {
    let bank = catalog.bank(function).unwrap();
    let i = bank.questions.iter().position(|q| q.kind == kind).unwrap();
    (i, bank.questions[i].id.clone())
}

fn press_down(t: &Tmux, times: usize) {
    for _ in 0..times {
        t.keys(&["j"]);
    }
}

#[test]
fn a_short_interview_typed_in_a_real_terminal_is_all_in_the_export() {
    let catalog = common::operations_catalog();
    let data = tempfile::tempdir().unwrap();
    let Some(t) = Tmux::start_or_skip(data.path(), "interview") else { return };
    t.wait_for("No sessions yet");

    t.keys(&["n"]);
    t.type_text("Acme Ltd");
    t.keys(&["Tab"]);
    t.type_text("Kim");
    t.keys(&["Enter"]);
    t.wait_for("No interviews yet");

    // The PM: a scale answer with notes, and a flag.
    t.keys(&["a"]);
    t.wait_for("Add an interview");
    t.keys(&["Tab"]);
    t.type_text("Priya");
    t.keys(&["Enter"]);
    t.wait_for("Product #1 — Priya");
    let (steps, pm_scale) = moves_to(&catalog, "product", Kind::Scale);
    press_down(&t, steps);
    t.keys(&["4"]);
    t.wait_for("● 4");
    t.keys(&["Enter"]);
    t.wait_for("Notes — typing");
    t.type_text("Sales had the deck two weeks early.");
    t.keys(&["Escape"]);
    t.wait_for("Notes · Enter/e to write");
    t.keys(&["f"]);
    t.wait_for("Flag for follow-up");
    t.type_text("check the deck date with Sales ops");
    t.keys(&["Enter"]);
    t.wait_for("⚑ follow-up");
    t.keys(&["q"]);
    t.wait_for("Interviews (1)");

    // The Sales lead (the form starts on the first function not yet interviewed): a choice by
    // arrow keys, and notes on the first question.
    t.keys(&["a", "Enter"]);
    t.wait_for("Sales #1 ");
    let first_sales = catalog.bank("sales").unwrap().questions[0].id.clone();
    t.keys(&["e"]);
    t.wait_for("Notes — typing");
    t.type_text("The March pricing launch; 日本語 too.");
    t.keys(&["Escape"]);
    // Wait before the next key: Esc and a key in one read arrive as Alt+key.
    t.wait_for("Notes · Enter/e to write");
    let (steps, sales_choice) = moves_to(&catalog, "sales", Kind::Choice);
    press_down(&t, steps);
    t.keys(&["Right", "Right", "Right"]);
    t.wait_for("3 (•)");
    t.keys(&["q"]);
    t.wait_for("Interviews (2)");

    // The CS lead: skip one, don't know another.
    t.keys(&["a", "Enter"]);
    t.wait_for("· CS #1");
    t.keys(&["s", "j", "d"]);
    t.wait_for("? don't know");
    let cs = catalog.bank("customer-success").unwrap();

    // Leave: interview → session → sessions → quit; the shell gets the terminal back.
    t.keys(&["q", "q"]);
    t.wait_for("Sessions (1)");
    t.keys(&["q"]);
    let screen = t.wait_for("exit=0");
    assert!(!screen.contains("Sessions (1)"), "the alternate screen is gone:\n{screen}");

    let sessions: Vec<_> =
        std::fs::read_dir(data.path().join("sessions")).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(sessions.len(), 1);
    let id = sessions[0].file_stem().unwrap().to_string_lossy().into_owned();
    let out = Command::new(BIN).args(["export", &id]).env("CROSSCHECK_DATA_DIR", data.path()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let answer = |interview: usize, qid: &str| -> serde_json::Value {
        json["interviews"][interview]["answers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["question_id"] == qid)
            .cloned()
            .unwrap_or_else(|| panic!("no {qid}"))
    };
    assert_eq!(json["session"]["organisation"], "Acme Ltd");
    assert_eq!(json["session"]["interviewer"], "Kim");
    let pm = answer(0, &pm_scale);
    assert_eq!(pm["value"], serde_json::json!({"kind": "scale", "value": 4}));
    assert_eq!(pm["notes"], "Sales had the deck two weeks early.");
    assert_eq!(pm["flags"]["follow_up"], true);
    assert_eq!(json["interviews"][0]["interviewee"], "Priya");
    assert_eq!(answer(1, &first_sales)["notes"], "The March pricing launch; 日本語 too.");
    let option = catalog.question(&sales_choice).unwrap().1.options[2].label.clone();
    assert_eq!(answer(1, &sales_choice)["value"], serde_json::json!({"kind": "choice", "option": option}));
    assert_eq!(answer(2, &cs.questions[0].id)["state"], "skipped");
    assert_eq!(answer(2, &cs.questions[1].id)["state"], "dont-know");
}

#[test]
fn too_small_and_resize_in_a_real_terminal() {
    let data = tempfile::tempdir().unwrap();
    let Some(t) = Tmux::start_or_skip(data.path(), "resize") else { return };
    t.wait_for("No sessions yet");
    let resize = |w: &str, h: &str| {
        Command::new("tmux").args(["-L", &t.socket, "resize-window", "-t", "t", "-x", w, "-y", h]).status().unwrap();
    };
    resize("60", "20");
    t.wait_for("Terminal too small");
    resize("120", "40");
    t.wait_for("No sessions yet");
    t.keys(&["C-c"]);
    t.wait_for("exit=0");
}

/// Index (in interview order) of `function`'s question on `topic` with `stance`.
fn position_of(catalog: &Catalog, function: &str, topic: &str, stance: crosscheck::bank::Stance) -> usize {
    let bank = catalog.bank(function).unwrap();
    bank.questions.iter().position(|q| q.topic.as_deref() == Some(topic) && q.stance == Some(stance)).unwrap()
}

#[test]
fn a_known_gap_shows_as_an_up_triangle_in_a_real_terminal() {
    use crosscheck::bank::Stance;
    let catalog = common::operations_catalog();
    let data = tempfile::tempdir().unwrap();
    let Some(t) = Tmux::start_or_skip(data.path(), "divergence") else { return };
    t.new_session("Globex");

    // The PM says Sales was fully briefed …
    t.keys(&["a", "Enter"]);
    t.wait_for("Product #1");
    press_down(&t, position_of(&catalog, "product", "launch.sales-briefing", Stance::Communicated));
    t.keys(&["4"]);
    t.wait_for("● 4");
    t.keys(&["q"]);
    t.wait_for("Interviews (1)");

    // … the Sales lead says they were barely briefed.
    t.keys(&["a", "Enter"]);
    t.wait_for("Sales #1");
    press_down(&t, position_of(&catalog, "sales", "launch.sales-briefing", Stance::Received));
    t.keys(&["1"]);
    t.wait_for("▲▲ major over-statement vs Product (PM)'s claim");
    t.keys(&["q"]);
    t.wait_for("Interviews (2)");
    t.keys(&["v"]);
    let screen = t.wait_for("Topics × receiving functions");
    let row = screen.lines().find(|l| l.contains("Sales briefing")).unwrap_or_default();
    assert!(row.contains("▲▲ +3.0"), "the matrix shows the gap:\n{screen}");
    assert!(screen.contains("gap index 75/100 over 1 cell"), "{screen}");
    t.keys(&["q"]);
    t.wait_for("Interviews (2)");
    t.keys(&["C-c"]);
    t.wait_for("exit=0");
}

/// Starts a session with one Sales interview and types notes without leaving the editor, so
/// only the exit path can have saved them.
#[cfg(target_os = "linux")]
fn notes_in_flight(t: &Tmux) {
    t.new_session("Initech");
    t.keys(&["a", "Down", "Enter"]);
    t.wait_for("Sales #1");
    t.keys(&["e"]);
    t.wait_for("Notes — typing");
    t.type_text("said at the last second");
    t.wait_for("said at the last second");
}

#[cfg(target_os = "linux")]
fn notes_on_disk(data: &Path) -> String {
    let dir = data.join("sessions");
    let folder = std::fs::read_dir(&dir).unwrap().next().unwrap().unwrap().path();
    // The interviews' files hold the notes.
    let mut text = String::new();
    for file in std::fs::read_dir(folder.join("interviews")).unwrap() {
        text.push_str(&std::fs::read_to_string(file.unwrap().path()).unwrap());
    }
    text
}

#[cfg(target_os = "linux")]
#[test]
fn sigterm_and_sigint_save_and_restore_the_terminal() {
    for signal in ["-TERM", "-INT"] {
        let data = tempfile::tempdir().unwrap();
        let Some(t) = Tmux::start_or_skip(data.path(), &format!("signal{signal}")) else { return };
        notes_in_flight(&t);
        let ok = Command::new("kill").args([signal, &t.program_pid()]).status().unwrap();
        assert!(ok.success());
        let screen = t.wait_for("exit=0");
        assert!(!screen.contains("Notes — typing"), "{signal}: the alternate screen is gone:\n{screen}");
        assert!(notes_on_disk(data.path()).contains("said at the last second"), "{signal}: the notes were saved");
        // The terminal is back in cooked mode: the shell echoes what is typed.
        t.keys(&["C-c"]);
    }
}

#[cfg(target_os = "linux")]
#[test]
fn closing_the_pane_hangs_up_and_saves() {
    let data = tempfile::tempdir().unwrap();
    let Some(t) = Tmux::start_or_skip(data.path(), "hangup") else { return };
    notes_in_flight(&t);
    let pid = t.program_pid();
    Command::new("tmux").args(["-L", &t.socket, "kill-pane", "-t", "t"]).status().unwrap();
    let start = Instant::now();
    while std::path::Path::new(&format!("/proc/{pid}")).exists() {
        assert!(start.elapsed() < Duration::from_secs(10), "crosscheck still runs after its terminal closed");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(notes_on_disk(data.path()).contains("said at the last second"));
}

/// Two letters whose best palette match is a Product question outside the first section.
fn two_letter_query(catalog: &Catalog) -> (String, usize) {
    use crosscheck::ui::overlays::palette::{Palette, Target};
    let product = catalog.bank("product").unwrap();
    for a in 'a'..='z' {
        for b in 'a'..='z' {
            let mut p = Palette::new(catalog);
            p.type_key(crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Char(a)));
            p.type_key(crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Char(b)));
            if let Some(Target::Question { function, index }) = p.chosen().map(|e| e.target.clone())
                && function == "product"
                && product.questions[index].section != product.questions[0].section
            {
                return (format!("{a}{b}"), index);
            }
        }
    }
    panic!("no two-letter query reaches another section");
}

#[test]
fn the_palette_reaches_another_section_in_three_keys_then_flag_list_and_export() {
    let catalog = common::operations_catalog();
    let (query, index) = two_letter_query(&catalog);
    let product = catalog.bank("product").unwrap();
    let target = product.questions[index].clone();
    let of = |n: usize| format!("{n} of {}", product.questions.len());
    let data = tempfile::tempdir().unwrap();
    let Some(t) = Tmux::start_or_skip(data.path(), "palette") else { return };
    t.new_session("Hooli");
    t.keys(&["a", "Enter"]);
    t.wait_for(&of(1));
    t.keys(&["/"]);
    t.wait_for("Go to — questions");
    // Three keystrokes: two letters and Enter.
    t.type_text(&query);
    t.keys(&["Enter"]);
    t.wait_for(&of(index + 1));
    t.keys(&["f"]);
    t.wait_for("Flag for follow-up");
    t.type_text("get the numbers");
    t.keys(&["Enter"]);
    t.wait_for("⚑ follow-up");
    t.keys(&["F"]);
    let screen = t.wait_for("Follow-ups ⚑, quotes “ and claims to verify ◌ (1)");
    assert!(screen.contains("get the numbers"), "{screen}");
    t.keys(&["Escape"]);
    t.keys(&["C-c"]);
    t.wait_for("exit=0");
    let id = std::fs::read_dir(data.path().join("sessions")).unwrap().next().unwrap().unwrap().path();
    let id = id.file_stem().unwrap().to_string_lossy().into_owned();
    let out = Command::new(BIN).args(["export", &id]).env("CROSSCHECK_DATA_DIR", data.path()).output().unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let answer = json["interviews"][0]["answers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["question_id"] == target.id)
        .unwrap()
        .clone();
    assert_eq!(answer["flags"]["follow_up"], true);
    assert_eq!(answer["flags"]["follow_up_reason"], "get the numbers");
}
