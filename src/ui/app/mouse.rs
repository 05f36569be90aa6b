//! Mouse: the wheel scrolls lists and notes; a click selects what the last frame drew under it
//! (a session, an interview, a question, a matrix cell), read from the recorded hit areas.

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};

use super::{App, Route};
use crate::ui::hits::Hit;
use crate::ui::keymap::{Action, Context};

impl App {
    pub fn on_mouse(&mut self, mouse: MouseEvent) {
        let context = self.context();
        match mouse.kind {
            MouseEventKind::ScrollUp | MouseEventKind::ScrollDown => {
                let up = mouse.kind == MouseEventKind::ScrollUp;
                if context == Context::Editor {
                    if let Some(iv) = self.open.as_mut().and_then(|o| o.interview_mut()) {
                        iv.scroll_notes(up);
                    }
                } else if matches!(
                    context,
                    Context::Sessions
                        | Context::Session
                        | Context::Interview
                        | Context::Divergence
                        | Context::Diagnosis
                        | Context::Palette
                        | Context::FollowUps
                        | Context::Conflicts
                ) {
                    self.update(if up { Action::Up } else { Action::Down });
                }
            }
            MouseEventKind::Down(MouseButton::Left) if self.overlays.is_empty() => {
                if let Some(hit) = self.hits.at(mouse.column, mouse.row) {
                    self.click(hit);
                }
            }
            _ => {}
        }
    }

    /// Acts on a click, if what was drawn there is still on screen.
    fn click(&mut self, hit: Hit) {
        let catalog = &self.catalog;
        match (hit, self.open.as_mut()) {
            (Hit::Session(i), None) => self.sessions.selected = i,
            (Hit::Interview(i), Some(open)) if matches!(open.route, Route::Session) => open.selected = i,
            (Hit::Question(q), Some(open)) if open.interview().is_some() => self.go_to_question(q),
            (Hit::Reading(i), Some(open)) => {
                if let Route::Diagnosis(view) = &mut open.route {
                    view.selected = i.min(view.diagnosis.readings.len().saturating_sub(1));
                }
            }
            (Hit::Topic { row, column }, Some(open)) => {
                let parts = open.parts();
                if let Route::Divergence(view) = parts.route {
                    view.select(row, column, parts.session, catalog);
                }
            }
            _ => {}
        }
    }
}
