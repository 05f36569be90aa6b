//! The five pillars as a picture: a box each, upstream first, with its level and how much of
//! it was answered; between two boxes, ⇒ where a weak pillar's predicted symptoms are observed
//! downstream (→ otherwise); ★ on the pillar where the highest-leverage intervention sits; and
//! under them, where to intervene. Every meaning has a symbol, never colour alone.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Stylize;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph};

use super::{DiagnosisView, evidence_lines, mark};
use crate::diagnosis::Level;
use crate::diagnosis::pillars::PillarReading;
use crate::ui::env::Env;
use crate::ui::hits::{Hit, Hits};
use crate::ui::widgets;

/// The boxes (four rows) and the line under them.
pub const HEIGHT: u16 = 5;

pub fn picture(frame: &mut Frame, area: Rect, view: &DiagnosisView, env: &Env, hits: &mut Hits) {
    let d = &view.diagnosis;
    let [boxes, under] = Layout::vertical([Constraint::Length(4), Constraint::Length(1)]).areas(area);
    let n = d.pillars.len() as u16;
    let mut constraints = Vec::new();
    for i in 0..n {
        constraints.push(Constraint::Fill(1));
        if i + 1 < n {
            constraints.push(Constraint::Length(1));
        }
    }
    let cells = Layout::horizontal(constraints).split(boxes);
    for (i, p) in d.pillars.iter().enumerate() {
        let cell = cells[i * 2];
        let leverage = d.cascade.leverage == Some(p.pillar);
        draw_box(frame, cell, p, leverage, view.pillar == Some(i));
        hits.record(cell, Hit::Pillar(i));
        if let Some(&gap) = cells.get(i * 2 + 1) {
            // ⇒: this pillar is weak and what it predicts downstream is observed.
            let flows = d.cascade.links.iter().any(|l| l.from == p.pillar && !l.observed().is_empty());
            let arrow = if flows { Span::raw("⇒").bold() } else { Span::styled("→", widgets::dim()) };
            frame.render_widget(Paragraph::new(vec![Line::default(), Line::from(arrow)]), gap);
        }
    }
    let line =
        Line::from(vec![Span::styled("Where to intervene: ", env.theme.title), Span::raw(d.cascade.verdict.clone())]);
    frame.render_widget(Paragraph::new(line), under);
}

fn draw_box(frame: &mut Frame, area: Rect, p: &PillarReading, leverage: bool, selected: bool) {
    let star = if leverage { "★ " } else { "" };
    let title = Span::raw(format!("{star}{}", p.pillar.short()));
    let title = if selected { title.style(widgets::selected()) } else { title };
    let mut block = Block::bordered().border_type(BorderType::Rounded).title(title);
    if !p.in_scope {
        block = block.border_style(widgets::dim());
    }
    let level = if p.in_scope {
        Line::from(format!("{} {}", mark(p.level), short_level(p.level)))
    } else {
        Line::styled("out of scope", widgets::dim())
    };
    let covered = if p.in_scope {
        Line::styled(format!("{}/{} {}fn", p.answered, p.questions, p.functions.len()), widgets::dim())
    } else {
        Line::default()
    };
    frame.render_widget(Paragraph::new(vec![level, covered]).block(block), area);
}

/// As the box says it.
fn short_level(level: Level) -> &'static str {
    match level {
        Level::Unknown => "too few",
        level => level.name(),
    }
}

/// The selected pillar in the detail pane: what it says, its gaps, and every answer.
pub fn render_pillar(
    frame: &mut Frame,
    area: Rect,
    view: &DiagnosisView,
    (p, session): (&PillarReading, &crate::session::Session),
    env: &Env,
) {
    let cascade = &view.diagnosis.cascade;
    let title = Line::from(vec![
        Span::raw(format!(" {}: ", p.pillar.name())),
        Span::raw(p.level_words()).bold(),
        Span::raw(" "),
    ]);
    let block = Block::bordered().border_type(BorderType::Rounded).title(title);
    // What it predicts and where to start first: the level's long list of answers follows.
    let mut lines = Vec::new();
    // A weak upstream pillar: what it predicts downstream, each symptom seen or not.
    if let Some(link) = cascade.links.iter().find(|l| l.from == p.pillar) {
        lines.push(Line::styled("Predicted downstream:", widgets::title_style()));
        for s in &link.symptoms {
            let seen = match s.observed {
                Some(true) => "✓ observed",
                Some(false) => "✗ not observed",
                None => "? not known (unanswered or guessed)",
            };
            lines.push(Line::from(format!("{seen}: {}", s.what)));
        }
        lines.push(Line::default());
    }
    if cascade.leverage == Some(p.pillar) {
        lines.push(Line::from(format!("★ {}", cascade.says)));
        lines.push(Line::default());
    }
    lines.extend(crate::ui::overlays::recommend::recommendation_lines(
        session,
        &crate::session::Finding::Pillar(p.pillar),
    ));
    lines.extend([Line::from(p.says.clone()), Line::default()]);
    for g in &p.gaps {
        let gap = g.gap_normalised.map_or(String::new(), |x| format!(" {}", g.verdict.with_gap(x)));
        let who = env.catalog.bank(&g.function).map_or(g.function.as_str(), |b| b.short_name());
        lines.push(Line::from(format!("{} · {who}:{gap}", g.title)));
    }
    if !p.gaps.is_empty() {
        lines.push(Line::default());
    }
    if p.in_scope {
        lines.push(Line::styled(format!("Evidence: {}", p.coverage()), widgets::title_style()));
    }
    let paragraph = evidence_lines(lines, &p.evidence, block.inner(area), view.scroll);
    frame.render_widget(paragraph.block(block), area);
}
