//! The interface driven through key presses on an `App` value and drawn into TestBackend.

#[path = "../common/mod.rs"]
mod common;

mod claims_ui;
mod flow;
mod follow_up;
mod per_receiver;
mod read_only;
mod readme_screen;
mod robustness;
mod scope;
mod team;
mod ui;
mod ui_holes;
mod what_to_change;
