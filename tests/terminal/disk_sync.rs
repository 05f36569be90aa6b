//! A session open in the interface while its files change on disk (`git pull` in `sessions/`):
//! the next save merges the file in rather than writing the stale copy over it, the screen
//! shows the colleague's answers and says so; a failed write's retry rewrites only what it
//! must.

use crate::common;

use std::path::Path;
use std::process::Command;

use chrono::Duration;
use crossterm::event::KeyCode;

use common::tmux::{BIN, Tmux};
use common::{Harness, interview_file, t0};
use crosscheck::bank::Kind;
use crosscheck::session::{AnswerValue, Session};
use crosscheck::storage::{AnyFile, Stamp, Store, encode_any, read_any};

/// What `git pull` does to an interview file: a new file, holding the colleague's edit of
/// `question`, renamed over it.
fn colleague_edits(path: &Path, question: &str, notes: &str) {
    let AnyFile::Interview(mut theirs) = read_any(path).unwrap() else { panic!("an interview file") };
    let answer = theirs.answer_mut(question);
    let replaced = crosscheck::session::Versioned::legacy_hash(answer);
    answer.set_value(AnswerValue::Scale { value: 4 }, t0() + Duration::seconds(30));
    answer.notes = notes.into();
    answer.edited_by = Some("Ana".into());
    // Stamped as Ana's crosscheck stamps an edit: a run of her laptop's.
    crosscheck::session::on_laptop("ana", || answer.revision.advance(replaced));
    let incoming = path.with_extension("pulled");
    std::fs::write(&incoming, encode_any(&AnyFile::Interview(theirs)).unwrap()).unwrap();
    std::fs::rename(&incoming, path).unwrap();
}

fn last_scale_question(h: &Harness, function: &str) -> String {
    let bank = h.app.env.catalog.bank(function).unwrap();
    bank.questions.iter().rev().find(|q| q.kind == Kind::Scale).unwrap().id.clone()
}

#[test]
fn an_answer_after_a_pull_merges_the_pulled_file_and_the_banner_says_so() {
    let mut h = Harness::new();
    h.new_session("Acme", "Ben").add_interview("sales", "Dana", "Head of Sales");
    h.goto_kind(Kind::Scale);
    h.ch('2');
    let theirs = last_scale_question(&h, "sales");
    colleague_edits(&interview_file(&h, 0), &theirs, "ANA-WHILE-BEN-OPEN");
    h.app.env.now = t0() + Duration::minutes(1);
    h.key(KeyCode::Down).ch('3');
    let on_disk = &h.on_disk().interviews[0];
    assert_eq!(on_disk.answers[&theirs].notes, "ANA-WHILE-BEN-OPEN", "the colleague's edit stays on disk");
    let mine = h.current_question().to_string();
    assert!(on_disk.answers[&mine].value.is_some(), "and so does mine");
    assert_eq!(on_disk.answers[&mine], h.session().interviews[0].answers[&mine]);
    assert_eq!(h.session().interviews[0].answers[&theirs].notes, "ANA-WHILE-BEN-OPEN", "shown here too");
    let notice = h.app.notice.as_ref().map(|(s, _)| s.text.clone()).unwrap_or_default();
    assert_eq!(notice, "Sales #1 changed on disk: merged, no conflict");
    let screen = format!("{:?}", h.draw(100, 30).backend().buffer());
    assert!(screen.contains("Sales #1 changed on disk"), "{screen}");
    // It stays while typing on, for a while, and then the next key clears it.
    h.ch('1');
    assert!(h.app.notice.is_some());
    h.app.env.now = t0() + Duration::minutes(2);
    h.ch('2');
    assert!(h.app.notice.is_none());
}

