//! Choosing between the values a merge kept on one answer: the value kept and each other
//! interviewer's, with whose it was and when. The choice becomes the answer; every value stays
//! in the session, marked settled.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::bank::Question;
use crate::session::{Answer, Interview};
use crate::ui::command::{Command, Edit};
use crate::ui::keymap::{Action, Context, KeyMap};
use crate::ui::widgets;

pub struct ConflictChoice {
    pub interview: usize,
    pub question: String,
    /// The value kept first, then each open conflict's.
    pub values: Vec<Answer>,
    /// How each value reads, prepared once: the question's labels are not at hand on render.
    pub texts: Vec<String>,
    pub selected: usize,
}

impl ConflictChoice {
    /// The choice on `question` of `interview` (index `index`); None when it has no open
    /// conflict.
    pub fn new(index: usize, interview: &Interview, question: &Question) -> Option<ConflictChoice> {
        let others: Vec<Answer> = interview.conflicts_on(&question.id).map(|c| c.answer.clone()).collect();
        if others.is_empty() {
            return None;
        }
        let kept = interview.answer(&question.id).cloned().unwrap_or_default();
        let values: Vec<Answer> = std::iter::once(kept).chain(others).collect();
        let texts = values.iter().map(|a| describe(a, question)).collect();
        Some(ConflictChoice { interview: index, question: question.id.clone(), values, texts, selected: 0 })
    }

    pub fn update(&mut self, action: Action) -> Vec<Command> {
        match action {
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => self.selected = (self.selected + 1).min(self.values.len() - 1),
            Action::Confirm => {
                let edit = Edit::Resolve {
                    interview: self.interview,
                    question: self.question.clone(),
                    chosen: Box::new(self.values[self.selected].clone()),
                };
                return vec![Command::Close, Command::Edit(edit)];
            }
            Action::Cancel => return vec![Command::Close],
            _ => {}
        }
        Vec::new()
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, keymap: &KeyMap) {
        const WIDTH: u16 = 76;
        let text_width = WIDTH.min(area.width).saturating_sub(2);
        let (lines, selected_at) = self.lines();
        let before = Paragraph::new(lines[..selected_at].to_vec()).wrap(Wrap { trim: false });
        let paragraph = Paragraph::new(lines).wrap(Wrap { trim: false });
        // Long notes wrap: the popup grows to hold every value, as far as the screen allows.
        let wrapped = paragraph.line_count(text_width) as u16;
        let inner = widgets::popup(frame, area, WIDTH, wrapped + 3, "Conflict: which value to keep?");
        let [list, keys] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
        // Scrolled, when it does not fit, so the chosen value's head is in view.
        let top = (before.line_count(text_width) as u16).min(wrapped.saturating_sub(list.height));
        frame.render_widget(paragraph.scroll((top, 0)), list);
        let hint = format!(
            "{} keep · {} close without choosing · every value is kept either way",
            widgets::keys(keymap, Context::Conflicts, Action::Confirm),
            widgets::keys(keymap, Context::Conflicts, Action::Cancel)
        );
        frame.render_widget(Paragraph::new(hint).style(widgets::dim()), keys);
    }

    /// Each value as a head (whose, when), its text and a blank line; and the index of the
    /// selected value's head among them.
    fn lines(&self) -> (Vec<Line<'_>>, usize) {
        let mut lines = Vec::new();
        let mut selected_at = 0;
        for (i, (a, text)) in self.values.iter().zip(&self.texts).enumerate() {
            let marker = if i == self.selected { "▶ " } else { "  " };
            let whose = if i == 0 { "kept now" } else { "also said" };
            let who = a.edited_by.as_deref().unwrap_or("unnamed");
            let when = a.edited_at.map(|t| t.format("%Y-%m-%d %H:%M").to_string()).unwrap_or_default();
            let head =
                Line::from(vec![Span::raw(marker), Span::styled(format!("{whose} · {who} · {when}"), widgets::dim())]);
            let body = Line::from(format!("  {text}"));
            let (head, body) = if i == self.selected {
                selected_at = lines.len();
                (head.style(widgets::selected()), body.style(widgets::selected()))
            } else {
                (head, body)
            };
            lines.extend([head, body, Line::default()]);
        }
        (lines, selected_at)
    }
}

/// A value as one line: what was answered, then the notes.
pub fn describe(a: &Answer, question: &Question) -> String {
    let value = a.value_text(question).unwrap_or_else(|| a.state.name().replace('-', " "));
    let notes = a.notes.replace('\n', " ");
    if notes.trim().is_empty() { value } else { format!("{value} — “{notes}”") }
}
