//! "Claims checked": each specific claim made in an interview (usually the PM's), what every
//! function it concerns said when we put it to them, and what is still to verify with whom.
//!
//! With no claims the section says so in one line rather than leaving it out: like the other
//! sections of the method, a reader should see that claims were looked for, not wonder whether
//! the step was skipped.

use super::Report;
use super::markdown::{cell, line_start, text};
use crate::claims::{Entry, Heard, Standing, WithFunction};
use crate::session::Verdict;

impl Report<'_> {
    pub(super) fn claims_checked(&mut self) {
        self.line("## Claims checked");
        self.blank();
        let ledger = self.claims;
        if ledger.is_empty() {
            self.line("No specific claims were recorded to check with the other functions.");
            self.blank();
            return;
        }
        self.line(summary(ledger));
        self.blank();
        for (n, e) in ledger.iter().enumerate() {
            self.claim(n, e);
        }
        self.still_to_verify(ledger);
    }

    /// One claim: who made it, on what, its words, then its verdict with each function.
    fn claim(&mut self, n: usize, e: &Entry) {
        let topic = self.catalog.topic(&e.claim.topic).map_or_else(|| e.claim.topic.clone(), |t| t.title.clone());
        self.line(format!("### {}. {}", n + 1, text(&topic)));
        self.blank();
        self.line(format!("Made in the interview with {}:", text(&e.made_in_label)));
        self.blank();
        let words = line_start(&text(e.claim.text.trim()));
        // A verbatim claim is marked as the report marks every quote; otherwise it is ours.
        if e.claim.quote && !words.starts_with(['"', '“']) {
            self.line(format!("> *Verbatim:* “{words}”"));
        } else if e.claim.quote {
            self.line(format!("> *Verbatim:* {words}"));
        } else {
            self.line(format!("> *In our words:* {words}"));
        }
        if !e.claim.notes.trim().is_empty() {
            self.line(">");
            self.line(format!("> *Interviewer's notes:* {}", line_start(&text(e.claim.notes.trim()))));
        }
        self.blank();
        self.line("| Function | How it stands | What each interview said |");
        self.line("| --- | --- | --- |");
        for f in &e.functions {
            self.line(format!("| {} | **{}** | {} |", cell(&f.title), f.standing.name(), said(f)));
        }
        self.blank();
    }

    /// Whom to put each claim to still: the functions it has not been checked with.
    fn still_to_verify(&mut self, ledger: &[Entry]) {
        let lines: Vec<String> = ledger
            .iter()
            .enumerate()
            .flat_map(|(n, e)| {
                e.to_verify().map(move |f| {
                    format!("- **{}** ({}): claim {}, “{}”", text(&f.title), whom(f), n + 1, text(e.claim.text.trim()))
                })
            })
            .collect();
        if lines.is_empty() {
            return;
        }
        self.line("### Still to verify");
        self.blank();
        for l in lines {
            self.line(l);
        }
        self.blank();
    }
}

/// "Of 3 claims, 2 did not hold with at least one function they concern, and 1 is still to verify."
fn summary(ledger: &[Entry]) -> String {
    let refuted = ledger.iter().filter(|e| e.functions.iter().any(|f| f.standing == Standing::Refuted)).count();
    let open = ledger.iter().filter(|e| e.to_verify().next().is_some()).count();
    let claims = if ledger.len() == 1 { "claim" } else { "claims" };
    format!(
        "Specific statements made in an interview about what another function got, put to that function in its \
         own interviews. Of {} {claims}, {refuted} did not hold with at least one function it concerns (not received, or not \
         known of), and {open} {} still to verify with someone.",
        ledger.len(),
        if open == 1 { "is" } else { "are" }
    )
}

/// Each interview's verdict and notes, one per line of the cell.
fn said(f: &WithFunction) -> String {
    if f.heard.is_empty() {
        return "*not interviewed yet*".into();
    }
    f.heard.iter().map(heard).collect::<Vec<_>>().join("<br>")
}

fn heard(h: &Heard) -> String {
    let Some(c) = &h.check else { return format!("{}: *not yet put to them*", cell(&h.label)) };
    let verdict = if c.verdict == Verdict::NotAsked { "not asked yet" } else { c.verdict.name() };
    let notes = if c.notes.trim().is_empty() { String::new() } else { format!(" — {}", cell(&c.notes)) };
    format!("{}: *{verdict}*{notes}", cell(&h.label))
}

/// The interviewees a claim is still to be put to, or that the function is not interviewed.
fn whom(f: &WithFunction) -> String {
    if f.standing == Standing::NotInterviewed {
        return "not interviewed yet".into();
    }
    let names: Vec<String> = f.unasked().map(|h| text(&h.label)).collect();
    names.join("; ")
}
