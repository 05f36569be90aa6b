//! The screens: each a component of its own state. `update(action, &mut state, &context)`
//! returns [`crate::ui::command::Command`]s; `render` draws from the state and the context and
//! records its clickable areas. No screen sees the app (a test over the `use` lines checks).

pub mod diagnosis;
pub mod divergence;
pub mod interview;
pub mod session;
pub mod session_list;
