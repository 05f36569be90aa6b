//! The claim ledger of a 500-interview session with 200 claims, each put to every interview of
//! the functions it concerns: what the divergence screen, the report and `crosscheck claims`
//! compute when they open.
//!
//! `cargo bench --bench claims`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};

use crosscheck::bank::Catalog;
use crosscheck::session::{Check, Claim, Session, Verdict};
use crosscheck::{claims, testing};

fn with_claims(catalog: &Catalog, interviews: usize, count: usize) -> Session {
    let mut s = testing::session(catalog, interviews, 8);
    let topics: Vec<String> = catalog.topics.iter().map(|t| t.id.clone()).collect();
    let pms: Vec<usize> = (0..s.interviews.len()).filter(|&i| s.interviews[i].function == "product").collect();
    let t = s.updated_at;
    for n in 0..count {
        let topic = topics[n % topics.len()].clone();
        let concerns: Vec<String> = claims::receivers(catalog, &topic).into_iter().map(|(f, _)| f).collect();
        let claim = Claim {
            id: format!("0190f0c0-0000-7000-8000-{n:012x}"),
            topic,
            text: format!("Claim number {n} about what was sent"),
            concerns: concerns.clone(),
            notes: String::new(),
            quote: false,
            made_at: t,
            made_by: None,
            edited_at: t,
            withdrawn_at: None,
            revision: Default::default(),
        };
        for interview in s.interviews.iter_mut().filter(|i| concerns.contains(&i.function)) {
            let verdict = Verdict::ALL[n % Verdict::ALL.len()];
            interview.record_check(Check {
                claim: claim.id.clone(),
                verdict,
                notes: String::new(),
                at: t,
                by: None,
                revision: Default::default(),
            });
        }
        let pm = pms[n % pms.len()];
        s.interviews[pm].put_claim(claim);
    }
    s
}

fn ledger(c: &mut Criterion) {
    let catalog = Catalog::embedded().expect("the embedded banks");
    let mut group = c.benchmark_group("claims-ledger");
    for interviews in [50, 500] {
        let session = with_claims(&catalog, interviews, 200);
        group.bench_function(format!("{interviews}-interviews-200-claims"), |b| {
            b.iter(|| claims::ledger(black_box(&session), &catalog))
        });
    }
    group.finish();
}

criterion_group!(benches, ledger);
criterion_main!(benches);
