//! The binary in a real terminal (tmux), killed, signalled and synced through git.

#[path = "../common/mod.rs"]
mod common;

mod crash;
mod disk_sync;
mod tmux;
mod tmux_claims;
mod tmux_conflicts;
mod tmux_holes;
mod tmux_team;
mod tmux_ui_holes;