#[test]
fn notes_being_typed_when_a_pull_changes_their_answer_never_overwrite_the_colleagues_value() {
    let mut h = Harness::new();
    h.new_session("Acme", "Ben").add_interview("sales", "Dana", "Head of Sales");
    let q = h.goto_kind(Kind::Scale);
    h.ch('2').ch('e').typed("BEN TYPING");
    h.app.env.now = t0() + Duration::seconds(2);
    h.app.tick();
    // Ana's later edit of the same answer arrives while Ben's editor is still open.
    colleague_edits(&interview_file(&h, 0), &q, "ANA NOTES");
    h.typed(" MORE");
    h.app.env.now = t0() + Duration::seconds(4);
    h.app.tick();
    h.typed(" AND MORE");
    h.key(KeyCode::Esc);
    h.app.env.now = t0() + Duration::seconds(6);
    h.app.tick();
    let on_disk = &h.on_disk().interviews[0];
    let mut notes: Vec<&str> =
        on_disk.conflicts.iter().filter(|c| c.question == q).map(|c| c.answer.notes.as_str()).collect();
    notes.push(on_disk.answers[&q].notes.as_str());
    assert!(notes.contains(&"ANA NOTES"), "Ana's value is kept: {notes:?}");
    assert!(notes.contains(&"BEN TYPING MORE AND MORE"), "and Ben's: {notes:?}");
    assert_eq!(on_disk.open_conflicts().count(), 1, "to review");
}

#[test]
fn the_retry_after_a_failed_write_rewrites_only_what_failed() {
    let mut h = Harness::new();
    h.new_session("Acme", "Ben").add_interview("sales", "", "");
    h.ch('q');
    h.app.env.now = t0() + Duration::seconds(1);
    h.add_interview("product", "", "");
    h.goto_kind(Kind::Scale);
    h.ch('2');
    let (sales, product) = (interview_file(&h, 0), interview_file(&h, 1));
    // A folder in the way: the next write of the Product interview fails.
    std::fs::remove_file(&product).unwrap();
    std::fs::create_dir(&product).unwrap();
    h.ch('3');
    assert!(h.app.unsaved(), "the write failed");
    // Meanwhile a pull changes the Sales interview.
    colleague_edits(&sales, &last_scale_question(&h, "sales"), "ANA");
    let pulled = Stamp::at(&sales);
    std::fs::remove_dir(&product).unwrap();
    h.app.env.now = t0() + Duration::seconds(6);
    h.app.tick();
    assert!(!h.app.unsaved(), "the retry wrote");
    assert_eq!(Stamp::at(&sales), pulled, "the Sales file, which had nothing to write, is untouched");
    let mine = h.current_question().to_string();
    assert_eq!(h.on_disk().interviews[1].answers[&mine].value, Some(AnswerValue::Scale { value: 3 }));
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git").current_dir(dir).args(args).output().expect("git runs");
    let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "git {args:?}: {said}");
    said
}

/// A data folder whose `sessions/` is a clone of `remote`, set up as the README says.
fn laptop(root: &Path, remote: &Path, name: &str) -> std::path::PathBuf {
    let data = root.join(name);
    std::fs::create_dir_all(&data).unwrap();
    git(&data, &["clone", "-q", remote.to_str().unwrap(), "sessions"]);
    let sessions = data.join("sessions");
    git(&sessions, &["config", "user.name", name]);
    git(&sessions, &["config", "user.email", &format!("{name}@example.com")]);
    git(&sessions, &["config", "merge.crosscheck.name", "crosscheck"]);
    git(&sessions, &["config", "merge.crosscheck.driver", &format!("'{BIN}' merge-driver %O %A %B")]);
    data
}

