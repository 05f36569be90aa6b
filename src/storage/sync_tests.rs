//! A session open for writing while its files change on disk (a `git pull`): nothing on disk
//! is replaced by a copy that lacks it.

use std::sync::Arc;
use std::time::Duration;

use super::layout::encode_interview;
use super::*;
use crate::session::{AnswerValue, Session};
use chrono::Utc;

fn catalog() -> Catalog {
    Catalog::embedded().unwrap()
}

/// A stored session of two Sales interviews, open as the interface opens it.
fn opened(dir: &Path) -> (Store, Session, SessionLock) {
    let store = Store::open(dir).unwrap();
    let now = Utc::now();
    let mut s = Session::new("acme".into(), "Acme".into(), None, now);
    s.add_interview("sales", "1", now);
    s.add_interview("sales", "1", now);
    store.save(&s).unwrap();
    let (session, seen) = store.load_seen("acme", &catalog()).unwrap();
    let lock = store.lock("acme").unwrap();
    lock.adopt(seen);
    (store, session, lock)
}

/// A colleague's edit of interview `k` as `git pull` brings it: a new file renamed over it.
fn pulled_edit(store: &Store, s: &Session, k: usize, question: &str, notes: &str) {
    let mut theirs = s.interviews[k].clone();
    let answer = theirs.answer_mut(question);
    answer.set_value(AnswerValue::Scale { value: 3 }, Utc::now());
    answer.notes = notes.into();
    answer.edited_by = Some("ana".into());
    let path = store.location(&s.id).unwrap().interview(&theirs.id).unwrap();
    let incoming = path.with_extension("incoming");
    std::fs::write(&incoming, encode_interview(&theirs).unwrap()).unwrap();
    std::fs::rename(&incoming, &path).unwrap();
}

fn ours(s: &mut Session, k: usize, question: &str) {
    let answer = s.interviews[k].answer_mut(question);
    answer.set_value(AnswerValue::Scale { value: 1 }, Utc::now());
    answer.notes = "BEN-AFTER-PULL".into();
    answer.edited_by = Some("ben".into());
}

fn only(id: &str) -> Changed {
    Changed { meta: false, interviews: [id.to_string()].into() }
}

#[test]
fn a_file_changed_on_disk_is_merged_in_before_it_is_replaced() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, mut s, lock) = opened(tmp.path());
    pulled_edit(&store, &s, 0, "sales.a", "ANA-WHILE-BEN-OPEN");
    ours(&mut s, 0, "sales.b");
    let loc = store.location("acme").unwrap();
    let pulled = write_session(&loc, &s, &only(&s.interviews[0].id), &lock).unwrap();
    let text = std::fs::read_to_string(loc.interview(&s.interviews[0].id).unwrap()).unwrap();
    assert!(text.contains("ANA-WHILE-BEN-OPEN") && text.contains("BEN-AFTER-PULL"), "{text}");
    assert_eq!(pulled.len(), 1);
    let PulledFile::Interview(merged) = &pulled[0].file else { panic!("{pulled:?}") };
    assert_eq!(merged.answers["sales.a"].notes, "ANA-WHILE-BEN-OPEN");
    assert!(!pulled[0].added);
    // What was written is what this process saw last: the next write merges nothing.
    s.interviews[0] = merged.clone();
    assert_eq!(write_session(&loc, &s, &only(&s.interviews[0].id), &lock).unwrap(), vec![]);
}

#[test]
fn the_same_answer_edited_on_both_sides_is_a_conflict_not_a_loss() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, mut s, lock) = opened(tmp.path());
    pulled_edit(&store, &s, 0, "sales.a", "ANA");
    std::thread::sleep(Duration::from_millis(5));
    ours(&mut s, 0, "sales.a");
    let loc = store.location("acme").unwrap();
    let pulled = write_session(&loc, &s, &only(&s.interviews[0].id), &lock).unwrap();
    assert_eq!(pulled[0].new_conflicts, 1, "{pulled:?}");
    let back = store.load("acme", &catalog()).unwrap();
    assert_eq!(back.interviews[0].answers["sales.a"].notes, "BEN-AFTER-PULL");
    assert_eq!(back.interviews[0].conflicts[0].answer.notes, "ANA");
}

#[test]
fn an_interview_file_that_appeared_comes_in_and_is_never_overwritten() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, mut s, lock) = opened(tmp.path());
    let mut theirs = s.clone();
    let k = theirs.add_interview("product", "1", Utc::now());
    theirs.interviews[k].interviewee = Some("Priya".into());
    let loc = store.location("acme").unwrap();
    std::fs::write(loc.interview(&theirs.interviews[k].id).unwrap(), encode_interview(&theirs.interviews[k]).unwrap())
        .unwrap();
    ours(&mut s, 1, "sales.a");
    let pulled = write_session(&loc, &s, &only(&s.interviews[1].id), &lock).unwrap();
    assert_eq!(pulled.len(), 1);
    assert!(pulled[0].added);
    assert_eq!(pulled[0].file, PulledFile::Interview(theirs.interviews[k].clone()));
    assert_eq!(store.load("acme", &catalog()).unwrap().interviews.len(), 3);
}

