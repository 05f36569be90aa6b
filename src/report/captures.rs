//! The conversations two interviewers captured: how far their scores agree, by function (the
//! read-out never names who captured or who was interviewed), low agreement flagged as a limit
//! of what the scores can say.

use super::Report;
use crate::agreement::Level;

impl Report<'_> {
    /// After who was interviewed: the second captures, when there are any.
    pub(super) fn captures(&mut self) {
        let a = crate::agreement::compute(self.session, self.catalog);
        if a.pairs.is_empty() {
            return;
        }
        let n = a.pairs.len();
        self.line(format!(
            "Two interviewers captured {} on their own; each counts once in what follows. How far their scores agree \
             (Krippendorff's alpha for ordinal data: 0.800 or above is reliable, below 0.667 low):",
            if n == 1 { "one conversation".to_string() } else { format!("{n} conversations") }
        ));
        self.blank();
        for pair in &a.pairs {
            let measured = match (pair.alpha, pair.level) {
                (Some(alpha), Level::Reliable | Level::Tentative | Level::Low) => {
                    format!("α {alpha:.2} ({})", pair.level.name())
                }
                _ => pair.level.name().to_string(),
            };
            let name = self.name(&pair.function);
            self.line(format!("- {name}: {measured}, {} of {} questions scored the same", pair.same, pair.units));
        }
        self.blank();
        let mut low: Vec<String> =
            a.pairs.iter().filter(|p| p.level == Level::Low).map(|p| self.name(&p.function)).collect();
        low.dedup();
        if !low.is_empty() {
            self.line(format!(
                "**Agreement was low for {}: those scores depend on who captured them, so read them as indications, \
                 not measurements.**",
                super::and_list(&low)
            ));
            self.blank();
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::bank::Catalog;
    use crate::report::ReadOut;

    fn read_out(apart: usize) -> String {
        let session = crate::testing::demo_captured_twice(apart);
        let now = chrono::Utc::now();
        crate::report::markdown(&session, &Catalog::embedded().unwrap(), now, &ReadOut::default())
    }

    #[test]
    fn the_read_out_says_how_far_two_captures_agree_by_function_and_flags_low_agreement() {
        let agreed = read_out(0);
        assert!(agreed.contains("Two interviewers captured one conversation on their own"), "{agreed}");
        assert!(agreed.contains("- Sales: α 1.00 (reliable), 23 of 23 questions scored the same"), "{agreed}");
        assert!(!agreed.contains("Agreement was low"));
        // Neither interviewer is named in the client's copy.
        assert!(!agreed.contains("Second Interviewer"));
        let apart = read_out(23);
        assert!(apart.contains("**Agreement was low for Sales"), "{apart}");
    }
}
