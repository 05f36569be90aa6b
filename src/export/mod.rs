//! Exports for other tools, built from a session's transcript (which carries every question's
//! text, the divergence and the claims): a REFI-QDA project (`.qdpx`) for qualitative-analysis
//! software (NVivo, ATLAS.ti, MAXQDA, QualCoder), and CSV tables for spreadsheets. The JSON
//! transcript stays the lossless format; these are views of it.

mod codes;
mod coding;
mod links;
mod project;
mod qdpx;
mod source;
mod table;

use std::borrow::Cow;

pub use qdpx::{PROJECT_FILE, qdpx};
pub use source::plain;
pub use table::{LineEnd, answers_csv, divergence_csv};

/// A GUID that names the same thing on every export of the same session, so a project
/// re-imported into a QDA tool updates its codes and sources instead of duplicating them: a
/// name-based UUID (v5) of what it names, under a namespace of the session's own id.
struct Guids {
    namespace: uuid::Uuid,
}

impl Guids {
    fn of_session(session_id: &str) -> Guids {
        let name = format!("crosscheck session {session_id}");
        Guids { namespace: uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, name.as_bytes()) }
    }

    /// The GUID of `kind` named by `parts` (joined with a separator no id or name is read with).
    fn of(&self, kind: &str, parts: &[&str]) -> String {
        let mut name = kind.to_string();
        for p in parts {
            name.push('\u{1f}');
            name.push_str(p);
        }
        uuid::Uuid::new_v5(&self.namespace, name.as_bytes()).hyphenated().to_string()
    }
}

/// One-line text for an XML attribute (a name): controls shown visibly, as on a terminal, so
/// that no character XML 1.0 forbids reaches the file.
fn attribute(s: &str) -> Cow<'_, str> {
    let shown = crate::sanitize::one_line(s);
    if shown.contains(['\u{fffe}', '\u{ffff}']) {
        Cow::Owned(shown.replace(['\u{fffe}', '\u{ffff}'], "\u{fffd}"))
    } else {
        shown
    }
}
