//! One thin file per subcommand; this module holds what they share:
//! finding the instance, today's date, and the command-layer error.

mod approve;
mod assemble;
mod audit;
mod build;
mod calendar;
mod check;
mod comment;
mod dns;
mod fetch;
mod gate;
pub mod generated;
mod init;
mod kontak;
mod labels;
mod letter;
mod new;
mod notify;
mod output;
mod schema;
mod serve;
mod skm;
mod status;
mod sweep;
mod workspace;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::cli::{Cli, Command};
use crate::input::load::{self, LoadError};

/// Why a command could not do its job (exit status 2).
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum CmdError {
    /// The instance could not be loaded.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// A DNS command could not do its job: its own code and help.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Dns(#[from] crate::dns::DnsError),
    /// The command line asks for something impossible.
    #[error("{message}")]
    #[diagnostic(code(loket::usage))]
    Usage {
        /// What is wrong.
        message: String,
        /// What to do instead.
        #[help]
        help: Option<String>,
    },
    /// GitHub could not be read or written.
    #[error(transparent)]
    #[diagnostic(code(loket::github))]
    GitHub(#[from] crate::github::GitHubError),
    /// The audit history file cannot be read.
    #[error("{}: {source}", path.display())]
    #[diagnostic(code(loket::audit_history))]
    AuditHistory {
        /// The file.
        path: std::path::PathBuf,
        /// Why.
        source: crate::web::history::HistoryError,
    },
    /// The git history could not be read.
    #[error(transparent)]
    #[diagnostic(code(loket::git))]
    History(#[from] crate::review::history::HistoryError),
    /// A file or directory could not be read.
    #[error("cannot read {path}: {source}")]
    #[diagnostic(code(loket::io))]
    Read {
        /// The path.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A file or directory could not be written.
    #[error("cannot write {path}: {source}")]
    #[diagnostic(code(loket::io))]
    Write {
        /// The path.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The site could not be built: its own code and help.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Site(#[from] crate::site::SiteError),
    /// A value could not be written as JSON.
    #[error("cannot write JSON: {0}")]
    #[diagnostic(code(loket::json))]
    Json(#[from] serde_json::Error),
    /// The receipts and letters could not be printed.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Pdf(#[from] crate::site::pdf::PdfError),
    /// The working-day calendar cannot answer (a year without holidays).
    #[error(transparent)]
    #[diagnostic(
        code(loket::review::calendar),
        help("add the year's holidays to kalender.yaml, or update loket for its shipped list")
    )]
    Calendar(#[from] crate::review::calendar::CalendarError),
    /// The snapshot file is not one loket can use.
    #[error(transparent)]
    #[diagnostic(code(loket::github::snapshot), help("write it again with loket fetch"))]
    Snapshot(#[from] crate::github::snapshot::SnapshotError),
    /// The GitHub files could not be generated from loket.yaml.
    #[error(transparent)]
    #[diagnostic(code(loket::github::files))]
    GithubFiles(#[from] crate::github::files::GithubFilesError),
    /// An issue form's answers are not a request.
    #[error(transparent)]
    #[diagnostic(code(loket::github::issue_form))]
    Form(#[from] crate::github::issue_form::FormError),
    /// The notices could not be sent or recorded: their own code and help.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Notice(#[from] crate::notice::dispatch::DispatchError),
    /// A name server could not be found or asked.
    #[error(transparent)]
    #[diagnostic(transparent)]
    DnsClient(#[from] crate::dns::client::ClientError),
    /// The web audit could not start: a `--resolve`, the resolver or the
    /// CA file.
    #[error(transparent)]
    #[diagnostic(transparent)]
    WebRun(#[from] crate::web::run::RunError),
    /// `loket init` could not write the instance.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Init(#[from] crate::init::InitError),
    /// `loket init` was asked for a preset it does not ship.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Preset(#[from] crate::preset::UnknownPreset),
    /// A new request's front-desk or filer arguments are wrong.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Desk(#[from] crate::review::intake::DeskError),
}

impl CmdError {
    /// A usage error with a hint.
    pub fn usage(message: impl Into<String>, help: impl Into<Option<String>>) -> Self {
        CmdError::Usage {
            message: message.into(),
            help: help.into(),
        }
    }

    /// `--what value` names nothing known: a usage error with the closest
    /// known, or all of them.
    pub fn unknown<'a>(
        what: &str,
        value: &str,
        known: impl Iterator<Item = &'a str> + Clone,
    ) -> Self {
        let hint = match crate::input::diagnostic::closest(value, known.clone()) {
            Some(c) => format!("did you mean `{c}`?"),
            None => format!("known: {}", known.collect::<Vec<_>>().join(", ")),
        };
        CmdError::usage(format!("--{what} `{value}` is not known"), hint)
    }
}

impl From<crate::review::order::OrderError> for CmdError {
    fn from(e: crate::review::order::OrderError) -> Self {
        match e {
            crate::review::order::OrderError::Load(e) => CmdError::Load(e),
            crate::review::order::OrderError::History(e) => CmdError::History(e),
        }
    }
}

/// Runs the command the user asked for. Meant to be the last thing a
/// process does: what the run read is not freed.
pub fn run(cli: Cli) -> Result<ExitCode, CmdError> {
    let ws = workspace::Workspace::new(cli.root.as_deref(), cli.lang);
    let ran = match cli.command {
        Command::Check(args) => check::run(&ws, args),
        Command::New(args) => new::run(&ws, args),
        Command::Schema(args) => schema::run(args),
        Command::Calendar(args) => calendar::run(&ws, args),
        Command::Status(args) => status::run(&ws, args),
        Command::Fetch(args) => fetch::run(&ws, args),
        Command::Gate(args) => gate::run(&ws, args),
        Command::Approve(args) => approve::run(&ws, args),
        Command::Labels(command) => labels::run(&ws, command),
        Command::Comment(args) => comment::run(&ws, args),
        Command::Sweep(args) => sweep::run(&ws, args),
        Command::Notify(args) => notify::run(&ws, args),
        Command::Skm(args) => skm::run(&ws, args),
        Command::Init(args) => init::run(args, ws.lang),
        Command::Letter(args) => letter::run(&ws, args),
        Command::Kontak(args) => kontak::run(args),
        Command::Dns(command) => dns::run(&ws, command),
        Command::Audit(args) => audit::run(&ws, args),
        Command::Build(args) => build::run(&ws, args),
        Command::Serve(args) => serve::run(&ws, args),
    };
    // The process ends with the run: what it read (10,000 parsed requests,
    // say) goes back to the system whole, not freed piece by piece, which
    // cost a pull request's check 2 % of its time at the end.
    std::mem::forget(ws);
    ran
}

/// A GitHub client for `repo` at `api`, with the token from `GITHUB_TOKEN`.
pub fn github_client(repo: &str, api: &str) -> Result<crate::github::Client, CmdError> {
    let repo: crate::github::RepoName =
        repo.parse().map_err(|e: String| CmdError::usage(e, None))?;
    let token = std::env::var("GITHUB_TOKEN")
        .ok()
        .filter(|t| !t.trim().is_empty())
        .ok_or(crate::github::GitHubError::NoToken)?;
    let mut patience = crate::github::Patience::default();
    // A knob for tests: short backoff against a local mock server.
    if let Some(ms) = std::env::var("LOKET_GITHUB_BACKOFF_MS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        patience.backoff = std::time::Duration::from_millis(ms);
    }
    Ok(crate::github::Client::new(
        api,
        token.trim(),
        repo,
        patience,
    )?)
}

/// A GitHub client for `repo` when it is given (`--repo`); without it,
/// none, or the error `needed` when the run cannot do without one.
pub fn client_if(
    repo: Option<&str>,
    api: &str,
    needed: Option<CmdError>,
) -> Result<Option<crate::github::Client>, CmdError> {
    match (repo, needed) {
        (Some(repo), _) => Ok(Some(github_client(repo, api)?)),
        (None, Some(missing)) => Err(missing),
        (None, None) => Ok(None),
    }
}

/// Writes `summary` to `$GITHUB_STEP_SUMMARY` when it is set.
pub fn step_summary(summary: &str) -> Result<(), CmdError> {
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY") else {
        return Ok(());
    };
    let path = PathBuf::from(path);
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .and_then(|mut f| std::io::Write::write_all(&mut f, summary.as_bytes()))
        .map_err(|source| CmdError::Write { path, source })
}

/// The instance root: `--root` as given, else the nearest parent of the
/// working directory with `loket.yaml`.
pub fn instance_root(root: Option<&Path>) -> Result<PathBuf, CmdError> {
    let start = match root {
        Some(r) => std::path::absolute(r).map_err(|source| CmdError::Read {
            path: r.to_path_buf(),
            source,
        })?,
        None => std::env::current_dir().map_err(|source| CmdError::Read {
            path: ".".into(),
            source,
        })?,
    };
    if root.is_some() && !start.join(load::CONFIG_FILE).is_file() {
        return Err(LoadError::NoInstance(start).into());
    }
    Ok(load::find_root(&start)?)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    /// The files of `src/cmd/` that are shared by commands, not commands.
    const SHARED: [&str; 5] = ["mod", "workspace", "output", "assemble", "generated"];

    /// Each command reads as argument → workspace → domain call → report:
    /// none imports another command; what they share lives in the shared
    /// files.
    #[test]
    fn no_command_imports_another() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/cmd");
        let mut commands: Vec<(String, String)> = std::fs::read_dir(&dir)
            .expect("src/cmd")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "rs"))
            .filter_map(|p| {
                let stem = p.file_stem()?.to_str()?.to_string();
                let text = std::fs::read_to_string(&p).ok()?;
                Some((stem, text))
            })
            .filter(|(stem, _)| !SHARED.contains(&stem.as_str()))
            .collect();
        commands.sort();
        assert!(commands.len() > 15, "{}", commands.len());
        let mut found = Vec::new();
        for (name, text) in &commands {
            for (other, _) in commands.iter().filter(|(o, _)| o != name) {
                let braces = text
                    .split("crate::cmd::{")
                    .skip(1)
                    .filter_map(|rest| rest.split('}').next())
                    .any(|list| list.split(',').any(|item| item.trim() == other));
                if text.contains(&format!("cmd::{other}::")) || braces {
                    found.push(format!("{name} imports {other}"));
                }
            }
        }
        assert!(found.is_empty(), "{found:?}");
    }
}
