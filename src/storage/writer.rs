//! Writes sessions on a thread of their own, so a key never waits for encoding or the disk: it
//! is handed a snapshot of the session (a shared pointer, no copy) and the files that changed,
//! and encodes and writes those there. A write still waiting when a newer one of the same
//! session arrives is merged into it: the newer snapshot is written, to every file either
//! names. A write that fails hands its files on to the next write of the session, so a later
//! success never hides an answer that did not land. A writer thread that has died is reported
//! as a failed write, never as a write still under way.
//!
//! What a write took in from disk (a file changed by a `git pull`, see [`super::sync`]) is
//! reported back for the interface to take in too; until it has, every later write of the
//! session merges it into its snapshot again, as the snapshot may be older than it.

use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::Duration;

use super::folder::{commit, plan};
use super::sync::{Pulled, PulledFile, merge_interview, take_in_meta};
use super::{Changed, Location, SessionLock, StorageError};
use crate::session::Session;

struct Job {
    seq: u64,
    location: Location,
    session: Arc<Session>,
    changed: Changed,
    /// Checked before each file: a lost lock stops every write through it.
    lock: SessionLock,
    /// The interface has taken in what every write up to this one took in from disk.
    absorbed: u64,
}

/// Why a write of a session did not land: what the save indicator and the exit note say.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// A file of the session could not be written (the message names it, and what to do).
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// The writer thread is gone, so no write reports back.
    #[error("the thread that writes sessions has stopped; quit to save an emergency copy")]
    Stopped,
}

/// The outcome of the write numbered `seq`.
#[derive(Debug)]
pub struct Written {
    pub seq: u64,
    pub result: Result<(), WriteError>,
    /// What the write took in from disk.
    pub pulled: Vec<Pulled>,
    /// The files a failed write did not write: to write again, and only those.
    pub unwritten: Changed,
}

pub struct BackgroundWriter {
    jobs: Sender<Job>,
    done: Receiver<Written>,
    submitted: u64,
    completed: u64,
    /// The thread could not be handed a write: it is gone.
    dead: bool,
    /// What writes reported back took in from disk, until the interface takes it.
    pulled: Vec<Pulled>,
    /// Every write up to this one has had what it took in taken by the interface.
    absorbed: u64,
}

/// What a write took in from disk that the interface had not taken yet: (write, session, what).
type Pending = Vec<(u64, Location, Pulled)>;

/// Encodes and writes one job's files, letting go of the snapshot before the disk so the next
/// change need not copy it.
fn write(mut job: Job, pending: &Pending) -> Result<Vec<Pulled>, StorageError> {
    with_pending(&mut job, pending);
    let planned = plan(&job.location, &job.session, &job.changed, Some(&job.lock));
    drop(job.session);
    planned.and_then(|p| commit(&job.location, p, Some(&job.lock)))
}

