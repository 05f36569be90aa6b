//! The private copy of an answer's notes handed to an external editor
//! (`crosscheck-notes-PID-N.txt` in the temporary folder, 0600), with a note beside it
//! (`….json`) of the answer it belongs to. Both are removed when the editor is done; if
//! crosscheck dies meanwhile, the next start brings a changed copy back into its interview.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{Changed, StorageError, Store, valid_id, write_session};
use crate::bank::Catalog;

/// Which answer a copy belongs to, and the notes as they were handed over.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Origin {
    pub data_dir: PathBuf,
    pub session: String,
    pub interview: String,
    pub question: String,
    pub original: String,
}

/// A copy on disk; removed when dropped.
#[derive(Debug)]
pub struct NotesCopy {
    pub text_path: PathBuf,
    origin_path: PathBuf,
}

const PREFIX: &str = "crosscheck-notes-";

fn create_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

impl NotesCopy {
    /// Writes the copy and its origin into `dir`.
    pub fn create(dir: &Path, origin: &Origin) -> std::io::Result<NotesCopy> {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
        let stem = format!("{PREFIX}{}-{nanos:08x}", std::process::id());
        let copy =
            NotesCopy { text_path: dir.join(format!("{stem}.txt")), origin_path: dir.join(format!("{stem}.json")) };
        let about = serde_json::to_vec(origin).map_err(std::io::Error::other)?;
        create_private(&copy.origin_path, &about)?;
        create_private(&copy.text_path, origin.original.as_bytes())?;
        Ok(copy)
    }

    /// The text as the editor left it (editors end files with a newline nobody typed).
    pub fn read(&self) -> std::io::Result<String> {
        let text = std::fs::read_to_string(&self.text_path)?;
        Ok(text.strip_suffix('\n').map(str::to_string).unwrap_or(text))
    }
}

impl Drop for NotesCopy {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.text_path);
        let _ = std::fs::remove_file(&self.origin_path);
    }
}

/// The process id in a copy's name, if the name is one of ours.
fn pid_of(name: &str) -> Option<u32> {
    let rest = name.strip_prefix(PREFIX)?.strip_suffix(".json")?;
    let (pid, nonce) = rest.split_once('-')?;
    (nonce.chars().all(|c| c.is_ascii_hexdigit())).then_some(())?;
    pid.parse().ok()
}

#[cfg(unix)]
fn alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else { return false };
    // Signal 0 checks existence only; EPERM means it exists but is someone else's.
    unsafe { libc::kill(pid, 0) == 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH) }
}

#[cfg(not(unix))]
fn alive(_pid: u32) -> bool {
    true
}

#[cfg(unix)]
fn ours(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    meta.uid() == unsafe { libc::geteuid() }
}

#[cfg(not(unix))]
fn ours(_meta: &std::fs::Metadata) -> bool {
    true
}

/// Copies left in `dir` by a crosscheck that died with an editor open, for sessions of this
/// data folder: each changed text goes back into its answer (replacing the notes if they are
/// still as they were handed over, else added after them), then the copy is removed. Copies of
/// a session open elsewhere, or of another data folder, are left for later. Says what it did.
pub fn recover_stale(dir: &Path, store: &Store, catalog: &Catalog) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut said = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = pid_of(&name) else { continue };
        let plain = entry.path().symlink_metadata().is_ok_and(|m| m.is_file() && ours(&m));
        if !plain || alive(pid) {
            continue;
        }
        let origin_path = entry.path();
        let text_path = origin_path.with_extension("txt");
        let Ok(origin) = std::fs::read(&origin_path)
            .map_err(|_| ())
            .and_then(|b| serde_json::from_slice::<Origin>(&b).map_err(|_| ()))
        else {
            continue;
        };
        if origin.data_dir != store.data_dir() || !valid_id(&origin.session) {
            continue;
        }
        let text =
            std::fs::read_to_string(&text_path).ok().map(|t| t.strip_suffix('\n').map(str::to_string).unwrap_or(t));
        match bring_back(store, catalog, &origin, text.as_deref()) {
            Ok(message) => {
                let _ = std::fs::remove_file(&text_path);
                let _ = std::fs::remove_file(&origin_path);
                said.extend(message);
            }
            Err(e) => said.push(format!("Notes left by an external editor could not be brought back yet: {e}")),
        }
    }
    said
}

