//! Problems in the files crosscheck reads (banks, the config file, session files):
//! where a value is in JSON text, and a problem at a file's line and column.

pub mod locate;

use std::fmt;
use std::path::PathBuf;

pub use locate::{PathIndex, Position, Step, locate, position_of};

/// A problem in a file at a line and column (1-based, columns in characters), shown as
/// `FILE:LINE:COLUMN: message`, the form editors and terminals jump to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: {}", self.file.display(), self.line, self.column, self.message)
    }
}

impl Problem {
    pub fn at(file: impl Into<PathBuf>, at: Position, message: impl Into<String>) -> Problem {
        Problem { file: file.into(), line: at.line.max(1), column: at.column.max(1), message: message.into() }
    }

    /// A problem with the file as a whole, shown at its start.
    pub fn in_file(file: impl Into<PathBuf>, message: impl Into<String>) -> Problem {
        Problem::at(file, Position { line: 1, column: 1 }, message)
    }
}
