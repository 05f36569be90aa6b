//! `crosscheck banks show` (a function's interview guide, to prepare or print) and `crosscheck
//! banks init` (the built-in banks written to a folder, to customise).

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context as _;

use super::commands::write_output;
use crate::bank::{Bank, Catalog, Kind, Question, Scope};
use crate::report::markdown::text as md;

/// `crosscheck banks show FUNCTION [--format md]`.
pub(super) fn show(catalog: &Catalog, function: &str, markdown: bool) -> anyhow::Result<()> {
    let Some(bank) = catalog.bank(function) else {
        let known: Vec<&str> = catalog.banks.iter().map(|b| b.function.as_str()).collect();
        anyhow::bail!("no bank for \"{function}\"; the banks in force: {}", known.join(", "));
    };
    let text = if markdown { guide_markdown(bank, catalog) } else { guide_text(bank, catalog) };
    write_output(None, &text)
}

/// A bank text as read aloud before a launch is named: `{launch}` as "the last significant
/// launch" (the interview names the engagement's own).
fn plain(text: &str) -> String {
    crate::bank::fill(text, &crate::bank::Case::default()).into_owned()
}

/// "Expected length in an Operations engagement: the must-ask set, 20 questions, about 29 min; …;
/// with all five pillars: …" (one scope only when the bank's sections are all of one kind).
fn length_line(bank: &Bank, catalog: &Catalog) -> String {
    let lengths = |b: &Bank| {
        let (must, whole) = b.lengths();
        format!(
            "the must-ask set, {} questions, about {} min; the whole bank, {} questions, about {} min",
            must.questions,
            must.minutes(),
            whole.questions,
            whole.minutes()
        )
    };
    // A bank with sections beyond Operations says what an Operations engagement asks of it too.
    let in_scope = catalog.in_scope(&Scope::default());
    let operations = in_scope.bank(&bank.function);
    let scopes = match operations {
        Some(ops) if ops.questions.len() == bank.questions.len() => format!(": {}", lengths(bank)),
        None => format!(" (asked only with the pillars upstream of Operations in scope): {}", lengths(bank)),
        Some(ops) => {
            format!(" in an Operations engagement: {}; with all five pillars: {}", lengths(ops), lengths(bank))
        }
    };
    format!(
        "Expected length{scopes} ({} s a question, {} s each further row of a question asked for several functions).",
        crate::bank::SECONDS_PER_QUESTION,
        crate::bank::SECONDS_PER_ROW
    )
}

/// The questions of `section` as asked: a question for several functions once (its first row),
/// with its number in the bank.
fn asked_in<'a>(bank: &'a Bank, section: &'a str) -> impl Iterator<Item = (usize, &'a Question)> + 'a {
    bank.questions.iter().enumerate().filter(move |(i, q)| {
        let further_row = *i > 0 && q.group.is_some() && bank.questions[i - 1].group == q.group;
        q.section == section && !further_row
    })
}

/// For a question asked for several functions at once: "For each of: Sales · CS", with each
/// row's id, the one its answers are stored and found under.
fn rows_line(bank: &Bank, q: &Question, catalog: &Catalog) -> Option<String> {
    let group = q.group.as_ref()?;
    let names: Vec<String> = bank
        .questions
        .iter()
        .filter(|r| r.group.as_ref() == Some(group))
        .filter_map(|r| Some((r.to.first()?, &r.id)))
        .map(|(f, id)| format!("{} ({id})", catalog.bank(f).map_or(f.as_str(), |b| b.short_name())))
        .collect();
    Some(format!("For each of: {} (a row each)", names.join(" · ")))
}

/// The guide as plain text, for a terminal or a printer.
fn guide_text(bank: &Bank, catalog: &Catalog) -> String {
    let mut out =
        format!("{} — interview guide (bank version {})\n{}\n", bank.title, bank.version, length_line(bank, catalog));
    for section in &bank.sections {
        out.push_str(&format!("\n{} · {}\n", section.title.to_uppercase(), section.pillar.name()));
        for (n, q) in asked_in(bank, &section.id) {
            let must = if q.is_must() { "! " } else { "" };
            out.push_str(&format!("\n{:>3}. {must}{}\n", n + 1, plain(&q.text)));
            if let Some(rows) = rows_line(bank, q, catalog) {
                out.push_str(&format!("     {rows}\n"));
            }
            out.push_str(&format!("     {}\n", answer_line(q, catalog)));
            for p in &q.probes {
                out.push_str(&format!("     Probe: {}\n", plain(p)));
            }
            for e in &q.evidence {
                out.push_str(&format!("     A strong answer: {e}\n"));
            }
        }
    }
    out.push_str("\n! must ask\n");
    out
}

