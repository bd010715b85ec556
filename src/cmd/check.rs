//! `loket check`: load, validate, report, exit 0/1/2.

use crate::cmd::output::{exit_code, human_report};
use crate::cmd::workspace::changes;
use std::collections::BTreeSet;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::cli::CheckArgs;
use crate::cmd::workspace::today;
use crate::cmd::{CmdError, instance_root};
use crate::diagnostic::Lang;
use crate::load::{self};
use crate::model::Handle;
use crate::report::{self, Format};
use crate::validate::{self, Change, ChangeStatus, Options};

/// Runs `loket check`.
pub fn run(root: Option<&Path>, lang: Lang, args: CheckArgs) -> Result<ExitCode, CmdError> {
    let root = instance_root(root)?;
    let mut timings = crate::cmd::workspace::Timings::from_env();
    let snapshot = args
        .snapshot
        .as_deref()
        .map(|p| crate::cmd::workspace::read_snapshot(&root, p))
        .transpose()?;
    let pull_request = match (&snapshot, args.pr) {
        (Some(snap), Some(number)) => Some(crate::cmd::workspace::pull_request(snap, number)?),
        _ => None,
    };
    let changed = changes(&args.changed)?;
    // The snapshot lists what GraphQL gives; --changed adds the rest.
    let changed = match pull_request {
        Some(pr) => validate::scope::union(pr.files.iter().map(String::as_str), &changed),
        None => changed,
    };
    let focus = focus(&changed);
    let (instance, order) = if focus.is_empty() {
        let instance = load::load(&root)?;
        timings.lap("load");
        let order = crate::cmd::merge_order(&root, "HEAD", &instance)?;
        (instance, order)
    } else {
        crate::cmd::load_around(&root, &focus)?
    };
    let is_bot = |login: &str| instance.config.as_ref().is_some_and(|c| c.is_bot(login));
    // A bot's pull request is the request of the issue it came from, which
    // only the gate can see: its author is not checked here.
    let author = args
        .author
        .as_deref()
        .filter(|a| !is_bot(a))
        .map(|a| {
            a.parse::<Handle>().map_err(|()| {
                CmdError::usage(format!("--author `{a}` is not a GitHub handle"), None)
            })
        })
        .transpose()?;
    let author = match (pull_request, &instance.config) {
        (Some(pr), Some(config)) => crate::gate::requester(pr, config).parse().ok().or(author),
        (Some(pr), None) => pr.author.parse().ok().or(author),
        (None, _) => author,
    };
    let pending = match (&snapshot, &instance.config) {
        (Some(snapshot), Some(config)) => pending_names(snapshot, config, args.pr),
        _ => Vec::new(),
    };
    timings.lap("order");
    let options = Options {
        today: today(args.today, instance.config.as_ref())?,
        author,
        changed,
        pending,
        order,
    };
    let mut outcome = validate::check(&instance, &options);
    timings.lap("check");
    // kalender.yaml is configuration too: its findings make the exit status 2.
    outcome
        .config
        .extend(load::load_calendar(&root, instance.config.as_ref()).1);
    // The pinned release and the generated .github/ (L150–L155).
    outcome
        .config
        .extend(crate::cmd::generated::release_findings(&root, &instance)?);
    validate::sort(&mut outcome.config);
    if !args.paths.is_empty() {
        let selected = selection(&root, &args.paths)?;
        outcome.requests.retain(|r| {
            selected
                .iter()
                .any(|s| r.path == *s || r.path.starts_with(&format!("{s}/")) || s.is_empty())
        });
    }
    let text = match args.format {
        Format::Human => {
            let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            human_report(&instance, &outcome, lang, color)
        }
        Format::Json => report::json::render(&outcome, lang)?,
        Format::Github => {
            crate::cmd::step_summary(&report::github::summary(&outcome, lang))?;
            report::github::annotations(&outcome, lang)
        }
    };
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes());
    Ok(exit_code(&outcome))
}

/// The request files of a pull request that only adds files under
/// `requests/` (an agency's, as the scope rules demand): its check reads
/// history only for what they contend with. Empty, so that history is read
/// for every contested request, when it changes or removes a file, or
/// anything else: a merged request it alters or removes can change the
/// fold of requests that share nothing with its own files.
fn focus(changed: &[Change]) -> BTreeSet<String> {
    let adds_requests_only = changed.iter().all(|c| {
        c.status == ChangeStatus::Added && crate::validate::scope::agency_of(&c.path).is_some()
    });
    if !adds_requests_only {
        return BTreeSet::new();
    }
    changed
        .iter()
        .filter(|c| c.path.ends_with(".yaml"))
        .map(|c| c.path.clone())
        .collect()
}

/// The given paths as `/`-separated paths relative to the root.
fn selection(root: &Path, paths: &[PathBuf]) -> Result<Vec<String>, CmdError> {
    paths
        .iter()
        .map(|p| {
            let abs = std::path::absolute(p).map_err(|source| CmdError::Read {
                path: p.clone(),
                source,
            })?;
            if !abs.exists() {
                return Err(CmdError::usage(
                    format!("{} does not exist", p.display()),
                    None,
                ));
            }
            let rel = abs.strip_prefix(root).map_err(|_| {
                CmdError::usage(
                    format!(
                        "{} is outside the instance at {}",
                        p.display(),
                        root.display()
                    ),
                    "pass paths inside the instance, or --root".to_string(),
                )
            })?;
            Ok(rel
                .components()
                .filter(|c| !matches!(c, std::path::Component::CurDir))
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/"))
        })
        .collect()
}

/// Names and ids asked for by open pull requests of the snapshot that the
/// gate attributes to an operator of their agency, but for pull request
/// `own` (the one checked): a stranger's pull request cannot hold a name or
/// a number.
fn pending_names(
    snapshot: &crate::snapshot::Snapshot,
    config: &crate::model::Config,
    own: Option<u64>,
) -> Vec<validate::Pending> {
    snapshot
        .pull_requests
        .iter()
        .filter(|pr| pr.state == crate::snapshot::PullState::Open && Some(pr.number) != own)
        .flat_map(|pr| {
            pr.files.iter().filter_map(move |f| {
                let name = load::RequestName::parse(f)?;
                if !crate::trust::attributed(pr, &name.agency, config) {
                    return None;
                }
                Some(validate::Pending {
                    name: name.subdomain.to_ascii_lowercase(),
                    pr: pr.number,
                    path: f.clone(),
                })
            })
        })
        .collect()
}
