//! CSV tables (RFC 4180: quoted where needed, CRLF line ends in a file, UTF-8, through the
//! `csv` crate): one row per answer, and the divergence matrix one row per topic and receiving
//! function.
//!
//! A text cell that starts like a formula (`=`, `+`, `-`, `@`, a tab or a carriage return) is
//! prefixed with `'`, so a note can never run as a spreadsheet formula (OWASP's advice for CSV
//! injection). Numbers are written by their own path and never prefixed: a gap of −1.5 stays
//! the number `-1.5`.

use std::borrow::Cow;

use crate::divergence::{Divergence, Verdict};
use crate::transcript::{AnswerRecord, ConflictRecord, InterviewRecord, Transcript};

const ANSWER_COLUMNS: [&str; 23] = [
    "interview_id",
    "function",
    "interviewee",
    "question_id",
    "question",
    "topic",
    "stance",
    "state",
    "value",
    "score",
    "notes",
    "follow_up",
    "follow_up_reason",
    "quote",
    "source",
    "sent_by",
    "answered_at",
    "edited_at",
    "edited_by",
    "section",
    "in_bank",
    "open_conflicts",
    "other_values",
];

const MATRIX_COLUMNS: [&str; 13] = [
    "topic",
    "topic_title",
    "function",
    "claim_level",
    "received_level",
    "gap_points",
    "verdict_symbol",
    "verdict",
    "agreed_weakness",
    "stories_differ",
    "received_unknown",
    "claim_unknown",
    "shared_fact",
];

/// A text cell, neutralised when it could be read as a formula.
pub(super) fn text(s: &str) -> Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { Cow::Owned(format!("'{s}")) } else { Cow::Borrowed(s) }
}

/// A number cell: at most two decimals, no trailing zeros ("3", "-1.5", "0.25"). Never
/// neutralised: it is a number, not text that looks like one.
pub(super) fn number(x: f64) -> String {
    if !x.is_finite() {
        return String::new();
    }
    let s = format!("{x:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_string() }
}

fn yes(b: bool) -> Cow<'static, str> {
    Cow::Borrowed(if b { "yes" } else { "no" })
}

fn opt(s: Option<&str>) -> Cow<'_, str> {
    text(s.unwrap_or_default())
}

fn finish(w: csv::Writer<Vec<u8>>) -> String {
    // Every cell is a `str`, so the bytes are UTF-8; writing into memory cannot fail.
    w.into_inner().map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default()
}

/// How rows end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineEnd {
    /// RFC 4180's CRLF, for files.
    Crlf,
    /// A bare newline, for a terminal: what reaches it has its carriage returns shown as
    /// `\u{d}`, never sent.
    Lf,
}

/// Writes into memory, which cannot fail, so a row's result is not looked at.
fn writer(end: LineEnd) -> csv::Writer<Vec<u8>> {
    let terminator = match end {
        LineEnd::Crlf => csv::Terminator::CRLF,
        LineEnd::Lf => csv::Terminator::Any(b'\n'),
    };
    csv::WriterBuilder::new().terminator(terminator).from_writer(Vec::new())
}

/// One row per answer record of the transcript: every question of each interview's bank in
/// its order (asked or not, as the transcript lists them), then answers to questions the banks
/// no longer have (`in_bank` no). An answer another interviewer also gave a value for (kept by
/// a merge) says how many of those are still to choose between, and what they were.
pub fn answers_csv(t: &Transcript, end: LineEnd) -> String {
    let mut w = writer(end);
    let _ = w.write_record(ANSWER_COLUMNS);
    for interview in &t.interviews {
        for a in &interview.answers {
            let _ = w.write_record(answer_row(interview, a).iter().map(|c| c.as_bytes()));
        }
    }
    finish(w)
}

fn answer_row<'a>(i: &'a InterviewRecord, a: &'a AnswerRecord) -> [Cow<'a, str>; 23] {
    let g = &a.given;
    let others: Vec<&ConflictRecord> = i.conflicts.iter().filter(|c| c.question_id == a.question_id).collect();
    let open = others.iter().filter(|c| c.open).count();
    [
        text(&i.id),
        text(&i.function),
        opt(i.interviewee.as_deref()),
        text(&a.question_id),
        opt(a.text.as_deref()),
        opt(a.topic.as_deref()),
        Cow::Borrowed(a.stance.map(|s| s.name()).unwrap_or_default()),
        Cow::Borrowed(g.state.name()),
        opt(g.value_text.as_deref()),
        Cow::Owned(g.normalised.map(|n| number(n * crate::bank::SCALE_MAX)).unwrap_or_default()),
        text(&g.notes),
        yes(g.flags.follow_up),
        opt(g.flags.follow_up_reason.as_deref()),
        yes(g.flags.quote),
        Cow::Borrowed(g.source.map(|s| s.name()).unwrap_or_default()),
        Cow::Borrowed(g.sent_by.map(|s| s.name()).unwrap_or_default()),
        opt(g.answered_at.as_deref()),
        opt(g.edited_at.as_deref()),
        opt(g.edited_by.as_deref()),
        opt(a.section.as_deref()),
        yes(a.in_bank),
        Cow::Owned(if others.is_empty() { String::new() } else { open.to_string() }),
        Cow::Owned(text(&other_values(&others)).into_owned()),
    ]
}

/// "2 by Ben at 2026-11-03T10:00:00Z — his notes | (skipped) by Ana …": each value a merge kept.
fn other_values(others: &[&ConflictRecord]) -> String {
    let one = |c: &&ConflictRecord| {
        let g = &c.given;
        let mut s = super::source::answer_text(g);
        if let Some(by) = &g.edited_by {
            s.push_str(&format!(" by {by}"));
        }
        if let Some(at) = &g.edited_at {
            s.push_str(&format!(" at {at}"));
        }
        if !g.notes.trim().is_empty() {
            s.push_str(&format!(" — {}", g.notes.trim()));
        }
        s
    };
    others.iter().map(one).collect::<Vec<_>>().join(" | ")
}

/// The matrix, one row per topic (most severe first, as the table shows it) and receiving
/// function: levels and the gap in scale points (0–4, −4..4), empty when unknown.
pub fn divergence_csv(d: &Divergence, end: LineEnd) -> String {
    let mut w = writer(end);
    let _ = w.write_record(MATRIX_COLUMNS);
    for topic in &d.topics {
        for cell in &topic.cells {
            let communicated = topic.communicated_for(cell);
            let points = |p: Option<f64>| Cow::Owned(p.map(number).unwrap_or_default());
            let row: [Cow<str>; 13] = [
                text(&topic.topic),
                text(&topic.title),
                text(&cell.received.function),
                points(communicated.points()),
                points(cell.received.points()),
                points(cell.gap_points),
                Cow::Borrowed(cell.verdict.symbol()),
                Cow::Borrowed(cell.verdict.name()),
                yes(cell.verdict == Verdict::AgreedWeakness),
                yes(topic.inconsistent()),
                Cow::Borrowed(cell.received.unknown.map(|u| u.text()).unwrap_or_default()),
                Cow::Borrowed(communicated.unknown.map(|u| u.text()).unwrap_or_default()),
                yes(topic.shared_fact),
            ];
            let _ = w.write_record(row.iter().map(|c| c.as_bytes()));
        }
    }
    finish(w)
}
