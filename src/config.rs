//! The optional user configuration: a JSON file that rebinds keys and chooses the theme.
//!
//! ```json
//! {"theme": "light", "keys": {"interview.skip": ["x"], "global.palette": ["ctrl-k", "/"]},
//!  "advance_after_answer": true, "norms_min_engagements": 5}
//! ```
//!
//! It overrides only what it names. This module reads the file and checks its shape, pointing at
//! each problem by line and column; what the action names and key specs mean is the key map's
//! business (`ui::keymap`), so key specs stay strings here and this module never touches the
//! terminal. A config with any problem is not used at all: the defaults are.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::problem::{PathIndex, Position, Problem, Step};

/// The environment variable naming the config file, overriding the default location.
pub const CONFIG_ENV: &str = "CROSSCHECK_CONFIG";

/// The fields a config file may have.
const FIELDS: [&str; 4] = ["theme", "keys", "advance_after_answer", "norms_min_engagements"];

/// The colour themes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThemeName {
    /// Colours chosen for a dark terminal background.
    #[default]
    Dark,
    /// Colours chosen for a light terminal background.
    Light,
}

impl ThemeName {
    pub const ALL: [ThemeName; 2] = [ThemeName::Dark, ThemeName::Light];

    pub fn name(self) -> &'static str {
        match self {
            ThemeName::Dark => "dark",
            ThemeName::Light => "light",
        }
    }

    pub fn from_name(name: &str) -> Option<ThemeName> {
        ThemeName::ALL.into_iter().find(|t| t.name() == name)
    }
}

/// One entry of `"keys"`: an action's name and the keys it gets instead of its defaults.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyEntry {
    /// `<context>.<action>`, e.g. `interview.skip`.
    pub action: String,
    /// Where the action's name is in the file.
    pub at: Position,
    /// Each key spec as written (`"x"`, `"ctrl-p"`, `"enter"`) and where it is.
    pub keys: Vec<(String, Position)>,
}

/// What a config file asks for; everything absent keeps its default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    pub theme: Option<ThemeName>,
    pub keys: Vec<KeyEntry>,
    /// After a scale or choice answer key, move to the next open question (off by default: the
    /// interviewer moves on when the notes are written).
    pub advance_after_answer: Option<bool>,
    /// The fewest other engagements an engagement is placed among (its report and divergence
    /// screen say "higher than 7 of 9"); fewer, and only n is shown.
    pub norms_min_engagements: Option<usize>,
}

/// The config file in force: `$CROSSCHECK_CONFIG` if set (and not empty), else `config.json`
/// in the platform's config folder for crosscheck; None if there is no home to find one in.
pub fn path() -> Option<PathBuf> {
    match std::env::var_os(CONFIG_ENV) {
        Some(p) if !p.is_empty() => Some(PathBuf::from(p)),
        _ => default_path(),
    }
}

/// `config.json` in the platform's config folder (`~/.config/crosscheck` on Linux).
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "crosscheck").map(|d| d.config_dir().join("config.json"))
}

/// What a config file holds: the sound parts, and the problems of the rest (none if all is well).
/// The key map checks the names and keys of the sound parts, so one run reports every problem.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    pub config: Config,
    pub problems: Vec<Problem>,
}

/// Reads the config file: None when there is none (the defaults apply, silently).
/// The largest config file read.
pub const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

