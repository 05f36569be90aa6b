//! The built binary's commands, each with a temporary data folder.

#[path = "../common/mod.rs"]
mod common;

mod agreement;
mod cli;
mod cli_holes;
mod compare;
mod config;
mod demo;
mod guide;
mod holes;
mod import_again;
mod merge;
mod merge_holes;
mod norms;
mod old_sessions;
mod readme_figures;
mod report;
