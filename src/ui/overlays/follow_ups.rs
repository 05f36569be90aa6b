//! The session's follow-ups and verbatim quotes, by function and topic; Enter goes to each.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::bank::Catalog;
use crate::session::Session;
use crate::ui::command::Command;
use crate::ui::keymap::Action;
use crate::ui::widgets;

/// One flagged or quoted answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub interview: usize,
    pub question: usize,
    pub function: String,
    pub topic: String,
    pub follow_up: bool,
    pub quote: bool,
    pub question_text: String,
    /// The follow-up reason, else the notes.
    pub detail: String,
}

pub struct FollowUpList {
    pub items: Vec<Item>,
    pub selected: usize,
}

impl FollowUpList {
    /// Collects the items when the list opens; the session does not change while it shows.
    pub fn collect(session: &Session, catalog: &Catalog) -> FollowUpList {
        let mut items = Vec::new();
        for (i, interview) in session.interviews.iter().enumerate() {
            let Some(bank) = catalog.bank(&interview.function) else { continue };
            for (k, q) in bank.questions.iter().enumerate() {
                let Some(a) = interview.answer(&q.id) else { continue };
                if !(a.flags.follow_up || a.flags.quote) {
                    continue;
                }
                let topic =
                    q.topic.as_deref().and_then(|t| catalog.topic(t)).map_or("—".to_string(), |t| t.title.clone());
                let detail = match (&a.flags.follow_up_reason, a.flags.quote) {
                    (Some(r), _) if a.flags.follow_up && !r.is_empty() => r.clone(),
                    _ => a.notes.replace('\n', " "),
                };
                items.push(Item {
                    interview: i,
                    question: k,
                    function: session.label_of(i, &bank.title),
                    topic,
                    follow_up: a.flags.follow_up,
                    quote: a.flags.quote,
                    question_text: q.text.clone(),
                    detail,
                });
            }
        }
        items.sort_by(|a, b| a.function.cmp(&b.function).then(a.topic.cmp(&b.topic)).then(a.question.cmp(&b.question)));
        FollowUpList { items, selected: 0 }
    }

    pub fn update(&mut self, action: Action) -> Vec<Command> {
        match action {
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => self.selected = (self.selected + 1).min(self.items.len().saturating_sub(1)),
            Action::Cancel => return vec![Command::Close],
            Action::Confirm => {
                let mut out = vec![Command::Close];
                if let Some(item) = self.items.get(self.selected) {
                    out.push(Command::GoToQuestion { interview: item.interview, question: item.question });
                }
                return out;
            }
            _ => {}
        }
        Vec::new()
    }
}

pub fn render(frame: &mut Frame, area: Rect, list: &FollowUpList) {
    let width = area.width.saturating_sub(4).min(120);
    let height = area.height.saturating_sub(2);
    let title = format!("Follow-ups ⚑ and quotes “ ({})", list.items.len());
    let inner = widgets::popup(frame, area, width, height, &title);
    if list.items.is_empty() {
        let text = "Nothing flagged yet. In an interview, f flags a follow-up (with an optional reason) and Q marks the notes as a verbatim quote.";
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), inner);
        return;
    }
    let mut lines = Vec::new();
    let mut heading = String::new();
    let mut selected_line = 0;
    for (n, item) in list.items.iter().enumerate() {
        if item.function != heading {
            heading = item.function.clone();
            lines.push(Line::styled(heading.clone(), widgets::title_style()));
        }
        let marks = format!("{}{}", if item.follow_up { "⚑" } else { " " }, if item.quote { "“" } else { " " });
        let line = Line::from(vec![
            Span::raw(format!(" {marks} ")),
            Span::styled(format!("{}: ", item.topic), widgets::dim()),
            Span::raw(item.question_text.clone()),
        ]);
        if n == list.selected {
            selected_line = lines.len();
            lines.push(line.style(widgets::selected()));
        } else {
            lines.push(line);
        }
        // The reason (or the quoted words) on a line of its own, where it is not cut off.
        if !item.detail.is_empty() {
            lines.push(Line::styled(format!("      {}", item.detail), widgets::dim()));
        }
    }
    let rows = usize::from(inner.height);
    let offset = selected_line.saturating_sub(rows / 2).min(lines.len().saturating_sub(rows));
    let visible: Vec<Line> = lines.into_iter().skip(offset).take(rows).collect();
    frame.render_widget(Paragraph::new(visible), inner);
}
