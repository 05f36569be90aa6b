//! Screen 4: the divergence matrix — topics × receiving functions, most severe first — with the
//! answers behind the selected cell side by side.

use std::collections::HashMap;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style, Stylize};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, BorderType, Paragraph, Wrap};

use super::app::{App, Screen};
use super::command::Command;
use super::keymap::Action;
use super::theme::Theme;
use crate::bank::Catalog;
use crate::divergence::{Cell, Divergence, LEGEND, Side, TopicDivergence, Verdict, terms};
use crate::session::Session;

/// The matrix as computed when the screen opened, the selected cell, and the evidence behind
/// each topic selected so far.
pub struct DivergenceView {
    /// The matrix alone: cheap to compute for any session, so opening the screen is.
    pub data: Divergence,
    /// By topic id: the topic whole (voices and contrasting terms), computed the first time its
    /// row is selected; the cost is one topic's answers, not the session's.
    details: HashMap<String, TopicDivergence>,
    pub row: usize,
    /// Index into `data.receivers`.
    pub column: usize,
}

impl DivergenceView {
    pub fn new(session: &Session, catalog: &Catalog) -> DivergenceView {
        let data = crate::divergence::matrix(session, catalog);
        let mut view = DivergenceView { data, details: HashMap::new(), row: 0, column: 0 };
        view.column = view.first_cell_column(0).unwrap_or(0);
        view.load_selected(session, catalog);
        view
    }

    /// Selects the row of `topic` (from the palette).
    fn select_topic(&mut self, topic: &str) {
        if let Some(row) = self.data.topics.iter().position(|t| t.topic == topic) {
            self.row = row;
            self.column = self.first_cell_column(row).unwrap_or(0);
        }
    }

    /// Computes the selected topic's evidence, the first time it is selected. Called after
    /// every change of row, so that drawing only reads.
    fn load_selected(&mut self, session: &Session, catalog: &Catalog) {
        let Some(id) = self.data.topics.get(self.row).map(|t| t.topic.as_str()) else { return };
        if !self.details.contains_key(id)
            && let Some(whole) = crate::divergence::topic(session, catalog, id)
        {
            self.details.insert(id.to_string(), whole);
        }
    }

    /// The selected topic, whole when its evidence is loaded.
    fn topic(&self) -> Option<&TopicDivergence> {
        let t = self.data.topics.get(self.row)?;
        Some(self.details.get(&t.topic).unwrap_or(t))
    }

    fn cell(&self) -> Option<&Cell> {
        self.topic()?.cell(self.data.receivers.get(self.column)?)
    }

    fn first_cell_column(&self, row: usize) -> Option<usize> {
        let t = self.data.topics.get(row)?;
        self.data.receivers.iter().position(|f| t.cell(f).is_some())
    }

    /// Moves to the next column of this row that has a cell.
    fn step_column(&mut self, forward: bool) {
        let Some(t) = self.topic() else { return };
        let n = self.data.receivers.len();
        let mut c = self.column;
        for _ in 0..n {
            c = if forward { (c + 1).min(n - 1) } else { c.saturating_sub(1) };
            if t.cell(&self.data.receivers[c]).is_some() {
                self.column = c;
                return;
            }
        }
    }

    fn step_row(&mut self, forward: bool) {
        let n = self.data.topics.len();
        self.row = if forward { (self.row + 1).min(n.saturating_sub(1)) } else { self.row.saturating_sub(1) };
        // Stay in the column if this row has a cell there, else take its first cell.
        if self.cell().is_none() {
            self.column = self.first_cell_column(self.row).unwrap_or(self.column);
        }
    }
}

pub fn open(app: &mut App) {
    open_at(app, None);
}

/// Opens the screen on `topic`'s row, or on the most severe.
pub fn open_at(app: &mut App, topic: Option<&str>) {
    let Some(open) = app.open.as_mut() else { return };
    let mut view = DivergenceView::new(open.session(), &app.catalog);
    if let Some(topic) = topic {
        view.select_topic(topic);
        view.load_selected(open.session(), &app.catalog);
    }
    open.divergence = Some(view);
    app.screen = Screen::Divergence;
}

