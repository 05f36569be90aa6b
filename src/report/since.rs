//! "Since the last assessment": for a follow-up, what moved since the engagement it follows up,
//! both read with today's banks. The headline figures then and now, every topic and function
//! that moved by a scale point or more, the verdicts that changed, and what could not be
//! compared and why: nothing is dropped without a word.

use super::Report;
use super::markdown::{cell, text};
use crate::compare::{Change, Comparison, MOVED_POINTS, Movement, VerdictChange};

impl Report<'_> {
    pub(super) fn since_last_assessment(&mut self) {
        let Some(c) = self.since else { return };
        self.line("## Since the last assessment");
        self.blank();
        let then = &c.earlier;
        let launch = then.launch.as_deref().map(|l| format!(", about {}", text(l))).unwrap_or_default();
        self.line(format!(
            "This engagement follows up the assessment begun on {}{launch}: {} then, {} now. Both are read \
             with today's question banks, so an answer to a question no longer asked is listed, not compared.",
            day(&then.created_at),
            interviews(then.interviews),
            interviews(c.later.interviews),
        ));
        self.blank();
        self.line("| | Then | Now |");
        self.line("|---|---|---|");
        self.line(format!("| Gap index (lower: the accounts closer) | {} |", figures(c.gap_index)));
        self.line(format!("| Readiness (higher: more reached the functions) | {} |", figures(c.readiness)));
        self.blank();
        self.moved(c);
        self.changed_verdicts(c);
        self.not_compared(c);
    }

    fn moved(&mut self, c: &Comparison) {
        let moved: Vec<_> = c.cells.iter().filter(|x| x.movement != Movement::Unchanged).collect();
        self.line(format!(
            "**What moved**: {} of the {} topics and functions compared moved by {MOVED_POINTS:.0} scale point or \
             more (↑ better: more received or a narrower gap; ↓ worse; ↕ one better and the other worse).",
            moved.len(),
            c.cells.len()
        ));
        self.blank();
        if moved.is_empty() {
            return;
        }
        self.line("| | Topic | Function | Received, then → now | Gap, then → now |");
        self.line("|---|---|---|---|---|");
        for x in moved {
            self.line(format!(
                "| {} | {} | {} | {} | {} |",
                x.movement.symbol(),
                cell(&x.title),
                cell(&self.name(&x.function)),
                then_now(x.level),
                then_now(x.gap)
            ));
        }
        self.blank();
    }

    fn changed_verdicts(&mut self, c: &Comparison) {
        let lines: Vec<String> =
            [("The pillar", &c.pillars), ("The reading", &c.readings), ("The claims on", &c.claims)]
                .into_iter()
                .flat_map(|(what, changes)| changes.iter().map(move |v| verdict(what, v)))
                .collect();
        if lines.is_empty() {
            self.line("**Verdicts that changed**: none.");
            self.blank();
            return;
        }
        self.line("**Verdicts that changed**:");
        self.blank();
        for l in lines {
            self.line(l);
        }
        self.blank();
    }

    fn not_compared(&mut self, c: &Comparison) {
        let groups = c.not_comparable_grouped();
        if groups.is_empty() && c.retired.is_empty() {
            return;
        }
        self.line(format!("**Not compared** ({} topics and functions):", c.not_comparable.len()));
        self.blank();
        for (function, reason, topics) in groups {
            let topics: Vec<String> = topics.into_iter().map(text).collect();
            self.line(format!("- {} — {}: {}.", self.name(function), text(reason), topics.join(", ")));
        }
        for r in &c.retired {
            let asked = r.text.as_deref().map(|t| format!(" “{}”", text(t))).unwrap_or_default();
            let when = if r.engagement == c.earlier.id { "then" } else { "now" };
            self.line(format!(
                "- An answer from {} {when} to a question today's banks no longer ask:{asked} ({}).",
                self.name(&r.function),
                text(&r.question_id)
            ));
        }
        self.blank();
    }
}

/// "- The pillar *Coordination*: weak → middling."
fn verdict(what: &str, v: &VerdictChange) -> String {
    format!("- {what} *{}*: {} → {}.", text(&v.about), text(&v.earlier), text(&v.later))
}

/// "41 | 39" for the two columns of the headline table.
fn figures(c: Change) -> String {
    let v = |x: Option<f64>| x.map_or("—".to_string(), |x| format!("{x:.0}"));
    format!("{} | {}", v(c.earlier), v(c.later))
}

/// "0.0 → 1.0", a dash where one is missing.
fn then_now(c: Change) -> String {
    let v = |x: Option<f64>| x.map_or("—".to_string(), |x| format!("{x:.1}"));
    format!("{} → {}", v(c.earlier), v(c.later))
}

fn interviews(n: usize) -> String {
    format!("{n} {}", if n == 1 { "interview" } else { "interviews" })
}

/// "4 May 2026" from "2026-05-04"; as given if it is not a date.
fn day(iso: &str) -> String {
    chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d").map_or_else(|_| text(iso), |d| d.format("%-d %B %Y").to_string())
}
