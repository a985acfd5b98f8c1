//! The command-line interface definition: one place for every subcommand and flag.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(name = "posture", version, about = "Posture-break reminders from your real sitting time")]
pub struct Cli {
    /// Configuration file (default: $XDG_CONFIG_HOME/posture/config.toml).
    #[arg(long, global = true, env = "POSTURE_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show, create or check the configuration file.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Show a tip from the catalogue.
    Tip(TipArgs),
    /// Replay a day of activity and print what posture would do.
    Simulate(SimulateArgs),
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    Micro,
    Rest,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    Nl,
    En,
}

#[derive(Debug, Args)]
pub struct TipArgs {
    /// Only tips that fit this break kind.
    #[arg(long)]
    pub kind: Option<KindArg>,
    /// Only tips for this body area (neck, shoulders, upper_back, lower_back, arms, hips,
    /// legs, jaw, whole_body).
    #[arg(long)]
    pub area: Option<String>,
    /// Language of the text (default: the configured language).
    #[arg(long)]
    pub lang: Option<LangArg>,
    /// List every tip instead of one.
    #[arg(long)]
    pub all: bool,
    /// Print as JSON.
    #[arg(long)]
    pub json: bool,
    /// Print the warning signs that call for a doctor, not a break tip.
    #[arg(long, conflicts_with_all = ["kind", "area", "all"])]
    pub warning_signs: bool,
}

#[derive(Debug, Args)]
pub struct SimulateArgs {
    /// Trace of a day as JSON Lines; `-` reads standard input.
    pub trace: PathBuf,
}
