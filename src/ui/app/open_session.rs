//! The session on screen: its one guarded way to change, its saving state, and the route it
//! is shown on — each route holding its own state.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::session::{Interview, Session};
use crate::storage::{Changed, Pulled, PulledFile, SessionLock, meta_of, take_in_interview, take_in_meta};
use crate::ui::command::Component;
use crate::ui::command::ReadOnly;
use crate::ui::env::{Ctx, Env};
use crate::ui::save_state::SaveState;
use crate::ui::screens::diagnosis::DiagnosisView;
use crate::ui::screens::divergence::DivergenceView;
use crate::ui::screens::interview::InterviewState;
use crate::ui::screens::session::SessionView;

/// Which screen shows the open session, with that screen's state.
pub enum Route {
    /// The session's interviews.
    Session,
    Interview(Box<InterviewState>),
    Divergence(Box<DivergenceView>),
    Diagnosis(Box<DiagnosisView>),
}

pub struct OpenSession {
    /// Shared with the writer thread while it encodes a snapshot: handing it over costs nothing,
    /// and a change made meanwhile copies it first. Private: read with
    /// [`OpenSession::session`], change only through [`OpenSession::edit`] and its narrower
    /// siblings, which record what changed.
    session: Arc<Session>,
    /// The session screen's state: its highlighted interview, kept while another route shows.
    pub session_view: SessionView,
    pub route: Route,
    pub save: SaveState,
    pub last_save_attempt: DateTime<Utc>,
    /// The one-writer lock; None when the session is open read-only.
    pub lock: Option<SessionLock>,
    /// Why it is read-only when nothing can be written to the data folder (a read-only mount):
    /// shown under the screen for as long as it is open.
    pub why_read_only: Option<String>,
    /// The files changed since they were last handed to a write, filled by the edit paths
    /// below only: a save writes these and nothing else.
    changed: Changed,
    /// [`OpenSession::edit`] was used: anything may have changed, so every file is written.
    changed_everything: bool,
}

