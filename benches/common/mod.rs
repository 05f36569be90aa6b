//! What the benchmarks share: an `App` over a generated session in a temporary data folder,
//! driven by keys and drawn into ratatui's `TestBackend`, as the screen tests do.
#![allow(dead_code)] // each bench uses its own part

use chrono::{DateTime, Duration, TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crosscheck::bank::Catalog;
use crosscheck::session::Session;
use crosscheck::storage::Store;
use crosscheck::testing;
use crosscheck::ui::{App, render};

/// The terminal size every frame is measured at.
pub const WIDTH: u16 = 200;
pub const HEIGHT: u16 = 60;

/// A fixed "now", an hour after the generated sessions begin, so every run draws the same.
pub fn now() -> DateTime<Utc> {
    Utc.timestamp_opt(testing::EPOCH, 0).single().unwrap_or_default() + Duration::hours(1)
}

/// An app with `session` saved in a fresh data folder and opened (the session screen).
pub struct Bench {
    pub app: App,
    pub terminal: Terminal<TestBackend>,
    _dir: tempfile::TempDir,
}

impl Bench {
    pub fn new(catalog: Catalog, session: &Session) -> Bench {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let store = Store::open(dir.path()).expect("a store");
        store.save(session).expect("the session saved");
        let mut app = App::new(catalog, store, now());
        app.open_session(&session.id).expect("the session opens");
        let terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("a test terminal");
        Bench { app, terminal, _dir: dir }
    }

    pub fn key(&mut self, code: KeyCode) {
        self.app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
    }

    pub fn draw(&mut self) {
        let app = &self.app;
        self.terminal
            .draw(|f| {
                render(app, f);
            })
            .expect("a frame");
    }

    /// Opens the first interview of `function` at question `question` of its bank.
    pub fn open_interview(&mut self, function: &str, question: usize) {
        let open = self.app.open.as_mut().expect("a session is open");
        let index = open.session().interviews.iter().position(|i| i.function == function).expect("an interview");
        open.session_view.selected = index;
        self.key(KeyCode::Enter);
        // The interview opens at its first question not yet covered; walk from there.
        let at = self.question();
        for _ in question..at {
            self.key(KeyCode::Up);
        }
        for _ in at..question {
            self.key(KeyCode::Down);
        }
        assert_eq!(self.question(), question);
    }

    /// The current question of the open interview.
    pub fn question(&self) -> usize {
        self.app.open.as_ref().and_then(|o| o.interview()).expect("an interview is open").question
    }

    /// The screen as text, one string per row.
    pub fn screen_text(&self) -> Vec<String> {
        let buffer = self.terminal.backend().buffer();
        (0..buffer.area.height)
            .map(|y| (0..buffer.area.width).map(|x| buffer[(x, y)].symbol()).collect::<String>().trim_end().to_string())
            .collect()
    }
}
