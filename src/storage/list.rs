//! What the sessions folder holds, as the sessions list shows it, and the cleaning of what
//! writes cut by a crash leave behind — in both layouts: a session's folder, and the single
//! file of older versions (a whole folder wins over a single file left beside it).

use std::path::{Path, PathBuf};

use super::folder::read_folder;
use super::sync::adds_nothing;
use super::{Listed, Location, Seen, StorageError, Store, io, load_file, valid_id};
use crate::bank::Catalog;

impl Store {
    /// Every session, newest first; what cannot be read is listed, not hidden. Read on every
    /// core: a data folder of many engagements is many files to parse.
    pub fn list(&self, catalog: &Catalog) -> Result<Vec<Listed>, StorageError> {
        let mut out = self.read_all(catalog, |listed| listed)?;
        out.sort_by(|a, b| match (a, b) {
            (Listed::Session(x), Listed::Session(y)) => y.created_at.cmp(&x.created_at).then(x.id.cmp(&y.id)),
            (Listed::Session(_), _) => std::cmp::Ordering::Less,
            (_, Listed::Session(_)) => std::cmp::Ordering::Greater,
            (Listed::Unreadable { file: x, .. }, Listed::Unreadable { file: y, .. }) => x.cmp(y),
        });
        Ok(out)
    }

    /// Every session, or what could not be read, handed to `each` as it is read (in no
    /// particular order): one session in memory at a time, for reading many.
    pub fn each(&self, catalog: &Catalog, mut each: impl FnMut(Listed)) -> Result<(), StorageError> {
        for (path, name) in self.entries()? {
            if let Some(listed) = self.listed(&path, &name, catalog) {
                each(listed);
            }
        }
        Ok(())
    }

