//! The reports of `loket audit`: the DNS audit's findings ([`human`],
//! [`json`], [`github`]) and the web audit's ([`web_human`],
//! [`web_github`]; its JSON is [`crate::web::record::Record`]), each
//! chosen by [`Format`] in [`render`] and [`web`]. Pure: the command
//! decides where the text goes.

use std::fmt::Write as _;

use serde_json::json;

use crate::dns::audit::Report;
use crate::input::diagnostic::Lang;
use crate::report::Format;
use crate::report::github::{escape_data, escape_property};
use crate::web::record::{Record, silent};
use crate::web::{Observation, Problem, Target};

/// The DNS audit's `report` of the zone `domain`, in `format`.
pub(crate) fn render(
    report: &Report,
    domain: &str,
    format: Format,
    lang: Lang,
) -> Result<String, serde_json::Error> {
    Ok(match format {
        Format::Human => human(report, domain, lang),
        Format::Json => json(report, domain, lang)?,
        Format::Github => github(report, domain, lang),
    })
}

/// The web audit's `judged` names, in `format` (JSON: its `record`).
pub(crate) fn web(
    judged: &[(Observation, Vec<Problem>)],
    record: &Record,
    format: Format,
    lang: Lang,
) -> Result<String, serde_json::Error> {
    Ok(match format {
        Format::Human => web_human(judged, lang),
        Format::Json => record.to_json()?,
        Format::Github => web_github(judged, lang),
    })
}

/// The DNS audit as lines for a person: one per finding and per target
/// that could not be checked, then the count.
pub(crate) fn human(report: &Report, domain: &str, lang: Lang) -> String {
    let mut out = String::new();
    for f in &report.findings {
        let _ = writeln!(
            out,
            "{}.{domain} [{}] ({}, {}): {}",
            f.name,
            f.code(),
            f.agency,
            f.request,
            f.message(lang)
        );
    }
    for u in &report.unverified {
        let _ = lang.pick(
            writeln!(
                out,
                "{}.{domain}: target CNAME {} tidak dapat diperiksa ({})",
                u.name, u.target, u.reason
            ),
            writeln!(
                out,
                "{}.{domain}: CNAME target {} could not be checked ({})",
                u.name, u.target, u.reason
            ),
        );
    }
    let _ = lang.pick(
        writeln!(out, "{} temuan", report.findings.len()),
        writeln!(out, "{} findings", report.findings.len()),
    );
    out
}

/// The DNS audit as JSON: `ok`, `findings`, `unverified`.
pub(crate) fn json(report: &Report, domain: &str, lang: Lang) -> Result<String, serde_json::Error> {
    let findings: Vec<_> = report
        .findings
        .iter()
        .map(|f| {
            json!({
                "name": f.name,
                "fqdn": format!("{}.{domain}.", f.name),
                "agency": f.agency,
                "request": f.request.to_string(),
                "code": f.code(),
                "message": f.message(lang),
            })
        })
        .collect();
    let unverified: Vec<_> = report
        .unverified
        .iter()
        .map(|u| json!({"name": u.name, "target": u.target.to_string(), "reason": u.reason}))
        .collect();
    let mut text = serde_json::to_string_pretty(&json!({
        "ok": report.findings.is_empty(),
        "findings": findings,
        "unverified": unverified,
    }))?;
    text.push('\n');
    Ok(text)
}

/// The DNS audit as workflow annotations, one error per finding.
pub(crate) fn github(report: &Report, domain: &str, lang: Lang) -> String {
    let mut out = String::new();
    for f in &report.findings {
        let _ = writeln!(
            out,
            "::error title={}::{}",
            escape_property(&format!("loket audit {} ({}.{domain})", f.code(), f.name)),
            escape_data(&f.message(lang))
        );
    }
    out
}

fn who(t: &Target) -> String {
    match (&t.agency, &t.request) {
        (Some(a), Some(r)) => format!(" ({a}, {r})"),
        _ => String::new(),
    }
}

/// The web audit as lines for a person: one per problem and per silent
/// name, then the count.
pub(crate) fn web_human(judged: &[(Observation, Vec<Problem>)], lang: Lang) -> String {
    let mut out = String::new();
    for (o, problems) in judged {
        let t = &o.target;
        for p in problems {
            let _ = writeln!(
                out,
                "{} [{}]{}: {}",
                t.host,
                p.code(),
                who(t),
                p.message(lang)
            );
        }
        if let Some(reason) = silent(o) {
            let _ = lang.pick(
                writeln!(
                    out,
                    "{}: tidak menjawab lewat HTTP maupun HTTPS ({reason})",
                    t.host
                ),
                writeln!(out, "{}: no answer over HTTP or HTTPS ({reason})", t.host),
            );
        }
    }
    let count: usize = judged.iter().map(|(_, p)| p.len()).sum();
    let _ = lang.pick(
        writeln!(out, "{} nama diperiksa, {count} temuan", judged.len()),
        writeln!(out, "{} names checked, {count} findings", judged.len()),
    );
    out
}

/// The web audit as workflow annotations, an error or a warning per problem.
pub(crate) fn web_github(judged: &[(Observation, Vec<Problem>)], lang: Lang) -> String {
    let mut out = String::new();
    for (o, problems) in judged {
        for p in problems {
            let level = if p.is_error() { "error" } else { "warning" };
            let _ = writeln!(
                out,
                "::{level} title={}::{}",
                escape_property(&format!(
                    "loket audit --web {} ({})",
                    p.code(),
                    o.target.host
                )),
                escape_data(&p.message(lang))
            );
        }
    }
    out
}
