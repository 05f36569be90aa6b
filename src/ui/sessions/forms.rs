//! The sessions screen's one-line forms: rename a session's organisation, filter the list by
//! organisation (applied as it is typed), export a session to a file.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Paragraph;

use crate::storage::Listed;
use crate::ui::app::{App, Overlay};
use crate::ui::command::{Command, Status};
use crate::ui::form::Field;
use crate::ui::keymap::{Action, KeyMap};
use crate::ui::widgets::{self, text_field};

/// The rename or export form for the chosen session.
pub fn ask(action: Action, chosen: Option<&Listed>) -> Vec<Command> {
    let Some(Listed::Session(s)) = chosen else {
        let why = "Choose a session first (a file that cannot be read cannot be renamed or exported).";
        return vec![Command::Status(Status::info(why))];
    };
    let id = s.id.clone();
    let overlay = match action {
        Action::RenameSession => {
            Overlay::RenameSession { id, field: Box::new(Field::with_text("Organisation", &s.organisation)) }
        }
        _ => {
            let default = format!("{id}.json");
            Overlay::ExportSession { id, field: Box::new(Field::with_text("File", &default)) }
        }
    };
    vec![Command::Show(overlay)]
}

pub fn update_rename(app: &mut App, id: String, field: Box<Field>, action: Action) {
    match action {
        Action::Confirm if field.value().is_empty() => {
            app.say(Status::warning("The organisation cannot be empty."));
            app.overlay = Some(Overlay::RenameSession { id, field });
        }
        Action::Confirm => {
            let organisation = field.value();
            match app.store.rename(&id, &organisation, &app.catalog) {
                Ok(()) => app.say(Status::info(format!("Renamed to {organisation}."))),
                Err(e) => app.say(Status::error(format!("Could not rename: {e}"))),
            }
            app.reload_sessions();
        }
        Action::Cancel => {}
        _ => app.overlay = Some(Overlay::RenameSession { id, field }),
    }
}

pub fn update_filter(app: &mut App, field: Box<Field>, action: Action) {
    match action {
        // Enter keeps the filter; Esc clears it.
        Action::Confirm => {}
        Action::Cancel => {
            app.sessions.filter.clear();
            app.sessions.selected = 0;
        }
        _ => app.overlay = Some(Overlay::FilterSessions(field)),
    }
}

pub fn update_export(app: &mut App, id: String, field: Box<Field>, action: Action) {
    match action {
        Action::Confirm => match export(app, &id, &field.value()) {
            Ok(what) => app.say(Status::info(what)),
            Err(e) => {
                app.say(Status::error(e));
                app.overlay = Some(Overlay::ExportSession { id, field });
            }
        },
        Action::Cancel => {}
        _ => app.overlay = Some(Overlay::ExportSession { id, field }),
    }
}

/// Writes session `id` to `path` (0600): the report for a `.md` file, else the transcript.
fn export(app: &App, id: &str, path: &str) -> Result<String, String> {
    if path.is_empty() {
        return Err("Give a file to write, e.g. acme.json (the transcript) or acme.md (the report).".into());
    }
    let path = std::path::Path::new(path);
    let session = app.store.load(id, &app.catalog).map_err(|e| format!("Could not export: {e}"))?;
    let now = chrono::Utc::now();
    let (what, text) = if path.extension().is_some_and(|x| x.eq_ignore_ascii_case("md")) {
        ("report", crate::report::markdown(&session, &app.catalog, now))
    } else {
        ("transcript", crate::transcript::to_json(&crate::transcript::build(&session, &app.catalog, now)))
    };
    let target = crate::storage::output_target(path).map_err(|e| format!("Could not export: {e}"))?;
    crate::storage::write_private_atomic(&target, text.as_bytes()).map_err(|e| format!("Could not export: {e}"))?;
    let shown = std::fs::canonicalize(&target).unwrap_or(target);
    Ok(format!("Wrote the {what} of {} to {}.", session.organisation, shown.display()))
}

/// The popup of whichever of these forms is open.
pub fn render(frame: &mut Frame, area: Rect, title: &str, field: &Field, hint: &str, keymap: &KeyMap) {
    use crate::ui::keymap::Context;
    let inner = widgets::popup(frame, area, 80, 7, title);
    let [input, note, keys] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(2), Constraint::Length(1)]).areas(inner);
    text_field::render(frame, input, field, true);
    let wrap = ratatui::widgets::Wrap { trim: true };
    frame.render_widget(Paragraph::new(hint.to_string()).style(widgets::dim()).wrap(wrap), note);
    // One field: no "next field" to offer.
    let keys_text = format!(
        "{} confirm · {} cancel",
        widgets::keys(keymap, Context::Form, Action::Confirm),
        widgets::keys(keymap, Context::Form, Action::Cancel)
    );
    frame.render_widget(Paragraph::new(keys_text).style(widgets::dim()), keys);
}
