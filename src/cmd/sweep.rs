//! `loket sweep`: follow up on stale requests.

use std::path::Path;
use std::process::ExitCode;

use crate::cli::SweepArgs;
use crate::cmd::gate::{PrContext, pull_request};
use crate::cmd::status::{configured, now};
use crate::cmd::{CmdError, github_client};
use crate::diagnostic::Lang;
use crate::github::GitHub;
use crate::sweep::{Action, plan};

/// Runs `loket sweep`.
pub fn run(root: Option<&Path>, lang: Lang, args: SweepArgs) -> Result<ExitCode, CmdError> {
    let cx = PrContext::open(
        root,
        args.snapshot.as_deref(),
        args.repo.as_deref(),
        &args.api.api,
    )?;
    let PrContext {
        instance, snapshot, ..
    } = &cx;
    let config = configured(instance)?;
    let now = now(args.now.as_deref())?;
    let (all, calendar) = cx.timelines(now, lang)?;
    let actions = plan(snapshot, &all, config, &calendar, now)?;
    let client = match (args.apply, args.repo.as_deref()) {
        (true, Some(repo)) => Some(github_client(repo, &args.api.api)?),
        (true, None) => return Err(CmdError::usage("--apply needs --repo", None)),
        (false, _) => None,
    };
    for action in &actions {
        let pr = pull_request(snapshot, action.pr())?;
        let what = match action {
            Action::Remind { days, .. } => {
                format!("remind  #{} (returned {days} hari kerja ago)", pr.number)
            }
            Action::Close { days, .. } => {
                format!("close   #{} (returned {days} hari kerja ago)", pr.number)
            }
            Action::Overdue {
                stage, officers, ..
            } => format!(
                "overdue #{} stage «{stage}» → {}",
                pr.number,
                officers.join(", ")
            ),
        };
        let Some(client) = &client else {
            println!("{what}");
            continue;
        };
        if client
            .comments(pr.number)?
            .iter()
            .any(|c| c.by_loket() && c.body.starts_with(&action.marker()))
        {
            println!("{what}: done before");
            continue;
        }
        client.create_comment(
            pr.number,
            &action.comment(crate::gate::requester(pr, config)),
        )?;
        if let Action::Close { .. } = action {
            client.close_pull_request(pr.number)?;
        }
        println!("{what}: done");
    }
    if actions.is_empty() {
        println!("nothing to follow up");
    } else if client.is_none() {
        println!("(dry run: pass --apply to act)");
    }
    Ok(ExitCode::SUCCESS)
}
