//! The matrix alone: every side's score, spread and reason for an unknown, without the voices
//! and contrasting terms behind them. The catalog's topic plan lays the topics out, one over the
//! session's answers adds each to its side; nothing is copied and no note is read, so a session
//! of hundreds of interviews opens the divergence screen within a frame.

use super::fx::FxMap;
use super::{Cell, Divergence, Side, Tally, TopicDivergence, addressed_cell, cell, consistency, matrix_of};
use crate::bank::{Catalog, Question};
use crate::session::Session;

/// The divergence as [`super::compute`] finds it, less the evidence: every side's `voices` and
/// the contrasting terms are left empty. For the matrix; [`super::topic`] gives one topic whole.
pub fn matrix(session: &Session, catalog: &Catalog) -> Divergence {
    let session = &*session.accounts();
    let layout = Layout::new(catalog);
    let Tallies { tallies, interviewed } = Tallies::of(&session.interviews, catalog, &layout);
    // Every slot's side; a communicated side addressed to several receivers is compared with each.
    let sides: Vec<Side> = tallies
        .into_iter()
        .zip(&layout.bank_of_slot)
        .map(|(tally, &bank)| tally.side(&catalog.banks[bank].function, interviewed[bank], Vec::new()))
        .collect();
    let topics = layout
        .topics
        .iter()
        .map(|t| {
            let communicated = sides[t.communicated].clone();
            let cells: Vec<Cell> = t
                .receivers
                .iter()
                .map(|r| {
                    let received = sides[r.slot].clone();
                    match r.communicated {
                        Some(own) => addressed_cell(sides[own].clone(), received, Vec::new(), Vec::new()),
                        None => cell(&communicated, received, Vec::new()),
                    }
                })
                .collect();
            let consistency = consistency(&cells);
            TopicDivergence {
                topic: t.id.to_string(),
                title: t.title.to_string(),
                communicated,
                cells,
                consistency,
                shared_fact: false,
                said_not_heard: Vec::new(),
            }
        })
        .collect();
    matrix_of(topics, catalog)
}

/// Every slot's tally, and which banks have an interview.
struct Tallies {
    tallies: Vec<Tally>,
    interviewed: Vec<bool>,
}

/// Below this many interviews the walk is a fraction of a millisecond: one thread.
const PARALLEL_FROM: usize = 128;

impl Tallies {
    /// The answers of `interviews` added to their sides. The walk is bound by memory (every
    /// answer's id is read and looked up), so a large session is walked in one chunk per core
    /// and the chunks' tallies joined; a side's mean does not depend on the order its scores
    /// were met in ([`Tally::side`] sorts them).
    fn of(interviews: &[crate::session::Interview], catalog: &Catalog, layout: &Layout) -> Tallies {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(4);
        if threads < 2 || interviews.len() < PARALLEL_FROM {
            return Tallies::walk(interviews, catalog, layout);
        }
        let chunk = interviews.len().div_ceil(threads);
        let parts: Vec<Tallies> = std::thread::scope(|scope| {
            let handles: Vec<_> = interviews
                .chunks(chunk)
                .map(|part| scope.spawn(move || Tallies::walk(part, catalog, layout)))
                .collect();
            // A walk only reads and adds; a panic in one is a bug, and walking again here
            // gives the same answer on this thread.
            handles.into_iter().map(|h| h.join().ok()).collect::<Option<Vec<_>>>()
        })
        .unwrap_or_else(|| vec![Tallies::walk(interviews, catalog, layout)]);
        parts.into_iter().reduce(Tallies::join).unwrap_or_else(|| Tallies::walk(&[], catalog, layout))
    }

    fn walk(interviews: &[crate::session::Interview], catalog: &Catalog, layout: &Layout) -> Tallies {
        let mut tallies: Vec<Tally> = (0..layout.bank_of_slot.len()).map(|_| Tally::default()).collect();
        let mut interviewed = vec![false; catalog.banks.len()];
        for interview in interviews {
            let Some(&bank) = layout.bank_of.get(interview.function.as_str()) else { continue };
            interviewed[bank] = true;
            let sides = &layout.by_question[bank];
            if sides.is_empty() {
                continue;
            }
            let given = super::Given::of(interview);
            for (question_id, answer) in &interview.answers {
                if let Some(&(side, question)) = sides.get(question_id.as_str()) {
                    tallies[side].add(answer.state, answer.normalised(question), given);
                }
            }
        }
        Tallies { tallies, interviewed }
    }

    fn join(mut self, other: Tallies) -> Tallies {
        for (mine, theirs) in self.tallies.iter_mut().zip(other.tallies) {
            mine.join(theirs);
        }
        for (mine, theirs) in self.interviewed.iter_mut().zip(other.interviewed) {
            *mine |= theirs;
        }
        self
    }
}

/// A topic of the matrix: its communicated side and each receiver's, by slot.
struct Planned<'a> {
    id: &'a str,
    title: &'a str,
    communicated: usize,
    /// In bank order.
    receivers: Vec<PlannedReceiver>,
}

struct PlannedReceiver {
    slot: usize,
    /// The slot of the communicated side addressed to it alone, when it has one.
    communicated: Option<usize>,
}

/// Which side each answer counts towards, read once from the catalog's topic plan.
struct Layout<'a> {
    /// The topics that have a communicator, in the catalog's order.
    topics: Vec<Planned<'a>>,
    /// By bank (index), then question id: the slot of the side the answer counts towards.
    by_question: Vec<FxMap<&'a str, (usize, &'a Question)>>,
    /// The bank each slot's side is of.
    bank_of_slot: Vec<usize>,
    /// Each bank's index by its function.
    bank_of: FxMap<&'a str, usize>,
}

impl<'a> Layout<'a> {
    fn new(catalog: &'a Catalog) -> Layout<'a> {
        let mut layout = Layout {
            topics: Vec::new(),
            by_question: vec![FxMap::default(); catalog.banks.len()],
            bank_of_slot: Vec::new(),
            bank_of: catalog.banks.iter().enumerate().map(|(i, b)| (b.function.as_str(), i)).collect(),
        };
        for plan in catalog.plans() {
            let Some(communicated) = plan.communicated else { continue };
            let topic = &catalog.topics[plan.topic];
            // Slots: each communicated question's own (the topic's first), then one per receiver.
            let communicated_slots: Vec<(crate::bank::QuestionAt, usize)> =
                plan.all_communicated.iter().map(|&c| (c, layout.slot(catalog, c.bank, &[c.question]))).collect();
            let slot_of =
                |at: crate::bank::QuestionAt| communicated_slots.iter().find(|(c, _)| *c == at).map(|(_, s)| *s);
            let receivers = plan
                .receivers
                .iter()
                .map(|r| PlannedReceiver {
                    slot: layout.slot(catalog, r.bank, &r.questions),
                    communicated: r.communicated.filter(|&c| c != communicated).and_then(slot_of),
                })
                .collect();
            let communicated = slot_of(communicated).unwrap_or_default();
            layout.topics.push(Planned { id: &topic.id, title: &topic.title, communicated, receivers });
        }
        layout
    }

    /// A new side, which the answers to `bank`'s `questions` count towards.
    fn slot(&mut self, catalog: &'a Catalog, bank: usize, questions: &[usize]) -> usize {
        let slot = self.bank_of_slot.len();
        self.bank_of_slot.push(bank);
        for &i in questions {
            let q = &catalog.banks[bank].questions[i];
            self.by_question[bank].insert(q.id.as_str(), (slot, q));
        }
        slot
    }
}
