//! Writes session files on a thread of their own, so a key never waits for encoding or the
//! disk: it is handed a snapshot of the session (a shared pointer, no copy) and encodes and
//! writes it there. A write still waiting when a newer one of the same file arrives is dropped:
//! only the newest content of each file matters. A writer thread that has died is reported as
//! a failed write, never as a write still under way.

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
    /// The thread could not be handed a write: it is gone.
    dead: bool,
}

/// Encodes and writes one job, letting go of the snapshot before the disk so the next change
/// need not copy it.
fn write(job: Job) -> Result<(), String> {
    let bytes = encode_session(&job.session);
    drop(job.session);
    match bytes {
        Ok(bytes) => write_locked(&job.path, &bytes, &job.lock).map_err(|e| e.to_string()),
        Err(e) => Err(format!("{}: could not encode the session: {e}", job.path.display())),
    }
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
            while let Ok(first) = incoming.recv() {
                // Newer content of a file supersedes what is queued for it; other files keep
                // their own newest write, in the order they came.
                let mut queued = vec![first];
                while let Ok(newer) = incoming.try_recv() {
                    queued.retain(|j| j.path != newer.path);
                    queued.push(newer);
                }
                for job in queued {
                    let seq = job.seq;
                    if report.send(Written { seq, result: write(job) }).is_err() {
                        return;
                    }
                }
            }
        });
        BackgroundWriter { jobs, done, submitted: 0, completed: 0, dead: false }
    }

    /// Queues a write of `session` to `path` and returns its number.
    ///
    /// A thread that is gone makes the write fail, reported by [`BackgroundWriter::poll`].
    pub fn submit(&mut self, path: PathBuf, session: Arc<Session>, lock: SessionLock) -> u64 {
        self.submitted += 1;
        let job = Job { seq: self.submitted, path, session, lock };
        if self.jobs.send(job).is_err() {
            self.dead = true;
        }
        self.submitted
    }

    /// The failure of every write not reported back, once the thread is known to be gone.
    fn died(&mut self) -> Option<Written> {
        if !self.busy() {
            return None;
        }
        self.completed = self.submitted;
        Some(Written {
            seq: self.submitted,
            result: Err("the thread that writes sessions has stopped; quit to save an emergency copy".into()),
        })
    }

    /// True while a submitted write has not reported back.
    pub fn busy(&self) -> bool {
        self.completed < self.submitted
    }

    /// The outcome of the newest write, once it is known (older outcomes are passed over).
    pub fn poll(&mut self) -> Option<Written> {
        let mut newest = None;
        loop {
            match self.done.try_recv() {
                Ok(w) => {
                    self.completed = self.completed.max(w.seq);
                    if w.seq == self.submitted {
                        newest = Some(w);
                    }
                }
                Err(mpsc::TryRecvError::Empty) if !self.dead => return newest,
                Err(_) => return newest.or_else(|| self.died()),
            }
        }
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
                Err(mpsc::RecvTimeoutError::Disconnected) => return self.died(),
                Err(mpsc::RecvTimeoutError::Timeout) if self.dead => return self.died(),
                Err(mpsc::RecvTimeoutError::Timeout) => return None,
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
        let session = |n: usize| {
            let mut s = Session::new("s".into(), format!("Org {n}"), None, now);
            s.engagement = None;
            Arc::new(s)
        };
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
    fn a_dead_writer_thread_is_a_failed_write_not_one_still_saving() {
        let (jobs, incoming) = mpsc::channel::<Job>();
        let (_report, done) = mpsc::channel();
        drop(incoming); // as if the thread had died
        let mut w = BackgroundWriter { jobs, done, submitted: 0, completed: 0, dead: false };
        let dir = tempfile::tempdir().unwrap();
        let lock = SessionLock::take(dir.path().join("s.lock"), "s").unwrap();
        let session = Arc::new(Session::new("s".into(), "Org".into(), None, chrono::Utc::now()));
        w.submit(dir.path().join("s.json"), session, lock);
        let failed = w.poll().expect("the failure is reported");
        assert!(failed.result.unwrap_err().contains("has stopped"));
        assert!(!w.busy());
    }

    #[test]
    fn queued_writes_of_different_files_are_all_written() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = BackgroundWriter::start();
        let now = chrono::Utc::now();
        let lock = SessionLock::take(dir.path().join("s.lock"), "s").unwrap();
        for n in 0..20 {
            let session = Arc::new(Session::new("s".into(), format!("Org {n}"), None, now));
            w.submit(dir.path().join(format!("s{}.json", n % 3)), session, lock.clone());
        }
        assert_eq!(w.flush(Duration::from_secs(10)).unwrap().result, Ok(()));
        for (file, last) in [(0, 18), (1, 19), (2, 17)] {
            let text = std::fs::read_to_string(dir.path().join(format!("s{file}.json"))).unwrap();
            assert!(text.contains(&format!("Org {last}")), "s{file}.json holds its newest write");
        }
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
