//! `crosscheck export ID --format qdpx`: the REFI-QDA project, checked with tools that are not
//! ours — xmllint against the standard's schema, the zip crate to open the archive, quick-xml's
//! reader to find every selection — and each coding's offsets read back on its source.

use crate::external;

use std::collections::HashMap;
use std::io::Read as _;
use std::path::Path;

use quick_xml::events::{BytesStart, Event};

use crosscheck::bank::Catalog;
use crosscheck::transcript::{self, Given, Transcript};
use external::*;

/// The archive's files by name.
fn unzip(path: &Path) -> HashMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut files = HashMap::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).unwrap();
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).unwrap();
        files.insert(f.name().unwrap().to_string(), bytes);
    }
    files
}

/// Exports `id` as a project and as a transcript; the archive's files and the transcript.
fn export(data: Option<&Path>, id: &str, dir: &Path) -> (HashMap<String, Vec<u8>>, Transcript) {
    let with = |cmd: &mut assert_cmd::Command| {
        match data {
            Some(d) => cmd.arg("--data-dir").arg(d),
            None => cmd.arg("--demo"),
        };
    };
    let (qdpx, json) = (dir.join("out.qdpx"), dir.join("out.json"));
    let mut cmd = bin();
    with(&mut cmd);
    run_ok(cmd.args(["export", id, "--format", "qdpx", "-o"]).arg(&qdpx));
    let mut cmd = bin();
    with(&mut cmd);
    run_ok(cmd.args(["export", id, "-o"]).arg(&json));
    let t = transcript::parse("out.json", &std::fs::read_to_string(&json).unwrap()).unwrap();
    (unzip(&qdpx), t)
}

/// `project.qde` is valid against the REFI-QDA schema, by xmllint.
fn assert_valid(files: &HashMap<String, Vec<u8>>, dir: &Path) {
    if !have("xmllint", "it validates project.qde against the REFI-QDA schema; Debian: libxml2-utils") {
        return;
    }
    assert!(Path::new(SCHEMA).exists() || std::env::var_os("CI").is_none(), "{SCHEMA} is missing");
    if !Path::new(SCHEMA).exists() {
        eprintln!("skipped: {SCHEMA} is missing");
        return;
    }
    let qde = dir.join("project.qde");
    std::fs::write(&qde, &files["project.qde"]).unwrap();
    let out = std::process::Command::new("xmllint").args(["--noout", "--schema", SCHEMA]).arg(&qde).output().unwrap();
    assert!(out.status.success(), "xmllint: {}", String::from_utf8_lossy(&out.stderr));
}

/// A selection as the project states it.
#[derive(Debug)]
struct Selection {
    source: String,
    name: String,
    start: usize,
    end: usize,
    codes: Vec<String>,
    notes: Vec<String>,
    /// The selection's own description, unescaped: where QualCoder reads a coding's memo.
    description: Option<String>,
}

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    let version = quick_xml::XmlVersion::default();
    e.attributes().flatten().find(|a| a.key.as_ref() == name).map(|a| a.normalized_value(version).unwrap().into_owned())
}

/// Every selection (with the plain-text path of its source) and every code's name by GUID.
fn read_project(xml: &str) -> (Vec<Selection>, HashMap<String, String>) {
    let mut reader = quick_xml::Reader::from_str(xml);
    let (mut selections, mut codes, mut source) = (Vec::new(), HashMap::new(), String::new());
    let mut open: Option<Selection> = None;
    let mut described: Option<String> = None;
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Eof => break,
            Event::Start(e) if e.name().as_ref() == "Description" && open.is_some() => described = Some(String::new()),
            Event::End(e) if e.name().as_ref() == "Description" && open.is_some() => {
                let raw = described.take().unwrap();
                open.as_mut().unwrap().description = Some(quick_xml::escape::unescape(&raw).unwrap().into_owned());
            }
            Event::Text(e) if described.is_some() => described.as_mut().unwrap().push_str(e.as_ref()),
            Event::GeneralRef(e) if described.is_some() => {
                described.as_mut().unwrap().push_str(&format!("&{};", e.as_ref()))
            }
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                "TextSource" => source = attr(&e, "plainTextPath").unwrap(),
                "Code" => drop(codes.insert(attr(&e, "guid").unwrap(), attr(&e, "name").unwrap())),
                "PlainTextSelection" => {
                    let n = |k| attr(&e, k).unwrap().parse().unwrap();
                    let name = attr(&e, "name").unwrap();
                    let (start, end) = (n("startPosition"), n("endPosition"));
                    let (codes, notes, description) = (vec![], vec![], None);
                    open = Some(Selection { source: source.clone(), name, start, end, codes, notes, description });
                }
                "CodeRef" => open.as_mut().unwrap().codes.push(attr(&e, "targetGUID").unwrap()),
                "NoteRef" => open.as_mut().unwrap().notes.push(attr(&e, "targetGUID").unwrap()),
                _ => {}
            },
            Event::End(e) if e.name().as_ref() == "PlainTextSelection" => selections.push(open.take().unwrap()),
            _ => {}
        }
    }
    (selections, codes)
}