/// One key on the divergence screen: a component of its own view, reading the session and
/// the catalog; what it cannot do itself (leave) it returns.
pub fn update(action: Action, view: &mut DivergenceView, session: &Session, catalog: &Catalog) -> Vec<Command> {
    match action {
        Action::Up => view.step_row(false),
        Action::Down => view.step_row(true),
        Action::Previous => view.step_column(false),
        Action::Next => view.step_column(true),
        Action::Back => return vec![Command::CloseDivergence],
        _ => {}
    }
    view.load_selected(session, catalog);
    Vec::new()
}

/// Colours that repeat the symbols' meaning; never the only signal (none under NO_COLOR).
fn verdict_style(verdict: Verdict, theme: &Theme) -> Style {
    theme.verdict(verdict)
}

fn function_title<'a>(app: &'a App, function: &'a str) -> &'a str {
    app.catalog.bank(function).map_or(function, |b| b.title.as_str())
}

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let Some(open) = app.open.as_ref() else { return };
    let Some(view) = open.divergence.as_ref() else { return };
    let d = &view.data;
    let [head, matrix, detail] = areas(area);
    let index = match d.gap_index {
        Some(g) => format!("gap index {g:.0}/100 from {} compared cell{}", d.cells_compared, plural(d.cells_compared)),
        None => "gap index: no topic compared yet".to_string(),
    };
    let title = Line::from(vec![
        Span::styled(format!("Divergence · {}", open.session().organisation), app.theme.title),
        Span::raw(format!(" · {index}")),
    ]);
    let legend = Paragraph::new(vec![title, Line::styled(LEGEND, app.theme.dim)]).wrap(Wrap { trim: true });
    frame.render_widget(legend, head);
    if d.topics.is_empty() {
        frame.render_widget(Paragraph::new("No topic in these banks has a communicated question."), matrix);
        return;
    }
    render_matrix(app, view, frame, matrix);
    render_detail(app, view, frame, detail);
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The screen's parts: heading with legend, matrix, detail pane.
fn areas(area: Rect) -> [Rect; 3] {
    Layout::vertical([Constraint::Length(3), Constraint::Percentage(45), Constraint::Fill(1)]).areas(area)
}

/// The matrix's column widths: marker (2), topic (at least 20 where it fits), claim, one per
/// receiver, the ≠ mark.
struct Columns {
    topic_width: usize,
    claim_width: usize,
    cell_width: usize,
}

impl Columns {
    fn of(inner_width: u16, receivers: usize) -> Columns {
        let n = receivers.max(1);
        let claim_width = 11;
        let fixed = 2 + claim_width + 3;
        let cell_width = (usize::from(inner_width).saturating_sub(fixed + 20) / n).saturating_sub(1).clamp(10, 14);
        let topic_width = usize::from(inner_width).saturating_sub(fixed + n * (cell_width + 1)).max(12);
        Columns { topic_width, claim_width, cell_width }
    }

    /// The receiver column under x (relative to the matrix's inner area).
    fn receiver_at(&self, x: usize, receivers: usize) -> Option<usize> {
        let start = 2 + self.topic_width + self.claim_width;
        let i = x.checked_sub(start)? / (self.cell_width + 1);
        (i < receivers).then_some(i)
    }
}

/// The first topic row shown: the selected one stays in view, centred when the list is long.
fn row_offset(row: usize, rows: usize, height: usize) -> usize {
    row.saturating_sub(height / 2).min(rows.saturating_sub(height))
}

/// A click on a matrix cell selects it; on a topic, selects its row.
pub fn click(app: &mut App, body: Rect, x: u16, y: u16) {
    let Some(open) = app.open.as_mut() else { return };
    let (Some(view), session) = open.divergence_with_session() else { return };
    let [_, matrix, _] = areas(body);
    let inner = matrix.inner(ratatui::layout::Margin::new(1, 1));
    // The first inner row is the column header.
    if !inner.contains(ratatui::layout::Position::new(x, y)) || y == inner.y {
        return;
    }
    let height = usize::from(inner.height.saturating_sub(1));
    let row = row_offset(view.row, view.data.topics.len(), height) + usize::from(y - inner.y - 1);
    if row >= view.data.topics.len() {
        return;
    }
    view.row = row;
    let columns = Columns::of(inner.width, view.data.receivers.len());
    match columns.receiver_at(usize::from(x - inner.x), view.data.receivers.len()) {
        Some(c) if view.data.topics[row].cell(&view.data.receivers[c]).is_some() => view.column = c,
        _ => view.column = view.first_cell_column(row).unwrap_or(view.column),
    }
    view.load_selected(session, &app.catalog);
}

