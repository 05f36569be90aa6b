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

use super::command::{Command, Component, Status};
use super::env::{Ctx, Env};
use super::hits::Hits;
use super::keymap::{Action, Context, KeyMap};
use super::overlays::{self, follow_ups::FollowUpList, palette};
use super::screens::interview;
use super::screens::session_list::SessionsState;
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

/// How the program ends: whether to leave, what to print after the terminal is restored, and
/// where an emergency copy may go.
pub struct Exit {
    pub quit: bool,
    /// Printed after the terminal is restored (e.g. where an emergency copy was written).
    pub note: Option<String>,
    /// The session file was not written at exit: the program exits with a failure.
    pub failed: bool,
    /// Where an emergency copy may go, in order (see [`crate::storage::emergency::folders`]).
    pub emergency_folders: Vec<std::path::PathBuf>,
    /// Tried after those once the terminal is gone (see [`crate::storage::emergency::last_resorts`]).
    pub last_resorts: Vec<std::path::PathBuf>,
}

pub struct App {
    /// What components read and the app does not change while a key is handled: the banks,
    /// the keys, the colours, the time of the event (set by the loop so tests can fix it).
    pub env: Env,
    pub store: Store,
    /// The sessions screen's state, kept while a session is open (its selection returns).
    pub sessions: SessionsState,
    /// The session on screen; None shows the sessions list.
    pub open: Option<OpenSession>,
    /// Over the screen, bottom first; keys go to the last.
    overlays: Vec<Box<dyn Component>>,
    /// The line of feedback under the screen: the last error or confirmation.
    pub status: Option<Status>,
    /// A message about something no key did (a file merged in from disk) and since when: shown
    /// under the status for [`NOTICE_MS`] at least, so typing on does not hide it at once.
    pub notice: Option<(Status, DateTime<Utc>)>,
    pub exit: Exit,
    /// Taken and performed by the loop after each update.
    pub effect: Option<Effect>,
    /// What the last frame drew where: the mouse reads it.
    pub hits: Hits,
    /// Writes notes off the input path; None writes everything at once (tests, commands).
    pub writer: Option<crate::storage::BackgroundWriter>,
    /// What the palette searches, kept between openings.
    palette: palette::Cache,
    /// Who is at the keyboard (see [`crate::identity`]): edits and new interviews carry it.
    pub interviewer: Option<String>,
    /// Every bank in force, whole: sessions are read and written with it. The screens read
    /// `env.catalog`, these banks as the open session's scope asks them.
    banks: Catalog,
    /// The scope `env.catalog` was cut to (None: whole, no session open).
    scope_shown: Option<crate::bank::Scope>,
    /// The headline figures of every engagement in the data folder, read when the divergence
    /// screen first needs them and again after the sessions list is.
    engagements: Option<Vec<crate::norms::Figures>>,
}

impl App {
    /// The app on the sessions screen, its list read.
    pub fn new(catalog: Catalog, store: Store, now: DateTime<Utc>) -> App {
        let mut app = App::unlisted(catalog, store, now);
        app.reload_sessions();
        app
    }

    /// The app without the sessions listed, for opening one session by id at once: a data
    /// folder of many engagements is not read to show one. Closing the session lists them.
    pub fn unlisted(catalog: Catalog, store: Store, now: DateTime<Utc>) -> App {
        let emergency_folders = crate::storage::emergency::folders(&store);
        let theme = super::theme::Theme::from_env(crate::config::ThemeName::Dark);
        App {
            env: Env {
                catalog: catalog.clone(),
                keymap: KeyMap::default(),
                theme,
                now,
                hints: true,
                advance_after_answer: false,
                norms_min_engagements: crate::norms::MIN_ENGAGEMENTS,
            },
            store,
            sessions: SessionsState::default(),
            open: None,
            overlays: Vec::new(),
            status: None,
            notice: None,
            exit: Exit {
                quit: false,
                note: None,
                failed: false,
                emergency_folders,
                last_resorts: crate::storage::emergency::last_resorts(),
            },
            effect: None,
            hits: Hits::default(),
            writer: None,
            palette: palette::Cache::default(),
            interviewer: None,
            banks: catalog,
            scope_shown: None,
            engagements: None,
        }
    }

    /// What a component reads: the env and the open session.
    pub fn ctx(&self) -> Ctx<'_> {
        match self.open.as_ref() {
            None => Ctx::bare(&self.env),
            Some(open) => open.ctx(&self.env),
        }
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
    pub fn overlay(&self) -> Option<&dyn Component> {
        self.overlays.last().map(Box::as_ref)
    }

    /// The overlay on top if it is a `T` (for tests and the loop's checks).
    pub fn overlay_as<T: Component>(&self) -> Option<&T> {
        let top: &dyn std::any::Any = self.overlay()?;
        top.downcast_ref()
    }

