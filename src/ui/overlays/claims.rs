//! Claims on the topic of the question on screen: the list of those made in this interview
//! (edit, withdraw, record another) and the form that records or edits one — its statement,
//! whom it concerns (the topic's receivers, all unless chosen), notes, and whether it is a quote.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::session::Claim;
use crate::ui::command::Component;
use crate::ui::command::{Command, Edit, Status};
use crate::ui::env::Ctx;
use crate::ui::hits::Hits;
use crate::ui::keymap::{Action, Context};
use crate::ui::widgets;
use crate::ui::widgets::text_field::{self, Field};

/// Where claims are recorded: an interview, a topic, and whom claims on it can concern.
#[derive(Debug, Clone)]
pub struct Place {
    pub interview: usize,
    pub topic: String,
    pub topic_title: String,
    /// (function, title) of the topic's receivers.
    pub receivers: Vec<(String, String)>,
}

pub struct ClaimList {
    pub place: Place,
    pub claims: Vec<Claim>,
    pub selected: usize,
}

impl ClaimList {
    fn titles(&self, functions: &[String]) -> String {
        titles(&self.place.receivers, functions)
    }
}

impl Component for ClaimList {
    fn context(&self, _ctx: &Ctx) -> Context {
        Context::Claims
    }

    fn update(&mut self, action: Action, _ctx: &Ctx) -> Vec<Command> {
        let chosen = self.claims.get(self.selected);
        match action {
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => self.selected = (self.selected + 1).min(self.claims.len().saturating_sub(1)),
            Action::NewClaim => return vec![Command::Close, show(ClaimForm::new(self.place.clone(), None))],
            Action::Confirm => {
                if let Some(c) = chosen {
                    return vec![Command::Close, show(ClaimForm::new(self.place.clone(), Some(c)))];
                }
            }
            Action::WithdrawClaim => {
                if let Some(c) = chosen {
                    let edit = Edit::WithdrawClaim { interview: self.place.interview, id: c.id.clone() };
                    let said = Status::info(
                        "Claim withdrawn: it leaves the matrix and the report, and stays in the transcript as withdrawn.",
                    );
                    return vec![Command::Close, Command::Edit(edit), Command::Status(said)];
                }
            }
            Action::Cancel => return vec![Command::Close],
            _ => {}
        }
        Vec::new()
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx, _hits: &mut Hits) {
        let keymap = &ctx.env.keymap;
        let title = format!("Claims · {}", self.place.topic_title);
        let inner = widgets::popup(frame, area, 76, (self.claims.len() as u16) * 2 + 4, &title);
        let [list, keys] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
        let mut lines = Vec::new();
        for (i, c) in self.claims.iter().enumerate() {
            let text = Line::from(format!("{} “{}”", if i == self.selected { "▶" } else { " " }, c.text));
            let concerns = Line::styled(format!("  concerns {}", self.titles(&c.concerns)), widgets::dim());
            let (text, concerns) =
                if i == self.selected { (text.style(widgets::selected()), concerns) } else { (text, concerns) };
            lines.extend([text, concerns]);
        }
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), list);
        frame.render_widget(Paragraph::new(widgets::footer_of(keymap, Context::Claims)).style(widgets::dim()), keys);
    }
}

/// "Sales, Customer Success & Support": the titles of `functions` among `receivers`.
pub fn titles(receivers: &[(String, String)], functions: &[String]) -> String {
    let name = |f: &String| receivers.iter().find(|(id, _)| id == f).map_or_else(|| f.clone(), |(_, t)| t.clone());
    functions.iter().map(name).collect::<Vec<_>>().join(", ")
}

fn show(form: ClaimForm) -> Command {
    Command::show(form)
}

/// Recording or editing one claim. Focus: 0 the statement, 1 whom it concerns, 2 notes, 3 quote.
pub struct ClaimForm {
    pub place: Place,
    /// The claim edited; None records a new one.
    pub id: Option<String>,
    pub text: Field,
    pub notes: Field,
    pub concerned: Vec<bool>,
    pub chosen: usize,
    pub quote: bool,
    pub focus: usize,
    pub error: Option<String>,
}

impl ClaimForm {
    pub fn new(place: Place, claim: Option<&Claim>) -> ClaimForm {
        let concerned = place.receivers.iter().map(|(f, _)| claim.is_none_or(|c| c.concerns.contains(f))).collect();
        ClaimForm {
            id: claim.map(|c| c.id.clone()),
            text: match claim {
                Some(c) => Field::with_text("Claim", &c.text),
                None => Field::new("Claim", "e.g. the battlecard went to the sales drive on 22 Sept"),
            },
            notes: match claim {
                Some(c) => Field::with_text("Notes", &c.notes),
                None => Field::new("Notes", "optional"),
            },
            concerned,
            chosen: 0,
            quote: claim.is_some_and(|c| c.quote),
            focus: 0,
            error: None,
            place,
        }
    }

