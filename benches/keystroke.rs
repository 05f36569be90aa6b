//! One keystroke cycle — key → `App::on_key` → full render into a 200×60 `TestBackend` — on the
//! interview screen at three bank sizes, on the divergence screen at three session sizes, and
//! the floor: a bare ratatui `Paragraph` showing the same text at the same size.
//!
//! `cargo bench --bench keystroke`

mod common;

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use common::{Bench, HEIGHT, WIDTH};
use crosscheck::bank::{Catalog, Stance};
use crosscheck::session::Session;
use crosscheck::testing;
use crosscheck::ui::Screen;

/// The interviews measured: the first Sales interview of a 50-interview session.
const INTERVIEWS: usize = 50;
const FUNCTION: &str = "sales";

/// The question before the first answered `received` question past the middle of the bank, so
/// that `↓` lands on a question whose comparison with what was communicated is computed (the
/// costlier half of the cycle) and `↑` on one without.
fn start(catalog: &Catalog, session: &Session) -> usize {
    let bank = catalog.bank(FUNCTION).expect("a sales bank");
    let interview = session.interviews.iter().find(|i| i.function == FUNCTION).expect("a sales interview");
    let middle = bank.questions.len() / 2;
    let landing = (middle..bank.questions.len())
        .find(|&i| {
            let q = &bank.questions[i];
            q.stance == Some(Stance::Received) && interview.answer(&q.id).and_then(|a| a.normalised(q)).is_some()
        })
        .expect("an answered received question past the middle");
    landing - 1
}

/// An app on the interview screen, ready for ↓ and ↑ in turn.
fn interview_bench(questions: usize, interviews: usize) -> Bench {
    interview_bench_with(questions, interviews, true)
}

/// As [`interview_bench`], with or without the interviews' time slots.
fn interview_bench_with(questions: usize, interviews: usize, time_slots: bool) -> Bench {
    let catalog = testing::catalog(questions, 1);
    let mut session = testing::session(&catalog, interviews, 2);
    if !time_slots {
        session.interviews.iter_mut().for_each(|i| i.budget_minutes = None);
    }
    let at = start(&catalog, &session);
    let mut b = Bench::new(catalog, &session);
    b.open_interview(FUNCTION, at);
    assert_eq!(b.app.screen(), Screen::Interview);
    b.draw();
    b
}

/// An app on the PM's interview, on the first row of its first claim asked of several functions.
fn rows_bench(questions: usize) -> Bench {
    let catalog = testing::catalog(questions, 1);
    let session = testing::session(&catalog, INTERVIEWS, 2);
    let bank = catalog.bank("product").expect("a product bank");
    let at = bank.questions.iter().position(|q| q.group.is_some()).expect("a claim with a row per receiver");
    let mut b = Bench::new(catalog, &session);
    b.open_interview("product", at);
    b.draw();
    b
}

/// ↓ and ↑ in turn, each followed by a full frame.
fn cycle(b: &mut Bench, down: &mut bool) {
    b.key(if *down { KeyCode::Down } else { KeyCode::Up });
    *down = !*down;
    b.draw();
}

fn interview(c: &mut Criterion) {
    let mut group = c.benchmark_group("keystroke/interview");
    for questions in testing::BANK_SIZES {
        let mut b = interview_bench(questions, INTERVIEWS);
        let mut down = true;
        group.bench_function(BenchmarkId::new("50-interviews", questions), |bench| {
            bench.iter(|| cycle(&mut b, &mut down));
        });
    }
    // Without a time slot: the pace line (time left, open questions) is not computed per frame.
    for questions in testing::BANK_SIZES {
        let mut b = interview_bench_with(questions, INTERVIEWS, false);
        let mut down = true;
        group.bench_function(BenchmarkId::new("50-interviews-no-time-slot", questions), |bench| {
            bench.iter(|| cycle(&mut b, &mut down));
        });
    }
    // An answer key, with the writer thread the program runs: the key hands the session to it
    // and draws; the write itself (timed in benches/save.rs) lands before the next key, as it
    // does between a person's keys, and is not timed here.
    let mut b = interview_bench(10_000, INTERVIEWS);
    b.app.writer = Some(crosscheck::storage::BackgroundWriter::start());
    b.key(KeyCode::Down); // onto the received question: a scale or a scored choice
    let mut one = true;
    group.bench_function(BenchmarkId::new("50-interviews-answer-key", 10_000), |bench| {
        bench.iter_custom(|iterations| {
            let mut total = Duration::ZERO;
            for _ in 0..iterations {
                let start = Instant::now();
                b.key(KeyCode::Char(if one { '1' } else { '2' }));
                b.draw();
                total += start.elapsed();
                one = !one;
                b.app.settle_writes();
            }
            total
        });
    });
    // The rows of a claim asked for several functions at once, in the PM's interview: Tab and
    // Shift-Tab between rows, each drawing the widget with every row's value.
    for questions in testing::BANK_SIZES {
        let mut b = rows_bench(questions);
        let mut next = true;
        group.bench_function(BenchmarkId::new("50-interviews-rows", questions), |bench| {
            bench.iter(|| {
                b.key(if next { KeyCode::Tab } else { KeyCode::BackTab });
                next = !next;
                b.draw();
            });
        });
    }
    // The session's size, at the largest bank.
    let mut b = interview_bench(10_000, 500);
    let mut down = true;
    group.bench_function(BenchmarkId::new("500-interviews", 10_000), |bench| {
        bench.iter(|| cycle(&mut b, &mut down));
    });
    group.finish();
}

