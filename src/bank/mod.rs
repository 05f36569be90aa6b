//! Question banks: one per interviewed function, plus the topics that link them.

mod case;
mod catalog;
mod length;
mod model;
mod pillar;
mod plan;
mod read;
mod validate;

pub use case::{Case, PLACEHOLDERS, fill, unknown as unknown_placeholders};
pub use catalog::{BankSource, Catalog, embedded_files};
pub use length::{Length, SECONDS_PER_QUESTION, SECONDS_PER_ROW};
pub use model::{
    Bank, ChoiceOption, DEFAULT_SCALE_LABELS, Kind, Priority, ProfileMember, Question, Retired, SCALE_MAX, Section,
    Stance, Topic,
};
pub use pillar::{Pillar, Scope};
pub use plan::{QuestionAt, Receiver, TopicPlan};
pub use validate::BankErrors;

#[cfg(test)]
mod tests;
