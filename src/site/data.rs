//! The files beside the pages: `status.json`, `registry.json`, the Atom
//! feeds of status changes, `sitemap.xml` and `robots.txt`.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::input::diagnostic::Lang;
use crate::site::{Lingo, Shared, SiteError};

/// One entry of an Atom feed: a status change of one request.
#[derive(Debug, Serialize)]
struct FeedEntry {
    id: String,
    title: String,
    updated: String,
    url: String,
}

impl Shared<'_> {
    /// status.json, registry.json, the feeds, sitemap.xml, robots.txt.
    pub(super) fn data_files(
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
                    "stage": match &t.status { crate::review::timeline::Status::Tahap { name, .. } => Some(name), _ => None },
                    "verdict": row.verdict,
                    "working_days_used": t.clock.used_working_days,
                    "working_days_allowed": match t.clock.allowed { Some(crate::model::StandardTime::WorkingDays(n)) => Some(n), _ => None },
                    "due": t.clock.due.map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
                    "pull_request": t.pull_request,
                })
            })
            .collect();
        let status = serde_json::json!({"generated": generated, "requests": status});
        let registry: Vec<serde_json::Value> = self
            .registry(Lang::Id)
            .into_iter()
            .map(|r| {
                let mut row = serde_json::json!({
                    "name": r.name, "fqdn": r.fqdn, "agency": r.agency_id,
                    "agency_name": r.agency, "since": r.since_iso,
                    "request": r.created_by, "changed_by": r.changed_by,
                });
                if let Some(c) = r.check {
                    row["last_check"] = serde_json::json!({
                        "date": c.date_iso, "reachable": c.reachable,
                        "tls_ok": c.tls_ok, "being_handled": c.handled,
                    });
                }
                row
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

fn pretty(value: &serde_json::Value) -> Vec<u8> {
    crate::json::pretty(value).into_bytes()
}
