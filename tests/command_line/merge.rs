//! Several interviewers, through the built binary: transcripts imported losslessly, copies
//! merged with every conflict kept, and git's merge driver between two clones of one shared
//! repository.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command as Std;

use chrono::Duration;
use common::team::{crosscheck, run};
use crosscheck::bank::Catalog;
use crosscheck::session::{AnswerValue, Session};
use crosscheck::storage::Store;
use crosscheck::{testing, transcript};
use serde_json::Value;

fn catalog() -> Catalog {
    Catalog::embedded().unwrap()
}

/// A transcript's JSON without the time it was written.
fn without_export_time(text: &str) -> Value {
    let mut v: Value = serde_json::from_str(text).unwrap();
    v.as_object_mut().unwrap().remove("exported_at");
    v
}

fn write_transcript(session: &Session, path: &Path) {
    let t = transcript::build(session, &catalog(), chrono::Utc::now());
    std::fs::write(path, transcript::to_json(&t)).unwrap();
}

/// The first scale question of `function`'s bank.
fn scale_question(function: &str) -> String {
    let c = catalog();
    c.bank(function).unwrap().questions.iter().find(|q| q.kind == crosscheck::bank::Kind::Scale).unwrap().id.clone()
}

/// `base` with interview `k`'s answer to `q` set to `value` by `who`, `minutes` after its start.
fn edited(base: &Session, k: usize, q: &str, value: u8, who: &str, minutes: i64) -> Session {
    let mut s = base.clone();
    let a = s.interviews[k].answer_mut(q);
    a.set_value(AnswerValue::Scale { value }, base.updated_at + Duration::minutes(minutes));
    a.edited_by = Some(who.into());
    s
}

#[test]
fn an_imported_transcript_exports_the_same_transcript() {
    let tmp = tempfile::tempdir().unwrap();
    let session = testing::session(&catalog(), 5, 42);
    let file = tmp.path().join("colleague.json");
    write_transcript(&session, &file);
    let (ok, out, err) = run(crosscheck(tmp.path()).arg("import").arg(&file));
    assert!(ok, "{err}");
    assert_eq!(out.trim(), session.id);
    let (ok, exported, err) = run(crosscheck(tmp.path()).args(["export", &session.id]));
    assert!(ok, "{err}");
    assert_eq!(without_export_time(&exported), without_export_time(&std::fs::read_to_string(&file).unwrap()));
}

