//! Each pillar on its own (issue 24): a level read from the answers in its sections, with how
//! much of it was answered, by which functions and in how many interviews, and its own gaps
//! between what was sent and what was received. Not a maturity score: a level with the answers
//! behind it, and "not enough evidence" where that is the truth. Claims (`communicated`) are
//! left out of the level: a pillar is read from what arrived and what is done, not from what
//! its senders say they sent; the gaps say how far those differ.

use serde::Serialize;

use super::Sources;
use super::evidence::{Evidence, Level, mean};
use super::profile::member_score;
use crate::bank::{Catalog, Kind, Pillar, Stance};
use crate::divergence::{Divergence, Verdict};
use crate::session::AnswerState;

/// At least this many of a pillar's scored questions answered…
pub const ANSWERED_NEEDED: usize = 3;
/// The weak answers a pillar's sentence names; the evidence lists them all.
const NAMED: usize = 5;

/// One pillar, read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PillarReading {
    pub pillar: Pillar,
    /// Out of the engagement's scope: nothing is read, and it says so.
    pub in_scope: bool,
    /// Strong, middling, weak; unknown when out of scope or without enough evidence.
    pub level: Level,
    /// The pillar's scored questions the banks in scope ask (claims left out).
    pub questions: usize,
    /// Of which at least one interview answered.
    pub answered: usize,
    /// Its must-ask questions, and how many were answered: half of them at least are needed.
    pub must: usize,
    pub must_answered: usize,
    /// The functions whose answers it rests on, in bank order.
    pub functions: Vec<String>,
    /// The interviews whose answers it rests on.
    pub interviews: usize,
    /// Its topics' cells where what was sent and what was received differ.
    pub gaps: Vec<Gap>,
    pub evidence: Vec<Evidence>,
    /// In plain sentences: the level and why, or what is missing.
    pub says: String,
}

/// A cell of the pillar's topics where the two sides differ.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gap {
    pub topic: String,
    pub title: String,
    /// The function that received (or, on a shared fact, the one set against the first).
    pub function: String,
    pub verdict: Verdict,
    /// Communicated − received (on a fact: how far apart), normalised (−1..1).
    pub gap_normalised: Option<f64>,
}

impl PillarReading {
    /// Enough to read a level: three scored questions answered, and half the must-ask ones.
    pub fn enough(&self) -> bool {
        self.answered >= ANSWERED_NEEDED && self.must_answered * 2 >= self.must
    }

    /// "weak", "not enough evidence", "out of scope".
    pub fn level_words(&self) -> &'static str {
        match (self.in_scope, self.level) {
            (false, _) => "out of scope",
            (true, Level::Unknown) => "not enough evidence",
            (true, level) => level.name(),
        }
    }

    /// "3 of 8 questions answered, by Product and Engineering, in 2 interviews".
    pub fn coverage(&self) -> String {
        let by = match self.functions.as_slice() {
            [] => "by no one".to_string(),
            [one] => format!("by {one}"),
            [rest @ .., last] => format!("by {} and {last}", rest.join(", ")),
        };
        let interviews = if self.interviews == 1 { "interview" } else { "interviews" };
        format!("{} of {} questions answered, {by}, in {} {interviews}", self.answered, self.questions, self.interviews)
    }
}

/// Every pillar, upstream first.
pub fn read(sources: &Sources) -> Vec<PillarReading> {
    Pillar::ALL.into_iter().map(|p| one(sources, p)).collect()
}

fn one(sources: &Sources, pillar: Pillar) -> PillarReading {
    let session = sources.session;
    let mut r = PillarReading {
        pillar,
        in_scope: session.scope.contains(pillar),
        level: Level::Unknown,
        questions: 0,
        answered: 0,
        must: 0,
        must_answered: 0,
        functions: Vec::new(),
        interviews: 0,
        gaps: Vec::new(),
        evidence: Vec::new(),
        says: String::new(),
    };
    if !r.in_scope {
        r.says = format!("Out of scope: this engagement covers {}.", session.scope.describe());
        return r;
    }
    gather(sources, pillar, &mut r);
    r.gaps = gaps(sources.catalog, &sources.matrix, pillar);
    r.level = level(&r);
    r.says = says(&r);
    r
}

