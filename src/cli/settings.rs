//! The interface's settings from the config file (keys and theme), and `crosscheck config`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;

use super::ConfigCommand;
use super::tables::keys_table;
use crate::bank::Catalog;
use crate::config::{self, ThemeName};
use crate::problem::Problem;
use crate::storage::Store;
use crate::ui::App;
use crate::ui::keymap::KeyMap;
use crate::ui::theme::Theme;

/// The key map and theme of the config file in force, or the defaults and the reasons why.
#[derive(Debug)]
pub struct Settings {
    /// The config file in force; None when no config folder can be found for this user.
    pub path: Option<PathBuf>,
    /// Whether that file exists (without one the defaults apply, silently).
    pub found: bool,
    pub keymap: KeyMap,
    pub theme: ThemeName,
    /// Move to the next open question after a scale or choice answer key.
    pub advance_after_answer: bool,
    /// The fewest other engagements an engagement is placed among.
    pub norms_min_engagements: usize,
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
        advance_after_answer: false,
        norms_min_engagements: crate::norms::MIN_ENGAGEMENTS,
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
        settings.advance_after_answer = parsed.config.advance_after_answer.unwrap_or(false);
        settings.norms_min_engagements = parsed.config.norms_min_engagements.unwrap_or(crate::norms::MIN_ENGAGEMENTS);
    } else {
        problems.sort_by_key(|p| (p.line, p.column));
        settings.problems = problems;
    }
    settings
}

/// The App with the user's keys and theme; a bad config is reported on stderr (before the
/// interface takes the screen) and in the message line, and the defaults are used. Its
/// sessions are listed unless `listed` is false (a session opened by id at once: see
/// [`App::unlisted`]).
pub(super) fn new_app(catalog: Catalog, store: Store, listed: bool) -> App {
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
    let now = chrono::Utc::now();
    let mut app = if listed { App::new(catalog, store, now) } else { App::unlisted(catalog, store, now) };
    app.interviewer = crate::identity::current();
    apply_settings(&mut app, settings);
    if let Some(first) = recovered.first() {
        app.say(crate::ui::command::Status::info(first.clone()));
    }
    app
}

/// Gives the App the settings' key map and theme (NO_COLOR still wins), and the first problem,
/// if any, in its message line.
pub fn apply_settings(app: &mut App, settings: Settings) {
    app.env.keymap = settings.keymap;
    app.env.theme = Theme::from_env(settings.theme);
    app.env.advance_after_answer = settings.advance_after_answer;
    app.env.norms_min_engagements = settings.norms_min_engagements;
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
pub(super) fn config_command(command: &ConfigCommand) -> anyhow::Result<ExitCode> {
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
            let _ = std::io::Write::write_all(
                &mut std::io::stdout().lock(),
                crate::sanitize::for_terminal(&keys_table(&settings.keymap)).as_bytes(),
            );
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

/// How many bindings differ from the defaults.
fn changed_bindings(keymap: &KeyMap) -> usize {
    let defaults = KeyMap::default();
    keymap.bindings.iter().zip(&defaults.bindings).filter(|(a, b)| a.keys != b.keys).count()
}
