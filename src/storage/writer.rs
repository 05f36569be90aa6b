//! Writes session files on a thread of their own, so a key never waits for encoding or the
//! disk: it is handed a snapshot of the session (a shared pointer, no copy) and encodes and
//! writes it there. A write still waiting when a newer one arrives is dropped: only the newest
//! content matters.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::Duration;

use super::{SessionLock, encode_session, write_locked};
use crate::session::Session;

struct Job {
    seq: u64,
    path: PathBuf,
    session: Arc<Session>,
    /// Checked before the write: a lost lock stops every write through it.
    lock: SessionLock,
}

/// The outcome of the write numbered `seq`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub seq: u64,
    pub result: Result<(), String>,
}

pub struct BackgroundWriter {
    jobs: Sender<Job>,
    done: Receiver<Written>,
    submitted: u64,
    completed: u64,
}

impl Default for BackgroundWriter {
    fn default() -> Self {
        Self::start()
    }
}

impl BackgroundWriter {
    pub fn start() -> BackgroundWriter {
        let (jobs, incoming) = mpsc::channel::<Job>();
        let (report, done) = mpsc::channel();
        std::thread::spawn(move || {
            while let Ok(mut job) = incoming.recv() {
                // Newer content of the same file supersedes what is queued.
                while let Ok(newer) = incoming.try_recv() {
                    job = newer;
                }
                let bytes = encode_session(&job.session);
                // Let go of the snapshot before the disk, so the next change need not copy it.
                drop(job.session);
                let result = match bytes {
                    Ok(bytes) => write_locked(&job.path, &bytes, &job.lock).map_err(|e| e.to_string()),
                    Err(e) => Err(format!("{}: could not encode the session: {e}", job.path.display())),
                };
                if report.send(Written { seq: job.seq, result }).is_err() {
                    return;
                }
            }
        });
        BackgroundWriter { jobs, done, submitted: 0, completed: 0 }
    }

    /// Queues a write of `session` to `path` and returns its number.
    pub fn submit(&mut self, path: PathBuf, session: Arc<Session>, lock: SessionLock) -> u64 {
        self.submitted += 1;
        let job = Job { seq: self.submitted, path, session, lock };
        if self.jobs.send(job).is_err() {
            // The thread is gone (it never exits on its own); count the write as failed below.
            self.completed = self.submitted;
        }
        self.submitted
    }

    /// True while a submitted write has not reported back.
    pub fn busy(&self) -> bool {
        self.completed < self.submitted
    }

    /// The outcome of the newest write, once it is known (older outcomes are passed over).
    pub fn poll(&mut self) -> Option<Written> {
        let mut newest = None;
        while let Ok(w) = self.done.try_recv() {
            self.completed = self.completed.max(w.seq);
            if w.seq == self.submitted {
                newest = Some(w);
            }
        }
        newest
    }

    /// Waits (at most `limit`) for the newest write to finish and returns its outcome.
    pub fn flush(&mut self, limit: Duration) -> Option<Written> {
        let deadline = std::time::Instant::now() + limit;
        while self.busy() {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match self.done.recv_timeout(left) {
                Ok(w) => {
                    self.completed = self.completed.max(w.seq);
                    if w.seq == self.submitted {
                        return Some(w);
                    }
                }
                Err(_) => return None,
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newest_write_wins_and_reports_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.json");
        let mut w = BackgroundWriter::start();
        let now = chrono::Utc::now();
        let session = |n: usize| Arc::new(Session::new("s".into(), format!("Org {n}"), None, now));
        let lock = SessionLock::take(dir.path().join("s.lock"), "s").unwrap();
        for n in 0..50 {
            w.submit(path.clone(), session(n), lock.clone());
        }
        let last = w.flush(Duration::from_secs(10)).expect("the last write reports");
        assert_eq!(last, Written { seq: 50, result: Ok(()) });
        assert!(!w.busy());
        assert_eq!(std::fs::read(&path).unwrap(), encode_session(&session(49)).unwrap());
    }

    #[test]
    fn a_failed_write_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = BackgroundWriter::start();
        let session = Arc::new(Session::new("s".into(), "Org".into(), None, chrono::Utc::now()));
        let lock = SessionLock::take(dir.path().join("s.lock"), "s").unwrap();
        w.submit(dir.path().join("missing-folder").join("s.json"), session, lock);
        let done = w.flush(Duration::from_secs(10)).unwrap();
        assert!(done.result.unwrap_err().contains("missing-folder"));
    }

    #[test]
    fn nothing_is_written_once_the_lock_file_is_deleted_or_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.json");
        let lock_path = dir.path().join("s.lock");
        let lock = SessionLock::take(lock_path.clone(), "s").unwrap();
        let mut w = BackgroundWriter::start();
        let session = Arc::new(Session::new("s".into(), "Org".into(), None, chrono::Utc::now()));
        w.submit(path.clone(), Arc::clone(&session), lock.clone());
        assert_eq!(w.flush(Duration::from_secs(10)).unwrap().result, Ok(()));
        let before = std::fs::read(&path).unwrap();
        for replace in [false, true] {
            let _ = std::fs::remove_file(&lock_path);
            if replace {
                // A second crosscheck's lock on a new file at the same path.
                let _other = SessionLock::take(lock_path.clone(), "s").unwrap();
            }
            let changed = Arc::new(Session::new("s".into(), "Changed".into(), None, chrono::Utc::now()));
            w.submit(path.clone(), changed, lock.clone());
            let done = w.flush(Duration::from_secs(10)).unwrap();
            assert!(done.result.unwrap_err().contains("deleted or replaced"));
            assert_eq!(std::fs::read(&path).unwrap(), before, "the file is untouched");
        }
    }
}