#[test]
fn git_pull_while_the_session_is_open_then_an_answer_keeps_both_edits() {
    if Tmux::missing() {
        return;
    }
    if Command::new("git").arg("--version").output().is_err() {
        assert!(std::env::var_os("CI").is_none(), "CI installs git: this test must run there");
        eprintln!("SKIPPED: git is not installed");
        return;
    }
    let root = tempfile::tempdir().unwrap();
    let remote = root.path().join("team.git");
    git(root.path(), &["init", "-q", "--bare", remote.to_str().unwrap()]);
    let (ana, ben) = (laptop(root.path(), &remote, "ana"), laptop(root.path(), &remote, "ben"));
    let catalog = common::operations_catalog();
    let mut s = Session::new("globex".into(), "Globex".into(), Some("Ana".into()), t0());
    s.add_interview("sales", "1", t0());
    Store::open(&ana).unwrap().save(&s).unwrap();
    std::fs::write(ana.join("sessions/.gitattributes"), "*.json merge=crosscheck\n").unwrap();
    git(&ana.join("sessions"), &["add", "-A"]);
    git(&ana.join("sessions"), &["commit", "-qm", "start"]);
    git(&ana.join("sessions"), &["push", "-q", "origin", "HEAD:main"]);
    git(&ben.join("sessions"), &["pull", "-q", "origin", "main"]);

    // Ben has the Sales interview open.
    let t = Tmux::start_with(&ben, "ben-open", "open globex");
    t.wait_for("Sales #1");
    t.keys(&["Enter"]);
    let bank = catalog.bank("sales").unwrap();
    t.wait_for(&bank.questions[0].text.chars().take(20).collect::<String>());
    // Ana edits another answer of it and pushes; Ben pulls, the interface still open.
    let question = bank.questions.iter().rev().find(|q| q.kind == Kind::Scale).unwrap().id.clone();
    let file = Store::open(&ana).unwrap().location("globex").unwrap().interview(&s.interviews[0].id).unwrap();
    colleague_edits(&file, &question, "ANA-WHILE-BEN-OPEN");
    git(&ana.join("sessions"), &["commit", "-qam", "ana"]);
    git(&ana.join("sessions"), &["push", "-q", "origin", "HEAD:main"]);
    git(&ben.join("sessions"), &["pull", "-q", "origin", "main"]);
    // Ben types notes on the first question and leaves the editor: it is saved.
    t.keys(&["Enter"]);
    t.type_text("BEN-AFTER-PULL");
    t.keys(&["Escape"]);
    t.wait_for("Sales #1 changed on disk: merged, no conflict");
    t.keys(&["C-c"]);
    t.wait_for("exit=0");
    let on_disk =
        std::fs::read_to_string(ben.join("sessions/globex/interviews").join(format!("{}.json", s.interviews[0].id)))
            .unwrap();
    assert!(on_disk.contains("ANA-WHILE-BEN-OPEN") && on_disk.contains("BEN-AFTER-PULL"), "{on_disk}");
}

/// A session "acme" of one Sales interview, saved in `store`.
fn stored_acme(store: &Store) -> Session {
    let mut s = Session::new("acme".into(), "Acme".into(), None, t0());
    s.add_interview("sales", "1", t0());
    store.save(&s).unwrap();
    s
}

#[test]
fn a_copy_beside_its_folder_is_a_problem_in_the_list_and_on_the_sessions_screen() {
    let mut h = Harness::new();
    let mut s = stored_acme(&h.app.store);
    s.interviews[0].answer_mut("sales.a").notes = "BACKUP-ONLY-WORDS".into();
    let copy = h.app.store.location("acme").unwrap().single_file;
    std::fs::write(&copy, crosscheck::storage::encode_session(&s).unwrap()).unwrap();
    let out = Command::new(BIN).arg("--data-dir").arg(h.dir.path()).arg("list").output().unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("an older copy of acme beside its folder") && said.contains("--into acme"), "{said}");
    h.app.reload_sessions();
    let screen = format!("{:?}", h.draw(100, 30).backend().buffer());
    assert!(screen.contains("⚠ acme.json"), "{screen}");
    h.key(KeyCode::Down).key(KeyCode::Enter);
    let status = h.app.status_text().unwrap_or_default();
    assert!(status.contains("an older copy of acme beside its folder"), "{status}");
}

