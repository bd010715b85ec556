//! `loket comment`: keep one verification comment on a pull request.

use std::process::ExitCode;

use crate::cli::CommentArgs;
use crate::cmd::workspace::{Workspace, files, now, pull_request, received_of, service_of};
use crate::cmd::{CmdError, github_client};
use crate::comment::{CommentInput, Write, render, write};
use crate::github::GitHub;
use crate::notice::ledger::carry;
use crate::review::gate::gate;
use crate::validate::{self, Options};

/// Runs `loket comment`.
pub(super) fn run(ws: &Workspace, args: CommentArgs) -> Result<ExitCode, CmdError> {
    let (instance, config, lang) = (ws.instance()?, ws.config()?, ws.lang);
    let snapshot = ws.snapshot_from(&args.github, Some(args.pr))?;
    let pr = pull_request(&snapshot, args.pr)?;
    let Some(path) = crate::comment::request_file(pr) else {
        return Err(CmdError::usage(
            format!("pull request #{} changes no request file", pr.number),
            None,
        ));
    };
    let files = files(pr, &args.changed)?;
    let options = Options {
        today: ws.today(None)?,
        author: crate::review::gate::requester(pr, config).parse().ok(),
        changed: files.clone(),
        pending: Vec::new(),
        order: ws.merge_order()?,
    };
    let findings = validate::check(instance, &options)
        .requests
        .into_iter()
        .find(|r| r.path == *path)
        .map(|r| r.diagnostics)
        .unwrap_or_default();
    let now = now(args.now)?;
    let (all, calendar) = ws.timelines(Some(&snapshot), now)?;
    let unmet = gate(
        pr,
        config,
        &files,
        |p| service_of(instance, pr, p),
        |p| received_of(instance, p),
    );
    let body = render(
        &CommentInput {
            path,
            service: service_of(instance, pr, path),
            findings: &findings,
            timeline: all.iter().find(|t| t.path == *path),
            unmet: &unmet,
            config,
            tree: instance.request_at(path).and_then(|r| r.tree.as_ref()),
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
    match write(&body, &client.comments(pr.number)?) {
        Write::Unchanged => println!(
            "{}",
            lang.pick("komentar tidak berubah", "comment unchanged")
        ),
        Write::Update { id, body } => {
            client.update_comment(id, &body)?;
            println!("{}", lang.pick("komentar diperbarui", "comment updated"));
        }
        Write::Create(body) => {
            client.create_comment(pr.number, &body)?;
            println!("{}", lang.pick("komentar dibuat", "comment created"));
        }
    }
    Ok(ExitCode::SUCCESS)
}
