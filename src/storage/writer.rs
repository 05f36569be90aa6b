//! Writes sessions on a thread of their own, so a key never waits for encoding or the disk: it
//! is handed a snapshot of the session (a shared pointer, no copy) and the files that changed,
//! and encodes and writes those there. A write still waiting when a newer one of the same
//! session arrives is merged into it: the newer snapshot is written, to every file either
//! names. A write that fails hands its files on to the next write of the session, so a later
//! success never hides an answer that did not land. A writer thread that has died is reported
//! as a failed write, never as a write still under way.

use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::Duration;

use super::folder::{commit, plan};
use super::{Changed, Location, SessionLock};
use crate::session::Session;

struct Job {
    seq: u64,
    location: Location,
    session: Arc<Session>,
    changed: Changed,
    /// Checked before each file: a lost lock stops every write through it.
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

/// Encodes and writes one job's files, letting go of the snapshot before the disk so the next
/// change need not copy it.
fn write(job: Job) -> Result<(), String> {
    let planned = plan(&job.location, &job.session, &job.changed);
    drop(job.session);
    planned.and_then(|p| commit(&job.location, p, Some(&job.lock))).map_err(|e| e.to_string())
}

/// Folds queued jobs into the newest of each session (their files united), in order.
fn supersede(queued: &mut Vec<Job>, mut newer: Job) {
    queued.retain_mut(|older| {
        if older.location != newer.location {
            return true;
        }
        newer.changed.union(std::mem::take(&mut older.changed));
        false
    });
    queued.push(newer);
}

/// The writer thread: each batch of queued jobs, superseded, written in order; files of a
/// failed write carried into the next write of the same session.
fn run(incoming: Receiver<Job>, report: Sender<Written>) {
    let mut failed: Vec<(Location, Changed)> = Vec::new();
    while let Ok(first) = incoming.recv() {
        let mut queued = vec![first];
        while let Ok(newer) = incoming.try_recv() {
            supersede(&mut queued, newer);
        }
        for mut job in queued {
            if let Some(at) = failed.iter().position(|(l, _)| *l == job.location) {
                job.changed.union(failed.swap_remove(at).1);
            }
            let (seq, location, changed) = (job.seq, job.location.clone(), job.changed.clone());
            let result = write(job);
            if result.is_err() {
                failed.push((location, changed));
            }
            if report.send(Written { seq, result }).is_err() {
                return;
            }
        }
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
        std::thread::spawn(move || run(incoming, report));
        BackgroundWriter { jobs, done, submitted: 0, completed: 0, dead: false }
    }

    /// Queues a write of the files of `session` that `changed` names (every file, if its
    /// folder is not a whole session yet) and returns its number.
    ///
    /// A thread that is gone makes the write fail, reported by [`BackgroundWriter::poll`].
    pub fn submit(&mut self, location: Location, session: Arc<Session>, changed: Changed, lock: SessionLock) -> u64 {
        self.submitted += 1;
        let job = Job { seq: self.submitted, location, session, changed, lock };
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
    use crate::storage::layout::encode_meta;

    fn meta_only() -> Changed {
        Changed { meta: true, ..Changed::default() }
    }

    fn session(org: &str) -> Arc<Session> {
        let mut s = Session::new("s".into(), org.into(), None, chrono::Utc::now());
        s.engagement = None;
        Arc::new(s)
    }

    #[test]
    fn the_newest_write_wins_and_reports_back() {
        let dir = tempfile::tempdir().unwrap();
        let loc = Location::new(dir.path(), "s");
        let mut w = BackgroundWriter::start();
        let lock = SessionLock::take(dir.path().join("s.lock"), "s").unwrap();
        let sessions: Vec<_> = (0..50).map(|n| session(&format!("Org {n}"))).collect();
        for s in &sessions {
            w.submit(loc.clone(), Arc::clone(s), meta_only(), lock.clone());
        }
        let last = w.flush(Duration::from_secs(10)).expect("the last write reports");
        assert_eq!(last, Written { seq: 50, result: Ok(()) });
        assert!(!w.busy());
        assert_eq!(std::fs::read(loc.meta()).unwrap(), encode_meta(&sessions[49]).unwrap());
    }

    #[test]
    fn a_dead_writer_thread_is_a_failed_write_not_one_still_saving() {
        let (jobs, incoming) = mpsc::channel::<Job>();
        let (_report, done) = mpsc::channel();
        drop(incoming); // as if the thread had died
        let mut w = BackgroundWriter { jobs, done, submitted: 0, completed: 0, dead: false };
        let dir = tempfile::tempdir().unwrap();
        let lock = SessionLock::take(dir.path().join("s.lock"), "s").unwrap();
        w.submit(Location::new(dir.path(), "s"), session("Org"), meta_only(), lock);
        let failed = w.poll().expect("the failure is reported");
        assert!(failed.result.unwrap_err().contains("has stopped"));
        assert!(!w.busy());
    }

    #[test]
    fn queued_writes_of_different_sessions_are_all_written() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = BackgroundWriter::start();
        let lock = SessionLock::take(dir.path().join("s.lock"), "s").unwrap();
        for n in 0..20 {
            let loc = Location::new(&dir.path().join(format!("d{}", n % 3)), "s");
            w.submit(loc, session(&format!("Org {n}")), meta_only(), lock.clone());
        }
        assert_eq!(w.flush(Duration::from_secs(10)).unwrap().result, Ok(()));
        for (d, last) in [(0, 18), (1, 19), (2, 17)] {
            let text = std::fs::read_to_string(Location::new(&dir.path().join(format!("d{d}")), "s").meta()).unwrap();
            assert!(text.contains(&format!("Org {last}")), "d{d} holds its newest write");
        }
    }

    #[test]
    fn a_superseded_write_hands_its_files_to_the_newer_one() {
        let dir = tempfile::tempdir().unwrap();
        let lock = SessionLock::take(dir.path().join("s.lock"), "s").unwrap();
        let loc = Location::new(dir.path(), "s");
        let job = |seq, ids: &[&str]| Job {
            seq,
            location: loc.clone(),
            session: session("Org"),
            changed: Changed { meta: seq == 1, interviews: ids.iter().map(|s| s.to_string()).collect() },
            lock: lock.clone(),
        };
        let other = Job { location: Location::new(&dir.path().join("x"), "s"), ..job(2, &["c"]) };
        let mut queued = vec![job(1, &["a"]), other];
        supersede(&mut queued, job(3, &["b"]));
        assert_eq!(queued.len(), 2, "the other session's write stays");
        assert_eq!(queued[1].seq, 3);
        assert!(queued[1].changed.meta);
        assert_eq!(queued[1].changed.interviews.iter().collect::<Vec<_>>(), ["a", "b"]);
    }

    #[test]
    fn the_files_of_a_failed_write_are_written_by_the_next() {
        let dir = tempfile::tempdir().unwrap();
        let loc = Location::new(dir.path(), "s");
        let lock = SessionLock::take(dir.path().join("s.lock"), "s").unwrap();
        let now = chrono::Utc::now();
        let mut s = Session::new("s".into(), "Org".into(), None, now);
        let (a, b) = (s.add_interview("sales", "1", now), s.add_interview("sales", "1", now));
        let (a, b) = (s.interviews[a].id.clone(), s.interviews[b].id.clone());
        let mut w = BackgroundWriter::start();
        w.submit(loc.clone(), Arc::new(s.clone()), Changed::all(&s), lock.clone());
        assert_eq!(w.flush(Duration::from_secs(10)).unwrap().result, Ok(()));
        // A folder in the way makes the write of `a` fail.
        std::fs::remove_file(loc.interview(&a).unwrap()).unwrap();
        std::fs::create_dir(loc.interview(&a).unwrap()).unwrap();
        s.interviews[0].interviewee = Some("Changed".into());
        let only = |id: &str| Changed { meta: false, interviews: [id.to_string()].into() };
        w.submit(loc.clone(), Arc::new(s.clone()), only(&a), lock.clone());
        assert!(w.flush(Duration::from_secs(10)).unwrap().result.is_err());
        std::fs::remove_dir(loc.interview(&a).unwrap()).unwrap();
        w.submit(loc.clone(), Arc::new(s.clone()), only(&b), lock.clone());
        assert_eq!(w.flush(Duration::from_secs(10)).unwrap().result, Ok(()));
        let text = std::fs::read_to_string(loc.interview(&a).unwrap()).unwrap();
        assert!(text.contains("Changed"), "the failed file came along with the next write");
    }

    #[test]
    fn a_failed_write_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = BackgroundWriter::start();
        let lock = SessionLock::take(dir.path().join("s.lock"), "s").unwrap();
        let blocked = dir.path().join("a-file");
        std::fs::write(&blocked, "").unwrap();
        w.submit(Location::new(&blocked, "s"), session("Org"), meta_only(), lock);
        let done = w.flush(Duration::from_secs(10)).unwrap();
        assert!(done.result.unwrap_err().contains("a-file"));
    }

    #[test]
    fn nothing_is_written_once_the_lock_file_is_deleted_or_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let loc = Location::new(dir.path(), "s");
        let lock_path = dir.path().join("s.lock");
        let lock = SessionLock::take(lock_path.clone(), "s").unwrap();
        let mut w = BackgroundWriter::start();
        w.submit(loc.clone(), session("Org"), meta_only(), lock.clone());
        assert_eq!(w.flush(Duration::from_secs(10)).unwrap().result, Ok(()));
        let before = std::fs::read(loc.meta()).unwrap();
        for replace in [false, true] {
            let _ = std::fs::remove_file(&lock_path);
            if replace {
                // A second crosscheck's lock on a new file at the same path.
                let _other = SessionLock::take(lock_path.clone(), "s").unwrap();
            }
            w.submit(loc.clone(), session("Changed"), meta_only(), lock.clone());
            let done = w.flush(Duration::from_secs(10)).unwrap();
            assert!(done.result.unwrap_err().contains("deleted or replaced"));
            assert_eq!(std::fs::read(loc.meta()).unwrap(), before, "the file is untouched");
        }
    }
}
