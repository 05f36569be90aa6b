//! The emergency copy: when a session cannot be written to its own file, every answer is
//! written elsewhere as a real session file (envelope included), so `crosscheck import` brings
//! it back. Each folder is tried in turn; the first that takes the whole file wins.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::{StorageError, Store, encode_session, valid_id, write_private_atomic};
use crate::session::Session;

/// Where an emergency copy may go, in order: the temporary folder, the data folder's parent,
/// the home folder and the current folder.
pub fn folders(store: &Store) -> Vec<PathBuf> {
    let mut out = vec![std::env::temp_dir()];
    out.extend(store.data_dir().parent().map(Path::to_path_buf));
    out.extend(directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf()));
    out.push(std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")));
    let mut seen = Vec::new();
    out.retain(|d| {
        let new = !seen.contains(d);
        seen.push(d.clone());
        new
    });
    out
}

/// Where a copy goes when the terminal is gone (no one is there to free space) and every one of
/// [`folders`] is full: `/var/tmp`, then the memory-backed `$XDG_RUNTIME_DIR` and `/dev/shm`,
/// kept until the machine restarts.
pub fn last_resorts() -> Vec<PathBuf> {
    let mut out = Vec::new();
    #[cfg(unix)]
    {
        out.push(PathBuf::from("/var/tmp"));
        out.extend(std::env::var_os("XDG_RUNTIME_DIR").filter(|d| !d.is_empty()).map(PathBuf::from));
        out.push(PathBuf::from("/dev/shm"));
    }
    out
}

/// Writes the copy into the first of `folders` that takes it; otherwise every folder tried
/// and why it failed.
pub fn write_copy(
    session: &Session,
    folders: &[PathBuf],
    now: DateTime<Utc>,
) -> Result<PathBuf, Vec<(PathBuf, StorageError)>> {
    // The id names a file only once it is known to be a plain id.
    let id = if valid_id(&session.id) { session.id.as_str() } else { "session" };
    let name = format!("crosscheck-unsaved-{id}-{}.json", now.format("%Y%m%dT%H%M%S"));
    let bytes = match encode_session(session) {
        Ok(b) => b,
        Err(e) => return Err(vec![(PathBuf::from(&name), StorageError::Io { path: name.into(), cause: e.into() })]),
    };
    let mut failures = Vec::new();
    for folder in folders {
        let path = folder.join(&name);
        match write_private_atomic(&path, &bytes) {
            Ok(()) => return Ok(path),
            Err(e) => failures.push((path, e)),
        }
    }
    Err(failures)
}

/// The bare session an emergency copy of crosscheck 0.1 held, without its envelope.
pub fn parse_bare(path: &Path, bytes: &[u8]) -> Result<Session, StorageError> {
    let corrupt = |line, column, message| StorageError::Corrupt { path: path.to_path_buf(), line, column, message };
    let session: Session = serde_json::from_slice(bytes).map_err(|e| {
        corrupt(e.line().max(1), e.column().max(1), e.to_string().split(" at line ").next().unwrap_or_default().into())
    })?;
    if !valid_id(&session.id) {
        let message = format!("the session id \"{}\" is not valid (ids use a–z, 0–9 and '-')", session.id);
        return Err(corrupt(1, 1, message));
    }
    Ok(session)
}

/// A path as one shell word, for a command the user can paste.
pub fn shell_word(path: &Path) -> String {
    let text = path.display().to_string();
    if !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || "/._-+:,@".contains(c)) {
        text
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_folder_that_takes_it_wins_and_the_copy_is_a_session_file() {
        let tmp = tempfile::tempdir().unwrap();
        let blocked = tmp.path().join("a-file");
        std::fs::write(&blocked, "").unwrap();
        let good = tmp.path().join("good");
        std::fs::create_dir(&good).unwrap();
        let session = Session::new("acme-1".into(), "Acme".into(), None, Utc::now());
        let folders = [blocked.join("inside"), tmp.path().join("missing").join("x"), good.clone()];
        let path = write_copy(&session, &folders, Utc::now()).unwrap();
        assert!(path.starts_with(&good), "{}", path.display());
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(super::super::parse_session(&path, &text).unwrap(), session);
        let failures = write_copy(&session, &folders[..2], Utc::now()).unwrap_err();
        assert_eq!(failures.len(), 2);
    }

    #[test]
    fn an_id_that_is_not_plain_never_names_the_file() {
        let tmp = tempfile::tempdir().unwrap();
        let inner = tmp.path().join("tmp");
        std::fs::create_dir(&inner).unwrap();
        let session = Session::new("x/../../escaped".into(), "Acme".into(), None, Utc::now());
        let path = write_copy(&session, std::slice::from_ref(&inner), Utc::now()).unwrap();
        assert_eq!(path.parent(), Some(inner.as_path()));
        assert!(path.file_name().unwrap().to_string_lossy().starts_with("crosscheck-unsaved-session-"));
    }

    #[test]
    #[cfg(unix)]
    fn the_last_resorts_are_var_tmp_the_runtime_folder_and_shared_memory() {
        let places = last_resorts();
        assert_eq!(places.first().map(PathBuf::as_path), Some(Path::new("/var/tmp")));
        assert_eq!(places.last().map(PathBuf::as_path), Some(Path::new("/dev/shm")));
    }

    #[test]
    fn shell_words_quote_what_a_shell_would_split() {
        assert_eq!(shell_word(Path::new("/tmp/a-1.json")), "/tmp/a-1.json");
        assert_eq!(shell_word(Path::new("/tmp/it's here.json")), "'/tmp/it'\\''s here.json'");
    }
}
