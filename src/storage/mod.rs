//! Where sessions live on disk: one JSON file per session, written atomically and privately.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::session::Session;

mod writer;

pub use writer::{BackgroundWriter, Written};

pub const SESSION_FORMAT: &str = "crosscheck-session";
pub const SESSION_VERSION: u32 = 1;

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
    #[error(
        "{path}: session format version {version} is newer than this crosscheck understands ({SESSION_VERSION}); upgrade crosscheck"
    )]
    FutureVersion { path: PathBuf, version: u64 },
    #[error("{path}: {what}; crosscheck reads only plain files in its data folder. Move it aside and run again.")]
    NotAFile { path: PathBuf, what: &'static str },
    #[error("session \"{id}\" is open in another crosscheck ({holder}); it can be opened read-only")]
    Locked { id: String, holder: String },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> StorageError + '_ {
    move |cause| StorageError::Io { path: path.to_path_buf(), cause }
}

/// A session file's content: the session in its envelope, pretty-printed.
pub fn encode_session(session: &Session) -> serde_json::Result<Vec<u8>> {
    #[derive(Serialize)]
    struct SessionFileRef<'a> {
        format: &'static str,
        version: u32,
        session: &'a Session,
    }
    serde_json::to_vec_pretty(&SessionFileRef { format: SESSION_FORMAT, version: SESSION_VERSION, session })
}

/// The file as written: a format marker and version around the session.
#[derive(Serialize, Deserialize)]
struct SessionFile {
    format: String,
    version: u64,
    session: Session,
}

/// The folder of session files.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
    /// Lock files live apart from the sessions, so the sessions folder holds sessions only.
    locks: PathBuf,
}

/// Held while a session is open for writing; dropping it (or the process ending) releases it.
#[derive(Debug)]
pub struct SessionLock {
    _file: std::fs::File,
}

