//! For the idle-detection tests: waiting for the backend's next observation, with a deadline.

use std::time::Duration;

use posture::senses::Observation;
use tokio::sync::mpsc;

/// The next observation, failing the test if none comes within `within`.
pub async fn next(rx: &mut mpsc::Receiver<Observation>, within: Duration, what: &str) -> Observation {
    match tokio::time::timeout(within, rx.recv()).await {
        Ok(Some(observation)) => observation,
        Ok(None) => panic!("the backend stopped while waiting for {what}"),
        Err(_) => panic!("no observation within {within:?} while waiting for {what}"),
    }
}
