//! The optional break screen: its own short-lived process (`posture break-screen`).

pub mod app;
pub mod wayland;
