//! `loket approve`: bind an officer's stage label to the head commit it was
//! added on, as a commit status the gate then requires ([`crate::review::gate::bound`]).

use std::process::ExitCode;

use crate::cli::ApproveArgs;
use crate::cmd::workspace::Workspace;
use crate::cmd::{CmdError, github_client};
use crate::github::GitHub;
use crate::github::snapshot::APPROVAL_CONTEXT;
use crate::review::gate::{holds_stage, short};

/// Runs `loket approve`.
pub(super) fn run(ws: &Workspace, args: ApproveArgs) -> Result<ExitCode, CmdError> {
    let (instance, config, lang) = (ws.instance()?, ws.config()?, ws.lang);
    if !holds_stage(config, instance.services(), &args.label, &args.actor) {
        println!(
            "{}",
            lang.pick(
                format!(
                    "tidak dicatat: @{} tidak memegang peran tahap berlabel `{}`",
                    args.actor, args.label
                ),
                format!(
                    "not recorded: @{} holds no role of a stage labelled `{}`",
                    args.actor, args.label
                ),
            )
        );
        return Ok(ExitCode::SUCCESS);
    }
    if args.head.len() != 40 || !args.head.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(CmdError::usage(
            format!("`{}` is not a commit id", args.head),
            "pass the event's pull_request.head.sha (40 hex digits)".to_string(),
        ));
    }
    let client = github_client(&args.repo, &args.api.api)?;
    client.create_status(
        &args.head,
        &format!("{APPROVAL_CONTEXT}{}", args.label),
        &format!("@{}", args.actor),
    )?;
    let (label, actor, head) = (&args.label, &args.actor, short(&args.head));
    println!(
        "{}",
        lang.pick(
            format!("dicatat: `{label}` oleh @{actor} pada {head}"),
            format!("recorded: `{label}` by @{actor} on {head}"),
        )
    );
    Ok(ExitCode::SUCCESS)
}
