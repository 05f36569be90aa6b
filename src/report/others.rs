//! What a report is set beside, read from the data folder: the earlier engagement a follow-up
//! follows up, and every engagement's headline figures (the report leaves its own out). The
//! command line and the interface's export read them the same way.

use crate::bank::Catalog;
use crate::norms::Figures;
use crate::session::Session;
use crate::storage::Store;

/// The other engagements a report may speak of.
pub struct Others {
    /// The engagement the session follows up, when it could be read.
    pub earlier: Option<Session>,
    /// Why it could not be, when the session follows one up.
    pub earlier_unread: Option<String>,
    /// Every engagement of the data folder that could be read.
    pub engagements: Vec<Figures>,
}

impl Others {
    /// Those of `session`, from `store`.
    pub fn read(store: &Store, catalog: &Catalog, session: &Session) -> Others {
        let (earlier, earlier_unread) = match session.follows.as_deref().map(|id| store.load(id, catalog)) {
            None => (None, None),
            Some(Ok(s)) => (Some(s), None),
            Some(Err(e)) => (None, Some(e.to_string())),
        };
        let engagements = crate::norms::of_store(store, catalog).map(|(f, _)| f).unwrap_or_default();
        Others { earlier, earlier_unread, engagements }
    }

    /// For the report, with `min` as the fewest engagements it places one among.
    pub fn beside(&self, min: usize) -> super::Beside<'_> {
        super::Beside { earlier: self.earlier.as_ref(), engagements: Some((&self.engagements, min)) }
    }
}
