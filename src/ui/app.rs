//! The application state and the one update function: event → [`Action`] → update.
//! Rendering lives in the screen modules and only reads this state.

use chrono::{DateTime, Utc};
use crossterm::event::{Event, KeyEvent, KeyEventKind};
use ratatui_textarea::TextArea;

use super::command::{AnswerChange, Command, Edit, ReadOnly, Status};
use super::divergence::{self, DivergenceView};
use super::followups;
use super::keymap::{Action, Context, KeyMap};
pub use super::overlay::Overlay;
use super::palette;
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

#[derive(Default)]
pub struct SessionsState {
    pub list: Vec<Listed>,
    /// Index into [`SessionsState::visible`].
    pub selected: usize,
    /// Only sessions whose organisation holds this (any case) are shown; empty shows all.
    pub filter: String,
}

impl SessionsState {
    /// The listed items shown: those matching the filter (a file that cannot be read matches
    /// by its name).
    pub fn visible(&self) -> Vec<usize> {
        let filter = self.filter.to_lowercase();
        (0..self.list.len())
            .filter(|&i| {
                filter.is_empty()
                    || match &self.list[i] {
                        Listed::Session(s) => s.organisation.to_lowercase().contains(&filter),
                        Listed::Unreadable { file, .. } => file.to_string_lossy().to_lowercase().contains(&filter),
                    }
            })
            .collect()
    }

    /// The selected item, if any is shown.
    pub fn chosen(&self) -> Option<&Listed> {
        self.visible().get(self.selected).map(|&i| &self.list[i])
    }
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
    /// and a change made meanwhile copies it first. Private: read with
    /// [`OpenSession::session`], change only through [`OpenSession::edit`].
    session: Arc<Session>,
    pub selected: usize,
    pub interview: Option<InterviewState>,
    pub divergence: Option<DivergenceView>,
    pub save: SaveState,
    pub last_save_attempt: DateTime<Utc>,
    /// The one-writer lock; None when the session is open read-only.
    pub lock: Option<SessionLock>,
}

impl OpenSession {
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// The one way to change the session: refused when it is open read-only. Copies the
    /// session first only if the writer still holds a snapshot of it.
    pub fn edit(&mut self) -> Result<&mut Session, ReadOnly> {
        if self.lock.is_none() {
            return Err(ReadOnly);
        }
        Ok(Arc::make_mut(&mut self.session))
    }

    /// The divergence view to change beside the session to read (a borrow of both at once).
    pub fn divergence_with_session(&mut self) -> (Option<&mut DivergenceView>, &Session) {
        (self.divergence.as_mut(), &self.session)
    }

    /// A snapshot for the writer thread (shared, not copied).
    pub fn snapshot(&self) -> Arc<Session> {
        Arc::clone(&self.session)
    }

    /// Whether [`OpenSession::edit`] can succeed: false when read-only.
    pub fn writable(&self) -> bool {
        self.lock.is_some()
    }

