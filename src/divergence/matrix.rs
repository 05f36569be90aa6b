//! The matrix alone: every side's score, spread and reason for an unknown, without the voices
//! and contrasting terms behind them. The catalog's topic plan lays the topics out, one over the
//! session's answers adds each to its side; nothing is copied and no note is read, so a session
//! of hundreds of interviews opens the divergence screen within a frame.

use super::fx::FxMap;
use super::{Cell, Divergence, Tally, TopicDivergence, cell, consistency, matrix_of};
use crate::bank::{Catalog, Question};
use crate::session::Session;

/// The divergence as [`super::compute`] finds it, less the evidence: every side's `voices` and
/// the contrasting terms are left empty. For the matrix; [`super::topic`] gives one topic whole.
pub fn matrix(session: &Session, catalog: &Catalog) -> Divergence {
    let layout = Layout::new(catalog);
    let mut tallies: Vec<Tally> = (0..layout.sides).map(|_| Tally::default()).collect();
    let mut interviewed = vec![false; catalog.banks.len()];
    let bank_of: FxMap<&str, usize> = catalog.banks.iter().enumerate().map(|(i, b)| (b.function.as_str(), i)).collect();
    for interview in &session.interviews {
        let Some(&bank) = bank_of.get(interview.function.as_str()) else { continue };
        interviewed[bank] = true;
        let sides = &layout.by_question[bank];
        if sides.is_empty() {
            continue;
        }
        for (question_id, answer) in &interview.answers {
            if let Some(&(side, question)) = sides.get(question_id.as_str()) {
                tallies[side].add(answer.state, answer.normalised(question));
            }
        }
    }
    let mut side = |bank: usize, slot: usize| {
        std::mem::take(&mut tallies[slot]).side(&catalog.banks[bank].function, interviewed[bank], Vec::new())
    };
    let topics = layout
        .topics
        .iter()
        .map(|t| {
            let claim = side(t.communicator, t.claim);
            let cells: Vec<Cell> =
                t.receivers.iter().map(|&(bank, slot)| cell(&claim, side(bank, slot), Vec::new())).collect();
            let consistency = consistency(&cells);
            TopicDivergence {
                topic: t.id.to_string(),
                title: t.title.to_string(),
                claim,
                cells,
                consistency,
                said_not_heard: Vec::new(),
            }
        })
        .collect();
    matrix_of(topics, catalog)
}

/// A topic of the matrix: who communicates it and who receives it, each with its side's slot.
struct Planned<'a> {
    id: &'a str,
    title: &'a str,
    /// The bank (index) with the topic's communicated question.
    communicator: usize,
    claim: usize,
    /// The banks with received questions on the topic, in bank order, with their sides' slots.
    receivers: Vec<(usize, usize)>,
}

/// Which side each answer counts towards, read once from the catalog's topic plan.
struct Layout<'a> {
    /// The topics that have a communicator, in the catalog's order.
    topics: Vec<Planned<'a>>,
    /// By bank (index), then question id: the slot of the side the answer counts towards.
    by_question: Vec<FxMap<&'a str, (usize, &'a Question)>>,
    sides: usize,
}

impl<'a> Layout<'a> {
    fn new(catalog: &'a Catalog) -> Layout<'a> {
        let mut layout =
            Layout { topics: Vec::new(), by_question: vec![FxMap::default(); catalog.banks.len()], sides: 0 };
        for plan in catalog.plans() {
            let Some(claim) = plan.claim else { continue };
            let topic = &catalog.topics[plan.topic];
            // Slots: the claim's own, then one per receiver.
            let claim_slot = layout.slot(catalog, claim.bank, &[claim.question]);
            let receivers =
                plan.receivers.iter().map(|r| (r.bank, layout.slot(catalog, r.bank, &r.questions))).collect();
            layout.topics.push(Planned {
                id: &topic.id,
                title: &topic.title,
                communicator: claim.bank,
                claim: claim_slot,
                receivers,
            });
        }
        layout
    }

    /// A new side, which the answers to `bank`'s `questions` count towards.
    fn slot(&mut self, catalog: &'a Catalog, bank: usize, questions: &[usize]) -> usize {
        let slot = self.sides;
        self.sides += 1;
        for &i in questions {
            let q = &catalog.banks[bank].questions[i];
            self.by_question[bank].insert(q.id.as_str(), (slot, q));
        }
        slot
    }
}
