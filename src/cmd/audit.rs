//! `loket audit`: registrations that turned risky. Loads the instance as
//! it is (an audit must run even when today's policy refuses old
//! requests), asks a resolver about CNAME targets ([`crate::dns::audit`]),
//! reports ([`crate::report::audit`]). With `--web`: fetches and judges
//! what every name serves ([`crate::web::run`]), folds the run into the
//! audit history, brings the audit issues in line ([`crate::github::audit_issue`]).

use std::process::ExitCode;
use std::time::Duration;

use chrono::Utc;

use crate::cli::{AuditArgs, AuditFormat};
use crate::cmd::output::emit;
use crate::cmd::workspace::{Workspace, read_audit, read_audit_history};
use crate::cmd::{CmdError, github_client};
use crate::dns::{DnsError, audit, client};
use crate::github::audit_issue;
use crate::input::diagnostic::Lang;
use crate::input::load::LoadError;
use crate::model::Config;
use crate::report::audit as report;
use crate::validate::registry::{self, Registration};
use crate::web::fetch::{self, Settings};
use crate::web::history::History;
use crate::web::record::Record;
use crate::web::run;

/// Runs `loket audit`.
pub(super) fn run(ws: &Workspace, args: AuditArgs) -> Result<ExitCode, CmdError> {
    let (instance, lang) = (ws.instance()?, ws.lang);
    let Some(config) = &instance.config else {
        return Err(LoadError::NoInstance(ws.root()?.to_path_buf()).into());
    };
    let fold = registry::registrations(instance, &ws.merge_order()?);
    if args.web {
        return web(config, fold.registrations.values(), lang, &args);
    }
    let resolver = match &args.resolver {
        Some(text) => client::server(text).map_err(DnsError::from)?,
        None => client::system_resolver()?,
    };
    let timeout = Duration::from_secs(args.timeout.max(1));
    let found = audit::audit(config, fold.registrations.values(), |target| {
        client::resolution(resolver, target, timeout)
    });
    let domain = config.institution.domain.as_str();
    emit(
        None,
        &match args.format {
            AuditFormat::Human => report::human(&found, domain, lang),
            AuditFormat::Json => report::json(&found, domain, lang)?,
            AuditFormat::Github => report::github(&found, domain, lang),
        },
    )?;
    Ok(failed(!found.findings.is_empty()))
}

/// `loket audit --web`: the run (or, with `--from`, the report of an
/// earlier one) folded into the history, turned into issues, or reported.
fn web<'a>(
    config: &Config,
    registrations: impl IntoIterator<Item = &'a Registration>,
    lang: Lang,
    args: &AuditArgs,
) -> Result<ExitCode, CmdError> {
    let (record, judged) = match &args.from {
        Some(path) => (read_audit(path)?, None),
        None => {
            let overrides = run::overrides(&args.resolve)?;
            let server = match &args.resolver {
                Some(text) => Some(client::server(text).map_err(DnsError::from)?),
                None => client::system_resolver().ok(),
            };
            let timeout = Duration::from_secs(args.timeout.max(1));
            let resolve = run::resolver(server, overrides, timeout);
            let settings = Settings {
                timeout,
                cap: args.max_body.max(1024),
                max_redirects: 5,
                concurrency: args.concurrency.max(1),
                http_port: args.http_port,
                https_port: args.https_port,
                sitemap_urls: 10_000,
                domain: run::domain(config),
            };
            let roots = fetch::roots(args.ca_file.as_deref())?;
            let now = Utc::now();
            let judged = run::run(config, registrations, settings, resolve, roots, now)?;
            (Record::new(&judged, now, lang)?, Some(judged))
        }
    };
    if let Some(path) = &args.history {
        let previous = match read_audit_history(path) {
            Err(CmdError::Read { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
                let shown = path.display();
                eprintln!("warning: no audit history at {shown}: starting a new one");
                History::default()
            }
            read => read?,
        };
        let day = run::day(config, &record);
        let line = format!(
            "audit history {}: {} {}/{} names healthy",
            path.display(),
            day.date,
            day.healthy,
            day.checked
        );
        let history = previous.with(day);
        emit(Some(path), &history.to_json()?)?;
        eprintln!("{line} ({} audit days kept)", history.days.len());
    }
    if args.issues {
        return issues(config, &record, args);
    }
    let Some(judged) = judged else {
        return match args.history {
            Some(_) => Ok(ExitCode::SUCCESS),
            None => Err(CmdError::usage(
                "--from needs --issues or --history",
                "e.g. loket audit --web --from web.json --history riwayat-audit.json".to_string(),
            )),
        };
    };
    emit(
        None,
        &match args.format {
            AuditFormat::Human => report::web_human(&judged, lang),
            AuditFormat::Json => record.to_json()?,
            AuditFormat::Github => report::web_github(&judged, lang),
        },
    )?;
    Ok(failed(judged.iter().any(|(_, p)| !p.is_empty())))
}

/// `loket audit --web --issues`: brings the open audit issues in line with
/// `record` ([`audit_issue::plan`]), or prints the plan with --dry-run.
/// The whole list of open issues is read before anything is written.
fn issues(config: &Config, record: &Record, args: &AuditArgs) -> Result<ExitCode, CmdError> {
    let client = match (&args.repo, args.dry_run) {
        (Some(repo), _) => Some(github_client(repo, &args.api.api)?),
        (None, true) => None,
        (None, false) => {
            return Err(CmdError::usage(
                "--issues needs --repo (or GITHUB_REPOSITORY)",
                "or pass --dry-run".to_string(),
            ));
        }
    };
    let (open, assignable) = match &client {
        Some(c) => (c.audit_issues(audit_issue::LABEL)?, c.assignees()?),
        None => (Vec::new(), Vec::new()),
    };
    let people = |agency: Option<&str>| audit_issue::people(config, agency);
    let plan = audit_issue::plan(record, &open, people, |login| {
        assignable.iter().any(|a| a == login)
    });
    for action in &plan {
        println!("{}", action.line());
        if let Some(client) = client.as_ref().filter(|_| !args.dry_run)
            && let Some(number) = client.carry_out(action)?
        {
            println!("  opened #{number}");
        }
    }
    if plan.is_empty() {
        println!("no audit issue to open or close");
    }
    Ok(ExitCode::SUCCESS)
}

/// Exit 1 when something was found.
fn failed(found: bool) -> ExitCode {
    if found {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
