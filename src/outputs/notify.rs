//! Desktop notifications: break reminders with Done / Snooze / Skip, the warning before a break
//! with Start now / Snooze 5 min, "Break done", the daily-limit notice and configuration errors,
//! sent to the freedesktop notification server over D-Bus.
//!
//! A [`Notifier`] is a handle to one task that owns everything posture has on screen, so the
//! daemon never waits on the desktop: it hands a [`Reminder`] over and goes on. The task keeps
//! one break notification, replaced in place (the spec's `replaces_id`, so nothing stacks): the
//! warning, then the reminder and its repeats, then "Break done". It listens for the buttons and
//! sends what they mean back as an engine [`Input`]: an [`Answer`] to a reminder, a command for
//! the warning's buttons, so the daemon has one path for both.
//!
//! A reminder stays on screen until answered (`expire_timeout` 0 with the resident hint, unless
//! `notifications.stay` is off; the servers that read that otherwise, swaync and GNOME Shell,
//! are in one table, `SERVERS`), and the start and end of a break ask the server for the sound
//! theme's `bell` and `complete` (the `sound-name` hint), so posture plays nothing itself.
//!
//! Without a notification server (a bare window manager, a broken session) reminders still
//! reach the user as one line each on stderr, and the server is tried again on a later reminder.
//!
//! Only notify-rust's async API is used: its blocking calls start a runtime of their own, which
//! panics inside Tokio.

use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

use notify_rust::{Hint, Notification, NotificationHandle, NotificationResponse, Timeout, Urgency};
use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;
use tokio::time::Instant;

use crate::core::config::NotificationSettings;
use crate::core::engine::{Answer, Command, Input};
use crate::core::text::{self, Message, render};
use crate::core::tips::Card;
use crate::core::{Kind, Lang};
use crate::notification_server;
use crate::outputs::picture;

/// Names posture to the server; servers group notifications and find the icon by it.
const APP_NAME: &str = "posture";
/// The `.desktop` file's name without its extension.
const DESKTOP_ENTRY: &str = "posture";

/// The spec names no category that fits, and asks others to use the form `x-vendor.class`.
pub(crate) const CATEGORY_BREAK: &str = "x-posture.break";
const CATEGORY_DAILY_LIMIT: &str = "x-posture.daily-limit";
const CATEGORY_CONFIG_ERROR: &str = "x-posture.config-error";
const CATEGORY_NOTICE: &str = "x-posture.notice";

/// Action ids; the labels are translated, these never are.
const ACTION_DONE: &str = "done";
const ACTION_SNOOZE: &str = "snooze";
const ACTION_SKIP: &str = "skip";
const ACTION_START: &str = "start";

/// What the warning's Snooze button holds reminders for.
const WARNING_SNOOZE: Duration = Duration::from_secs(5 * 60);
/// "Break done" goes by itself after this long: it only confirms.
const DONE_SHOWS: Duration = Duration::from_secs(5);

/// Sound-theme names (freedesktop sound naming spec) for the start and the end of a break.
const SOUND_START: &str = "bell";
const SOUND_END: &str = "complete";

/// The longest timeout the protocol carries (24.8 days): never, in practice.
const LONGEST: Timeout = Timeout::Milliseconds(i32::MAX as u32);

/// A server that has taken the name but does not answer must not hold reminders up for long.
const CALL_TIMEOUT: Duration = Duration::from_secs(5);
/// After a failed attempt the server is left alone this long, so a missing server costs a D-Bus
/// round trip at most once a minute, not on every reminder.
const RETRY_AFTER: Duration = Duration::from_secs(60);

/// Requests waiting for the task; more than a few means the desktop is stuck, and then `show`
/// waiting for room is the right back-pressure.
const QUEUE: usize = 64;

/// Something to tell the user.
#[derive(Debug, Clone, PartialEq)]
pub enum Reminder {
    /// A break is due. `repeat` counts earlier reminders for the same break; `length` is how long
    /// the break lasts; `snooze` is what the Snooze button offers; `card` is the exercise, for
    /// its picture.
    Break {
        kind: Kind,
        tip_text: String,
        card: Option<Box<Card>>,
        repeat: u32,
        length: Duration,
        snooze: Duration,
        settings: NotificationSettings,
        lang: Lang,
    },
    /// A break falls due in `due_in`: a quiet warning with Start now and Snooze 5 min.
    Soon { kind: Kind, due_in: Duration, lang: Lang },
    /// The break was taken. Replaces a reminder on screen with a short "Break done"; closes a
    /// warning; otherwise leaves the screen as it is.
    Taken { kind: Kind, settings: NotificationSettings, lang: Lang },
    /// Today's sitting reached the daily limit.
    DailyLimit { sitting: Duration, lang: Lang },
    /// The configuration could not be loaded; `message` is the located error.
    ConfigError { message: String, lang: Lang },
    /// Something about the desktop the user should know once (no idle monitor, say).
    Notice { title: String, body: String },
}

