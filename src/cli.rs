//! Command-line definitions (clap). Nothing here does any work.

use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, Utc};
use clap::{Args, Parser, Subcommand};

use crate::input::diagnostic::Lang;
use crate::report::Format;
use crate::schema::SchemaKind;

/// loket: run a local government's subdomain and hosting service as a git repository.
#[derive(Debug, Parser)]
#[command(name = "loket", version = crate::pin::LONG_VERSION, about, long_about = None)]
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
    /// Write the GitHub snapshot: every pull request touching requests/ (needs GITHUB_TOKEN).
    Fetch(FetchArgs),
    /// Decide whether a pull request may be merged: exit 0 yes, 1 no.
    Gate(GateArgs),
    /// Bind an officer's stage label to the head commit it was added on, as
    /// a commit status (run by the gate workflow on `labeled`, with the
    /// event's own label, sender and head SHA; needs GITHUB_TOKEN with
    /// `statuses: write`). Records nothing for a login that holds no role of
    /// a stage with that label.
    Approve(ApproveArgs),
    /// Manage the stage and status labels on GitHub.
    #[command(subcommand)]
    Labels(LabelsCommand),
    /// Create or update loket's verification comment on a pull request.
    Comment(CommentArgs),
    /// Remind and close returned requests nobody answers; remind officers of
    /// overdue stages. Prints the plan; acts only with --apply.
    Sweep(SweepArgs),
    /// Tell each requesting agency of its request's status changes, by
    /// email (SMTP) and a WhatsApp gateway, once each. Prints the plan;
    /// sends only with --apply.
    ///
    /// Settings come from the environment: LOKET_SMTP_HOST, LOKET_SMTP_PORT,
    /// LOKET_SMTP_USER, LOKET_SMTP_PASSWORD, LOKET_SMTP_FROM, LOKET_SMTP_TLS
    /// (starttls, tls or none), LOKET_SMTP_CA; LOKET_WA_URL, LOKET_WA_TOKEN,
    /// LOKET_WA_HEADER. The ledger of notices sent lives in the pull
    /// request's loket comment.
    ///
    /// Exit status: 0 every due notice sent (or nothing due, or no transport
    /// configured), 1 a notice could not be sent, 2 usage, configuration or
    /// GitHub error.
    Notify(NotifyArgs),
    /// The satisfaction index (IKM) per service, from the survey answers of a snapshot.
    Skm(SkmArgs),
    /// Write a preset instance (or, without --preset, a commented skeleton)
    /// into a new directory and `git init` it, with
    /// its `.github/` and `.loket-version`; or, with --refresh, rewrite an
    /// existing instance's generated `.github/` files.
    Init(InitArgs),
    /// Print the reply letter (surat balasan, surat konfirmasi) of one request:
    /// the whole letter of `surat_balasan` in loket.yaml, else the service's
    /// `surat_konfirmasi` template filled in.
    Letter(LetterArgs),
    /// Hash an agency's contact addresses for `perangkat_daerah[].kontak` in
    /// loket.yaml: reads email addresses and mobile numbers from standard
    /// input, one per line, and prints one salted hash for each, so the
    /// addresses themselves never enter the public repository.
    Kontak(KontakArgs),
    /// Write the zone, what a merge changed, octoDNS files; apply updates.
    #[command(subcommand)]
    Dns(DnsCommand),
    /// Find registrations that turned risky: dangling CNAMEs, addresses
    /// outside the allowed ranges, agencies gone from loket.yaml, names
    /// that break today's naming policy. With --web: what the names serve
    /// (TLS, redirects, gambling spam and cloaking, unclaimed hosting).
    ///
    /// Exit status: 0 nothing found, 1 something found, 2 usage or configuration error.
    Audit(AuditArgs),
    /// Build the public site: service standards, requests with their receipts
    /// and reply letters (--pdf: also as PDFs), registry, statistics.
    Build(BuildArgs),
    /// Build the site and serve it on 127.0.0.1, rebuilding on every change.
    Serve(ServeArgs),
}

/// Arguments of `loket sweep`.
#[derive(Debug, Args)]
pub struct SweepArgs {
    /// Post the comments and close the pull requests (default: only print).
    #[arg(long)]
    pub apply: bool,
    /// The time to measure against (RFC 3339); default: now.
    #[arg(long, value_name = "TIME", value_parser = time)]
    pub now: Option<DateTime<Utc>>,
    /// Where GitHub's facts are read.
    #[command(flatten)]
    pub github: GithubArgs,
}

