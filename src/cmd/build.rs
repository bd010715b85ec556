//! `loket build`: the public site into a directory.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use crate::cli::{BuildArgs, SiteArgs};
use crate::cmd::status::{Timings, configured, now, read_snapshot, timelines};
use crate::cmd::{CmdError, instance_root};
use crate::diagnostic::Lang;
use crate::load;
use crate::site::templates::{self, Templates};
use crate::site::view::RequestFacts;
use crate::site::write::DirSink;
use crate::site::{self, Inputs, Sink, SiteError};
use crate::validate;

impl From<SiteError> for CmdError {
    fn from(e: SiteError) -> Self {
        CmdError::usage(e.to_string(), None)
    }
}

/// Runs `loket build`.
pub fn run(root: Option<&Path>, lang: Lang, args: BuildArgs) -> Result<ExitCode, CmdError> {
    let root = instance_root(root)?;
    let out = args.out.clone().unwrap_or_else(|| root.join("public"));
    let sink = DirSink::new(&out)?;
    let started = Instant::now();
    let tty = std::io::stderr().is_terminal();
    let progress = |done: usize, total: usize| {
        if tty && started.elapsed() > Duration::from_secs(1) {
            eprint!("\r{done}/{total} halaman");
        }
    };
    match build_into(
        &root,
        lang,
        &args.site,
        args.base_url.as_deref(),
        &sink,
        &progress,
    ) {
        Ok(files) => {
            let out = sink.commit()?;
            if tty && started.elapsed() > Duration::from_secs(1) {
                eprintln!();
            }
            println!(
                "{files} berkas ditulis ke {} ({:.2} s)",
                out.display(),
                started.elapsed().as_secs_f64()
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            sink.abandon();
            Err(e)
        }
    }
}

/// The site's address, ending in `/`: `flag` (`--base-url`) when given,
/// else GitHub Pages of the instance's repository, else
/// `https://loket.<domain>/`.
pub fn base_url(config: &crate::model::Config, flag: Option<&str>) -> String {
    flag.map_or_else(|| default_base_url(config), normalise)
}

fn default_base_url(config: &crate::model::Config) -> String {
    match config
        .institution
        .repository
        .as_ref()
        .and_then(|r| r.value.split_once('/'))
    {
        Some((owner, name)) => format!("https://{}.github.io/{name}/", owner.to_lowercase()),
        None => format!("https://loket.{}/", config.institution.domain.value),
    }
}

/// Loads the instance at `root`, computes timelines, registry and
/// findings, and builds the site into `sink`. Returns the number of files.
pub fn build_into(
    root: &Path,
    lang: Lang,
    args: &SiteArgs,
    base_url_flag: Option<&str>,
    sink: &dyn Sink,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<usize, CmdError> {
    let mut timings = Timings::from_env();
    let mut instance = load::load(root)?;
    timings.lap("load");
    let now = now(args.now.as_deref())?;
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
    let options = validate::Options {
        today: calendar.local_date(now),
        author: None,
        changed: Vec::new(),
        pending: Vec::new(),
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
    let findings: std::collections::BTreeMap<&str, &[crate::diagnostic::Diagnostic]> = outcome
        .requests
        .iter()
        .map(|r| (r.path.as_str(), r.diagnostics.as_slice()))
        .collect();
    let mut seen = std::collections::BTreeSet::new();
    let requests: Vec<RequestFacts<'_>> = timelines
        .iter()
        .filter(|t| seen.insert(t.id.clone()))
        .map(|t| RequestFacts {
            timeline: t,
            loaded: by_path.get(t.path.as_str()).map(|i| &instance.requests[*i]),
            findings: findings.get(t.path.as_str()).copied().unwrap_or(&[]),
        })
        .collect();
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
        base_url: base_url(config, base_url_flag),
        assets: read_assets(root)?,
    };
    let sources = templates::sources_with_overrides(&root.join(templates::OVERRIDE_DIR))?;
    let templates = Templates::compile(&sources)?;
    timings.lap("templates");
    let files = site::build(&inputs, &templates, sink, progress)?;
    timings.lap("render and write");
    Ok(files)
}

/// The registry folded from the requests that are merged (their timeline
/// says `disetujui` or `selesai`): a request still open, refused or
/// withdrawn registers nothing, even when its file is in the tree.
fn merged_registrations(
    instance: &mut load::Instance,
    timelines: &[crate::timeline::Timeline],
    options: &validate::Options,
) -> validate::registry::Fold {
    use crate::timeline::Status;
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

fn normalise(url: &str) -> String {
    if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    }
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
        let entry = entry.map_err(|e| CmdError::Io {
            path: dir.clone(),
            source: e
                .into_io_error()
                .unwrap_or_else(|| std::io::Error::other("loop")),
        })?;
        let meta = entry.metadata().map_err(|e| CmdError::Io {
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
        let bytes = std::fs::read(entry.path()).map_err(|source| CmdError::Io {
            path: entry.path().to_path_buf(),
            source,
        })?;
        out.push((rel, bytes));
    }
    Ok(out)
}
