//! The config file: good and bad files through the library (each kind of problem with its line
//! and column), and `crosscheck config path` / `config check` through the built binary. Every
//! test names its own file with CROSSCHECK_CONFIG, or points HOME and XDG_CONFIG_HOME into a
//! temporary folder: the user's real config folder is never read.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

use crosscheck::cli::load_settings;
use crosscheck::config::ThemeName;
use crosscheck::ui::keymap::{Action, Context, KeyMap};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn write(dir: &Path, text: &str) -> PathBuf {
    let file = dir.join("config.json");
    std::fs::write(&file, text).unwrap();
    file
}

/// The problems of a config text, with the file's name taken off the front.
fn problems(text: &str) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), text);
    let settings = load_settings(Some(&file));
    assert!(settings.found);
    assert_eq!(settings.theme, ThemeName::Dark, "a bad config leaves the default theme");
    assert_eq!(format!("{:?}", settings.keymap.bindings), format!("{:?}", KeyMap::default().bindings));
    let prefix = format!("{}:", file.display());
    settings.problems.iter().map(|p| p.to_string().strip_prefix(&prefix).unwrap().to_string()).collect()
}

fn key(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

#[test]
fn a_good_file_overrides_only_what_it_names() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        r#"{
  "theme": "light",
  "keys": {
    "interview.skip": ["x"],
    "global.palette": ["ctrl-k", "/"],
    "divergence.back": "esc"
  }
}"#,
    );
    let settings = load_settings(Some(&file));
    assert!(settings.found && settings.problems.is_empty(), "{:?}", settings.problems);
    assert_eq!(settings.theme, ThemeName::Light);
    let map = &settings.keymap;
    assert_eq!(map.action(Context::Interview, &key('x')), Some(Action::Skip));
    assert_eq!(map.action(Context::Interview, &key('s')), None);
    assert_eq!(map.action(Context::Divergence, &key('q')), None, "q no longer leaves the divergence view");
    let ctrl_k = KeyEvent::new(KeyCode::Char('k'), KeyModifiers::CONTROL);
    assert_eq!(map.action(Context::Interview, &ctrl_k), Some(Action::OpenPalette));
    // Everything not named keeps its default.
    let defaults = KeyMap::default();
    let named = ["interview.skip", "global.palette", "divergence.back"];
    for (a, b) in map.bindings.iter().zip(&defaults.bindings) {
        if !named.contains(&a.name().as_str()) {
            assert_eq!(a.keys, b.keys, "{}", a.name());
        }
    }
}

#[test]
fn no_file_and_an_empty_object_are_the_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let missing = load_settings(Some(&dir.path().join("none.json")));
    assert!(!missing.found && missing.problems.is_empty());
    let empty = load_settings(Some(&write(dir.path(), "{}")));
    assert!(empty.found && empty.problems.is_empty());
    assert_eq!(empty.theme, ThemeName::Dark);
    assert!(load_settings(None).problems.is_empty());
}

#[test]
fn malformed_json_is_reported_where_serde_stops() {
    assert_eq!(problems("{\n  \"theme\": \"light\"\n  \"keys\": {}\n}"), ["3:3: malformed JSON: expected `,` or `}`"]);
    assert_eq!(problems("{\"keys\": {\"interview.skip\": [\"x\",]}}"), ["1:34: malformed JSON: trailing comma"]);
    assert_eq!(problems(""), ["1:1: the file is empty: write a JSON object, e.g. {\"theme\": \"light\"}"]);
}

#[test]
fn unknown_fields_and_themes() {
    assert_eq!(
        problems("{\n  \"theme\": \"solarized\",\n  \"colour\": true\n}"),
        [
            "2:12: unknown theme \"solarized\" (the themes: dark, light)",
            "3:3: unknown field \"colour\" (allowed: theme, keys, advance_after_answer, norms_min_engagements)"
        ]
    );
}

