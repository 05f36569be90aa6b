//! The folder layout of a session: `sessions/<id>/session.json` (the session's own fields) and
//! `sessions/<id>/interviews/<interview-id>.json` (one file per interview), so two laptops
//! sharing an engagement through git rarely write the same file, and saving an answer writes
//! one interview. What changed since the last write is recorded in [`Changed`].

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::file::{
    Envelope, check_id, encode_enveloped, envelope, parse_enveloped, read_plain, read_plain_stamped, utf8,
};
use super::seen::Seen;
use super::{StorageError, io, valid_id};
use crate::problem::locate::Step;
use crate::session::{Interview, Session};

/// The format of `session.json`: the session's own fields, without its interviews.
pub const META_FORMAT: &str = "crosscheck-session-meta";
/// The format of an interview's file: the whole interview, conflicts included.
pub const INTERVIEW_FORMAT: &str = "crosscheck-interview";
/// The file in a session's folder that holds its own fields, written last: the folder is a
/// whole session once it is there.
pub const META_FILE: &str = "session.json";

/// Where a session lives: its folder, and the single file older versions wrote (still read,
/// and migrated to the folder on the first write).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub folder: PathBuf,
    pub single_file: PathBuf,
}

impl Location {
    /// The places of session `id` (already checked) in the sessions folder `dir`.
    pub(super) fn new(dir: &Path, id: &str) -> Location {
        Location { folder: dir.join(id), single_file: dir.join(format!("{id}.json")) }
    }

    pub fn meta(&self) -> PathBuf {
        self.folder.join(META_FILE)
    }

    pub fn interviews(&self) -> PathBuf {
        self.folder.join("interviews")
    }

    /// The file of interview `id`: never built from an id that is not plain.
    pub fn interview(&self, id: &str) -> Result<PathBuf, StorageError> {
        if !valid_id(id) {
            return Err(StorageError::BadId { id: id.to_string() });
        }
        Ok(self.interviews().join(format!("{id}.json")))
    }

    /// The interview files of a folder: every `*.json` under `interviews/` but the hidden
    /// temporaries of writes under way (a missing `interviews/` holds none: git keeps no empty
    /// folder).
    pub fn interview_files(&self) -> Result<Vec<PathBuf>, StorageError> {
        let dir = self.interviews();
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(StorageError::Io { path: dir, cause: e }),
        };
        let mut out = Vec::new();
        for entry in entries {
            let path = entry.map_err(io(&dir))?.path();
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            if path.extension().is_some_and(|x| x == "json") && !name.starts_with('.') {
                out.push(path);
            }
        }
        out.sort();
        Ok(out)
    }

    /// Whether the session's folder is there; an error when it or its `interviews/` is a link
    /// or a file (a path is never followed out of the data folder).
    pub fn check_folders(&self) -> Result<bool, StorageError> {
        for path in [self.folder.clone(), self.interviews()] {
            let what = match path.symlink_metadata() {
                Ok(meta) if meta.file_type().is_symlink() => "is a symbolic link",
                Ok(meta) if !meta.is_dir() => "is a file where a folder belongs",
                _ => continue,
            };
            return Err(StorageError::NotAFile { path, what });
        }
        Ok(self.folder.symlink_metadata().is_ok())
    }

    /// Whether the folder is a whole session: its `session.json` is there (in any form; one
    /// that is not a plain file is then reported, not passed over).
    pub fn complete(&self) -> bool {
        self.meta().symlink_metadata().is_ok()
    }
}

/// The files of a session changed since they were last written: its own fields, and the
/// interviews by id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changed {
    pub meta: bool,
    pub interviews: BTreeSet<String>,
}

impl Changed {
    /// Every file of `session`.
    pub fn all(session: &Session) -> Changed {
        Changed { meta: true, interviews: session.interviews.iter().map(|i| i.id.clone()).collect() }
    }

    pub fn is_empty(&self) -> bool {
        !self.meta && self.interviews.is_empty()
    }

    /// Adds what `other` changed: a write that supersedes another writes both's files.
    pub fn union(&mut self, other: Changed) {
        self.meta |= other.meta;
        self.interviews.extend(other.interviews);
    }
}

/// The session's own fields as `session.json` holds them (every field of [`Session`] but its
/// interviews; a test checks none is left out).
#[derive(Serialize)]
struct MetaRef<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    engagement: &'a Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    follows: &'a Option<String>,
    organisation: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    interviewer: &'a Option<String>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    language: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    launch: &'a Option<crate::session::Launch>,
    #[serde(skip_serializing_if = "crate::bank::Scope::is_default")]
    scope: &'a crate::bank::Scope,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    recommendations: &'a Vec<crate::session::Recommendation>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    recommendation_conflicts: &'a Vec<crate::session::Disputed<crate::session::Recommendation>>,
}

pub fn encode_meta(session: &Session) -> serde_json::Result<Vec<u8>> {
    let meta = MetaRef {
        id: &session.id,
        engagement: &session.engagement,
        follows: &session.follows,
        organisation: &session.organisation,
        interviewer: &session.interviewer,
        created_at: session.created_at,
        updated_at: session.updated_at,
        language: &session.language,
        launch: &session.launch,
        scope: &session.scope,
        recommendations: &session.recommendations,
        recommendation_conflicts: &session.recommendation_conflicts,
    };
    encode_enveloped(META_FORMAT, "session", &meta)
}

