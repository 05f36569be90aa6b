//! The command-line cases of the issue "Several interviewers, and still not a word lost", run on
//! the built binary with a temporary data folder (HOME too, so nothing can reach the user's).

mod common;

use std::process::Output;

use crosscheck::bank::Catalog;
use crosscheck::session::{AnswerValue, Session};
use crosscheck::storage::{AnyFile, encode_any};

use common::cli::{Env, run, stderr};

/// A session of two interviews saved in the data folder.
fn session(env: &Env) -> Session {
    let catalog = Catalog::embedded().unwrap();
    let session = crosscheck::testing::session(&catalog, 2, 7);
    env.store().save(&session).unwrap();
    session
}

/// Fails unless the run failed with exit 1 and said `what` on stderr.
fn assert_refused(out: &Output, what: &[&str]) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(1), "stderr:\n{err}");
    for w in what {
        assert!(err.contains(w), "{w:?} missing from:\n{err}");
    }
}

/// The first scale question of `function`'s bank.
fn scale_question(catalog: &Catalog, function: &str) -> String {
    let bank = catalog.bank(function).unwrap();
    bank.questions.iter().find(|q| q.kind == crosscheck::bank::Kind::Scale).unwrap().id.clone()
}

/// Case 8: THEIRS holds a scale point of 9 (the banks allow 0–4), as an interview file and as
/// a single session file: the driver refuses with where the value is, and OURS is untouched.
#[test]
fn case_08_the_merge_driver_refuses_values_the_banks_refuse() {
    let env = Env::new();
    let catalog = Catalog::embedded().unwrap();
    let session = session(&env);
    let q = scale_question(&catalog, &session.interviews[0].function);
    let mut bad = session.clone();
    let answer = bad.interviews[0].answer_mut(&q);
    answer.set_value(AnswerValue::Scale { value: 9 }, session.updated_at + chrono::Duration::minutes(5));
    let files = [
        (AnyFile::Interview(session.interviews[0].clone()), AnyFile::Interview(bad.interviews[0].clone())),
        (AnyFile::Session(session.clone()), AnyFile::Session(bad.clone())),
    ];
    for (k, (good, theirs)) in files.into_iter().enumerate() {
        let (base, ours, their) =
            (env.path(&format!("base{k}")), env.path(&format!("ours{k}")), env.path(&format!("theirs{k}")));
        let bytes = encode_any(&good).unwrap();
        std::fs::write(&base, &bytes).unwrap();
        std::fs::write(&ours, &bytes).unwrap();
        std::fs::write(&their, encode_any(&theirs).unwrap()).unwrap();
        let out = run(env.cmd().arg("merge-driver").args([&base, &ours, &their]));
        // Where the 9 is: THEIRS, its line and column.
        let text = std::fs::read_to_string(&their).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let line = (1..lines.len())
            .find(|&i| lines[i].trim() == "\"value\": 9" && lines[i - 1].contains("\"kind\": \"scale\""))
            .expect("the 9 in the file")
            + 1;
        let at = format!("{}:{line}:", their.display());
        assert_refused(&out, &[&at, &q, "as it was"]);
        assert_eq!(std::fs::read(&ours).unwrap(), bytes, "OURS untouched");
    }
}
