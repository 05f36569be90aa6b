use super::*;
use crate::testing::Rng;

/// The Python `krippendorff` package (Castro, PyPI), run on the same units: coders as rows,
/// missing values as NaN. `CROSSCHECK_PYTHON` names the interpreter that has it (CI installs it
/// in a virtual environment), else `python3`.
fn reference(datasets: &[Vec<alpha::Unit>]) -> Vec<Option<f64>> {
    let coders = |units: &Vec<alpha::Unit>| units.iter().map(Vec::len).max().unwrap_or(0);
    let matrices: Vec<Vec<Vec<Option<f64>>>> = datasets
        .iter()
        .map(|units| (0..coders(units)).map(|c| units.iter().map(|u| u.get(c).copied()).collect()).collect())
        .collect();
    let script = r#"
import json, sys
import numpy as np
import krippendorff
out = []
for rows in json.load(sys.stdin):
    data = np.array([[np.nan if v is None else v for v in row] for row in rows], dtype=float)
    try:
        a = krippendorff.alpha(reliability_data=data, level_of_measurement="ordinal")
        out.append(None if np.isnan(a) else float(a))
    except ValueError:
        out.append(None)
print(json.dumps(out))
"#;
    let python = std::env::var("CROSSCHECK_PYTHON").unwrap_or_else(|_| "python3".to_string());
    let mut child = std::process::Command::new(&python)
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{python}: {e} (the agreement test needs Python with the krippendorff package)"));
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(serde_json::to_string(&matrices).unwrap().as_bytes()).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{python} failed: is the krippendorff package installed? (pip install krippendorff)");
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Units as two or three captures of 0–4 scores (some missing, some choice scores between the
/// points), with agreement from close to none.
fn generated(rng: &mut Rng, units: usize, coders: usize, noise: u64) -> Vec<alpha::Unit> {
    (0..units)
        .map(|_| {
            let truth = rng.below(5) as f64;
            let mut unit = Vec::new();
            for _ in 0..coders {
                if rng.chance(0.1) {
                    continue;
                }
                let off = rng.below(2 * noise as usize + 1) as f64 - noise as f64;
                let v = (truth + off).clamp(0.0, 4.0);
                unit.push(if rng.chance(0.1) { v.min(3.5) + 0.5 } else { v });
            }
            unit
        })
        .collect()
}

#[test]
fn alpha_matches_the_krippendorff_package() {
    let mut rng = Rng::new(7);
    let mut datasets: Vec<Vec<alpha::Unit>> = Vec::new();
    for (units, coders, noise) in [(10, 2, 0), (25, 2, 1), (40, 2, 2), (60, 3, 1), (8, 2, 3), (200, 2, 1), (5, 4, 2)] {
        datasets.push(generated(&mut rng, units, coders, noise));
    }
    // Data with no variation (alpha undefined), and a single pairable unit.
    datasets.push(vec![vec![2.0, 2.0], vec![2.0, 2.0, 2.0]]);
    datasets.push(vec![vec![1.0, 3.0], vec![2.0]]);
    let expected = reference(&datasets);
    for (units, expected) in datasets.iter().zip(expected) {
        let ours = alpha::ordinal(units);
        match (ours, expected) {
            (Some(a), Some(b)) => assert!((a - b).abs() < 1e-9, "ours {a}, krippendorff {b}, units {units:?}"),
            (a, b) => assert_eq!(a, b, "units {units:?}"),
        }
    }
}

fn captured_twice(apart: usize) -> (Session, Catalog) {
    (crate::testing::demo_captured_twice(apart), Catalog::embedded().unwrap())
}

#[test]
fn an_identical_second_capture_agrees_fully_and_differences_are_listed() {
    let (session, catalog) = captured_twice(0);
    let a = compute(&session, &catalog);
    assert_eq!(a.pairs.len(), 1);
    let pair = &a.pairs[0];
    assert_eq!(
        (pair.first.interview.as_str(), pair.second.interview.as_str()),
        (
            session.interviews[session.interviews.iter().position(|i| i.function == "sales").unwrap()].id.as_str(),
            "sales-second-capture"
        )
    );
    assert!(pair.units >= 5, "{}", pair.units);
    assert_eq!(pair.alpha, Some(1.0));
    assert_eq!(pair.level, Level::Reliable);
    assert!(pair.differences.is_empty());

    let (session, catalog) = captured_twice(4);
    let a = compute(&session, &catalog);
    let pair = &a.pairs[0];
    assert_eq!(pair.differences.len(), 4);
    assert!(pair.differences.iter().all(|d| d.points.is_some_and(|p| p.abs() == 1.0)));
    assert!(pair.alpha.unwrap() < 1.0);
    assert_eq!(a.units, pair.units);
    // Every topic a pair scored has its own figure, over fewer units.
    assert!(!a.topics.is_empty());
    assert!(a.topics.iter().all(|t| t.units <= a.units));
}

#[test]
fn marks_that_pair_with_nothing_are_said_not_dropped() {
    let (mut session, catalog) = captured_twice(0);
    let product = session.interviews.iter().find(|i| i.function == "product").unwrap().id.clone();
    let last = session.interviews.len() - 1;
    session.interviews[last].second_capture_of = Some(product);
    let mut third = session.interviews[0].clone();
    third.id = "gone".into();
    third.second_capture_of = Some("no-such-interview".into());
    session.interviews.push(third);
    let a = compute(&session, &catalog);
    assert!(a.pairs.is_empty());
    assert_eq!(a.unpaired.len(), 2);
    assert!(
        a.unpaired[0].reason.contains("a sales interview marked as a second capture of a product one"),
        "{:?}",
        a.unpaired
    );
    assert!(a.unpaired[1].reason.contains("no-such-interview"), "{:?}", a.unpaired);
    assert_eq!(a.level, Level::TooFew);
}

#[test]
fn a_second_capture_is_not_a_second_account() {
    let (session, catalog) = captured_twice(4);
    let mut once = session.clone();
    once.interviews.pop();
    assert_eq!(crate::divergence::compute(&session, &catalog), crate::divergence::compute(&once, &catalog));
    assert_eq!(crate::divergence::matrix(&session, &catalog), crate::divergence::matrix(&once, &catalog));
    assert_eq!(crate::diagnosis::diagnose(&session, &catalog), crate::diagnosis::diagnose(&once, &catalog));
    assert_eq!(crate::claims::ledger(&session, &catalog), crate::claims::ledger(&once, &catalog));
    // Without the mark, the copy counts: the test can fail.
    let mut unmarked = session.clone();
    unmarked.interviews.last_mut().unwrap().second_capture_of = None;
    assert_ne!(crate::divergence::matrix(&unmarked, &catalog), crate::divergence::matrix(&once, &catalog));
}
