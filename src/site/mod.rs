//! The public site: `loket build` and `loket serve`.
//!
//! [`build`] is pure apart from its [`Sink`]: it takes the loaded instance,
//! the timelines, the registry and the check findings ([`Inputs`]), builds
//! one small view per page ([`view`]), renders it with tera
//! ([`templates`]) and hands every file to the sink, which writes a
//! directory ([`write`]) or keeps the site in memory ([`serve`]). Pages
//! render in parallel; each page's work is proportional to that page.
//! The request lists and their filters live in `lists`, the Ajukan form's
//! view in `apply`, the JSON files, feeds and sitemap in `data`, tracking
//! (the Lacak box, per-year lists, status help) in [`track`], receipts and
//! letters in [`printable`]; [`pdf`] prints those to PDF with Chromium (an
//! I/O edge, used by `loket build --pdf`) driven through [`devtools`],
//! reusing unchanged PDFs ([`reprint`]) and stamping the rest ([`stamp`]).

pub(crate) mod address;
mod apply;
pub(crate) mod chart;
mod data;
pub(crate) mod devtools;
pub(crate) mod i18n;
pub(crate) mod inputs;
mod lists;
pub(crate) mod markdown;
mod pages;
pub(crate) mod pdf;
pub(crate) mod printable;
pub(crate) mod reprint;
pub(crate) mod serve;
pub(crate) mod stamp;
pub(crate) mod stats;
pub(crate) mod svg;
pub(crate) mod templates;
pub(crate) mod track;
pub(crate) mod view;
pub(crate) mod write;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::{DateTime, Utc};
use rayon::prelude::*;
use serde::Serialize;
use serde_json::Value;

use crate::input::diagnostic::Lang;
use crate::letter::Letter;
use crate::model::config::Reason;
use crate::model::{Config, Service};
use crate::review::calendar::Calendar;
use crate::review::timeline::{EventKind, Timeline};
use crate::site::i18n::Words;
use crate::site::pages::Page;
use crate::site::templates::Templates;
use crate::site::view::{Names, RequestFacts, Row};
use crate::validate::registry::Registration;

/// Rows per page of the request lists.
pub(crate) const PER_PAGE: usize = 50;

/// Why the site could not be built.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum SiteError {
    /// A template did not parse or render.
    #[error("template error: {0}")]
    #[diagnostic(
        code(loket::template),
        help("the message names the template; a syntax error also gives its line and column")
    )]
    Template(String),
    /// A file (an instance's own template) could not be read.
    #[error("cannot read {path}: {source}")]
    #[diagnostic(code(loket::io))]
    Read {
        /// The path.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// A file could not be written.
    #[error("cannot write {path}: {source}")]
    #[diagnostic(code(loket::io))]
    Io {
        /// The path.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
}

impl SiteError {
    /// A tera error with its whole chain of causes (template name, line).
    pub fn template(e: &tera::Error) -> SiteError {
        let mut text = e.to_string();
        let mut source = std::error::Error::source(e);
        while let Some(cause) = source {
            text.push_str(": ");
            text.push_str(cause.to_string().trim());
            source = cause.source();
        }
        SiteError::Template(text)
    }
}

/// Where built files go.
pub(crate) trait Sink: Sync {
    /// Stores `bytes` at the site-relative `path` (`layanan/x/index.html`).
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), SiteError>;

    /// Stores the file `from` at the site-relative `path`, as it is.
    fn put_file(&self, path: &str, from: &std::path::Path) -> Result<(), SiteError> {
        let bytes = std::fs::read(from).map_err(|source| SiteError::Read {
            path: from.display().to_string(),
            source,
        })?;
        self.put(path, &bytes)
    }
}

/// A sink that keeps every file in memory, by path.
#[derive(Debug, Default)]
pub(crate) struct MemorySink(pub std::sync::Mutex<BTreeMap<String, Vec<u8>>>);

impl Sink for MemorySink {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), SiteError> {
        if let Ok(mut files) = self.0.lock() {
            files.insert(path.to_string(), bytes.to_vec());
        }
        Ok(())
    }
}

impl MemorySink {
    /// The files, by path.
    pub(crate) fn into_files(self) -> BTreeMap<String, Vec<u8>> {
        self.0.into_inner().unwrap_or_default()
    }
}

