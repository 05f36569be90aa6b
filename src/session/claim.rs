//! Claims and their checks: a specific statement made in one interview ("the battlecard went to
//! the sales drive on 22 September"), carried into the interviews of the functions it concerns
//! and checked there. The claim lives in the interview it was made in, each check in the
//! interview it was made in, so several interviewers' files merge without touching each other.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Interview, Revision, Versioned};

/// A statement made in an interview about what a receiving function got.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    /// Unique across every copy of the engagement (a UUIDv7).
    pub id: String,
    pub topic: String,
    /// The statement, in one line.
    pub text: String,
    /// The functions it concerns: the topic's receivers, all unless chosen.
    pub concerns: Vec<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// The text is the interviewee's words, verbatim.
    #[serde(default)]
    pub quote: bool,
    pub made_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub made_by: Option<String>,
    pub edited_at: DateTime<Utc>,
    /// Withdrawn claims leave the matrix and the report but stay in the transcript.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withdrawn_at: Option<DateTime<Utc>>,
    /// The edits it descends from (see [`Revision`]).
    #[serde(default, skip_serializing_if = "Revision::is_empty")]
    pub revision: Revision,
}

/// What a receiving function said when the claim was put to them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Confirmed,
    Partly,
    NotReceived,
    /// They did not know of it at all.
    Unaware,
    /// The interviewer did not put it to them: still to verify.
    NotAsked,
}

impl Verdict {
    pub const ALL: [Verdict; 5] =
        [Verdict::Confirmed, Verdict::Partly, Verdict::NotReceived, Verdict::Unaware, Verdict::NotAsked];

    pub fn name(self) -> &'static str {
        match self {
            Verdict::Confirmed => "confirmed",
            Verdict::Partly => "partly",
            Verdict::NotReceived => "not received",
            Verdict::Unaware => "unaware",
            Verdict::NotAsked => "not asked",
        }
    }

    /// Not received, or not known of: the claim did not hold.
    pub fn refutes(self) -> bool {
        matches!(self, Verdict::NotReceived | Verdict::Unaware)
    }
}

/// A claim put to an interviewee, and what they said.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Check {
    pub claim: String,
    pub verdict: Verdict,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    pub at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// The edits it descends from (see [`Revision`]).
    #[serde(default, skip_serializing_if = "Revision::is_empty")]
    pub revision: Revision,
}

impl Versioned for Claim {
    fn revision(&self) -> &Revision {
        &self.revision
    }
    fn revision_mut(&mut self) -> &mut Revision {
        &mut self.revision
    }
    fn same_content(&self, other: &Claim) -> bool {
        self.content() == other.content()
    }
    fn content(&self) -> serde_json::Value {
        let withdrawn = self.withdrawn_at.is_some();
        serde_json::json!([self.topic, self.text, self.concerns, self.notes, self.quote, withdrawn])
    }
    fn edited_at(&self) -> Option<DateTime<Utc>> {
        Some(self.edited_at)
    }
}

impl Versioned for Check {
    fn revision(&self) -> &Revision {
        &self.revision
    }
    fn revision_mut(&mut self) -> &mut Revision {
        &mut self.revision
    }
    fn same_content(&self, other: &Check) -> bool {
        self.verdict == other.verdict && self.notes == other.notes
    }
    fn content(&self) -> serde_json::Value {
        serde_json::json!([self.verdict, self.notes])
    }
    fn edited_at(&self) -> Option<DateTime<Utc>> {
        Some(self.at)
    }
}

impl Interview {
    /// The claims made in this interview on `topic` that still stand.
    pub fn claims_on<'a>(&'a self, topic: &'a str) -> impl Iterator<Item = &'a Claim> + 'a {
        self.claims.iter().filter(move |c| c.topic == topic && c.withdrawn_at.is_none())
    }

    /// This interview's check of `claim`, if it was put to them.
    pub fn check_of(&self, claim: &str) -> Option<&Check> {
        self.checks.iter().find(|c| c.claim == claim)
    }

    /// Records what the interviewee said to `claim`, replacing an earlier check of it.
    pub fn record_check(&mut self, mut check: Check) {
        self.updated_at = Some(check.at);
        match self.checks.iter_mut().find(|c| c.claim == check.claim) {
            Some(old) => {
                check.follow(old);
                *old = check;
            }
            None => {
                check.revision.advance(None);
                self.checks.push(check);
            }
        }
    }

    /// Adds a claim, or replaces the one with its id (an edit).
    pub fn put_claim(&mut self, mut claim: Claim) {
        self.updated_at = Some(claim.edited_at);
        match self.claims.iter_mut().find(|c| c.id == claim.id) {
            Some(old) => {
                claim.follow(old);
                *old = claim;
            }
            None => {
                claim.revision.advance(None);
                self.claims.push(claim);
            }
        }
    }

    /// Withdraws the claim `id`: it leaves the read-out, and is kept as withdrawn.
    pub fn withdraw_claim(&mut self, id: &str, now: DateTime<Utc>) {
        if let Some(c) = self.claims.iter_mut().find(|c| c.id == id) {
            let before = c.clone();
            c.follow(&before);
            c.withdrawn_at = Some(now);
            c.edited_at = now;
            self.updated_at = Some(now);
        }
    }
}
