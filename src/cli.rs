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
    /// Write the zone, what a merge changed, octoDNS files; apply updates.
    #[command(subcommand)]
    Dns(DnsCommand),
    /// Find registrations that turned risky: dangling CNAMEs, addresses
    /// outside the allowed ranges, agencies gone from loket.yaml, names
    /// that break today's naming policy.
    ///
    /// Exit status: 0 nothing found, 1 something found, 2 usage or configuration error.
    Audit(AuditArgs),
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
    /// Which file's schema (default: all three, into --out).
    #[arg(value_enum)]
    pub kind: Option<SchemaKind>,
    /// Write `<kind>.schema.json` files into this directory.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// The `loket dns` subcommands.
#[derive(Debug, Subcommand)]
pub enum DnsCommand {
    /// Write the full zone file of the institution's domain.
    ///
    /// Refuses (exit 1) while any request is invalid. The SOA serial is
    /// YYYYMMDDnn in the institution's time zone, above the serial of
    /// --previous (default: the --out file, when it exists); an unchanged
    /// zone keeps its serial.
    Zone(ZoneArgs),
    /// What the registrations changed between two git revisions: a BIND
    /// snippet, an nsupdate script (RFC 2136) or JSON.
    ///
    /// Reads both revisions from git objects: no checkout, the work tree is
    /// not touched.
    Diff(DiffArgs),
    /// Write the zone as octoDNS YAML (one file per zone, for YamlProvider).
    Octodns(OctodnsArgs),
    /// Send the update between two revisions to a DNS server, signed with a
    /// TSIG key, then query the server and report each record.
    ///
    /// Exit status: 0 every record confirmed, 1 an update or a record failed,
    /// 2 the key was refused, the server unreachable or the instance unusable.
    Apply(ApplyArgs),
}

/// Arguments of `loket dns zone`.
#[derive(Debug, Args)]
pub struct ZoneArgs {
    /// Write the zone to this file (default: standard output).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// The zone file published before; the new serial is above its serial.
    #[arg(long, value_name = "FILE")]
    pub previous: Option<PathBuf>,
    /// Date for the serial (YYYY-MM-DD); default: today in the institution's
    /// time zone, or SOURCE_DATE_EPOCH when set.
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,
}

/// Which revisions to compare.
#[derive(Debug, Args)]
pub struct Revisions {
    /// The revision before the change (commit, branch, tag, `HEAD~1`).
    #[arg(long, value_name = "REV")]
    pub from: String,
    /// The revision after the change.
    #[arg(long, value_name = "REV", default_value = "HEAD")]
    pub to: String,
}

/// Arguments of `loket dns diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The revisions.
    #[command(flatten)]
    pub revisions: Revisions,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Bind)]
    pub format: DiffFormat,
}

/// How `loket dns diff` writes the change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    /// Zone-file lines: removed ones commented out, added ones ready to paste.
    Bind,
    /// An `nsupdate` script: prerequisites, deletions, additions, `send`.
    Nsupdate,
    /// JSON, for workflows.
    Json,
}

/// Arguments of `loket dns octodns`.
#[derive(Debug, Args)]
pub struct OctodnsArgs {
    /// Write `<domain>.yaml` into this directory (default: standard output).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// Arguments of `loket dns apply`.
#[derive(Debug, Args)]
pub struct ApplyArgs {
    /// The revisions whose difference is sent.
    #[command(flatten)]
    pub revisions: Revisions,
    /// The primary name server, `HOST:PORT` (e.g. `127.0.0.1:53`).
    #[arg(long, value_name = "HOST:PORT")]
    pub server: String,
    /// The TSIG key, as written by `tsig-keygen` (`key "name" { algorithm …; secret "…"; };`).
    #[arg(long, value_name = "FILE")]
    pub key: PathBuf,
    /// Seconds to wait for each answer.
    #[arg(long, value_name = "SECONDS", default_value_t = 5)]
    pub timeout: u64,
}

/// Arguments of `loket audit`.
#[derive(Debug, Args)]
pub struct AuditArgs {
    /// The resolver that checks CNAME targets, `HOST:PORT` (default: the
    /// first nameserver in /etc/resolv.conf, port 53).
    #[arg(long, value_name = "HOST:PORT")]
    pub resolver: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = AuditFormat::Human)]
    pub format: AuditFormat,
    /// Seconds to wait for each answer.
    #[arg(long, value_name = "SECONDS", default_value_t = 3)]
    pub timeout: u64,
}

/// How `loket audit` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AuditFormat {
    /// One line per finding.
    Human,
    /// JSON, for workflows.
    Json,
}
