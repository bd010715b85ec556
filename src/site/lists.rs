//! The request lists: filters by status, agency and service, pre-rendered
//! as pages of [`PER_PAGE`] rows so they work without JavaScript.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use crate::model::{Config, Service};
use crate::site::view::{self, Row};
use crate::site::{Lingo, PER_PAGE, Shared};

/// A filter of the request lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Filter {
    All,
    Status(&'static str),
    Agency(String),
    Service(String),
}

impl Filter {
    pub(super) fn path(&self) -> String {
        match self {
            Filter::All => "permohonan/".into(),
            Filter::Status(s) => format!("permohonan/status/{s}/"),
            Filter::Agency(a) => format!("permohonan/instansi/{a}/"),
            Filter::Service(s) => format!("permohonan/layanan/{s}/"),
        }
    }

    pub(super) fn keeps(&self, row: &Row) -> bool {
        match self {
            Filter::All => true,
            Filter::Status(s) => row.status == *s,
            Filter::Agency(a) => row.agency_id == *a,
            Filter::Service(s) => row.service_id == *s,
        }
    }
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
pub(super) struct ListPage<'a> {
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

impl Shared<'_> {
    pub(super) fn list<'l>(
        &self,
        lingo: &'l Lingo,
        fi: usize,
        page: usize,
    ) -> (String, String, ListPage<'l>) {
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
            crate::review::timeline::Verdict::NotStarted,
            crate::review::timeline::Verdict::Running,
            crate::review::timeline::Verdict::OnTime,
            crate::review::timeline::Verdict::Late,
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
            verdicts: serde_json::Value::Object(
                verdicts
                    .iter()
                    .map(|(k, v)| (k.to_string(), (*v).into()))
                    .collect(),
            )
            .to_string(),
        };
        (page_path(page), title, view)
    }
}

/// Every filter with at least one request (all, each status, agency and
/// service), and the indices of the rows each keeps.
pub(super) fn filters(
    rows: &[Row],
    config: &Config,
    services: &[&Service],
) -> (Vec<Filter>, Vec<Vec<usize>>) {
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
    (filters, members)
}
