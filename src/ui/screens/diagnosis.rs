//! Screen 5: the diagnosis — each reading of the evidence with its verdict, and for the
//! selected one what it says, its caveats and every answer it rests on side by side. A
//! component of its own view, computed when the screen opens (the session does not change
//! while it shows).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Stylize;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph, Wrap};

use crate::bank::Catalog;
use crate::diagnosis::{Diagnosis, Level, Outcome};
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
    /// How far the selected reading's text is scrolled (PgDn/PgUp), in lines.
    pub scroll: u16,
}

impl DiagnosisView {
    pub fn new(session: &Session, catalog: &Catalog) -> DiagnosisView {
        DiagnosisView { diagnosis: crate::diagnosis::diagnose(session, catalog), selected: 0, scroll: 0 }
    }
}

impl Component for DiagnosisView {
    fn context(&self, _ctx: &Ctx) -> Context {
        Context::Diagnosis
    }

    fn update(&mut self, action: Action, _ctx: &Ctx) -> Vec<Command> {
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
    match action {
        Action::Select(Hit::Reading(i)) => (view.selected, view.scroll) = (i.min(last), 0),
        Action::Up => (view.selected, view.scroll) = (view.selected.saturating_sub(1), 0),
        Action::Down => (view.selected, view.scroll) = ((view.selected + 1).min(last), 0),
        // The evidence of a reading can be longer than the pane.
        Action::PageDown => view.scroll = view.scroll.saturating_add(10),
        Action::PageUp => view.scroll = view.scroll.saturating_sub(10),
        Action::Back => return vec![Command::ShowSession],
        _ => {}
    }
    Vec::new()
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
    let [head, body] = Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(area);
    let title = Line::from(vec![
        Span::styled(format!("Diagnosis · {}", session.organisation), env.theme.title),
        Span::raw(" · the evidence read together"),
    ]);
    let legend = Line::styled("answers: + strong · ~ middling · − weak · ? not answered", env.theme.dim);
    frame.render_widget(Paragraph::new(vec![title, legend]), head);
    let list_width = (body.width * 2 / 5).clamp(30, 56);
    let [list, detail] = Layout::horizontal([Constraint::Length(list_width), Constraint::Min(1)]).areas(body);
    render_list(frame, list, view, hits);
    render_reading(frame, detail, view);
}

fn render_list(frame: &mut Frame, area: Rect, view: &DiagnosisView, hits: &mut Hits) {
    let block = Block::bordered().border_type(BorderType::Rounded).title(" Readings ");
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut lines = Vec::new();
    for (i, r) in view.diagnosis.readings.iter().enumerate() {
        let found = if r.outcome == Outcome::Finding { "●" } else { "?" };
        let marker = if i == view.selected { "›" } else { " " };
        let first = Line::from(format!("{marker}{found} {}", r.title));
        let second = Line::styled(format!("   {}", r.verdict), widgets::dim());
        let y = inner.y + lines.len() as u16;
        if y + 1 < inner.bottom() {
            hits.record(Rect::new(inner.x, y, inner.width, 2), Hit::Reading(i));
        }
        if i == view.selected {
            lines.push(first.style(widgets::selected()));
        } else {
            lines.push(first);
        }
        lines.push(second);
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

fn render_reading(frame: &mut Frame, area: Rect, view: &DiagnosisView) {
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
    lines.push(Line::styled(r.evidence_line(), widgets::title_style()));
    // Only the lines that can show from the scroll position on are built: a reading of a
    // large session rests on thousands of answers, and a frame must not cost them all. Each
    // line takes a row at least, so scroll + height lines fill the pane.
    let inner = block.inner(area);
    let total = lines.len() + r.evidence.len();
    let scroll = view.scroll.min(u16::try_from(total.saturating_sub(1)).unwrap_or(u16::MAX));
    let room = (usize::from(scroll) + usize::from(inner.height)).saturating_sub(lines.len());
    for e in r.evidence.iter().take(room) {
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
    let paragraph = Paragraph::new(lines).wrap(Wrap { trim: false });
    frame.render_widget(paragraph.scroll((scroll, 0)).block(block), area);
}
