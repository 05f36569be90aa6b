//! Mouse: the wheel scrolls lists and notes; a click selects what the last frame drew under it
//! (a session, an interview, a question, a matrix cell), read from the recorded hit areas. Both
//! become actions for the component on top, like keys: nothing here changes state itself.

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};

use super::App;
use crate::ui::keymap::{Action, Context};

impl App {
    pub fn on_mouse(&mut self, mouse: MouseEvent) {
        let context = self.context();
        let action = match mouse.kind {
            MouseEventKind::ScrollUp | MouseEventKind::ScrollDown => {
                let up = mouse.kind == MouseEventKind::ScrollUp;
                match context {
                    Context::Editor => Some(Action::ScrollNotes { up }),
                    Context::Sessions
                    | Context::Session
                    | Context::Interview
                    | Context::Divergence
                    | Context::Diagnosis
                    | Context::Palette
                    | Context::FollowUps
                    | Context::Conflicts => Some(if up { Action::Up } else { Action::Down }),
                    _ => None,
                }
            }
            // What was drawn there, if it is still on screen (overlays record nothing: a
            // click beside one does not reach the screen under it).
            MouseEventKind::Down(MouseButton::Left) if self.overlay().is_none() => {
                self.hits.at(mouse.column, mouse.row).map(Action::Select)
            }
            _ => None,
        };
        if let Some(action) = action {
            self.update(action);
        }
    }
}
