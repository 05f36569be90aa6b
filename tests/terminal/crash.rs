//! `kill -9` at random moments of an interview typed in a real terminal: the session file is
//! never torn, and every answer the header showed saved and every note typed more than a second
//! before the kill is there after a restart — on screen and in the export. Losses are counted;
//! the count must be 0. (An answer is handed to the writer thread at its key and is on disk a
//! few milliseconds later; some runs kill within those milliseconds, when it may be lost.)

use crate::common;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use chrono::Utc;
use common::tmux::{BIN, Tmux};
use crosscheck::bank::{Catalog, Kind};
use crosscheck::session::{AnswerValue, Session};
use crosscheck::storage::Store;

/// Kills in a local `cargo test`; CI sets `CROSSCHECK_CRASH_RUNS=50` (at least 50 kills under
/// CI), and any count can be asked for.
const DEFAULT_RUNS: usize = 12;

struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

/// What the user has done that must survive a kill.
#[derive(Default)]
struct Committed {
    /// (question id, scale point)
    answers: Vec<(String, u8)>,
    /// (question id, notes)
    notes: Vec<(String, String)>,
}

fn program_pid(t: &Tmux) -> Option<String> {
    let out =
        Command::new("tmux").args(["-L", &t.socket, "list-panes", "-t", "t", "-F", "#{pane_pid}"]).output().ok()?;
    let shell = String::from_utf8_lossy(&out.stdout).trim().to_string();
    let children = std::fs::read_to_string(format!("/proc/{shell}/task/{shell}/children")).ok()?;
    children.split_whitespace().next().map(str::to_string)
}

#[test]
fn kill_9_at_random_points_loses_nothing_committed() {
    if !Tmux::available() || !Path::new("/proc/self").exists() {
        eprintln!("SKIPPED: needs tmux and /proc (CI installs tmux; apt-get install tmux)");
        return;
    }
    let runs = std::env::var("CROSSCHECK_CRASH_RUNS").ok().and_then(|r| r.parse().ok()).unwrap_or(DEFAULT_RUNS);
    // Sessions are read with every bank; the screen counts the questions of the default scope.
    let catalog = Catalog::embedded().unwrap();
    let asked = common::operations_catalog();
    let bank = asked.bank("sales").unwrap();
    // The header's "answered/total", total the bank's question count.
    let of = |n: usize| format!("{n}/{}", bank.questions.len());
    let scales: Vec<usize> =
        bank.questions.iter().enumerate().filter(|(_, q)| q.kind == Kind::Scale).map(|(i, _)| i).collect();
    let seed = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64 | 1;
    eprintln!("crash test seed {seed} (set in the code to replay)");
    let mut rng = Rng(seed);
    let (mut kills, mut lost, mut torn) = (0, 0, 0);
    for run in 0..runs {
        let data = tempfile::tempdir().unwrap();
        let store = Store::open(data.path()).unwrap();
        let mut session = Session::new(format!("crash-{run}"), "Crash Ltd".into(), None, Utc::now());
        session.add_interview("sales", &bank.version, Utc::now());
        store.save(&session).unwrap();
        let t = Tmux::start_with(data.path(), &format!("crash{run}"), &format!("open crash-{run}"));
        t.wait_for("Interviews (1)");
        t.keys(&["Enter"]);
        t.wait_for(&of(0));

        let mut committed = Committed::default();
        let steps = 1 + rng.below(6) as usize;
        let mut at = 0;
        let mut answered = 0;
        for step in 0..steps {
            let target = scales[step % scales.len()];
            for _ in at..target {
                t.keys(&["j"]);
            }
            at = target;
            let id = bank.questions[target].id.clone();
            let point = rng.below(5) as u8;
            t.keys(&[&point.to_string()]);
            answered += 1;
            t.wait_for(&of(answered));
            if rng.below(8) == 0 {
                // Killed before the header can say "saved": this answer may be lost.
                break;
            }
            // On screen in the frame after the write reports back.
            t.wait_for("✓ saved");
            committed.answers.push((id.clone(), point));
            if rng.below(2) == 0 {
                let words = format!("run {run} step {step} notes");
                t.keys(&["e"]);
                t.wait_for("Notes — typing");
                t.type_text(&words);
                t.wait_for(&words);
                match rng.below(3) {
                    // Left the editor: saved at once.
                    0 => {
                        t.keys(&["Escape"]);
                        t.wait_for("Notes · Enter/e to write");
                        t.wait_for("✓ saved");
                        committed.notes.push((id, words));
                    }
                    // Still typing, but the last key is more than a second old: saved.
                    1 => {
                        std::thread::sleep(Duration::from_millis(1300));
                        committed.notes.push((id, words));
                        t.keys(&["Escape"]);
                        t.wait_for("Notes · Enter/e to write");
                    }
                    // Killed within the second: these notes may be lost; that is the contract.
                    _ => break,
                }
            }
        }
        // Kill at once or a little later, mid-whatever.
        std::thread::sleep(Duration::from_millis(rng.below(300)));
        let pid = program_pid(&t).expect("crosscheck runs");
        assert!(Command::new("kill").args(["-9", &pid]).status().unwrap().success());
        kills += 1;
        // No exit path runs under SIGKILL (the terminal stays as it was): wait for the process.
        let start = std::time::Instant::now();
        while Path::new(&format!("/proc/{pid}/status")).exists()
            && !std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default().contains("State:\tZ")
        {
            assert!(start.elapsed() < Duration::from_secs(10), "kill -9 did not end crosscheck");
            std::thread::sleep(Duration::from_millis(20));
        }

        // Every file of the session reads whole (session.json and each interview's file).
        if let Err(e) = store.load(&format!("crash-{run}"), &catalog) {
            eprintln!("run {run}: {e}");
            torn += 1;
            continue;
        }
        // Restart: the screen shows every answer.
        drop(t);
        let t = Tmux::start_with(data.path(), &format!("again{run}"), &format!("open crash-{run}"));
        t.wait_for("Interviews (1)");
        t.keys(&["Enter"]);
        // Every committed answer, and perhaps the last one if its write landed before the kill.
        let shown = t.wait_for(&format!("/{}", bank.questions.len()));
        let count = |n: usize| shown.contains(&format!(" {}", of(n)));
        if !count(committed.answers.len()) && !count(answered) {
            lost += 1;
            eprintln!(
                "run {run}: {} answers committed, {answered} set, the screen shows:\n{shown}",
                committed.answers.len()
            );
        }
        t.keys(&["C-c"]);
        t.wait_for("exit=0");
        let out = Command::new(BIN)
            .args(["export", &format!("crash-{run}")])
            .env("CROSSCHECK_DATA_DIR", data.path())
            .output()
            .unwrap();
        let exported: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let answers = exported["interviews"][0]["answers"].as_array().unwrap();
        let find = |id: &str| answers.iter().find(|a| a["question_id"] == id).unwrap();
        for (id, point) in &committed.answers {
            let value = serde_json::to_value(AnswerValue::Scale { value: *point }).unwrap();
            if find(id)["value"] != value {
                lost += 1;
                eprintln!("run {run}: lost answer {id} = {point}");
            }
        }
        for (id, words) in &committed.notes {
            if find(id)["notes"] != words.as_str() {
                lost += 1;
                eprintln!("run {run}: lost notes {id}: {words:?}");
            }
        }
    }
    eprintln!("kills: {kills}, answers or notes lost: {lost}, torn files: {torn}");
    assert_eq!((kills, lost, torn), (runs, 0, 0));
}
