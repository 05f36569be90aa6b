//! Screen 3: the interview — answering, notes, moving between questions. A component of its
//! own state ([`InterviewState`]) that reads the session through [`Ctx`]; drawing is in `view`,
//! the notes editor in `notes`, the comparison under an answer in `comparison`.

mod answer_widget;
mod claims;
mod comparison;
mod notes;
mod rows;
mod state;
mod view;

pub use claims::lines as claim_lines;
pub use comparison::comparison;
pub use notes::{EDIT_WINDOW, replace_notes};
pub use state::{InterviewState, Pace};

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use notes::{paste, type_key};
use view::render;

use crate::bank::{Bank, Kind, Question};
use crate::session::{Answer, AnswerState, AnswerValue, Interview, Session};
use crate::ui::command::Component;
use crate::ui::command::{AnswerChange, Command, Edit, ReadOnly, Status};
use crate::ui::env::{self, Env};
use crate::ui::hits::{Hit, Hits};
use crate::ui::keymap::{Action, Context};
use crate::ui::overlays::line_form::{LineForm, Purpose};
use crate::ui::save_state::SaveState;
use crate::ui::widgets::text_field::Field;

/// What the interview screen reads: never the app, never a way to change the session
/// (changes go back as [`Command::Edit`]).
pub struct Ctx<'a> {
    pub env: &'a Env,
    pub session: &'a Session,
    pub interview: &'a Interview,
    /// The interview's index in the session.
    pub index: usize,
    /// Never empty.
    pub bank: &'a Bank,
    pub save: &'a SaveState,
    /// Whether changes can be made at all (false when read-only), so an editor is not opened
    /// for text that could never be kept. The changes themselves are still refused by the app.
    pub writable: bool,
}

impl<'a> Ctx<'a> {
    /// The context of interview `index`; None when it does not exist or its bank is missing or
    /// empty (the screen is not shown then).
    pub fn new(ctx: &env::Ctx<'a>, index: usize) -> Option<Ctx<'a>> {
        let (env, session, save) = (ctx.env, ctx.session?, ctx.save?);
        let interview = session.interviews.get(index)?;
        let bank = env.catalog.bank(&interview.function).filter(|b| !b.questions.is_empty())?;
        Some(Ctx { env, session, interview, index, bank, save, writable: ctx.writable })
    }
    pub(super) fn question(&self, state: &InterviewState) -> &Question {
        &self.bank.questions[state.question.min(self.bank.questions.len() - 1)]
    }

    pub(super) fn answer(&self, state: &InterviewState) -> Option<&Answer> {
        self.interview.answer(&self.question(state).id)
    }

    pub(super) fn change(&self, state: &InterviewState, change: AnswerChange) -> Command {
        let question = self.question(state).id.clone();
        Command::Edit(Edit::Answer { interview: self.index, question, change })
    }
}

/// The interview screen: its own state, reading the session through [`Ctx`]. An interview
/// whose bank is missing or empty is not shown: a key there goes back to the session screen.
impl Component for InterviewState {
    fn context(&self, _ctx: &env::Ctx) -> Context {
        if self.editor.is_some() {
            Context::Editor
        } else if self.number_input.is_some() {
            Context::NumberEntry
        } else {
            Context::Interview
        }
    }

    fn update(&mut self, action: Action, ctx: &env::Ctx) -> Vec<Command> {
        // The "Now in" of a jump from another interview lasts until the next key.
        self.arrived = false;
        let Some(ctx) = Ctx::new(ctx, self.index) else { return vec![Command::ShowSession] };
        update(action, self, &ctx)
    }

    fn input(&mut self, key: KeyEvent, ctx: &env::Ctx) -> Vec<Command> {
        self.arrived = false;
        let Some(ctx) = Ctx::new(ctx, self.index) else { return vec![Command::ShowSession] };
        type_key(key, self, &ctx)
    }

    fn paste(&mut self, text: &str, ctx: &env::Ctx) -> Vec<Command> {
        self.arrived = false;
        let Some(ctx) = Ctx::new(ctx, self.index) else { return vec![Command::ShowSession] };
        paste(text, self, &ctx)
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &env::Ctx, hits: &mut Hits) {
        if let Some(ctx) = Ctx::new(ctx, self.index) {
            render(frame, area, self, &ctx, hits);
        }
    }