/// Everything the site is built from.
#[derive(Debug)]
pub(crate) struct Inputs<'a> {
    /// `loket.yaml`.
    pub config: &'a Config,
    /// Service standards with their Markdown bodies, in file order.
    pub services: Vec<(&'a Service, &'a str)>,
    /// One per request, sorted by id.
    pub requests: Vec<RequestFacts<'a>>,
    /// The registry.
    pub registrations: &'a BTreeMap<String, Registration>,
    /// Working days.
    pub calendar: &'a Calendar,
    /// The time the site is built at.
    pub now: DateTime<Utc>,
    /// The absolute URL of the site's root, ending in `/`.
    pub base_url: String,
    /// Static files (`site/static/` and the shipped ones): path under `static/`, bytes.
    pub assets: Vec<(String, Vec<u8>)>,
    /// The answers of the satisfaction survey that count, and how many
    /// were left out and why.
    pub surveys: crate::skm::Counted,
    /// Every complaint's timeline, by number (`/pengaduan/`, `/statistik/`).
    pub complaints: Vec<crate::complaint::ComplaintTimeline>,
    /// The last web audit (`loket build --audit`), shown on the registry.
    pub audit: Option<crate::web::record::Record>,
    /// The audit history (`loket build --audit-history`), shown on
    /// `/statistik/` as the share of names healthy over time.
    pub audit_history: Option<crate::web::history::History>,
    /// Whether receipts and letters get PDFs beside them (`loket build
    /// --pdf`), so their pages link them.
    pub pdf: bool,
}

/// What a build produced.
#[derive(Debug, Default)]
pub(crate) struct Built {
    /// Files handed to the sink.
    pub files: usize,
    /// The Indonesian printable pages (receipts, letters), site-relative
    /// (`permohonan/2026-0007/tanda-terima/`), each to be printed to
    /// [`printable::pdf_path`] of itself.
    pub printable: Vec<String>,
    /// The path of the site's root (`/`, `/loket/`), which links start with.
    pub root: String,
}

/// Files shipped in the binary under `static/`; an instance's
/// `site/static/` adds to them and overrides them by name.
pub(crate) const SHIPPED_ASSETS: &[(&str, &[u8])] = &[
    ("loket.css", include_bytes!("../../site/static/loket.css")),
    ("filter.js", include_bytes!("../../site/static/filter.js")),
    ("ajukan.js", include_bytes!("../../site/static/ajukan.js")),
    ("lacak.js", include_bytes!("../../site/static/lacak.js")),
    (
        "favicon.svg",
        include_bytes!("../../site/static/favicon.svg"),
    ),
];

/// The requests the site publishes, one per id, in id order: only those
/// [`Timeline::attributed`] to their agency (a stranger's pull request is
/// never listed), and of two files with one id the merged one (`disetujui`
/// or `selesai`), else the first by path, so an unmerged pull request's
/// file never takes a merged request's page. `timelines` come sorted by
/// id and path.
pub(crate) fn published(timelines: &[Timeline]) -> Vec<&Timeline> {
    use crate::review::timeline::Status;
    let merged = |t: &Timeline| matches!(t.status, Status::Disetujui | Status::Selesai);
    let mut out: Vec<&Timeline> = Vec::new();
    for t in timelines.iter().filter(|t| t.attributed) {
        match out.last_mut() {
            Some(last) if last.id == t.id => {
                if merged(t) && !merged(last) {
                    *last = t;
                }
            }
            _ => out.push(t),
        }
    }
    out
}

/// The path part of a base URL: `https://a.go.id/loket/` → `/loket/`.
pub(crate) fn root_path(base_url: &str) -> String {
    let after_scheme = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
    if path.ends_with('/') {
        path.to_string()
    } else {
        format!("{path}/")
    }
}

/// What the chrome of every page needs.
#[derive(Debug, Serialize)]
struct Chrome<'a> {
    lang: &'static str,
    root: &'a str,
    home: String,
    other_url: String,
    url: String,
    canonical: String,
    title: String,
    section: &'static str,
    institution: &'a str,
    short_name: &'a str,
    domain: &'a str,
    generated: &'a str,
    repository: Option<&'a str>,
    nav: Vec<NavItem>,
    /// A receipt or a letter: printed without the site's chrome.
    printable: bool,
}

/// An entry of the main navigation.
#[derive(Debug, Serialize)]
struct NavItem {
    section: &'static str,
    path: &'static str,
    label: &'static str,
}

/// The main navigation: section, path under the language's home, word.
const NAV: [(&str, &str, &str); 7] = [
    ("home", "", "nav_home"),
    ("services", "layanan/", "nav_services"),
    ("requests", "permohonan/", "nav_requests"),
    ("registry", "subdomain/", "nav_registry"),
    ("complaints", "pengaduan/", "nav_complaints"),
    ("stats", "statistik/", "nav_stats"),
    ("apply", "ajukan/", "nav_apply"),
];

/// Precomputed per language.
struct Lingo {
    lang: Lang,
    words: Words,
    rows: Vec<Row>,
    generated: String,
}

#[derive(Debug, Serialize)]
struct HomePage<'a> {
    services: Vec<view::ServiceCard>,
    recent: Vec<&'a Row>,
    totals: stats::Totals,
    active: usize,
    track: track::TrackBox,
}

