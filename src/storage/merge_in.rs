//! Merging other interviewers' copies into a session of the data folder, under its lock, so a
//! crosscheck that has the session open never has it changed underneath.

use std::path::Path;

use super::{Changed, StorageError, Store, read_foreign, write_session};
use crate::bank::Catalog;
use crate::merge::{self, MergeError};
use crate::session::Session;

/// Why a merge into the data folder did not happen.
#[derive(Debug, thiserror::Error)]
pub enum MergeInError {
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error(transparent)]
    Merge(#[from] MergeError),
}

/// What a merge into the data folder did.
#[derive(Debug, Clone, PartialEq)]
pub struct MergedIn {
    pub id: String,
    /// The session did not exist: the merge created it.
    pub created: bool,
    pub interviews_before: usize,
    pub session: Session,
}

/// Reads every file (transcripts, session files, emergency copies) as a session.
pub fn read_all(files: &[&Path], catalog: &Catalog) -> Result<Vec<Session>, StorageError> {
    files.iter().map(|f| read_foreign(f, catalog)).collect()
}

impl Store {
    /// Merges `others` into the session `id` (created from them if it does not exist yet) and
    /// writes it, holding its lock. Copies of another engagement are refused unless `force`.
    pub fn merge_into(
        &self,
        id: &str,
        others: &[Session],
        catalog: &Catalog,
        force: bool,
    ) -> Result<MergedIn, MergeInError> {
        let lock = self.lock(id)?;
        let here = if self.exists(id) { Some(self.load(id, catalog)?) } else { None };
        let interviews_before = here.as_ref().map_or(0, |s| s.interviews.len());
        let created = here.is_none();
        let mut merged = match merge::merge_all(here.iter().chain(others), force)? {
            Some(m) => m,
            None => return Err(StorageError::NotFound { id: id.to_string(), dir: self.dir().to_path_buf() }.into()),
        };
        merged.id = id.to_string();
        write_session(&self.location(id)?, &merged, &Changed::all(&merged), &lock)?;
        Ok(MergedIn { id: id.to_string(), created, interviews_before, session: merged })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::AnswerValue;

    #[test]
    fn a_colleagues_copy_merges_into_the_session_here() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::open(tmp.path()).unwrap();
        let catalog = Catalog::embedded().unwrap();
        let now = chrono::Utc::now();
        let mut mine = Session::new("acme".into(), "Acme".into(), Some("Ana".into()), now);
        let i = mine.add_interview("sales", "1", now);
        let q = catalog.bank("sales").unwrap().questions[2].id.clone();
        mine.interviews[i].answer_mut(&q).set_value(AnswerValue::Scale { value: 1 }, now);
        store.save(&mine).unwrap();
        let mut theirs = mine.clone();
        theirs.id = "acme-on-bens-laptop".into();
        theirs.add_interview("product", "1", now);
        let a = theirs.interviews[0].answer_mut(&q);
        a.set_value(AnswerValue::Scale { value: 3 }, now + chrono::Duration::minutes(1));
        a.edited_by = Some("Ben".into());
        let merged = store.merge_into("acme", &[theirs.clone()], &catalog, false).unwrap();
        assert_eq!((merged.created, merged.interviews_before, merged.session.interviews.len()), (false, 1, 2));
        let back = store.load("acme", &catalog).unwrap();
        let sales = back.interviews.iter().find(|x| x.id == mine.interviews[i].id).unwrap();
        assert_eq!(sales.answers[&q].value, Some(AnswerValue::Scale { value: 3 }));
        assert_eq!(sales.open_conflicts().count(), 1, "Ana's 1 is kept as a conflict");
        // Open elsewhere: refused, nothing written.
        let _held = store.lock("acme").unwrap();
        assert!(matches!(
            store.merge_into("acme", &[theirs], &catalog, false),
            Err(MergeInError::Storage(StorageError::Locked { .. }))
        ));
    }
}
