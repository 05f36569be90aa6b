//! Nothing lost, nothing broken: hostile files, hostile sizes and input, one writer per
//! session, failed writes. Each guarantee of the robustness issue has its test here (the crash
//! and signal tests, which need a real terminal, are in `tmux.rs` and `crash.rs`).

use crate::common;

use chrono::{Duration, TimeZone, Utc};
use crossterm::event::{Event, KeyCode};
use ratatui::{Terminal, backend::TestBackend};

use common::{Harness, answer_on_disk, t0};
use crosscheck::bank::{BankSource, Catalog, Kind};
use crosscheck::session::{AnswerState, AnswerValue, Session};
use crosscheck::storage::{Listed, StorageError, Store, parse_session};
use crosscheck::ui::{SaveState, Screen, render};

/// A small deterministic generator, so every run tries the same thousands of cases.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const NASTY: [&str; 8] = [
    "日本語のメモ：営業は知らなかった",
    "emoji 👩‍💻👨‍👩‍👧 zwj",
    "combining e\u{301} a\u{308}",
    "עברית מימין לשמאל",
    "مرحبا بالعالم",
    "tab\there",
    "quote \" backslash \\ brace }",
    "",
];

/// A session with random answers of every kind and unfriendly notes.
fn generated_session(catalog: &Catalog, rng: &mut Rng) -> Session {
    let now = Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).unwrap();
    let mut s = Session::new(format!("gen-{}", rng.next() % 10_000), NASTY[rng.below(8)].into(), None, now);
    for _ in 0..rng.below(6) {
        let bank = &catalog.banks[rng.below(catalog.banks.len())];
        let i = s.add_interview(&bank.function, &bank.version, now);
        for q in &bank.questions {
            if rng.below(3) == 0 {
                continue;
            }
            let t = now + Duration::seconds(rng.below(3000) as i64);
            let a = s.interviews[i].answer_mut(&q.id);
            match q.kind {
                Kind::Scale => a.set_value(AnswerValue::Scale { value: rng.below(5) as u8 }, t),
                Kind::Choice => {
                    a.set_value(AnswerValue::Choice { option: q.options[rng.below(q.options.len())].label.clone() }, t)
                }
                Kind::Multi => a.set_value(AnswerValue::Multi { options: vec![q.options[0].label.clone()] }, t),
                Kind::Number => a.set_value(AnswerValue::Number { value: rng.below(100) as f64 / 4.0 }, t),
                Kind::Text => {}
            }
            a.set_notes(NASTY[rng.below(8)].repeat(rng.below(3) + 1), q.kind, t);
            if rng.below(5) == 0 {
                a.toggle_state(AnswerState::Skipped, t);
            }
            if rng.below(7) == 0 {
                a.toggle_follow_up(t);
            }
        }
    }
    s
}

#[test]
fn load_of_save_is_the_same_session() {
    let catalog = Catalog::embedded().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let mut rng = Rng(0x5eed);
    for _ in 0..200 {
        let s = generated_session(&catalog, &mut rng);
        // Ids may repeat among 200 generated sessions, and a save never deletes an interview.
        if store.exists(&s.id) {
            store.delete(&s.id).unwrap();
        }
        store.save(&s).unwrap();
        // A session's folder lists no interviews: they load in the order they started.
        let mut expected = s.clone();
        expected.interviews.sort_by(|a, b| (a.started_at, &a.id).cmp(&(b.started_at, &b.id)));
        assert_eq!(store.load(&s.id, &catalog).unwrap(), expected);
    }
}

