//! The small forms shown over a screen: a new session, a new interview.

use crossterm::event::KeyEvent;
use ratatui_textarea::TextArea;

/// A one-line text field.
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

pub struct NewSessionForm {
    pub fields: [Field; 2],
    pub focus: usize,
    pub error: Option<String>,
}

impl Default for NewSessionForm {
    fn default() -> Self {
        NewSessionForm {
            fields: [
                Field::new("Organisation", "required, e.g. Acme Ltd"),
                Field::new("Interviewer", "optional, your name"),
            ],
            focus: 0,
            error: None,
        }
    }
}

impl NewSessionForm {
    pub fn input(&mut self, key: KeyEvent) {
        self.error = None;
        self.fields[self.focus].input(key);
    }

    pub fn paste(&mut self, text: &str) {
        self.fields[self.focus].paste(text);
    }

    pub fn next_field(&mut self) {
        self.focus = (self.focus + 1) % self.fields.len();
    }
}

/// Adding an interview: choose the function, optionally name who is interviewed.
#[derive(Debug)]
pub struct AddInterviewForm {
    pub functions: Vec<(String, String)>,
    pub chosen: usize,
    /// 0 = function list, 1 = interviewee, 2 = role.
    pub focus: usize,
    pub interviewee: Field,
    pub role: Field,
    /// The time slot, in minutes.
    pub budget: Field,
    pub error: Option<String>,
}

/// The time slot an interview gets unless the interviewer says otherwise.
pub const DEFAULT_BUDGET_MINUTES: u32 = 45;

impl AddInterviewForm {
    /// `functions` are (function id, bank title); the list starts on `chosen`.
    pub fn new(functions: Vec<(String, String)>, chosen: usize) -> AddInterviewForm {
        AddInterviewForm {
            chosen: chosen.min(functions.len().saturating_sub(1)),
            functions,
            focus: 0,
            interviewee: Field::new("Interviewee", "optional name"),
            role: Field::new("Role", "optional, e.g. Head of Sales"),
            budget: Field::with_text("Minutes", &DEFAULT_BUDGET_MINUTES.to_string()),
            error: None,
        }
    }

    fn field(&mut self) -> Option<&mut Field> {
        match self.focus {
            1 => Some(&mut self.interviewee),
            2 => Some(&mut self.role),
            3 => Some(&mut self.budget),
            _ => None,
        }
    }

    pub fn input(&mut self, key: KeyEvent) {
        self.error = None;
        if let Some(f) = self.field() {
            f.input(key);
            return;
        }
        // On the function list, j/k move as they do in every other list.
        match key.code {
            crossterm::event::KeyCode::Char('j') => self.down(),
            crossterm::event::KeyCode::Char('k') => self.up(),
            _ => {}
        }
    }

    pub fn paste(&mut self, text: &str) {
        if let Some(f) = self.field() {
            f.paste(text);
        }
    }

    pub fn next_field(&mut self) {
        self.focus = (self.focus + 1) % 4;
    }

    /// The budget in minutes: 1–600, or why not.
    pub fn budget_minutes(&self) -> Result<u32, String> {
        let text = self.budget.value();
        match text.parse::<u32>() {
            Ok(m) if (1..=600).contains(&m) => Ok(m),
            _ => Err(format!("\"{text}\" is not a time slot: give the minutes, 1–600.")),
        }
    }

    pub fn up(&mut self) {
        self.chosen = self.chosen.checked_sub(1).unwrap_or(self.functions.len().saturating_sub(1));
    }

    pub fn down(&mut self) {
        self.chosen = if self.chosen + 1 >= self.functions.len() { 0 } else { self.chosen + 1 };
    }
}