/// The text of every note, unescaped (the reader hands text and entity references apart).
fn note_texts(xml: &str) -> Vec<String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let (mut texts, mut raw): (Vec<String>, Option<String>) = (Vec::new(), None);
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Eof => break,
            Event::Start(e) if e.name().as_ref() == "PlainTextContent" => raw = Some(String::new()),
            Event::End(e) if e.name().as_ref() == "PlainTextContent" => {
                texts.push(quick_xml::escape::unescape(&raw.take().unwrap()).unwrap().into_owned())
            }
            Event::Text(e) if raw.is_some() => raw.as_mut().unwrap().push_str(e.as_ref()),
            Event::GeneralRef(e) if raw.is_some() => raw.as_mut().unwrap().push_str(&format!("&{};", e.as_ref())),
            _ => {}
        }
    }
    texts
}

/// The source text `internal://GUID.txt` points at.
fn source_text(files: &HashMap<String, Vec<u8>>, path: &str) -> String {
    let name = format!("sources/{}", path.strip_prefix("internal://").expect("an internal path"));
    String::from_utf8(files[&name].clone()).expect("UTF-8")
}

/// What an answer's span (or another value's, kept by a merge) must hold: its value (or
/// state) and its notes.
fn expected_span(g: &Given) -> String {
    let head = g.value_text.clone().unwrap_or_else(|| {
        match g.state.name() {
            "answered" => "(answered)",
            "skipped" => "(skipped)",
            "dont-know" => "(don't know)",
            _ => "(not asked)",
        }
        .to_string()
    });
    let notes = shown(g.notes.trim_end());
    if notes.is_empty() { shown(&head) } else { format!("{}\n{notes}", shown(&head)) }
}

/// Every answer selection's offsets land on exactly its answer's text in its interview's source;
/// returns the answer selections checked, with their codes' names.
fn check_offsets(files: &HashMap<String, Vec<u8>>, t: &Transcript) -> Vec<(String, String, Vec<String>)> {
    let (selections, codes) = read_project(std::str::from_utf8(&files["project.qde"]).unwrap());
    let mut checked = Vec::new();
    for s in &selections {
        let text: Vec<char> = source_text(files, &s.source).chars().collect();
        assert!(s.start <= s.end && s.end <= text.len(), "{s:?} is outside its source");
        let selected: String = text[s.start..s.end].iter().collect();
        // The source names its interview on its second line.
        let head: String = text.iter().take(2000).collect();
        let second = head.lines().nth(1).unwrap_or_default();
        let interview = t.interviews.iter().find(|i| second.ends_with(&format!("interview {}", i.id)));
        let interview = interview.expect("the source names its interview");
        let names: Vec<String> =
            s.codes.iter().map(|g| codes.get(g).expect("a code of the codebook").clone()).collect();
        if let Some(a) = interview.answers.iter().find(|a| a.question_id == s.name) {
            assert_eq!(selected, expected_span(&a.given), "selection {} of {}", s.name, interview.id);
            checked.push((interview.id.clone(), a.question_id.clone(), names));
        } else if let Some(question) = s.name.strip_prefix("other value: ") {
            let spans: Vec<String> = interview
                .conflicts
                .iter()
                .filter(|c| c.question_id == question)
                .map(|c| expected_span(&c.given))
                .collect();
            assert!(spans.contains(&selected), "{selected:?} is none of the other values of {question}");
            assert!(names.iter().any(|n| n == "Values in conflict"), "{names:?}");
        } else {
            assert!(s.name.starts_with("claim: ") || s.name.starts_with("check: "), "unknown selection {s:?}");
        }
    }
    checked
}

#[test]
fn the_demo_exports_a_project_valid_against_the_refi_qda_schema() {
    let dir = tempfile::tempdir().unwrap();
    let (files, t) = export(None, DEMO, dir.path());
    assert_eq!(files.keys().filter(|k| k.starts_with("sources/") && k.ends_with(".txt")).count(), t.interviews.len());
    assert_valid(&files, dir.path());
}

