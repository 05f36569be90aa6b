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
                // The figures and the weak answers behind the reading, briefly.
                let shown: Vec<String> = r
                    .evidence
                    .iter()
                    .filter(|e| e.level == Level::Weak || (e.asks_source && e.level != Level::Unknown))
                    .map(|e| {
                        let source = e.source.map_or(String::new(), |s| format!(", {}", s.name()));
                        format!("{} ({}{source})", text(&e.answer), text(short_id(&e.question_id)))
                    })
                    .collect();
                if !shown.is_empty() {
                    self.line(format!("- Rests on: {}.", shown.join("; ")));
                }
            }
            if !r.caveats.is_empty() || r.outcome == Outcome::Finding {
                self.blank();
            }
        }
    }
}

/// "rework-as-capacity" for "engineering.rework-as-capacity".
fn short_id(id: &str) -> &str {
    id.rsplit('.').next().unwrap_or(id)
}
