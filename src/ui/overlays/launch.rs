//! Naming the launch in view: what launched, when it went out, the release that carried it.
//! Set once for the engagement (from the session screen or in the PM's interview) and
//! editable; every question about the case then names it.

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::session::{Launch, LaunchError};
use crate::ui::command::{Command, Component, Edit};
use crate::ui::env::Ctx;
use crate::ui::hits::Hits;
use crate::ui::keymap::{Action, Context};
use crate::ui::widgets::text_field::{Field, Fields, Popup};

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

    crate::ui::widgets::text_field::typed_into_form!();

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx, _hits: &mut Hits) {
        let about = "The one launch every interview is asked about, named in its questions.";
        let popup = Popup { title: "Launch in view", about: Some(about), note: None, verb: "keep" };
        self.form.popup(frame, area, ctx, popup);
    }
}