#[test]
fn a_session_cut_at_any_byte_is_refused_clearly() {
    let catalog = Catalog::embedded().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let mut rng = Rng(42);
    let s = std::iter::repeat_with(|| generated_session(&catalog, &mut rng)).find(|s| s.interviews.len() >= 2).unwrap();
    // The single session file, as imports and emergency copies still hold it.
    let path = store.location(&s.id).unwrap().single_file;
    let full = crosscheck::storage::encode_session(&s).unwrap();
    // Every byte in CI; locally every 13th, and every one near both ends.
    let stride = if large() { 1 } else { 13 };
    let ends: Vec<usize> = (0..full.len()).filter(|&e| e % stride == 0 || e < 300 || e + 300 > full.len()).collect();
    let mut cuts = 0;
    for &end in &ends {
        let text = String::from_utf8_lossy(&full[..end]);
        match parse_session(&path, &text) {
            Err(e) => {
                let message = e.to_string();
                assert!(message.contains(&path.display().to_string()), "names the file: {message}");
                cuts += 1;
            }
            Ok(_) => panic!("a session cut at byte {end} of {} was accepted", full.len()),
        }
    }
    assert_eq!(cuts, ends.len(), "every cut short of the whole file is refused");
    assert_eq!(parse_session(&path, &String::from_utf8_lossy(&full)).unwrap(), s);
}

/// Random bytes and randomly broken JSON into every loader: an error, never a panic.
#[test]
fn loaders_survive_arbitrary_input() {
    let mut rng = Rng(7);
    let samples = [
        include_str!("../../question-banks/sales.json").to_string(),
        include_str!("../../question-banks/topics.json").to_string(),
        include_str!("../../assets/demo-session.json").to_string(),
    ];
    let catalog = Catalog::embedded().unwrap();
    let transcript = crosscheck::transcript::to_json(&crosscheck::transcript::build(
        &parse_session(std::path::Path::new("demo"), &samples[2]).unwrap(),
        &catalog,
        Utc::now(),
    ));
    let tokens = ["{", "}", "[", "]", ",", ":", "\"", "null", "-1", "1e999", "\"kind\"", "\u{0}", "\\u12", "true"];
    // 3,000 rounds in CI, 600 locally.
    let rounds = if large() { 3000 } else { 600 };
    let mut cases = 0;
    for round in 0..rounds {
        let base = if round % 4 == 3 { &transcript } else { &samples[round % 3] };
        let mut text: Vec<u8> = base.as_bytes().to_vec();
        match round % 3 {
            0 => (0..rng.below(400)).for_each(|_| text.push(rng.next() as u8)),
            1 => {
                for _ in 0..=rng.below(5) {
                    let at = rng.below(text.len());
                    let token = tokens[rng.below(tokens.len())].as_bytes();
                    text.splice(at..(at + rng.below(20)).min(text.len()), token.iter().copied());
                }
            }
            _ => text.truncate(rng.below(text.len())),
        }
        let text = String::from_utf8_lossy(&text).into_owned();
        let _ = parse_session(std::path::Path::new("x.json"), &text);
        let _ = crosscheck::transcript::parse("x.json", &text);
        let files = vec![("topics.json".to_string(), samples[1].clone()), ("sales.json".to_string(), text)];
        let _ = Catalog::from_files(files, BankSource::Embedded);
        cases += 1;
    }
    assert_eq!(cases, rounds);
}

/// Whether every case runs, as CI does (`CROSSCHECK_LARGE_TESTS`); a local run samples them.
fn large() -> bool {
    std::env::var_os("CROSSCHECK_LARGE_TESTS").is_some()
}

/// Every size from 1×1 to 120×40 in CI (`CROSSCHECK_LARGE_TESTS`); locally every width at the
/// heights where layouts change (every one up to 12, then a few up to 40), a fifth of the
/// renders.
fn small_sizes() -> Vec<(u16, u16)> {
    let heights: Vec<u16> =
        if large() { (1..=40).collect() } else { (1..=12).chain([16, 20, 23, 24, 25, 30, 40]).collect() };
    (1..=120).flat_map(|w| heights.iter().map(move |&h| (w, h))).collect()
}

/// One step that brings the interface to its next screen or overlay.
type Step = dyn Fn(&mut Harness);

