//! Naming the launch in view: what launched, when it went out, the release that carried it.
//! Set once for the engagement (from the session screen or in the PM's interview) and
//! editable; every question about the case then names it.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Paragraph;

use crate::session::{Launch, LaunchError};
use crate::ui::command::{Command, Component, Edit};
use crate::ui::env::Ctx;
use crate::ui::hits::Hits;
use crate::ui::keymap::{Action, Context};
use crate::ui::widgets;
use crate::ui::widgets::text_field::{Field, Fields};

pub struct LaunchForm {
    /// Name, went out, release.
    pub form: Fields<3>,
}

impl LaunchForm {
    /// The form on the launch named so far, if any.
    pub fn new(launch: Option<&Launch>) -> LaunchForm {
        let date = launch.and_then(|l| l.went_out).map(|d| d.format("%Y-%m-%d").to_string());
        let field = |label, text: Option<&str>, hint: &str| match text {
            Some(t) => Field::with_text(label, t),
            None => Field::new(label, hint),
        };
        LaunchForm {
            form: Fields::new([
                field("Launch", launch.map(|l| l.name.as_str()), "what launched, e.g. Flex pricing"),
                field("Went out", date.as_deref(), "YYYY-MM-DD, optional"),
                field("Release", launch.and_then(|l| l.release.as_deref()), "the release that carried it, optional"),
            ]),
        }
    }
}

impl Component for LaunchForm {
    fn context(&self, _ctx: &Ctx) -> Context {
        Context::Form
    }

    fn update(&mut self, action: Action, _ctx: &Ctx) -> Vec<Command> {
        match action {
            Action::NextField | Action::Down | Action::Up => self.form.step(action != Action::Up),
            Action::Cancel => return vec![Command::Close],
            Action::Confirm => {
                let [name, date, release] = self.form.values();
                match Launch::parse(&name, &date, &release) {
                    Ok(launch) => return vec![Command::Close, Command::Edit(Edit::SetLaunch(launch))],
                    Err(e) => self.form.refuse(if e == LaunchError::NoName { 0 } else { 1 }, e.to_string()),
                }
            }
            _ => {}
        }
        Vec::new()
    }

    fn input(&mut self, key: KeyEvent, _ctx: &Ctx) -> Vec<Command> {
        self.form.input(key);
        Vec::new()
    }

    fn paste(&mut self, text: &str, _ctx: &Ctx) -> Vec<Command> {
        self.form.paste(text);
        Vec::new()
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx, _hits: &mut Hits) {
        let error_lines = self.form.error_height(70);
        let inner = widgets::popup(frame, area, 72, 8 + error_lines, "Launch in view");
        let [about, _, a, b, c, _, err, hint] =
            Layout::vertical([1, 1, 1, 1, 1, 1, error_lines, 1].map(Constraint::Length)).areas(inner);
        let about_text = "The one launch every interview is asked about, named in its questions.";
        frame.render_widget(Paragraph::new(about_text).style(widgets::dim()), about);
        self.form.render(frame, [a, b, c], err);
        let hint_text = widgets::form_hint(&ctx.env.keymap, "keep");
        frame.render_widget(Paragraph::new(hint_text).style(widgets::dim()), hint);
    }
}
