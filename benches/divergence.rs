//! Divergence for sessions of 5, 50 and 500 interviews over 50 topics, at each bank size: the
//! matrix (what the divergence screen computes when it opens), one topic with its evidence from
//! scratch (every topic's notes split to weigh its terms: what the screen pays once, for the
//! first row), the next topic from notes already split (what it pays when a row is first
//! selected after that) and the whole divergence with every topic's evidence (what exports and
//! reports compute).
//!
//! `cargo bench --bench divergence`

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

use crosscheck::{divergence, testing};

fn compute(c: &mut Criterion) {
    let mut group = c.benchmark_group("divergence");
    for questions in testing::BANK_SIZES {
        let catalog = testing::catalog(questions, 1);
        for interviews in testing::SESSION_SIZES {
            let session = testing::session(&catalog, interviews, 2);
            let size = format!("{questions}-questions/{interviews}-interviews");
            group.bench_function(BenchmarkId::new("matrix", &size), |b| {
                b.iter(|| divergence::matrix(black_box(&session), &catalog))
            });
            // The most severe topic: the row selected when the screen opens.
            let first = divergence::matrix(&session, &catalog).topics[0].topic.clone();
            group.bench_function(BenchmarkId::new("one-topic", &size), |b| {
                b.iter(|| divergence::topic(black_box(&session), &catalog, &first))
            });
            let second = divergence::matrix(&session, &catalog).topics.get(1).map(|t| t.topic.clone());
            let notes = divergence::Notes::of(&session, &catalog);
            group.bench_function(BenchmarkId::new("next-topic", &size), |b| {
                b.iter(|| notes.topic(black_box(&catalog), second.as_deref().unwrap_or(&first)))
            });
            group.bench_function(BenchmarkId::new("with-evidence", &size), |b| {
                b.iter(|| divergence::compute(black_box(&session), &catalog))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, compute);
criterion_main!(benches);