/// Arguments of `loket notify`.
#[derive(Debug, Args)]
pub struct NotifyArgs {
    /// Only the requests of this pull request.
    #[arg(long, value_name = "N")]
    pub pr: Option<u64>,
    /// Send the security notices of a web audit instead: FILE is the
    /// report of `loket audit --web --format json`; each finding of a name
    /// an agency holds goes once to the contact of the request that last
    /// changed it, recorded in the name's audit issue (`--issues`).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["snapshot", "pr"])]
    pub audit: Option<PathBuf>,
    /// Send the notices and record each in the ledger (default: only print).
    #[arg(long)]
    pub apply: bool,
    /// Announce only changes of the last DAYS days, so that an old
    /// repository's history is never announced.
    #[arg(long, value_name = "DAYS", default_value_t = crate::notice::DEFAULT_MAX_AGE_DAYS)]
    pub max_age: u32,
    /// The public site's address, for the status link (default: as `loket build`).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// The time to measure against (RFC 3339); default: now.
    #[arg(long, value_name = "TIME", value_parser = time)]
    pub now: Option<DateTime<Utc>>,
    /// Where GitHub's facts are read.
    #[command(flatten)]
    pub github: GithubArgs,
}

/// Arguments of `loket skm`.
#[derive(Debug, Args)]
pub struct SkmArgs {
    /// The snapshot holding the survey answers.
    #[arg(long, value_name = "FILE")]
    pub snapshot: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = StatusFormat::Human)]
    pub format: StatusFormat,
}

/// Arguments of `loket init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The preset to write (see --list); without it, a commented skeleton
    /// of an example office whose every value says what to replace.
    #[arg(long, value_name = "NAME")]
    pub preset: Option<String>,
    /// List the presets and the procedure each follows.
    #[arg(long, conflicts_with_all = ["preset", "dir", "refresh"])]
    pub list: bool,
    /// Rewrite the generated `.github/` files of the existing instance DIR
    /// for its loket.yaml and services, printing a diff of each; a file
    /// edited by hand is kept (exit 1) unless --force.
    #[arg(long, conflicts_with = "preset")]
    pub refresh: bool,
    /// Print the branch protection, required checks and secrets the
    /// generated workflows need (of the instance DIR, or a new one), as a
    /// checklist and as the `gh api` call that applies the protection.
    #[arg(long, conflicts_with_all = ["preset", "refresh", "list"])]
    pub protection: bool,
    /// With --refresh: overwrite files edited by hand too.
    #[arg(long, requires = "refresh")]
    pub force: bool,
    /// The SHA-256 of the SHA256SUMS file of this loket's release (`sha256sum
    /// SHA256SUMS`), written to `.loket-version` with this loket's version.
    /// A new instance takes it from the environment's LOKET_SHA256 when
    /// not given; without either `.loket-version` holds the version alone,
    /// which `loket check` reports (L151) and the workflows refuse to
    /// install. With --refresh, rewrites the pin (the flag only).
    #[arg(long, value_name = "SHA256")]
    pub loket_sha256: Option<String>,
    /// The new instance's directory (must not exist or be empty); with
    /// --refresh or --protection, the instance.
    #[arg(value_name = "DIR", required_unless_present_any = ["list", "protection"])]
    pub dir: Option<PathBuf>,
}

/// Arguments of `loket letter`.
#[derive(Debug, Args)]
pub struct LetterArgs {
    /// The request id, e.g. 2026-0001.
    pub id: String,
    /// The letter's date, YYYY-MM-DD (default: today in the institution's zone).
    #[arg(long, value_name = "DATE", value_parser = date)]
    pub today: Option<NaiveDate>,
}

/// Arguments of `loket kontak`.
#[derive(Debug, Args)]
pub struct KontakArgs {
    /// PBKDF2 iterations (at least 100000; more makes guessing a number slower).
    #[arg(long, default_value_t = crate::contact::DEFAULT_ITERATIONS)]
    pub iterations: u32,
}

/// Where a command reads GitHub's facts: a snapshot file made by a
/// trusted workflow, or the repository itself through the API.
#[derive(Debug, Args)]
pub struct GithubArgs {
    /// A snapshot made by a trusted workflow (`loket fetch`); without it,
    /// GitHub is read (needs --repo and GITHUB_TOKEN).
    #[arg(long, value_name = "FILE")]
    pub snapshot: Option<PathBuf>,
    /// The repository, OWNER/NAME (comments, labels and ledgers are read
    /// and written there).
    #[arg(long, env = "GITHUB_REPOSITORY")]
    pub repo: Option<String>,
    /// The API.
    #[command(flatten)]
    pub api: ApiArgs,
}

