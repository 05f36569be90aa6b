//! Screen 3: the interview — questions by section, the current question, its answer and notes.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style, Stylize};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, BorderType, Paragraph, Wrap};
use ratatui_textarea::{TextArea, WrapMode};

use super::app::{App, InterviewState, SaveState, Screen};
use super::keymap::Action;
use super::widgets;
use crate::bank::{Bank, Kind, Question};
use crate::divergence;
use crate::session::{Answer, AnswerState, AnswerValue, Interview, format_number};

/// The interview, its bank and the screen state, borrowed together.
struct Current<'a> {
    bank: &'a Bank,
    interview: &'a mut Interview,
    state: &'a mut InterviewState,
}

fn current(app: &mut App) -> Option<Current<'_>> {
    let open = app.open.as_mut()?;
    let state = open.interview.as_mut()?;
    let interview = open.session.interviews.get_mut(state.index)?;
    let bank = app.catalog.bank(&interview.function)?;
    Some(Current { bank, interview, state })
}

pub fn update(app: &mut App, action: Action) {
    let now = app.now;
    let Some(Current { bank, interview, state }) = current(app) else {
        app.screen = Screen::Session;
        return;
    };
    let n = bank.questions.len();
    let question = &bank.questions[state.question.min(n - 1)];
    // What the action changed: nothing, the screen only, or an answer (saved at once).
    let mut changed = false;
    let mut message = None;
    match action {
        Action::Up => move_to(state, state.question.saturating_sub(1)),
        Action::Down => move_to(state, (state.question + 1).min(n - 1)),
        Action::PageUp | Action::PageDown => {
            let target = section_jump(bank, state.question, action == Action::PageDown);
            move_to(state, target);
        }
        Action::Digit(d) => match question.kind {
            Kind::Scale if d <= 4 => {
                interview.answer_mut(&question.id).set_value(AnswerValue::Scale { value: d }, now);
                changed = true;
            }
            Kind::Scale => message = Some("A scale answer is 0–4.".to_string()),
            Kind::Choice | Kind::Multi => match usize::from(d).checked_sub(1).filter(|&i| i < question.options.len()) {
                Some(i) => {
                    pick_option(interview.answer_mut(&question.id), question, i, now);
                    state.option_cursor = i;
                    changed = true;
                }
                None => message = Some(format!("Pick an option 1–{}.", question.options.len())),
            },
            Kind::Number => {
                let mut input = number_input();
                input.insert_char(char::from(b'0' + d));
                state.number_input = Some(input);
            }
            Kind::Text => message = Some("This question takes notes only: press Enter to write them.".into()),
        },
        Action::Previous | Action::Next => {
            let forward = action == Action::Next;
            let answer = interview.answer_mut(&question.id);
            match (question.kind, &answer.value) {
                (Kind::Scale, value) => {
                    let v = match value {
                        Some(AnswerValue::Scale { value }) if forward => (value + 1).min(4),
                        Some(AnswerValue::Scale { value }) => value.saturating_sub(1),
                        _ => 0,
                    };
                    answer.set_value(AnswerValue::Scale { value: v }, now);
                    changed = true;
                }
                (Kind::Choice, value) => {
                    let at = match value {
                        Some(AnswerValue::Choice { option }) => question.option_index(option),
                        _ => None,
                    };
                    let last = question.options.len().saturating_sub(1);
                    let i = match at {
                        Some(i) if forward => (i + 1).min(last),
                        Some(i) => i.saturating_sub(1),
                        None => 0,
                    };
                    pick_option(answer, question, i, now);
                    changed = true;
                }
                (Kind::Multi, _) => {
                    let last = question.options.len().saturating_sub(1);
                    state.option_cursor = if forward {
                        (state.option_cursor + 1).min(last)
                    } else {
                        state.option_cursor.saturating_sub(1)
                    };
                }
                _ => {}
            }
        }
        Action::ToggleOption if question.kind == Kind::Multi => {
            pick_option(interview.answer_mut(&question.id), question, state.option_cursor, now);
            changed = true;
        }
        Action::EditNotes => {
            let notes = interview.answer(&question.id).map(|a| a.notes.as_str()).unwrap_or("");
            state.editor = Some(notes_editor(notes));
        }
        Action::Skip => {
            interview.answer_mut(&question.id).toggle_state(AnswerState::Skipped, now);
            changed = true;
        }
        Action::DontKnow => {
            interview.answer_mut(&question.id).toggle_state(AnswerState::DontKnow, now);
            changed = true;
        }
        Action::FlagFollowUp => {
            interview.answer_mut(&question.id).toggle_follow_up(now);
            changed = true;
        }
        Action::NextUnanswered => {
            let next = (1..=n)
                .map(|k| (state.question + k) % n)
                .find(|&i| interview.state_of(&bank.questions[i].id) == AnswerState::NotAsked);
            match next {
                Some(i) => move_to(state, i),
                None => message = Some("Every question has been answered, skipped or marked don't know.".into()),
            }
        }
        Action::LeaveEditor => {
            state.editor = None;
            changed = true;
        }
        Action::Confirm => {
            if let Some(input) = &state.number_input {
                match parse_number(&input.lines().join(""), question) {
                    Ok(value) => {
                        interview.answer_mut(&question.id).set_value(AnswerValue::Number { value }, now);
                        state.number_input = None;
                        changed = true;
                    }
                    Err(e) => message = Some(e),
                }
            }
        }
        Action::Cancel => state.number_input = None,
        Action::ToggleHints => {
            app.hints = !app.hints;
            let shown = if app.hints { "shown" } else { "hidden" };
            app.message = Some(format!("Comparison with the claim {shown} (h toggles)."));
            return;
        }
        Action::Back => {
            app.save();
            if let Some(open) = app.open.as_mut() {
                open.interview = None;
            }
            app.screen = Screen::Session;
            return;
        }
        _ => {}
    }
    if message.is_some() {
        app.message = message;
    }
    if changed {
        app.save();
    }
    refresh_hint(app);
}