/// Why a notification did not reach the server.
#[derive(Debug, thiserror::Error)]
enum DeliveryError {
    #[error(transparent)]
    Server(#[from] notify_rust::error::Error),
    #[error("the notification server did not answer within {} s", CALL_TIMEOUT.as_secs())]
    Timeout,
}

#[derive(Debug)]
enum Request {
    Show(Reminder),
    Withdraw,
}

/// A handle to the notifier task. Clones talk to the same task; the task also ends once every
/// handle is dropped.
#[derive(Debug, Clone)]
pub struct Notifier {
    requests: mpsc::Sender<Request>,
}

impl Notifier {
    /// Starts the task. What the user's buttons mean comes back on `answers`.
    ///
    /// Must be called inside a Tokio runtime.
    pub fn start(answers: mpsc::Sender<Input>, shutdown: watch::Receiver<bool>) -> Notifier {
        Notifier::start_with_fallback(answers, shutdown, Box::new(std::io::stderr()))
    }

    /// Like [`Notifier::start`], with the lines printed while no server answers going to
    /// `fallback` instead of stderr (tests read them back).
    pub fn start_with_fallback(
        answers: mpsc::Sender<Input>,
        shutdown: watch::Receiver<bool>,
        fallback: Box<dyn Write + Send>,
    ) -> Notifier {
        let (requests, requests_rx) = mpsc::channel(QUEUE);
        let (responses, responses_rx) = mpsc::unbounded_channel();
        let task = Task {
            answers,
            fallback,
            responses,
            server: Server::Reachable,
            current: None,
            config_error_id: None,
            generation: 0,
        };
        tokio::spawn(task.run(requests_rx, responses_rx, shutdown));
        Notifier { requests }
    }

    /// Shows a reminder. A break reminder replaces the break reminder on screen, if any.
    pub async fn show(&self, reminder: Reminder) {
        self.request(Request::Show(reminder)).await;
    }

    /// Closes the break reminder on screen (the break was taken, skipped, withdrawn).
    pub async fn withdraw(&self) {
        self.request(Request::Withdraw).await;
    }

    async fn request(&self, request: Request) {
        // The task is gone only after shutdown, when nothing needs showing any more.
        if let Err(err) = self.requests.send(request).await {
            tracing::debug!(request = ?err.0, "notifier has stopped; request dropped");
        }
    }
}

/// Whether the last attempt reached a notification server.
#[derive(Debug, Clone, Copy)]
enum Server {
    Reachable,
    Unreachable { tried_at: Instant },
}

/// Which break notification is on screen: its buttons mean different things.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Showing {
    Soon { kind: Kind },
    Reminder,
    Done,
}

impl Showing {
    /// What pressing the button `action` asks of the engine.
    fn input(self, action: &str) -> Option<Input> {
        match self {
            Showing::Reminder => answer_for(action).map(Input::Answer),
            Showing::Soon { kind } => match action {
                ACTION_START => Some(Input::Command(Command::Break(kind))),
                ACTION_SNOOZE => Some(Input::Command(Command::Snooze(Some(WARNING_SNOOZE)))),
                _ => None,
            },
            Showing::Done => None,
        }
    }
}

/// The break notification on screen and the task listening for its buttons.
struct Shown {
    handle: Arc<NotificationHandle>,
    listener: JoinHandle<()>,
    showing: Showing,
    /// Tells this notification's responses from those of one it replaced.
    generation: u64,
}

/// What a listener heard.
struct Response {
    generation: u64,
    event: Event,
}

enum Event {
    /// A button, as what it asks of the engine.
    Input(Input),
    /// Closed without an answer (dismissed, expired): the break is still pending, but there is
    /// nothing left on screen to replace.
    Closed,
}

struct Task {
    answers: mpsc::Sender<Input>,
    fallback: Box<dyn Write + Send>,
    responses: mpsc::UnboundedSender<Response>,
    server: Server,
    current: Option<Shown>,
    /// A corrected-then-broken-again config replaces its earlier error instead of stacking.
    config_error_id: Option<u32>,
    generation: u64,
}

