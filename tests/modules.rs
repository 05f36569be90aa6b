//! The interface's shape holds: no screen or overlay reaches the app (they get their own state
//! and a read-only context, and return commands), and no domain module imports ratatui.

use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}

/// The code of a file without its comments (line comments and doc comments).
fn code_lines(path: &Path) -> Vec<(usize, String)> {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.split("//").next().unwrap_or("").to_string()))
        .filter(|(_, l)| !l.trim().is_empty())
        .collect()
}

/// Lines of the files under `folder` whose code matches `bad`.
fn offending(folder: &str, bad: impl Fn(&str) -> bool) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(&Path::new(ROOT).join(folder), &mut files);
    assert!(!files.is_empty(), "{folder} has no files");
    let mut out = Vec::new();
    for file in files {
        for (n, line) in code_lines(&file) {
            if bad(&line) {
                out.push(format!("{}:{n}: {}", file.strip_prefix(ROOT).unwrap().display(), line.trim()));
            }
        }
    }
    out
}

/// Whether a line of code names the app: its module, its type or the open session's (the
/// command that opens a session is `Command::OpenSession`, which is not it).
fn names_the_app(line: &str) -> bool {
    let words: Vec<&str> = line.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')).collect();
    let module =
        words.iter().any(|w| w.contains("ui::app") || w.starts_with("super::app") || w.contains("::super::app"));
    let named = |name: &str| {
        words.iter().any(|w| {
            let parts: Vec<&str> = w.split("::").collect();
            parts.iter().enumerate().any(|(i, p)| *p == name && (i == 0 || parts[i - 1] != "Command"))
        })
    };
    module || named("App") || named("OpenSession")
}

#[test]
fn no_screen_or_overlay_sees_the_app() {
    for folder in ["src/ui/screens", "src/ui/overlays"] {
        let found = offending(folder, names_the_app);
        assert!(found.is_empty(), "these lines reach the app:\n{}", found.join("\n"));
    }
}

#[test]
fn the_check_itself_sees_the_app_named() {
    assert!(names_the_app("use crate::ui::app::{App, Route};"));
    assert!(names_the_app("use super::app::Screen;"));
    assert!(names_the_app("fn render(app: &App, frame: &mut Frame)"));
    assert!(names_the_app("use crate::ui::{OpenSession, Screen};"));
    assert!(!names_the_app("let apply = happen(application);"));
    assert!(!names_the_app("vec![Command::OpenSession(id)]"));
}

#[test]
fn no_domain_module_imports_ratatui() {
    for folder in [
        "src/bank",
        "src/session",
        "src/storage",
        "src/divergence",
        "src/diagnosis",
        "src/report",
        "src/transcript",
        "src/merge",
        "src/problem",
    ] {
        let found = offending(folder, |l| l.contains("ratatui") || l.contains("crossterm"));
        assert!(found.is_empty(), "domain code importing the terminal:\n{}", found.join("\n"));
    }
    for file in ["src/dora.rs", "src/identity.rs", "src/sanitize.rs", "src/config.rs"] {
        let found: Vec<_> = code_lines(&Path::new(ROOT).join(file))
            .into_iter()
            .filter(|(_, l)| l.contains("ratatui") || l.contains("crossterm"))
            .collect();
        assert!(found.is_empty(), "{file} imports the terminal: {found:?}");
    }
}
