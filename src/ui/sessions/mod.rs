//! Screen 1: every session — open, create, delete, rename, filter, export (the forms of the
//! last three in `forms.rs`).

pub mod forms;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Cell, Paragraph, Row, Table};

use super::app::{App, Overlay};
use super::form::NewSessionForm;
use super::keymap::{Action, KeyMap};
use super::widgets::{self, text_field};
use crate::session::{Session, new_session_id};
use crate::storage::Listed;
use crate::ui::app::SessionsState;
use crate::ui::command::{Command, Status};
use crate::ui::form::Field;

/// One key on the sessions screen: a component of its own state (the list, its filter and
/// selection), returning what the app must do.
pub fn update(action: Action, state: &mut SessionsState) -> Vec<Command> {
    let count = state.visible().len();
    let status = |s: Status| vec![Command::Status(s)];
    match action {
        Action::Up => state.selected = state.selected.saturating_sub(1),
        Action::Down => state.selected = (state.selected + 1).min(count.saturating_sub(1)),
        Action::FilterSessions => {
            let field = Field::with_text("Organisation", &state.filter);
            return vec![Command::Show(Overlay::FilterSessions(Box::new(field)))];
        }
        Action::RenameSession | Action::ExportSession => return forms::ask(action, state.chosen()),
        Action::Open => {
            return match state.chosen() {
                Some(Listed::Session(s)) => vec![Command::OpenSession(s.id.clone())],
                Some(Listed::Unreadable { error, .. }) => status(Status::error(format!("Cannot open: {error}"))),
                None => status(Status::info("No sessions yet: press n to start one.")),
            };
        }
        Action::NewSession => return vec![Command::Show(Overlay::NewSession(Box::default()))],
        Action::DeleteSession => {
            if let Some(Listed::Session(s)) = state.chosen() {
                let (id, organisation, interviews) = (s.id.clone(), s.organisation.clone(), s.interviews.len());
                return vec![Command::Show(Overlay::ConfirmDelete { id, organisation, interviews })];
            }
        }
        Action::Back => return vec![Command::Quit],
        _ => {}
    }
    Vec::new()
}

pub fn update_new_form(app: &mut App, mut form: Box<NewSessionForm>, action: Action) {
    match action {
        Action::NextField | Action::Down | Action::Up => form.next_field(),
        Action::Cancel => return,
        Action::Confirm => {
            let organisation = form.fields[0].value();
            if organisation.is_empty() {
                form.error = Some("The organisation is required.".into());
                form.focus = 0;
            } else {
                let interviewer = Some(form.fields[1].value()).filter(|s| !s.is_empty());
                create(app, organisation, interviewer);
                return;
            }
        }
        _ => {}
    }
    app.overlay = Some(Overlay::NewSession(form));
}

fn create(app: &mut App, organisation: String, interviewer: Option<String>) {
    let id = app.store.unused_id(&new_session_id(&organisation, app.now));
    let session = Session::new(id.clone(), organisation, interviewer, app.now);
    match app.store.save(&session) {
        Ok(()) => {
            app.reload_sessions();
            if let Err(e) = app.open_session(&id) {
                app.say(Status::info(e.to_string()));
            }
        }
        Err(e) => app.say(Status::error(format!("Could not create the session: {e}"))),
    }
}

