//! The session's follow-ups and verbatim quotes, by function and topic; Enter goes to each.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::bank::Catalog;
use crate::session::Session;
use crate::ui::command::Command;
use crate::ui::command::Component;
use crate::ui::env::Ctx;
use crate::ui::hits::Hits;
use crate::ui::keymap::{Action, Context};
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
    /// A claim still to verify with someone, not an answer.
    pub claim: bool,
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
                // A question on no topic is placed by its section ("Looking back").
                let topic = q.topic.as_deref().and_then(|t| catalog.topic(t)).map(|t| t.title.clone());
                let topic = topic.or_else(|| bank.section(&q.section).map(|s| s.title.clone())).unwrap_or_default();
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
                    claim: false,
                    question_text: q.text.clone(),
                    detail,
                });
            }
        }
        items.extend(claims_to_verify(session, catalog));
        items.sort_by(|a, b| a.function.cmp(&b.function).then(a.topic.cmp(&b.topic)).then(a.question.cmp(&b.question)));
        FollowUpList { items, selected: 0 }
    }
}

impl Component for FollowUpList {
    fn context(&self, _ctx: &Ctx) -> Context {
        Context::FollowUps
    }

    fn update(&mut self, action: Action, _ctx: &Ctx) -> Vec<Command> {
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

    fn render(&self, frame: &mut Frame, area: Rect, _ctx: &Ctx, _hits: &mut Hits) {
        render(frame, area, self);
    }
}

/// Every claim still to verify with someone, under the interview it was made in; Enter goes to
/// the question of its topic there.
fn claims_to_verify(session: &Session, catalog: &Catalog) -> Vec<Item> {
    let mut out = Vec::new();
    for entry in crate::claims::ledger(session, catalog) {
        let whom: Vec<&str> = entry.to_verify().map(|f| f.title.as_str()).collect();
        if whom.is_empty() {
            continue;
        }
        let Some(interview) = session.interviews.iter().position(|i| i.id == entry.made_in) else { continue };
        let bank = catalog.bank(&session.interviews[interview].function);
        let question = bank
            .and_then(|b| b.questions.iter().position(|q| q.topic.as_deref() == Some(entry.claim.topic.as_str())))
            .unwrap_or(0);
        let topic = catalog.topic(&entry.claim.topic).map_or_else(|| entry.claim.topic.clone(), |t| t.title.clone());
        out.push(Item {
            interview,
            question,
            function: entry.made_in_label.clone(),
            topic,
            follow_up: false,
            quote: entry.claim.quote,
            claim: true,
            question_text: format!("Claim: “{}”", entry.claim.text),
            detail: format!("to verify with {}", whom.join(", ")),
        });
    }
    out
}

fn render(frame: &mut Frame, area: Rect, list: &FollowUpList) {
    let width = area.width.saturating_sub(4).min(120);
    let height = area.height.saturating_sub(2);
    let title = format!("Follow-ups ⚑, quotes “ and claims to verify ◌ ({})", list.items.len());
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
        let flag = if item.claim {
            "◌"
        } else if item.follow_up {
            "⚑"
        } else {
            " "
        };
        let marks = format!("{flag}{}", if item.quote { "“" } else { " " });
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
