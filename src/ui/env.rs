//! What every screen and overlay may read besides its own state: [`Env`], the parts of the app
//! that stay put while a key is handled (the banks, the keys, the colours, the time of the
//! event), owned by the app in one struct; and [`Ctx`], that plus the open session, built by
//! the app for each call. Never the app itself.

use chrono::{DateTime, Utc};

use super::keymap::KeyMap;
use super::save_state::SaveState;
use super::theme::Theme;
use crate::bank::Catalog;
use crate::session::Session;

pub struct Env {
    pub catalog: Catalog,
    pub keymap: KeyMap,
    /// The colours in force (none under NO_COLOR): meaning is always carried by symbols too.
    pub theme: Theme,
    /// The time of the event being handled (set by the loop; fixed in tests).
    pub now: DateTime<Utc>,
    /// Whether the comparison under `received` answers is shown.
    pub hints: bool,
    /// Whether a scale or choice answer key also moves to the next open question (config).
    pub advance_after_answer: bool,
    /// The fewest other engagements the divergence screen places an engagement among (config).
    pub norms_min_engagements: usize,
}

/// What a component reads to update or draw: the env and the session on screen, if any.
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    pub env: &'a Env,
    /// The open session, if any.
    pub session: Option<&'a Session>,
    /// Its saving state (None without a session).
    pub save: Option<&'a SaveState>,
    /// Whether changes can be made at all (false read-only), so an editor is not opened for
    /// text that could never be kept. The changes themselves are still refused by the app.
    pub writable: bool,
    /// The interview on screen, if any.
    pub showing: Option<usize>,
}

impl<'a> Ctx<'a> {
    /// Without a session: the sessions screen.
    pub fn bare(env: &'a Env) -> Ctx<'a> {
        Ctx { env, session: None, save: None, writable: false, showing: None }
    }
}
