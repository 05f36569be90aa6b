//! The rows of a claim asked for several receiving functions at once (the bank's `each`): one
//! question shown once, with a row per function and its value, the row being answered marked.
//! Each row is a question of its own, so the keys that answer and move are the usual ones.

use ratatui::style::Stylize;
use ratatui::text::{Line, Span};

use super::{Ctx, InterviewState};
use crate::bank::{Bank, Question};
use crate::session::AnswerState;
use crate::ui::keymap::{Action, Context};
use crate::ui::widgets;

/// The indexes of the questions in the group of question `at`, in interview order; empty when
/// it stands alone.
pub(super) fn group_of(bank: &Bank, at: usize) -> std::ops::Range<usize> {
    let Some(group) = bank.questions.get(at).and_then(|q| q.group.as_ref()) else { return at..at };
    let same = |q: &Question| q.group.as_ref() == Some(group);
    let start = bank.questions[..at].iter().rposition(|q| !same(q)).map_or(0, |i| i + 1);
    let end = bank.questions[at..].iter().position(|q| !same(q)).map_or(bank.questions.len(), |k| at + k);
    start..end
}

/// The receiving function a row is for, as named where room is short ("Sales", "CS").
pub(super) fn receiver<'a>(ctx: &Ctx<'a>, q: &'a Question) -> &'a str {
    let function = q.to.first().map_or("", String::as_str);
    ctx.env.catalog.bank(function).map_or(function, |b| b.short_name())
}

/// The widget's lines: a row per function with what it was given, the current one marked, and
/// the keys that move between them. Nothing for a question that stands alone.
pub(super) fn lines(state: &InterviewState, ctx: &Ctx) -> Vec<Line<'static>> {
    let group = group_of(ctx.bank, state.question);
    if group.len() < 2 {
        return Vec::new();
    }
    let width = group.clone().map(|i| receiver(ctx, &ctx.bank.questions[i]).chars().count()).max().unwrap_or(0);
    let mut lines: Vec<Line> = group
        .clone()
        .map(|i| {
            let q = &ctx.bank.questions[i];
            let answer = ctx.interview.answer(&q.id);
            let value = match answer.map(|a| a.state).unwrap_or_default() {
                AnswerState::Answered => answer.and_then(|a| a.value_text(q)).unwrap_or_default(),
                AnswerState::Skipped => "» skipped".into(),
                AnswerState::DontKnow => "? don't know".into(),
                AnswerState::NotAsked => "· not asked yet".into(),
            };
            let here = i == state.question;
            let mark = if here { "▸ " } else { "  " };
            let name = format!("{mark}{:<width$}  ", receiver(ctx, q));
            let line = Line::from(vec![Span::raw(name).bold(), Span::raw(value)]);
            if here { line.style(widgets::selected()) } else { line }
        })
        .collect();
    // The usual keys move between rows: said once, short, so the question keeps its room.
    let keys = |a| widgets::keys(&ctx.env.keymap, Context::Interview, a);
    lines.push(Line::styled(
        format!("{} next row · {} previous", keys(Action::NextRow), keys(Action::PreviousRow)),
        widgets::dim(),
    ));
    lines
}
