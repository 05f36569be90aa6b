//! The sessions in the data folder, changed on the sessions screen's behalf: create, rename,
//! delete, export.

use super::App;
use crate::session::{Session, new_session_id};
use crate::ui::command::Status;
use crate::ui::overlays::Overlay;
use crate::ui::overlays::line_form::{LineForm, Purpose};
use crate::ui::widgets::text_field::Field;

impl App {
    pub(super) fn create_session(&mut self, organisation: String, interviewer: Option<String>, language: String) {
        let id = self.store.unused_id(&new_session_id(&organisation, self.now));
        let mut session = Session::new(id.clone(), organisation, interviewer, self.now);
        session.language = language;
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
        match self.store.rename(id, organisation, &self.catalog) {
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
                self.say(Status::error(e));
                let form = LineForm::new(Purpose::Export { id }, Field::with_text("File", &path));
                self.overlays.push(Overlay::Line(Box::new(form)));
            }
        }
    }

    /// Writes session `id` to `path` (0600): the report for a `.md` file, else the transcript.
    fn export(&self, id: &str, path: &str) -> Result<String, String> {
        if path.is_empty() {
            return Err("Give a file to write, e.g. acme.json (the transcript) or acme.md (the report).".into());
        }
        let path = std::path::Path::new(path);
        let session = self.store.load(id, &self.catalog).map_err(|e| format!("Could not export: {e}"))?;
        let now = chrono::Utc::now();
        let (what, text) = if path.extension().is_some_and(|x| x.eq_ignore_ascii_case("md")) {
            ("report", crate::report::markdown(&session, &self.catalog, now))
        } else {
            ("transcript", crate::transcript::to_json(&crate::transcript::build(&session, &self.catalog, now)))
        };
        let target = crate::storage::output_target(path).map_err(|e| format!("Could not export: {e}"))?;
        crate::storage::write_private_atomic(&target, text.as_bytes()).map_err(|e| format!("Could not export: {e}"))?;
        let shown = std::fs::canonicalize(&target).unwrap_or(target);
        Ok(format!("Wrote the {what} of {} to {}.", session.organisation, shown.display()))
    }
}
