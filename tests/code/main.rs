//! The code itself: its module shape and the README that maps it.

mod modules;
mod readme;
