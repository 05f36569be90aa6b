//! The answers an interview holds to questions its bank no longer asks (a session captured on
//! older banks): each under the words it was asked in when the bank lists it as retired, with
//! its value and notes as they were given. Read-only: they are kept, never compared.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Stylize;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use crate::bank::Catalog;
use crate::session::{Answer, AnswerState, AnswerValue, Interview, format_number};
use crate::ui::command::{Command, Component};
use crate::ui::env::Ctx;
use crate::ui::hits::Hits;
use crate::ui::keymap::{Action, Context};
use crate::ui::widgets;

/// The retired answers of interview `interview`, scrolled this many rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetiredAnswers {
    pub interview: usize,
    pub scroll: u16,
}

/// The answers of `interview` to questions its bank does not ask, in id order.
pub fn of<'a>(interview: &'a Interview, catalog: &Catalog) -> Vec<(&'a str, &'a Answer)> {
    let bank = catalog.bank(&interview.function);
    let mut out: Vec<(&str, &Answer)> = interview
        .answers
        .iter()
        .filter(|(id, _)| bank.is_none_or(|b| b.question(id).is_none()))
        .map(|(id, a)| (id.as_str(), a))
        .collect();
    out.sort_by_key(|(id, _)| *id);
    out
}

impl Component for RetiredAnswers {
    fn context(&self, _ctx: &Ctx) -> Context {
        Context::Help
    }

    fn update(&mut self, action: Action, _ctx: &Ctx) -> Vec<Command> {
        super::help::read_only(action, &mut self.scroll)
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx, _hits: &mut Hits) {
        let Some(session) = ctx.session else { return };
        let Some(interview) = session.interviews.get(self.interview) else { return };
        let case = session.case_text();
        let mut lines = Vec::new();
        for (id, answer) in of(interview, &ctx.env.catalog) {
            let text = match ctx.env.catalog.retired(id) {
                Some((_, r)) => crate::bank::fill(&r.text, &case.case()).into_owned(),
                None => format!("(a question no bank has: {id})"),
            };
            lines.push(Line::from(crate::sanitize::one_line(&text).into_owned()).bold());
            lines.push(Line::styled(format!("  retired · {id} · {}", given(answer)), widgets::dim()));
            if !answer.notes.trim().is_empty() {
                lines.push(Line::from(format!("  {}", crate::sanitize::one_line(&answer.notes))));
            }
            lines.push(Line::default());
        }
        let close = widgets::keys(&ctx.env.keymap, Context::Help, Action::Cancel);
        lines.push(Line::styled(format!("Kept as given, never compared. {close} closes."), widgets::dim()));
        // Wrapped rows, so the last line stays in view when it fits at all.
        let inner_width = usize::from(area.width.min(76).saturating_sub(2)).max(1);
        let rows: usize = lines.iter().map(|l| l.width().max(1).div_ceil(inner_width)).sum();
        let height = (rows as u16 + 2).min(area.height);
        let inner = widgets::popup(frame, area, 76, height, "Answers to questions no longer asked");
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }).scroll((self.scroll, 0)), inner);
    }
}

/// What was given, read without the question: the value as recorded, or the state.
fn given(answer: &Answer) -> String {
    match (&answer.value, answer.state) {
        (_, AnswerState::Skipped) => "skipped".into(),
        (_, AnswerState::DontKnow) => "don't know".into(),
        (Some(AnswerValue::Scale { value }), _) => format!("{value} on the scale"),
        (Some(AnswerValue::Choice { option }), _) => crate::sanitize::one_line(option).into_owned(),
        (Some(AnswerValue::Multi { options }), _) => crate::sanitize::one_line(&options.join("; ")).into_owned(),
        (Some(AnswerValue::Number { value }), _) => format_number(*value),
        (None, _) => "notes only".into(),
    }
}
