//! Owning the terminal: raw mode, the alternate screen, bracketed paste and mouse capture on the
//! way in, all of it undone on the way out — normal exit, error, panic, SIGTERM, SIGHUP or
//! SIGINT — and the open session saved first. Every byte the terminal has is read and handled
//! before the screen is drawn, and input still pending at exit is discarded, so nothing typed
//! into crosscheck ever reaches the shell. Also runs the effects `update` asks for but may not
//! perform itself (an external editor needs the terminal).

use std::io::{IsTerminal, stdout};
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, TryRecvError};
use std::time::{Duration, Instant};

use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture, Event,
};
use crossterm::execute;

use super::app::Effect;
use super::{App, render};
use crate::storage::notes_copy::{NotesCopy, Origin};

/// How often an idle loop looks for a signal: rare enough to cost no CPU to speak of.
const SIGNAL_CHECK: Duration = Duration::from_millis(500);

/// With the terminal gone and nothing writable, how often and how long (five minutes) the
/// answers are tried again before crosscheck gives up on them.
const SAVE_RETRY: Duration = Duration::from_secs(2);
const HANGUP_TRIES: u32 = 150;

/// Events handled between two frames at most, so a flood of input still shows progress.
const EVENTS_PER_FRAME: usize = 100_000;

/// What the signals asked for: stop (SIGTERM, SIGINT) or the terminal is gone (SIGHUP).
struct Signals {
    stop: Arc<AtomicBool>,
    hangup: Arc<AtomicBool>,
}

impl Signals {
    fn register() -> anyhow::Result<Signals> {
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

    fn any(&self) -> bool {
        self.stop.load(Ordering::Relaxed) || self.hangup.load(Ordering::Relaxed)
    }
}

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
    if !app.quit {
        // An error or a panic ended the loop: still write what we have.
        app.shutdown();
    }
    reader.pause();
    restore();
    discard_pending_input();
    if let Some(note) = &app.exit_note {
        eprintln!("{}", crate::sanitize::for_terminal(note));
    }
    match outcome {
        Ok(Ok(())) if app.exit_failed || app.unsaved() => Ok(ExitCode::FAILURE),
        Ok(Ok(())) => Ok(ExitCode::SUCCESS),
        Ok(Err(e)) => Err(e),
        Err(panic) => resume_unwind(panic),
    }
}

fn enter() -> anyhow::Result<ratatui::DefaultTerminal> {
    let terminal = ratatui::try_init()?;
    execute!(stdout(), EnableBracketedPaste, EnableMouseCapture)?;
    Ok(terminal)
}

fn restore() {
    let _ = execute!(stdout(), DisableBracketedPaste, DisableMouseCapture);
    ratatui::restore();
}

/// Throws away input the terminal still holds (the tail of a burst typed as crosscheck quit),
/// waiting until it has been quiet a moment, so none of it runs in the shell.
fn discard_pending_input() {
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

/// Reads terminal events on its own thread: crossterm's reader can spin on a closed terminal,
/// and the loop must stay free to notice the hang-up, save and leave. It can be paused, so that
/// an external editor gets the keyboard to itself.
struct Reader {
    incoming: Receiver<std::io::Result<Event>>,
    paused: Arc<AtomicBool>,
    idle: Arc<AtomicBool>,
}

impl Reader {
    fn start() -> Reader {
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
    fn pause(&self) -> bool {
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

    fn resume(&self) {
        self.paused.store(false, Ordering::Release);
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
        app.now = chrono::Utc::now();
        // Only after something happened: an idle program draws nothing and uses no CPU.
        if redraw {
            let mut hits = super::hits::Hits::default();
            terminal.draw(|frame| hits = render(app, frame))?;
            app.hits = hits;
        }
        if app.quit {
            return Ok(());
        }
        // Wait for an event, the app's timed work (the notes delay, the clock) or a signal.
        let due = app.wait_ms().map(|ms| Duration::from_millis(ms.max(1)));
        let wait = due.map_or(SIGNAL_CHECK, |d| d.min(SIGNAL_CHECK));
        let woke = take_input(app, reader, wait)?;
        app.now = chrono::Utc::now();
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
            perform(effect, app, terminal, reader, signals)?;
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
        if app.quit || app.effect.is_some() || handled >= EVENTS_PER_FRAME {
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

/// The terminal is gone when its size can no longer be read or is 0×0.
fn hung_up() -> bool {
    !matches!(crossterm::terminal::size(), Ok((w, h)) if w > 0 && h > 0)
}

fn perform(
    effect: Effect,
    app: &mut App,
    terminal: &mut ratatui::DefaultTerminal,
    reader: &Reader,
    signals: &Signals,
) -> anyhow::Result<()> {
    match effect {
        Effect::EditExternally { text, interview, question } => {
            let Some(session) = app.open.as_ref().map(|o| o.session().id.clone()) else { return Ok(()) };
            let origin =
                Origin { data_dir: app.store.data_dir().to_path_buf(), session, interview, question, original: text };
            if !reader.pause() {
                app.finish_external_edit(Err("the keyboard could not be handed to the editor".into()));
                reader.resume();
                return Ok(());
            }
            restore();
            let result = edit_externally(&origin, signals);
            *terminal = enter()?;
            terminal.clear()?;
            reader.resume();
            app.finish_external_edit(result);
            if signals.any() {
                app.save_now();
            }
        }
    }
    Ok(())
}

/// Opens `$VISUAL` (or `$EDITOR`, or `vi`) on a private temporary copy of the notes and returns
/// the edited text; the copy is removed whatever happens. A signal to crosscheck meanwhile tells
/// the editor to stop, and whatever it had saved is kept.
fn edit_externally(origin: &Origin, signals: &Signals) -> Result<String, String> {
    let editor = std::env::var("VISUAL")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .or_else(|| std::env::var("EDITOR").ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| "vi".into());
    let copy = NotesCopy::create(&std::env::temp_dir(), origin)
        .map_err(|e| format!("could not write a temporary file: {e}"))?;
    // Through the shell, so an editor given with arguments ("code --wait") works; `exec` makes
    // the editor the child itself, so a signal reaches it.
    let child = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("exec {editor} \"$1\""))
        .arg("crosscheck-editor")
        .arg(&copy.text_path)
        .spawn();
    let mut child = child.map_err(|e| format!("could not start {editor}: {e}"))?;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Ok(status),
            Ok(None) if signals.any() => {
                #[cfg(unix)]
                if let Ok(pid) = libc::pid_t::try_from(child.id()) {
                    unsafe { libc::kill(pid, libc::SIGTERM) };
                }
                let _ = child.wait();
                // Stopped from outside: what the editor had saved still counts.
                break Err(None);
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => break Err(Some(e)),
        }
    };
    match status {
        Ok(s) if s.success() => copy.read().map_err(|e| format!("could not read the notes back: {e}")),
        Ok(s) => Err(format!("{editor} exited with {s}")),
        Err(None) => copy.read().map_err(|e| format!("could not read the notes back: {e}")),
        Err(Some(e)) => Err(format!("could not wait for {editor}: {e}")),
    }
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}
