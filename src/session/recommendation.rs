//! What to change (issue 25): the lead consultant's recommendation, attached to the finding it
//! answers — a reading, a pillar or a topic of the matrix — saying what to change, who owns it,
//! and what should be true at 30, 60 and 90 days. Kept in the session's own file, merged like
//! every other edit (a version edited beside another is kept, never dropped), and read out in
//! the report's "What to change".

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::revision::{Revision, Versioned};

/// The finding a recommendation answers.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "kebab-case")]
pub enum Finding {
    /// A reading of the diagnosis, by its id ("performance-practice").
    Reading(String),
    /// One of the five pillars, by its name.
    Pillar(crate::bank::Pillar),
    /// A topic of the divergence matrix, by its id.
    Topic(String),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recommendation {
    /// Unique across every copy of the engagement (a UUIDv7).
    pub id: String,
    pub answers: Finding,
    /// What to change, in a sentence or two.
    pub change: String,
    /// Who owns the change: a function or a role.
    pub owner: String,
    /// What should be true 30, 60 and 90 days on.
    pub checkpoints: [String; 3],
    pub written_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub written_by: Option<String>,
    pub edited_at: DateTime<Utc>,
    /// Withdrawn recommendations leave the report but stay in the session and transcript.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withdrawn_at: Option<DateTime<Utc>>,
    /// The edits it descends from (see [`Revision`]).
    #[serde(default, skip_serializing_if = "Revision::is_empty")]
    pub revision: Revision,
}

/// The days the checkpoints fall on.
pub const CHECKPOINT_DAYS: [u32; 3] = [30, 60, 90];

impl Recommendation {
    pub fn is_withdrawn(&self) -> bool {
        self.withdrawn_at.is_some()
    }
}

impl Versioned for Recommendation {
    fn revision(&self) -> &Revision {
        &self.revision
    }
    fn revision_mut(&mut self) -> &mut Revision {
        &mut self.revision
    }
    fn same_content(&self, other: &Recommendation) -> bool {
        self.content() == other.content()
    }
    fn content(&self) -> serde_json::Value {
        let withdrawn = self.withdrawn_at.is_some();
        serde_json::json!([self.answers, self.change, self.owner, self.checkpoints, withdrawn])
    }
    fn edited_at(&self) -> Option<DateTime<Utc>> {
        Some(self.edited_at)
    }
}

impl super::Session {
    /// Adds a recommendation, or replaces the one with its id (an edit).
    pub fn put_recommendation(&mut self, mut recommendation: Recommendation) {
        self.updated_at = recommendation.edited_at;
        match self.recommendations.iter_mut().find(|r| r.id == recommendation.id) {
            Some(old) => {
                recommendation.follow(old);
                *old = recommendation;
            }
            None => {
                recommendation.revision.advance(None);
                self.recommendations.push(recommendation);
            }
        }
    }

    /// The recommendations in force on `finding`, oldest first.
    pub fn recommendations_on<'a>(&'a self, finding: &'a Finding) -> impl Iterator<Item = &'a Recommendation> + 'a {
        self.recommendations.iter().filter(move |r| &r.answers == finding && !r.is_withdrawn())
    }
}
