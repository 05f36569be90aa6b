//! The command line: every scriptable path, and the way into the interface.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, bail};
use clap::{Parser, Subcommand};

use crate::bank::Catalog;
use crate::config::{self, ThemeName};
use crate::diagnostics::Problem;
use crate::session::{Session, new_session_id};
use crate::storage::{self, Listed, Store};
use crate::transcript;
use crate::ui::App;
use crate::ui::keymap::KeyMap;
use crate::ui::theme::Theme;

/// `println!` for text that may hold a file's content: control characters shown, never sent.
macro_rules! say {
    ($($arg:tt)*) => { println!("{}", crate::sanitize::for_terminal(&format!($($arg)*))) };
}

/// `eprintln!` likewise.
macro_rules! warn {
    ($($arg:tt)*) => { eprintln!("{}", crate::sanitize::for_terminal(&format!($($arg)*))) };
}

#[derive(Debug, Parser)]
#[command(
    name = "crosscheck",
    version,
    about = "Interview assistant for delivery diagnostics: captures every answer and shows where what Product says it communicated diverges from what other functions received."
)]
pub struct Cli {
    /// Folder for session files (default: the platform's data folder for crosscheck).
    #[arg(long, global = true, env = "CROSSCHECK_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Load question banks from this folder instead of the built-in ones.
    #[arg(long, global = true, value_name = "DIR")]
    pub banks: Option<PathBuf>,
    /// Use a built-in example engagement (in a temporary folder, never your own sessions):
    /// alone it opens the demo in the interface; with a command, the command runs on it.
    #[arg(long)]
    pub demo: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start a new session and print its id (then open it, unless --no-open).
    New {
        /// The organisation being diagnosed.
        #[arg(long)]
        org: String,
        /// Who conducts the interviews.
        #[arg(long)]
        interviewer: Option<String>,
        /// Only create the session; do not open the interface.
        #[arg(long)]
        no_open: bool,
    },
    /// Open a session in the interface: its id, or a session file elsewhere (an emergency
    /// copy, a backup), which is imported first.
    Open {
        #[arg(value_name = "ID|FILE")]
        id: String,
    },
    /// Bring session files (emergency copies, backups) into the data folder; a different
    /// session already under the same id is kept, and the file comes in under a new id.
    Import {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// List the sessions.
    List,
    /// Write a session's JSON transcript (to stdout unless -o).
    Export {
        id: String,
        /// Write to this file (created readable by you only).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Print the divergence matrix: what was said to be communicated vs what was received.
    Divergence {
        id: String,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Write a Markdown report for the client read-out (to stdout unless -o).
    Report {
        id: String,
        /// Write to this file (created readable by you only).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Inspect question banks.
    Banks {
        #[command(subcommand)]
        command: BanksCommand,
    },
    /// The config file: key bindings and theme (CROSSCHECK_CONFIG=FILE overrides its location).
    Config {
        #[command(subcommand)]
        command: ConfigCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the path of the config file in force.
    Path,
    /// Check the config file and report every problem with file, line and column.
    Check,
    /// List every action's name (for the "keys" of the config file) and its keys in force.
    Keys,
}

#[derive(Debug, Subcommand)]
pub enum BanksCommand {
    /// List the banks in force, their sizes and the topics they link.
    List,
    /// Check a folder of banks and report every problem with file, line and column.
    Validate { dir: PathBuf },
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    if let Some(Command::Banks { command: BanksCommand::Validate { dir } }) = &cli.command {
        return validate(dir);
    }
    if let Some(Command::Config { command }) = &cli.command {
        return config_command(command);
    }
    let catalog = load_catalog(cli.banks.as_deref())?;
    let _demo_dir; // removed when the run ends
    let mut cli = cli;
    if cli.demo {
        let demo = Demo::create()?;
        cli.data_dir = Some(demo.dir.clone());
        if cli.command.is_none() {
            return open_in_ui(catalog, open_store(cli.data_dir.as_deref())?, DEMO_ID);
        }
        _demo_dir = demo;
    }
    let Some(command) = cli.command else {
        let store = open_store(cli.data_dir.as_deref())?;
        return crate::ui::run(new_app(catalog, store));
    };
    match command {
        Command::Banks { command: BanksCommand::List } => list_banks(&catalog),
        Command::Banks { command: BanksCommand::Validate { .. } } | Command::Config { .. } => {
            unreachable!("handled above")
        }
        Command::New { org, interviewer, no_open } => {
            let org = org.trim().to_string();
            if org.is_empty() {
                bail!("--org is empty: give the organisation's name, e.g. --org \"Acme Ltd\"");
            }
            let store = open_store(cli.data_dir.as_deref())?;
            let now = chrono::Utc::now();
            let session = Session::new(
                store.unused_id(&new_session_id(&org, now)),
                org,
                interviewer.filter(|s| !s.trim().is_empty()),
                now,
            );
            store.save(&session)?;
            say!("{}", session.id);
            if !no_open {
                return open_in_ui(catalog, store, &session.id);
            }
        }
        Command::Open { id } => {
            let store = open_store(cli.data_dir.as_deref())?;
            let id = if looks_like_a_file(&id) { import_one(&store, &catalog, Path::new(&id))? } else { id };
            store.load(&id, &catalog)?;
            return open_in_ui(catalog, store, &id);
        }
        Command::Import { files } => {
            let store = open_store(cli.data_dir.as_deref())?;
            let mut failed = false;
            for file in &files {
                if let Err(e) = import_one(&store, &catalog, file) {
                    warn!("error: {e:#}");
                    failed = true;
                }
            }
            if failed {
                return Ok(ExitCode::FAILURE);
            }
        }
        Command::Divergence { id, json } => {
            let session = open_store(cli.data_dir.as_deref())?.load(&id, &catalog)?;
            // The table shows the matrix alone; the JSON carries the evidence too.
            let d = if json {
                crate::divergence::compute(&session, &catalog)
            } else {
                crate::divergence::matrix(&session, &catalog)
            };
            if json {
                let mut text = crate::sanitize::to_json_pretty(&d)?;
                text.push('\n');
                write_output(None, &text)?;
            } else {
                write_output(None, &divergence_table(&session, &catalog, &d))?;
            }
        }
        Command::Report { id, output } => {
            let session = open_store(cli.data_dir.as_deref())?.load(&id, &catalog)?;
            let text = crate::report::markdown(&session, &catalog, chrono::Utc::now());
            write_output(output.as_deref(), &text)?;
        }
        Command::List => list_sessions(&open_store(cli.data_dir.as_deref())?, &catalog)?,
        Command::Export { id, output } => {
            let store = open_store(cli.data_dir.as_deref())?;
            let session = store.load(&id, &catalog)?;
            let json = transcript::to_json(&transcript::build(&session, &catalog, chrono::Utc::now()));
            write_output(output.as_deref(), &json)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn load_catalog(banks: Option<&Path>) -> anyhow::Result<Catalog> {
    let loaded = match banks {
        Some(dir) => Catalog::load_dir(dir),
        None => Catalog::embedded(),
    };
    loaded.map_err(|e| anyhow::anyhow!("{e}"))
}

fn open_store(data_dir: Option<&Path>) -> anyhow::Result<Store> {
    let dir = match data_dir {
        Some(d) => d.to_path_buf(),
        None => storage::default_data_dir()
            .context("no data folder could be found for this user: pass --data-dir DIR or set CROSSCHECK_DATA_DIR")?,
    };
    Ok(Store::open(&dir)?)
}

fn open_in_ui(catalog: Catalog, store: Store, id: &str) -> anyhow::Result<ExitCode> {
    let mut app = new_app(catalog, store);
    app.open_session(id)?;
    crate::ui::run(app)
}

/// An argument naming a file rather than a session id.
fn looks_like_a_file(arg: &str) -> bool {
    arg.contains(std::path::MAIN_SEPARATOR) || arg.ends_with(".json")
}

/// Imports one file and says what happened; the session's id in the data folder.
fn import_one(store: &Store, catalog: &Catalog, file: &Path) -> anyhow::Result<String> {
    let imported = store.import(file, catalog)?;
    match &imported {
        storage::Imported::New { id } => warn!("{}: imported as session {id}", file.display()),
        storage::Imported::Same { id } => {
            warn!("{}: session {id} is already in the data folder, unchanged", file.display())
        }
        storage::Imported::Renamed { from, id } => warn!(
            "{}: a different session {from} is already in the data folder, so this one came in as {id}; both are kept",
            file.display()
        ),
    }
    say!("{}", imported.id());
    Ok(imported.id().to_string())
}

/// The key map and theme of the config file in force, or the defaults and the reasons why.
#[derive(Debug)]
pub struct Settings {
    /// The config file in force; None when no config folder can be found for this user.
    pub path: Option<PathBuf>,
    /// Whether that file exists (without one the defaults apply, silently).
    pub found: bool,
    pub keymap: KeyMap,
    pub theme: ThemeName,
    /// Why the file was not used; empty when it was (or there is none).
    pub problems: Vec<Problem>,
}

/// Reads the config file at `path` (see [`config::path`]) and applies it to the default key
/// map. All or nothing: with any problem, the default keys and theme are used.
pub fn load_settings(path: Option<&Path>) -> Settings {
    let mut settings = Settings {
        path: path.map(Path::to_path_buf),
        found: false,
        keymap: KeyMap::default(),
        theme: ThemeName::default(),
        problems: Vec::new(),
    };
    let Some(path) = path else { return settings };
    let Some(parsed) = config::read(path) else { return settings };
    settings.found = true;
    let mut problems = parsed.problems;
    let mut keymap = KeyMap::default();
    if let Err(found) = keymap.apply(&parsed.config.keys) {
        problems.extend(found.into_iter().map(|(at, message)| Problem::at(path, at, message)));
    }
    if problems.is_empty() {
        settings.keymap = keymap;
        settings.theme = parsed.config.theme.unwrap_or_default();
    } else {
        problems.sort_by_key(|p| (p.line, p.column));
        settings.problems = problems;
    }
    settings
}

/// The App with the user's keys and theme; a bad config is reported on stderr (before the
/// interface takes the screen) and in the message line, and the defaults are used.
fn new_app(catalog: Catalog, store: Store) -> App {
    let settings = load_settings(config::path().as_deref());
    for p in &settings.problems {
        warn!("{p}");
    }
    if !settings.problems.is_empty() {
        warn!("The config file was not used: the default keys and theme are in force.");
    }
    // What a crash left behind: write temporaries (never the newest data) and notes copies
    // of an external editor (brought back into their answers).
    store.remove_stale_temporaries();
    let recovered = crate::storage::notes_copy::recover_stale(&std::env::temp_dir(), &store, &catalog);
    let mut app = App::new(catalog, store, chrono::Utc::now());
    apply_settings(&mut app, settings);
    if let Some(first) = recovered.first() {
        app.say(crate::ui::command::Status::info(first.clone()));
    }
    app
}

/// Gives the App the settings' key map and theme (NO_COLOR still wins), and the first problem,
/// if any, in its message line.
pub fn apply_settings(app: &mut App, settings: Settings) {
    app.keymap = settings.keymap;
    app.theme = Theme::from_env(settings.theme);
    if let Some(first) = settings.problems.first() {
        let n = settings.problems.len();
        let more = if n > 1 { format!(" (and {} more: crosscheck config check)", n - 1) } else { String::new() };
        // The line is narrow: the file's name only; stderr and `config check` have the full path.
        let name =
            first.file.file_name().map_or_else(|| first.file.display().to_string(), |n| n.to_string_lossy().into());
        app.say(crate::ui::command::Status::warning(format!(
            "Config ignored, defaults in force: {name}:{}:{}: {}{more}",
            first.line, first.column, first.message
        )));
    }
}

/// `crosscheck config path`, `config check` and `config keys`.
fn config_command(command: &ConfigCommand) -> anyhow::Result<ExitCode> {
    let path = config::path().with_context(|| {
        format!(
            "no config folder could be found for this user: set {}=FILE to name the config file",
            config::CONFIG_ENV
        )
    })?;
    match command {
        ConfigCommand::Path => say!("{}", path.display()),
        ConfigCommand::Keys => {
            let settings = load_settings(Some(&path));
            if !settings.problems.is_empty() {
                warn!("The config file has problems (see crosscheck config check): these are the defaults.");
            }
            print!("{}", crate::sanitize::for_terminal(&keys_table(&settings.keymap)));
        }
        ConfigCommand::Check => {
            let settings = load_settings(Some(&path));
            if !settings.found {
                say!("{}: no config file; the default keys and theme are in force", path.display());
            } else if settings.problems.is_empty() {
                let changed = changed_bindings(&settings.keymap);
                say!(
                    "{}: no problems (theme {}, {changed} key binding{} changed)",
                    path.display(),
                    settings.theme.name(),
                    if changed == 1 { "" } else { "s" }
                );
            } else {
                for p in &settings.problems {
                    warn!("{p}");
                }
                let n = settings.problems.len();
                warn!(
                    "{n} problem{} in the config file: crosscheck uses the default keys and theme until {} fixed.",
                    if n == 1 { "" } else { "s" },
                    if n == 1 { "it is" } else { "they are" }
                );
                return Ok(ExitCode::FAILURE);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
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

/// How many bindings differ from the defaults.
fn changed_bindings(keymap: &KeyMap) -> usize {
    let defaults = KeyMap::default();
    keymap.bindings.iter().zip(&defaults.bindings).filter(|(a, b)| a.keys != b.keys).count()
}

/// Writes to a file (atomically, owner-only) or to stdout when no file or "-" is given; on
/// stdout, control characters are shown, never sent.
fn write_output(output: Option<&Path>, text: &str) -> anyhow::Result<()> {
    match output {
        Some(path) if path != Path::new("-") => {
            let target = storage::output_target(path)?;
            storage::write_private_atomic(&target, text.as_bytes())?;
            warn!("wrote {}", path.display());
        }
        _ => {
            let mut out = std::io::stdout().lock();
            out.write_all(crate::sanitize::for_terminal(text).as_bytes())?;
            out.flush()?;
        }
    }
    Ok(())
}

fn validate(dir: &Path) -> anyhow::Result<ExitCode> {
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

fn list_banks(catalog: &Catalog) {
    let source = match &catalog.source {
        crate::bank::BankSource::Embedded => "built-in".to_string(),
        crate::bank::BankSource::Dir(d) => d.display().to_string(),
    };
    say!("Question banks ({source}):");
    say!("  {:<18} {:<28} {:>8} {:>9} {:>8} {:>5}", "FUNCTION", "TITLE", "VERSION", "QUESTIONS", "SECTIONS", "MUST");
    for b in &catalog.banks {
        let must = b.questions.iter().filter(|q| q.is_must()).count();
        say!(
            "  {:<18} {:<28} {:>8} {:>9} {:>8} {:>5}",
            b.function,
            b.title,
            b.version,
            b.questions.len(),
            b.sections.len(),
            must
        );
    }
    println!();
    say!("Topics ({}): communicated by → received by", catalog.topics.len());
    for plan in catalog.plans() {
        let function = |bank: usize| catalog.banks[bank].function.as_str();
        let from = plan.claim.map_or("", |c| function(c.bank));
        let to: Vec<&str> = plan.receivers.iter().map(|r| function(r.bank)).collect();
        let to = if to.is_empty() { "—".into() } else { to.join(", ") };
        say!("  {:<28} {:<12} → {}", catalog.topics[plan.topic].id, from, to);
    }
}

fn list_sessions(store: &Store, catalog: &Catalog) -> anyhow::Result<()> {
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
                let total: usize =
                    s.interviews.iter().map(|i| catalog.bank(&i.function).map_or(0, |b| b.questions.len())).sum();
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

fn truncate(s: &str, width: usize) -> String {
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
    let _ = writeln!(out);
    let title = |f: &str| catalog.bank(f).map_or(f.to_string(), |b| b.title.to_uppercase());
    let width = d.topics.iter().map(|t| t.title.chars().count()).max().unwrap_or(5).max(5);
    // Printed, not fitted to a screen: each column as wide as its widest heading or cell.
    let widest = |f: &str| {
        let cells = d.topics.iter().filter_map(|t| t.cell(f)).map(|c| c.label().chars().count());
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
        let claim = format!("{} ({})", t.claim.label(), short_name(catalog, &t.claim.function));
        let mut row = format!("{:<width$}  {:<16}", t.title, truncate(&claim, 16));
        for (f, w) in d.receivers.iter().zip(&widths) {
            let cell = t.cell(f).map_or("·".to_string(), |c| c.label());
            let _ = write!(row, "  {cell:<w$}");
        }
        row.push_str(if t.inconsistent() { "  ≠" } else { "" });
        let _ = writeln!(out, "{}", row.trim_end());
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "{}", crate::divergence::LEGEND);
    out
}

/// A function's short name from its bank ("PM", "CS"), else its id.
fn short_name<'a>(catalog: &'a Catalog, function: &'a str) -> &'a str {
    catalog.bank(function).map_or(function, |b| b.short_name())
}

/// The example engagement shipped in the binary.
const DEMO_SESSION: &str = include_str!("../assets/demo-session.json");
/// Its session id (checked by a test against the file).
pub const DEMO_ID: &str = "demo-corvane-analytics";

/// A temporary data folder holding only the demo session; removed when dropped.
struct Demo {
    dir: PathBuf,
}

impl Demo {
    fn create() -> anyhow::Result<Demo> {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
        let dir = std::env::temp_dir().join(format!("crosscheck-demo-{}-{nanos:08x}", std::process::id()));
        let demo = Demo { dir };
        let store = Store::open(&demo.dir)?;
        storage::write_private_atomic(&store.path_of(DEMO_ID)?, DEMO_SESSION.as_bytes())?;
        Ok(demo)
    }
}

impl Drop for Demo {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