pub fn read(file: &Path) -> Option<Parsed> {
    let start = Position { line: 1, column: 1 };
    let failed =
        |message: String| Parsed { config: Config::default(), problems: vec![Problem::at(file, start, message)] };
    // A FIFO would wait for a writer before the interface starts: refused unopened.
    if let Err(e) = crate::input::regular_file(file) {
        return Some(failed(format!(
            "{}, not a regular file, so it is not read (a pipe would keep crosscheck from starting); point CROSSCHECK_CONFIG at a regular file, or remove this one",
            e.what
        )));
    }
    // A config holds a theme and some key bindings: anything this large is not one.
    if let Ok(meta) = std::fs::metadata(file)
        && meta.len() > MAX_CONFIG_BYTES
    {
        return Some(failed(format!(
            "the file is {} KB; a config file holds a theme and key bindings, and crosscheck reads at most {} KB of it",
            meta.len() / 1024,
            MAX_CONFIG_BYTES / 1024
        )));
    }
    let bytes = match std::fs::read(file) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(e) => return Some(failed(format!("cannot read: {e}"))),
    };
    match String::from_utf8(bytes) {
        Ok(text) => Some(parse(file, &text)),
        Err(_) => Some(failed("not UTF-8 text".into())),
    }
}

/// Parses and checks the text of a config file; `file` only names it in the problems.
pub fn parse(file: &Path, text: &str) -> Parsed {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let failed = |at: Position, message: String| Parsed {
        config: Config::default(),
        problems: vec![Problem::at(file, at, message)],
    };
    if text.trim().is_empty() {
        let message = "the file is empty: write a JSON object, e.g. {\"theme\": \"light\"}";
        return failed(Position { line: 1, column: 1 }, message.into());
    }
    let root = match serde_json::from_str::<Node>(text) {
        Ok(root) => root,
        Err(e) => {
            let message = e.to_string();
            let message = message.split(" at line ").next().unwrap_or(&message).to_string();
            return failed(Position { line: e.line(), column: e.column() }, format!("malformed JSON: {message}"));
        }
    };
    // Depth 3 reaches every key spec: root → "keys" → action → [specs].
    let mut check = Check { file, at: PathIndex::new(text, 3), problems: Vec::new() };
    let config = check.config(&root);
    Parsed { config, problems: check.problems }
}

struct Check<'a> {
    file: &'a Path,
    /// Where everything is, found in one pass: each check points at its place in O(1).
    at: PathIndex,
    problems: Vec<Problem>,
}

