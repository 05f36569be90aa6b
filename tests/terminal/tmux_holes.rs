//! The terminal cases of the issue "Nothing lost, nobody in", in a real terminal: tmux runs the
//! binary, `send-keys` types (a whole burst in one write where the case is about speed),
//! `capture-pane` reads the screen. Skipped with a printed reason where tmux is missing.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::tmux::{BIN, Tmux};
use crosscheck::bank::{Catalog, Kind};
use crosscheck::storage::Store;

/// The one session's folder (or single file) in the data folder.
fn session_path(data: &Path) -> PathBuf {
    let dir = data.join("sessions");
    std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| !p.file_name().unwrap().to_string_lossy().starts_with('.'))
        .expect("a session")
}

fn load_only(data: &Path) -> crosscheck::session::Session {
    let catalog = Catalog::embedded().unwrap();
    let path = session_path(data);
    let id = path.file_stem().unwrap().to_string_lossy().into_owned();
    Store::open(data).unwrap().load(&id, &catalog).unwrap()
}

/// Waits until `done` holds, or fails after 20 s saying what was awaited.
fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < Duration::from_secs(20), "waited for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Case 5: 10,000 characters typed in one terminal write all reach the notes.
#[test]
fn case_05_ten_thousand_characters_in_one_write_arrive_complete() {
    let data = tempfile::tempdir().unwrap();
    let Some(t) = Tmux::start_or_skip(data.path(), "burst-notes") else { return };
    t.new_session("Acme");
    t.keys(&["a", "Enter"]);
    t.wait_for("Product #1");
    t.keys(&["e"]);
    t.wait_for("Notes — typing");
    let words = ["alpha", "beta", "gamma", "delta", "echo"];
    let text: String = (0..3000).map(|i| words[i * 7 % 5]).collect::<Vec<_>>().join(" ").chars().take(10_000).collect();
    assert_eq!(text.len(), 10_000);
    t.burst(&text);
    wait_until("the whole burst in the notes on disk", || {
        load_only(data.path()).interviews[0].answers.values().any(|a| a.notes == text)
    });
    t.keys(&["Escape"]);
    t.keys(&["C-c"]);
    t.wait_for("exit=0");
}

/// A walk over the Product bank of `n` keys that answers every question it visits with a key
/// its kind takes: a scale point, an option, a number and Enter, or skip / don't know.
fn answer_burst(catalog: &Catalog, n: usize) -> String {
    let bank = catalog.bank("product").unwrap();
    let mut at = 0usize;
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = move |m: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % m
    };
    let mut keys = String::new();
    while keys.len() < n {
        let q = &bank.questions[at];
        match q.kind {
            Kind::Scale => keys.push(char::from(b'0' + next(5) as u8)),
            Kind::Choice => keys.push(char::from(b'1' + next(q.options.len() as u64) as u8)),
            Kind::Number => keys.push_str(&format!("{}\r", 1 + next(9))),
            Kind::Multi | Kind::Text => keys.push(if next(2) == 0 { 's' } else { 'd' }),
        }
        let up = at > 0 && next(3) == 0;
        if up {
            keys.push('k');
            at -= 1;
        } else if at + 1 < bank.questions.len() {
            keys.push('j');
            at += 1;
        } else {
            keys.push_str(&"k".repeat(bank.questions.len() - 1));
            at = 0;
        }
    }
    keys
}

/// Case 5: a 2,000-key burst of answers lands every answer, exactly as the same keys pressed
/// one by one on an `App` do.
#[test]
fn case_05_a_two_thousand_key_answer_burst_lands_every_answer() {
    let catalog = common::operations_catalog();
    let keys = answer_burst(&catalog, 2000);
    assert!(keys.len() >= 2000);
    // What the keys mean, pressed one at a time.
    let mut model = common::Harness::new();
    model.new_session("Acme", "").add_interview("product", "", "");
    for c in keys.chars() {
        match c {
            '\r' => model.key(crossterm::event::KeyCode::Enter),
            c => model.ch(c),
        };
    }
    let expected = model.session().interviews[0].answers.clone();
    assert!(expected.len() >= 24, "the walk answers most of the bank");

    let data = tempfile::tempdir().unwrap();
    let Some(t) = Tmux::start_or_skip(data.path(), "burst-answers") else { return };
    t.new_session("Acme");
    t.keys(&["a", "Enter"]);
    t.wait_for("Product #1");
    t.burst(&keys);
    t.keys(&["q"]);
    t.wait_for("Interviews (1)");
    t.keys(&["C-c"]);
    t.wait_for("exit=0");
    let got = load_only(data.path()).interviews[0].answers.clone();
    for (id, want) in &expected {
        let have = got.get(id).unwrap_or_else(|| panic!("{id}: no answer on disk"));
        assert_eq!((have.state, &have.value), (want.state, &want.value), "{id}");
    }
    assert_eq!(got.len(), expected.len());
}

