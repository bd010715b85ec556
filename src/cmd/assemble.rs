//! What `loket build` and `loket serve` both do: gather the site's inputs
//! from the instance (timelines, the merged registry, findings, survey
//! answers, complaints, the web audit and its history, static files) and
//! build the site into a sink.

use std::path::{Path, PathBuf};

use crate::cli::SiteArgs;
use crate::cmd::CmdError;
use crate::cmd::workspace::{Timings, configured, now, read_snapshot, timelines};
use crate::input::diagnostic::Lang;
use crate::input::load;
use crate::site::templates::{self, Templates};
use crate::site::view::RequestFacts;
use crate::site::{self, Built, Inputs, Sink};
use crate::{skm, validate};

/// Loads the instance at `root`, computes timelines, registry, findings
/// and survey answers, and builds the site into `sink`; with `pdf`, the
/// printable pages link the PDFs the caller will print.
pub(super) fn build_into(
    root: &Path,
    lang: Lang,
    args: &SiteArgs,
    base_url_flag: Option<&str>,
    pdf: bool,
    sink: &dyn Sink,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Built, CmdError> {
    let mut timings = Timings::from_env();
    let mut instance = load::load(root)?;
    timings.lap("load");
    let now = now(args.now)?;
    let snapshot = args
        .snapshot
        .as_deref()
        .map(|p| read_snapshot(root, p))
        .transpose()?;
    let (timelines, calendar) = timelines(
        root,
        &instance,
        configured(&instance)?,
        snapshot.as_ref(),
        now,
        lang,
        &mut timings,
    )?;
    // The order of every request covers that of the merged ones: the
    // requests they contest among themselves they contest among all.
    let order = crate::cmd::merge_order(root, "HEAD", &instance)?;
    timings.lap("order");
    let options = validate::Options {
        today: calendar.local_date(now),
        author: None,
        changed: Vec::new(),
        pending: Vec::new(),
        order,
    };
    let fold = merged_registrations(&mut instance, &timelines, &options);
    let config = configured(&instance)?;
    let outcome = validate::check(&instance, &options);
    timings.lap("check");
    let by_path: std::collections::BTreeMap<&str, usize> = instance
        .requests
        .iter()
        .enumerate()
        .map(|(i, r)| (r.file.path.as_str(), i))
        .collect();
    let findings: std::collections::BTreeMap<&str, &[crate::input::diagnostic::Diagnostic]> =
        outcome
            .requests
            .iter()
            .map(|r| (r.path.as_str(), r.diagnostics.as_slice()))
            .collect();
    let requests: Vec<RequestFacts<'_>> = site::published(&timelines)
        .into_iter()
        .map(|t| RequestFacts {
            timeline: t,
            loaded: by_path.get(t.path.as_str()).map(|i| &instance.requests[*i]),
            findings: findings.get(t.path.as_str()).copied().unwrap_or(&[]),
        })
        .collect();
    let surveys = snapshot.as_ref().map_or_else(skm::Counted::default, |s| {
        skm::responses(
            &s.surveys,
            |id| {
                requests
                    .iter()
                    .find(|f| f.timeline.id == id)
                    .map(|f| skm::Target::of(f.timeline))
            },
            config,
            |at| calendar.local_date(at),
        )
    });
    let complaints =
        crate::complaint::all_timelines(&instance, snapshot.as_ref(), config, &calendar, now);
    let inputs = Inputs {
        config,
        services: instance
            .services
            .iter()
            .filter_map(|s| s.service.as_ref().map(|v| (v, s.body.as_str())))
            .collect(),
        requests,
        registrations: &fold.registrations,
        calendar: &calendar,
        now,
        base_url: crate::site::address::base_url(config, base_url_flag),
        assets: read_assets(root)?,
        surveys,
        complaints,
        pdf,
        audit: args
            .audit
            .as_deref()
            .map(crate::cmd::workspace::read_audit)
            .transpose()?,
        audit_history: args
            .audit_history
            .as_deref()
            .map(crate::cmd::workspace::read_audit_history)
            .transpose()?,
    };
    let sources = templates::sources_with_overrides(&root.join(templates::OVERRIDE_DIR))?;
    let templates = Templates::compile(&sources)?;
    timings.lap("templates");
    let built = site::build(&inputs, &templates, sink, progress)?;
    timings.lap("render and write");
    Ok(built)
}

/// The registry folded from the requests that are merged (their timeline
/// says `disetujui` or `selesai`): a request still open, refused or
/// withdrawn registers nothing, even when its file is in the tree.
fn merged_registrations(
    instance: &mut load::Instance,
    timelines: &[crate::review::timeline::Timeline],
    options: &validate::Options,
) -> validate::registry::Fold {
    use crate::review::timeline::Status;
    let merged: std::collections::BTreeSet<&str> = timelines
        .iter()
        .filter(|t| matches!(t.status, Status::Disetujui | Status::Selesai))
        .map(|t| t.path.as_str())
        .collect();
    let all = std::mem::take(&mut instance.requests);
    let (kept, rest): (Vec<_>, Vec<_>) = all
        .into_iter()
        .partition(|r| merged.contains(r.file.path.as_str()));
    instance.requests = kept;
    let fold = validate::registrations(instance, options);
    instance.requests.extend(rest);
    instance
        .requests
        .sort_by(|a, b| a.file.path.cmp(&b.file.path));
    fold
}

/// The largest static file copied (16 MiB).
const MAX_ASSET_BYTES: u64 = 16 << 20;

/// The files under `site/static/`, without following symbolic links.
fn read_assets(root: &Path) -> Result<Vec<(String, Vec<u8>)>, CmdError> {
    let dir: PathBuf = root.join("site/static");
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        let entry = entry.map_err(|e| CmdError::Read {
            path: dir.clone(),
            source: e
                .into_io_error()
                .unwrap_or_else(|| std::io::Error::other("loop")),
        })?;
        let meta = entry.metadata().map_err(|e| CmdError::Read {
            path: entry.path().to_path_buf(),
            source: e
                .into_io_error()
                .unwrap_or_else(|| std::io::Error::other("metadata")),
        })?;
        if !entry.file_type().is_file() || meta.len() > MAX_ASSET_BYTES {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(&dir)
            .unwrap_or(entry.path())
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let bytes = std::fs::read(entry.path()).map_err(|source| CmdError::Read {
            path: entry.path().to_path_buf(),
            source,
        })?;
        out.push((rel, bytes));
    }
    Ok(out)
}
