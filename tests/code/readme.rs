//! The README's code map names every source file and folder, and only ones that exist; its
//! Tests section names every test binary, and only ones that exist.

use std::collections::BTreeSet;
use std::path::Path;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The text of the README's section `heading` ("## Code map").
fn section(heading: &str) -> String {
    let readme = std::fs::read_to_string(Path::new(ROOT).join("README.md")).unwrap();
    let start = readme.find(&format!("\n{heading}\n")).unwrap_or_else(|| panic!("a section {heading}"));
    let rest = &readme[start + heading.len() + 1..];
    rest[..rest.find("\n## ").unwrap_or(rest.len())].to_string()
}

fn code_map() -> String {
    section("## Code map")
}

/// Every `.rs` file under src/, as a path relative to the crate.
fn sources(dir: &Path, out: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.insert(path.strip_prefix(ROOT).unwrap().to_string_lossy().replace('\\', "/"));
        }
    }
}

/// The files and folders a code map names. A name is a full `src/…` path, or belongs to a
/// folder named before it: the bullet's first folder (or its parent bullet's) for names outside
/// brackets, and a folder named just before a bracket for the names inside it.
fn named(map: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    // Per bullet indent: the folder its names belong to.
    let mut bullets: Vec<(usize, String)> = Vec::new();
    let mut scope: Vec<String> = Vec::new(); // by bracket depth
    let mut first = true;
    let mut depth = 0usize;
    for line in map.lines() {
        let indent = line.len() - line.trim_start().len();
        if line.trim_start().starts_with("- ") {
            bullets.retain(|(i, _)| *i < indent);
            let inherited = bullets.last().map(|(_, f)| f.clone()).unwrap_or_default();
            bullets.push((indent, inherited.clone()));
            scope = vec![inherited.clone(), inherited];
            first = true;
            depth = 0;
        }
        let mut code = false;
        let mut token = String::new();
        for c in line.chars() {
            match c {
                '`' if code => {
                    let name = token.split_whitespace().next().unwrap_or_default().to_string();
                    let base = scope.get(depth).cloned().unwrap_or_default();
                    let full = if name.starts_with("src/") { name.clone() } else { format!("{base}{name}") };
                    if name.ends_with('/') {
                        if first && depth == 0 && name.starts_with("src/") {
                            scope[0] = full.clone();
                            if let Some(b) = bullets.last_mut() {
                                b.1 = full.clone();
                            }
                        }
                        scope.truncate(depth + 1);
                        scope.push(full.clone());
                        out.insert(full);
                    } else if name.ends_with(".rs") {
                        out.insert(full);
                    }
                    if name.ends_with('/') || name.ends_with(".rs") {
                        first = false;
                    }
                    token.clear();
                    code = false;
                }
                '`' => code = true,
                _ if code => token.push(c),
                '(' => {
                    depth += 1;
                    if scope.len() <= depth {
                        let last = scope.last().cloned().unwrap_or_default();
                        scope.push(last);
                    }
                }
                ')' => {
                    depth = depth.saturating_sub(1);
                    scope.truncate(depth + 2);
                    let here = scope[depth].clone();
                    scope[depth + 1] = here;
                }
                _ => {}
            }
        }
    }
    out
}

#[test]
fn the_code_map_names_every_source_file_and_only_real_ones() {
    let map = code_map();
    let named = named(&map);
    let mut files = BTreeSet::new();
    sources(&Path::new(ROOT).join("src"), &mut files);
    let missing: Vec<&String> = files.iter().filter(|f| !named.contains(*f)).collect();
    assert!(missing.is_empty(), "the README's code map does not name: {missing:?}");
    let stale: Vec<&String> = named.iter().filter(|n| !Path::new(ROOT).join(n).exists()).collect();
    assert!(stale.is_empty(), "the README's code map names what does not exist: {stale:?}");
}

/// The test binaries (`tests/x.rs`, and folders with a `main.rs`: `tests/area/`) and the
/// files each folder's binary is made of (`tests/area/x.rs`).
fn test_files() -> (BTreeSet<String>, BTreeSet<String>) {
    let (mut binaries, mut parts) = (BTreeSet::new(), BTreeSet::new());
    for entry in std::fs::read_dir(Path::new(ROOT).join("tests")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.extension().is_some_and(|x| x == "rs") {
            binaries.insert(format!("tests/{name}"));
        } else if path.join("main.rs").exists() {
            binaries.insert(format!("tests/{name}/"));
            for part in std::fs::read_dir(&path).unwrap() {
                let file = part.unwrap().file_name().to_string_lossy().into_owned();
                if file.ends_with(".rs") && file != "main.rs" {
                    parts.insert(format!("tests/{name}/{file}"));
                }
            }
        }
    }
    (binaries, parts)
}

#[test]
fn the_tests_section_names_every_test_binary_and_only_real_ones() {
    let tests = section("## Tests");
    let (binaries, parts) = test_files();
    let missing: Vec<_> = binaries.iter().chain(&parts).filter(|b| !tests.contains(&format!("`{b}`"))).collect();
    assert!(missing.is_empty(), "the README's Tests section does not name: {missing:?}");
    // Every test path in backticks exists (helpers, `tests/common/…`, are named as folders).
    let named: BTreeSet<&str> = tests.split('`').skip(1).step_by(2).filter(|n| n.starts_with("tests/")).collect();
    let gone: Vec<_> = named.iter().filter(|n| !Path::new(ROOT).join(n).exists()).collect();
    assert!(gone.is_empty(), "the README's Tests section names test files that do not exist: {gone:?}");
}
