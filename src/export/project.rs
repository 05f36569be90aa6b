//! What every part of the REFI-QDA project is written from: the transcript, the GUIDs that name
//! its parts the same on every export, and the XML writer, shared by the project file
//! ([`super::qdpx`]), the codings ([`super::coding`]) and the links ([`super::links`]), which
//! never reach into one another.

use std::collections::HashMap;

use quick_xml::Writer;

use super::Guids;
use super::codes::{Marks, State};
use crate::session::Claim;
use crate::transcript::{AnswerRecord, InterviewRecord, Transcript};

pub(super) type Xml = Writer<Vec<u8>>;

/// What every part of the project is written from.
pub(super) struct Ctx<'a> {
    pub t: &'a Transcript,
    pub guids: Guids,
    pub marks: Marks,
    pub claims: HashMap<&'a str, &'a Claim>,
}

impl<'a> Ctx<'a> {
    /// Who captured `interview`: its own interviewer, else the session's (a reader such as
    /// QualCoder otherwise gives its codings to a coder of its own making).
    pub(super) fn interviewer_of(&self, interview: &'a InterviewRecord) -> Option<&'a str> {
        interview.interviewer.as_deref().or(self.t.session.interviewer.as_deref())
    }
}

impl Ctx<'_> {
    pub(super) fn source_guid(&self, interview: &InterviewRecord) -> String {
        self.guids.of("source", &[&interview.id])
    }

    pub(super) fn user(&self, name: &str) -> String {
        self.guids.of("user", &[name])
    }

    pub(super) fn topic(&self, id: &str) -> String {
        self.guids.of("topic", &[id])
    }

    pub(super) fn state(&self, s: State) -> String {
        self.guids.of("state", &[s.key()])
    }

    /// The selection of the part `key` names (an answer, a claim, a check…) in an interview.
    pub(super) fn selection(&self, interview: &str, key: &str) -> String {
        self.guids.of("selection", &[interview, key])
    }

    pub(super) fn note(&self, interview: &InterviewRecord, a: &AnswerRecord) -> String {
        self.guids.of("note", &[&interview.id, &a.question_id])
    }
}

/// Attributes as (name, value), optional ones left out.
pub(super) fn attrs<'a>(pairs: &'a [(&'a str, Option<String>)]) -> impl Iterator<Item = (&'a str, &'a str)> + 'a {
    pairs.iter().filter_map(|(k, v)| v.as_deref().map(|v| (*k, v)))
}
