//! Control: how the CLI and the tray talk to the running daemon.
//!
//! A Unix socket in `$XDG_RUNTIME_DIR/posture/` (directory 0700, socket 0600, peer uid checked)
//! carries a small versioned JSON Lines protocol, described in [`protocol`]. The daemon side is
//! [`server`]; the CLI side is [`client`].

pub mod client;
pub mod protocol;
pub mod server;
