//! What every screen and overlay may read besides its own state: the banks, the keys, the
//! colours and the time of the event. Built by the app for each call; never the app itself.

use chrono::{DateTime, Utc};

use super::keymap::KeyMap;
use super::theme::Theme;
use crate::bank::Catalog;

#[derive(Clone, Copy)]
pub struct Env<'a> {
    pub catalog: &'a Catalog,
    pub keymap: &'a KeyMap,
    /// The colours in force (none under NO_COLOR): meaning is always carried by symbols too.
    pub theme: &'a Theme,
    /// The time of the event being handled (fixed in tests).
    pub now: DateTime<Utc>,
    /// Whether the comparison under `received` answers is shown.
    pub hints: bool,
}
