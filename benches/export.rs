//! Export (`transcript::build` + `to_json`, the REFI-QDA project, the answers CSV) and report
//! (`report::markdown`) of a 10 MB session, and reading the file, as `crosscheck export ID
//! [--format qdpx|csv]` and `crosscheck report ID` do.
//! Peak memory is measured on the real binary; see the README's Performance section.
//!
//! `cargo bench --bench export`

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};

use crosscheck::bank::Catalog;
use crosscheck::storage::{Store, parse_session};
use crosscheck::{export as formats, report, testing, transcript};

fn export(c: &mut Criterion) {
    let catalog = Catalog::embedded().expect("the embedded banks");
    let session = testing::session_of_bytes(&catalog, 10_000_000, 4);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let store = Store::open(dir.path()).expect("a store");
    store.save(&session).expect("saved");
    // The session as one file (an import's or an emergency copy's form).
    let path = store.location(&session.id).expect("a path").single_file;
    let text = String::from_utf8(crosscheck::storage::encode_session(&session).expect("encoded")).expect("text");
    let now = session.updated_at;
    let json = transcript::to_json(&transcript::build(&session, &catalog, now));
    let markdown = report::markdown(&session, &catalog, now, &crosscheck::report::ReadOut::client());
    let t = transcript::build(&session, &catalog, now);
    let (qdpx, csv) =
        (formats::qdpx(&t, &catalog).expect("a project"), formats::answers_csv(&t, formats::LineEnd::Crlf));
    eprintln!("export: project {} bytes, answers CSV {} bytes", qdpx.len(), csv.len());
    eprintln!(
        "export: {} interviews, session {} bytes, transcript {} bytes, report {} bytes",
        session.interviews.len(),
        text.len(),
        json.len(),
        markdown.len()
    );

    let mut group = c.benchmark_group("export-10mb");
    group.sample_size(10).measurement_time(Duration::from_secs(5));
    group.bench_function("read-session", |b| b.iter(|| parse_session(&path, black_box(&text)).expect("parsed")));
    group.bench_function("export", |b| {
        b.iter(|| transcript::to_json(&transcript::build(black_box(&session), &catalog, now)))
    });
    group.bench_function("report", |b| {
        b.iter(|| report::markdown(black_box(&session), &catalog, now, &crosscheck::report::ReadOut::client()))
    });
    // As the commands do: the transcript built, then the project or the table from it.
    group.bench_function("qdpx", |b| {
        b.iter(|| formats::qdpx(&transcript::build(black_box(&session), &catalog, now), &catalog).expect("a project"))
    });
    group.bench_function("csv", |b| {
        b.iter(|| formats::answers_csv(&transcript::build(black_box(&session), &catalog, now), formats::LineEnd::Crlf))
    });
    group.finish();
}

criterion_group!(benches, export);
criterion_main!(benches);