    fn digit_keys(&self, ctx: &env::Ctx) -> Option<(String, &'static str)> {
        answer_keys(self, &Ctx::new(ctx, self.index)?)
    }
}

/// One key's action on the interview screen. `ctx.bank` is never empty (the app does not show
/// the screen for an empty bank).
fn update(action: Action, state: &mut InterviewState, ctx: &Ctx) -> Vec<Command> {
    let n = ctx.bank.questions.len();
    match action {
        Action::Select(Hit::Question(q)) => go_to(state, ctx.bank, q),
        Action::ScrollNotes { up } => state.scroll_notes(up),
        // A row of a question asked for several functions is a question of its own: moving by
        // rows is moving by questions.
        Action::Up | Action::PreviousRow => move_to(state, state.question.saturating_sub(1)),
        Action::Down | Action::NextRow => move_to(state, (state.question + 1).min(n - 1)),
        Action::PageUp | Action::PageDown => {
            move_to(state, section_jump(ctx.bank, state.question, action == Action::PageDown));
        }
        Action::NextUnanswered => return next_unanswered(state, ctx),
        Action::EditNotes if !ctx.writable => return vec![Command::Status(Status::warning(ReadOnly.to_string()))],
        Action::EditNotes => {
            notes::open_editor(state, ctx.answer(state).map_or("", |a| a.notes.as_str()));
            state.notes_marked = false;
        }
        Action::ExternalEditor => {
            let Some(editor) = &state.editor else { return Vec::new() };
            // All of the note: the inline editor may hold only its end.
            let head = ctx.answer(state).and_then(|a| a.notes.get(..state.editor_keeps)).unwrap_or("");
            let text = format!("{head}{}", editor.lines().join("\n"));
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
            let shown = if ctx.env.hints { "hidden" } else { "shown" };
            return vec![
                Command::SetHints(!ctx.env.hints),
                Command::Status(Status::info(format!("Comparison with the claim {shown} (h toggles)."))),
            ];
        }
        Action::Back => return vec![Command::LeaveInterview],
        Action::ResolveConflict => return resolve_conflict(state, ctx),
        Action::CycleInvolvement | Action::CycleRoom | Action::CycleConsent if ctx.writable => {
            let iv = ctx.interview;
            let (mut involvement, mut product_in_room, mut quote_consent) =
                (iv.involvement, iv.product_in_room, iv.quote_consent);
            match action {
                Action::CycleInvolvement => involvement = crate::session::Involvement::after(involvement),
                Action::CycleRoom => product_in_room = crate::session::room_after(product_in_room),
                _ => quote_consent = crate::session::consent_after(quote_consent),
            }
            let conditions = Edit::Conditions { interview: ctx.index, involvement, product_in_room, quote_consent };
            return vec![Command::Edit(conditions)];
        }
        Action::RetiredAnswers if crate::ui::overlays::retired::of(ctx.interview, &ctx.env.catalog).is_empty() => {
            return vec![Command::Status(Status::info("No answers to questions the bank no longer asks."))];
        }
        Action::RetiredAnswers => {
            let overlay = crate::ui::overlays::retired::RetiredAnswers { interview: ctx.index, scroll: 0 };
            return vec![Command::show(overlay)];
        }
        Action::Claims => return claims::claims(state, ctx),
        Action::CheckClaims => return claims::check(state, ctx),
        // Everything else answers the question: said at once when nothing can change (the app
        // refuses the change itself in any case).
        _ if !ctx.writable => return vec![Command::Status(Status::warning(ReadOnly.to_string()))],
        other => return answer(other, state, ctx),
    }
    Vec::new()
}

/// The choice between the values a merge kept on the answer on screen.
fn resolve_conflict(state: &InterviewState, ctx: &Ctx) -> Vec<Command> {
    use crate::ui::overlays::conflicts::ConflictChoice;
    let on_answer = ConflictChoice::new(ctx.index, ctx.interview, ctx.question(state));
    // No conflict on the answer on screen: the interview's claims and checks next.
    match on_answer.or_else(|| ConflictChoice::versions(ctx.index, ctx.interview)) {
        None => vec![Command::Status(Status::info(
            "No conflict on this answer: conflicts come from merging a colleague's copy (m on the sessions screen).",
        ))],
        Some(_) if !ctx.writable => vec![Command::Status(Status::warning(ReadOnly.to_string()))],
        Some(choice) => vec![Command::show(choice)],
    }
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
        Action::CycleSource if question.source => AnswerChange::CycleSource,
        // On an account of what arrived, where it came from is who sent it.
        Action::CycleSource if question.stance == Some(crate::bank::Stance::Received) => {
            let claimant = question.topic.as_deref().and_then(|t| ctx.env.catalog.claimant(&ctx.bank.function, t));
            AnswerChange::CycleSender { offered: crate::session::Sender::offered(claimant.map_or("", |b| &b.function)) }
        }
        Action::CycleSource => {
            let why = "This question records neither where a figure came from nor who sent what arrived.";
            return vec![Command::Status(Status::info(why))];
        }
        Action::Skip => AnswerChange::ToggleState(AnswerState::Skipped),
        Action::DontKnow => AnswerChange::ToggleState(AnswerState::DontKnow),
        Action::FlagFollowUp if ctx.answer(state).is_some_and(|a| a.flags.follow_up) => AnswerChange::ToggleFollowUp,
        Action::FlagFollowUp => {
            let field = Field::new("Reason", "optional: what to follow up, and with whom");
            let purpose = Purpose::FollowUpReason { interview: ctx.index, question: question.id.clone() };
            return vec![Command::show(LineForm::new(purpose, field))];
        }
        Action::Confirm => return confirm_number(state, ctx),
        _ => return Vec::new(),
    };
    vec![ctx.change(state, change)]
}

