//! Drawing the palette: the query, the count, and the matches with their function, matched
//! letters and ids.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Palette;
use crate::ui::widgets;

pub(super) fn render(frame: &mut Frame, area: Rect, palette: &Palette) {
    let width = area.width.saturating_sub(4).min(110);
    let height = area.height.saturating_sub(2).min(24);
    let inner = widgets::popup(frame, area, width, height, "Go to — questions, topics, commands");
    let [query, count, list] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1), Constraint::Fill(1)]).areas(inner);
    let [prompt, input] = Layout::horizontal([Constraint::Length(2), Constraint::Fill(1)]).areas(query);
    frame.render_widget(Span::styled("› ", widgets::title_style()), prompt);
    let mut textarea = palette.query.input.clone();
    textarea.set_cursor_style(Style::default().add_modifier(Modifier::REVERSED));
    frame.render_widget(&textarea, input);
    let mut shown = format!("{} of {} match", palette.match_count(), palette.entries().len());
    if palette.ranking() {
        // The list may still change under the selection: said, not hidden.
        shown.push_str(" so far · ranking the rest");
    }
    if palette.home.is_some() {
        shown.push_str(" · this interview first · → asks to leave it");
    }
    frame.render_widget(Paragraph::new(shown).style(widgets::dim()), count);
    let rows = usize::from(list.height);
    let offset = palette.selected.saturating_sub(rows.saturating_sub(1));
    // Where room is short the functions' short names, and the text keeps half the row.
    let narrow = list.width < 90;
    let tag_width = if narrow { 10 } else { 22 };
    let lines: Vec<Line> = palette
        .matches
        .iter()
        .enumerate()
        .skip(offset)
        .take(rows)
        .map(|(n, (i, _, positions))| {
            let e = &palette.entries()[*i];
            let arrow = if palette.is_elsewhere(*i) { "→ " } else { "" };
            let tag = if narrow { &e.short_tag } else { &e.tag };
            let tag: String = arrow.chars().chain(tag.chars()).take(tag_width - 1).collect();
            let mut spans = vec![Span::styled(format!("{tag:<tag_width$}"), widgets::dim())];
            let mark = Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
            // The topic first (what the question compares), then the question's own id, kept
            // whole at the end of the row: the text gives way to them.
            let ids = shown_ids(e, usize::from(list.width).saturating_sub(tag_width));
            let room = usize::from(list.width).saturating_sub(tag_width + ids.chars().count());
            let long = e.text.chars().count() > room;
            // Matched characters are highlighted; runs of plain text stay in one span.
            let mut plain = String::new();
            for (k, c) in e.text.chars().take(if long { room.saturating_sub(1) } else { room }).enumerate() {
                if positions.contains(&k) {
                    spans.push(Span::raw(std::mem::take(&mut plain)));
                    spans.push(Span::styled(c.to_string(), mark));
                } else {
                    plain.push(c);
                }
            }
            if long {
                plain.push('…');
            }
            spans.push(Span::raw(plain));
            spans.push(Span::styled(ids, widgets::dim()));
            let line = Line::from(spans);
            if n == palette.selected { line.style(widgets::selected()) } else { line }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
}

/// The ids shown after an entry's text in `width` columns: its topic's and its own, else its
/// own; never more than half the row (the text keeps the rest), cut at the start so the
/// distinctive end shows («…checked-customer-success»).
fn shown_ids(e: &super::Entry, width: usize) -> String {
    if e.ids.is_empty() {
        return String::new();
    }
    let half = width / 2;
    let all: Vec<&str> = e.ids.iter().rev().map(String::as_str).collect();
    let all = format!("  · {}", all.join(" · "));
    if all.chars().count() <= half {
        return all;
    }
    let own = format!("  · {}", e.ids[0]);
    let count = own.chars().count();
    if count <= half {
        return own;
    }
    // "  · …" and as much of the id's end as makes half the row.
    let tail: String = e.ids[0].chars().skip((count + 1).saturating_sub(half)).collect();
    format!("  · …{tail}")
}
