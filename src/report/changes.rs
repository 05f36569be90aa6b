//! "What to change": the lead consultant's recommendations, each with the finding it answers
//! (a reading, a pillar, a topic of the matrix) and where in the report its evidence is, who
//! owns it and what should be true at 30, 60 and 90 days. Left out until one is written.

use super::Report;
use super::markdown::text;
use crate::session::{CHECKPOINT_DAYS, Finding, Recommendation};

impl Report<'_> {
    pub(super) fn what_to_change(&mut self) {
        let written: Vec<&Recommendation> = self.session.recommendations.iter().filter(|r| !r.is_withdrawn()).collect();
        if written.is_empty() {
            return;
        }
        self.line("## What to change");
        self.blank();
        for (n, r) in written.into_iter().enumerate() {
            let owner = if r.owner.trim().is_empty() { String::new() } else { format!(" Owner: {}.", text(&r.owner)) };
            self.line(format!("{}. **{}**{owner}", n + 1, text(r.change.trim())));
            self.line(format!("   - It answers {}.", self.answered(&r.answers)));
            for (days, c) in CHECKPOINT_DAYS.iter().zip(&r.checkpoints).filter(|(_, c)| !c.trim().is_empty()) {
                self.line(format!("   - By {days} days: {}", text(c.trim())));
            }
        }
        self.blank();
    }

    /// The finding, as the report shows it, and the section its evidence is in.
    fn answered(&self, finding: &Finding) -> String {
        match finding {
            Finding::Reading(id) => match self.diagnosis.readings.iter().find(|r| r.id == id) {
                Some(r) => format!("*{}: {}* (see *What the evidence says*)", text(r.title), text(&r.verdict)),
                None => format!("the reading {}", text(id)),
            },
            Finding::Pillar(p) => {
                let level = self.diagnosis.pillars.iter().find(|r| r.pillar == *p).map_or("", |r| r.level_words());
                format!("*{}: {level}* (see *The five pillars*)", text(p.name()))
            }
            Finding::Topic(id) => {
                let title = self.catalog.topic(id).map_or_else(|| id.clone(), |t| t.title.clone());
                format!("the topic *{}* (see *Divergence matrix*)", text(&title))
            }
        }
    }
}
