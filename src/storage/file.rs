//! The session file: its envelope, how it is read (every problem named with its position) and
//! how any private file is written (atomically, readable by the owner only).

use std::io::Write;
use std::path::Path;

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::seen::Stamp;
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
    encode_enveloped(SESSION_FORMAT, "session", session)
}

/// `body` under `key` in an envelope of `format`, pretty-printed: the one way every file of a
/// session is encoded.
pub(super) fn encode_enveloped<T: Serialize + ?Sized>(
    format: &'static str,
    key: &'static str,
    body: &T,
) -> serde_json::Result<Vec<u8>> {
    use serde::ser::{SerializeMap, Serializer as _};
    let mut out = Vec::with_capacity(4096);
    let mut writer = serde_json::Serializer::with_formatter(&mut out, crate::sanitize::SafeJson::pretty());
    let mut map = (&mut writer).serialize_map(Some(3))?;
    map.serialize_entry("format", format)?;
    map.serialize_entry("version", &SESSION_VERSION)?;
    map.serialize_entry(key, body)?;
    map.end()?;
    Ok(out)
}

/// A file's envelope as read: a format marker and version around its body.
pub(super) trait Envelope: DeserializeOwned {
    type Body;
    const FORMAT: &'static str;
    /// The body's key, for positions of problems found in it.
    const KEY: &'static str;
    fn open(self) -> (String, u64, Self::Body);
}

/// An envelope type: `envelope!(Name, FORMAT, key: Body)` reads `{"format", "version", "key"}`.
macro_rules! envelope {
    ($(#[$doc:meta])* $name:ident, $format:expr, $key:ident: $body:ty) => {
        $(#[$doc])*
        #[derive(serde::Deserialize)]
        struct $name {
            format: String,
            version: u64,
            $key: $body,
        }

        impl $crate::storage::file::Envelope for $name {
            type Body = $body;
            const FORMAT: &'static str = $format;
            const KEY: &'static str = stringify!($key);
            fn open(self) -> (String, u64, $body) {
                (self.format, self.version, self.$key)
            }
        }
    };
}
pub(super) use envelope;

envelope!(
    /// The single session file: every interview inside it.
    SessionFile, SESSION_FORMAT, session: Session
);

/// Reads a file that must be a plain file (a link could point anywhere): its bytes.
pub(super) fn read_plain(path: &Path, what_it_is: &'static str) -> Result<Vec<u8>, StorageError> {
    read_plain_stamped(path, what_it_is).map(|(bytes, _)| bytes)
}

/// Refuses what is not a plain file: a link, a folder, a device.
fn read_plain_check(path: &Path, what_it_is: &'static str) -> Result<(), StorageError> {
    let meta = std::fs::symlink_metadata(path).map_err(io(path))?;
    let what = if meta.file_type().is_symlink() {
        Some("is a symbolic link")
    } else if meta.is_dir() {
        Some(what_it_is)
    } else if !meta.is_file() {
        Some("is not a regular file")
    } else {
        None
    };
    match what {
        Some(what) => Err(StorageError::NotAFile { path: path.to_path_buf(), what }),
        None => Ok(()),
    }
}

/// As [`read_plain`], with the stamp of the very file read (taken from the open file, so a
/// replacement between the look and the read is never taken for what was read).
pub(super) fn read_plain_stamped(path: &Path, what_it_is: &'static str) -> Result<(Vec<u8>, Stamp), StorageError> {
    use std::io::Read;
    read_plain_check(path, what_it_is)?;
    let mut file = std::fs::File::open(path).map_err(io(path))?;
    let meta = file.metadata().map_err(io(path))?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.read_to_end(&mut bytes).map_err(io(path))?;
    Ok((bytes, Stamp::of(&meta)))
}

/// Reads a single session file: the session, the file's bytes (to point at a problem found
/// later) and the stamp of the file read.
pub(super) fn read_session_file(path: &Path) -> Result<(Session, Vec<u8>, Stamp), StorageError> {
    let (bytes, stamp) = read_plain_stamped(path, "is a folder, not a session file")?;
    let session = parse_session_bytes(path, &bytes)?;
    Ok((session, bytes, stamp))
}

/// Parses a session file's bytes: text that is not UTF-8 is named with its position.
pub fn parse_session_bytes(path: &Path, bytes: &[u8]) -> Result<Session, StorageError> {
    parse_session(path, utf8(path, bytes)?)
}

/// The file's text, or where it stops being UTF-8.
pub(super) fn utf8<'a>(path: &Path, bytes: &'a [u8]) -> Result<&'a str, StorageError> {
    std::str::from_utf8(bytes).map_err(|e| {
        let valid = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
        let at = locate::position_of(valid, valid.len());
        StorageError::Corrupt {
            path: path.to_path_buf(),
            line: at.line,
            column: at.column,
            message: "the file is not UTF-8 text here (was it written by another program?)".into(),
        }
    })
}

