//! Bringing a session file from elsewhere into the data folder: an emergency copy, a backup, a
//! colleague's file. Nothing already in the folder is ever replaced: a different session under
//! the same id comes in under a new id, and both are kept.

use std::path::Path;

use super::file::check_interview_ids;
use super::layout::read_interview;
use super::{Changed, Seen, StorageError, Store, check_values, io, parse_session_bytes, valid_id, write_session};
use crate::bank::Catalog;
use crate::session::Session;

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

/// Reads `path` as a session file (or the bare session an older emergency copy held).
pub fn read_foreign(path: &Path, catalog: &Catalog) -> Result<Session, StorageError> {
    let bytes = std::fs::read(path).map_err(io(path))?;
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
        Some(crate::transcript::TRANSCRIPT_FORMAT) => from_transcript(path, &bytes)?,
        None if head.as_ref().is_some_and(|h| h.id.is_some() && h.interviews.is_some()) => {
            // An emergency copy of crosscheck 0.1 held the session without its envelope.
            let session: Session = serde_json::from_slice(&bytes).map_err(|e| StorageError::Corrupt {
                path: path.to_path_buf(),
                line: e.line().max(1),
                column: e.column().max(1),
                message: e.to_string().split(" at line ").next().unwrap_or_default().to_string(),
            })?;
            if !valid_id(&session.id) {
                return Err(StorageError::Corrupt {
                    path: path.to_path_buf(),
                    line: 1,
                    column: 1,
                    message: format!("the session id \"{}\" is not valid (ids use a–z, 0–9 and '-')", session.id),
                });
            }
            session
        }
        Some(_) | None => parse_session_bytes(path, &bytes)?,
    };
    // Each interview becomes a file of its own: its id must be plain, and its own.
    check_interview_ids(path, &String::from_utf8_lossy(&bytes), &session)?;
    check_values(path, &session, &bytes, catalog)?;
    Ok(session)
}

/// The session a transcript records; its problems keep the transcript's own messages.
fn from_transcript(path: &Path, bytes: &[u8]) -> Result<Session, StorageError> {
    let name = path.display().to_string();
    let text = std::str::from_utf8(bytes).map_err(|_| StorageError::Corrupt {
        path: path.to_path_buf(),
        line: 1,
        column: 1,
        message: "the transcript is not UTF-8 text".into(),
    })?;
    let session = crate::transcript::read(&name, text).map_err(|e| StorageError::Transcript(e.to_string()))?;
    if !valid_id(&session.id) {
        let at = crate::problem::locate(
            text,
            &[crate::problem::Step::Key("session".into()), crate::problem::Step::Key("id".into())],
            false,
        );
        return Err(StorageError::Corrupt {
            path: path.to_path_buf(),
            line: at.line,
            column: at.column,
            message: format!("the session id \"{}\" is not valid (ids use a–z, 0–9 and '-')", session.id),
        });
    }
    Ok(session)
}

impl Store {
    /// Brings the session file at `path` into the data folder (see the module's rules).
    pub fn import(&self, path: &Path, catalog: &Catalog) -> Result<Imported, StorageError> {
        let mut session = read_foreign(path, catalog)?;
        let from = session.id.clone();
        if self.exists(&from) && !self.cut_short(&from, &session) {
            // Whatever is there — another session, or a file that cannot be read — stays.
            if let Some(id) = self.already_here(path, &session, catalog)? {
                return Ok(Imported::Same { id });
            }
            session.id = self.unused_id(&from);
        }
        let lock = self.lock(&session.id)?;
        let loc = self.location(&session.id)?;
        // Taken under the lock: a session created meanwhile under the id is never replaced.
        if self.cut_short(&session.id, &session) {
            // An import of this very session killed before its end: done again from the start.
            std::fs::remove_dir_all(&loc.folder).map_err(io(&loc.folder))?;
        } else if self.exists(&session.id) {
            return Err(StorageError::Locked { id: session.id, holder: "a session created at the same moment".into() });
        }
        if let Err(e) = write_session(&loc, &session, &Changed::all(&session), &lock) {
            // Nothing was there before: nothing half-written stays to push the next try to ID-2.
            let _ = std::fs::remove_dir_all(&loc.folder);
            return Err(e);
        }
        Ok(if session.id == from { Imported::New { id: from } } else { Imported::Renamed { from, id: session.id } })
    }

