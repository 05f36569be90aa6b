//! Pieces shared by the screens: the footer, popups, progress text and styles.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::{Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph};

use super::keymap::Context;
use super::keymap::KeyMap;

pub mod text_field;

/// Smallest terminal the screens are laid out for.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// Titles: bold in every theme (see [`super::theme`]), so no caller needs the theme for them.
pub fn title_style() -> Style {
    super::theme::TITLE
}

/// Secondary text: dim in every theme.
pub fn dim() -> Style {
    super::theme::DIM
}

/// The selected row: reversed in every theme.
pub fn selected() -> Style {
    super::theme::SELECTED
}

/// The key hints of the current context, from the key map. `answer` words the digits' hint
/// for the question on screen ("0–4 score", "1–6 pick"); None there leaves it out.
pub fn footer(
    frame: &mut Frame,
    area: Rect,
    keymap: &KeyMap,
    context: Context,
    answer: Option<Option<(String, &'static str)>>,
) {
    let mut spans = Vec::new();
    let mut used = 0;
    for (action, keys, what) in keymap.footer_actions(context) {
        let (keys, what) = match (&answer, action) {
            (Some(Some((k, w))), crate::ui::keymap::Action::Digit(_)) => (k.clone(), *w),
            (Some(None), crate::ui::keymap::Action::Digit(_)) => continue,
            _ => (keys, what),
        };
        // A hint shows whole or not at all: one cut mid-word reads as another key (help has them all).
        let gap = if spans.is_empty() { 0 } else { 2 };
        let width = gap + keys.chars().count() + 1 + what.chars().count();
        if used + width > usize::from(area.width) {
            continue;
        }
        used += width;
        if gap > 0 {
            spans.push(Span::raw("  "));
        }
        spans.push(Span::raw(keys).bold());
        spans.push(Span::raw(format!(" {what}")));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)).style(dim()), area);
}

/// How many lines `text` takes wrapped at `width` columns (as a wrapping paragraph draws it).
pub fn wrapped_height(text: &str, width: u16) -> u16 {
    let lines = Paragraph::new(text).wrap(ratatui::widgets::Wrap { trim: false }).line_count(width.max(1));
    u16::try_from(lines).unwrap_or(u16::MAX)
}

/// A bordered popup of at most `width`×`height` centred in `area`, cleared underneath.
pub fn popup(frame: &mut Frame, area: Rect, width: u16, height: u16, title: &str) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(height.min(area.height))]).flex(Flex::Center).areas(area);
    let [rect] = Layout::horizontal([Constraint::Length(width.min(area.width))]).flex(Flex::Center).areas(row);
    frame.render_widget(Clear, rect);
    let block =
        Block::bordered().border_type(BorderType::Rounded).title(format!(" {title} ")).title_style(title_style());
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    inner
}

pub fn too_small(frame: &mut Frame) {
    let area = frame.area();
    let text = format!(
        "Terminal too small: need {MIN_WIDTH}×{MIN_HEIGHT}, have {}×{}. Enlarge it, or press Ctrl-C to quit.",
        area.width, area.height
    );
    frame.render_widget(Paragraph::new(text).wrap(ratatui::widgets::Wrap { trim: true }), area);
}

/// The keys in force for an action, as the footer shows them, for hints written into screens:
/// a rebinding in the config file shows there too.
pub fn keys(keymap: &KeyMap, context: Context, action: crate::ui::keymap::Action) -> String {
    keymap.keys_of(context, action).unwrap_or_else(|| "?".into())
}

/// A context's footer keys as one line, for an overlay's own hint ("n new · Enter edit").
pub fn footer_of(keymap: &KeyMap, context: Context) -> String {
    keymap.footer(context).into_iter().map(|(keys, label)| format!("{keys} {label}")).collect::<Vec<_>>().join(" · ")
}

/// The usual hint under a form: confirm, next field, cancel.
pub fn form_hint(keymap: &KeyMap, confirm: &str) -> String {
    use crate::ui::keymap::Action;
    format!(
        "{} {confirm} · {} next field · {} cancel",
        keys(keymap, Context::Form, Action::Confirm),
        keys(keymap, Context::Form, Action::NextField),
        keys(keymap, Context::Form, Action::Cancel)
    )
}

/// "y delete · n keep" from the confirmation keys in force.
pub fn confirm_hint(keymap: &KeyMap, yes: &str, no: &str) -> String {
    use crate::ui::keymap::Action;
    format!(
        "{} {yes} · {} {no}",
        keys(keymap, Context::Confirm, Action::Confirm),
        keys(keymap, Context::Confirm, Action::Cancel)
    )
}

/// A bordered table under a two-row heading: where its rows start and how many show.
pub struct TableRows {
    pub first_y: u16,
    pub visible: usize,
}

impl TableRows {
    /// For a screen body whose first two rows are a heading, then the bordered table with a
    /// header row.
    pub fn in_body(body: Rect) -> TableRows {
        TableRows { first_y: body.y + 4, visible: usize::from(body.height.saturating_sub(5)) }
    }

    /// The first row shown so that `selected` is in view.
    pub fn offset(&self, selected: usize) -> usize {
        selected.saturating_sub(self.visible.saturating_sub(1))
    }

    /// Records where each shown row of `count` items (from `offset`) was drawn in `table`.
    pub fn record(
        &self,
        hits: &mut crate::ui::hits::Hits,
        table: Rect,
        offset: usize,
        count: usize,
        hit: fn(usize) -> crate::ui::hits::Hit,
    ) {
        let inner = table.inner(ratatui::layout::Margin::new(1, 0));
        for i in 0..count.saturating_sub(offset).min(self.visible) {
            let y = self.first_y + i as u16;
            if y < table.bottom().saturating_sub(1) {
                hits.record(Rect::new(inner.x, y, inner.width, 1), hit(offset + i));
            }
        }
    }
}

/// A duration in whole minutes, as the interview header shows it: "<1 min", "12 min", "1 h 05".
/// Minutes are all an interviewer needs at a glance, and a clock that turns once a minute lets
/// the program sleep in between.
pub fn minutes(seconds: u64) -> String {
    match seconds / 60 {
        0 if seconds > 0 => "<1 min".into(),
        m if m < 60 => format!("{m} min"),
        m => format!("{} h {:02}", m / 60, m % 60),
    }
}

/// A ten-cell bar for a fraction, readable without colour.
pub fn bar(done: usize, total: usize) -> String {
    let filled = if total == 0 { 0 } else { (done * 10).div_ceil(total).min(10) };
    format!("{}{}", "█".repeat(filled), "░".repeat(10 - filled))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minutes_as_the_header_shows_them() {
        let shown: Vec<String> = [0, 1, 59, 60, 119, 725, 3599, 3600, 3900].map(minutes).into();
        assert_eq!(shown, ["0 min", "<1 min", "<1 min", "1 min", "1 min", "12 min", "59 min", "1 h 00", "1 h 05"]);
    }

    #[test]
    fn bars() {
        assert_eq!(bar(0, 10), "░░░░░░░░░░");
        assert_eq!(bar(1, 30), "█░░░░░░░░░");
        assert_eq!(bar(30, 30), "██████████");
    }
}
