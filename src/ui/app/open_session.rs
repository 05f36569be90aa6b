//! The session on screen: its one guarded way to change, its saving state, and the route it
//! is shown on — each route holding its own state.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::session::Session;
use crate::storage::SessionLock;
use crate::ui::command::ReadOnly;
use crate::ui::save_state::SaveState;
use crate::ui::screens::diagnosis::DiagnosisView;
use crate::ui::screens::interview::InterviewState;
use crate::ui::screens::matrix::DivergenceView;

/// Which screen shows the open session, with that screen's state.
pub enum Route {
    /// The session's interviews.
    Overview,
    Interview(Box<InterviewState>),
    Divergence(Box<DivergenceView>),
    Diagnosis(Box<DiagnosisView>),
}

pub struct OpenSession {
    /// Shared with the writer thread while it encodes a snapshot: handing it over costs nothing,
    /// and a change made meanwhile copies it first. Private: read with
    /// [`OpenSession::session`], change only through [`OpenSession::edit`].
    session: Arc<Session>,
    /// The highlighted interview on the overview (kept while another route shows).
    pub selected: usize,
    pub route: Route,
    pub save: SaveState,
    pub last_save_attempt: DateTime<Utc>,
    /// The one-writer lock; None when the session is open read-only.
    pub lock: Option<SessionLock>,
}

/// The route's state to change beside the session to read: borrowed together.
pub struct Parts<'a> {
    pub route: &'a mut Route,
    pub selected: &'a mut usize,
    pub session: &'a Session,
    pub save: &'a SaveState,
    pub writable: bool,
}

impl OpenSession {
    /// Shown on its overview; read-only without a lock.
    pub fn new(session: Session, lock: Option<SessionLock>, now: DateTime<Utc>) -> OpenSession {
        let save = if lock.is_some() { SaveState::Saved } else { SaveState::ReadOnly };
        OpenSession {
            session: Arc::new(session),
            selected: 0,
            route: Route::Overview,
            save,
            last_save_attempt: now,
            lock,
        }
    }

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

    pub fn parts(&mut self) -> Parts<'_> {
        let writable = self.writable();
        Parts {
            route: &mut self.route,
            selected: &mut self.selected,
            session: &self.session,
            save: &self.save,
            writable,
        }
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

    /// The interview on screen, if the route is one.
    pub fn interview(&self) -> Option<&InterviewState> {
        match &self.route {
            Route::Interview(state) => Some(state),
            _ => None,
        }
    }

    pub fn interview_mut(&mut self) -> Option<&mut InterviewState> {
        match &mut self.route {
            Route::Interview(state) => Some(state),
            _ => None,
        }
    }

    pub fn divergence(&self) -> Option<&DivergenceView> {
        match &self.route {
            Route::Divergence(view) => Some(view),
            _ => None,
        }
    }
}
