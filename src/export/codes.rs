//! The codebook — one code per topic, grouped under its area (the topics' `dimension`: launch,
//! operations), and the answer states that matter to an analyst — and which answers carry
//! which state.

use std::collections::HashSet;

use crate::bank::{Catalog, Stance};
use crate::transcript::{InterviewRecord, Transcript};

use super::source::standing_claims;

/// A gap of one scale point or more, the matrix's ▲ (with the same hair of tolerance).
const OVER_STATED_POINTS: f64 = 1.0 - 1e-9;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum State {
    OverStated,
    Refuted,
    FollowUp,
    Quote,
    Conflict,
}

impl State {
    pub const ALL: [State; 5] = [State::OverStated, State::Refuted, State::FollowUp, State::Quote, State::Conflict];

    pub fn key(self) -> &'static str {
        match self {
            State::OverStated => "over-stated",
            State::Refuted => "refuted-claim",
            State::FollowUp => "follow-up",
            State::Quote => "verbatim-quote",
            State::Conflict => "values-in-conflict",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            State::OverStated => "Over-stated",
            State::Refuted => "Refuted claim",
            State::FollowUp => "Follow-up",
            State::Quote => "Verbatim quote",
            State::Conflict => "Values in conflict",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            State::OverStated => {
                "The claimant's answer on a topic where a receiving function's level is one scale point or more below it (the matrix's ▲ or ▲▲)."
            }
            State::Refuted => {
                "A receiving function's account (its answer on the claim's topic, and its verdict) where a claim put to it was not received or not known of."
            }
            State::FollowUp => {
                "Flagged by the interviewer for a follow-up; the reason, when given, is a note on the selection."
            }
            State::Quote => "The notes are the interviewee's words, verbatim.",
            State::Conflict => {
                "Another interviewer's value of an answer, kept when their copies were merged: the answer above it is the one in force."
            }
        }
    }

    pub fn color(self) -> &'static str {
        match self {
            State::OverStated => "#D9534F",
            State::Refuted => "#8E44AD",
            State::FollowUp => "#F0AD4E",
            State::Quote => "#5BC0DE",
            State::Conflict => "#7F8C8D",
        }
    }
}

/// A code for one topic.
pub(super) struct TopicCode {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
}

/// An area and its topics, in the topics file's order.
pub(super) struct Group {
    pub name: String,
    pub topics: Vec<TopicCode>,
}

/// Every topic in force, then any topic an answer names that the banks no longer have, in the
/// area its id prefix says.
pub(super) fn topic_groups(t: &Transcript, catalog: &Catalog) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    let mut seen: HashSet<&str> = HashSet::new();
    let mut add = |area: String, code: TopicCode| match groups.iter_mut().find(|g| g.name == area) {
        Some(g) => g.topics.push(code),
        None => groups.push(Group { name: area, topics: vec![code] }),
    };
    for topic in &catalog.topics {
        seen.insert(topic.id.as_str());
        let area = topic.dimension.clone().unwrap_or_else(|| area_of(&topic.id).to_string());
        let description = Some(match &topic.description {
            Some(d) => format!("{} — {d}", topic.id),
            None => topic.id.clone(),
        });
        add(area, TopicCode { id: topic.id.clone(), title: topic.title.clone(), description });
    }
    let named = t.interviews.iter().flat_map(|i| {
        i.answers.iter().filter_map(|a| a.topic.as_deref()).chain(i.claims.iter().map(|c| c.topic.as_str()))
    });
    for id in named {
        if seen.insert(id) {
            add(area_of(id).to_string(), TopicCode { id: id.to_string(), title: id.to_string(), description: None });
        }
    }
    groups
}

/// A topic's area from its id when the topics file gives none.
fn area_of(topic: &str) -> &'static str {
    match topic.split('.').next() {
        Some("launch" | "adoption") => "Go-to-Market & Launch",
        Some("ops") => "Technology Delivery Operations",
        _ => "Other topics",
    }
}

/// Which answers, claims and checks carry the over-stated and refuted codes.
#[derive(Default)]
pub(super) struct Marks {
    /// (interview, question) of answers coded over-stated.
    pub over_stated: HashSet<(String, String)>,
    /// (interview, question) of receiving answers a refuting check was made beside.
    pub refuted_answers: HashSet<(String, String)>,
}

/// Over-stated codes the communicator's answer, not the receiver's: the over-statement is the
/// communicator's ("what we sent" against what arrived), and the receivers' answers carry their
/// topic's code already, so the topic code and this one together find both sides. Refuted
/// codes the receiving function's answer on the claim's topic in the interview that refuted it
/// (and that interview's check, in [`super::qdpx`]).
pub(super) fn marks(t: &Transcript) -> Marks {
    let mut marks = Marks::default();
    for topic in t.divergence.iter().flat_map(|d| &d.topics) {
        for cell in topic.cells.iter().filter(|c| c.gap_points.is_some_and(|g| g >= OVER_STATED_POINTS)) {
            for voice in topic.communicated_for(cell).voices.iter().filter(|v| v.score.is_some()) {
                marks.over_stated.insert((voice.interview.clone(), voice.question_id.clone()));
            }
        }
    }
    let claims = standing_claims(&t.interviews);
    for interview in &t.interviews {
        for check in interview.checks.iter().filter(|k| k.verdict.refutes()) {
            let Some(claim) = claims.get(check.claim.as_str()) else { continue };
            for q in receiving_answers(interview, &claim.topic) {
                marks.refuted_answers.insert((interview.id.clone(), q.to_string()));
            }
        }
    }
    marks
}

/// The questions of `interview` that ask what it received on `topic`.
fn receiving_answers<'a>(interview: &'a InterviewRecord, topic: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    interview
        .answers
        .iter()
        .filter(move |a| a.topic.as_deref() == Some(topic) && a.stance == Some(Stance::Received))
        .map(|a| a.question_id.as_str())
}
