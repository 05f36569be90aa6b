//! Yes-or-no questions over a screen: delete a session, open one read-only, leave the interview
//! on screen for another.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::Paragraph;

use crate::ui::command::Command;
use crate::ui::command::Component;
use crate::ui::env::Ctx;
use crate::ui::hits::Hits;
use crate::ui::keymap::{Action, Context};
use crate::ui::widgets;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirm {
    Delete {
        id: String,
        organisation: String,
        interviews: usize,
    },
    /// The session is open in another crosscheck: open it read-only?
    ReadOnly {
        id: String,
        holder: String,
    },
    /// The palette leads to another interview than the one on screen: leave it? Asked so that
    /// an answer key typed for the person in front of you never lands in another's interview.
    Switch {
        from: String,
        to: String,
        interview: usize,
        question: usize,
    },
}

impl Component for Confirm {
    fn context(&self, _ctx: &Ctx) -> Context {
        Context::Confirm
    }

    /// Any key but yes and no keeps the question open.
    fn update(&mut self, action: Action, _ctx: &Ctx) -> Vec<Command> {
        match (action, self) {
            (Action::Confirm, Confirm::Delete { id, .. }) => vec![Command::Close, Command::DeleteSession(id.clone())],
            (Action::Confirm, Confirm::ReadOnly { id, .. }) => vec![Command::Close, Command::OpenReadOnly(id.clone())],
            (Action::Confirm, Confirm::Switch { interview, question, .. }) => {
                vec![Command::Close, Command::GoToQuestion { interview: *interview, question: *question }]
            }
            (Action::Cancel, _) => vec![Command::Close],
            _ => Vec::new(),
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx, _hits: &mut Hits) {
        let keymap = &ctx.env.keymap;
        match self {
            Confirm::Delete { organisation, interviews, .. } => {
                let inner = widgets::popup(frame, area, 60, 6, "Delete session");
                let text = format!(
                    "Delete the session for {organisation} and its {interviews} interview{}?\nThis cannot be undone.\n\n{}",
                    if *interviews == 1 { "" } else { "s" },
                    widgets::confirm_hint(keymap, "delete", "keep")
                );
                frame.render_widget(Paragraph::new(text), inner);
            }
            Confirm::ReadOnly { holder, .. } => {
                let inner = widgets::popup(frame, area, 64, 8, "Open elsewhere");
                let text = format!(
                    "This session is open in another crosscheck ({holder}).\nOnly one may write to it. Open it read-only here?\n\n{}",
                    widgets::confirm_hint(keymap, "read-only", "cancel")
                );
                frame.render_widget(Paragraph::new(text).wrap(ratatui::widgets::Wrap { trim: true }), inner);
            }
            Confirm::Switch { from, to, .. } => {
                let inner = widgets::popup(frame, area, 64, 8, "Another interview");
                let text = format!(
                    "That question is in another interview.\nLeave {from} for {to}?\n\n{}",
                    widgets::confirm_hint(keymap, "go there", "stay here")
                );
                frame.render_widget(Paragraph::new(text).wrap(ratatui::widgets::Wrap { trim: true }), inner);
            }
        }
    }
}
