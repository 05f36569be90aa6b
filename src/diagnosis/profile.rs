//! A profile: the questions a bank declares to be read together (`"profile": "…"`), every
//! interview's answers to them, and their mean level.

use super::Sources;
use super::evidence::{Evidence, Level, mean};
use crate::bank::{Kind, ProfileMember, Question};
use crate::session::AnswerValue;

/// The engineering practices behind delivery figures.
pub const DELIVERY_PRACTICE: &str = "delivery-practice";
/// The usual causes upstream of weak delivery: work arriving under-specified, teams unable to
/// release on their own, too little safety to release often, unclear direction.
pub const UPSTREAM: &str = "upstream";
/// Whether what shipped is being used.
pub const ADOPTION: &str = "adoption";
/// How much support work rises after a launch (lower is better).
pub const SUPPORT_LOAD: &str = "support-load";

/// A profile read from a session.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    /// How many questions the banks put in it.
    pub questions: usize,
    /// How many of them at least one interview answered.
    pub answered: usize,
    pub evidence: Vec<Evidence>,
}

impl Profile {
    /// Every interview's answer to every question of profile `id`.
    pub fn read(sources: &Sources, id: &str) -> Profile {
        let mut evidence = Vec::new();
        let mut questions = 0;
        let mut answered = 0;
        for bank in &sources.catalog.banks {
            for q in bank.questions.iter().filter(|q| q.profile.as_ref().is_some_and(|p| p.id == id)) {
                questions += 1;
                let of_q = super::evidence::answers_to(sources, &q.id, |q, a| member_score(q, a.value.as_ref()?));
                if of_q.iter().any(|e| e.level != Level::Unknown) {
                    answered += 1;
                }
                evidence.extend(of_q);
            }
        }
        Profile { questions, answered, evidence }
    }

    /// The mean level of the answers, 0..1.
    pub fn score(&self) -> Option<f64> {
        mean(&self.evidence)
    }

    /// Enough to read: at least three questions answered, and three in five of the profile's.
    pub fn enough(&self) -> bool {
        self.answered >= 3 && self.answered * 5 >= self.questions * 3
    }

    /// Strong or weak by the mean, except that a profile is only as strong as its weak links:
    /// when a third or more of its answers read weak, it reads weak.
    pub fn level(&self) -> Level {
        if !self.enough() {
            return Level::Unknown;
        }
        let known = self.evidence.iter().filter(|e| e.level != Level::Unknown).count();
        if self.weak().len() * 3 >= known {
            return Level::Weak;
        }
        Level::of(self.score())
    }

    /// The answers that read weak, for naming them.
    pub fn weak(&self) -> Vec<&Evidence> {
        self.evidence.iter().filter(|e| e.level == Level::Weak).collect()
    }

    /// The answers that read strong, for saying why a reading is healthy.
    pub fn strong(&self) -> Vec<&Evidence> {
        self.evidence.iter().filter(|e| e.level == Level::Strong).collect()
    }
}

/// An answer to a profile question on 0..1, strong high: a scale point or a choice's score
/// (reversed where lower is better), a number by the profile's thresholds.
pub fn member_score(q: &Question, value: &AnswerValue) -> Option<f64> {
    let score = match (q.kind, value) {
        (Kind::Scale, AnswerValue::Scale { value }) => f64::from(*value) / crate::bank::SCALE_MAX,
        (Kind::Choice, AnswerValue::Choice { option }) => {
            q.options.iter().find(|o| &o.label == option)?.score? / crate::bank::SCALE_MAX
        }
        (Kind::Number, AnswerValue::Number { value }) => return number_score(q.profile.as_ref()?, *value),
        _ => return None,
    };
    Some(if q.lower_is_better { 1.0 - score } else { score })
}

/// Strong (1) at or beyond `strong`, weak (0) at or beyond `weak` the other way, linear between
/// (the thresholds' order says which way is better).
fn number_score(member: &ProfileMember, value: f64) -> Option<f64> {
    let (strong, weak) = (member.strong?, member.weak?);
    Some(((value - weak) / (strong - weak)).clamp(0.0, 1.0))
}
