//! The application state and the one update function: event → [`Action`] → update.
//! Rendering lives in the screen modules and only reads this state.

use chrono::{DateTime, Utc};
use crossterm::event::{Event, KeyEvent, KeyEventKind};
use ratatui_textarea::TextArea;

use super::divergence::{self, DivergenceView};
use super::followups::{self, FollowUpList};
use super::form::{AddInterviewForm, Field, NewSessionForm};
use super::keymap::{Action, Context, KeyMap};
use super::palette::{self, Palette};
use super::{interview, session, sessions};
use crate::bank::Catalog;
use crate::session::Session;
use crate::storage::{Listed, SessionLock, StorageError, Store};
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Sessions,
    Session,
    Interview,
    Divergence,
}

/// What the "saved" indicator says; it reflects the last write, not a hope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveState {
    Saved,
    /// Notes typed but not yet written (within the one-second delay).
    Pending,
    /// The last write failed; the answers are kept in memory and the write is retried.
    Failed(String),
    /// Another crosscheck holds the session: nothing is written from here.
    ReadOnly,
}

/// Work `update` asks the loop to do because it needs the terminal itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Open the notes (this text, of this interview's question) in `$VISUAL`/`$EDITOR`.
    EditExternally { text: String, interview: String, question: String },
}

/// How often a failed write is tried again.
pub const SAVE_RETRY_MS: i64 = 2000;

pub enum Overlay {
    Help,
    Palette(Box<Palette>),
    FollowUps(FollowUpList),
    /// `f` on an unflagged answer: an optional one-line reason.
    FollowUpReason(Box<Field>),
    // Forms hold text areas; boxed so every overlay is small to move.
    NewSession(Box<NewSessionForm>),
    AddInterview(Box<AddInterviewForm>),
    ConfirmDelete {
        id: String,
        organisation: String,
        interviews: usize,
    },
    /// The session is open in another crosscheck: offer to open it read-only.
    ConfirmReadOnly {
        id: String,
        holder: String,
    },
}

#[derive(Default)]
pub struct SessionsState {
    pub list: Vec<Listed>,
    pub selected: usize,
}

/// The interview being conducted.
pub struct InterviewState {
    /// Index into the session's interviews.
    pub index: usize,
    /// Index of the current question in the bank (interview order).
    pub question: usize,
    pub editor: Option<TextArea<'static>>,
    pub number_input: Option<TextArea<'static>>,
    /// The highlighted option of a multi question.
    pub option_cursor: usize,
    /// When this visit to the interview screen began (elapsed time is folded in at each save).
    pub visit_started: DateTime<Utc>,
    pub notes_dirty_since: Option<DateTime<Utc>>,
    /// After a `received` answer: how it compares with the claim (kept current by update).
    pub hint: Option<String>,
    /// Whether this visit to the notes editor has recorded its clock mark yet.
    pub notes_marked: bool,
}

impl InterviewState {
    /// The interview clock now, in seconds: time saved so far plus this visit.
    pub fn elapsed(&self, saved_seconds: u64, now: DateTime<Utc>) -> u64 {
        self.elapsed_ms(saved_seconds, now) / 1000
    }

    /// The interview clock now, in milliseconds.
    pub fn elapsed_ms(&self, saved_seconds: u64, now: DateTime<Utc>) -> u64 {
        saved_seconds * 1000 + (now - self.visit_started).num_milliseconds().max(0) as u64
    }
}

pub struct OpenSession {
    /// Shared with the writer thread while it encodes a snapshot: handing it over costs nothing,
    /// and a change made meanwhile copies it first ([`OpenSession::session_mut`]).
    pub session: Arc<Session>,
    pub selected: usize,
    pub interview: Option<InterviewState>,
    pub divergence: Option<DivergenceView>,
    pub save: SaveState,
    pub last_save_attempt: DateTime<Utc>,
    /// The one-writer lock; None when the session is open read-only.
    pub lock: Option<SessionLock>,
}

impl OpenSession {
    /// The session, to change: copied first only if the writer still holds a snapshot of it.
    pub fn session_mut(&mut self) -> &mut Session {
        Arc::make_mut(&mut self.session)
    }

    pub fn read_only(&self) -> bool {
        self.lock.is_none()
    }
}

pub struct App {
    pub catalog: Catalog,
    pub store: Store,
    pub keymap: KeyMap,
    /// The time of the event being handled; set by the loop so tests can fix it.
    pub now: DateTime<Utc>,
    pub screen: Screen,
    pub sessions: SessionsState,
    pub open: Option<OpenSession>,
    pub overlay: Option<Overlay>,
    /// One line of feedback: the last error or confirmation.
    pub message: Option<String>,
    pub quit: bool,
    /// The colours in force (none under NO_COLOR): meaning is always carried by symbols too.
    pub theme: super::theme::Theme,
    /// Show, after a `received` answer, how it compares with the claim.
    pub hints: bool,
    /// Printed after the terminal is restored (e.g. where an emergency copy was written).
    pub exit_note: Option<String>,
    /// The session file was not written at exit: the program exits with a failure.
    pub exit_failed: bool,
    /// Where an emergency copy may go, in order (see [`crate::storage::emergency::folders`]).
    pub emergency_folders: Vec<std::path::PathBuf>,
    /// Taken and performed by the loop after each update.
    pub effect: Option<Effect>,
    /// The terminal's size at the last event, for mouse clicks.
    pub area: ratatui::layout::Rect,
    /// Writes notes off the input path; None writes everything at once (tests, commands).
    pub writer: Option<crate::storage::BackgroundWriter>,
    /// What the palette searches, built from the catalog when the palette first opens.
    pub palette_targets: Option<std::rc::Rc<super::palette::Targets>>,
}

