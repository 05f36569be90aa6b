//! Regression tests for the holes an adversarial test found (issue "Nothing lost, nobody in"):
//! each names the case it closes. The built binary with a temporary data folder, or an `App`
//! on one; the terminal cases are in `tests/tmux_holes.rs`.

use crate::common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use crosscheck::bank::Catalog;
use crosscheck::session::{AnswerValue, Session};
use crosscheck::storage::{Listed, encode_session};

use common::cli::{Env, run, stderr, stdout};

fn sample(id: &str, organisation: &str) -> Session {
    let now = chrono::Utc::now();
    let catalog = Catalog::embedded().unwrap();
    let mut s = Session::new(id.into(), organisation.into(), None, now);
    let i = s.add_interview("sales", "1", now);
    let q = catalog.bank("sales").unwrap().questions.iter().find(|q| q.kind == crosscheck::bank::Kind::Scale).unwrap();
    s.interviews[i].answer_mut(&q.id).set_value(AnswerValue::Scale { value: 2 }, now);
    s.interviews[i].answer_mut(&q.id).notes = "said in the interview".into();
    s
}

/// Case 1: a copy of a session under another name is a problem, never written or deleted through.
#[test]
fn case_01_a_file_named_unlike_its_session_is_listed_as_a_problem_and_never_touched() {
    let env = Env::new();
    let original = env.saved(&sample("acme-1", "Acme"));
    let copy = env.store().dir().join("backup-copy.json");
    std::fs::copy(&original, &copy).unwrap();
    let before = std::fs::read(&original).unwrap();

    let catalog = Catalog::embedded().unwrap();
    let list = env.store().list(&catalog).unwrap();
    let sessions = list.iter().filter(|l| matches!(l, Listed::Session(_))).count();
    assert_eq!(sessions, 1, "only the rightly named file is a session");
    let problem = list
        .iter()
        .find_map(|l| match l {
            Listed::Unreadable { file, error } if file == &copy => Some(error.to_string()),
            _ => None,
        })
        .expect("the copy is listed as a problem");
    assert!(
        problem.contains("holds session \"acme-1\"") && problem.contains("Rename the file to acme-1.json"),
        "{problem}"
    );

    // On the sessions screen, D on the copy's row deletes nothing and Enter opens nothing.
    let mut h = common::Harness::new();
    h.app.store = env.store();
    h.app.reload_sessions();
    let row = h.app.sessions.list.iter().position(|l| matches!(l, Listed::Unreadable { .. })).unwrap();
    h.app.sessions.selected = row;
    h.ch('D').ch('y').key(crossterm::event::KeyCode::Enter);
    assert!(h.app.open.is_none());
    assert!(copy.exists() && original.exists());
    assert_eq!(std::fs::read(&original).unwrap(), before);

    let out = run(env.cmd().arg("list"));
    assert!(stderr(&out).contains("backup-copy.json"), "{}", stderr(&out));
}

/// Case 6: hidden temporaries of an interrupted write are cleaned at start-up, unless the
/// session is open elsewhere.
#[test]
fn case_06_stale_write_temporaries_are_removed_unless_the_session_is_open() {
    let env = Env::new();
    env.saved(&sample("acme-1", "Acme"));
    env.saved(&sample("acme-2", "Acme"));
    let dir = env.store().dir().to_path_buf();
    let stale = dir.join(".acme-1.json.Ab12Cd");
    let busy = dir.join(".acme-2.json.Zz99Yy");
    std::fs::write(&stale, "{\"half").unwrap();
    std::fs::write(&busy, "{\"half").unwrap();
    let unrelated = dir.join(".notes-of-mine");
    std::fs::write(&unrelated, "mine").unwrap();
    let store = env.store();
    let _held = store.lock("acme-2").unwrap();
    let removed = store.remove_stale_temporaries();
    assert_eq!(removed, vec![stale.clone()]);
    assert!(!stale.exists() && busy.exists() && unrelated.exists());
}

