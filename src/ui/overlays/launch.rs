//! Naming the launch in view: what launched, when it went out, the release that carried it.
//! Set once for the engagement (from the session screen or in the PM's interview) and
//! editable; every question about the case then names it.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::{Paragraph, Wrap};

use crate::session::Launch;
use crate::ui::command::{Command, Component, Edit};
use crate::ui::env::Ctx;
use crate::ui::hits::Hits;
use crate::ui::keymap::{Action, Context};
use crate::ui::widgets;
use crate::ui::widgets::text_field::{self, Field};

pub struct LaunchForm {
    /// Name, went out, release.
    pub fields: [Field; 3],
    pub focus: usize,
    pub error: Option<String>,
}

impl LaunchForm {
    /// The form on the launch named so far, if any.
    pub fn new(launch: Option<&Launch>) -> LaunchForm {
        let date = launch.and_then(|l| l.went_out).map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default();
        let field = |label, text: Option<&str>, hint: &str| match text {
            Some(t) => Field::with_text(label, t),
            None => Field::new(label, hint),
        };
        LaunchForm {
            fields: [
                field("Launch", launch.map(|l| l.name.as_str()), "what launched, e.g. Flex pricing"),
                field("Went out", Some(date.as_str()).filter(|d| !d.is_empty()), "YYYY-MM-DD, optional"),
                field("Release", launch.and_then(|l| l.release.as_deref()), "the release that carried it, optional"),
            ],
            focus: 0,
            error: None,
        }
    }
}

impl Component for LaunchForm {
    fn context(&self, _ctx: &Ctx) -> Context {
        Context::Form
    }

    fn update(&mut self, action: Action, _ctx: &Ctx) -> Vec<Command> {
        match action {
            Action::NextField | Action::Down => self.focus = (self.focus + 1) % self.fields.len(),
            Action::Up => self.focus = (self.focus + self.fields.len() - 1) % self.fields.len(),
            Action::Cancel => return vec![Command::Close],
            Action::Confirm => {
                let [name, date, release] = self.fields.each_ref().map(Field::value);
                match Launch::parse(&name, &date, &release) {
                    Ok(launch) => return vec![Command::Close, Command::Edit(Edit::SetLaunch(launch))],
                    Err(e) => {
                        self.focus = if matches!(e, crate::session::LaunchError::NoName) { 0 } else { 1 };
                        self.error = Some(e.to_string());
                    }
                }
            }
            _ => {}
        }
        Vec::new()
    }

    fn input(&mut self, key: KeyEvent, _ctx: &Ctx) -> Vec<Command> {
        self.error = None;
        self.fields[self.focus].input(key);
        Vec::new()
    }

    fn paste(&mut self, text: &str, _ctx: &Ctx) -> Vec<Command> {
        self.fields[self.focus].paste(text);
        Vec::new()
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx, _hits: &mut Hits) {
        let error = self.error.as_ref().map(|e| format!("⚠ {e}"));
        let error_lines = error.as_ref().map_or(1, |e| widgets::wrapped_height(e, 70));
        let inner = widgets::popup(frame, area, 72, 8 + error_lines, "Launch in view");
        let [about, _, a, b, c, _, err, hint] =
            Layout::vertical([1, 1, 1, 1, 1, 1, error_lines, 1].map(Constraint::Length)).areas(inner);
        let about_text = "The one launch every interview is asked about, named in its questions.";
        frame.render_widget(Paragraph::new(about_text).style(widgets::dim()), about);
        for (k, row) in [a, b, c].into_iter().enumerate() {
            text_field::render(frame, row, &self.fields[k], self.focus == k);
        }
        if let Some(e) = error {
            frame.render_widget(Paragraph::new(e).wrap(Wrap { trim: false }), err);
        }
        let hint_text = widgets::form_hint(&ctx.env.keymap, "keep");
        frame.render_widget(Paragraph::new(hint_text).style(widgets::dim()), hint);
    }
}