#[test]
fn what_is_not_an_importable_transcript_is_refused_with_where_and_why() {
    let tmp = tempfile::tempdir().unwrap();
    let session = testing::session(&catalog(), 1, 3);
    let good = tmp.path().join("t.json");
    write_transcript(&session, &good);
    let text = std::fs::read_to_string(&good).unwrap();
    // Cut in the middle, on a character's boundary (a bank's text may put "–" there).
    let half = (0..=text.len() / 2).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
    let cases = [
        ("newer.json", text.replacen("\"version\": 1", "\"version\": 7", 1), "version 7 is newer"),
        ("other.json", r#"{"format": "something-else"}"#.to_string(), "\"format\" must be"),
        ("broken.json", text[..half].to_string(), "broken.json:"),
        (
            "badtime.json",
            text.replacen(&transcript::parse("t", &text).unwrap().session.created_at, "soon", 1),
            "not a time",
        ),
    ];
    for (name, content, expected) in cases {
        let path = tmp.path().join(name);
        std::fs::write(&path, content).unwrap();
        let (ok, _, err) = run(crosscheck(tmp.path()).arg("import").arg(&path));
        assert!(!ok, "{name} was imported");
        assert!(err.contains(expected), "{name}: {err}");
    }
    let (_, list, _) = run(crosscheck(tmp.path()).arg("list"));
    assert!(!list.contains(&session.id), "nothing came in: {list}");
}

#[test]
fn two_interviewers_copies_merge_with_every_conflict_kept_and_a_valid_transcript() {
    let tmp = tempfile::tempdir().unwrap();
    let base = testing::session(&catalog(), 2, 9);
    let q = scale_question(&base.interviews[0].function);
    let mut ana = edited(&base, 0, &q, 1, "Ana", 1);
    let i = ana.add_interview("operations", "1", base.updated_at + Duration::minutes(5));
    ana.interviews[i].interviewer = Some("Ana".into());
    let ben = edited(&base, 0, &q, 4, "Ben", 2);
    let (a, b) = (tmp.path().join("ana.json"), tmp.path().join("ben.json"));
    write_transcript(&ana, &a);
    write_transcript(&ben, &b);
    // Written outside the data folder: crosscheck refuses to write inside it.
    let elsewhere = tempfile::tempdir().unwrap();
    let out = elsewhere.path().join("merged.json");
    let (ok, _, err) = run(crosscheck(tmp.path()).arg("merge").arg(&a).arg(&b).arg("-o").arg(&out));
    assert!(ok, "{err}");
    assert!(err.contains("3 interview(s), 1 conflict(s) to review"), "{err}");
    assert!(
        err.contains("\"4 – ") && err.contains("(Ben,") && err.contains("also \"1 – ") && err.contains("(Ana,"),
        "{err}"
    );
    let merged: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let errors = common::team::schema_errors(&merged);
    assert!(errors.is_empty(), "{errors:?}");
    let conflicts = &merged["interviews"][0]["conflicts"];
    assert_eq!(conflicts.as_array().map(Vec::len), Some(1), "{conflicts}");
    assert_eq!((conflicts[0]["edited_by"].as_str(), conflicts[0]["open"].as_bool()), (Some("Ana"), Some(true)));

    // Into the data folder, twice: the second merge changes nothing.
    for _ in 0..2 {
        let (ok, id, err) = run(crosscheck(tmp.path()).arg("merge").arg(&a).arg(&b));
        assert!(ok, "{err}");
        assert_eq!(id.trim(), base.id);
    }
    let store = Store::open(tmp.path()).unwrap();
    let here = store.load(&base.id, &catalog()).unwrap();
    assert_eq!((here.interviews.len(), here.open_conflicts()), (3, 1));
    // The read-out says it rests on a value nobody has chosen yet, and how to choose.
    let (ok, report, err) = run(crosscheck(tmp.path()).arg("report").arg(&base.id));
    assert!(ok && report.contains("# "), "{err}");
    assert!(err.contains("1 answer value(s) from merged copies are still to review") && err.contains("`c`"), "{err}");
}

#[test]
fn another_engagement_is_refused_unless_forced() {
    let tmp = tempfile::tempdir().unwrap();
    let (one, two) = (testing::session(&catalog(), 1, 1), testing::session(&catalog(), 1, 2));
    let (a, b) = (tmp.path().join("a.json"), tmp.path().join("b.json"));
    write_transcript(&one, &a);
    write_transcript(&two, &b);
    let (ok, _, err) = run(crosscheck(tmp.path()).arg("merge").arg(&a).arg(&b).args(["--into", "both"]));
    assert!(!ok && err.contains("different engagements") && err.contains("--force"), "{err}");
    assert!(!Store::open(tmp.path()).unwrap().exists("both"), "nothing written");
    let (ok, _, err) = run(crosscheck(tmp.path()).arg("merge").arg(&a).arg(&b).args(["--into", "both", "--force"]));
    assert!(ok, "{err}");
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Std::new("git").current_dir(dir).args(args).output().expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into()
}

/// A clone of `remote` whose data folder's `sessions/` is the work tree, with crosscheck as
/// the merge driver, as the README says to set it up.
fn laptop(root: &Path, remote: &Path, name: &str) -> PathBuf {
    let data = root.join(name);
    std::fs::create_dir_all(&data).unwrap();
    git(&data, &["clone", "-q", remote.to_str().unwrap(), "sessions"]);
    let sessions = data.join("sessions");
    let bin = assert_cmd::cargo::cargo_bin("crosscheck");
    git(&sessions, &["config", "user.name", name]);
    git(&sessions, &["config", "user.email", &format!("{name}@example.com")]);
    git(&sessions, &["config", "merge.crosscheck.name", "crosscheck"]);
    git(&sessions, &["config", "merge.crosscheck.driver", &format!("{} merge-driver %O %A %B", bin.display())]);
    data
}

#[test]
fn git_merges_two_laptops_through_the_driver_without_losing_an_answer() {
    if Std::new("git").arg("--version").output().is_err() {
        assert!(std::env::var_os("CI").is_none(), "CI installs git (.ci/run): this test must run there");
        eprintln!("skipped: git is not installed");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let remote = tmp.path().join("remote.git");
    Std::new("git").args(["init", "-q", "--bare"]).arg(&remote).status().unwrap();
    let (ana, ben) = (laptop(tmp.path(), &remote, "ana"), laptop(tmp.path(), &remote, "ben"));
    let catalog = catalog();

    // Ana starts the engagement and shares it.
    let base = testing::session(&catalog, 2, 5);
    let ana_store = Store::open(&ana).unwrap();
    ana_store.save(&base).unwrap();
    let sessions = |d: &Path| d.join("sessions");
    std::fs::write(sessions(&ana).join(".gitattributes"), "*.json merge=crosscheck\n").unwrap();
    git(&sessions(&ana), &["add", "-A"]);
    git(&sessions(&ana), &["commit", "-qm", "start"]);
    git(&sessions(&ana), &["push", "-q", "origin", "HEAD:main"]);
    git(&sessions(&ben), &["pull", "-q", "origin", "main"]);

    // Each adds an interview and edits the same answer.
    let q = scale_question(&base.interviews[0].function);
    let ben_store = Store::open(&ben).unwrap();
    let mut mine = edited(&ana_store.load(&base.id, &catalog).unwrap(), 0, &q, 1, "Ana", 1);
    mine.add_interview("sales", "1", base.updated_at + Duration::minutes(3));
    ana_store.save(&mine).unwrap();
    let mut theirs = edited(&ben_store.load(&base.id, &catalog).unwrap(), 0, &q, 3, "Ben", 2);
    theirs.add_interview("product", "1", base.updated_at + Duration::minutes(4));
    ben_store.save(&theirs).unwrap();
    for (data, who) in [(&ana, "ana"), (&ben, "ben")] {
        git(&sessions(data), &["add", "-A"]);
        git(&sessions(data), &["commit", "-qm", who]);
    }
    git(&sessions(&ana), &["push", "-q", "origin", "HEAD:main"]);
    git(&sessions(&ben), &["pull", "-q", "--no-rebase", "origin", "main"]);
    git(&sessions(&ben), &["push", "-q", "origin", "HEAD:main"]);
    git(&sessions(&ana), &["pull", "-q", "origin", "main"]);

    for data in [&ana, &ben] {
        let merged = Store::open(data).unwrap().load(&base.id, &catalog).expect("the merged session is valid");
        assert_eq!(merged.interviews.len(), 4, "both laptops' interviews");
        let ids: Vec<&str> = merged.interviews.iter().map(|i| i.id.as_str()).collect();
        for i in mine.interviews.iter().chain(&theirs.interviews) {
            assert!(ids.contains(&i.id.as_str()), "{} lost", i.id);
        }
        let kept = &merged.interviews.iter().find(|i| i.id == base.interviews[0].id).unwrap();
        assert_eq!(kept.answers[&q].value, Some(AnswerValue::Scale { value: 3 }), "Ben's later edit is kept");
        let open: Vec<_> = kept.open_conflicts().collect();
        assert_eq!(open.len(), 1);
        assert_eq!(open[0].answer.edited_by.as_deref(), Some("Ana"), "Ana's value is recorded");
    }
    assert_eq!(git(&sessions(&ana), &["status", "--porcelain"]), "", "nothing left to resolve by hand");
}
