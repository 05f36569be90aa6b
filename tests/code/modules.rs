//! The interface's shape holds: no screen or overlay reaches the app (they get their own state
//! and a read-only context, and return commands), no domain module imports ratatui, the
//! interface or the command line, and no two modules of a folder reach each other.

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

/// The files of a module: the file itself, or every file of its folder.
fn module_files(path: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    if path.is_dir() {
        rust_files(path, &mut files)
    } else {
        files.push(path.to_path_buf())
    }
    files
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

/// Every screen and overlay (each file and folder of `src/ui/screens` and `src/ui/overlays`)
/// is a `Component`, and none keeps a shape of its own beside it: no public `update`, `render`,
/// `input` or `paste` function or method outside the trait.
#[test]
fn every_screen_and_overlay_has_the_one_shape() {
    let mut problems = Vec::new();
    for folder in ["src/ui/screens", "src/ui/overlays"] {
        for entry in std::fs::read_dir(Path::new(ROOT).join(folder)).unwrap() {
            let path = entry.unwrap().path();
            if path.file_name().is_some_and(|n| n == "mod.rs") {
                continue;
            }
            let files = module_files(&path);
            let code: Vec<(PathBuf, usize, String)> =
                files.iter().flat_map(|f| code_lines(f).into_iter().map(move |(n, l)| (f.clone(), n, l))).collect();
            if !code.iter().any(|(_, _, l)| l.contains("impl Component for")) {
                problems.push(format!("{} implements no Component", path.strip_prefix(ROOT).unwrap().display()));
            }
            for (file, n, line) in &code {
                let own = ["update", "render", "input", "paste"].iter().any(|f| line.contains(&format!("pub fn {f}(")));
                if own {
                    problems.push(format!("{}:{n}: {}", file.strip_prefix(ROOT).unwrap().display(), line.trim()));
                }
            }
        }
    }
    assert!(problems.is_empty(), "screens and overlays of another shape:\n{}", problems.join("\n"));
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

/// Domain code: never the terminal, the interface or the command line.
fn reaches_out(line: &str) -> bool {
    ["ratatui", "crossterm", "crate::ui", "crate::cli"].iter().any(|bad| line.contains(bad))
}

#[test]
fn no_domain_module_imports_the_terminal_the_interface_or_the_command_line() {
    for folder in [
        "src/bank",
        "src/claims",
        "src/session",
        "src/storage",
        "src/copies",
        "src/divergence",
        "src/diagnosis",
        "src/report",
        "src/transcript",
        "src/merge",
        "src/problem",
        "src/export",
    ] {
        let found = offending(folder, reaches_out);
        assert!(found.is_empty(), "domain code reaching out:\n{}", found.join("\n"));
    }
    for file in ["src/dora.rs", "src/identity.rs", "src/sanitize.rs", "src/config.rs"] {
        let found: Vec<_> =
            code_lines(&Path::new(ROOT).join(file)).into_iter().filter(|(_, l)| reaches_out(l)).collect();
        assert!(found.is_empty(), "{file} reaches out: {found:?}");
    }
}

/// Storage only stores files: what reads a transcript or brings other copies in is above it
/// (`crate::copies`). Merging what changed on disk before a write is storage's own (a write
/// never replaces what it has not seen), through `crate::merge`, which stays below it.
#[test]
fn storage_stores_files_and_the_merge_stays_below_it() {
    let upward = |line: &str| ["crate::transcript", "crate::copies"].iter().any(|m| line.contains(m));
    let found = offending("src/storage", upward);
    assert!(found.is_empty(), "storage reaching up:\n{}", found.join("\n"));
    let below = |line: &str| ["crate::storage", "crate::copies", "crate::transcript"].iter().any(|m| line.contains(m));
    let found: Vec<_> =
        offending("src/merge", below).into_iter().filter(|l| !l.starts_with("src/merge/tests.rs")).collect();
    assert!(found.is_empty(), "the merge reaching up:\n{}", found.join("\n"));
}

/// The modules of `folder` (its files and subfolders, but `mod.rs` and test files) each with
/// the siblings its code names (`super::x`, `crate::…::x`).
fn sibling_uses(
    folder: &Path,
    crate_path: &str,
) -> std::collections::BTreeMap<String, std::collections::BTreeSet<String>> {
    let mut modules = std::collections::BTreeMap::new();
    for entry in std::fs::read_dir(folder).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let test = name == "tests" || name.ends_with("_tests");
        if name == "mod" || test || !(path.is_dir() || path.extension().is_some_and(|x| x == "rs")) {
            continue;
        }
        modules.insert(name, module_files(&path));
    }
    let names: Vec<String> = modules.keys().cloned().collect();
    let mut uses = std::collections::BTreeMap::new();
    for (name, files) in &modules {
        let mut named = std::collections::BTreeSet::new();
        for (_, line) in files.iter().flat_map(|f| code_lines(f)) {
            for other in names.iter().filter(|o| *o != name) {
                let direct = path_names(&line, "super::", other) || path_names(&line, crate_path, other);
                if direct {
                    named.insert(other.clone());
                }
            }
        }
        uses.insert(name.clone(), named);
    }
    uses
}

/// Whether `line` names module `name` right after `prefix` (`super::links`, not `super::linksx`).
fn path_names(line: &str, prefix: &str, name: &str) -> bool {
    line.match_indices(&format!("{prefix}{name}")).any(|(at, m)| {
        let after = line[at + m.len()..].chars().next();
        let before = line[..at].chars().next_back();
        !after.is_some_and(|c| c.is_alphanumeric() || c == '_')
            && !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

/// Every pair of sibling modules of `folder` (the module `crate_path`, e.g. `crate::export::`)
/// where one names the other and is reached back, directly or through others.
fn circles(folder: &Path, crate_path: &str) -> Vec<(String, String)> {
    let uses = sibling_uses(folder, crate_path);
    let reaches = |from: &str, to: &str| {
        let (mut seen, mut todo) = (std::collections::BTreeSet::new(), vec![from.to_string()]);
        while let Some(m) = todo.pop() {
            for next in uses.get(&m).into_iter().flatten() {
                if next == to {
                    return true;
                }
                if seen.insert(next.clone()) {
                    todo.push(next.clone());
                }
            }
        }
        false
    };
    let mut out = std::collections::BTreeSet::new();
    for (a, named) in &uses {
        for b in named.iter().filter(|b| reaches(b, a)) {
            out.insert(if a < b { (a.clone(), b.clone()) } else { (b.clone(), a.clone()) });
        }
    }
    out.into_iter().collect()
}

#[test]
fn no_two_modules_of_a_folder_reach_each_other() {
    let mut folders = vec![Path::new(ROOT).join("src")];
    let mut found = Vec::new();
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            }
        }
        let rel = folder.strip_prefix(ROOT).unwrap().to_string_lossy().into_owned();
        if rel == "src" {
            continue; // the crate's top level: its domain layering is checked below
        }
        let crate_path = format!("crate::{}::", rel.trim_start_matches("src/").replace('/', "::"));
        for pair in circles(&folder, &crate_path) {
            found.push(format!("{rel}: {} ↔ {}", pair.0, pair.1));
        }
    }
    assert!(found.is_empty(), "modules that reach each other:\n{}", found.join("\n"));
}

#[test]
fn the_circle_check_finds_a_circle() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path();
    std::fs::write(folder.join("a.rs"), "use super::b::B; // super::c\n").unwrap();
    std::fs::write(folder.join("b.rs"), "use crate::fixture::c::C;\n").unwrap();
    std::fs::write(folder.join("c.rs"), "fn f() { super::a::g() }\nuse super::bb;\n").unwrap();
    std::fs::write(folder.join("bb.rs"), "use super::b_other;\n").unwrap();
    let found = circles(folder, "crate::fixture::");
    assert_eq!(found, vec![("a".into(), "b".into()), ("a".into(), "c".into()), ("b".into(), "c".into())]);
    std::fs::write(folder.join("c.rs"), "use super::bb;\n").unwrap();
    assert!(circles(folder, "crate::fixture::").is_empty(), "a line of use is not a circle");
}
