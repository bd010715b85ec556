//! The web audit's report as a file (`loket audit --web --format json`):
//! what was checked when, per name, with its findings. Written by the
//! audit and read back by what acts on it later in the same workflow
//! (`--issues`, `loket notify --audit`), so the two cannot drift. Pure:
//! building, reading and asking the report; no fetching.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

use crate::input::diagnostic::Lang;
use crate::web::{Observation, Outcome, Problem, Visit};

/// A whole run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// Nothing found anywhere.
    pub ok: bool,
    /// When the names were checked (RFC 3339, to the second).
    pub checked_at: DateTime<Utc>,
    /// Every name checked, in the audit's order.
    pub names: Vec<Checked>,
}

/// One name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Checked {
    /// The host (`dinkes.tapinkab.go.id`).
    pub host: String,
    /// The agency holding it; none for the institution's own names.
    pub agency: Option<String>,
    /// The request that last changed it.
    pub request: Option<String>,
    /// No findings.
    pub ok: bool,
    /// Whether HTTP or HTTPS answered at all.
    pub reachable: bool,
    /// `https://name/` as a browser.
    pub https: Https,
    /// `http://name/` as a browser.
    pub http: Http,
    /// What is wrong.
    pub findings: Vec<Found>,
}

/// The HTTPS visit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Https {
    /// The final status, when it answered.
    pub status: Option<u16>,
    /// What the handshake saw (`web::tls::Seen`), when there was one.
    pub tls: Option<serde_json::Value>,
}

/// The HTTP visit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Http {
    /// The final status, when it answered.
    pub status: Option<u16>,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Found {
    /// [`Problem::code`].
    pub code: String,
    /// An error (else a warning).
    pub error: bool,
    /// [`Problem::message`] in the run's language.
    pub message: String,
    /// The problem as data.
    pub detail: serde_json::Value,
}

/// Whether neither HTTP nor HTTPS answered, and why.
pub(crate) fn silent(o: &Observation) -> Option<&str> {
    match (&o.https.outcome, &o.http.outcome) {
        (Outcome::Unreachable { .. }, Outcome::Unreachable { reason }) => Some(reason),
        _ => None,
    }
}

fn status(v: &Visit) -> Option<u16> {
    match &v.outcome {
        Outcome::Answered { status, .. } => Some(*status),
        _ => None,
    }
}

impl Record {
    /// The record of `judged` names, checked at `now`; an error only if a
    /// finding's details do not serialize.
    pub fn new(
        judged: &[(Observation, Vec<Problem>)],
        now: DateTime<Utc>,
        lang: Lang,
    ) -> Result<Record, serde_json::Error> {
        let names = judged
            .iter()
            .map(|(o, problems)| -> Result<Checked, serde_json::Error> {
                Ok(Checked {
                    host: o.target.host.clone(),
                    agency: o.target.agency.clone(),
                    request: o.target.request.clone(),
                    ok: problems.is_empty(),
                    reachable: silent(o).is_none(),
                    https: Https {
                        status: status(&o.https),
                        tls: o.https.tls.as_ref().map(serde_json::to_value).transpose()?,
                    },
                    http: Http {
                        status: status(&o.http),
                    },
                    findings: problems
                        .iter()
                        .map(|p| -> Result<Found, serde_json::Error> {
                            Ok(Found {
                                code: p.code().to_string(),
                                error: p.is_error(),
                                message: p.message(lang),
                                detail: serde_json::to_value(p)?,
                            })
                        })
                        .collect::<Result<_, _>>()?,
                })
            })
            .collect::<Result<_, _>>()?;
        Ok(Record {
            ok: judged.iter().all(|(_, p)| p.is_empty()),
            checked_at: crate::notice::ledger::to_second(now),
            names,
        })
    }

    /// The JSON text, pretty, with a final newline.
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        let mut value = serde_json::to_value(self)?;
        value["checked_at"] = self
            .checked_at
            .to_rfc3339_opts(SecondsFormat::Secs, true)
            .into();
        Ok(crate::json::pretty(&value))
    }

    /// Reads a record `loket audit --web --format json` wrote.
    pub fn parse(text: &str) -> Result<Record, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }
}

impl Checked {
    /// Whether the certificate was seen and nothing was wrong with it:
    /// HTTPS answered and no `tls-…` finding.
    pub fn tls_ok(&self) -> bool {
        self.https.status.is_some() && !self.findings.iter().any(|f| f.code.starts_with("tls-"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::{Target, Variant};

    fn visit(url: &str, outcome: Outcome) -> Visit {
        Visit {
            variant: Variant::Browser,
            url: url.into(),
            outcome,
            tls: None,
        }
    }

    #[test]
    fn what_the_audit_writes_reads_back_the_same() {
        let answered = Outcome::Answered {
            status: 200,
            hops: vec!["https://a.example.go.id/".into()],
            body: "<title>ok</title>".into(),
            truncated: false,
        };
        let o = Observation {
            target: Target {
                host: "a.example.go.id".into(),
                agency: Some("dinas-x".into()),
                request: Some("2026-0001".into()),
                cnames: Vec::new(),
            },
            https: visit("https://a.example.go.id/", answered),
            http: visit(
                "http://a.example.go.id/",
                Outcome::Unreachable {
                    reason: "refused".into(),
                },
            ),
            cloaks: Vec::new(),
            sitemap: Vec::new(),
        };
        let now = "2026-11-20T03:04:05.678Z".parse().expect("time");
        let judged = vec![(
            o,
            vec![Problem::Timeout {
                url: "http://a.example.go.id/".into(),
            }],
        )];
        let record = Record::new(&judged, now, Lang::Id).expect("a record serializes");
        let text = record.to_json().expect("a record serializes");
        assert!(
            text.contains("\"checked_at\": \"2026-11-20T03:04:05Z\""),
            "{text}"
        );
        let back = Record::parse(&text).expect("parses");
        assert_eq!(back, record);
        assert!(!back.ok && back.names[0].reachable && back.names[0].tls_ok());
        assert_eq!(back.names[0].findings[0].code, "timeout");
        assert!(Record::parse("{\"ok\": true}").is_err());
    }
}