#[test]
fn every_screen_renders_at_every_size() {
    let mut h = Harness::new();
    let mut states: Vec<Box<Step>> = Vec::new();
    states.push(Box::new(|_| {}));
    states.push(Box::new(|h| {
        h.ch('n').typed("Ünïcödé 日本");
    }));
    states.push(Box::new(|h| {
        h.key(KeyCode::Esc).new_session("Acme", "Kim");
    }));
    states.push(Box::new(|h| {
        h.ch('a');
    }));
    states.push(Box::new(|h| {
        h.key(KeyCode::Esc).add_interview("product", "Priya", "PM").ch('4');
    }));
    states.push(Box::new(|h| {
        h.key(KeyCode::Enter).typed("Notes 👩‍💻 עברית e\u{301}");
    }));
    states.push(Box::new(|h| {
        h.key(KeyCode::Esc).ch('?');
    }));
    states.push(Box::new(|h| {
        h.key(KeyCode::Esc).ch('q').ch('v');
    }));
    let mut renders = 0;
    for step in &states {
        step(&mut h);
        for (width, height) in small_sizes() {
            {
                let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
                terminal
                    .draw(|f| {
                        render(&h.app, f);
                    })
                    .unwrap();
                renders += 1;
            }
        }
        for (width, height) in [(300, 100), (500, 200), (1000, 3), (2, 500)] {
            let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
            terminal
                .draw(|f| {
                    render(&h.app, f);
                })
                .unwrap();
            renders += 1;
        }
    }
    assert_eq!(h.app.screen(), Screen::Divergence);
    assert_eq!(renders, 8 * (small_sizes().len() + 4));
}

#[test]
fn notes_in_every_script_round_trip() {
    let mut h = Harness::new();
    h.new_session("Acme", "").add_interview("sales", "", "");
    let q = h.current_question().to_string();
    // Typed key by key (a typed Tab becomes spaces to the next tab stop, so it is left out).
    let text = NASTY.iter().filter(|n| !n.contains('\t')).copied().collect::<Vec<_>>().join("\n");
    h.key(KeyCode::Enter);
    for c in text.chars() {
        if c == '\n' {
            h.key(KeyCode::Enter);
        } else {
            h.ch(c);
        }
    }
    h.key(KeyCode::Esc);
    assert_eq!(answer_on_disk(&h, &q).unwrap().notes, text);
    h.draw(80, 24);
}

#[test]
fn a_megabyte_paste_is_one_edit_and_one_save() {
    let mut h = Harness::new();
    h.new_session("Acme", "").add_interview("sales", "", "");
    let q = h.current_question().to_string();
    h.key(KeyCode::Enter);
    let line = "A long verbatim answer, pasted from the call transcript — 日本語 👩‍💻.\n";
    let text = line.repeat(1024 * 1024 / line.len() + 1);
    assert!(text.len() >= 1024 * 1024);
    h.app.handle_event(Event::Paste(text.clone()));
    assert_eq!(h.session().interviews[0].answers[&q].notes, text, "one edit holds the whole paste");
    h.key(KeyCode::Esc);
    assert_eq!(answer_on_disk(&h, &q).unwrap().notes, text);
}

#[test]
fn one_writer_per_session() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let s = Session::new("s-1".into(), "Acme".into(), None, t0());
    store.save(&s).unwrap();
    let first = store.lock("s-1").unwrap();
    match store.lock("s-1") {
        Err(StorageError::Locked { holder, .. }) => assert!(holder.contains("process"), "{holder}"),
        other => panic!("a second lock was granted: {other:?}"),
    }
    assert!(matches!(store.delete("s-1"), Err(StorageError::Locked { .. })), "no deleting under a writer");
    drop(first); // as when a crosscheck is killed: the operating system releases its lock
    let again = store.lock("s-1").expect("a released lock does not block");
    drop(again);
}

