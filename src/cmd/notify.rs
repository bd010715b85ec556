//! `loket notify`: tell each requesting agency of its request's status
//! changes by email and the WhatsApp gateway, once each, recording every
//! notice in the pull request's loket comment right after it is sent;
//! only for requests attributed to the agency, only to its registered
//! contacts, at most `pemberitahuan.batas_harian` a day per agency. The
//! dispatcher is [`crate::notice::dispatch`].

use std::process::ExitCode;

use crate::cli::NotifyArgs;
use crate::cmd::workspace::{Workspace, github_server, now, pull_request, read_audit};
use crate::cmd::{CmdError, client_if, step_summary};
use crate::notice::dispatch::{Job, News, Outbox, Report, Settings};
use crate::notice::text::Templates;
use crate::site::address::base_url;

/// Runs `loket notify`.
pub(super) fn run(ws: &Workspace, args: NotifyArgs) -> Result<ExitCode, CmdError> {
    let settings = Settings::read(|name| std::env::var(name).ok())?;
    if args.apply && settings.is_empty() {
        println!(
            "{}",
            ws.lang.pick(
                "tidak ada saluran pengiriman (LOKET_SMTP_HOST dan LOKET_WA_URL tidak diisi), tidak ada yang dikirim",
                "no transport configured (LOKET_SMTP_HOST and LOKET_WA_URL are unset), nothing sent",
            )
        );
        return Ok(ExitCode::SUCCESS);
    }
    // `--audit FILE`: the security notices of a web audit, their ledgers
    // in the audit issues; else the status changes' notices, their ledgers
    // in the pull requests' comments.
    let audit = args.audit.as_deref().map(read_audit).transpose()?;
    let place = match audit {
        Some(_) => "the audit issues",
        None => "the pull requests' comments",
    };
    let needed = args.apply.then(|| {
        let message = format!("--apply needs --repo: the ledger of notices sent lives in {place}");
        CmdError::usage(message, None)
    });
    let client = client_if(args.github.repo.as_deref(), &args.github.api.api, needed)?;
    let (instance, config) = (ws.instance()?, ws.config()?);
    let templates = Templates::of_instance(ws.root()?)?;
    let job = Job::new(
        instance,
        config,
        client.as_ref(),
        &templates,
        github_server(),
    );
    let mut outbox = Outbox::set_up(config, args.apply, &settings)?;
    let mut report = Report::new(ws.lang, |line| println!("{line}"));
    let repo = args.github.repo.as_deref();
    if let Some(record) = &audit {
        job.warn(record, repo, &mut outbox, &mut report)?;
        return finish(report, &args, &settings);
    }
    let snapshot = ws.snapshot_from(&args.github, None)?;
    if let Some(n) = args.pr {
        pull_request(&snapshot, n)?;
    }
    let now = now(args.now)?;
    let (timelines, calendar) = ws.timelines(Some(&snapshot), now)?;
    let news = News {
        snapshot: &snapshot,
        timelines: &timelines,
        calendar: &calendar,
        base_url: base_url(config, args.base_url.as_deref()),
        since: now - chrono::Duration::days(i64::from(args.max_age)),
        only: args.pr,
    };
    job.announce(&news, &mut outbox, &mut report)?;
    finish(report, &args, &settings)
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
    // An error's words, like every error's, stay English.
    eprintln!(
        "error: {} notice(s) could not be sent:",
        report.failed.len()
    );
    for f in &report.failed {
        eprintln!("  {f}");
    }
    Ok(ExitCode::from(1))
}
