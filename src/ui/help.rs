//! The `?` overlay: every binding in force for the current screen, from the key map.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::keymap::{Context, KeyMap};
use super::widgets;

/// The contexts whose keys matter on a screen: the screen's own and those it leads to.
fn related(context: Context) -> Vec<Context> {
    match context {
        Context::Interview | Context::Editor | Context::NumberEntry => {
            vec![Context::Interview, Context::Editor, Context::NumberEntry]
        }
        Context::Sessions => vec![Context::Sessions, Context::Form, Context::Confirm],
        Context::Session => vec![Context::Session, Context::Form],
        other => vec![other],
    }
}

pub fn render(frame: &mut Frame, area: Rect, keymap: &KeyMap, screen: Context) {
    let mut lines = Vec::new();
    for context in related(screen).into_iter().chain([Context::Global]) {
        lines.push(Line::from(Span::styled(context.title(), widgets::title_style())));
        for b in keymap.in_context(context) {
            lines.push(Line::from(vec![Span::raw(format!("  {:<14}", b.keys_text())), Span::raw(b.help)]));
        }
        lines.push(Line::default());
    }
    lines.push(Line::styled("Esc or q closes this help.", widgets::dim()));
    let height = (lines.len() as u16 + 2).min(area.height);
    let inner = widgets::popup(frame, area, 76, height, "Keys");
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}
