//! `loket.yaml` and the service standards: references between them,
//! unique ids, valid domains and time zones.

use std::collections::BTreeMap;

use crate::input::diagnostic::{Code, Diagnostic, Hint, closest};
use crate::input::load::{CONFIG_FILE, LoadedService, SERVICES_DIR};
use crate::input::source::{Span, Spanned};
use crate::model::config::Limits;
use crate::model::{Config, DnsPolicy, RecordSpec, Request, Service};
use crate::validate::name::is_hostname;
use crate::validate::records::{check_limits, check_record, check_records};

/// The time zones of Indonesia (WIB, WITA, WIT).
pub const TIME_ZONES: &[&str] = &[
    "Asia/Jakarta",
    "Asia/Pontianak",
    "Asia/Makassar",
    "Asia/Jayapura",
];

/// Checks `loket.yaml` on its own.
pub fn check_config(config: &Config) -> Vec<Diagnostic> {
    let file = CONFIG_FILE;
    let mut out = Vec::new();
    let inst = &config.institution;
    if !is_domain(&inst.domain.value) {
        out.push(
            Diagnostic::error(Code::L096, file, inst.domain.span).arg("value", &inst.domain.value),
        );
    }
    let tz = &inst.time_zone;
    if !TIME_ZONES.contains(&tz.value.as_str()) {
        let hint = closest(&tz.value, TIME_ZONES.iter().copied()).map(Hint::DidYouMean);
        out.push(
            Diagnostic::error(Code::L092, file, tz.span)
                .arg("value", &tz.value)
                .maybe_hint(hint),
        );
    }
    out.extend(unique(
        file,
        config
            .roles
            .iter()
            .map(|r| (r.id.as_str().to_string(), r.id.span)),
    ));
    out.extend(unique(
        file,
        config
            .officers
            .iter()
            .map(|o| (o.github.as_str().to_string(), o.github.span)),
    ));
    out.extend(unique(
        file,
        config
            .agencies
            .iter()
            .map(|a| (a.id.as_str().to_string(), a.id.span)),
    ));
    out.extend(unique(
        file,
        config
            .channels
            .iter()
            .map(|c| (c.id.as_str().to_string(), c.id.span)),
    ));
    let roles: Vec<&str> = config.roles.iter().map(|r| r.id.as_str()).collect();
    for officer in &config.officers {
        for role in &officer.roles {
            out.extend(unknown_role(&roles, role.as_str(), role.span, file));
        }
    }
    for agency in &config.agencies {
        let domain = &agency.email_domain;
        if !is_domain(&domain.value) {
            out.push(Diagnostic::error(Code::L096, file, domain.span).arg("value", &domain.value));
        }
    }
    out.extend(check_records(&config.dns.hosted, &config.dns, file));
    out.extend(check_zone_policy(&config.dns, file));
    if let Some(reply) = &config.reply_letter {
        out.extend(check_reply_letter(reply, &roles, file));
    }
    out
}

/// The reply letter: a number pattern loket can fill that names the
/// request, and a signing role that exists.
fn check_reply_letter(
    reply: &crate::model::config::ReplyLetter,
    roles: &[&str],
    file: &str,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let pattern = &reply.number;
    match crate::letter::number(&pattern.value, &BTreeMap::new()) {
        Err(e) => out.push(placeholder_finding(
            Code::L111,
            file,
            pattern.span,
            &e,
            crate::letter::NUMBER_PLACEHOLDERS,
        )),
        Ok(_) if !crate::letter::is_per_request(&pattern.value) => out
            .push(Diagnostic::error(Code::L112, file, pattern.span).arg("pattern", &pattern.value)),
        Ok(_) => {}
    }
    out.extend(unknown_role(
        roles,
        reply.signer.as_str(),
        reply.signer.span,
        file,
    ));
    out
}

/// The zone's own parts: name servers, SOA mailbox and base records.
fn check_zone_policy(policy: &Spanned<DnsPolicy>, file: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for ns in &policy.name_servers {
        if !is_domain(ns.value.trim_end_matches('.')) {
            out.push(Diagnostic::error(Code::L096, file, ns.span).arg("value", &ns.value));
        }
    }
    // The SOA writes the mailbox as a name: its local part becomes a label.
    let email = policy.soa.as_ref().and_then(|s| s.email.as_ref());
    if let Some(email) = email
        && crate::validate::contact::split_email(email.value.trim())
            .is_none_or(|(local, _)| local.contains(['.', '+', '%']))
    {
        out.push(Diagnostic::error(Code::L060, file, email.span).arg("value", &email.value));
    }
    for base in &policy.base {
        if let Some(name) = &base.name
            && name.value != "@"
            && !is_hostname(&name.value)
        {
            out.push(Diagnostic::error(Code::L096, file, name.span).arg("value", &name.value));
        }
        let spec = crate::input::source::Spanned::new(
            base.span,
            crate::model::RecordSpec {
                kind: base.kind.clone(),
                data: base.data.clone(),
                ttl: base.ttl.clone(),
            },
        );
        out.extend(check_record(&spec, policy, file));
    }
    out.extend(check_base_limits(policy, policy.span, file));
    out.extend(check_limit_ceilings(policy, file));
    for service in policy.wildcard_ip.iter().flatten() {
        if !is_domain(service.value.trim_end_matches('.')) {
            out.push(
                Diagnostic::error(Code::L096, file, service.span).arg("value", &service.value),
            );
        }
    }
    out
}

