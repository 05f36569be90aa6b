//! Where sessions live on disk: a folder per session (its own fields in `session.json`, one
//! file per interview, see [`layout`]), every file written atomically and privately. Single
//! session files of older versions are read as they are and become folders on their first write.
//!
//! Every path is built from a file's name or a checked id, never from what a file says: a
//! file whose name differs from the id inside it is listed as a problem and never written,
//! locked or deleted through.

use std::path::{Path, PathBuf};

use crate::bank::Catalog;
use crate::problem::Problem;
use crate::session::Session;

mod batch;
pub mod emergency;
mod file;
mod folder;
pub mod layout;
mod list;
mod lock;
pub mod notes_copy;
mod seen;
mod sync;
#[cfg(test)]
mod sync_tests;
#[cfg(test)]
mod tests;
mod writer;

use file::read_session_file;
pub use file::{
    SESSION_FORMAT, SESSION_VERSION, create_private_dir, encode_session, output_target, parse_session,
    parse_session_bytes, valid_id, write_private_atomic, write_private_atomic_with,
};
use folder::read_folder;
pub use layout::{AnyFile, Changed, INTERVIEW_FORMAT, Location, META_FORMAT, encode_any, read_any};
pub use lock::SessionLock;
pub use seen::{Seen, Stamp};
pub use sync::{Pulled, PulledFile, merge_interview, meta_of, new_conflicts, take_in_interview, take_in_meta};
pub use writer::{BackgroundWriter, WriteError, Written};

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
    /// A file of a session's folder whose place disagrees with the id inside.
    #[error(
        "{path}: holds {what} \"{id}\", not the one its place says; crosscheck will not write or delete through it: {fix}."
    )]
    Misfiled { path: PathBuf, what: &'static str, id: String, fix: String },
    /// An import of a copy of an engagement the data folder holds with other content.
    #[error(
        "{}: session {id} in the data folder is the same engagement with other content, so no second copy is made; to bring this file's work into it, merge it: crosscheck merge {} --into {id}",
        path.display(), emergency::shell_word(path)
    )]
    SameEngagement { path: PathBuf, id: String },
    /// A single session file beside the whole folder of its session, which wins over it.
    #[error("{}", beside(path, id, *holds_more))]
    Beside { path: PathBuf, id: String, holds_more: bool },
    #[error(
        "{path}: a session folder without session.json (a copy only in part, or a write cut short); its interviews are kept as they are. Bring session.json back from a copy, or move the folder out."
    )]
    NoSessionFile { path: PathBuf },
    #[error(
        "{path} is {what}, not a regular file: crosscheck writes only to regular files, so it never replaces it. To send the output there, leave out -o and redirect: > {path}"
    )]
    NotRegular { path: PathBuf, what: &'static str },
    #[error("{path} is a file where crosscheck needs a folder: move it aside, or pass --data-dir DIR")]
    InTheWay { path: PathBuf },
    #[error("session \"{id}\" is open in another crosscheck ({holder}); it can be opened read-only")]
    Locked { id: String, holder: String },
    #[error(
        "{path} changed on disk while it was being written (a git pull?): nothing was replaced, and what it holds is merged in at the next try"
    )]
    ChangedOnDisk { path: PathBuf },
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

