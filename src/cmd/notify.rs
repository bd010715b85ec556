//! `loket notify`: tell each requesting agency of its request's status
//! changes by email and the WhatsApp gateway, once each, recording every
//! notice in the pull request's loket comment right after it is sent;
//! only for requests attributed to the agency, only to its registered
//! contacts, at most `pemberitahuan.batas_harian` a day per agency. The
//! dispatcher is [`crate::notice::dispatch`].

use std::path::Path;
use std::process::ExitCode;

use crate::cli::NotifyArgs;
use crate::cmd::workspace::{Workspace, github_server, now, pull_request, read_audit};
use crate::cmd::{CmdError, github_client, step_summary};
use crate::github::Client;
use crate::notice::dispatch::{Job, News, Outbox, Report, Settings};
use crate::notice::text::Templates;
use crate::site::address::base_url;

/// Runs `loket notify`.
pub(super) fn run(ws: &Workspace, args: NotifyArgs) -> Result<ExitCode, CmdError> {
    let settings = Settings::read(|name| std::env::var(name).ok())?;
    if args.apply && settings.is_empty() {
        println!(
            "no transport configured (LOKET_SMTP_HOST and LOKET_WA_URL are unset), nothing sent"
        );
        return Ok(ExitCode::SUCCESS);
    }
    let mut report = Report::new(|line| println!("{line}"));
    match &args.audit {
        Some(path) => warn(ws, &args, path, &settings, &mut report)?,
        None => announce(ws, &args, &settings, &mut report)?,
    }
    finish(report, &args, &settings)
}

/// The status changes' notices, their ledgers in the pull requests' comments.
fn announce(
    ws: &Workspace,
    args: &NotifyArgs,
    settings: &Settings,
    report: &mut Report<'_>,
) -> Result<(), CmdError> {
    let client = ledger_client(args, "the pull requests' comments")?;
    let (instance, config) = (ws.instance()?, ws.config()?);
    let snapshot = ws.snapshot_from(&args.github, None)?;
    if let Some(n) = args.pr {
        pull_request(&snapshot, n)?;
    }
    let now = now(args.now)?;
    let (timelines, calendar) = ws.timelines(Some(&snapshot), now)?;
    let templates = Templates::of_instance(ws.root()?)?;
    let mut outbox = Outbox::set_up(config, args.apply, settings)?;
    let news = News {
        snapshot: &snapshot,
        timelines: &timelines,
        calendar: &calendar,
        base_url: base_url(config, args.base_url.as_deref()),
        since: now - chrono::Duration::days(i64::from(args.max_age)),
        only: args.pr,
    };
    let job = Job::new(
        instance,
        config,
        client.as_ref(),
        &templates,
        github_server(),
    );
    Ok(job.announce(&news, &mut outbox, report)?)
}

/// `--audit FILE`: the security notices of a web audit, their ledgers in
/// the audit issues.
fn warn(
    ws: &Workspace,
    args: &NotifyArgs,
    path: &Path,
    settings: &Settings,
    report: &mut Report<'_>,
) -> Result<(), CmdError> {
    let record = read_audit(path)?;
    let (instance, config) = (ws.instance()?, ws.config()?);
    let client = ledger_client(args, "the audit issues")?;
    let mut outbox = Outbox::set_up(config, args.apply, settings)?;
    let templates = Templates::of_instance(ws.root()?)?;
    let job = Job::new(
        instance,
        config,
        client.as_ref(),
        &templates,
        github_server(),
    );
    Ok(job.warn(&record, args.github.repo.as_deref(), &mut outbox, report)?)
}

/// The GitHub client that reads and writes the ledger (`--repo`); none in
/// a dry run without it; `--apply` needs it (the ledger lives in `place`).
fn ledger_client(args: &NotifyArgs, place: &str) -> Result<Option<Client>, CmdError> {
    match (args.github.repo.as_deref(), args.apply) {
        (Some(repo), _) => Ok(Some(github_client(repo, &args.github.api.api)?)),
        (None, true) => Err(CmdError::usage(
            format!("--apply needs --repo: the ledger of notices sent lives in {place}"),
            None,
        )),
        (None, false) => Ok(None),
    }
}

/// Sums the run up; exit status 1 when a notice could not be sent.
fn finish(
    report: Report<'_>,
    args: &NotifyArgs,
    settings: &Settings,
) -> Result<ExitCode, CmdError> {
    let (apply, ledger_read) = (args.apply, args.github.repo.is_some());
    if let Some(summary) = report.summary().filter(|_| apply) {
        step_summary(&summary)?;
    }
    for line in report.closing(apply, ledger_read, settings.is_empty()) {
        println!("{line}");
    }
    if !apply || report.failed.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!(
        "error: {} notice(s) could not be sent:",
        report.failed.len()
    );
    for f in &report.failed {
        eprintln!("  {f}");
    }
    Ok(ExitCode::from(1))
}
