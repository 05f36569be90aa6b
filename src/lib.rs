//! crosscheck: a terminal interview assistant for delivery diagnostics.
//!
//! Domain modules (`bank`, `session`, `storage`, `transcript`) never touch the terminal; the
//! `ui` module draws them and `cli` wires the command line.

pub mod agreement;
pub mod bank;
pub mod claims;
pub mod cli;
pub mod compare;
pub mod config;
pub mod copies;
pub mod diagnosis;
pub mod divergence;
pub mod dora;
pub mod export;
pub mod identity;
pub mod input;
pub mod merge;
pub mod norms;
pub mod output;
pub mod problem;
pub mod report;
pub mod sanitize;
pub mod session;
pub mod storage;
/// Generators for tests and benches, never in the binary: see the `fixtures` feature.
#[cfg(any(test, feature = "fixtures"))]
pub mod testing;
pub mod transcript;
pub mod ui;