/// Case 9: an id from a file is checked before any path is built from it.
#[test]
fn case_09_a_hostile_id_in_a_file_builds_no_path() {
    let env = Env::new();
    let store = env.store();
    let hostile = sample("x/../../escaped", "Acme");
    let file = store.dir().join("x.json");
    std::fs::write(&file, encode_session(&hostile).unwrap()).unwrap();
    let catalog = Catalog::embedded().unwrap();
    let err = store.list(&catalog).unwrap().into_iter().find_map(|l| match l {
        Listed::Unreadable { error, .. } => Some(error.to_string()),
        Listed::Session(_) => None,
    });
    let err = err.expect("listed as a problem");
    assert!(err.contains("x.json:") && err.contains("is not valid"), "{err}");
    // Through the binary: export and import refuse it, and nothing lands outside.
    let out = run(env.cmd().args(["import"]).arg(&file));
    assert!(!out.status.success());
    assert!(stderr(&out).contains("is not valid"), "{}", stderr(&out));
    assert!(!env.tmp.path().join("escaped").exists());
}

/// Case 12: values a question cannot take are refused by the loader, with their positions.
#[test]
fn case_12_out_of_range_values_are_refused_with_file_line_and_column() {
    let env = Env::new();
    let path = env.saved(&sample("acme-1", "Acme"));
    let text = std::fs::read_to_string(&path).unwrap();
    let bad = text.replacen("\"value\": 2", "\"value\": 255", 1);
    assert_ne!(bad, text);
    std::fs::write(&path, &bad).unwrap();
    let line = bad.lines().position(|l| l.contains("\"value\": 255")).unwrap() + 1;
    for args in [&["divergence", "acme-1"][..], &["report", "acme-1"], &["export", "acme-1"], &["open", "acme-1"]] {
        let out = run(env.cmd().args(args));
        assert!(!out.status.success(), "{args:?}");
        let err = stderr(&out);
        assert!(err.contains(&format!("acme-1.json:{line}:")), "{args:?}: {err}");
        assert!(err.contains("scale point 255 is outside the scale"), "{err}");
        assert!(!stdout(&out).contains("6375"), "divergence never sees it");
    }
    assert_eq!(std::fs::read_to_string(&path).unwrap(), bad, "the file is left as it was");
}

/// Case 15: invalid UTF-8 with its position, a huge version as newer, a data folder that is a
/// file, and no terminal — each with what to do.
#[test]
fn case_15_messages_say_where_and_what_to_do() {
    let env = Env::new();
    let path = env.saved(&sample("acme-1", "Acme"));
    let mut bytes = std::fs::read(&path).unwrap();
    let at = bytes.windows(5).position(|w| w == b"said ").unwrap();
    bytes[at] = 0xff;
    std::fs::write(&path, &bytes).unwrap();
    let out = run(env.cmd().args(["export", "acme-1"]));
    let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
    assert!(stderr(&out).contains(&format!("acme-1.json:{line}:")), "{}", stderr(&out));
    assert!(stderr(&out).contains("not UTF-8"), "{}", stderr(&out));

    std::fs::write(&path, r#"{"format": "crosscheck-session", "version": 18446744073709551616, "session": {}}"#)
        .unwrap();
    let out = run(env.cmd().args(["export", "acme-1"]));
    assert!(stderr(&out).contains("version 18446744073709551616 is newer"), "{}", stderr(&out));

    let file_as_data = env.tmp.path().join("plain-file");
    std::fs::write(&file_as_data, "").unwrap();
    let out = run(Command::cargo_bin("crosscheck").unwrap().arg("--data-dir").arg(&file_as_data).arg("list"));
    assert!(!out.status.success());
    assert!(stderr(&out).contains("is a file where crosscheck needs a folder"), "{}", stderr(&out));

    // No terminal: the interface says it needs one (stdin and stdout are pipes here).
    env.saved(&sample("acme-3", "Acme"));
    let out = run(env.cmd().arg("open").arg("acme-3").write_stdin(""));
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("needs a terminal") && !err.contains("os error 6"), "{err}");
}

