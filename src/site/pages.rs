//! The site's pages: which there are ([`Page`], [`Shared::pages`]) and one
//! render function per page kind, each saying which template draws the
//! page, where it goes, its navigation section and title, and building the
//! template's data from its view builder. [`Shared::rendered`] dispatches;
//! `Shared::render` wraps every page in the site's chrome. Adding a page
//! touches this file (a variant, its place in the list, its function) and
//! its template.

use serde::Serialize;
use serde_json::Value;

use crate::site::{
    ComplaintsView, HomePage, Lingo, PER_PAGE, RequestView, ServiceView, Shared, SiteError,
    printable, stats, track, view,
};

/// One page to render.
#[derive(Debug, Clone)]
pub(super) enum Page {
    Home,
    Services,
    Service(usize),
    List { filter: usize, page: usize },
    Request(usize),
    Year(usize),
    StatusHelp,
    Receipt(usize),
    Letter(usize),
    Registry,
    Complaints,
    Stats,
    Apply,
    NotFound,
}

impl Shared<'_> {
    /// Every page of one language but the not-found page, in the order
    /// they are written.
    pub(super) fn pages(&self) -> Vec<Page> {
        let requests = &self.inputs.requests;
        // Newest first, like the rows.
        let newest = || (0..requests.len()).rev();
        let mut pages = vec![
            Page::Home,
            Page::Services,
            Page::Registry,
            Page::Complaints,
            Page::Stats,
            Page::Apply,
        ];
        pages.extend((0..self.inputs.services.len()).map(Page::Service));
        for (fi, m) in self.members.iter().enumerate() {
            let count = m.len().div_ceil(PER_PAGE).max(1);
            pages.extend((1..=count).map(|page| Page::List { filter: fi, page }));
        }
        pages.extend(newest().map(Page::Request));
        pages.extend((0..self.years.len()).map(Page::Year));
        pages.push(Page::StatusHelp);
        // The institution's letterhead only for the agency's own requests.
        pages.extend(
            newest()
                .filter(|i| requests[*i].timeline.attributed)
                .map(Page::Receipt),
        );
        pages.extend(
            newest()
                .filter(|i| self.letters[*i].is_some())
                .map(Page::Letter),
        );
        pages
    }

    /// `page` rendered by its function, before the chrome.
    pub(super) fn rendered(&self, cx: &PageCx<'_>, page: &Page) -> Result<Rendered, SiteError> {
        match page {
            Page::Home => self.home(cx),
            Page::Services => self.services_page(cx),
            Page::Service(i) => self.service_page(cx, *i),
            Page::List { filter, page } => self.list_page(cx, *filter, *page),
            Page::Request(i) => self.request_page(cx, *i),
            Page::Year(y) => self.year_page(cx, *y),
            Page::StatusHelp => self.status_help_page(cx),
            Page::Receipt(i) => self.receipt_page(cx, *i),
            Page::Letter(i) => self.letter_page(cx, *i),
            Page::Registry => self.registry_page(cx),
            Page::Complaints => self.complaints_page(cx),
            Page::Stats => self.stats_page(cx),
            Page::Apply => self.apply_page(cx),
            Page::NotFound => self.not_found(cx),
        }
    }
}

/// What every page's function is given besides the site: the language's
/// words and rows, the home path and the printable sheet.
pub(super) struct PageCx<'x> {
    /// The language's words and request rows.
    pub lingo: &'x Lingo,
    /// The home page's path in that language.
    pub home: &'x str,
    /// What receipts and letters are printed on.
    pub sheet: printable::Sheet<'x>,
}

/// One rendered page, before the chrome: its template, site-relative path
/// (a directory, `""` for home), navigation section, title and data.
pub(super) struct Rendered {
    pub template: &'static str,
    pub path: String,
    pub section: &'static str,
    pub title: String,
    pub data: Value,
}