#[test]
fn the_sessions_own_fields_changed_on_disk_are_merged_in() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, s, lock) = opened(tmp.path());
    let loc = store.location("acme").unwrap();
    let mut theirs = meta_of(&s);
    theirs.organisation = "Acme Ltd (renamed by Ana)".into();
    theirs.updated_at = s.updated_at + chrono::Duration::seconds(5);
    std::fs::write(loc.meta(), layout::encode_meta(&theirs).unwrap()).unwrap();
    let meta = Changed { meta: true, ..Changed::default() };
    let pulled = write_session(&loc, &s, &meta, &lock).unwrap();
    assert!(matches!(&pulled[0].file, PulledFile::Meta(m) if m.organisation == "Acme Ltd (renamed by Ana)"));
    assert_eq!(store.load("acme", &catalog()).unwrap().organisation, "Acme Ltd (renamed by Ana)");
}

#[test]
fn a_later_write_of_an_older_snapshot_keeps_what_an_earlier_one_took_in() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, mut s, lock) = opened(tmp.path());
    let loc = store.location("acme").unwrap();
    let id = s.interviews[0].id.clone();
    pulled_edit(&store, &s, 0, "sales.a", "ANA-WHILE-BEN-OPEN");
    let mut w = BackgroundWriter::start();
    ours(&mut s, 0, "sales.b");
    w.submit(loc.clone(), Arc::new(s.clone()), only(&id), lock.clone());
    w.flush(Duration::from_secs(10)).unwrap().result.unwrap();
    // The interface has not taken in what that write merged: its next snapshot lacks it.
    s.interviews[0].answer_mut("sales.c").notes = "more".into();
    w.submit(loc.clone(), Arc::new(s.clone()), only(&id), lock.clone());
    w.flush(Duration::from_secs(10)).unwrap().result.unwrap();
    let text = std::fs::read_to_string(loc.interview(&id).unwrap()).unwrap();
    assert!(text.contains("ANA-WHILE-BEN-OPEN") && text.contains("more"), "{text}");
    assert_eq!(w.take_pulled().len(), 1, "reported once, for the interface to take in");
}

/// A single file at `sessions/ID.json` beside the folder of `s`, holding `s`.
fn beside(store: &Store, s: &Session) -> PathBuf {
    let path = store.location(&s.id).unwrap().single_file;
    std::fs::write(&path, encode_session(s).unwrap()).unwrap();
    path
}

#[test]
fn a_copy_beside_the_folder_holding_more_is_listed_and_never_deleted() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, s, lock) = opened(tmp.path());
    let mut backup = s.clone();
    backup.interviews[0].answer_mut("sales.a").notes = "BACKUP-ONLY-WORDS".into();
    let path = beside(&store, &backup);
    let listed = store.list(&catalog()).unwrap();
    let [Listed::Session(_), Listed::Unreadable { file, error }] = &listed[..] else { panic!("{listed:?}") };
    assert_eq!(*file, path);
    let said = error.to_string();
    assert!(said.contains("an older copy of acme beside its folder") && said.contains("--into acme"), "{said}");
    let loc = store.location("acme").unwrap();
    write_session(&loc, &s, &Changed::all(&s), &lock).unwrap();
    write_session(&loc, &s, &only(&s.interviews[1].id), &lock).unwrap();
    assert!(std::fs::read_to_string(&path).unwrap().contains("BACKUP-ONLY-WORDS"), "kept");
    // Merged in as the message says (`crate::copies` tests that merge), it is removed.
}

#[test]
fn a_copy_beside_the_folder_holding_nothing_more_is_said_and_removed_at_the_next_save() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, s, lock) = opened(tmp.path());
    let path = beside(&store, &s);
    let listed = store.list(&catalog()).unwrap();
    let [Listed::Session(_), Listed::Unreadable { error, .. }] = &listed[..] else { panic!("{listed:?}") };
    assert!(error.to_string().contains("holding nothing the folder lacks"), "{error}");
    let loc = store.location("acme").unwrap();
    write_session(&loc, &s, &only(&s.interviews[1].id), &lock).unwrap();
    assert!(!path.exists());
}

#[test]
fn an_open_single_file_changed_on_disk_is_merged_into_the_folder_it_becomes() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let now = Utc::now();
    let mut s = Session::new("acme".into(), "Acme".into(), None, now);
    s.add_interview("sales", "1", now);
    let path = beside(&store, &s);
    let (mut ours_now, seen) = store.load_seen("acme", &catalog()).unwrap();
    let lock = store.lock("acme").unwrap();
    lock.adopt(seen);
    // The colleague's copy of the single file, pulled.
    let mut theirs = s.clone();
    theirs.interviews[0].answer_mut("sales.a").notes = "ANA".into();
    std::fs::write(&path, encode_session(&theirs).unwrap()).unwrap();
    ours(&mut ours_now, 0, "sales.b");
    let loc = store.location("acme").unwrap();
    let pulled = write_session(&loc, &ours_now, &only(&s.interviews[0].id), &lock).unwrap();
    assert_eq!(pulled.len(), 1);
    assert!(loc.complete() && !path.exists(), "migrated, and the single file's content is in the folder");
    let back = store.load("acme", &catalog()).unwrap();
    assert_eq!(back.interviews[0].answers["sales.a"].notes, "ANA");
    assert_eq!(back.interviews[0].answers["sales.b"].notes, "BEN-AFTER-PULL");
}
