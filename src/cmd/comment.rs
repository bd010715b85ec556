//! `loket comment`: keep one verification comment on a pull request.

use std::path::Path;
use std::process::ExitCode;

use crate::cli::CommentArgs;
use crate::cmd::workspace::today;
use crate::cmd::workspace::{PrContext, files, pull_request, service_of};
use crate::cmd::workspace::{configured, now};
use crate::cmd::{CmdError, github_client};
use crate::comment::{CommentInput, find, render};
use crate::diagnostic::Lang;
use crate::gate::gate;
use crate::github::GitHub;
use crate::notice::ledger::carry;
use crate::validate::{self, Options};

/// Runs `loket comment`.
pub fn run(root: Option<&Path>, lang: Lang, args: CommentArgs) -> Result<ExitCode, CmdError> {
    let cx = PrContext::open_one(root, &args.github, args.pr)?;
    let PrContext {
        instance, snapshot, ..
    } = &cx;
    let config = configured(instance)?;
    let pr = pull_request(snapshot, args.pr)?;
    let Some(path) = pr
        .files
        .iter()
        .find(|f| crate::snapshot::is_request_file(f))
    else {
        return Err(CmdError::usage(
            format!("pull request #{} changes no request file", pr.number),
            None,
        ));
    };
    let files = files(pr, &args.changed)?;
    let options = Options {
        today: today(None, Some(config))?,
        author: crate::gate::requester(pr, config).parse().ok(),
        changed: files.clone(),
        pending: Vec::new(),
        order: crate::cmd::merge_order(&cx.root, "HEAD", instance)?,
    };
    let outcome = validate::check(instance, &options);
    let findings = outcome
        .requests
        .iter()
        .find(|r| r.path == *path)
        .map(|r| r.diagnostics.clone())
        .unwrap_or_default();
    let now = now(args.now)?;
    let (all, calendar) = cx.timelines(now, lang)?;
    let unmet = gate(
        pr,
        config,
        &files,
        |p| service_of(instance, pr, p),
        |p| crate::cmd::workspace::received_of(instance, p),
    );
    let body = render(
        &CommentInput {
            path,
            service: service_of(instance, pr, path),
            findings: &findings,
            timeline: all.iter().find(|t| t.path == *path),
            unmet: &unmet,
            config,
            tree: instance
                .requests
                .iter()
                .find(|r| r.file.path == *path)
                .and_then(|r| r.tree.as_ref()),
            calendar: &calendar,
        },
        lang,
    );
    if args.dry_run {
        print!("{}", carry(&body, None));
        return Ok(ExitCode::SUCCESS);
    }
    let Some(repo) = args.github.repo.as_deref() else {
        return Err(CmdError::usage(
            "--repo is needed to post the comment",
            "or pass --dry-run".to_string(),
        ));
    };
    let client = github_client(repo, &args.github.api.api)?;
    let comments = client.comments(pr.number)?;
    // The ledger of notices sent lives at the end of the comment: keep it.
    match find(&comments) {
        Some(old) => {
            let body = carry(&body, Some(&old.body));
            if old.body == body {
                println!("comment unchanged");
            } else {
                client.update_comment(old.id, &body)?;
                println!("comment updated");
            }
        }
        None => {
            client.create_comment(pr.number, &carry(&body, None))?;
            println!("comment created");
        }
    }
    Ok(ExitCode::SUCCESS)
}
