//! `loket gate`: may the pull request be merged? Exit 0 yes, 1 no.

use std::process::ExitCode;

use crate::cli::GateArgs;
use crate::cmd::workspace::{Workspace, files, pull_request, received_of, service_of};
use crate::cmd::{CmdError, step_summary};
use crate::review::gate::{gate, summary};

/// Runs `loket gate`.
pub(super) fn run(ws: &Workspace, args: GateArgs) -> Result<ExitCode, CmdError> {
    let lang = ws.lang;
    let (instance, config) = (ws.instance()?, ws.config()?);
    let snapshot = ws.snapshot_from(&args.github, Some(args.pr))?;
    let pr = pull_request(&snapshot, args.pr)?;
    let files = files(pr, &args.changed)?;
    let unmet = gate(
        pr,
        config,
        &files,
        |path| service_of(instance, pr, path),
        |path| received_of(instance, path),
    );
    for u in &unmet {
        println!("✗ {}", u.message(lang));
    }
    if unmet.is_empty() {
        println!(
            "✓ {}",
            lang.pick(
                "semua syarat persetujuan terpenuhi",
                "every approval condition is met"
            )
        );
    }
    step_summary(&summary(pr, &unmet, lang))?;
    Ok(if unmet.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
