//! Where sessions live on disk: one JSON file per session, written atomically and privately.
//!
//! Every path is built from a file's name or a checked id, never from what a file says: a
//! session file whose name differs from the id inside it is listed as a problem and never
//! written, locked or deleted through.

use std::path::{Path, PathBuf};

use crate::bank::Catalog;
use crate::problem::Problem;
use crate::session::Session;

pub mod emergency;
mod file;
mod import;
mod lock;
mod merge_in;
pub mod notes_copy;
mod writer;

use file::read_session_file;
pub use file::{
    SESSION_FORMAT, SESSION_VERSION, create_private_dir, encode_session, output_target, parse_session,
    parse_session_bytes, valid_id, write_private_atomic, write_private_atomic_with,
};
pub use import::{Imported, read_foreign};
pub use lock::SessionLock;
pub use merge_in::{MergeInError, MergedIn, read_all};
pub use writer::{BackgroundWriter, Written};

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("no session \"{id}\" in {dir} (run `crosscheck list` to see the sessions)")]
    NotFound { id: String, dir: PathBuf },
    #[error("\"{id}\" is not a session id (ids use a–z, 0–9 and '-')")]
    BadId { id: String },
    // The cause is part of the message and deliberately not a `source`, so it is printed once.
    #[error("{path}: {cause}")]
    Io { path: PathBuf, cause: std::io::Error },
    #[error("{path}:{line}:{column}: not a readable session file: {message}")]
    Corrupt { path: PathBuf, line: usize, column: usize, message: String },
    #[error("{}", invalid_values(path, problems))]
    InvalidValues { path: PathBuf, problems: Vec<Problem> },
    #[error(
        "{path}: session format version {version} is newer than this crosscheck understands ({SESSION_VERSION}); upgrade crosscheck"
    )]
    FutureVersion { path: PathBuf, version: String },
    #[error("{path}: {what}; crosscheck reads only plain files in its data folder. Move it aside and run again.")]
    NotAFile { path: PathBuf, what: &'static str },
    #[error(
        "{path}: holds session \"{id}\", not the one its name says; crosscheck will not write or delete through it. Rename the file to {id}.json, or move it out of the folder."
    )]
    Misnamed { path: PathBuf, id: String },
    #[error(
        "{path} is {what}, not a regular file: crosscheck writes only to regular files, so it never replaces it. To send the output there, leave out -o and redirect: > {path}"
    )]
    NotRegular { path: PathBuf, what: &'static str },
    /// A transcript that cannot be read back (its message names the file and position).
    #[error("{0}")]
    Transcript(String),
    #[error("{path} is a file where crosscheck needs a folder: move it aside, or pass --data-dir DIR")]
    InTheWay { path: PathBuf },
    #[error("session \"{id}\" is open in another crosscheck ({holder}); it can be opened read-only")]
    Locked { id: String, holder: String },
    #[error(
        "the lock file {path} was deleted or replaced (or can no longer be reached) while the session was open, so another crosscheck may be writing it: nothing more is written to the session file"
    )]
    LockLost { path: PathBuf },
}

fn invalid_values(path: &Path, problems: &[Problem]) -> String {
    let mut out: Vec<String> = problems.iter().map(ToString::to_string).collect();
    out.push(format!(
        "{}: {} answer value{} the banks in force do not allow; correct or remove {} (crosscheck never writes such values), then open it again",
        path.display(),
        problems.len(),
        if problems.len() == 1 { "" } else { "s" },
        if problems.len() == 1 { "it" } else { "them" }
    ));
    out.join("\n")
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> StorageError + '_ {
    move |cause| StorageError::Io { path: path.to_path_buf(), cause }
}

/// The folder of session files.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
    /// Lock files live apart from the sessions, so the sessions folder holds sessions only.
    locks: PathBuf,
}

/// The user's data folder for crosscheck, from the platform's conventions.
pub fn default_data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "crosscheck").map(|d| d.data_dir().to_path_buf())
}

