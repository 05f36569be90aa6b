//! What this process last read or wrote of an open session's files, so that a write never
//! replaces a file that changed underneath it (a `git pull`, a copy, another program) without
//! first merging in what the file holds.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// Enough of a file's metadata to tell whether it is still the file seen: a `git pull`
/// replaces a file (a new inode) or rewrites it (a new size or modification time).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    device: u64,
    inode: u64,
    size: u64,
    modified: Option<SystemTime>,
}

impl Stamp {
    pub fn of(meta: &std::fs::Metadata) -> Stamp {
        #[cfg(unix)]
        let (device, inode) = {
            use std::os::unix::fs::MetadataExt;
            (meta.dev(), meta.ino())
        };
        #[cfg(not(unix))]
        let (device, inode) = (0, 0);
        Stamp { device, inode, size: meta.len(), modified: meta.modified().ok() }
    }

    /// The stamp of what is at `path` now (a link is not followed); None when nothing is.
    pub fn at(path: &Path) -> Option<Stamp> {
        std::fs::symlink_metadata(path).ok().map(|m| Stamp::of(&m))
    }
}

/// The stamps of one session's files as this process last read or wrote them.
#[derive(Debug, Clone, Default)]
pub struct Seen {
    files: HashMap<PathBuf, Stamp>,
    /// Read whole with its stamps (a session opened in the interface). A write of a session
    /// that was not (a command that loads and writes under its lock at once) checks nothing.
    tracking: bool,
    /// The single file beside the folder, as it was when found to hold more than the folder:
    /// kept, and not read again on every write while it stays so.
    kept_beside: Option<Stamp>,
}

impl Seen {
    /// A record that every write checks against.
    pub fn tracking() -> Seen {
        Seen { files: HashMap::new(), tracking: true, kept_beside: None }
    }

    pub fn kept_beside(&self) -> Option<Stamp> {
        self.kept_beside
    }

    pub fn keep_beside(&mut self, stamp: Stamp) {
        self.kept_beside = Some(stamp);
    }

    pub fn is_tracking(&self) -> bool {
        self.tracking
    }

    pub fn record(&mut self, path: &Path, stamp: Stamp) {
        self.files.insert(path.to_path_buf(), stamp);
    }

    pub fn into_files(self) -> impl Iterator<Item = (PathBuf, Stamp)> {
        self.files.into_iter()
    }

    /// Whether a file is at `path` (stamped `now`) that is not the one last read or written
    /// here: one that changed, or one that appeared.
    pub fn changed(&self, path: &Path, now: Option<Stamp>) -> bool {
        self.tracking && now.is_some_and(|now| self.files.get(path) != Some(&now))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_rewritten_or_replaced_or_new_is_changed_and_the_one_seen_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        std::fs::write(&path, "one").unwrap();
        let mut seen = Seen::tracking();
        assert!(seen.changed(&path, Stamp::at(&path)), "never seen");
        seen.record(&path, Stamp::at(&path).unwrap());
        assert!(!seen.changed(&path, Stamp::at(&path)));
        // Replaced by a new file, as git does: a new inode even at the same size and time.
        let other = dir.path().join("b.json");
        std::fs::write(&other, "two").unwrap();
        std::fs::rename(&other, &path).unwrap();
        assert!(seen.changed(&path, Stamp::at(&path)));
        assert!(!seen.changed(&path, None), "a file that is gone is written again, not merged");
        assert!(!Seen::default().changed(&path, Stamp::at(&path)), "an untracked session checks nothing");
    }
}
