//! DNS records in requests and the policy: types, addresses, CNAME and MX
//! targets, TXT, CAA, TTL, and the limits of one name.

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

pub use crate::dns::record::MAX_TXT_BYTES;
use crate::dns::record::Record;
use crate::dns::special;
use crate::input::diagnostic::{Code, Diagnostic};
use crate::input::source::Spanned;
use crate::model::config::{DnsPolicy, Limits, RecordSpec, RecordType};
use crate::validate::name::is_hostname;

/// Words that start a zone-file directive; a TXT value holding one is
/// refused, although the zone writer would quote it harmlessly, so that no
/// tool that copies values around can be tricked by it.
const DIRECTIVES: &[&str] = &["$include", "$origin", "$ttl", "$generate"];

/// The special-purpose block holding `ip`, if any: its network and name
/// (see [`crate::dns::special`], the one table).
pub fn special_range(ip: IpAddr) -> Option<(&'static str, &'static str)> {
    special::refusal(ip).map(|r| (r.block.net, r.block.name))
}

/// Checks the records of one name; `file` is where they were written.
pub fn check_records(
    records: &[Spanned<RecordSpec>],
    policy: &DnsPolicy,
    file: &str,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for record in records {
        out.extend(check_record(record, policy, file));
        if record.kind.value == RecordType::Cname && records.len() > 1 {
            out.push(Diagnostic::error(Code::L043, file, record.span));
        }
    }
    out.extend(check_limits(records, &policy.limits(), file));
    out
}

/// The limits of `dns.batas` on the records of one name: how many, how
/// many of one type (one RRset), how many bytes of data. Each is reported
/// once, at the first record past it.
pub fn check_limits(
    records: &[Spanned<RecordSpec>],
    limits: &Limits,
    file: &str,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if let Some(first_over) = records.get(limits.per_name as usize) {
        out.push(
            Diagnostic::error(Code::L120, file, first_over.span)
                .arg("count", records.len())
                .arg("limit", limits.per_name),
        );
    }
    let mut per_type: BTreeMap<RecordType, Vec<&Spanned<RecordSpec>>> = BTreeMap::new();
    for record in records {
        per_type.entry(record.kind.value).or_default().push(record);
    }
    for (kind, of_kind) in &per_type {
        if let Some(first_over) = of_kind.get(limits.per_type as usize) {
            out.push(
                Diagnostic::error(Code::L121, file, first_over.span)
                    .arg("count", of_kind.len())
                    .arg("type", kind)
                    .arg("limit", limits.per_type),
            );
        }
    }
    let sizes: Vec<usize> = records.iter().map(|r| data_bytes(&r.value)).collect();
    let total: usize = sizes.iter().sum();
    let mut running = 0;
    for (record, size) in records.iter().zip(&sizes) {
        running += size;
        if running > limits.bytes_per_name as usize {
            out.push(
                Diagnostic::error(Code::L122, file, record.span)
                    .arg("size", total)
                    .arg("limit", limits.bytes_per_name),
            );
            break;
        }
    }
    out
}

/// The bytes of data `spec` puts on the wire; a record that does not parse
/// counts nothing (its own finding refuses it).
pub fn data_bytes(spec: &RecordSpec) -> usize {
    bytes_of(spec.kind.value, &spec.data)
}

/// The bytes of data a record of `kind` with `data` puts on the wire (0
/// when it does not parse).
pub fn bytes_of(kind: RecordType, data: &str) -> usize {
    Record::parse(kind, data).map_or(0, |r| r.wire_len())
}

