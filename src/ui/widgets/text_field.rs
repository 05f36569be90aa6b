//! A one-line text field: its state, and how it is drawn — label, then (past the longest
//! label) the text input with its cursor when focused.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Span;
use ratatui_textarea::TextArea;

#[derive(Debug)]
pub struct Field {
    pub label: &'static str,
    pub input: TextArea<'static>,
}

impl Field {
    pub fn new(label: &'static str, placeholder: &str) -> Field {
        let mut input = TextArea::default();
        input.set_placeholder_text(placeholder);
        input.set_cursor_line_style(ratatui::style::Style::default());
        Field { label, input }
    }

    pub fn with_text(label: &'static str, text: &str) -> Field {
        let mut field = Field::new(label, "");
        field.input.insert_str(text);
        field
    }

    /// The text, trimmed; one line only.
    pub fn value(&self) -> String {
        self.input.lines().join(" ").trim().to_string()
    }

    pub fn input(&mut self, key: KeyEvent) {
        // Enter is taken by the form, so a field never holds a line break.
        self.input.input(key);
    }

    pub fn paste(&mut self, text: &str) {
        self.input.insert_str(text.replace(['\r', '\n'], " "));
    }
}

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
