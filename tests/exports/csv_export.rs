//! `crosscheck export ID --format csv` and `crosscheck divergence ID --csv`, read back with
//! Python's csv module (a reader that is not ours) and compared field by field with what the
//! session holds; formula-like text is neutralised, numbers stay numbers.

use crate::external;

use std::path::Path;

use crosscheck::bank::{Catalog, SCALE_MAX};
use crosscheck::divergence::{Divergence, Verdict};
use crosscheck::transcript;
use external::*;

/// The rows of a CSV file as Python's csv module reads them (UTF-8, RFC 4180).
fn python_rows(file: &Path) -> Option<Vec<Vec<String>>> {
    if !have("python3", "it reads the CSV back with its csv module") {
        return None;
    }
    let script = "import csv, json, sys\nwith open(sys.argv[1], newline='', encoding='utf-8') as f:\n    json.dump(list(csv.reader(f, strict=True)), sys.stdout)\n";
    let out = std::process::Command::new("python3").args(["-c", script]).arg(file).output().unwrap();
    assert!(out.status.success(), "python3: {}", String::from_utf8_lossy(&out.stderr));
    Some(serde_json::from_slice(&out.stdout).unwrap())
}

/// A text cell as the export must write it.
fn neutral(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_string() }
}

fn opt(s: &Option<String>) -> String {
    neutral(s.as_deref().unwrap_or_default())
}

fn yes(b: bool) -> String {
    if b { "yes" } else { "no" }.to_string()
}

/// A number cell: a number, never neutralised, within the two decimals written.
fn assert_number(field: &str, expected: Option<f64>, what: &str) {
    match expected {
        Some(x) => {
            let got: f64 = field.parse().unwrap_or_else(|_| panic!("{what}: {field:?} is not a number"));
            assert!((got - x).abs() < 0.006, "{what}: {got} for {x}");
        }
        None => assert_eq!(field, "", "{what}"),
    }
}

#[test]
fn every_answer_row_reads_back_as_the_session_holds_it() {
    let catalog = Catalog::embedded().unwrap();
    let session = hostile_session(&catalog);
    let data = data_folder(&session);
    // Written outside the data folder: crosscheck refuses to write inside it.
    let out = tempfile::tempdir().unwrap();
    let (csv, json) = (out.path().join("answers.csv"), out.path().join("t.json"));
    run_ok(bin().arg("--data-dir").arg(data.path()).args(["export", &session.id, "--format", "csv", "-o"]).arg(&csv));
    run_ok(bin().arg("--data-dir").arg(data.path()).args(["export", &session.id, "-o"]).arg(&json));
    let t = transcript::parse("t.json", &std::fs::read_to_string(&json).unwrap()).unwrap();
    assert!(std::fs::read_to_string(&csv).unwrap().contains("\r\n"), "RFC 4180 line ends in a file");
    let Some(rows) = python_rows(&csv) else { return };
    let records: Vec<_> = t.interviews.iter().flat_map(|i| i.answers.iter().map(move |a| (i, a))).collect();
    assert_eq!(rows.len(), records.len() + 1, "a header and one row per answer");
    assert_eq!(rows[0][0], "interview_id");
    for (row, (i, a)) in rows[1..].iter().zip(&records) {
        let g = &a.given;
        let expected = [
            neutral(&i.id),
            neutral(&i.function),
            opt(&i.interviewee),
            neutral(&a.question_id),
            opt(&a.text),
            opt(&a.topic),
            a.stance.map(|s| s.name().to_string()).unwrap_or_default(),
            g.state.name().to_string(),
            opt(&g.value_text),
        ];
        assert_eq!(row[..9], expected, "{} {}", i.id, a.question_id);
        assert_number(&row[9], g.normalised.map(|n| n * SCALE_MAX), "score");
        let source = g.source.map(|s| s.name().to_string()).unwrap_or_default();
        let rest = [
            neutral(&g.notes),
            yes(g.flags.follow_up),
            opt(&g.flags.follow_up_reason),
            yes(g.flags.quote),
            source,
            g.sent_by.map(|s| s.name().to_string()).unwrap_or_default(),
            opt(&g.answered_at),
            opt(&g.edited_at),
            opt(&g.edited_by),
            opt(&a.section),
            yes(a.in_bank),
        ];
        assert_eq!(row[10..21], rest, "{} {}", i.id, a.question_id);
        let others: Vec<_> = i.conflicts.iter().filter(|c| c.question_id == a.question_id).collect();
        if others.is_empty() {
            assert_eq!(row[21..], ["", ""], "{} {}: no other value", i.id, a.question_id);
        } else {
            let open = others.iter().filter(|c| c.open).count();
            assert_eq!(row[21], open.to_string());
            for c in others {
                let (value, by) = (c.given.value_text.as_deref().unwrap(), c.given.edited_by.as_deref().unwrap());
                assert!(row[22].starts_with(&neutral(value)), "{:?}", row[22]);
                assert!(
                    row[22].contains(&format!(" by {by}")) && row[22].contains(c.given.notes.trim()),
                    "{:?}",
                    row[22]
                );
            }
        }
    }
    let conflicted = rows.iter().filter(|r| r[21] == "1").count();
    assert_eq!(conflicted, 1, "the merge's other value is on its answer's row");
    // The formulas were neutralised, every one of them.
    let notes: Vec<&str> = rows.iter().map(|r| r[10].as_str()).filter(|n| !n.is_empty()).collect();
    for start in ["'=HYPERLINK", "'+1", "'-2", "'@SUM"] {
        assert!(notes.iter().any(|n| n.starts_with(start)), "no note starts with {start}");
    }
    assert!(rows.iter().any(|r| r[12].starts_with("'\tx")) && rows.iter().any(|r| r[12].starts_with("'\rx")));
}

