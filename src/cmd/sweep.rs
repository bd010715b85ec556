//! `loket sweep`: follow up on stale requests.

use std::process::ExitCode;

use crate::cli::SweepArgs;
use crate::cmd::workspace::{Workspace, now, pull_request};
use crate::cmd::{CmdError, github_client};
use crate::github::GitHub;
use crate::review::sweep::{Action, plan};

/// Runs `loket sweep`.
pub(super) fn run(ws: &Workspace, args: SweepArgs) -> Result<ExitCode, CmdError> {
    let (instance, config, lang) = (ws.instance()?, ws.config()?, ws.lang);
    let snapshot = ws.snapshot_from(&args.github, None)?;
    let now = now(args.now)?;
    let (all, calendar) = ws.timelines(Some(&snapshot), now)?;
    let complaints =
        crate::complaint::all_timelines(instance, Some(&snapshot), config, &calendar, now);
    let actions = plan(&snapshot, &all, &complaints, config, &calendar, now)?;
    let client = match (args.apply, args.github.repo.as_deref()) {
        (true, Some(repo)) => Some(github_client(repo, &args.github.api.api)?),
        (true, None) => return Err(CmdError::usage("--apply needs --repo", None)),
        (false, _) => None,
    };
    for action in &actions {
        // A complaint's issue has no pull request: its reminder names officers.
        let requester = match action {
            Action::ComplaintDue { .. } => "",
            _ => crate::review::gate::requester(pull_request(&snapshot, action.pr())?, config),
        };
        let what = action.line(lang);
        let number = action.pr();
        let Some(client) = client.as_ref().filter(|_| number != 0) else {
            // A recorded complaint has no issue to comment on: its reminder
            // is this line of the sweep's log (and `loket status --pengaduan`).
            println!("{what}");
            continue;
        };
        if client
            .comments(number)?
            .iter()
            .any(|c| c.by_loket() && c.body.starts_with(&action.marker()))
        {
            println!(
                "{what}: {}",
                lang.pick("sudah dilakukan sebelumnya", "done before")
            );
            continue;
        }
        client.create_comment(number, &action.comment(requester))?;
        if let Action::Close { .. } = action {
            client.close_pull_request(number)?;
        }
        println!("{what}: {}", lang.pick("selesai", "done"));
    }
    if actions.is_empty() {
        println!(
            "{}",
            lang.pick(
                "tidak ada yang perlu ditindaklanjuti",
                "nothing to follow up"
            )
        );
    } else if client.is_none() {
        println!(
            "{}",
            lang.pick(
                "(uji coba: tambahkan --apply untuk bertindak)",
                "(dry run: pass --apply to act)"
            )
        );
    }
    Ok(ExitCode::SUCCESS)
}
