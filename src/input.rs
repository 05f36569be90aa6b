//! Files crosscheck must not wait on. The config file, the bank files and the files chosen in
//! the interface's import and merge dialogs are read only when they are regular files (or
//! links to one): opening a FIFO waits until something writes to it, before the terminal is
//! set up or on the interface's own thread, where neither Ctrl-C nor SIGTERM is read. The
//! command line's `import` and `merge` may still read pipes.

use std::path::{Path, PathBuf};

/// A path that is there but is not a regular file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {what}, not a regular file")]
pub struct NotRegular {
    pub path: PathBuf,
    pub what: &'static str,
}

/// Whether `path` (through any links) is a regular file, judged without opening it. A path
/// that cannot be looked at (missing, not permitted) passes: reading it then says why.
pub fn regular_file(path: &Path) -> Result<(), NotRegular> {
    match std::fs::metadata(path) {
        Ok(meta) if !meta.is_file() => Err(NotRegular { path: path.to_path_buf(), what: kind(&meta) }),
        _ => Ok(()),
    }
}

/// What a file that is not a regular one is, in a few words.
pub fn kind(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if meta.is_dir() { "a folder" } else { "not a regular file" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_regular_files_and_links_to_them_pass() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("f.json");
        std::fs::write(&file, "{}").unwrap();
        assert_eq!(regular_file(&file), Ok(()));
        assert_eq!(regular_file(&tmp.path().join("missing")), Ok(()), "reading it says it is missing");
        let e = regular_file(tmp.path()).unwrap_err();
        assert_eq!(e.what, "a folder");
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&file, tmp.path().join("link")).unwrap();
            assert_eq!(regular_file(&tmp.path().join("link")), Ok(()));
            let fifo = tmp.path().join("pipe");
            assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
            assert_eq!(
                regular_file(&fifo).unwrap_err().to_string(),
                format!("{}: a FIFO (named pipe), not a regular file", fifo.display())
            );
            assert_eq!(regular_file(Path::new("/dev/null")).unwrap_err().what, "a device");
        }
    }
}
