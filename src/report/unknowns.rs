//! "Unknowns to follow up": the comparisons that cannot be made yet, grouped by why, each
//! saying whom to ask and about what: a claim missing (and for whom), a receiver not
//! interviewed, skipped, "don't know", not asked, or only heard from someone not involved.

use super::Report;
use super::markdown::{and_list, text};
use crate::divergence::{Cell, Side, TopicDivergence, Unknown, Verdict};

/// Items grouped by function: (function, items).
type ByFunction = Vec<(String, Vec<String>)>;

fn add(group: &mut ByFunction, function: &str, item: String) {
    match group.iter_mut().find(|(f, _)| f == function) {
        Some((_, items)) => items.push(item),
        None => group.push((function.to_string(), vec![item])),
    }
}

impl Report<'_> {
    pub(super) fn unknowns(&mut self) {
        self.line("## Unknowns to follow up");
        self.blank();
        // Headings in a fixed order; within each, functions in the order met.
        let mut groups: [(&str, ByFunction); 6] = [
            ("No claim to compare with yet", Vec::new()),
            ("Not interviewed yet", Vec::new()),
            ("Skipped in the interview", Vec::new()),
            ("Answered \"don't know\"", Vec::new()),
            ("Not asked yet", Vec::new()),
            ("Only from interviewees not involved in the launch in view (ask someone who was)", Vec::new()),
        ];
        for t in &self.divergence.topics {
            self.missing_claims(t, &mut groups[0].1);
            // And every receiver with no account, whether or not a claim stands.
            for c in t.cells.iter().filter(|c| c.received.score.is_none()) {
                let g = match c.received.unknown {
                    Some(Unknown::NotInterviewed) => 1,
                    Some(Unknown::Skipped) => 2,
                    Some(Unknown::DontKnow) => 3,
                    Some(Unknown::NotAsked) | None => 4,
                    Some(Unknown::NotInvolved) => 5,
                };
                add(&mut groups[g].1, &c.received.function, text(&t.title));
            }
        }
        if groups.iter().all(|(_, g)| g.is_empty()) {
            self.line("None: every topic has both a claim and an account from each function that receives it.");
            self.blank();
            return;
        }
        self.line("These comparisons cannot be made yet. Each line says whom to ask, and about what.");
        self.blank();
        for (heading, group) in groups {
            if group.is_empty() {
                continue;
            }
            self.line(format!("### {heading}"));
            self.blank();
            for (function, items) in group {
                self.line(format!("- **{}**: {}", text(&self.name(&function)), items.join(", ")));
            }
            self.blank();
        }
    }

    /// Each missing claim on `t` once: the topic's, or, where only some are missing, the one
    /// addressed to each receiver it is missing for ("Readiness gates (for Sales: skipped)").
    fn missing_claims(&self, t: &TopicDivergence, group: &mut ByFunction) {
        let missing: Vec<(&Cell, &Side)> = t
            .cells
            .iter()
            .filter(|c| matches!(c.verdict, Verdict::Unknown { communicated_missing: true }))
            .map(|c| (c, t.communicated_for(c)))
            .collect();
        let why = |claim: &Side| claim.unknown.unwrap_or(Unknown::NotAsked).text();
        let whole = missing.len() == t.cells.len() && missing.iter().all(|(_, m)| why(m) == why(missing[0].1));
        // (claimant, why, the receivers it is missing for: none when it is the topic's)
        let mut listed: Vec<(&str, &str, Vec<String>)> = Vec::new();
        for (c, claim) in &missing {
            let (function, reason) = (claim.function.as_str(), why(claim));
            let i = match listed.iter().position(|(f, w, _)| *f == function && *w == reason) {
                Some(i) => i,
                None => {
                    listed.push((function, reason, Vec::new()));
                    listed.len() - 1
                }
            };
            if c.addressed && !whole {
                listed[i].2.push(text(&self.name(&c.received.function)));
            }
        }
        for (function, reason, receivers) in listed {
            let item = match receivers.is_empty() {
                true => format!("{} ({reason})", text(&t.title)),
                false => format!("{} (for {}: {reason})", text(&t.title), and_list(&receivers)),
            };
            add(group, function, item);
        }
    }
}
