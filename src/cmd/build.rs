//! `loket build`: the public site into a directory; with `--pdf`, the
//! receipts and letters printed to PDF beside their pages.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use crate::cli::{BuildArgs, SiteArgs};
use crate::cmd::status::{Timings, configured, now, read_snapshot, timelines};
use crate::cmd::{CmdError, instance_root};
use crate::diagnostic::Lang;
use crate::load;
use crate::site::pdf::{self, Capture, Chromium, Previous, Printer};
use crate::site::reprint::MANIFEST;
use crate::site::templates::{self, Templates};
use crate::site::view::RequestFacts;
use crate::site::write::DirSink;
use crate::site::{self, Built, Inputs, Sink};
use crate::{skm, validate};

/// Runs `loket build`.
pub fn run(root: Option<&Path>, lang: Lang, args: BuildArgs) -> Result<ExitCode, CmdError> {
    let root = instance_root(root)?;
    let out = args.out.clone().unwrap_or_else(|| root.join("public"));
    let chromium = if args.pdf {
        Some(Chromium::find(
            args.chromium.as_deref(),
            std::env::var("LOKET_CHROMIUM").ok().as_deref(),
            std::env::var("PATH").ok().as_deref(),
        )?)
    } else {
        None
    };
    let sink = DirSink::new(&out)?;
    let started = Instant::now();
    let tty = std::io::stderr().is_terminal();
    let progress = |done: usize, total: usize| {
        if tty && started.elapsed() > Duration::from_secs(1) {
            eprint!("\r{done}/{total} halaman");
        }
    };
    let result = (|| -> Result<(usize, usize, usize), CmdError> {
        // With --pdf, the sink also keeps what Chromium needs to print.
        let capture = chromium.as_ref().map(|_| Capture::new(&sink));
        let target: &dyn Sink = match &capture {
            Some(capture) => capture,
            None => &sink,
        };
        let built = build_into(
            &root,
            lang,
            &args.site,
            args.base_url.as_deref(),
            capture.is_some(),
            target,
            &progress,
        )?;
        let Some((chromium, capture)) = chromium.as_ref().zip(capture) else {
            return Ok((built.files, 0, 0));
        };
        if tty && started.elapsed() > Duration::from_secs(1) {
            eprintln!();
        }
        let previous = Previous::read(&out);
        let printer = Printer {
            chromium,
            previous: &previous,
            date: pdf_date(
                std::env::var("SOURCE_DATE_EPOCH").ok().as_deref(),
                &args.site,
            )?,
            tabs: std::env::var("LOKET_PDF_TABS")
                .ok()
                .and_then(|t| t.trim().parse().ok())
                .unwrap_or(pdf::TABS),
        };
        let printed = pdf::print(
            capture.into_files(),
            &built.root,
            &built.printable,
            &printer,
        )?;
        for (path, bytes) in &printed.pdfs {
            sink.put(path, bytes)?;
        }
        sink.put(MANIFEST, &printed.manifest.to_json()?)?;
        let reused = printed.pdfs.len() - printed.printed;
        Ok((
            built.files + printed.pdfs.len() + 1,
            printed.pdfs.len(),
            reused,
        ))
    })();
    match result {
        Ok((files, pdfs, reused)) => {
            let out = sink.commit()?;
            if tty && started.elapsed() > Duration::from_secs(1) {
                eprintln!();
            }
            let pdfs = if pdfs > 0 {
                format!(", {pdfs} di antaranya PDF ({reused} dipakai lagi)")
            } else {
                String::new()
            };
            println!(
                "{files} berkas ditulis ke {}{pdfs} ({:.2} s)",
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

/// The date every printed PDF carries: `SOURCE_DATE_EPOCH` (`epoch`, in
/// seconds) when set, else the build's clock (`--now`, else now).
fn pdf_date(
    epoch: Option<&str>,
    site: &SiteArgs,
) -> Result<chrono::DateTime<chrono::Utc>, CmdError> {
    match epoch.map(str::trim).filter(|e| !e.is_empty()) {
        Some(e) => e
            .parse::<i64>()
            .ok()
            .and_then(|s| chrono::DateTime::from_timestamp(s, 0))
            .ok_or_else(|| {
                CmdError::usage(
                    format!("SOURCE_DATE_EPOCH={e} is not a number of seconds since 1970"),
                    Some("set it to e.g. $(git log -1 --format=%ct), or unset it".into()),
                )
            }),
        None => now(site.now.as_deref()),
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

/// Loads the instance at `root`, computes timelines, registry, findings
/// and survey answers, and builds the site into `sink`; with `pdf`, the
/// printable pages link the PDFs the caller will print.
pub fn build_into(
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
    let findings: std::collections::BTreeMap<&str, &[crate::diagnostic::Diagnostic]> = outcome
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
        base_url: base_url(config, base_url_flag),
        assets: read_assets(root)?,
        surveys,
        complaints,
        pdf,
        audit: args.audit.as_deref().map(read_audit).transpose()?,
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

/// A report of `loket audit --web --format json`.
pub fn read_audit(path: &Path) -> Result<crate::web::record::Record, CmdError> {
    let text = std::fs::read_to_string(path).map_err(|source| CmdError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    crate::web::record::Record::parse(&text).map_err(|e| {
        CmdError::usage(
            format!(
                "{}: not a report of `loket audit --web --format json`: {e}",
                path.display()
            ),
            None,
        )
    })
}
