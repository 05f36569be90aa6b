//! The terminal interface: one loop of event → action → update → render.

mod app;
mod autosave;
pub mod command;
mod divergence;
pub mod followups;
pub mod form;
mod help;
mod interview;
pub mod keymap;
mod mouse;
mod overlay;
pub mod palette;
mod session;
mod sessions;
mod terminal;
pub mod theme;
pub mod widgets;

pub use app::{App, Effect, InterviewState, OpenSession, Overlay, SaveState, Screen};
pub use autosave::NOTES_SAVE_DELAY_MS;
pub use terminal::run;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::widgets::Paragraph;

use keymap::Context;

/// The line under the screen, and whether it reports a failed write. A failed write outranks
/// any other message and stays until a write succeeds; it names its cause first.
fn status_line(app: &App) -> Option<(String, bool)> {
    let failed = app.open.as_ref().and_then(|o| match &o.save {
        SaveState::Failed(e) => Some(format!(
            "✗ NOT SAVED: {e} — your answers are kept here and the write is retried every 2 s; quitting writes an emergency copy."
        )),
        _ => None,
    });
    // The latest message comes first even then: it answers the key just pressed.
    let said = app.status.as_ref();
    match (failed, said) {
        (Some(f), Some(m)) => Some((format!("{}\n{f}", m.text), true)),
        (Some(f), None) => Some((f, true)),
        (None, m) => m.map(|m| (m.text.clone(), m.severity != command::Severity::Info)),
    }
}

/// The screen's body, the status line (wrapped onto as many lines as it needs, up to a third of
/// the screen) and the footer: drawn by [`render`], read by the mouse.
pub(crate) fn frame_areas(app: &App, area: ratatui::layout::Rect) -> [ratatui::layout::Rect; 3] {
    let lines =
        status_line(app).map_or(1, |(t, _)| widgets::wrapped_height(&t, area.width).clamp(1, (area.height / 3).max(1)));
    Layout::vertical([Constraint::Min(1), Constraint::Length(lines), Constraint::Length(1)]).areas(area)
}

/// Draws the whole screen from the state; never changes it.
pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if area.width < widgets::MIN_WIDTH || area.height < widgets::MIN_HEIGHT {
        widgets::too_small(frame);
        return;
    }
    let status = status_line(app);
    let [body, message, footer] = frame_areas(app, area);
    match app.screen {
        Screen::Sessions => sessions::render(app, frame, body),
        Screen::Session => session::render(app, frame, body),
        Screen::Interview => interview::render(app, frame, body),
        Screen::Divergence => divergence::render(app, frame, body),
    }
    if let Some((text, failed)) = &status {
        let style = if *failed { widgets::title_style() } else { ratatui::style::Style::default() };
        let wrap = ratatui::widgets::Wrap { trim: false };
        frame.render_widget(Paragraph::new(text.as_str()).style(style).wrap(wrap), message);
    }
    let context = app.context();
    let answer = (context == Context::Interview).then(|| interview::answer_keys(app)).flatten();
    widgets::footer(frame, footer, &app.keymap, context, answer);
    match &app.overlay {
        Some(Overlay::Help) => {
            let screen = match app.screen {
                Screen::Sessions => Context::Sessions,
                Screen::Session => Context::Session,
                Screen::Interview => Context::Interview,
                Screen::Divergence => Context::Divergence,
            };
            help::render(frame, body, &app.keymap, screen);
        }
        Some(Overlay::NewSession(form)) => sessions::render_new_form(frame, body, form, &app.keymap),
        Some(Overlay::RenameSession { field, .. }) => {
            sessions::forms::render(frame, body, "Rename session", field, "The organisation's name.", &app.keymap);
        }
        Some(Overlay::FilterSessions(field)) => {
            let hint = "Sessions whose organisation holds this; Esc shows all.";
            sessions::forms::render(frame, body, "Filter sessions", field, hint, &app.keymap);
        }
        Some(Overlay::ExportSession { field, .. }) => {
            let hint = "A .md file gets the report; any other the JSON transcript. Readable by you only.";
            sessions::forms::render(frame, body, "Export session", field, hint, &app.keymap);
        }
        Some(Overlay::Palette(p)) => palette::render(frame, body, p),
        Some(Overlay::FollowUps(list)) => followups::render(frame, body, list),
        Some(Overlay::FollowUpReason(field)) => interview::render_reason(frame, body, field, &app.keymap),
        Some(Overlay::AddInterview(form)) => session::render_add_form(frame, body, form, &app.keymap),
        Some(Overlay::ConfirmReadOnly { holder, .. }) => {
            sessions::render_confirm_read_only(frame, body, holder, &app.keymap);
        }
        Some(Overlay::ConfirmDelete { organisation, interviews, .. }) => {
            sessions::render_confirm_delete(frame, body, organisation, *interviews, &app.keymap);
        }
        None => {}
    }
}