#[test]
fn unknown_action_names() {
    assert_eq!(
        problems("{\"keys\": {\n  \"interview.skipp\": [\"x\"],\n  \"skip\": [\"y\"]\n}}"),
        [
            "2:3: unknown action \"interview.skipp\" (the actions of interview: up, down, next-row, previous-row, page-up, page-down, answer, \
             previous, next, tick, notes, skip, dont-know, flag, next-open, back, quote, source, follow-ups, launch, involvement, room, consent, retired, hints, resolve-conflict, claims, verify-claims)",
            "3:3: unknown action \"skip\": actions are named <context>.<action>, e.g. \"interview.skip\"; the contexts: \
             global, sessions, session, interview, divergence, diagnosis, editor, number-entry, palette, follow-ups, \
             conflicts, claims, verify, form, confirm, help",
        ]
    );
    assert_eq!(
        problems("{\"keys\": {\"interview.answer\": [\"a\"]}}"),
        ["1:11: \"interview.answer\" is the digit keys 0–9, which answer by their number; it cannot be rebound"]
    );
}

#[test]
fn bad_key_specs() {
    let found =
        problems("{\"keys\": {\n  \"interview.skip\": [\"x\", \"ctrl-\"],\n  \"interview.flag\": [\"shift-1\", 7]\n}}");
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(found[0].starts_with("2:27: unknown key \"ctrl-\" (keys are written like \"x\""), "{found:?}");
    assert_eq!(found[1], "3:22: \"shift-1\": write the character the key types instead, e.g. \"!\" for Shift-1");
    assert_eq!(found[2], "3:33: a key must be a string such as \"x\" or \"ctrl-p\", found a number");
    assert_eq!(
        problems("{\"keys\": {\"editor.leave\": [\"q\"]}}"),
        ["1:28: \"q\" would type text in editor (notes editor): use a Ctrl- or Alt- key or a named key such as \"f2\""]
    );
}

