//! Claims on the interview screen: `C` records, edits or withdraws this interview's claims on
//! the question's topic; `V` puts other interviews' claims to the interviewee — only once their
//! own answer to the `received` question is given, so a claim can never lead the answer.

use ratatui::style::Stylize;
use ratatui::text::{Line, Span};

use super::{Ctx, InterviewState};
use crate::bank::{Question, Stance};
use crate::session::AnswerState;
use crate::ui::command::{Command, ReadOnly, Status};
use crate::ui::keymap::{Action, Context};
use crate::ui::overlays::check::{CheckList, ToCheck};
use crate::ui::overlays::claims::{ClaimForm, ClaimList, Place};
use crate::ui::widgets;

fn say(text: &str) -> Vec<Command> {
    vec![Command::Status(Status::info(text))]
}

/// `C`: the list of this interview's claims on the topic, or the form when there are none.
pub fn claims(state: &InterviewState, ctx: &Ctx) -> Vec<Command> {
    let q = ctx.question(state);
    let Some(topic) = q.topic.clone() else {
        return say("This question has no topic: a claim is recorded on a question that belongs to one.");
    };
    if !ctx.writable {
        return vec![Command::Status(Status::warning(ReadOnly.to_string()))];
    }
    let receivers = crate::claims::receivers(&ctx.env.catalog, &topic);
    if receivers.is_empty() {
        return say("No function receives this topic, so a claim on it concerns no one.");
    }
    let topic_title = ctx.env.catalog.topic(&topic).map_or_else(|| topic.clone(), |t| t.title.clone());
    let place = Place { interview: ctx.index, topic: topic.clone(), topic_title, receivers };
    let claims: Vec<_> = ctx.interview.claims_on(&topic).cloned().collect();
    if claims.is_empty() {
        return vec![Command::show(ClaimForm::new(place, None))];
    }
    vec![Command::show(ClaimList { place, claims, selected: 0 })]
}

/// Whether the claims on this question may be shown: a `received` question whose own answer
/// is given.
fn answered_received(q: &Question, state: &InterviewState, ctx: &Ctx) -> bool {
    q.stance == Some(Stance::Received) && ctx.answer(state).is_some_and(|a| a.state != AnswerState::NotAsked)
}

/// The other interviews' claims on the question's topic that concern this function.
fn to_check(q: &Question, ctx: &Ctx) -> Vec<ToCheck> {
    let Some(topic) = q.topic.as_deref() else { return Vec::new() };
    let session = ctx.session;
    crate::claims::to_put(session, topic, &ctx.interview.function, &ctx.interview.id)
        .map(|(k, claim)| {
            let function = &session.interviews[k].function;
            let title = ctx.env.catalog.bank(function).map_or(function.as_str(), |b| b.title.as_str());
            let check = ctx.interview.check_of(&claim.id);
            ToCheck {
                claim: claim.clone(),
                made_in: session.label_of(k, title),
                made_in_short: crate::session::Interview::number_label(title, session.number_of(k)),
                verdict: check.map(|c| c.verdict),
                notes: check.map(|c| c.notes.clone()).unwrap_or_default(),
            }
        })
        .collect()
}

/// `V`: the claims to put, once the answer is given.
pub fn check(state: &InterviewState, ctx: &Ctx) -> Vec<Command> {
    let q = ctx.question(state);
    if q.stance != Some(Stance::Received) || q.topic.is_none() {
        return say("Claims are put on a topic's `received` question, after the interviewee's own answer.");
    }
    if !answered_received(q, state, ctx) {
        return say("Give their own answer first: the claims are shown only after it, so they cannot lead it.");
    }
    let items = to_check(q, ctx);
    if items.is_empty() {
        return say("No claim on this topic concerns this function yet.");
    }
    if !ctx.writable {
        return vec![Command::Status(Status::warning(ReadOnly.to_string()))];
    }
    vec![Command::show(CheckList { interview: ctx.index, items, selected: 0 })]
}

/// Under the answer: the claims to verify once it is given (never before), and how many claims
/// this interview has recorded on the topic.
pub fn lines(state: &InterviewState, ctx: &Ctx) -> Vec<Line<'static>> {
    let q = ctx.question(state);
    let keymap = &ctx.env.keymap;
    let mut out = Vec::new();
    if answered_received(q, state, ctx) {
        let key = widgets::keys(keymap, Context::Interview, Action::CheckClaims);
        for item in to_check(q, ctx) {
            let said = item.verdict.map_or_else(|| format!("to verify ({key})"), |v| v.name().to_string());
            out.push(Line::from(vec![
                Span::raw(format!("◆ {}: ", item.made_in_short)).bold(),
                Span::raw(format!("“{}” — ", item.claim.text)),
                Span::raw(said).bold(),
            ]));
        }
    }
    if let Some(topic) = q.topic.as_deref() {
        let n = ctx.interview.claims_on(topic).count();
        if n > 0 {
            let key = widgets::keys(keymap, Context::Interview, Action::Claims);
            let s = if n == 1 { "" } else { "s" };
            out.push(Line::styled(
                format!("◆ {n} claim{s} recorded here on this topic ({key} to see)"),
                widgets::dim(),
            ));
        }
    }
    out
}
