//! What the "saved" indicator says: the last write's outcome, not a hope.

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveState {
    Saved,
    /// Handed to the writer, or notes typed and waiting for their pause.
    Pending,
    /// The last write failed; the answers are kept in memory and the write is retried.
    Failed(String),
    /// Another crosscheck holds the session: nothing is written from here.
    ReadOnly,
}

impl SaveState {
    /// The indicator's text, in the session and interview headers.
    pub fn text(&self) -> &'static str {
        match self {
            SaveState::Saved => "✓ saved",
            SaveState::Pending => "… saving",
            SaveState::Failed(_) => "✗ NOT SAVED — retrying",
            SaveState::ReadOnly => "read-only",
        }
    }
}