/// A service page with its satisfaction index.
#[derive(Debug, Serialize)]
struct ServiceView {
    #[serde(flatten)]
    page: view::ServicePage,
    ikm: Option<stats::LatestIkm>,
}

/// `/pengaduan/` with the complaints received.
#[derive(Debug, Serialize)]
struct ComplaintsView {
    #[serde(flatten)]
    page: view::ComplaintsPage,
    cases: Vec<view::ComplaintRow>,
}

/// A request page with what its status means and its printable pages.
#[derive(Debug, Serialize)]
struct RequestView {
    #[serde(flatten)]
    page: view::RequestPage,
    note: track::StatusNote,
    reply_letter: bool,
    receipt_pdf: Option<String>,
    letter_pdf: Option<String>,
}

/// Builds the site into `sink`; `progress(done, total)` is called as pages
/// are written. Returns the number of files.
pub(crate) fn build(
    inputs: &Inputs<'_>,
    templates: &Templates,
    sink: &dyn Sink,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Built, SiteError> {
    let config = inputs.config;
    let services: Vec<&Service> = inputs.services.iter().map(|(s, _)| *s).collect();
    let names = Names::new(config, &services);
    let domain = config.institution.domain.as_str();
    let root = root_path(&inputs.base_url);
    let lingos: Vec<Lingo> = [Lang::Id, Lang::En]
        .into_iter()
        .map(|lang| {
            let words = Words::of(lang);
            let mut rows: Vec<Row> = inputs
                .requests
                .par_iter()
                .map(|f| view::row(f.timeline, domain, &names, &words, lang))
                .collect();
            rows.reverse();
            Lingo {
                lang,
                generated: view::date(inputs.calendar.local_date(inputs.now), lang),
                words,
                rows,
            }
        })
        .collect();
    let (filters, members) = lists::filters(&lingos[0].rows, config, &services);
    let timelines: Vec<&Timeline> = inputs.requests.iter().map(|f| f.timeline).collect();
    let years = track::years(&timelines);
    let letters: Vec<Option<Letter>> = inputs
        .requests
        .par_iter()
        .map(|f| printable::letter_of(f, config, &names, inputs.calendar))
        .collect();

    let ctx = Shared {
        inputs,
        templates,
        names: &names,
        root: &root,
        domain,
        filters: &filters,
        members: &members,
        stats_cache: std::sync::OnceLock::new(),
        years: &years,
        letters: &letters,
        letterhead: crate::letter::letterhead(config),
        reasons: config.reasons(),
        tally: crate::skm::tally(&inputs.surveys.responses),
        merged: inputs
            .requests
            .iter()
            .filter_map(|f| {
                let t = f.timeline;
                let at = t.events.iter().find(|e| e.kind == EventKind::Merged)?.at;
                Some((t.id.clone(), inputs.calendar.local_date(at)))
            })
            .collect(),
    };
    let pages = ctx.pages();
    let printable: Vec<String> = pages
        .iter()
        .filter_map(|p| match p {
            Page::Receipt(i) => Some(printable::receipt_path(&inputs.requests[*i].timeline.id)),
            Page::Letter(i) => Some(printable::letter_path(&inputs.requests[*i].timeline.id)),
            _ => None,
        })
        .collect();
    let jobs: Vec<(&Lingo, &Page)> = lingos
        .iter()
        .flat_map(|l| pages.iter().map(move |p| (l, p)))
        .chain(lingos.iter().map(|l| (l, &Page::NotFound)))
        .collect();
    let total = jobs.len();
    let done = AtomicUsize::new(0);
    let urls: Vec<Option<String>> = jobs
        .par_iter()
        .map(|(lingo, page)| {
            let (path, html) = ctx.render(lingo, page)?;
            sink.put(&path, html.as_bytes())?;
            let n = done.fetch_add(1, Ordering::Relaxed) + 1;
            if n.is_multiple_of(256) || n == total {
                progress(n, total);
            }
            Ok((!matches!(page, Page::NotFound))
                .then(|| path.trim_end_matches("index.html").to_string()))
        })
        .collect::<Result<_, SiteError>>()?;
    let mut files = total;
    for (path, bytes) in ctx.data_files(&lingos, &urls)? {
        sink.put(&path, &bytes)?;
        files += 1;
    }
    let mut assets: BTreeMap<&str, &[u8]> = SHIPPED_ASSETS.iter().copied().collect();
    for (name, bytes) in &inputs.assets {
        assets.insert(name, bytes);
    }
    for (name, bytes) in &assets {
        sink.put(&format!("static/{name}"), bytes)?;
        files += 1;
    }
    if let Some(icon) = assets.get("favicon.svg") {
        sink.put("favicon.svg", icon)?;
        files += 1;
    }
    Ok(Built {
        files,
        printable,
        root,
    })
}

struct Shared<'a> {
    inputs: &'a Inputs<'a>,
    templates: &'a Templates,
    names: &'a Names<'a>,
    root: &'a str,
    domain: &'a str,
    filters: &'a [lists::Filter],
    members: &'a [Vec<usize>],
    stats_cache: std::sync::OnceLock<stats::Totals>,
    /// Years with requests, newest first.
    years: &'a [String],
    /// The reply letter of each request, when it has one.
    letters: &'a [Option<Letter>],
    /// The institution's letterhead.
    letterhead: Vec<String>,
    /// Reasons for returning or refusing.
    reasons: Vec<Reason>,
    /// The satisfaction index per scope and period.
    tally: stats::Tally,
    /// Request id → the local day it was merged.
    merged: BTreeMap<String, chrono::NaiveDate>,
}

