//! The public site: `loket build` and `loket serve`.
//!
//! [`build`] is pure apart from its [`Sink`]: it takes the loaded instance,
//! the timelines, the registry and the check findings ([`Inputs`]), builds
//! one small view per page ([`view`]), renders it with tera
//! ([`templates`]) and hands every file to the sink, which writes a
//! directory ([`write`]) or keeps the site in memory ([`serve`]). Pages
//! render in parallel; each page's work is proportional to that page.

pub mod i18n;
pub mod markdown;
pub mod serve;
pub mod stats;
pub mod svg;
pub mod templates;
pub mod view;
pub mod write;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::{DateTime, Datelike, Utc};
use rayon::prelude::*;
use serde::Serialize;
use serde_json::Value;

use crate::calendar::Calendar;
use crate::diagnostic::Lang;
use crate::model::{Config, RequestId, Service};
use crate::scaffold;
use crate::site::i18n::Words;
use crate::site::templates::Templates;
use crate::site::view::{Names, RequestFacts, Row};
use crate::timeline::{EventKind, Timeline};
use crate::validate::registry::Registration;

/// Rows per page of the request lists.
pub const PER_PAGE: usize = 50;

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
    /// A file could not be written or read.
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
pub trait Sink: Sync {
    /// Stores `bytes` at the site-relative `path` (`layanan/x/index.html`).
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), SiteError>;
}

/// A sink that keeps every file in memory, by path.
#[derive(Debug, Default)]
pub struct MemorySink(pub std::sync::Mutex<BTreeMap<String, Vec<u8>>>);

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
    pub fn into_files(self) -> BTreeMap<String, Vec<u8>> {
        self.0.into_inner().unwrap_or_default()
    }
}

/// Everything the site is built from.
#[derive(Debug)]
pub struct Inputs<'a> {
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
}

/// Files shipped in the binary under `static/`; an instance's
/// `site/static/` adds to them and overrides them by name.
pub const SHIPPED_ASSETS: &[(&str, &[u8])] = &[
    ("loket.css", include_bytes!("../../site/static/loket.css")),
    ("filter.js", include_bytes!("../../site/static/filter.js")),
    ("ajukan.js", include_bytes!("../../site/static/ajukan.js")),
    (
        "favicon.svg",
        include_bytes!("../../site/static/favicon.svg"),
    ),
];

/// The path part of a base URL: `https://a.go.id/loket/` → `/loket/`.
pub fn root_path(base_url: &str) -> String {
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

/// A filter of the request lists.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Filter {
    All,
    Status(&'static str),
    Agency(String),
    Service(String),
}

impl Filter {
    fn path(&self) -> String {
        match self {
            Filter::All => "permohonan/".into(),
            Filter::Status(s) => format!("permohonan/status/{s}/"),
            Filter::Agency(a) => format!("permohonan/instansi/{a}/"),
            Filter::Service(s) => format!("permohonan/layanan/{s}/"),
        }
    }

    fn keeps(&self, row: &Row) -> bool {
        match self {
            Filter::All => true,
            Filter::Status(s) => row.status == *s,
            Filter::Agency(a) => row.agency_id == *a,
            Filter::Service(s) => row.service_id == *s,
        }
    }
}

/// One page to render.
#[derive(Debug, Clone)]
enum Page {
    Home,
    Services,
    Service(usize),
    List { filter: usize, page: usize },
    Request(usize),
    Registry,
    Complaints,
    Stats,
    Apply,
    NotFound,
}

/// Precomputed per language.
struct Lingo {
    lang: Lang,
    words: Words,
    rows: Vec<Row>,
    generated: String,
}

/// A link of the filter navigation.
#[derive(Debug, Serialize)]
struct FilterLink {
    key: String,
    label: String,
    url: String,
    count: usize,
    current: bool,
}

/// A group of filter links.
#[derive(Debug, Serialize)]
struct FilterGroup {
    key: &'static str,
    label: &'static str,
    links: Vec<FilterLink>,
}

#[derive(Debug, Serialize)]
struct PageLink {
    n: usize,
    url: String,
    current: bool,
}

#[derive(Debug, Serialize)]
struct ListPage<'a> {
    rows: Vec<&'a Row>,
    groups: Vec<FilterGroup>,
    pages: Vec<PageLink>,
    total: usize,
    all: usize,
    first: usize,
    last: usize,
    filter_label: Option<String>,
    verdicts: String,
    first_page: String,
}

