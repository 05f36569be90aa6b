//! Importing under a small limit of open files, after an import that failed or was killed,
//! and importing the same file again.

use std::path::Path;
use std::process::{Command, Output};

use crosscheck::bank::Catalog;
use crosscheck::session::Session;
use crosscheck::storage::{Store, encode_session};

const BIN: &str = env!("CARGO_BIN_EXE_crosscheck");

/// `crosscheck --data-dir DATA ARGS…` with at most `files` files open (the shell's `ulimit -n`).
fn limited(files: u32, data: &Path, args: &[&str]) -> Output {
    let script = format!("ulimit -n {files} && exec \"$0\" \"$@\"");
    Command::new("sh").arg("-c").arg(script).arg(BIN).arg("--data-dir").arg(data).args(args).output().unwrap()
}

fn said(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

/// A session file of `interviews` generated interviews.
fn big(dir: &Path, interviews: usize) -> (String, std::path::PathBuf) {
    let session = crosscheck::testing::session(&Catalog::embedded().unwrap(), interviews, 7);
    let file = dir.join("big.json");
    std::fs::write(&file, encode_session(&session).unwrap()).unwrap();
    (session.id, file)
}

#[test]
fn a_session_of_more_interviews_than_open_files_imports_and_merges_in() {
    let tmp = tempfile::tempdir().unwrap();
    let (id, file) = big(tmp.path(), 150);
    let data = tmp.path().join("data");
    let out = limited(64, &data, &["import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", said(&out));
    let catalog = Catalog::embedded().unwrap();
    assert_eq!(Store::open(&data).unwrap().load(&id, &catalog).unwrap().interviews.len(), 150);
    let out = limited(64, &data, &["merge", file.to_str().unwrap(), "--into", &id]);
    assert!(out.status.success(), "{}", said(&out));
}

#[test]
fn a_failed_import_leaves_nothing_and_the_next_one_takes_the_same_id() {
    let tmp = tempfile::tempdir().unwrap();
    let (id, file) = big(tmp.path(), 40);
    let data = tmp.path().join("data");
    // Too few files to hold even one group of temporaries: the import fails part-way.
    let out = limited(12, &data, &["import", file.to_str().unwrap()]);
    assert!(!out.status.success() && said(&out).contains("Too many open files"), "{}", said(&out));
    assert!(!data.join("sessions").join(&id).exists(), "the failed import's folder is gone");
    let out = limited(1024, &data, &["import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", said(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), id, "{}", said(&out));
}

#[test]
fn the_same_file_again_is_already_here_and_other_content_of_the_engagement_is_for_merge() {
    let tmp = tempfile::tempdir().unwrap();
    let (id, file) = big(tmp.path(), 2);
    let data = tmp.path().join("data");
    for _ in 0..3 {
        let out = limited(1024, &data, &["import", file.to_str().unwrap()]);
        assert!(out.status.success(), "{}", said(&out));
        assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), id);
    }
    assert!(said(&limited(1024, &data, &["import", file.to_str().unwrap()])).contains("already in the data folder"));
    // The same session under the id an earlier import gave it, beside another session.
    let store = Store::open(&data).unwrap();
    let catalog = Catalog::embedded().unwrap();
    let mut here = store.load(&id, &catalog).unwrap();
    store.delete(&id).unwrap();
    here.id = format!("{id}-2");
    store.save(&here).unwrap();
    let mut other = crosscheck::testing::session(&catalog, 1, 99);
    other.id.clone_from(&id);
    store.save(&other).unwrap();
    let out = limited(1024, &data, &["import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", said(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), format!("{id}-2"), "{}", said(&out));
    // Other content of the same engagement: no copy; the merge to run instead.
    here.organisation = "Changed on another laptop".into();
    std::fs::write(&file, encode_session(&Session { id: id.clone(), ..here.clone() }).unwrap()).unwrap();
    let out = limited(1024, &data, &["import", file.to_str().unwrap()]);
    assert!(!out.status.success(), "{}", said(&out));
    assert!(said(&out).contains(&format!("--into {id}-2")), "{}", said(&out));
    assert!(!store.exists(&format!("{id}-3")), "no other copy");
}