/// Recomputes the comparison shown under a `received` answer. Hidden until the question is
/// answered, so the claim never leads the interview.
pub fn refresh_hint(app: &mut App) {
    let hint = comparison(app);
    if let Some(iv) = app.open.as_mut().and_then(|o| o.interview.as_mut()) {
        iv.hint = hint;
    }
}

fn comparison(app: &App) -> Option<String> {
    let open = app.open.as_ref()?;
    let state = open.interview.as_ref()?;
    let interview = open.session.interviews.get(state.index)?;
    let q = app.catalog.bank(&interview.function)?.questions.get(state.question)?;
    if q.stance != Some(crate::bank::Stance::Received) {
        return None;
    }
    let mine = interview.answer(&q.id)?.normalised(q)?;
    let topic = divergence::topic(&open.session, &app.catalog, q.topic.as_deref()?)?;
    let claimant = app.catalog.bank(&topic.claim.function).map_or(topic.claim.function.as_str(), |b| b.title.as_str());
    Some(match topic.claim.score {
        Some(claim) => {
            let v = divergence::verdict(claim, mine);
            format!(
                "{} {} vs {claimant}'s claim: claimed {}, received {} ({} points)",
                v.symbol(),
                v.name(),
                divergence::points(claim),
                divergence::points(mine),
                divergence::signed_points(claim - mine)
            )
        }
        None => format!("? {claimant}'s claim on this topic: {}", topic.claim.unknown.map_or("unknown", |u| u.text())),
    })
}

fn move_to(state: &mut InterviewState, question: usize) {
    state.question = question;
    state.option_cursor = 0;
    state.number_input = None;
}

/// The first question of the next (or this/previous) section.
fn section_jump(bank: &Bank, from: usize, forward: bool) -> usize {
    let section = &bank.questions[from].section;
    if forward {
        bank.questions.iter().skip(from).position(|q| &q.section != section).map_or(from, |k| from + k)
    } else {
        let start = bank.questions[..from].iter().rposition(|q| &q.section != section).map_or(0, |i| i + 1);
        if start < from {
            return start;
        }
        let Some(prev) = from.checked_sub(1) else { return 0 };
        let prev_section = &bank.questions[prev].section;
        bank.questions[..prev].iter().rposition(|q| &q.section != prev_section).map_or(0, |i| i + 1)
    }
}

