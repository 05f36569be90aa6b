//! The terminal interface: one loop of event → action → update → render.

mod app;
mod autosave;
mod divergence;
pub mod followups;
pub mod form;
mod help;
mod interview;
pub mod keymap;
mod mouse;
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

/// Draws the whole screen from the state; never changes it.
pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if area.width < widgets::MIN_WIDTH || area.height < widgets::MIN_HEIGHT {
        widgets::too_small(frame);
        return;
    }
    let [body, message, footer] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(1), Constraint::Length(1)]).areas(area);
    match app.screen {
        Screen::Sessions => sessions::render(app, frame, body),
        Screen::Session => session::render(app, frame, body),
        Screen::Interview => interview::render(app, frame, body),
        Screen::Divergence => divergence::render(app, frame, body),
    }
    // A failed write outranks any other message: it stays until a write succeeds.
    let failed = app.open.as_ref().and_then(|o| match &o.save {
        SaveState::Failed(e) => Some(format!("✗ Not saved — retrying every 2 s, your answers are kept: {e}")),
        _ => None,
    });
    if let Some(text) = failed.as_ref().or(app.message.as_ref()) {
        let style = if failed.is_some() { widgets::title_style() } else { ratatui::style::Style::default() };
        frame.render_widget(Paragraph::new(text.as_str()).style(style), message);
    }
    let context = app.context();
    widgets::footer(frame, footer, &app.keymap, context);
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
