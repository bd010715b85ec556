//! Printing the receipts and letters to PDF with headless Chromium: the
//! I/O edge of `loket build --pdf`. Each PDF is keyed by the content it is
//! printed from ([`reprint`]); one whose key is unchanged since the previous
//! output (its manifest says so and its bytes still hash as recorded) is
//! reused as it is. The rest are printed by one long-lived Chromium driven
//! over the DevTools protocol ([`devtools`](crate::site::devtools)), [`TABS`] tabs at a time, from
//! pages served from memory on 127.0.0.1 under the site's root path (so
//! their root-relative stylesheet loads as on the real site), then stamped
//! with a fixed date and ID ([`stamp`]) so that the same input gives the
//! same bytes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use crate::progress::Progress;
use crate::site::devtools::Browser;
use crate::site::reprint::{self, MANIFEST, Manifest};
use crate::site::serve::Served;
use crate::site::{Sink, SiteError, printable, stamp};

/// Names tried on `PATH` when neither `--chromium` nor `LOKET_CHROMIUM` says.
pub(crate) const CANDIDATES: &[&str] = &[
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
];

/// Why the PDFs could not be made.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[diagnostic(code(loket::pdf))]
pub enum PdfError {
    /// No Chromium to print with.
    #[error("no Chromium found for --pdf (tried {tried})")]
    #[diagnostic(help(
        "install Chromium (Debian: apt-get install chromium) or name it with --chromium FILE"
    ))]
    NoChromium {
        /// What was tried.
        tried: String,
    },
    /// Chromium did not start or could not open a tab.
    #[error("Chromium could not print: it did not start ({0})")]
    #[diagnostic(help("build without --pdf to publish the pages alone"))]
    Start(String),
    /// The loopback server could not start.
    #[error("cannot serve the pages to Chromium: {0}")]
    #[diagnostic(help("build without --pdf to publish the pages alone"))]
    Serve(String),
    /// Chromium failed on a page.
    #[error("Chromium could not print {page}: {reason}")]
    #[diagnostic(help("build without --pdf to publish the pages alone"))]
    Failed {
        /// The page.
        page: String,
        /// What happened (exit status, the end of its error output).
        reason: String,
    },
    /// A temporary file could not be written or read.
    #[error("cannot use {path}: {source}")]
    #[diagnostic(help("build without --pdf to publish the pages alone"))]
    Io {
        /// The path.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
}

/// A Chromium binary.
#[derive(Debug, Clone)]
pub(crate) struct Chromium(pub PathBuf);

impl Chromium {
    /// `flag`, else `LOKET_CHROMIUM` (`env`), else the first of
    /// [`CANDIDATES`] on `path` (the value of `PATH`).
    pub(crate) fn find(
        flag: Option<&Path>,
        env: Option<&str>,
        path: Option<&str>,
    ) -> Result<Chromium, PdfError> {
        if let Some(given) = flag.map(Path::to_path_buf).or_else(|| {
            env.filter(|e| !e.trim().is_empty())
                .map(|e| PathBuf::from(e.trim()))
        }) {
            return if given.is_file() {
                Ok(Chromium(given))
            } else {
                Err(PdfError::NoChromium {
                    tried: given.display().to_string(),
                })
            };
        }
        let dirs: Vec<PathBuf> = std::env::split_paths(path.unwrap_or_default()).collect();
        CANDIDATES
            .iter()
            .flat_map(|name| dirs.iter().map(move |d| d.join(name)))
            .find(|p| p.is_file())
            .map(Chromium)
            .ok_or_else(|| PdfError::NoChromium {
                tried: CANDIDATES.join(", "),
            })
    }
}

/// A sink that hands every file on and keeps, in memory, those Chromium
/// needs to print: the Indonesian printable pages and the static files.
pub(crate) struct Capture<'a> {
    inner: &'a dyn Sink,
    kept: Mutex<BTreeMap<String, Vec<u8>>>,
}

impl std::fmt::Debug for Capture<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Capture")
    }
}

