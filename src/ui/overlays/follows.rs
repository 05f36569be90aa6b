//! Which earlier engagement a session follows up: an id typed into one field, chosen among the
//! other sessions of the data folder (those at the same organisation named first), or nothing
//! for none. The divergence screen, `crosscheck compare ID` and the report then say what moved.

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::ui::command::{Command, Component, Edit};
use crate::ui::env::Ctx;
use crate::ui::hits::Hits;
use crate::ui::keymap::{Action, Context};
use crate::ui::widgets::text_field::{Field, Fields, Popup};

/// How many engagements the note names: the form is one line of choice, not a list.
const NAMED: usize = 3;

pub struct FollowsForm {
    pub form: Fields<1>,
    /// What it follows up when the form opened.
    was: Option<String>,
    /// The other sessions' ids, those at the same organisation first, newest first.
    candidates: Vec<String>,
    /// The first few, with the day each was created, for the note.
    note: String,
}

impl FollowsForm {
    /// The form for a session following up `was`, among `candidates` (id, day created).
    pub fn new(was: Option<&str>, candidates: Vec<(String, String)>) -> FollowsForm {
        let field = match was {
            Some(id) => Field::with_text("Follows up", id),
            None => Field::new("Follows up", "the earlier engagement's session id; empty: none"),
        };
        let named: Vec<String> = candidates.iter().take(NAMED).map(|(id, day)| format!("{id} ({day})")).collect();
        let more = candidates.len().saturating_sub(NAMED);
        let note = match (named.is_empty(), more) {
            (true, _) => "No other session in the data folder: import the earlier engagement first.".to_string(),
            (false, 0) => format!("Here: {}.", named.join(", ")),
            (false, more) => format!("Here: {} and {more} more (crosscheck list).", named.join(", ")),
        };
        FollowsForm {
            form: Fields::new([field]),
            was: was.map(str::to_string),
            candidates: candidates.into_iter().map(|(id, _)| id).collect(),
            note,
        }
    }
}

impl Component for FollowsForm {
    fn update(&mut self, action: Action, _ctx: &Ctx) -> Vec<Command> {
        match action {
            Action::Cancel => return vec![Command::Close],
            Action::Confirm => {
                let [typed] = self.form.values();
                let follows = Some(typed.trim().to_string()).filter(|t| !t.is_empty());
                if follows == self.was {
                    return vec![Command::Close];
                }
                match follows {
                    Some(id) if !self.candidates.contains(&id) => {
                        self.form.refuse(0, format!("No other session here is {id}: type one of those below."))
                    }
                    follows => return vec![Command::Close, Command::Edit(Edit::SetFollows(follows))],
                }
            }
            _ => {}
        }
        Vec::new()
    }

    crate::ui::widgets::text_field::typed_into_form!();

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx, _hits: &mut Hits) {
        let about = "The earlier engagement at this client: what moved since is shown.";
        let popup = Popup { title: "Follow-up of", about: Some(about), note: Some(&self.note), verb: "keep" };
        self.form.popup(frame, area, ctx, popup);
    }
}
