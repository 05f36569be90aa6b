//! The palette over 10,000 questions: one keystroke of a 1–3 letter query, from an open palette
//! (the scores are recomputed when the query changes; a longer query rescores only what matched).
//!
//! `cargo bench --bench palette`

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent};

use crosscheck::testing;
use crosscheck::ui::palette::Palette;

fn typed(palette: &mut Palette, text: &str) {
    for c in text.chars() {
        palette.input(KeyEvent::from(KeyCode::Char(c)));
    }
}

fn query(c: &mut Criterion) {
    let catalog = testing::catalog(10_000, 1);
    let mut group = c.benchmark_group("palette-10000");
    for q in ["l", "la", "lau"] {
        // The cost of the last letter, typed onto the query before it.
        let (before, last) = q.split_at(q.len() - 1);
        group.bench_function(BenchmarkId::new("last-letter-of", q), |b| {
            b.iter_batched(
                || {
                    let mut p = Palette::new(&catalog);
                    typed(&mut p, before);
                    p
                },
                |mut p| {
                    typed(&mut p, last);
                    black_box(p.matches.len())
                },
                criterion::BatchSize::LargeInput,
            )
        });
    }
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