/// Checks one record against the policy and its type's syntax.
pub fn check_record(
    record: &Spanned<RecordSpec>,
    policy: &DnsPolicy,
    file: &str,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let kind = record.kind.value;
    let value = &record.data;
    let at = |code| Diagnostic::error(code, file, value.span).arg("value", &value.value);
    if !policy.allowed_types.is_empty() && !policy.allowed_types.iter().any(|t| t.value == kind) {
        let allowed: Vec<&str> = policy
            .allowed_types
            .iter()
            .map(|t| t.value.as_str())
            .collect();
        out.push(
            Diagnostic::error(Code::L040, file, record.kind.span)
                .arg("type", kind)
                .arg("allowed", allowed.join(", ")),
        );
    }
    if let Some(ttl) = &record.ttl {
        let (min, max, _) = policy.ttl_bounds();
        if ttl.value < min || ttl.value > max {
            out.push(
                Diagnostic::error(Code::L048, file, ttl.span)
                    .arg("ttl", ttl.value)
                    .arg("min", min)
                    .arg("max", max),
            );
        }
    }
    let text = value.value.trim();
    match kind {
        RecordType::A => match text.parse::<Ipv4Addr>() {
            Ok(ip) => out.extend(special(IpAddr::V4(ip), value, file)),
            Err(_) => out.push(at(Code::L041).arg("type", "IPv4")),
        },
        RecordType::Aaaa => match text.parse::<Ipv6Addr>() {
            Ok(ip) => out.extend(special(IpAddr::V6(ip), value, file)),
            Err(_) => out.push(at(Code::L041).arg("type", "IPv6")),
        },
        RecordType::Cname => {
            let target = text.to_ascii_lowercase();
            let target = target.trim_end_matches('.');
            if !is_hostname(target) {
                out.push(
                    Diagnostic::error(Code::L044, file, value.span)
                        .arg("target", text)
                        .arg_words(
                            "reason",
                            "bukan nama host yang sah",
                            "not a valid host name",
                        ),
                );
            } else {
                if let Some(denied) = policy.denied_cname_targets.iter().find(|d| {
                    let d = d.value.trim_end_matches('.').to_ascii_lowercase();
                    target == d || target.ends_with(&format!(".{d}"))
                }) {
                    out.push(
                        Diagnostic::error(Code::L044, file, value.span)
                            .arg("target", text)
                            .arg("reason", format!("*.{} (cname_dilarang)", denied.value)),
                    );
                }
                out.extend(check_target(kind, target, text, value.span, policy, file));
            }
        }
        RecordType::Mx => match Record::parse(RecordType::Mx, text) {
            Ok(Record::Mx { exchange, .. }) => out.extend(check_target(
                kind,
                exchange.as_str(),
                &exchange.to_string(),
                value.span,
                policy,
                file,
            )),
            _ => out.push(at(Code::L045)),
        },
        RecordType::Txt => {
            if let Some((id, en)) = txt_problem(&value.value) {
                out.push(at(Code::L046).arg_words("reason", id, en));
            }
        }
        RecordType::Caa => {
            if !valid_caa(text) {
                out.push(at(Code::L047));
            }
        }
    }
    out
}

/// L042 for an address in a special-purpose block; an address judged by
/// the IPv4 address it carries (6to4) shows that address.
fn special(ip: IpAddr, value: &Spanned<String>, file: &str) -> Option<Diagnostic> {
    special::refusal(ip).map(|r| {
        Diagnostic::error(Code::L042, file, value.span)
            .arg("value", r.shown(value.value.trim()))
            .arg("range", r.block.net)
            .arg("purpose", r.block.name)
            .arg("source", r.block.source)
    })
}

/// L125 for a CNAME or MX target (`target`: lower case, no final dot)
/// that is a special-use name or under a wildcard-IP service: such a name
/// leads to loopback, a private network or any address it spells, past
/// the address rules.
fn check_target(
    kind: RecordType,
    target: &str,
    written: &str,
    span: crate::input::source::Span,
    policy: &DnsPolicy,
    file: &str,
) -> Option<Diagnostic> {
    let at = || {
        Diagnostic::error(Code::L125, file, span)
            .arg("type", kind)
            .arg("target", written)
    };
    if let Some((name, source)) = special::special_name(target) {
        return Some(
            at().arg_words("reason", "nama domain khusus", "special-use domain name")
                .arg("suffix", name)
                .arg("source", source),
        );
    }
    policy
        .wildcard_ip()
        .into_iter()
        .find(|service| !service.is_empty() && special::is_under(target, service))
        .map(|service| {
            at().arg_words(
                "reason",
                "di bawah layanan IP wildcard (nama apa pun menjadi alamat yang dieja namanya)",
                "under the wildcard-IP service (any name becomes the address it spells)",
            )
            .arg("suffix", service)
            .arg("source", "dns.layanan_ip_wildcard")
        })
}

