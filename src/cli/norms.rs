//! `crosscheck norms [FILE…] [--json] [--names]`: the headline figures over every engagement of
//! the data folder (and any files given), as distributions with their n. Sessions are read one
//! at a time and only their figures kept.

use std::fmt::Write as _;
use std::path::PathBuf;

use super::claims::flat;
use crate::bank::Catalog;
use crate::norms::{Counts, Distribution, Norms};
use crate::storage::Store;

/// `crosscheck norms`.
pub(super) fn norms(
    store: &Store,
    catalog: &Catalog,
    files: &[PathBuf],
    json: bool,
    names: bool,
) -> anyhow::Result<()> {
    let (mut figures, unread) = crate::norms::of_store(store, catalog)?;
    for file in files {
        figures.push(crate::norms::figures(&crate::copies::read_foreign(file, catalog)?, catalog));
    }
    for file in &unread {
        warn!("{}: not read (crosscheck list says why); left out of the norms", file.display());
    }
    crate::norms::one_each(&mut figures);
    let norms = crate::norms::norms(&figures, names);
    super::commands::print(json, &norms, || norms_text(&norms, catalog))
}

/// The norms as plain text.
pub fn norms_text(n: &Norms, catalog: &Catalog) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Norms over your engagements: n = {}", n.engagements);
    if let Some(names) = &n.organisations {
        let _ = writeln!(out, "  {}", names.iter().map(|o| flat(o)).collect::<Vec<_>>().join("; "));
    }
    let _ = writeln!(out, "Each figure: its median, quartiles and range over the engagements that have it (n).\n");
    let _ = writeln!(out, "Gap index: {}", spread(n.gap_index, 0));
    let _ = writeln!(out, "Readiness: {}", spread(n.readiness, 0));
    cells(&mut out, n, catalog);
    counts(&mut out, "DORA bands", &n.dora);
    counts(&mut out, "Readings", &n.readings);
    counts(&mut out, "Pillars", &n.pillars);
    out
}

/// Each topic and function, one row: the level received and the gap, each as its median and
/// quartiles with its n (the ranges are in --json).
fn cells(out: &mut String, n: &Norms, catalog: &Catalog) {
    let function = |f: &str| catalog.bank(f).map_or_else(|| f.to_string(), |b| b.title.clone());
    let labels: Vec<String> =
        n.cells.iter().map(|c| format!("{} — {}", flat(&c.title), function(&c.function))).collect();
    let width = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0).max("Topic — function".len());
    let _ = writeln!(out, "\nBy topic and function, in scale points: median (quartiles), n");
    let _ = writeln!(out, "  {:<width$}  {:<24}  Gap", "Topic — function", "Level received");
    for (c, label) in n.cells.iter().zip(labels) {
        let _ = writeln!(out, "  {label:<width$}  {:<24}  {}", brief(c.level), brief(c.gap));
    }
}

/// "1.5 (1.0 to 2.0), n 9", or a dash.
fn brief(d: Option<Distribution>) -> String {
    d.map_or("—".to_string(), |d| format!("{:.1} ({:.1} to {:.1}), n {}", d.median, d.q1, d.q3, d.n))
}

/// "35 (quartiles 28 to 41, range 12 to 60, n 9)".
fn spread(d: Option<Distribution>, decimals: usize) -> String {
    match d {
        Some(d) => format!(
            "{:.decimals$} (quartiles {:.decimals$} to {:.decimals$}, range {:.decimals$} to {:.decimals$}, n {})",
            d.median, d.q1, d.q3, d.min, d.max, d.n
        ),
        None => "no figure (n 0)".to_string(),
    }
}

fn counts(out: &mut String, title: &str, counts: &[Counts]) {
    let _ = writeln!(out, "\n{title}:");
    if counts.is_empty() {
        let _ = writeln!(out, "  none");
    }
    for c in counts {
        let verdicts: Vec<String> = c.verdicts.iter().map(|(v, k)| format!("{} {k}", flat(v))).collect();
        let _ = writeln!(out, "  {} (n {}): {}", flat(&c.about), c.n, verdicts.join(" · "));
    }
}
