//! `loket fetch`: write the GitHub snapshot.

use std::process::ExitCode;

use chrono::Utc;

use crate::cli::FetchArgs;
use crate::cmd::workspace::Workspace;
use crate::cmd::{CmdError, github_client};
use crate::github::{fetch_open, fetch_pull_request, fetch_snapshot};

/// Runs `loket fetch`.
pub(super) fn run(ws: &Workspace, args: FetchArgs) -> Result<ExitCode, CmdError> {
    let lang = ws.lang;
    let client = github_client(&args.repo, &args.api.api)?;
    let officers = officers(ws)?;
    let snapshot = match (args.open, args.pr) {
        (true, also) => fetch_open(&client, also, Utc::now())?,
        (false, Some(number)) => fetch_pull_request(&client, number, Utc::now())?,
        (false, None) => fetch_snapshot(&client, Utc::now(), officers.as_ref())?,
    };
    let text = crate::json::pretty_typed(&snapshot)?;
    match args.out {
        Some(path) => {
            std::fs::write(&path, text).map_err(|source| CmdError::Write { path, source })?
        }
        None => print!("{text}"),
    }
    let count = snapshot.pull_requests.len();
    eprintln!("{count} {}", lang.pick("pull request", "pull requests"));
    Ok(ExitCode::SUCCESS)
}

/// `loket.yaml` of the instance, when there is one: its officers decide
/// which complaint texts may enter the snapshot. Without one, none does.
fn officers(ws: &Workspace) -> Result<Option<crate::model::Config>, CmdError> {
    let Ok(root) = ws.root() else {
        return Ok(None);
    };
    let files = crate::input::load::Disk(root.to_path_buf());
    Ok(crate::input::load::load_settings(root, &files)?.config)
}
