//! `crosscheck claims ID [--json]`: every claim that stands, how it stands with each function it
//! concerns and what each interview said, then what is still to verify and with whom.

use std::fmt::Write as _;

use crate::bank::Catalog;
use crate::claims::{Entry, Heard, Standing, WithFunction};
use crate::session::{Session, Verdict};
use crate::storage::Store;

/// `crosscheck claims ID [--json]`.
pub(super) fn claims(store: &Store, catalog: &Catalog, id: &str, json: bool) -> anyhow::Result<()> {
    let session = store.load(id, catalog)?;
    let ledger = crate::claims::ledger(&session, catalog);
    super::commands::print(json, &ledger, || claims_text(&session, catalog, &ledger))
}

/// The ledger as plain text: each claim with its verdicts, then the claims still to verify.
pub fn claims_text(session: &Session, catalog: &Catalog, ledger: &[Entry]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Claims — {} ({})", session.organisation, session.id);
    if ledger.is_empty() {
        let _ = writeln!(out, "\nNo claims stand yet: none was recorded, or every one was withdrawn.");
        return out;
    }
    for (n, e) in ledger.iter().enumerate() {
        let _ = writeln!(out);
        let _ =
            writeln!(out, "{}. {} — made in {}", n + 1, topic_title(catalog, &e.claim.topic), flat(&e.made_in_label));
        let _ = writeln!(out, "   {}", claim_text(e));
        if !e.claim.notes.trim().is_empty() {
            let _ = writeln!(out, "   Notes: {}", flat(&e.claim.notes));
        }
        for f in &e.functions {
            let _ = writeln!(out, "   {}: {}", flat(&f.title), f.standing.name());
            for h in &f.heard {
                let _ = writeln!(out, "     {}: {}", flat(&h.label), heard_text(session, e, h));
            }
        }
    }
    let to_verify: Vec<String> = ledger.iter().enumerate().flat_map(|(n, e)| to_verify_lines(session, n, e)).collect();
    let _ = writeln!(out);
    if to_verify.is_empty() {
        let _ = writeln!(out, "To verify: nothing — every claim was put to each function it concerns.");
    } else {
        let _ = writeln!(out, "To verify:");
        for l in to_verify {
            let _ = writeln!(out, "  {l}");
        }
    }
    out
}

/// The claim's words: quoted when they are the interviewee's own.
fn claim_text(e: &Entry) -> String {
    let mut about = Vec::new();
    if e.claim.quote {
        about.push("verbatim".to_string());
    }
    if let Some(by) = &e.claim.made_by {
        about.push(format!("recorded by {}", flat(by)));
    }
    let about = if about.is_empty() { String::new() } else { format!(" ({})", about.join("; ")) };
    let text = flat(&e.claim.text);
    if e.claim.quote { format!("“{text}”{about}") } else { format!("{text}{about}") }
}

/// What one interview said to the claim, or why it is still to verify.
fn heard_text(session: &Session, e: &Entry, h: &Heard) -> String {
    let Some(c) = &h.check else {
        let why =
            if held_before(session, e, h) { "interviewed before the claim was made" } else { "not yet put to them" };
        return format!("to verify ({why})");
    };
    let verdict = if c.verdict == Verdict::NotAsked { "to verify (not asked)" } else { c.verdict.name() };
    let notes = if c.notes.trim().is_empty() { String::new() } else { format!(" — {}", flat(&c.notes)) };
    format!("{verdict}{notes}")
}

/// Whether the interview `h` started before the claim was made: it could not have been put.
fn held_before(session: &Session, e: &Entry, h: &Heard) -> bool {
    session.interviews.iter().find(|i| i.id == h.interview).is_some_and(|i| i.started_at < e.claim.made_at)
}

/// "- 3. “Support and ops were told…” with Operations: Operations #1 — Ruth Adeyemi", one per function
/// the claim is still to verify with.
fn to_verify_lines(session: &Session, n: usize, e: &Entry) -> Vec<String> {
    e.to_verify()
        .map(|f| {
            let whom = match f.standing {
                Standing::NotInterviewed => "not interviewed yet".to_string(),
                _ => unasked(session, e, f).join("; "),
            };
            format!("- {}. {} with {}: {whom}", n + 1, short(&e.claim.text), flat(&f.title))
        })
        .collect()
}

/// The interviews of `f` the claim has not been put to, by label.
fn unasked(session: &Session, e: &Entry, f: &WithFunction) -> Vec<String> {
    f.unasked()
        .map(|h| {
            let before = if held_before(session, e, h) { " (interviewed before the claim was made)" } else { "" };
            format!("{}{before}", flat(&h.label))
        })
        .collect()
}

fn topic_title(catalog: &Catalog, topic: &str) -> String {
    catalog.topic(topic).map_or_else(|| topic.to_string(), |t| t.title.clone())
}

/// One line: a note's line breaks and runs of spaces as single spaces.
/// `s` on one line, its runs of white space one space.
pub(super) fn flat(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The claim's text cut to a line's worth, quoted.
fn short(s: &str) -> String {
    let s = flat(s);
    if s.chars().count() <= 60 {
        format!("“{s}”")
    } else {
        format!("“{}…”", s.chars().take(59).collect::<String>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_ledger_says_so_in_a_line() {
        let catalog = Catalog::embedded().unwrap();
        let s = Session::new("s".into(), "Acme".into(), None, chrono::Utc::now());
        let text = claims_text(&s, &catalog, &[]);
        assert_eq!(text.lines().count(), 3, "{text}");
        assert!(text.contains("No claims stand yet"), "{text}");
    }

    #[test]
    fn an_interview_held_before_the_claim_is_still_to_verify() {
        use chrono::{Duration, Utc};
        let catalog = Catalog::embedded().unwrap();
        let t0 = Utc::now();
        let mut s = Session::new("s".into(), "Acme".into(), None, t0);
        let sales = s.add_interview("sales", "1", t0);
        s.interviews[sales].interviewee = Some("Dana".into());
        let pm = s.add_interview("product", "1", t0 + Duration::hours(2));
        s.interviews[pm].put_claim(crate::session::Claim {
            id: "c1".into(),
            topic: "launch.sales-briefing".into(),
            text: "Sales had\nthe deck".into(),
            concerns: vec!["sales".into(), "operations".into()],
            notes: String::new(),
            quote: false,
            made_at: t0 + Duration::hours(3),
            made_by: None,
            edited_at: t0 + Duration::hours(3),
            withdrawn_at: None,
            revision: Default::default(),
        });
        let text = claims_text(&s, &catalog, &crate::claims::ledger(&s, &catalog));
        assert!(text.contains("   Sales had the deck\n"), "{text}");
        assert!(text.contains("Sales #1 — Dana: to verify (interviewed before the claim was made)"), "{text}");
        assert!(text.contains("- 1. “Sales had the deck” with Sales: Sales #1 — Dana (interviewed before"), "{text}");
        assert!(text.contains("- 1. “Sales had the deck” with Operations: not interviewed yet"), "{text}");
    }

    #[test]
    fn long_claims_are_cut_in_the_to_verify_lines() {
        assert_eq!(short("a\nb"), "“a b”");
        assert_eq!(short(&"x".repeat(80)).chars().count(), 62);
    }
}
