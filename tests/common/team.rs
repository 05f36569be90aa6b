//! The built binary on a data folder of its own, and the demo transcript to edit, for the
//! tests of several interviewers' copies.

use std::path::Path;

use assert_cmd::Command;

/// `crosscheck --data-dir DATA`, with nothing of the user's environment (data folder, home).
pub fn crosscheck(data: &Path) -> Command {
    let mut cmd = Command::cargo_bin("crosscheck").expect("the binary is built");
    cmd.env_remove("CROSSCHECK_DATA_DIR").env("HOME", data).env("XDG_DATA_HOME", data.join("xdg"));
    cmd.arg("--data-dir").arg(data);
    cmd
}

/// Whether it succeeded, its standard output and its standard error.
pub fn run(cmd: &mut Command) -> (bool, String, String) {
    let out = cmd.output().expect("the binary runs");
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into(), String::from_utf8_lossy(&out.stderr).into())
}

/// Where `doc` breaks `assets/transcript.schema.json`, each as "path: error".
pub fn schema_errors(doc: &serde_json::Value) -> Vec<String> {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/transcript.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    validator.iter_errors(doc).map(|e| format!("{}: {e}", e.instance_path())).collect()
}

/// The demo engagement's transcript, as JSON to edit.
pub fn demo_transcript(dir: &Path) -> serde_json::Value {
    let (ok, out, err) = run(crosscheck(dir).args(["--demo", "export", "demo-corvane-analytics"]));
    assert!(ok, "{err}");
    serde_json::from_str(&out).unwrap()
}

/// Writes `doc` to `dir/name` and returns the path, for the command line.
pub fn save_json(dir: &Path, name: &str, doc: &serde_json::Value) -> String {
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_string(doc).unwrap()).unwrap();
    path.to_str().unwrap().to_string()
}

/// The demo transcript `doc` with Sales #1's `sales.accounts-using` answered `value` with
/// `notes`, an edit by `by` (none: from before names) at `at`.
pub fn demo_edited(doc: &serde_json::Value, value: u8, by: Option<&str>, at: &str, notes: &str) -> serde_json::Value {
    use serde_json::{Value, json};
    let mut d = doc.clone();
    let answers = d["interviews"][1]["answers"].as_array_mut().unwrap();
    let a = answers.iter_mut().find(|a| a["question_id"] == "sales.accounts-using").unwrap();
    a["value"] = json!({"kind": "scale", "value": value});
    a["value_text"] = Value::Null;
    a["normalised"] = Value::Null;
    a["state"] = json!("answered");
    a["edited_at"] = json!(at);
    a["notes"] = json!(notes);
    match by {
        Some(by) => a["edited_by"] = json!(by),
        None => {
            a.as_object_mut().unwrap().remove("edited_by");
        }
    }
    d
}
