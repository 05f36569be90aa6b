//! Mouse: the wheel scrolls lists and notes; a click selects a session, an interview, a
//! question or a matrix cell — computed from the same layout functions the screens draw with.

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

use super::app::{App, Screen};
use super::keymap::{Action, Context};

pub fn on_mouse(app: &mut App, mouse: MouseEvent) {
    let context = app.context();
    match mouse.kind {
        MouseEventKind::ScrollUp | MouseEventKind::ScrollDown => {
            let up = mouse.kind == MouseEventKind::ScrollUp;
            if context == Context::Editor {
                super::interview::scroll_notes(app, up);
            } else if matches!(
                context,
                Context::Sessions
                    | Context::Session
                    | Context::Interview
                    | Context::Divergence
                    | Context::Palette
                    | Context::FollowUps
            ) {
                app.update(if up { Action::Up } else { Action::Down });
            }
        }
        MouseEventKind::Down(MouseButton::Left) if app.overlay.is_none() => click(app, mouse.column, mouse.row),
        _ => {}
    }
}

/// The screen body: everything above the message line and the footer, as drawn.
fn body(app: &App) -> Rect {
    let [body, _, _] = super::frame_areas(app, app.area);
    body
}

fn click(app: &mut App, column: u16, row: u16) {
    let body = body(app);
    if !body.contains(Position::new(column, row)) {
        return;
    }
    match app.screen {
        Screen::Sessions => {
            if let Some(i) = super::sessions::row_at(app, body, row) {
                app.sessions.selected = i;
            }
        }
        Screen::Session => {
            if let (Some(i), Some(open)) = (super::session::row_at(app, body, row), app.open.as_mut()) {
                open.selected = i;
            }
        }
        Screen::Interview => {
            if let Some(q) = super::interview::question_at(app, body, column, row) {
                app.go_to_question(q);
            }
        }
        Screen::Divergence => super::divergence::click(app, body, column, row),
    }
}