/// Every interview's answer to every scored question of the pillar, and the coverage.
fn gather(sources: &Sources, pillar: Pillar, r: &mut PillarReading) {
    let session = sources.session;
    let mut interviews = std::collections::BTreeSet::new();
    for bank in &sources.catalog.banks {
        let sections: Vec<&str> = bank.sections.iter().filter(|s| s.pillar == pillar).map(|s| s.id.as_str()).collect();
        if sections.is_empty() {
            continue;
        }
        let of_bank: Vec<_> = sources.labelled(bank).collect();
        for q in bank.questions.iter().filter(|q| sections.contains(&q.section.as_str())) {
            if q.stance == Some(Stance::Communicated) || !scored(q) {
                continue;
            }
            r.questions += 1;
            r.must += usize::from(q.is_must());
            let asked = sources.asked(q);
            let mut known = false;
            for (index, who) in &of_bank {
                let index = *index;
                let answer = session.interviews[index].answer(&q.id).filter(|a| a.state != AnswerState::NotAsked);
                let Some(answer) = answer else { continue };
                let score = answer.value.as_ref().and_then(|v| member_score(q, v));
                let e = Evidence::named(bank, q, Some(answer), score, (who.clone(), asked.clone()));
                if e.level != Level::Unknown {
                    known = true;
                    interviews.insert(index);
                    let name = bank.short_name();
                    if !r.functions.iter().any(|f| f == name) {
                        r.functions.push(name.to_string());
                    }
                }
                r.evidence.push(e);
            }
            r.answered += usize::from(known);
            r.must_answered += usize::from(known && q.is_must());
        }
    }
    r.interviews = interviews.len();
}

/// A question whose answer reads strong or weak: a scale, a choice with scores, a number the
/// bank gives thresholds for.
fn scored(q: &crate::bank::Question) -> bool {
    match q.kind {
        Kind::Scale => true,
        Kind::Choice => q.options.iter().any(|o| o.score.is_some()),
        Kind::Number => q.profile.as_ref().is_some_and(|p| p.strong.is_some() && p.weak.is_some()),
        Kind::Multi | Kind::Text => false,
    }
}

/// Strong or weak by the mean, and weak whenever a third of its answers are (as a profile).
fn level(r: &PillarReading) -> Level {
    if !r.enough() {
        return Level::Unknown;
    }
    let known = r.evidence.iter().filter(|e| e.level != Level::Unknown).count();
    let weak = r.evidence.iter().filter(|e| e.level == Level::Weak).count();
    if weak * 3 >= known {
        return Level::Weak;
    }
    Level::of(mean(&r.evidence))
}

/// The cells of the pillar's topics (those with a question in its sections) where the sides
/// differ.
fn gaps(catalog: &Catalog, divergence: &Divergence, pillar: Pillar) -> Vec<Gap> {
    let in_pillar = |topic: &str| {
        catalog.plan(topic).is_some_and(|plan| {
            plan.questions.iter().any(|at| {
                let bank = &catalog.banks[at.bank];
                let q = &bank.questions[at.question];
                bank.section(&q.section).is_some_and(|s| s.pillar == pillar)
            })
        })
    };
    let mut out = Vec::new();
    for t in divergence.topics.iter().filter(|t| in_pillar(&t.topic)) {
        for c in t.cells.iter().filter(|c| c.verdict.is_divergent()) {
            out.push(Gap {
                topic: t.topic.clone(),
                title: t.title.clone(),
                function: c.received.function.clone(),
                verdict: c.verdict,
                gap_normalised: c.gap,
            });
        }
    }
    out
}

/// The level in words, with what it rests on and the weak answers by name.
fn says(r: &PillarReading) -> String {
    let coverage = r.coverage();
    let gaps = match r.gaps.len() {
        0 => String::new(),
        1 => " 1 topic cell where what was sent and what arrived differ.".to_string(),
        n => format!(" {n} topic cells where what was sent and what arrived differ."),
    };
    if r.level == Level::Unknown {
        return format!(
            "Not enough evidence: {coverage}; a level needs {ANSWERED_NEEDED} questions answered and half of the \
             {} must-ask ones ({} answered).{gaps}",
            r.must, r.must_answered
        );
    }
    let weak: Vec<&Evidence> = r.evidence.iter().filter(|e| e.level == Level::Weak).collect();
    let named: Vec<String> = weak
        .iter()
        .take(NAMED)
        .map(|e| {
            // "Eng #1 on Priority changes (Four to six times)": whose answer, to what.
            let who = e.who.split(" — ").next().unwrap_or(&e.who);
            format!("{who} on {} ({})", e.about, e.answer)
        })
        .collect();
    let more = weak.len().saturating_sub(NAMED);
    let more = if more > 0 { format!(" and {more} more") } else { String::new() };
    let weak = if weak.is_empty() { String::new() } else { format!(" Weak: {}{more}.", named.join("; ")) };
    let strong = r.evidence.iter().filter(|e| e.level == Level::Strong).count();
    let strong = if strong == 1 { "1 answer strong".to_string() } else { format!("{strong} answers strong") };
    format!("Reads {} ({coverage}; {strong}).{weak}{gaps}", r.level.name())
}
