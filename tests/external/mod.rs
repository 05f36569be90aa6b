//! What the export tests share: tools that are not ours (xmllint, Python's csv module), skipped
//! with a message where missing but required when `CI` is set, and a session with hostile text.
#![allow(dead_code)] // each test file uses its own part of this

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use chrono::{DateTime, TimeZone, Utc};

use crosscheck::bank::{Catalog, Kind, Stance};
use crosscheck::session::{AnswerValue, Check, Claim, Conflict, Session, Verdict};
use crosscheck::storage::Store;

pub const DEMO: &str = "demo-corvane-analytics";
pub const SCHEMA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/refi-qda/Project-mrt2019.xsd");

/// Every character XML and a spreadsheet could trip on: markup, quotes, a CDATA end, controls
/// (NUL, ESC, BEL, C1), a Windows line end and a non-character.
pub const HOSTILE: &str =
    "a < b && c > d \"quoted\" 'single' ]]> <![CDATA[x]]> \u{1b}[2J\u{7}\u{0}\u{1}\u{85} end\r\nline two \u{ffff}";

/// Whether `tool` runs (`tool --version`); a missing tool fails the test under CI, else skips it.
pub fn have(tool: &str, why: &str) -> bool {
    let ok = std::process::Command::new(tool).arg("--version").output().is_ok_and(|o| o.status.success());
    if !ok {
        assert!(std::env::var_os("CI").is_none(), "{tool} is required under CI ({why})");
        eprintln!("skipped: {tool} is not installed ({why})");
    }
    ok
}

/// Text as the export writes it into a source or note: line ends made `\n`, controls shown as
/// `\u{…}`, U+FFFE and U+FFFF replaced.
pub fn shown(s: &str) -> String {
    let mut out = String::new();
    for c in s.replace("\r\n", "\n").chars() {
        match c {
            '\n' | '\t' => out.push(c),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

pub fn bin() -> Command {
    let mut cmd = Command::cargo_bin("crosscheck").expect("the binary is built");
    cmd.env_remove("CROSSCHECK_DATA_DIR").env("NO_COLOR", "1");
    cmd
}

pub fn run_ok(cmd: &mut Command) -> Output {
    let out = cmd.output().expect("the binary runs");
    assert!(out.status.success(), "failed: {}", String::from_utf8_lossy(&out.stderr));
    out
}

pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).unwrap()
}

/// A scale question of `function`'s bank on `topic` with `stance`.
fn question(catalog: &Catalog, function: &str, topic: &str, stance: Stance) -> Option<String> {
    let bank = catalog.bank(function)?;
    let q = bank
        .questions
        .iter()
        .find(|q| q.topic.as_deref() == Some(topic) && q.stance == Some(stance) && q.kind == Kind::Scale)?;
    Some(q.id.clone())
}

/// Two topics Product communicates on a scale and Sales answers on one: (topic, communicated,
/// received).
pub fn paired_topics(catalog: &Catalog) -> Vec<(String, String, String)> {
    catalog
        .topics
        .iter()
        .filter_map(|t| {
            let communicated = question(catalog, "product", &t.id, Stance::Communicated)?;
            let received = question(catalog, "sales", &t.id, Stance::Received)?;
            Some((t.id.clone(), communicated, received))
        })
        .take(2)
        .collect()
}

/// A session whose every text is hostile: on the first paired topic Product communicated 4 and
/// Sales got 0 (over-stated), on the second Product communicated 0 and Sales got 4 (a negative
/// gap); a claim made to Product is refuted by Sales; the notes start like spreadsheet formulas.
pub fn hostile_session(catalog: &Catalog) -> Session {
    let now = t0();
    let mut s = Session::new("hostile-1".into(), format!("Acme {HOSTILE}"), Some(format!("Kim {HOSTILE}")), now);
    let pairs = paired_topics(catalog);
    assert!(pairs.len() == 2, "the shipped banks pair two topics");
    let version = |f: &str| catalog.bank(f).unwrap().version.clone();
    let p = s.add_interview("product", &version("product"), now);
    let sales = s.add_interview("sales", &version("sales"), now);
    for (i, name) in [(p, "Pat"), (sales, "Sam")] {
        let interview = &mut s.interviews[i];
        interview.interviewee = Some(format!("{name} {HOSTILE}"));
        interview.role = Some(format!("=role {HOSTILE}"));
        interview.interviewer = Some("Kim <k>".into());
    }
    let formulas = ["=HYPERLINK(\"http://x\",\"y\")", "+1", "-2", "@SUM(A1)", "\tx", "\rx"];
    let levels = [(4, 0), (0, 4)];
    for (n, ((_, communicated, received), (c, r))) in pairs.iter().zip(levels).enumerate() {
        let a = s.interviews[p].answer_mut(communicated);
        a.set_value(AnswerValue::Scale { value: c }, now);
        a.notes = format!("{} {HOSTILE}", formulas[n]);
        a.flags.quote = true;
        let a = s.interviews[sales].answer_mut(received);
        a.set_value(AnswerValue::Scale { value: r }, now);
        a.notes = format!("{} {HOSTILE}", formulas[n + 2]);
        a.flags.follow_up = true;
        a.flags.follow_up_reason = Some(format!("{} why {HOSTILE}", formulas[n + 4]));
        a.edited_by = Some(format!("Lee {HOSTILE}"));
    }
    let claim = Claim {
        id: "claim-1".into(),
        topic: pairs[0].0.clone(),
        text: format!("The deck went out {HOSTILE}"),
        concerns: vec!["sales".into()],
        notes: format!("claim notes {HOSTILE}"),
        quote: true,
        made_at: now,
        made_by: Some("Kim <k>".into()),
        edited_at: now,
        withdrawn_at: None,
        revision: Default::default(),
    };
    s.interviews[p].put_claim(claim);
    let check = Check {
        claim: "claim-1".into(),
        verdict: Verdict::NotReceived,
        notes: format!("never {HOSTILE}"),
        at: now,
        by: None,
        revision: Default::default(),
    };
    s.interviews[sales].record_check(check);
    // Another interviewer's value of Sales' first received answer, kept by a merge.
    let mut other = s.interviews[sales].answers[&pairs[0].2].clone();
    other.set_value(AnswerValue::Scale { value: 1 }, now);
    other.notes = format!("=other {HOSTILE}");
    other.edited_by = Some(format!("Rae {HOSTILE}"));
    let question = pairs[0].2.clone();
    s.interviews[sales].conflicts.push(Conflict { question, answer: other, settled_at: None, settled_by: None });
    s
}

/// A data folder holding `session`.
pub fn data_folder(session: &Session) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    Store::open(dir.path()).unwrap().save(session).unwrap();
    dir
}

pub fn path_in(dir: &Path, name: &str) -> PathBuf {
    dir.join(name)
}