/// Case 3: the emergency copy is a real session file that `import` and `open FILE` bring back.
#[test]
fn case_03_an_emergency_copy_comes_back_with_import() {
    let env = Env::new();
    let session = sample("acme-1", "Acme");
    let copy = env.tmp.path().join("crosscheck-unsaved-acme-1-20261201T101010.json");
    let written =
        crosscheck::storage::emergency::write_copy(&session, &[env.tmp.path().to_path_buf()], chrono::Utc::now())
            .unwrap();
    std::fs::rename(&written, &copy).unwrap();
    let out = run(env.cmd().arg("import").arg(&copy));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out).trim(), "acme-1");
    let catalog = Catalog::embedded().unwrap();
    assert_eq!(env.store().load("acme-1", &catalog).unwrap(), session);
    // The data folder's own (older) file is never replaced, and no second copy of the
    // engagement is made: the message names the merge that brings the copy's work in.
    let mut newer = session.clone();
    newer.organisation = "Acme, later".into();
    std::fs::write(&copy, encode_session(&newer).unwrap()).unwrap();
    let out = run(env.cmd().arg("import").arg(&copy));
    assert!(!out.status.success() && stderr(&out).contains("--into acme-1"), "{}", stderr(&out));
    assert_eq!(env.store().load("acme-1", &catalog).unwrap().organisation, "Acme");
    assert!(!env.store().exists("acme-1-2"));
}

/// Case 10: `-o` onto anything but a regular file (or a link to one) is refused.
#[test]
#[cfg(unix)]
fn case_10_output_onto_a_device_or_fifo_is_refused_and_nothing_is_replaced() {
    let env = Env::new();
    env.saved(&sample("acme-1", "Acme"));
    let fifo = env.tmp.path().join("pipe");
    let ok = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(ok.success());
    for target in [Path::new("/dev/null"), fifo.as_path(), env.tmp.path()] {
        for command in ["export", "report"] {
            let out = run(env.cmd().args([command, "acme-1", "-o"]).arg(target));
            assert!(!out.status.success(), "{command} -o {}", target.display());
            let err = stderr(&out);
            assert!(err.contains("not a regular file") && err.contains("leave out -o"), "{err}");
        }
    }
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::metadata("/dev/null").unwrap().file_type().is_char_device());
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
    // A link to a regular file writes through the link, which stays a link.
    let real = env.tmp.path().join("real.json");
    std::fs::write(&real, "old").unwrap();
    let link = env.tmp.path().join("link.json");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let out = run(env.cmd().args(["export", "acme-1", "-o"]).arg(&link));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert!(std::fs::read_to_string(&real).unwrap().contains("crosscheck-transcript"));
}

