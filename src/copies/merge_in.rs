//! Merging other interviewers' copies into a session of the data folder, under its lock, so a
//! crosscheck that has the session open never has it changed underneath.

use std::path::Path;

use super::{ImportError, read_foreign};
use crate::bank::Catalog;
use crate::merge::{self, MergeError};
use crate::session::Session;
use crate::storage::{Changed, StorageError, Store, write_session};

/// Why a merge into the data folder did not happen.
#[derive(Debug, thiserror::Error)]
pub enum MergeInError {
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error(transparent)]
    Import(#[from] ImportError),
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
pub fn read_all(files: &[&Path], catalog: &Catalog) -> Result<Vec<Session>, ImportError> {
    files.iter().map(|f| read_foreign(f, catalog)).collect()
}

/// Merges `others` into the session `id` of `store` (created from them if it does not exist
/// yet) and writes it, holding its lock. Copies of another engagement are refused unless `force`.
pub fn merge_into(
    store: &Store,
    id: &str,
    others: &[Session],
    catalog: &Catalog,
    force: bool,
) -> Result<MergedIn, MergeInError> {
    let lock = store.lock(id)?;
    let here = if store.exists(id) { Some(store.load(id, catalog)?) } else { None };
    let interviews_before = here.as_ref().map_or(0, |s| s.interviews.len());
    let created = here.is_none();
    let mut merged = match merge::merge_all(here.iter().chain(others), force)? {
        Some(m) => m,
        None => return Err(StorageError::NotFound { id: id.to_string(), dir: store.dir().to_path_buf() }.into()),
    };
    merged.id = id.to_string();
    write_session(&store.location(id)?, &merged, &Changed::all(&merged), &lock)?;
    Ok(MergedIn { id: id.to_string(), created, interviews_before, session: merged })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::AnswerValue;

    /// A store holding Ana's session "acme" of one Sales interview.
    fn stored(dir: &Path) -> (Store, Catalog, Session) {
        let store = Store::open(dir).unwrap();
        let now = chrono::Utc::now();
        let mut mine = Session::new("acme".into(), "Acme".into(), Some("Ana".into()), now);
        mine.add_interview("sales", "1", now);
        store.save(&mine).unwrap();
        (store, Catalog::embedded().unwrap(), mine)
    }

    #[test]
    fn a_colleagues_copy_merges_into_the_session_here() {
        let tmp = tempfile::tempdir().unwrap();
        let (store, catalog, mut mine) = stored(tmp.path());
        let now = chrono::Utc::now();
        let q = catalog.bank("sales").unwrap().questions[2].id.clone();
        mine.interviews[0].answer_mut(&q).set_value(AnswerValue::Scale { value: 1 }, now);
        store.save(&mine).unwrap();
        let mut theirs = mine.clone();
        theirs.id = "acme-on-bens-laptop".into();
        theirs.add_interview("product", "1", now);
        let a = theirs.interviews[0].answer_mut(&q);
        a.set_value(AnswerValue::Scale { value: 3 }, now + chrono::Duration::minutes(1));
        a.edited_by = Some("Ben".into());
        let merged = merge_into(&store, "acme", &[theirs.clone()], &catalog, false).unwrap();
        assert_eq!((merged.created, merged.interviews_before, merged.session.interviews.len()), (false, 1, 2));
        let back = store.load("acme", &catalog).unwrap();
        let sales = back.interviews.iter().find(|x| x.id == mine.interviews[0].id).unwrap();
        assert_eq!(sales.answers[&q].value, Some(AnswerValue::Scale { value: 3 }));
        assert_eq!(sales.open_conflicts().count(), 1, "Ana's 1 is kept as a conflict");
        // Open elsewhere: refused, nothing written.
        let _held = store.lock("acme").unwrap();
        assert!(matches!(
            merge_into(&store, "acme", &[theirs], &catalog, false),
            Err(MergeInError::Storage(StorageError::Locked { .. }))
        ));
    }

    #[test]
    fn a_copy_beside_the_folder_holding_more_is_removed_once_merged_in_as_its_listing_says() {
        let tmp = tempfile::tempdir().unwrap();
        let (store, catalog, mut backup) = stored(tmp.path());
        backup.interviews[0].answer_mut("sales.a").notes = "BACKUP-ONLY-WORDS".into();
        let beside = store.location("acme").unwrap().single_file;
        std::fs::write(&beside, crate::storage::encode_session(&backup).unwrap()).unwrap();
        merge_into(&store, "acme", &[read_foreign(&beside, &catalog).unwrap()], &catalog, false).unwrap();
        assert!(!beside.exists(), "it holds nothing more now");
        let back = store.load("acme", &catalog).unwrap();
        assert_eq!(back.interviews[0].answers["sales.a"].notes, "BACKUP-ONLY-WORDS");
    }
}