    /// The session of the data folder that is `session` (under its id or another, such as the
    /// `ID-2` an earlier import made); an error naming the merge to run when one is the same
    /// engagement with other content, as another copy would only have to be merged later.
    fn already_here(&self, path: &Path, session: &Session, catalog: &Catalog) -> Result<Option<String>, StorageError> {
        let mut same_engagement = None;
        for listed in self.list(catalog)? {
            let super::Listed::Session(here) = listed else { continue };
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

    /// Whether the folder of `id` is what an import of `session` cut short leaves: no
    /// `session.json` and no single file, and no interview file but those of `session`, as
    /// it holds them.
    fn cut_short(&self, id: &str, session: &Session) -> bool {
        let Ok(loc) = self.location(id) else { return false };
        let plain_folder = loc.folder.symlink_metadata().is_ok_and(|m| m.is_dir()) && loc.check_folders().is_ok();
        if !plain_folder || loc.complete() || loc.single_file.symlink_metadata().is_ok() {
            return false;
        }
        let Ok(files) = loc.interview_files() else { return false };
        files.iter().all(|file| {
            read_interview(file, &mut Seen::default()).is_ok_and(|theirs| session.interviews.contains(&theirs))
        })
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
        assert_eq!(store.import(&copy, &catalog).unwrap(), Imported::New { id: "acme-1".into() });
        assert_eq!(store.load("acme-1", &catalog).unwrap(), s);
        assert_eq!(store.import(&copy, &catalog).unwrap(), Imported::Same { id: "acme-1".into() });
        // A different session under the same id: both kept.
        s.organisation = "Acme (later)".into();
        s.engagement = Some("another-engagement".into());
        std::fs::write(&copy, encode_session(&s).unwrap()).unwrap();
        let renamed = store.import(&copy, &catalog).unwrap();
        assert_eq!(renamed, Imported::Renamed { from: "acme-1".into(), id: "acme-1-2".into() });
        assert_eq!(store.load("acme-1", &catalog).unwrap().organisation, "Acme");
        assert_eq!(store.load("acme-1-2", &catalog).unwrap().organisation, "Acme (later)");
        // The bare session of an older emergency copy.
        let old = tmp.path().join("old.json");
        s.id = "acme-old".into();
        std::fs::write(&old, serde_json::to_vec(&s).unwrap()).unwrap();
        assert_eq!(store.import(&old, &catalog).unwrap().id(), "acme-old");
    }

    #[test]
    fn transcripts_and_hostile_ids_are_refused_with_a_reason() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::open(&tmp.path().join("data")).unwrap();
        let catalog = Catalog::embedded().unwrap();
        let t = tmp.path().join("t.json");
        std::fs::write(&t, r#"{"format": "crosscheck-transcript", "version": 1}"#).unwrap();
        assert!(store.import(&t, &catalog).unwrap_err().to_string().contains("transcript"));
        let mut s = Session::new("x/../../escaped".into(), "Acme".into(), None, chrono::Utc::now());
        std::fs::write(&t, encode_session(&s).unwrap()).unwrap();
        assert!(store.import(&t, &catalog).unwrap_err().to_string().contains("not valid"));
        s.id = "../escaped".into();
        std::fs::write(&t, serde_json::to_vec(&s).unwrap()).unwrap();
        assert!(store.import(&t, &catalog).unwrap_err().to_string().contains("not valid"));
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
        assert_eq!(store.import(&file, &catalog).unwrap(), Imported::New { id: s.id.clone() });
        assert_eq!(store.load(&s.id, &catalog).unwrap(), s);
        // Killed part-way through the renames: some interviews, no session.json.
        std::fs::remove_file(loc.meta()).unwrap();
        std::fs::remove_file(loc.interview(&s.interviews[2].id).unwrap()).unwrap();
        assert_eq!(store.import(&file, &catalog).unwrap(), Imported::New { id: s.id.clone() });
        assert_eq!(store.load(&s.id, &catalog).unwrap(), s);
        // A folder holding another interview is no import of this file: kept, and said.
        std::fs::remove_file(loc.meta()).unwrap();
        let mut other = s.interviews[0].clone();
        other.interviewee = Some("Someone else".into());
        std::fs::write(loc.interview(&other.id).unwrap(), super::super::layout::encode_interview(&other).unwrap())
            .unwrap();
        assert_ne!(store.import(&file, &catalog).unwrap().id(), s.id);
    }
}
