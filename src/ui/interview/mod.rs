//! Screen 3: the interview — answering, notes, moving between questions. Drawing is in `view`.

mod view;

pub use view::{render, render_reason};

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui_textarea::{TextArea, WrapMode};

use super::app::{App, InterviewState};
use super::command::{AnswerChange, Command, Edit, ReadOnly, Status};
use super::form::Field;
use super::keymap::Action;
use super::overlay::Overlay;
use crate::bank::{Bank, Kind, Question};
use crate::divergence;
use crate::session::{Answer, AnswerState, AnswerValue, Interview, format_number};

/// What the interview screen reads to decide what a key means: never the app, never a way to
/// change the session (changes go back as [`Command::Edit`]).
pub struct Ctx<'a> {
    pub interview: &'a Interview,
    /// The interview's index in the session.
    pub index: usize,
    pub bank: &'a Bank,
    pub now: chrono::DateTime<chrono::Utc>,
    /// Whether changes can be made at all (false when read-only), so an editor is not opened
    /// for text that could never be kept. The changes themselves are still refused by the app.
    pub writable: bool,
    pub hints: bool,
}

impl Ctx<'_> {
    fn question(&self, state: &InterviewState) -> &Question {
        &self.bank.questions[state.question.min(self.bank.questions.len() - 1)]
    }

    fn answer(&self, state: &InterviewState) -> Option<&Answer> {
        self.interview.answer(&self.question(state).id)
    }

    fn change(&self, state: &InterviewState, change: AnswerChange) -> Command {
        let question = self.question(state).id.clone();
        Command::Edit(Edit::Answer { interview: self.index, question, change })
    }
}

/// One key's action on the interview screen. `ctx.bank` is never empty (the app does not show
/// the screen for an empty bank).
pub fn update(action: Action, state: &mut InterviewState, ctx: &Ctx) -> Vec<Command> {
    let n = ctx.bank.questions.len();
    match action {
        Action::Up => move_to(state, state.question.saturating_sub(1)),
        Action::Down => move_to(state, (state.question + 1).min(n - 1)),
        Action::PageUp | Action::PageDown => {
            move_to(state, section_jump(ctx.bank, state.question, action == Action::PageDown));
        }
        Action::NextUnanswered => return next_unanswered(state, ctx),
        Action::EditNotes if !ctx.writable => return vec![Command::Status(Status::warning(ReadOnly.to_string()))],
        Action::EditNotes => {
            state.editor = Some(notes_editor(ctx.answer(state).map_or("", |a| a.notes.as_str())));
            state.notes_marked = false;
        }
        Action::ExternalEditor => {
            let Some(editor) = &state.editor else { return Vec::new() };
            let text = editor.lines().join("\n");
            let (interview, question) = (ctx.interview.id.clone(), ctx.question(state).id.clone());
            // Durable before the editor takes over: a crash while it is open loses nothing.
            return vec![Command::SaveNow, Command::EditExternally { text, interview, question }];
        }
        Action::LeaveEditor => {
            state.editor = None;
            // Notes wait for their pause; leaving the editor writes them now.
            return vec![Command::Save];
        }
        Action::Cancel => state.number_input = None,
        Action::ToggleHints => {
            let shown = if ctx.hints { "hidden" } else { "shown" };
            return vec![
                Command::SetHints(!ctx.hints),
                Command::Status(Status::info(format!("Comparison with the claim {shown} (h toggles)."))),
            ];
        }
        Action::Back => return vec![Command::LeaveInterview],
        // Everything else answers the question: said at once when nothing can change (the app
        // refuses the change itself in any case).
        _ if !ctx.writable => return vec![Command::Status(Status::warning(ReadOnly.to_string()))],
        other => return answer(other, state, ctx),
    }
    Vec::new()
}

/// The actions that answer the current question.
fn answer(action: Action, state: &mut InterviewState, ctx: &Ctx) -> Vec<Command> {
    let question = ctx.question(state);
    let change = match action {
        Action::Digit(d) => return digit(d, state, ctx),
        Action::Previous | Action::Next => return step(action == Action::Next, state, ctx),
        Action::ToggleOption if question.kind == Kind::Multi => {
            AnswerChange::Value(picked(ctx.answer(state), question, state.option_cursor))
        }
        Action::ToggleQuote => {
            let mut out = vec![ctx.change(state, AnswerChange::ToggleQuote)];
            let quoted = ctx.answer(state).is_some_and(|a| a.flags.quote);
            if !quoted && ctx.answer(state).is_none_or(|a| a.notes.trim().is_empty()) {
                let hint = "Marked as a verbatim quote: press Enter and write the words as they were said.";
                out.push(Command::Status(Status::info(hint)));
            }
            return out;
        }
        Action::Skip => AnswerChange::ToggleState(AnswerState::Skipped),
        Action::DontKnow => AnswerChange::ToggleState(AnswerState::DontKnow),
        Action::FlagFollowUp if ctx.answer(state).is_some_and(|a| a.flags.follow_up) => AnswerChange::ToggleFollowUp,
        Action::FlagFollowUp => {
            let field = Field::new("Reason", "optional: what to follow up, and with whom");
            return vec![Command::Show(Overlay::FollowUpReason(Box::new(field)))];
        }
        Action::Confirm => return confirm_number(state, ctx),
        _ => return Vec::new(),
    };
    vec![ctx.change(state, change)]
}

