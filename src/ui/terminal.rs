//! Owning the terminal: raw mode, the alternate screen and bracketed paste on the way in, all of
//! it undone on the way out — normal exit, error or panic.

use std::io::stdout;
use std::time::Duration;

use crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event};
use crossterm::execute;

use super::{App, render};

/// Runs the interface until the user quits. Whatever happens, the terminal is restored and the
/// open session saved.
pub fn run(mut app: App) -> anyhow::Result<()> {
    install_panic_hook();
    let mut terminal = ratatui::try_init()?;
    execute!(stdout(), EnableBracketedPaste)?;
    let result = event_loop(&mut app, &mut terminal);
    if !app.quit {
        app.shutdown(); // an error ended the loop: still save what we have
    }
    let _ = execute!(stdout(), DisableBracketedPaste);
    ratatui::restore();
    result
}

fn event_loop(app: &mut App, terminal: &mut ratatui::DefaultTerminal) -> anyhow::Result<()> {
    loop {
        app.now = chrono::Utc::now();
        terminal.draw(|frame| render(app, frame))?;
        if app.quit {
            return Ok(());
        }
        // Block until an event, or until the app has timed work (the notes delay, the clock).
        let ready = match app.wait_ms() {
            Some(ms) => event::poll(Duration::from_millis(ms.max(1)))?,
            None => true,
        };
        app.now = chrono::Utc::now();
        if ready {
            let event = event::read()?;
            if let Event::Resize(0, 0) = event {
                // A 0×0 terminal is a closed one: save and leave rather than spin.
                app.shutdown();
                continue;
            }
            app.handle_event(event);
        }
        app.tick();
    }
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(stdout(), DisableBracketedPaste);
        ratatui::restore();
        previous(info);
    }));
}
