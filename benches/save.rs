//! Saving: a 1 MB session written whole (serialise, then write durably — temporaries,
//! fsynced together, renamed, one fsync per folder — through `Store::save`), and the serialisation alone;
//! and the cost of saving one answer at 5, 50 and 500 interviews, against writing the whole
//! session as one file, as crosscheck did before sessions became folders.
//!
//! `cargo bench --bench save`

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

use crosscheck::bank::Catalog;
use crosscheck::storage::{Changed, Store, encode_session, write_private_atomic, write_session};
use crosscheck::testing;

const SIZES: [usize; 3] = [5, 50, 500];

fn save(c: &mut Criterion) {
    let catalog = Catalog::embedded().expect("the embedded banks");
    let session = testing::session_of_bytes(&catalog, 1_000_000, 3);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let store = Store::open(dir.path()).expect("a store");
    store.save(&session).expect("saved");
    let size = encode_session(&session).expect("encoded").len();
    eprintln!("save: {} interviews, {size} bytes as one file", session.interviews.len());

    let mut group = c.benchmark_group("save-1mb");
    group.bench_function("serialise", |b| b.iter(|| serde_json::to_vec_pretty(black_box(&session)).expect("json")));
    group.bench_function("store-save", |b| b.iter(|| store.save(black_box(&session)).expect("saved")));
    group.finish();
}

/// One answer changed in one interview, then what changed written through the path the
/// writer thread takes (the lock checked, each file atomic and fsynced): one interview's file.
fn save_answer(c: &mut Criterion) {
    let catalog = Catalog::embedded().expect("the embedded banks");
    let mut group = c.benchmark_group("save-answer");
    for n in SIZES {
        let mut session = testing::session(&catalog, n, 11);
        let dir = tempfile::tempdir().expect("a temporary folder");
        let store = Store::open(dir.path()).expect("a store");
        store.save(&session).expect("saved");
        let lock = store.lock(&session.id).expect("the lock");
        let location = store.location(&session.id).expect("a place");
        let k = n / 2;
        let question = session.interviews[k].answers.keys().next().expect("an answer").clone();
        let changed = Changed { meta: false, interviews: [session.interviews[k].id.clone()].into() };
        let mut typed = 0u64;
        group.bench_function(BenchmarkId::from_parameter(n), |b| {
            b.iter(|| {
                typed += 1;
                session.interviews[k].answer_mut(&question).notes = format!("said {typed}");
                write_session(&location, black_box(&session), &changed, &lock).expect("written")
            })
        });
    }
    group.finish();
}

/// The same answer saved the way crosscheck did before: the whole session as one file.
fn save_answer_single_file(c: &mut Criterion) {
    let catalog = Catalog::embedded().expect("the embedded banks");
    let mut group = c.benchmark_group("save-answer-single-file");
    group.sample_size(10).measurement_time(Duration::from_secs(8));
    for n in SIZES {
        let mut session = testing::session(&catalog, n, 11);
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join(format!("{}.json", session.id));
        let k = n / 2;
        let question = session.interviews[k].answers.keys().next().expect("an answer").clone();
        let mut typed = 0u64;
        group.bench_function(BenchmarkId::from_parameter(n), |b| {
            b.iter(|| {
                typed += 1;
                session.interviews[k].answer_mut(&question).notes = format!("said {typed}");
                let bytes = encode_session(black_box(&session)).expect("encoded");
                write_private_atomic(&path, &bytes).expect("written")
            })
        });
    }
    group.finish();
}

criterion_group!(benches, save, save_answer, save_answer_single_file);
criterion_main!(benches);