fn digit(d: u8, state: &mut InterviewState, ctx: &Ctx) -> Vec<Command> {
    let question = ctx.question(state);
    let status = |text: String| vec![Command::Status(Status::warning(text))];
    // One key answers and moves on, where the interviewer asked for it (config).
    let advance = |state: &mut InterviewState, mut out: Vec<Command>| {
        if ctx.env.advance_after_answer {
            out.extend(next_unanswered(state, ctx));
        }
        out
    };
    match question.kind {
        Kind::Scale if d <= 4 => {
            let out = vec![ctx.change(state, AnswerChange::Value(AnswerValue::Scale { value: d }))];
            advance(state, out)
        }
        Kind::Choice => match usize::from(d).checked_sub(1).filter(|&i| i < question.options.len()) {
            Some(i) => {
                state.option_cursor = i;
                let out = vec![ctx.change(state, AnswerChange::Value(picked(ctx.answer(state), question, i)))];
                advance(state, out)
            }
            None => status(format!("Pick an option 1–{}.", question.options.len())),
        },
        Kind::Scale => status("A scale answer is 0–4.".to_string()),
        Kind::Multi => match usize::from(d).checked_sub(1).filter(|&i| i < question.options.len()) {
            Some(i) => {
                state.option_cursor = i;
                vec![ctx.change(state, AnswerChange::Value(picked(ctx.answer(state), question, i)))]
            }
            None => status(format!("Pick an option 1–{}.", question.options.len())),
        },
        Kind::Number => {
            let mut input = notes::number_input();
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
    match crate::session::number_answer(ctx.question(state), &input.lines().join("")) {
        Ok(value) => {
            state.number_input = None;
            vec![ctx.change(state, AnswerChange::Value(AnswerValue::Number { value }))]
        }
        Err(e) => vec![Command::Status(Status::warning(e.to_string()))],
    }
}

/// `n`: the next question not asked yet; must-ask ones first when time is short.
fn next_unanswered(state: &mut InterviewState, ctx: &Ctx) -> Vec<Command> {
    let (bank, interview) = (ctx.bank, ctx.interview);
    let n = bank.questions.len();
    let open = |i: &usize| interview.state_of(&bank.questions[*i].id) == AnswerState::NotAsked;
    let order = (1..=n).map(|k| (state.question + k) % n);
    let pace = Pace::of(interview, bank, state, ctx.env.now);
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

pub(super) fn move_to(state: &mut InterviewState, question: usize) {
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

/// Goes to question `index` (from the palette, the follow-ups or a click).
pub fn go_to(state: &mut InterviewState, bank: &Bank, index: usize) {
    move_to(state, index.min(bank.questions.len().saturating_sub(1)));
    state.editor = None;
}

/// What the digits do on the question on screen, for the footer: a scale's score, a choice's
/// pick, a number's typing; nothing on a text question.
fn answer_keys(state: &InterviewState, ctx: &Ctx) -> Option<(String, &'static str)> {
    let q = ctx.question(state);
    match q.kind {
        Kind::Scale => Some(("0–4".into(), "score")),
        Kind::Choice | Kind::Multi => Some((format!("1–{}", q.options.len().min(9)), "pick")),
        Kind::Number => Some(("0–9".into(), "type a number")),
        Kind::Text => None,
    }
}
