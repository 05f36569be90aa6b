//! The notes editor and the number input: typing, pasting, text back from an external editor;
//! the part of a note the pane shows.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::style::{Modifier, Style};
use ratatui_textarea::{TextArea, WrapMode};

use super::{Ctx, InterviewState};
use crate::ui::command::{AnswerChange, Command};

/// The most of a note the inline editor holds: the editor lays out all it holds on every
/// keystroke, so a longer note is edited by its last lines, the rest kept as it is (the
/// external editor, Ctrl-E, gets all of it).
pub const EDIT_WINDOW: usize = 16 * 1024;

/// Where the editor's part of `notes` starts: 0, or for a note longer than [`EDIT_WINDOW`] the
/// first line that starts in its last window (a char boundary there if no line does).
pub fn window_start(notes: &str) -> usize {
    if notes.len() <= EDIT_WINDOW {
        return 0;
    }
    let mut from = notes.len() - EDIT_WINDOW;
    while !notes.is_char_boundary(from) {
        from += 1;
    }
    match notes[from..].find('\n') {
        Some(i) if from + i + 1 < notes.len() => from + i + 1,
        _ => from,
    }
}

/// Opens the inline editor on `notes` (their end, when they are huge).
pub(super) fn open_editor(state: &mut InterviewState, notes: &str) {
    state.editor_keeps = window_start(notes);
    state.editor = Some(editor(&notes[state.editor_keeps..]));
}

fn editor(notes: &str) -> TextArea<'static> {
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
pub(super) fn type_key(key: KeyEvent, state: &mut InterviewState, ctx: &Ctx) -> Vec<Command> {
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
    ctx.change(state, AnswerChange::Notes { text, keep: state.editor_keeps, kind: ctx.question(state).kind, mark })
}

/// Replaces the notes in the open editor (the text came back from an external editor).
pub fn replace_notes(text: &str, state: &mut InterviewState, ctx: &Ctx) -> Vec<Command> {
    // The whole text replaces the whole note; the editor then holds its end again.
    state.editor_keeps = 0;
    let change = notes_change(state, ctx, text.to_string());
    open_editor(state, text);
    vec![change]
}

/// A bracketed paste: one edit, however long.
pub(super) fn paste(text: &str, state: &mut InterviewState, ctx: &Ctx) -> Vec<Command> {
    if let Some(editor) = state.editor.as_mut() {
        editor.insert_str(text.replace("\r\n", "\n").replace('\r', "\n"));
        let text = editor.lines().join("\n");
        return vec![notes_change(state, ctx, text)];
    } else if let Some(input) = state.number_input.as_mut() {
        input.insert_str(text.chars().filter(|c| c.is_ascii_digit() || *c == '.' || *c == '-').collect::<String>());
    }
    Vec::new()
}

/// The start of `text` that can show in a `width`×`height` pane, wrapped: no more than
/// `height` lines, and no more characters than the pane has cells (a row shows at most `width`
/// of them). Found by reading that much of the text and no more.
pub fn visible_start(text: &str, width: u16, height: u16) -> &str {
    let cells = usize::from(width) * usize::from(height);
    let mut lines = 0;
    for (chars, (i, c)) in text.char_indices().enumerate() {
        if chars == cells {
            return &text[..i];
        }
        if c == '\n' {
            lines += 1;
            if lines == usize::from(height) {
                return &text[..i];
            }
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The notes pane drawn with `text`, as the screen draws it.
    fn drawn(text: &str, width: u16, height: u16) -> ratatui::buffer::Buffer {
        use ratatui::widgets::{Paragraph, Widget, Wrap};
        let area = ratatui::layout::Rect::new(0, 0, width, height);
        let mut buffer = ratatui::buffer::Buffer::empty(area);
        Paragraph::new(ratatui::text::Text::raw(text)).wrap(Wrap { trim: false }).render(area, &mut buffer);
        buffer
    }

    #[test]
    fn a_note_is_drawn_from_the_part_that_shows_alone() {
        let words = "launch deck 日本語 pricing, reps; a-very-long-word-that-wraps-alone-in-a-narrow-pane ";
        let mut texts: Vec<String> = vec![String::new(), "one line".into(), "\n\n\n".into()];
        texts.push(words.repeat(400));
        texts.push(words.repeat(400).replace("; ", "\n"));
        texts.push("x".repeat(5_000));
        texts.push("\n".repeat(30) + "after the blank lines");
        for text in &texts {
            for (width, height) in [(1, 1), (10, 3), (48, 5), (80, 20), (200, 60)] {
                let shown = visible_start(text, width, height);
                assert!(text.starts_with(shown));
                assert!(shown.chars().count() <= usize::from(width) * usize::from(height), "bounded by the pane");
                assert_eq!(drawn(shown, width, height), drawn(text, width, height), "{width}×{height}: {:.40}", text);
            }
        }
        // However long the note, what is read is the pane's worth.
        let huge = words.repeat(200_000);
        assert!(visible_start(&huge, 200, 60).len() <= 200 * 60 * 4);
    }

    #[test]
    fn a_huge_note_is_edited_by_its_last_lines() {
        assert_eq!(window_start("short"), 0);
        let lines = "a line of notes, ünïcödé too\n".repeat(10_000);
        let start = window_start(&lines);
        assert!(lines.len() - start <= EDIT_WINDOW && start > 0);
        assert!(lines[..start].ends_with('\n'), "from the start of a line");
        // One long line of multi-byte text: a char boundary inside the window.
        let long = "é".repeat(EDIT_WINDOW);
        let start = window_start(&long);
        assert!(long.is_char_boundary(start) && long.len() - start <= EDIT_WINDOW && start > 0);
    }
}
