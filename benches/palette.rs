//! The palette over 10,000 questions: one keystroke of a 1–3 letter query, from an open palette
//! (the scores are recomputed when the query changes; a longer query rescores only what matched),
//! with the 95th percentile of single keystrokes printed beside criterion's figures.
//!
//! `cargo bench --bench palette`

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent};

use crosscheck::testing;
use crosscheck::ui::overlays::palette::{Palette, Targets};

fn typed(palette: &mut Palette, text: &str) {
    for c in text.chars() {
        palette.type_key(KeyEvent::from(KeyCode::Char(c)));
    }
}

/// The 95th percentile of `samples` single runs of the last letter of `q` (criterion reports
/// means and medians; the budget has a p95 too). Printed, never asserted.
fn p95(catalog: &crosscheck::bank::Catalog, q: &str, samples: usize) -> Duration {
    let (before, last) = q.split_at(q.len() - 1);
    let mut times: Vec<Duration> = (0..samples)
        .map(|_| {
            let mut p = Palette::new(catalog);
            typed(&mut p, before);
            let start = Instant::now();
            typed(&mut p, last);
            black_box(p.matches.len());
            start.elapsed()
        })
        .collect();
    times.sort_unstable();
    times[samples * 95 / 100]
}

fn query(c: &mut Criterion) {
    let catalog = testing::catalog(10_000, 1);
    let mut group = c.benchmark_group("palette-10000");
    // The first opening builds what the palette searches; later ones reuse it.
    group.bench_function("first-open", |b| b.iter_with_large_drop(|| Palette::new(black_box(&catalog))));
    let targets = std::rc::Rc::new(Targets::new(&catalog));
    group.bench_function("open-again", |b| b.iter_with_large_drop(|| Palette::over(targets.clone())));
    // "ae": no word of the generated text starts with it, so every match is scored at once.
    for q in ["l", "la", "lau", "ae"] {
        eprintln!("palette-10000: last letter of {q:?}: p95 {:?} over 200 runs", p95(&catalog, q, 200));
        // The cost of the last letter, typed onto the query before it.
        let (before, last) = q.split_at(q.len() - 1);
        group.bench_function(BenchmarkId::new("last-letter-of", q), |b| {
            b.iter_batched(
                || {
                    let mut p = Palette::new(&catalog);
                    typed(&mut p, before);
                    p
                },
                // The palette is handed back, so that freeing it is not timed.
                |mut p| {
                    typed(&mut p, last);
                    p
                },
                criterion::BatchSize::LargeInput,
            )
        });
    }
    // "ae" ranks in parts, between frames: the keystroke above scores one frame's worth; this
    // is the keystroke and every part after it, until the list is final.
    group.bench_function("ae-until-ranked", |b| {
        b.iter_batched(
            || {
                let mut p = Palette::new(&catalog);
                typed(&mut p, "a");
                p
            },
            |mut p| {
                typed(&mut p, "e");
                p.settle();
                p
            },
            criterion::BatchSize::LargeInput,
        )
    });
    // Side by side: the two matchers scoring the same 10,000 texts for one query, nothing else.
    let texts: Vec<String> = catalog.banks.iter().flat_map(|b| b.questions.iter().map(|q| q.text.clone())).collect();
    for q in ["l", "la", "lau"] {
        let skim = fuzzy_matcher::skim::SkimMatcherV2::default();
        group.bench_function(BenchmarkId::new("fuzzy-matcher-score-all", q), |b| {
            b.iter(|| texts.iter().filter(|t| fuzzy_matcher::FuzzyMatcher::fuzzy_match(&skim, t, q).is_some()).count())
        });
        let utf32: Vec<nucleo_matcher::Utf32String> = texts.iter().map(|t| t.as_str().into()).collect();
        let mut matcher = nucleo_matcher::Matcher::new(nucleo_matcher::Config::DEFAULT);
        let pattern = nucleo_matcher::pattern::Pattern::parse(
            q,
            nucleo_matcher::pattern::CaseMatching::Smart,
            nucleo_matcher::pattern::Normalization::Smart,
        );
        group.bench_function(BenchmarkId::new("nucleo-matcher-score-all", q), |b| {
            b.iter(|| utf32.iter().filter(|t| pattern.score(t.slice(..), &mut matcher).is_some()).count())
        });
    }
    group.finish();
}

criterion_group!(benches, query);
criterion_main!(benches);