/// Parses a session file's text, naming the file and position of any problem.
pub fn parse_session(path: &Path, text: &str) -> Result<Session, StorageError> {
    let session = parse_enveloped::<SessionFile>(path, text)?;
    check_id(path, text, &session.id, &[Step::Key("session".into()), Step::Key("id".into())], "session")?;
    check_interview_ids(path, text, &session)?;
    Ok(session)
}

/// The body of a file in envelope `E`, naming the file and position of any problem.
pub(super) fn parse_enveloped<E: Envelope>(path: &Path, text: &str) -> Result<E::Body, StorageError> {
    let corrupt = |e: serde_json::Error| {
        let message = e.to_string().split(" at line ").next().unwrap_or_default().to_string();
        corrupt_at(path, e.line().max(1), e.column().max(1), message)
    };
    // The common case in one parse; a file that does not fit is read again only to say why.
    match serde_json::from_str::<E>(text).map(E::open) {
        Ok((format, version, body)) if format == E::FORMAT && version == u64::from(SESSION_VERSION) => Ok(body),
        _ => {
            check_envelope(path, text, E::FORMAT)
                .map_err(|e| e.unwrap_or_else(|| corrupt_at(path, 1, 1, String::new())))?;
            Ok(serde_json::from_str::<E>(text).map_err(corrupt)?.open().2)
        }
    }
}

fn corrupt_at(path: &Path, line: usize, column: usize, message: String) -> StorageError {
    StorageError::Corrupt { path: path.to_path_buf(), line, column, message }
}

/// An id read from a file is one a path may be built from, or a problem at its position.
pub(super) fn check_id(path: &Path, text: &str, id: &str, at: &[Step], what: &str) -> Result<(), StorageError> {
    if valid_id(id) {
        return Ok(());
    }
    let at = locate::locate(text, at, false);
    Err(corrupt_at(path, at.line, at.column, format!("the {what} id \"{id}\" is not valid (ids use a–z, 0–9 and '-')")))
}

/// Every interview id of a single session file names a file of its own once the session is
/// stored as a folder: each must be a plain id, and no two the same (one would replace the
/// other's file).
pub(super) fn check_interview_ids(path: &Path, text: &str, session: &Session) -> Result<(), StorageError> {
    let mut seen = std::collections::BTreeSet::new();
    for (i, interview) in session.interviews.iter().enumerate() {
        let at = [Step::Key("session".into()), Step::Key("interviews".into()), Step::Index(i), Step::Key("id".into())];
        check_id(path, text, &interview.id, &at, "interview")?;
        if !seen.insert(interview.id.as_str()) {
            let at = locate::locate(text, &at, false);
            let message = format!("a second interview with the id \"{}\" (each interview needs its own)", interview.id);
            return Err(corrupt_at(path, at.line, at.column, message));
        }
    }
    Ok(())
}

/// Why a file that did not parse as `format` is not one: its syntax, format or version.
/// `Err(None)` when the envelope is right (the body inside is then what is wrong).
fn check_envelope(path: &Path, text: &str, format: &str) -> Result<(), Option<StorageError>> {
    let corrupt = |line, column, message: &str| Some(corrupt_at(path, line, column, message.to_string()));
    let value: serde_json::Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            let message = e.to_string().split(" at line ").next().unwrap_or_default().to_string();
            return Err(corrupt(e.line().max(1), e.column().max(1), &message));
        }
    };
    if value.get("format").and_then(|f| f.as_str()) != Some(format) {
        return Err(corrupt(1, 1, &format!("\"format\" must be \"{format}\"")));
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
    Err(StorageError::NotRegular { path: path.to_path_buf(), what: crate::input::kind(&meta) })
}
