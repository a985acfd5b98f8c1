//! Screen lock and suspend (placeholder until logind lands).
use tokio::sync::{mpsc, watch};

use super::Observation;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Source {
    None,
}

impl Source {
    pub fn name(self) -> &'static str {
        "none"
    }
}

pub async fn start(_tx: mpsc::Sender<Observation>, _shutdown: watch::Receiver<bool>) -> Source {
    Source::None
}