/// A data folder where no lock can be made (here `locks` is a file, which stops root too; a
/// read-only mount does the same): the session opens read-only, and the screen says why.
#[test]
fn a_data_folder_where_nothing_can_be_written_opens_sessions_read_only_saying_why() {
    let mut h = Harness::new();
    let s = stored_acme(&h.app.store);
    let locks = h.dir.path().join("locks");
    std::fs::remove_dir_all(&locks).unwrap();
    std::fs::write(&locks, "in the way").unwrap();
    h.app.store = Store::open(h.dir.path()).expect("sessions are still read");
    h.app.reload_sessions();
    h.key(KeyCode::Enter);
    let open = h.app.open.as_ref().expect("the session is open");
    assert!(open.read_only());
    let screen = h.draw(100, 30).backend().to_string();
    assert!(screen.contains("Read-only: nothing can be written to this data folder"), "{screen}");
    h.key(KeyCode::Enter).ch('3');
    assert_eq!(h.session(), &s, "nothing changes");
    assert!(h.draw(100, 30).backend().to_string().contains("Read-only: nothing"), "still said");
}

/// The same in a real terminal, on a read-only mount (root only: skipped where it cannot mount).
#[test]
#[cfg(target_os = "linux")]
fn a_read_only_mount_opens_in_the_interface_read_only() {
    if Tmux::missing() {
        return;
    }
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    stored_acme(&Store::open(&data).unwrap());
    /// Unmounts on every way out, a failed assertion included.
    struct Mounted<'a>(&'a Path);
    impl Drop for Mounted<'_> {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg(self.0).status();
        }
    }
    let bind = Command::new("mount").arg("--bind").arg(&data).arg(&data).output();
    if !bind.is_ok_and(|o| o.status.success()) {
        eprintln!("SKIPPED: cannot bind-mount (needs root)");
        return;
    }
    let _mounted = Mounted(&data);
    let remount = Command::new("mount").args(["-o", "remount,bind,ro"]).arg(&data).status();
    if !remount.is_ok_and(|s| s.success()) {
        eprintln!("SKIPPED: cannot remount read-only");
        return;
    }
    let t = Tmux::start_with(&data, "ro", "open acme");
    let screen = t.wait_for("Read-only: nothing can be written to this data folder");
    assert!(screen.contains("Read-only file system"), "{screen}");
    t.keys(&["C-c"]);
    t.wait_for("exit=0");
}

/// SIGHUP (the terminal closed) with the session and every emergency place unwritable: there
/// is no screen to stay open on, so after its tries crosscheck leaves, saying so.
#[test]
fn a_hang_up_with_nowhere_to_write_says_the_answers_could_not_be_kept_and_where_it_tried() {
    let mut h = Harness::new();
    h.new_session("Acme", "").add_interview("sales", "", "");
    h.goto_kind(Kind::Scale);
    let file = interview_file(&h, 0);
    std::fs::remove_file(&file).unwrap();
    std::fs::create_dir(&file).unwrap();
    h.ch('3');
    let nowhere = h.dir.path().join("a-file");
    std::fs::write(&nowhere, "").unwrap();
    h.app.exit.emergency_folders = vec![nowhere.join("tmp")];
    h.app.exit.last_resorts = vec![nowhere.join("shm")];
    h.app.hang_up(2, std::time::Duration::ZERO);
    assert!(h.app.exit.quit && h.app.exit.failed);
    let note = h.app.exit.note.clone().unwrap_or_default();
    assert!(note.contains("could not be kept") && note.contains("a-file/shm"), "the last resort was tried: {note}");
    // Where a last resort takes it, the note says where the answers are.
    let mut h = Harness::new();
    h.new_session("Acme", "").add_interview("sales", "", "");
    let file = interview_file(&h, 0);
    std::fs::remove_file(&file).unwrap();
    std::fs::create_dir(&file).unwrap();
    h.key(KeyCode::Enter).typed("EMERG-NOTE-A").key(KeyCode::Esc);
    let shm = h.dir.path().join("shm");
    std::fs::create_dir(&shm).unwrap();
    h.app.exit.emergency_folders = vec![nowhere.join("tmp")];
    h.app.exit.last_resorts = vec![shm.clone()];
    h.app.hang_up(2, std::time::Duration::ZERO);
    let note = h.app.exit.note.clone().unwrap_or_default();
    assert!(note.contains(&shm.display().to_string()), "{note}");
    let copy = std::fs::read_dir(&shm).unwrap().next().unwrap().unwrap().path();
    assert!(std::fs::read_to_string(copy).unwrap().contains("EMERG-NOTE-A"));
}
