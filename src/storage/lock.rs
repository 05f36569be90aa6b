//! One writer per session: an operating-system lock on a file of its own in `locks/`, which dies
//! with the process that held it. A lock file deleted or replaced while the session is open
//! would let a second crosscheck take a new lock and write too, so every write first checks
//! that the path still names the file this process locked.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use super::seen::Seen;
use super::{StorageError, io};

/// Held while a session is open for writing; dropping it (or the process ending) releases it.
#[derive(Debug, Clone)]
pub struct SessionLock {
    held: Arc<Held>,
}

#[derive(Debug)]
struct Held {
    file: std::fs::File,
    path: PathBuf,
    /// What this process last read or wrote of the session's files: the lock is the one thing
    /// every write of an open session goes through, from any thread.
    seen: Mutex<Seen>,
}

fn hostname() -> String {
    std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "this machine".into())
}

impl SessionLock {
    /// Takes the lock at `path` for session `id`, or says who holds it.
    pub fn take(path: PathBuf, id: &str) -> Result<SessionLock, StorageError> {
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
                Ok(SessionLock { held: Arc::new(Held { file, path, seen: Mutex::default() }) })
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                let holder = std::fs::read_to_string(&path).unwrap_or_default();
                let holder = crate::sanitize::one_line(holder.trim());
                let holder = if holder.is_empty() { "holder unknown".to_string() } else { holder.into_owned() };
                Err(StorageError::Locked { id: id.to_string(), holder })
            }
            Err(std::fs::TryLockError::Error(e)) => Err(StorageError::Io { path, cause: e }),
        }
    }

    /// Ok while the lock file's path still names the file this process locked; otherwise why
    /// nothing more may be written through this lock.
    pub fn still_held(&self) -> Result<(), StorageError> {
        if same_file(&self.held.file, &self.held.path) {
            Ok(())
        } else {
            Err(StorageError::LockLost { path: self.held.path.clone() })
        }
    }

    pub fn path(&self) -> &Path {
        &self.held.path
    }

    /// Makes `seen` (the stamps of the files as they were read) what every later write of
    /// the session checks against.
    pub fn adopt(&self, seen: Seen) {
        *self.seen() = seen;
    }

    pub(super) fn seen(&self) -> MutexGuard<'_, Seen> {
        // A thread that panicked holding it left stamps, not a broken invariant.
        self.held.seen.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[cfg(unix)]
fn same_file(file: &std::fs::File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::symlink_metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &std::fs::File, path: &Path) -> bool {
    path.exists()
}
