//! `loket labels sync`: the stage and status labels on GitHub.

use std::process::ExitCode;

use crate::cli::LabelsCommand;
use crate::cmd::workspace::Workspace;
use crate::cmd::{CmdError, github_client};
use crate::github::GitHub;
use crate::github::labels::{LabelChange, desired, plan};

/// Runs `loket labels`.
pub(super) fn run(ws: &Workspace, command: LabelsCommand) -> Result<ExitCode, CmdError> {
    let lang = ws.lang;
    let LabelsCommand::Sync {
        repo,
        prune,
        dry_run,
        api,
    } = command;
    let (instance, config) = (ws.instance()?, ws.config()?);
    let services: Vec<_> = instance.services().collect();
    let client = github_client(&repo, &api.api)?;
    let changes = plan(&desired(config, &services), &client.labels()?, prune);
    for change in &changes {
        match change {
            LabelChange::Create(l) => {
                println!("{} {}", lang.pick("buat", "create"), l.name);
                if !dry_run {
                    client.create_label(l)?;
                }
            }
            LabelChange::Update(l) => {
                println!("{} {}", lang.pick("ubah", "update"), l.name);
                if !dry_run {
                    client.update_label(&l.name, l)?;
                }
            }
            LabelChange::Delete(name) => {
                println!("{} {name}", lang.pick("hapus", "delete"));
                if !dry_run {
                    client.delete_label(name)?;
                }
            }
        }
    }
    if changes.is_empty() {
        println!("{}", lang.pick("label sudah sesuai", "labels up to date"));
    }
    Ok(ExitCode::SUCCESS)
}