/// Chooses option `i` of a choice, or ticks/unticks it in a multi.
fn pick_option(answer: &mut Answer, question: &Question, i: usize, now: chrono::DateTime<chrono::Utc>) {
    let Some(label) = question.options.get(i).map(|o| o.label.clone()) else { return };
    let value = if question.kind == Kind::Multi {
        let mut chosen = match &answer.value {
            Some(AnswerValue::Multi { options }) => options.clone(),
            _ => Vec::new(),
        };
        if let Some(at) = chosen.iter().position(|o| o == &label) {
            chosen.remove(at);
        } else {
            chosen.push(label);
        }
        // Keep the bank's order, whatever order they were ticked in.
        chosen.sort_by_key(|o| question.option_index(o));
        AnswerValue::Multi { options: chosen }
    } else {
        AnswerValue::Choice { option: label }
    };
    answer.set_value(value, now);
}

fn parse_number(text: &str, question: &Question) -> Result<f64, String> {
    let value: f64 = text.trim().parse().map_err(|_| format!("\"{}\" is not a number.", text.trim()))?;
    if !value.is_finite() {
        return Err("Give a finite number.".into());
    }
    if question.min.is_some_and(|m| value < m) || question.max.is_some_and(|m| value > m) {
        let lo = question.min.map_or("…".into(), format_number);
        let hi = question.max.map_or("…".into(), format_number);
        return Err(format!("{} is outside {lo}–{hi}.", format_number(value)));
    }
    Ok(value)
}

fn notes_editor(notes: &str) -> TextArea<'static> {
    let mut editor = TextArea::new(notes.split('\n').map(str::to_string).collect());
    editor.set_wrap_mode(WrapMode::WordOrGlyph);
    editor.set_cursor_line_style(Style::default());
    editor.set_cursor_style(Style::default().add_modifier(Modifier::REVERSED));
    editor.move_cursor(ratatui_textarea::CursorMove::Bottom);
    editor.move_cursor(ratatui_textarea::CursorMove::End);
    editor
}

fn number_input() -> TextArea<'static> {
    let mut input = TextArea::default();
    input.set_cursor_line_style(Style::default());
    input.set_cursor_style(Style::default().add_modifier(Modifier::REVERSED));
    input
}

/// A key typed in the notes editor or the number input.
pub fn type_key(app: &mut App, key: KeyEvent) {
    let now = app.now;
    let Some(Current { bank, interview, state }) = current(app) else { return };
    let question = &bank.questions[state.question];
    if let Some(editor) = state.editor.as_mut() {
        if editor.input(key) {
            interview.answer_mut(&question.id).set_notes(editor.lines().join("\n"), question.kind, now);
            notes_changed(app);
        }
    } else if let Some(input) = state.number_input.as_mut() {
        let allowed = match key.code {
            KeyCode::Char(c) => c.is_ascii_digit() || c == '.' || c == '-',
            KeyCode::Backspace | KeyCode::Delete | KeyCode::Left | KeyCode::Right | KeyCode::Home | KeyCode::End => {
                true
            }
            _ => false,
        };
        if allowed {
            input.input(key);
        }
    }
}

/// A bracketed paste: one edit, however long.
pub fn paste(app: &mut App, text: &str) {
    let now = app.now;
    let Some(Current { bank, interview, state }) = current(app) else { return };
    let question = &bank.questions[state.question];
    if let Some(editor) = state.editor.as_mut() {
        editor.insert_str(text.replace("\r\n", "\n").replace('\r', "\n"));
        interview.answer_mut(&question.id).set_notes(editor.lines().join("\n"), question.kind, now);
        notes_changed(app);
    } else if let Some(input) = state.number_input.as_mut() {
        input.insert_str(text.chars().filter(|c| c.is_ascii_digit() || *c == '.' || *c == '-').collect::<String>());
    }
}