impl Task {
    async fn run(
        mut self,
        mut requests: mpsc::Receiver<Request>,
        mut responses: mpsc::UnboundedReceiver<Response>,
        mut shutdown: watch::Receiver<bool>,
    ) {
        let stop = async move {
            // A dropped sender can never say "stop"; the task then ends with its last handle.
            if shutdown.wait_for(|&stop| stop).await.is_err() {
                std::future::pending::<()>().await;
            }
        };
        tokio::pin!(stop);
        loop {
            tokio::select! {
                biased;
                () = &mut stop => break,
                request = requests.recv() => match request {
                    Some(Request::Show(reminder)) => self.show(reminder).await,
                    Some(Request::Withdraw) => self.withdraw().await,
                    None => break,
                },
                Some(response) = responses.recv() => self.on_response(response).await,
            }
        }
        // Buttons on screen that nobody listens to any more would only mislead.
        self.withdraw().await;
    }

    async fn show(&mut self, reminder: Reminder) {
        match reminder {
            Reminder::Break { kind, tip_text, card, repeat, length, snooze, settings, lang } => {
                let title = if repeat == 0 { Message::BreakTitle { kind } } else { Message::RepeatTitle { kind } };
                let length = render(lang, &Message::BreakLength { length });
                let body = if tip_text.is_empty() { length } else { format!("{length}\n\n{tip_text}") };
                let mut notification = base(&render(lang, &title), &body, CATEGORY_BREAK);
                let mut urgency = break_urgency(repeat);
                if settings.stay {
                    // Servers otherwise drop it after their own timeout (dunst: 10 s), often
                    // before the user has looked.
                    let quirks = ServerQuirks::of(server_name(self.server).await.as_deref());
                    notification.timeout(quirks.stay_timeout);
                    urgency = quirks.stay_urgency(urgency);
                }
                if settings.sound {
                    notification.hint(Hint::SoundName(SOUND_START.into()));
                }
                notification
                    .urgency(urgency)
                    // The server leaves a resident notification in place when a button is pressed,
                    // so the buttons keep working wherever the server keeps it (its history, after
                    // the popup went); the task closes it itself once answered.
                    .hint(Hint::Resident(true))
                    .action(ACTION_DONE, &render(lang, &Message::Done))
                    .action(ACTION_SNOOZE, &render(lang, &Message::Snooze { snooze }))
                    .action(ACTION_SKIP, &render(lang, &Message::Skip));
                // The exercise's picture, for servers that show images (others ignore the hint).
                // One that cannot be rendered is logged and left out: the reminder matters more.
                match card.as_deref().map(picture::cached) {
                    Some(Ok(Some(path))) => {
                        notification.image_path(&path.display().to_string());
                    }
                    Some(Err(e)) => tracing::warn!("no picture for this card: {e:#}"),
                    Some(Ok(None)) | None => {}
                }
                self.show_break(notification, Showing::Reminder).await;
            }
            Reminder::Soon { kind, due_in, lang } => {
                // The daemon wakes a little after the instant: a countdown reads 30 s, not 29 s.
                let due_in = Duration::from_secs(due_in.as_millis().div_ceil(1000) as u64);
                let title = render(lang, &Message::SoonTitle { kind, due_in });
                let mut notification = base(&title, &render(lang, &Message::SoonBody), CATEGORY_BREAK);
                notification
                    // Low: a heads-up, not a call to act yet; it goes when the break comes due,
                    // and is not worth keeping in the server's history.
                    .urgency(Urgency::Low)
                    .timeout(Timeout::Milliseconds(due_in.as_millis().try_into().unwrap_or(u32::MAX)))
                    .hint(Hint::Transient(true))
                    .action(ACTION_START, &render(lang, &Message::StartNow))
                    .action(ACTION_SNOOZE, &render(lang, &Message::Snooze { snooze: WARNING_SNOOZE }));
                self.show_break(notification, Showing::Soon { kind }).await;
            }
            Reminder::Taken { kind, settings, lang } => {
                match self.current.as_ref().map(|shown| shown.showing) {
                    Some(Showing::Reminder) => {}
                    Some(Showing::Soon { .. }) => return self.withdraw().await,
                    // A rest taken with the micro break it stood in for says "done" once.
                    Some(Showing::Done) | None => return,
                }
                let title = render(lang, &Message::BreakDoneTitle);
                let mut notification = base(&title, &render(lang, &Message::BreakName { kind }), CATEGORY_BREAK);
                notification
                    .urgency(Urgency::Normal)
                    .timeout(Timeout::Milliseconds(DONE_SHOWS.as_millis() as u32))
                    .hint(Hint::Transient(true));
                if settings.sound {
                    notification.hint(Hint::SoundName(SOUND_END.into()));
                }
                self.show_break(notification, Showing::Done).await;
            }
            Reminder::DailyLimit { sitting, lang } => {
                let title = render(lang, &Message::DailyLimitTitle { sitting });
                let mut notification = base(&title, &render(lang, &Message::DailyLimitBody), CATEGORY_DAILY_LIMIT);
                // Normal, not Low: it comes once a day and the user set the limit to hear about
                // it, while some servers file Low notifications in their history without a popup.
                notification.urgency(Urgency::Normal);
                self.deliver(&notification).await;
            }
            Reminder::Notice { title, body } => {
                let mut notification = base(&title, &body, CATEGORY_NOTICE);
                notification.urgency(Urgency::Normal);
                self.deliver(&notification).await;
            }
            Reminder::ConfigError { message, lang } => {
                let mut notification = base(&render(lang, &Message::ConfigErrorTitle), &message, CATEGORY_CONFIG_ERROR);
                // Normal: the daemon carries on with the configuration it had, so nothing is
                // urgent, and Critical would stay on screen until dismissed.
                notification.urgency(Urgency::Normal);
                if let Some(id) = self.config_error_id {
                    notification.id(id);
                }
                if let Some(handle) = self.deliver(&notification).await {
                    self.config_error_id = Some(handle.id());
                }
            }
        }
    }

