//! Owning the terminal: raw mode, the alternate screen, bracketed paste and mouse capture on the
//! way in, all of it undone on the way out — normal exit, error, panic, SIGTERM, SIGHUP or
//! SIGINT — and the open session saved first. Also runs the effects `update` asks for but may not
//! perform itself (an external editor needs the terminal).

use std::io::{Write, stdout};
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture, Event,
};
use crossterm::execute;

use super::app::Effect;
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
    app.writer = Some(crate::storage::BackgroundWriter::start());
    let mut terminal = enter()?;
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

fn enter() -> anyhow::Result<ratatui::DefaultTerminal> {
    let terminal = ratatui::try_init()?;
    execute!(stdout(), EnableBracketedPaste, EnableMouseCapture)?;
    Ok(terminal)
}

fn restore() {
    let _ = execute!(stdout(), DisableBracketedPaste, DisableMouseCapture);
    ratatui::restore();
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

fn event_loop(app: &mut App, terminal: &mut ratatui::DefaultTerminal, stop: &AtomicBool) -> anyhow::Result<()> {
    let reader = Reader::start();
    let mut redraw = true;
    loop {
        app.now = chrono::Utc::now();
        // Only after something happened: an idle program draws nothing and uses no CPU.
        if redraw {
            terminal.draw(|frame| render(app, frame))?;
        }
        if app.quit {
            return Ok(());
        }
        // Wait for an event, the app's timed work (the notes delay, the clock) or a signal.
        let due = app.wait_ms().map(|ms| Duration::from_millis(ms.max(1)));
        let wait = due.map_or(SIGNAL_CHECK, |d| d.min(SIGNAL_CHECK));
        let received = reader.incoming.recv_timeout(wait);
        let timed_out = matches!(received, Err(RecvTimeoutError::Timeout));
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
            Ok(Ok(event)) => {
                let size = terminal.size()?;
                app.area = ratatui::layout::Rect::new(0, 0, size.width, size.height);
                app.handle_event(event);
            }
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
        // A wake-up for a signal check changes nothing on screen; one that reached the app's own
        // deadline (the interview clock's minute, a pending write, the notes delay) may.
        redraw = !timed_out || due.is_some_and(|d| d <= SIGNAL_CHECK);
        if let Some(effect) = app.effect.take() {
            perform(effect, app, terminal, &reader)?;
        }
        app.tick();
    }
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
) -> anyhow::Result<()> {
    match effect {
        Effect::EditExternally(text) => {
            if !reader.pause() {
                app.finish_external_edit(Err("the keyboard could not be handed to the editor".into()));
                reader.resume();
                return Ok(());
            }
            restore();
            let result = edit_externally(&text);
            *terminal = enter()?;
            terminal.clear()?;
            reader.resume();
            app.finish_external_edit(result);
        }
    }
    Ok(())
}

/// Opens `$VISUAL` (or `$EDITOR`, or `vi`) on a private temporary copy of the notes and returns
/// the edited text; the copy is removed whatever happens.
fn edit_externally(text: &str) -> Result<String, String> {
    let editor = std::env::var("VISUAL")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .or_else(|| std::env::var("EDITOR").ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| "vi".into());
    let path = private_temp_file(text).map_err(|e| format!("could not write a temporary file: {e}"))?;
    // Through the shell, so an editor given with arguments ("code --wait") works.
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("crosscheck-editor")
        .arg(&path)
        .status();
    let result = match status {
        Ok(s) if s.success() => {
            std::fs::read_to_string(&path).map_err(|e| format!("could not read the notes back: {e}"))
        }
        Ok(s) => Err(format!("{editor} exited with {s}")),
        Err(e) => Err(format!("could not start {editor}: {e}")),
    };
    let _ = std::fs::remove_file(&path);
    // Editors end files with a newline the interviewer did not type.
    result.map(|t| t.strip_suffix('\n').map(str::to_string).unwrap_or(t))
}

fn private_temp_file(text: &str) -> std::io::Result<PathBuf> {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    let path = std::env::temp_dir().join(format!("crosscheck-notes-{}-{nanos:08x}.txt", std::process::id()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(&path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()?;
    Ok(path)
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}