/// Notes are written one second after the last keystroke (see [`App::tick`]).
fn notes_changed(app: &mut App) {
    let now = app.now;
    if let Some(open) = app.open.as_mut() {
        if let Some(iv) = open.interview.as_mut() {
            iv.notes_dirty_since = Some(now);
        }
        if !matches!(open.save, SaveState::Failed(_)) {
            open.save = SaveState::Pending;
        }
    }
}

/// Before quitting: notes typed so far are already in the session; an unfinished number is not.
pub fn commit_inputs(app: &mut App) {
    if let Some(iv) = app.open.as_mut().and_then(|o| o.interview.as_mut()) {
        iv.number_input = None;
    }
}

// ---------------------------------------------------------------------------------------------
// Drawing

/// Glyph for a question's state in the list, readable without colour.
pub fn state_glyph(state: AnswerState) -> &'static str {
    match state {
        AnswerState::Answered => "✓",
        AnswerState::Skipped => "»",
        AnswerState::DontKnow => "?",
        AnswerState::NotAsked => "·",
    }
}

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let Some(open) = app.open.as_ref() else { return };
    let Some(state) = open.interview.as_ref() else { return };
    let Some(interview) = open.session.interviews.get(state.index) else { return };
    let Some(bank) = app.catalog.bank(&interview.function) else { return };
    let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);

    let elapsed = interview.elapsed_seconds + (app.now - state.visit_started).num_seconds().max(0) as u64;
    let covered = interview.covered();
    let total = bank.questions.len();
    let right = format!(
        "{covered}/{total} {} · ⏱ {} · {}",
        widgets::bar(covered, total),
        widgets::clock(elapsed),
        super::session::save_text(&open.save)
    );
    let left = format!("{} · {} — {}", open.session.organisation, bank.title, interview.who());
    let [l, _, r] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(right.chars().count() as u16),
    ])
    .areas(head);
    frame.render_widget(Span::styled(left, widgets::title_style()), l);
    frame.render_widget(Span::raw(right), r);

    let list_width = (body.width / 3).clamp(28, 48);
    let [list, detail] = Layout::horizontal([Constraint::Length(list_width), Constraint::Min(1)]).areas(body);
    render_list(frame, list, bank, interview, state.question);
    render_detail(app, frame, detail, bank, interview, state);
}

fn render_list(frame: &mut Frame, area: Rect, bank: &Bank, interview: &Interview, current: usize) {
    let block = Block::bordered().border_type(BorderType::Rounded).title(" Questions ");
    let inner = block.inner(area);
    frame.render_widget(block, area);
    // Rows: a heading before each section, then its questions.
    let mut rows: Vec<(Option<usize>, Line)> = Vec::new();
    let mut selected_row = 0;
    for (i, q) in bank.questions.iter().enumerate() {
        if i == 0 || bank.questions[i - 1].section != q.section {
            let title = bank.section(&q.section).map_or(q.section.as_str(), |s| s.title.as_str());
            rows.push((
                None,
                Line::from(Span::styled(title.to_uppercase(), widgets::dim().add_modifier(Modifier::BOLD))),
            ));
        }
        let answer = interview.answer(&q.id);
        let glyph = state_glyph(answer.map(|a| a.state).unwrap_or_default());
        let flag = if answer.is_some_and(|a| a.flags.follow_up) { "⚑" } else { " " };
        let must = if q.is_must() { "!" } else { " " };
        let line = Line::from(format!("{glyph}{flag}{must}{}", q.text));
        if i == current {
            selected_row = rows.len();
            rows.push((Some(i), line.style(widgets::selected())));
        } else {
            rows.push((Some(i), line));
        }
    }
    // Keep the current question in view, centred when the list is long; draw only visible rows.
    let height = usize::from(inner.height);
    let offset = selected_row.saturating_sub(height / 2).min(rows.len().saturating_sub(height));
    let visible: Vec<Line> = rows.into_iter().skip(offset).take(height).map(|(_, l)| l).collect();
    frame.render_widget(Paragraph::new(visible), inner);
}