/// Merges into the job's snapshot what earlier writes took in from disk and the interface had
/// not yet when it took the snapshot (merging what it already holds changes nothing).
fn with_pending(job: &mut Job, pending: &Pending) {
    for (_, _, pulled) in pending.iter().filter(|(seq, at, _)| *seq > job.absorbed && *at == job.location) {
        match &pulled.file {
            PulledFile::Interview(theirs) if job.changed.interviews.contains(&theirs.id) => {
                let session = Arc::make_mut(&mut job.session);
                if let Some(k) = session.interviews.iter().position(|i| i.id == theirs.id) {
                    session.interviews[k] = merge_interview(session, &session.interviews[k], theirs);
                }
            }
            PulledFile::Meta(theirs) if job.changed.meta => drop(take_in_meta(Arc::make_mut(&mut job.session), theirs)),
            _ => {}
        }
    }
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
    let mut pending: Pending = Vec::new();
    while let Ok(first) = incoming.recv() {
        let mut queued = vec![first];
        while let Ok(newer) = incoming.try_recv() {
            supersede(&mut queued, newer);
        }
        for mut job in queued {
            if let Some(at) = failed.iter().position(|(l, _)| *l == job.location) {
                job.changed.union(failed.swap_remove(at).1);
            }
            pending.retain(|(seq, _, _)| *seq > job.absorbed);
            let (seq, location, changed) = (job.seq, job.location.clone(), job.changed.clone());
            let written = match write(job, &pending) {
                Ok(pulled) => {
                    pending.extend(pulled.iter().map(|p| (seq, location.clone(), p.clone())));
                    Written { seq, result: Ok(()), pulled, unwritten: Changed::default() }
                }
                Err(e) => {
                    failed.push((location, changed.clone()));
                    Written { seq, result: Err(e.into()), pulled: Vec::new(), unwritten: changed }
                }
            };
            if report.send(written).is_err() {
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
        BackgroundWriter { jobs, done, submitted: 0, completed: 0, dead: false, pulled: Vec::new(), absorbed: 0 }
    }

    /// Queues a write of the files of `session` that `changed` names (every file, if its
    /// folder is not a whole session yet) and returns its number.
    ///
    /// A thread that is gone makes the write fail, reported by [`BackgroundWriter::poll`].
    pub fn submit(&mut self, location: Location, session: Arc<Session>, changed: Changed, lock: SessionLock) -> u64 {
        self.submitted += 1;
        let job = Job { seq: self.submitted, location, session, changed, lock, absorbed: self.absorbed };
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
            result: Err(WriteError::Stopped),
            pulled: Vec::new(),
            unwritten: Changed::default(),
        })
    }

    /// Takes a reported outcome in: what it took from disk is kept for [`Self::take_pulled`];
    /// the outcome itself is returned if it is the newest write's.
    fn receive(&mut self, mut w: Written) -> Option<Written> {
        self.completed = self.completed.max(w.seq);
        self.pulled.append(&mut w.pulled);
        (w.seq == self.submitted).then_some(w)
    }

    /// What the writes reported so far took in from disk, for the interface to take in: every
    /// later write's snapshot holds it, so the thread stops merging it in again.
    pub fn take_pulled(&mut self) -> Vec<Pulled> {
        self.absorbed = self.completed;
        std::mem::take(&mut self.pulled)
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
                Ok(w) => newest = self.receive(w).or(newest),
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
                    if let Some(newest) = self.receive(w) {
                        return Some(newest);
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
        assert_eq!(last.seq, 50);
        last.result.unwrap();
        assert!(!w.busy());
        assert_eq!(std::fs::read(loc.meta()).unwrap(), encode_meta(&sessions[49]).unwrap());
    }

    #[test]
    fn a_dead_writer_thread_is_a_failed_write_not_one_still_saving() {
        let (jobs, incoming) = mpsc::channel::<Job>();
        let (_report, done) = mpsc::channel();
        drop(incoming); // as if the thread had died
        let mut w =
            BackgroundWriter { jobs, done, submitted: 0, completed: 0, dead: false, pulled: Vec::new(), absorbed: 0 };
        let dir = tempfile::tempdir().unwrap();
        let lock = SessionLock::take(dir.path().join("s.lock"), "s").unwrap();
        w.submit(Location::new(dir.path(), "s"), session("Org"), meta_only(), lock);
        let failed = w.poll().expect("the failure is reported");
        let e = failed.result.unwrap_err();
        assert!(matches!(e, WriteError::Stopped) && e.to_string().contains("has stopped"), "{e}");
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
        w.flush(Duration::from_secs(10)).unwrap().result.unwrap();
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
            absorbed: 0,
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
        w.flush(Duration::from_secs(10)).unwrap().result.unwrap();
        // A folder in the way makes the write of `a` fail.
        std::fs::remove_file(loc.interview(&a).unwrap()).unwrap();
        std::fs::create_dir(loc.interview(&a).unwrap()).unwrap();
        s.interviews[0].interviewee = Some("Changed".into());
        let only = |id: &str| Changed { meta: false, interviews: [id.to_string()].into() };
        w.submit(loc.clone(), Arc::new(s.clone()), only(&a), lock.clone());
        assert!(w.flush(Duration::from_secs(10)).unwrap().result.is_err());
        std::fs::remove_dir(loc.interview(&a).unwrap()).unwrap();
        w.submit(loc.clone(), Arc::new(s.clone()), only(&b), lock.clone());
        w.flush(Duration::from_secs(10)).unwrap().result.unwrap();
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
        let e = done.result.unwrap_err();
        assert!(matches!(e, WriteError::Storage(_)) && e.to_string().contains("a-file"), "{e}");
    }

    #[test]
    fn nothing_is_written_once_the_lock_file_is_deleted_or_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let loc = Location::new(dir.path(), "s");
        let lock_path = dir.path().join("s.lock");
        let lock = SessionLock::take(lock_path.clone(), "s").unwrap();
        let mut w = BackgroundWriter::start();
        w.submit(loc.clone(), session("Org"), meta_only(), lock.clone());
        w.flush(Duration::from_secs(10)).unwrap().result.unwrap();
        let before = std::fs::read(loc.meta()).unwrap();
        for replace in [false, true] {
            let _ = std::fs::remove_file(&lock_path);
            if replace {
                // A second crosscheck's lock on a new file at the same path.
                let _other = SessionLock::take(lock_path.clone(), "s").unwrap();
            }
            w.submit(loc.clone(), session("Changed"), meta_only(), lock.clone());
            let done = w.flush(Duration::from_secs(10)).unwrap();
            let e = done.result.unwrap_err();
            assert!(matches!(e, WriteError::Storage(StorageError::LockLost { .. })), "{e}");
            assert!(e.to_string().contains("deleted or replaced"), "{e}");
            assert_eq!(std::fs::read(loc.meta()).unwrap(), before, "the file is untouched");
        }
    }
}