/// What the sessions list shows: a readable session, or a file that could not be read.
#[derive(Debug)]
pub enum Listed {
    Session(Box<Session>),
    Unreadable { file: PathBuf, error: StorageError },
}

/// Writes `session` to its file, first checking that `lock` is still the session's lock.
pub fn write_session(path: &Path, session: &Session, lock: &SessionLock) -> Result<(), StorageError> {
    let bytes = encode_session(session).map_err(|e| StorageError::Io { path: path.to_path_buf(), cause: e.into() })?;
    write_locked(path, &bytes, lock)
}

/// Writes a session file's bytes if `lock` is still the session's lock.
pub fn write_locked(path: &Path, bytes: &[u8], lock: &SessionLock) -> Result<(), StorageError> {
    lock.still_held()?;
    write_private_atomic(path, bytes)
}

impl Store {
    /// Opens the store at `data_dir`, creating it (mode 0700) if needed.
    pub fn open(data_dir: &Path) -> Result<Store, StorageError> {
        let dir = data_dir.join("sessions");
        let locks = data_dir.join("locks");
        create_private_dir(data_dir)?;
        create_private_dir(&dir)?;
        create_private_dir(&locks)?;
        Ok(Store { dir, locks })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The data folder (the parent of `sessions/`).
    pub fn data_dir(&self) -> &Path {
        self.dir.parent().unwrap_or(&self.dir)
    }

    pub fn path_of(&self, id: &str) -> Result<PathBuf, StorageError> {
        if !valid_id(id) {
            return Err(StorageError::BadId { id: id.to_string() });
        }
        Ok(self.dir.join(format!("{id}.json")))
    }

    /// `id`, or `id-2`, `id-3`… if a session already has it.
    pub fn unused_id(&self, id: &str) -> String {
        let mut candidate = id.to_string();
        let mut n = 2;
        while self.exists(&candidate) {
            candidate = format!("{id}-{n}");
            n += 1;
        }
        candidate
    }

    pub fn exists(&self, id: &str) -> bool {
        self.path_of(id).is_ok_and(|p| p.symlink_metadata().is_ok())
    }

    /// The session `id`, with every answer value checked against the banks in force.
    pub fn load(&self, id: &str, catalog: &Catalog) -> Result<Session, StorageError> {
        let path = self.path_of(id)?;
        if path.symlink_metadata().is_err() {
            return Err(StorageError::NotFound { id: id.to_string(), dir: self.dir.clone() });
        }
        load_file(&path, catalog)
    }

    /// Writes the session atomically: a reader sees the old file or the new one, never half.
    /// For a session no one has open (a new one); an open session is written with
    /// [`write_session`] through its lock.
    pub fn save(&self, session: &Session) -> Result<(), StorageError> {
        let path = self.path_of(&session.id)?;
        let bytes = encode_session(session).map_err(|e| StorageError::Io { path: path.clone(), cause: e.into() })?;
        write_private_atomic(&path, &bytes)
    }

    /// Deletes a session file (refused while another crosscheck has it open).
    pub fn delete(&self, id: &str) -> Result<(), StorageError> {
        let path = self.path_of(id)?;
        let lock = self.lock(id)?;
        std::fs::remove_file(&path).map_err(io(&path))?;
        drop(lock);
        let _ = std::fs::remove_file(self.locks.join(format!("{id}.lock")));
        Ok(())
    }

    /// Takes the one-writer lock of a session for as long as the returned value lives.
    ///
    /// The lock is the operating system's (std `File::try_lock`), so it dies with the process
    /// that held it: a crashed crosscheck never leaves a session locked. The file's text only
    /// says who holds it, for the message shown to the second one.
    pub fn lock(&self, id: &str) -> Result<SessionLock, StorageError> {
        self.path_of(id)?;
        SessionLock::take(self.locks.join(format!("{id}.lock")), id)
    }

    /// Renames a session's organisation (refused while another crosscheck has it open).
    pub fn rename(&self, id: &str, organisation: &str, catalog: &Catalog) -> Result<(), StorageError> {
        let lock = self.lock(id)?;
        let mut session = self.load(id, catalog)?;
        session.organisation = organisation.to_string();
        session.updated_at = chrono::Utc::now();
        write_session(&self.path_of(id)?, &session, &lock)
    }

    /// Every session file, newest first; unreadable files are listed, not hidden.
    pub fn list(&self, catalog: &Catalog) -> Result<Vec<Listed>, StorageError> {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(&self.dir).map_err(io(&self.dir))? {
            let path = entry.map_err(io(&self.dir))?.path();
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            if path.extension().is_none_or(|x| x != "json") || name.starts_with('.') {
                continue;
            }
            match load_file(&path, catalog) {
                Ok(s) => out.push(Listed::Session(Box::new(s))),
                Err(error) => out.push(Listed::Unreadable { file: path, error }),
            }
        }
        out.sort_by(|a, b| match (a, b) {
            (Listed::Session(x), Listed::Session(y)) => y.created_at.cmp(&x.created_at).then(x.id.cmp(&y.id)),
            (Listed::Session(_), _) => std::cmp::Ordering::Less,
            (_, Listed::Session(_)) => std::cmp::Ordering::Greater,
            (Listed::Unreadable { file: x, .. }, Listed::Unreadable { file: y, .. }) => x.cmp(y),
        });
        Ok(out)
    }

    /// Removes the temporary files (`.ID.json.` and six random letters or digits) that a write interrupted by a crash
    /// leaves behind. They never hold the newest data — the rename is the commit — and a
    /// session another crosscheck has open is left alone, as its write may be under way.
    pub fn remove_stale_temporaries(&self) -> Vec<PathBuf> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else { return Vec::new() };
        let mut removed = Vec::new();
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some(id) = temporary_of(&name) else { continue };
            if !entry.file_type().is_ok_and(|t| t.is_file()) {
                continue;
            }
            // Holding the lock means no write of this session is under way.
            let Ok(lock) = self.lock(id) else { continue };
            if std::fs::remove_file(entry.path()).is_ok() {
                removed.push(entry.path());
            }
            drop(lock);
        }
        removed
    }
}

