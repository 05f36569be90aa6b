//! The one-line forms: rename a session's organisation, filter the sessions by organisation
//! (applied as it is typed), export a session to a file, give a follow-up's reason.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Paragraph;

use crate::storage::Listed;
use crate::ui::command::Component;
use crate::ui::command::{AnswerChange, Command, Edit, Status};
use crate::ui::env::Ctx;
use crate::ui::hits::Hits;
use crate::ui::keymap::{Action, Context, KeyMap};
use crate::ui::widgets;
use crate::ui::widgets::text_field::{self, Field};

/// What the line is for, and what it acts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
    /// `r` on the sessions screen: the organisation's new name.
    Rename { id: String },
    /// `f` on the sessions screen: the organisation to filter by.
    Filter,
    /// `x` on the sessions screen: where to export (`.md` writes the report, else the
    /// transcript).
    Export { id: String },
    /// `i` on the sessions screen: the transcript or session file to bring in.
    Import,
    /// `m` on the sessions screen: a colleague's copy to merge into the session.
    Merge { id: String },
    /// `e` on a claim to verify: notes on what the interviewee said to it.
    CheckNotes { interview: usize, claim: String },
    /// `f` on an unflagged answer: an optional reason.
    FollowUpReason { interview: usize, question: String },
}

pub struct LineForm {
    pub purpose: Purpose,
    pub field: Field,
}

impl LineForm {
    pub fn new(purpose: Purpose, field: Field) -> LineForm {
        LineForm { purpose, field }
    }

    /// The rename or export form for the chosen session.
    pub fn for_session(action: Action, chosen: Option<&Listed>) -> Result<LineForm, Status> {
        let Some(Listed::Session(s)) = chosen else {
            let why = "Choose a session first (a file that cannot be read cannot be renamed or exported).";
            return Err(Status::info(why));
        };
        let id = s.id.clone();
        Ok(match action {
            Action::MergeFile => {
                LineForm::new(Purpose::Merge { id }, Field::new("File", "a path, e.g. ~/Downloads/acme-ana.json"))
            }
            Action::RenameSession => {
                LineForm::new(Purpose::Rename { id }, Field::with_text("Organisation", &s.organisation))
            }
            _ => {
                let default = format!("{id}.json");
                LineForm::new(Purpose::Export { id }, Field::with_text("File", &default))
            }
        })
    }

    /// The filter applies as it is typed; the other lines wait for Enter.
    fn typed(&self) -> Vec<Command> {
        match self.purpose {
            Purpose::Filter => vec![Command::FilterSessions(self.field.value())],
            _ => Vec::new(),
        }
    }

    fn render_reason(&self, frame: &mut Frame, area: Rect, keymap: &KeyMap) {
        let inner = widgets::popup(frame, area, 72, 5, "Flag for follow-up");
        let [input, _, hint] = Layout::vertical([Constraint::Length(1); 3]).areas(inner);
        text_field::render(frame, input, &self.field, true);
        frame.render_widget(Paragraph::new(keys_text(keymap, "flag")).style(widgets::dim()), hint);
    }
}

impl Component for LineForm {
    fn context(&self, _ctx: &Ctx) -> Context {
        Context::Form
    }

    fn update(&mut self, action: Action, _ctx: &Ctx) -> Vec<Command> {
        let value = self.field.value();
        match (action, &self.purpose) {
            (Action::Confirm, Purpose::Rename { .. }) if value.is_empty() => {
                vec![Command::Status(Status::warning("The organisation cannot be empty."))]
            }
            (Action::Confirm, Purpose::Rename { id }) => {
                vec![Command::Close, Command::RenameSession { id: id.clone(), organisation: value }]
            }
            // Enter keeps the filter; Esc clears it.
            (Action::Confirm, Purpose::Filter) => vec![Command::Close],
            (Action::Cancel, Purpose::Filter) => vec![Command::Close, Command::FilterSessions(String::new())],
            // The app reopens the form if the file cannot be written.
            (Action::Confirm, Purpose::Export { id }) => {
                vec![Command::Close, Command::ExportSession { id: id.clone(), path: value }]
            }
            (Action::Confirm, Purpose::Import | Purpose::Merge { .. }) if value.trim().is_empty() => {
                vec![Command::Status(Status::warning("Give the file's path, e.g. ~/Downloads/acme-ana.json."))]
            }
            (Action::Confirm, Purpose::Import) => vec![Command::Close, Command::ImportFile(value)],
            (Action::Confirm, Purpose::Merge { id }) => {
                vec![Command::Close, Command::MergeFile { id: id.clone(), path: value }]
            }
            (Action::Confirm, Purpose::CheckNotes { interview, claim }) => {
                let edit =
                    Edit::Check { interview: *interview, claim: claim.clone(), verdict: None, notes: Some(value) };
                vec![Command::Close, Command::Edit(edit)]
            }
            (Action::Confirm, Purpose::FollowUpReason { interview, question }) => {
                let change = AnswerChange::FlagFollowUp(value);
                let edit = Edit::Answer { interview: *interview, question: question.clone(), change };
                vec![Command::Close, Command::Edit(edit)]
            }
            (Action::Cancel, _) => vec![Command::Close],
            _ => Vec::new(),
        }
    }

    fn input(&mut self, key: KeyEvent, _ctx: &Ctx) -> Vec<Command> {
        self.field.input(key);
        self.typed()
    }

    fn paste(&mut self, text: &str, _ctx: &Ctx) -> Vec<Command> {
        self.field.paste(text);
        self.typed()
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx, _hits: &mut Hits) {
        let keymap = &ctx.env.keymap;
        let (title, hint) = match self.purpose {
            Purpose::Rename { .. } => ("Rename session", "The organisation's name."),
            Purpose::Filter => ("Filter sessions", "Sessions whose organisation holds this; Esc shows all."),
            Purpose::Export { .. } => {
                ("Export session", "A .md file gets the report; any other the JSON transcript. Readable by you only.")
            }
            Purpose::Import => (
                "Import",
                "A transcript (crosscheck export) or a session file: it becomes a session here; nothing here is replaced.",
            ),
            Purpose::Merge { .. } => (
                "Merge into this session",
                "A colleague's transcript or session file of this engagement: interviews are united, and where both edited an answer every value is kept.",
            ),
            Purpose::CheckNotes { .. } => ("Notes on the claim", "What they said when the claim was put to them."),
            Purpose::FollowUpReason { .. } => return self.render_reason(frame, area, keymap),
        };
        let inner = widgets::popup(frame, area, 80, 7, title);
        let [input, note, keys] =
            Layout::vertical([Constraint::Length(1), Constraint::Length(2), Constraint::Length(1)]).areas(inner);
        text_field::render(frame, input, &self.field, true);
        let wrap = ratatui::widgets::Wrap { trim: true };
        frame.render_widget(Paragraph::new(hint).style(widgets::dim()).wrap(wrap), note);
        // One field: no "next field" to offer.
        frame.render_widget(Paragraph::new(keys_text(keymap, "confirm")).style(widgets::dim()), keys);
    }
}

fn keys_text(keymap: &KeyMap, confirm: &str) -> String {
    format!(
        "{} {confirm} · {} cancel",
        widgets::keys(keymap, Context::Form, Action::Confirm),
        widgets::keys(keymap, Context::Form, Action::Cancel)
    )
}
