//! The command-line cases of the issue "Several interviewers, and still not a word lost", run on
//! the built binary with a temporary data folder (HOME too, so nothing can reach the user's).

use crate::common;

use std::path::{Path, PathBuf};
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

/// Every file of the data folder with its bytes: what must not change.
fn everything_in(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(everything_in(&path));
        } else {
            out.push((path.clone(), std::fs::read(&path).unwrap()));
        }
    }
    out.sort();
    out
}

/// Case 9: `-o` onto a session's own files — directly, through `..`, through a link to the
/// data folder, or through a link to the file — is refused for report, export and merge, and
/// nothing in the data folder changes.
#[test]
fn case_09_output_into_the_data_folder_is_refused() {
    let env = Env::new();
    let session = session(&env);
    let folder = env.store().location(&session.id).unwrap().folder;
    let interview = std::fs::read_dir(folder.join("interviews")).unwrap().next().unwrap().unwrap().path();
    std::fs::create_dir_all(env.path("elsewhere")).unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(env.data(), env.path("to-data")).unwrap();
        std::os::unix::fs::symlink(&interview, env.path("to-interview.json")).unwrap();
    }
    let relative = interview.strip_prefix(env.data()).unwrap();
    let mut targets =
        vec![interview.clone(), folder.join("session.json"), env.path("elsewhere/../data").join(relative)];
    if cfg!(unix) {
        targets.extend([env.path("to-data").join(relative), env.path("to-interview.json")]);
    }
    let before = everything_in(&env.data());
    for target in &targets {
        for args in [vec!["report", &session.id], vec!["export", &session.id], vec!["merge", &session.id]] {
            let out = run(env.cmd().args(&args).arg("-o").arg(target));
            assert_refused(
                &out,
                &[&target.display().to_string(), "inside crosscheck's data folder", "Write it outside"],
            );
        }
    }
    assert_eq!(everything_in(&env.data()), before, "nothing in the data folder changed");
    let listed = run(env.cmd().arg("list"));
    assert!(String::from_utf8_lossy(&listed.stdout).contains(&session.id), "the session still lists");
}

/// `-o` onto a read-only (0400) file: refused, the file as it was, unless `--force`. Judged by
/// the file's mode bits, so it holds whoever runs the test (root too).
#[cfg(unix)]
#[test]
fn a_read_only_output_file_is_replaced_only_with_force() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    let session = session(&env);
    for command in ["report", "export"] {
        let file = env.path(&format!("{command}.out"));
        std::fs::write(&file, "kept").unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o400)).unwrap();
        let out = run(env.cmd().args([command, &session.id, "-o"]).arg(&file));
        assert_refused(&out, &[&file.display().to_string(), "read-only (mode 400)", "--force"]);
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "kept");
        let out = run(env.cmd().args([command, &session.id, "--force", "-o"]).arg(&file));
        assert!(out.status.success(), "{}", stderr(&out));
        assert_ne!(std::fs::read_to_string(&file).unwrap(), "kept", "replaced when forced");
    }
    let file = env.path("merged.json");
    std::fs::write(&file, "kept").unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o400)).unwrap();
    let out = run(env.cmd().args(["merge", &session.id, "-o"]).arg(&file));
    assert_refused(&out, &["read-only (mode 400)", "chmod u+w"]);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "kept");
}

/// A FIFO made at `path`.
#[cfg(unix)]
fn mkfifo(path: &Path) {
    assert!(std::process::Command::new("mkfifo").arg(path).status().unwrap().success());
}

/// A FIFO as the config file is refused unread, with the file and what to do: `config check`
/// fails at once instead of waiting for a writer (the 20 s timeout fails a regression).
#[cfg(unix)]
#[test]
fn a_fifo_as_the_config_file_is_refused_not_waited_on() {
    let env = Env::new();
    let fifo = env.path("config.json");
    mkfifo(&fifo);
    let out = run(env.cmd().env("CROSSCHECK_CONFIG", &fifo).args(["config", "check"]));
    assert_refused(&out, &[&format!("{}:1:1", fifo.display()), "a FIFO (named pipe)", "CROSSCHECK_CONFIG"]);
}

/// A FIFO among the bank files is refused unread with its name and what to do; start-up
/// fails instead of waiting for a writer.
#[cfg(unix)]
#[test]
fn a_fifo_in_the_bank_folder_is_refused_not_waited_on() {
    let env = Env::new();
    let banks = env.path("banks");
    std::fs::create_dir_all(&banks).unwrap();
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("question-banks");
    for entry in std::fs::read_dir(&shipped).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, banks.join(path.file_name().unwrap())).unwrap();
    }
    let fifo = banks.join("extra.json");
    mkfifo(&fifo);
    for args in [vec!["list"], vec!["banks", "list"]] {
        let out = run(env.cmd().arg("--banks").arg(&banks).args(&args));
        assert_refused(&out, &[&fifo.display().to_string(), "a FIFO (named pipe)", "move this one out"]);
    }
}

/// `list` shows a newline in an organisation as a visible escape, like every control
/// character: the row stays one row, and no name can add a row of its own.
#[test]
fn list_shows_a_newline_in_an_organisation_as_an_escape() {
    let env = Env::new();
    let out = run(env.cmd().args(["new", "--org", "Acme\n20261207-fake-row", "--no-open"]));
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run(env.cmd().arg("list"));
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(text.lines().count(), 2, "the heading and one row:\n{text}");
    assert!(text.lines().nth(1).unwrap().contains("Acme\\u{a}20261207-fake"), "{text}");
}
