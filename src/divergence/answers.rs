//! Each function's interviews with their answers to the questions the evidence reads (every
//! question on a topic, and the bank's anchor), found once. The evidence looks up a handful of
//! answers per interview per side; by id that is a search of the interview's answers each time,
//! which cost most of the whole divergence on a large session. One walk over each interview's
//! answers puts them where a question's index finds them.

use std::collections::HashMap;

use super::fx::FxMap;
use crate::bank::Catalog;
use crate::session::{Answer, Interview, Session};

/// One function's interviews, in session order.
pub(super) struct Of<'a> {
    pub interviews: Vec<&'a Interview>,
    /// By bank question index: its slot in `answers`, where the question is indexed.
    slot: Vec<Option<u32>>,
    /// By interview, then slot; empty where answers are looked up by id.
    answers: Vec<Vec<Option<&'a Answer>>>,
}

impl<'a> Of<'a> {
    /// `interviews`, their answers looked up by id (for one side, where indexing every answer
    /// would cost more than it saves).
    pub fn unindexed(interviews: Vec<&'a Interview>) -> Of<'a> {
        Of { interviews, slot: Vec::new(), answers: Vec::new() }
    }

    /// The answer of the `k`-th interview to the bank's question `index` (whose id is `id`).
    pub fn answer(&self, k: usize, index: usize, id: &str) -> Option<&'a Answer> {
        match (self.answers.get(k), self.slot.get(index)) {
            (Some(answers), Some(Some(slot))) => answers[*slot as usize],
            _ => self.interviews[k].answer(id),
        }
    }
}

/// Every function's interviews, by function.
pub(super) struct Interviews<'a> {
    by_function: HashMap<&'a str, Of<'a>>,
    empty: Of<'a>,
}

impl<'a> Interviews<'a> {
    /// The session's interviews, each with its answers to `catalog`'s on-topic questions.
    pub fn indexed(session: &'a Session, catalog: &'a Catalog) -> Interviews<'a> {
        let mut by_function: HashMap<&str, Of> = HashMap::new();
        for i in &session.interviews {
            by_function.entry(i.function.as_str()).or_insert_with(|| Of::unindexed(Vec::new())).interviews.push(i);
        }
        for (b, bank) in catalog.banks.iter().enumerate() {
            let Some(of) = by_function.get_mut(bank.function.as_str()) else { continue };
            let mut slot = vec![None; bank.questions.len()];
            let mut by_id: FxMap<&str, u32> = FxMap::default();
            let read = catalog.plans().iter().flat_map(|p| p.questions_of(b)).chain(catalog.anchor_index(b));
            for i in read {
                if slot[i].is_none() {
                    slot[i] = Some(by_id.len() as u32);
                    by_id.insert(bank.questions[i].id.as_str(), by_id.len() as u32);
                }
            }
            of.answers = of
                .interviews
                .iter()
                .map(|interview| {
                    let mut answers = vec![None; by_id.len()];
                    for (id, answer) in &interview.answers {
                        if let Some(&s) = by_id.get(id.as_str()) {
                            answers[s as usize] = Some(answer);
                        }
                    }
                    answers
                })
                .collect();
            of.slot = slot;
        }
        Interviews { by_function, empty: Of::unindexed(Vec::new()) }
    }

    pub fn of(&self, function: &str) -> &Of<'a> {
        self.by_function.get(function).unwrap_or(&self.empty)
    }
}
