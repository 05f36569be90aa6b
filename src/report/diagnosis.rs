//! "What the evidence says": the diagnosis's readings, first in the report. Each says what the
//! evidence shows and what it does not, with the answers it rests on; never a verdict without
//! its reason.

use super::Report;
use super::markdown::text;
use crate::diagnosis::{Level, Outcome};

impl Report<'_> {
    pub(super) fn what_the_evidence_says(&mut self) {
        self.line("## What the evidence says");
        self.blank();
        let d = crate::diagnosis::diagnose(self.session, self.catalog);
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
