//! The terminal handed back whatever happens: raw mode, the alternate screen, bracketed paste
//! and mouse capture on the way in, undone on the way out (also from a panic); the signals that
//! ask crosscheck to stop or say the terminal is gone; input pending at exit thrown away.

use std::io::stdout;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crossterm::event::{DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture};
use crossterm::execute;

/// What the signals asked for: stop (SIGTERM, SIGINT) or the terminal is gone (SIGHUP).
pub struct Signals {
    pub stop: Arc<AtomicBool>,
    pub hangup: Arc<AtomicBool>,
}

impl Signals {
    pub fn register() -> anyhow::Result<Signals> {
        let signals = Signals { stop: Arc::default(), hangup: Arc::default() };
        #[cfg(unix)]
        {
            use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
            signal_hook::flag::register(SIGTERM, Arc::clone(&signals.stop))?;
            signal_hook::flag::register(SIGINT, Arc::clone(&signals.stop))?;
            signal_hook::flag::register(SIGHUP, Arc::clone(&signals.hangup))?;
        }
        Ok(signals)
    }

    pub fn any(&self) -> bool {
        self.stop.load(Ordering::Relaxed) || self.hangup.load(Ordering::Relaxed)
    }
}

pub fn enter() -> anyhow::Result<ratatui::DefaultTerminal> {
    let terminal = ratatui::try_init()?;
    execute!(stdout(), EnableBracketedPaste, EnableMouseCapture)?;
    Ok(terminal)
}

pub fn restore() {
    let _ = execute!(stdout(), DisableBracketedPaste, DisableMouseCapture);
    ratatui::restore();
}

/// Throws away input the terminal still holds (the tail of a burst typed as crosscheck quit),
/// waiting until it has been quiet a moment, so none of it runs in the shell.
pub fn discard_pending_input() {
    #[cfg(unix)]
    {
        let quiet = Duration::from_millis(60);
        let start = Instant::now();
        loop {
            unsafe { libc::tcflush(libc::STDIN_FILENO, libc::TCIFLUSH) };
            let mut fd = libc::pollfd { fd: libc::STDIN_FILENO, events: libc::POLLIN, revents: 0 };
            let ready = unsafe { libc::poll(&mut fd, 1, quiet.as_millis() as libc::c_int) };
            if ready <= 0 || start.elapsed() > Duration::from_secs(2) {
                break;
            }
        }
        unsafe { libc::tcflush(libc::STDIN_FILENO, libc::TCIFLUSH) };
    }
}

/// The terminal is gone when its size can no longer be read or is 0×0.
pub fn hung_up() -> bool {
    !matches!(crossterm::terminal::size(), Ok((w, h)) if w > 0 && h > 0)
}

pub fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}