impl App {
    pub fn new(catalog: Catalog, store: Store, now: DateTime<Utc>) -> App {
        let emergency_folders = crate::storage::emergency::folders(&store);
        let mut app = App {
            catalog,
            store,
            keymap: KeyMap::default(),
            now,
            screen: Screen::Sessions,
            sessions: SessionsState::default(),
            open: None,
            overlay: None,
            message: None,
            quit: false,
            theme: super::theme::Theme::from_env(crate::config::ThemeName::Dark),
            hints: true,
            exit_note: None,
            exit_failed: false,
            emergency_folders,
            effect: None,
            area: ratatui::layout::Rect::new(0, 0, 80, 24),
            writer: None,
            palette_targets: None,
        };
        app.reload_sessions();
        app
    }

    /// Opens a session straight away (for `crosscheck open ID` and `new`).
    /// If another crosscheck has it open, asks whether to open it read-only instead.
    pub fn open_session(&mut self, id: &str) -> Result<(), StorageError> {
        let session = self.store.load(id, &self.catalog)?;
        match self.store.lock(id) {
            Ok(lock) => self.show_session(session, Some(lock)),
            Err(StorageError::Locked { holder, .. }) => {
                self.overlay = Some(Overlay::ConfirmReadOnly { id: id.to_string(), holder });
            }
            Err(e) => return Err(e),
        }
        Ok(())
    }

    /// Opens a session without its lock: every change is refused, nothing is written.
    pub fn open_read_only(&mut self, id: &str) -> Result<(), StorageError> {
        let session = self.store.load(id, &self.catalog)?;
        self.show_session(session, None);
        Ok(())
    }

    fn show_session(&mut self, session: Session, lock: Option<SessionLock>) {
        if let Some(i) = self.sessions.list.iter().position(|l| matches!(l, Listed::Session(s) if s.id == session.id)) {
            self.sessions.selected = i;
        }
        let save = if lock.is_some() { SaveState::Saved } else { SaveState::ReadOnly };
        self.open = Some(OpenSession {
            session: Arc::new(session),
            selected: 0,
            interview: None,
            divergence: None,
            save,
            last_save_attempt: self.now,
            lock,
        });
        self.screen = Screen::Session;
    }

    pub fn reload_sessions(&mut self) {
        match self.store.list(&self.catalog) {
            Ok(list) => self.sessions.list = list,
            Err(e) => self.message = Some(format!("Cannot list sessions: {e}")),
        }
        self.sessions.selected = self.sessions.selected.min(self.sessions.list.len().saturating_sub(1));
    }

    /// Which key bindings apply now.
    pub fn context(&self) -> Context {
        match &self.overlay {
            Some(Overlay::Help) => return Context::Help,
            Some(Overlay::NewSession(_) | Overlay::AddInterview(_) | Overlay::FollowUpReason(_)) => {
                return Context::Form;
            }
            Some(Overlay::Palette(_)) => return Context::Palette,
            Some(Overlay::FollowUps(_)) => return Context::FollowUps,
            Some(Overlay::ConfirmDelete { .. } | Overlay::ConfirmReadOnly { .. }) => return Context::Confirm,
            None => {}
        }
        match self.screen {
            Screen::Sessions => Context::Sessions,
            Screen::Session => Context::Session,
            Screen::Divergence => Context::Divergence,
            Screen::Interview => match self.open.as_ref().and_then(|o| o.interview.as_ref()) {
                Some(iv) if iv.editor.is_some() => Context::Editor,
                Some(iv) if iv.number_input.is_some() => Context::NumberEntry,
                _ => Context::Interview,
            },
        }
    }

    pub fn handle_event(&mut self, event: Event) {
        match event {
            // Only presses act: Windows also reports releases, which would double every key.
            Event::Key(key) if key.kind == KeyEventKind::Press => self.on_key(key),
            Event::Paste(text) => self.on_paste(&text),
            Event::Mouse(mouse) => super::mouse::on_mouse(self, mouse),
            _ => {}
        }
    }

