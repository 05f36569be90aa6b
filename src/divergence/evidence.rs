//! The divergence with its evidence: every side's voices (who said what, with their notes) and
//! the contrasting terms. What exports, reports and the detail pane show; the matrix alone is
//! [`super::matrix`], much cheaper on a large session.

use std::collections::HashMap;

use super::terms::{Heard, Met, Vocabulary};
use super::{Divergence, Side, TERMS, Tally, TopicDivergence, Voice, cell, consistency, matrix_of};
use crate::bank::{Bank, Catalog, Question, Stance};
use crate::session::{AnswerState, Interview, Session};

/// Computes the matrix with its evidence: every topic that has a communicated question.
///
/// One pass over the banks finds each topic's questions and one over the session each
/// function's interviews; every note is split into terms once, into a vocabulary shared by the
/// whole computation. The cost grows with the answers on topics, not with topics × banks.
pub fn compute(session: &Session, catalog: &Catalog) -> Divergence {
    let index = Index::new(session, catalog, None);
    let mut vocabulary = Vocabulary::default();
    let topics = catalog.topics.iter().filter_map(|t| topic_in(&index, &mut vocabulary, catalog, &t.id)).collect();
    matrix_of(topics, catalog)
}

/// The divergence on one topic with its evidence, or None when no bank claims to communicate it.
pub fn topic(session: &Session, catalog: &Catalog, topic_id: &str) -> Option<TopicDivergence> {
    let index = Index::new(session, catalog, Some(topic_id));
    topic_in(&index, &mut Vocabulary::default(), catalog, topic_id)
}

/// The claim on one topic: what the function that communicates it said, over every interview;
/// None when no bank claims to communicate it. The same as [`topic`]'s `claim`, without the
/// receivers' sides and the contrasting terms, which cost time in proportion to every note on
/// the topic: the interview screen needs only this, after each received answer.
pub fn claim(session: &Session, catalog: &Catalog, topic_id: &str) -> Option<Side> {
    // Bank by bank, stopping at the communicator: no index of every bank is built, so the cost
    // stays small beside a frame whatever the banks' size.
    for bank in &catalog.banks {
        let questions: Vec<(&Bank, &Question)> =
            bank.questions.iter().filter(|q| q.topic.as_deref() == Some(topic_id)).map(|q| (bank, q)).collect();
        if questions.iter().any(|(_, q)| q.stance == Some(Stance::Communicated)) {
            let interviews: Vec<&Interview> =
                session.interviews.iter().filter(|i| i.function == bank.function).collect();
            return Some(gather(bank, &questions, &interviews, Stance::Communicated).0);
        }
    }
    None
}

/// Where each topic's questions are and whose interviews there are, found once.
struct Index<'a> {
    /// By topic id: its questions, in bank order and then question order, each with its bank.
    questions: HashMap<&'a str, Vec<(&'a Bank, &'a Question)>>,
    /// By function: its interviews, in session order.
    interviews: HashMap<&'a str, Vec<&'a Interview>>,
}

impl<'a> Index<'a> {
    /// The index of every topic, or of `only` one.
    fn new(session: &'a Session, catalog: &'a Catalog, only: Option<&str>) -> Index<'a> {
        let mut questions: HashMap<&str, Vec<(&Bank, &Question)>> = HashMap::new();
        for bank in &catalog.banks {
            for q in &bank.questions {
                if let Some(t) = q.topic.as_deref()
                    && only.is_none_or(|o| o == t)
                {
                    questions.entry(t).or_default().push((bank, q));
                }
            }
        }
        let mut interviews: HashMap<&str, Vec<&Interview>> = HashMap::new();
        for i in &session.interviews {
            interviews.entry(i.function.as_str()).or_default().push(i);
        }
        Index { questions, interviews }
    }

    /// What `bank`'s function said on a topic (whose questions are `questions`), as [`gather`].
    fn gather(&self, bank: &Bank, questions: &[(&'a Bank, &'a Question)], stance: Stance) -> (Side, Vec<&'a str>) {
        let interviews = self.interviews.get(bank.function.as_str()).map_or(&[][..], Vec::as_slice);
        gather(bank, questions, interviews, stance)
    }
}

