//! `crosscheck merge` and `crosscheck merge-driver`: several interviewers' copies of one
//! engagement brought together, every conflict printed and kept.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;

use super::commands::write_output;
use crate::bank::Catalog;
use crate::session::{Answer, Interview, Session};
use crate::storage::{self, Store};

/// What `crosscheck merge` writes to.
pub(super) enum Target {
    /// A session of the data folder (created if missing).
    Into(String),
    /// A transcript file ("-": stdout).
    File(PathBuf),
    /// The data folder, under the merged session's id.
    DataFolder,
}

/// `crosscheck merge FILE|ID… [--into ID | -o FILE] [--force]`.
pub(super) fn merge(
    store: &Store,
    catalog: &Catalog,
    inputs: &[String],
    target: Target,
    force: bool,
) -> anyhow::Result<ExitCode> {
    // One copy read at a time: only the merge so far and the copy being read are in memory.
    let mut merged = None;
    for input in inputs {
        let session = super::commands::read_session(store, catalog, input)?;
        merged = Some(crate::merge::fold(merged, &session, force)?);
    }
    let merged = merged.context("nothing to merge")?;
    let merged = match target {
        Target::File(path) => {
            let transcript = crate::transcript::build(&merged, catalog, chrono::Utc::now());
            write_transcript(&path, store.data_dir(), &transcript)?;
            merged
        }
        Target::Into(id) => into(store, catalog, &id, merged, force)?,
        Target::DataFolder => {
            let id = merged.id.clone();
            into(store, catalog, &id, merged, force)?
        }
    };
    report(&merged, catalog, inputs.len());
    Ok(ExitCode::SUCCESS)
}

/// The transcript to `path` ("-": stdout), written as it is encoded: a merged engagement is
/// never held twice in memory.
fn write_transcript(path: &Path, data_dir: &Path, transcript: &crate::transcript::Transcript) -> anyhow::Result<()> {
    if path == Path::new("-") {
        return write_output(None, &crate::transcript::to_json(transcript));
    }
    // `--force` here merges other engagements: a read-only file is never replaced.
    let target = crate::output::target(path, data_dir, crate::output::ReadOnly::Refuse)?;
    storage::write_private_atomic_with(&target, |file| {
        let mut out = std::io::BufWriter::new(file);
        crate::sanitize::write_json_pretty(&mut out, transcript)?;
        std::io::Write::write_all(&mut out, b"\n")?;
        std::io::Write::flush(&mut out)
    })?;
    warn!("wrote {}", path.display());
    Ok(())
}

fn into(store: &Store, catalog: &Catalog, id: &str, merged: Session, force: bool) -> anyhow::Result<Session> {
    let done = crate::copies::merge_into(store, id, &[merged], catalog, force)?;
    if done.created {
        warn!("created session {id} from the merge");
    } else {
        let added = done.session.interviews.len().saturating_sub(done.interviews_before);
        warn!("merged into session {id}: {added} interview(s) added");
    }
    say!("{id}");
    Ok(done.session)
}

/// The merged session's size and every conflict to review, on stderr.
fn report(merged: &Session, catalog: &Catalog, files: usize) {
    let open = merged.open_conflicts();
    warn!(
        "{files} file(s) merged: {} interview(s), {open} conflict(s) to review{}",
        merged.interviews.len(),
        if open > 0 { " (kept in the session; resolve them on the interview screen with `c`)" } else { "" }
    );
    for line in conflict_lines(merged, catalog) {
        warn!("  {line}");
    }
    for line in future_lines(merged, catalog, chrono::Utc::now()) {
        warn!("{line}");
    }
}

/// A warning per value stamped more than a day ahead of this machine's clock: it shows as the
/// latest whatever was said since, so the reader should check it (the others are kept).
pub fn future_lines(session: &Session, catalog: &Catalog, now: chrono::DateTime<chrono::Utc>) -> Vec<String> {
    crate::merge::future_stamps(session, now)
        .into_iter()
        .map(|f| {
            let function = &session.interviews[f.interview].function;
            let title = catalog.bank(function).map_or(function.as_str(), |b| b.title.as_str());
            format!(
                "warning: {} · {}: edited at {} by {}, more than a day ahead of this machine's clock ({}); a laptop's clock was probably wrong. It shows as the latest value, every other value is kept: check it and choose with `c` on the interview screen",
                session.label_of(f.interview, title),
                f.item,
                f.edited_at.format("%Y-%m-%d %H:%M"),
                f.edited_by.as_deref().unwrap_or("someone"),
                now.format("%Y-%m-%d %H:%M"),
            )
        })
        .collect()
}

