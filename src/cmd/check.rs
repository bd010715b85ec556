//! `loket check`: load, validate, report, exit 0/1/2.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use crate::cli::CheckArgs;
use crate::cmd::CmdError;
use crate::cmd::output::{exit_code, human_report};
use crate::cmd::workspace::{Workspace, changes, pull_request};
use crate::github::snapshot::PullRequest;
use crate::input::load;
use crate::model::{Config, Handle};
use crate::report::{self, Format};
use crate::validate::{self, Options, scope};

/// Runs `loket check`.
pub(super) fn run(ws: &Workspace, args: CheckArgs) -> Result<ExitCode, CmdError> {
    let snapshot = args
        .snapshot
        .as_deref()
        .map(|p| ws.snapshot(p))
        .transpose()?;
    let pr = match (&snapshot, args.pr) {
        (Some(snapshot), Some(number)) => Some(pull_request(snapshot, number)?),
        _ => None,
    };
    // The snapshot lists what GraphQL gives; --changed adds the rest.
    let changed = changes(&args.changed)?;
    let changed = match pr {
        Some(pr) => scope::union(pr.files.iter().map(String::as_str), &changed),
        None => changed,
    };
    let focus = scope::focus(&changed);
    let (instance, order) = if focus.is_empty() {
        (ws.instance()?, ws.merge_order()?)
    } else {
        ws.instance_around(&focus)?
    };
    ws.lap("order");
    let config = instance.config.as_ref();
    let options = Options {
        today: ws.today(args.today)?,
        author: author(args.author.as_deref(), pr, config)?,
        changed,
        pending: match (&snapshot, config) {
            (Some(snapshot), Some(config)) => validate::pending(snapshot, config, args.pr),
            _ => Vec::new(),
        },
        order,
    };
    let mut outcome = validate::check(instance, &options);
    ws.lap("check");
    // kalender.yaml, the pinned release and the generated .github/ are
    // configuration too: their findings make the exit status 2.
    let root = ws.root()?;
    outcome.config.extend(load::load_calendar(root, config).1);
    outcome
        .config
        .extend(crate::cmd::generated::release_findings(root, instance)?);
    validate::sort(&mut outcome.config);
    if !args.paths.is_empty() {
        let selected = ws.relative(&args.paths)?;
        outcome.requests.retain(|r| {
            selected
                .iter()
                .any(|s| r.path == *s || r.path.starts_with(&format!("{s}/")) || s.is_empty())
        });
    }
    let lang = ws.lang;
    let text = match args.format {
        Format::Human => {
            let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            human_report(instance, &outcome, lang, color)
        }
        Format::Json => report::json::render(&outcome, lang)?,
        Format::Github => {
            crate::cmd::step_summary(&report::github::summary(&outcome, lang))?;
            report::github::annotations(&outcome, lang)
        }
    };
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    Ok(exit_code(&outcome))
}

/// Whose request the checked files are: the pull request's requester (see
/// [`crate::review::gate::requester`]), else `--author`. A bot's `--author` is not
/// checked: its pull request is the request of the issue it came from,
/// which only the gate can see.
fn author(
    flag: Option<&str>,
    pr: Option<&PullRequest>,
    config: Option<&Config>,
) -> Result<Option<Handle>, CmdError> {
    let flag = flag
        .filter(|a| !config.is_some_and(|c| c.is_bot(a)))
        .map(|a| {
            a.parse::<Handle>().map_err(|()| {
                CmdError::usage(format!("--author `{a}` is not a GitHub handle"), None)
            })
        })
        .transpose()?;
    let requester = match (pr, config) {
        (Some(pr), Some(config)) => Some(crate::review::gate::requester(pr, config)),
        (Some(pr), None) => Some(pr.author.as_str()),
        (None, _) => None,
    };
    Ok(requester.and_then(|r| r.parse().ok()).or(flag))
}
