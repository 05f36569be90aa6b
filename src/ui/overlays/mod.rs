//! What opens over a screen: a stack, each overlay a component that closes by returning
//! [`Command::Close`]. Components ask for one with [`Command::Show`]. None of them sees the
//! app: each gets its own state and a read-only [`Ctx`].

pub mod claims;
pub mod confirm;
pub mod conflicts;
pub mod follow_ups;
pub mod forms;
pub mod help;
pub mod line_form;
pub mod palette;
pub mod verify;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::command::Command;
use super::env::Env;
use super::keymap::{Action, Context};
use crate::session::Session;
use claims::{ClaimForm, ClaimList};
use confirm::Confirm;
use conflicts::ConflictChoice;
use follow_ups::FollowUpList;
use forms::{AddInterviewForm, NewSessionForm};
use line_form::LineForm;
use palette::Palette;
use verify::VerifyList;

pub enum Overlay {
    /// Every key of this screen's context and those it leads to, scrolled this many rows.
    Help(Context, u16),
    Palette(Box<Palette>),
    FollowUps(FollowUpList),
    // Forms hold text areas; boxed so every overlay is small to move.
    NewSession(Box<NewSessionForm>),
    AddInterview(Box<AddInterviewForm>),
    Line(Box<LineForm>),
    Confirm(Confirm),
    Conflicts(Box<ConflictChoice>),
    Claims(Box<ClaimList>),
    ClaimForm(Box<ClaimForm>),
    Verify(Box<VerifyList>),
}

/// What an overlay may read: never the app.
pub struct Ctx<'a> {
    pub env: Env<'a>,
    /// The open session, if any.
    pub session: Option<&'a Session>,
    /// The interview on screen, if any.
    pub showing: Option<usize>,
}

impl Overlay {
    /// Which key bindings apply while it is on top.
    pub fn context(&self) -> Context {
        match self {
            Overlay::Help(..) => Context::Help,
            Overlay::NewSession(_) | Overlay::AddInterview(_) | Overlay::Line(_) => Context::Form,
            Overlay::Palette(_) => Context::Palette,
            Overlay::FollowUps(_) => Context::FollowUps,
            Overlay::Confirm(_) => Context::Confirm,
            Overlay::Conflicts(_) => Context::Conflicts,
            Overlay::Claims(_) => Context::Claims,
            Overlay::ClaimForm(_) => Context::Form,
            Overlay::Verify(_) => Context::Verify,
        }
    }

    pub fn update(&mut self, action: Action, ctx: &Ctx) -> Vec<Command> {
        match self {
            // Any key but Esc/q/? keeps the help open.
            Overlay::Help(..) if matches!(action, Action::Cancel | Action::Help) => vec![Command::Close],
            Overlay::Help(_, scroll) => {
                match action {
                    Action::Down | Action::PageDown => {
                        *scroll = scroll.saturating_add(if action == Action::Down { 1 } else { 10 })
                    }
                    Action::Up | Action::PageUp => {
                        *scroll = scroll.saturating_sub(if action == Action::Up { 1 } else { 10 })
                    }
                    _ => {}
                }
                Vec::new()
            }
            Overlay::Palette(p) => p.update(action, ctx),
            Overlay::FollowUps(list) => list.update(action),
            Overlay::NewSession(form) => forms::update_new_session(form, action),
            Overlay::AddInterview(form) => forms::update_add_interview(form, action, ctx),
            Overlay::Line(line) => line.update(action),
            Overlay::Confirm(confirm) => confirm.update(action),
            Overlay::Conflicts(choice) => choice.update(action),
            Overlay::Claims(list) => list.update(action),
            Overlay::ClaimForm(form) => form.update(action),
            Overlay::Verify(list) => list.update(action),
        }
    }

    /// A key that types text (no binding took it).
    pub fn input(&mut self, key: KeyEvent) -> Vec<Command> {
        match self {
            Overlay::NewSession(form) => form.input(key),
            Overlay::AddInterview(form) => form.input(key),
            Overlay::Line(line) => return line.input(key),
            Overlay::Palette(p) => p.input(key),
            Overlay::ClaimForm(form) => form.input(key),
            // The lists and questions take no text.
            _ => {}
        }
        Vec::new()
    }

    /// A bracketed paste: one edit.
    pub fn paste(&mut self, text: &str) -> Vec<Command> {
        match self {
            Overlay::NewSession(form) => form.paste(text),
            Overlay::AddInterview(form) => form.paste(text),
            Overlay::Line(line) => return line.paste(text),
            Overlay::Palette(p) => p.paste(text),
            Overlay::ClaimForm(form) => form.paste(text),
            // The lists and questions take no text.
            _ => {}
        }
        Vec::new()
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, env: &Env) {
        let keymap = env.keymap;
        match self {
            Overlay::Help(screen, scroll) => help::render(frame, area, keymap, *screen, *scroll),
            Overlay::Palette(p) => palette::render(frame, area, p),
            Overlay::FollowUps(list) => follow_ups::render(frame, area, list),
            Overlay::NewSession(form) => forms::render_new_session(frame, area, form, keymap),
            Overlay::AddInterview(form) => forms::render_add_interview(frame, area, form, keymap),
            Overlay::Line(line) => line.render(frame, area, keymap),
            Overlay::Confirm(confirm) => confirm.render(frame, area, keymap),
            Overlay::Conflicts(choice) => choice.render(frame, area, keymap),
            Overlay::Claims(list) => list.render(frame, area, keymap),
            Overlay::ClaimForm(form) => form.render(frame, area, keymap),
            Overlay::Verify(list) => list.render(frame, area, keymap),
        }
    }
}
