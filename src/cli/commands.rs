//! What each command does: sessions made, opened, imported and written out, and banks checked.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, bail};

use super::settings::new_app;
use crate::bank::Catalog;
use crate::session::{Session, new_session_id};
use crate::storage::{self, Store};
use crate::transcript;

/// What `crosscheck new` is told of the engagement.
pub(super) struct Engagement<'a> {
    pub org: &'a str,
    pub interviewer: Option<String>,
    pub language: &'a str,
    pub launch: Option<crate::session::Launch>,
    pub scope: crate::bank::Scope,
    /// The earlier engagement it follows up, by session id.
    pub follows: Option<String>,
}

/// `crosscheck new`: the session is created and its id printed, then it opens unless `no_open`.
pub(super) fn new(
    catalog: Catalog,
    data_dir: Option<&Path>,
    Engagement { org, interviewer, language, launch, scope, follows }: Engagement,
    no_open: bool,
) -> anyhow::Result<ExitCode> {
    let org = org.trim().to_string();
    if org.is_empty() {
        bail!("--org is empty: give the organisation's name, e.g. --org \"Acme Ltd\"");
    }
    let store = open_store(data_dir)?;
    if let Some(earlier) = follows.as_deref().filter(|e| !store.exists(e)) {
        bail!(
            "--follows {earlier}: no such session in the data folder (crosscheck list shows them; import the earlier engagement first)"
        );
    }
    let now = chrono::Utc::now();
    let mut session = Session::new(
        store.unused_id(&new_session_id(&org, now)),
        org,
        interviewer.filter(|s| !s.trim().is_empty()),
        now,
    );
    session.language = language.to_string();
    session.launch = launch;
    session.scope = scope;
    session.follows = follows;
    store.save(&session)?;
    say!("{}", session.id);
    if no_open {
        return Ok(ExitCode::SUCCESS);
    }
    open_in_ui(catalog, store, &session.id)
}

/// `crosscheck open ID|FILE`: a file elsewhere is imported first.
pub(super) fn open(catalog: Catalog, store: Store, id: String) -> anyhow::Result<ExitCode> {
    let id = if looks_like_a_file(&id) { import_one(&store, &catalog, Path::new(&id))? } else { id };
    store.load(&id, &catalog)?;
    open_in_ui(catalog, store, &id)
}

