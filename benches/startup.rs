//! Start-up: load the embedded banks, open (read and parse) a 50-interview session, compute its
//! divergence and draw the first frame into a 200×60 `TestBackend` — each part, and all of it
//! as `crosscheck open ID` does it (the store is listed, then the session loaded and locked).
//!
//! `cargo bench --bench startup`

mod common;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use common::{HEIGHT, WIDTH, now};
use crosscheck::bank::Catalog;
use crosscheck::storage::{Store, parse_session};
use crosscheck::ui::{App, render};
use crosscheck::{divergence, testing};

fn startup(c: &mut Criterion) {
    let catalog = Catalog::embedded().expect("the embedded banks");
    let session = testing::session(&catalog, 50, 2);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let store = Store::open(dir.path()).expect("a store");
    store.save(&session).expect("the session saved");
    // The session as one file, as older versions stored it (still read as it is).
    let path = store.location(&session.id).expect("a path").single_file;
    let text = String::from_utf8(crosscheck::storage::encode_session(&session).expect("encoded")).expect("text");
    eprintln!("startup: 50-interview session, {} bytes", text.len());

    let mut group = c.benchmark_group("startup");
    group.bench_function("embedded-banks", |b| b.iter(|| Catalog::embedded().expect("banks")));
    group.bench_function("parse-session", |b| b.iter(|| parse_session(&path, black_box(&text)).expect("parsed")));
    group.bench_function("divergence", |b| b.iter(|| divergence::compute(black_box(&session), &catalog)));
    // Every answer value checked against its question, as each load does.
    group.bench_function("check-values", |b| {
        b.iter(|| crosscheck::session::value_problems(black_box(&session), &catalog))
    });
    // `App::new` lists the data folder (reading every session file); `open_session` then reads
    // and locks the one to open.
    group.bench_function("app-new", |b| b.iter(|| App::new(catalog.clone(), store.clone(), now())));
    group.bench_function("app-new-and-open", |b| {
        b.iter(|| {
            let mut app = App::new(catalog.clone(), store.clone(), now());
            app.open_session(&session.id).expect("opens");
            app
        })
    });
    group.bench_function("first-frame", |b| {
        let mut app = App::new(catalog.clone(), store.clone(), now());
        app.open_session(&session.id).expect("opens");
        b.iter(|| {
            let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("a terminal");
            terminal
                .draw(|f| {
                    render(&app, f);
                })
                .expect("a frame");
            terminal
        });
    });
    // What `crosscheck open ID` does: banks, the app without the sessions listed, the session
    // opened (read, parsed, locked), its first frame. Opening computes no divergence.
    group.bench_function("open-by-id", |b| {
        b.iter(|| {
            let catalog = Catalog::embedded().expect("banks");
            let mut app = App::unlisted(catalog, store.clone(), now());
            app.open_session(&session.id).expect("opens");
            let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("a terminal");
            terminal
                .draw(|f| {
                    render(&app, f);
                })
                .expect("a frame");
            terminal
        });
    });
    group.bench_function("total", |b| {
        b.iter(|| {
            let catalog = Catalog::embedded().expect("banks");
            let mut app = App::new(catalog, store.clone(), now());
            app.open_session(&session.id).expect("opens");
            let open = app.open.as_ref().expect("open");
            let d = divergence::compute(open.session(), &app.env.catalog);
            let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("a terminal");
            terminal
                .draw(|f| {
                    render(&app, f);
                })
                .expect("a frame");
            (d, terminal)
        });
    });
    group.finish();
}

criterion_group!(benches, startup);
criterion_main!(benches);
