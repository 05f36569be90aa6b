//! Where an export, a report or a merged transcript may be written: a regular file (see
//! [`crate::storage::output_target`]) outside crosscheck's data folder, and not one its owner
//! made read-only unless told to replace it. The command line (`-o`) and the interface (`x`
//! on the sessions screen) both ask here.

use std::path::{Path, PathBuf};

use crate::storage::StorageError;

/// Why an output path is refused.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error(
        "{path}: inside crosscheck's data folder {folder}, where a file written could replace a session's own files (an interview, a session). Write it outside that folder, e.g. in your home folder."
    )]
    InsideDataFolder { path: PathBuf, folder: PathBuf },
    #[error(
        "{path}: read-only (mode {mode:o}), so crosscheck leaves it as it is. Choose another file, or make it writable (chmod u+w){}.",
        if *force_flag { " or add --force to replace it" } else { "" }
    )]
    ReadOnly { path: PathBuf, mode: u32, force_flag: bool },
}

/// How a read-only file already at the path is treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadOnly {
    /// Refused; the command has `--force` to replace it, and the message says so.
    RefuseUnlessForced,
    /// Replaced: `--force` was given.
    Replace,
    /// Refused; there is no way to force it here (the interface, `merge -o`).
    Refuse,
}

/// The regular file to write for `path`: refused when it is (or a link leads) inside
/// `data_dir`, when it is not a regular file, or when it is read-only and `read_only` says so.
pub fn target(path: &Path, data_dir: &Path, read_only: ReadOnly) -> Result<PathBuf, OutputError> {
    let target = crate::storage::output_target(path)?;
    if let Some(folder) = inside(&target, data_dir) {
        return Err(OutputError::InsideDataFolder { path: path.to_path_buf(), folder });
    }
    if let Some(mode) = read_only_mode(&target).filter(|_| read_only != ReadOnly::Replace) {
        let force_flag = read_only == ReadOnly::RefuseUnlessForced;
        return Err(OutputError::ReadOnly { path: path.to_path_buf(), mode, force_flag });
    }
    Ok(target)
}

/// The canonical data folder when `target` lies inside it, through links and `..` alike: the
/// file's folder is resolved, since the file itself may not exist yet. A folder that cannot
/// be resolved is not judged here: writing into it fails on its own.
fn inside(target: &Path, data_dir: &Path) -> Option<PathBuf> {
    let folder = std::fs::canonicalize(data_dir).ok()?;
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let resolved = std::fs::canonicalize(parent).ok()?.join(target.file_name()?);
    resolved.starts_with(&folder).then_some(folder)
}

/// The file's permission bits when its owner may not write it.
fn read_only_mode(target: &Path) -> Option<u32> {
    let meta = std::fs::metadata(target).ok()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = meta.permissions().mode() & 0o7777;
        (mode & 0o200 == 0).then_some(mode)
    }
    #[cfg(not(unix))]
    {
        meta.permissions().readonly().then_some(0o444)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_into_the_data_folder_are_refused_however_spelt() {
        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path().join("data");
        std::fs::create_dir_all(data.join("sessions/acme/interviews")).unwrap();
        std::fs::write(data.join("sessions/acme/session.json"), "{}").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(&data, tmp.path().join("link")).unwrap();
        let refused = [
            data.join("sessions/acme/session.json"),
            data.join("sessions/acme/interviews/new.json"),
            data.join("report.md"),
            tmp.path().join("elsewhere/../data/sessions/acme/session.json"),
            #[cfg(unix)]
            tmp.path().join("link/sessions/acme/session.json"),
        ];
        std::fs::create_dir_all(tmp.path().join("elsewhere")).unwrap();
        for path in refused {
            let e = target(&path, &data, ReadOnly::Replace).unwrap_err();
            assert!(matches!(e, OutputError::InsideDataFolder { .. }), "{}: {e}", path.display());
        }
        for path in [tmp.path().join("acme.json"), tmp.path().join("elsewhere/acme.md")] {
            assert_eq!(target(&path, &data, ReadOnly::Refuse).unwrap(), path);
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_read_only_file_is_replaced_only_when_forced() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("kept.md");
        std::fs::write(&file, "mine").unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o400)).unwrap();
        let data = tmp.path().join("data");
        std::fs::create_dir_all(&data).unwrap();
        let e = target(&file, &data, ReadOnly::RefuseUnlessForced).unwrap_err().to_string();
        assert!(e.contains("read-only (mode 400)") && e.contains("--force"), "{e}");
        let e = target(&file, &data, ReadOnly::Refuse).unwrap_err().to_string();
        assert!(e.contains("chmod u+w") && !e.contains("--force"), "{e}");
        assert_eq!(target(&file, &data, ReadOnly::Replace).unwrap(), file);
    }
}