#[test]
fn a_second_crosscheck_gets_read_only_and_writes_nothing() {
    let mut first = Harness::new();
    first.new_session("Acme", "Kim").add_interview("sales", "Dana", "");
    let id = first.session().id.clone();
    let before = common::files_of(&first.app.store, &id);

    let store = Store::open(first.dir.path()).unwrap();
    let mut second = crosscheck::ui::App::new(Catalog::embedded().unwrap(), store, t0());
    second.open_session(&id).unwrap();
    let screen = {
        let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
        t.draw(|f| {
            render(&second, f);
        })
        .unwrap();
        t.backend().to_string()
    };
    assert!(screen.contains("open in another crosscheck"), "{screen}");
    second.on_key(crossterm::event::KeyEvent::from(KeyCode::Char('y')));
    assert_eq!(second.open.as_ref().unwrap().save, SaveState::ReadOnly);
    second.on_key(crossterm::event::KeyEvent::from(KeyCode::Enter)); // open the interview
    for c in ['3', 's', 'f', 'e'] {
        second.on_key(crossterm::event::KeyEvent::from(KeyCode::Char(c)));
        assert!(second.status_text().unwrap_or("").starts_with("Read-only"), "{c}: {:?}", second.status);
    }
    second.shutdown();
    assert_eq!(common::files_of(&first.app.store, &id), before, "the files are untouched");
}

#[test]
fn a_failed_write_keeps_the_answers_and_retries() {
    let mut h = Harness::new();
    h.new_session("Acme", "").add_interview("sales", "", "");
    let scale = h.goto_kind(Kind::Scale);
    let path = common::interview_file(&h, 0);
    // A folder where the interview's file should be: no write can replace it, not even root's.
    std::fs::remove_file(&path).unwrap();
    std::fs::create_dir(&path).unwrap();
    h.ch('3');
    assert!(matches!(h.open_save(), SaveState::Failed(_)));
    assert!(h.draw(100, 30).backend().to_string().contains("NOT SAVED:"));
    assert_eq!(
        h.session().interviews[0].answers[&scale].value,
        Some(AnswerValue::Scale { value: 3 }),
        "kept in memory"
    );
    h.ch('q');
    assert_eq!(h.app.screen(), Screen::Session);
    h.ch('q');
    assert_eq!(h.app.screen(), Screen::Session, "an unsaved session is not closed");
    std::fs::remove_dir(&path).unwrap();
    h.app.env.now += Duration::seconds(3);
    h.app.tick();
    assert_eq!(h.open_save(), SaveState::Saved);
    assert_eq!(answer_on_disk(&h, &scale).unwrap().value, Some(AnswerValue::Scale { value: 3 }));
}

#[test]
fn quitting_while_unsaved_writes_an_emergency_copy() {
    let mut h = Harness::new();
    h.new_session("Acme", "").add_interview("sales", "", "");
    let path = common::interview_file(&h, 0);
    std::fs::remove_file(&path).unwrap();
    std::fs::create_dir(&path).unwrap();
    h.key(KeyCode::Enter).typed("words that must survive");
    h.app.shutdown();
    let note = h.app.exit.note.clone().expect("the user is told where the copy is");
    let copy = note.lines().find_map(|l| l.strip_prefix("Every answer is in an emergency copy: ")).unwrap();
    let text = std::fs::read_to_string(copy).unwrap();
    assert!(text.contains("words that must survive"));
    std::fs::remove_file(copy).unwrap();
}

#[test]
fn links_and_folders_in_the_data_folder_are_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let outside = dir.path().join("outside.json");
    std::fs::write(&outside, "{}").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&outside, store.dir().join("link.json")).unwrap();
    std::fs::create_dir(store.dir().join("folder.json")).unwrap();
    let list = store.list(&Catalog::embedded().unwrap()).unwrap();
    let problems: Vec<String> = list
        .iter()
        .filter_map(|l| match l {
            Listed::Unreadable { error, .. } => Some(error.to_string()),
            Listed::Session(_) => None,
        })
        .collect();
    assert!(problems.iter().any(|p| p.contains("is a folder")), "{problems:?}");
    #[cfg(unix)]
    assert!(problems.iter().any(|p| p.contains("symbolic link")), "{problems:?}");
}

#[cfg(unix)]
#[test]
fn an_export_onto_a_link_replaces_the_link_not_its_target() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("precious.txt");
    std::fs::write(&target, "do not overwrite").unwrap();
    let link = dir.path().join("export.json");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    crosscheck::storage::write_private_atomic(&link, b"{\"exported\": true}").unwrap();
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "do not overwrite");
    let meta = std::fs::symlink_metadata(&link).unwrap();
    assert!(meta.is_file(), "the link itself was replaced by a plain file");
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);
}
