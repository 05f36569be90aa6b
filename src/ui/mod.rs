//! The terminal interface: one loop of event → action → update → render.
//!
//! - [`app`]: the state and the one place commands are applied.
//! - [`screens`] and [`overlays`]: components that never see the app; they return
//!   [`command::Command`]s and draw from their own state and a read-only context ([`env`]).
//! - [`keymap`]: the one key table behind dispatch, the footer, the help and the hints.
//! - [`terminal`]: the real terminal: raw mode, the event loop, the external editor.

mod app;
pub mod command;
pub mod env;
pub mod hits;
pub mod keymap;
pub mod overlays;
pub mod save_state;
pub mod screens;
mod terminal;
pub mod theme;
pub mod widgets;

pub use app::{App, Effect, Exit, NOTES_SAVE_DELAY_MS, OpenSession, Route, Screen};
pub use save_state::SaveState;
pub use screens::interview::InterviewState;
pub use terminal::{EditorError, run};

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::widgets::Paragraph;

use command::Component;
use hits::Hits;
use keymap::Context;

/// The line under the screen, and whether it reports a failed write. A failed write outranks
/// any other message and stays until a write succeeds; it names its cause first. Under it: a
/// notice (a file merged in from disk), and why a session is read-only when nothing can be
/// written to its data folder, for as long as it is open.
fn status_line(app: &App) -> Option<(String, bool)> {
    let open = app.open.as_ref();
    let failed = open.and_then(|o| match &o.save {
        SaveState::Failed(e) => Some(format!(
            "✗ NOT SAVED: {e} — your answers are kept here and the write is retried every 2 s; quitting writes an emergency copy."
        )),
        _ => None,
    });
    // The latest message comes first even then: it answers the key just pressed.
    let said = app.status.as_ref().map(|m| (m.text.clone(), m.severity != command::Severity::Info));
    let lines: Vec<(String, bool)> = [
        said,
        failed.map(|f| (f, true)),
        app.notice.as_ref().map(|(n, _)| (n.text.clone(), true)),
        open.and_then(|o| o.why_read_only.clone()).map(|w| (w, true)),
    ]
    .into_iter()
    .flatten()
    .collect();
    let loud = lines.iter().any(|(_, loud)| *loud);
    (!lines.is_empty()).then(|| (lines.into_iter().map(|(t, _)| t).collect::<Vec<_>>().join("\n"), loud))
}

/// Draws the whole screen from the state, never changing it, and returns where it drew what
/// can be clicked. The body, then the status line (wrapped onto as many lines as it needs, up
/// to a third of the screen), then the footer; overlays over the body, bottom first.
pub fn render(app: &App, frame: &mut Frame) -> Hits {
    let mut hits = Hits::default();
    let area = frame.area();
    if area.width < widgets::MIN_WIDTH || area.height < widgets::MIN_HEIGHT {
        widgets::too_small(frame);
        return hits;
    }
    let status = status_line(app);
    let lines =
        status.as_ref().map_or(1, |(t, _)| widgets::wrapped_height(t, area.width).clamp(1, (area.height / 3).max(1)));
    let [body, message, footer] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(lines), Constraint::Length(1)]).areas(area);
    let ctx = app.ctx();
    let screen: &dyn Component = match app.open.as_ref() {
        Some(open) => open.screen(),
        None => &app.sessions,
    };
    screen.render(frame, body, &ctx, &mut hits);
    if let Some((text, failed)) = &status {
        let style = if *failed { widgets::title_style() } else { ratatui::style::Style::default() };
        let wrap = ratatui::widgets::Wrap { trim: false };
        frame.render_widget(Paragraph::new(text.as_str()).style(style).wrap(wrap), message);
    }
    let context = app.context();
    let answer = (context == Context::Interview).then(|| screen.digit_keys(&ctx));
    widgets::footer(frame, footer, &app.env.keymap, context, answer);
    // Overlays record nothing clickable: a click goes to the screen only when none is open.
    let mut covered = Hits::default();
    for overlay in app.overlays() {
        overlay.render(frame, body, &ctx, &mut covered);
    }
    hits
}
