//! The store in both layouts: round trips, what a save writes, migration from a single file,
//! hostile names and contents, permissions.

use super::*;
use crate::session::{AnswerValue, Session};
use chrono::Utc;
use std::path::PathBuf;

fn sample() -> Session {
    let now = Utc::now();
    let mut s = Session::new("20261124-acme-0001".into(), "Acme".into(), Some("Kim".into()), now);
    let i = s.add_interview("sales", "1.0.0", now);
    s.interviews[i].answer_mut("sales.q").set_value(AnswerValue::Scale { value: 2 }, now);
    s.interviews[i].answer_mut("sales.q").notes = "Heard late — ¡sí! 日本語".into();
    s
}

#[test]
fn round_trip_and_private_files() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(&tmp.path().join("data")).unwrap();
    let s = sample();
    store.save(&s).unwrap();
    assert_eq!(store.load(&s.id, &crate::bank::Catalog::embedded().unwrap()).unwrap(), s);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let loc = store.location(&s.id).unwrap();
        assert_eq!(mode(&loc.meta()), 0o600);
        assert_eq!(mode(&loc.interview(&s.interviews[0].id).unwrap()), 0o600);
        assert_eq!(mode(&loc.folder), 0o700);
        assert_eq!(mode(&loc.interviews()), 0o700);
        assert_eq!(mode(store.dir()), 0o700);
        assert_eq!(mode(&tmp.path().join("data")), 0o700);
    }
}

#[test]
fn save_replaces_and_leaves_no_temporary_files() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let mut s = sample();
    store.save(&s).unwrap();
    s.organisation = "Acme Ltd".into();
    store.save(&s).unwrap();
    assert_eq!(store.load(&s.id, &crate::bank::Catalog::embedded().unwrap()).unwrap().organisation, "Acme Ltd");
    let names: Vec<_> = std::fs::read_dir(store.dir()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 1, "{names:?}");
    let loc = store.location(&s.id).unwrap();
    assert_eq!(std::fs::read_dir(&loc.folder).unwrap().count(), 2, "session.json and interviews/");
    assert_eq!(std::fs::read_dir(loc.interviews()).unwrap().count(), 1);
}

#[test]
#[cfg(unix)]
fn failed_write_leaves_the_previous_file_intact() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let mut s = sample();
    store.save(&s).unwrap();
    let folder = store.location(&s.id).unwrap().folder;
    let before = std::fs::read(store.location(&s.id).unwrap().meta()).unwrap();
    // A read-only folder makes the temporary file impossible to create.
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o500)).unwrap();
    s.organisation = "Changed".into();
    let result = store.save(&s);
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o700)).unwrap();
    if nix_is_root() {
        return; // root writes through permissions; the check means nothing there
    }
    assert!(result.is_err());
    assert_eq!(std::fs::read(store.location(&s.id).unwrap().meta()).unwrap(), before);
}

#[test]
fn a_write_that_fails_midway_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("s.json");
    write_private_atomic(&path, b"{\"old\": true}").unwrap();
    let result = write_private_atomic_with(&path, |f| {
        f.write_all(b"{\"new\": ")?;
        Err(std::io::Error::other("disk full"))
    });
    assert!(result.unwrap_err().to_string().contains("disk full"));
    assert_eq!(std::fs::read(&path).unwrap(), b"{\"old\": true}");
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1, "no temporary file left");
}

#[cfg(unix)]
fn nix_is_root() -> bool {
    std::fs::metadata("/proc/self").map(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0).unwrap_or(false)
}

