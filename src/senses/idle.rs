//! Keyboard and mouse idle detection (placeholder until the backends land: runs on time alone).
use std::time::Duration;

use tokio::sync::{mpsc, watch};

use super::Observation;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Backend {
    None,
}

impl Backend {
    pub fn name(self) -> &'static str {
        "none"
    }
}

pub async fn start(_threshold: Duration, _tx: mpsc::Sender<Observation>, _shutdown: watch::Receiver<bool>) -> Backend {
    Backend::None
}