/// Where GitHub's API is.
#[derive(Debug, Args)]
pub struct ApiArgs {
    /// GitHub API base URL (GitHub Enterprise: https://HOST/api/v3).
    #[arg(long, env = "GITHUB_API_URL", default_value = crate::github::DEFAULT_API)]
    pub api: String,
}

/// Arguments of `loket fetch`.
#[derive(Debug, Args)]
pub struct FetchArgs {
    /// The repository, OWNER/NAME.
    #[arg(long, env = "GITHUB_REPOSITORY")]
    pub repo: String,
    /// Read only this pull request (what its gate needs) instead of all of them.
    #[arg(long, value_name = "N")]
    pub pr: Option<u64>,
    /// Read only the open pull requests (with --pr N, that one too, whatever
    /// its state): what `loket check --snapshot FILE --pr N` needs to see
    /// the names other pull requests ask for (L100).
    #[arg(long)]
    pub open: bool,
    /// Write the snapshot here instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// The API.
    #[command(flatten)]
    pub api: ApiArgs,
}

/// Arguments of `loket approve`.
#[derive(Debug, Args)]
pub struct ApproveArgs {
    /// The label that was added.
    #[arg(long)]
    pub label: String,
    /// Who added it (the event's sender).
    #[arg(long, value_name = "LOGIN")]
    pub actor: String,
    /// The pull request's head commit when it was added (the event's `pull_request.head.sha`).
    #[arg(long, value_name = "SHA")]
    pub head: String,
    /// The repository, OWNER/NAME.
    #[arg(long, env = "GITHUB_REPOSITORY")]
    pub repo: String,
    /// The API.
    #[command(flatten)]
    pub api: ApiArgs,
}

/// Arguments of `loket gate`.
#[derive(Debug, Args)]
pub struct GateArgs {
    /// The pull request number.
    #[arg(long)]
    pub pr: u64,
    /// A file the pull request changes, as for `loket check --changed`
    /// (`STATUS:PATH`; a rename names both paths). Added to the snapshot's
    /// files, which GitHub's GraphQL cuts at 100: the gate workflow passes
    /// the REST API's complete list. Repeatable.
    #[arg(long, value_name = "STATUS:PATH")]
    pub changed: Vec<String>,
    /// Where GitHub's facts are read.
    #[command(flatten)]
    pub github: GithubArgs,
}

/// `loket labels` commands.
#[derive(Debug, Subcommand)]
pub enum LabelsCommand {
    /// Create or update the labels of every stage and status; idempotent.
    Sync {
        /// The repository, OWNER/NAME.
        #[arg(long, env = "GITHUB_REPOSITORY")]
        repo: String,
        /// Also delete `tahap:`/`status:` labels no service uses any more.
        #[arg(long)]
        prune: bool,
        /// Print the plan without changing anything.
        #[arg(long)]
        dry_run: bool,
        /// The API.
        #[command(flatten)]
        api: ApiArgs,
    },
}

/// Arguments of `loket comment`.
#[derive(Debug, Args)]
pub struct CommentArgs {
    /// The pull request number.
    #[arg(long)]
    pub pr: u64,
    /// A file the pull request changes, as for `loket check --changed`
    /// (`STATUS:PATH`; a rename names both paths). Added to the snapshot's
    /// files, which GitHub's GraphQL cuts at 100: the gate workflow passes
    /// the REST API's complete list. Repeatable.
    #[arg(long, value_name = "STATUS:PATH")]
    pub changed: Vec<String>,
    /// Print the comment instead of posting it.
    #[arg(long)]
    pub dry_run: bool,
    /// The time to measure against (RFC 3339); default: now.
    #[arg(long, value_name = "TIME", value_parser = time)]
    pub now: Option<DateTime<Utc>>,
    /// Where GitHub's facts are read.
    #[command(flatten)]
    pub github: GithubArgs,
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
    #[arg(long, value_name = "TIME", value_parser = time)]
    pub now: Option<DateTime<Utc>>,
    /// List the complaints (pengaduan) instead, those of the snapshot and
    /// those recorded under pengaduan/ (with their channel): kind,
    /// received, status, hari kerja used of those allowed, deadline; with
    /// an issue number (or a recorded complaint's id, 2026-0001), that
    /// complaint's labels too. Needs --snapshot.
    #[arg(long)]
    pub pengaduan: bool,
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
    /// A file the pull request changes, as `PATH` or `STATUS:PATH` (git
    /// status letter: A added, M modified, D deleted), or a rename with both
    /// paths as `git diff --name-status` writes it (`R100<TAB>OLD<TAB>NEW`).
    /// Repeatable; every one is judged.
    #[arg(long, value_name = "PATH")]
    pub changed: Vec<String>,
    /// Check as if today were this date (YYYY-MM-DD); default: today in the
    /// institution's time zone, or SOURCE_DATE_EPOCH when set.
    #[arg(long, value_name = "DATE", value_parser = date)]
    pub today: Option<NaiveDate>,
    /// A GitHub snapshot: names requested by other open pull requests are taken too.
    #[arg(long, value_name = "FILE")]
    pub snapshot: Option<PathBuf>,
    /// Check as pull request N of the snapshot: its author stands for
    /// --author, its files (the first 100) for --changed, completed and
    /// given their status by any --changed.
    #[arg(long, value_name = "N", requires = "snapshot")]
    pub pr: Option<u64>,
}

