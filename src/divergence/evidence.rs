//! The divergence with its evidence: every side's voices (who said what, with their notes) and
//! the contrasting terms. What exports, reports and the detail pane show; the matrix alone is
//! [`super::matrix`], much cheaper on a large session.

use super::answers::{Interviews, Of};
use super::language;
use super::terms::{Heard, Met, Spread, Vocabulary};
use super::{Divergence, Side, TERMS, Tally, TopicDivergence, Voice, addressed_cell, cell, consistency, matrix_of};
use crate::bank::{Bank, Catalog, Question, TopicPlan};
use crate::session::{AnswerState, Session};

/// Computes the matrix with its evidence: every topic that has a communicated question.
///
/// The catalog's topic plan gives each topic's questions and one pass over the session each
/// function's interviews; every note is split into terms once, into a vocabulary shared by the
/// whole computation. The cost grows with the answers on topics, not with topics × banks.
/// Terms are marked only where they are distinctive: a term most topics' notes use says nothing
/// about one of them, so every topic's notes are split first and weighed together.
pub fn compute(session: &Session, catalog: &Catalog) -> Divergence {
    let Notes { vocabulary, spread, gathered } = Notes::of(session, catalog);
    let topics = gathered.into_iter().flatten().map(|g| g.weigh(&vocabulary, &spread, catalog)).collect();
    matrix_of(topics, catalog)
}

/// The divergence on one topic with its evidence, or None when no bank communicates it.
/// Its terms are weighed against every topic's notes, as in [`compute`]: to look at several
/// topics of one session, gather its evidence once with [`Notes::of`].
pub fn topic(session: &Session, catalog: &Catalog, topic_id: &str) -> Option<TopicDivergence> {
    Notes::of(session, catalog).topic(catalog, topic_id)
}

/// A session's evidence gathered once: every topic's sides with their voices, and its notes
/// split into terms, with how many topics use each. What showing any topic whole needs, for a
/// session that does not change meanwhile (the divergence screen keeps it while it shows), so
/// that moving to a row not seen yet only weighs that topic's terms.
pub struct Notes {
    vocabulary: Vocabulary,
    spread: Spread,
    /// By plan (the catalog's topic order): None where no bank communicates the topic.
    gathered: Vec<Option<Gathered>>,
}

impl Notes {
    pub fn of(session: &Session, catalog: &Catalog) -> Notes {
        let session = &*session.accounts();
        let interviews = Interviews::indexed(session, catalog);
        let mut vocabulary = Vocabulary::new(language::or_default(&session.language));
        let gathered: Vec<Option<Gathered>> =
            catalog.plans().iter().map(|p| gather_topic(&interviews, &mut vocabulary, catalog, p)).collect();
        let mut spread = Spread::default();
        gathered.iter().flatten().for_each(|g| spread.add(&g.document()));
        Notes { vocabulary, spread, gathered }
    }

    /// As [`topic`], for the session these notes are of.
    pub fn topic(&self, catalog: &Catalog, topic_id: &str) -> Option<TopicDivergence> {
        // The plans are in topic order, one per topic.
        let this = self.gathered.get(catalog.plan(topic_id)?.topic)?.clone()?;
        let mut topic = this.weigh(&self.vocabulary, &self.spread, catalog);
        super::read_as_planned(&mut topic, catalog);
        Some(topic)
    }
}

/// What was communicated on one topic: what the function that communicates it said, over every
/// interview; None when no bank communicates it. The same as [`topic`]'s `communicated`,
/// without the receivers' sides and the contrasting terms, which cost time in proportion to
/// every note on the topic: the interview screen needs only this, after each received answer.
/// With `receiver`, the communicated side addressed to that function (its own, else the topic's).
pub fn communicated(session: &Session, catalog: &Catalog, topic_id: &str, receiver: Option<&str>) -> Option<Side> {
    let plan = catalog.plan(topic_id)?;
    let session = &*session.accounts();
    let own = receiver.and_then(|f| plan.receivers.iter().find(|r| catalog.banks[r.bank].function == f));
    let communicated = own.and_then(|r| r.communicated).or(plan.communicated)?;
    let function = &catalog.banks[communicated.bank].function;
    let interviews = Of::unindexed(session.interviews.iter().filter(|i| &i.function == function).collect());
    Some(gather(catalog, plan, communicated.bank, &[communicated.question], &interviews).0)
}