    /// Shows a break notification in place of the one on screen, if any.
    async fn show_break(&mut self, mut notification: Notification, showing: Showing) {
        if let Some(shown) = &self.current {
            notification.id(shown.handle.id());
        }
        if let Some(handle) = self.deliver(&notification).await {
            self.replace_current(handle, showing);
        }
    }

    /// Closes the break notification on screen, if any.
    async fn withdraw(&mut self) {
        if let Some(shown) = self.current.take() {
            shown.listener.abort();
            // `close_async` ignores errors: a notification already gone is fine.
            if tokio::time::timeout(CALL_TIMEOUT, shown.handle.close_async()).await.is_err() {
                tracing::debug!(id = shown.handle.id(), "closing the notification timed out");
            }
        }
    }

    async fn on_response(&mut self, response: Response) {
        match &self.current {
            Some(shown) if shown.generation == response.generation => {}
            // From a notification since replaced or withdrawn.
            _ => return,
        }
        match response.event {
            Event::Input(input) => {
                if let Err(err) = self.answers.send(input).await {
                    tracing::debug!(input = ?err.0, "nobody takes answers any more");
                }
                // The notification is resident, so the server keeps it after the button.
                self.withdraw().await;
            }
            Event::Closed => self.current = None,
        }
    }

    fn replace_current(&mut self, handle: NotificationHandle, showing: Showing) {
        self.generation += 1;
        let handle = Arc::new(handle);
        let listener = tokio::spawn(listen(Arc::clone(&handle), showing, self.generation, self.responses.clone()));
        let shown = Shown { handle, listener, showing, generation: self.generation };
        // Dropping the old handle closes its D-Bus connection; the notification now belongs to
        // the new one, which sent the replacement.
        if let Some(old) = self.current.replace(shown) {
            old.listener.abort();
        }
    }

    /// Sends a notification, or prints it when no server answers. Returns the handle when the
    /// server took it.
    async fn deliver(&mut self, notification: &Notification) -> Option<NotificationHandle> {
        if let Server::Unreachable { tried_at } = self.server
            && tried_at.elapsed() < RETRY_AFTER
        {
            self.print_fallback(notification);
            return None;
        }
        // Most servers read the body as markup: a config error quoting `<` or `&` would
        // otherwise vanish or break the whole body.
        let mut sent = notification.clone();
        sent.body = text::escape_markup(&notification.body);
        let result = match tokio::time::timeout(CALL_TIMEOUT, sent.show_async()).await {
            Ok(Ok(handle)) => Ok(handle),
            Ok(Err(err)) => Err(DeliveryError::from(err)),
            Err(_) => Err(DeliveryError::Timeout),
        };
        match result {
            Ok(handle) => {
                if let Server::Unreachable { .. } = self.server {
                    tracing::info!("the notification server answers again");
                }
                self.server = Server::Reachable;
                Some(handle)
            }
            Err(err) => {
                // Logged once per outage; every reminder in it is printed anyway.
                match self.server {
                    Server::Reachable => {
                        tracing::warn!(error = %err, "no notification server; printing reminders to stderr instead")
                    }
                    Server::Unreachable { .. } => tracing::debug!(error = %err, "still no notification server"),
                }
                self.server = Server::Unreachable { tried_at: Instant::now() };
                self.print_fallback(notification);
                None
            }
        }
    }

