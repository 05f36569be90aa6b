//! The topic plan: for each topic, the question that states what was communicated and the
//! functions that receive it, found once when the catalog loads, so that divergence, reports and
//! screens read it instead of searching the banks again.

use std::collections::{BTreeMap, HashMap};

use super::model::{Bank, Stance, Topic};

/// A question's place in a catalog: its bank's index, and its index among that bank's questions
/// (in interview order).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuestionAt {
    pub bank: usize,
    pub question: usize,
}

/// A function that receives a topic: its bank's index and its `received` questions on the topic,
/// as indexes among the bank's questions, in interview order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receiver {
    pub bank: usize,
    pub questions: Vec<usize>,
    /// The `communicated` question its account is compared with: the one addressed to it (`to`),
    /// else the one for every receiver.
    pub communicated: Option<QuestionAt>,
}

/// One topic's place in the banks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicPlan {
    /// The topic's index among the catalog's topics.
    pub topic: usize,
    /// The `communicated` question for every receiver (else the first one), whose answers say
    /// what was communicated; None when no bank has a `communicated` question on the topic (then
    /// nothing on it is compared).
    pub communicated: Option<QuestionAt>,
    /// Every `communicated` question on the topic: one for all, or one per receiving function.
    pub all_communicated: Vec<QuestionAt>,
    /// The functions with `received` questions on the topic, in bank order.
    pub receivers: Vec<Receiver>,
    /// Every question on the topic whatever its stance (`practice` too), in bank order and then
    /// interview order: where the notes said on the topic are.
    pub questions: Vec<QuestionAt>,
    /// A shared fact (stance `shared`): the first function that answers it (in bank order) is
    /// the side the others are set against, and the sides agree or disagree; none over-states.
    pub shared: bool,
}

impl TopicPlan {
    /// The indexes of `bank`'s questions on the topic, in interview order.
    pub fn questions_of(&self, bank: usize) -> impl Iterator<Item = usize> + '_ {
        self.questions.iter().filter(move |at| at.bank == bank).map(|at| at.question)
    }

    /// `bank` as a receiver of the topic, if it is one.
    pub fn receiver(&self, bank: usize) -> Option<&Receiver> {
        self.receivers.iter().find(|r| r.bank == bank)
    }
}

/// Every topic's plan, in the catalog's topic order.
#[derive(Debug, Clone, Default)]
pub(super) struct Plan {
    pub(super) topics: Vec<TopicPlan>,
    /// By topic id: its index in `topics`.
    pub(super) by_id: HashMap<String, usize>,
    /// The banks that receive any topic, in bank order: the divergence matrix's columns.
    pub(super) receivers: Vec<usize>,
    /// By bank: its anchor question's index, found once (every voice names its case).
    pub(super) anchors: Vec<Option<usize>>,
}

impl Plan {
    /// The plan of loaded, valid banks (each topic has one `communicated` question at most).
    pub(super) fn new(topics: &[Topic], banks: &[Bank]) -> Plan {
        let mut on_topic = on_topic(banks);
        let plans: Vec<TopicPlan> = topics
            .iter()
            .enumerate()
            .map(|(t, topic)| topic_plan(t, on_topic.remove(topic.id.as_str()).unwrap_or_default(), banks))
            .collect();
        let mut receivers: Vec<usize> = plans.iter().flat_map(|p| p.receivers.iter().map(|r| r.bank)).collect();
        receivers.sort_unstable();
        receivers.dedup();
        let by_id = topics.iter().enumerate().map(|(t, topic)| (topic.id.clone(), t)).collect();
        let anchors = banks.iter().map(|b| b.questions.iter().position(|q| q.anchor)).collect();
        Plan { topics: plans, by_id, receivers, anchors }
    }
}

/// Every question with a topic, by topic id (sorted), in bank order and then interview order.
/// Validation reads it too, for topics the topic list may not have.
pub(super) fn on_topic(banks: &[Bank]) -> BTreeMap<&str, Vec<QuestionAt>> {
    let mut out: BTreeMap<&str, Vec<QuestionAt>> = BTreeMap::new();
    for (bank, b) in banks.iter().enumerate() {
        for (question, q) in b.questions.iter().enumerate() {
            if let Some(topic) = q.topic.as_deref() {
                out.entry(topic).or_default().push(QuestionAt { bank, question });
            }
        }
    }
    out
}

/// One topic's plan from its questions: the `communicated` question without a `to` (else the
/// first) is the topic's; each receiver is compared with the one addressed to it.
/// A shared fact's first function stands where a claim would, the others where receivers would.
fn topic_plan(topic: usize, questions: Vec<QuestionAt>, banks: &[Bank]) -> TopicPlan {
    let question = |at: &QuestionAt| &banks[at.bank].questions[at.question];
    let shared_by = questions.iter().find(|at| question(at).stance == Some(Stance::Shared)).map(|at| at.bank);
    let stance_of = |at: &QuestionAt| match question(at).stance {
        Some(Stance::Shared) if Some(at.bank) == shared_by => Some(Stance::Communicated),
        Some(Stance::Shared) => Some(Stance::Received),
        stance => stance,
    };
    let all_communicated: Vec<QuestionAt> =
        questions.iter().filter(|at| stance_of(at) == Some(Stance::Communicated)).copied().collect();
    let general = all_communicated.iter().find(|at| question(at).to.is_empty()).copied();
    let communicated = general.or_else(|| all_communicated.first().copied());
    let mut receivers: Vec<Receiver> = Vec::new();
    for at in questions.iter().filter(|at| stance_of(at) == Some(Stance::Received)) {
        match receivers.last_mut() {
            Some(r) if r.bank == at.bank => r.questions.push(at.question),
            _ => {
                let function = &banks[at.bank].function;
                let addressed = all_communicated.iter().find(|c| question(c).to.contains(function)).copied();
                receivers.push(Receiver {
                    bank: at.bank,
                    questions: vec![at.question],
                    communicated: addressed.or(general),
                });
            }
        }
    }
    TopicPlan { topic, communicated, all_communicated, receivers, questions, shared: shared_by.is_some() }
}