/// What `bank`'s function said on the topic of `plan` through its questions `voiced` (indexes
/// in the bank), over its `interviews`; and the notes it gave on any question of the topic,
/// whatever their stance.
fn gather<'a>(
    catalog: &'a Catalog,
    plan: &TopicPlan,
    bank: usize,
    voiced: &[usize],
    of: &Of<'a>,
) -> (Side, Vec<&'a str>) {
    let b = &catalog.banks[bank];
    let mine: Vec<(usize, &Question)> = plan.questions_of(bank).map(|i| (i, &b.questions[i])).collect();
    let mut voices = Vec::new();
    let mut tally = Tally::default();
    let mut notes = Vec::new();
    let anchor = catalog.anchor_index(bank).map(|a| (a, &b.questions[a]));
    for (k, interview) in of.interviews.iter().enumerate() {
        let mut who = None;
        let mut case = None;
        for (i, q) in &mine {
            let answer = of.answer(k, *i, &q.id);
            if voiced.contains(i) {
                // The function's interviews in session order: the k-th is "Title #k+1".
                let who = who.get_or_insert_with(|| interview.label(&b.title, k + 1)).clone();
                let voice = Voice {
                    interview: interview.id.clone(),
                    who,
                    question_id: q.id.clone(),
                    state: answer.map(|a| a.state).unwrap_or_default(),
                    score: answer.and_then(|a| a.normalised(q)),
                    value_text: answer.and_then(|a| a.value_text(q)),
                    notes: answer.map(|a| a.notes.clone()).unwrap_or_default(),
                    quote: answer.is_some_and(|a| a.flags.quote),
                    case: case
                        .get_or_insert_with(|| super::case_of(anchor.and_then(|(a, q)| of.answer(k, a, &q.id))))
                        .clone(),
                    sent_by: answer.and_then(|a| a.sent_by),
                    involvement: interview.involvement,
                    product_in_room: interview.product_in_room,
                };
                tally.add(voice.state, voice.score, super::Given::of(interview));
                voices.push(voice);
            }
            // Notes on a skipped or don't-know answer are usually the interviewer's remark
            // ("ran out of time"), not what the function said; notes on a claim addressed to
            // another function (a row of `each`) were said to that function, not this side's.
            if let Some(a) = answer
                && (voiced.contains(i) || q.to.is_empty())
                && !matches!(a.state, AnswerState::Skipped | AnswerState::DontKnow)
                && !a.notes.trim().is_empty()
            {
                notes.push(a.notes.as_str());
            }
        }
    }
    let mut side = tally.side(&b.function, !of.interviews.is_empty(), voices);
    side.items = ticked_items(b, voiced, of);
    (side, notes)
}

/// The items of `bank`'s `voiced` multi questions that any of the `interviews` ticked, in the
/// bank's order.
fn ticked_items(bank: &Bank, voiced: &[usize], of: &Of) -> Vec<String> {
    let mut items: Vec<String> = Vec::new();
    for (i, q) in voiced.iter().map(|&i| (i, &bank.questions[i])).filter(|(_, q)| q.kind == crate::bank::Kind::Multi) {
        for o in q.items() {
            let ticked = (0..of.interviews.len()).any(|k| {
                of.answer(k, i, &q.id).is_some_and(|a| {
                    a.state == AnswerState::Answered
                        && matches!(&a.value, Some(crate::session::AnswerValue::Multi { options }) if options.contains(&o.label))
                })
            });
            if ticked && !items.contains(&o.label) {
                items.push(o.label.clone());
            }
        }
    }
    items
}

/// A side with its notes split into terms.
type Said = (Side, Vec<Vec<Met>>);

/// One topic's sides with their notes split into terms, before the terms are weighed.
#[derive(Clone)]
struct Gathered {
    plan_topic: usize,
    communicated: Side,
    communicated_terms: Vec<Vec<Met>>,
    /// Each receiver's side and its notes' terms, and the communicated side addressed to it
    /// alone if any (with whether that one also stands for the topic's).
    received: Vec<(Said, Option<(Said, bool)>)>,
}

impl Gathered {
    /// Every note on the topic, as one document of the engagement's notes.
    fn document(&self) -> Vec<&[Met]> {
        let received = self.received.iter().flat_map(|((_, terms), own)| {
            // The topic's own side is in the document once, as the communicated one.
            let own = own.iter().filter(|(_, topic)| !topic).flat_map(|((_, terms), _)| terms);
            terms.iter().chain(own)
        });
        self.communicated_terms.iter().chain(received).map(Vec::as_slice).collect()
    }