/// The base records of each owner within the limits of one name, and all
/// of them within the zone's.
fn check_base_limits(policy: &DnsPolicy, dns: Span, file: &str) -> Vec<Diagnostic> {
    let limits = policy.limits();
    let mut owners: BTreeMap<String, Vec<Spanned<RecordSpec>>> = BTreeMap::new();
    for base in &policy.base {
        owners
            .entry(base.owner().to_ascii_lowercase())
            .or_default()
            .push(Spanned::new(
                base.span,
                RecordSpec {
                    kind: base.kind.clone(),
                    data: base.data.clone(),
                    ttl: base.ttl.clone(),
                },
            ));
    }
    let mut out: Vec<Diagnostic> = owners
        .values()
        .flat_map(|records| check_limits(records, &limits, file))
        .collect();
    let base = crate::validate::registry::base_bytes(policy);
    if base > limits.zone_bytes {
        let span = policy
            .limits
            .as_ref()
            .and_then(|l| l.zone_bytes.as_ref().map(|z| z.span))
            .unwrap_or(dns);
        out.push(
            Diagnostic::error(Code::L123, file, span)
                .arg("size", base)
                .arg("limit", limits.zone_bytes),
        );
    }
    out
}

/// `dns.batas` within what name servers load: an RRset of at most 100
/// records (BIND's `max-records-per-type`) and the data of a name within
/// half a DNS message.
fn check_limit_ceilings(policy: &DnsPolicy, file: &str) -> Vec<Diagnostic> {
    let Some(spec) = policy.limits.as_ref() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if let Some(per_type) = &spec.per_type
        && per_type.value > Limits::MAX_PER_TYPE
    {
        out.push(
            Diagnostic::error(Code::L124, file, per_type.span)
                .arg("key", "dns.batas.rekaman_per_tipe")
                .arg("value", per_type.value)
                .arg("max", Limits::MAX_PER_TYPE)
                .arg_words(
                    "reason",
                    "BIND 9.18.28+ menolak seluruh zona bila satu nama memuat lebih dari 100 rekaman satu tipe (max-records-per-type)",
                    "BIND 9.18.28+ refuses the whole zone when a name has more than 100 records of one type (max-records-per-type)",
                ),
        );
    }
    if let Some(bytes) = &spec.bytes_per_name
        && bytes.value > Limits::MAX_BYTES_PER_NAME
    {
        out.push(
            Diagnostic::error(Code::L124, file, bytes.span)
                .arg("key", "dns.batas.bita_per_nama")
                .arg("value", bytes.value)
                .arg("max", Limits::MAX_BYTES_PER_NAME)
                .arg_words(
                    "reason",
                    "semua rekaman satu nama harus muat dalam satu pesan DNS (65.535 bita lewat TCP) beserta tambahan per rekaman dan tanda tangan DNSSEC",
                    "every record of a name must fit one DNS message (65,535 bytes over TCP) with its per-record overhead and DNSSEC signatures",
                ),
        );
    }
    out
}

/// Checks the service standards against `loket.yaml` and each other.
pub fn check_services(config: &Config, services: &[LoadedService]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let roles: Vec<&str> = config.roles.iter().map(|r| r.id.as_str()).collect();
    let channels: Vec<&str> = config.channels.iter().map(|c| c.id.as_str()).collect();
    for loaded in services {
        let Some(service) = &loaded.service else {
            continue;
        };
        out.extend(check_service(service, &loaded.file.path, &roles, &channels));
        out.extend(check_approvable(service, config, &loaded.file.path));
    }
    out
}

