//! The levels beside the gaps: how much of what the functions needed reached them (the
//! readiness), and the topics where both sides agree little was done — findings of their own,
//! which a small gap would otherwise hide.

use super::Report;
use super::markdown::text;
use crate::divergence::{Verdict, points};

impl Report<'_> {
    /// The readiness level, after the gap index.
    pub(super) fn readiness(&mut self) {
        let Some(readiness) = self.divergence.readiness else { return };
        let n = self.divergence.levels_received;
        self.line(format!(
            "**Readiness {readiness:.0} out of 100**: the functions' own accounts of what reached them, averaged over \
             {n} {} on the same 0–4 scale (100 would mean every function got everything it needed). A small gap \
             with a low readiness means the accounts agree that little was done.",
            if n == 1 { "topic and function" } else { "topics and functions" }
        ));
        self.blank();
        if let Some(among) = self.among {
            self.line(among_line("readiness", among.readiness, among.min, "higher is better"));
            self.blank();
        }
    }

    /// Every topic where a receiver and the communicating side agree that little was done.
    pub(super) fn agreed_weaknesses(&mut self) {
        let found: Vec<(String, String)> = self
            .divergence
            .topics
            .iter()
            .flat_map(|t| t.cells.iter().map(move |c| (t, c)))
            .filter(|(_, c)| c.verdict == Verdict::AgreedWeakness)
            .map(|(t, c)| {
                let communicated = t.communicated_for(c);
                let scores = format!(
                    "{} {} · {} {}",
                    self.name(&communicated.function),
                    communicated.score.map_or("?".into(), points),
                    self.name(&c.received.function),
                    c.received.score.map_or("?".into(), points)
                );
                (t.title.clone(), scores)
            })
            .collect();
        if found.is_empty() {
            return;
        }
        self.line("## Agreed weaknesses");
        self.blank();
        self.line(
            "Both sides agree that little was done (1 out of 4 or less): no gap between the accounts, and a finding \
             all the same.",
        );
        self.blank();
        for (title, scores) in found {
            self.line(format!("- **{}**: {}", text(&title), text(&scores)));
        }
        self.blank();
    }
}

/// Where a headline figure stands among the consultant's other engagements, with how many there
/// are; or why it is not placed.
pub(super) fn among_line(figure: &str, placed: Option<crate::norms::Placed>, min: usize, better: &str) -> String {
    match placed {
        Some(crate::norms::Placed { placement: Some(p), .. }) => format!(
            "Among our engagements: this {figure} is higher than in {} of the {} others that have one ({better}).",
            p.higher_than, p.of
        ),
        Some(placed) => format!(
            "Among our engagements: not placed, as {} {} a {figure} and we place one among {min} or more.",
            placed.n,
            if placed.n == 1 { "other has" } else { "others have" }
        ),
        None => format!("Among our engagements: not placed, as this engagement has no {figure} yet."),
    }
}
