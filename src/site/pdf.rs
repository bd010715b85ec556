//! Printing the receipts and letters to PDF with headless Chromium
//! (`--print-to-pdf`): the I/O edge of `loket build --pdf`. The pages and
//! the static files they use are served from memory on 127.0.0.1 under the
//! site's root path (so their root-relative stylesheet loads as on the real
//! site), and one Chromium process prints each page, as many at a time as
//! there are cores. Chromium runs without its sandbox (it only ever opens
//! these pages on loopback), with a fresh profile per worker, and gives up
//! on a page after [`PAGE_TIMEOUT`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::site::serve::Served;
use crate::site::{Sink, SiteError, printable};

/// How long one page may take to print.
pub const PAGE_TIMEOUT: Duration = Duration::from_secs(90);

/// Names tried on `PATH` when neither `--chromium` nor `LOKET_CHROMIUM` says.
pub const CANDIDATES: &[&str] = &[
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
];

/// Why the PDFs could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// No Chromium to print with.
    #[error("no Chromium found for --pdf (tried {tried})")]
    NoChromium {
        /// What was tried.
        tried: String,
    },
    /// The loopback server could not start.
    #[error("cannot serve the pages to Chromium: {0}")]
    Serve(String),
    /// Chromium failed on a page.
    #[error("Chromium could not print {page}: {reason}")]
    Failed {
        /// The page.
        page: String,
        /// What happened (exit status, the end of its error output).
        reason: String,
    },
    /// A temporary file could not be written or read.
    #[error("cannot use {path}: {source}")]
    Io {
        /// The path.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
}

/// A Chromium binary.
#[derive(Debug, Clone)]
pub struct Chromium(pub PathBuf);

impl Chromium {
    /// `flag`, else `LOKET_CHROMIUM` (`env`), else the first of
    /// [`CANDIDATES`] on `path` (the value of `PATH`).
    pub fn find(
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
pub struct Capture<'a> {
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
    pub fn new(inner: &'a dyn Sink) -> Capture<'a> {
        Capture {
            inner,
            kept: Mutex::new(BTreeMap::new()),
        }
    }

    /// The files kept, by site-relative path.
    pub fn into_files(self) -> BTreeMap<String, Vec<u8>> {
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

/// A directory removed when dropped.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Prints each of `pages` (site-relative, `permohonan/<id>/tanda-terima/`)
/// from `files` (as kept by [`Capture`]) under the site's `root` path, and
/// returns each PDF's site-relative path ([`printable::pdf_path`]) and bytes.
pub fn print(
    files: BTreeMap<String, Vec<u8>>,
    root: &str,
    pages: &[String],
    chromium: &Chromium,
) -> Result<Vec<(String, Vec<u8>)>, PdfError> {
    if pages.is_empty() {
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
    let work = TempDir(std::env::temp_dir().join(format!("loket-pdf-{}", std::process::id())));
    let _ = std::fs::remove_dir_all(&work.0);
    std::fs::create_dir_all(&work.0).map_err(|source| PdfError::Io {
        path: work.0.display().to_string(),
        source,
    })?;
    let workers = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(pages.len());
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(String, Vec<u8>)>> = Mutex::new(Vec::new());
    let failure: Mutex<Option<PdfError>> = Mutex::new(None);
    std::thread::scope(|scope| {
        for worker in 0..workers {
            let (next, results, failure, work) = (&next, &results, &failure, &work.0);
            scope.spawn(move || {
                let profile = work.join(format!("profil-{worker}"));
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    if i >= pages.len() || failure.lock().is_ok_and(|f| f.is_some()) {
                        break;
                    }
                    let page = &pages[i];
                    let url = format!("http://127.0.0.1:{port}{root}{page}");
                    match print_one(chromium, &url, &profile, page) {
                        Ok(bytes) => {
                            if let Ok(mut r) = results.lock() {
                                r.push((printable::pdf_path(page), bytes));
                            }
                        }
                        Err(e) => {
                            if let Ok(mut f) = failure.lock() {
                                f.get_or_insert(e);
                            }
                            break;
                        }
                    }
                }
            });
        }
    });
    server.unblock();
    let _ = serving.join();
    if let Some(e) = failure.into_inner().ok().flatten() {
        return Err(e);
    }
    let mut out = results.into_inner().unwrap_or_default();
    out.sort();
    Ok(out)
}

/// One Chromium process printing `url`; the PDF's bytes.
fn print_one(
    chromium: &Chromium,
    url: &str,
    profile: &Path,
    page: &str,
) -> Result<Vec<u8>, PdfError> {
    let io = |path: &Path| {
        let path = path.display().to_string();
        move |source| PdfError::Io { path, source }
    };
    std::fs::create_dir_all(profile).map_err(io(profile))?;
    let pdf = profile.join("halaman.pdf");
    let _ = std::fs::remove_file(&pdf);
    let log = profile.join("chromium.log");
    let stderr = std::fs::File::create(&log).map_err(io(&log))?;
    let mut child = Command::new(&chromium.0)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-extensions",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--no-default-browser-check",
            "--hide-scrollbars",
            "--run-all-compositor-stages-before-draw",
            // Without the date, title and address Chromium prints by default
            // (the first is today's name of the flag, the second the old one).
            "--no-pdf-header-footer",
            "--print-to-pdf-no-header",
        ])
        .arg(format!(
            "--user-data-dir={}",
            profile.join("data").display()
        ))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(stderr)
        .spawn()
        .map_err(|e| PdfError::Failed {
            page: page.to_string(),
            reason: format!("cannot start {}: {e}", chromium.0.display()),
        })?;
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > PAGE_TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(PdfError::Failed {
                    page: page.to_string(),
                    reason: format!("no PDF within {} s", PAGE_TIMEOUT.as_secs()),
                });
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => {
                return Err(PdfError::Failed {
                    page: page.to_string(),
                    reason: e.to_string(),
                });
            }
        }
    };
    let bytes = std::fs::read(&pdf).unwrap_or_default();
    if !status.success() || !bytes.starts_with(b"%PDF") {
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        let tail: Vec<&str> = text.lines().rev().take(5).collect();
        return Err(PdfError::Failed {
            page: page.to_string(),
            reason: format!(
                "{status}: {}",
                tail.into_iter().rev().collect::<Vec<_>>().join(" / ")
            ),
        });
    }
    Ok(bytes)
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