fn render_detail(app: &App, frame: &mut Frame, area: Rect, bank: &Bank, interview: &Interview, state: &InterviewState) {
    let q = &bank.questions[state.question];
    let answer = interview.answer(&q.id);
    let inner_width = area.width.saturating_sub(2);
    let mut answer_lines = answer_widget(q, answer, state, inner_width);
    if let Some(hint) = state.hint.as_ref().filter(|_| app.hints) {
        answer_lines.push(Line::from(hint.as_str()).italic());
    }
    let rows: u16 = answer_lines.iter().map(|l| wrapped_rows(l, inner_width)).sum();
    // The answer gets what it needs, leaving the question and the notes four rows each.
    let answer_height = (rows + 2).min(area.height.saturating_sub(8));
    let [question_area, answer_area, notes_area] =
        Layout::vertical([Constraint::Min(4), Constraint::Length(answer_height), Constraint::Min(4)]).areas(area);

    // The question, its probes and what a strong answer shows.
    let section = bank.section(&q.section).map_or(q.section.as_str(), |s| s.title.as_str());
    let mut lines = vec![Line::from(q.text.clone()).bold(), Line::default()];
    let mut meta =
        vec![Span::styled(format!(" {} of {} · {section}", state.question + 1, bank.questions.len()), widgets::dim())];
    if let (Some(topic), Some(stance)) = (&q.topic, q.stance) {
        let title = app.catalog.topic(topic).map_or(topic.as_str(), |t| t.title.as_str());
        meta.push(Span::styled(format!(" · {title} ({})", stance.name()), widgets::dim()));
    }
    if q.is_must() {
        meta.push(Span::raw(" · ! must ask"));
    }
    meta.push(Span::raw(" "));
    for p in &q.probes {
        lines.push(Line::from(vec![Span::styled("Probe  ", widgets::dim()), Span::raw(p.clone())]));
    }
    for e in &q.evidence {
        lines.push(Line::from(vec![Span::styled("Strong ", widgets::dim()), Span::raw(e.clone()).italic()]));
    }
    let block = Block::bordered().border_type(BorderType::Rounded).title(Line::from(meta));
    frame.render_widget(Paragraph::new(Text::from(lines)).wrap(Wrap { trim: false }).block(block), question_area);

    // The answer.
    let mut title = vec![Span::raw(format!(" Answer · {} ", q.kind.name()))];
    if let Some(a) = answer {
        match a.state {
            AnswerState::Skipped => title.push(Span::raw("· » skipped ").bold()),
            AnswerState::DontKnow => title.push(Span::raw("· ? don't know ").bold()),
            _ => {}
        }
        if a.flags.follow_up {
            title.push(Span::raw("· ⚑ follow-up ").bold());
        }
    }
    let block = Block::bordered().border_type(BorderType::Rounded).title(Line::from(title));
    frame.render_widget(Paragraph::new(answer_lines).wrap(Wrap { trim: false }).block(block), answer_area);

    // The notes.
    let editing = state.editor.as_ref();
    let title = if editing.is_some() { " Notes — typing · Esc when done " } else { " Notes · Enter to write " };
    let block = Block::bordered()
        .border_type(if editing.is_some() { BorderType::Double } else { BorderType::Rounded })
        .title(title);
    let inner = block.inner(notes_area);
    frame.render_widget(block, notes_area);
    match editing {
        Some(editor) => frame.render_widget(editor, inner),
        None => {
            let notes = answer.map(|a| a.notes.as_str()).unwrap_or("");
            let text = if notes.is_empty() { Text::styled("(no notes)", widgets::dim()) } else { Text::raw(notes) };
            frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: false }), inner);
        }
    }
}

