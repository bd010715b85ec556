//! DNS records in requests and the policy: types, addresses, CNAME, MX,
//! TXT, CAA and TTL.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use ipnet::IpNet;

use crate::diagnostic::{Code, Diagnostic};
pub use crate::dns::record::MAX_TXT_BYTES;
use crate::dns::record::Record;
use crate::model::config::{DnsPolicy, RecordSpec, RecordType};
use crate::source::Spanned;
use crate::validate::name::is_hostname;

/// Words that start a zone-file directive; a TXT value holding one is
/// refused, although the zone writer would quote it harmlessly, so that no
/// tool that copies values around can be tricked by it.
const DIRECTIVES: &[&str] = &["$include", "$origin", "$ttl", "$generate"];

/// Special-purpose ranges that must never be a record's target (IANA
/// special-purpose registries), with what each is for.
const SPECIAL_V4: &[(&str, &str)] = &[
    ("0.0.0.0/8", "this network"),
    ("10.0.0.0/8", "private-use"),
    ("100.64.0.0/10", "shared address space (CGNAT)"),
    ("127.0.0.0/8", "loopback"),
    ("169.254.0.0/16", "link-local"),
    ("172.16.0.0/12", "private-use"),
    ("192.0.0.0/24", "IETF protocol assignments"),
    ("192.0.2.0/24", "documentation (TEST-NET-1)"),
    ("192.88.99.0/24", "6to4 relay anycast"),
    ("192.168.0.0/16", "private-use"),
    ("198.18.0.0/15", "benchmarking"),
    ("198.51.100.0/24", "documentation (TEST-NET-2)"),
    ("203.0.113.0/24", "documentation (TEST-NET-3)"),
    ("224.0.0.0/4", "multicast"),
    ("240.0.0.0/4", "reserved"),
    ("255.255.255.255/32", "limited broadcast"),
];

const SPECIAL_V6: &[(&str, &str)] = &[
    ("::/128", "unspecified"),
    ("::1/128", "loopback"),
    ("::ffff:0:0/96", "IPv4-mapped"),
    ("64:ff9b::/96", "IPv4-IPv6 translation"),
    ("100::/64", "discard-only"),
    ("2001:db8::/32", "documentation"),
    ("2001::/23", "IETF protocol assignments"),
    ("fc00::/7", "unique-local"),
    ("fe80::/10", "link-local"),
    ("ff00::/8", "multicast"),
];

/// Parts of 2001::/23 that IANA marks globally reachable.
const GLOBAL_IN_2001_23: &[&str] = &["2001:3::/32", "2001:4:112::/48", "2001:20::/28"];

/// The special-purpose range holding `ip`, if any, and its purpose.
pub fn special_range(ip: IpAddr) -> Option<(&'static str, &'static str)> {
    let contains = |net: &str| net.parse::<IpNet>().is_ok_and(|n| n.contains(&ip));
    let table = match ip {
        IpAddr::V4(_) => SPECIAL_V4,
        IpAddr::V6(_) => SPECIAL_V6,
    };
    table.iter().copied().find(|(net, _)| {
        contains(net) && !(*net == "2001::/23" && GLOBAL_IN_2001_23.iter().any(|g| contains(g)))
    })
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
    out
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
            Ok(ip) => out.extend(special(IpAddr::V4(ip), at(Code::L042))),
            Err(_) => out.push(at(Code::L041).arg("type", "IPv4")),
        },
        RecordType::Aaaa => match text.parse::<Ipv6Addr>() {
            Ok(ip) => out.extend(special(IpAddr::V6(ip), at(Code::L042))),
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
            } else if let Some(denied) = policy.denied_cname_targets.iter().find(|d| {
                let d = d.value.trim_end_matches('.').to_ascii_lowercase();
                target == d || target.ends_with(&format!(".{d}"))
            }) {
                out.push(
                    Diagnostic::error(Code::L044, file, value.span)
                        .arg("target", text)
                        .arg("reason", format!("*.{} (cname_dilarang)", denied.value)),
                );
            }
        }
        RecordType::Mx => {
            if !valid_mx(text) {
                out.push(at(Code::L045));
            }
        }
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

fn special(ip: IpAddr, base: Diagnostic) -> Option<Diagnostic> {
    special_range(ip).map(|(range, purpose)| base.arg("range", range).arg("purpose", purpose))
}

fn valid_mx(text: &str) -> bool {
    Record::parse(RecordType::Mx, text).is_ok()
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
        assert_eq!(range("2001:2::1"), Some("2001::/23"));
        assert_eq!(range("2001:20::1"), None);
        assert_eq!(range("2400:cb00::1"), None);
        assert_eq!(range("::ffff:10.0.0.1"), Some("::ffff:0:0/96"));
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
