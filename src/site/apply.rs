//! The view of `/ajukan/`: services, agencies, the next free request id
//! and, for readers without JavaScript, a request template per service.

use chrono::Datelike;
use serde::Serialize;

use crate::model::RequestId;
use crate::scaffold;
use crate::site::{Shared, view};

#[derive(Debug, Serialize)]
pub(super) struct ApplyPage {
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

impl Shared<'_> {
    pub(super) fn apply(&self) -> ApplyPage {
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
}