/// Rows a line takes when word-wrapped to `width` (greedy, as ratatui's `Wrap` does).
fn wrapped_rows(line: &Line, width: u16) -> u16 {
    let width = usize::from(width.max(1));
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    let mut rows = 1;
    let mut used = 0;
    for word in text.split(' ') {
        let w = Span::raw(word).width();
        let need = if used == 0 { w } else { used + 1 + w };
        if need <= width {
            used = need;
        } else {
            rows += 1 + w.saturating_sub(1) / width;
            used = w % width;
        }
    }
    rows as u16
}

/// The lines of the answer widget for the question's kind.
fn answer_widget<'a>(q: &'a Question, answer: Option<&'a Answer>, state: &InterviewState, width: u16) -> Vec<Line<'a>> {
    let value = answer.and_then(|a| a.value.as_ref());
    match q.kind {
        Kind::Scale => {
            let chosen = match value {
                Some(AnswerValue::Scale { value }) => Some(*value),
                _ => None,
            };
            let points: Vec<Span> = q
                .scale_labels()
                .into_iter()
                .enumerate()
                .map(|(i, label)| {
                    let on = chosen == Some(i as u8);
                    let text = format!("{} {i} {label}", if on { "●" } else { "○" });
                    let style = if on { widgets::selected().add_modifier(Modifier::BOLD) } else { Style::default() };
                    Span::styled(text, style)
                })
                .collect();
            // One line when it fits, else one point per line.
            let one_line: usize = points.iter().map(|p| p.width() + 2).sum();
            let mut lines: Vec<Line> = if one_line <= usize::from(width) {
                vec![Line::from(points.into_iter().flat_map(|p| [p, Span::raw("  ")]).collect::<Vec<_>>())]
            } else {
                points.into_iter().map(Line::from).collect()
            };
            lines.push(Line::styled("0–4 or ←/→ to set", widgets::dim()));
            lines
        }
        Kind::Choice | Kind::Multi => {
            let picked: Vec<&str> = match value {
                Some(AnswerValue::Choice { option }) => vec![option.as_str()],
                Some(AnswerValue::Multi { options }) => options.iter().map(String::as_str).collect(),
                _ => Vec::new(),
            };
            q.options
                .iter()
                .enumerate()
                .map(|(i, o)| {
                    let on = picked.contains(&o.label.as_str());
                    let mark = match (q.kind, on) {
                        (Kind::Multi, true) => "[x]",
                        (Kind::Multi, false) => "[ ]",
                        (_, true) => "(•)",
                        (_, false) => "( )",
                    };
                    let cursor = if q.kind == Kind::Multi && i == state.option_cursor { "›" } else { " " };
                    let line = Line::from(format!("{cursor}{} {mark} {}", i + 1, o.label));
                    if on { line.style(Style::default().add_modifier(Modifier::BOLD)) } else { line }
                })
                .collect()
        }
        Kind::Number => {
            let unit = q.unit.as_deref().unwrap_or("");
            let range = match (q.min, q.max) {
                (Some(lo), Some(hi)) => format!(" (range {}–{})", format_number(lo), format_number(hi)),
                (Some(lo), None) => format!(" (at least {})", format_number(lo)),
                (None, Some(hi)) => format!(" (at most {})", format_number(hi)),
                (None, None) => String::new(),
            };
            match &state.number_input {
                Some(input) => vec![
                    Line::from(vec![
                        Span::raw("› "),
                        Span::raw(input.lines().join("")).underlined(),
                        Span::raw("▏"),
                        Span::raw(format!(" {unit}")),
                    ]),
                    Line::styled(format!("Enter to record · Esc to cancel{range}"), widgets::dim()),
                ],
                None => {
                    let shown = match value {
                        Some(AnswerValue::Number { value }) => format!("{} {unit}", format_number(*value)),
                        _ => "—".into(),
                    };
                    vec![
                        Line::from(shown).bold(),
                        Line::styled(format!("type digits to enter a number in {unit}{range}"), widgets::dim()),
                    ]
                }
            }
        }
        Kind::Text => vec![Line::styled("Notes only: press Enter to write what was said.", widgets::dim())],
    }
}
