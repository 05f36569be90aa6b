//! The layout a frame drew, recorded as it is drawn: what lies under each clickable area.
//! The mouse reads this, so a click lands where the user saw the thing, whatever the layout.

use ratatui::layout::{Position, Rect};

/// What a click can land on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hit {
    /// A row of the sessions list: the index among the sessions shown.
    Session(usize),
    /// A row of the session screen: the interview's index.
    Interview(usize),
    /// A question in the interview's list: its index in the bank.
    Question(usize),
    /// The notes editor (the wheel scrolls it).
    Notes,
    /// A row of the divergence matrix, and the receiving function's column under the click
    /// when it is on a cell.
    Topic { row: usize, column: Option<usize> },
    /// A reading of the diagnosis.
    Reading(usize),
    /// A pillar in the diagnosis's picture.
    Pillar(usize),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hits {
    areas: Vec<(Rect, Hit)>,
}

impl Hits {
    pub fn record(&mut self, area: Rect, hit: Hit) {
        if area.width > 0 && area.height > 0 {
            self.areas.push((area, hit));
        }
    }

    /// What was drawn under (`x`, `y`); the last drawn wins, as on screen.
    pub fn at(&self, x: u16, y: u16) -> Option<Hit> {
        self.areas.iter().rev().find(|(r, _)| r.contains(Position::new(x, y))).map(|(_, h)| *h)
    }
}