#[test]
fn bad_files_are_named_with_position() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    std::fs::write(store.dir().join("broken.json"), "{\n \"format\": \"crosscheck-session\",\n").unwrap();
    std::fs::write(store.dir().join("future.json"), r#"{"format": "crosscheck-session", "version": 9, "session": {}}"#)
        .unwrap();
    let err = store.load("broken", &crate::bank::Catalog::embedded().unwrap()).unwrap_err().to_string();
    assert!(err.contains("broken.json:3:"), "{err}");
    let err = store.load("future", &crate::bank::Catalog::embedded().unwrap()).unwrap_err().to_string();
    assert!(err.contains("version 9 is newer"), "{err}");
    assert!(matches!(
        store.load("../etc", &crate::bank::Catalog::embedded().unwrap()),
        Err(StorageError::BadId { .. })
    ));
    assert!(matches!(
        store.load("nope", &crate::bank::Catalog::embedded().unwrap()),
        Err(StorageError::NotFound { .. })
    ));
    assert_eq!(store.list(&crate::bank::Catalog::embedded().unwrap()).unwrap().len(), 2);
}

// The folder layout.

fn catalog() -> Catalog {
    Catalog::embedded().unwrap()
}

/// Every file under `dir` with its bytes and modification time.
fn files_under(dir: &Path) -> Vec<(PathBuf, Vec<u8>, std::time::SystemTime)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
            out.push((path.clone(), std::fs::read(&path).unwrap(), modified));
        }
    }
    out.sort();
    out
}

fn one(id: &str) -> Changed {
    Changed { meta: false, interviews: [id.to_string()].into() }
}

#[test]
fn an_answer_save_writes_its_interview_file_and_nothing_else() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let mut s = crate::testing::session(&catalog(), 5, 7);
    store.save(&s).unwrap();
    let loc = store.location(&s.id).unwrap();
    let before = files_under(&loc.folder);
    assert_eq!(before.len(), 6, "session.json and five interviews");
    let lock = store.lock(&s.id).unwrap();
    let edited = s.interviews[2].id.clone();
    let question = s.interviews[2].answers.keys().next().unwrap().clone();
    s.interviews[2].answer_mut(&question).notes = "changed".into();
    write_session(&loc, &s, &one(&edited), &lock).unwrap();
    let after = files_under(&loc.folder);
    assert_eq!(after.len(), before.len(), "no temporary file is left");
    for (old, new) in before.iter().zip(&after) {
        assert_eq!(old.0, new.0);
        if old.0 == loc.interview(&edited).unwrap() {
            assert_ne!(old.1, new.1, "the edited interview is written");
        } else {
            assert_eq!((&old.1, old.2), (&new.1, new.2), "{} is untouched", old.0.display());
        }
    }
    assert_eq!(store.load(&s.id, &catalog()).unwrap(), s);
}

#[test]
fn adding_an_interview_writes_its_file_only_and_interviews_load_in_order() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let mut s = sample();
    store.save(&s).unwrap();
    let loc = store.location(&s.id).unwrap();
    let meta = std::fs::read(loc.meta()).unwrap();
    // Started earlier than the first: loaded before it, whatever the order in memory.
    let earlier = s.interviews[0].started_at - chrono::Duration::minutes(5);
    let i = s.add_interview("product", "1", earlier);
    let lock = store.lock(&s.id).unwrap();
    write_session(&loc, &s, &one(&s.interviews[i].id), &lock).unwrap();
    assert_eq!(std::fs::read(loc.meta()).unwrap(), meta, "session.json is not written");
    let back = store.load(&s.id, &catalog()).unwrap();
    assert_eq!(back.interviews[0], s.interviews[1]);
    assert_eq!(back.interviews[1], s.interviews[0]);
}

/// `s` as older versions stored it: one file.
fn write_single(store: &Store, s: &Session) -> Location {
    let loc = store.location(&s.id).unwrap();
    write_private_atomic(&loc.single_file, &encode_session(s).unwrap()).unwrap();
    loc
}