    fn print_fallback(&mut self, notification: &Notification) {
        // One line per notification: a card's steps are joined rather than broken over lines.
        let body: Vec<&str> = notification.body.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        let line = if body.is_empty() {
            format!("posture: {}", notification.summary)
        } else {
            format!("posture: {} — {}", notification.summary, body.join(" "))
        };
        // Nowhere left to report a failing stderr; the reminder is lost either way.
        let _ = writeln!(self.fallback, "{line}").and_then(|()| self.fallback.flush());
    }
}

/// What every posture notification has in common.
pub(crate) fn base(summary: &str, body: &str, category: &str) -> Notification {
    let mut notification = Notification::new();
    notification
        .appname(APP_NAME)
        .summary(summary)
        .body(body)
        .hint(Hint::DesktopEntry(DESKTOP_ENTRY.into()))
        .hint(Hint::Category(category.into()))
        // Servers pick a sensible time per urgency; Critical ones stay until dismissed.
        .timeout(Timeout::Default);
    notification
}

/// The notification server's name, when it answers in time; not asked while it is known to be
/// missing.
async fn server_name(server: Server) -> Option<String> {
    if let Server::Unreachable { tried_at } = server
        && tried_at.elapsed() < RETRY_AFTER
    {
        return None;
    }
    match tokio::time::timeout(CALL_TIMEOUT, server_information()).await {
        Ok(Ok(name)) => Some(name),
        Ok(Err(err)) => {
            tracing::debug!(error = %err, "no server information");
            None
        }
        Err(_) => None,
    }
}

/// The name the notification server gives, over a session bus connection of its own.
async fn server_information() -> zbus::Result<String> {
    notification_server::name(&zbus::Connection::session().await?).await
}

/// What posture does on one notification server to keep a reminder on screen
/// (`notifications.stay`). Pictures, sounds and buttons go to every server alike: a server
/// that does not show one ignores it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ServerQuirks {
    /// The server's name in `GetServerInformation` (empty in [`SPEC`]).
    name: &'static str,
    /// The `expire_timeout` of a staying reminder.
    stay_timeout: Timeout,
    /// A staying reminder goes as Critical, whatever its repeat count says.
    stay_critical: bool,
}

/// What the spec asks of a server, and so what posture sends to any server not in [`SERVERS`]
/// (dunst, mako, KDE Plasma, xfce4-notifyd) or one that did not say its name: an
/// `expire_timeout` of 0, which means never.
const SPEC: ServerQuirks = ServerQuirks { name: "", stay_timeout: Timeout::Never, stay_critical: false };

/// SwayNotificationCenter reads an `expire_timeout` of 0 as "my own timeout" (5-10 s) rather
/// than "never", as the spec says, and keeps only critical popups; a positive timeout it
/// honours, so it gets the longest one.
const SWAYNC: ServerQuirks = ServerQuirks { name: notification_server::SWAYNC, stay_timeout: LONGEST, ..SPEC };

/// GNOME Shell ignores `expire_timeout`: a Normal banner leaves 4 s after the user is active
/// (into the list under the clock), and only a Critical one stays on screen. Critical would
/// pass its do-not-disturb, but posture itself holds reminders while that is on
/// (`[meetings] do_not_disturb`).
const GNOME_SHELL: ServerQuirks = ServerQuirks { name: notification_server::GNOME_SHELL, stay_critical: true, ..SPEC };

/// Every server posture treats otherwise than the spec says, in one place.
const SERVERS: [ServerQuirks; 2] = [SWAYNC, GNOME_SHELL];

impl ServerQuirks {
    /// The quirks of the server named `server` in `GetServerInformation`.
    fn of(server: Option<&str>) -> ServerQuirks {
        SERVERS.into_iter().find(|quirks| server == Some(quirks.name)).unwrap_or(SPEC)
    }

    /// The urgency that keeps a reminder on screen, from the one the repeat count says.
    fn stay_urgency(self, urgency: Urgency) -> Urgency {
        if self.stay_critical { Urgency::Critical } else { urgency }
    }
}

