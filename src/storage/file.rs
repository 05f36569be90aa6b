//! The session file: its envelope, how it is read (every problem named with its position) and
//! how any private file is written (atomically, readable by the owner only).

use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{StorageError, io};
use crate::problem::locate::{self, Step};
use crate::session::Session;

pub const SESSION_FORMAT: &str = "crosscheck-session";
pub const SESSION_VERSION: u32 = 1;

/// Whether `id` may name a session file: a–z, 0–9 and '-', at most 128 characters. Ids read
/// from files are checked with this before any path is built from them.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 128 && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// A session file's content: the session in its envelope, pretty-printed.
pub fn encode_session(session: &Session) -> serde_json::Result<Vec<u8>> {
    #[derive(Serialize)]
    struct SessionFileRef<'a> {
        format: &'static str,
        version: u32,
        session: &'a Session,
    }
    let mut out = Vec::with_capacity(4096);
    let mut writer = serde_json::Serializer::with_formatter(&mut out, crate::sanitize::SafeJson::pretty());
    SessionFileRef { format: SESSION_FORMAT, version: SESSION_VERSION, session }.serialize(&mut writer)?;
    Ok(out)
}

/// The file as written: a format marker and version around the session.
#[derive(Deserialize)]
struct SessionFile {
    format: String,
    version: u64,
    session: Session,
}

/// Reads a session file that must be a plain file (a link could point anywhere); the session
/// and the file's bytes (to point at a problem found later).
pub(super) fn read_session_file(path: &Path) -> Result<(Session, Vec<u8>), StorageError> {
    let meta = std::fs::symlink_metadata(path).map_err(io(path))?;
    let what = if meta.file_type().is_symlink() {
        Some("is a symbolic link")
    } else if meta.is_dir() {
        Some("is a folder, not a session file")
    } else if !meta.is_file() {
        Some("is not a regular file")
    } else {
        None
    };
    if let Some(what) = what {
        return Err(StorageError::NotAFile { path: path.to_path_buf(), what });
    }
    let bytes = std::fs::read(path).map_err(io(path))?;
    let session = parse_session_bytes(path, &bytes)?;
    Ok((session, bytes))
}

/// Parses a session file's bytes: text that is not UTF-8 is named with its position.
pub fn parse_session_bytes(path: &Path, bytes: &[u8]) -> Result<Session, StorageError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => parse_session(path, text),
        Err(e) => {
            let valid = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
            let at = locate::position_of(valid, valid.len());
            Err(StorageError::Corrupt {
                path: path.to_path_buf(),
                line: at.line,
                column: at.column,
                message: "the file is not UTF-8 text here (was it written by another program?)".into(),
            })
        }
    }
}

/// Parses a session file's text, naming the file and position of any problem.
pub fn parse_session(path: &Path, text: &str) -> Result<Session, StorageError> {
    let corrupt_at = |line: usize, column: usize, message: String| StorageError::Corrupt {
        path: path.to_path_buf(),
        line,
        column,
        message,
    };
    let corrupt = |e: serde_json::Error| {
        let message = e.to_string().split(" at line ").next().unwrap_or_default().to_string();
        corrupt_at(e.line().max(1), e.column().max(1), message)
    };
    // The common case in one parse; a file that does not fit is read again only to say why.
    let session = match serde_json::from_str::<SessionFile>(text) {
        Ok(file) if file.format == SESSION_FORMAT && file.version == u64::from(SESSION_VERSION) => file.session,
        _ => {
            check_envelope(path, text).map_err(|e| e.unwrap_or_else(|| corrupt_at(1, 1, String::new())))?;
            serde_json::from_str::<SessionFile>(text).map_err(corrupt)?.session
        }
    };
    if !valid_id(&session.id) {
        let at = locate::locate(text, &[Step::Key("session".into()), Step::Key("id".into())], false);
        return Err(corrupt_at(
            at.line,
            at.column,
            format!("the session id \"{}\" is not valid (ids use a–z, 0–9 and '-')", session.id),
        ));
    }
    Ok(session)
}