#[test]
fn a_single_file_loads_as_it_is_and_becomes_a_folder_on_its_first_write() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let mut s = crate::testing::session(&catalog(), 3, 1);
    let loc = write_single(&store, &s);
    assert_eq!(store.load(&s.id, &catalog()).unwrap(), s);
    assert!(store.exists(&s.id) && !loc.folder.exists());
    let lock = store.lock(&s.id).unwrap();
    s.interviews[1].interviewee = Some("Changed".into());
    write_session(&loc, &s, &one(&s.interviews[1].id), &lock).unwrap();
    assert!(!loc.single_file.exists(), "the single file is removed once the folder is whole");
    assert_eq!(std::fs::read_dir(loc.interviews()).unwrap().count(), 3, "every interview migrated");
    assert_eq!(store.load(&s.id, &catalog()).unwrap(), s);
    assert_eq!(store.list(&catalog()).unwrap().len(), 1);
}

#[test]
fn a_whole_folder_wins_over_a_single_file_left_beside_it() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let mut s = sample();
    write_single(&store, &s);
    s.organisation = "Migrated".into();
    store.save(&s).unwrap();
    let loc = write_single(&store, &Session { organisation: "Old".into(), ..s.clone() });
    assert_eq!(store.load(&s.id, &catalog()).unwrap().organisation, "Migrated");
    let listed = store.list(&catalog()).unwrap();
    assert!(matches!(&listed[0], Listed::Session(x) if x.organisation == "Migrated"), "{listed:?}");
    let lock = store.lock(&s.id).unwrap();
    write_session(&loc, &s, &one(&s.interviews[0].id), &lock).unwrap();
    assert_eq!(store.load(&s.id, &catalog()).unwrap().organisation, "Migrated");
}

#[test]
fn a_migration_cut_before_session_json_reads_the_single_file_and_is_finished_next_time() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let mut s = crate::testing::session(&catalog(), 3, 2);
    let loc = write_single(&store, &s);
    // As a crash would leave it: some interview files, no session.json.
    create_private_dir(&loc.interviews()).unwrap();
    let first = &s.interviews[0];
    write_private_atomic(&loc.interview(&first.id).unwrap(), &layout::encode_interview(first).unwrap()).unwrap();
    assert_eq!(store.load(&s.id, &catalog()).unwrap(), s);
    assert_eq!(store.list(&catalog()).unwrap().len(), 1);
    let lock = store.lock(&s.id).unwrap();
    s.interviews[2].role = Some("Changed".into());
    write_session(&loc, &s, &one(&s.interviews[2].id), &lock).unwrap();
    assert!(loc.complete() && !loc.single_file.exists());
    assert_eq!(store.load(&s.id, &catalog()).unwrap(), s);
}

#[test]
fn a_misnamed_interview_file_is_a_problem_and_never_written_through() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let s = sample();
    store.save(&s).unwrap();
    let loc = store.location(&s.id).unwrap();
    let copy = loc.interviews().join("backup-of-it.json");
    std::fs::copy(loc.interview(&s.interviews[0].id).unwrap(), &copy).unwrap();
    let err = store.load(&s.id, &catalog()).unwrap_err();
    assert!(matches!(&err, StorageError::Misfiled { path, .. } if *path == copy), "{err}");
    assert!(err.to_string().contains(&format!("rename the file to {}.json", s.interviews[0].id)), "{err}");
    let listed = store.list(&catalog()).unwrap();
    assert!(matches!(&listed[..], [Listed::Unreadable { file, .. }] if *file == copy), "{listed:?}");
    let before = std::fs::read(&copy).unwrap();
    let lock = store.lock(&s.id).unwrap();
    write_session(&loc, &s, &Changed::all(&s), &lock).unwrap();
    assert_eq!(std::fs::read(&copy).unwrap(), before, "the copy is never written");
}