fn bring_back(
    store: &Store,
    catalog: &Catalog,
    origin: &Origin,
    text: Option<&str>,
) -> Result<Option<String>, StorageError> {
    let Some(text) = text.filter(|t| *t != origin.original) else { return Ok(None) };
    let lock = store.lock(&origin.session)?;
    let mut session = store.load(&origin.session, catalog)?;
    let Some(interview) = session.interviews.iter_mut().find(|i| i.id == origin.interview) else {
        return Ok(None);
    };
    let kind = catalog
        .bank(&interview.function)
        .and_then(|b| b.question(&origin.question))
        .map_or(crate::bank::Kind::Text, |q| q.kind);
    let now = chrono::Utc::now();
    // Only this interview's file is written: its own clock says when.
    interview.updated_at = Some(now);
    let changed = Changed { meta: false, interviews: [interview.id.clone()].into() };
    let answer = interview.answer_mut(&origin.question);
    if answer.notes == text {
        return Ok(None);
    }
    let notes = if answer.notes == origin.original {
        text.to_string()
    } else {
        format!("{}\n\n[recovered from the external editor]\n{text}", answer.notes)
    };
    answer.set_notes(notes, kind, now);
    write_session(&store.location(&session.id)?, &session, &changed, &lock)?;
    Ok(Some(format!(
        "Brought back notes from an external editor that was open when crosscheck stopped ({}, {}).",
        origin.interview, origin.question
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::Session;

    #[test]
    fn a_dead_process_copy_comes_back_into_its_answer_and_is_removed() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::open(&tmp.path().join("data")).unwrap();
        let catalog = Catalog::embedded().unwrap();
        let now = chrono::Utc::now();
        let mut s = Session::new("acme-1".into(), "Acme".into(), None, now);
        let i = s.add_interview("sales", "1", now);
        let question = catalog.bank("sales").unwrap().questions[0].id.clone();
        s.interviews[i].answer_mut(&question).notes = "typed before".into();
        store.save(&s).unwrap();
        let temp = tmp.path().join("tmp");
        std::fs::create_dir(&temp).unwrap();
        let origin = Origin {
            data_dir: store.data_dir().to_path_buf(),
            session: s.id.clone(),
            interview: s.interviews[i].id.clone(),
            question: question.clone(),
            original: "typed before".into(),
        };
        // As a process that died would leave it: a pid that cannot be alive.
        let stem = format!("{PREFIX}{}-0000beef", i32::MAX);
        std::fs::write(temp.join(format!("{stem}.json")), serde_json::to_vec(&origin).unwrap()).unwrap();
        std::fs::write(temp.join(format!("{stem}.txt")), "typed before, and in the editor\n").unwrap();
        // A live process's copy (our own) is left alone.
        let live = NotesCopy::create(&temp, &origin).unwrap();
        let said = recover_stale(&temp, &store, &catalog);
        assert_eq!(said.len(), 1, "{said:?}");
        let back = store.load(&s.id, &catalog).unwrap();
        assert_eq!(back.interviews[0].answer(&question).unwrap().notes, "typed before, and in the editor");
        let left: Vec<_> = std::fs::read_dir(&temp).unwrap().map(|e| e.unwrap().path()).collect();
        assert_eq!(left.len(), 2, "only the live copy is left: {left:?}");
        drop(live);
        assert_eq!(std::fs::read_dir(&temp).unwrap().count(), 0, "a copy is removed when done");
    }
}
