//! The answer widget: a scale's points, a choice's options, a multi's ticks, a number's
//! input — each with the keys that set it.

use ratatui::style::{Modifier, Style, Stylize};
use ratatui::text::{Line, Span};

use super::InterviewState;
use crate::bank::{Kind, Question};
use crate::session::{Answer, AnswerValue, format_number};
use crate::ui::keymap::{Action, Context, KeyMap};
use crate::ui::widgets;

/// The lines of the answer widget for the question's kind.
pub(super) fn answer_widget<'a>(
    q: &'a Question,
    answer: Option<&'a Answer>,
    state: &InterviewState,
    width: u16,
    keymap: &KeyMap,
) -> Vec<Line<'a>> {
    let value = answer.and_then(|a| a.value.as_ref());
    let mut lines = match q.kind {
        Kind::Scale => scale_lines(q, value, width, keymap),
        Kind::Choice | Kind::Multi => option_lines(q, value, state.option_cursor),
        Kind::Number => number_lines(q, value, state, keymap),
        Kind::Text => vec![Line::styled(
            format!(
                "Notes only: press {} to write what was said.",
                widgets::keys(keymap, Context::Interview, Action::EditNotes)
            ),
            widgets::dim(),
        )],
    };
    // Where the figure came from: a guessed figure is read as one.
    if q.source {
        let source = answer.and_then(|a| a.source).map_or("not recorded", |s| s.name());
        let key = widgets::keys(keymap, Context::Interview, Action::CycleSource);
        lines.push(Line::from(vec![
            Span::raw("Source: "),
            Span::raw(source).bold(),
            Span::styled(format!(" · {key} measured / estimated / guessed / unknown"), widgets::dim()),
        ]));
    }
    lines
}

/// Under an account of what arrived: who sent it, and the key that records it. `claimant` is the
/// function whose claim it is compared with ("Product"). One short line, so what is compared
/// below stays in view at 80×24; help lists the values.
pub(super) fn sender_line(claimant: &str, answer: Option<&Answer>, keymap: &KeyMap) -> Line<'static> {
    let sent_by = answer.and_then(|a| a.sent_by).map_or("not recorded".to_string(), |s| s.text(claimant));
    let key = widgets::keys(keymap, Context::Interview, Action::CycleSource);
    Line::from(vec![
        Span::raw("Sent by: "),
        Span::raw(sent_by).bold(),
        Span::styled(format!(" · {key} next"), widgets::dim()),
    ])
}

/// The five points, on one line where they fit, and the keys that set them.
fn scale_lines<'a>(q: &'a Question, value: Option<&AnswerValue>, width: u16, keymap: &KeyMap) -> Vec<Line<'a>> {
    let chosen = match value {
        Some(AnswerValue::Scale { value }) => Some(*value),
        _ => None,
    };
    let points: Vec<Span> = q
        .scale_labels()
        .into_iter()
        .enumerate()
        .map(|(i, label)| {
            let on = chosen == Some(i as u8);
            let text = format!("{} {i} {label}", if on { "●" } else { "○" });
            let style = if on { widgets::selected().add_modifier(Modifier::BOLD) } else { Style::default() };
            Span::styled(text, style)
        })
        .collect();
    // One line when it fits, else one point per line.
    let one_line: usize = points.iter().map(|p| p.width() + 2).sum();
    let mut lines: Vec<Line> = if one_line <= usize::from(width) {
        vec![Line::from(points.into_iter().flat_map(|p| [p, Span::raw("  ")]).collect::<Vec<_>>())]
    } else {
        points.into_iter().map(Line::from).collect()
    };
    let arrows = format!(
        "{}/{}",
        widgets::keys(keymap, Context::Interview, Action::Previous),
        widgets::keys(keymap, Context::Interview, Action::Next)
    );
    lines.push(Line::styled(format!("0–4 or {arrows} to set"), widgets::dim()));
    lines
}

/// A choice's options with the one picked, or a multi's with those ticked and the cursor.
fn option_lines<'a>(q: &'a Question, value: Option<&AnswerValue>, cursor: usize) -> Vec<Line<'a>> {
    let picked: Vec<&str> = match value {
        Some(AnswerValue::Choice { option }) => vec![option.as_str()],
        Some(AnswerValue::Multi { options }) => options.iter().map(String::as_str).collect(),
        _ => Vec::new(),
    };
    let compared = q.kind == Kind::Choice && q.stance.is_some_and(|s| s.is_compared());
    q.options
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let on = picked.contains(&o.label.as_str());
            let mark = match (q.kind, on) {
                (Kind::Multi, true) => "[x]",
                (Kind::Multi, false) => "[ ]",
                (_, true) => "(•)",
                (_, false) => "( )",
            };
            let cursor = if q.kind == Kind::Multi && i == cursor { "›" } else { " " };
            let mut line = Line::from(format!("{cursor}{} {mark} {}", i + 1, o.label));
            // On a compared choice, the level its digit records, as the comparison will read it:
            // the digit picks the option, never the level.
            if let Some(score) = o.score.filter(|_| compared) {
                line.spans.push(Span::styled(
                    format!(" · level {}", crate::divergence::points(score / crate::bank::SCALE_MAX)),
                    widgets::dim(),
                ));
            }
            if on { line.style(Style::default().add_modifier(Modifier::BOLD)) } else { line }
        })
        .collect()
}

/// A number: the input while it is typed, else the value recorded and how to enter one.
fn number_lines<'a>(
    q: &'a Question,
    value: Option<&AnswerValue>,
    state: &InterviewState,
    keymap: &KeyMap,
) -> Vec<Line<'a>> {
    let unit = q.unit.as_deref().unwrap_or("");
    let range = match (q.min, q.max) {
        (Some(lo), Some(hi)) => format!(" (range {}–{})", format_number(lo), format_number(hi)),
        (Some(lo), None) => format!(" (at least {})", format_number(lo)),
        (None, Some(hi)) => format!(" (at most {})", format_number(hi)),
        (None, None) => String::new(),
    };
    match &state.number_input {
        Some(input) => vec![
            Line::from(vec![
                Span::raw("› "),
                Span::raw(input.lines().join("")).underlined(),
                Span::raw("▏"),
                Span::raw(format!(" {unit}")),
            ]),
            Line::styled(
                format!(
                    "{} to record · {} to cancel{range}",
                    widgets::keys(keymap, Context::NumberEntry, Action::Confirm),
                    widgets::keys(keymap, Context::NumberEntry, Action::Cancel)
                ),
                widgets::dim(),
            ),
        ],
        None => {
            let shown = match value {
                Some(AnswerValue::Number { value }) => format!("{} {unit}", format_number(*value)),
                _ => "—".into(),
            };
            vec![
                Line::from(shown).bold(),
                Line::styled(format!("type digits to enter a number in {unit}{range}"), widgets::dim()),
            ]
        }
    }
}
