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
    // Unfocused and empty, the placeholder alone, where every value starts (the text input would
    // put it one column right, after a cursor cell it does not show).
    if !focused && field.input.is_empty() {
        let placeholder = field.input.placeholder_text().to_string();
        frame.render_widget(Span::styled(placeholder, super::dim()), input);
        return;
    }
    let mut textarea = field.input.clone();
    let cursor = if focused { Style::default().add_modifier(Modifier::REVERSED) } else { Style::default() };
    textarea.set_cursor_style(cursor);
    textarea.set_style(Style::default().add_modifier(Modifier::UNDERLINED));
    frame.render_widget(&textarea, input);
}

/// The methods of a [`crate::ui::command::Component`] that is a form whose typing all goes to
/// its `form` ([`Fields`]): its key context, and typed and pasted text. Written once for every
/// such form.
macro_rules! typed_into_form {
    () => {
        fn context(&self, _ctx: &Ctx) -> Context {
            Context::Form
        }

        fn input(&mut self, key: crossterm::event::KeyEvent, _ctx: &Ctx) -> Vec<Command> {
            self.form.input(key);
            Vec::new()
        }

        fn paste(&mut self, text: &str, _ctx: &Ctx) -> Vec<Command> {
            self.form.paste(text);
            Vec::new()
        }
    };
}
pub(crate) use typed_into_form;

/// What a form's popup says around its fields (see [`Fields::popup`]).
pub struct Popup<'a> {
    pub title: &'a str,
    /// A line on what the form is for, above the fields.
    pub about: Option<&'a str>,
    /// What the fields take, below them.
    pub note: Option<&'a str>,
    /// What Enter does: "create", "keep".
    pub verb: &'a str,
}

/// The one-line fields of a form, one focused, and the error the last confirm gave: what the
/// new-session and launch forms type into, move through and draw alike.
#[derive(Debug)]
pub struct Fields<const N: usize> {
    pub fields: [Field; N],
    pub focus: usize,
    pub error: Option<String>,
}

impl<const N: usize> Fields<N> {
    pub fn new(fields: [Field; N]) -> Self {
        Fields { fields, focus: 0, error: None }
    }

    /// The next field (or the previous), round the end.
    pub fn step(&mut self, forward: bool) {
        self.focus = if forward { (self.focus + 1) % N } else { (self.focus + N - 1) % N };
    }

    /// A key typed: into the focused field; the error it answered is gone.
    pub fn input(&mut self, key: KeyEvent) {
        self.error = None;
        self.fields[self.focus].input(key);
    }

    pub fn paste(&mut self, text: &str) {
        self.fields[self.focus].paste(text);
    }

    /// Every field's value, in order.
    pub fn values(&self) -> [String; N] {
        self.fields.each_ref().map(Field::value)
    }

    /// Refused: says why and puts the cursor on the field at fault.
    pub fn refuse(&mut self, field: usize, why: String) {
        self.focus = field;
        self.error = Some(why);
    }

    /// The fields, one per row of `rows`, and the error, wrapped, in `error`.
    pub fn render(&self, frame: &mut Frame, rows: [Rect; N], error: Rect) {
        for (k, row) in rows.into_iter().enumerate() {
            render(frame, row, &self.fields[k], self.focus == k);
        }
        if let Some(e) = &self.error {
            let text = ratatui::widgets::Paragraph::new(format!("⚠ {e}"));
            frame.render_widget(text.wrap(ratatui::widgets::Wrap { trim: false }), error);
        }
    }

    /// The form in a popup of its own: `about` above the fields, `note` (wrapped on two rows)
    /// below them, then the error and the keys, Enter doing `verb`. What the new-session,
    /// launch and scope forms draw alike.
    pub fn popup(&self, frame: &mut Frame, area: Rect, ctx: &crate::ui::env::Ctx, popup: Popup) {
        use ratatui::layout::{Constraint, Layout};
        use ratatui::widgets::{Paragraph, Wrap};
        let error_lines = self.error_height(70);
        let (about, note) = (u16::from(popup.about.is_some()) * 2, u16::from(popup.note.is_some()) * 2);
        let inner = super::popup(frame, area, 72, N as u16 + about + note + error_lines + 4, popup.title);
        let rows = Layout::vertical([about, N as u16, note, 1, error_lines, 1].map(Constraint::Length)).split(inner);
        if let Some(text) = popup.about {
            frame.render_widget(Paragraph::new(text).style(super::dim()), rows[0]);
        }
        let fields: [Rect; N] = std::array::from_fn(|k| Rect { y: rows[1].y + k as u16, height: 1, ..rows[1] });
        self.render(frame, fields, rows[4]);
        if let Some(text) = popup.note {
            frame.render_widget(Paragraph::new(text).style(super::dim()).wrap(Wrap { trim: true }), rows[2]);
        }
        let hint = super::form_hint(&ctx.env.keymap, popup.verb);
        frame.render_widget(Paragraph::new(hint).style(super::dim()), rows[5]);
    }

    /// How many rows the error needs at `width` (one when there is none).
    pub fn error_height(&self, width: u16) -> u16 {
        self.error.as_ref().map_or(1, |e| super::wrapped_height(&format!("⚠ {e}"), width))
    }
}