impl Check<'_> {
    fn report(&mut self, path: &[Step], key: bool, message: String) {
        self.report_nth(path, key, 0, message);
    }

    /// For a key given more than once: points at its `occurrence`-th appearance.
    fn report_nth(&mut self, path: &[Step], key: bool, occurrence: usize, message: String) {
        let at = self.at.position(path, key, occurrence);
        self.problems.push(Problem::at(self.file, at, message));
    }

    fn config(&mut self, root: &Node) -> Config {
        let mut config = Config::default();
        let Node::Object(fields) = root else {
            self.report(&[], false, format!("expected an object {{ … }}, found {}", root.kind()));
            return config;
        };
        let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for (name, value) in fields {
            let path = [Step::Key(name.clone())];
            let times = seen.entry(name).or_default();
            *times += 1;
            if *times > 1 {
                let occurrence = *times - 1;
                self.report_nth(&path, true, occurrence, format!("\"{name}\" is given twice"));
                continue;
            }
            match name.as_str() {
                "theme" => config.theme = self.theme(value, &path),
                "keys" => config.keys = self.keys(value, &path),
                "advance_after_answer" => match value {
                    Node::Bool(on) => config.advance_after_answer = Some(*on),
                    other => {
                        let found = format!("\"advance_after_answer\" is true or false, found {}", other.kind());
                        self.report(&path, false, found)
                    }
                },
                "norms_min_engagements" => match value {
                    Node::Count(n) if *n >= 1 => config.norms_min_engagements = usize::try_from(*n).ok(),
                    other => {
                        let found =
                            format!("\"norms_min_engagements\" is a whole number of 1 or more, found {}", other.kind());
                        self.report(&path, false, found)
                    }
                },
                _ => self.report(&path, true, format!("unknown field \"{name}\" (allowed: {})", FIELDS.join(", "))),
            }
        }
        config
    }

    fn theme(&mut self, value: &Node, path: &[Step]) -> Option<ThemeName> {
        let names = ThemeName::ALL.map(ThemeName::name).join(", ");
        match value {
            Node::String(s) => {
                let theme = ThemeName::from_name(s);
                if theme.is_none() {
                    self.report(path, false, format!("unknown theme \"{s}\" (the themes: {names})"));
                }
                theme
            }
            other => {
                self.report(path, false, format!("\"theme\" must be a string ({names}), found {}", other.kind()));
                None
            }
        }
    }

    fn keys(&mut self, value: &Node, path: &[Step]) -> Vec<KeyEntry> {
        let Node::Object(entries) = value else {
            self.report(
                path,
                false,
                format!(
                    "\"keys\" must be an object of action names and key lists, e.g. {{\"interview.skip\": [\"x\"]}}, found {}",
                    value.kind()
                ),
            );
            return Vec::new();
        };
        let mut out: Vec<KeyEntry> = Vec::new();
        let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for (action, keys) in entries {
            let mut entry_path = path.to_vec();
            entry_path.push(Step::Key(action.clone()));
            let times = seen.entry(action).or_default();
            *times += 1;
            if *times > 1 {
                let occurrence = *times - 1;
                self.report_nth(&entry_path, true, occurrence, format!("\"{action}\" is given twice in \"keys\""));
                continue;
            }
            let at = self.at.position(&entry_path, true, 0);
            let Some(specs) = self.key_list(action, keys, &entry_path) else { continue };
            out.push(KeyEntry { action: action.clone(), at, keys: specs });
        }
        out
    }

    /// One action's keys, each with its position: a list, or one key written without it;
    /// None when the value is neither.
    fn key_list(&mut self, action: &str, keys: &Node, entry_path: &[Step]) -> Option<Vec<(String, Position)>> {
        let items = match keys {
            Node::String(s) => return Some(vec![(s.clone(), self.at.position(entry_path, false, 0))]),
            Node::Array(items) => items,
            other => {
                self.report(
                    entry_path,
                    false,
                    format!("\"{action}\" must be a list of keys such as [\"x\", \"ctrl-p\"], found {}", other.kind()),
                );
                return None;
            }
        };
        let mut specs = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let mut item_path = entry_path.to_vec();
            item_path.push(Step::Index(i));
            match item {
                Node::String(s) => specs.push((s.clone(), self.at.position(&item_path, false, 0))),
                other => self.report(
                    &item_path,
                    false,
                    format!("a key must be a string such as \"x\" or \"ctrl-p\", found {}", other.kind()),
                ),
            }
        }
        if items.is_empty() {
            self.report(
                entry_path,
                false,
                format!("\"{action}\" needs at least one key (an action cannot be left without one)"),
            );
        }
        Some(specs)
    }
}