/// L113: the gate lets a pull request through once every labelled stage
/// before the merge carries its label from an officer with the stage's role.
/// A service with no such stage that some officer could label (no stage, all
/// unlabelled or after the merge, or roles nobody in `petugas` holds) would
/// pass every pull request unapproved, or none: either way no officer decides.
fn check_approvable(service: &Service, config: &Config, file: &str) -> Option<Diagnostic> {
    let held = |role: &str| {
        config
            .officers
            .iter()
            .any(|o| o.roles.iter().any(|r| r.as_str() == role))
    };
    let approvable = service.stages.iter().any(|stage| {
        !stage.after_merge.unwrap_or(false) && stage.label.is_some() && held(stage.role.as_str())
    });
    (!approvable).then(|| {
        Diagnostic::error(Code::L113, file, service.id.span).arg("service", service.id.as_str())
    })
}

fn check_service(
    service: &Service,
    file: &str,
    roles: &[&str],
    channels: &[&str],
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let stem = file
        .strip_prefix(&format!("{SERVICES_DIR}/"))
        .and_then(|f| f.strip_suffix(".md"))
        .unwrap_or(file);
    if service.id.as_str() != stem {
        out.push(
            Diagnostic::error(Code::L097, file, service.id.span)
                .arg("id", service.id.as_str())
                .arg("file", stem),
        );
    }
    out.extend(unique(
        file,
        service
            .requirements
            .iter()
            .map(|r| (r.id.as_str().to_string(), r.id.span)),
    ));
    out.extend(unique(
        file,
        service
            .stages
            .iter()
            .map(|s| (s.id.as_str().to_string(), s.id.span)),
    ));
    for requirement in &service.requirements {
        if requirement.means().is_none() {
            out.push(
                Diagnostic::error(Code::L093, file, requirement.span)
                    .arg("id", requirement.id.as_str())
                    .requirement(requirement.id.as_str()),
            );
        }
        for path in [&requirement.field, &requirement.file, &requirement.link]
            .into_iter()
            .flatten()
        {
            if !Request::knows_path(&path.value) {
                out.push(
                    Diagnostic::error(Code::L094, file, path.span)
                        .arg("path", &path.value)
                        .requirement(requirement.id.as_str()),
                );
            }
        }
    }
    let mut labels: BTreeMap<String, &str> = BTreeMap::new();
    for stage in &service.stages {
        out.extend(unknown_role(
            roles,
            stage.role.as_str(),
            stage.role.span,
            file,
        ));
        if let Some(label) = &stage.label {
            match labels.get(&label.value) {
                Some(other) => out.push(
                    Diagnostic::error(Code::L095, file, label.span)
                        .arg("label", &label.value)
                        .arg("other", other),
                ),
                None => {
                    labels.insert(label.value.clone(), stage.id.as_str());
                }
            }
        }
    }
    if let Some(template) = &service.confirmation_letter
        && let Err(e) = crate::letter::render(template, &BTreeMap::new())
    {
        out.push(placeholder_finding(
            Code::L110,
            file,
            template.span,
            &e,
            crate::letter::PLACEHOLDERS,
        ));
    }
    for channel in &service.channels {
        if !channels.contains(&channel.as_str()) {
            let hint = closest(channel.as_str(), channels.iter().copied()).map(Hint::DidYouMean);
            out.push(
                Diagnostic::error(Code::L091, file, channel.span)
                    .arg("channel", channel.as_str())
                    .maybe_hint(hint),
            );
        }
    }
    out
}

/// A template or pattern loket cannot fill: the placeholder, and the ones it knows.
fn placeholder_finding(
    code: Code,
    file: &str,
    span: Span,
    e: &crate::letter::LetterError,
    known: &[(&str, &str)],
) -> Diagnostic {
    Diagnostic::error(code, file, span)
        .arg("name", e.placeholder())
        .hint(Hint::OneOf(
            known.iter().map(|(p, _)| format!("{{{p}}}")).collect(),
        ))
}

fn unknown_role(roles: &[&str], role: &str, span: Span, file: &str) -> Option<Diagnostic> {
    (!roles.contains(&role)).then(|| {
        let hint = closest(role, roles.iter().copied()).map(Hint::DidYouMean);
        Diagnostic::error(Code::L090, file, span)
            .arg("role", role)
            .maybe_hint(hint)
    })
}

/// L014 for every id seen before in the same list.
pub fn unique(file: &str, ids: impl Iterator<Item = (String, Span)>) -> Vec<Diagnostic> {
    let mut seen: BTreeMap<String, Span> = BTreeMap::new();
    let mut out = Vec::new();
    for (id, span) in ids {
        match seen.get(&id) {
            Some(first) => out.push(
                Diagnostic::error(Code::L014, file, span)
                    .arg("id", &id)
                    .arg("line", first.line),
            ),
            None => {
                seen.insert(id, span);
            }
        }
    }
    out
}

/// Whether `name` is a domain of at least two labels.
pub fn is_domain(name: &str) -> bool {
    name.contains('.') && !name.ends_with('.') && is_hostname(name) && !name.contains('_')
}