    /// Whether the overlay on top has work to do between frames.
    pub fn overlay_busy(&self) -> bool {
        self.overlays.last().is_some_and(|o| o.busy())
    }

    /// Does a frame's worth of the top overlay's work between frames.
    pub fn work_overlay(&mut self) {
        if let Some(top) = self.overlays.last_mut().filter(|o| o.busy()) {
            top.work();
        }
    }

    /// Every overlay, bottom first (drawn in that order).
    pub fn overlays(&self) -> &[Box<dyn Component>] {
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
        let (session, seen) = self.store.load_seen(id, &self.banks)?;
        match self.store.lock(id) {
            Ok(lock) => {
                // Every write checks its files are still the ones read here (a git pull).
                lock.adopt(seen);
                self.show_session(session, Some(lock));
            }
            Err(StorageError::Locked { holder, .. }) => {
                let confirm = overlays::confirm::Confirm::ReadOnly { id: id.to_string(), holder };
                self.overlays.push(Box::new(confirm));
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
        let session = self.store.load(id, &self.banks)?;
        self.show_session(session, None);
        Ok(())
    }

    fn show_session(&mut self, session: crate::session::Session, lock: Option<SessionLock>) {
        self.sessions.select_id(&session.id);
        self.open = Some(OpenSession::new(session, lock, self.env.now));
        self.fit_catalog();
    }

    /// Cuts the catalog the screens read to the open session's scope (whole with none open),
    /// when the scope changed: opened, edited, or taken in from another copy. An interview
    /// shown meanwhile returns to the session screen, its place in the bank being another.
    pub(super) fn fit_catalog(&mut self) {
        // Called after every key: compared in place, copied only when it changed.
        if self.open.as_ref().map(|o| &o.session().scope) == self.scope_shown.as_ref() {
            return;
        }
        let scope = self.open.as_ref().map(|o| o.session().scope.clone());
        self.env.catalog = match &scope {
            Some(s) => self.banks.in_scope(s).into_owned(),
            None => self.banks.clone(),
        };
        if let Some(open) = self.open.as_mut()
            && self.scope_shown.is_some()
            && !matches!(open.route, Route::Session)
        {
            open.route = Route::Session;
        }
        self.scope_shown = scope;
    }

    /// The sessions `s` could follow up: every other one in the data folder, those at its
    /// organisation first, newest first, each with the day it was created.
    fn earlier_candidates(&self, s: &crate::session::Session) -> Vec<(String, String)> {
        // The sessions screen's list, or read now when a session opened by id left it unread.
        let read;
        let listed = if self.sessions.list.is_empty() {
            read = self.store.list(&self.banks).unwrap_or_default();
            &read
        } else {
            &self.sessions.list
        };
        let mut others: Vec<&crate::session::Session> = listed
            .iter()
            .filter_map(|l| match l {
                crate::storage::Listed::Session(other) if other.id != s.id => Some(&**other),
                _ => None,
            })
            .collect();
        others.sort_by_key(|o| o.organisation != s.organisation);
        others.into_iter().map(|o| (o.id.clone(), o.created_at.format("%Y-%m-%d").to_string())).collect()
    }

    pub fn reload_sessions(&mut self) {
        self.engagements = None;
        match self.store.list(&self.banks) {
            Ok(list) => self.sessions.set_list(list),
            Err(e) => self.say(Status::error(format!("Cannot list sessions: {e}"))),
        }
    }

    /// The key context of the screen itself, whatever is over it.
    fn screen_context(&self) -> Context {
        let ctx = self.ctx();
        match self.open.as_ref() {
            None => self.sessions.context(&ctx),
            Some(open) => open.screen().context(&ctx),
        }
    }

    /// Which key bindings apply now: the top overlay's, else the screen's.
    pub fn context(&self) -> Context {
        match self.overlay() {
            Some(top) => top.context(&self.ctx()),
            None => self.screen_context(),
        }
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
        if key.modifiers.contains(KeyModifiers::ALT) && self.env.keymap.action(self.context(), &esc).is_some() {
            self.on_key(esc);
            let mut plain = key;
            plain.modifiers.remove(KeyModifiers::ALT);
            self.on_key(plain);
            return;
        }
        // A message answers the last key; the next key clears it.
        self.status = None;
        if self.notice.as_ref().is_some_and(|(_, since)| (self.env.now - *since).num_milliseconds() >= NOTICE_MS) {
            self.notice = None;
        }
        // Ctrl-C always quits, saved, whatever a config file rebinds: raw mode turned the
        // terminal's own interrupt off, so this is the user's way out.
        if key.code == KeyCode::Char('c') && key.modifiers == KeyModifiers::CONTROL {
            self.shutdown();
            return;
        }
        let context = self.context();
        match self.env.keymap.action(context, &key) {
            Some(action) => self.update(action),
            None if context.types_text() => {
                let commands = self.on_top(|c, ctx| c.input(key, ctx));
                self.run(commands);
            }
            None => {}
        }
    }

    fn on_paste(&mut self, text: &str) {
        let commands = self.on_top(|c, ctx| c.paste(text, ctx));
        self.run(commands);
    }

    /// Hands one action to the component on top and carries out what it returns, then any
    /// follow-up it asked for. Never draws.
    pub fn update(&mut self, action: Action) {
        let commands = self.dispatch(action);
        self.run(commands);
    }

    /// Carries out `commands`; a follow-up ([`Command::Then`]) goes to what is on top once the
    /// batch is done, and what it returns is carried out in turn — a loop, never re-entry.
    fn run(&mut self, mut commands: Vec<Command>) {
        while let Some(action) = self.apply(commands) {
            commands = self.dispatch(action);
        }
        self.fit_catalog();
    }

    /// What the component on top makes of one action; the actions every screen shares first.
    fn dispatch(&mut self, action: Action) -> Vec<Command> {
        if self.overlays.is_empty() {
            match action {
                Action::Quit => return vec![Command::Quit],
                Action::Help => return vec![Command::show(overlays::help::Help::over(self.context()))],
                Action::OpenPalette => return vec![Command::show(self.palette())],
                // From a key where it is bound, or from the palette on any screen of a session.
                Action::FollowUpList => {
                    if let Some(open) = self.open.as_ref() {
                        let list = FollowUpList::collect(open.session(), &self.env.catalog);
                        return vec![Command::show(list)];
                    }
                }
                Action::NameLaunch => {
                    if let Some(open) = self.open.as_ref() {
                        return vec![Command::show(overlays::launch::LaunchForm::new(open.session().launch.as_ref()))];
                    }
                }
                Action::EditScope => {
                    if let Some(open) = self.open.as_ref() {
                        return vec![Command::show(overlays::scope::ScopeForm::new(&open.session().scope))];
                    }
                }
                Action::EditFollows => {
                    if let Some(open) = self.open.as_ref() {
                        let s = open.session();
                        let form =
                            overlays::follows::FollowsForm::new(s.follows.as_deref(), self.earlier_candidates(s));
                        return vec![Command::show(form)];
                    }
                }
                _ => {}
            }
        } else if action == Action::Quit {
            return vec![Command::Quit];
        }
        self.on_top(|c, ctx| c.update(action, ctx))
    }

    /// Calls `f` on the component on top (an overlay, else the screen) with the context.
    fn on_top(&mut self, f: impl FnOnce(&mut dyn Component, &Ctx) -> Vec<Command>) -> Vec<Command> {
        let env = &self.env;
        let Some(open) = self.open.as_mut() else {
            let ctx = Ctx::bare(env);
            return match self.overlays.last_mut() {
                Some(top) => f(top.as_mut(), &ctx),
                None => f(&mut self.sessions, &ctx),
            };
        };
        let (screen, ctx) = open.screen_mut(env);
        match self.overlays.last_mut() {
            Some(top) => f(top.as_mut(), &ctx),
            None => f(screen, &ctx),
        }
    }

    /// The palette over what is on screen: in an interview, its questions first.
    fn palette(&mut self) -> palette::Palette {
        let session = self.open.as_ref().map(|o| o.session());
        let home = self.open.as_ref().and_then(|o| Some(&o.session().interviews.get(o.interview()?.index)?.function));
        self.palette.open(&self.env.catalog, session, home.map(String::as_str))
    }

    /// Runs an interview-screen function on the interview on screen, then carries out what it
    /// asks for (the external editor's return, a jump to a question).
    pub fn with_interview(&mut self, f: impl FnOnce(&mut interview::InterviewState, &interview::Ctx) -> Vec<Command>) {
        let Some((state, ctx)) = self.open.as_mut().and_then(|o| o.interview_and_ctx(&self.env)) else { return };
        let commands = match interview::Ctx::new(&ctx, state.index) {
            Some(ictx) => f(state, &ictx),
            None => vec![Command::ShowSession],
        };
        self.run(commands);
    }

    /// The external editor came back: its text replaces the notes, or on failure the notes stay
    /// as they were and the user is told why.
    pub fn finish_external_edit(&mut self, result: Result<String, super::EditorError>) {
        match result {
            Ok(text) => self.with_interview(|state, ctx| interview::replace_notes(&text, state, ctx)),
            Err(e) => self.say(Status::error(format!("The external editor failed ({e}); the notes are as they were."))),
        }
    }
}