#[test]
fn every_coding_of_the_demo_lands_on_its_answer_with_its_topic() {
    let dir = tempfile::tempdir().unwrap();
    let (files, t) = export(None, DEMO, dir.path());
    let checked = check_offsets(&files, &t);
    let catalog = Catalog::embedded().unwrap();
    // Every answered question on a topic is coded with that topic's title.
    for i in &t.interviews {
        for a in i.answers.iter().filter(|a| a.topic.is_some() && a.given.state.name() == "answered") {
            let title = &catalog.topic(a.topic.as_deref().unwrap()).unwrap().title;
            let coded = checked.iter().find(|(id, q, _)| *id == i.id && *q == a.question_id);
            assert!(
                coded.is_some_and(|(_, _, codes)| codes.contains(title)),
                "{} {} is not coded",
                i.id,
                a.question_id
            );
        }
    }
    // The demo shows over-statements: some communicator's answer carries the code.
    assert!(checked.iter().any(|(_, _, c)| c.iter().any(|n| n == "Over-stated")));
    assert!(checked.iter().any(|(_, _, c)| c.iter().any(|n| n == "Verbatim quote")));
}

/// The attributes of every element called `name`, in document order, with the name of the
/// element each sits in (for a set's members, its set's name).
fn elements(xml: &str, name: &str) -> Vec<(HashMap<String, String>, String)> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let (mut found, mut parent) = (Vec::new(), String::new());
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => {
                let attrs: HashMap<String, String> = e
                    .attributes()
                    .flatten()
                    .map(|a| {
                        let key = a.key.as_ref().to_string();
                        (key.clone(), attr(&e, &key).unwrap())
                    })
                    .collect();
                if e.name().as_ref() == name {
                    found.push((attrs.clone(), parent.clone()));
                }
                parent = attrs.get("name").cloned().unwrap_or(parent);
            }
            _ => {}
        }
    }
    found
}

#[test]
fn each_check_links_to_its_claim_and_each_function_is_a_set() {
    let dir = tempfile::tempdir().unwrap();
    let (files, t) = export(None, DEMO, dir.path());
    let xml = std::str::from_utf8(&files["project.qde"]).unwrap();
    let selections: HashMap<String, String> =
        elements(xml, "PlainTextSelection").into_iter().map(|(a, _)| (a["guid"].clone(), a["name"].clone())).collect();
    let standing: Vec<&str> = t
        .interviews
        .iter()
        .flat_map(|i| &i.claims)
        .filter(|c| c.withdrawn_at.is_none())
        .map(|c| c.id.as_str())
        .collect();
    let checks = t.interviews.iter().flat_map(|i| &i.checks).filter(|k| standing.contains(&k.claim.as_str())).count();
    let links = elements(xml, "Link");
    assert!(checks > 0 && links.len() == checks, "{} links for {checks} checks", links.len());
    for (link, _) in &links {
        let (origin, target) = (&selections[&link["originGUID"]], &selections[&link["targetGUID"]]);
        assert!(origin.starts_with("claim: ") && target.starts_with("check: "), "{link:?}");
        assert_eq!(origin.strip_prefix("claim: "), target.strip_prefix("check: "), "a check links to its own claim");
        assert_eq!(link["direction"], "OneWay");
    }
    // One set per function, holding exactly its interviews' sources.
    let sources: HashMap<String, String> =
        elements(xml, "TextSource").into_iter().map(|(a, _)| (a["guid"].clone(), a["plainTextPath"].clone())).collect();
    let sets = elements(xml, "Set");
    let members = elements(xml, "MemberSource");
    for b in &t.banks {
        let name = format!("{} interviews", b.title);
        assert!(sets.iter().any(|(a, _)| a["name"] == name), "no set {name}");
        let held: Vec<_> = members.iter().filter(|(_, set)| *set == name).collect();
        let interviews = t.interviews.iter().filter(|i| i.function == b.function).count();
        assert_eq!(held.len(), interviews, "{name}");
        assert!(held.iter().all(|(m, _)| sources.contains_key(&m["targetGUID"])), "{name}: members are sources");
    }
}

#[test]
fn two_exports_of_a_session_give_the_same_project() {
    let dir = tempfile::tempdir().unwrap();
    let (a, _) = export(None, DEMO, &dir.path().join("a").tap_mkdir());
    let (b, _) = export(None, DEMO, &dir.path().join("b").tap_mkdir());
    assert_eq!(a["project.qde"], b["project.qde"]);
    assert_eq!(a, b, "the sources are the same too");
}