fn render_matrix(app: &App, view: &DivergenceView, frame: &mut Frame, area: Rect) {
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
    let Columns { topic_width, claim_width, cell_width } = Columns::of(inner.width, d.receivers.len());
    let fit = |s: &str, w: usize| {
        let count = s.chars().count();
        let mut out: String = if count > w { s.chars().take(w - 1).chain(['…']).collect() } else { s.to_string() };
        out.push_str(&" ".repeat(w.saturating_sub(count.min(w))));
        out
    };
    let mut header = vec![Span::raw(fit("  Topic", topic_width + 2)), Span::raw(fit("Claim", claim_width))];
    for f in &d.receivers {
        header.push(Span::raw(" "));
        // The bank's title where it fits, else its short name ("CS", "Eng").
        let title = function_title(app, f);
        let name = if title.chars().count() <= cell_width {
            title
        } else {
            app.catalog.bank(f).map_or(title, |b| b.short_name())
        };
        header.push(Span::raw(fit(name, cell_width)));
    }
    header.push(Span::raw(" ≠"));
    let mut lines = vec![Line::from(header).style(app.theme.title)];
    for (r, t) in d.topics.iter().enumerate().skip(offset).take(height) {
        let marker = if r == view.row { "› " } else { "  " };
        let mut spans = vec![
            Span::raw(marker),
            Span::raw(fit(&t.title, topic_width)),
            Span::raw(fit(&claim_label(app, t), claim_width)),
        ];
        for (c, f) in d.receivers.iter().enumerate() {
            spans.push(Span::raw(" "));
            match t.cell(f) {
                Some(cell) => {
                    let mut style = verdict_style(cell.verdict, &app.theme);
                    if r == view.row && c == view.column {
                        style = style.patch(app.theme.selected);
                    }
                    spans.push(Span::styled(fit(&cell.label(), cell_width), style));
                }
                None => spans.push(Span::styled(fit("·", cell_width), app.theme.dim)),
            }
        }
        spans.push(Span::raw(if t.inconsistent() { " ≠" } else { "  " }));
        let line = Line::from(spans);
        lines.push(if r == view.row { line.add_modifier(Modifier::BOLD) } else { line });
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The claim and whose it is: "3.0 (PM)".
fn claim_label(app: &App, t: &crate::divergence::TopicDivergence) -> String {
    let who = app.catalog.bank(&t.claim.function).map_or(t.claim.function.as_str(), |b| b.short_name());
    format!("{} ({who})", t.claim.label())
}

fn render_detail(app: &App, view: &DivergenceView, frame: &mut Frame, area: Rect) {
    let (Some(t), Some(cell)) = (view.topic(), view.cell()) else { return };
    let receiver = function_title(app, &cell.received.function);
    let claimant = function_title(app, &t.claim.function);
    let verdict = match cell.gap {
        Some(g) => format!(
            "{} {} ({} points)",
            cell.verdict.symbol(),
            cell.verdict.name(),
            crate::divergence::signed_points(g)
        ),
        None => format!("? unknown: {}", unknown_reason(app, t, cell)),
    };
    let title = Line::from(vec![
        Span::raw(format!(" {} · {claimant} said vs {receiver} received · ", t.title)),
        Span::styled(verdict, verdict_style(cell.verdict, &app.theme).add_modifier(Modifier::BOLD)),
        Span::raw(" "),
    ]);
    let block = Block::bordered().border_type(BorderType::Rounded).title(title);
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let mut footer = Vec::new();
    if !t.said_not_heard.is_empty() {
        footer.push(terms_line(&app.theme, &format!("Said by {claimant}, heard by no one: "), &t.said_not_heard));
    }
    if !cell.heard_not_said.is_empty() {
        footer.push(terms_line(&app.theme, &format!("Heard by {receiver}, never said: "), &cell.heard_not_said));
    }
    if let Some(c) = &t.consistency {
        let text = if c.inconsistent {
            format!("≠ The receiving functions tell different stories (average deviation {:.1} points).", c.ad_points)
        } else {
            format!("The receiving functions tell the same story (average deviation {:.1} points).", c.ad_points)
        };
        footer.push(Line::from(text));
    }
    let [sides, foot] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(footer.len() as u16 * 2)]).areas(inner);
    let [left, right] = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).spacing(1).areas(sides);
    let said: Vec<&str> = t.said_not_heard.iter().map(String::as_str).collect();
    let heard: Vec<&str> = cell.heard_not_said.iter().map(String::as_str).collect();
    frame.render_widget(side_text(app, &format!("{claimant} said"), &t.claim, &said, left.height), left);
    frame.render_widget(side_text(app, &format!("{receiver} received"), &cell.received, &heard, right.height), right);
    frame.render_widget(Paragraph::new(footer).wrap(Wrap { trim: true }), foot);
}

