//! What the interface tests share: an `App` on a temporary data folder, driven by key presses.
#![allow(dead_code)] // each test file uses its own part of this

pub mod cli;
pub mod team;
pub mod tmux;

use chrono::{DateTime, TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::{Terminal, backend::TestBackend};

use crosscheck::bank::{Catalog, Kind};
use crosscheck::session::Session;
use crosscheck::storage::Store;
use crosscheck::ui::{App, render};

/// The built-in banks as an engagement of the default scope (Operations) asks them: what the
/// screens of a session made without a scope show, so that positions and counts match them.
pub fn operations_catalog() -> Catalog {
    Catalog::embedded().unwrap().in_scope(&crosscheck::bank::Scope::default()).into_owned()
}

pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).unwrap()
}

pub struct Harness {
    pub app: App,
    pub dir: tempfile::TempDir,
}

impl Harness {
    pub fn new() -> Harness {
        Harness::with(Catalog::embedded().unwrap())
    }

    /// On banks of the test's own.
    pub fn with(catalog: Catalog) -> Harness {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        Harness { app: App::new(catalog, store, t0()), dir }
    }

    pub fn key(&mut self, code: KeyCode) -> &mut Self {
        self.app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
        self
    }

    pub fn ch(&mut self, c: char) -> &mut Self {
        self.key(KeyCode::Char(c))
    }

    pub fn typed(&mut self, text: &str) -> &mut Self {
        for c in text.chars() {
            self.ch(c);
        }
        self
    }

    /// n, organisation, Tab, interviewer, Enter.
    pub fn new_session(&mut self, org: &str, interviewer: &str) -> &mut Self {
        self.ch('n').typed(org).key(KeyCode::Tab).typed(interviewer).key(KeyCode::Enter)
    }

    /// a, pick the function, Tab, name, Tab, role, Enter.
    pub fn add_interview(&mut self, function: &str, name: &str, role: &str) -> &mut Self {
        self.ch('a');
        let position = self.app.env.catalog.banks.iter().position(|b| b.function == function).unwrap();
        // The list starts on the first function not interviewed yet.
        let start = self.app.overlay_as::<crosscheck::ui::overlays::forms::AddInterviewForm>().map_or(0, |f| f.chosen);
        let n = self.app.env.catalog.banks.len();
        for _ in 0..(position + n - start) % n {
            self.key(KeyCode::Down);
        }
        self.key(KeyCode::Tab).typed(name).key(KeyCode::Tab).typed(role).key(KeyCode::Enter)
    }

    pub fn session(&self) -> &Session {
        self.app.open.as_ref().expect("a session is open").session()
    }

    /// The built-in demo engagement, changed by `change`, saved and opened on its session
    /// screen.
    pub fn open_demo_with(&mut self, change: impl FnOnce(&mut Session)) -> Session {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/demo-session.json");
        let text = std::fs::read_to_string(path).unwrap();
        let mut demo = crosscheck::storage::parse_session(std::path::Path::new(path), &text).unwrap();
        change(&mut demo);
        self.app.store.save(&demo).unwrap();
        self.app.reload_sessions();
        self.app.open_session(&demo.id).unwrap();
        demo
    }

    /// The session as it is on disk, not in memory.
    pub fn on_disk(&self) -> Session {
        self.app.store.load(&self.session().id, &self.app.env.catalog).unwrap()
    }

    pub fn current_question(&self) -> &str {
        let open = self.app.open.as_ref().unwrap();
        let iv = open.interview().expect("an interview is open");
        let function = &open.session().interviews[iv.index].function;
        &self.app.env.catalog.bank(function).unwrap().questions[iv.question].id
    }

    /// Moves, by ↑/↓ as a user would, to the first question of `kind` in the interview's bank.
    pub fn goto_kind(&mut self, kind: Kind) -> String {
        self.goto_first(|q| q.kind == kind)
    }

    /// Moves, by ↑/↓ as a user would, to question `id` of the interview's bank.
    pub fn goto_question(&mut self, id: &str) -> String {
        self.goto_first(|q| q.id == id)
    }

    fn goto_first(&mut self, which: impl Fn(&crosscheck::bank::Question) -> bool) -> String {
        let open = self.app.open.as_ref().unwrap();
        let iv = open.interview().unwrap();
        let bank = self.app.env.catalog.bank(&open.session().interviews[iv.index].function).unwrap();
        let target = bank.questions.iter().position(which).expect("the question is in the bank");
        let from = iv.question;
        for _ in target..from {
            self.key(KeyCode::Up);
        }
        for _ in from..target {
            self.key(KeyCode::Down);
        }
        self.current_question().to_string()
    }

    pub fn open_save(&self) -> crosscheck::ui::SaveState {
        self.app.open.as_ref().expect("a session is open").save.clone()
    }

    pub fn draw(&self, width: u16, height: u16) -> Terminal<TestBackend> {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        terminal
            .draw(|f| {
                render(&self.app, f);
            })
            .unwrap();
        terminal
    }

    /// Draws a frame as the terminal loop does, keeping where it drew what (for the mouse).
    pub fn draw_for_mouse(&mut self, width: u16, height: u16) {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        let mut hits = Default::default();
        terminal.draw(|f| hits = render(&self.app, f)).unwrap();
        self.app.hits = hits;
    }
}

pub fn answer_on_disk(h: &Harness, qid: &str) -> Option<crosscheck::session::Answer> {
    h.on_disk().interviews.last()?.answers.get(qid).cloned()
}

/// Every file a session has on disk (its single file, and everything in its folder), with
/// its bytes: what a test compares to say nothing was written.
pub fn files_of(store: &Store, id: &str) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    fn under(dir: &std::path::Path, out: &mut Vec<(std::path::PathBuf, Vec<u8>)>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                under(&path, out);
            } else {
                out.push((path.clone(), std::fs::read(&path).unwrap_or_default()));
            }
        }
    }
    let location = store.location(id).unwrap();
    let mut out = Vec::new();
    if let Ok(bytes) = std::fs::read(&location.single_file) {
        out.push((location.single_file.clone(), bytes));
    }
    under(&location.folder, &mut out);
    out.sort();
    out
}

/// The file of interview `index` of the session on screen.
pub fn interview_file(h: &Harness, index: usize) -> std::path::PathBuf {
    let location = h.app.store.location(&h.session().id).unwrap();
    location.interview(&h.session().interviews[index].id).unwrap()
}