impl Rendered {
    fn new(
        template: &'static str,
        path: impl Into<String>,
        section: &'static str,
        title: impl Into<String>,
        data: &impl Serialize,
    ) -> Result<Rendered, SiteError> {
        Ok(Rendered {
            template,
            path: path.into(),
            section,
            title: title.into(),
            data: self::data(data)?,
        })
    }
}

/// A template's data as JSON; a value that does not serialize is an error
/// naming why, never an empty page.
pub(super) fn data(value: &impl Serialize) -> Result<Value, SiteError> {
    serde_json::to_value(value)
        .map_err(|e| SiteError::Template(format!("a page's data does not serialize: {e}")))
}

impl Shared<'_> {
    pub(super) fn home(&self, cx: &PageCx<'_>) -> Result<Rendered, SiteError> {
        let (w, lang) = (&cx.lingo.words, cx.lingo.lang);
        Rendered::new(
            "home.html",
            "",
            "home",
            w.word("site_title"),
            &HomePage {
                services: self
                    .inputs
                    .services
                    .iter()
                    .map(|(s, _)| view::service_card(s, w, lang))
                    .collect(),
                recent: cx.lingo.rows.iter().take(5).collect(),
                totals: self.totals().clone(),
                active: self.inputs.registrations.len(),
                track: track::track_box(self.years, cx.home, None),
            },
        )
    }

    pub(super) fn services_page(&self, cx: &PageCx<'_>) -> Result<Rendered, SiteError> {
        let (w, lang) = (&cx.lingo.words, cx.lingo.lang);
        let cards: Vec<_> = self
            .inputs
            .services
            .iter()
            .map(|(s, _)| view::service_card(s, w, lang))
            .collect();
        Rendered::new(
            "services.html",
            "layanan/",
            "services",
            w.word("services_title"),
            &cards,
        )
    }

    pub(super) fn service_page(&self, cx: &PageCx<'_>, i: usize) -> Result<Rendered, SiteError> {
        let (w, lang) = (&cx.lingo.words, cx.lingo.lang);
        let (service, body) = self.inputs.services[i];
        Rendered::new(
            "service.html",
            format!("layanan/{}/", service.id),
            "services",
            service.title.value.clone(),
            &ServiceView {
                page: view::service_page(service, body, self.inputs.config, self.names, w, lang),
                ikm: stats::latest_ikm(&self.tally, service.id.as_str(), w, lang),
            },
        )
    }

    pub(super) fn list_page(
        &self,
        cx: &PageCx<'_>,
        filter: usize,
        page: usize,
    ) -> Result<Rendered, SiteError> {
        let (path, title, view) = self.list(cx.lingo, filter, page);
        Rendered::new("requests.html", path, "requests", title, &view)
    }

    pub(super) fn request_page(&self, cx: &PageCx<'_>, i: usize) -> Result<Rendered, SiteError> {
        let (w, lang) = (&cx.lingo.words, cx.lingo.lang);
        let facts = &self.inputs.requests[i];
        let id = &facts.timeline.id;
        let page = view::request_page(
            facts,
            self.domain,
            self.inputs
                .config
                .institution
                .repository
                .as_ref()
                .map(|r| r.as_str()),
            self.names,
            self.inputs.calendar,
            w,
            lang,
        );
        let title = format!("{} {id} · {}", w.word("request_title"), page.row.fqdn);
        Rendered::new(
            "request.html",
            format!("permohonan/{id}/"),
            "requests",
            title,
            &RequestView {
                note: track::status_note(facts.timeline, &self.reasons, self.names, w, lang),
                reply_letter: self.letters[i].is_some(),
                receipt_pdf: cx.sheet.pdf_url(&printable::receipt_path(id)),
                letter_pdf: self.letters[i]
                    .as_ref()
                    .and_then(|_| cx.sheet.pdf_url(&printable::letter_path(id))),
                page,
            },
        )
    }

    pub(super) fn year_page(&self, cx: &PageCx<'_>, y: usize) -> Result<Rendered, SiteError> {
        let year = &self.years[y];
        Rendered::new(
            "year.html",
            format!("permohonan/{year}/"),
            "requests",
            format!("{} {year}", cx.lingo.words.word("year_title")),
            &track::year_page(year, &cx.lingo.rows, self.years, cx.home),
        )
    }

    pub(super) fn status_help_page(&self, cx: &PageCx<'_>) -> Result<Rendered, SiteError> {
        let (w, lang) = (&cx.lingo.words, cx.lingo.lang);
        Rendered::new(
            "status_help.html",
            "bantuan/status/",
            "requests",
            w.word("help_title"),
            &track::status_help_page(&self.reasons, w, lang),
        )
    }

    pub(super) fn receipt_page(&self, cx: &PageCx<'_>, i: usize) -> Result<Rendered, SiteError> {
        let (w, lang) = (&cx.lingo.words, cx.lingo.lang);
        let t = self.inputs.requests[i].timeline;
        Rendered::new(
            "receipt.html",
            printable::receipt_path(&t.id),
            "requests",
            format!("{} {}", w.word("receipt_title"), t.id),
            &printable::receipt(
                t,
                self.row(cx.lingo, i),
                &cx.sheet,
                self.letters[i].is_some(),
                self.inputs.calendar,
                w,
                lang,
            ),
        )
    }

    pub(super) fn letter_page(&self, cx: &PageCx<'_>, i: usize) -> Result<Rendered, SiteError> {
        let t = self.inputs.requests[i].timeline;
        let Some(letter) = &self.letters[i] else {
            return Err(SiteError::Template(format!("no letter for {}", t.id)));
        };
        Rendered::new(
            "letter.html",
            printable::letter_path(&t.id),
            "requests",
            format!("{} {}", cx.lingo.words.word("letter_title"), t.id),
            &printable::letter_page(self.row(cx.lingo, i), letter, &cx.sheet),
        )
    }

    pub(super) fn registry_page(&self, cx: &PageCx<'_>) -> Result<Rendered, SiteError> {
        Rendered::new(
            "registry.html",
            "subdomain/",
            "registry",
            cx.lingo.words.word("registry_title"),
            &self.registry(cx.lingo.lang),
        )
    }

    pub(super) fn complaints_page(&self, cx: &PageCx<'_>) -> Result<Rendered, SiteError> {
        let (w, lang) = (&cx.lingo.words, cx.lingo.lang);
        Rendered::new(
            "complaints.html",
            "pengaduan/",
            "complaints",
            w.word("complaints_title"),
            &ComplaintsView {
                page: view::complaints(self.inputs.config, w, lang),
                cases: view::complaint_rows(&self.inputs.complaints, w, lang),
            },
        )
    }

    pub(super) fn stats_page(&self, cx: &PageCx<'_>) -> Result<Rendered, SiteError> {
        let (w, lang) = (&cx.lingo.words, cx.lingo.lang);
        let page = stats::StatsPage {
            complaints: stats::complaint_shares(&self.inputs.complaints, self.inputs.config, lang),
            complaint_channels: stats::complaint_channels(&self.inputs.complaints, w),
            health: self
                .inputs
                .audit_history
                .as_ref()
                .and_then(|h| stats::health(h, self.public_details(), w, lang)),
            ..stats::stats_page(
                &self.timelines(),
                &self.tally,
                &self.inputs.surveys.left_out,
                self.names,
                self.inputs.calendar,
                w,
                lang,
            )
        };
        Rendered::new(
            "stats.html",
            "statistik/",
            "stats",
            w.word("stats_title"),
            &page,
        )
    }

    pub(super) fn apply_page(&self, cx: &PageCx<'_>) -> Result<Rendered, SiteError> {
        Rendered::new(
            "apply.html",
            "ajukan/",
            "apply",
            cx.lingo.words.word("apply_title"),
            &self.apply(),
        )
    }

    pub(super) fn not_found(&self, cx: &PageCx<'_>) -> Result<Rendered, SiteError> {
        Rendered::new(
            "404.html",
            "404.html",
            "",
            cx.lingo.words.word("notfound_title"),
            &Value::Null,
        )
    }
}