impl<'a> Capture<'a> {
    /// Wraps `inner`.
    pub(crate) fn new(inner: &'a dyn Sink) -> Capture<'a> {
        Capture {
            inner,
            kept: Mutex::new(BTreeMap::new()),
        }
    }

    /// The files kept, by site-relative path.
    pub(crate) fn into_files(self) -> BTreeMap<String, Vec<u8>> {
        self.kept.into_inner().unwrap_or_default()
    }

    fn wanted(path: &str) -> bool {
        path.starts_with("static/")
            || path == "favicon.svg"
            || (path.starts_with("permohonan/")
                && (path.ends_with("/tanda-terima/index.html")
                    || path.ends_with("/surat/index.html")))
    }
}

impl Sink for Capture<'_> {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), SiteError> {
        if Capture::wanted(path)
            && let Ok(mut kept) = self.kept.lock()
        {
            kept.insert(path.to_string(), bytes.to_vec());
        }
        self.inner.put(path, bytes)
    }
}

/// How many tabs print at once unless `LOKET_PDF_TABS` says (measured in
/// the README: on 2 cores, more tabs stop paying off).
pub(crate) const TABS: usize = 4;

/// A directory removed when dropped.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The previous output's PDFs, which a build may reuse.
#[derive(Debug, Default)]
pub(crate) struct Previous {
    dir: Option<PathBuf>,
    manifest: Manifest,
}

impl Previous {
    /// The PDFs of the site at `out` (none when it has no manifest).
    pub(crate) fn read(out: &Path) -> Previous {
        match std::fs::read(out.join(MANIFEST)) {
            Ok(bytes) => Previous {
                dir: Some(out.to_path_buf()),
                manifest: Manifest::parse(&bytes),
            },
            Err(_) => Previous::default(),
        }
    }

    /// The file of the PDF at `path` when it was printed for `key` and its
    /// bytes still hash as recorded (read in pieces, never held whole).
    fn reuse(&self, path: &str, key: &str) -> Option<PathBuf> {
        if !self.manifest.printed_for(path, key) {
            return None;
        }
        let file = self.dir.as_ref()?.join(path);
        let sha256 = reprint::sha256_file(&file).ok()?;
        self.manifest.intact_as(path, &sha256).then_some(file)
    }
}

/// One PDF of the site.
#[derive(Debug)]
pub(crate) enum Pdf {
    /// Printed by this build.
    Printed(Vec<u8>),
    /// The previous output's file, checked and reused as it is.
    Reused(PathBuf),
}

/// What printing gave.
#[derive(Debug)]
pub(crate) struct Printed {
    /// Every PDF's site-relative path, reused or printed.
    pub pdfs: Vec<(String, Pdf)>,
    /// How many were printed (the rest were reused).
    pub printed: usize,
    /// The manifest to write at [`MANIFEST`].
    pub manifest: Manifest,
}

impl Printed {
    /// Stores every PDF in `sink`, printed or reused.
    pub(crate) fn put_into(&self, sink: &dyn Sink) -> Result<(), SiteError> {
        for (path, pdf) in &self.pdfs {
            match pdf {
                Pdf::Printed(bytes) => sink.put(path, bytes)?,
                Pdf::Reused(file) => sink.put_file(path, file)?,
            }
        }
        Ok(())
    }
}

/// How to print.
#[derive(Debug)]
pub(crate) struct Printer<'a> {
    /// The Chromium.
    pub chromium: &'a Chromium,
    /// The PDFs that may be reused.
    pub previous: &'a Previous,
    /// The date every PDF carries.
    pub date: DateTime<Utc>,
    /// Tabs printing at once.
    pub tabs: usize,
}

/// The PDF of each of `pages` (site-relative, `permohonan/<id>/surat/`),
/// from `files` (as kept by [`Capture`]) under the site's `root` path:
/// reused when unchanged, else printed.
pub(crate) fn print(
    files: BTreeMap<String, Vec<u8>>,
    root: &str,
    pages: &[String],
    printer: &Printer<'_>,
) -> Result<Printed, PdfError> {
    let shared = reprint::shared_key(
        root,
        files
            .iter()
            .filter(|(path, _)| !path.ends_with(".html"))
            .map(|(path, bytes)| (path.as_str(), bytes.as_slice())),
    );
    let mut pdfs = Vec::new();
    let mut manifest = Manifest::default();
    let mut wanted = Vec::new();
    for page in pages {
        let html = files
            .get(&format!("{page}index.html"))
            .map_or(&[][..], Vec::as_slice);
        let key = reprint::key(&shared, page, html);
        let path = printable::pdf_path(page);
        match printer.previous.reuse(&path, &key) {
            Some(file) => {
                manifest.carry(&path, &printer.previous.manifest);
                pdfs.push((path, Pdf::Reused(file)));
            }
            None => wanted.push((page.as_str(), key)),
        }
    }
    let printed = print_fresh(files, root, &wanted, printer)?;
    let count = printed.len();
    for ((path, bytes), (_, key)) in printed.into_iter().zip(&wanted) {
        manifest.record(&path, key, &bytes);
        pdfs.push((path, Pdf::Printed(bytes)));
    }
    pdfs.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(Printed {
        pdfs,
        printed: count,
        manifest,
    })
}