/// One line per open conflict: the interview, the question, the value kept and each other.
pub fn conflict_lines(session: &Session, catalog: &Catalog) -> Vec<String> {
    let mut out = Vec::new();
    for (index, interview) in session.interviews.iter().enumerate() {
        let title = catalog.bank(&interview.function).map_or(interview.function.as_str(), |b| b.title.as_str());
        let label = session.label_of(index, title);
        for c in interview.open_conflicts() {
            let question = catalog.bank(&interview.function).and_then(|b| b.question(&c.question));
            let kept = interview.answer(&c.question).map_or_else(|| "nothing".to_string(), |a| describe(a, question));
            out.push(format!("{label} · {}: kept {kept}; also {}", c.question, describe(&c.answer, question)));
        }
        for c in interview.claim_conflicts.iter().filter(|c| c.open()) {
            let kept =
                interview.claims.iter().find(|k| k.id == c.version.id).map_or_else(|| "nothing".into(), describe_claim);
            out.push(format!("{label} · claim {}: kept {kept}; also {}", c.version.id, describe_claim(&c.version)));
        }
        for c in interview.check_conflicts.iter().filter(|c| c.open()) {
            let kept = interview.check_of(&c.version.claim).map_or_else(|| "nothing".into(), describe_check);
            out.push(format!(
                "{label} · check of claim {}: kept {kept}; also {}",
                c.version.claim,
                describe_check(&c.version)
            ));
        }
    }
    out
}

fn describe_claim(c: &crate::session::Claim) -> String {
    let text: String = c.text.chars().take(40).collect();
    let withdrawn = if c.withdrawn_at.is_some() { ", withdrawn" } else { "" };
    let who = c.made_by.as_deref().unwrap_or("someone");
    format!("\"{text}…\"{withdrawn} ({who}, {})", c.edited_at.format("%Y-%m-%d %H:%M"))
}

fn describe_check(c: &crate::session::Check) -> String {
    let notes: String = c.notes.chars().take(40).collect();
    let notes = if notes.is_empty() { String::new() } else { format!(", notes \"{notes}…\"") };
    let who = c.by.as_deref().unwrap_or("someone");
    format!("\"{}\"{notes} ({who}, {})", c.verdict.name(), c.at.format("%Y-%m-%d %H:%M"))
}

/// An answer in a few words: its value (or state), notes begun, whose and when.
fn describe(a: &Answer, question: Option<&crate::bank::Question>) -> String {
    let value = question.and_then(|q| a.value_text(q)).unwrap_or_else(|| a.state.name().to_string());
    let notes: String = a.notes.chars().take(40).collect();
    let notes = if notes.is_empty() { String::new() } else { format!(", notes \"{notes}…\"") };
    let who = a.edited_by.as_deref().unwrap_or("someone");
    let when = a.edited_at.map(|t| t.format("%Y-%m-%d %H:%M").to_string()).unwrap_or_default();
    format!("\"{value}\"{notes} ({who}, {when})")
}

