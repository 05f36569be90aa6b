//! What the listing commands print: banks, sessions, the divergence matrix and the keys.

use crate::bank::Catalog;
use crate::session::Session;
use crate::storage::{Listed, Store};
use crate::ui::keymap::KeyMap;

/// `crosscheck banks list`: the banks in force and the topics they link.
pub(super) fn list_banks(catalog: &Catalog) {
    let source = match &catalog.source {
        crate::bank::BankSource::Embedded => "built-in".to_string(),
        crate::bank::BankSource::Dir(d) => d.display().to_string(),
    };
    say!("Question banks ({source}):");
    say!(
        "  {:<18} {:<28} {:>8} {:>17} {:>8} {:>12}  PILLARS",
        "FUNCTION",
        "TITLE",
        "VERSION",
        "QUESTIONS (ROWS)",
        "SECTIONS",
        "MUST (ROWS)"
    );
    for b in &catalog.banks {
        let pillars: Vec<&str> = crate::bank::Pillar::ALL
            .into_iter()
            .filter(|p| b.sections.iter().any(|s| s.pillar == *p))
            .map(crate::bank::Pillar::short)
            .collect();
        say!(
            "  {:<18} {:<28} {:>8} {:>17} {:>8} {:>12}  {}",
            b.function,
            b.title,
            b.version,
            asked(b.questions.iter()),
            b.sections.len(),
            asked(b.questions.iter().filter(|q| q.is_must())),
            pillars.join(", ")
        );
    }
    say!("");
    say!("Topics ({}): communicated by → received by (= : a shared fact, asked of both alike)", catalog.topics.len());
    let function = |bank: usize| catalog.banks[bank].function.as_str();
    // Columns as wide as their longest entry: a user's bank may name longer topics.
    let topic_width = catalog.plans().iter().map(|p| catalog.topics[p.topic].id.chars().count()).max().unwrap_or(0);
    let from_width =
        catalog.plans().iter().filter_map(|p| p.communicated).map(|c| function(c.bank).len()).max().unwrap_or(0);
    for plan in catalog.plans() {
        let from = plan.communicated.map_or("", |c| function(c.bank));
        let to: Vec<&str> = plan.receivers.iter().map(|r| function(r.bank)).collect();
        let to = if to.is_empty() { "—".into() } else { to.join(", ") };
        let arrow = if plan.shared { "=" } else { "→" };
        say!("  {:<topic_width$} {:<from_width$} {arrow} {}", catalog.topics[plan.topic].id, from, to);
    }
}

/// How many questions are asked ("60 (76)"): a claim asked of several receivers in one widget
/// counts once, with its rows in brackets when they are more.
fn asked<'a>(questions: impl Iterator<Item = &'a crate::bank::Question>) -> String {
    let mut asked = std::collections::HashSet::new();
    let mut rows = 0;
    for q in questions {
        rows += 1;
        asked.insert(q.group.as_deref().unwrap_or(&q.id));
    }
    if asked.len() == rows { rows.to_string() } else { format!("{} ({rows})", asked.len()) }
}

/// `crosscheck list`: every session with its progress; an unreadable file is a warning.
pub(super) fn list_sessions(store: &Store, catalog: &Catalog) -> anyhow::Result<()> {
    let list = store.list(catalog)?;
    if list.is_empty() {
        say!("No sessions in {}. Start one with: crosscheck new --org NAME", store.dir().display());
        return Ok(());
    }
    if !list.iter().any(|l| matches!(l, Listed::Session(_))) {
        say!("No readable sessions in {} (see the warnings).", store.dir().display());
    } else {
        say!("{:<36} {:<24} {:<10} {:>10} {:>10}", "ID", "ORGANISATION", "CREATED", "INTERVIEWS", "COVERED");
    }
    for item in list {
        match item {
            Listed::Session(s) => {
                let total: usize = s
                    .interviews
                    .iter()
                    .map(|i| catalog.bank(&i.function).map_or(0, |b| b.questions_in(&s.scope)))
                    .sum();
                let covered: usize = s.interviews.iter().map(|i| i.covered()).sum();
                say!(
                    "{:<36} {:<24} {:<10} {:>10} {:>10}",
                    s.id,
                    truncate(&s.organisation, 24),
                    s.created_at.format("%Y-%m-%d"),
                    s.interviews.len(),
                    format!("{covered}/{total}")
                );
            }
            Listed::Unreadable { error, .. } => warn!("warning: {error}"),
        }
    }
    Ok(())
}

/// `s` as one table cell: its controls, newlines and tabs too, shown visibly (`\u{a}`) so
/// that no text splits a row; cut to `width` characters, an ellipsis marking the cut.
fn truncate(s: &str, width: usize) -> String {
    let s = crate::sanitize::one_line(s);
    if s.chars().count() <= width {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(width - 1).collect::<String>())
    }
}