/// Normal for a reminder and its first repeat. From the second repeat the user has let the break
/// pass twice, so Critical: servers keep those on screen until dismissed, and many show them even
/// in do-not-disturb mode.
fn break_urgency(repeat: u32) -> Urgency {
    if repeat >= 2 { Urgency::Critical } else { Urgency::Normal }
}

fn answer_for(action: &str) -> Option<Answer> {
    match action {
        ACTION_DONE => Some(Answer::Done),
        ACTION_SNOOZE => Some(Answer::Snooze),
        ACTION_SKIP => Some(Answer::Skip),
        _ => None,
    }
}

/// Waits for the user to act on a break notification and reports the first button or its
/// closing. Clicks on the body ("default") are not answers, so it keeps listening after them.
async fn listen(
    handle: Arc<NotificationHandle>,
    showing: Showing,
    generation: u64,
    responses: mpsc::UnboundedSender<Response>,
) {
    loop {
        let mut response = None;
        handle.wait_for_action_async(|r| response = Some(r.clone())).await;
        let event = match response {
            // The connection to the bus ended: no answer can come any more.
            None => return,
            Some(NotificationResponse::Closed(_)) => Event::Closed,
            Some(NotificationResponse::Action(action)) => match showing.input(&action) {
                Some(input) => Event::Input(input),
                None => continue,
            },
            Some(NotificationResponse::Default | NotificationResponse::Reply(_)) => continue,
        };
        // The task only drops its receiver when it ends.
        let _ = responses.send(Response { generation, event });
        return;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urgency_rises_from_the_second_repeat() {
        assert_eq!(break_urgency(0), Urgency::Normal);
        assert_eq!(break_urgency(1), Urgency::Normal);
        assert_eq!(break_urgency(2), Urgency::Critical);
        assert_eq!(break_urgency(7), Urgency::Critical);
    }

    #[test]
    fn a_staying_reminder_never_expires_and_on_swaync_outlasts_its_default() {
        let stay_timeout = |server| ServerQuirks::of(server).stay_timeout;
        let stay_urgency = |server, urgency| ServerQuirks::of(server).stay_urgency(urgency);
        assert_eq!(stay_timeout(None), Timeout::Never);
        assert_eq!(stay_timeout(Some("dunst")), Timeout::Never);
        assert_eq!(stay_timeout(Some("SwayNotificationCenter")), Timeout::Milliseconds(2_147_483_647));
        assert_eq!(stay_urgency(Some("gnome-shell"), Urgency::Normal), Urgency::Critical);
        assert_eq!(stay_urgency(Some("dunst"), Urgency::Normal), Urgency::Normal);
        assert_eq!(stay_urgency(None, Urgency::Normal), Urgency::Normal);
        assert_eq!(i32::from(LONGEST), i32::MAX);
    }

    #[test]
    fn each_server_in_the_table_is_found_by_its_name_and_departs_from_the_spec() {
        for quirks in SERVERS {
            assert_eq!(ServerQuirks::of(Some(quirks.name)), quirks);
            assert_ne!(ServerQuirks { name: "", ..quirks }, SPEC, "{} changes nothing", quirks.name);
            assert_eq!(SERVERS.iter().filter(|q| q.name == quirks.name).count(), 1, "{} twice", quirks.name);
        }
        // Names are matched exactly, as the servers give them.
        assert_eq!(ServerQuirks::of(Some("swaync")), SPEC);
        assert_eq!(ServerQuirks::of(Some("Gnome-Shell")), SPEC);
        assert_eq!(ServerQuirks::of(Some("")), SPEC);
    }

    #[test]
    fn only_the_three_buttons_are_answers() {
        assert_eq!(answer_for("done"), Some(Answer::Done));
        assert_eq!(answer_for("snooze"), Some(Answer::Snooze));
        assert_eq!(answer_for("skip"), Some(Answer::Skip));
        assert_eq!(answer_for("default"), None);
        assert_eq!(answer_for("Done"), None);
    }

    #[test]
    fn the_warning_buttons_are_the_break_and_snooze_commands() {
        let soon = Showing::Soon { kind: Kind::Rest };
        assert_eq!(soon.input("start"), Some(Input::Command(Command::Break(Kind::Rest))));
        assert_eq!(soon.input("snooze"), Some(Input::Command(Command::Snooze(Some(WARNING_SNOOZE)))));
        assert_eq!(soon.input("done"), None);
        assert_eq!(Showing::Reminder.input("snooze"), Some(Input::Answer(Answer::Snooze)));
        assert_eq!(Showing::Done.input("done"), None);
    }
}