/// Prints `wanted` (page, key) through one Chromium; the PDFs in the same
/// order.
fn print_fresh(
    files: BTreeMap<String, Vec<u8>>,
    root: &str,
    wanted: &[(&str, String)],
    printer: &Printer<'_>,
) -> Result<Vec<(String, Vec<u8>)>, PdfError> {
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    let prefix = root.trim_start_matches('/');
    let served = Arc::new(Served::without_reload());
    served.replace(
        files
            .into_iter()
            .map(|(path, bytes)| (format!("{prefix}{path}"), bytes))
            .collect(),
    );
    let server = Arc::new(
        tiny_http::Server::http(("127.0.0.1", 0)).map_err(|e| PdfError::Serve(e.to_string()))?,
    );
    let port = server
        .server_addr()
        .to_ip()
        .map(|a| a.port())
        .ok_or_else(|| PdfError::Serve("no port".into()))?;
    let serving = {
        let (server, served) = (Arc::clone(&server), Arc::clone(&served));
        std::thread::spawn(move || crate::site::serve::run(&server, &served))
    };
    let result = print_served(port, root, wanted, printer);
    server.unblock();
    let _ = serving.join();
    result
}

fn print_served(
    port: u16,
    root: &str,
    wanted: &[(&str, String)],
    printer: &Printer<'_>,
) -> Result<Vec<(String, Vec<u8>)>, PdfError> {
    let work = TempDir(std::env::temp_dir().join(format!("loket-pdf-{}", std::process::id())));
    let _ = std::fs::remove_dir_all(&work.0);
    let phases = Phases::default();
    let started = Instant::now();
    let browser = Browser::start(&printer.chromium.0, &work.0.join("chromium"))
        .map_err(|e| PdfError::Start(e.to_string()))?;
    Phases::add(&phases.start, started);
    let progress = Progress::stderr("mencetak PDF", wanted.len() as u64);
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Vec<u8>>>> = Mutex::new(vec![None; wanted.len()]);
    // Every failure with the index of its page (none for a tab that did
    // not open): when Chromium dies, each page in print fails with it.
    let failure: Mutex<Vec<(Option<usize>, PdfError)>> = Mutex::new(Vec::new());
    let fail = |i: Option<usize>, e: PdfError| {
        if let Ok(mut f) = failure.lock() {
            f.push((i, e));
        }
    };
    std::thread::scope(|scope| {
        for _ in 0..printer.tabs.clamp(1, wanted.len()) {
            let (browser, next, results, failure, progress, fail, phases) = (
                &browser, &next, &results, &failure, &progress, &fail, &phases,
            );
            scope.spawn(move || {
                let opened = Instant::now();
                let tab = browser.tab();
                Phases::add(&phases.tab, opened);
                let tab = match tab {
                    Ok(tab) => tab,
                    Err(e) => return fail(None, PdfError::Start(e.to_string())),
                };
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    if i >= wanted.len() || failure.lock().is_ok_and(|f| !f.is_empty()) {
                        break;
                    }
                    let (page, key) = &wanted[i];
                    let url = format!("http://127.0.0.1:{port}{root}{page}");
                    let loading = Instant::now();
                    let printed = tab.open(&url).and_then(|()| {
                        let printing = Phases::add(&phases.load, loading);
                        let bytes = tab.pdf();
                        Phases::add(&phases.print, printing);
                        bytes
                    });
                    match printed {
                        Ok(mut bytes) if bytes.starts_with(b"%PDF") => {
                            let stamping = Instant::now();
                            stamp::stamp(&mut bytes, printer.date, key);
                            Phases::add(&phases.stamp, stamping);
                            if let Ok(mut r) = results.lock() {
                                r[i] = Some(bytes);
                            }
                            progress.add(1);
                        }
                        Ok(_) => {
                            return fail(
                                Some(i),
                                PdfError::Failed {
                                    page: page.to_string(),
                                    reason: "what came back is not a PDF".into(),
                                },
                            );
                        }
                        Err(e) => {
                            return fail(
                                Some(i),
                                PdfError::Failed {
                                    page: page.to_string(),
                                    reason: e.to_string(),
                                },
                            );
                        }
                    }
                }
            });
        }
    });
    progress.finish();
    let closing = Instant::now();
    drop(browser);
    Phases::add(&phases.stop, closing);
    if std::env::var_os("LOKET_TIMINGS").is_some() {
        phases.report(wanted.len(), printer.tabs, started.elapsed());
    }
    if let Some(e) = first_failure(failure.into_inner().unwrap_or_default()) {
        return Err(e);
    }
    let results = results.into_inner().unwrap_or_default();
    wanted
        .iter()
        .zip(results)
        .map(|((page, _), bytes)| {
            bytes
                .map(|b| (printable::pdf_path(page), b))
                .ok_or_else(|| PdfError::Failed {
                    page: page.to_string(),
                    reason: "no PDF came back".into(),
                })
        })
        .collect()
}