/// The floor: the same two screens' text as plain lines in a bare `Paragraph`, in turn.
fn floor(c: &mut Criterion) {
    let mut b = interview_bench(10_000, INTERVIEWS);
    let mut screens = Vec::new();
    for code in [KeyCode::Down, KeyCode::Up] {
        b.key(code);
        b.draw();
        screens.push(b.screen_text());
    }
    let cells: usize = screens[0].iter().map(|l| l.chars().filter(|c| *c != ' ').count()).sum();
    eprintln!("floor: {} rows, {cells} non-blank cells", screens[0].len());
    let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("a test terminal");
    let mut i = 0;
    c.bench_function("keystroke/floor-paragraph", |bench| {
        bench.iter(|| {
            let text = &screens[i % 2];
            i += 1;
            terminal
                .draw(|f| {
                    let lines: Vec<Line> = text.iter().map(|l| Line::raw(l.as_str())).collect();
                    f.render_widget(Paragraph::new(black_box(lines)), f.area());
                })
                .expect("a frame");
        });
    });
}

fn divergence(c: &mut Criterion) {
    let mut group = c.benchmark_group("keystroke/divergence");
    let catalog = testing::catalog(10_000, 1);
    for interviews in testing::SESSION_SIZES {
        let session = testing::session(&catalog, interviews, 2);
        let mut b = Bench::new(catalog.clone(), &session);
        b.key(KeyCode::Char('v'));
        assert_eq!(b.app.screen(), Screen::Divergence);
        b.draw();
        let mut down = true;
        group.bench_function(BenchmarkId::new("interviews", interviews), |bench| {
            bench.iter(|| cycle(&mut b, &mut down));
        });
        // A row selected for the first time: its topic's evidence is computed before the frame.
        group.bench_function(BenchmarkId::new("new-row", interviews), |bench| {
            bench.iter_custom(|iterations| {
                let mut total = Duration::ZERO;
                for _ in 0..iterations {
                    // Reopened, the screen knows the evidence of its first row only.
                    b.key(KeyCode::Esc);
                    b.key(KeyCode::Char('v'));
                    let start = Instant::now();
                    b.key(KeyCode::Down);
                    b.draw();
                    total += start.elapsed();
                }
                total
            });
        });
    }
    group.finish();
}

/// The diagnosis screen: ↓/↑ between readings, then the frame (the readings are computed once,
/// when the screen opens), over the shipped banks.
fn diagnosis(c: &mut Criterion) {
    let mut group = c.benchmark_group("keystroke/diagnosis");
    let catalog = Catalog::embedded().expect("the embedded banks load");
    for interviews in testing::SESSION_SIZES {
        let session = testing::session(&catalog, interviews, 2);
        let mut b = Bench::new(catalog.clone(), &session);
        b.key(KeyCode::Char('g'));
        assert_eq!(b.app.screen(), Screen::Diagnosis);
        b.draw();
        let mut down = true;
        group.bench_function(BenchmarkId::new("interviews", interviews), |bench| {
            bench.iter(|| cycle(&mut b, &mut down));
        });
    }
    group.finish();
}

criterion_group!(benches, interview, floor, divergence, diagnosis);
criterion_main!(benches);