/// A JSON value that keeps an object's fields in file order, duplicates included, so each can
/// be checked and located; scalars other than strings only need their kind for the message.
#[derive(Debug)]
enum Node {
    Object(Vec<(String, Node)>),
    Array(Vec<Node>),
    String(String),
    Bool(bool),
    /// A whole number of 0 or more.
    Count(u64),
    Other(&'static str),
}

impl Node {
    fn kind(&self) -> &'static str {
        match self {
            Node::Object(_) => "an object",
            Node::Array(_) => "a list",
            Node::String(_) => "a string",
            Node::Bool(_) => "true or false",
            Node::Count(0) => "0",
            Node::Count(_) => "a number",
            Node::Other(kind) => kind,
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Node, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Node, E> {
        Ok(Node::Bool(b))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Node, E> {
        Ok(Node::Other("a number"))
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Node, E> {
        Ok(Node::Count(n))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Node, E> {
        Ok(Node::Other("a number"))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Node, E> {
        Ok(Node::String(s.to_string()))
    }

    fn visit_string<E: de::Error>(self, s: String) -> Result<Node, E> {
        Ok(Node::String(s))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Other("null"))
    }

    fn visit_none<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Other("null"))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut fields = Vec::new();
        while let Some((key, value)) = map.next_entry::<String, Node>()? {
            fields.push((key, value));
        }
        Ok(Node::Object(fields))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<String> {
        parse(Path::new("c.json"), text).problems.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn reads_theme_and_keys_in_file_order_with_positions() {
        let text =
            "{\n  \"theme\": \"light\",\n  \"keys\": {\"interview.skip\": [\"x\"], \"global.palette\": \"ctrl-k\"}\n}";
        let Parsed { config, problems } = parse(Path::new("c.json"), text);
        assert_eq!(problems, []);
        assert_eq!(config.theme, Some(ThemeName::Light));
        assert_eq!(config.keys.len(), 2);
        assert_eq!(config.keys[0].action, "interview.skip");
        assert_eq!(config.keys[0].at, Position { line: 3, column: 12 });
        assert_eq!(config.keys[0].keys, vec![("x".to_string(), Position { line: 3, column: 31 })]);
        assert_eq!(config.keys[1].keys[0].0, "ctrl-k");
    }

    #[test]
    fn shape_problems_are_all_reported_where_they_are() {
        let text = "{\"theme\": 3, \"colour\": 1,\n \"keys\": {\"a.b\": [1, \"x\"], \"c.d\": [], \"e.f\": {}}}";
        assert_eq!(
            problems(text),
            [
                "c.json:1:11: \"theme\" must be a string (dark, light), found a number",
                "c.json:1:14: unknown field \"colour\" (allowed: theme, keys, advance_after_answer, norms_min_engagements)",
                "c.json:2:19: a key must be a string such as \"x\" or \"ctrl-p\", found a number",
                "c.json:2:35: \"c.d\" needs at least one key (an action cannot be left without one)",
                "c.json:2:46: \"e.f\" must be a list of keys such as [\"x\", \"ctrl-p\"], found an object",
            ]
        );
    }

    #[test]
    fn advancing_after_an_answer_is_true_or_false() {
        let parsed = parse(Path::new("c.json"), "{\"advance_after_answer\": true}");
        assert_eq!((parsed.config.advance_after_answer, parsed.problems), (Some(true), vec![]));
        assert_eq!(parse(Path::new("c.json"), "{}").config.advance_after_answer, None, "off unless asked");
    }

    #[test]
    fn the_norms_threshold_is_a_whole_number_of_one_or_more() {
        let parsed = parse(Path::new("c.json"), "{\"norms_min_engagements\": 9}");
        assert_eq!((parsed.config.norms_min_engagements, parsed.problems), (Some(9), vec![]));
        for (given, found) in [("0", "0"), ("-2", "a number"), ("2.5", "a number"), ("\"5\"", "a string")] {
            assert_eq!(
                problems(&format!("{{\"norms_min_engagements\": {given}}}")),
                [format!("c.json:1:27: \"norms_min_engagements\" is a whole number of 1 or more, found {found}")]
            );
        }
        assert_eq!(
            problems("{\n  \"advance_after_answer\": \"yes\"}"),
            ["c.json:2:27: \"advance_after_answer\" is true or false, found a string"]
        );
    }

    #[test]
    fn syntax_errors_and_empty_files() {
        assert_eq!(problems("{\"theme\": \"light\",\n}"), ["c.json:2:1: malformed JSON: trailing comma"]);
        assert_eq!(
            problems("  \n"),
            ["c.json:1:1: the file is empty: write a JSON object, e.g. {\"theme\": \"light\"}"]
        );
        assert_eq!(problems("[]"), ["c.json:1:1: expected an object { … }, found a list"]);
    }

    #[test]
    fn a_missing_file_is_no_config() {
        let dir = std::env::temp_dir().join("crosscheck-no-such-dir-for-config-test");
        assert_eq!(read(&dir.join("config.json")), None);
    }
}