    pub fn on_key(&mut self, key: KeyEvent) {
        // Esc and the next key read together arrive as Alt+key: where Esc means something,
        // take them as the two keys the user pressed.
        let esc = KeyEvent::from(crossterm::event::KeyCode::Esc);
        if key.modifiers.contains(crossterm::event::KeyModifiers::ALT)
            && self.keymap.action(self.context(), &esc).is_some()
        {
            self.on_key(esc);
            let mut plain = key;
            plain.modifiers.remove(crossterm::event::KeyModifiers::ALT);
            self.on_key(plain);
            return;
        }
        // A message answers the last key; the next key clears it.
        self.message = None;
        // Ctrl-C always quits, saved, whatever a config file rebinds: raw mode turned the
        // terminal's own interrupt off, so this is the user's way out.
        if key.code == crossterm::event::KeyCode::Char('c') && key.modifiers == crossterm::event::KeyModifiers::CONTROL
        {
            self.shutdown();
            return;
        }
        let context = self.context();
        match self.keymap.action(context, &key) {
            Some(action) => self.update(action),
            None if context.types_text() => self.type_key(key),
            None => {}
        }
    }

    /// Applies one action. Never draws.
    pub fn update(&mut self, action: Action) {
        if action == Action::Quit {
            self.shutdown();
            return;
        }
        if self.overlay.is_some() {
            self.update_overlay(action);
            return;
        }
        if action == Action::Help {
            self.overlay = Some(Overlay::Help);
            return;
        }
        if action == Action::OpenPalette {
            palette::open(self);
            return;
        }
        if action == Action::FollowUpList && matches!(self.screen, Screen::Session | Screen::Interview) {
            followups::open(self);
            return;
        }
        if self.refused_read_only(action) {
            self.message =
                Some("Read-only: this session is open in another crosscheck, so nothing can change here.".into());
            return;
        }
        match self.screen {
            Screen::Sessions => sessions::update(self, action),
            Screen::Session => session::update(self, action),
            Screen::Interview => interview::update(self, action),
            Screen::Divergence => divergence::update(self, action),
        }
    }

    /// Actions that would change a session opened read-only.
    fn refused_read_only(&self, action: Action) -> bool {
        if !self.open.as_ref().is_some_and(OpenSession::read_only) {
            return false;
        }
        match self.screen {
            Screen::Session => action == Action::AddInterview,
            Screen::Interview => matches!(
                action,
                Action::Digit(_)
                    | Action::Previous
                    | Action::Next
                    | Action::ToggleOption
                    | Action::EditNotes
                    | Action::Skip
                    | Action::DontKnow
                    | Action::FlagFollowUp
                    | Action::ToggleQuote
                    | Action::ExternalEditor
            ),
            _ => false,
        }
    }

    fn update_overlay(&mut self, action: Action) {
        match self.overlay.take() {
            Some(Overlay::Palette(p)) => palette::update(self, p, action),
            Some(Overlay::FollowUps(list)) => followups::update(self, list, action),
            Some(Overlay::FollowUpReason(field)) => interview::update_reason(self, field, action),
            // Any key but Esc/q/? keeps the help open.
            Some(Overlay::Help) if !matches!(action, Action::Cancel | Action::Help) => {
                self.overlay = Some(Overlay::Help)
            }
            Some(Overlay::Help) => {}
            Some(Overlay::NewSession(form)) => sessions::update_new_form(self, form, action),
            Some(Overlay::AddInterview(form)) => session::update_add_form(self, form, action),
            Some(Overlay::ConfirmReadOnly { id, holder }) => match action {
                Action::Confirm => {
                    if let Err(e) = self.open_read_only(&id) {
                        self.message = Some(e.to_string());
                    }
                }
                Action::Cancel => {}
                _ => self.overlay = Some(Overlay::ConfirmReadOnly { id, holder }),
            },
            Some(Overlay::ConfirmDelete { id, organisation, interviews }) => match action {
                Action::Confirm => sessions::delete(self, &id),
                Action::Cancel => {}
                _ => self.overlay = Some(Overlay::ConfirmDelete { id, organisation, interviews }),
            },
            None => {}
        }
    }

    fn type_key(&mut self, key: KeyEvent) {
        match &mut self.overlay {
            Some(Overlay::NewSession(form)) => form.input(key),
            Some(Overlay::AddInterview(form)) => form.input(key),
            Some(Overlay::FollowUpReason(field)) => field.input(key),
            Some(Overlay::Palette(p)) => p.input(key),
            _ => interview::type_key(self, key),
        }
    }

    fn on_paste(&mut self, text: &str) {
        match &mut self.overlay {
            Some(Overlay::NewSession(form)) => form.paste(text),
            Some(Overlay::AddInterview(form)) => form.paste(text),
            Some(Overlay::FollowUpReason(field)) => field.paste(text),
            Some(Overlay::Palette(p)) => p.paste(text),
            Some(_) => {}
            None => interview::paste(self, text),
        }
    }

    /// The external editor came back: its text replaces the notes, or on failure the notes stay
    /// as they were and the user is told why.
    pub fn finish_external_edit(&mut self, result: Result<String, String>) {
        match result {
            Ok(text) => interview::replace_notes(self, &text),
            Err(e) => self.message = Some(format!("The external editor failed ({e}); the notes are as they were.")),
        }
    }
}