pub fn encode_interview(interview: &Interview) -> serde_json::Result<Vec<u8>> {
    encode_enveloped(INTERVIEW_FORMAT, "interview", interview)
}

envelope!(
    /// `session.json`: the session's own fields, without its interviews.
    MetaFile, META_FORMAT, session: Session
);
envelope!(
    /// One interview's file.
    InterviewFile, INTERVIEW_FORMAT, interview: Interview
);

/// Reads `session.json` of the folder named `folder_id`: the session without interviews (its
/// stamp recorded in `seen`).
pub(super) fn read_meta(path: &Path, folder_id: &str, seen: &mut Seen) -> Result<Session, StorageError> {
    let (bytes, stamp) = read_plain_stamped(path, "is a folder, not a session file")?;
    let text = utf8(path, &bytes)?;
    let session = parse_enveloped::<MetaFile>(path, text)?;
    let id_at = [Step::Key(MetaFile::KEY.into()), Step::Key("id".into())];
    check_id(path, text, &session.id, &id_at, "session")?;
    if !session.interviews.is_empty() {
        let at = crate::problem::locate(text, &[Step::Key("session".into()), Step::Key("interviews".into())], false);
        return Err(StorageError::Corrupt {
            path: path.to_path_buf(),
            line: at.line,
            column: at.column,
            message: "session.json holds interviews; each belongs in a file of its own under interviews/".into(),
        });
    }
    if session.id != folder_id {
        let fix = format!("move it to a folder named {}, or out of the data folder", session.id);
        return Err(StorageError::Misfiled { path: path.to_path_buf(), what: "session", id: session.id, fix });
    }
    seen.record(path, stamp);
    Ok(session)
}

/// Reads an interview's file, whose name must be the id inside (its stamp recorded in `seen`).
pub(super) fn read_interview(path: &Path, seen: &mut Seen) -> Result<Interview, StorageError> {
    let (bytes, stamp) = read_plain_stamped(path, "is a folder, not an interview file")?;
    let text = utf8(path, &bytes)?;
    let interview = parse_enveloped::<InterviewFile>(path, text)?;
    let id_at = [Step::Key(InterviewFile::KEY.into()), Step::Key("id".into())];
    check_id(path, text, &interview.id, &id_at, "interview")?;
    let stem = path.file_stem().map(|s| s.to_string_lossy());
    if stem.as_deref() != Some(interview.id.as_str()) {
        let fix = format!("rename the file to {}.json, or move it out of the folder", interview.id);
        return Err(StorageError::Misfiled { path: path.to_path_buf(), what: "interview", id: interview.id, fix });
    }
    seen.record(path, stamp);
    Ok(interview)
}

/// Where a problem found in a one-interview session (`session.interviews.0…`) is in that
/// interview's file (`interview…`).
pub(super) fn in_interview_file(path: &[Step]) -> Vec<Step> {
    let mut out = vec![Step::Key(InterviewFile::KEY.into())];
    out.extend(path.iter().skip(3).cloned());
    out
}

/// Any of crosscheck's files, as git hands them to the merge driver under temporary names.
#[derive(Debug, Clone, PartialEq)]
pub enum AnyFile {
    /// A single session file (every interview inside).
    Session(Session),
    /// A session folder's `session.json`: the session without its interviews.
    Meta(Session),
    Interview(Interview),
}

/// Reads a crosscheck file of any kind, told apart by its `format`; its name is not checked
/// (git's temporary names say nothing).
pub fn read_any(path: &Path) -> Result<AnyFile, StorageError> {
    let bytes = read_plain(path, "is a folder, not a crosscheck file")?;
    let text = utf8(path, &bytes)?;
    #[derive(Deserialize)]
    struct Head {
        format: Option<serde_json::Value>,
    }
    let format =
        serde_json::from_str::<Head>(text).ok().and_then(|h| h.format).and_then(|f| f.as_str().map(String::from));
    Ok(match format.as_deref() {
        Some(META_FORMAT) => {
            let session = parse_enveloped::<MetaFile>(path, text)?;
            check_id(path, text, &session.id, &[Step::Key("session".into()), Step::Key("id".into())], "session")?;
            AnyFile::Meta(session)
        }
        Some(INTERVIEW_FORMAT) => {
            let interview = parse_enveloped::<InterviewFile>(path, text)?;
            check_id(path, text, &interview.id, &[Step::Key("interview".into()), Step::Key("id".into())], "interview")?;
            AnyFile::Interview(interview)
        }
        _ => AnyFile::Session(super::parse_session(path, text)?),
    })
}

/// The bytes of a file of this kind.
pub fn encode_any(file: &AnyFile) -> serde_json::Result<Vec<u8>> {
    match file {
        AnyFile::Session(s) => super::encode_session(s),
        AnyFile::Meta(s) => encode_meta(s),
        AnyFile::Interview(i) => encode_interview(i),
    }
}