/// Case 8: every command prints a hostile session's text with its controls shown, never sent.
#[test]
fn case_08_no_command_sends_a_control_character_to_the_terminal() {
    let env = Env::new();
    let hostile = "Acme\u{1b}]2;pwned\u{7}\u{1b}[2J\u{1b}c\u{1b}P+q\u{1b}\\\u{9b}31m";
    let mut s = sample("acme-1", hostile);
    for a in s.interviews[0].answers.values_mut() {
        a.notes = format!("note {hostile}\nsecond line");
    }
    // A claim and its check carry the same text into `claims` and the report.
    let now = chrono::Utc::now();
    let pm = s.add_interview("product", "1", now);
    s.interviews[pm].put_claim(crosscheck::session::Claim {
        id: "c1".into(),
        topic: "launch.sales-briefing".into(),
        text: format!("claim {hostile}"),
        concerns: vec!["sales".into()],
        notes: format!("claim notes {hostile}"),
        quote: true,
        made_at: now,
        made_by: Some(hostile.into()),
        edited_at: now,
        withdrawn_at: None,
        revision: Default::default(),
    });
    let verdict = crosscheck::session::Verdict::NotReceived;
    let check = crosscheck::session::Check {
        claim: "c1".into(),
        verdict,
        notes: hostile.into(),
        at: now,
        by: None,
        revision: Default::default(),
    };
    s.interviews[0].record_check(check);
    env.saved(&s);
    let report = env.tmp.path().join("report.md");
    let runs: Vec<Vec<String>> = vec![
        vec!["list".into()],
        vec!["divergence".into(), "acme-1".into()],
        vec!["divergence".into(), "acme-1".into(), "--json".into()],
        vec!["claims".into(), "acme-1".into()],
        vec!["claims".into(), "acme-1".into(), "--json".into()],
        vec!["report".into(), "acme-1".into()],
        vec!["export".into(), "acme-1".into()],
        vec!["report".into(), "acme-1".into(), "-o".into(), report.display().to_string()],
    ];
    for args in runs {
        let out = run(env.cmd().args(&args));
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        for (name, text) in [("stdout", stdout(&out)), ("stderr", stderr(&out))] {
            let raw = text.chars().find(|c| c.is_control() && *c != '\n' && *c != '\t');
            assert!(raw.is_none(), "{args:?} {name} holds a raw {raw:?}");
        }
    }
    let claims = stdout(&run(env.cmd().args(["claims", "acme-1"])));
    assert!(claims.contains("“claim Acme\\u{1b}]2;pwned"), "the claim is listed, visibly:\n{claims}");
    let md = std::fs::read_to_string(&report).unwrap();
    assert!(md.contains("claim Acme\\u{1b}\\]2;pwned"), "the report's claims are kept, visibly:\n{md}");
    assert!(!md.chars().any(|c| c.is_control() && c != '\n' && c != '\t'), "the Markdown file has no raw controls");
    assert!(md.contains("pwned") && md.contains("u{1b}"), "the text is kept, visibly:\n{md}");
    // An error quoting the file's content is shown safely too.
    let file = env.store().dir().join("acme-2.json");
    std::fs::write(&file, "{\"format\": \"\u{1b}]2;x\u{7}\"}").unwrap();
    let out = run(env.cmd().args(["export", "acme-2"]));
    assert!(!stderr(&out).chars().any(|c| c.is_control() && c != '\n'), "{:?}", stderr(&out));
}

/// Case 13: a large config file is checked in one pass, every problem still at its place, and
/// one over the cap is refused with a clear message (the time is measured in benches/config.rs).
#[test]
fn case_13_a_large_config_is_located_right_and_an_oversized_one_refused() {
    let env = Env::new();
    let config = env.tmp.path().join("config.json");
    let mut text = String::from("{\n \"theme\": \"dark\",\n \"keys\": {\n");
    let n = 8000;
    for i in 0..n {
        text.push_str(&format!("  \"interview.action-{i}\": [\"x\"]{}\n", if i + 1 < n { "," } else { "" }));
    }
    text.push_str(" },\n \"keys\": {}\n}\n");
    std::fs::write(&config, &text).unwrap();
    let out = run(env.cmd().env("CROSSCHECK_CONFIG", &config).args(["config", "check"]));
    assert!(!out.status.success());
    let err = stderr(&out);
    let last = format!("{}:{}:3: unknown action \"interview.action-{}\"", config.display(), n + 3, n - 1);
    assert!(err.contains(&last), "{}", err.lines().rev().take(3).collect::<Vec<_>>().join("\n"));
    let twice = format!("{}:{}:2: \"keys\" is given twice", config.display(), n + 5);
    assert!(err.contains(&twice), "the second \"keys\" is the one pointed at");

    let huge = "x".repeat(crosscheck::config::MAX_CONFIG_BYTES as usize + 1);
    std::fs::write(&config, huge).unwrap();
    let out = run(env.cmd().env("CROSSCHECK_CONFIG", &config).args(["config", "check"]));
    assert!(!out.status.success());
    assert!(stderr(&out).contains("crosscheck reads at most 1024 KB"), "{}", stderr(&out));
}

/// A harness with an interview of `function` open, at its first scale question.
fn interviewing(function: &str) -> (common::Harness, String) {
    let mut h = common::Harness::new();
    h.new_session("Acme", "").add_interview(function, "", "");
    let q = h.goto_kind(crosscheck::bank::Kind::Scale);
    (h, q)
}

/// Makes every write of the open interview fail (a folder where its file should be: not even
/// root can replace it).
fn block_writes(h: &common::Harness) -> PathBuf {
    let path = common::interview_file(h, 0);
    std::fs::remove_file(&path).unwrap();
    std::fs::create_dir(&path).unwrap();
    path
}