    fn confirm(&mut self) -> Vec<Command> {
        let text = self.text.value();
        let concerns: Vec<String> = self
            .place
            .receivers
            .iter()
            .zip(&self.concerned)
            .filter(|(_, on)| **on)
            .map(|((f, _), _)| f.clone())
            .collect();
        if text.is_empty() {
            self.error = Some("Write the claim: what was sent or done, to whom, when.".into());
            self.focus = 0;
            return Vec::new();
        }
        if concerns.is_empty() {
            self.error = Some("Choose whom it concerns (Space ticks a function).".into());
            self.focus = 1;
            return Vec::new();
        }
        let edit = Edit::PutClaim {
            interview: self.place.interview,
            id: self.id.clone(),
            topic: self.place.topic.clone(),
            text,
            concerns,
            notes: self.notes.value(),
            quote: self.quote,
        };
        let said = format!(
            "Claim recorded: it is put to {} in their interviews.",
            titles(&self.place.receivers, &self.concerns_of())
        );
        vec![Command::Close, Command::Edit(edit), Command::Status(Status::info(said))]
    }

    fn concerns_of(&self) -> Vec<String> {
        self.place.receivers.iter().zip(&self.concerned).filter(|(_, on)| **on).map(|((f, _), _)| f.clone()).collect()
    }
}

impl Component for ClaimForm {
    fn context(&self, _ctx: &Ctx) -> Context {
        Context::Form
    }

    fn update(&mut self, action: Action, _ctx: &Ctx) -> Vec<Command> {
        match action {
            Action::NextField => self.focus = (self.focus + 1) % 4,
            Action::Up if self.focus == 1 => self.chosen = self.chosen.saturating_sub(1),
            Action::Down if self.focus == 1 => {
                self.chosen = (self.chosen + 1).min(self.concerned.len().saturating_sub(1));
            }
            Action::Up | Action::Down => self.focus = (self.focus + if action == Action::Down { 1 } else { 3 }) % 4,
            Action::Cancel => return vec![Command::Close],
            Action::Confirm => return self.confirm(),
            _ => {}
        }
        Vec::new()
    }

    /// A key that types: text in the fields; Space ticks a function or the quote.
    fn input(&mut self, key: KeyEvent, _ctx: &Ctx) -> Vec<Command> {
        self.error = None;
        match (self.focus, key.code) {
            (0, _) => self.text.input(key),
            (2, _) => self.notes.input(key),
            (1, KeyCode::Char(' ')) => {
                if let Some(on) = self.concerned.get_mut(self.chosen) {
                    *on = !*on;
                }
            }
            (3, KeyCode::Char(' ')) => self.quote = !self.quote,
            _ => {}
        }
        Vec::new()
    }

    fn paste(&mut self, text: &str, _ctx: &Ctx) -> Vec<Command> {
        match self.focus {
            0 => self.text.paste(text),
            2 => self.notes.paste(text),
            _ => {}
        }
        Vec::new()
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx, _hits: &mut Hits) {
        let keymap = &ctx.env.keymap;
        let n = self.place.receivers.len() as u16;
        let title =
            format!("{} · {}", if self.id.is_some() { "Edit claim" } else { "Record a claim" }, self.place.topic_title);
        let inner = widgets::popup(frame, area, 76, n + 8, &title);
        let rows = [1, 1, n, 1, 1, 1, 1].map(Constraint::Length);
        let [text, label, list, notes, quote, err, hint] = Layout::vertical(rows).areas(inner);
        text_field::render(frame, text, &self.text, self.focus == 0);
        let marker = if self.focus == 1 { "› " } else { "  " };
        frame.render_widget(Span::styled(format!("{marker}Concerns (Space ticks)"), widgets::title_style()), label);
        let lines: Vec<Line> = self
            .place
            .receivers
            .iter()
            .zip(&self.concerned)
            .enumerate()
            .map(|(i, ((_, t), on))| {
                let line = Line::from(format!("    [{}] {t}", if *on { "x" } else { " " }));
                if self.focus == 1 && i == self.chosen { line.style(widgets::selected()) } else { line }
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), list);
        text_field::render(frame, notes, &self.notes, self.focus == 2);
        let marker = if self.focus == 3 { "› " } else { "  " };
        let quote_text = format!(
            "{marker}Quote           [{}] the interviewee's words, verbatim",
            if self.quote { "x" } else { " " }
        );
        frame.render_widget(Paragraph::new(quote_text), quote);
        if let Some(e) = &self.error {
            frame.render_widget(Paragraph::new(format!("⚠ {e}")), err);
        }
        frame.render_widget(Paragraph::new(widgets::form_hint(keymap, "record")).style(widgets::dim()), hint);
    }
}
