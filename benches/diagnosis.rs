//! The diagnosis of sessions of 5, 50 and 500 interviews over the shipped banks: every reading
//! with the answers it rests on, each pillar and the cascade (what the report and `crosscheck
//! diagnosis` compute), for an Operations engagement and for one of all five pillars.
//!
//! `cargo bench --bench diagnosis`

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

use crosscheck::bank::{Catalog, Scope};
use crosscheck::{diagnosis, testing};

fn diagnose(c: &mut Criterion) {
    let mut group = c.benchmark_group("diagnosis");
    let catalog = Catalog::embedded().expect("the embedded banks load");
    for interviews in testing::SESSION_SIZES {
        let mut session = testing::session(&catalog, interviews, 3);
        group.bench_function(BenchmarkId::new("readings", format!("{interviews}-interviews")), |b| {
            b.iter(|| diagnosis::diagnose(black_box(&session), &catalog))
        });
        session.scope = Scope::all();
        let name = format!("{interviews}-interviews");
        group.bench_function(BenchmarkId::new("five-pillars", name), |b| {
            b.iter(|| diagnosis::diagnose(black_box(&session), &catalog.in_scope(&session.scope)))
        });
    }
    group.finish();
}

criterion_group!(benches, diagnose);
criterion_main!(benches);
