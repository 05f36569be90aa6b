//! The session's follow-ups and verbatim quotes, by function and topic; Enter goes to each.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::app::{App, Overlay};
use super::keymap::Action;
use super::widgets;
use crate::ui::command::Status;

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

/// Collects the items when the list opens; the session does not change while it shows.
pub fn open(app: &mut App) {
    let Some(open) = app.open.as_ref() else {
        app.say(Status::info("Open a session first."));
        return;
    };
    let mut items = Vec::new();
    for (i, interview) in open.session().interviews.iter().enumerate() {
        let Some(bank) = app.catalog.bank(&interview.function) else { continue };
        for (k, q) in bank.questions.iter().enumerate() {
            let Some(a) = interview.answer(&q.id) else { continue };
            if !(a.flags.follow_up || a.flags.quote) {
                continue;
            }
            let topic =
                q.topic.as_deref().and_then(|t| app.catalog.topic(t)).map_or("—".to_string(), |t| t.title.clone());
            let detail = match (&a.flags.follow_up_reason, a.flags.quote) {
                (Some(r), _) if a.flags.follow_up && !r.is_empty() => r.clone(),
                _ => a.notes.replace('\n', " "),
            };
            items.push(Item {
                interview: i,
                question: k,
                function: open.session().label_of(i, &bank.title),
                topic,
                follow_up: a.flags.follow_up,
                quote: a.flags.quote,
                question_text: q.text.clone(),
                detail,
            });
        }
    }
    items.sort_by(|a, b| a.function.cmp(&b.function).then(a.topic.cmp(&b.topic)).then(a.question.cmp(&b.question)));
    app.overlay = Some(Overlay::FollowUps(FollowUpList { items, selected: 0 }));
}

pub fn update(app: &mut App, mut list: FollowUpList, action: Action) {
    match action {
        Action::Up => list.selected = list.selected.saturating_sub(1),
        Action::Down => list.selected = (list.selected + 1).min(list.items.len().saturating_sub(1)),
        Action::Cancel => return,
        Action::Confirm => {
            if let Some(item) = list.items.get(list.selected).cloned() {
                let showing = app.open.as_ref().and_then(|o| o.interview.as_ref()).map(|iv| iv.index);
                if showing != Some(item.interview) {
                    if showing.is_some() {
                        app.save();
                    }
                    app.open_interview(item.interview);
                }
                app.go_to_question(item.question);
            }
            return;
        }
        _ => {}
    }
    app.overlay = Some(Overlay::FollowUps(list));
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