/// Arguments of `loket new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// Service id (site/layanan/<id>.md).
    #[arg(long)]
    pub layanan: String,
    /// Agency id (from loket.yaml).
    #[arg(long, required_unless_present = "from_issue")]
    pub instansi: Option<String>,
    /// The subdomain to request.
    #[arg(long, required_unless_present = "from_issue")]
    pub subdomain: Option<String>,
    /// Fill the request from an issue body written by the issue forms
    /// (untrusted text: every answer becomes a quoted value).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["instansi", "subdomain"])]
    pub from_issue: Option<PathBuf>,
    /// The issue's author: refused unless an operator of the agency the
    /// issue names (the gate will hold the pull request to the same rule).
    #[arg(long, value_name = "LOGIN", requires = "from_issue")]
    pub requester: Option<String>,
    /// The officer who asked for the pull request (labelled the issue):
    /// refused unless listed in `petugas`.
    #[arg(long, value_name = "LOGIN", requires = "from_issue")]
    pub officer: Option<String>,
    /// Date for the request id's year and the letter (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = date)]
    pub today: Option<NaiveDate>,
    /// For a front-desk officer (role `petugas-loket`): how the agency's
    /// request came, `langsung` (walk-in), `surat` (post) or `email`; the
    /// file records it and when the desk received it.
    #[arg(long, value_name = "KANAL", value_parser = ["langsung", "surat", "email"], conflicts_with = "from_issue")]
    pub kanal: Option<String>,
    /// When the desk received the request, in the institution's time:
    /// YYYY-MM-DD or YYYY-MM-DDTHH:MM (default: today's date).
    #[arg(long, value_name = "TIME", requires = "kanal")]
    pub diterima: Option<String>,
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
    #[arg(long, value_name = "DATE", value_parser = date)]
    pub today: Option<NaiveDate>,
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
    #[arg(long, value_enum, default_value_t = crate::dns::diff::Format::Bind)]
    pub format: crate::dns::diff::Format,
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
    /// Seconds to wait for each answer (with --web: for each HTTP request,
    /// connecting, handshake and body included).
    #[arg(long, value_name = "SECONDS", default_value_t = 3)]
    pub timeout: u64,
    /// Check what the names serve instead of their records: every
    /// registered name and the institution's own (the domain and `www`)
    /// over HTTPS and HTTP, as a browser, a search crawler and a visitor
    /// from a search engine: certificates, redirects, online-gambling
    /// content and cloaking, unclaimed hosting behind a CNAME.
    #[arg(long)]
    pub web: bool,
    /// With --web: connect to ADDR for NAME instead of asking the
    /// resolver, like curl's --resolve (repeatable).
    #[arg(long, value_name = "NAME=ADDR", requires = "web")]
    pub resolve: Vec<String>,
    /// With --web: also trust the CA certificates in this PEM file.
    #[arg(long, value_name = "FILE", env = "LOKET_CA_FILE")]
    pub ca_file: Option<PathBuf>,
    /// With --web: the most names fetched at once.
    #[arg(long, value_name = "N", default_value_t = 16)]
    pub concurrency: usize,
    /// With --web: the most bytes read of each answer.
    #[arg(long, value_name = "BYTES", default_value_t = 2 * 1024 * 1024)]
    pub max_body: usize,
    /// With --web: keep one GitHub issue per name with findings (label
    /// `audit: situs`): opened, updated in place, closed when the name is
    /// clean; assigned to the agency's operators and the officers. Prints
    /// what it did and exits 0; needs --repo and a token with `issues:
    /// write`.
    #[arg(long, requires = "web")]
    pub issues: bool,
    /// With --issues or --history: act on the report `loket audit --web
    /// --format json` wrote to FILE instead of fetching again.
    #[arg(long, value_name = "FILE", requires = "web")]
    pub from: Option<PathBuf>,
    /// With --web: fold the report into the audit history FILE (one entry
    /// per audit day in the institution's time zone: names checked,
    /// healthy, and per finding code how many names; no name nor detail),
    /// which `loket build --audit-history` shows on `/statistik/`. A
    /// report of a day already there replaces it; the last 400 days are
    /// kept. A missing FILE starts a new history; one that is not a
    /// history is an error (exit 2), never overwritten.
    #[arg(long, value_name = "FILE", requires = "web")]
    pub history: Option<PathBuf>,
    /// With --issues: the repository, OWNER/NAME.
    #[arg(long, env = "GITHUB_REPOSITORY")]
    pub repo: Option<String>,
    /// With --issues: print what would change, write nothing (without
    /// --repo: as if the repository had no audit issue).
    #[arg(long)]
    pub dry_run: bool,
    /// GitHub's API (with --issues).
    #[command(flatten)]
    pub api: ApiArgs,
    /// With --web: the port of `http://` URLs (for test servers).
    #[arg(long, value_name = "PORT", default_value_t = 80, hide = true)]
    pub http_port: u16,
    /// With --web: the port of `https://` URLs (for test servers).
    #[arg(long, value_name = "PORT", default_value_t = 443, hide = true)]
    pub https_port: u16,
}

