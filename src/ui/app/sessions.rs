//! The sessions in the data folder, changed on the sessions screen's behalf: create, rename,
//! delete, export, import and merge.

use super::App;
use crate::session::{Session, new_session_id};
use crate::ui::command::Status;
use crate::ui::overlays::line_form::{LineForm, Purpose};
use crate::ui::widgets::text_field::Field;

impl App {
    pub(super) fn create_session(
        &mut self,
        organisation: String,
        interviewer: Option<String>,
        language: String,
        scope: crate::bank::Scope,
    ) {
        let id = self.store.unused_id(&new_session_id(&organisation, self.env.now));
        let mut session = Session::new(id.clone(), organisation, interviewer, self.env.now);
        session.language = language;
        session.scope = scope;
        match self.store.save(&session) {
            Ok(()) => {
                self.reload_sessions();
                if let Err(e) = self.open_session(&id) {
                    self.say(Status::info(e.to_string()));
                }
            }
            Err(e) => self.say(Status::error(format!("Could not create the session: {e}"))),
        }
    }

    pub(super) fn rename_session(&mut self, id: &str, organisation: &str) {
        match self.store.rename(id, organisation, &self.banks) {
            Ok(()) => self.say(Status::info(format!("Renamed to {organisation}."))),
            Err(e) => self.say(Status::error(format!("Could not rename: {e}"))),
        }
        self.reload_sessions();
    }

    pub(super) fn delete_session(&mut self, id: &str) {
        match self.store.delete(id) {
            Ok(()) => self.say(Status::info(format!("Deleted session {id}."))),
            Err(e) => self.say(Status::error(format!("Could not delete: {e}"))),
        }
        self.reload_sessions();
    }

    /// Writes the session to `path`; if it cannot, says why and opens the form again on the
    /// same path, to correct it.
    pub(super) fn export_session(&mut self, id: String, path: String) {
        match self.export(&id, &path) {
            Ok(what) => self.say(Status::info(what)),
            Err(e) => {
                self.say(Status::error(e.to_string()));
                let form = LineForm::new(Purpose::Export { id }, Field::with_text("File", &path));
                self.overlays.push(Box::new(form));
            }
        }
    }

    /// Writes session `id` to `path` (0600): the report for a `.md` file, else the transcript.
    fn export(&self, id: &str, path: &str) -> Result<String, ExportError> {
        if path.is_empty() {
            return Err(ExportError::NoFile);
        }
        let path = std::path::Path::new(path);
        let session = self.store.load(id, &self.banks)?;
        let now = chrono::Utc::now();
        let (what, text) = if path.extension().is_some_and(|x| x.eq_ignore_ascii_case("md")) {
            // Set beside what it follows up and the other engagements, as `crosscheck report`.
            let others = crate::report::Others::read(&self.store, &self.banks, &session);
            let beside = others.beside(self.env.norms_min_engagements);
            let read_out = crate::report::ReadOut::client();
            ("report", crate::report::markdown_beside(&session, &self.banks, now, &read_out, beside))
        } else {
            ("transcript", crate::transcript::to_json(&crate::transcript::build(&session, &self.banks, now)))
        };
        let read_only = crate::output::ReadOnly::Refuse;
        let target = crate::output::target(path, self.store.data_dir(), read_only)?;
        crate::storage::write_private_atomic(&target, text.as_bytes())?;
        let shown = std::fs::canonicalize(&target).unwrap_or(target);
        Ok(format!("Wrote the {what} of {} to {}.", session.organisation, shown.display()))
    }

