//! The notes editor and the number input: typing, pasting, text back from an external editor.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::style::{Modifier, Style};
use ratatui_textarea::{TextArea, WrapMode};

use super::{Ctx, InterviewState};
use crate::ui::command::{AnswerChange, Command};

pub(super) fn editor(notes: &str) -> TextArea<'static> {
    let mut editor = TextArea::new(notes.split('\n').map(str::to_string).collect());
    editor.set_wrap_mode(WrapMode::WordOrGlyph);
    editor.set_cursor_line_style(Style::default());
    editor.set_cursor_style(Style::default().add_modifier(Modifier::REVERSED));
    editor.move_cursor(ratatui_textarea::CursorMove::Bottom);
    editor.move_cursor(ratatui_textarea::CursorMove::End);
    editor
}

pub(super) fn number_input() -> TextArea<'static> {
    let mut input = TextArea::default();
    input.set_cursor_line_style(Style::default());
    input.set_cursor_style(Style::default().add_modifier(Modifier::REVERSED));
    input
}

/// A key typed in the notes editor or the number input.
pub fn type_key(key: KeyEvent, state: &mut InterviewState, ctx: &Ctx) -> Vec<Command> {
    if let Some(editor) = state.editor.as_mut() {
        if editor.input(key) {
            let text = editor.lines().join("\n");
            return vec![notes_change(state, ctx, text)];
        }
    } else if let Some(input) = state.number_input.as_mut() {
        let allowed = match key.code {
            KeyCode::Char(c) => c.is_ascii_digit() || c == '.' || c == '-',
            KeyCode::Backspace | KeyCode::Delete | KeyCode::Left | KeyCode::Right | KeyCode::Home | KeyCode::End => {
                true
            }
            _ => false,
        };
        if allowed {
            input.input(key);
        }
    }
    Vec::new()
}

/// The notes now read `text`. The first change of each visit to the editor records the
/// interview clock, to line notes up with a recording.
fn notes_change(state: &mut InterviewState, ctx: &Ctx, text: String) -> Command {
    let mark = (!state.notes_marked).then(|| state.elapsed(ctx.interview.elapsed_seconds, ctx.env.now));
    state.notes_marked = true;
    ctx.change(state, AnswerChange::Notes { text, kind: ctx.question(state).kind, mark })
}

/// Replaces the notes in the open editor (the text came back from an external editor).
pub fn replace_notes(text: &str, state: &mut InterviewState, ctx: &Ctx) -> Vec<Command> {
    let mut editor = editor(text);
    editor.move_cursor(ratatui_textarea::CursorMove::Bottom);
    state.editor = Some(editor);
    vec![notes_change(state, ctx, text.to_string())]
}

/// A bracketed paste: one edit, however long.
pub fn paste(text: &str, state: &mut InterviewState, ctx: &Ctx) -> Vec<Command> {
    if let Some(editor) = state.editor.as_mut() {
        editor.insert_str(text.replace("\r\n", "\n").replace('\r', "\n"));
        let text = editor.lines().join("\n");
        return vec![notes_change(state, ctx, text)];
    } else if let Some(input) = state.number_input.as_mut() {
        input.insert_str(text.chars().filter(|c| c.is_ascii_digit() || *c == '.' || *c == '-').collect::<String>());
    }
    Vec::new()
}