/// What `bank`'s function said on a topic (whose questions are `questions`) through its
/// questions of `stance`, over its `interviews`; and the notes it gave on any question of the
/// topic, whatever their stance.
fn gather<'a>(
    bank: &Bank,
    questions: &[(&'a Bank, &'a Question)],
    interviews: &[&'a Interview],
    stance: Stance,
) -> (Side, Vec<&'a str>) {
    let mine: Vec<&Question> = questions.iter().filter(|(b, _)| std::ptr::eq(*b, bank)).map(|(_, q)| *q).collect();
    let mut voices = Vec::new();
    let mut tally = Tally::default();
    let mut notes = Vec::new();
    for (k, interview) in interviews.iter().enumerate() {
        let mut who = None;
        for q in &mine {
            let answer = interview.answer(&q.id);
            if q.stance == Some(stance) {
                // The function's interviews in session order: the k-th is "Title #k+1".
                let who = who.get_or_insert_with(|| interview.label(&bank.title, k + 1)).clone();
                let voice = Voice {
                    interview: interview.id.clone(),
                    who,
                    question_id: q.id.clone(),
                    state: answer.map(|a| a.state).unwrap_or_default(),
                    score: answer.and_then(|a| a.normalised(q)),
                    value_text: answer.and_then(|a| a.value_text(q)),
                    notes: answer.map(|a| a.notes.clone()).unwrap_or_default(),
                    quote: answer.is_some_and(|a| a.flags.quote),
                };
                tally.add(voice.state, voice.score);
                voices.push(voice);
            }
            // Notes on a skipped or don't-know answer are usually the interviewer's remark
            // ("ran out of time"), not what the function said.
            if let Some(a) = answer
                && !matches!(a.state, AnswerState::Skipped | AnswerState::DontKnow)
                && !a.notes.trim().is_empty()
            {
                notes.push(a.notes.as_str());
            }
        }
    }
    (tally.side(&bank.function, !interviews.is_empty(), voices), notes)
}

/// The divergence on one topic from the index, its notes' terms kept in `vocabulary`.
fn topic_in(index: &Index, vocabulary: &mut Vocabulary, catalog: &Catalog, topic_id: &str) -> Option<TopicDivergence> {
    let questions = index.questions.get(topic_id)?;
    let communicator = questions.iter().find(|(_, q)| q.stance == Some(Stance::Communicated))?.0;
    let title = catalog.topic(topic_id).map_or(topic_id.to_string(), |t| t.title.clone());
    let (claim, claim_notes) = index.gather(communicator, questions, Stance::Communicated);
    let claim_terms: Vec<Vec<Met>> = claim_notes.iter().map(|n| vocabulary.terms(n)).collect();
    let claim_terms: Vec<&[Met]> = claim_terms.iter().map(Vec::as_slice).collect();
    let mut claim_heard = Heard::default();
    claim_terms.iter().for_each(|t| claim_heard.add(t));
    let mut all_heard = Heard::default();
    let mut cells = Vec::new();
    for bank in receivers(questions) {
        let (received, notes) = index.gather(bank, questions, Stance::Received);
        let heard: Vec<Vec<Met>> = notes.iter().map(|n| vocabulary.terms(n)).collect();
        let heard: Vec<&[Met]> = heard.iter().map(Vec::as_slice).collect();
        let heard_not_said = vocabulary.missing(&heard, &claim_heard, TERMS);
        heard.iter().for_each(|t| all_heard.add(t));
        cells.push(cell(&claim, received, heard_not_said));
    }
    let said_not_heard =
        if cells.is_empty() { Vec::new() } else { vocabulary.missing(&claim_terms, &all_heard, TERMS) };
    let consistency = consistency(&cells);
    Some(TopicDivergence { topic: topic_id.to_string(), title, claim, cells, consistency, said_not_heard })
}

/// The banks that receive a topic, in bank order (a topic's questions are grouped by bank).
fn receivers<'a>(questions: &[(&'a Bank, &'a Question)]) -> Vec<&'a Bank> {
    let mut receivers: Vec<&Bank> = Vec::new();
    for (bank, q) in questions {
        if q.stance == Some(Stance::Received) && !receivers.last().is_some_and(|b| std::ptr::eq(*b, *bank)) {
            receivers.push(bank);
        }
    }
    receivers
}
