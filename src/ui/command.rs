//! The one shape of every screen and overlay ([`Component`]: its own state, a read-only
//! [`Ctx`], keys, clicks and the palette's commands all arriving as an [`Action`]) and what it
//! asks the app to do ([`Command`]). Components return commands and never touch the app;
//! [`crate::ui::App::apply`] carries them out in one place — the only code that changes the
//! session, saves, navigates, opens and closes overlays or sets the status line.
//!
//! Adding an overlay: its own file under `overlays`, a type implementing [`Component`], shown by
//! returning [`Command::show`]. Nothing else names it.

use std::any::Any;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::env::Ctx;
use super::hits::Hits;
use super::keymap::{Action, Context};
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
    /// Who a received answer came from: the next of the senders `offered` for its claimant.
    CycleSender {
        offered: Vec<crate::session::Sender>,
    },
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
    /// A recommendation: the session's, not an interview's.
    Recommendation(crate::session::Recommendation),
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
    /// What to change on `finding`: a new recommendation, or an edit of `id`'s (empty
    /// `change`: withdrawn).
    Recommend {
        finding: crate::session::Finding,
        id: Option<String>,
        change: String,
        owner: String,
        checkpoints: [String; 3],
    },
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
    /// The launch every interview is about, named or renamed.
    SetLaunch(crate::session::Launch),
    /// The pillars the engagement covers.
    SetScope(crate::bank::Scope),
    /// The earlier engagement it follows up, or none.
    SetFollows(Option<String>),
    /// The conditions interview `interview`'s account was given in.
    Conditions {
        interview: usize,
        involvement: Option<crate::session::Involvement>,
        product_in_room: Option<bool>,
        quote_consent: Option<bool>,
    },
    /// Interview `interview` marked as a second capture of the interview with id `of` (None:
    /// not a second capture).
    SecondCapture {
        interview: usize,
        of: Option<String>,
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
    /// Once this batch is carried out, act on this as if its key had just been pressed on
    /// what is then on top (the palette's commands, after it closes). The app's loop hands it
    /// on; nothing re-enters dispatch.
    Then(Action),

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
    /// Open this over the screen (see [`Command::show`]).
    Show(Box<dyn Component>),
    /// Close the overlay on top.
    Close,

    // The sessions in the data folder.
    CreateSession {
        scope: crate::bank::Scope,
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

impl Command {
    /// Open `overlay` over the screen.
    pub fn show(overlay: impl Component) -> Command {
        Command::Show(Box::new(overlay))
    }
}

/// Refused: the session is open read-only (another crosscheck holds its lock).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadOnly;

impl std::fmt::Display for ReadOnly {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Read-only: this session is open in another crosscheck, so nothing can change here.")
    }
}

pub trait Component: Any {
    /// Which key bindings apply while it is on top.
    fn context(&self, ctx: &Ctx) -> Context;

    /// One action: a key's, a click's ([`Action::Select`]) or a follow-up's.
    fn update(&mut self, action: Action, ctx: &Ctx) -> Vec<Command>;

    /// A key that types text (no binding took it); most components take none.
    fn input(&mut self, _key: KeyEvent, _ctx: &Ctx) -> Vec<Command> {
        Vec::new()
    }

    /// A bracketed paste: one edit.
    fn paste(&mut self, _text: &str, _ctx: &Ctx) -> Vec<Command> {
        Vec::new()
    }

    /// Draws from its state and the context, never changing either; records what can be
    /// clicked in `hits`.
    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx, hits: &mut Hits);

    /// What the digits do now, for the footer (the interview's answer widget), if anything.
    fn digit_keys(&self, _ctx: &Ctx) -> Option<(String, &'static str)> {
        None
    }

    /// Whether it has work to do between frames (the palette ranking a long list).
    fn busy(&self) -> bool {
        false
    }

    /// Does a frame's worth of that work.
    fn work(&mut self) {}
}

/// Forms and lists are boxed in the overlay stack so every overlay is small to move.
impl<T: Component + ?Sized> Component for Box<T> {
    fn context(&self, ctx: &Ctx) -> Context {
        (**self).context(ctx)
    }
    fn update(&mut self, action: Action, ctx: &Ctx) -> Vec<Command> {
        (**self).update(action, ctx)
    }
    fn input(&mut self, key: KeyEvent, ctx: &Ctx) -> Vec<Command> {
        (**self).input(key, ctx)
    }
    fn paste(&mut self, text: &str, ctx: &Ctx) -> Vec<Command> {
        (**self).paste(text, ctx)
    }
    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx, hits: &mut Hits) {
        (**self).render(frame, area, ctx, hits)
    }
    fn digit_keys(&self, ctx: &Ctx) -> Option<(String, &'static str)> {
        (**self).digit_keys(ctx)
    }
    fn busy(&self) -> bool {
        (**self).busy()
    }
    fn work(&mut self) {
        (**self).work()
    }
}