/// `crosscheck merge-driver %O %A %B`: git's merge of a crosscheck file — a session folder's
/// `session.json` or one of its interviews, or a single session file; the result replaces
/// `ours` (%A). A file that cannot be read, or files of different kinds or engagements, leave
/// `ours` as it was and fail, so git reports the conflict instead of writing something wrong.
pub(super) fn merge_driver(catalog: &Catalog, base: &Path, ours: &Path, theirs: &Path) -> anyhow::Result<ExitCode> {
    use storage::AnyFile;
    // An empty or missing base: both sides added the file.
    let base = match std::fs::metadata(base) {
        Ok(m) if m.len() > 0 => Some(read_checked(base, ours, catalog)?),
        _ => None,
    };
    let (a, b) = (read_checked(ours, ours, catalog)?, read_checked(theirs, ours, catalog)?);
    let merged = match (a, b) {
        (AnyFile::Session(a), AnyFile::Session(b)) => {
            let base = match base {
                Some(AnyFile::Session(s)) => Some(s),
                _ => None,
            };
            AnyFile::Session(sessions(base.as_ref(), &a, &b)?)
        }
        (AnyFile::Meta(a), AnyFile::Meta(b)) => {
            let base = match base {
                Some(AnyFile::Meta(s)) => Some(s),
                _ => None,
            };
            AnyFile::Meta(sessions(base.as_ref(), &a, &b)?)
        }
        (AnyFile::Interview(a), AnyFile::Interview(b)) if a.id == b.id => {
            let base = match base {
                Some(AnyFile::Interview(i)) if i.id == a.id => Some(i),
                _ => None,
            };
            let merged = crate::merge::merge3(base.map(alone).as_ref(), &alone(a), &alone(b));
            let interview = merged.interviews.into_iter().next().context("the merged interview")?;
            report_interview(&interview, catalog);
            AnyFile::Interview(interview)
        }
        _ => anyhow::bail!(
            "{} and {}: not the same kind of crosscheck file (or not the same interview); left as it was",
            ours.display(),
            theirs.display()
        ),
    };
    if let AnyFile::Session(s) = &merged {
        for line in conflict_lines(s, catalog) {
            warn!("crosscheck: conflict kept in {}: {line}", s.id);
        }
        for line in future_lines(s, catalog, chrono::Utc::now()) {
            warn!("crosscheck: {line}");
        }
    }
    storage::write_private_atomic(ours, &storage::encode_any(&merged)?)?;
    Ok(ExitCode::SUCCESS)
}

/// One of the driver's files, its answer values checked against the banks in force as every
/// load checks them: a value no load would accept is refused here, with where it is, rather
/// than written into `ours` to make the session unopenable after the pull.
fn read_checked(path: &Path, ours: &Path, catalog: &Catalog) -> anyhow::Result<storage::AnyFile> {
    use crate::problem::{Problem, Step};
    let file = storage::read_any(path)?;
    let problems = match &file {
        storage::AnyFile::Session(s) => crate::session::value_problems(s, catalog),
        storage::AnyFile::Meta(_) => return Ok(file),
        storage::AnyFile::Interview(i) => crate::session::value_problems(&alone(i.clone()), catalog),
    };
    // Problems are found as in a one-session file; an interview's own file holds them under
    // its single key instead.
    let in_file = |p: &[Step]| -> Vec<Step> {
        match &file {
            storage::AnyFile::Interview(_) => {
                std::iter::once(Step::Key("interview".into())).chain(p.iter().skip(3).cloned()).collect()
            }
            _ => p.to_vec(),
        }
    };
    if problems.is_empty() {
        return Ok(file);
    }
    let text = std::fs::read(path).map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default();
    let mut lines: Vec<String> = problems
        .iter()
        .map(|p| Problem::at(path, crate::problem::locate(&text, &in_file(&p.path), false), &p.message).to_string())
        .collect();
    lines.push(format!(
        "{}: {} answer value{} the banks in force do not allow, so nothing was merged and {} is as it was (git reports a conflict). Correct the value in that file, or give the driver (merge.crosscheck.driver in git's config) the --banks folder the session was answered with, then merge again.",
        path.display(),
        problems.len(),
        if problems.len() == 1 { "" } else { "s" },
        ours.display()
    ));
    anyhow::bail!(lines.join("\n"))
}

/// An interview as a session of its own, to merge or check it as one.
fn alone(interview: Interview) -> Session {
    Session {
        interviews: vec![interview],
        ..Session::new(String::new(), String::new(), None, chrono::DateTime::UNIX_EPOCH)
    }
}

/// Two copies of a session (or of its own fields), with their common ancestor; ours keeps its id.
fn sessions(base: Option<&Session>, a: &Session, b: &Session) -> anyhow::Result<Session> {
    crate::merge::check_engagement(a, b, false)?;
    let mut merged = crate::merge::merge3(base, a, b);
    merged.id.clone_from(&a.id);
    Ok(merged)
}

/// The conflicts an interview's merge kept, on stderr for the one running git.
fn report_interview(interview: &Interview, catalog: &Catalog) {
    let session = alone(interview.clone());
    for line in conflict_lines(&session, catalog) {
        warn!("crosscheck: conflict kept in interview {}: {line}", interview.id);
    }
    for line in future_lines(&session, catalog, chrono::Utc::now()) {
        warn!("crosscheck: {line}");
    }
}