/// `crosscheck import FILE…`: every file is tried; failure if any failed.
pub(super) fn import(store: &Store, catalog: &Catalog, files: &[PathBuf]) -> anyhow::Result<ExitCode> {
    let mut failed = false;
    for file in files {
        if let Err(e) = import_one(store, catalog, file) {
            warn!("error: {e:#}");
            failed = true;
        }
    }
    Ok(if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

/// How `crosscheck divergence` prints the matrix.
pub(super) enum Form {
    Table,
    Json,
    Csv { bom: bool },
}

/// The byte-order mark `--bom` asks for.
const BOM: &str = "\u{feff}";

/// `crosscheck divergence ID [--json | --csv [--bom]]`.
pub(super) fn divergence(store: &Store, catalog: &Catalog, id: &str, form: Form) -> anyhow::Result<()> {
    let session = store.load(id, catalog)?;
    let catalog = &*catalog.in_scope(&session.scope);
    // The table and the CSV show the matrix alone; the JSON carries the evidence too.
    match form {
        Form::Json => {
            let mut text = crate::sanitize::to_json_pretty(&crate::divergence::compute(&session, catalog))?;
            text.push('\n');
            write_output(None, &text)
        }
        Form::Csv { bom } => {
            let d = crate::divergence::matrix(&session, catalog);
            let csv = crate::export::divergence_csv(&d, crate::export::LineEnd::Lf);
            write_output(None, &if bom { format!("{BOM}{csv}") } else { csv })
        }
        Form::Table => {
            let d = crate::divergence::matrix(&session, catalog);
            write_output(None, &super::tables::divergence_table(&session, catalog, &d))
        }
    }
}

/// `crosscheck diagnosis ID [--json]`.
pub(super) fn diagnosis(store: &Store, catalog: &Catalog, id: &str, json: bool) -> anyhow::Result<()> {
    let session = store.load(id, catalog)?;
    let d = crate::diagnosis::diagnose(&session, &catalog.in_scope(&session.scope));
    if json {
        let mut text = crate::sanitize::to_json_pretty(&d)?;
        text.push('\n');
        write_output(None, &text)
    } else {
        write_output(None, &super::tables::diagnosis_text(&session, &d))
    }
}

/// `crosscheck report ID [-o FILE] [--format md|html] [--names] [--min-group N]`.
pub(super) fn report(
    store: &Store,
    catalog: &Catalog,
    id: &str,
    output: Option<OutFile>,
    (html, read_out): (bool, crate::report::ReadOut),
) -> anyhow::Result<()> {
    let session = store.load(id, catalog)?;
    // A read-out for the client should not rest on values nobody has chosen between yet.
    match session.open_conflicts() {
        0 => {}
        n => warn!(
            "note: {n} answer value(s) from merged copies are still to review; the report uses the latest of each. \
             Open the session (`crosscheck open {id}`) and press `c` on each ⚠ answer to choose."
        ),
    }
    // A follow-up is set beside the engagement it follows, and every engagement among the
    // others, from as many as the config asks for.
    let others = crate::report::Others::read(store, catalog, &session);
    if let (Some(earlier), Some(e)) = (&session.follows, &others.earlier_unread) {
        warn!(
            "note: {id} follows up {earlier}, which could not be read ({e}): the report leaves out \"Since the last assessment\"."
        );
    }
    let min = super::settings::load_settings(crate::config::path().as_deref()).norms_min_engagements;
    let beside = others.beside(min);
    let now = chrono::Utc::now();
    let text = if html {
        crate::report::html_beside(&session, catalog, now, &read_out, beside)
    } else {
        crate::report::markdown_beside(&session, catalog, now, &read_out, beside)
    };
    write_output(output, &text)
}

/// `crosscheck follows ID [EARLIER | --none]`.
pub(super) fn follows(
    store: &Store,
    catalog: &Catalog,
    id: &str,
    earlier: Option<&str>,
    none: bool,
) -> anyhow::Result<()> {
    let session = store.load(id, catalog)?;
    if earlier.is_none() && !none {
        match &session.follows {
            Some(earlier) => say!("{earlier}"),
            None => warn!("{id} follows up no earlier engagement (crosscheck follows {id} EARLIER makes it one)"),
        }
        return Ok(());
    }
    if let Some(earlier) = earlier {
        if earlier == id {
            anyhow::bail!("{id} cannot follow up itself: name the earlier engagement at the same client");
        }
        if !store.exists(earlier) {
            anyhow::bail!(
                "{earlier}: no such session in the data folder (crosscheck list shows them; import the earlier engagement first)"
            );
        }
    }
    store.set_follows(id, earlier, catalog)?;
    match earlier {
        Some(earlier) => warn!("{id} now follows up {earlier}: crosscheck compare {id} says what moved since"),
        None => warn!("{id} now follows up no earlier engagement"),
    }
    Ok(())
}

/// `crosscheck export ID [--format json|qdpx|csv] [-o FILE]`.
pub(super) fn export(
    store: &Store,
    catalog: &Catalog,
    id: &str,
    (format, bom): (super::ExportFormat, bool),
    file: Option<OutFile>,
) -> anyhow::Result<()> {
    use super::ExportFormat;
    const NEEDS_A_FILE: &str =
        "a REFI-QDA project is a zip archive, never written to the terminal: give the file to write with -o FILE.qdpx";
    if bom && format != ExportFormat::Csv {
        bail!("--bom starts a CSV file with a byte-order mark: give it with --format csv");
    }
    // Refused before the session is read.
    if format == ExportFormat::Qdpx && file.is_none() {
        bail!(NEEDS_A_FILE);
    }
    let session = store.load(id, catalog)?;
    let t = transcript::build(&session, catalog, chrono::Utc::now());
    drop(session); // the transcript carries everything; a large session is not held twice
    match format {
        ExportFormat::Json => write_output(file, &transcript::to_json(&t)),
        ExportFormat::Csv => {
            let end = if file.is_some() { crate::export::LineEnd::Crlf } else { crate::export::LineEnd::Lf };
            let csv = crate::export::answers_csv(&t, end);
            write_output(file, &if bom { format!("{BOM}{csv}") } else { csv })
        }
        ExportFormat::Qdpx => {
            let Some(file) = file else { bail!(NEEDS_A_FILE) };
            write_file(&file, &crate::export::qdpx(&t, catalog)?)
        }
    }
}

/// `crosscheck banks validate DIR`.
pub(super) fn validate(dir: &Path) -> anyhow::Result<ExitCode> {
    match Catalog::load_dir(dir) {
        Ok(c) => {
            let questions: usize = c.banks.iter().map(|b| b.questions.len()).sum();
            say!(
                "{}: {} banks, {questions} questions, {} topics — no problems",
                dir.display(),
                c.banks.len(),
                c.topics.len()
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            warn!("{e}");
            Ok(ExitCode::FAILURE)
        }
    }
}

/// The banks of `--banks DIR`, or the built-in ones.
pub(super) fn load_catalog(banks: Option<&Path>) -> anyhow::Result<Catalog> {
    let loaded = match banks {
        Some(dir) => Catalog::load_dir(dir),
        None => Catalog::embedded(),
    };
    loaded.map_err(|e| anyhow::anyhow!("{e}"))
}

/// The data folder of `--data-dir DIR`, or the platform's.
pub(super) fn open_store(data_dir: Option<&Path>) -> anyhow::Result<Store> {
    let dir = match data_dir {
        Some(d) => d.to_path_buf(),
        None => storage::default_data_dir()
            .context("no data folder could be found for this user: pass --data-dir DIR or set CROSSCHECK_DATA_DIR")?,
    };
    Ok(Store::open(&dir)?)
}

/// The interface, on the session `id`.
pub(super) fn open_in_ui(catalog: Catalog, store: Store, id: &str) -> anyhow::Result<ExitCode> {
    let mut app = new_app(catalog, store, false);
    app.open_session(id)?;
    crate::ui::run(app)
}

/// An argument naming a file rather than a session id.
/// A session of the data folder by id, else a file read as a session (a transcript, a session
/// file): what `merge` and `compare` take.
pub(super) fn read_session(store: &Store, catalog: &Catalog, what: &str) -> anyhow::Result<Session> {
    if !looks_like_a_file(what) && store.exists(what) {
        return Ok(store.load(what, catalog)?);
    }
    Ok(crate::copies::read_foreign(Path::new(what), catalog)?)
}

pub(super) fn looks_like_a_file(arg: &str) -> bool {
    arg.contains(std::path::MAIN_SEPARATOR) || arg.ends_with(".json")
}

/// Imports one file and says what happened; the session's id in the data folder.
fn import_one(store: &Store, catalog: &Catalog, file: &Path) -> anyhow::Result<String> {
    let imported = crate::copies::import(store, file, catalog)?;
    match &imported {
        crate::copies::Imported::New { id } => warn!("{}: imported as session {id}", file.display()),
        crate::copies::Imported::Same { id } => {
            warn!("{}: session {id} is already in the data folder, unchanged", file.display())
        }
        crate::copies::Imported::Renamed { from, id } => warn!(
            "{}: a different session {from} is already in the data folder, so this one came in as {id}; both are kept (to combine a colleague's copy of the engagement instead: crosscheck merge {} --into {from})",
            file.display(),
            storage::emergency::shell_word(file)
        ),
    }
    say!("{}", imported.id());
    Ok(imported.id().to_string())
}

/// A file named with `-o` (not "-", which is stdout), and what it may not be (see
/// [`crate::output::target`]).
pub(super) struct OutFile<'a> {
    path: &'a Path,
    data_dir: &'a Path,
    read_only: crate::output::ReadOnly,
}

impl<'a> OutFile<'a> {
    /// The file to write for `-o PATH`; None for stdout. `force`: replace it even if read-only.
    pub(super) fn new(output: Option<&'a Path>, store: &'a Store, force: bool) -> Option<OutFile<'a>> {
        use crate::output::ReadOnly;
        let read_only = if force { ReadOnly::Replace } else { ReadOnly::RefuseUnlessForced };
        output.filter(|p| *p != Path::new("-")).map(|path| OutFile { path, data_dir: store.data_dir(), read_only })
    }
}

/// Writes to a file (atomically, owner-only) or to stdout when no file is given; on stdout,
/// control characters are shown, never sent.
/// Prints `value` as JSON when `json`, else `text()`: what `--json` does for every report.
pub(super) fn print(json: bool, value: &impl serde::Serialize, text: impl FnOnce() -> String) -> anyhow::Result<()> {
    let text = if json {
        let mut text = crate::sanitize::to_json_pretty(value)?;
        text.push('\n');
        text
    } else {
        text()
    };
    write_output(None, &text)
}

pub(super) fn write_output(output: Option<OutFile>, text: &str) -> anyhow::Result<()> {
    match output {
        Some(file) => write_file(&file, text.as_bytes())?,
        None => {
            let mut out = std::io::stdout().lock();
            let written = out.write_all(crate::sanitize::for_terminal(text).as_bytes()).and_then(|()| out.flush());
            // A reader that stopped early (`| head`) is not a failure of the command.
            match written {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => return Err(e.into()),
                _ => {}
            }
        }
    }
    Ok(())
}

/// Writes `bytes` to a regular file (atomically, owner-only): never onto a device or a FIFO,
/// into the data folder, or over a read-only file unless forced.
fn write_file(file: &OutFile, bytes: &[u8]) -> anyhow::Result<()> {
    let target = crate::output::target(file.path, file.data_dir, file.read_only)?;
    storage::write_private_atomic(&target, bytes)?;
    warn!("wrote {}", file.path.display());
    Ok(())
}
