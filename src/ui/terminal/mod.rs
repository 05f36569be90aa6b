//! The loop: event → action → update → render, on the real terminal. Every byte the terminal
//! has is read and handled before the screen is drawn; the open session is saved on every way
//! out. The terminal itself is owned by [`guard`] (handed back on normal exit, error, panic,
//! SIGTERM, SIGHUP or SIGINT, input pending at exit discarded so nothing typed into crosscheck
//! reaches the shell), read by [`reader`], and lent to the external [`editor`].

mod editor;
mod guard;
mod reader;

pub use editor::EditorError;

use std::io::{IsTerminal, stdout};
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::process::ExitCode;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{RecvTimeoutError, TryRecvError};
use std::time::Duration;

use crossterm::event::Event;

use super::{App, render};
use guard::{Signals, discard_pending_input, enter, hung_up, install_panic_hook, restore};
use reader::Reader;

/// How often an idle loop looks for a signal: rare enough to cost no CPU to speak of.
const SIGNAL_CHECK: Duration = Duration::from_millis(500);

/// With the terminal gone and nothing writable, how often and how long (five minutes) the
/// answers are tried again before crosscheck gives up on them.
const SAVE_RETRY: Duration = Duration::from_secs(2);
const HANGUP_TRIES: u32 = 150;

/// Events handled between two frames at most, so a flood of input still shows progress.
const EVENTS_PER_FRAME: usize = 100_000;

/// Runs the interface until the user quits. Whatever happens, the terminal is restored and the
/// open session saved; the exit is a failure if the session file could not be written.
pub fn run(mut app: App) -> anyhow::Result<ExitCode> {
    if !std::io::stdin().is_terminal() || !stdout().is_terminal() {
        anyhow::bail!(
            "crosscheck's interface needs a terminal, and its input or output is not one: run it in a terminal window, or use a command (crosscheck --help lists them)"
        );
    }
    let signals = Signals::register()?;
    install_panic_hook();
    app.writer = Some(crate::storage::BackgroundWriter::start());
    let mut terminal = enter()?;
    let reader = Reader::start();
    let outcome = catch_unwind(AssertUnwindSafe(|| event_loop(&mut app, &mut terminal, &reader, &signals)));
    if !app.exit.quit {
        // An error or a panic ended the loop: still write what we have.
        app.shutdown();
    }
    reader.pause();
    restore();
    discard_pending_input();
    if let Some(note) = &app.exit.note {
        eprintln!("{}", crate::sanitize::for_terminal(note));
    }
    match outcome {
        Ok(Ok(())) if app.exit.failed || app.unsaved() => Ok(ExitCode::FAILURE),
        Ok(Ok(())) => Ok(ExitCode::SUCCESS),
        Ok(Err(e)) => Err(e),
        Err(panic) => resume_unwind(panic),
    }
}

/// How a wait for input ended.
enum Woke {
    /// Events arrived (and were handled); true when the terminal reported closing.
    Input {
        closed: bool,
    },
    Timeout,
    Failed(std::io::Error),
}

fn event_loop(
    app: &mut App,
    terminal: &mut ratatui::DefaultTerminal,
    reader: &Reader,
    signals: &Signals,
) -> anyhow::Result<()> {
    let mut redraw = true;
    loop {
        app.env.now = chrono::Utc::now();
        // Only after something happened: an idle program draws nothing and uses no CPU.
        if redraw {
            let mut hits = super::hits::Hits::default();
            terminal.draw(|frame| hits = render(app, frame))?;
            app.hits = hits;
        }
        if app.exit.quit {
            return Ok(());
        }
        // Wait for an event, the app's timed work (the notes delay, the clock) or a signal.
        let due = app.wait_ms().map(|ms| Duration::from_millis(ms.max(1)));
        let wait = due.map_or(SIGNAL_CHECK, |d| d.min(SIGNAL_CHECK));
        let woke = take_input(app, reader, wait)?;
        app.env.now = chrono::Utc::now();
        if signals.hangup.load(Ordering::Relaxed) || matches!(woke, Woke::Input { closed: true }) {
            // The terminal is gone: save and leave, there is no screen to stay on.
            app.hang_up(HANGUP_TRIES, SAVE_RETRY);
            return Ok(());
        }
        if signals.stop.swap(false, Ordering::Relaxed) {
            // Leaves unless nothing could be written anywhere: then the answers stay on screen.
            app.shutdown();
            redraw = true;
            continue;
        }
        match woke {
            Woke::Failed(e) => {
                app.shutdown();
                return Err(e.into());
            }
            Woke::Timeout if hung_up() => {
                app.hang_up(HANGUP_TRIES, SAVE_RETRY);
                return Ok(());
            }
            // A wake-up for a signal check changes nothing on screen; one that reached the
            // app's own deadline (the clock's minute, a pending write, the notes delay) may.
            Woke::Timeout => redraw = due.is_some_and(|d| d <= SIGNAL_CHECK),
            Woke::Input { .. } => redraw = true,
        }
        if let Some(effect) = app.effect.take() {
            editor::perform(effect, app, terminal, reader, signals)?;
        }
        app.tick();
    }
}

/// Waits up to `wait` for input, then handles every event already read, in order, before the
/// next frame: a burst of typing or a paste without bracketed paste lands whole and at once.
fn take_input(app: &mut App, reader: &Reader, wait: Duration) -> anyhow::Result<Woke> {
    let first = match reader.incoming.recv_timeout(wait) {
        Ok(event) => event,
        Err(RecvTimeoutError::Timeout) => return Ok(Woke::Timeout),
        Err(RecvTimeoutError::Disconnected) => return Ok(Woke::Input { closed: true }),
    };
    let mut next = Some(first);
    let mut handled = 0;
    while let Some(event) = next.take() {
        match event {
            // A 0×0 terminal is a closed one: save and leave rather than spin.
            Ok(Event::Resize(0, 0)) => return Ok(Woke::Input { closed: true }),
            Ok(event) => app.handle_event(event),
            Err(e) => return Ok(Woke::Failed(e)),
        }
        handled += 1;
        // An effect needs the terminal, and quitting ends the input: stop taking events there.
        if app.exit.quit || app.effect.is_some() || handled >= EVENTS_PER_FRAME {
            break;
        }
        next = match reader.incoming.try_recv() {
            Ok(event) => Some(event),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => return Ok(Woke::Input { closed: true }),
        };
    }
    Ok(Woke::Input { closed: false })
}
