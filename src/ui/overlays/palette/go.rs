//! Where the chosen entry leads: a question (asking first when that leaves the interview on
//! screen), a topic, a claim, a command.

use super::{Ctx, Target};
use crate::ui::command::{Command, Status};
use crate::ui::keymap::Action;
use crate::ui::overlays::confirm::Confirm;

/// What the chosen entry leads to.
pub(super) fn go(target: &Target, ctx: &Ctx) -> Vec<Command> {
    let status = |text: &str| vec![Command::Status(Status::info(text))];
    match target {
        Target::Command(
            Action::OpenDivergence | Action::OpenDiagnosis | Action::AddInterview | Action::FollowUpList,
        ) if ctx.session.is_none() => status("Open a session first (Enter on the sessions screen)."),
        Target::Command(Action::OpenDivergence) => {
            vec![Command::LeaveInterview, Command::OpenDivergence { topic: None }]
        }
        Target::Command(Action::OpenDiagnosis) => vec![Command::LeaveInterview, Command::OpenDiagnosis],
        // The session screen asks for the interview's function.
        Target::Command(Action::AddInterview) => vec![Command::LeaveInterview, Command::Then(Action::AddInterview)],
        Target::Command(Action::ToggleHints) => vec![Command::SetHints(!ctx.env.hints)],
        Target::Command(action) => vec![Command::Then(*action)],
        Target::Topic(_) if ctx.session.is_none() => {
            status("Open a session first: topics lead to its divergence view.")
        }
        Target::Topic(topic) => vec![Command::LeaveInterview, Command::OpenDivergence { topic: Some(topic.clone()) }],
        Target::Question { function, index } => question(function, *index, ctx),
        Target::Claim { interview, question } => leave_for(*interview, *question, ctx),
    }
}

/// Goes to question `question` of interview `interview`; when that leaves the interview on
/// screen, asks first, so that the next answer key never lands in someone else's interview.
fn leave_for(interview: usize, question: usize, ctx: &Ctx) -> Vec<Command> {
    let go = vec![Command::GoToQuestion { interview, question }];
    let (Some(session), Some(showing)) = (ctx.session, ctx.showing) else { return go };
    if showing == interview {
        return go;
    }
    let label = |i: usize| {
        let function = session.interviews.get(i).map_or("", |iv| iv.function.as_str());
        let title = ctx.env.catalog.bank(function).map_or(function, |b| b.title.as_str());
        session.label_of(i, title)
    };
    let confirm = Confirm::Switch { from: label(showing), to: label(interview), interview, question };
    vec![Command::show(confirm)]
}

/// Goes to a question: in the interview on screen, or in the session's interview of that
/// function (opening it), or says what is missing.
fn question(function: &str, index: usize, ctx: &Ctx) -> Vec<Command> {
    let Some(session) = ctx.session else {
        let text = "Open a session and an interview first; then the palette jumps to its questions.";
        return vec![Command::Status(Status::info(text))];
    };
    let in_current = ctx.showing.filter(|&i| session.interviews.get(i).is_some_and(|iv| iv.function == function));
    let target = in_current.or_else(|| session.interviews.iter().position(|i| i.function == function));
    let title = ctx.env.catalog.bank(function).map_or(function.to_string(), |b| b.title.clone());
    let Some(interview) = target else {
        let text = format!("No {title} interview in this session yet: press a on the session screen to add one.");
        return vec![Command::Status(Status::info(text))];
    };
    leave_for(interview, index, ctx)
}
