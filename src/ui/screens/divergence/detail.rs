//! The detail pane: the communicated and the received side by side, each voice's notes with the
//! contrasting terms marked.

use ratatui::Frame;

use crate::session::Session;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style, Stylize};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, BorderType, Paragraph, Wrap};

use super::{DivergenceView, function_title, verdict_style};
use crate::divergence::language::Language;
use crate::divergence::{Cell, Side, TopicDivergence, terms};
use crate::ui::env::Env;
use crate::ui::theme::Theme;

pub(super) fn render_detail(env: &Env, view: &DivergenceView, session: &Session, frame: &mut Frame, area: Rect) {
    let (Some(t), Some(cell)) = (view.topic(), view.cell()) else { return };
    let language = crate::divergence::language::or_default(&session.language);
    let receiver = function_title(env, &cell.received.function);
    // The communicated side this function is compared with: addressed to it alone, or the topic's.
    let communicated = t.communicated_for(cell);
    let communicator = function_title(env, &communicated.function);
    let said_not_heard = t.said_not_heard_by(cell);
    // A shared fact is what each side says is so; nothing was sent or received.
    let (said_verb, got_verb) = if t.shared_fact { ("says", "says") } else { ("said", "received") };
    let verdict = match cell.gap {
        Some(g) => format!(
            "{} {} ({} points)",
            cell.verdict.symbol(),
            cell.verdict.name(),
            crate::divergence::signed_points(g)
        ),
        None => format!("? unknown: {}", unknown_reason(env, t, cell)),
    };
    let title = Line::from(vec![
        Span::raw(format!(" {} · {communicator} {said_verb} vs {receiver} {got_verb} · ", t.title)),
        Span::styled(verdict, verdict_style(cell.verdict, &env.theme).add_modifier(Modifier::BOLD)),
        Span::raw(" "),
    ]);
    let block = Block::bordered().border_type(BorderType::Rounded).title(title);
    let inner = block.inner(area);

    let mut footer = Vec::new();
    // On a follow-up, what moved comes first: the footer is cut at half the pane.
    if let Some(m) = view.moved(&t.topic, &cell.received.function) {
        let points = |c: crate::compare::Change| {
            let v = |x: Option<f64>| x.map_or("—".to_string(), |x| format!("{x:.1}"));
            format!("{} → {}", v(c.earlier), v(c.later))
        };
        let earlier = view.since.as_ref().map_or("", |s| s.earlier.as_str());
        footer.push(Line::from(format!(
            "{} Since {earlier}: {} level {}, gap {} ({} → {}).",
            m.movement.symbol(),
            m.movement.name(),
            points(m.level),
            points(m.gap),
            m.verdict_earlier,
            m.verdict_later
        )));
    }
    if !said_not_heard.is_empty() {
        let who = if cell.addressed { receiver } else { "no one" };
        footer.push(terms_line(&env.theme, &format!("Said by {communicator}, heard by {who}: "), said_not_heard));
    }
    if !cell.heard_not_said.is_empty() {
        footer.push(terms_line(&env.theme, &format!("Heard by {receiver}, never said: "), &cell.heard_not_said));
    }
    // A multi pair, item by item.
    if !cell.items_not_received.is_empty() {
        let label = format!("Provided by {communicator}, not received by {receiver}: ");
        footer
            .push(Line::from(vec![Span::styled(label, env.theme.dim), Span::raw(cell.items_not_received.join(", "))]));
    }
    if !cell.items_not_communicated.is_empty() {
        let label = format!("Received by {receiver}, not listed by {communicator}: ");
        footer.push(Line::from(vec![
            Span::styled(label, env.theme.dim),
            Span::raw(cell.items_not_communicated.join(", ")),
        ]));
    }
    footer.extend(claim_lines(env, view, &t.topic, &cell.received.function));
    if let Some(c) = &t.consistency {
        let text = if c.inconsistent {
            format!("≠ The receiving functions tell different stories (average deviation {:.1} points).", c.ad_points)
        } else {
            format!("The receiving functions tell the same story (average deviation {:.1} points).", c.ad_points)
        };
        footer.push(Line::from(text));
    }
    // What to change on the topic, as written with `w` here.
    let topic = crate::session::Finding::Topic(t.topic.clone());
    let mut written = crate::ui::overlays::recommend::recommendation_lines(session, &topic);
    written.pop(); // its blank line after
    footer.extend(written);
    // The footer as tall as its lines wrap to, the sides the rest.
    let footer = Paragraph::new(footer).wrap(Wrap { trim: true });
    let foot_rows = u16::try_from(footer.line_count(inner.width)).unwrap_or(u16::MAX).min(inner.height / 2);
    let [sides, foot] = Layout::vertical([Constraint::Fill(1), Constraint::Length(foot_rows)]).areas(inner);
    let [left, right] = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).spacing(1).areas(sides);
    let said: Vec<&str> = said_not_heard.iter().map(String::as_str).collect();
    let heard: Vec<&str> = cell.heard_not_said.iter().map(String::as_str).collect();
    // Both sides scroll together (PgDn/PgUp); only what can show is laid out.
    let scroll = view.detail_scroll;
    let rows = left.height.saturating_add(scroll);
    let left_text =
        side_text(env, language, (&format!("{communicator} {said_verb}"), communicator), communicated, &said, rows);
    let right_text =
        side_text(env, language, (&format!("{receiver} {got_verb}"), communicator), &cell.received, &heard, rows);
    // A sign when either side goes on below the pane: notes are never cut without one.
    let below = |p: &Paragraph, width: u16| p.line_count(width) > usize::from(scroll) + usize::from(left.height);
    let block = match below(&left_text, left.width) || below(&right_text, right.width) {
        true => block.title_bottom(Line::from(" ↓ more: PgDn ").right_aligned()),
        false if scroll > 0 => block.title_bottom(Line::from(" PgUp back to the top ").right_aligned()),
        false => block,
    };
    frame.render_widget(block, area);
    frame.render_widget(left_text.scroll((scroll, 0)), left);
    frame.render_widget(right_text.scroll((scroll, 0)), right);
    frame.render_widget(footer, foot);
}