#[test]
fn the_matrix_reads_back_with_negative_gaps_as_numbers() {
    let catalog = Catalog::embedded().unwrap();
    let session = hostile_session(&catalog);
    let data = data_folder(&session);
    let out = run_ok(bin().arg("--data-dir").arg(data.path()).args(["divergence", &session.id, "--csv"]));
    let csv = data.path().join("matrix.csv");
    std::fs::write(&csv, &out.stdout).unwrap();
    let out = run_ok(bin().arg("--data-dir").arg(data.path()).args(["divergence", &session.id, "--json"]));
    let d: Divergence = serde_json::from_slice(&out.stdout).unwrap();
    let Some(rows) = python_rows(&csv) else { return };
    let cells: Vec<_> = d.topics.iter().flat_map(|t| t.cells.iter().map(move |c| (t, c))).collect();
    assert_eq!(rows.len(), cells.len() + 1);
    assert_eq!(rows[0][..3], ["topic", "topic_title", "function"]);
    for (row, (t, c)) in rows[1..].iter().zip(&cells) {
        assert_eq!(row[..3], [neutral(&t.topic), neutral(&t.title), neutral(&c.received.function)]);
        assert_number(&row[3], t.communicated_for(c).points(), "claim level");
        assert_number(&row[4], c.received.points(), "level received");
        assert_number(&row[5], c.gap_points, "gap");
        assert_eq!(
            row[6..10],
            [c.verdict.symbol(), c.verdict.name(), &yes(c.verdict == Verdict::AgreedWeakness), &yes(t.inconsistent())]
        );
    }
    // Product communicated 0 where Sales got 4: a gap of −4, a number, not neutralised text.
    let pairs = paired_topics(&catalog);
    let under = rows.iter().find(|r| r[0] == pairs[1].0 && r[2] == "sales").expect("the under-stated cell");
    assert_eq!(under[5], "-4");
    let over = rows.iter().find(|r| r[0] == pairs[0].0 && r[2] == "sales").expect("the over-stated cell");
    assert_eq!((over[5].as_str(), over[6].as_str()), ("4", "▲▲"));
}

#[test]
fn the_demo_exports_csv_to_the_terminal_with_controls_shown() {
    let out = run_ok(bin().args(["--demo", "export", DEMO, "--format", "csv"]));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("interview_id,function,"));
    assert!(!text.contains('\r'), "a terminal gets bare newlines");
}

/// `--bom` starts the file with a UTF-8 byte-order mark, which Python's `utf-8-sig` reads as
/// the encoding's mark, not as part of the first column's name; refused for other formats.
#[test]
fn a_byte_order_mark_when_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("answers.csv");
    run_ok(bin().args(["--demo", "export", DEMO, "--format", "csv", "--bom", "-o"]).arg(&csv));
    let bytes = std::fs::read(&csv).unwrap();
    assert!(bytes.starts_with("\u{feff}interview_id,".as_bytes()));
    if have("python3", "it reads the CSV back with its csv module") {
        let script = "import csv, sys\nwith open(sys.argv[1], newline='', encoding='utf-8-sig') as f:\n    print(next(csv.reader(f))[0])\n";
        let out = std::process::Command::new("python3").args(["-c", script]).arg(&csv).output().unwrap();
        assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "interview_id");
    }
    let table = run_ok(bin().args(["--demo", "divergence", DEMO, "--csv", "--bom"]));
    assert!(table.stdout.starts_with("\u{feff}topic,".as_bytes()), "{}", String::from_utf8_lossy(&table.stdout));
    let refused = bin().args(["--demo", "export", DEMO, "--bom"]).output().unwrap();
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--format csv"));
}

/// The verdict column is words throughout: no slug among the prose ("aligned-strong" read as
/// a code beside "major over-statement").
#[test]
fn the_verdict_column_is_words() {
    let out = run_ok(bin().args(["--demo", "divergence", DEMO, "--csv"]));
    let text = String::from_utf8(out.stdout).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let column = reader.headers().unwrap().iter().position(|h| h == "verdict").expect("a verdict column");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let verdicts: Vec<&str> = rows.iter().map(|r| &r[column]).collect();
    assert!(verdicts.iter().any(|v| v.contains("both strong")), "{verdicts:?}");
    assert!(!verdicts.iter().any(|v| v.contains("-strong")), "{verdicts:?}");
}