/// Why a file that did not parse as a session is not one: its syntax, format or version.
/// `Err(None)` when the envelope is right (the session inside is then what is wrong).
fn check_envelope(path: &Path, text: &str) -> Result<(), Option<StorageError>> {
    let corrupt = |line, column, message: &str| {
        Some(StorageError::Corrupt { path: path.to_path_buf(), line, column, message: message.to_string() })
    };
    let value: serde_json::Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            let message = e.to_string().split(" at line ").next().unwrap_or_default().to_string();
            return Err(corrupt(e.line().max(1), e.column().max(1), &message));
        }
    };
    if value.get("format").and_then(|f| f.as_str()) != Some(SESSION_FORMAT) {
        return Err(corrupt(1, 1, &format!("\"format\" must be \"{SESSION_FORMAT}\"")));
    }
    let at = locate::locate(text, &[Step::Key("version".into())], false);
    match value.get("version") {
        None => Err(corrupt(1, 1, "missing \"version\"")),
        Some(serde_json::Value::Number(n)) => match n.as_u64() {
            Some(v) if v > u64::from(SESSION_VERSION) => {
                Err(Some(StorageError::FutureVersion { path: path.to_path_buf(), version: v.to_string() }))
            }
            Some(_) => Err(None),
            // Too large for a whole number of 64 bits, or not whole.
            None if n.as_f64().is_some_and(|f| f > f64::from(SESSION_VERSION) && f.fract() == 0.0) => {
                let whole = n.as_f64().map_or_else(|| n.to_string(), |f| format!("{f:.0}"));
                Err(Some(StorageError::FutureVersion { path: path.to_path_buf(), version: whole }))
            }
            None => Err(corrupt(at.line, at.column, "\"version\" must be a whole number, e.g. 1")),
        },
        Some(_) => Err(corrupt(at.line, at.column, "\"version\" must be a whole number, e.g. 1")),
    }
}

/// Creates a folder readable by the owner only; an existing one is left as it is.
pub fn create_private_dir(dir: &Path) -> Result<(), StorageError> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir).map_err(|cause| {
        // "File exists" says nothing about what to do: say which part is in the way.
        let blocked = dir.ancestors().find(|p| p.symlink_metadata().is_ok_and(|m| !m.is_dir()));
        match blocked {
            Some(file) => StorageError::InTheWay { path: file.to_path_buf() },
            None => StorageError::Io { path: dir.to_path_buf(), cause },
        }
    })
}

/// Replaces `path` with `bytes` atomically (temporary file in the same folder, fsync, rename,
/// fsync of the folder) and readable by the owner only.
pub fn write_private_atomic(path: &Path, bytes: &[u8]) -> Result<(), StorageError> {
    write_private_atomic_with(path, |file| file.write_all(bytes))
}

/// As [`write_private_atomic`], with the content produced by `fill`; if `fill` fails, nothing
/// replaces the existing file.
pub fn write_private_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), StorageError> {
    let mut options = atomic_write_file::OpenOptions::new();
    #[cfg(unix)]
    {
        use atomic_write_file::unix::OpenOptionsExt as _;
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
        options.preserve_mode(false);
    }
    let mut file = options.open(path).map_err(io(path))?;
    fill(&mut file).map_err(io(path))?;
    file.commit().map_err(io(path))
}

/// The regular file an output path may replace: the path itself, or the file a link points
/// to. Anything else — a device, a FIFO, a folder — is refused, never replaced by a file
/// holding interview notes.
pub fn output_target(path: &Path) -> Result<std::path::PathBuf, StorageError> {
    let Ok(meta) = std::fs::symlink_metadata(path) else { return Ok(path.to_path_buf()) };
    let target = if meta.file_type().is_symlink() {
        std::fs::canonicalize(path)
            .map_err(|_| StorageError::NotRegular { path: path.to_path_buf(), what: "a link to nothing" })?
    } else {
        path.to_path_buf()
    };
    let meta = std::fs::metadata(&target).map_err(io(&target))?;
    if meta.is_file() {
        return Ok(target);
    }
    Err(StorageError::NotRegular { path: path.to_path_buf(), what: file_kind(&meta) })
}

fn file_kind(meta: &std::fs::Metadata) -> &'static str {
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
