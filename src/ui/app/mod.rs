//! The application: its state, and the one path from an event to a change — event → action →
//! the component on top (an overlay, else the route's screen) → commands → [`App::apply`].
//! Drawing is in [`crate::ui::render`] and only reads this state.

mod apply;
mod autosave;
mod claims;
mod mouse;
mod open_session;
mod sessions;

pub use autosave::NOTES_SAVE_DELAY_MS;
pub use open_session::{OpenSession, Route};

use chrono::{DateTime, Utc};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::command::{Command, Status};
use super::env::Env;
use super::hits::Hits;
use super::keymap::{Action, Context, KeyMap};
use super::overlays::{self, Overlay, follow_ups::FollowUpList, palette};
use super::screens::session_list::SessionsState;
use super::screens::{diagnosis, divergence, interview, session, session_list};
use crate::bank::Catalog;
use crate::storage::{SessionLock, StorageError, Store};

/// Which screen is showing: read from where the state is (no session: the sessions list; else
/// the open session's route). For tests and the help's choice of keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Sessions,
    Session,
    Interview,
    Divergence,
    Diagnosis,
}

/// Work `update` asks the loop to do because it needs the terminal itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Open the notes (this text, of this interview's question) in `$VISUAL`/`$EDITOR`.
    EditExternally { text: String, interview: String, question: String },
}

/// How often a failed write is tried again.
pub const SAVE_RETRY_MS: i64 = 2000;

/// How long a notice stays at least (then the next key clears it).
pub const NOTICE_MS: i64 = 10_000;

/// The parts every component may read, borrowed field by field so that a route's state can be
/// borrowed mutably beside them.
macro_rules! env {
    ($app:expr) => {
        Env { catalog: &$app.catalog, keymap: &$app.keymap, theme: &$app.theme, now: $app.now, hints: $app.hints }
    };
}

pub struct App {
    pub catalog: Catalog,
    pub store: Store,
    pub keymap: KeyMap,
    /// The time of the event being handled; set by the loop so tests can fix it.
    pub now: DateTime<Utc>,
    /// The sessions screen's state, kept while a session is open (its selection returns).
    pub sessions: SessionsState,
    /// The session on screen; None shows the sessions list.
    pub open: Option<OpenSession>,
    /// Over the screen, bottom first; keys go to the last.
    overlays: Vec<Overlay>,
    /// The line of feedback under the screen: the last error or confirmation.
    pub status: Option<Status>,
    /// A message about something no key did (a file merged in from disk) and since when: shown
    /// under the status for [`NOTICE_MS`] at least, so typing on does not hide it at once.
    pub notice: Option<(Status, DateTime<Utc>)>,
    pub quit: bool,
    /// The colours in force (none under NO_COLOR): meaning is always carried by symbols too.
    pub theme: super::theme::Theme,
    /// Show, after a `received` answer, how it compares with what was communicated.
    pub hints: bool,
    /// Printed after the terminal is restored (e.g. where an emergency copy was written).
    pub exit_note: Option<String>,
    /// The session file was not written at exit: the program exits with a failure.
    pub exit_failed: bool,
    /// Where an emergency copy may go, in order (see [`crate::storage::emergency::folders`]).
    pub emergency_folders: Vec<std::path::PathBuf>,
    /// Tried after those once the terminal is gone (see [`crate::storage::emergency::last_resorts`]).
    pub last_resorts: Vec<std::path::PathBuf>,
    /// Taken and performed by the loop after each update.
    pub effect: Option<Effect>,
    /// What the last frame drew where: the mouse reads it.
    pub hits: Hits,
    /// Writes notes off the input path; None writes everything at once (tests, commands).
    pub writer: Option<crate::storage::BackgroundWriter>,
    /// What the palette searches, built from the catalog when the palette first opens.
    palette_targets: Option<std::rc::Rc<palette::Targets>>,
    /// The claims the targets were built with: built again only when they change.
    palette_claims: Vec<(String, DateTime<Utc>)>,
    /// Who is at the keyboard (see [`crate::identity`]): edits and new interviews carry it.
    pub interviewer: Option<String>,
}

impl App {
    pub fn new(catalog: Catalog, store: Store, now: DateTime<Utc>) -> App {
        let emergency_folders = crate::storage::emergency::folders(&store);
        let mut app = App {
            catalog,
            store,
            keymap: KeyMap::default(),
            now,
            sessions: SessionsState::default(),
            open: None,
            overlays: Vec::new(),
            status: None,
            notice: None,
            quit: false,
            theme: super::theme::Theme::from_env(crate::config::ThemeName::Dark),
            hints: true,
            exit_note: None,
            exit_failed: false,
            emergency_folders,
            last_resorts: crate::storage::emergency::last_resorts(),
            effect: None,
            hits: Hits::default(),
            writer: None,
            palette_targets: None,
            palette_claims: Vec::new(),
            interviewer: None,
        };
        app.reload_sessions();
        app
    }

