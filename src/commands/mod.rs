//! Command-line edges that need no running daemon. Each reads what it needs, calls the core
//! and prints; errors are `anyhow` here, at the edge.

pub mod autostart;
pub mod config;
pub mod control;
pub mod generate;
pub mod history;
pub mod meetings;
pub mod report;
pub mod simulate;
pub mod stats;
pub mod tip;
