//! `loket audit`: registrations that turned risky. Loads the instance as
//! it is (an audit must run even when today's policy refuses old
//! requests), asks a resolver about CNAME targets, reports. With `--web`:
//! fetches what every name serves ([`crate::web`]) and reports that.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;

use hickory_proto::op::ResponseCode;
use hickory_proto::rr::RecordType;
use serde_json::json;

use crate::audit_issue::{self, Action};
use crate::cli::{AuditArgs, AuditFormat};
use crate::cmd::output::emit;
use crate::cmd::{CmdError, github_client, instance_root};
use crate::diagnostic::Lang;
use crate::dns::audit::{self, Report, Resolution};
use crate::dns::name::Name;
use crate::dns::{DnsError, client};
use crate::github::GitHub;
use crate::load::{self, LoadError};
use crate::model::Config;
use crate::model::config::RecordType as Kind;
use crate::report::github::{escape_data, escape_property};
use crate::validate::registry::{self, Records, Registration};
use crate::web::fetch::{self, Resolve, Settings};
use crate::web::gambling::Words;
use crate::web::history::{Day, History};
use crate::web::record::{Record, silent};
use crate::web::{Observation, Problem, Rules, Target, takeover};

/// Runs `loket audit`.
pub fn run(root: Option<&Path>, lang: Lang, args: AuditArgs) -> Result<ExitCode, CmdError> {
    let root = instance_root(root)?;
    let instance = load::load(&root)?;
    let Some(config) = &instance.config else {
        return Err(LoadError::NoInstance(root).into());
    };
    let order = crate::cmd::merge_order(&root, "HEAD", &instance)?;
    let fold = registry::registrations(&instance, &order);
    if args.web {
        return web(config, fold.registrations.values(), lang, &args);
    }
    let resolver = match &args.resolver {
        Some(text) => client::server(text).map_err(DnsError::from)?,
        None => system_resolver()?,
    };
    let timeout = Duration::from_secs(args.timeout.max(1));
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
        AuditFormat::Github => github(&report, domain, lang),
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
    let text = std::fs::read_to_string(path).map_err(|source| CmdError::Read {
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

fn github(report: &Report, domain: &str, lang: Lang) -> String {
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

/// `loket audit --web`: the targets in merge order, the institution's own
/// names after them; fetched, judged, reported.
fn web<'a>(
    config: &Config,
    registrations: impl IntoIterator<Item = &'a Registration>,
    lang: Lang,
    args: &AuditArgs,
) -> Result<ExitCode, CmdError> {
    let domain = config
        .institution
        .domain
        .as_str()
        .trim_end_matches('.')
        .to_ascii_lowercase();
    if let Some(path) = &args.from {
        let record = crate::cmd::workspace::read_audit(path)?;
        if let Some(history) = &args.history {
            fold_history(config, &record, history)?;
        }
        if args.issues {
            return issues(config, &record, args);
        }
        if args.history.is_none() {
            return Err(CmdError::usage(
                "--from needs --issues or --history",
                "e.g. loket audit --web --from web.json --history riwayat-audit.json".to_string(),
            ));
        }
        return Ok(ExitCode::SUCCESS);
    }
    let targets = web_targets(&domain, registrations);
    let overrides = args
        .resolve
        .iter()
        .map(|pair| {
            let (name, addr) = pair.split_once('=').ok_or_else(|| {
                CmdError::usage(
                    format!("--resolve {pair}: not NAME=ADDR"),
                    "e.g. --resolve www.tapinkab.go.id=127.0.0.1".to_string(),
                )
            })?;
            let addr: IpAddr = addr.trim().parse().map_err(|_| {
                CmdError::usage(
                    format!("--resolve {pair}: `{addr}` is no IP address"),
                    "e.g. --resolve www.tapinkab.go.id=127.0.0.1".to_string(),
                )
            })?;
            Ok((name.trim().trim_end_matches('.').to_ascii_lowercase(), addr))
        })
        .collect::<Result<BTreeMap<String, IpAddr>, CmdError>>()?;
    let server = match &args.resolver {
        Some(text) => Some(client::server(text).map_err(DnsError::from)?),
        None => system_resolver().ok(),
    };
    let timeout = Duration::from_secs(args.timeout.max(1));
    let resolve: Resolve = Arc::new(move |host: &str| {
        if let Some(addr) = overrides.get(host) {
            return Ok(*addr);
        }
        let server = server.ok_or("no resolver: pass --resolver HOST:PORT")?;
        let name: Name = host.parse().map_err(|e| format!("{host}: {e}"))?;
        let answer = client::query(server, &name, RecordType::A, true, timeout)
            .map_err(|e| e.to_string())?;
        answer
            .data
            .iter()
            .find_map(|d| match d {
                hickory_proto::rr::RData::A(a) => Some(IpAddr::V4(a.0)),
                _ => None,
            })
            .ok_or_else(|| format!("{host}: no address ({:?})", answer.code))
    });
    let settings = Settings {
        timeout,
        cap: args.max_body.max(1024),
        max_redirects: 5,
        concurrency: args.concurrency.max(1),
        http_port: args.http_port,
        https_port: args.https_port,
        sitemap_urls: 10_000,
        domain: domain.clone(),
    };
    let roots = fetch::roots(args.ca_file.as_deref())?;
    let observations = fetch::observe(targets, settings, roots, resolve)?;
    let (extra, dropped): (Vec<String>, Vec<String>) = match &config.web_audit {
        Some(w) => (
            w.value
                .gambling_words
                .iter()
                .map(|s| s.value.clone())
                .collect(),
            w.value
                .not_gambling
                .iter()
                .map(|s| s.value.clone())
                .collect(),
        ),
        None => (Vec::new(), Vec::new()),
    };
    let rules = Rules {
        domain,
        words: Words::new(&extra, &dropped),
        fingerprints: takeover::shipped(),
    };
    let now = Utc::now();
    let judged: Vec<(Observation, Vec<Problem>)> = observations
        .into_iter()
        .map(|o| {
            let problems = crate::web::judge(&o, &rules, now);
            (o, problems)
        })
        .collect();
    let record = Record::new(&judged, now, lang)?;
    if let Some(history) = &args.history {
        fold_history(config, &record, history)?;
    }
    if args.issues {
        return issues(config, &record, args);
    }
    let text = match args.format {
        AuditFormat::Human => web_human(&judged, lang),
        AuditFormat::Json => record.to_json()?,
        AuditFormat::Github => web_github(&judged, lang),
    };
    emit(None, &text)?;
    let found = judged.iter().any(|(_, p)| !p.is_empty());
    Ok(if found {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// `--history FILE`: folds `record` into the audit history at `path` (a
/// new one when there is no file), dated in the institution's time zone,
/// and writes it back; says so on stderr (stdout may be the report).
fn fold_history(config: &Config, record: &Record, path: &Path) -> Result<(), CmdError> {
    let previous = match std::fs::read_to_string(path) {
        Ok(text) => History::parse(&text).map_err(|source| CmdError::AuditHistory {
            path: path.to_path_buf(),
            source,
        })?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            eprintln!(
                "warning: no audit history at {}: starting a new one",
                path.display()
            );
            History::default()
        }
        Err(source) => {
            return Err(CmdError::Read {
                path: path.to_path_buf(),
                source,
            });
        }
    };
    let tz = crate::intake::time_zone(config).unwrap_or(chrono_tz::Asia::Jakarta);
    let day = Day::of(record, record.checked_at.with_timezone(&tz).date_naive());
    let line = format!(
        "audit history {}: {} {}/{} names healthy",
        path.display(),
        day.date,
        day.healthy,
        day.checked
    );
    let history = previous.with(day);
    emit(Some(path), &history.to_json()?)?;
    eprintln!("{line} ({} audit days kept)", history.days.len());
    Ok(())
}

/// Registered names that serve something (hosted, A, AAAA or CNAME), in
/// the order given, then the domain itself and `www` when not registered.
fn web_targets<'a>(
    domain: &str,
    registrations: impl IntoIterator<Item = &'a Registration>,
) -> Vec<Target> {
    let mut targets: Vec<Target> = registrations
        .into_iter()
        .filter_map(|reg| {
            let cnames = match &reg.records {
                Records::Hosted => Vec::new(),
                Records::Own(specs) => {
                    let web = specs
                        .iter()
                        .any(|s| matches!(s.kind.value, Kind::A | Kind::Aaaa | Kind::Cname));
                    if !web {
                        return None;
                    }
                    specs
                        .iter()
                        .filter(|s| s.kind.value == Kind::Cname)
                        .filter_map(|s| s.data.trim().parse::<Name>().ok())
                        .collect()
                }
            };
            Some(Target {
                host: format!("{}.{domain}", reg.name),
                agency: Some(reg.agency.clone()),
                request: Some(reg.changed_by.to_string()),
                cnames,
            })
        })
        .collect();
    for host in [format!("www.{domain}"), domain.to_string()] {
        if !targets.iter().any(|t| t.host == host) {
            targets.push(Target {
                host,
                agency: None,
                request: None,
                cnames: Vec::new(),
            });
        }
    }
    targets
}

fn who(t: &Target) -> String {
    match (&t.agency, &t.request) {
        (Some(a), Some(r)) => format!(" ({a}, {r})"),
        _ => String::new(),
    }
}

fn web_human(judged: &[(Observation, Vec<Problem>)], lang: Lang) -> String {
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
            let _ = match lang {
                Lang::Id => writeln!(
                    out,
                    "{}: tidak menjawab lewat HTTP maupun HTTPS ({reason})",
                    t.host
                ),
                Lang::En => writeln!(out, "{}: no answer over HTTP or HTTPS ({reason})", t.host),
            };
        }
    }
    let count: usize = judged.iter().map(|(_, p)| p.len()).sum();
    let _ = match lang {
        Lang::Id => writeln!(out, "{} nama diperiksa, {count} temuan", judged.len()),
        Lang::En => writeln!(out, "{} names checked, {count} findings", judged.len()),
    };
    out
}

fn web_github(judged: &[(Observation, Vec<Problem>)], lang: Lang) -> String {
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

/// `loket audit --web --issues`: brings the open audit issues in line with
/// `record` ([`audit_issue::plan`]), or prints the plan with --dry-run.
/// The whole list of open issues is read before anything is written.
fn issues(config: &Config, record: &Record, args: &AuditArgs) -> Result<ExitCode, CmdError> {
    let people = |agency: Option<&str>| audit_issue::people(config, agency);
    let client = match (&args.repo, args.dry_run) {
        (Some(repo), _) => Some(github_client(repo, &args.api.api)?),
        (None, true) => None,
        (None, false) => {
            return Err(CmdError::usage(
                "--issues needs --repo (or GITHUB_REPOSITORY)",
                "or pass --dry-run".to_string(),
            ));
        }
    };
    let (open, assignable) = match &client {
        Some(c) => (c.audit_issues(audit_issue::LABEL)?, c.assignees()?),
        None => (Vec::new(), Vec::new()),
    };
    let plan = audit_issue::plan(record, &open, people, |login| {
        assignable.iter().any(|a| a == login)
    });
    for action in &plan {
        println!("{}", action.line());
        let Some(client) = client.as_ref().filter(|_| !args.dry_run) else {
            continue;
        };
        match action {
            Action::Open {
                title,
                body,
                assignees,
                ..
            } => {
                let number = client.create_issue(title, body, &[audit_issue::LABEL], assignees)?;
                println!("  opened #{number}");
            }
            Action::Update { number, body, .. } => client.update_issue(*number, body)?,
            Action::Unchanged { .. } => {}
            Action::Close {
                number, comment, ..
            } => {
                client.create_comment(*number, comment)?;
                client.close_issue(*number)?;
            }
        }
    }
    if plan.is_empty() {
        println!("no audit issue to open or close");
    }
    Ok(ExitCode::SUCCESS)
}
