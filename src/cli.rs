//! The command-line interface definition: one place for every subcommand and flag.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::core::Lang;

#[derive(Debug, Parser)]
#[command(name = "posture", version, about = "Posture-break reminders from your real sitting time")]
pub struct Cli {
    /// Configuration file (default: $XDG_CONFIG_HOME/posture/config.toml).
    // Not global: the client commands talk to a daemon that reads its own file. The commands
    // that read one get their own `--config` in `command` (see CONFIG_READERS).
    #[arg(long, env = "POSTURE_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// With no subcommand, posture runs the daemon: these are its options.
    #[command(flatten)]
    pub daemon: DaemonArgs,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// How the daemon runs.
#[derive(Debug, Clone, Copy, Default, Args)]
pub struct DaemonArgs {
    /// Run in the background: print how to stop it and return once it answers.
    #[arg(long)]
    pub detach: bool,
    /// Log more: -v adds posture's details, -vv everything (RUST_LOG also works).
    #[arg(short, long, action = clap::ArgAction::Count)]
    pub verbose: u8,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the daemon (the same as no subcommand); --detach runs it in the background.
    Daemon(DaemonArgs),
    /// Show where you stand: the next break, sitting time, snooze or pause.
    Status {
        /// Print the status as JSON.
        #[arg(long)]
        json: bool,
        /// Keep running and print one JSON line per change (for status bars).
        #[arg(long)]
        follow: bool,
    },
    /// Take a break now: the movement break (rest), or the posture check (micro).
    Break {
        /// micro: the posture check; rest: the movement break (the default).
        kind: Option<KindArg>,
    },
    /// Hold reminders for DURATION (default: reminders.snooze); sitting still counts.
    Snooze {
        /// How long, like 20m, 1h or 1h 30m.
        duration: Vec<String>,
    },
    /// Stop counting and reminding, for DURATION, until a time, or until `posture resume`.
    Pause {
        /// How long, like 45m or 2h; without it, until `posture resume`.
        duration: Vec<String>,
        /// HH:MM, or `tomorrow` (midnight).
        #[arg(long, conflicts_with = "duration")]
        until: Option<String>,
    },
    /// End a pause or a snooze.
    Resume,
    /// Skip the pending break, or the next one.
    Skip,
    /// Tell posture a meeting started or ended (reminders wait until it ends).
    #[command(subcommand)]
    Meeting(MeetingCommand),
    /// Change how often a break comes, now and in the configuration file.
    Interval {
        /// micro: the posture check; rest: the movement break.
        kind: KindArg,
        /// The new interval, like 20m or 1h 15m.
        duration: Vec<String>,
    },
    /// Stop the daemon.
    Quit,
    /// Show, create or check the configuration file.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Show a tip from the catalogue.
    Tip(TipArgs),
    /// Replay a day of activity and print what posture would do.
    Simulate(SimulateArgs),
    /// List what posture treats as meetings in the configured calendars, and why.
    Meetings(MeetingsArgs),
    /// Show the recorded history: sitting, longest stretch and breaks per day.
    Stats(StatsArgs),
    /// Write the recorded history as one self-contained HTML page.
    Report(ReportArgs),
    /// Start posture at every graphical login, or stop doing so.
    #[command(subcommand)]
    Autostart(AutostartCommand),
    /// Print a shell completion script (bash, zsh or fish) to standard output.
    Completions {
        /// The shell to complete for.
        shell: ShellArg,
    },
    /// The break screen for one break; the daemon starts it when `[break_screen]` is on.
    #[command(hide = true)]
    BreakScreen(BreakScreenArgs),
    /// Print the man page posture(1) as roff; packages install the pages --dir writes.
    #[command(hide = true)]
    Man {
        /// Write posture.1 and one page per subcommand (posture-status.1, …) into DIR instead.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum AutostartCommand {
    /// Start posture at login: an XDG autostart entry, or a systemd user unit with --systemd.
    Enable {
        /// Install a systemd user unit bound to graphical-session.target instead.
        #[arg(long)]
        systemd: bool,
    },
    /// Stop starting posture at login (removes only what `enable` wrote).
    Disable,
    /// Say what starts posture at login and whether the daemon runs.
    Status,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShellArg {
    Bash,
    Zsh,
    Fish,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the commented default configuration.
    Init {
        /// Write it to the configuration path instead (never overwrites).
        #[arg(long)]
        write: bool,
    },
    /// Check a configuration file; exit 1 with the located error if it is invalid.
    Check {
        /// File to check (default: the configuration path).
        file: Option<PathBuf>,
    },
    /// Print the configuration path in use.
    Path,
    /// Open the configuration in $VISUAL or $EDITOR and check it on save.
    Edit,
}

#[derive(Debug, Subcommand)]
pub enum MeetingCommand {
    /// A meeting started; with --for it ends by itself.
    Start {
        /// How long the meeting lasts, like 30m or 1h 30m.
        #[arg(long = "for", value_name = "DURATION")]
        length: Option<String>,
    },
    /// The meeting ended.
    End,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    /// The posture check, the short break.
    Micro,
    /// The movement break, the long break.
    Rest,
}

#[derive(Debug, Args)]
pub struct BreakScreenArgs {
    #[arg(long, value_enum, default_value = "rest")]
    pub kind: KindArg,
    /// The exercise card's id (none: the break's title only).
    #[arg(long)]
    pub card: Option<String>,
    /// The break's length in seconds: what the countdown counts.
    #[arg(long, default_value_t = 300)]
    pub length: u64,
    #[arg(long, value_enum, default_value = "en")]
    pub lang: LangArg,
    #[arg(long, value_enum, default_value = "window")]
    pub mode: CoverArg,
    /// No Skip button; hold Escape 3 s to skip.
    #[arg(long)]
    pub strict: bool,
    /// Snoozes left today (none: not limited).
    #[arg(long)]
    pub snoozes_left: Option<u32>,
    /// What Snooze holds reminders for, in seconds (the label only; the daemon decides).
    #[arg(long, default_value_t = 600)]
    pub snooze: u64,
    /// No sound when the break is done.
    #[arg(long)]
    pub no_sound: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CoverArg {
    Window,
    Fullscreen,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    Nl,
    En,
}

impl From<LangArg> for Lang {
    fn from(arg: LangArg) -> Lang {
        match arg {
            LangArg::Nl => Lang::Nl,
            LangArg::En => Lang::En,
        }
    }
}

#[derive(Debug, Args)]
pub struct TipArgs {
    /// Only cards that fit this break kind.
    #[arg(long)]
    pub kind: Option<KindArg>,
    /// Only cards (or advice) for this body area (neck, shoulders, upper_back, lower_back,
    /// arms, hips, legs, jaw, whole_body).
    #[arg(long)]
    pub area: Option<String>,
    /// This card instead of a drawn one.
    #[arg(long, conflicts_with_all = ["kind", "area", "all"])]
    pub id: Option<String>,
    /// Language of the text (default: the configured language).
    #[arg(long)]
    pub lang: Option<LangArg>,
    /// List every card instead of one.
    #[arg(long)]
    pub all: bool,
    /// Print as JSON.
    #[arg(long)]
    pub json: bool,
    /// Write the card's picture as SVG to this file.
    #[arg(long, value_name = "FILE", conflicts_with = "all")]
    pub svg: Option<PathBuf>,
    /// Write the card's picture as PNG to this file.
    #[arg(long, value_name = "FILE", conflicts_with = "all")]
    pub png: Option<PathBuf>,
    /// Write every card's picture in one overview image (PNG if FILE ends in .png, else SVG).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["id", "all", "svg", "png"])]
    pub grid: Option<PathBuf>,
    /// Print the advice on ergonomics and habits: worth reading, not a break exercise.
    #[arg(long, conflicts_with_all = ["kind", "id", "all", "svg", "png", "grid"])]
    pub advice: bool,
    /// Print the warning signs that call for a doctor, not a break exercise.
    #[arg(long, conflicts_with_all = ["kind", "area", "id", "all", "svg", "png", "grid", "advice"])]
    pub warning_signs: bool,
}

#[derive(Debug, Args)]
pub struct SimulateArgs {
    /// Trace of a day as JSON Lines; `-` reads standard input.
    #[arg(required_unless_present = "history")]
    pub trace: Option<PathBuf>,
    /// Replay the recorded activity of the last --days days instead of a trace, under the
    /// configuration given with --config, and compare reminders per day with what happened.
    #[arg(long, conflicts_with = "trace")]
    pub history: bool,
    /// How many days of history to replay (with --history).
    #[arg(long, default_value_t = 7, requires = "history", value_parser = clap::value_parser!(u32).range(1..=3660))]
    pub days: u32,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// How many days, ending today.
    #[arg(long, default_value_t = 7, value_parser = clap::value_parser!(u32).range(1..=3660))]
    pub days: u32,
    /// Print the same numbers as JSON.
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Print the same numbers as CSV.
    #[arg(long)]
    pub csv: bool,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// How many days, ending today.
    #[arg(long, default_value_t = 7, value_parser = clap::value_parser!(u32).range(1..=3660))]
    pub days: u32,
    /// Where to write the HTML file (default: report.html in posture's state directory).
    #[arg(long, value_name = "FILE.html")]
    pub output: Option<PathBuf>,
    /// Language of the page (default: the configured language).
    #[arg(long)]
    pub lang: Option<LangArg>,
}

#[derive(Debug, Args)]
pub struct MeetingsArgs {
    /// How many days to list, from the start of today.
    #[arg(long, default_value_t = 7, value_parser = clap::value_parser!(u16).range(1..=366))]
    pub days: u16,
    /// One JSON object per line instead of text.
    #[arg(long)]
    pub json: bool,
}