    /// What `read` makes of every session (or what could not be read), read on every core, one
    /// session per core in memory at a time: reading is parsing, which one core does at a time.
    pub fn read_all<T: Send>(
        &self,
        catalog: &Catalog,
        read: impl Fn(Listed) -> T + Sync,
    ) -> Result<Vec<T>, StorageError> {
        let entries = self.entries()?;
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
        let chunk = entries.len().div_ceil(threads).max(1);
        let read = &read;
        let parts = std::thread::scope(|scope| {
            let handles: Vec<_> = entries
                .chunks(chunk)
                .map(|part| {
                    scope.spawn(move || {
                        part.iter()
                            .filter_map(|(path, name)| self.listed(path, name, catalog))
                            .map(read)
                            .collect::<Vec<T>>()
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join()).collect::<Vec<_>>()
        });
        let mut out = Vec::new();
        for part in parts {
            // A reader that panicked is a bug: said as such, not taken for an empty folder.
            out.extend(part.map_err(|_| StorageError::Io {
                path: self.dir().to_path_buf(),
                cause: std::io::Error::other("a reading thread failed"),
            })?);
        }
        Ok(out)
    }

    /// The entries of the sessions folder, without the hidden ones.
    fn entries(&self) -> Result<Vec<(PathBuf, String)>, StorageError> {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(self.dir()).map_err(io(self.dir()))? {
            let path = entry.map_err(io(self.dir()))?.path();
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            if !name.starts_with('.') {
                out.push((path, name));
            }
        }
        Ok(out)
    }

    /// What one entry of the sessions folder lists: a session, a problem, or nothing (a single
    /// file a whole folder replaces, or something that is no session's).
    fn listed(&self, path: &Path, name: &str, catalog: &Catalog) -> Option<Listed> {
        let unreadable = |error: StorageError| {
            let file = error.path().map_or_else(|| path.to_path_buf(), Path::to_path_buf);
            Listed::Unreadable { file, error }
        };
        if let Some(stem) = name.strip_suffix(".json") {
            let loc = Location::new(self.dir(), stem);
            if valid_id(stem) && loc.complete() {
                // Never shown as the session (the folder wins), never passed over in silence.
                return Some(unreadable(beside_its_folder(&loc, stem, catalog)));
            }
            return Some(
                load_file(path, catalog, &mut Seen::default())
                    .map_or_else(unreadable, |s| Listed::Session(Box::new(s))),
            );
        }
        if !path.symlink_metadata().is_ok_and(|m| m.is_dir() || m.file_type().is_symlink()) {
            return None;
        }
        let loc = Location::new(self.dir(), name);
        if !valid_id(name) {
            // A folder that looks like a session's but cannot be one: said, never read.
            return loc.complete().then(|| unreadable(StorageError::BadId { id: name.to_string() }));
        }
        match loc.check_folders() {
            Err(e) => Some(unreadable(e)),
            Ok(_) if loc.complete() => Some(
                read_folder(&loc, name, catalog, &mut Seen::default())
                    .map_or_else(unreadable, |s| Listed::Session(Box::new(s))),
            ),
            // Not migrated yet (its single file is listed), or holding interviews without
            // the session: said, so no answer is passed over.
            Ok(_) if loc.single_file.symlink_metadata().is_ok() => None,
            Ok(_) => match loc.interview_files() {
                Ok(files) if files.is_empty() => None,
                Ok(_) => Some(unreadable(StorageError::NoSessionFile { path: loc.folder })),
                Err(e) => Some(unreadable(e)),
            },
        }
    }

    /// Removes the temporary files (`.NAME.json.` and six random letters or digits) that a
    /// write interrupted by a crash leaves behind, beside single files and in every session's
    /// folder. They never hold the newest data — the rename is the commit — and a session
    /// another crosscheck has open is left alone, as its write may be under way.
    pub fn remove_stale_temporaries(&self) -> Vec<PathBuf> {
        let Ok(entries) = std::fs::read_dir(self.dir()) else { return Vec::new() };
        let mut removed = Vec::new();
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            if let Some(id) = temporary_of(&name).filter(|_| !is_dir) {
                self.remove_under_lock(id, &[entry.path()], &mut removed);
            } else if is_dir && valid_id(&name) {
                let loc = Location::new(self.dir(), &name);
                let found: Vec<PathBuf> = [loc.folder.clone(), loc.interviews()]
                    .iter()
                    .filter(|dir| dir.symlink_metadata().is_ok_and(|m| m.is_dir()))
                    .filter_map(|dir| std::fs::read_dir(dir).ok())
                    .flat_map(|entries| entries.flatten())
                    .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
                    .filter(|e| temporary_of(&e.file_name().to_string_lossy()).is_some())
                    .map(|e| e.path())
                    .collect();
                self.remove_under_lock(&name, &found, &mut removed);
            }
        }
        removed
    }

    /// Removes `files` of session `id` if no one has it open.
    fn remove_under_lock(&self, id: &str, files: &[PathBuf], removed: &mut Vec<PathBuf>) {
        if files.is_empty() {
            return;
        }
        // Holding the lock means no write of this session is under way.
        let Ok(lock) = self.lock(id) else { return };
        for file in files {
            if std::fs::symlink_metadata(file).is_ok_and(|m| m.is_file()) && std::fs::remove_file(file).is_ok() {
                removed.push(file.clone());
            }
        }
        drop(lock);
    }
}

/// What is wrong with a single session file beside the whole folder of `id`: it is an older
/// copy, holding more than the folder or not; or the problem reading it.
fn beside_its_folder(loc: &Location, id: &str, catalog: &Catalog) -> StorageError {
    let file = match load_file(&loc.single_file, catalog, &mut Seen::default()) {
        Ok(file) => file,
        Err(e) => return e,
    };
    let folder = read_folder(loc, id, catalog, &mut Seen::default());
    let holds_more = !folder.is_ok_and(|folder| adds_nothing(&folder, &file));
    StorageError::Beside { path: loc.single_file.clone(), id: id.to_string(), holds_more }
}

/// The stem of an atomic write's temporary file name (`.STEM.json.` and six random letters or
/// digits), if it is one: a session id beside single files, `session` or an interview id in a
/// session's folder.
pub(super) fn temporary_of(name: &str) -> Option<&str> {
    let rest = name.strip_prefix('.')?;
    let (stem, suffix) = rest.rsplit_once('.')?;
    let id = stem.strip_suffix(".json")?;
    let random = suffix.len() == 6 && suffix.chars().all(|c| c.is_ascii_alphanumeric());
    (random && valid_id(id)).then_some(id)
}
