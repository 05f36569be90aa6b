//! The matrix alone: every side's score, spread and reason for an unknown, without the voices
//! and contrasting terms behind them. One pass over the banks lays the topics out, one over the
//! session's answers adds each to its side; nothing is copied and no note is read, so a session
//! of hundreds of interviews opens the divergence screen within a frame.

use super::fx::FxMap;
use super::{Cell, Divergence, Tally, TopicDivergence, cell, consistency, matrix_of};
use crate::bank::{Catalog, Question, Stance};
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
    /// The bank (index) of the first function with a communicated question on the topic.
    communicator: usize,
    claim: usize,
    /// The banks with received questions on the topic, in bank order, with their sides' slots.
    receivers: Vec<(usize, usize)>,
}

/// Which side each answer counts towards, found once from the banks.
struct Layout<'a> {
    /// The topics that have a communicator, in the catalog's order.
    topics: Vec<Planned<'a>>,
    /// By bank (index), then question id: the slot of the side the answer counts towards.
    by_question: Vec<FxMap<&'a str, (usize, &'a Question)>>,
    sides: usize,
}

impl<'a> Layout<'a> {
    fn new(catalog: &'a Catalog) -> Layout<'a> {
        let topic_of: FxMap<&str, usize> = catalog.topics.iter().enumerate().map(|(i, t)| (t.id.as_str(), i)).collect();
        let mut communicator: Vec<Option<usize>> = vec![None; catalog.topics.len()];
        let mut receivers: Vec<Vec<(usize, usize)>> = vec![Vec::new(); catalog.topics.len()];
        let on_topic = |bank: &'a crate::bank::Bank| {
            bank.questions.iter().filter_map(|q| Some((*topic_of.get(q.topic.as_deref()?)?, q)))
        };
        for (b, bank) in catalog.banks.iter().enumerate() {
            for (t, q) in on_topic(bank) {
                match q.stance {
                    Some(Stance::Communicated) => {
                        communicator[t].get_or_insert(b);
                    }
                    Some(Stance::Received) if receivers[t].last().is_none_or(|&(r, _)| r != b) => {
                        receivers[t].push((b, 0));
                    }
                    _ => {}
                }
            }
        }
        // Slots for the topics that have a claim: its own, then one per receiver.
        let mut sides = 0;
        let mut claim = vec![0; catalog.topics.len()];
        for t in (0..catalog.topics.len()).filter(|&t| communicator[t].is_some()) {
            claim[t] = sides;
            for (i, receiver) in receivers[t].iter_mut().enumerate() {
                receiver.1 = sides + 1 + i;
            }
            sides += 1 + receivers[t].len();
        }
        let by_question = catalog
            .banks
            .iter()
            .enumerate()
            .map(|(b, bank)| {
                let mut slots = FxMap::default();
                for (t, q) in on_topic(bank) {
                    let slot = match q.stance {
                        Some(Stance::Communicated) if communicator[t] == Some(b) => Some(claim[t]),
                        Some(Stance::Received) if communicator[t].is_some() => {
                            receivers[t].iter().find(|&&(r, _)| r == b).map(|&(_, slot)| slot)
                        }
                        _ => None,
                    };
                    if let Some(slot) = slot {
                        slots.insert(q.id.as_str(), (slot, q));
                    }
                }
                slots
            })
            .collect();
        let topics = catalog
            .topics
            .iter()
            .zip(receivers)
            .enumerate()
            .filter_map(|(t, (topic, receivers))| {
                Some(Planned {
                    id: &topic.id,
                    title: &topic.title,
                    communicator: communicator[t]?,
                    claim: claim[t],
                    receivers,
                })
            })
            .collect();
        Layout { topics, by_question, sides }
    }
}