/// Case 5: input still unread when crosscheck quits is thrown away, never run by the shell.
#[test]
fn case_05_input_left_at_exit_never_reaches_the_shell() {
    let data = tempfile::tempdir().unwrap();
    let marker = data.path().join("injected");
    // After crosscheck, an interactive shell reads the terminal, as the user's would.
    let script = format!("'{BIN}'; echo \"exit=$?\"; exec sh -i");
    if Tmux::missing() {
        return;
    }
    let t = Tmux::start_script(data.path(), "leftover", &script, &[], None);
    t.wait_for("No sessions yet");
    // q quits at once; what follows (past crossterm's 1 KB reads) must not become a command.
    let burst = format!("q{}\rtouch {}\r", " ".repeat(3000), marker.display());
    t.burst(&burst);
    t.wait_for("exit=0");
    std::thread::sleep(Duration::from_millis(800));
    t.burst("echo shell-alive\r");
    t.wait_for("shell-alive");
    assert!(!marker.exists(), "a line typed into crosscheck was run by the shell");
}

/// Case 8: an organisation name full of escape sequences neither retitles, clears nor resets
/// the terminal in the interface.
#[test]
fn case_08_hostile_text_does_not_reach_the_terminal_in_the_interface() {
    let data = tempfile::tempdir().unwrap();
    if Tmux::missing() {
        return;
    }
    let hostile = "Acme\u{1b}]2;pwned\u{7}\u{1b}[2J\u{1b}c\u{1b}P+q\u{1b}\\ Ltd";
    let out = Command::new(BIN)
        .arg("--data-dir")
        .arg(data.path())
        .args(["new", "--org", hostile, "--no-open"])
        .env("CROSSCHECK_CONFIG", data.path().join("none.json"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let t = Tmux::start(data.path(), "hostile");
    let screen = t.wait_for("Ltd");
    assert!(screen.contains("Sessions (1)"), "{screen}");
    let title = Command::new("tmux").args(["-L", &t.socket, "display", "-p", "-t", "t", "#{pane_title}"]).output();
    let title = String::from_utf8_lossy(&title.unwrap().stdout).into_owned();
    assert!(!title.contains("pwned"), "the title was changed to {title:?}");
    t.keys(&["Enter"]);
    let screen = t.wait_for("No interviews yet");
    assert!(screen.contains("Ltd"), "{screen}");
    t.keys(&["C-c"]);
    t.wait_for("exit=0");
}

/// Case 2: the session file and every folder for an emergency copy unwritable (even as root:
/// the paths run through a file, and the current folder is deleted): Ctrl-C does not quit and
/// the answers stay; once the temporary folder exists, Ctrl-C writes the copy there, exits
/// with a failure and prints the import command.
#[cfg(target_os = "linux")]
#[test]
fn case_02_when_nothing_can_be_written_crosscheck_stays_open() {
    if Tmux::missing() {
        return;
    }
    let base = tempfile::tempdir().unwrap();
    let x = base.path().join("x");
    let (data, home, cwd) = (x.join("data"), x.join("home"), x.join("cwd"));
    for d in [&data, &home, &cwd] {
        std::fs::create_dir_all(d).unwrap();
    }
    let tmp = base.path().join("t").join("tmp");
    let env = [("TMPDIR", tmp.display().to_string()), ("HOME", home.display().to_string())];
    let script = format!("'{BIN}'; echo \"exit=$?\"; sleep 60");
    let t = Tmux::start_script(&data, "nowhere", &script, &env, Some(&cwd));
    t.new_session("Acme");
    t.keys(&["a", "Down", "Enter"]);
    t.wait_for("Sales #1");
    // Every path under x now runs through a file; the current folder is gone.
    let moved = base.path().join("moved");
    std::fs::rename(&x, &moved).unwrap();
    std::fs::remove_dir(moved.join("cwd")).unwrap();
    std::fs::write(&x, "in the way").unwrap();
    let catalog = common::operations_catalog();
    let first = catalog.bank("sales").unwrap().questions.iter().position(|q| q.kind == Kind::Scale).unwrap();
    let down: Vec<&str> = std::iter::repeat_n("j", first).collect();
    t.keys(&down);
    t.keys(&["3"]);
    t.wait_for("NOT SAVED");
    t.keys(&["C-c"]);
    let screen = t.wait_for("stays open");
    assert!(!screen.contains("exit="), "{screen}");
    assert!(screen.contains("Sales #1"), "the interview is still on screen:\n{screen}");
    std::fs::create_dir_all(&tmp).unwrap();
    t.keys(&["C-c"]);
    let screen = t.wait_for("exit=1");
    assert!(screen.contains("Bring it back with: crosscheck --data-dir"), "{screen}");
    let copy = std::fs::read_dir(&tmp).unwrap().map(|e| e.unwrap().path()).next().expect("the emergency copy");
    let text = std::fs::read_to_string(&copy).unwrap();
    let session = crosscheck::storage::parse_session(&copy, &text).expect("a real session file");
    let scale = &catalog.bank("sales").unwrap().questions[first].id;
    assert_eq!(session.interviews[0].answers[scale].value, Some(crosscheck::session::AnswerValue::Scale { value: 3 }));
}

/// The notes' temporary copies of the external editor in `tmp`.
fn notes_copies(tmp: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(tmp)
        .map(|d| d.map(|e| e.unwrap().path()).filter(|p| p.to_string_lossy().contains("crosscheck-notes-")).collect())
        .unwrap_or_default()
}

/// An interview open in tmux with notes typed and, at once, Ctrl-E: the "editor" is `sleep`.
#[cfg(target_os = "linux")]
fn editor_open(name: &str, data: &Path, tmp: &Path) -> Tmux {
    let env = [("TMPDIR", tmp.display().to_string()), ("VISUAL", "sleep 600 #".to_string())];
    let script = format!("'{BIN}'; echo \"exit=$?\"; sleep 60");
    let t = Tmux::start_script(data, name, &script, &env, None);
    t.new_session("Acme");
    t.keys(&["a", "Down", "Enter"]);
    t.wait_for("Sales #1");
    t.keys(&["e"]);
    t.wait_for("Notes — typing");
    t.type_text("typed just before the editor");
    t.keys(&["C-e"]);
    wait_until("the editor's copy of the notes", || notes_copies(tmp).len() == 2);
    t
}

/// Case 4: notes typed then Ctrl-E at once are on disk while the editor is open; after a
/// kill -9, the next start brings back what the editor saved and removes the copies.
#[cfg(target_os = "linux")]
#[test]
fn case_04_notes_survive_kill_during_the_external_editor_and_copies_are_cleaned() {
    if Tmux::missing() {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let t = editor_open("editor-kill", data.path(), tmp.path());
    let notes = |data: &Path| {
        load_only(data).interviews[0].answers.values().map(|a| a.notes.clone()).collect::<Vec<_>>().join("|")
    };
    assert!(notes(data.path()).contains("typed just before the editor"), "saved before the editor opened");
    let pid = t.program_pid();
    assert!(Command::new("kill").args(["-9", &pid]).status().unwrap().success());
    wait_until("crosscheck gone", || !Path::new(&format!("/proc/{pid}")).exists());
    // What the editor saved before the crash.
    let text = notes_copies(tmp.path()).into_iter().find(|p| p.extension().is_some_and(|x| x == "txt")).unwrap();
    std::fs::write(&text, "typed just before the editor, and finished in the editor\n").unwrap();
    drop(t);
    let env = [("TMPDIR", tmp.path().display().to_string())];
    let script = format!("'{BIN}'; echo \"exit=$?\"; sleep 60");
    let again = Tmux::start_script(data.path(), "editor-restart", &script, &env, None);
    again.wait_for("Brought back notes");
    assert!(notes_copies(tmp.path()).is_empty(), "the copies are removed");
    assert!(notes(data.path()).contains("finished in the editor"));
    again.keys(&["C-c"]);
    again.wait_for("exit=0");
}

/// Case 15: SIGTERM while the external editor runs: crosscheck tells the editor to stop, saves
/// and leaves at once, removing its copies.
#[cfg(target_os = "linux")]
#[test]
fn case_15_sigterm_during_the_external_editor_leaves_at_once() {
    if Tmux::missing() {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let t = editor_open("editor-term", data.path(), tmp.path());
    let pid = t.program_pid();
    assert!(Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    // Well inside the editor's 600 s: the test's own 20 s limit.
    t.wait_for("exit=0");
    assert!(notes_copies(tmp.path()).is_empty(), "the copies are removed");
    let saved = load_only(data.path());
    assert!(saved.interviews[0].answers.values().any(|a| a.notes == "typed just before the editor"));
}