/// Case 2: with the session file and every emergency folder unwritable, quitting does not
/// quit: the answers stay on screen and the message says so; once a folder takes the copy,
/// crosscheck quits, exits with a failure and names the import command.
#[test]
fn case_02_nothing_writable_keeps_crosscheck_open_with_every_answer() {
    let (mut h, q) = interviewing("sales");
    let blocked = block_writes(&h);
    let nowhere = h.dir.path().join("a-file");
    std::fs::write(&nowhere, "").unwrap();
    h.app.exit.emergency_folders = vec![nowhere.join("tmp"), nowhere.join("parent"), nowhere.join("home")];
    h.ch('3');
    h.app.shutdown();
    assert!(!h.app.exit.quit, "nothing was written anywhere: crosscheck stays open");
    assert!(!h.app.exit.failed);
    let screen = h.draw(80, 24).backend().to_string();
    assert!(screen.contains("NOT SAVED"), "{screen}");
    let message = h.app.status_text().map(str::to_string).unwrap();
    assert!(message.contains("stays open so no answer is lost") && message.contains("a-file/home"), "{message}");
    assert_eq!(h.session().interviews[0].answers[&q].value, Some(AnswerValue::Scale { value: 3 }));

    let free = h.dir.path().join("free");
    std::fs::create_dir(&free).unwrap();
    h.app.exit.emergency_folders.push(free.clone());
    h.app.shutdown();
    assert!(h.app.exit.quit && h.app.exit.failed, "the session file itself was not written: a failure");
    let note = h.app.exit.note.clone().unwrap();
    assert!(note.contains("crosscheck --data-dir") && note.contains(" merge ") && note.contains("--into"), "{note}");
    let copy = std::fs::read_dir(&free).unwrap().next().unwrap().unwrap().path();
    assert!(note.contains(&copy.display().to_string()), "{note}");
    // The copy is a session file the data folder takes back.
    std::fs::remove_dir(&blocked).unwrap();
    let id = h.session().id.clone();
    h.app.open = None; // the process has ended: its lock goes with it
    let store = h.app.store.clone();
    // A child process another test forks in this moment may still share the lock's file for a
    // few microseconds (until it execs): give it that long.
    let start = std::time::Instant::now();
    let others = [crosscheck::copies::read_foreign(&copy, &h.app.env.catalog).unwrap()];
    loop {
        match crosscheck::copies::merge_into(&store, &id, &others, &h.app.env.catalog, false) {
            Err(crosscheck::copies::MergeInError::Storage(crosscheck::storage::StorageError::Locked { .. }))
                if start.elapsed().as_secs() < 2 =>
            {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            other => {
                other.unwrap();
                break;
            }
        }
    }
    let back = store.load(&id, &h.app.env.catalog).unwrap();
    assert_eq!(back.interviews[0].answers[&q].value, Some(AnswerValue::Scale { value: 3 }));
}

/// Case 7: the lock file deleted (or replaced) while the session is open stops every write,
/// with the reason on screen; the session file stays as it was.
#[test]
fn case_07_a_deleted_lock_file_stops_writing_and_says_why() {
    let (mut h, _) = interviewing("sales");
    h.ch('2');
    let before = common::files_of(&h.app.store, &h.session().id);
    let lock = h.app.open.as_ref().unwrap().lock.as_ref().unwrap().path().to_path_buf();
    std::fs::remove_file(&lock).unwrap();
    // A second crosscheck can now take a lock of its own: this one must not write any more.
    let second = h.app.store.lock(&h.session().id).expect("the path is free again");
    h.ch('j').ch('4');
    assert!(matches!(h.open_save(), crosscheck::ui::SaveState::Failed(e) if e.contains("deleted or replaced")));
    assert_eq!(common::files_of(&h.app.store, &h.session().id), before, "nothing written through the lost lock");
    assert!(h.draw(80, 24).backend().to_string().contains("deleted or"));
    drop(second);
}

/// Case 11: a bank with no questions is refused when banks load; an interview of such a bank
/// (banks changed after it was taken) opens nothing that could index the empty bank.
#[test]
fn case_11_a_bank_with_no_questions_is_refused_and_never_indexed() {
    let env = Env::new();
    let banks = env.tmp.path().join("banks");
    let out = run(env.cmd().args(["banks", "init"]).arg(&banks));
    if !out.status.success() {
        // No `banks init` yet: copy the shipped banks.
        std::fs::create_dir_all(&banks).unwrap();
        for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/question-banks")).unwrap() {
            let entry = entry.unwrap();
            if entry.path().extension().is_some_and(|x| x == "json") {
                std::fs::copy(entry.path(), banks.join(entry.file_name())).unwrap();
            }
        }
    }
    let sales = banks.join("sales.json");
    let mut bank: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&sales).unwrap()).unwrap();
    bank["questions"] = serde_json::json!([]);
    std::fs::write(&sales, serde_json::to_string_pretty(&bank).unwrap()).unwrap();
    let out = run(env.cmd().args(["banks", "validate"]).arg(&banks));
    assert!(!out.status.success());
    let line = std::fs::read_to_string(&sales).unwrap().lines().position(|l| l.contains("\"questions\"")).unwrap() + 1;
    assert!(stderr(&out).contains(&format!("sales.json:{line}:")), "{}", stderr(&out));
    assert!(stderr(&out).contains("at least one question"), "{}", stderr(&out));

    // In the interface, with a catalog whose sales bank is empty all the same.
    let mut h = common::Harness::new();
    h.new_session("Acme", "").add_interview("sales", "", "");
    h.ch('q');
    let sales = h.app.env.catalog.banks.iter_mut().find(|b| b.function == "sales").unwrap();
    sales.questions.clear();
    sales.section_starts.clear();
    h.key(crossterm::event::KeyCode::Enter);
    assert_eq!(h.app.screen(), crosscheck::ui::Screen::Session);
    assert!(h.app.status_text().unwrap_or("").contains("has no questions"), "{:?}", h.app.status);
    // Even put on the interview screen by force, no key and no frame indexes the empty bank.
    let state = crosscheck::ui::InterviewState::new(0, 0, h.app.env.now);
    h.app.open.as_mut().unwrap().route = crosscheck::ui::Route::Interview(Box::new(state));
    h.draw(80, 24);
    for c in ['3', 'j', 'k', 's', 'f', 'n', 'Q'] {
        h.ch(c);
        h.draw(80, 24);
    }
    assert_eq!(h.session().interviews.len(), 1, "the interview is still there");
}

