//! The `?` overlay: every binding in force for the current screen, from the key map.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::ui::keymap::{Context, KeyMap};
use crate::ui::widgets;

/// The contexts whose keys matter on a screen: the screen's own and those it leads to.
fn related(context: Context) -> Vec<Context> {
    match context {
        Context::Interview | Context::Editor | Context::NumberEntry => {
            vec![Context::Interview, Context::Editor, Context::NumberEntry, Context::Palette, Context::FollowUps]
        }
        Context::Sessions => vec![Context::Sessions, Context::Form, Context::Confirm],
        Context::Session => vec![Context::Session, Context::FollowUps, Context::Form],
        Context::Divergence => vec![Context::Divergence],
        Context::Diagnosis => vec![Context::Diagnosis],
        other => vec![other],
    }
}

/// One line per binding, grouped under each context's title.
pub fn lines(keymap: &KeyMap, screen: Context) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for context in related(screen).into_iter().chain([Context::Global]) {
        lines.push(Line::from(Span::styled(context.title(), widgets::title_style())));
        for b in keymap.in_context(context) {
            lines.push(Line::from(vec![Span::raw(format!("  {:<10} ", b.keys_text())), Span::raw(b.help)]));
        }
    }
    lines
}

pub fn render(frame: &mut Frame, area: Rect, keymap: &KeyMap, screen: Context) {
    let mut lines = lines(keymap, screen);
    lines.push(Line::styled(
        format!("{} closes this help.", widgets::keys(keymap, Context::Help, crate::ui::keymap::Action::Cancel)),
        widgets::dim(),
    ));
    // Two columns when one would not fit the height.
    let fits = lines.len() as u16 + 2 <= area.height;
    let (width, height) =
        if fits { (76, lines.len() as u16 + 2) } else { (area.width, lines.len().div_ceil(2) as u16 + 2) };
    let inner = widgets::popup(frame, area, width, height, "Keys");
    if fits {
        frame.render_widget(Paragraph::new(lines), inner);
    } else {
        let [a, b] = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).spacing(1).areas(inner);
        let right = lines.split_off(lines.len().div_ceil(2));
        frame.render_widget(Paragraph::new(lines), a);
        frame.render_widget(Paragraph::new(right), b);
    }
}
