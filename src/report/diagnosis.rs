//! "What the evidence says": the diagnosis's readings, first in the report. Each says what the
//! evidence shows and what it does not, with the answers it rests on; never a verdict without
//! its reason.

use super::Report;
use super::markdown::text;
use crate::diagnosis::{Level, Outcome};

impl Report<'_> {
    /// The five pillars, each on its own, and where to intervene; for an Operations-only
    /// engagement, one sentence on what it leaves unread.
    fn pillars(&mut self, d: &crate::diagnosis::Diagnosis) {
        let scope = &self.session.scope;
        if scope.is_default() {
            self.line(
                "The method reads five pillars (Identity & Direction, Intelligence & Adaptation, Control & \
                 Optimisation, Coordination, Operations). This engagement covers Operations only, where the \
                 symptoms show: whether their causes sit upstream was not asked.",
            );
            self.blank();
            return;
        }
        self.line("## The five pillars");
        self.blank();
        self.line(format!("This engagement covers {}.", text(&scope.describe())));
        self.blank();
        self.line("| Pillar | Level | Answered | Sent vs received differ |");
        self.line("| --- | --- | --- | --- |");
        for p in &d.pillars {
            let level = p.level_words();
            let (answered, gaps) = if p.in_scope {
                (format!("{} of {}, {} interviews", p.answered, p.questions, p.interviews), p.gaps.len().to_string())
            } else {
                ("—".into(), "—".into())
            };
            self.line(format!("| {} | {level} | {answered} | {gaps} |", text(p.pillar.name())));
        }
        self.blank();
        for p in d.pillars.iter().filter(|p| p.in_scope) {
            self.line(format!("- **{}**: {}", text(p.pillar.name()), text(&p.says)));
        }
        self.blank();
        self.line(format!("**Where to intervene: {}.** {}", text(&d.cascade.verdict), text(&d.cascade.says)));
        self.blank();
    }

    pub(super) fn what_the_evidence_says(&mut self) {
        let d = self.diagnosis;
        self.pillars(d);
        self.line("## What the evidence says");
        self.blank();
        for r in &d.readings {
            self.line(format!("**{}: {}.** {}", text(r.title), text(&r.verdict), text(&r.says)));
            self.blank();
            for c in &r.caveats {
                self.line(format!("- *{}*", text(c)));
            }
            if r.outcome == Outcome::Finding {
                let basis = self.basis(&r.evidence);
                if !basis.is_empty() {
                    self.line(format!("- Rests on: {basis}."));
                }
            }
            if !r.caveats.is_empty() || r.outcome == Outcome::Finding {
                self.blank();
            }
        }
    }
}

impl Report<'_> {
    /// Every answer a reading rests on, strong and weak, each side's by function: "Sales: 0 –
    /// Not shared (launch-process-shared) ×2; Product (PM): 4 – … (…)". The same answer from
    /// several interviews is counted, not repeated.
    fn basis(&self, evidence: &[crate::diagnosis::Evidence]) -> String {
        let mut by_function: Vec<(&str, Vec<(String, usize)>)> = Vec::new();
        for e in evidence.iter().filter(|e| e.level != Level::Unknown) {
            let source = e.source.map_or(String::new(), |s| format!(", {}", s.name()));
            let item = format!("{} ({}{source})", text(&e.answer), text(&self.catalog.about(&e.question_id)));
            let at = match by_function.iter().position(|(f, _)| *f == e.function) {
                Some(at) => at,
                None => {
                    by_function.push((&e.function, Vec::new()));
                    by_function.len() - 1
                }
            };
            let items = &mut by_function[at].1;
            match items.iter_mut().find(|(i, _)| *i == item) {
                Some((_, n)) => *n += 1,
                None => items.push((item, 1)),
            }
        }
        let sides: Vec<String> = by_function
            .into_iter()
            .map(|(function, items)| {
                let items: Vec<String> =
                    items.into_iter().map(|(i, n)| if n > 1 { format!("{i} ×{n}") } else { i }).collect();
                format!("{}: {}", text(&self.name(function)), items.join("; "))
            })
            .collect();
        sides.join(" · ")
    }
}
