//! Saving a 1 MB session: serialise and write durably (temporary file, fsync, rename, fsync of
//! the folder) through `Store::save`, and the serialisation alone.
//!
//! `cargo bench --bench save`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};

use crosscheck::bank::Catalog;
use crosscheck::storage::Store;
use crosscheck::testing;

fn save(c: &mut Criterion) {
    let catalog = Catalog::embedded().expect("the embedded banks");
    let session = testing::session_of_bytes(&catalog, 1_000_000, 3);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let store = Store::open(dir.path()).expect("a store");
    store.save(&session).expect("saved");
    let size = std::fs::metadata(store.path_of(&session.id).expect("a path")).expect("the file").len();
    eprintln!("save: {} interviews, {size} bytes on disk", session.interviews.len());

    let mut group = c.benchmark_group("save-1mb");
    group.bench_function("serialise", |b| b.iter(|| serde_json::to_vec_pretty(black_box(&session)).expect("json")));
    group.bench_function("store-save", |b| b.iter(|| store.save(black_box(&session)).expect("saved")));
    group.finish();
}

criterion_group!(benches, save);
criterion_main!(benches);