/// The guide as Markdown (every bank text escaped), to print or share.
fn guide_markdown(bank: &Bank, catalog: &Catalog) -> String {
    let mut out = format!(
        "# {} — interview guide\n\nBank version {}. **!** must ask.\n\n{}\n",
        md(&bank.title),
        md(&bank.version),
        md(&length_line(bank, catalog))
    );
    for section in &bank.sections {
        out.push_str(&format!("\n## {} · {}\n", md(&section.title), md(section.pillar.name())));
        for (n, q) in asked_in(bank, &section.id) {
            let must = if q.is_must() { "**!** " } else { "" };
            let rows = rows_line(bank, q, catalog).map(|r| format!("   {}\n\n", md(&r))).unwrap_or_default();
            out.push_str(&format!(
                "\n{}. {must}{}\n\n{rows}   *{}*\n",
                n + 1,
                md(&plain(&q.text)),
                md(&answer_line(q, catalog))
            ));
            for p in &q.probes {
                out.push_str(&format!("   - Probe: {}\n", md(&plain(p))));
            }
            for e in &q.evidence {
                out.push_str(&format!("   - A strong answer: {}\n", md(e)));
            }
        }
    }
    out
}

/// How the question is answered, and the topic it is compared on.
fn answer_line(q: &Question, catalog: &Catalog) -> String {
    let how = match q.kind {
        Kind::Scale => format!("Scale 0–4: {}", q.scale_labels().join(" · ")),
        Kind::Choice => {
            format!("One of: {}", q.options.iter().map(|o| o.label.as_str()).collect::<Vec<_>>().join(" · "))
        }
        Kind::Multi => {
            format!("Any of: {}", q.options.iter().map(|o| o.label.as_str()).collect::<Vec<_>>().join(" · "))
        }
        Kind::Number => format!("A number{}", q.unit.as_deref().map(|u| format!(" ({u})")).unwrap_or_default()),
        Kind::Text => "In their words (notes)".to_string(),
    };
    let topic = match (&q.topic, q.stance) {
        (Some(t), Some(stance)) => {
            let title = catalog.topic(t).map_or(t.as_str(), |t| t.title.as_str());
            format!(" — topic: {title} ({})", stance.name())
        }
        _ => String::new(),
    };
    let observe = if q.observation { " — observe, do not ask" } else { "" };
    // Reverse-scored questions say so, or a reader takes "Nearly every launch" for the best.
    let lower = if q.lower_is_better { " (lower is better)" } else { "" };
    // The id to jump to (the palette finds it) or to read in a transcript; a row's are above.
    let id = if q.group.is_some() { String::new() } else { format!(" — id {}", q.id) };
    format!("{how}{lower}{topic}{observe}{id}")
}

/// `crosscheck banks init DIR`: the built-in banks, as files `--banks DIR` reads unchanged.
/// Never replaces a file: a folder that already holds one of them is refused.
pub(super) fn init(dir: &Path) -> anyhow::Result<ExitCode> {
    let files = crate::bank::embedded_files();
    for (name, _) in &files {
        let path = dir.join(name);
        if path.symlink_metadata().is_ok() {
            anyhow::bail!(
                "{} already exists: crosscheck never replaces a bank file. Choose an empty folder, or move it aside.",
                path.display()
            );
        }
    }
    crate::storage::create_private_dir(dir).with_context(|| format!("creating {}", dir.display()))?;
    for (name, text) in &files {
        crate::storage::write_private_atomic(&dir.join(name), text.as_bytes())?;
    }
    warn!(
        "wrote the {} built-in bank files to {}: edit them, check them with `crosscheck banks validate {}`, use them with `--banks {}`",
        files.len(),
        dir.display(),
        dir.display(),
        dir.display()
    );
    Ok(ExitCode::SUCCESS)
}
