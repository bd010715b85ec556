//! `loket audit`: registrations that turned risky. Loads the instance as
//! it is (an audit must run even when today's policy refuses old
//! requests), asks a resolver about CNAME targets ([`crate::dns::audit`]),
//! reports ([`crate::report::audit`]). With `--web`: fetches and judges
//! what every name serves ([`crate::web::run`]), folds the run into the
//! audit history ([`crate::web::history`]), brings the audit issues in
//! line ([`crate::github::audit_issue`]).

use std::process::ExitCode;

use crate::cli::AuditArgs;
use crate::cmd::output::{emit, failed};
use crate::cmd::workspace::{Workspace, read_audit, read_if_present};
use crate::cmd::{CmdError, client_if};
use crate::dns::{audit, client};
use crate::github::audit_issue;
use crate::input::diagnostic::Lang;
use crate::input::load::LoadError;
use crate::model::Config;
use crate::report::audit as report;
use crate::validate::registry;
use crate::web::{history, record::Record, run};

/// Runs `loket audit`.
pub(super) fn run(ws: &Workspace, args: AuditArgs) -> Result<ExitCode, CmdError> {
    let (instance, lang) = (ws.instance()?, ws.lang);
    let Some(config) = &instance.config else {
        return Err(LoadError::NoInstance(ws.root()?.to_path_buf()).into());
    };
    let fold = registry::registrations(instance, &ws.merge_order()?);
    if !args.web {
        let (resolver, timeout) = (client::chosen(args.resolver.as_deref())?, args.timeout());
        let found = audit::audit(config, fold.registrations.values(), |target| {
            client::resolution(resolver, target, timeout)
        });
        let domain = config.institution.domain.as_str();
        emit(
            None,
            &report::render(&found, domain, args.format.into(), lang)?,
        )?;
        return Ok(failed(!found.findings.is_empty()));
    }
    let (record, judged) = match &args.from {
        Some(path) => (read_audit(path)?, None),
        None => {
            let now = chrono::Utc::now();
            let options = args.web_options();
            let judged = run::audit(config, fold.registrations.values(), &options, now)?;
            (Record::new(&judged, now, lang)?, Some(judged))
        }
    };
    fold_history(config, &record, &args, ws.lang)?;
    if args.issues {
        let needed = (!args.dry_run).then(|| {
            let message = "--issues needs --repo (or GITHUB_REPOSITORY)";
            CmdError::usage(message, "or pass --dry-run".to_string())
        });
        let client = client_if(args.repo.as_deref(), &args.api.api, needed)?;
        let say = &mut |line: &str| println!("{line}");
        audit_issue::bring_in_line(client.as_ref(), config, &record, args.dry_run, lang, say)?;
        return Ok(ExitCode::SUCCESS);
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
        &report::web(&judged, &record, args.format.into(), lang)?,
    )?;
    Ok(failed(judged.iter().any(|(_, p)| !p.is_empty())))
}

/// `--history FILE`: `record` folded into the audit history.
fn fold_history(
    config: &Config,
    record: &Record,
    args: &AuditArgs,
    lang: Lang,
) -> Result<(), CmdError> {
    let Some(path) = &args.history else {
        return Ok(());
    };
    let (previous, file) = (read_if_present(path)?, path.display().to_string());
    let folded =
        history::fold(previous.as_deref(), run::day(config, record)).map_err(|source| {
            CmdError::AuditHistory {
                path: path.clone(),
                source,
            }
        })?;
    if let Some(warning) = folded.warning(&file, lang) {
        eprintln!("{warning}");
    }
    emit(Some(path), &folded.history.to_json()?)?;
    eprintln!("{}", folded.summary(&file, lang));
    Ok(())
}
