//! `crosscheck compare EARLIER LATER [--json]`: what moved since the last assessment. Each of
//! the two is a session id of the data folder or a file (a transcript, a session file).

use std::fmt::Write as _;

use super::claims::flat;
use crate::bank::Catalog;
use crate::compare::{Change, Comparison, MOVED_POINTS, Movement, VerdictChange};
use crate::storage::Store;

/// `crosscheck compare EARLIER LATER [--json]`.
pub(super) fn compare(
    store: &Store,
    catalog: &Catalog,
    earlier: &str,
    later: Option<&str>,
    json: bool,
) -> anyhow::Result<()> {
    let (earlier, later) = match later {
        Some(later) => (
            super::commands::read_session(store, catalog, earlier)?,
            super::commands::read_session(store, catalog, later)?,
        ),
        // One engagement: the one it follows up is the earlier.
        None => {
            let later = super::commands::read_session(store, catalog, earlier)?;
            let Some(follows) = later.follows.clone() else {
                anyhow::bail!(
                    "{earlier} follows up no earlier engagement: name both (crosscheck compare EARLIER {earlier})"
                );
            };
            (super::commands::read_session(store, catalog, &follows)?, later)
        }
    };
    let comparison = crate::compare::compare(&earlier, &later, catalog);
    super::commands::print(json, &comparison, || comparison_text(&comparison, catalog))
}

/// The comparison as plain text: the headline, what moved, what changed verdict, what could
/// not be compared.
pub fn comparison_text(c: &Comparison, catalog: &Catalog) -> String {
    let mut out = String::new();
    let function = |f: &str| catalog.bank(f).map_or_else(|| f.to_string(), |b| b.title.clone());
    let name = |e: &crate::compare::Engagement| {
        let launch = e.launch.as_deref().map(|l| format!(", about {}", flat(l))).unwrap_or_default();
        format!("{} ({}, {}{launch}, {} interviews)", flat(&e.organisation), e.id, e.created_at, e.interviews)
    };
    let _ = writeln!(out, "Since the last assessment");
    let _ = writeln!(out, "  earlier: {}", name(&c.earlier));
    let _ = writeln!(out, "  later:   {}", name(&c.later));
    let _ = writeln!(out);
    let _ = writeln!(out, "Gap index (lower: the accounts closer): {}", change(c.gap_index, 0));
    let _ = writeln!(out, "Readiness (higher: more reached the functions): {}", change(c.readiness, 0));
    let moved: Vec<_> = c.cells.iter().filter(|x| x.movement != Movement::Unchanged).collect();
    let _ = writeln!(
        out,
        "\nWhat moved ({} of {} cells compared; a move is {MOVED_POINTS:.0} scale point or more):",
        moved.len(),
        c.cells.len()
    );
    if moved.is_empty() {
        let _ = writeln!(out, "  nothing");
    }
    for x in moved {
        let _ = writeln!(
            out,
            "  {} {} — {}: level {}, gap {} ({} → {})",
            x.movement.symbol(),
            flat(&x.title),
            function(&x.function),
            change(x.level, 1),
            change(x.gap, 1),
            x.verdict_earlier,
            x.verdict_later
        );
    }
    verdicts(&mut out, "Pillars whose level changed", &c.pillars);
    verdicts(&mut out, "Readings whose verdict changed", &c.readings);
    verdicts(&mut out, "Claims whose standing changed", &c.claims);
    if !c.not_comparable.is_empty() {
        let _ = writeln!(out, "\nNot compared ({} cells):", c.not_comparable.len());
        for (f, reason, topics) in c.not_comparable_grouped() {
            let topics: Vec<String> = topics.into_iter().map(flat).collect();
            let _ = writeln!(out, "  {} — {}: {}", function(f), flat(reason), topics.join(", "));
        }
    }
    if !c.retired.is_empty() {
        let _ = writeln!(out, "\nAnswers to questions the banks in force no longer ask (not compared):");
        for r in &c.retired {
            let text = r.text.as_deref().map(|t| format!(": \"{}\"", flat(t))).unwrap_or_default();
            let _ = writeln!(out, "  {} ({}, {}){text}", r.question_id, r.engagement, r.function);
        }
    }
    out
}

fn verdicts(out: &mut String, title: &str, changes: &[VerdictChange]) {
    let _ = writeln!(out, "\n{title}:");
    if changes.is_empty() {
        let _ = writeln!(out, "  none");
    }
    for v in changes {
        let _ = writeln!(out, "  {}: {} → {}", flat(&v.about), flat(&v.earlier), flat(&v.later));
    }
}

/// "2.0 → 3.5 (+1.5)", or what is missing.
fn change(c: Change, decimals: usize) -> String {
    let v = |x: Option<f64>| x.map_or("—".to_string(), |x| format!("{x:.decimals$}"));
    match c.delta() {
        Some(d) => format!("{} → {} ({d:+.decimals$})", v(c.earlier), v(c.later)),
        None => format!("{} → {}", v(c.earlier), v(c.later)),
    }
}
