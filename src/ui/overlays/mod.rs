//! What opens over a screen: a stack, each overlay a [`crate::ui::command::Component`] that
//! closes by returning [`crate::ui::command::Command::Close`]. Components ask for one with
//! [`crate::ui::command::Command::show`]. None of them sees the app: each gets its own state and
//! a read-only [`crate::ui::env::Ctx`]. Adding one is adding its file here.

pub mod check;
pub mod claims;
pub mod confirm;
pub mod conflicts;
pub mod follow_ups;
pub mod follows;
pub mod forms;
pub mod help;
pub mod launch;
pub mod line_form;
pub mod palette;
pub mod recommend;
pub mod retired;
pub mod scope;
