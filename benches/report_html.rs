//! The HTML report of a 10 MB session (`report::html`: the Markdown report rendered to HTML in
//! its page), beside the Markdown report alone. Peak memory is measured on the real binary.
//!
//! `cargo bench --bench report_html`

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};

use crosscheck::bank::Catalog;
use crosscheck::{report, testing};

fn html(c: &mut Criterion) {
    let catalog = Catalog::embedded().expect("the embedded banks");
    let session = testing::session_of_bytes(&catalog, 10_000_000, 4);
    let now = session.updated_at;
    eprintln!(
        "report html: {} bytes for {} interviews",
        report::html(&session, &catalog, now, &crosscheck::report::ReadOut::client()).len(),
        session.interviews.len()
    );
    let mut group = c.benchmark_group("report-10mb");
    group.sample_size(10).measurement_time(Duration::from_secs(5));
    group.bench_function("markdown", |b| {
        b.iter(|| report::markdown(black_box(&session), &catalog, now, &crosscheck::report::ReadOut::client()))
    });
    group.bench_function("html", |b| {
        b.iter(|| report::html(black_box(&session), &catalog, now, &crosscheck::report::ReadOut::client()))
    });
    group.finish();
}

criterion_group!(benches, html);
criterion_main!(benches);
