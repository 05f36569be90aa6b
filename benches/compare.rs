//! `compare` of two engagements of 5, 50 and 500 interviews over the shipped banks, all five
//! pillars: both matrices, both diagnoses and both claim ledgers, then every cell and verdict
//! set side by side (what `crosscheck compare` computes).
//!
//! `cargo bench --bench compare`

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

use crosscheck::bank::{Catalog, Scope};
use crosscheck::{compare, testing};

fn engagements(c: &mut Criterion) {
    let mut group = c.benchmark_group("compare");
    let catalog = Catalog::embedded().expect("the embedded banks load");
    for interviews in testing::SESSION_SIZES {
        // Two engagements at one client: different answers, the same banks.
        let mut earlier = testing::session(&catalog, interviews, 3);
        let mut later = testing::session(&catalog, interviews, 4);
        earlier.scope = Scope::all();
        later.scope = Scope::all();
        group.bench_function(BenchmarkId::new("engagements", format!("{interviews}-interviews")), |b| {
            b.iter(|| compare::compare(black_box(&earlier), black_box(&later), &catalog))
        });
    }
    group.finish();
}

criterion_group!(benches, engagements);
criterion_main!(benches);
