//! What `loket build` and `loket serve` both do: read the site's inputs
//! (the instance, the snapshot, timelines, the merge order, the web audit
//! and its history, static files, templates), gather them with
//! [`crate::site::inputs`] and build the site into a sink.

use std::path::{Path, PathBuf};

use crate::cli::SiteArgs;
use crate::cmd::CmdError;
use crate::cmd::workspace::{Timings, configured, merge_order, now, read_snapshot, timelines};
use crate::input::diagnostic::Lang;
use crate::input::load;
use crate::site::templates::{self, Templates};
use crate::site::{self, Built, Inputs, Sink, inputs};
use crate::validate;

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
    let order = merge_order(root, "HEAD", &instance, lang)?;
    timings.lap("order");
    let options = validate::Options {
        today: calendar.local_date(now),
        author: None,
        changed: Vec::new(),
        pending: Vec::new(),
        order,
    };
    let fold = inputs::merged_registrations(&mut instance, &timelines, &options);
    let config = configured(&instance)?;
    let outcome = validate::check(&instance, &options);
    timings.lap("check");
    let requests = inputs::request_facts(&instance, &timelines, &outcome);
    let surveys = inputs::surveys(snapshot.as_ref(), &requests, config, &calendar);
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
