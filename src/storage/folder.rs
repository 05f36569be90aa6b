//! Reading a session from its folder and writing the files that changed, migrating a single
//! session file of older versions on its first write.
//!
//! A write is planned (the files encoded) before anything touches the disk, so the writer
//! thread lets go of its snapshot first. `session.json` is written last: a folder without it
//! is not a whole session, and the single file it replaces is removed only once it is there.

use std::path::{Path, PathBuf};

use super::layout::{Changed, Location, encode_interview, encode_meta, in_interview_file, read_interview, read_meta};
use super::seen::{Seen, Stamp};
use super::sync::{Pulled, TakenIn, record, removable_beside, still_as_taken, take_in};
use super::{SessionLock, StorageError, batch, create_private_dir, io};
use crate::bank::Catalog;
use crate::problem::{Problem, Step};
use crate::session::Session;

/// The files one write replaces, encoded, and what was taken in from disk to make them.
pub struct Planned {
    files: Vec<(PathBuf, Vec<u8>)>,
    /// The folder must be made whole: every file is in `files`, `session.json` last.
    migrate: bool,
    taken: TakenIn,
    /// A single file beside the whole folder that holds nothing more, as it was found.
    removable_beside: Option<Stamp>,
}

/// Encodes the files of `session` that `changed` names, or every file when the folder is not
/// yet a whole session (new, or still a single file) — first merging in those that changed on
/// disk since the session's `lock` last saw them (see [`super::sync`]). Reads, never writes.
pub fn plan(
    loc: &Location,
    session: &Session,
    changed: &Changed,
    lock: Option<&SessionLock>,
) -> Result<Planned, StorageError> {
    loc.check_folders()?;
    let migrate = !loc.complete();
    let mut taken = match lock {
        Some(lock) => take_in(loc, session, changed, migrate, &lock.seen())?,
        None => TakenIn::default(),
    };
    let merged = taken.session.take();
    let session = merged.as_ref().unwrap_or(session);
    let encoding = |path: &Path, e: serde_json::Error| StorageError::Io { path: path.to_path_buf(), cause: e.into() };
    let mut files = Vec::new();
    for interview in &session.interviews {
        if migrate || changed.interviews.contains(&interview.id) {
            let path = loc.interview(&interview.id)?;
            let bytes = encode_interview(interview).map_err(|e| encoding(&path, e))?;
            files.push((path, bytes));
        }
    }
    if migrate || changed.meta {
        let path = loc.meta();
        let bytes = encode_meta(session).map_err(|e| encoding(&path, e))?;
        files.push((path, bytes));
    }
    let removable_beside = match (migrate, lock) {
        (true, _) => None,
        (false, Some(lock)) => removable_beside(loc, session, Some(&mut lock.seen())),
        (false, None) => removable_beside(loc, session, None),
    };
    Ok(Planned { files, migrate, taken, removable_beside })
}

/// Writes the planned files, each atomically, checking before the writes and before the
/// renames that `lock` (when the session has one) is still held and that no file changed on
/// disk since its content was taken in; then removes a single file the folder replaces. What
/// was taken in from disk, for the interface to show.
pub fn commit(loc: &Location, planned: Planned, lock: Option<&SessionLock>) -> Result<Vec<Pulled>, StorageError> {
    let Planned { files, migrate, taken, removable_beside } = planned;
    let held = || {
        lock.map_or(Ok(()), SessionLock::still_held)?;
        still_as_taken(&taken.expected)
    };
    if migrate {
        held()?;
        create_private_dir(&loc.interviews())?;
    }
    let stamps = batch::replace_all(&files, held)?;
    let written: Vec<(PathBuf, Stamp)> = files.into_iter().map(|(path, _)| path).zip(stamps).collect();
    // Migrated (its content is in the folder now), or a copy beside the folder holding
    // nothing more: never a file whose content the folder does not hold.
    let single = || loc.single_file.symlink_metadata().is_ok_and(|m| m.is_file());
    let remove =
        if migrate { single() } else { removable_beside.is_some_and(|s| Stamp::at(&loc.single_file) == Some(s)) };
    if !written.is_empty() && remove {
        lock.map_or(Ok(()), SessionLock::still_held)?;
        let as_taken: Vec<_> = taken.expected.iter().filter(|(p, _)| *p == loc.single_file).cloned().collect();
        still_as_taken(&as_taken)?;
        std::fs::remove_file(&loc.single_file).map_err(io(&loc.single_file))?;
        // Best effort: the file is gone either way.
        let _ = batch::sync_folder(loc.single_file.parent().unwrap_or(Path::new(".")));
    }
    record(lock, &taken.read, &written);
    Ok(taken.pulled)
}

/// Writes what `changed` names of `session` (everything if the folder is not whole yet),
/// merging in first what changed on disk: what came in that way.
pub fn write_changes(
    loc: &Location,
    session: &Session,
    changed: &Changed,
    lock: Option<&SessionLock>,
) -> Result<Vec<Pulled>, StorageError> {
    if let Some(lock) = lock {
        lock.still_held()?;
    }
    let planned = plan(loc, session, changed, lock)?;
    commit(loc, planned, lock)
}

/// See [`super::Store::cut_short`].
pub fn cut_short(loc: &Location, session: &Session) -> bool {
    let plain_folder = loc.folder.symlink_metadata().is_ok_and(|m| m.is_dir()) && loc.check_folders().is_ok();
    if !plain_folder || loc.complete() || loc.single_file.symlink_metadata().is_ok() {
        return false;
    }
    let Ok(files) = loc.interview_files() else { return false };
    files
        .iter()
        .all(|file| read_interview(file, &mut Seen::default()).is_ok_and(|theirs| session.interviews.contains(&theirs)))
}

/// The session in the folder `loc`, interviews in the order they started (then by id), each
/// answer value checked against the banks in force. Any file that cannot be read makes the
/// whole session a problem naming that file: an interview is never silently left out. The
/// stamp of every file read is recorded in `seen`.
pub fn read_folder(loc: &Location, id: &str, catalog: &Catalog, seen: &mut Seen) -> Result<Session, StorageError> {
    let mut session = read_meta(&loc.meta(), id, seen)?;
    let files = loc.interview_files()?;
    for path in &files {
        session.interviews.push(read_interview(path, seen)?);
    }
    check_interview_values(&files, &session, catalog)?;
    session.interviews.sort_by(|a, b| a.started_at.cmp(&b.started_at).then_with(|| a.id.cmp(&b.id)));
    Ok(session)
}

/// Every answer value fits its question, or the problems with their positions in the files
/// of their interviews (`files[i]` holds interview `i`).
fn check_interview_values(files: &[PathBuf], session: &Session, catalog: &Catalog) -> Result<(), StorageError> {
    let problems = crate::session::value_problems(session, catalog);
    let Some(first) = problems.first() else { return Ok(()) };
    let file_of = |steps: &[Step]| match steps.get(2) {
        Some(Step::Index(i)) => files.get(*i).cloned(),
        _ => None,
    };
    // Named in the file of the first problem's interview; read again only to point at them.
    let Some(path) = file_of(&first.path).or_else(|| files.first().cloned()) else { return Ok(()) };
    let text = std::fs::read(&path).map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default();
    let problems = problems
        .into_iter()
        .filter(|p| file_of(&p.path).as_deref() == Some(path.as_path()))
        .map(|p| Problem::at(&path, crate::problem::locate(&text, &in_interview_file(&p.path), false), p.message))
        .collect();
    Err(StorageError::InvalidValues { path, problems })
}