impl OpenSession {
    /// Shown on its overview; read-only without a lock.
    pub fn new(session: Session, lock: Option<SessionLock>, now: DateTime<Utc>) -> OpenSession {
        let save = if lock.is_some() { SaveState::Saved } else { SaveState::ReadOnly };
        OpenSession {
            session: Arc::new(session),
            session_view: SessionView::default(),
            route: Route::Session,
            save,
            last_save_attempt: now,
            lock,
            why_read_only: None,
            changed: Changed::default(),
            changed_everything: false,
        }
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    /// The general way to change the session: refused when it is open read-only. Marks every
    /// file changed, as anything may be; an answer changes through
    /// [`OpenSession::edit_interview`], which marks its interview only. Copies the session first
    /// only if the writer still holds a snapshot of it.
    pub fn edit(&mut self) -> Result<&mut Session, ReadOnly> {
        if self.lock.is_none() {
            return Err(ReadOnly);
        }
        self.changed_everything = true;
        Ok(Arc::make_mut(&mut self.session))
    }

    /// Interview `index` to change (None if there is no such interview), marked so that its
    /// file alone is written: refused when read-only.
    pub fn edit_interview(&mut self, index: usize) -> Result<Option<&mut Interview>, ReadOnly> {
        if self.lock.is_none() {
            return Err(ReadOnly);
        }
        let Some(id) = self.session.interviews.get(index).map(|i| i.id.clone()) else { return Ok(None) };
        self.changed.interviews.insert(id);
        Ok(Arc::make_mut(&mut self.session).interviews.get_mut(index))
    }

    /// Adds an interview (see [`Session::add_interview`]), marked so that its new file alone
    /// is written; its index and the interview. Refused when read-only.
    pub fn add_interview(
        &mut self,
        function: &str,
        bank_version: &str,
        now: DateTime<Utc>,
    ) -> Result<(usize, &mut Interview), ReadOnly> {
        if self.lock.is_none() {
            return Err(ReadOnly);
        }
        let session = Arc::make_mut(&mut self.session);
        let index = session.add_interview(function, bank_version, now);
        let interview = &mut session.interviews[index];
        self.changed.interviews.insert(interview.id.clone());
        Ok((index, interview))
    }

    /// Hands over what changed since the last call, stamping each interview to be written with
    /// `now` (its own clock: when it was last written): the files the next write replaces.
    /// The session's `updated_at` is left to whoever changes its own fields.
    pub fn take_changes(&mut self, now: DateTime<Utc>) -> Changed {
        let mut changed = std::mem::take(&mut self.changed);
        if std::mem::take(&mut self.changed_everything) {
            changed = Changed::all(&self.session);
        }
        if changed.is_empty() {
            return changed;
        }
        let session = Arc::make_mut(&mut self.session);
        for interview in session.interviews.iter_mut().filter(|i| changed.interviews.contains(&i.id)) {
            interview.updated_at = Some(now);
        }
        changed
    }

    /// A write failed: the files it did not write are written by the next one, and only those
    /// with what changed since (never every file from memory, which would need room for a
    /// second copy and could replace files changed on disk meanwhile).
    pub fn write_failed(&mut self, unwritten: Changed) {
        self.changed.union(unwritten);
    }

    /// Takes in what writes merged in from disk (a `git pull`): each interview merged with the
    /// copy here, an interview new here added last (so no index on screen moves), the session's
    /// own fields merged; what this copy holds beyond the disk's is marked to be written. What
    /// came in: (interview index, or None for the session's fields; added; new open conflicts).
    pub fn take_in(&mut self, pulled: Vec<Pulled>) -> Vec<(Option<usize>, bool, usize)> {
        let mut out = Vec::new();
        for p in pulled {
            let session = Arc::make_mut(&mut self.session);
            match p.file {
                PulledFile::Interview(theirs) => {
                    let Some(came) = take_in_interview(session, theirs.clone()) else { continue };
                    let k = session.interviews.iter().position(|i| i.id == theirs.id);
                    if k.is_some_and(|k| session.interviews[k] != theirs) {
                        self.changed.interviews.insert(theirs.id.clone());
                    }
                    out.push((k, came.added, came.new_conflicts));
                }
                PulledFile::Meta(theirs) => {
                    if take_in_meta(session, &theirs).is_some() {
                        self.changed.meta |= meta_of(session) != theirs;
                        out.push((None, false, 0));
                    }
                }
            }
        }
        out
    }

    /// Notes being typed were begun on the answer as it was (`before`): if what came in from
    /// disk changed it, the answer here stays as it was and the value that came in is kept
    /// beside it, to review. Else the next keystroke would edit the value that came in, as if
    /// it had been read, and a merge would take it for history.
    pub fn keep_under_editor(&mut self, index: usize, question: &str, before: crate::session::Answer) {
        let session = Arc::make_mut(&mut self.session);
        let Some(interview) = session.interviews.get_mut(index) else { return };
        let Some(theirs) = interview.answers.get(question).cloned().filter(|a| *a != before) else { return };
        let kept = interview.conflicts.iter().any(|c| c.question == question && c.answer == theirs);
        if !theirs.same_content(&before) && !kept {
            interview.conflicts.push(crate::session::Conflict {
                question: question.to_string(),
                answer: theirs,
                settled_at: None,
                settled_by: None,
            });
        }
        // The merge may have kept the value here as a conflict: it is the answer again.
        interview.conflicts.retain(|c| !(c.question == question && c.answer == before && c.open()));
        interview.answers.insert(question.to_string(), before);
        self.changed.interviews.insert(interview.id.clone());
    }

    /// What a component reads: the env, this session, its saving state.
    pub fn ctx<'a>(&'a self, env: &'a Env) -> Ctx<'a> {
        Ctx {
            env,
            session: Some(&self.session),
            save: Some(&self.save),
            writable: self.writable(),
            showing: self.interview().map(|iv| iv.index),
        }
    }

    /// The screen on show.
    pub fn screen(&self) -> &dyn Component {
        match &self.route {
            Route::Session => &self.session_view,
            Route::Interview(state) => state.as_ref(),
            Route::Divergence(view) => view.as_ref(),
            Route::Diagnosis(view) => view.as_ref(),
        }
    }

    /// The screen on show, to change, beside the context to read it with.
    pub fn screen_mut<'a>(&'a mut self, env: &'a Env) -> (&'a mut dyn Component, Ctx<'a>) {
        let showing = self.interview().map(|iv| iv.index);
        let writable = self.writable();
        let ctx = Ctx { env, session: Some(&self.session), save: Some(&self.save), writable, showing };
        let screen: &mut dyn Component = match &mut self.route {
            Route::Session => &mut self.session_view,
            Route::Interview(state) => state.as_mut(),
            Route::Divergence(view) => view.as_mut(),
            Route::Diagnosis(view) => view.as_mut(),
        };
        (screen, ctx)
    }

    /// The interview on screen, to change, beside the context to read it with.
    pub fn interview_and_ctx<'a>(&'a mut self, env: &'a Env) -> Option<(&'a mut InterviewState, Ctx<'a>)> {
        let writable = self.writable();
        let Route::Interview(state) = &mut self.route else { return None };
        let showing = Some(state.index);
        Some((state, Ctx { env, session: Some(&self.session), save: Some(&self.save), writable, showing }))
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
