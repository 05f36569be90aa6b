//! The external editor (`$VISUAL`, `$EDITOR`, else `vi`) on the notes: the terminal and the
//! keyboard handed over to it and taken back, the edited text returned, or why not.

use std::time::Duration;

use super::guard::{Signals, enter, restore};
use super::reader::Reader;
use crate::storage::notes_copy::{NotesCopy, Origin};
use crate::ui::App;
use crate::ui::app::Effect;

/// Why the notes could not be edited outside: they stay as they were.
#[derive(Debug, thiserror::Error)]
pub enum EditorError {
    #[error("the keyboard could not be handed to the editor")]
    Keyboard,
    #[error("could not write a temporary file: {0}")]
    TemporaryFile(std::io::Error),
    #[error("could not start {editor}: {source}")]
    Start { editor: String, source: std::io::Error },
    #[error("{editor} exited with {status}")]
    Failed { editor: String, status: String },
    #[error("could not wait for {editor}: {source}")]
    Wait { editor: String, source: std::io::Error },
    #[error("could not read the notes back: {0}")]
    ReadBack(std::io::Error),
}

pub fn perform(
    effect: Effect,
    app: &mut App,
    terminal: &mut ratatui::DefaultTerminal,
    reader: &Reader,
    signals: &Signals,
) -> anyhow::Result<()> {
    match effect {
        Effect::EditExternally { text, interview, question } => {
            let Some(session) = app.open.as_ref().map(|o| o.session().id.clone()) else { return Ok(()) };
            let origin =
                Origin { data_dir: app.store.data_dir().to_path_buf(), session, interview, question, original: text };
            if !reader.pause() {
                app.finish_external_edit(Err(EditorError::Keyboard));
                reader.resume();
                return Ok(());
            }
            restore();
            let result = edit_externally(&origin, signals);
            *terminal = enter()?;
            terminal.clear()?;
            reader.resume();
            app.finish_external_edit(result);
            if signals.any() {
                app.save_now();
            }
        }
    }
    Ok(())
}

/// Opens `$VISUAL` (or `$EDITOR`, or `vi`) on a private temporary copy of the notes and returns
/// the edited text; the copy is removed whatever happens. A signal to crosscheck meanwhile tells
/// the editor to stop, and whatever it had saved is kept.
fn edit_externally(origin: &Origin, signals: &Signals) -> Result<String, EditorError> {
    let editor = std::env::var("VISUAL")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .or_else(|| std::env::var("EDITOR").ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| "vi".into());
    let copy = NotesCopy::create(&std::env::temp_dir(), origin).map_err(EditorError::TemporaryFile)?;
    // Through the shell, so an editor given with arguments ("code --wait") works; `exec` makes
    // the editor the child itself, so a signal reaches it.
    let child = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("exec {editor} \"$1\""))
        .arg("crosscheck-editor")
        .arg(&copy.text_path)
        .spawn();
    let mut child = child.map_err(|source| EditorError::Start { editor: editor.clone(), source })?;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Ok(status),
            Ok(None) if signals.any() => {
                #[cfg(unix)]
                if let Ok(pid) = libc::pid_t::try_from(child.id()) {
                    unsafe { libc::kill(pid, libc::SIGTERM) };
                }
                let _ = child.wait();
                // Stopped from outside: what the editor had saved still counts.
                break Err(None);
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => break Err(Some(e)),
        }
    };
    match status {
        Ok(s) if s.success() => copy.read().map_err(EditorError::ReadBack),
        Ok(status) => Err(EditorError::Failed { editor, status: status.to_string() }),
        Err(None) => copy.read().map_err(EditorError::ReadBack),
        Err(Some(source)) => Err(EditorError::Wait { editor, source }),
    }
}
