//! Drawing the divergence screen: heading and legend, the matrix, the detail pane.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph, Wrap};

use super::{DivergenceView, function_title, verdict_style};
use crate::divergence::LEGEND;
use crate::session::Session;
use crate::ui::env::Env;
use crate::ui::hits::{Hit, Hits};

/// Colours that repeat the symbols' meaning; never the only signal (none under NO_COLOR).
pub(super) fn render(
    frame: &mut Frame,
    area: Rect,
    view: &DivergenceView,
    session: &Session,
    env: &Env,
    hits: &mut Hits,
) {
    let d = &view.data;
    // Claims carry marks of their own, never colour alone.
    let claims = if view.claims.is_empty() { "" } else { " · ⊘ a claim refuted · ◌ a claim to verify" };
    let since = view
        .since
        .as_ref()
        .map_or(String::new(), |s| format!(" · since {}: ↑ better ↓ worse ↕ mixed (a scale point or more)", s.earlier));
    let legend_text = format!("{LEGEND}{claims}{since}");
    // Among the other engagements, once there is one: before, there is nothing to say.
    let among = view.among.filter(|a| a.others > 0);
    let among = among.and_then(|a| Some(format!(" ({})", a.gap_index?.words(a.min)))).unwrap_or_default();
    let index = match d.gap_index {
        Some(g) => format!("gap index {g:.0}/100 over {} cell{}{among}", d.cells_compared, plural(d.cells_compared)),
        None => "gap index: no topic compared yet".to_string(),
    };
    // The level beside the gap: agreeing that little arrived is no comfort.
    let readiness = d.readiness.map_or(String::new(), |r| format!(" · readiness {r:.0}/100"));
    let title = Line::from(vec![
        Span::styled(format!("Divergence · {}", session.organisation), env.theme.title),
        Span::raw(format!(" · {index}{readiness}")),
    ]);
    let legend = Paragraph::new(vec![title, Line::styled(legend_text, env.theme.dim)]).wrap(Wrap { trim: false });
    // The whole heading and legend, on as many lines as the width needs (a long organisation's
    // name wraps the heading too).
    let head_rows = u16::try_from(legend.line_count(area.width)).unwrap_or(u16::MAX);
    let [head, matrix, detail] = areas(area, head_rows);
    frame.render_widget(legend, head);
    if d.topics.is_empty() {
        frame.render_widget(Paragraph::new("No topic in these banks has a communicated question."), matrix);
        return;
    }
    render_matrix(env, view, frame, matrix, hits);
    super::detail::render_detail(env, view, session, frame, detail);
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The screen's parts: heading with legend (`head` rows), matrix, detail pane.
fn areas(area: Rect, head: u16) -> [Rect; 3] {
    Layout::vertical([Constraint::Length(head), Constraint::Percentage(45), Constraint::Fill(1)]).areas(area)
}

/// The matrix's column widths: marker (2), topic (at least 20 where it fits), communicated, one
/// per receiver, the ≠ mark.
#[derive(Clone, Copy)]
struct Columns {
    topic_width: usize,
    communicated_width: usize,
    cell_width: usize,
}

impl Columns {
    /// The widths in `inner_width` for `receivers` columns and topics as long as `longest`:
    /// the topic column no wider than its longest title, what is left shared by the claim and
    /// the cells, so a wide screen shows whole labels rather than a wide empty topic column.
    fn of(inner_width: u16, receivers: usize, longest: usize) -> Columns {
        let n = receivers.max(1);
        let width = usize::from(inner_width);
        let mut communicated_width = 11;
        let fixed = |claim: usize| 2 + claim + 3;
        let mut cell_width = (width.saturating_sub(fixed(communicated_width) + 20) / n).saturating_sub(1).clamp(11, 14);
        let room = width.saturating_sub(fixed(communicated_width) + n * (cell_width + 1)).max(12);
        let topic_width = room.min(longest + 1).max(12);
        // What the topics do not need: the claim up to 16, then the cells up to 24.
        let spare = room - topic_width;
        let to_claim = spare.min(16 - communicated_width);
        communicated_width += to_claim;
        cell_width += ((spare - to_claim) / n).min(24 - cell_width.min(24));
        Columns { topic_width, communicated_width, cell_width }
    }

    /// Where receiver `c`'s cell starts (relative to the matrix's inner area), after the space
    /// before it.
    fn cell_x(&self, c: usize) -> usize {
        2 + self.topic_width + self.communicated_width + c * (self.cell_width + 1) + 1
    }
}

/// The first topic row shown: the selected one stays in view, centred when the list is long.
fn row_offset(row: usize, rows: usize, height: usize) -> usize {
    row.saturating_sub(height / 2).min(rows.saturating_sub(height))
}

fn render_matrix(env: &Env, view: &DivergenceView, frame: &mut Frame, area: Rect, hits: &mut Hits) {
    let d = &view.data;
    let block = Block::bordered().border_type(BorderType::Rounded);
    let inner = block.inner(area);
    let height = usize::from(inner.height.saturating_sub(1));
    let offset = row_offset(view.row, d.topics.len(), height);
    // Which row is selected among how many, and that more lie above or below.
    let below = d.topics.len().saturating_sub(offset + height);
    let more = match (offset, below) {
        (0, 0) => String::new(),
        (0, b) => format!(" · ↓ {b} more"),
        (a, 0) => format!(" · ↑ {a} more"),
        (a, b) => format!(" · ↑ {a} · ↓ {b} more"),
    };
    let block = block
        .title(" Topics × receiving functions, most severe first ")
        .title_bottom(Line::from(format!(" topic {} of {}{more} ", view.row + 1, d.topics.len())).right_aligned());
    frame.render_widget(block, area);
    let longest = d.topics.iter().map(|t| t.title.chars().count()).max().unwrap_or(0);
    let columns = Columns::of(inner.width, d.receivers.len(), longest);
    let Columns { topic_width, communicated_width, cell_width } = columns;
    let mut lines = vec![header_line(env, &d.receivers, &columns)];
    for (r, t) in d.topics.iter().enumerate().skip(offset).take(height) {
        let y = inner.y + 1 + (r - offset) as u16;
        hits.record(Rect::new(inner.x, y, inner.width, 1), Hit::Topic { row: r, column: None });
        let marker = if r == view.row { "› " } else { "  " };
        let mut spans = vec![
            Span::raw(marker),
            Span::raw(format!("{} ", fit(&t.title, topic_width.saturating_sub(1)))),
            Span::raw(fit(&communicated_label(env, t), communicated_width)),
        ];
        for (c, f) in d.receivers.iter().enumerate() {
            spans.push(Span::raw(" "));
            match t.cell(f) {
                Some(cell) => {
                    let x = inner.x.saturating_add(columns.cell_x(c) as u16);
                    let cell_area = Rect::new(x, y, cell_width as u16, 1).intersection(inner);
                    hits.record(cell_area, Hit::Topic { row: r, column: Some(c) });
                    let mut style = verdict_style(cell.verdict, &env.theme);
                    if r == view.row && c == view.column {
                        style = style.patch(env.theme.selected);
                    }
                    // The whole cell; where it does not fit, the level and the symbol without the
                    // gap; then the comparison alone.
                    let claim = view.claim_mark(&t.topic, f).map_or(String::new(), |m| format!("{m} "));
                    // What moved since the earlier engagement, first: it must not be cut.
                    let moved = view
                        .moved(&t.topic, f)
                        .filter(|m| m.movement != crate::compare::Movement::Unchanged)
                        .map_or(String::new(), |m| format!("{} ", m.movement.symbol()));
                    let mark = format!("{moved}{claim}");
                    let fits = |l: &String| l.chars().count() <= cell_width;
                    let label = [format!("{mark}{}", cell.label()), format!("{mark}{}", compact(cell))]
                        .into_iter()
                        .find(fits)
                        .unwrap_or_else(|| format!("{mark}{}", cell.short_label()));
                    spans.push(Span::styled(fit(&label, cell_width), style));
                }
                None => spans.push(Span::styled(fit("·", cell_width), env.theme.dim)),
            }
        }
        // The row's findings: receivers disagree, and (✗) both sides agree little was done.
        let marks =
            format!(" {}{}", if t.inconsistent() { "≠" } else { " " }, if t.agreed_weakness() { "✗" } else { " " });
        spans.push(Span::raw(marks));
        let line = Line::from(spans);
        lines.push(if r == view.row { line.add_modifier(Modifier::BOLD) } else { line });
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// `s` cut with "…" or padded to `w` columns.
/// A compared cell as its level and symbol ("1.0 ▲▲"), for a narrow column; any other as its
/// label.
fn compact(cell: &crate::divergence::Cell) -> String {
    match (cell.received.score, cell.gap) {
        (Some(level), Some(_)) => {
            let symbol = match cell.verdict {
                crate::divergence::Verdict::AlignedStrong => "= ✓",
                crate::divergence::Verdict::AgreedWeakness => "= ✗",
                v => v.symbol(),
            };
            format!("{} {symbol}{}", crate::divergence::points(level), cell.received.conditions_mark())
        }
        _ => cell.label(),
    }
}

fn fit(s: &str, w: usize) -> String {
    let count = s.chars().count();
    let mut out: String = if count > w { s.chars().take(w - 1).chain(['…']).collect() } else { s.to_string() };
    out.push_str(&" ".repeat(w.saturating_sub(count.min(w))));
    out
}

/// The column headings: topic, communicated (headed "Claim"), each receiving function, the ≠
/// mark.
fn header_line(env: &Env, receivers: &[String], columns: &Columns) -> Line<'static> {
    let Columns { topic_width, communicated_width, cell_width } = *columns;
    let mut header = vec![Span::raw(fit("  Topic", topic_width + 2)), Span::raw(fit("Claim", communicated_width))];
    for f in receivers {
        header.push(Span::raw(" "));
        // The bank's title where it fits, else its short name ("CS", "Eng").
        let title = function_title(env, f);
        let name = if title.chars().count() <= cell_width {
            title
        } else {
            env.catalog.bank(f).map_or(title, |b| b.short_name())
        };
        header.push(Span::raw(fit(name, cell_width)));
    }
    header.push(Span::raw(" ≠"));
    Line::from(header).style(env.theme.title)
}

/// What was communicated and by whom: "3.0 (PM)"; "each (PM)" where each receiver has a
/// communicated side of its own (shown in the detail pane).
fn communicated_label(env: &Env, t: &crate::divergence::TopicDivergence) -> String {
    let who = env.catalog.bank(&t.communicated.function).map_or(t.communicated.function.as_str(), |b| b.short_name());
    let communicated = if t.cells.iter().any(|c| c.addressed) { "each".to_string() } else { t.communicated.label() };
    format!("{communicated} ({who})")
}
