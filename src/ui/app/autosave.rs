//! Autosave: an answer is handed to the writer thread the moment it is set and is on disk a few
//! milliseconds later (the header says "saved" once it is); notes 0.8 s after the last
//! keystroke; no key waits for encoding or the disk. A failed write is kept in memory and
//! retried; closing the session or quitting waits for every write.

use std::sync::Arc;
use std::time::Duration;

use super::{App, SAVE_RETRY_MS};
use crate::session::Session;
use crate::storage::{Changed, Location, Pulled, SessionLock};
use crate::ui::command::Status;
use crate::ui::save_state::SaveState;

/// How long notes may sit unsaved after the last keystroke. Below one second, so that notes
/// typed a second ago are on disk even counting the write itself.
pub const NOTES_SAVE_DELAY_MS: i64 = 800;

impl App {
    /// Called by the loop when no event came in time: writes notes whose delay has passed.
    pub fn tick(&mut self) {
        self.work_overlay();
        self.collect_writes();
        // A pulled copy may have changed the scope.
        self.fit_catalog();
        let Some(open) = self.open.as_ref() else { return };
        let notes_due = open
            .interview()
            .and_then(|iv| iv.notes_dirty_since)
            .is_some_and(|t| (self.env.now - t).num_milliseconds() >= NOTES_SAVE_DELAY_MS);
        let retry_due = matches!(open.save, SaveState::Failed(_))
            && (self.env.now - open.last_save_attempt).num_milliseconds() >= SAVE_RETRY_MS;
        if notes_due {
            self.save();
        } else if retry_due {
            self.save_now();
        }
    }

    /// Takes in the writer thread's news: the indicator says "saved" only once it is true, and
    /// what a write merged in from disk is shown here too.
    pub fn collect_writes(&mut self) {
        let Some(writer) = self.writer.as_mut() else { return };
        let done = writer.poll();
        let pulled = writer.take_pulled();
        self.take_in_pulled(pulled);
        let (Some(done), Some(open)) = (done, self.open.as_mut()) else { return };
        open.save = match done.result {
            Ok(()) => SaveState::Saved,
            Err(e) => {
                open.write_failed(done.unwritten);
                SaveState::Failed(e.to_string())
            }
        };
    }

    /// Shows what writes merged in from disk (a `git pull` while the session is open) and says
    /// so: "Sales #1 changed on disk: merged, 1 conflict".
    fn take_in_pulled(&mut self, pulled: Vec<Pulled>) {
        if pulled.is_empty() {
            return; // every poll of the writer: nothing copied unless something came in
        }
        let editing = self.answer_in_editor();
        let Some(open) = self.open.as_mut() else { return };
        let came = open.take_in(pulled);
        if let Some((k, question, before)) = editing {
            open.keep_under_editor(k, &question, before);
        }
        let session = open.session();
        let said: Vec<String> = came
            .iter()
            .map(|&(index, added, conflicts)| {
                let Some(k) = index else { return "The session's own details changed on disk: merged".to_string() };
                let function = session.interviews.get(k).map_or("", |i| i.function.as_str());
                let title = self.env.catalog.bank(function).map_or(function, |b| b.title.as_str());
                let name = crate::session::Interview::number_label(title, session.number_of(k));
                let s = if conflicts == 1 { "" } else { "s" };
                match (added, conflicts) {
                    (true, _) => format!("{name} came in from disk (a git pull?)"),
                    (false, 0) => format!("{name} changed on disk: merged, no conflict"),
                    (false, n) => format!("{name} changed on disk: merged, {n} conflict{s} to review"),
                }
            })
            .collect();
        if !said.is_empty() {
            self.notice = Some((Status::warning(said.join("; ")), self.env.now));
        }
    }

    /// The answer whose notes are being typed, as it is: (interview, question, answer).
    fn answer_in_editor(&self) -> Option<(usize, String, crate::session::Answer)> {
        let open = self.open.as_ref()?;
        let state = open.interview().filter(|s| s.editor.is_some())?;
        let interview = open.session().interviews.get(state.index)?;
        let question = self.env.catalog.bank(&interview.function)?.questions.get(state.question)?.id.clone();
        Some((state.index, question.clone(), interview.answer(&question).cloned().unwrap_or_default()))
    }