fn digit(d: u8, state: &mut InterviewState, ctx: &Ctx) -> Vec<Command> {
    let question = ctx.question(state);
    let status = |text: String| vec![Command::Status(Status::warning(text))];
    match question.kind {
        Kind::Scale if d <= 4 => vec![ctx.change(state, AnswerChange::Value(AnswerValue::Scale { value: d }))],
        Kind::Scale => status("A scale answer is 0–4.".to_string()),
        Kind::Choice | Kind::Multi => match usize::from(d).checked_sub(1).filter(|&i| i < question.options.len()) {
            Some(i) => {
                state.option_cursor = i;
                vec![ctx.change(state, AnswerChange::Value(picked(ctx.answer(state), question, i)))]
            }
            None => status(format!("Pick an option 1–{}.", question.options.len())),
        },
        Kind::Number => {
            let mut input = number_input();
            input.insert_char(char::from(b'0' + d));
            state.number_input = Some(input);
            Vec::new()
        }
        Kind::Text => status("This question takes notes only: press Enter to write them.".into()),
    }
}

/// ←/→: the scale point or the choice one step along; the cursor of a multi.
fn step(forward: bool, state: &mut InterviewState, ctx: &Ctx) -> Vec<Command> {
    let question = ctx.question(state);
    let value = ctx.answer(state).and_then(|a| a.value.as_ref());
    let last = question.options.len().saturating_sub(1);
    let along = |i: usize| if forward { (i + 1).min(last) } else { i.saturating_sub(1) };
    let change = match (question.kind, value) {
        (Kind::Scale, Some(AnswerValue::Scale { value })) if forward => {
            AnswerValue::Scale { value: (value + 1).min(4) }
        }
        (Kind::Scale, Some(AnswerValue::Scale { value })) => AnswerValue::Scale { value: value.saturating_sub(1) },
        (Kind::Scale, _) => AnswerValue::Scale { value: 0 },
        (Kind::Choice, value) => {
            let at = match value {
                Some(AnswerValue::Choice { option }) => question.option_index(option),
                _ => None,
            };
            picked(ctx.answer(state), question, at.map_or(0, along))
        }
        (Kind::Multi, _) => {
            state.option_cursor = along(state.option_cursor);
            return Vec::new();
        }
        _ => return Vec::new(),
    };
    vec![ctx.change(state, AnswerChange::Value(change))]
}

fn confirm_number(state: &mut InterviewState, ctx: &Ctx) -> Vec<Command> {
    let Some(input) = &state.number_input else { return Vec::new() };
    match parse_number(&input.lines().join(""), ctx.question(state)) {
        Ok(value) => {
            state.number_input = None;
            vec![ctx.change(state, AnswerChange::Value(AnswerValue::Number { value }))]
        }
        Err(e) => vec![Command::Status(Status::warning(e))],
    }
}

/// `n`: the next question not asked yet; must-ask ones first when time is short.
fn next_unanswered(state: &mut InterviewState, ctx: &Ctx) -> Vec<Command> {
    let (bank, interview) = (ctx.bank, ctx.interview);
    let n = bank.questions.len();
    let open = |i: &usize| interview.state_of(&bank.questions[*i].id) == AnswerState::NotAsked;
    let order = (1..=n).map(|k| (state.question + k) % n);
    let pace = Pace::of(interview, bank, state, ctx.now);
    let must = pace.filter(Pace::short).and_then(|_| order.clone().filter(open).find(|&i| bank.questions[i].is_must()));
    match must.or_else(|| order.clone().find(open)) {
        Some(i) => {
            move_to(state, i);
            must.map(|_| vec![Command::Status(Status::info("Time is short: must-ask questions first."))])
                .unwrap_or_default()
        }
        None => vec![Command::Status(Status::info("Every question has been answered, skipped or marked don't know."))],
    }
}