    /// The topic's cells, with the distinctive terms each side used that the other did not.
    fn weigh(self, vocabulary: &Vocabulary, spread: &Spread, catalog: &Catalog) -> TopicDivergence {
        let communicated_terms: Vec<&[Met]> = self.communicated_terms.iter().map(Vec::as_slice).collect();
        let mut communicated_heard = Heard::default();
        communicated_terms.iter().for_each(|t| communicated_heard.add(t));
        // What the topic's communicated side said is weighed against the receivers compared
        // with it.
        let mut all_heard = Heard::default();
        let mut compared_with_communicated = 0;
        let mut cells = Vec::new();
        let mut general = Vec::new();
        for ((received, heard), own) in self.received {
            let heard: Vec<&[Met]> = heard.iter().map(Vec::as_slice).collect();
            let Some(own) = own else {
                general.push(cells.len());
                cells.push(cell(
                    &self.communicated,
                    received,
                    vocabulary.missing(&heard, &communicated_heard, TERMS, spread),
                ));
                heard.iter().for_each(|t| all_heard.add(t));
                compared_with_communicated += 1;
                continue;
            };
            let ((own, own_terms), stands_for_topic) = own;
            if stands_for_topic {
                // Its receiver also counts among those the topic's side was said to.
                heard.iter().for_each(|t| all_heard.add(t));
                compared_with_communicated += 1;
            }
            let own_terms: Vec<&[Met]> = own_terms.iter().map(Vec::as_slice).collect();
            let (mut own_heard, mut this_heard) = (Heard::default(), Heard::default());
            own_terms.iter().for_each(|t| own_heard.add(t));
            heard.iter().for_each(|t| this_heard.add(t));
            let heard_not_said = vocabulary.missing(&heard, &own_heard, TERMS, spread);
            let said_not_heard = vocabulary.missing(&own_terms, &this_heard, TERMS, spread);
            cells.push(addressed_cell(own, received, heard_not_said, said_not_heard));
        }
        let said_not_heard = if compared_with_communicated == 0 {
            Vec::new()
        } else {
            vocabulary.missing(&communicated_terms, &all_heard, TERMS, spread)
        };
        general.iter().for_each(|&c| cells[c].said_not_heard.clone_from(&said_not_heard));
        let consistency = consistency(&cells);
        let topic = &catalog.topics[self.plan_topic];
        TopicDivergence {
            topic: topic.id.clone(),
            title: topic.title.clone(),
            communicated: self.communicated,
            cells,
            consistency,
            shared_fact: false,
            said_not_heard,
        }
    }
}

/// The sides of the topic of `plan` with their notes split into terms kept in `vocabulary`;
/// None when no bank communicates it.
fn gather_topic(
    interviews: &Interviews,
    vocabulary: &mut Vocabulary,
    catalog: &Catalog,
    plan: &TopicPlan,
) -> Option<Gathered> {
    let communicated_at = plan.communicated?;
    let communicator = &catalog.banks[communicated_at.bank];
    let (communicated, communicated_notes) =
        gather(catalog, plan, communicated_at.bank, &[communicated_at.question], interviews.of(&communicator.function));
    let communicated_terms: Vec<Vec<Met>> = communicated_notes.iter().map(|n| vocabulary.terms(n)).collect();
    let said = |bank: usize, questions: &[usize], vocabulary: &mut Vocabulary| -> Said {
        let (side, notes) = gather(catalog, plan, bank, questions, interviews.of(&catalog.banks[bank].function));
        (side, notes.iter().map(|n| vocabulary.terms(n)).collect())
    };
    let received = plan
        .receivers
        .iter()
        .map(|r| {
            // A claim addressed to this receiver is compared with it alone, even the one that
            // also stands for the topic (the first row of `each`, when no claim is for all).
            let addressed = r.communicated.filter(|c| !catalog.banks[c.bank].questions[c.question].to.is_empty());
            let own = addressed.map(|c| match c == communicated_at {
                true => ((communicated.clone(), communicated_terms.clone()), true),
                false => (said(c.bank, &[c.question], vocabulary), false),
            });
            (said(r.bank, &r.questions, vocabulary), own)
        })
        .collect();
    Some(Gathered { plan_topic: plan.topic, communicated, communicated_terms, received })
}
