//! Checking a config file grows with its size, not its square: 50 KB and 500 KB of key
//! bindings (each entry located for its message), so the ratio of the two medians should be
//! about 10.
//!
//! `cargo bench --bench config`

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};

fn config_text(entries: usize) -> String {
    let keys: Vec<String> =
        (0..entries).map(|i| format!("  \"interview.action-{i}\": [\"x\", \"ctrl-{i}\"]")).collect();
    format!("{{\n \"theme\": \"dark\",\n \"keys\": {{\n{}\n }}\n}}\n", keys.join(",\n"))
}

fn config(c: &mut Criterion) {
    let mut group = c.benchmark_group("config-check");
    group.sample_size(20);
    for entries in [1_250, 12_500] {
        let text = config_text(entries);
        eprintln!("config: {entries} entries, {} KB", text.len() / 1024);
        group.bench_function(format!("{} KB", text.len() / 1024), |b| {
            b.iter(|| crosscheck::config::parse(Path::new("config.json"), black_box(&text)))
        });
    }
    group.finish();
}

criterion_group!(benches, config);
criterion_main!(benches);