pub fn delete(app: &mut App, id: &str) {
    match app.store.delete(id) {
        Ok(()) => app.say(Status::info(format!("Deleted session {id}."))),
        Err(e) => app.say(Status::error(format!("Could not delete: {e}"))),
    }
    app.reload_sessions();
}

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let [head, body] = Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(area);
    let title = Line::from(vec![
        ratatui::text::Span::styled("crosscheck", widgets::title_style()),
        ratatui::text::Span::raw(" · sessions"),
        ratatui::text::Span::styled("   notes stay on this machine, readable by you only", widgets::dim()),
    ]);
    frame.render_widget(Paragraph::new(title), head);
    if app.sessions.list.is_empty() {
        let text = "No sessions yet.\n\nPress n to start one: give the organisation's name (and yours), then add\nan interview for each function you talk to.";
        frame.render_widget(Paragraph::new(text).block(Block::bordered().title(" Sessions ")), body);
        return;
    }
    let visible = app.sessions.visible();
    let rows = visible.iter().map(|&k| &app.sessions.list[k]).enumerate().map(|(i, item)| {
        let row = match item {
            Listed::Session(s) => {
                let (covered, total) = progress(app, s);
                Row::new(vec![
                    Cell::from(s.organisation.clone()),
                    Cell::from(s.interviewer.clone().unwrap_or_default()),
                    Cell::from(s.created_at.format("%Y-%m-%d").to_string()),
                    Cell::from(s.interviews.len().to_string()),
                    Cell::from(format!("{} {covered}/{total}", widgets::bar(covered, total))),
                ])
            }
            Listed::Unreadable { file, error } => Row::new(vec![
                Cell::from(format!("⚠ {}", file.file_name().map(|f| f.to_string_lossy()).unwrap_or_default())),
                Cell::from(error.to_string()),
            ]),
        };
        if i == app.sessions.selected { row.style(widgets::selected()) } else { row }
    });
    let widths = [
        Constraint::Fill(3),
        Constraint::Fill(2),
        Constraint::Length(10),
        Constraint::Length(10),
        Constraint::Length(20),
    ];
    let header =
        Row::new(["Organisation", "Interviewer", "Created", "Interviews", "Progress"]).style(widgets::title_style());
    let table =
        Table::new(rows, widths).header(header).block(Block::bordered().title(sessions_title(app, visible.len())));
    let offset = widgets::TableRows::in_body(area).offset(app.sessions.selected);
    frame.render_stateful_widget(table, body, &mut ratatui::widgets::TableState::new().with_offset(offset));
}

/// " Sessions (3) ", or with a filter " Sessions · 2 of 3 matching “acme” ".
fn sessions_title(app: &App, shown: usize) -> String {
    let all = app.sessions.list.len();
    if app.sessions.filter.is_empty() {
        format!(" Sessions ({all}) ")
    } else {
        format!(" Sessions · {shown} of {all} matching “{}” (f to change) ", app.sessions.filter)
    }
}

/// The session listed on screen row `y` (for mouse clicks).
pub fn row_at(app: &App, body: Rect, y: u16) -> Option<usize> {
    widgets::TableRows::in_body(body).item_at(y, app.sessions.selected, app.sessions.visible().len())
}

/// Questions covered and questions in all of a session's interviews.
fn progress(app: &App, s: &Session) -> (usize, usize) {
    s.interviews.iter().fold((0, 0), |(c, t), i| {
        let total = app.catalog.bank(&i.function).map_or(0, |b| b.questions.len());
        (c + i.covered(), t + total)
    })
}

pub fn render_new_form(frame: &mut Frame, area: Rect, form: &NewSessionForm, keymap: &KeyMap) {
    let inner = widgets::popup(frame, area, 64, 9, "New session");
    let [a, b, _, err, hint] = Layout::vertical([Constraint::Length(1); 5]).areas(inner);
    text_field::render(frame, a, &form.fields[0], form.focus == 0);
    text_field::render(frame, b, &form.fields[1], form.focus == 1);
    if let Some(e) = &form.error {
        frame.render_widget(Paragraph::new(format!("⚠ {e}")), err);
    }
    frame.render_widget(Paragraph::new(widgets::form_hint(keymap, "create")).style(widgets::dim()), hint);
}

pub fn render_confirm_delete(frame: &mut Frame, area: Rect, organisation: &str, interviews: usize, keymap: &KeyMap) {
    let inner = widgets::popup(frame, area, 60, 6, "Delete session");
    let text = format!(
        "Delete the session for {organisation} and its {interviews} interview{}?\nThis cannot be undone.\n\n{}",
        if interviews == 1 { "" } else { "s" },
        widgets::confirm_hint(keymap, "delete", "keep")
    );
    frame.render_widget(Paragraph::new(text), inner);
}

pub fn render_confirm_read_only(frame: &mut Frame, area: Rect, holder: &str, keymap: &KeyMap) {
    let inner = widgets::popup(frame, area, 64, 8, "Open elsewhere");
    let text = format!(
        "This session is open in another crosscheck ({holder}).\nOnly one may write to it. Open it read-only here?\n\n{}",
        widgets::confirm_hint(keymap, "read-only", "cancel")
    );
    frame.render_widget(Paragraph::new(text).wrap(ratatui::widgets::Wrap { trim: true }), inner);
}