    pub fn read_only(&self) -> bool {
        !self.writable()
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
    /// The line of feedback under the screen: the last error or confirmation.
    pub status: Option<Status>,
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
            status: None,
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

    /// Sets the status line.
    pub fn say(&mut self, status: Status) {
        self.status = Some(status);
    }

    /// The status line's text, if any.
    pub fn status_text(&self) -> Option<&str> {
        self.status.as_ref().map(|s| s.text.as_str())
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
        let visible = self.sessions.visible();
        let at =
            visible.iter().position(|&i| matches!(&self.sessions.list[i], Listed::Session(s) if s.id == session.id));
        if let Some(i) = at {
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
            Err(e) => self.say(Status::error(format!("Cannot list sessions: {e}"))),
        }
        self.sessions.selected = self.sessions.selected.min(self.sessions.visible().len().saturating_sub(1));
    }

    /// Which key bindings apply now.
    pub fn context(&self) -> Context {
        match &self.overlay {
            Some(Overlay::Help) => return Context::Help,
            Some(
                Overlay::NewSession(_)
                | Overlay::AddInterview(_)
                | Overlay::FollowUpReason(_)
                | Overlay::RenameSession { .. }
                | Overlay::FilterSessions(_)
                | Overlay::ExportSession { .. },
            ) => {
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
        self.status = None;
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
        match self.screen {
            Screen::Sessions => {
                let commands = sessions::update(action, &mut self.sessions);
                self.apply(commands);
            }
            Screen::Session => {
                let Some(open) = self.open.as_mut() else {
                    self.screen = Screen::Sessions;
                    return;
                };
                let writable = open.writable();
                let ctx = session::Ctx { session: &open.session, catalog: &self.catalog, writable };
                let commands = session::update(action, &mut open.selected, &ctx);
                self.apply(commands);
            }
            Screen::Interview => self.with_interview(|state, ctx| interview::update(action, state, ctx)),
            Screen::Divergence => {
                let Some(open) = self.open.as_mut() else { return };
                let Some(view) = open.divergence.as_mut() else {
                    self.screen = Screen::Session;
                    return;
                };
                let commands = divergence::update(action, view, &open.session, &self.catalog);
                self.apply(commands);
            }
        }
    }

    /// Runs an interview-screen component function on the interview on screen, then applies
    /// what it asks for. Without one to show, goes back to the session screen.
    pub fn with_interview(&mut self, f: impl FnOnce(&mut InterviewState, &interview::Ctx) -> Vec<Command>) {
        let (commands, moved) = {
            let Some(open) = self.open.as_mut() else { return };
            let writable = open.writable();
            let found = open.interview.as_mut().and_then(|state| {
                let interview = open.session.interviews.get(state.index)?;
                let bank = self.catalog.bank(&interview.function).filter(|b| !b.questions.is_empty())?;
                Some((state, interview, bank))
            });
            let Some((state, interview, bank)) = found else {
                self.screen = Screen::Session;
                return;
            };
            let ctx =
                interview::Ctx { interview, index: state.index, bank, now: self.now, writable, hints: self.hints };
            let before = state.question;
            let commands = f(state, &ctx);
            (commands, state.question != before)
        };
        // The comparison under an answer changes with the question or an answer, not with a
        // keystroke in the notes: typing does not pay for it.
        let answered = commands.iter().any(|c| {
            matches!(c, Command::Edit(Edit::Answer { change, .. }) if !matches!(change, AnswerChange::Notes { .. }))
                || matches!(c, Command::SetHints(_))
        });
        self.apply(commands);
        if moved || answered {
            interview::refresh_hint(self);
        }
    }

    /// Carries out what components ask for, in order: the one place that changes the session,
    /// saves, navigates or sets the status line on their behalf.
    /// A refused change ends the batch: what follows it assumed it was made.
    pub fn apply(&mut self, commands: Vec<Command>) {
        for command in commands {
            match command {
                Command::Edit(edit) => {
                    if self.apply_edit(edit).is_err() {
                        return;
                    }
                }
                Command::Save => self.save(),
                Command::SaveNow => self.save_now(),
                Command::Status(status) => self.say(status),
                Command::SetHints(shown) => self.hints = shown,
                Command::LeaveInterview => self.leave_interview(),
                Command::OpenInterview(index) => self.open_interview(index),
                Command::OpenDivergence => divergence::open(self),
                Command::CloseDivergence => {
                    if let Some(open) = self.open.as_mut() {
                        open.divergence = None;
                    }
                    self.screen = Screen::Session;
                }
                Command::CloseSession => self.close_session(),
                Command::Show(overlay) => self.overlay = Some(overlay),
                Command::OpenSession(id) => {
                    if let Err(e) = self.open_session(&id) {
                        self.say(Status::error(e.to_string()));
                    }
                }
                Command::Quit => self.shutdown(),
                Command::EditExternally { text, interview, question } => {
                    self.effect = Some(Effect::EditExternally { text, interview, question });
                }
            }
        }
    }

    /// A change to the session, through [`OpenSession::edit`]: refused read-only. Answers are
    /// saved at once; notes after their pause.
    fn apply_edit(&mut self, edit: Edit) -> Result<(), ReadOnly> {
        let now = self.now;
        let Some(open) = self.open.as_mut() else { return Ok(()) };
        let session = match open.edit() {
            Ok(session) => session,
            Err(refused) => {
                self.say(Status::warning(refused.to_string()));
                return Err(refused);
            }
        };
        let (interview, question, change) = match edit {
            Edit::Answer { interview, question, change } => (interview, question, change),
            Edit::AddInterview { function, version, interviewee, role, budget_minutes } => {
                let i = session.add_interview(&function, &version, now);
                let added = &mut session.interviews[i];
                added.interviewee = interviewee;
                added.role = role;
                added.budget_minutes = Some(budget_minutes);
                open.selected = i;
                self.save();
                return Ok(());
            }
        };
        let Some(answer) = session.interviews.get_mut(interview).map(|i| i.answer_mut(&question)) else {
            return Ok(());
        };
        let notes = matches!(change, AnswerChange::Notes { .. });
        match change {
            AnswerChange::Value(value) => answer.set_value(value, now),
            AnswerChange::ToggleState(state) => answer.toggle_state(state, now),
            AnswerChange::ToggleFollowUp => answer.toggle_follow_up(now),
            AnswerChange::FlagFollowUp(reason) => answer.flag_follow_up(&reason, now),
            AnswerChange::ToggleQuote => answer.toggle_quote(now),
            AnswerChange::Notes { text, kind, mark } => {
                if let Some(mark) = mark.filter(|_| text != answer.notes) {
                    answer.notes_marks.push(mark);
                }
                answer.set_notes(text, kind, now);
            }
        }
        if !notes {
            self.save();
            return Ok(());
        }
        // Notes are written once typing pauses (see `App::tick`).
        if let Some(iv) = open.interview.as_mut() {
            iv.notes_dirty_since = Some(now);
        }
        if !matches!(open.save, SaveState::Failed(_)) {
            open.save = SaveState::Pending;
        }
        Ok(())
    }

    /// Leaves the interview on screen for the session screen, saving: the one way out, whether
    /// by `q`, the palette or the follow-up list.
    pub fn leave_interview(&mut self) {
        if self.screen != Screen::Interview {
            return;
        }
        self.save();
        if let Some(open) = self.open.as_mut() {
            open.interview = None;
        }
        self.screen = Screen::Session;
    }

    /// Shows interview `index`, at its first question not yet covered; says why not when its
    /// bank is missing or empty.
    pub fn open_interview(&mut self, index: usize) {
        let now = self.now;
        let Some(open) = self.open.as_mut() else { return };
        let Some(interview) = open.session.interviews.get(index) else { return };
        let bank = match self.catalog.bank(&interview.function) {
            Some(bank) if !bank.questions.is_empty() => bank,
            Some(bank) => {
                let text = format!(
                    "The {} bank has no questions, so there is nothing to ask: add questions to it and start crosscheck again. This interview's answers are kept (crosscheck export shows them).",
                    bank.title
                );
                self.status = Some(Status::warning(text));
                return;
            }
            None => {
                let text = format!(
                    "No bank for function \"{}\" among the loaded banks: start crosscheck with the --banks folder this session used.",
                    interview.function
                );
                self.status = Some(Status::warning(text));
                return;
            }
        };
        let question =
            bank.questions.iter().position(|q| interview.state_of(&q.id) == crate::session::AnswerState::NotAsked);
        open.interview = Some(InterviewState {
            index,
            question: question.unwrap_or(0),
            editor: None,
            number_input: None,
            option_cursor: 0,
            visit_started: now,
            notes_dirty_since: None,
            hint: None,
            notes_marked: false,
        });
        open.selected = index;
        self.screen = Screen::Interview;
        interview::refresh_hint(self);
    }

    /// Closes the session for the sessions screen, once every write has landed; a session whose
    /// last write failed stays open.
    pub fn close_session(&mut self) {
        // A write under way lands (or fails) before the lock is let go.
        self.settle_writes();
        if self.unsaved() {
            self.say(Status::error(
                "Not saved yet, so the session stays open while crosscheck retries. Free disk space or fix the folder's permissions; Ctrl-C quits and writes an emergency copy.",
            ));
            return;
        }
        self.open = None;
        self.screen = Screen::Sessions;
        self.reload_sessions();
    }

    /// Goes to question `index` of the interview on screen.
    pub fn go_to_question(&mut self, index: usize) {
        self.with_interview(|state, ctx| {
            interview::go_to(state, ctx.bank, index);
            Vec::new()
        });
    }

    fn update_overlay(&mut self, action: Action) {
        match self.overlay.take() {
            Some(Overlay::Palette(p)) => palette::update(self, p, action),
            Some(Overlay::FollowUps(list)) => followups::update(self, list, action),
            Some(Overlay::FollowUpReason(field)) => match action {
                Action::Confirm => {
                    let reason = field.value();
                    self.with_interview(|state, ctx| interview::follow_up_reason(&reason, state, ctx));
                }
                Action::Cancel => {}
                _ => self.overlay = Some(Overlay::FollowUpReason(field)),
            },
            // Any key but Esc/q/? keeps the help open.
            Some(Overlay::Help) if !matches!(action, Action::Cancel | Action::Help) => {
                self.overlay = Some(Overlay::Help)
            }
            Some(Overlay::Help) => {}
            Some(Overlay::NewSession(form)) => sessions::update_new_form(self, form, action),
            Some(Overlay::RenameSession { id, field }) => sessions::forms::update_rename(self, id, field, action),
            Some(Overlay::FilterSessions(field)) => sessions::forms::update_filter(self, field, action),
            Some(Overlay::ExportSession { id, field }) => sessions::forms::update_export(self, id, field, action),
            Some(Overlay::AddInterview(mut form)) => {
                let Some(open) = self.open.as_ref() else { return };
                let ctx = session::Ctx { session: &open.session, catalog: &self.catalog, writable: open.writable() };
                match session::update_add_form(&mut form, action, &ctx) {
                    Some(commands) => self.apply(commands),
                    None => self.overlay = Some(Overlay::AddInterview(form)),
                }
            }
            Some(Overlay::ConfirmReadOnly { id, holder }) => match action {
                Action::Confirm => {
                    if let Err(e) = self.open_read_only(&id) {
                        self.say(Status::info(e.to_string()));
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
            Some(Overlay::RenameSession { field, .. } | Overlay::ExportSession { field, .. }) => field.input(key),
            Some(Overlay::FilterSessions(field)) => {
                field.input(key);
                // Applied as it is typed.
                self.sessions.filter = field.value();
                self.sessions.selected = 0;
            }
            Some(Overlay::AddInterview(form)) => form.input(key),
            Some(Overlay::FollowUpReason(field)) => field.input(key),
            Some(Overlay::Palette(p)) => p.input(key),
            _ => self.with_interview(|state, ctx| interview::type_key(key, state, ctx)),
        }
    }

    fn on_paste(&mut self, text: &str) {
        match &mut self.overlay {
            Some(Overlay::NewSession(form)) => form.paste(text),
            Some(Overlay::RenameSession { field, .. } | Overlay::ExportSession { field, .. }) => field.paste(text),
            Some(Overlay::FilterSessions(field)) => {
                field.paste(text);
                self.sessions.filter = field.value();
                self.sessions.selected = 0;
            }
            Some(Overlay::AddInterview(form)) => form.paste(text),
            Some(Overlay::FollowUpReason(field)) => field.paste(text),
            Some(Overlay::Palette(p)) => p.paste(text),
            Some(_) => {}
            None => self.with_interview(|state, ctx| interview::paste(text, state, ctx)),
        }
    }

    /// The external editor came back: its text replaces the notes, or on failure the notes stay
    /// as they were and the user is told why.
    pub fn finish_external_edit(&mut self, result: Result<String, String>) {
        match result {
            Ok(text) => self.with_interview(|state, ctx| interview::replace_notes(&text, state, ctx)),
            Err(e) => self.say(Status::error(format!("The external editor failed ({e}); the notes are as they were."))),
        }
    }
}