impl Shared<'_> {
    /// The registry's rows in `lang`, with the last web audit's check of
    /// each name when the build was given one.
    fn registry(&self, lang: Lang) -> Vec<view::RegistryRow> {
        view::with_checks(
            view::registry_rows(
                self.inputs.registrations,
                &self.merged,
                self.domain,
                self.names,
                lang,
            ),
            self.inputs.audit.as_ref(),
            self.public_details(),
            |t| self.inputs.calendar.local_date(t),
            lang,
        )
    }

    /// Whether the web audit's details are public
    /// (`audit_web.rincian_publik`, default yes).
    fn public_details(&self) -> bool {
        self.inputs
            .config
            .web_audit
            .as_ref()
            .and_then(|w| w.value.public_details.as_ref())
            .is_none_or(|d| d.value)
    }

    fn timelines(&self) -> Vec<&Timeline> {
        self.inputs.requests.iter().map(|f| f.timeline).collect()
    }

    /// The list row of request `i` in `lingo` (rows run newest first).
    fn row<'l>(&self, lingo: &'l Lingo, i: usize) -> &'l Row {
        &lingo.rows[lingo.rows.len() - 1 - i]
    }

    fn totals(&self) -> &stats::Totals {
        self.stats_cache
            .get_or_init(|| stats::totals(&self.timelines()))
    }

    /// Renders one page: its output path and HTML.
    fn render(&self, lingo: &Lingo, page: &Page) -> Result<(String, String), SiteError> {
        let w = &lingo.words;
        let lang = lingo.lang;
        let cfg = self.inputs.config;
        let home = format!("{}{}", self.root, w.prefix);
        let home_url = format!("{}{}", self.inputs.base_url, w.prefix);
        let cx = pages::PageCx {
            lingo,
            home: &home,
            sheet: printable::Sheet {
                letterhead: &self.letterhead,
                home_url: &home_url,
                root: self.root,
                pdf: self.inputs.pdf,
            },
        };
        let pages::Rendered {
            template,
            path,
            section,
            title,
            data: value,
        } = self.rendered(&cx, page)?;
        let other = lang.pick("en/", "");
        let chrome = Chrome {
            lang: w.code,
            root: self.root,
            home,
            other_url: format!("{}{other}{path}", self.root),
            url: format!("{}{}{path}", self.root, w.prefix),
            canonical: format!("{}{}{path}", self.inputs.base_url, w.prefix),
            title,
            section,
            institution: cfg.institution.name.as_str(),
            short_name: cfg
                .institution
                .short_name
                .as_ref()
                .map_or(cfg.institution.name.as_str(), |s| s.as_str()),
            domain: self.domain,
            generated: &lingo.generated,
            repository: cfg.institution.repository.as_ref().map(|r| r.as_str()),
            nav: NAV
                .iter()
                .map(|(section, path, label)| NavItem {
                    section,
                    path,
                    label: w.word(label),
                })
                .collect(),
            printable: matches!(page, Page::Receipt(_) | Page::Letter(_)),
        };
        let mut both = serde_json::Map::new();
        both.insert("c".into(), pages::data(&chrome)?);
        both.insert("p".into(), value);
        let context =
            tera::Context::from_value(Value::Object(both)).map_err(|e| SiteError::template(&e))?;
        let html = self
            .templates
            .of(lang)
            .render(template, &context)
            .map_err(|e| SiteError::template(&e))?;
        let file = if matches!(page, Page::NotFound) {
            format!("{}{path}", w.prefix)
        } else {
            format!("{}{path}index.html", w.prefix)
        };
        Ok((file, html))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_paths() {
        assert_eq!(root_path("https://a.go.id/"), "/");
        assert_eq!(root_path("https://a.go.id"), "/");
        assert_eq!(root_path("https://a.go.id/loket"), "/loket/");
        assert_eq!(root_path("/"), "/");
    }

    #[test]
    fn shipped_templates_compile() {
        Templates::shipped().unwrap();
    }
}
