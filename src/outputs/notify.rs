//! Desktop notifications (placeholder until the notifier lands: prints to stderr).
use std::time::Duration;

use tokio::sync::{mpsc, watch};

use crate::core::engine::Answer;
use crate::core::{Kind, Lang};

pub enum Reminder {
    Break { kind: Kind, tip_text: String, repeat: u32, snooze: Duration, lang: Lang },
    DailyLimit { sitting: Duration, lang: Lang },
    ConfigError { message: String, lang: Lang },
}

pub struct Notifier;

impl Notifier {
    pub fn start(_answers: mpsc::Sender<Answer>, _shutdown: watch::Receiver<bool>) -> Notifier {
        Notifier
    }
    pub async fn show(&self, reminder: Reminder) {
        match reminder {
            Reminder::Break { kind, tip_text, .. } => eprintln!("posture: {kind} break: {tip_text}"),
            Reminder::DailyLimit { sitting, .. } => eprintln!("posture: daily limit {sitting:?}"),
            Reminder::ConfigError { message, .. } => eprintln!("posture: {message}"),
        }
    }
    pub async fn withdraw(&self) {}
}
