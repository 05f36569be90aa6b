//! One interview as a plain text, the source a QDA tool codes: its questions, answers and notes
//! in interview order, then the claims made in it and those put to it, with where each answer,
//! claim and check lies in the text, counted in characters (Unicode scalar values, from 0, the
//! end exclusive) as REFI-QDA's `startPosition` and `endPosition` count them.

use std::collections::HashMap;

use super::attribute;
use crate::session::{AnswerState, Claim};
use crate::transcript::{AnswerRecord, Given, InterviewRecord};

/// What a span of the text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Part {
    /// The answer at this index of the interview's `answers`.
    Answer(usize),
    /// The claim at this index of the interview's `claims`.
    Claim(usize),
    /// The check at this index of the interview's `checks`.
    Check(usize),
    /// The value at this index of the interview's `conflicts`: another interviewer's, kept by
    /// a merge beside the answer in force.
    Conflict(usize),
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Segment {
    pub part: Part,
    pub start: usize,
    pub end: usize,
}

pub(super) struct Source {
    pub text: String,
    pub segments: Vec<Segment>,
}

/// Text as it is written into a source or a note: line ends made `\n` (QDA tools count a
/// Windows line end as one or two characters, so offsets would drift), other controls shown
/// visibly as on a terminal (XML 1.0 forbids most of them), U+FFFE and U+FFFF, which XML
/// forbids too, replaced.
pub fn plain(s: &str) -> String {
    let lines = s.replace("\r\n", "\n");
    crate::sanitize::for_terminal(&lines).replace(['\u{fffe}', '\u{ffff}'], "\u{fffd}")
}

/// The text with its length in characters kept as it grows, so offsets cost nothing.
#[derive(Default)]
struct Builder {
    text: String,
    chars: usize,
    segments: Vec<Segment>,
}

impl Builder {
    fn push(&mut self, s: &str) {
        self.chars += s.chars().count();
        self.text.push_str(s);
    }

    fn line(&mut self, s: &str) {
        self.push(s);
        self.push("\n");
    }

    /// `head` and `body`, then `notes` on the lines below; the span is the body and the notes.
    fn spanned(&mut self, part: Part, head: &str, body: &str, notes: &str) {
        self.push(head);
        let start = self.chars;
        self.push(&plain(body));
        let notes = plain(notes.trim_end());
        if !notes.is_empty() {
            self.push("\n");
            self.push(&notes);
        }
        self.segments.push(Segment { part, start, end: self.chars });
        self.push("\n\n");
    }
}

/// An answer worth a place in the text: asked, or with something written down. Questions never
/// reached would only bury what was said.
pub(super) fn said(a: &AnswerRecord) -> bool {
    let g = &a.given;
    g.state != AnswerState::NotAsked
        || g.value.is_some()
        || !g.notes.trim().is_empty()
        || g.flags.follow_up
        || g.flags.quote
}

/// An answer as words: its value, else its state.
pub(super) fn answer_text(g: &Given) -> String {
    if let Some(v) = &g.value_text {
        return v.clone();
    }
    match g.state {
        AnswerState::Answered => "(answered)",
        AnswerState::Skipped => "(skipped)",
        AnswerState::DontKnow => "(don't know)",
        AnswerState::NotAsked => "(not asked)",
    }
    .to_string()
}

/// The source of `interview`; `claims` are every interview's claims by id (a check names a
/// claim made elsewhere).
pub(super) fn build(interview: &InterviewRecord, claims: &HashMap<&str, &Claim>) -> Source {
    let mut b = Builder::default();
    header(&mut b, interview);
    let mut section: Option<&str> = None;
    for (i, a) in interview.answers.iter().enumerate().filter(|(_, a)| said(a)) {
        if a.section.is_some() && a.section.as_deref() != section {
            section = a.section.as_deref();
            b.line(&format!("== {} ==", attribute(section.unwrap_or_default())));
            b.push("\n");
        }
        let question = a.text.as_deref().unwrap_or("(a question the banks no longer have)");
        b.line(&format!("Q: {} [{}]", attribute(question), attribute(&a.question_id)));
        b.spanned(Part::Answer(i), "A: ", &answer_text(&a.given), &a.given.notes);
        other_values(&mut b, interview, &a.question_id);
    }
    claims_made(&mut b, interview);
    claims_put(&mut b, interview, claims);
    Source { text: b.text, segments: b.segments }
}

/// Who and when, each on one line whatever the names hold, so the second line always names the
/// interview.
fn header(b: &mut Builder, interview: &InterviewRecord) {
    let who = interview.interviewee.as_deref().unwrap_or("(no name)");
    let role = interview.role.as_deref().map(|r| format!(", {r}")).unwrap_or_default();
    b.line(&attribute(&format!("Interview with {who}{role} ({})", interview.function)));
    let by = interview.interviewer.as_deref().map(|i| format!(" by {i}")).unwrap_or_default();
    b.line(&attribute(&format!("Started {}{by} · interview {}", interview.started_at, interview.id)));
    b.push("\n");
}

/// The values a merge kept beside the answer to `question`, each with who gave it and when.
fn other_values(b: &mut Builder, interview: &InterviewRecord, question: &str) {
    for (k, c) in interview.conflicts.iter().enumerate().filter(|(_, c)| c.question_id == question) {
        let by = c.given.edited_by.as_deref().map(|u| format!(" by {u}")).unwrap_or_default();
        let at = c.given.edited_at.as_deref().map(|t| format!(" at {t}")).unwrap_or_default();
        let open = if c.open { ", still to choose between" } else { ", chosen between" };
        let head = attribute(&format!("Also recorded{by}{at}{open}: ")).into_owned();
        b.spanned(Part::Conflict(k), &head, &answer_text(&c.given), &c.given.notes);
    }
}

fn claims_made(b: &mut Builder, interview: &InterviewRecord) {
    let mut standing = interview.claims.iter().enumerate().filter(|(_, c)| c.withdrawn_at.is_none()).peekable();
    if standing.peek().is_none() {
        return;
    }
    b.line("== Claims made in this interview ==");
    b.push("\n");
    for (i, c) in standing {
        b.spanned(Part::Claim(i), &format!("Claim on {}: ", attribute(&c.topic)), &c.text, &c.notes);
    }
}

fn claims_put(b: &mut Builder, interview: &InterviewRecord, claims: &HashMap<&str, &Claim>) {
    let mut put = interview
        .checks
        .iter()
        .enumerate()
        .filter_map(|(i, k)| claims.get(k.claim.as_str()).map(|c| (i, k, c)))
        .peekable();
    if put.peek().is_none() {
        return;
    }
    b.line("== Claims put to this interviewee ==");
    b.push("\n");
    for (i, check, claim) in put {
        b.line(&format!("Claim on {}: {}", attribute(&claim.topic), attribute(&claim.text)));
        b.spanned(Part::Check(i), "Verdict: ", check.verdict.name(), &check.notes);
    }
}

/// Every standing claim of the transcript's interviews, by id.
pub(super) fn standing_claims(interviews: &[InterviewRecord]) -> HashMap<&str, &Claim> {
    interviews.iter().flat_map(|i| &i.claims).filter(|c| c.withdrawn_at.is_none()).map(|c| (c.id.as_str(), c)).collect()
}
