//! One thin file per subcommand; this module holds what they share:
//! finding the instance, today's date, and the command-layer error.

pub mod build;
pub mod calendar;
pub mod check;
pub mod new;
pub mod schema;
pub mod serve;
pub mod status;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{NaiveDate, Utc};

use crate::cli::{Cli, Command};
use crate::load::{self, LoadError};
use crate::model::Config;

/// Why a command could not do its job (exit status 2).
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum CmdError {
    /// The instance could not be loaded.
    #[error(transparent)]
    Load(#[from] LoadError),
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
    /// A file could not be written or read.
    #[error("cannot write {path}: {source}")]
    #[diagnostic(code(loket::io))]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

impl CmdError {
    /// A usage error with a hint.
    pub fn usage(message: impl Into<String>, help: impl Into<Option<String>>) -> Self {
        CmdError::Usage {
            message: message.into(),
            help: help.into(),
        }
    }
}

/// Runs the command the user asked for.
pub fn run(cli: Cli) -> Result<ExitCode, CmdError> {
    match cli.command {
        Command::Check(args) => check::run(cli.root.as_deref(), cli.lang, args),
        Command::New(args) => new::run(cli.root.as_deref(), cli.lang, args),
        Command::Schema(args) => schema::run(args),
        Command::Calendar(args) => calendar::run(cli.root.as_deref(), cli.lang, args),
        Command::Status(args) => status::run(cli.root.as_deref(), cli.lang, args),
        Command::Build(args) => build::run(cli.root.as_deref(), cli.lang, args),
        Command::Serve(args) => serve::run(cli.root.as_deref(), cli.lang, args),
    }
}

/// The instance root: `--root` as given, else the nearest parent of the
/// working directory with `loket.yaml`.
pub fn instance_root(root: Option<&Path>) -> Result<PathBuf, CmdError> {
    let start = match root {
        Some(r) => std::path::absolute(r).map_err(|source| CmdError::Io {
            path: r.to_path_buf(),
            source,
        })?,
        None => std::env::current_dir().map_err(|source| CmdError::Io {
            path: ".".into(),
            source,
        })?,
    };
    if root.is_some() && !start.join(load::CONFIG_FILE).is_file() {
        return Err(LoadError::NoInstance(start).into());
    }
    Ok(load::find_root(&start)?)
}

/// Today in the institution's time zone: `--today`, else
/// `SOURCE_DATE_EPOCH`, else the clock.
pub fn today(flag: Option<&str>, config: Option<&Config>) -> Result<NaiveDate, CmdError> {
    if let Some(text) = flag {
        return NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
            CmdError::usage(
                format!("--today `{text}` is not a date"),
                "write it as YYYY-MM-DD".to_string(),
            )
        });
    }
    let now = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
        .unwrap_or_else(Utc::now);
    let tz: chrono_tz::Tz = config
        .and_then(|c| c.institution.time_zone.parse().ok())
        .unwrap_or(chrono_tz::Asia::Jakarta);
    Ok(now.with_timezone(&tz).date_naive())
}
