//! Divergence for sessions of 5, 50 and 500 interviews over 50 topics, at each bank size.
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
            let id = BenchmarkId::new(format!("{questions}-questions"), format!("{interviews}-interviews"));
            group.bench_function(id, |b| b.iter(|| divergence::compute(black_box(&session), &catalog)));
        }
    }
    group.finish();
}

criterion_group!(benches, compute);
criterion_main!(benches);
