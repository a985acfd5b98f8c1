//! The command-line edges: each parses its arguments, calls `load`, the core or the running
//! daemon (`control`), and prints; errors are `anyhow` here, at the edge. Nothing else in the
//! crate imports this module.

pub mod autostart;
pub mod break_screen;
pub mod config;
pub mod control;
pub mod detach;
pub mod generate;
pub mod help;
pub mod history;
pub mod meetings;
pub mod report;
pub mod simulate;
pub mod stats;
pub mod tip;
