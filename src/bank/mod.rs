//! Question banks: one per interviewed function, plus the topics that link them.

mod load;
pub mod locate;
mod model;

pub use load::{BankErrors, BankProblem, BankSource, Catalog};
pub use model::{
    Bank, ChoiceOption, DEFAULT_SCALE_LABELS, Kind, Priority, Question, SCALE_MAX, Section, Stance, Topic,
};

#[cfg(test)]
mod tests;
