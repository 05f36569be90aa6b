//! Putting other interviews' claims to the interviewee, once their own answer is given: each
//! claim with what they said to it — confirmed, partly, not received, unaware, not asked — and
//! notes.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::line_form::{LineForm, Purpose};
use crate::session::{Claim, Verdict};
use crate::ui::command::Component;
use crate::ui::command::{Command, Edit};
use crate::ui::env::Ctx;
use crate::ui::hits::Hits;
use crate::ui::keymap::{Action, Context};
use crate::ui::widgets;
use crate::ui::widgets::text_field::Field;

/// One claim to put, and what was said to it so far.
#[derive(Debug, Clone)]
pub struct ToCheck {
    pub claim: Claim,
    /// Where it was made: "Product #1 — Priya Shah".
    pub made_in: String,
    /// The same, short: "Product #1".
    pub made_in_short: String,
    pub verdict: Option<Verdict>,
    pub notes: String,
}

pub struct CheckList {
    pub interview: usize,
    pub items: Vec<ToCheck>,
    pub selected: usize,
}

impl Component for CheckList {
    fn context(&self, _ctx: &Ctx) -> Context {
        Context::Check
    }

    fn update(&mut self, action: Action, _ctx: &Ctx) -> Vec<Command> {
        let n = self.items.len();
        let Some(item) = self.items.get_mut(self.selected) else { return vec![Command::Close] };
        match action {
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => self.selected = (self.selected + 1).min(n.saturating_sub(1)),
            Action::Digit(k) => {
                let Some(&verdict) = Verdict::ALL.get(usize::from(k)) else { return Vec::new() };
                // Shown at once; the session changes through the app.
                item.verdict = Some(verdict);
                let edit = Edit::Check {
                    interview: self.interview,
                    claim: item.claim.id.clone(),
                    verdict: Some(verdict),
                    notes: None,
                };
                return vec![Command::Edit(edit)];
            }
            Action::CheckNotes => {
                let purpose = Purpose::CheckNotes { interview: self.interview, claim: item.claim.id.clone() };
                let form = LineForm::new(purpose, Field::with_text("Notes", &item.notes));
                return vec![Command::Close, Command::show(form)];
            }
            Action::Cancel => return vec![Command::Close],
            _ => {}
        }
        Vec::new()
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx, _hits: &mut Hits) {
        let keymap = &ctx.env.keymap;
        let inner = widgets::popup(frame, area, 78, (self.items.len() as u16) * 3 + 4, "Claims to verify");
        let [list, keys] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
        let mut lines = Vec::new();
        for (i, item) in self.items.iter().enumerate() {
            let head = Line::from(format!(
                "{} {} claims: “{}”",
                if i == self.selected { "▶" } else { " " },
                item.made_in,
                item.claim.text
            ));
            let said = item.verdict.map_or("not put yet".to_string(), |v| format!("they said: {}", v.name()));
            let notes = if item.notes.is_empty() { String::new() } else { format!(" — {}", item.notes) };
            let body = Line::styled(format!("  {said}{notes}"), widgets::dim());
            lines.extend([
                if i == self.selected { head.style(widgets::selected()) } else { head },
                body,
                Line::default(),
            ]);
        }
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), list);
        let verdicts = Verdict::ALL.map(Verdict::name).join(", ");
        let hint = format!(
            "{} {verdicts} · {} notes",
            widgets::keys(keymap, Context::Check, Action::Digit(0)),
            widgets::keys(keymap, Context::Check, Action::CheckNotes)
        );
        frame.render_widget(Paragraph::new(hint).style(widgets::dim()), keys);
    }
}