    /// How long the loop may wait for an event before [`App::tick`] has work: the notes delay,
    /// or once a second while the interview clock is on screen.
    pub fn wait_ms(&self) -> Option<u64> {
        // An overlay with work between frames (the palette ranking): come back at once, after
        // any key already typed.
        if self.overlay_busy() {
            return Some(1);
        }
        let open = self.open.as_ref()?;
        if self.writer.as_ref().is_some_and(|w| w.busy()) {
            return Some(10); // come back soon to mark it saved
        }
        if matches!(open.save, SaveState::Failed(_)) {
            let since = (self.env.now - open.last_save_attempt).num_milliseconds();
            return Some(u64::try_from(SAVE_RETRY_MS - since).unwrap_or(0));
        }
        let iv = open.interview()?;
        // The header shows the interview clock in whole minutes: wake when the minute turns.
        let saved = open.session().interviews.get(iv.index).map_or(0, |i| i.elapsed_seconds);
        let clock = 60_000 - iv.elapsed_ms(saved, self.env.now) % 60_000;
        let notes = iv
            .notes_dirty_since
            .map(|t| u64::try_from(NOTES_SAVE_DELAY_MS - (self.env.now - t).num_milliseconds()).unwrap_or(0));
        Some(notes.map_or(clock, |n| n.min(clock)))
    }

    /// Writes the open session now, folding the interview clock in first. Durable when it
    /// returns: for leaving and retrying, never for a key.
    pub fn save_now(&mut self) {
        self.settle_writes();
        let Some((location, session, changed, lock)) = self.prepare_save() else { return };
        let written = crate::storage::write_session(&location, &session, &changed, &lock);
        drop(session);
        let Some(open) = self.open.as_mut() else { return };
        match written {
            Ok(pulled) => {
                open.save = SaveState::Saved;
                self.take_in_pulled(pulled);
            }
            Err(e) => {
                open.write_failed(changed);
                open.save = SaveState::Failed(e.to_string());
            }
        }
    }

    /// Saves the open session off the input path: the writer thread is handed a snapshot (no
    /// copy) and encodes and writes it; the indicator shows "saving" until it reports back.
    /// Without a writer thread (tests, commands) it writes at once.
    pub fn save(&mut self) {
        if self.writer.is_none() {
            self.save_now();
            return;
        }
        let Some((location, session, changed, lock)) = self.prepare_save() else { return };
        if let Some(w) = self.writer.as_mut() {
            w.submit(location, session, changed, lock);
        }
        if let Some(open) = self.open.as_mut() {
            open.save = SaveState::Pending;
        }
    }

    /// Waits for the writes under way to land (or fail) and takes in their outcome: before a
    /// durable write, which a late background one could otherwise replace, and before the
    /// session's lock is let go.
    pub fn settle_writes(&mut self) {
        if let Some(w) = self.writer.as_mut() {
            w.flush(Duration::from_secs(10));
        }
        self.collect_writes();
    }

    /// Folds the interview clock in; where the session lives, a snapshot and the files changed
    /// to write, or None when nothing is to be written (no session, read-only, or no valid
    /// path — then the failure is shown).
    fn prepare_save(&mut self) -> Option<(Location, Arc<Session>, Changed, SessionLock)> {
        let now = self.env.now;
        let open = self.open.as_mut()?;
        // Read-only: nothing is written (and nothing to fold in).
        let lock = open.lock.clone()?;
        let clock = open.interview_mut().map(|iv| {
            let spent = (now - iv.visit_started).num_seconds().max(0) as u64;
            iv.visit_started += chrono::Duration::seconds(spent as i64);
            iv.notes_dirty_since = None;
            (iv.index, spent)
        });
        if let Some((index, spent)) = clock
            && let Ok(Some(interview)) = open.edit_interview(index)
        {
            interview.elapsed_seconds += spent;
        }
        open.last_save_attempt = now;
        match self.store.location(&open.session().id) {
            Ok(location) => {
                let changed = open.take_changes(now);
                Some((location, open.snapshot(), changed, lock))
            }
            Err(e) => {
                open.save = SaveState::Failed(e.to_string());
                None
            }
        }
    }