/// The matrix as plain text: one row per topic, one column per receiving function.
pub fn divergence_table(session: &Session, catalog: &Catalog, d: &crate::divergence::Divergence) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = writeln!(out, "Divergence — {} ({})", session.organisation, session.id);
    let _ = match d.gap_index {
        Some(g) => writeln!(out, "Gap index {g:.0}/100, from {} compared cells", d.cells_compared),
        None => writeln!(out, "Gap index: no topic compared yet"),
    };
    if let Some(r) = d.readiness {
        let _ = writeln!(out, "Readiness {r:.0}/100: the mean level received, from {} cells", d.levels_received);
    }
    let _ = writeln!(out);
    let title = |f: &str| catalog.bank(f).map_or(f.to_string(), |b| b.title.to_uppercase());
    let width = d.topics.iter().map(|t| t.title.chars().count()).max().unwrap_or(5).max(5);
    // A cell with its claim mark, as the screen shows it (⊘ refuted, ◌ to verify).
    let claims = crate::claims::ledger(session, catalog);
    let label = |t: &crate::divergence::TopicDivergence, f: &str| {
        let mark = crate::claims::cell_standing(&claims, &t.topic, f).and_then(crate::claims::Standing::symbol);
        t.cell(f).map(|c| format!("{}{}", c.label(), mark.map_or_else(String::new, |m| format!(" {m}"))))
    };
    // Printed, not fitted to a screen: each column as wide as its widest heading or cell.
    let widest = |f: &str| {
        let cells = d.topics.iter().filter_map(|t| label(t, f)).map(|c| c.chars().count());
        cells.chain([title(f).chars().count(), 14]).max().unwrap_or(14)
    };
    let widths: Vec<usize> = d.receivers.iter().map(|f| widest(f)).collect();
    let mut head = format!("{:<width$}  {:<16}", "TOPIC", "CLAIM");
    for (f, w) in d.receivers.iter().zip(&widths) {
        let _ = write!(head, "  {:<w$}", title(f));
    }
    head.push_str("  STORY");
    let _ = writeln!(out, "{}", head.trim_end());
    for t in &d.topics {
        let level = if t.cells.iter().any(|c| c.addressed) { "each".to_string() } else { t.communicated.label() };
        let communicated = format!("{level} ({})", short_name(catalog, &t.communicated.function));
        let mut row = format!("{:<width$}  {:<16}", t.title, truncate(&communicated, 16));
        for (f, w) in d.receivers.iter().zip(&widths) {
            let cell = label(t, f).unwrap_or_else(|| "·".to_string());
            let _ = write!(row, "  {cell:<w$}");
        }
        let marks = [(t.inconsistent(), "≠"), (t.agreed_weakness(), "✗ agreed weakness")];
        let story: Vec<&str> = marks.iter().filter(|(on, _)| *on).map(|(_, m)| *m).collect();
        if !story.is_empty() {
            let _ = write!(row, "  {}", story.join(" "));
        }
        let _ = writeln!(out, "{}", row.trim_end());
    }
    let _ = writeln!(out);
    let marks = if claims.is_empty() { "" } else { " · ⊘ a claim refuted · ◌ a claim to verify" };
    let _ = writeln!(out, "{}{marks}", crate::divergence::LEGEND);
    out
}

/// A function's short name from its bank ("PM", "CS"), else its id.
fn short_name<'a>(catalog: &'a Catalog, function: &'a str) -> &'a str {
    catalog.bank(function).map_or(function, |b| b.short_name())
}

/// One line per binding: its name in the config file, its keys, what it does.
pub fn keys_table(keymap: &KeyMap) -> String {
    use std::fmt::Write as _;
    let mut out = format!("{:<28} {:<16} {}\n", "ACTION", "KEYS", "WHAT");
    for b in &keymap.bindings {
        let _ = writeln!(out, "{:<28} {:<16} {}", b.name(), b.keys_text(), b.help);
    }
    out
}

/// The diagnosis as plain text: each reading's verdict, what it says, its caveats and the
/// answers it rests on.
pub fn diagnosis_text(session: &Session, d: &crate::diagnosis::Diagnosis) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = writeln!(out, "Diagnosis — {} ({})", session.organisation, session.id);
    let _ = writeln!(out, "\nTHE FIVE PILLARS (scope: {})", session.scope.describe());
    for p in &d.pillars {
        let _ = writeln!(out, "  {:<26} {}", p.pillar.name(), p.level_words());
        if p.in_scope {
            let _ = writeln!(out, "    {}", p.says);
        }
    }
    let _ = writeln!(out, "\nWHERE TO INTERVENE: {}", d.cascade.verdict);
    let _ = writeln!(out, "  {}", d.cascade.says);
    for r in &d.readings {
        let _ = writeln!(out);
        let _ = writeln!(out, "{}: {}", r.title.to_uppercase(), r.verdict);
        let _ = writeln!(out, "  {}", r.says);
        for c in &r.caveats {
            let _ = writeln!(out, "  ! {c}");
        }
        let _ = writeln!(out, "  {}:", r.evidence_line());
        for e in r.evidence.iter().filter(|e| e.level != crate::diagnosis::Level::Unknown) {
            let source = e.source.map_or(String::new(), |s| format!(", {}", s.name()));
            let _ = writeln!(out, "    {} · {}: {} ({}{source})", e.who, e.question_id, e.answer, e.level.name());
        }
        let missing = r.evidence.iter().filter(|e| e.level == crate::diagnosis::Level::Unknown).count();
        if missing > 0 {
            let _ = writeln!(out, "    and {missing} not answered, skipped or \"don't know\"");
        }
    }
    out
}
