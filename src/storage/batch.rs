//! Several files replaced at once, each atomically, with one fsync per folder instead of one
//! per file: a whole session (new, imported, migrated) is dozens of files in two folders.
//!
//! Every file is written to a hidden temporary beside it and fsynced before any is renamed,
//! so a failure part-way leaves every old file as it was and no temporary behind. They are
//! written [`OPEN_AT_ONCE`] at a time, each group closed once fsynced, so a session of any
//! size fits under a small limit of open files (macOS allows 256 by default). The renames
//! then go folder by folder in the order given, each folder fsynced before the next one's
//! renames: a file listed after another (`session.json` after the interviews) is never durable
//! before it.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::seen::Stamp;
use super::{StorageError, io};

/// How many temporaries are open at once at most.
pub const OPEN_AT_ONCE: usize = 32;

/// Replaces each `(path, bytes)` in order, readable by the owner only; `check` runs before
/// the first write and before the first rename (the session's lock still held). The stamp of
/// each file written, in order (taken from the temporary, which the rename keeps).
pub fn replace_all(
    files: &[(PathBuf, Vec<u8>)],
    check: impl Fn() -> Result<(), StorageError>,
) -> Result<Vec<Stamp>, StorageError> {
    check()?;
    let mut temporaries: Vec<PathBuf> = Vec::with_capacity(files.len());
    let mut stamps = Vec::with_capacity(files.len());
    let written = files.chunks(OPEN_AT_ONCE).try_for_each(|group| write_group(group, &mut temporaries, &mut stamps));
    match written.and_then(|()| check()) {
        Ok(()) => rename_by_folder(files, &temporaries).map(|()| stamps),
        Err(e) => {
            temporaries.iter().for_each(|t| drop(std::fs::remove_file(t)));
            Err(e)
        }
    }
}

/// Writes and fsyncs the temporaries of one group of files, noting each (so a failure can
/// remove them) and its stamp; they are closed when it returns.
fn write_group(
    group: &[(PathBuf, Vec<u8>)],
    temporaries: &mut Vec<PathBuf>,
    stamps: &mut Vec<Stamp>,
) -> Result<(), StorageError> {
    let mut open = Vec::with_capacity(group.len());
    for (path, bytes) in group {
        let (temporary, mut file) = create_temporary(path)?;
        temporaries.push(temporary);
        file.write_all(bytes).map_err(io(path))?;
        open.push(file);
    }
    sync_all(&open, group)?;
    for (file, (path, _)) in open.iter().zip(group) {
        stamps.push(Stamp::of(&file.metadata().map_err(io(path))?));
    }
    Ok(())
}

/// Flushes every temporary to disk from a few threads at once: a journaling file system
/// commits concurrent fsyncs together, where one after another each waits for its own.
fn sync_all(open: &[File], files: &[(PathBuf, Vec<u8>)]) -> Result<(), StorageError> {
    const THREADS: usize = 8;
    if let ([file], [(path, _)]) = (open, files) {
        return file.sync_all().map_err(io(path));
    }
    let chunk = open.len().div_ceil(THREADS).max(1);
    std::thread::scope(|scope| {
        let syncing: Vec<_> = open
            .chunks(chunk)
            .zip(files.chunks(chunk))
            .map(|(open, files)| {
                scope.spawn(move || {
                    open.iter().zip(files).try_for_each(|(file, (path, _))| file.sync_all().map_err(io(path)))
                })
            })
            .collect();
        syncing
            .into_iter()
            .try_for_each(|handle| handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
    })
}

/// Moves each temporary onto its file, fsyncing a folder once its run of renames is done.
fn rename_by_folder(files: &[(PathBuf, Vec<u8>)], temporaries: &[PathBuf]) -> Result<(), StorageError> {
    for (i, ((path, _), temporary)) in files.iter().zip(temporaries).enumerate() {
        if let Err(cause) = std::fs::rename(temporary, path) {
            temporaries[i..].iter().for_each(|t| drop(std::fs::remove_file(t)));
            return Err(StorageError::Io { path: path.clone(), cause });
        }
        let folder = parent(path);
        if files.get(i + 1).is_none_or(|(next, _)| parent(next) != folder) {
            sync_folder(folder).map_err(io(folder))?;
        }
    }
    Ok(())
}

/// A new hidden file beside `path`, named as an atomic write's temporary (`.NAME.json.` and six
/// random letters or digits): folder readers skip it, and the sweep of crash leftovers
/// (`Store::remove_stale_temporaries`) knows it. Readable by the owner only.
fn create_temporary(path: &Path) -> Result<(PathBuf, File), StorageError> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut tries = 0u32;
    loop {
        let temporary = parent(path).join(format!(".{name}.{}", random_suffix()));
        match options.open(&temporary) {
            Ok(file) => return Ok((temporary, file)),
            // Another write's temporary of the same name: draw again.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && tries < 100 => tries += 1,
            Err(cause) => return Err(StorageError::Io { path: temporary, cause }),
        }
    }
}