/// Where printing spends its time (`LOKET_TIMINGS`, for
/// `scripts/bench-site --pdf`): nanoseconds summed over the tabs.
#[derive(Default)]
struct Phases {
    start: AtomicU64,
    tab: AtomicU64,
    load: AtomicU64,
    print: AtomicU64,
    stamp: AtomicU64,
    stop: AtomicU64,
}

impl Phases {
    /// Adds the time since `since` to `phase`; now, to time the next.
    fn add(phase: &AtomicU64, since: Instant) -> Instant {
        let now = Instant::now();
        let nanos = u64::try_from(now.duration_since(since).as_nanos()).unwrap_or(u64::MAX);
        phase.fetch_add(nanos, Ordering::Relaxed);
        now
    }

    /// `timing pdf <phase> <ms>` lines on standard error.
    fn report(&self, pages: usize, tabs: usize, wall: Duration) {
        let ms = |a: &AtomicU64| a.load(Ordering::Relaxed) as f64 / 1e6;
        eprintln!(
            "timing pdf wall {:.1} ms ({pages} pages, {tabs} tabs)",
            wall.as_secs_f64() * 1000.0
        );
        for (phase, a) in [
            ("chromium-start", &self.start),
            ("tab-open (sum)", &self.tab),
            ("page-load (sum)", &self.load),
            ("print-to-pdf (sum)", &self.print),
            ("stamp (sum)", &self.stamp),
            ("chromium-stop", &self.stop),
        ] {
            eprintln!("timing pdf {phase} {:.1} ms", ms(a));
        }
    }
}

/// The failure to report: a page's (the first in order) before a tab's,
/// naming the other pages that failed with it.
fn first_failure(mut all: Vec<(Option<usize>, PdfError)>) -> Option<PdfError> {
    all.sort_by_key(|(i, _)| i.map_or(usize::MAX, |i| i));
    let mut all = all.into_iter();
    let (_, first) = all.next()?;
    let others: Vec<String> = all
        .filter_map(|(_, e)| match e {
            PdfError::Failed { page, .. } => Some(page),
            _ => None,
        })
        .collect();
    Some(match first {
        PdfError::Failed { page, reason } if !others.is_empty() => PdfError::Failed {
            page,
            reason: format!(
                "{reason}; in print at the same time, also failed: {}",
                others.join(", ")
            ),
        },
        e => e,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_printable_pages_and_static_files_are_kept() {
        for yes in [
            "static/loket.css",
            "favicon.svg",
            "permohonan/2026-0001/tanda-terima/index.html",
            "permohonan/2026-0001/surat/index.html",
        ] {
            assert!(Capture::wanted(yes), "{yes}");
        }
        for no in [
            "index.html",
            "permohonan/2026-0001/index.html",
            "en/permohonan/2026-0001/tanda-terima/index.html",
        ] {
            assert!(!Capture::wanted(no), "{no}");
        }
    }

    #[test]
    fn a_named_chromium_must_exist() {
        let e = Chromium::find(Some(Path::new("/tidak/ada/chromium")), None, None);
        assert!(matches!(e, Err(PdfError::NoChromium { .. })));
        let e = Chromium::find(None, None, Some("/tidak/ada"));
        assert!(matches!(e, Err(PdfError::NoChromium { .. })));
    }
}