fn hostname() -> String {
    std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "this machine".into())
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

    pub fn path_of(&self, id: &str) -> Result<PathBuf, StorageError> {
        let valid = !id.is_empty()
            && id.len() <= 128
            && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !valid {
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
        self.path_of(id).is_ok_and(|p| p.exists())
    }

    pub fn load(&self, id: &str) -> Result<Session, StorageError> {
        let path = self.path_of(id)?;
        if !path.exists() {
            return Err(StorageError::NotFound { id: id.to_string(), dir: self.dir.clone() });
        }
        read_session_file(&path)
    }

    /// Writes the session atomically: a reader sees the old file or the new one, never half.
    pub fn save(&self, session: &Session) -> Result<(), StorageError> {
        let (path, bytes) = self.encode(session)?;
        write_private_atomic(&path, &bytes)
    }

    /// The file a session is written to and its content, for [`Store::save`] or a
    /// [`BackgroundWriter`].
    pub fn encode(&self, session: &Session) -> Result<(PathBuf, Vec<u8>), StorageError> {
        let path = self.path_of(&session.id)?;
        let bytes = encode_session(session).map_err(|e| StorageError::Io { path: path.clone(), cause: e.into() })?;
        Ok((path, bytes))
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
        let path = self.locks.join(format!("{id}.lock"));
        let mut options = std::fs::OpenOptions::new();
        options.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            // A lock file that is a symbolic link is refused rather than followed.
            options.mode(0o600).custom_flags(libc::O_NOFOLLOW);
        }
        let mut file = options.open(&path).map_err(io(&path))?;
        match file.try_lock() {
            Ok(()) => {
                let holder = format!(
                    "process {} on {} since {}",
                    std::process::id(),
                    hostname(),
                    chrono::Utc::now().format("%Y-%m-%d %H:%M UTC")
                );
                let _ = file.set_len(0).and_then(|()| file.write_all(holder.as_bytes()));
                Ok(SessionLock { _file: file })
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                let holder = std::fs::read_to_string(&path).unwrap_or_default();
                let holder =
                    if holder.trim().is_empty() { "holder unknown".to_string() } else { holder.trim().to_string() };
                Err(StorageError::Locked { id: id.to_string(), holder })
            }
            Err(std::fs::TryLockError::Error(e)) => Err(StorageError::Io { path, cause: e }),
        }
    }

    /// Every session file, newest first; unreadable files are listed, not hidden.
    pub fn list(&self) -> Result<Vec<Listed>, StorageError> {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(&self.dir).map_err(io(&self.dir))? {
            let path = entry.map_err(io(&self.dir))?.path();
            if path.extension().is_none_or(|x| x != "json") {
                continue;
            }
            match read_session_file(&path) {
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
}

fn read_session_file(path: &Path) -> Result<Session, StorageError> {
    // A link could point anywhere: the data folder's files are read only as plain files.
    let meta = std::fs::symlink_metadata(path).map_err(io(path))?;
    let what = if meta.file_type().is_symlink() {
        Some("is a symbolic link")
    } else if meta.is_dir() {
        Some("is a folder, not a session file")
    } else if !meta.is_file() {
        Some("is not a regular file")
    } else {
        None
    };
    if let Some(what) = what {
        return Err(StorageError::NotAFile { path: path.to_path_buf(), what });
    }
    let text = std::fs::read_to_string(path).map_err(io(path))?;
    parse_session(path, &text)
}

/// Parses a session file's text, naming the file and position of any problem.
pub fn parse_session(path: &Path, text: &str) -> Result<Session, StorageError> {
    let corrupt = |e: serde_json::Error| StorageError::Corrupt {
        path: path.to_path_buf(),
        line: e.line().max(1),
        column: e.column().max(1),
        message: e.to_string().split(" at line ").next().unwrap_or_default().to_string(),
    };
    // The common case in one parse; a file that does not fit is read again only to say why.
    if let Ok(file) = serde_json::from_str::<SessionFile>(text)
        && file.format == SESSION_FORMAT
        && file.version == u64::from(SESSION_VERSION)
    {
        return Ok(file.session);
    }
    let value: serde_json::Value = serde_json::from_str(text).map_err(corrupt)?;
    let format = value.get("format").and_then(|f| f.as_str());
    if format != Some(SESSION_FORMAT) {
        return Err(StorageError::Corrupt {
            path: path.to_path_buf(),
            line: 1,
            column: 1,
            message: format!("\"format\" must be \"{SESSION_FORMAT}\""),
        });
    }
    match value.get("version").and_then(|v| v.as_u64()) {
        Some(v) if v > u64::from(SESSION_VERSION) => {
            return Err(StorageError::FutureVersion { path: path.to_path_buf(), version: v });
        }
        Some(_) => {}
        None => {
            return Err(StorageError::Corrupt {
                path: path.to_path_buf(),
                line: 1,
                column: 1,
                message: "missing \"version\"".into(),
            });
        }
    }
    let file: SessionFile = serde_json::from_str(text).map_err(corrupt)?;
    Ok(file.session)
}

/// Creates a folder readable by the owner only; an existing one is left as it is.
pub fn create_private_dir(dir: &Path) -> Result<(), StorageError> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir).map_err(io(dir))
}

/// Replaces `path` with `bytes` atomically (temporary file in the same folder, fsync, rename,
/// fsync of the folder) and readable by the owner only.
pub fn write_private_atomic(path: &Path, bytes: &[u8]) -> Result<(), StorageError> {
    write_private_atomic_with(path, |file| file.write_all(bytes))
}

/// As [`write_private_atomic`], with the content produced by `fill`; if `fill` fails, nothing
/// replaces the existing file.
fn write_private_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), StorageError> {
    let mut options = atomic_write_file::OpenOptions::new();
    #[cfg(unix)]
    {
        use atomic_write_file::unix::OpenOptionsExt as _;
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
        options.preserve_mode(false);
    }
    let mut file = options.open(path).map_err(io(path))?;
    fill(&mut file).map_err(io(path))?;
    file.commit().map_err(io(path))
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
        assert_eq!(store.load(&s.id).unwrap(), s);
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
        assert_eq!(store.load(&s.id).unwrap().organisation, "Acme Ltd");
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
        let err = store.load("broken").unwrap_err().to_string();
        assert!(err.contains("broken.json:3:"), "{err}");
        let err = store.load("future").unwrap_err().to_string();
        assert!(err.contains("version 9 is newer"), "{err}");
        assert!(matches!(store.load("../etc"), Err(StorageError::BadId { .. })));
        assert!(matches!(store.load("nope"), Err(StorageError::NotFound { .. })));
        assert_eq!(store.list().unwrap().len(), 2);
    }
}
