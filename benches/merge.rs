//! Merging 20 interviewers' transcripts of one engagement, about 10 MB in all, as `crosscheck
//! merge a.json … -o all.json` does: read each transcript back into a session, then merge
//! them all. Peak memory is measured on the real binary (README, Performance).
//!
//! `cargo bench --bench merge`

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};

use crosscheck::bank::Catalog;
use crosscheck::session::Session;
use crosscheck::{merge, testing, transcript};

fn read(texts: &[String]) -> Vec<Session> {
    texts
        .iter()
        .map(|t| {
            let parsed = transcript::parse("t.json", t).expect("a transcript");
            transcript::to_session("t.json", t, &parsed).expect("a session")
        })
        .collect()
}

fn merging(c: &mut Criterion) {
    let catalog = Catalog::embedded().expect("the embedded banks");
    let copies = testing::engagement_copies(&catalog, 20, 10_000_000, 11);
    let texts: Vec<String> =
        copies.iter().map(|s| transcript::to_json(&transcript::build(s, &catalog, s.updated_at))).collect();
    let total: usize = texts.iter().map(String::len).sum();
    let merged = merge::merge_all(&copies, false).expect("one engagement").expect("merged");
    eprintln!(
        "merge: {} transcripts, {total} bytes, {} interviews merged, {} open conflicts",
        texts.len(),
        merged.interviews.len(),
        merged.open_conflicts()
    );

    let mut group = c.benchmark_group("merge-20-transcripts-10mb");
    group.sample_size(10).measurement_time(Duration::from_secs(8));
    group.bench_function("read", |b| b.iter(|| read(black_box(&texts))));
    group.bench_function("merge", |b| b.iter(|| merge::merge_all(black_box(&copies), false)));
    group.bench_function("read-and-merge", |b| {
        b.iter(|| merge::merge_all(&read(black_box(&texts)), false).expect("one engagement"))
    });
    group.finish();
}

criterion_group!(benches, merging);
criterion_main!(benches);
