//! The `?` overlay: every binding in force for the current screen, from the key map.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::ui::command::Command;
use crate::ui::command::Component;
use crate::ui::env::Ctx;
use crate::ui::hits::Hits;
use crate::ui::keymap::{Action, Context, KeyMap};
use crate::ui::widgets;

/// The help over a screen: that screen's keys, scrolled this many rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Help {
    pub screen: Context,
    pub scroll: u16,
}

impl Help {
    pub fn over(screen: Context) -> Help {
        Help { screen, scroll: 0 }
    }
}

impl Component for Help {
    fn context(&self, _ctx: &Ctx) -> Context {
        Context::Help
    }

    fn update(&mut self, action: Action, _ctx: &Ctx) -> Vec<Command> {
        read_only(action, &mut self.scroll)
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx, _hits: &mut Hits) {
        render(frame, area, &ctx.env.keymap, self.screen, self.scroll);
    }
}

/// The keys of a read-only overlay in the help's context (help, retired answers): Esc, q or ?
/// close it, the arrows and pages scroll `scroll` rows; any other key keeps it open.
pub fn read_only(action: Action, scroll: &mut u16) -> Vec<Command> {
    match action {
        Action::Cancel | Action::Help => return vec![Command::Close],
        Action::Down => *scroll = scroll.saturating_add(1),
        Action::PageDown => *scroll = scroll.saturating_add(10),
        Action::Up => *scroll = scroll.saturating_sub(1),
        Action::PageUp => *scroll = scroll.saturating_sub(10),
        _ => {}
    }
    Vec::new()
}

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

/// Drawn in one column when it fits, else two; when two do not fit either, a window of them
/// `scroll` rows down, with the way to scroll on the last row.
fn render(frame: &mut Frame, area: Rect, keymap: &KeyMap, screen: Context, scroll: u16) {
    let mut lines = lines(keymap, screen);
    let close = widgets::keys(keymap, Context::Help, Action::Cancel);
    let fits = lines.len() as u16 + 3 <= area.height;
    if fits {
        lines.push(Line::styled(format!("{close} closes this help."), widgets::dim()));
        let inner = widgets::popup(frame, area, 76, lines.len() as u16 + 2, "Keys");
        frame.render_widget(Paragraph::new(lines), inner);
        return;
    }
    // Too long for the screen: one column, each help wrapped under its keys (two columns cut
    // them at 80), scrolled by the arrows, with what is left below said.
    let rows = area.height.saturating_sub(3).max(1);
    let inner = widgets::popup(frame, area, area.width, rows + 3, "Keys");
    let [body, last] = Layout::vertical([Constraint::Length(rows), Constraint::Length(1)]).areas(inner);
    let paragraph = Paragraph::new(wrapped(lines, body.width)).wrap(Wrap { trim: false });
    let total = u16::try_from(paragraph.line_count(body.width)).unwrap_or(u16::MAX);
    let hidden = total.saturating_sub(rows);
    let scroll = scroll.min(hidden);
    frame.render_widget(paragraph.scroll((scroll, 0)), body);
    let more = if hidden == scroll {
        String::new()
    } else {
        let down = widgets::keys(keymap, Context::Help, Action::Down);
        let up = widgets::keys(keymap, Context::Help, Action::Up);
        format!(" · {} more rows: {down} / {up} scroll", hidden - scroll)
    };
    frame.render_widget(Paragraph::new(format!("{close} closes this help{more}")).style(widgets::dim()), last);
}

/// The lines with a binding's help moved under its keys where the two do not fit one row, so a
/// wrapped help never runs back under the keys.
fn wrapped(lines: Vec<Line<'static>>, width: u16) -> Vec<Line<'static>> {
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        if line.width() <= usize::from(width) || line.spans.len() < 2 {
            out.push(line);
            continue;
        }
        let mut spans = line.spans.into_iter();
        let keys = spans.next().unwrap_or_default();
        out.push(Line::from(keys.content.trim_end().to_string()));
        out.push(Line::from(spans.map(|s| Span::raw(format!("      {}", s.content))).collect::<Vec<_>>()));
    }
    out
}