/// Six random letters and digits (std's randomly keyed hasher is the source: nothing here
/// needs to be unguessable, only unlikely to collide).
fn random_suffix() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::hash::RandomState::new().build_hasher();
    hasher.write_u32(std::process::id());
    let mut x = hasher.finish();
    const DIGITS: &[u8; 62] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    (0..6)
        .map(|_| {
            let c = DIGITS[(x % 62) as usize] as char;
            x /= 62;
            c
        })
        .collect()
}

fn parent(path: &Path) -> &Path {
    path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."))
}

/// Makes the renames and removals in `dir` durable.
pub(super) fn sync_folder(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> =
            std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    }

    #[test]
    fn every_file_is_replaced_privately_and_no_temporary_stays() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("interviews");
        std::fs::create_dir(&sub).unwrap();
        std::fs::write(dir.path().join("session.json"), b"old").unwrap();
        let files = vec![
            (sub.join("a.json"), b"a".to_vec()),
            (sub.join("b.json"), b"b".to_vec()),
            (dir.path().join("session.json"), b"meta".to_vec()),
        ];
        replace_all(&files, || Ok(())).unwrap();
        for (path, bytes) in &files {
            assert_eq!(&std::fs::read(path).unwrap(), bytes);
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                assert_eq!(std::fs::metadata(path).unwrap().permissions().mode() & 0o777, 0o600);
            }
        }
        assert_eq!(names(&sub), ["a.json", "b.json"]);
        assert_eq!(names(dir.path()), ["interviews", "session.json"]);
    }

    #[test]
    fn a_temporary_is_named_as_the_sweep_of_crash_leftovers_knows_it() {
        let dir = tempfile::tempdir().unwrap();
        let (temporary, _file) = create_temporary(&dir.path().join("sales-1.json")).unwrap();
        let name = temporary.file_name().unwrap().to_string_lossy().into_owned();
        let suffix = name.strip_prefix(".sales-1.json.").expect(&name);
        assert!(suffix.len() == 6 && suffix.chars().all(|c| c.is_ascii_alphanumeric()), "{name}");
        assert_eq!(super::super::list::temporary_of(&name), Some("sales-1"));
    }

    #[test]
    fn a_failure_part_way_changes_nothing_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.json"), b"old a").unwrap();
        let files = vec![
            (dir.path().join("a.json"), b"new a".to_vec()),
            (dir.path().join("missing").join("b.json"), b"b".to_vec()),
        ];
        let err = replace_all(&files, || Ok(())).unwrap_err();
        assert!(err.to_string().contains("missing"), "{err}");
        assert_eq!(std::fs::read(dir.path().join("a.json")).unwrap(), b"old a");
        assert_eq!(names(dir.path()), ["a.json"]);
    }

    #[test]
    fn a_lock_lost_before_the_renames_replaces_nothing() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.json"), b"old a").unwrap();
        let files = vec![(dir.path().join("a.json"), b"new a".to_vec())];
        let calls = std::cell::Cell::new(0);
        let check = || {
            calls.set(calls.get() + 1);
            if calls.get() > 1 { Err(StorageError::BadId { id: "lost".into() }) } else { Ok(()) }
        };
        assert!(replace_all(&files, check).is_err());
        assert_eq!(std::fs::read(dir.path().join("a.json")).unwrap(), b"old a");
        assert_eq!(names(dir.path()), ["a.json"]);
    }
}
