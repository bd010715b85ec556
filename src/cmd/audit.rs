//! `loket audit`: registrations that turned risky. Loads the instance as
//! it is (an audit must run even when today's policy refuses old
//! requests), asks a resolver about CNAME targets, reports.

use std::fmt::Write as _;
use std::net::SocketAddr;
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use hickory_proto::op::ResponseCode;
use hickory_proto::rr::RecordType;
use serde_json::json;

use crate::cli::{AuditArgs, AuditFormat};
use crate::cmd::dns::emit;
use crate::cmd::{CmdError, instance_root};
use crate::diagnostic::Lang;
use crate::dns::audit::{self, Report, Resolution};
use crate::dns::{DnsError, client};
use crate::load::{self, LoadError};
use crate::validate::registry;

/// Runs `loket audit`.
pub fn run(root: Option<&Path>, lang: Lang, args: AuditArgs) -> Result<ExitCode, CmdError> {
    let root = instance_root(root)?;
    let instance = load::load(&root)?;
    let Some(config) = &instance.config else {
        return Err(LoadError::NoInstance(root).into());
    };
    let resolver = match &args.resolver {
        Some(text) => client::server(text).map_err(DnsError::from)?,
        None => system_resolver()?,
    };
    let timeout = Duration::from_secs(args.timeout.max(1));
    let order = crate::cmd::merge_order(&root, "HEAD", &instance)?;
    let fold = registry::registrations(&instance, &order);
    let report = audit::audit(
        config,
        fold.registrations.values(),
        |target| match client::query(resolver, target, RecordType::A, true, timeout) {
            Ok(answer) if answer.code == ResponseCode::NXDomain => {
                Resolution::Missing("NXDOMAIN".into())
            }
            Ok(answer) if answer.code == ResponseCode::NoError => Resolution::Resolves,
            Ok(answer) => Resolution::Unknown(format!("{:?}", answer.code)),
            Err(e) => Resolution::Unknown(e.to_string()),
        },
    );
    let domain = config.institution.domain.as_str();
    let text = match args.format {
        AuditFormat::Human => human(&report, domain, lang),
        AuditFormat::Json => json(&report, domain, lang),
    };
    emit(None, &text)?;
    Ok(if report.findings.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The first `nameserver` of /etc/resolv.conf, port 53.
fn system_resolver() -> Result<SocketAddr, CmdError> {
    let path = Path::new("/etc/resolv.conf");
    let text = std::fs::read_to_string(path).map_err(|source| CmdError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    text.lines()
        .filter_map(|l| l.trim().strip_prefix("nameserver"))
        .filter_map(|a| a.trim().parse::<std::net::IpAddr>().ok())
        .map(|ip| SocketAddr::new(ip, 53))
        .next()
        .ok_or_else(|| {
            CmdError::usage(
                "no nameserver in /etc/resolv.conf",
                "pass --resolver HOST:PORT".to_string(),
            )
        })
}

fn human(report: &Report, domain: &str, lang: Lang) -> String {
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
        let _ = match lang {
            Lang::Id => writeln!(
                out,
                "{}.{domain}: target CNAME {} tidak dapat diperiksa ({})",
                u.name, u.target, u.reason
            ),
            Lang::En => writeln!(
                out,
                "{}.{domain}: CNAME target {} could not be checked ({})",
                u.name, u.target, u.reason
            ),
        };
    }
    let _ = match lang {
        Lang::Id => writeln!(out, "{} temuan", report.findings.len()),
        Lang::En => writeln!(out, "{} findings", report.findings.len()),
    };
    out
}

fn json(report: &Report, domain: &str, lang: Lang) -> String {
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
    }))
    .unwrap_or_default();
    text.push('\n');
    text
}