/// What the digits do on the question on screen, for the footer: a scale's score, a choice's
/// pick, a number's typing; nothing on a text question (Some(None)). None when no interview.
pub fn answer_keys(app: &App) -> Option<Option<(String, &'static str)>> {
    let open = app.open.as_ref()?;
    let state = open.interview.as_ref()?;
    let interview = open.session().interviews.get(state.index)?;
    let q = app.catalog.bank(&interview.function)?.questions.get(state.question)?;
    Some(match q.kind {
        Kind::Scale => Some(("0–4".into(), "score")),
        Kind::Choice | Kind::Multi => Some((format!("1–{}", q.options.len().min(9)), "pick")),
        Kind::Number => Some(("0–9".into(), "type a number")),
        Kind::Text => None,
    })
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
    let session = open.session();
    let interview = session.interviews.get(state.index)?;
    let bank = app.catalog.bank(&interview.function)?;
    let q = bank.questions.get(state.question)?;
    if q.stance != Some(crate::bank::Stance::Received) {
        return None;
    }
    let mine = interview.answer(&q.id)?.normalised(q)?;
    // The claim alone: the receivers' sides and the contrasting terms are not shown here.
    let claim = divergence::claim(session, &app.catalog, q.topic.as_deref()?)?;
    let claimant = app.catalog.bank(&claim.function).map_or(claim.function.as_str(), |b| b.title.as_str());
    // What the matrix will show: the mean of this function's interviews that answered.
    let answers: Vec<f64> = session
        .interviews
        .iter()
        .filter(|i| i.function == interview.function)
        .filter_map(|i| i.answer(&q.id)?.normalised(q))
        .collect();
    let so_far = match answers.len() {
        0 | 1 => String::new(),
        n => format!(
            " · {} so far: {} from {n} interviews",
            bank.title,
            divergence::points(answers.iter().sum::<f64>() / n as f64)
        ),
    };
    Some(match claim.score {
        Some(claim) => {
            let v = divergence::verdict(claim, mine);
            format!(
                "{} {} vs {claimant}'s claim: claimed {}, this interview received {} ({} points){so_far}",
                v.symbol(),
                v.name(),
                divergence::points(claim),
                divergence::points(mine),
                divergence::signed_points(claim - mine)
            )
        }
        None => {
            let why = claim.unknown.map_or_else(|| format!("{claimant}'s claim is unknown"), |u| u.sentence(claimant));
            format!("? No claim to compare with yet: {why}{so_far}")
        }
    })
}

/// The question under a click at (`x`, `y`) of the screen body, if it is in the list.
pub fn question_at(app: &App, body: Rect, x: u16, y: u16) -> Option<usize> {
    let open = app.open.as_ref()?;
    let state = open.interview.as_ref()?;
    let bank = app.catalog.bank(&open.session().interviews.get(state.index)?.function)?;
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

/// The value after choosing option `i` of a choice, or ticking/unticking it in a multi.
fn picked(answer: Option<&Answer>, question: &Question, i: usize) -> AnswerValue {
    let label = question.options.get(i).map(|o| o.label.clone()).unwrap_or_default();
    if question.kind != Kind::Multi {
        return AnswerValue::Choice { option: label };
    }
    let mut chosen = match answer.and_then(|a| a.value.as_ref()) {
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
pub fn type_key(key: KeyEvent, state: &mut InterviewState, ctx: &Ctx) -> Vec<Command> {
    if let Some(editor) = state.editor.as_mut() {
        if editor.input(key) {
            let text = editor.lines().join("\n");
            return vec![notes_change(state, ctx, text)];
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
    Vec::new()
}

/// The notes now read `text`. The first change of each visit to the editor records the
/// interview clock, to line notes up with a recording.
fn notes_change(state: &mut InterviewState, ctx: &Ctx, text: String) -> Command {
    let mark = (!state.notes_marked).then(|| state.elapsed(ctx.interview.elapsed_seconds, ctx.now));
    state.notes_marked = true;
    ctx.change(state, AnswerChange::Notes { text, kind: ctx.question(state).kind, mark })
}

/// Replaces the notes in the open editor (the text came back from an external editor).
pub fn replace_notes(text: &str, state: &mut InterviewState, ctx: &Ctx) -> Vec<Command> {
    let mut editor = notes_editor(text);
    editor.move_cursor(ratatui_textarea::CursorMove::Bottom);
    state.editor = Some(editor);
    vec![notes_change(state, ctx, text.to_string())]
}

/// A bracketed paste: one edit, however long.
pub fn paste(text: &str, state: &mut InterviewState, ctx: &Ctx) -> Vec<Command> {
    if let Some(editor) = state.editor.as_mut() {
        editor.insert_str(text.replace("\r\n", "\n").replace('\r', "\n"));
        let text = editor.lines().join("\n");
        return vec![notes_change(state, ctx, text)];
    } else if let Some(input) = state.number_input.as_mut() {
        input.insert_str(text.chars().filter(|c| c.is_ascii_digit() || *c == '.' || *c == '-').collect::<String>());
    }
    Vec::new()
}

/// The `f` prompt answered: flag the follow-up with its (optional) reason.
pub fn follow_up_reason(reason: &str, state: &InterviewState, ctx: &Ctx) -> Vec<Command> {
    vec![ctx.change(state, AnswerChange::FlagFollowUp(reason.to_string()))]
}

/// Goes to question `index` (from the palette, the follow-ups or a click).
pub fn go_to(state: &mut InterviewState, bank: &Bank, index: usize) {
    move_to(state, index.min(bank.questions.len().saturating_sub(1)));
    state.editor = None;
}

/// Before quitting: notes typed so far are already in the session; an unfinished number is not.
pub fn commit_inputs(state: &mut InterviewState) {
    state.number_input = None;
}
