//! Other copies of an engagement brought into the data folder: a colleague's session file, a
//! transcript, an emergency copy or a backup, imported beside what is there (`import.rs`) or
//! merged into a session under its lock (`merge_in.rs`). Above `storage`, which only stores
//! files, and `transcript`, which only reads and writes transcripts.

mod import;
mod merge_in;

pub use import::{ImportError, Imported, import, read_foreign};
pub use merge_in::{MergeInError, MergedIn, merge_into, read_all};