#[test]
fn hostile_text_gives_valid_xml_and_offsets_on_the_shown_text() {
    let catalog = Catalog::embedded().unwrap();
    let mut session = hostile_session(&catalog);
    session.launch = Some(crosscheck::session::Launch::parse("Flex pricing", "2026-10-06", "2026.10").unwrap());
    let data = data_folder(&session);
    let dir = tempfile::tempdir().unwrap();
    let (files, t) = export(Some(data.path()), &session.id, dir.path());
    assert_valid(&files, dir.path());
    let xml = std::str::from_utf8(&files["project.qde"]).unwrap();
    assert!(!xml.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\t')), "no control character in the XML");
    assert!(xml.contains(&quick_xml::escape::escape(shown("]]>").as_str()).into_owned()));
    // The launch every interview is about is in the project's description.
    assert!(xml.contains("The launch in view: Flex pricing (out 6 Oct 2026), carried by release 2026.10."));
    let checked = check_offsets(&files, &t);
    let pairs = paired_topics(&catalog);
    let codes_of = |q: &str| checked.iter().find(|(_, id, _)| id == q).map(|(_, _, c)| c.clone()).unwrap_or_default();
    // Over-stated on the communicator's answer where Sales got less, not where it got more.
    assert!(codes_of(&pairs[0].1).contains(&"Over-stated".to_string()));
    assert!(!codes_of(&pairs[1].1).contains(&"Over-stated".to_string()));
    assert!(codes_of(&pairs[0].1).contains(&"Verbatim quote".to_string()));
    // The refuted claim codes Sales' answer on its topic, and the check itself.
    let received = codes_of(&pairs[0].2);
    assert!(received.contains(&"Refuted claim".to_string()) && received.contains(&"Follow-up".to_string()));
    assert!(!codes_of(&pairs[1].2).contains(&"Refuted claim".to_string()));
    let (selections, codes) = read_project(xml);
    let check = selections.iter().find(|s| s.name.starts_with("check: ")).expect("the check is a selection");
    assert!(check.codes.iter().any(|g| codes[g] == "Refuted claim"));
    // The follow-up reasons are notes the selections refer to.
    let noted: Vec<&Selection> = selections.iter().filter(|s| !s.notes.is_empty()).collect();
    assert_eq!(noted.len(), 2);
    // QualCoder reads neither: each reason is also the selection's description, its codings' memo.
    let described: Vec<&str> = selections.iter().filter_map(|s| s.description.as_deref()).collect();
    assert_eq!(described.len(), 2, "{described:?}");
    assert!(described.contains(&shown(&format!("\tx why {HOSTILE}")).as_str()), "{described:?}");
    // The value a merge kept beside Sales' answer is a selection of its own, coded.
    let other = selections.iter().find(|s| s.name == format!("other value: {}", pairs[0].2)).expect("the other value");
    let names: Vec<&str> = other.codes.iter().map(|g| codes[g].as_str()).collect();
    let topic = &catalog.topic(&pairs[0].0).unwrap().title;
    assert!(names.contains(&"Values in conflict") && names.contains(&topic.as_str()), "{names:?}");
    let notes = note_texts(xml);
    assert!(notes.contains(&shown(&format!("\tx why {HOSTILE}"))), "{notes:?}");
    assert!(notes.contains(&shown(&format!("\rx why {HOSTILE}"))), "{notes:?}");
}

#[test]
fn a_project_is_never_written_to_the_terminal() {
    for args in [vec!["export", DEMO, "--format", "qdpx"], vec!["export", DEMO, "--format", "qdpx", "-o", "-"]] {
        let out = bin().arg("--demo").args(&args).output().unwrap();
        assert!(!out.status.success());
        assert!(out.stdout.is_empty());
        assert!(String::from_utf8_lossy(&out.stderr).contains("-o FILE.qdpx"));
    }
}

trait Mkdir {
    fn tap_mkdir(self) -> Self;
}

impl Mkdir for std::path::PathBuf {
    fn tap_mkdir(self) -> Self {
        std::fs::create_dir_all(&self).unwrap();
        self
    }
}

/// Every coding and every source has a creating user when the session names its interviewer:
/// an interview that does not name its own falls back to the session's, so a reader such as
/// QualCoder does not give them to a coder it makes up.
#[test]
fn every_coding_has_a_creating_user() {
    let dir = tempfile::tempdir().unwrap();
    let (files, t) = export(None, DEMO, dir.path());
    assert!(t.session.interviewer.is_some() && t.interviews.iter().any(|i| i.interviewer.is_none()), "the case");
    let xml = std::str::from_utf8(&files["project.qde"]).unwrap();
    let users: Vec<String> = elements(xml, "User").into_iter().filter_map(|(a, _)| a.get("guid").cloned()).collect();
    for name in ["Coding", "TextSource"] {
        let all = elements(xml, name);
        assert!(!all.is_empty(), "{name}");
        for (a, _) in all {
            let user = a.get("creatingUser").unwrap_or_else(|| panic!("a {name} without a creating user: {a:?}"));
            assert!(users.contains(user), "{name}'s user is one of the project's");
        }
    }
}
