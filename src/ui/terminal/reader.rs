//! The terminal's events, read on their own thread.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use crossterm::event::{self, Event};

/// Reads terminal events on its own thread: crossterm's reader can spin on a closed terminal,
/// and the loop must stay free to notice the hang-up, save and leave. It can be paused, so that
/// an external editor gets the keyboard to itself.
pub struct Reader {
    pub incoming: Receiver<std::io::Result<Event>>,
    paused: Arc<AtomicBool>,
    idle: Arc<AtomicBool>,
}

impl Reader {
    pub fn start() -> Reader {
        let (events, incoming) = mpsc::channel();
        let paused = Arc::new(AtomicBool::new(false));
        let idle = Arc::new(AtomicBool::new(false));
        let (p, i) = (Arc::clone(&paused), Arc::clone(&idle));
        std::thread::spawn(move || {
            loop {
                if p.load(Ordering::Acquire) {
                    i.store(true, Ordering::Release);
                    std::thread::sleep(Duration::from_millis(20));
                    continue;
                }
                i.store(false, Ordering::Release);
                let event = match event::poll(Duration::from_millis(100)) {
                    Ok(false) => continue,
                    Ok(true) => event::read(),
                    Err(e) => Err(e),
                };
                let failed = event.is_err();
                if events.send(event).is_err() || failed {
                    return;
                }
            }
        });
        Reader { incoming, paused, idle }
    }

    /// Stops reading; true once the thread has let go of the terminal.
    pub fn pause(&self) -> bool {
        self.paused.store(true, Ordering::Release);
        let start = Instant::now();
        while !self.idle.load(Ordering::Acquire) {
            if start.elapsed() > Duration::from_secs(2) {
                return false;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        true
    }

    pub fn resume(&self) {
        self.paused.store(false, Ordering::Release);
    }
}
