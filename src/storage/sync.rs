//! A write of an open session never replaces what it has not seen. Before a file is replaced,
//! its stamp is compared with the one this process last read or wrote (see [`super::seen`]);
//! a file that changed (a `git pull`, a copy) is read and merged in as `crosscheck merge`
//! would, and an interview file that appeared is taken in. The merged session is written, and
//! what came in is handed back so the interface shows it too.

use std::path::PathBuf;

use super::file::read_session_file;
use super::layout::{Changed, Location, read_interview, read_meta};
use super::seen::{Seen, Stamp};
use super::{SessionLock, StorageError};
use crate::session::{Interview, Session};

/// What a file changed on disk brought into the session.
#[derive(Debug, Clone, PartialEq)]
pub enum PulledFile {
    /// An interview as merged with the file's copy, or as the file holds it (a new one).
    Interview(Interview),
    /// The session's own fields as merged with `session.json` (no interviews).
    Meta(Session),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Pulled {
    pub file: PulledFile,
    /// An interview this session did not hold.
    pub added: bool,
    /// Open conflicts the merge made that were not there before.
    pub new_conflicts: usize,
}

/// What was taken in before a write: the session with it (None when nothing came in), and
/// the stamps the write must still find.
#[derive(Default)]
pub(super) struct TakenIn {
    pub session: Option<Session>,
    pub pulled: Vec<Pulled>,
    /// Each file to be replaced, with the stamp it had when its content was taken in (None:
    /// nothing was there); a file found otherwise before the renames stops the write.
    pub expected: Vec<(PathBuf, Option<Stamp>)>,
    /// Files read (and so seen) that the write does not replace.
    pub read: Vec<(PathBuf, Stamp)>,
}

/// The session's own fields alone, without its interviews.
pub fn meta_of(s: &Session) -> Session {
    Session {
        id: s.id.clone(),
        engagement: s.engagement.clone(),
        follows: s.follows.clone(),
        organisation: s.organisation.clone(),
        interviewer: s.interviewer.clone(),
        created_at: s.created_at,
        updated_at: s.updated_at,
        language: s.language.clone(),
        launch: s.launch.clone(),
        scope: s.scope.clone(),
        recommendations: s.recommendations.clone(),
        recommendation_conflicts: s.recommendation_conflicts.clone(),
        interviews: Vec::new(),
    }
}

/// Two copies of one interview merged (see [`crate::merge`]); `meta` is the session around them.
pub fn merge_interview(meta: &Session, ours: &Interview, theirs: &Interview) -> Interview {
    let alone = |i: &Interview| Session { interviews: vec![i.clone()], ..meta_of(meta) };
    let merged = crate::merge::merge(&alone(ours), &alone(theirs));
    merged.interviews.into_iter().find(|i| i.id == ours.id).unwrap_or_else(|| ours.clone())
}

/// The open conflicts of `after` that `before` did not have.
pub fn new_conflicts(before: Option<&Interview>, after: &Interview) -> usize {
    after.open_conflicts().filter(|c| before.is_none_or(|b| !b.conflicts.contains(c))).count()
}

/// Merges `theirs` into `target` (added if it holds no interview of that id): what came in,
/// or None when `target` already held all of it.
pub fn take_in_interview(target: &mut Session, theirs: Interview) -> Option<Pulled> {
    let Some(k) = target.interviews.iter().position(|i| i.id == theirs.id) else {
        let new_conflicts = new_conflicts(None, &theirs);
        target.interviews.push(theirs.clone());
        return Some(Pulled { file: PulledFile::Interview(theirs), added: true, new_conflicts });
    };
    let merged = merge_interview(target, &target.interviews[k], &theirs);
    if merged == target.interviews[k] {
        return None;
    }
    let new_conflicts = new_conflicts(Some(&target.interviews[k]), &merged);
    target.interviews[k] = merged.clone();
    Some(Pulled { file: PulledFile::Interview(merged), added: false, new_conflicts })
}

/// Merges the session's own fields of `theirs` into `target`: what changed, if anything.
pub fn take_in_meta(target: &mut Session, theirs: &Session) -> Option<Pulled> {
    let ours = meta_of(target);
    let mut merged = crate::merge::merge(&ours, &meta_of(theirs));
    // The folder's id is the session's: never taken from a file.
    merged.id.clone_from(&target.id);
    if merged == ours {
        return None;
    }
    let interviews = std::mem::take(&mut target.interviews);
    *target = Session { interviews, ..merged.clone() };
    Some(Pulled { file: PulledFile::Meta(merged), added: false, new_conflicts: 0 })
}

/// Before a write of what `changed` names (everything, when `migrate`): the files it replaces
/// that are not as `seen` last had them, and the interview files that appeared, merged into a
/// copy of `session`. Nothing is checked for a session not read with its stamps.
pub(super) fn take_in(
    loc: &Location,
    session: &Session,
    changed: &Changed,
    migrate: bool,
    seen: &Seen,
) -> Result<TakenIn, StorageError> {
    let mut out = TakenIn::default();
    if !seen.is_tracking() {
        return Ok(out);
    }
    let mut merged = session.clone();
    let mut scratch = Seen::default();
    if migrate && let Some(stamp) = check(&mut out, seen, loc.single_file.clone()) {
        // The single file the move to a folder removes: everything in it comes along.
        let (file, _, _) = read_session_file(&loc.single_file)?;
        out.pulled.extend(take_in_meta(&mut merged, &file));
        out.pulled.extend(file.interviews.into_iter().filter_map(|i| take_in_interview(&mut merged, i)));
        out.read.push((loc.single_file.clone(), stamp));
    }
    for interview in session.interviews.iter().filter(|i| migrate || changed.interviews.contains(&i.id)) {
        let path = loc.interview(&interview.id)?;
        if check(&mut out, seen, path.clone()).is_some() {
            out.pulled.extend(take_in_interview(&mut merged, read_interview(&path, &mut scratch)?));
        }
    }
    if (migrate || changed.meta) && check(&mut out, seen, loc.meta()).is_some() {
        out.pulled.extend(take_in_meta(&mut merged, &read_meta(&loc.meta(), &session.id, &mut scratch)?));
    }
    for path in loc.interview_files()? {
        let id = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        let known = session.interviews.iter().any(|i| i.id == id);
        if !known && seen.changed(&path, Stamp::at(&path)) {
            out.pulled.extend(take_in_interview(&mut merged, read_interview(&path, &mut scratch)?));
        }
    }
    out.read.extend(scratch.into_files());
    if !out.pulled.is_empty() {
        out.session = Some(merged);
    }
    Ok(out)
}

/// Notes the stamp the file at `path` must still have when it is replaced; its stamp when it
/// is not the file `seen` last had (so its content is to be taken in).
fn check(out: &mut TakenIn, seen: &Seen, path: PathBuf) -> Option<Stamp> {
    let now = Stamp::at(&path);
    // Something else in the way (a folder, a link) is no content to take in: the write fails
    // on it and says what it is.
    let changed = seen.changed(&path, now) && path.symlink_metadata().is_ok_and(|m| m.is_file());
    out.expected.push((path, now));
    now.filter(|_| changed)
}

/// Whether `theirs` holds nothing `ours` lacks: merged into it, nothing changes.
pub(super) fn adds_nothing(ours: &Session, theirs: &Session) -> bool {
    let Ok(normal) = crate::merge::fold(None, ours, true) else { return false };
    crate::merge::merge(&normal, theirs) == normal
}

/// The stamp of the single file beside the whole folder of `session` if the write may remove
/// it: it holds nothing the session lacks. One that cannot be read, or holds more, is kept
/// (and listed as a problem); the answer is remembered in `seen` while the file stays as it is.
pub(super) fn removable_beside(loc: &Location, session: &Session, seen: Option<&mut Seen>) -> Option<Stamp> {
    let now = Stamp::at(&loc.single_file)?;
    if seen.as_ref().is_some_and(|s| s.kept_beside() == Some(now)) {
        return None;
    }
    let removable = read_session_file(&loc.single_file)
        .is_ok_and(|(file, _, stamp)| stamp == now && file.id == session.id && adds_nothing(session, &file));
    if removable {
        return Some(now);
    }
    if let Some(seen) = seen {
        seen.keep_beside(now);
    }
    None
}

/// Ok while every file to be replaced is as it was when its content was taken in.
pub(super) fn still_as_taken(expected: &[(PathBuf, Option<Stamp>)]) -> Result<(), StorageError> {
    match expected.iter().find(|(path, stamp)| Stamp::at(path) != *stamp) {
        Some((path, _)) => Err(StorageError::ChangedOnDisk { path: path.clone() }),
        None => Ok(()),
    }
}

/// After a write: the stamps of the files read and written are what the next write checks.
pub(super) fn record(lock: Option<&SessionLock>, read: &[(PathBuf, Stamp)], written: &[(PathBuf, Stamp)]) {
    let Some(lock) = lock else { return };
    let mut seen = lock.seen();
    for (path, stamp) in read.iter().chain(written) {
        seen.record(path, *stamp);
    }
}