    pub fn env(&self) -> Env<'_> {
        env!(self)
    }

    /// Sets the status line.
    pub fn say(&mut self, status: Status) {
        self.status = Some(status);
    }

    /// The status line's text, if any.
    pub fn status_text(&self) -> Option<&str> {
        self.status.as_ref().map(|s| s.text.as_str())
    }

    /// The overlay on top, if any.
    pub fn overlay(&self) -> Option<&Overlay> {
        self.overlays.last()
    }

    /// Every overlay, bottom first (drawn in that order).
    pub fn overlays(&self) -> &[Overlay] {
        &self.overlays
    }

    pub fn screen(&self) -> Screen {
        match self.open.as_ref().map(|o| &o.route) {
            None => Screen::Sessions,
            Some(Route::Session) => Screen::Session,
            Some(Route::Interview(_)) => Screen::Interview,
            Some(Route::Divergence(_)) => Screen::Divergence,
            Some(Route::Diagnosis(_)) => Screen::Diagnosis,
        }
    }

    /// Opens a session straight away (for `crosscheck open ID` and `new`).
    /// If another crosscheck has it open, asks whether to open it read-only instead.
    pub fn open_session(&mut self, id: &str) -> Result<(), StorageError> {
        let (session, seen) = self.store.load_seen(id, &self.catalog)?;
        match self.store.lock(id) {
            Ok(lock) => {
                // Every write checks its files are still the ones read here (a git pull).
                lock.adopt(seen);
                self.show_session(session, Some(lock));
            }
            Err(StorageError::Locked { holder, .. }) => {
                let confirm = overlays::confirm::Confirm::ReadOnly { id: id.to_string(), holder };
                self.overlays.push(Overlay::Confirm(confirm));
            }
            // No lock can be made (a read-only mount, a backup): nothing could be written, so
            // it is shown read-only, saying why.
            Err(e) => {
                self.show_session(session, None);
                if let Some(open) = self.open.as_mut() {
                    open.why_read_only = Some(format!(
                        "Read-only: nothing can be written to this data folder ({e}), so no change can be made or saved. To edit, make the data folder writable (or copy it elsewhere and pass --data-dir) and open the session again."
                    ));
                }
            }
        }
        Ok(())
    }

    /// Opens a session without its lock: every change is refused, nothing is written.
    pub fn open_read_only(&mut self, id: &str) -> Result<(), StorageError> {
        let session = self.store.load(id, &self.catalog)?;
        self.show_session(session, None);
        Ok(())
    }

    fn show_session(&mut self, session: crate::session::Session, lock: Option<SessionLock>) {
        self.sessions.select_id(&session.id);
        self.open = Some(OpenSession::new(session, lock, self.now));
    }

    pub fn reload_sessions(&mut self) {
        match self.store.list(&self.catalog) {
            Ok(list) => self.sessions.set_list(list),
            Err(e) => self.say(Status::error(format!("Cannot list sessions: {e}"))),
        }
    }

    /// The key context of the screen itself, whatever is over it.
    fn screen_context(&self) -> Context {
        match self.screen() {
            Screen::Sessions => Context::Sessions,
            Screen::Session => Context::Session,
            Screen::Divergence => Context::Divergence,
            Screen::Diagnosis => Context::Diagnosis,
            Screen::Interview => match self.open.as_ref().and_then(|o| o.interview()) {
                Some(iv) if iv.editor.is_some() => Context::Editor,
                Some(iv) if iv.number_input.is_some() => Context::NumberEntry,
                _ => Context::Interview,
            },
        }
    }

    /// Which key bindings apply now: the top overlay's, else the screen's.
    pub fn context(&self) -> Context {
        self.overlay().map_or_else(|| self.screen_context(), Overlay::context)
    }

    pub fn handle_event(&mut self, event: Event) {
        match event {
            // Only presses act: Windows also reports releases, which would double every key.
            Event::Key(key) if key.kind == KeyEventKind::Press => self.on_key(key),
            Event::Paste(text) => self.on_paste(&text),
            Event::Mouse(mouse) => self.on_mouse(mouse),
            _ => {}
        }
    }

    pub fn on_key(&mut self, key: KeyEvent) {
        // Esc and the next key read together arrive as Alt+key: where Esc means something,
        // take them as the two keys the user pressed.
        let esc = KeyEvent::from(KeyCode::Esc);
        if key.modifiers.contains(KeyModifiers::ALT) && self.keymap.action(self.context(), &esc).is_some() {
            self.on_key(esc);
            let mut plain = key;
            plain.modifiers.remove(KeyModifiers::ALT);
            self.on_key(plain);
            return;
        }
        // A message answers the last key; the next key clears it.
        self.status = None;
        if self.notice.as_ref().is_some_and(|(_, since)| (self.now - *since).num_milliseconds() >= NOTICE_MS) {
            self.notice = None;
        }
        // Ctrl-C always quits, saved, whatever a config file rebinds: raw mode turned the
        // terminal's own interrupt off, so this is the user's way out.
        if key.code == KeyCode::Char('c') && key.modifiers == KeyModifiers::CONTROL {
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

    /// Hands one action to the component on top and applies what it returns. Never draws.
    pub fn update(&mut self, action: Action) {
        if action == Action::Quit {
            self.shutdown();
            return;
        }
        if !self.overlays.is_empty() {
            self.update_overlay(action);
            return;
        }
        // The actions every screen shares.
        match action {
            Action::Help => return self.overlays.push(Overlay::Help(self.screen_context(), 0)),
            Action::OpenPalette => return self.open_palette(),
            // From a key where it is bound, or from the palette on any screen of a session.
            Action::FollowUpList if self.open.is_some() => {
                if let Some(open) = self.open.as_ref() {
                    self.overlays.push(Overlay::FollowUps(FollowUpList::collect(open.session(), &self.catalog)));
                }
                return;
            }
            _ => {}
        }
        let env = env!(self);
        let Some(open) = self.open.as_mut() else {
            let commands = session_list::update(action, &mut self.sessions);
            return self.apply(commands);
        };
        let parts = open.parts();
        let commands = match parts.route {
            Route::Session => {
                let ctx = session::Ctx { env, session: parts.session, save: parts.save, writable: parts.writable };
                session::update(action, parts.selected, &ctx)
            }
            Route::Interview(_) => return self.with_interview(|state, ctx| interview::update(action, state, ctx)),
            Route::Divergence(view) => divergence::update(action, view, parts.session, env.catalog),
            Route::Diagnosis(view) => diagnosis::update(action, view),
        };
        self.apply(commands);
    }

    /// Runs an interview-screen function on the interview on screen, then applies what it
    /// asks for. An interview without a bank to show goes back to the session screen.
    pub fn with_interview(&mut self, f: impl FnOnce(&mut interview::InterviewState, &interview::Ctx) -> Vec<Command>) {
        let env = env!(self);
        let Some(open) = self.open.as_mut() else { return };
        let parts = open.parts();
        let Route::Interview(state) = parts.route else { return };
        let Some(ctx) = interview::Ctx::new(env, parts.session, state.index, parts.save, parts.writable) else {
            *parts.route = Route::Session;
            return;
        };
        // The "Now in" of a jump from another interview lasts until the next key.
        state.arrived = false;
        let commands = f(state, &ctx);
        self.apply(commands);
    }

    fn open_palette(&mut self) {
        let catalog = &self.catalog;
        let session = self.open.as_ref().map(|o| o.session());
        let claims = palette::claims_key(session);
        if claims != self.palette_claims {
            self.palette_targets = None;
            self.palette_claims = claims;
        }
        let targets = self
            .palette_targets
            .get_or_insert_with(|| std::rc::Rc::new(palette::Targets::with_claims(catalog, session)));
        // In an interview, its questions first; the others lead elsewhere and are marked so.
        let home = self.open.as_ref().and_then(|o| Some(&o.session().interviews.get(o.interview()?.index)?.function));
        let palette = palette::Palette::over(std::rc::Rc::clone(targets)).at_home(home.map(String::as_str));
        self.overlays.push(Overlay::Palette(Box::new(palette)));
    }

    fn update_overlay(&mut self, action: Action) {
        let ctx = overlays::Ctx {
            env: env!(self),
            session: self.open.as_ref().map(|o| o.session()),
            showing: self.open.as_ref().and_then(|o| o.interview()).map(|iv| iv.index),
        };
        let Some(top) = self.overlays.last_mut() else { return };
        let commands = top.update(action, &ctx);
        self.apply(commands);
    }

    fn type_key(&mut self, key: KeyEvent) {
        match self.overlays.last_mut() {
            Some(top) => {
                let commands = top.input(key);
                self.apply(commands);
            }
            None => self.with_interview(|state, ctx| interview::type_key(key, state, ctx)),
        }
    }

    fn on_paste(&mut self, text: &str) {
        match self.overlays.last_mut() {
            Some(top) => {
                let commands = top.paste(text);
                self.apply(commands);
            }
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
