//! What a screen or an overlay asks the app to do. Components return these and never touch
//! the app; [`crate::ui::App::apply`] carries them out in one place — the only code that
//! changes the session, saves, navigates or sets the status line.

use super::keymap::Action;
use super::overlays::Overlay;
use crate::bank::Kind;
use crate::session::{AnswerState, AnswerValue};

/// How much a status line matters: colour and the banner follow from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

/// One line of feedback under the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub severity: Severity,
    pub text: String,
}

impl Status {
    pub fn info(text: impl Into<String>) -> Status {
        Status { severity: Severity::Info, text: text.into() }
    }

    pub fn warning(text: impl Into<String>) -> Status {
        Status { severity: Severity::Warning, text: text.into() }
    }

    pub fn error(text: impl Into<String>) -> Status {
        Status { severity: Severity::Error, text: text.into() }
    }
}

/// A change to one answer, described rather than done, so the app can refuse it (read-only).
#[derive(Debug, Clone, PartialEq)]
pub enum AnswerChange {
    Value(AnswerValue),
    /// Skipped or don't know; the same again returns to the value or to not asked.
    ToggleState(AnswerState),
    ToggleFollowUp,
    FlagFollowUp(String),
    ToggleQuote,
    /// The next source of the figure (measured, estimated, guessed, unknown, none).
    CycleSource,
    /// The notes as they now read after their first `keep` bytes (a huge note is edited by its
    /// end: see [`crate::session::Answer::set_notes_tail`]); `mark` is the interview clock to
    /// record for this visit.
    Notes {
        text: String,
        keep: usize,
        kind: Kind,
        mark: Option<u64>,
    },
}

/// A version of a claim or of a check, chosen among those a merge kept.
#[derive(Debug, Clone, PartialEq)]
pub enum Version {
    Claim(crate::session::Claim),
    Check(crate::session::Check),
}

/// A change to the open session.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    Answer {
        interview: usize,
        question: String,
        change: AnswerChange,
    },
    /// The conflicts on an answer settled by keeping `chosen` (see
    /// [`crate::session::Interview::resolve`]).
    Resolve {
        interview: usize,
        question: String,
        chosen: Box<crate::session::Answer>,
    },
    /// A claim recorded in interview `interview` (a new one when `id` is None, else an edit
    /// of that claim); the app stamps who and when.
    PutClaim {
        interview: usize,
        id: Option<String>,
        topic: String,
        text: String,
        concerns: Vec<String>,
        notes: String,
        quote: bool,
    },
    /// The claim `id` of interview `interview` withdrawn (kept, marked withdrawn).
    WithdrawClaim {
        interview: usize,
        id: String,
    },
    /// What interview `interview`'s interviewee said to claim `claim`: a verdict, or notes on
    /// the check (the verdict kept; "not asked" until one is given).
    Check {
        interview: usize,
        claim: String,
        verdict: Option<crate::session::Verdict>,
        notes: Option<String>,
    },
    /// The other versions of a claim or check settled by keeping `chosen` (see
    /// [`crate::session::Interview::resolve_claim`]).
    ResolveVersion {
        interview: usize,
        chosen: Box<Version>,
    },
    /// A new interview, last in the session.
    AddInterview {
        function: String,
        version: String,
        interviewee: Option<String>,
        role: Option<String>,
        budget_minutes: u32,
    },
}

/// What the app must do.
pub enum Command {
    /// Change the session through its one guarded entry point; saved at once (notes: after
    /// their pause).
    Edit(Edit),
    /// Write the session off the input path.
    Save,
    /// Write the session now, durably (before the terminal is handed to an editor).
    SaveNow,
    Status(Status),
    /// Show the comparison under `received` answers, or hide it.
    SetHints(bool),
    /// Act on this as if its key had just been pressed on the screen underneath (the
    /// palette's commands).
    Run(Action),

    // Routes.
    /// Open the session with this id (or offer it read-only when another crosscheck has it).
    OpenSession(String),
    /// Open it without its lock: every change refused, nothing written.
    OpenReadOnly(String),
    /// Close the session for the sessions screen (not while a write has failed).
    CloseSession,
    /// Show interview `index` of the session, at its first question not yet covered.
    OpenInterview(usize),
    /// Leave the interview for the session screen, saving; nothing when none is shown.
    LeaveInterview,
    /// Show this question of this interview, opening the interview if another is shown.
    GoToQuestion {
        interview: usize,
        question: usize,
    },
    /// The divergence matrix, on this topic's row or the most severe.
    OpenDivergence {
        topic: Option<String>,
    },
    /// The diagnosis: the evidence read together.
    OpenDiagnosis,
    /// Back to the session's interviews (from the matrix or the diagnosis).
    ShowSession,

    // Overlays: a stack over the screen.
    /// Open this over the screen.
    Show(Overlay),
    /// Close the overlay on top.
    Close,

    // The sessions in the data folder.
    CreateSession {
        organisation: String,
        interviewer: Option<String>,
        language: String,
    },
    RenameSession {
        id: String,
        organisation: String,
    },
    DeleteSession(String),
    /// Write the report (a `.md` path) or the transcript of a session to a file.
    ExportSession {
        id: String,
        path: String,
    },
    /// Bring the transcript or session file at this path into the data folder.
    ImportFile(String),
    /// Merge the copy of the engagement at `path` into session `id`.
    MergeFile {
        id: String,
        path: String,
    },
    /// Show only the sessions whose organisation holds this; empty shows all.
    FilterSessions(String),

    /// Open these notes in `$VISUAL`/`$EDITOR`.
    EditExternally {
        text: String,
        interview: String,
        question: String,
    },
    /// Save everything and leave.
    Quit,
}

/// Refused: the session is open read-only (another crosscheck holds its lock).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadOnly;

impl std::fmt::Display for ReadOnly {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Read-only: this session is open in another crosscheck, so nothing can change here.")
    }
}