/// How `loket audit` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AuditFormat {
    /// One line per finding.
    Human,
    /// JSON, for workflows.
    Json,
    /// GitHub workflow-command annotations, one per finding.
    Github,
}

impl From<AuditFormat> for Format {
    fn from(format: AuditFormat) -> Format {
        match format {
            AuditFormat::Human => Format::Human,
            AuditFormat::Json => Format::Json,
            AuditFormat::Github => Format::Github,
        }
    }
}

impl AuditArgs {
    /// What the web audit is told (`--web`): the timeout, bounds, ports
    /// and resolver, as plain values.
    pub(crate) fn web_options(&self) -> crate::web::run::Options {
        crate::web::run::Options {
            resolver: self.resolver.clone(),
            resolve: self.resolve.clone(),
            timeout: self.timeout(),
            max_body: self.max_body,
            concurrency: self.concurrency,
            http_port: self.http_port,
            https_port: self.https_port,
            ca_file: self.ca_file.clone(),
        }
    }

    /// `--timeout`, at least a second.
    pub(crate) fn timeout(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.timeout.max(1))
    }
}

/// What `loket build` and `loket serve` share.
#[derive(Debug, Args)]
pub struct SiteArgs {
    /// A GitHub snapshot (see docs/snapshot.md); without it, git history alone.
    #[arg(long, value_name = "FILE")]
    pub snapshot: Option<PathBuf>,
    /// The time to measure running clocks against (RFC 3339); default: now, or SOURCE_DATE_EPOCH.
    #[arg(long, value_name = "TIME", value_parser = time)]
    pub now: Option<DateTime<Utc>>,
    /// The report of `loket audit --web --format json`: the registry shows
    /// each name's last check (day, TLS, "sedang ditangani" while a
    /// finding is open).
    #[arg(long, value_name = "FILE")]
    pub audit: Option<PathBuf>,
    /// The audit history `loket audit --web --history` keeps:
    /// `/statistik/` shows the share of names healthy over time.
    #[arg(long, value_name = "FILE")]
    pub audit_history: Option<PathBuf>,
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
    /// Also print every receipt and reply letter to PDF beside its page
    /// (`permohonan/<id>/tanda-terima.pdf`, `surat.pdf`) with headless
    /// Chromium, and link the PDFs from the pages. A PDF whose page did not
    /// change since the previous build in --out is reused (see
    /// pdf-manifest.json there); the rest print several at a time, dated
    /// $SOURCE_DATE_EPOCH (else --now). Fails (the previous site stays)
    /// when Chromium cannot print.
    #[arg(long)]
    pub pdf: bool,
    /// The Chromium (or Chrome) binary for --pdf (default: $LOKET_CHROMIUM,
    /// else chromium, chromium-browser or google-chrome on PATH).
    #[arg(long, value_name = "FILE", requires = "pdf")]
    pub chromium: Option<PathBuf>,
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

/// `--now`: an RFC 3339 time, parsed once, here.
fn time(text: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| "not an RFC 3339 time; write it as e.g. 2026-11-23T10:00:00+08:00".into())
}

/// `--today`: a calendar date, parsed once, here.
fn date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| "not a date; write it as YYYY-MM-DD".into())
}
