//! Screen 5: the diagnosis — the five pillars as a picture (`pillars.rs`: each pillar's level
//! and coverage, the cascade's arrows, where to intervene), each reading of the evidence with
//! its verdict, and for the selected pillar or reading what it says and every answer it rests
//! on side by side. A component of its own view, computed when the screen opens (the session
//! does not change while it shows).

mod pillars;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Stylize;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph, Wrap};

use crate::bank::Catalog;
use crate::diagnosis::{Diagnosis, Level};
use crate::session::Session;
use crate::ui::command::Command;
use crate::ui::command::Component;
use crate::ui::env::{Ctx, Env};
use crate::ui::hits::{Hit, Hits};
use crate::ui::keymap::{Action, Context};
use crate::ui::widgets;

pub struct DiagnosisView {
    pub diagnosis: Diagnosis,
    pub selected: usize,
    /// The pillar shown in the detail pane instead of the reading (←/→ on the picture).
    pub pillar: Option<usize>,
    /// How far the selected reading's text is scrolled (PgDn/PgUp), in lines.
    pub scroll: u16,
}

impl DiagnosisView {
    pub fn new(session: &Session, catalog: &Catalog) -> DiagnosisView {
        DiagnosisView { diagnosis: crate::diagnosis::diagnose(session, catalog), selected: 0, pillar: None, scroll: 0 }
    }
}

impl Component for DiagnosisView {
    fn context(&self, _ctx: &Ctx) -> Context {
        Context::Diagnosis
    }

    fn update(&mut self, action: Action, ctx: &Ctx) -> Vec<Command> {
        if action == Action::Recommend {
            return recommend(self, ctx);
        }
        if action == Action::ResolveConflict {
            return resolve_conflict(self, ctx);
        }
        update(action, self)
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx, hits: &mut Hits) {
        if let Some(session) = ctx.session {
            render(frame, area, self, session, ctx.env, hits);
        }
    }
}

fn update(action: Action, view: &mut DiagnosisView) -> Vec<Command> {
    let last = view.diagnosis.readings.len().saturating_sub(1);
    let pillars = view.diagnosis.pillars.len();
    match action {
        Action::Select(Hit::Reading(i)) => (view.selected, view.pillar, view.scroll) = (i.min(last), None, 0),
        Action::Select(Hit::Pillar(i)) => (view.pillar, view.scroll) = (Some(i.min(pillars.saturating_sub(1))), 0),
        // ↑/↓ go back to the readings from a pillar, where they were.
        Action::Up if view.pillar.is_some() => (view.pillar, view.scroll) = (None, 0),
        Action::Down if view.pillar.is_some() => (view.pillar, view.scroll) = (None, 0),
        Action::Up => (view.selected, view.scroll) = (view.selected.saturating_sub(1), 0),
        Action::Down => (view.selected, view.scroll) = ((view.selected + 1).min(last), 0),
        Action::Previous => {
            (view.pillar, view.scroll) =
                (Some(view.pillar.map_or(pillars.saturating_sub(1), |p| p.saturating_sub(1))), 0);
        }
        Action::Next => {
            (view.pillar, view.scroll) = (Some(view.pillar.map_or(0, |p| (p + 1).min(pillars.saturating_sub(1)))), 0);
        }
        // The evidence of a reading can be longer than the pane.
        Action::PageDown => view.scroll = view.scroll.saturating_add(10),
        Action::PageUp => view.scroll = view.scroll.saturating_sub(10),
        Action::Back => return vec![Command::ShowSession],
        _ => {}
    }
    Vec::new()
}

/// The pillar or reading selected, as a finding, and how it reads.
fn selected_finding(view: &DiagnosisView) -> Option<(crate::session::Finding, String)> {
    use crate::session::Finding;
    match view.pillar.and_then(|p| view.diagnosis.pillars.get(p)) {
        Some(p) => Some((Finding::Pillar(p.pillar), format!("{}: {}", p.pillar.name(), p.level_words()))),
        None => {
            let r = view.diagnosis.readings.get(view.selected)?;
            Some((Finding::Reading(r.id.to_string()), format!("{}: {}", r.title, r.verdict)))
        }
    }
}

/// The choice between the versions a merge kept of the selected finding's recommendation.
fn resolve_conflict(view: &DiagnosisView, ctx: &Ctx) -> Vec<Command> {
    let (Some(session), Some((finding, _))) = (ctx.session, selected_finding(view)) else { return Vec::new() };
    crate::ui::overlays::conflicts::ConflictChoice::on_recommendation(session, &finding, ctx.writable)
}

/// The form for what to change on the pillar or reading selected.
fn recommend(view: &DiagnosisView, ctx: &Ctx) -> Vec<Command> {
    let Some(session) = ctx.session else { return Vec::new() };
    if !ctx.writable {
        return vec![Command::Status(crate::ui::command::Status::warning(crate::ui::command::ReadOnly.to_string()))];
    }
    let Some((finding, about)) = selected_finding(view) else { return Vec::new() };
    let draft = crate::diagnosis::intervention::implied(&view.diagnosis, &finding);
    let existing = session.recommendations_on(&finding).last();
    let form = crate::ui::overlays::recommend::RecommendForm::new(finding.clone(), about, existing, draft);
    vec![Command::show(form)]
}

/// A level as a symbol, readable without colour.
fn mark(level: Level) -> &'static str {
    match level {
        Level::Strong => "+",
        Level::Middling => "~",
        Level::Weak => "−",
        Level::Unknown => "?",
    }
}

