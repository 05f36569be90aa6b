//! A keystroke on a question whose note is huge (100 KB, 1 MB, 10 MB): an answer key, a move
//! onto the question and back, and a character typed in its notes editor, each followed by a
//! full 200×60 frame. The cost must not grow with the note: only what is visible is laid out.
//!
//! `cargo bench --bench big_note`

mod common;

use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use crossterm::event::KeyCode;

use common::Bench;
use crosscheck::bank::{Catalog, Kind};
use crosscheck::session::Session;

/// The note sizes measured.
const SIZES: [usize; 3] = [100_000, 1_000_000, 10_000_000];

/// About `bytes` of notes: sentences, a paragraph every ten of them, as typed in an interview.
fn note(bytes: usize) -> String {
    let sentence =
        "The deck reached the regional leads the Friday before launch, but the reps heard of it from a customer. ";
    let mut out = String::with_capacity(bytes + sentence.len() * 10);
    let mut n = 0;
    while out.len() < bytes {
        out.push_str(sentence);
        n += 1;
        if n % 10 == 0 {
            out.push('\n');
        }
    }
    out
}

/// A Sales interview on its first scale question, whose notes are `bytes` long, with the
/// writer thread the program runs.
fn bench_with_note(bytes: usize) -> (Bench, usize) {
    let catalog = Catalog::embedded().expect("the embedded banks load");
    let bank = catalog.bank("sales").expect("a sales bank");
    let at = bank.questions.iter().position(|q| q.kind == Kind::Scale).expect("a scale question");
    let now = common::now() - chrono::Duration::minutes(30);
    let mut session = Session::new("big-note".into(), "Acme Ltd".into(), None, now);
    let i = session.add_interview("sales", &bank.version, now);
    let answer = session.interviews[i].answer_mut(&bank.questions[at].id);
    answer.set_notes(note(bytes), Kind::Scale, now);
    let mut b = Bench::new(catalog, &session);
    b.open_interview("sales", at);
    b.app.writer = Some(crosscheck::storage::BackgroundWriter::start());
    b.draw();
    (b, at)
}

/// Times `key` then a frame, `iterations` times; what the key hands the writer lands between
/// keys, untimed, as it does between a person's keys.
fn timed(b: &mut Bench, iterations: u64, mut key: impl FnMut(&mut Bench, u64)) -> Duration {
    let mut total = Duration::ZERO;
    for n in 0..iterations {
        let start = Instant::now();
        key(b, n);
        b.draw();
        total += start.elapsed();
        b.app.settle_writes();
    }
    total
}

fn big_note(c: &mut Criterion) {
    let mut group = c.benchmark_group("keystroke/big-note");
    group.sample_size(10).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(3));
    for bytes in SIZES {
        let (mut b, at) = bench_with_note(bytes);
        group.bench_function(BenchmarkId::new("answer-key", bytes), |bench| {
            bench.iter_custom(|iterations| {
                timed(&mut b, iterations, |b, n| b.key(KeyCode::Char(if n % 2 == 0 { '1' } else { '2' })))
            });
        });
        group.bench_function(BenchmarkId::new("move-onto-and-off", bytes), |bench| {
            bench.iter_custom(|iterations| {
                timed(&mut b, iterations, |b, _| b.key(if b.question() == at { KeyCode::Down } else { KeyCode::Up }))
            });
        });
        // An odd number of moves ends below the question.
        if b.question() != at {
            b.key(KeyCode::Up);
        }
        b.key(KeyCode::Char('e'));
        group.bench_function(BenchmarkId::new("typing-in-its-notes", bytes), |bench| {
            bench.iter_custom(|iterations| timed(&mut b, iterations, |b, _| b.key(KeyCode::Char('x'))));
        });
    }
    group.finish();
}

criterion_group!(benches, big_note);
criterion_main!(benches);
