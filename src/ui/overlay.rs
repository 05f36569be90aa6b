//! What can open over a screen: a stack of one, closed by the key that answers it. Components
//! ask for one with [`crate::ui::command::Command::Show`].

use super::followups::FollowUpList;
use super::form::{AddInterviewForm, Field, NewSessionForm};
use super::palette::Palette;

pub enum Overlay {
    Help,
    Palette(Box<Palette>),
    FollowUps(FollowUpList),
    /// `f` on an unflagged answer: an optional one-line reason.
    FollowUpReason(Box<Field>),
    // Forms hold text areas; boxed so every overlay is small to move.
    NewSession(Box<NewSessionForm>),
    AddInterview(Box<AddInterviewForm>),
    ConfirmDelete {
        id: String,
        organisation: String,
        interviews: usize,
    },
    /// `r` on the sessions screen: the organisation's new name.
    RenameSession {
        id: String,
        field: Box<Field>,
    },
    /// `f` on the sessions screen: the organisation to filter by, applied as it is typed.
    FilterSessions(Box<Field>),
    /// `x` on the sessions screen: where to export (`.md` writes the report, else the transcript).
    ExportSession {
        id: String,
        field: Box<Field>,
    },
    /// The session is open in another crosscheck: offer to open it read-only.
    ConfirmReadOnly {
        id: String,
        holder: String,
    },
}
