//! Command-line definitions (clap). Nothing here does any work.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::diagnostic::Lang;
use crate::report::Format;
use crate::schema::SchemaKind;

/// loket: run a local government's subdomain and hosting service as a git repository.
#[derive(Debug, Parser)]
#[command(name = "loket", version, about, long_about = None)]
pub struct Cli {
    /// The instance root (default: the nearest directory with loket.yaml).
    #[arg(long, global = true, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Language of messages.
    #[arg(long, global = true, value_enum, default_value_t = Lang::Id)]
    pub lang: Lang,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate requests, loket.yaml and the service standards.
    ///
    /// Exit status: 0 valid, 1 a request is invalid, 2 usage or configuration error.
    Check(CheckArgs),
    /// Scaffold a new request file with the service's checklist.
    New(NewArgs),
    /// Print the JSON Schema of loket.yaml, a service standard or a request.
    Schema(SchemaArgs),
    /// Count hari kerja (working days) in the institution's calendar.
    #[command(subcommand)]
    Calendar(CalendarCommand),
    /// Show the status and service-level clock of every request, or one request's timeline.
    Status(StatusArgs),
    /// Build the public site: service standards, requests, registry, statistics.
    Build(BuildArgs),
    /// Build the site and serve it on 127.0.0.1, rebuilding on every change.
    Serve(ServeArgs),
}

/// `loket calendar` questions.
#[derive(Debug, Subcommand)]
pub enum CalendarCommand {
    /// The date N hari kerja after DATE (DATE is day 0).
    Add {
        /// The day the complete request was received (YYYY-MM-DD).
        date: String,
        /// How many hari kerja.
        days: u32,
    },
    /// The number of hari kerja after FROM up to and including TO.
    Between {
        /// First date (YYYY-MM-DD), day 0.
        from: String,
        /// Last date (YYYY-MM-DD).
        to: String,
    },
    /// The weekdays of YEAR that are not working days, with their names.
    List {
        /// The year.
        year: i32,
    },
}

/// Arguments of `loket status`.
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// One request id (`2026-0007`) to show in full.
    pub id: Option<String>,
    /// A GitHub snapshot (see docs/snapshot.md); without it, git history alone.
    #[arg(long, value_name = "FILE")]
    pub snapshot: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = StatusFormat::Human)]
    pub format: StatusFormat,
    /// The time to measure against (RFC 3339); default: now, or SOURCE_DATE_EPOCH.
    #[arg(long, value_name = "TIME")]
    pub now: Option<String>,
}

/// Output format of `loket status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum StatusFormat {
    /// A table, or a timeline for one request.
    #[default]
    Human,
    /// JSON.
    Json,
}

/// Arguments of `loket check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Request files or directories to report on (default: every request).
    #[arg(value_name = "PATHS")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// GitHub handle of the pull request's author: must be an operator of the agency.
    #[arg(long, value_name = "HANDLE")]
    pub author: Option<String>,
    /// A file the pull request changes, as `PATH` or `STATUS:PATH`
    /// (git status letter: A added, M modified, D deleted, R renamed). Repeatable.
    #[arg(long, value_name = "PATH")]
    pub changed: Vec<String>,
    /// Check as if today were this date (YYYY-MM-DD); default: today in the
    /// institution's time zone, or SOURCE_DATE_EPOCH when set.
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,
}

/// Arguments of `loket new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// Service id (site/layanan/<id>.md).
    #[arg(long)]
    pub layanan: String,
    /// Agency id (from loket.yaml).
    #[arg(long)]
    pub instansi: String,
    /// The subdomain to request.
    #[arg(long)]
    pub subdomain: String,
    /// Date for the request id's year and the letter (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,
    /// Print the file instead of writing it.
    #[arg(long)]
    pub stdout: bool,
}

/// Arguments of `loket schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which file's schema (default: all, into --out).
    #[arg(value_enum)]
    pub kind: Option<SchemaKind>,
    /// Write `<kind>.schema.json` files into this directory.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// What `loket build` and `loket serve` share.
#[derive(Debug, Args)]
pub struct SiteArgs {
    /// A GitHub snapshot (see docs/snapshot.md); without it, git history alone.
    #[arg(long, value_name = "FILE")]
    pub snapshot: Option<PathBuf>,
    /// The time to measure running clocks against (RFC 3339); default: now, or SOURCE_DATE_EPOCH.
    #[arg(long, value_name = "TIME")]
    pub now: Option<String>,
}

/// Arguments of `loket build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Where the site goes (default: `public/` in the instance). Built beside
    /// it first, then swapped in, so an interrupted build leaves it intact.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// The site's absolute address, for the sitemap, feeds and links
    /// (default: the GitHub Pages address of `instansi.repositori`, else
    /// `https://loket.<domain>/`).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Shared options.
    #[command(flatten)]
    pub site: SiteArgs,
}

/// Arguments of `loket serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The port on 127.0.0.1 (0: any free port).
    #[arg(long, default_value_t = 8000)]
    pub port: u16,
    /// Shared options.
    #[command(flatten)]
    pub site: SiteArgs,
}
