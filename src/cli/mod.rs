//! The command line: its arguments (clap) and which command runs. What each command does is in
//! [`commands`], what it prints in [`tables`]; the interface's settings in [`settings`].

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::bank::Catalog;

/// `println!` for text that may hold a file's content: control characters shown, never sent.
macro_rules! say {
    ($($arg:tt)*) => { crate::cli::print_line(&format!($($arg)*)) };
}

/// `eprintln!` likewise.
macro_rules! warn {
    ($($arg:tt)*) => { eprintln!("{}", crate::sanitize::for_terminal(&format!($($arg)*))) };
}

mod agreement;
mod claims;
mod commands;
mod compare;
pub(crate) mod demo;
mod guide;
mod merging;
mod norms;
mod settings;
mod shell;
mod tables;

pub use claims::claims_text;
pub use demo::{DEMO_EARLIER_ID, DEMO_ID};
pub use settings::{Settings, apply_settings, load_settings};
pub use tables::{divergence_table, keys_table};

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
        /// The language the notes are written in (ISO 639-1: en, fr, de, es, …): their terms
        /// are compared in it.
        #[arg(long, default_value = "en")]
        language: String,
        /// The launch in view: the one launch every interview is about, as the client calls it
        /// (questions name it; `L` in the interface names or changes it later).
        #[arg(long, value_name = "NAME")]
        launch: Option<String>,
        /// When the launch went out (YYYY-MM-DD).
        #[arg(long, value_name = "DATE", requires = "launch")]
        went_out: Option<String>,
        /// The release that carried the launch, as Engineering and Operations know it.
        #[arg(long, requires = "launch")]
        release: Option<String>,
        /// The pillars the engagement covers: "all", or pillars separated by commas
        /// (identity-direction, intelligence-adaptation, control-optimisation, coordination,
        /// operations). Interviews ask only their questions.
        #[arg(long, default_value = "operations")]
        scope: String,
        /// The earlier engagement at the same client this one follows up (its session id):
        /// `crosscheck compare ID` then says what moved since.
        #[arg(long, value_name = "EARLIER")]
        follows: Option<String>,
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
    /// Bring transcripts and session files (emergency copies, backups) into the data folder;
    /// a different session already under the same id is kept, and the file comes in under a
    /// new id. Exit 1 if any file could not be imported.
    Import {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Merge several interviewers' copies of one engagement (transcripts, session files, or
    /// ids of sessions in the data folder): interviews united by id, the same answer edited
    /// twice kept as its latest value with the others recorded as conflicts. Into the data
    /// folder (under the sessions' id, or --into ID) unless -o. Exit 1 if refused.
    Merge {
        #[arg(required = true, value_name = "FILE|ID")]
        inputs: Vec<String>,
        /// Merge into this session of the data folder (created if missing).
        #[arg(long, value_name = "ID", conflicts_with = "output")]
        into: Option<String>,
        /// Write the merged transcript to this file ("-": stdout) instead of the data folder.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Merge even copies of different engagements.
        #[arg(long)]
        force: bool,
    },
    /// Git's merge driver for crosscheck's files (see the README for .gitattributes): merges
    /// BASE, OURS and THEIRS into OURS, keeping every conflict. Exit 1 (OURS untouched) if a
    /// file cannot be read or the engagements differ.
    MergeDriver {
        #[arg(value_name = "BASE")]
        base: PathBuf,
        #[arg(value_name = "OURS")]
        ours: PathBuf,
        #[arg(value_name = "THEIRS")]
        theirs: PathBuf,
    },
    /// List the sessions.
    List,
    /// Write a session's JSON transcript, a REFI-QDA project for qualitative-analysis tools, or
    /// its answers as CSV (to stdout unless -o; a project only to a file).
    Export {
        id: String,
        /// json: the lossless transcript; qdpx: a REFI-QDA project (needs -o); csv: one row per
        /// answer.
        #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
        format: ExportFormat,
        /// Write to this file (created readable by you only).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace the -o file even if it is read-only.
        #[arg(long, requires = "output")]
        force: bool,
        /// CSV: start with a UTF-8 byte-order mark, for spreadsheet programs that otherwise
        /// guess the encoding wrongly.
        #[arg(long)]
        bom: bool,
    },
    /// Print the divergence matrix: what was said to be communicated vs what was received.
    Divergence {
        id: String,
        /// Print JSON instead of a table.
        #[arg(long, conflicts_with = "csv")]
        json: bool,
        /// Print CSV, one row per topic and receiving function.
        #[arg(long)]
        csv: bool,
        /// With --csv: start with a UTF-8 byte-order mark, for spreadsheet programs that
        /// otherwise guess the encoding wrongly.
        #[arg(long, requires = "csv")]
        bom: bool,
    },
    /// Print the diagnosis: the method's readings of the evidence together, each with the
    /// answers it rests on.
    Diagnosis {
        id: String,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Print the claims that stand: where each was made, what each function's interviews said
    /// to it, and what is still to verify and with whom.
    Claims {
        id: String,
        /// Print the claim ledger as JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Print what moved since the last assessment: a later engagement at a client against the
    /// earlier one (each a session id or a file), per topic and function, with the pillars,
    /// readings and claims whose verdict changed and what could not be compared.
    Compare {
        /// The earlier engagement; alone, the later one, compared with the engagement it
        /// follows up (`new --follows`). With --demo and no id, the demo.
        earlier: Option<String>,
        later: Option<String>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Make a session the follow-up of an earlier engagement at the same client (`compare ID`,
    /// its report and its divergence screen then say what moved since); without EARLIER, print
    /// the engagement it follows up. Refused while the session is open in crosscheck.
    Follows {
        id: String,
        /// The earlier engagement's session id (in the data folder).
        earlier: Option<String>,
        /// It follows up no earlier engagement.
        #[arg(long, conflicts_with = "earlier")]
        none: bool,
    },
    /// Print the norms: how the headline figures spread over your engagements (every session of
    /// the data folder, and any transcripts given), always with n. Names no organisation unless
    /// --names.
    Norms {
        /// Transcripts or session files to count besides the data folder's sessions.
        files: Vec<PathBuf>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
        /// List the organisations the norms are over.
        #[arg(long)]
        names: bool,
    },
    /// Print how far two captures of one conversation agree: for each interview marked as a
    /// second capture of another, Krippendorff's alpha (ordinal) over the questions both scored
    /// and the questions they answered differently; then each topic over every pair.
    Agreement {
        id: String,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Write the client's read-out, in Markdown unless told otherwise (to stdout unless -o):
    /// it attributes what was said to functions, never to the people interviewed.
    Report {
        id: String,
        /// The team's copy: name the people interviewed (marked as such at its top).
        #[arg(long)]
        names: bool,
        /// In the client's copy, a function with fewer interviewees is said to be attributable,
        /// and its verbatim quotes appear only where the interviewee agreed to be quoted.
        #[arg(long, value_name = "N", default_value_t = crate::report::MIN_GROUP)]
        min_group: usize,
        /// Write to this file (created readable by you only).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// md (Markdown, the default) or html (one self-contained page with print CSS; a
        /// .html file given to -o chooses it too).
        #[arg(long, value_enum)]
        format: Option<ReportFormat>,
        /// Replace the -o file even if it is read-only.
        #[arg(long, requires = "output")]
        force: bool,
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
    /// Print a shell completion script: `crosscheck completions bash > /etc/bash_completion.d/crosscheck`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff): `crosscheck man > crosscheck.1; man ./crosscheck.1`.
    Man,
}

/// What `crosscheck export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Json,
    Qdpx,
    Csv,
}

/// What `crosscheck report` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Md,
    Html,
}

/// What `crosscheck banks show` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GuideFormat {
    Text,
    Md,
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
    /// Print a function's interview guide: sections, questions with probes and what a strong
    /// answer shows, to prepare or print.
    Show {
        /// The function, e.g. sales (see `crosscheck banks list`).
        function: String,
        /// text (the default) or md (Markdown).
        #[arg(long, value_enum, default_value_t = GuideFormat::Text)]
        format: GuideFormat,
    },
    /// Write the built-in banks to a folder to customise; `--banks DIR` and `banks validate DIR`
    /// accept it unchanged. Refused if the folder already holds a bank file.
    Init { dir: PathBuf },
}

/// Runs the command line: the commands that need no banks first, then the demo's folder if
/// asked for, then the command (or the interface, without one).
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match &cli.command {
        Some(Command::Banks { command: BanksCommand::Validate { dir } }) => return commands::validate(dir),
        Some(Command::Banks { command: BanksCommand::Init { dir } }) => return guide::init(dir),
        Some(Command::Completions { shell }) => return shell::completions(*shell),
        Some(Command::Man) => return shell::man(),
        Some(Command::Config { command }) => return settings::config_command(command),
        _ => {}
    }
    let catalog = commands::load_catalog(cli.banks.as_deref())?;
    let _demo_dir; // removed when the run ends
    let mut cli = cli;
    if cli.demo {
        let demo = demo::Demo::create()?;
        cli.data_dir = Some(demo.dir.clone());
        if cli.command.is_none() {
            return commands::open_in_ui(catalog, commands::open_store(cli.data_dir.as_deref())?, DEMO_ID);
        }
        _demo_dir = demo;
        // The demo's story over time needs no id: `--demo compare` is the demo against spring.
        if let Some(Command::Compare { earlier: earlier @ None, .. }) = &mut cli.command {
            *earlier = Some(DEMO_ID.to_string());
        }
    }
    let data_dir = cli.data_dir.as_deref();
    let Some(command) = cli.command else {
        return crate::ui::run(settings::new_app(catalog, commands::open_store(data_dir)?, true));
    };
    dispatch(command, catalog, data_dir)
}

/// Runs one command on the banks in force and the data folder `data_dir`.
fn dispatch(command: Command, catalog: Catalog, data_dir: Option<&Path>) -> anyhow::Result<ExitCode> {
    let store = || commands::open_store(data_dir);
    match command {
        Command::Banks { command: BanksCommand::List } => tables::list_banks(&catalog),
        Command::Banks { command: BanksCommand::Show { function, format } } => {
            guide::show(&catalog, &function, format == GuideFormat::Md)?
        }
        Command::Banks { command: BanksCommand::Validate { .. } | BanksCommand::Init { .. } }
        | Command::Config { .. }
        | Command::Completions { .. }
        | Command::Man => {
            unreachable!("handled above")
        }
        Command::New { org, interviewer, language, launch, went_out, release, scope, follows, no_open } => {
            let language = crate::divergence::language::parse(&language).map_err(anyhow::Error::msg)?;
            let launch = launch
                .map(|name| {
                    let (date, release) = (went_out.unwrap_or_default(), release.unwrap_or_default());
                    crate::session::Launch::parse(&name, &date, &release)
                })
                .transpose()
                .map_err(|e| anyhow::anyhow!("--launch: {e}"))?;
            let scope = crate::bank::Scope::parse(&scope).map_err(|e| anyhow::anyhow!("--scope: {e}"))?;
            let engagement =
                commands::Engagement { org: &org, interviewer, language: language.code, launch, scope, follows };
            return commands::new(catalog, data_dir, engagement, no_open);
        }
        Command::Open { id } => return commands::open(catalog, store()?, id),
        Command::Import { files } => return commands::import(&store()?, &catalog, &files),
        Command::Merge { inputs, into, output, force } => {
            let target = match (into, output) {
                (Some(id), _) => merging::Target::Into(id),
                (None, Some(file)) => merging::Target::File(file),
                (None, None) => merging::Target::DataFolder,
            };
            return merging::merge(&store()?, &catalog, &inputs, target, force);
        }
        Command::MergeDriver { base, ours, theirs } => return merging::merge_driver(&catalog, &base, &ours, &theirs),
        Command::Divergence { id, json, csv, bom } => {
            let form = if csv {
                commands::Form::Csv { bom }
            } else if json {
                commands::Form::Json
            } else {
                commands::Form::Table
            };
            commands::divergence(&store()?, &catalog, &id, form)?
        }
        Command::Diagnosis { id, json } => commands::diagnosis(&store()?, &catalog, &id, json)?,
        Command::Claims { id, json } => claims::claims(&store()?, &catalog, &id, json)?,
        Command::Compare { earlier, later, json } => {
            let Some(earlier) = earlier else {
                anyhow::bail!(
                    "name the engagement to compare: crosscheck compare EARLIER LATER, or crosscheck compare ID for the one it follows up"
                )
            };
            compare::compare(&store()?, &catalog, &earlier, later.as_deref(), json)?
        }
        Command::Follows { id, earlier, none } => {
            commands::follows(&store()?, &catalog, &id, earlier.as_deref(), none)?
        }
        Command::Norms { files, json, names } => norms::norms(&store()?, &catalog, &files, json, names)?,
        Command::Agreement { id, json } => agreement::agreement(&store()?, &catalog, &id, json)?,
        Command::Report { id, output, format, force, names, min_group } => {
            let html = match format {
                Some(f) => f == ReportFormat::Html,
                None => output.as_ref().and_then(|o| o.extension()).is_some_and(|x| x.eq_ignore_ascii_case("html")),
            };
            let store = store()?;
            let file = commands::OutFile::new(output.as_deref(), &store, force);
            let read_out = crate::report::ReadOut { names, min_group };
            commands::report(&store, &catalog, &id, file, (html, read_out))?
        }
        Command::List => tables::list_sessions(&store()?, &catalog)?,
        Command::Export { id, format, output, force, bom } => {
            let store = store()?;
            let file = commands::OutFile::new(output.as_deref(), &store, force);
            commands::export(&store, &catalog, &id, (format, bom), file)?
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// One line to stdout, controls shown. A closed pipe (`crosscheck list | head -1`) is not an
/// error: the rest is dropped quietly, where `println!` would panic.
pub(crate) fn print_line(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{}", crate::sanitize::for_terminal(text));
}
