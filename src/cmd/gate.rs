//! `loket gate`: may the pull request be merged? Exit 0 yes, 1 no.

use std::path::Path;
use std::process::ExitCode;

use chrono::Utc;

use crate::cli::GateArgs;
use crate::cmd::status::{configured, read_snapshot};
use crate::cmd::{CmdError, github_client, instance_root, step_summary};
use crate::diagnostic::Lang;
use crate::gate::{gate, summary};
use crate::github::{fetch_pull_request, fetch_snapshot};
use crate::load::{self, Instance};
use crate::model::Service;
use crate::snapshot::{PullRequest, Snapshot};
use crate::validate::{Change, scope};

/// Runs `loket gate`.
pub fn run(root: Option<&Path>, lang: Lang, args: GateArgs) -> Result<ExitCode, CmdError> {
    let PrContext {
        root: _,
        instance,
        snapshot,
    } = PrContext::open_one(
        root,
        args.snapshot.as_deref(),
        args.repo.as_deref(),
        &args.api.api,
        args.pr,
    )?;
    let config = configured(&instance)?;
    let pr = pull_request(&snapshot, args.pr)?;
    let files = files(pr, &args.changed)?;
    let unmet = gate(
        pr,
        config,
        &files,
        |path| service_of(&instance, pr, path),
        |path| received_of(&instance, path),
    );
    for u in &unmet {
        println!("✗ {}", u.message(lang));
    }
    if unmet.is_empty() {
        println!(
            "✓ {}",
            if lang == Lang::Id {
                "semua syarat persetujuan terpenuhi"
            } else {
                "every approval condition is met"
            }
        );
    }
    step_summary(&summary(pr, &unmet, lang))?;
    Ok(if unmet.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// What a pull-request command works on: the instance and the snapshot.
pub struct PrContext {
    /// The instance root.
    pub root: std::path::PathBuf,
    /// The loaded instance.
    pub instance: Instance,
    /// The snapshot, from `--snapshot` or read from GitHub.
    pub snapshot: Snapshot,
}

impl PrContext {
    /// Loads the instance at (or above) `root` and the snapshot.
    pub fn open(
        root: Option<&Path>,
        file: Option<&Path>,
        repo: Option<&str>,
        api: &str,
    ) -> Result<PrContext, CmdError> {
        Self::load(root, file, repo, api, None)
    }

    /// Like [`PrContext::open`] for one pull request: read from GitHub,
    /// the snapshot holds that pull request alone (a few calls, whatever
    /// the size of the repository).
    pub fn open_one(
        root: Option<&Path>,
        file: Option<&Path>,
        repo: Option<&str>,
        api: &str,
        pr: u64,
    ) -> Result<PrContext, CmdError> {
        Self::load(root, file, repo, api, Some(pr))
    }

    fn load(
        root: Option<&Path>,
        file: Option<&Path>,
        repo: Option<&str>,
        api: &str,
        only: Option<u64>,
    ) -> Result<PrContext, CmdError> {
        let root = instance_root(root)?;
        let instance = load::load(&root)?;
        let snapshot = snapshot_for(&root, file, repo, api, only)?;
        Ok(PrContext {
            root,
            instance,
            snapshot,
        })
    }
}

impl PrContext {
    /// Every request's timeline at `now`, with the calendar they were
    /// counted in (see [`crate::cmd::status::timelines`]).
    pub fn timelines(
        &self,
        now: chrono::DateTime<Utc>,
        lang: Lang,
    ) -> Result<(Vec<crate::timeline::Timeline>, crate::calendar::Calendar), CmdError> {
        crate::cmd::status::timelines(
            &self.root,
            &self.instance,
            configured(&self.instance)?,
            Some(&self.snapshot),
            now,
            lang,
            &mut crate::cmd::status::Timings::from_env(),
        )
    }
}

/// The snapshot from `--snapshot`, or read from GitHub (`--repo`): every
/// pull request, or `only` that one.
pub fn snapshot_for(
    root: &Path,
    file: Option<&Path>,
    repo: Option<&str>,
    api: &str,
    only: Option<u64>,
) -> Result<Snapshot, CmdError> {
    match (file, repo) {
        (Some(file), _) => read_snapshot(root, file),
        (None, Some(repo)) => {
            let client = github_client(repo, api)?;
            Ok(match only {
                Some(number) => fetch_pull_request(&client, number, Utc::now())?,
                None => fetch_snapshot(&client, Utc::now(), None)?,
            })
        }
        (None, None) => Err(CmdError::usage(
            "no snapshot and no repository",
            "pass --snapshot FILE, or --repo OWNER/NAME with GITHUB_TOKEN set".to_string(),
        )),
    }
}

/// Pull request `number` of the snapshot.
pub fn pull_request(snapshot: &Snapshot, number: u64) -> Result<&PullRequest, CmdError> {
    snapshot
        .pull_requests
        .iter()
        .find(|p| p.number == number)
        .ok_or_else(|| {
            CmdError::usage(
                format!("pull request #{number} is not in the snapshot"),
                "does it touch requests/?".to_string(),
            )
        })
}

/// The files `pr` changes: the snapshot's, completed and given their git
/// status by `--changed`.
pub fn files(pr: &PullRequest, changed: &[String]) -> Result<Vec<Change>, CmdError> {
    let changed = crate::cmd::check::changes(changed)?;
    Ok(scope::union(pr.files.iter().map(String::as_str), &changed))
}

/// The service of a request file: from the file when it is in the work
/// tree, else from the snapshot (read from the pull request's head).
pub fn service_of<'i>(instance: &'i Instance, pr: &PullRequest, path: &str) -> Option<&'i Service> {
    let id = instance
        .requests
        .iter()
        .find(|r| r.file.path == path)
        .and_then(|r| r.request.as_ref())
        .map(|r| r.service.value.clone())
        .or_else(|| pr.service.clone())?;
    instance.service(&id)
}

/// The front desk's received time of a request file in the work tree
/// (`diterima`, read in the institution's time zone).
pub fn received_of(instance: &Instance, path: &str) -> Option<chrono::DateTime<Utc>> {
    let config = instance.config.as_ref()?;
    let request = instance
        .requests
        .iter()
        .find(|r| r.file.path == path)
        .and_then(|r| r.request.as_ref())?;
    let text = &request.received.as_ref()?.value;
    crate::intake::parse_received(text, crate::intake::time_zone(config)?)
}