/// Case 14: a failure message is wrapped whole, cause first, and the way out stays visible.
#[test]
fn case_14_a_long_failure_message_is_wrapped_and_the_keys_stay_visible() {
    let (mut h, _) = interviewing("sales");
    block_writes(&h);
    h.ch('3');
    let screen = h.draw(80, 24).backend().to_string();
    let id = h.session().interviews[0].id.clone();
    let joined: String = screen.lines().map(|l| l.trim_matches('"').trim_end()).collect::<Vec<_>>().join("");
    assert!(joined.contains(&format!("{id}.json")), "the cause's path is shown whole:\n{screen}");
    assert!(joined.contains("Is a directory") || joined.contains("directory"), "{screen}");
    let footer = screen.lines().nth(23).unwrap();
    assert!(footer.contains("q back"), "{footer}");
}

/// Case 15: `Q` in a read-only session changes nothing, on screen or on disk.
#[test]
fn case_15_quote_marker_is_refused_when_read_only() {
    let (first, _) = interviewing("sales");
    let id = first.session().id.clone();
    let mut second = common::Harness::new();
    second.app.store = first.app.store.clone();
    second.app.reload_sessions();
    second.app.open_session(&id).unwrap();
    second.ch('y').key(crossterm::event::KeyCode::Enter);
    let before = common::files_of(&first.app.store, &id);
    second.ch('Q');
    assert!(second.app.status_text().unwrap_or("").starts_with("Read-only"));
    let quoted = second.session().interviews[0].answers.values().any(|a| a.flags.quote);
    assert!(!quoted, "the screen does not show a quote marker that was never saved");
    assert_eq!(common::files_of(&first.app.store, &id), before);
}
