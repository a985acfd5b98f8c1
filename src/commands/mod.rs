//! Command-line edges that need no running daemon. Each reads what it needs, calls the core
//! and prints; errors are `anyhow` here, at the edge.

pub mod config;
pub mod control;
pub mod meetings;
pub mod simulate;
pub mod tip;