fn beside(path: &Path, id: &str, holds_more: bool) -> String {
    let file = emergency::shell_word(path);
    if holds_more {
        format!(
            "{}: an older copy of {id} beside its folder, holding what the folder does not: bring it in with `crosscheck merge {file} --into {id}` (which then removes it), or move it out of the data folder",
            path.display()
        )
    } else {
        format!(
            "{}: an older copy of {id} beside its folder, holding nothing the folder lacks: crosscheck removes it at the session's next save (or remove it yourself)",
            path.display()
        )
    }
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

/// Writes what `changed` names of `session` (every file, if its folder is not a whole
/// session yet), checking before each file that `lock` is still the session's lock. A file
/// changed on disk since the lock's session last read or wrote it is merged in first (see
/// [`sync`]): what came in that way.
pub fn write_session(
    loc: &Location,
    session: &Session,
    changed: &Changed,
    lock: &SessionLock,
) -> Result<Vec<Pulled>, StorageError> {
    folder::write_changes(loc, session, changed, Some(lock))
}

impl StorageError {
    /// The file or folder the problem is in, when it is one.
    pub fn path(&self) -> Option<&Path> {
        match self {
            StorageError::Io { path, .. }
            | StorageError::Corrupt { path, .. }
            | StorageError::InvalidValues { path, .. }
            | StorageError::FutureVersion { path, .. }
            | StorageError::NotAFile { path, .. }
            | StorageError::Misnamed { path, .. }
            | StorageError::Misfiled { path, .. }
            | StorageError::NoSessionFile { path }
            | StorageError::Beside { path, .. }
            | StorageError::SameEngagement { path, .. }
            | StorageError::NotRegular { path, .. }
            | StorageError::InTheWay { path }
            | StorageError::ChangedOnDisk { path }
            | StorageError::LockLost { path } => Some(path),
            _ => None,
        }
    }
}

impl Store {
    /// Opens the store at `data_dir`, creating it (mode 0700) if needed.
    pub fn open(data_dir: &Path) -> Result<Store, StorageError> {
        let dir = data_dir.join("sessions");
        let locks = data_dir.join("locks");
        create_private_dir(data_dir)?;
        create_private_dir(&dir)?;
        // Without it (a read-only data folder) sessions are still read; taking a lock then
        // fails, and the interface opens them read-only, saying why.
        let _ = create_private_dir(&locks);
        Ok(Store { dir, locks })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The data folder (the parent of `sessions/`).
    pub fn data_dir(&self) -> &Path {
        self.dir.parent().unwrap_or(&self.dir)
    }

    /// Where session `id` lives: its folder, and the single file of older versions.
    pub fn location(&self, id: &str) -> Result<Location, StorageError> {
        if !valid_id(id) {
            return Err(StorageError::BadId { id: id.to_string() });
        }
        Ok(Location::new(&self.dir, id))
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

    /// Whether anything is at the session's places (its folder or its single file).
    pub fn exists(&self, id: &str) -> bool {
        self.location(id).is_ok_and(|l| l.folder.symlink_metadata().is_ok() || l.single_file.symlink_metadata().is_ok())
    }

    /// The session `id`, with every answer value checked against the banks in force: from its
    /// folder once that is whole, else from its single file.
    pub fn load(&self, id: &str, catalog: &Catalog) -> Result<Session, StorageError> {
        self.load_seen(id, catalog).map(|(session, _)| session)
    }

    /// As [`Store::load`], with the stamps of the files read: for a session opened to be
    /// written ([`SessionLock::adopt`]), so no write replaces a file changed since.
    pub fn load_seen(&self, id: &str, catalog: &Catalog) -> Result<(Session, Seen), StorageError> {
        let loc = self.location(id)?;
        let mut seen = Seen::tracking();
        if loc.check_folders()? && loc.complete() {
            return read_folder(&loc, id, catalog, &mut seen).map(|s| (s, seen));
        }
        if loc.single_file.symlink_metadata().is_ok() {
            return load_file(&loc.single_file, catalog, &mut seen).map(|s| (s, seen));
        }
        if !loc.interview_files()?.is_empty() {
            return Err(StorageError::NoSessionFile { path: loc.folder });
        }
        Err(StorageError::NotFound { id: id.to_string(), dir: self.dir.clone() })
    }

    /// Writes every file of the session atomically: a reader sees each file old or new, never
    /// half. For a session no one has open (a new one); an open session is written with
    /// [`write_session`] through its lock. Interview files the session does not hold are left:
    /// a save never deletes an interview.
    pub fn save(&self, session: &Session) -> Result<(), StorageError> {
        let loc = self.location(&session.id)?;
        folder::write_changes(&loc, session, &Changed::all(session), None).map(drop)
    }

    /// Deletes a session, folder and single file (refused while another crosscheck has it open).
    pub fn delete(&self, id: &str) -> Result<(), StorageError> {
        let loc = self.location(id)?;
        let lock = self.lock(id)?;
        let mut found = false;
        if loc.single_file.symlink_metadata().is_ok() {
            std::fs::remove_file(&loc.single_file).map_err(io(&loc.single_file))?;
            found = true;
        }
        if let Ok(meta) = loc.folder.symlink_metadata() {
            // A link is removed, never followed.
            let removed =
                if meta.is_dir() { std::fs::remove_dir_all(&loc.folder) } else { std::fs::remove_file(&loc.folder) };
            removed.map_err(io(&loc.folder))?;
            found = true;
        }
        if !found {
            return Err(StorageError::NotFound { id: id.to_string(), dir: self.dir.clone() });
        }
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
        self.location(id)?;
        SessionLock::take(self.locks.join(format!("{id}.lock")), id)
    }

    /// Whether the folder of `id` holds part of `session` and nothing else: no `session.json`,
    /// no single file, and no interview file but those of `session`, as it holds them — what
    /// a first write of `session` cut short leaves.
    pub fn cut_short(&self, id: &str, session: &Session) -> bool {
        self.location(id).is_ok_and(|loc| folder::cut_short(&loc, session))
    }

    /// Renames a session's organisation (refused while another crosscheck has it open).
    pub fn rename(&self, id: &str, organisation: &str, catalog: &Catalog) -> Result<(), StorageError> {
        self.edit_meta(id, catalog, |s| s.organisation = organisation.to_string())
    }

    /// Makes a session the follow-up of the earlier engagement `follows`, or of none (refused
    /// while another crosscheck has it open).
    pub fn set_follows(&self, id: &str, follows: Option<&str>, catalog: &Catalog) -> Result<(), StorageError> {
        self.edit_meta(id, catalog, |s| s.follows = follows.map(str::to_string))
    }

    /// Changes what the session says of itself (not its interviews), under its lock.
    fn edit_meta(&self, id: &str, catalog: &Catalog, edit: impl FnOnce(&mut Session)) -> Result<(), StorageError> {
        let lock = self.lock(id)?;
        let mut session = self.load(id, catalog)?;
        edit(&mut session);
        session.updated_at = chrono::Utc::now();
        let changed = Changed { meta: true, ..Changed::default() };
        write_session(&self.location(id)?, &session, &changed, &lock).map(drop)
    }
}

/// Reads, checks the name against the id inside, and checks every value against the banks.
fn load_file(path: &Path, catalog: &Catalog, seen: &mut Seen) -> Result<Session, StorageError> {
    let (session, bytes, stamp) = read_session_file(path)?;
    let stem = path.file_stem().map(|s| s.to_string_lossy());
    if stem.as_deref() != Some(session.id.as_str()) {
        return Err(StorageError::Misnamed { path: path.to_path_buf(), id: session.id });
    }
    check_values(path, &session, &bytes, catalog)?;
    seen.record(path, stamp);
    Ok(session)
}

/// A session read from a file from elsewhere (its `bytes`) fits the data folder: each
/// interview's id plain and its own (each becomes a file), every answer value one the banks
/// allow; else the problem, at its position in the file.
pub fn check_foreign(path: &Path, bytes: &[u8], session: &Session, catalog: &Catalog) -> Result<(), StorageError> {
    file::check_interview_ids(path, &String::from_utf8_lossy(bytes), session)?;
    check_values(path, session, bytes, catalog)
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