fn txt_problem(text: &str) -> Option<(&'static str, &'static str)> {
    if text.chars().any(|c| c.is_control()) {
        return Some((
            "memuat karakter kendali (baris baru, tab atau sejenisnya)",
            "contains control characters (line breaks, tabs or the like)",
        ));
    }
    if text.len() > MAX_TXT_BYTES {
        return Some(("lebih dari 2048 bita", "longer than 2048 bytes"));
    }
    if text.is_empty() {
        return Some(("kosong", "empty"));
    }
    if text.contains(['"', '\\']) {
        return Some((
            "memuat tanda kutip atau garis miring terbalik; loket menambahkan kutip sendiri",
            "contains quotes or backslashes; loket adds the quotes itself",
        ));
    }
    if !text.is_ascii() {
        // Legal in DNS, but octoDNS refuses it and resolvers show it as
        // escapes; SPF, DKIM and verification tokens are ASCII.
        return Some(("memuat huruf non-ASCII", "contains non-ASCII characters"));
    }
    let lower = text.to_ascii_lowercase();
    if DIRECTIVES.iter().any(|d| lower.contains(d)) {
        return Some((
            "memuat direktif berkas zona ($INCLUDE, $ORIGIN, $TTL, $GENERATE)",
            "contains a zone-file directive ($INCLUDE, $ORIGIN, $TTL, $GENERATE)",
        ));
    }
    None
}

fn valid_caa(text: &str) -> bool {
    Record::parse(RecordType::Caa, text).is_ok()
}

/// CNAMEs pointing at the zone's apex or back at the request's own name
/// (`names`: the subdomain and, for a rename, the new one).
pub fn check_cname_loops(
    records: &[Spanned<RecordSpec>],
    names: &[&str],
    domain: &str,
    file: &str,
) -> Vec<Diagnostic> {
    let domain = domain.trim_end_matches('.').to_ascii_lowercase();
    records
        .iter()
        .filter(|r| r.kind.value == RecordType::Cname)
        .filter_map(|r| {
            let target = r
                .data
                .value
                .trim()
                .trim_end_matches('.')
                .to_ascii_lowercase();
            let reason = if target == domain {
                ("menunjuk apex zona", "points at the zone's apex")
            } else if names
                .iter()
                .any(|n| target == format!("{}.{domain}", n.to_ascii_lowercase()))
            {
                ("menunjuk dirinya sendiri", "points at itself")
            } else {
                return None;
            };
            Some(
                Diagnostic::error(Code::L044, file, r.data.span)
                    .arg("target", &r.data.value)
                    .arg_words("reason", reason.0, reason.1),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn special_ranges() {
        let range = |s: &str| special_range(s.parse().unwrap()).map(|(r, _)| r);
        assert_eq!(range("10.1.2.3"), Some("10.0.0.0/8"));
        assert_eq!(range("100.64.0.1"), Some("100.64.0.0/10"));
        assert_eq!(range("203.0.113.5"), Some("203.0.113.0/24"));
        assert_eq!(range("103.28.12.10"), None);
        assert_eq!(range("2001:db8::1"), Some("2001:db8::/32"));
        assert_eq!(range("2001:2::1"), Some("2001:2::/48"));
        assert_eq!(range("2001:20::1"), Some("2001:20::/28"));
        assert_eq!(range("2400:cb00::1"), None);
        assert_eq!(range("::ffff:10.0.0.1"), Some("::ffff:0:0/96"));
    }

    fn valid_mx(text: &str) -> bool {
        Record::parse(RecordType::Mx, text).is_ok()
    }

    #[test]
    fn mx_and_caa_syntax() {
        assert!(valid_mx("10 mail.example.com."));
        assert!(!valid_mx("mail.example.com"));
        assert!(!valid_mx("10 mail.example.com extra"));
        assert!(valid_caa("0 issue \"letsencrypt.org\""));
        assert!(!valid_caa("0 issue letsencrypt.org"));
        assert!(!valid_caa("0 foo \"x\""));
    }
}