#[derive(Debug, Serialize)]
struct HomePage<'a> {
    services: Vec<view::ServiceCard>,
    recent: Vec<&'a Row>,
    totals: stats::Totals,
    active: usize,
}

#[derive(Debug, Serialize)]
struct ApplyPage {
    services: Vec<ApplyService>,
    agencies: Vec<ApplyAgency>,
    next_id: String,
    today: String,
    repository: Option<String>,
    templates: Vec<(String, String)>,
}

#[derive(Debug, Serialize)]
struct ApplyService {
    id: String,
    title: String,
    kind: String,
    takes_name: bool,
    files: Vec<String>,
    links: Vec<String>,
}

#[derive(Debug, Serialize)]
struct ApplyAgency {
    id: String,
    name: String,
    email_domain: String,
}

#[derive(Debug, Serialize)]
struct FeedEntry {
    id: String,
    title: String,
    updated: String,
    url: String,
}

/// Builds the site into `sink`; `progress(done, total)` is called as pages
/// are written. Returns the number of files.
pub fn build(
    inputs: &Inputs<'_>,
    templates: &Templates,
    sink: &dyn Sink,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<usize, SiteError> {
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
    // Newest first, like the rows.
    let newest: Vec<usize> = (0..inputs.requests.len()).rev().collect();
    let rows = &lingos[0].rows;
    let mut filters = vec![Filter::All];
    filters.extend(
        view::STATUS_KEYS
            .iter()
            .filter(|k| rows.iter().any(|r| r.status == **k))
            .map(|k| Filter::Status(k)),
    );
    filters.extend(
        config
            .agencies
            .iter()
            .map(|a| a.id.to_string())
            .filter(|a| rows.iter().any(|r| r.agency_id == *a))
            .map(Filter::Agency),
    );
    filters.extend(
        services
            .iter()
            .map(|s| s.id.to_string())
            .filter(|s| rows.iter().any(|r| r.service_id == *s))
            .map(Filter::Service),
    );
    let members: Vec<Vec<usize>> = filters
        .par_iter()
        .map(|f| (0..rows.len()).filter(|i| f.keeps(&rows[*i])).collect())
        .collect();

    let mut pages = vec![
        Page::Home,
        Page::Services,
        Page::Registry,
        Page::Complaints,
        Page::Stats,
        Page::Apply,
    ];
    pages.extend((0..services.len()).map(Page::Service));
    for (fi, m) in members.iter().enumerate() {
        let count = m.len().div_ceil(PER_PAGE).max(1);
        pages.extend((1..=count).map(|page| Page::List { filter: fi, page }));
    }
    pages.extend(newest.iter().map(|i| Page::Request(*i)));

    let ctx = Shared {
        inputs,
        templates,
        names: &names,
        root: &root,
        domain,
        filters: &filters,
        members: &members,
        stats_cache: std::sync::OnceLock::new(),
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
    Ok(files)
}

struct Shared<'a> {
    inputs: &'a Inputs<'a>,
    templates: &'a Templates,
    names: &'a Names<'a>,
    root: &'a str,
    domain: &'a str,
    filters: &'a [Filter],
    members: &'a [Vec<usize>],
    stats_cache: std::sync::OnceLock<stats::Totals>,
    /// Request id → the local day it was merged.
    merged: BTreeMap<String, chrono::NaiveDate>,
}

impl Shared<'_> {
    fn timelines(&self) -> Vec<&Timeline> {
        self.inputs.requests.iter().map(|f| f.timeline).collect()
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
        let (template, path, section, title, value): (
            &str,
            String,
            &str,
            String,
            serde_json::Value,
        ) = match page {
            Page::Home => (
                "home.html",
                String::new(),
                "home",
                w.word("site_title").to_string(),
                json(&HomePage {
                    services: self
                        .inputs
                        .services
                        .iter()
                        .map(|(s, _)| view::service_card(s, w, lang))
                        .collect(),
                    recent: lingo.rows.iter().take(5).collect(),
                    totals: self.totals().clone(),
                    active: self.inputs.registrations.len(),
                }),
            ),
            Page::Services => (
                "services.html",
                "layanan/".into(),
                "services",
                w.word("services_title").to_string(),
                json(
                    &self
                        .inputs
                        .services
                        .iter()
                        .map(|(s, _)| view::service_card(s, w, lang))
                        .collect::<Vec<_>>(),
                ),
            ),
            Page::Service(i) => {
                let (service, body) = self.inputs.services[*i];
                (
                    "service.html",
                    format!("layanan/{}/", service.id),
                    "services",
                    service.title.value.clone(),
                    json(&view::service_page(service, body, cfg, self.names, w, lang)),
                )
            }
            Page::List { filter, page } => {
                let (path, title, view) = self.list(lingo, *filter, *page);
                ("requests.html", path, "requests", title, json(&view))
            }
            Page::Request(i) => {
                let facts = &self.inputs.requests[*i];
                let view = view::request_page(
                    facts,
                    self.domain,
                    cfg.institution.repository.as_ref().map(|r| r.as_str()),
                    self.names,
                    self.inputs.calendar,
                    w,
                    lang,
                );
                (
                    "request.html",
                    format!("permohonan/{}/", facts.timeline.id),
                    "requests",
                    format!(
                        "{} {} · {}",
                        w.word("request_title"),
                        facts.timeline.id,
                        view.row.fqdn
                    ),
                    json(&view),
                )
            }
            Page::Registry => (
                "registry.html",
                "subdomain/".into(),
                "registry",
                w.word("registry_title").to_string(),
                json(&view::registry_rows(
                    self.inputs.registrations,
                    &self.merged,
                    self.domain,
                    self.names,
                    lang,
                )),
            ),
            Page::Complaints => (
                "complaints.html",
                "pengaduan/".into(),
                "complaints",
                w.word("complaints_title").to_string(),
                json(
                    &cfg.channels
                        .iter()
                        .map(|c| view::channel(c, w, lang, true))
                        .collect::<Vec<_>>(),
                ),
            ),
            Page::Stats => (
                "stats.html",
                "statistik/".into(),
                "stats",
                w.word("stats_title").to_string(),
                json(&stats::stats_page(
                    &self.timelines(),
                    self.names,
                    self.inputs.calendar,
                    w,
                    lang,
                )),
            ),
            Page::Apply => (
                "apply.html",
                "ajukan/".into(),
                "apply",
                w.word("apply_title").to_string(),
                json(&self.apply()),
            ),
            Page::NotFound => (
                "404.html",
                "404.html".into(),
                "",
                w.word("notfound_title").to_string(),
                serde_json::Value::Null,
            ),
        };
        let other = if lang == Lang::Id { "en/" } else { "" };
        let chrome = Chrome {
            lang: w.code,
            root: self.root,
            home: format!("{}{}", self.root, w.prefix),
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
        };
        let mut both = serde_json::Map::new();
        both.insert("c".into(), json(&chrome));
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

    fn list<'l>(&self, lingo: &'l Lingo, fi: usize, page: usize) -> (String, String, ListPage<'l>) {
        let w = &lingo.words;
        let filter = &self.filters[fi];
        let members = &self.members[fi];
        let base = filter.path();
        let pages = members.len().div_ceil(PER_PAGE).max(1);
        let page_path = |n: usize| {
            if n == 1 {
                base.clone()
            } else {
                format!("{base}halaman/{n}/")
            }
        };
        let url = |p: &str| format!("{}{}{p}", self.root, w.prefix);
        let group =
            |key: &'static str, label: &'static str, items: Vec<(usize, String)>| FilterGroup {
                key,
                label: w.word(label),
                links: items
                    .into_iter()
                    .map(|(i, label)| FilterLink {
                        key: match &self.filters[i] {
                            Filter::All => String::new(),
                            Filter::Status(s) => s.to_string(),
                            Filter::Agency(a) | Filter::Service(a) => a.clone(),
                        },
                        label,
                        url: url(&self.filters[i].path()),
                        count: self.members[i].len(),
                        current: i == fi,
                    })
                    .collect(),
            };
        let pick = |f: fn(&Filter) -> Option<String>| -> Vec<(usize, String)> {
            self.filters
                .iter()
                .enumerate()
                .filter_map(|(i, x)| f(x).map(|l| (i, l)))
                .collect()
        };
        let statuses: Vec<(usize, String)> = std::iter::once((0, w.word("filter_all").to_string()))
            .chain(
                self.filters
                    .iter()
                    .enumerate()
                    .filter_map(|(i, x)| match x {
                        Filter::Status(s) => Some((i, w.word(&format!("status_{s}")).to_string())),
                        _ => None,
                    }),
            )
            .collect();
        let agencies: Vec<(usize, String)> = pick(|x| match x {
            Filter::Agency(a) => Some(a.clone()),
            _ => None,
        })
        .into_iter()
        .map(|(i, a)| {
            (
                i,
                self.names
                    .agencies
                    .get(a.as_str())
                    .map_or(a.clone(), |n| n.to_string()),
            )
        })
        .collect();
        let services: Vec<(usize, String)> = pick(|x| match x {
            Filter::Service(s) => Some(s.clone()),
            _ => None,
        })
        .into_iter()
        .map(|(i, s)| {
            let title = self
                .names
                .services
                .get(s.as_str())
                .map_or(s.clone(), |x| x.title.value.clone());
            (i, title)
        })
        .collect();
        let start = (page - 1) * PER_PAGE;
        let rows: Vec<&Row> = members
            .iter()
            .skip(start)
            .take(PER_PAGE)
            .map(|i| &lingo.rows[*i])
            .collect();
        let filter_label = match filter {
            Filter::All => None,
            Filter::Status(s) => Some(w.word(&format!("status_{s}")).to_string()),
            Filter::Agency(a) => Some(
                self.names
                    .agencies
                    .get(a.as_str())
                    .map_or(a.clone(), |n| n.to_string()),
            ),
            Filter::Service(s) => Some(
                self.names
                    .services
                    .get(s.as_str())
                    .map_or(s.clone(), |x| x.title.value.clone()),
            ),
        };
        let mut title = w.word("requests_title").to_string();
        if let Some(l) = &filter_label {
            title = format!("{title}: {l}");
        }
        if page > 1 {
            title = format!("{title} ({} {page})", w.word("pages"));
        }
        let verdicts: BTreeMap<&str, &str> = [
            crate::timeline::Verdict::NotStarted,
            crate::timeline::Verdict::Running,
            crate::timeline::Verdict::OnTime,
            crate::timeline::Verdict::Late,
        ]
        .into_iter()
        .map(|v| {
            (
                view::verdict_key(v),
                crate::report::status::verdict(v, lingo.lang),
            )
        })
        .collect();
        let view = ListPage {
            first: if rows.is_empty() { 0 } else { start + 1 },
            last: start + rows.len(),
            rows,
            // Later pages link back to the first for filtering: with many
            // agencies the filter links would outweigh the rows.
            groups: if page == 1 {
                vec![
                    group("status", "filter_status", statuses),
                    group("instansi", "filter_agency", agencies),
                    group("layanan", "filter_service", services),
                ]
            } else {
                Vec::new()
            },
            first_page: url(&page_path(1)),
            pages: (1..=pages)
                .filter(|_| pages > 1)
                .map(|n| PageLink {
                    n,
                    url: url(&page_path(n)),
                    current: n == page,
                })
                .collect(),
            total: members.len(),
            all: lingo.rows.len(),
            filter_label,
            verdicts: serde_json::to_string(&verdicts).unwrap_or_default(),
        };
        (page_path(page), title, view)
    }

    fn apply(&self) -> ApplyPage {
        let cfg = self.inputs.config;
        let today = self.inputs.calendar.local_date(self.inputs.now);
        let year = u16::try_from(today.year()).unwrap_or(0);
        let next = self
            .inputs
            .requests
            .iter()
            .filter_map(|f| f.timeline.id.parse::<RequestId>().ok())
            .filter(|id| id.year == year)
            .map(|id| id.number)
            .max()
            .unwrap_or(0)
            .saturating_add(1);
        let next_id = RequestId { year, number: next };
        let templates = match cfg.agencies.first() {
            Some(agency) => self
                .inputs
                .services
                .iter()
                .map(|(s, _)| {
                    (
                        s.title.value.clone(),
                        scaffold::request_text(s, agency, "nama-subdomain", next_id, today),
                    )
                })
                .collect(),
            None => Vec::new(),
        };
        ApplyPage {
            services: self
                .inputs
                .services
                .iter()
                .map(|(s, _)| {
                    let paths = |want: fn(crate::model::Means<'_>) -> Option<&str>| {
                        s.requirements
                            .iter()
                            .filter(|r| r.is_required())
                            .filter_map(|r| r.means().and_then(want).map(str::to_string))
                            .collect()
                    };
                    ApplyService {
                        id: s.id.to_string(),
                        title: s.title.value.clone(),
                        kind: s.kind.value.as_str().to_string(),
                        takes_name: view::takes_name(s.kind.value),
                        files: paths(|m| match m {
                            crate::model::Means::File(p) => Some(p),
                            _ => None,
                        }),
                        links: paths(|m| match m {
                            crate::model::Means::Link(p) => Some(p),
                            _ => None,
                        }),
                    }
                })
                .collect(),
            agencies: cfg
                .agencies
                .iter()
                .map(|a| ApplyAgency {
                    id: a.id.to_string(),
                    name: a.name.value.clone(),
                    email_domain: a.email_domain.value.clone(),
                })
                .collect(),
            next_id: next_id.to_string(),
            today: today.to_string(),
            repository: cfg.institution.repository.as_ref().map(|r| r.value.clone()),
            templates,
        }
    }

    /// status.json, registry.json, the feeds, sitemap.xml, robots.txt.
    fn data_files(
        &self,
        lingos: &[Lingo],
        urls: &[Option<String>],
    ) -> Result<Vec<(String, Vec<u8>)>, SiteError> {
        let inputs = self.inputs;
        let generated = inputs
            .now
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let status: Vec<serde_json::Value> = inputs
            .requests
            .iter()
            .zip(lingos[0].rows.iter().rev())
            .map(|(f, row)| {
                let t = f.timeline;
                serde_json::json!({
                    "id": t.id,
                    "subdomain": t.subdomain,
                    "fqdn": row.fqdn,
                    "agency": t.agency,
                    "agency_name": row.agency,
                    "service": t.service,
                    "service_title": row.service,
                    "status": row.status,
                    "status_label": row.status_label,
                    "stage": match &t.status { crate::timeline::Status::Tahap { name, .. } => Some(name), _ => None },
                    "verdict": row.verdict,
                    "working_days_used": t.clock.used_working_days,
                    "working_days_allowed": match t.clock.allowed { Some(crate::model::StandardTime::WorkingDays(n)) => Some(n), _ => None },
                    "due": t.clock.due.map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
                    "pull_request": t.pull_request,
                })
            })
            .collect();
        let status = serde_json::json!({"generated": generated, "requests": status});
        let registry: Vec<serde_json::Value> = view::registry_rows(
            inputs.registrations,
            &self.merged,
            self.domain,
            self.names,
            Lang::Id,
        )
        .into_iter()
        .map(|r| {
            serde_json::json!({
                "name": r.name, "fqdn": r.fqdn, "agency": r.agency_id,
                "agency_name": r.agency, "since": r.since_iso,
                "request": r.created_by, "changed_by": r.changed_by,
            })
        })
        .collect();
        let registry = serde_json::json!({
            "domain": self.domain, "generated": generated, "subdomains": registry,
        });
        let mut out = vec![
            ("status.json".to_string(), pretty(&status)),
            ("registry.json".to_string(), pretty(&registry)),
        ];
        for lingo in lingos {
            out.push((
                format!("{}feed.xml", lingo.words.prefix),
                self.feed(lingo)?.into_bytes(),
            ));
        }
        let mut sitemap = tera::Context::new();
        let locs: Vec<String> = urls
            .iter()
            .flatten()
            .map(|p| format!("{}{p}", inputs.base_url))
            .collect();
        sitemap.insert("urls", &locs);
        let text = self
            .templates
            .of(Lang::Id)
            .render("sitemap.xml", &sitemap)
            .map_err(|e| SiteError::template(&e))?;
        out.push(("sitemap.xml".into(), text.into_bytes()));
        out.push((
            "robots.txt".into(),
            format!(
                "User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n",
                inputs.base_url
            )
            .into_bytes(),
        ));
        Ok(out)
    }

    fn feed(&self, lingo: &Lingo) -> Result<String, SiteError> {
        const ENTRIES: usize = 50;
        let inputs = self.inputs;
        let mut events: Vec<(DateTime<Utc>, usize, usize)> = inputs
            .requests
            .iter()
            .enumerate()
            .flat_map(|(i, f)| {
                f.timeline
                    .events
                    .iter()
                    .enumerate()
                    .map(move |(j, e)| (e.at, i, j))
            })
            .collect();
        events.sort_by(|a, b| b.cmp(a));
        let w = &lingo.words;
        let entries: Vec<FeedEntry> = events
            .iter()
            .take(ENTRIES)
            .map(|(at, i, j)| {
                let t = inputs.requests[*i].timeline;
                let e = &t.events[*j];
                FeedEntry {
                    id: format!("urn:loket:{}:{}:{j}", self.domain, t.id),
                    title: format!(
                        "{} {}.{}: {}",
                        t.id,
                        t.subdomain,
                        self.domain,
                        crate::report::status::event_word(e.kind, lingo.lang)
                    ),
                    updated: at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                    url: format!("{}{}permohonan/{}/", inputs.base_url, w.prefix, t.id),
                }
            })
            .collect();
        let updated = events
            .first()
            .map_or(inputs.now, |e| e.0)
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let mut context = tera::Context::new();
        context.insert("entries", &entries);
        context.insert("updated", &updated);
        context.insert(
            "title",
            &format!(
                "{} · {}",
                w.word("feed_title"),
                self.inputs.config.institution.name.value
            ),
        );
        context.insert(
            "self_url",
            &format!("{}{}feed.xml", inputs.base_url, w.prefix),
        );
        context.insert("home_url", &format!("{}{}", inputs.base_url, w.prefix));
        context.insert("id", &format!("urn:loket:{}:{}", self.domain, w.code));
        self.templates
            .of(lingo.lang)
            .render("feed.xml", &context)
            .map_err(|e| SiteError::template(&e))
    }
}

fn json<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

fn pretty(value: &serde_json::Value) -> Vec<u8> {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text.into_bytes()
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
