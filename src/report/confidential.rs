//! Who the read-out names. The client's copy attributes every answer to a function, never to
//! a person: the method hears Sales and CS without the PM so they can speak freely, and a
//! read-out that names them would break that. Where a function has too few interviewees to
//! hide among, the copy says so, and their verbatim quotes appear only with their consent. The
//! team's copy (`--names`) names everyone and says so at its top.
//!
//! The client's copy is written from a copy of the session with the people taken out, so no
//! section of the report (divergence voices, diagnosis evidence, claims, follow-ups) can name
//! anyone by mistake.

use std::collections::BTreeSet;

use crate::session::Session;

/// The fewest interviewees a function needs before its quotes are shown without consent.
pub const MIN_GROUP: usize = 2;

/// Whose read-out it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadOut {
    /// The team's copy: interviewees named.
    pub names: bool,
    /// The client's copy: a function with fewer interviewees is said to be attributable, and
    /// its quotes need consent.
    pub min_group: usize,
}

impl Default for ReadOut {
    fn default() -> Self {
        ReadOut::client()
    }
}

impl ReadOut {
    pub fn client() -> ReadOut {
        ReadOut { names: false, min_group: MIN_GROUP }
    }

    pub fn team() -> ReadOut {
        ReadOut { names: true, ..ReadOut::client() }
    }
}

/// The session as the client's copy may show it, with the quotes it withheld (interview id,
/// question id).
pub struct Shown {
    pub session: Session,
    pub withheld: BTreeSet<(String, String)>,
}

/// `session` without the people: no interviewee's name or role, and, in a function of fewer than
/// `min_group` interviewees, no verbatim quote from an interviewee who did not agree to be quoted.
pub fn for_client(session: &Session, min_group: usize) -> Shown {
    let mut shown = session.clone();
    let mut withheld = BTreeSet::new();
    for interview in &mut shown.interviews {
        interview.interviewee = None;
        interview.role = None;
        interview.interviewer = None;
        let alone = session.interviews.iter().filter(|i| i.function == interview.function).count() < min_group;
        if !alone || interview.quote_consent == Some(true) {
            continue;
        }
        for (question, answer) in interview.answers.iter_mut().filter(|(_, a)| a.flags.quote) {
            if !answer.notes.trim().is_empty() {
                answer.notes.clear();
                withheld.insert((interview.id.clone(), question.clone()));
            }
        }
    }
    Shown { session: shown, withheld }
}

/// The functions with fewer than `min_group` interviewees (and at least one), with how many.
pub fn small_groups(session: &Session, min_group: usize) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = Vec::new();
    for i in &session.interviews {
        match out.iter_mut().find(|(f, _)| *f == i.function) {
            Some((_, n)) => *n += 1,
            None => out.push((i.function.clone(), 1)),
        }
    }
    out.retain(|(_, n)| *n < min_group);
    out
}
