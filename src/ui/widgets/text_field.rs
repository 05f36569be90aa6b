//! Draws a one-line form field: label, then (past the longest label) the text input with its
//! cursor when focused.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Span;

use crate::ui::form::Field;

pub fn render(frame: &mut Frame, area: Rect, field: &Field, focused: bool) {
    let [label, input] = Layout::horizontal([Constraint::Length(16), Constraint::Min(1)]).areas(area);
    let marker = if focused { "› " } else { "  " };
    frame.render_widget(Span::styled(format!("{marker}{}", field.label), super::title_style()), label);
    let mut textarea = field.input.clone();
    let cursor = if focused { Style::default().add_modifier(Modifier::REVERSED) } else { Style::default() };
    textarea.set_cursor_style(cursor);
    textarea.set_style(Style::default().add_modifier(Modifier::UNDERLINED));
    frame.render_widget(&textarea, input);
}
