//! Screen 3: the interview — answering, notes, moving between questions. Drawing is in `view`.

mod view;

pub use view::{render, render_reason};

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui_textarea::{TextArea, WrapMode};

use super::app::{App, InterviewState, Overlay, SaveState, Screen};
use super::form::Field;
use super::keymap::Action;
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
    let interview = std::sync::Arc::make_mut(&mut open.session).interviews.get_mut(state.index)?;
    // An empty bank is refused when banks load; never index one all the same.
    let bank = app.catalog.bank(&interview.function).filter(|b| !b.questions.is_empty())?;
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
            state.notes_marked = false;
        }
        Action::ToggleQuote => {
            let answer = interview.answer_mut(&question.id);
            answer.toggle_quote(now);
            if answer.flags.quote && answer.notes.trim().is_empty() {
                message = Some("Marked as a verbatim quote: press Enter and write the words as they were said.".into());
            }
            changed = true;
        }
        Action::Skip => {
            interview.answer_mut(&question.id).toggle_state(AnswerState::Skipped, now);
            changed = true;
        }
        Action::DontKnow => {
            interview.answer_mut(&question.id).toggle_state(AnswerState::DontKnow, now);
            changed = true;
        }
        Action::FlagFollowUp if interview.answer(&question.id).is_some_and(|a| a.flags.follow_up) => {
            interview.answer_mut(&question.id).toggle_follow_up(now);
            changed = true;
        }
        Action::FlagFollowUp => {
            app.overlay = Some(Overlay::FollowUpReason(Box::new(Field::new(
                "Reason",
                "optional: what to follow up, and with whom",
            ))));
            return;
        }
        Action::NextUnanswered => {
            let open = |i: &usize| interview.state_of(&bank.questions[*i].id) == AnswerState::NotAsked;
            let order = (1..=n).map(|k| (state.question + k) % n);
            // When the time left will not cover every open question, must-ask ones come first.
            let pace = Pace::of(interview, bank, state, now);
            let must = pace
                .filter(Pace::short)
                .and_then(|_| order.clone().filter(open).find(|&i| bank.questions[i].is_must()));
            match must.or_else(|| order.clone().find(open)) {
                Some(i) => {
                    if must.is_some() {
                        message = Some("Time is short: must-ask questions first.".into());
                    }
                    move_to(state, i)
                }
                None => message = Some("Every question has been answered, skipped or marked don't know.".into()),
            }
        }
        Action::ExternalEditor => {
            if let Some(editor) = &state.editor {
                app.effect = Some(super::app::Effect::EditExternally {
                    text: editor.lines().join("\n"),
                    interview: interview.id.clone(),
                    question: question.id.clone(),
                });
                // Durable before the editor takes over: a crash while it is open loses nothing.
                app.save_now();
            }
            return;
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
    // The claim alone: the receivers' sides and the contrasting terms are not shown here.
    let claim = divergence::claim(&open.session, &app.catalog, q.topic.as_deref()?)?;
    let claimant = app.catalog.bank(&claim.function).map_or(claim.function.as_str(), |b| b.title.as_str());
    Some(match claim.score {
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
        None => format!("? {claimant}'s claim on this topic: {}", claim.unknown.map_or("unknown", |u| u.text())),
    })
}

/// The question under a click at (`x`, `y`) of the screen body, if it is in the list.
pub fn question_at(app: &App, body: Rect, x: u16, y: u16) -> Option<usize> {
    let open = app.open.as_ref()?;
    let state = open.interview.as_ref()?;
    let bank = app.catalog.bank(&open.session.interviews.get(state.index)?.function)?;
    let list = view::list_area(body);
    let inner = list.inner(ratatui::layout::Margin::new(1, 1));
    if !inner.contains(ratatui::layout::Position::new(x, y)) {
        return None;
    }
    let rows = view::QuestionRows::new(bank);
    rows.question_at(rows.offset(state.question, usize::from(inner.height)) + usize::from(y - inner.y))
}

/// The mouse wheel over the notes editor scrolls it.
pub fn scroll_notes(app: &mut App, up: bool) {
    if let Some(editor) = app.open.as_mut().and_then(|o| o.interview.as_mut()).and_then(|iv| iv.editor.as_mut()) {
        editor.scroll((if up { -3 } else { 3 }, 0));
    }
}

/// Goes to question `index` of the interview on screen (from the palette or the follow-ups).
pub fn go_to(app: &mut App, index: usize) {
    if let Some(Current { bank, state, .. }) = current(app) {
        move_to(state, index.min(bank.questions.len().saturating_sub(1)));
        state.editor = None;
    }
    refresh_hint(app);
}

/// The `f` prompt: Enter flags the follow-up with the (optional) reason, Esc leaves it unflagged.
pub fn update_reason(app: &mut App, field: Box<Field>, action: Action) {
    match action {
        Action::Confirm => {
            let now = app.now;
            if let Some(Current { bank, interview, state }) = current(app) {
                interview.answer_mut(&bank.questions[state.question].id).flag_follow_up(&field.value(), now);
                app.save();
            }
        }
        Action::Cancel => {}
        _ => app.overlay = Some(Overlay::FollowUpReason(field)),
    }
}

/// Time against the interview's budget.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pace {
    pub elapsed: u64,
    pub left: i64,
    /// Open questions that fit in the time left, at the pace so far.
    pub fit: usize,
    pub open: usize,
}

impl Pace {
    pub fn of(
        interview: &Interview,
        bank: &Bank,
        state: &InterviewState,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Option<Pace> {
        let budget = u64::from(interview.budget_minutes?) * 60;
        let elapsed = state.elapsed(interview.elapsed_seconds, now);
        let covered = interview.covered().max(1) as u64;
        // From the answers, not the bank: a frame must not cost the bank's size.
        let open = bank.questions.len().saturating_sub(interview.covered());
        // Before any answer, assume the budget is meant to cover the whole bank.
        let per_question =
            if interview.covered() == 0 { budget / bank.questions.len().max(1) as u64 } else { elapsed / covered };
        let left = budget as i64 - elapsed as i64;
        let fit = if left <= 0 { 0 } else { (left as u64 / per_question.max(1)) as usize };
        Some(Pace { elapsed, left, fit: fit.min(open), open })
    }

    pub fn short(&self) -> bool {
        self.fit < self.open
    }
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

/// Replaces the notes in the open editor (the text came back from an external editor).
pub fn replace_notes(app: &mut App, text: &str) {
    let now = app.now;
    let Some(Current { bank, interview, state }) = current(app) else { return };
    let question = &bank.questions[state.question];
    let mut editor = notes_editor(text);
    editor.move_cursor(ratatui_textarea::CursorMove::Bottom);
    state.editor = Some(editor);
    interview.answer_mut(&question.id).set_notes(text.to_string(), question.kind, now);
    notes_changed(app);
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

/// Notes are written one second after the last keystroke (see [`App::tick`]). The first change
/// of each visit to the editor records the interview clock, to line notes up with a recording.
fn notes_changed(app: &mut App) {
    let now = app.now;
    if let Some(Current { bank, interview, state }) = current(app)
        && !state.notes_marked
    {
        let mark = state.elapsed(interview.elapsed_seconds, now);
        interview.answer_mut(&bank.questions[state.question].id).notes_marks.push(mark);
        state.notes_marked = true;
    }
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