#[test]
fn a_key_bound_twice_in_one_context_after_applying() {
    // s is still "skip" (not rebound), so giving it to "don't know" too is a clash...
    assert_eq!(
        problems("{\"keys\": {\n  \"interview.dont-know\": [\"s\"]\n}}"),
        [
            "2:27: s for \"interview.dont-know\" is already bound to \"interview.skip\" (a key can do one thing per screen)"
        ]
    );
    // ...unless skip moves away in the same file: overrides are applied first, then checked.
    let dir = tempfile::tempdir().unwrap();
    let swapped =
        load_settings(Some(&write(dir.path(), r#"{"keys": {"interview.dont-know": ["s"], "interview.skip": ["d"]}}"#)));
    assert!(swapped.problems.is_empty(), "{:?}", swapped.problems);
    // A global key counts on every screen where it acts.
    assert_eq!(
        problems("{\"keys\": {\"global.palette\": [\"v\"]}}"),
        [
            "1:30: v for \"global.palette\" is already bound to \"session.divergence\" (a key can do one thing per screen)"
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// The binary

struct Env {
    tmp: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        Env { tmp: tempfile::tempdir().unwrap() }
    }

    fn config(&self) -> PathBuf {
        self.tmp.path().join("my-config.json")
    }

    /// The binary with no config named: only the temporary home to find one in.
    fn bare(&self) -> Command {
        let mut cmd = Command::cargo_bin("crosscheck").unwrap();
        cmd.env_remove("CROSSCHECK_CONFIG")
            .env("HOME", self.tmp.path().join("home"))
            .env("XDG_CONFIG_HOME", self.tmp.path().join("xdg"))
            .env("XDG_DATA_HOME", self.tmp.path().join("xdg-data"))
            .env("NO_COLOR", "1");
        cmd
    }

    fn cmd(&self) -> Command {
        let mut cmd = self.bare();
        cmd.env("CROSSCHECK_CONFIG", self.config());
        cmd
    }
}

fn run(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn config_path_prints_the_file_in_force() {
    let env = Env::new();
    let (code, out, _) = run(env.cmd().args(["config", "path"]));
    assert_eq!((code, out.trim()), (0, env.config().to_str().unwrap()));
    if cfg!(target_os = "linux") {
        let (code, out, _) = run(env.bare().args(["config", "path"]));
        let expected = env.tmp.path().join("xdg").join("crosscheck").join("config.json");
        assert_eq!((code, out.trim()), (0, expected.to_str().unwrap()));
    }
}

#[test]
fn config_check_on_a_missing_file() {
    let env = Env::new();
    let (code, out, err) = run(env.cmd().args(["config", "check"]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, format!("{}: no config file; the default keys and theme are in force\n", env.config().display()));
}

#[test]
fn config_check_on_a_good_file() {
    let env = Env::new();
    std::fs::write(
        env.config(),
        r#"{"theme": "light", "keys": {"interview.skip": ["x"], "global.palette": ["ctrl-k", "/"]}}"#,
    )
    .unwrap();
    let (code, out, err) = run(env.cmd().args(["config", "check"]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, format!("{}: no problems (theme light, 2 key bindings changed)\n", env.config().display()));
}

#[test]
fn config_check_lists_every_problem_with_file_line_and_column() {
    let env = Env::new();
    std::fs::write(
        env.config(),
        "{\n  \"theme\": \"dim\",\n  \"keys\": {\n    \"interview.skip\": [\"q\"],\n    \"interview.nope\": [\"x\"],\n    \"interview.flag\": [\"hyper-f\"]\n  }\n}\n",
    )
    .unwrap();
    let (code, out, err) = run(env.cmd().args(["config", "check"]));
    assert_eq!(code, 1);
    assert!(out.is_empty(), "{out}");
    let file = env.config().display().to_string();
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 5, "{err}");
    assert_eq!(lines[0], format!("{file}:2:12: unknown theme \"dim\" (the themes: dark, light)"));
    assert!(lines[1].starts_with(&format!("{file}:4:24: q for \"interview.skip\" is already bound")), "{err}");
    assert!(lines[2].starts_with(&format!("{file}:5:5: unknown action \"interview.nope\"")), "{err}");
    assert!(lines[3].starts_with(&format!("{file}:6:24: unknown key \"hyper-f\"")), "{err}");
    assert_eq!(
        lines[4],
        "4 problems in the config file: crosscheck uses the default keys and theme until they are fixed."
    );

    std::fs::write(env.config(), "{\"keys\": {\"interview.skip\": [\"x\"]},}").unwrap();
    let (code, _, err) = run(env.cmd().args(["config", "check"]));
    assert_eq!(code, 1);
    assert!(err.starts_with(&format!("{file}:1:36: malformed JSON: trailing comma\n")), "{err}");
}

#[test]
fn config_commands_need_no_data_folder_or_banks() {
    let env = Env::new();
    std::fs::write(env.config(), "{}").unwrap();
    let (code, _, err) = run(env.cmd().args(["--banks", "/nonexistent", "config", "check"]));
    assert_eq!(code, 0, "{err}");
    assert!(!env.tmp.path().join("home").exists() && !env.tmp.path().join("xdg").exists(), "nothing was created");
}

#[test]
fn config_keys_lists_every_action_name_with_its_keys_in_force() {
    let env = Env::new();
    std::fs::write(env.config(), r#"{"keys": {"interview.skip": ["x", "f2"]}}"#).unwrap();
    let (code, out, err) = run(env.cmd().args(["config", "keys"]));
    assert_eq!(code, 0, "{err}");
    let row = |name: &str| out.lines().find(|l| l.split_whitespace().next() == Some(name)).map(str::to_string);
    assert!(row("interview.skip").unwrap().contains(" x/F2 "), "{out}");
    assert!(row("global.palette").is_some() && row("interview.answer").is_some(), "{out}");
    assert_eq!(out.lines().count(), KeyMap::default().bindings.len() + 1, "a heading and every binding");
}
