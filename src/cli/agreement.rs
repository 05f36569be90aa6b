//! `crosscheck agreement ID [--json]`: each interview captured twice, how far its two captures
//! agree (Krippendorff's alpha, ordinal) and the questions they answered differently; then each
//! topic over every pair, and the marks that pair with nothing.

use std::fmt::Write as _;

use super::claims::flat;
use crate::agreement::{Agreement, Level, MIN_UNITS, Pair, RELIABLE, TENTATIVE};
use crate::bank::Catalog;
use crate::session::Session;
use crate::storage::Store;

/// `crosscheck agreement ID [--json]`.
pub(super) fn agreement(store: &Store, catalog: &Catalog, id: &str, json: bool) -> anyhow::Result<()> {
    let session = store.load(id, catalog)?;
    let agreement = crate::agreement::compute(&session, catalog);
    super::commands::print(json, &agreement, || agreement_text(&session, &agreement))
}

/// The agreement as plain text.
pub fn agreement_text(session: &Session, a: &Agreement) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Agreement between captures — {} ({})", flat(&session.organisation), session.id);
    let _ = writeln!(
        out,
        "Krippendorff's alpha, ordinal, over the questions both captures scored: reliable at {RELIABLE:.3} or above, \
         tentative at {TENTATIVE:.3}, low below; not read on fewer than {MIN_UNITS} questions."
    );
    if a.pairs.is_empty() && a.unpaired.is_empty() {
        let _ = writeln!(
            out,
            "\nNo interview is marked as a second capture of another. On the session screen, select the second \
             capture and press c to choose the interview it captured again."
        );
        return out;
    }
    if !a.pairs.is_empty() {
        let _ =
            writeln!(out, "\nOverall, {} pair(s): {}.", a.pairs.len(), alpha_text(a.alpha, a.level, a.units, a.same));
    }
    for pair in &a.pairs {
        pair_text(&mut out, pair);
    }
    if !a.topics.is_empty() {
        let _ = writeln!(out, "\nBy topic, over every pair:");
        for t in &a.topics {
            let _ = writeln!(out, "  {}: {}", flat(&t.title), alpha_text(t.alpha, t.level, t.units, t.same));
        }
    }
    if !a.unpaired.is_empty() {
        let _ = writeln!(out, "\nMarked but not compared:");
        for u in &a.unpaired {
            let _ = writeln!(out, "  {}: {}", flat(&u.label), flat(&u.reason));
        }
    }
    out
}

fn pair_text(out: &mut String, pair: &Pair) {
    let by = |interviewer: &Option<String>| {
        interviewer.as_deref().map(|i| format!(" (captured by {})", flat(i))).unwrap_or_default()
    };
    let _ = writeln!(out, "\n{}{}", flat(&pair.first.label), by(&pair.first.interviewer));
    let _ = writeln!(out, "  and its second capture {}{}", flat(&pair.second.label), by(&pair.second.interviewer));
    let _ = writeln!(out, "  {}", alpha_text(pair.alpha, pair.level, pair.units, pair.same));
    if pair.differences.is_empty() {
        let _ = writeln!(out, "  Every question both asked was answered the same.");
        return;
    }
    let _ = writeln!(out, "  Answered differently ({}):", pair.differences.len());
    for d in &pair.differences {
        let points = d.points.map(|p| format!(" ({p:+.1} points)")).unwrap_or_default();
        let _ = writeln!(out, "    {} — {}", d.question_id, short(&d.question));
        let _ = writeln!(out, "      first: {} · second: {}{points}", flat(&d.first), flat(&d.second));
    }
}

/// "α 0.830 (reliable), 20 of 23 scored the same".
fn alpha_text(alpha: Option<f64>, level: Level, units: usize, same: usize) -> String {
    let same = format!("{same} of {units} scored the same");
    match (alpha, level) {
        (Some(a), Level::Reliable | Level::Tentative | Level::Low) => format!("α {a:.3} ({}), {same}", level.name()),
        _ => format!("{same} ({})", level.name()),
    }
}

/// A question's text cut to a line's worth.
fn short(s: &str) -> String {
    let s = flat(s);
    match s.char_indices().nth(70) {
        Some((at, _)) => format!("{}…", &s[..at]),
        None => s,
    }
}
