//! How long a bank takes to ask: what `banks show` prints, and what the must-ask rule is held
//! to (a 30-minute slot in the default scope, 45 minutes with all five pillars). A question asked aloud takes about 75 seconds with its answer and a
//! probe; a claim asked for several functions at once is asked once, each further row a quick
//! value (15 seconds).

use super::model::{Bank, Question};

/// Seconds to ask a question and hear its answer, with one probe.
pub const SECONDS_PER_QUESTION: u64 = 75;
/// Seconds for each further row of a question asked for several functions at once.
pub const SECONDS_PER_ROW: u64 = 15;

/// The questions asked aloud (a question for several functions counted once) and the time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Length {
    pub questions: usize,
    pub seconds: u64,
}

impl Length {
    /// Whole minutes, rounded up.
    pub fn minutes(&self) -> u64 {
        self.seconds.div_ceil(60)
    }
}

impl Bank {
    /// The expected length of the questions `keep` accepts.
    pub fn length(&self, keep: impl Fn(&Question) -> bool) -> Length {
        let mut length = Length { questions: 0, seconds: 0 };
        for (i, q) in self.questions.iter().enumerate().filter(|(_, q)| keep(q)) {
            let further_row = i > 0 && q.group.is_some() && self.questions[i - 1].group == q.group;
            if further_row {
                length.seconds += SECONDS_PER_ROW;
            } else {
                length.questions += 1;
                length.seconds += SECONDS_PER_QUESTION;
            }
        }
        length
    }

    /// The must-ask set's length, and the whole bank's.
    pub fn lengths(&self) -> (Length, Length) {
        (self.length(Question::is_must), self.length(|_| true))
    }
}

#[cfg(test)]
mod tests {
    use crate::bank::{BankSource, Catalog};

    #[test]
    fn a_question_for_several_functions_is_asked_once() {
        let topics = r#"{"version": "1", "topics": [{"id": "t", "title": "T"}]}"#;
        let product = r#"{"function": "product", "title": "P", "version": "1", "sections": [{"id": "s", "title": "S"}],
          "questions": [
            {"id": "p.a", "section": "s", "text": "A?", "kind": "text", "priority": "must"},
            {"id": "p.b", "section": "s", "text": "B?", "kind": "scale", "labels": ["0", "1", "2", "3", "4"],
             "topic": "t", "stance": "communicated", "each": ["sales", "ops"], "priority": "must"},
            {"id": "p.c", "section": "s", "text": "C?", "kind": "text"}]}"#;
        let receiver = |f: &str| {
            format!(
                r#"{{"function": "{f}", "title": "{f}", "version": "1", "sections": [{{"id": "s", "title": "S"}}],
                "questions": [{{"id": "{f}.b", "section": "s", "text": "B?", "kind": "scale",
                "labels": ["0", "1", "2", "3", "4"], "topic": "t", "stance": "received"}}]}}"#
            )
        };
        let files = vec![
            ("topics.json".to_string(), topics.to_string()),
            ("product.json".into(), product.into()),
            ("sales.json".into(), receiver("sales")),
            ("ops.json".into(), receiver("ops")),
        ];
        let catalog = Catalog::from_files(files, BankSource::Embedded).unwrap_or_else(|e| panic!("{e}"));
        let (must, whole) = catalog.bank("product").unwrap().lengths();
        // A, then B once with its second row: 75 + 75 + 15 seconds.
        assert_eq!((must.questions, must.seconds, must.minutes()), (2, 165, 3));
        assert_eq!((whole.questions, whole.seconds), (3, 240));
    }
}

#[cfg(test)]
mod shipped {
    use crate::bank::{Bank, Catalog, Scope};

    /// The method's interviews are booked as 30 to 60 minutes: in the default scope (Operations)
    /// the must-ask set of every shipped bank fits 30, so the evidence every reading needs is
    /// gathered in the shortest slot. The Leadership bank's, an executive sponsor's time being
    /// short, fits 30 too; with all five pillars in scope a bank's must-ask set fits 45, the
    /// upstream sections adding a quarter of an hour at most.
    #[test]
    fn every_must_ask_set_fits_its_slot() {
        let catalog = Catalog::embedded().unwrap();
        let operations = catalog.in_scope(&Scope::default());
        assert!(operations.bank("leadership").is_none(), "Leadership asks nothing of the Operations pillar");
        for bank in &operations.banks {
            fits(bank, 30, 8).unwrap_or_else(|e| panic!("Operations scope: {e}"));
        }
        let leadership = catalog.bank("leadership").expect("a Leadership bank");
        fits(leadership, 30, 5).unwrap_or_else(|e| panic!("{e}"));
        for bank in catalog.in_scope(&Scope::all()).banks.iter().filter(|b| b.function != leadership.function) {
            fits(bank, 45, 8).unwrap_or_else(|e| panic!("all five pillars: {e}"));
        }
        // The rule catches a bank whose must-ask set outgrows the slot: 25 questions, 31.25 min.
        let mut long = catalog.bank("sales").unwrap().clone();
        long.questions.iter_mut().take(25).for_each(|q| q.priority = Some(crate::bank::Priority::Must));
        assert!(fits(&long, 30, 8).is_err());
    }

    /// Whether `bank`'s must-ask set fits `minutes` and asks at least `fewest` questions.
    fn fits(bank: &Bank, minutes: u64, fewest: usize) -> Result<(), String> {
        let (must, _) = bank.lengths();
        if must.minutes() > minutes || must.questions < fewest {
            return Err(format!(
                "{}: the must-ask set is {} questions, {} min (at most {minutes} min, at least {fewest} questions)",
                bank.function,
                must.questions,
                must.minutes()
            ));
        }
        Ok(())
    }
}
