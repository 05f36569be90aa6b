//! The interview screen's own state: where it stands, the inputs open, the clock of this visit.

use chrono::{DateTime, Utc};
use ratatui_textarea::TextArea;

use crate::bank::Bank;
use crate::session::Interview;

pub struct InterviewState {
    /// Index into the session's interviews.
    pub index: usize,
    /// Index of the current question in the bank (interview order).
    pub question: usize,
    pub editor: Option<TextArea<'static>>,
    /// Bytes of the notes before what the editor holds: a huge note is edited by its end (see
    /// [`super::notes::EDIT_WINDOW`]), so a keystroke costs the window, not the note.
    pub editor_keeps: usize,
    pub number_input: Option<TextArea<'static>>,
    /// The highlighted option of a multi question.
    pub option_cursor: usize,
    /// When this visit to the interview screen began (elapsed time is folded in at each save).
    pub visit_started: DateTime<Utc>,
    pub notes_dirty_since: Option<DateTime<Utc>>,
    /// Whether this visit to the notes editor has recorded its clock mark yet.
    pub notes_marked: bool,
    /// Come from another interview (the palette, the follow-up list): the header says "Now in"
    /// in its own style until the next key.
    pub arrived: bool,
}

impl InterviewState {
    /// A visit to interview `index`, starting `now` on `question`.
    pub fn new(index: usize, question: usize, now: DateTime<Utc>) -> InterviewState {
        InterviewState {
            index,
            question,
            editor: None,
            editor_keeps: 0,
            number_input: None,
            option_cursor: 0,
            visit_started: now,
            notes_dirty_since: None,
            notes_marked: false,
            arrived: false,
        }
    }

    /// The interview clock now, in seconds: time saved so far plus this visit.
    pub fn elapsed(&self, saved_seconds: u64, now: DateTime<Utc>) -> u64 {
        self.elapsed_ms(saved_seconds, now) / 1000
    }

    /// The interview clock now, in milliseconds.
    pub fn elapsed_ms(&self, saved_seconds: u64, now: DateTime<Utc>) -> u64 {
        saved_seconds * 1000 + (now - self.visit_started).num_milliseconds().max(0) as u64
    }

    /// The mouse wheel over the notes editor scrolls it.
    pub fn scroll_notes(&mut self, up: bool) {
        if let Some(editor) = self.editor.as_mut() {
            editor.scroll((if up { -3 } else { 3 }, 0));
        }
    }

    /// Before quitting: notes typed so far are already in the session; an unfinished number
    /// is not.
    pub fn commit_inputs(&mut self) {
        self.number_input = None;
    }
}

/// Time against the interview's budget.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pace {
    pub elapsed: u64,
    pub left: i64,
    /// Open questions that fit in the time left, at the pace so far.
    pub fit: usize,
    pub open: usize,
}

impl Pace {
    pub fn of(interview: &Interview, bank: &Bank, state: &InterviewState, now: DateTime<Utc>) -> Option<Pace> {
        let budget = u64::from(interview.budget_minutes?) * 60;
        let elapsed = state.elapsed(interview.elapsed_seconds, now);
        let covered = interview.covered().max(1) as u64;
        // From the answers, not the bank: a frame must not cost the bank's size.
        let open = bank.questions.len().saturating_sub(interview.covered());
        // Before any answer, assume the budget is meant to cover the whole bank.
        let per_question =
            if interview.covered() == 0 { budget / bank.questions.len().max(1) as u64 } else { elapsed / covered };
        let left = budget as i64 - elapsed as i64;
        let fit = if left <= 0 { 0 } else { (left as u64 / per_question.max(1)) as usize };
        Some(Pace { elapsed, left, fit: fit.min(open), open })
    }

    pub fn short(&self) -> bool {
        self.fit < self.open
    }
}