/// The session id of an atomic write's temporary file name (`.ID.json.` and six random letters or digits), if it is one.
fn temporary_of(name: &str) -> Option<&str> {
    let rest = name.strip_prefix('.')?;
    let (stem, suffix) = rest.rsplit_once('.')?;
    let id = stem.strip_suffix(".json")?;
    let random = suffix.len() == 6 && suffix.chars().all(|c| c.is_ascii_alphanumeric());
    (random && valid_id(id)).then_some(id)
}

/// Reads, checks the name against the id inside, and checks every value against the banks.
fn load_file(path: &Path, catalog: &Catalog) -> Result<Session, StorageError> {
    let (session, bytes) = read_session_file(path)?;
    let stem = path.file_stem().map(|s| s.to_string_lossy());
    if stem.as_deref() != Some(session.id.as_str()) {
        return Err(StorageError::Misnamed { path: path.to_path_buf(), id: session.id });
    }
    check_values(path, &session, &bytes, catalog)?;
    Ok(session)
}

/// Every answer value of `session` fits its question, or the problems with their positions in
/// the file's `bytes`.
fn check_values(path: &Path, session: &Session, bytes: &[u8], catalog: &Catalog) -> Result<(), StorageError> {
    let problems = crate::session::value_problems(session, catalog);
    if problems.is_empty() {
        return Ok(());
    }
    let text = String::from_utf8_lossy(bytes);
    let problems = problems
        .into_iter()
        .map(|p| Problem::at(path, crate::problem::locate(&text, &p.path, false), p.message))
        .collect();
    Err(StorageError::InvalidValues { path: path.to_path_buf(), problems })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::{AnswerValue, Session};
    use chrono::Utc;

    fn sample() -> Session {
        let now = Utc::now();
        let mut s = Session::new("20261124-acme-0001".into(), "Acme".into(), Some("Kim".into()), now);
        let i = s.add_interview("sales", "1.0.0", now);
        s.interviews[i].answer_mut("sales.q").set_value(AnswerValue::Scale { value: 2 }, now);
        s.interviews[i].answer_mut("sales.q").notes = "Heard late — ¡sí! 日本語".into();
        s
    }

    #[test]
    fn round_trip_and_private_files() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::open(&tmp.path().join("data")).unwrap();
        let s = sample();
        store.save(&s).unwrap();
        assert_eq!(store.load(&s.id, &crate::bank::Catalog::embedded().unwrap()).unwrap(), s);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&store.path_of(&s.id).unwrap()), 0o600);
            assert_eq!(mode(store.dir()), 0o700);
            assert_eq!(mode(&tmp.path().join("data")), 0o700);
        }
    }

    #[test]
    fn save_replaces_and_leaves_no_temporary_files() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::open(tmp.path()).unwrap();
        let mut s = sample();
        store.save(&s).unwrap();
        s.organisation = "Acme Ltd".into();
        store.save(&s).unwrap();
        assert_eq!(store.load(&s.id, &crate::bank::Catalog::embedded().unwrap()).unwrap().organisation, "Acme Ltd");
        let names: Vec<_> = std::fs::read_dir(store.dir()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[test]
    #[cfg(unix)]
    fn failed_write_leaves_the_previous_file_intact() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::open(tmp.path()).unwrap();
        let mut s = sample();
        store.save(&s).unwrap();
        let before = std::fs::read(store.path_of(&s.id).unwrap()).unwrap();
        // A read-only folder makes the temporary file impossible to create.
        std::fs::set_permissions(store.dir(), std::fs::Permissions::from_mode(0o500)).unwrap();
        s.organisation = "Changed".into();
        let result = store.save(&s);
        std::fs::set_permissions(store.dir(), std::fs::Permissions::from_mode(0o700)).unwrap();
        if nix_is_root() {
            return; // root writes through permissions; the check means nothing there
        }
        assert!(result.is_err());
        assert_eq!(std::fs::read(store.path_of(&s.id).unwrap()).unwrap(), before);
    }

    #[test]
    fn a_write_that_fails_midway_changes_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("s.json");
        write_private_atomic(&path, b"{\"old\": true}").unwrap();
        let result = write_private_atomic_with(&path, |f| {
            f.write_all(b"{\"new\": ")?;
            Err(std::io::Error::other("disk full"))
        });
        assert!(result.unwrap_err().to_string().contains("disk full"));
        assert_eq!(std::fs::read(&path).unwrap(), b"{\"old\": true}");
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1, "no temporary file left");
    }

    #[cfg(unix)]
    fn nix_is_root() -> bool {
        std::fs::metadata("/proc/self").map(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0).unwrap_or(false)
    }

    #[test]
    fn bad_files_are_named_with_position() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::open(tmp.path()).unwrap();
        std::fs::write(store.dir().join("broken.json"), "{\n \"format\": \"crosscheck-session\",\n").unwrap();
        std::fs::write(
            store.dir().join("future.json"),
            r#"{"format": "crosscheck-session", "version": 9, "session": {}}"#,
        )
        .unwrap();
        let err = store.load("broken", &crate::bank::Catalog::embedded().unwrap()).unwrap_err().to_string();
        assert!(err.contains("broken.json:3:"), "{err}");
        let err = store.load("future", &crate::bank::Catalog::embedded().unwrap()).unwrap_err().to_string();
        assert!(err.contains("version 9 is newer"), "{err}");
        assert!(matches!(
            store.load("../etc", &crate::bank::Catalog::embedded().unwrap()),
            Err(StorageError::BadId { .. })
        ));
        assert!(matches!(
            store.load("nope", &crate::bank::Catalog::embedded().unwrap()),
            Err(StorageError::NotFound { .. })
        ));
        assert_eq!(store.list(&crate::bank::Catalog::embedded().unwrap()).unwrap().len(), 2);
    }
}