/// Each claim on the topic concerning this function, with what each of its interviews said.
fn claim_lines(env: &Env, view: &DivergenceView, topic: &str, function: &str) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for entry in view.claims.iter().filter(|e| e.claim.topic == topic) {
        let Some(with) = entry.functions.iter().find(|f| f.function == function) else { continue };
        let heard: Vec<String> = with
            .heard
            .iter()
            .map(|h| match &h.check {
                Some(c) if c.notes.is_empty() => format!("{}: {}", h.label, c.verdict.name()),
                Some(c) => format!("{}: {} («{}»)", h.label, c.verdict.name(), c.notes),
                None => format!("{}: to verify", h.label),
            })
            .collect();
        let heard = if heard.is_empty() { "not interviewed yet".to_string() } else { heard.join("; ") };
        let mark = with.standing.symbol().unwrap_or("◆");
        out.push(Line::from(vec![
            Span::styled(format!("{mark} {} claims ", entry.made_in_label), env.theme.dim),
            Span::raw(format!("“{}”", entry.claim.text)),
            Span::styled(format!(" — {}: ", with.standing.name()), env.theme.dim),
            Span::raw(heard),
        ]));
    }
    out
}

fn unknown_reason(env: &Env, t: &TopicDivergence, cell: &Cell) -> String {
    let communicated = t.communicated_for(cell);
    match (communicated.unknown, cell.received.unknown) {
        (Some(u), _) => u.sentence(function_title(env, &communicated.function)),
        (None, Some(u)) => u.sentence(function_title(env, &cell.received.function)),
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
fn side_text<'a>(
    env: &Env,
    language: &Language,
    (heading, claimant): (&str, &str),
    side: &'a Side,
    marked: &[&str],
    rows: u16,
) -> Paragraph<'a> {
    let rows = usize::from(rows);
    let mut lines = vec![Line::from(vec![
        Span::styled(heading.to_string(), env.theme.title),
        Span::raw(format!(" · {}", side.label())),
        Span::raw(side.spread_points.map(|s| format!(" (spread {s:.1})")).unwrap_or_default()),
    ])];
    if side.voices.is_empty() {
        lines.push(Line::styled("No interview of this function yet.", env.theme.dim));
    }
    if let Some(conditions) = side.conditions() {
        lines.push(Line::styled(format!("* {conditions}"), env.theme.dim));
    }
    // The stems of the contrasting terms' words, worked out once for every voice.
    let marked: Vec<String> =
        marked.iter().flat_map(|m| terms::terms(m, language)).filter(|t| !t.key.contains(' ')).map(|t| t.key).collect();
    for v in &side.voices {
        if lines.len() >= rows {
            break;
        }
        let value = v.value_text.clone().unwrap_or_else(|| v.state.name().replace('-', " "));
        let mut head = vec![Span::raw(format!("{}: ", v.who)).italic(), Span::raw(value).bold()];
        // What this interview answered for, so both sides are seen to mean the same launch.
        if let Some(case) = &v.case {
            head.push(Span::styled(format!(" · on {case}"), env.theme.dim));
        }
        // How the account was given, where that changes how it is read.
        if v.involvement == Some(crate::session::Involvement::NotInvolved) {
            head.push(Span::styled(" · not involved, left out", env.theme.dim));
        }
        if v.product_in_room == Some(true) {
            head.push(Span::styled(" · Product in the room", env.theme.dim));
        }
        // Who what arrived came from, so a gap can be traced to who did or did not communicate.
        if let Some(sender) = v.sent_by {
            head.push(Span::styled(format!(" · from {}", sender.text(claimant)), env.theme.dim));
        }
        lines.push(Line::from(head));
        if !v.notes.trim().is_empty() {
            let quote = if v.quote { "“verbatim” " } else { "" };
            let mut spans = vec![Span::styled(format!("  {quote}"), env.theme.dim)];
            spans.extend(marked_spans(&v.notes, &marked, env.theme.marked, language));
            lines.push(Line::from(spans));
        }
    }
    Paragraph::new(Text::from(lines)).wrap(Wrap { trim: false })
}

/// Splits notes into spans, bracketing and underlining the words whose key is in `marked`.
fn marked_spans(notes: &str, marked: &[String], style: Style, language: &Language) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    let mut plain = String::new();
    let mut word = String::new();
    let flush_word = |word: &mut String, plain: &mut String, spans: &mut Vec<Span<'static>>| {
        if word.is_empty() {
            return;
        }
        if terms::word_key(word, language).is_some_and(|k| marked.contains(&k)) {
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
