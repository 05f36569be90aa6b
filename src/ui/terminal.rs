//! Owning the terminal: raw mode, the alternate screen and bracketed paste on the way in, all of
//! it undone on the way out — normal exit, error, panic, SIGTERM, SIGHUP or SIGINT — and the open
//! session saved first.

use std::io::stdout;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event};
use crossterm::execute;

use super::{App, render};

/// How often an idle loop looks for a signal: rare enough to cost no CPU to speak of.
const SIGNAL_CHECK: Duration = Duration::from_millis(500);

/// Runs the interface until the user quits. Whatever happens, the terminal is restored and the
/// open session saved.
pub fn run(mut app: App) -> anyhow::Result<()> {
    let stop = Arc::new(AtomicBool::new(false));
    #[cfg(unix)]
    for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP, signal_hook::consts::SIGINT] {
        signal_hook::flag::register(signal, Arc::clone(&stop))?;
    }
    install_panic_hook();
    let mut terminal = ratatui::try_init()?;
    execute!(stdout(), EnableBracketedPaste)?;
    let outcome = catch_unwind(AssertUnwindSafe(|| event_loop(&mut app, &mut terminal, &stop)));
    if !app.quit {
        // An error, a signal or a panic ended the loop: still write what we have.
        app.shutdown();
    }
    restore();
    if let Some(note) = &app.exit_note {
        eprintln!("{note}");
    }
    match outcome {
        Ok(result) => result,
        Err(panic) => resume_unwind(panic),
    }
}

fn event_loop(app: &mut App, terminal: &mut ratatui::DefaultTerminal, stop: &AtomicBool) -> anyhow::Result<()> {
    // Events are read on their own thread: crossterm's reader can spin on a closed terminal, and
    // the loop must stay free to notice the hang-up, save and leave.
    let (events, incoming) = mpsc::channel();
    std::thread::spawn(move || {
        loop {
            let event = event::read();
            let failed = event.is_err();
            if events.send(event).is_err() || failed {
                return;
            }
        }
    });
    loop {
        app.now = chrono::Utc::now();
        terminal.draw(|frame| render(app, frame))?;
        if app.quit {
            return Ok(());
        }
        // Wait for an event, the app's timed work (the notes delay, the clock) or a signal.
        let wait = app.wait_ms().map_or(SIGNAL_CHECK, |ms| Duration::from_millis(ms.max(1)).min(SIGNAL_CHECK));
        let received = incoming.recv_timeout(wait);
        app.now = chrono::Utc::now();
        if stop.load(Ordering::Relaxed) {
            app.shutdown();
            return Ok(());
        }
        match received {
            Ok(Ok(Event::Resize(0, 0))) | Err(RecvTimeoutError::Disconnected) => {
                // A 0×0 or vanished terminal is a closed one: save and leave rather than spin.
                app.shutdown();
                return Ok(());
            }
            Ok(Ok(event)) => app.handle_event(event),
            Ok(Err(e)) => {
                app.shutdown();
                return Err(e.into());
            }
            Err(RecvTimeoutError::Timeout) => {
                if hung_up() {
                    app.shutdown();
                    return Ok(());
                }
            }
        }
        app.tick();
    }
}

/// The terminal is gone when its size can no longer be read or is 0×0.
fn hung_up() -> bool {
    !matches!(crossterm::terminal::size(), Ok((w, h)) if w > 0 && h > 0)
}

fn restore() {
    let _ = execute!(stdout(), DisableBracketedPaste);
    ratatui::restore();
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}