#[test]
fn hostile_interview_ids_build_no_path() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(&tmp.path().join("data")).unwrap();
    let mut s = sample();
    s.interviews[0].id = "../../escaped".into();
    // In a single file: refused on load, with its position.
    let loc = write_single(&store, &s);
    let err = store.load(&s.id, &catalog()).unwrap_err().to_string();
    assert!(err.contains(".json:") && err.contains("interview id \"../../escaped\" is not valid"), "{err}");
    // Never written: the id names no file.
    assert!(matches!(store.save(&s), Err(StorageError::BadId { .. })));
    std::fs::remove_file(&loc.single_file).unwrap();
    // In an interview file's content.
    s.interviews[0].id = "sales-1".into();
    store.save(&s).unwrap();
    let file = loc.interview("sales-1").unwrap();
    let text = std::fs::read_to_string(&file).unwrap().replace("\"sales-1\"", "\"../x\"");
    std::fs::write(&file, text).unwrap();
    let err = store.load(&s.id, &catalog()).unwrap_err().to_string();
    assert!(err.contains("sales-1.json:") && err.contains("\"../x\" is not valid"), "{err}");
    // Two interviews under one id would share a file.
    let mut twice = sample();
    let dup = twice.interviews[0].clone();
    twice.interviews.push(dup);
    write_single(&store, &Session { id: "dup".into(), ..twice });
    let err = store.load("dup", &catalog()).unwrap_err().to_string();
    assert!(err.contains("a second interview"), "{err}");
    let names: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, ["data"], "nothing written outside the data folder");
}

#[test]
fn an_unreadable_interview_file_makes_its_session_a_problem_naming_it() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let s = sample();
    store.save(&s).unwrap();
    let file = store.location(&s.id).unwrap().interview(&s.interviews[0].id).unwrap();
    std::fs::write(&file, "{\n \"format\": \"crosscheck-interview\",\n").unwrap();
    let listed = store.list(&catalog()).unwrap();
    let [Listed::Unreadable { file: named, error }] = &listed[..] else { panic!("{listed:?}") };
    assert_eq!(named, &file);
    assert!(error.to_string().starts_with(&format!("{}:3:", file.display())), "{error}");
}

#[test]
#[cfg(unix)]
fn a_session_folder_that_is_a_link_is_never_followed() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(&tmp.path().join("data")).unwrap();
    let s = sample();
    let outside = tmp.path().join("outside");
    std::fs::create_dir(&outside).unwrap();
    std::os::unix::fs::symlink(&outside, store.dir().join(&s.id)).unwrap();
    assert!(matches!(store.save(&s), Err(StorageError::NotAFile { .. })));
    assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 0);
    assert!(matches!(store.load(&s.id, &catalog()), Err(StorageError::NotAFile { .. })));
}

#[test]
fn temporaries_rename_and_delete_work_in_the_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let s = sample();
    store.save(&s).unwrap();
    let loc = store.location(&s.id).unwrap();
    let leftovers = [loc.folder.join(".session.json.a1b2c3"), loc.interviews().join(".sales-1.json.zz9zz9")];
    for file in &leftovers {
        std::fs::write(file, "half").unwrap();
    }
    let mut removed = store.remove_stale_temporaries();
    removed.sort();
    assert_eq!(removed, leftovers);
    let interview = std::fs::read(loc.interview(&s.interviews[0].id).unwrap()).unwrap();
    store.rename(&s.id, "Renamed", &catalog()).unwrap();
    assert_eq!(store.load(&s.id, &catalog()).unwrap().organisation, "Renamed");
    assert_eq!(std::fs::read(loc.interview(&s.interviews[0].id).unwrap()).unwrap(), interview);
    store.delete(&s.id).unwrap();
    assert!(!store.exists(&s.id) && !loc.folder.exists());
}

#[test]
fn session_json_holds_every_field_of_the_session_but_its_interviews() {
    let mut s = sample();
    s.interviewer = Some("Kim".into());
    let whole: serde_json::Value = serde_json::to_value(&s).unwrap();
    let meta: serde_json::Value = serde_json::from_slice(&layout::encode_meta(&s).unwrap()).unwrap();
    let mut expected = whole.as_object().unwrap().clone();
    expected.remove("interviews");
    assert_eq!(meta["session"].as_object().unwrap(), &expected);
    assert_eq!(meta["format"], META_FORMAT);
}