fn render(frame: &mut Frame, area: Rect, view: &DiagnosisView, session: &Session, env: &Env, hits: &mut Hits) {
    let [head, picture, body] =
        Layout::vertical([Constraint::Length(2), Constraint::Length(pillars::HEIGHT), Constraint::Min(1)]).areas(area);
    pillars::picture(frame, picture, view, env, hits);
    let title = Line::from(vec![
        Span::styled(format!("Diagnosis · {}", session.organisation), env.theme.title),
        Span::raw(" · the evidence read together"),
    ]);
    let legend = Line::styled("answers: + strong · ~ middling · − weak · ? not answered", env.theme.dim);
    frame.render_widget(Paragraph::new(vec![title, legend]), head);
    let list_width = (body.width * 2 / 5).clamp(30, 56);
    let [list, detail] = Layout::horizontal([Constraint::Length(list_width), Constraint::Min(1)]).areas(body);
    render_list(frame, list, view, hits);
    match view.pillar.and_then(|p| view.diagnosis.pillars.get(p)) {
        Some(p) => pillars::render_pillar(frame, detail, view, (p, session), env),
        None => render_reading(frame, detail, view, session),
    }
}

fn render_list(frame: &mut Frame, area: Rect, view: &DiagnosisView, hits: &mut Hits) {
    // What the readings' marks say, under them.
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .title(" Readings ")
        .title_bottom(Line::styled(" ✓ sound ~ mixed ! concern ", widgets::dim()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut lines = Vec::new();
    for (i, r) in view.diagnosis.readings.iter().enumerate() {
        // Sound, mixed or a concern, by a mark as well as the words: never one mark for all.
        let found = match r.tone() {
            Some(crate::diagnosis::Tone::Healthy) => "✓",
            Some(crate::diagnosis::Tone::Mixed) => "~",
            Some(crate::diagnosis::Tone::Concern) => "!",
            None => "?",
        };
        let selected = i == view.selected && view.pillar.is_none();
        let marker = if selected { "›" } else { " " };
        let first = Line::from(format!("{marker}{found} {}", r.title));
        // The selected reading's verdict whole, on as many rows as it needs; the others cut
        // with a sign.
        let verdict = verdict_rows(&r.verdict, usize::from(inner.width).saturating_sub(3), selected);
        let y = inner.y + lines.len() as u16;
        let rows = 1 + verdict.len() as u16;
        if y + rows <= inner.bottom() {
            hits.record(Rect::new(inner.x, y, inner.width, rows), Hit::Reading(i));
        }
        lines.push(if selected { first.style(widgets::selected()) } else { first });
        lines.extend(verdict.into_iter().map(|v| Line::styled(format!("   {v}"), widgets::dim())));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// A verdict in rows of `width`: word-wrapped when `whole`, else one row ending in "…" when
/// it does not fit.
fn verdict_rows(verdict: &str, width: usize, whole: bool) -> Vec<String> {
    let width = width.max(4);
    if verdict.chars().count() <= width {
        return vec![verdict.to_string()];
    }
    if !whole {
        return vec![verdict.chars().take(width - 1).chain(['…']).collect()];
    }
    let mut rows: Vec<String> = vec![String::new()];
    for word in verdict.split(' ') {
        let row = rows.last_mut().expect("one row at least");
        if !row.is_empty() && row.chars().count() + 1 + word.chars().count() > width {
            rows.push(word.to_string());
        } else {
            if !row.is_empty() {
                row.push(' ');
            }
            row.push_str(word);
        }
    }
    rows
}

fn render_reading(frame: &mut Frame, area: Rect, view: &DiagnosisView, session: &Session) {
    let Some(r) = view.diagnosis.readings.get(view.selected) else { return };
    let title =
        Line::from(vec![Span::raw(format!(" {}: ", r.title)), Span::raw(r.verdict.clone()).bold(), Span::raw(" ")]);
    let block = Block::bordered().border_type(BorderType::Rounded).title(title);
    let mut lines = vec![Line::from(r.says.clone()), Line::default()];
    for c in &r.caveats {
        lines.push(Line::from(format!("! {c}")).italic());
    }
    if !r.caveats.is_empty() {
        lines.push(Line::default());
    }
    lines.extend(crate::ui::overlays::recommend::recommendation_lines(
        session,
        &crate::session::Finding::Reading(r.id.to_string()),
    ));
    lines.push(Line::styled(r.evidence_line(), widgets::title_style()));
    let paragraph = evidence_lines(lines, &r.evidence, block.inner(area), view.scroll);
    frame.render_widget(paragraph.block(block), area);
}

/// `lines`, then the evidence from the scroll position on, as one paragraph.
fn evidence_lines<'a>(
    mut lines: Vec<Line<'a>>,
    evidence: &'a [crate::diagnosis::Evidence],
    inner: Rect,
    scroll: u16,
) -> Paragraph<'a> {
    // Only the lines that can show from the scroll position on are built: a reading of a
    // large session rests on thousands of answers, and a frame must not cost them all. Each
    // line takes a row at least, so scroll + height lines fill the pane.
    let total = lines.len() + evidence.len();
    let scroll = scroll.min(u16::try_from(total.saturating_sub(1)).unwrap_or(u16::MAX));
    let room = (usize::from(scroll) + usize::from(inner.height)).saturating_sub(lines.len());
    for e in evidence.iter().take(room) {
        let source = e.source.map_or(String::new(), |s| format!(" · {}", s.name()));
        let question = e.question_id.rsplit('.').next().unwrap_or(&e.question_id);
        let who = e.who.split(" — ").next().unwrap_or(&e.who);
        lines.push(Line::from(vec![
            Span::raw(format!("{} ", mark(e.level))).bold(),
            Span::styled(format!("{who} · {question}: "), widgets::dim()),
            Span::raw(e.answer.clone()),
            Span::styled(source, widgets::dim()),
        ]));
    }
    Paragraph::new(lines).wrap(Wrap { trim: false }).scroll((scroll, 0))
}
