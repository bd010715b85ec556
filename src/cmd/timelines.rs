//! What `loket status`, `loket build` and `loket serve` share: the
//! timelines of every request, from git history and an optional GitHub
//! snapshot, measured against "now".

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, Utc};
use rayon::prelude::*;

use crate::calendar::Calendar;
use crate::cmd::CmdError;
use crate::cmd::calendar::calendar_for;
use crate::diagnostic::Lang;
use crate::history;
use crate::load::{self, RequestName};
use crate::model::{Config, Service};
use crate::snapshot::{self, PullState, Snapshot};
use crate::timeline::{self, Sources, Subject, Timeline};

/// The calendar and every request's timeline, sorted by id.
#[derive(Debug)]
pub struct Assembled {
    /// The institution's working days.
    pub calendar: Calendar,
    /// One timeline per request (and per open pull request not yet on the branch).
    pub timelines: Vec<Timeline>,
}

/// Reads the calendar, the git history and the snapshot at `snapshot_path`,
/// and computes every timeline at `now`. `lap` is called after each phase
/// (`calendar`, `history`, `timelines`) for timing.
pub fn assemble(
    root: &Path,
    instance: &load::Instance,
    config: &Config,
    snapshot_path: Option<&Path>,
    now: DateTime<Utc>,
    lang: Lang,
    lap: &mut dyn FnMut(&str),
) -> Result<Assembled, CmdError> {
    let calendar = calendar_for(root, Some(config), lang)?;
    lap("calendar");
    let history = match history::read(root, "HEAD") {
        Ok(h) => Some(h),
        Err(e) => {
            eprintln!("warning: {e}");
            None
        }
    };
    lap("history");
    let snapshot = snapshot_path.map(|p| read_snapshot(root, p)).transpose()?;
    let services = instance.services_by_id();
    let subjects = subjects(instance, snapshot.as_ref(), &services);
    let roles: BTreeMap<String, Vec<String>> = config
        .officers
        .iter()
        .map(|o| {
            (
                o.github.as_str().to_string(),
                o.roles.iter().map(|r| r.to_string()).collect(),
            )
        })
        .collect();
    let sources = Sources {
        history: history.as_ref(),
        snapshot: snapshot.as_ref(),
        roles: &roles,
        calendar: &calendar,
        now,
    };
    let by_file = snapshot.as_ref().map(by_file).unwrap_or_default();
    let timelines: Vec<_> = subjects
        .par_iter()
        .map(|s| {
            let sources = Sources {
                snapshot: by_file.get(s.path.as_str()),
                ..sources
            };
            timeline::timeline(s, &sources)
        })
        .collect();
    lap("timelines");
    Ok(Assembled {
        calendar,
        timelines,
    })
}

/// The snapshot split by request file: each part holds the pull requests
/// that touch that file, so a timeline looks at its own pull requests
/// rather than scanning all of them (10,000 requests: 0.8 s → 10 ms).
fn by_file(snapshot: &Snapshot) -> BTreeMap<&str, Snapshot> {
    let mut shell = snapshot.clone();
    shell.pull_requests.clear();
    let mut out: BTreeMap<&str, Snapshot> = BTreeMap::new();
    for pr in &snapshot.pull_requests {
        let mut files: Vec<&str> = pr.files.iter().map(String::as_str).collect();
        files.sort_unstable();
        files.dedup();
        for file in files {
            out.entry(file)
                .or_insert_with(|| shell.clone())
                .pull_requests
                .push(pr.clone());
        }
    }
    out
}

/// Every request of the instance, then open pull requests whose file is
/// not on the branch yet, sorted by id.
fn subjects<'a>(
    instance: &load::Instance,
    snapshot: Option<&Snapshot>,
    services: &BTreeMap<&str, &'a Service>,
) -> Vec<Subject<'a>> {
    let mut out: Vec<Subject<'a>> = instance
        .requests
        .iter()
        .filter_map(|r| {
            let name = r.name.as_ref()?;
            let service = r
                .request
                .as_ref()
                .and_then(|q| services.get(q.service.as_str()).copied());
            Some(Subject {
                id: name.id,
                path: r.file.path.clone(),
                agency: name.agency.clone(),
                subdomain: name.subdomain.clone(),
                service,
            })
        })
        .collect();
    for pr in snapshot.iter().flat_map(|s| s.pull_requests.iter()) {
        if pr.state == PullState::Merged {
            continue;
        }
        for path in pr.files.iter().filter(|f| snapshot::is_request_file(f)) {
            if out.iter().any(|s| s.path == *path) {
                continue;
            }
            let Some(name) = RequestName::parse(path) else {
                continue;
            };
            out.push(Subject {
                id: name.id,
                path: path.clone(),
                agency: name.agency,
                subdomain: name.subdomain,
                service: pr.service.as_deref().and_then(|s| services.get(s).copied()),
            });
        }
    }
    out.sort_by(|a, b| (a.id, &a.path).cmp(&(b.id, &b.path)));
    out
}

fn read_snapshot(root: &Path, path: &Path) -> Result<Snapshot, CmdError> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| CmdError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let snap = snapshot::parse(&text, &shown).map_err(|e| CmdError::usage(e.to_string(), None))?;
    snapshot::check_files(&snap, &shown, |f| root.join(f).is_file())
        .map_err(|e| CmdError::usage(e.to_string(), None))?;
    Ok(snap)
}

/// The instance's configuration, or the error every command that needs it gives.
pub fn config(instance: &load::Instance) -> Result<&Config, CmdError> {
    instance.config.as_ref().ok_or_else(|| {
        CmdError::usage(
            "loket.yaml is broken",
            "run `loket check` to see what is wrong".to_string(),
        )
    })
}

/// "Now": `--now` (RFC 3339), else `SOURCE_DATE_EPOCH`, else the clock.
pub fn now(flag: Option<&str>) -> Result<DateTime<Utc>, CmdError> {
    if let Some(text) = flag {
        return DateTime::parse_from_rfc3339(text)
            .map(|t| t.with_timezone(&Utc))
            .map_err(|_| {
                CmdError::usage(
                    format!("--now `{text}` is not an RFC 3339 time"),
                    "e.g. 2026-11-23T10:00:00+08:00".to_string(),
                )
            });
    }
    Ok(std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| DateTime::from_timestamp(secs, 0))
        .unwrap_or_else(Utc::now))
}