    /// True while answers exist only in memory because writing failed.
    pub fn unsaved(&self) -> bool {
        self.open.as_ref().is_some_and(|o| matches!(o.save, SaveState::Failed(_)))
    }

    /// Saves whatever is open and stops the loop. If the session cannot be written, every
    /// answer goes to an emergency copy (a session file `crosscheck import` brings back) and the
    /// exit is a failure; if not even that can be written anywhere, the program does not stop:
    /// the answers stay on screen and the message says what to do.
    pub fn shutdown(&mut self) {
        if let Some(iv) = self.open.as_mut().and_then(|o| o.interview_mut()) {
            iv.commit_inputs();
        }
        if self.open.is_some() {
            self.save_now();
        }
        let Some(open) = self.open.as_ref().filter(|_| self.unsaved()) else {
            self.exit.quit = true;
            return;
        };
        let cause = match &open.save {
            SaveState::Failed(e) => e.clone(),
            _ => String::new(),
        };
        match crate::storage::emergency::write_copy(open.session(), &self.exit.emergency_folders, self.env.now) {
            Ok(path) => {
                self.exit.failed = true;
                self.exit.note = Some(format!(
                    "crosscheck could not save the session ({cause}).\nEvery answer is in an emergency copy: {}\nBring it back with: {}",
                    path.display(),
                    self.bring_back_command(&path, &open.session().id)
                ));
                self.exit.quit = true;
            }
            Err(failures) => {
                let tried: Vec<String> = failures.iter().map(|(p, _)| p.display().to_string()).collect();
                self.say(Status::error(format!(
                    "NOT SAVED, and crosscheck stays open so no answer is lost: the session could not be written ({cause}), nor an emergency copy ({}; tried {}). Free some disk space or fix the folder, then quit again.",
                    failures.last().map_or(String::new(), |(_, e)| e.to_string()),
                    tried.join(", ")
                )));
                self.exit.quit = false;
            }
        }
    }

    /// The terminal is gone (SIGHUP, the window closed): there is no screen to stay open on.
    /// Saves, or writes an emergency copy (the last resorts tried too); if nothing can be written anywhere, tries again
    /// every `pause` up to `tries` times (space may be freed meanwhile), then leaves, the exit
    /// note saying where the answers are — or that they could not be kept, and where it tried.
    pub fn hang_up(&mut self, tries: u32, pause: Duration) {
        // No one can free space now: places a person at the keyboard would not want are tried too.
        let resorts = std::mem::take(&mut self.exit.last_resorts);
        self.exit.emergency_folders.extend(resorts);
        self.shutdown();
        for _ in 1..tries {
            if self.exit.quit {
                return;
            }
            std::thread::sleep(pause);
            self.env.now = chrono::Utc::now();
            self.shutdown();
        }
        if self.exit.quit {
            return;
        }
        let why = self.status_text().unwrap_or_default().to_string();
        self.exit.note = Some(format!(
            "crosscheck's terminal closed while the session could not be saved, and the unsaved answers could not be kept anywhere: {why}"
        ));
        self.exit.failed = true;
        self.exit.quit = true;
    }

    /// The command that merges the copy at `path` into session `id` of this data folder (made
    /// again from it if it is gone): an import would refuse a second copy of the engagement.
    fn bring_back_command(&self, path: &std::path::Path, id: &str) -> String {
        use crate::storage::emergency::shell_word;
        let data = self.store.data_dir();
        let default = crate::storage::default_data_dir();
        let flag =
            if default.as_deref() == Some(data) { String::new() } else { format!(" --data-dir {}", shell_word(data)) };
        format!("crosscheck{flag} merge {} --into {id}", shell_word(path))
    }
}
