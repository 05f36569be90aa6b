//! Bringing a file from elsewhere into the data folder: an emergency copy, a backup, a
//! colleague's session file or transcript. Nothing already in the folder is ever replaced: a different session under
//! the same id comes in under a new id, and both are kept.

use std::path::Path;

use crate::bank::Catalog;
use crate::session::Session;
use crate::storage::{Changed, Listed, StorageError, Store, check_foreign, emergency, parse_session_bytes, valid_id};
use crate::transcript::{TRANSCRIPT_FORMAT, TranscriptError};

/// Why a file from elsewhere was not brought in.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// A transcript that cannot be read back (its message names the file and position).
    #[error(transparent)]
    Transcript(#[from] TranscriptError),
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Imported {
    /// The session is now in the data folder under its own id.
    New { id: String },
    /// The data folder already held exactly this session.
    Same { id: String },
    /// Another session had the id: this one came in as `id`, beside it.
    Renamed { from: String, id: String },
}

impl Imported {
    pub fn id(&self) -> &str {
        match self {
            Imported::New { id } | Imported::Same { id } | Imported::Renamed { id, .. } => id,
        }
    }
}

/// Reads `path` as a session: a transcript, a session file, or the bare session an older
/// emergency copy held.
pub fn read_foreign(path: &Path, catalog: &Catalog) -> Result<Session, ImportError> {
    let bytes = std::fs::read(path).map_err(|cause| StorageError::Io { path: path.to_path_buf(), cause })?;
    // Only the fields that tell the kinds of file apart: the rest is skipped, not built.
    #[derive(serde::Deserialize)]
    struct Head {
        format: Option<serde_json::Value>,
        id: Option<serde::de::IgnoredAny>,
        interviews: Option<serde::de::IgnoredAny>,
    }
    let head: Option<Head> = serde_json::from_slice(&bytes).ok();
    let format = head.as_ref().and_then(|h| h.format.as_ref()).and_then(|f| f.as_str());
    let session = match format {
        Some(TRANSCRIPT_FORMAT) => from_transcript(path, &bytes)?,
        None if head.as_ref().is_some_and(|h| h.id.is_some() && h.interviews.is_some()) => {
            emergency::parse_bare(path, &bytes)?
        }
        Some(_) | None => parse_session_bytes(path, &bytes)?,
    };
    check_foreign(path, &bytes, &session, catalog)?;
    Ok(session)
}

/// The session a transcript records; its problems keep the transcript's own messages.
fn from_transcript(path: &Path, bytes: &[u8]) -> Result<Session, ImportError> {
    let corrupt = |line, column, message| StorageError::Corrupt { path: path.to_path_buf(), line, column, message };
    let text = std::str::from_utf8(bytes).map_err(|_| corrupt(1, 1, "the transcript is not UTF-8 text".into()))?;
    let session = crate::transcript::read(&path.display().to_string(), text)?;
    if !valid_id(&session.id) {
        let at = crate::problem::locate(
            text,
            &[crate::problem::Step::Key("session".into()), crate::problem::Step::Key("id".into())],
            false,
        );
        let message = format!("the session id \"{}\" is not valid (ids use a–z, 0–9 and '-')", session.id);
        return Err(corrupt(at.line, at.column, message).into());
    }
    Ok(session)
}

/// Brings the file at `path` into the data folder of `store`. Nothing already there is ever
/// replaced: a different session under the same id comes in under a new id, and both are kept.
pub fn import(store: &Store, path: &Path, catalog: &Catalog) -> Result<Imported, ImportError> {
    let mut session = read_foreign(path, catalog)?;
    let from = session.id.clone();
    if store.exists(&from) && !store.cut_short(&from, &session) {
        // Whatever is there — another session, or a file that cannot be read — stays.
        if let Some(id) = already_here(store, path, &session, catalog)? {
            return Ok(Imported::Same { id });
        }
        session.id = store.unused_id(&from);
    }
    let lock = store.lock(&session.id)?;
    let loc = store.location(&session.id)?;
    // Taken under the lock: a session created meanwhile under the id is never replaced.
    if store.cut_short(&session.id, &session) {
        // An import of this very session killed before its end: done again from the start.
        std::fs::remove_dir_all(&loc.folder).map_err(|cause| StorageError::Io { path: loc.folder.clone(), cause })?;
    } else if store.exists(&session.id) {
        let holder = "a session created at the same moment".into();
        return Err(StorageError::Locked { id: session.id, holder }.into());
    }
    if let Err(e) = crate::storage::write_session(&loc, &session, &Changed::all(&session), &lock) {
        // Nothing was there before: nothing half-written stays to push the next try to ID-2.
        let _ = std::fs::remove_dir_all(&loc.folder);
        return Err(e.into());
    }
    Ok(if session.id == from { Imported::New { id: from } } else { Imported::Renamed { from, id: session.id } })
}

/// The session of the data folder that is `session` (under its id or another, such as the
/// `ID-2` an earlier import made); an error naming the merge to run when one is the same
/// engagement with other content, as another copy would only have to be merged later.
fn already_here(
    store: &Store,
    path: &Path,
    session: &Session,
    catalog: &Catalog,
) -> Result<Option<String>, StorageError> {
    let mut same_engagement = None;
    for listed in store.list(catalog)? {
        let Listed::Session(here) = listed else { continue };
        if *here == (Session { id: here.id.clone(), ..session.clone() }) {
            return Ok(Some(here.id));
        }
        let engaged = here.engagement.is_some() && here.engagement == session.engagement;
        if engaged && (same_engagement.is_none() || here.id == session.id) {
            same_engagement = Some(here.id);
        }
    }
    match same_engagement {
        Some(id) => Err(StorageError::SameEngagement { path: path.to_path_buf(), id }),
        None => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::encode_session;

    #[test]
    fn an_emergency_copy_comes_back_and_nothing_here_is_replaced() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::open(&tmp.path().join("data")).unwrap();
        let catalog = Catalog::embedded().unwrap();
        let now = chrono::Utc::now();
        let mut s = Session::new("acme-1".into(), "Acme".into(), None, now);
        s.add_interview("sales", "1", now);
        let copy = tmp.path().join("crosscheck-unsaved-acme-1.json");
        std::fs::write(&copy, encode_session(&s).unwrap()).unwrap();
        assert_eq!(import(&store, &copy, &catalog).unwrap(), Imported::New { id: "acme-1".into() });
        assert_eq!(store.load("acme-1", &catalog).unwrap(), s);
        assert_eq!(import(&store, &copy, &catalog).unwrap(), Imported::Same { id: "acme-1".into() });
        // A different session under the same id: both kept.
        s.organisation = "Acme (later)".into();
        s.engagement = Some("another-engagement".into());
        std::fs::write(&copy, encode_session(&s).unwrap()).unwrap();
        let renamed = import(&store, &copy, &catalog).unwrap();
        assert_eq!(renamed, Imported::Renamed { from: "acme-1".into(), id: "acme-1-2".into() });
        assert_eq!(store.load("acme-1", &catalog).unwrap().organisation, "Acme");
        assert_eq!(store.load("acme-1-2", &catalog).unwrap().organisation, "Acme (later)");
        // The bare session of an older emergency copy.
        let old = tmp.path().join("old.json");
        s.id = "acme-old".into();
        std::fs::write(&old, serde_json::to_vec(&s).unwrap()).unwrap();
        assert_eq!(import(&store, &old, &catalog).unwrap().id(), "acme-old");
    }

    #[test]
    fn transcripts_and_hostile_ids_are_refused_with_a_reason() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::open(&tmp.path().join("data")).unwrap();
        let catalog = Catalog::embedded().unwrap();
        let t = tmp.path().join("t.json");
        std::fs::write(&t, r#"{"format": "crosscheck-transcript", "version": 1}"#).unwrap();
        assert!(import(&store, &t, &catalog).unwrap_err().to_string().contains("transcript"));
        let mut s = Session::new("x/../../escaped".into(), "Acme".into(), None, chrono::Utc::now());
        std::fs::write(&t, encode_session(&s).unwrap()).unwrap();
        assert!(import(&store, &t, &catalog).unwrap_err().to_string().contains("not valid"));
        s.id = "../escaped".into();
        std::fs::write(&t, serde_json::to_vec(&s).unwrap()).unwrap();
        assert!(import(&store, &t, &catalog).unwrap_err().to_string().contains("not valid"));
        assert_eq!(std::fs::read_dir(store.dir()).unwrap().count(), 0);
    }

    #[test]
    fn an_import_killed_before_its_end_is_done_again_under_the_same_id() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::open(&tmp.path().join("data")).unwrap();
        let catalog = Catalog::embedded().unwrap();
        let s = crate::testing::session(&catalog, 3, 1);
        let file = tmp.path().join("s.json");
        std::fs::write(&file, encode_session(&s).unwrap()).unwrap();
        // Killed before any rename: temporaries only.
        let loc = store.location(&s.id).unwrap();
        std::fs::create_dir_all(loc.interviews()).unwrap();
        std::fs::write(loc.interviews().join(".x.json.abc123"), "half").unwrap();
        assert_eq!(import(&store, &file, &catalog).unwrap(), Imported::New { id: s.id.clone() });
        assert_eq!(store.load(&s.id, &catalog).unwrap(), s);
        // Killed part-way through the renames: some interviews, no session.json.
        std::fs::remove_file(loc.meta()).unwrap();
        std::fs::remove_file(loc.interview(&s.interviews[2].id).unwrap()).unwrap();
        assert_eq!(import(&store, &file, &catalog).unwrap(), Imported::New { id: s.id.clone() });
        assert_eq!(store.load(&s.id, &catalog).unwrap(), s);
        // A folder holding another interview is no import of this file: kept, and said.
        std::fs::remove_file(loc.meta()).unwrap();
        let mut other = s.interviews[0].clone();
        other.interviewee = Some("Someone else".into());
        std::fs::write(loc.interview(&other.id).unwrap(), crate::storage::layout::encode_interview(&other).unwrap())
            .unwrap();
        assert_ne!(import(&store, &file, &catalog).unwrap().id(), s.id);
    }
}
