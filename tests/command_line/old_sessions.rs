//! A session captured on the banks as they were before the claims per receiver, the shared
//! facts and the observable labels (the demo engagement as crosscheck wrote it then, in
//! `tests/fixtures/before-per-receiver/`): it still opens, shows every answer (a retired
//! question as such, with the words it was asked in), compares what still compares, and
//! exports without losing a word.

use std::collections::BTreeMap;
use std::path::Path;

use crate::common::cli::{Env, run, stderr, stdout};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/before-per-receiver");
const ID: &str = "demo-corvane-analytics";

/// Copies the fixture's data folder into `to`, private as crosscheck keeps it.
fn copy_private(from: &Path, to: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::create_dir_all(to).unwrap();
    std::fs::set_permissions(to, std::fs::Permissions::from_mode(0o700)).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_private(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
            std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
    }
}

/// Every answer the fixture's interview files hold: (interview, question) → its JSON.
fn answers_in_files() -> BTreeMap<(String, String), serde_json::Value> {
    let dir = Path::new(FIXTURE).join("sessions").join(ID).join("interviews");
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let file: serde_json::Value = serde_json::from_slice(&std::fs::read(entry.unwrap().path()).unwrap()).unwrap();
        let interview = &file["interview"];
        for (question, answer) in interview["answers"].as_object().unwrap() {
            out.insert((interview["id"].as_str().unwrap().to_string(), question.clone()), answer.clone());
        }
    }
    out
}

#[test]
fn a_session_from_before_opens_whole_on_todays_banks() {
    let env = Env::new();
    copy_private(Path::new(FIXTURE), &env.data());
    let out = run(env.cmd().args(["export", ID]));
    assert!(out.status.success(), "{}", stderr(&out));
    let transcript: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let catalog = crosscheck::bank::Catalog::embedded().unwrap();
    let before = answers_in_files();
    let mut seen = 0;
    for interview in transcript["interviews"].as_array().unwrap() {
        let id = interview["id"].as_str().unwrap();
        for a in interview["answers"].as_array().unwrap() {
            let question = a["question_id"].as_str().unwrap();
            let Some(old) = before.get(&(id.to_string(), question.to_string())) else { continue };
            seen += 1;
            // Not a word lost: the value and the notes as they were written.
            assert!(old["notes"].is_string() && a["notes"] == old["notes"], "{id} {question}");
            assert_eq!(a["value"], old.get("value").cloned().unwrap_or(serde_json::Value::Null), "{id} {question}");
            // In today's banks, or retired with the words it was asked in.
            match catalog.question(question) {
                Some(_) => assert_eq!(a["in_bank"], true, "{id} {question}"),
                None => {
                    let (_, retired) = catalog
                        .retired(question)
                        .unwrap_or_else(|| panic!("{question} is neither asked nor listed as retired"));
                    assert_eq!((a["in_bank"].as_bool(), a["retired"].as_bool()), (Some(false), Some(true)));
                    // The words as read aloud: the fixture names no launch in view, so a retired
                    // text's placeholders read the plain phrases.
                    let words = crosscheck::bank::fill(&retired.text, &crosscheck::bank::Case::default());
                    assert_eq!(a["text"].as_str(), Some(words.as_ref()), "{question}: its own words");
                }
            }
        }
    }
    assert_eq!(seen, before.len(), "every answer of the old files is in the transcript");
    // What still compares is compared: the divergence reads, and at least one cell has a gap.
    let out = run(env.cmd().args(["divergence", ID, "--json"]));
    assert!(out.status.success(), "{}", stderr(&out));
    let divergence: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(divergence["cells_compared"].as_u64().unwrap_or(0) > 0, "nothing compared");
    // And the CSV carries a row per answer.
    let out = run(env.cmd().args(["export", ID, "--format", "csv"]));
    assert!(out.status.success(), "{}", stderr(&out));
    let rows = csv::Reader::from_reader(stdout(&out).as_bytes()).records().map(Result::unwrap).count();
    let in_transcript: usize =
        transcript["interviews"].as_array().unwrap().iter().map(|i| i["answers"].as_array().unwrap().len()).sum();
    assert_eq!(rows, in_transcript, "a CSV row per answer");
}