fn unknown_reason(app: &App, t: &TopicDivergence, cell: &Cell) -> String {
    match (t.claim.unknown, cell.received.unknown) {
        (Some(u), _) => u.sentence(function_title(app, &t.claim.function)),
        (None, Some(u)) => u.sentence(function_title(app, &cell.received.function)),
        _ => "not compared".into(),
    }
}

fn terms_line(theme: &Theme, label: &str, terms: &[String]) -> Line<'static> {
    let mut spans = vec![Span::styled(label.to_string(), theme.dim)];
    for (i, t) in terms.iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw(", "));
        }
        spans.push(Span::styled(format!("«{t}»"), theme.marked));
    }
    Line::from(spans)
}

/// One side of the comparison: each voice's value and notes, contrasting terms marked «so».
/// Only the voices that can show in `rows` rows are built (each takes a row at least), so a
/// session of hundreds of interviews costs a frame no more than a few.
fn side_text<'a>(app: &App, heading: &str, side: &'a Side, marked: &[&str], rows: u16) -> Paragraph<'a> {
    let rows = usize::from(rows);
    let mut lines = vec![Line::from(vec![
        Span::styled(heading.to_string(), app.theme.title),
        Span::raw(format!(" · {}", side.label())),
        Span::raw(side.spread_points.map(|s| format!(" (spread {s:.1})")).unwrap_or_default()),
    ])];
    if side.voices.is_empty() {
        lines.push(Line::styled("No interview of this function yet.", app.theme.dim));
    }
    // The stems of the contrasting terms' words, worked out once for every voice.
    let marked: Vec<String> =
        marked.iter().flat_map(|m| terms::terms(m)).filter(|t| !t.key.contains(' ')).map(|t| t.key).collect();
    for v in &side.voices {
        if lines.len() >= rows {
            break;
        }
        let value = v.value_text.clone().unwrap_or_else(|| v.state.name().replace('-', " "));
        lines.push(Line::from(vec![Span::raw(format!("{}: ", v.who)).italic(), Span::raw(value).bold()]));
        if !v.notes.trim().is_empty() {
            let quote = if v.quote { "“verbatim” " } else { "" };
            let mut spans = vec![Span::styled(format!("  {quote}"), app.theme.dim)];
            spans.extend(marked_spans(&v.notes, &marked, app.theme.marked));
            lines.push(Line::from(spans));
        }
    }
    Paragraph::new(Text::from(lines)).wrap(Wrap { trim: false })
}

/// Splits notes into spans, bracketing and underlining the words whose key is in `marked`.
fn marked_spans(notes: &str, marked: &[String], style: Style) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    let mut plain = String::new();
    let mut word = String::new();
    let flush_word = |word: &mut String, plain: &mut String, spans: &mut Vec<Span<'static>>| {
        if word.is_empty() {
            return;
        }
        if terms::word_key(word).is_some_and(|k| marked.contains(&k)) {
            spans.push(Span::raw(std::mem::take(plain)));
            spans.push(Span::styled(format!("«{word}»"), style));
            word.clear();
        } else {
            plain.push_str(word);
            word.clear();
        }
    };
    for c in notes.replace('\n', " ⏎ ").chars() {
        if c.is_alphanumeric() || c == '\'' || c == '-' {
            word.push(c);
        } else {
            flush_word(&mut word, &mut plain, &mut spans);
            plain.push(c);
        }
    }
    flush_word(&mut word, &mut plain, &mut spans);
    spans.push(Span::raw(plain));
    spans
}