    /// Brings the file at `path` into the data folder and selects the session it became; on
    /// failure says why and offers the form again on the same path.
    pub(super) fn import_file(&mut self, path: &str) {
        let file = expand_home(path);
        if let Err(e) = crate::input::regular_file(&file) {
            return self.retry_line(Purpose::Import, path, format!("Could not import: {e}. {NOT_A_PIPE}"));
        }
        match crate::copies::import(&self.store, &file, &self.banks) {
            Ok(imported) => {
                let text = match &imported {
                    crate::copies::Imported::New { id } => format!("Imported as session {id}."),
                    crate::copies::Imported::Same { id } => format!("Session {id} is already here, unchanged."),
                    crate::copies::Imported::Renamed { from, id } => format!(
                        "A different session {from} is already here, so this one came in as {id}; both are kept. To combine copies of one engagement, press m on {from} instead."
                    ),
                };
                self.say(Status::info(text));
                self.reload_sessions();
                self.sessions.select_id(imported.id());
            }
            Err(e) => self.retry_line(Purpose::Import, path, format!("Could not import: {e}")),
        }
    }

    /// Merges the copy at `path` into session `id` (under its lock) and says what came in.
    pub(super) fn merge_file(&mut self, id: &str, path: &str) {
        let file = expand_home(path);
        if let Err(e) = crate::input::regular_file(&file) {
            let why = format!("Could not merge: {e}. {NOT_A_PIPE}");
            return self.retry_line(Purpose::Merge { id: id.to_string() }, path, why);
        }
        let merged = crate::copies::read_foreign(&file, &self.banks)
            .map_err(crate::copies::MergeInError::from)
            .and_then(|other| crate::copies::merge_into(&self.store, id, &[other], &self.banks, false));
        match merged {
            Ok(done) => {
                let added = done.session.interviews.len().saturating_sub(done.interviews_before);
                let open = done.session.open_conflicts();
                let review = if open > 0 {
                    " — open the interviews marked ⚠ and press c on each answer to choose"
                } else {
                    ""
                };
                self.say(Status::info(format!(
                    "Merged into {}: {added} interview{} added, {open} conflict{} to review{review}.",
                    done.session.organisation,
                    if added == 1 { "" } else { "s" },
                    if open == 1 { "" } else { "s" },
                )));
                self.reload_sessions();
                self.sessions.select_id(id);
            }
            Err(crate::copies::MergeInError::Merge(crate::merge::MergeError::DifferentEngagements { b, .. })) => {
                let why = format!(
                    "Could not merge: {} holds another engagement (session \"{b}\"), and merging would mix two organisations' interviews. If they really are one engagement, merge on the command line: crosscheck merge FILE --into {id} --force",
                    file.display()
                );
                self.retry_line(Purpose::Merge { id: id.to_string() }, path, why);
            }
            Err(e) => self.retry_line(Purpose::Merge { id: id.to_string() }, path, format!("Could not merge: {e}")),
        }
    }

    /// Says why, and opens the form again on what was typed, to correct it.
    fn retry_line(&mut self, purpose: Purpose, typed: &str, why: String) {
        self.say(Status::error(why));
        self.overlays.push(Box::new(LineForm::new(purpose, Field::with_text("File", typed))));
    }
}

/// What to do with a FIFO, a device or a folder typed in the import or merge dialog: reading
/// one here would wait on it with the interface frozen.
const NOT_A_PIPE: &str = "The interface reads only regular files (a pipe would freeze it): save the copy to a file and give that, or use crosscheck import / crosscheck merge on the command line, which read pipes.";

/// A typed path, with a leading `~/` read as the home folder, as a shell would.
fn expand_home(typed: &str) -> std::path::PathBuf {
    let typed = typed.trim();
    match (typed.strip_prefix("~/"), directories::BaseDirs::new()) {
        (Some(rest), Some(dirs)) => dirs.home_dir().join(rest),
        _ => std::path::PathBuf::from(typed),
    }
}

/// Why the interface's export wrote nothing (the form is offered again).
#[derive(Debug, thiserror::Error)]
enum ExportError {
    #[error("Give a file to write, e.g. acme.json (the transcript) or acme.md (the report).")]
    NoFile,
    /// The session cannot be read, or the file cannot be written.
    #[error("Could not export: {0}")]
    Storage(#[from] crate::storage::StorageError),
    /// The file is inside the data folder, read-only, or not a file.
    #[error("Could not export: {0}")]
    Target(#[from] crate::output::OutputError),
}
