//! Subdomain names: DNS label syntax, IDNA, reserved names, naming policy.

use crate::diagnostic::{Code, Diagnostic, Hint};
use crate::model::config::DnsPolicy;
use crate::source::Spanned;

/// Checks one requested subdomain label; `domain` is the parent domain.
pub fn check_label(
    name: &Spanned<String>,
    domain: &str,
    policy: &DnsPolicy,
    file: &str,
) -> Vec<Diagnostic> {
    let at = |code| Diagnostic::error(code, file, name.span).arg("name", &name.value);
    let label = name.value.as_str();
    let mut out = Vec::new();
    if !label.is_ascii() {
        let ascii = idna::domain_to_ascii(label)
            .ok()
            .filter(|a| !a.contains('.'));
        out.push(at(Code::L033).maybe_hint(ascii.map(Hint::Punycode)));
        return out;
    }
    if label.bytes().any(|b| b.is_ascii_uppercase()) {
        out.push(at(Code::L031).maybe_hint(suggestion(label).map(Hint::DidYouMean)));
    }
    let lower = label.to_ascii_lowercase();
    if let Some((id, en)) = syntax_problem(&lower) {
        out.push(at(Code::L030).arg_words("reason", id, en));
        return out;
    }
    if lower.starts_with("xn--") {
        let (_, result) = idna::domain_to_unicode(&lower);
        if result.is_err() {
            out.push(at(Code::L033));
            return out;
        }
    }
    let fqdn = format!("{lower}.{domain}");
    if fqdn.len() > 253 {
        out.push(at(Code::L032).arg("fqdn", fqdn));
    }
    if policy
        .reserved
        .iter()
        .any(|r| r.value.eq_ignore_ascii_case(&lower))
    {
        out.push(at(Code::L034));
    }
    out.extend(
        policy_problems(&lower, policy)
            .into_iter()
            .map(|(id, en, detail)| {
                let d = at(Code::L036);
                match detail {
                    Some(word) => d.arg("reason", format!("{id} `{word}` / {en}")),
                    None => d.arg_words("reason", id, en),
                }
            }),
    );
    out
}

/// A valid label close to `label`: lower case, other characters as hyphens.
pub fn suggestion(label: &str) -> Option<String> {
    let mapped: String = label
        .chars()
        .map(|c| c.to_ascii_lowercase())
        .map(|c| {
            if c.is_ascii_lowercase() || c.is_ascii_digit() {
                c
            } else {
                '-'
            }
        })
        .collect();
    let trimmed = mapped.trim_matches('-').to_string();
    syntax_problem(&trimmed).is_none().then_some(trimmed)
}

/// What breaks DNS label syntax (RFC 1035 letters-digits-hyphen, RFC 5891).
fn syntax_problem(label: &str) -> Option<(&'static str, &'static str)> {
    if label.is_empty() {
        return Some(("kosong", "empty"));
    }
    if label.contains('.') {
        return Some((
            "hanya satu label, tanpa titik",
            "one label only, without dots",
        ));
    }
    if !label
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Some((
            "hanya huruf a-z, angka 0-9 dan tanda hubung",
            "only letters a-z, digits 0-9 and hyphens",
        ));
    }
    if label.starts_with('-') || label.ends_with('-') {
        return Some((
            "tidak boleh diawali atau diakhiri tanda hubung",
            "must not start or end with a hyphen",
        ));
    }
    if label.len() > 63 {
        return Some(("lebih dari 63 karakter", "longer than 63 characters"));
    }
    if label.get(2..4) == Some("--") && !label.starts_with("xn--") {
        return Some((
            "tanda hubung ganda di posisi 3–4 khusus untuk IDNA (xn--)",
            "a double hyphen at positions 3–4 is reserved for IDNA (xn--)",
        ));
    }
    None
}

type PolicyProblem = (&'static str, &'static str, Option<String>);

fn policy_problems(label: &str, policy: &DnsPolicy) -> Vec<PolicyProblem> {
    let naming = policy.naming.as_ref();
    let min = naming.and_then(|n| n.min_length).unwrap_or(2) as usize;
    let max = naming.and_then(|n| n.max_length).unwrap_or(63) as usize;
    let mut out = Vec::new();
    if label.len() < min {
        out.push(("terlalu pendek", "too short", Some(format!("< {min}"))));
    }
    if label.len() > max {
        out.push(("terlalu panjang", "too long", Some(format!("> {max}"))));
    }
    if label.bytes().all(|b| b.is_ascii_digit()) {
        out.push(("hanya angka", "digits only", None));
    }
    for word in naming.iter().flat_map(|n| n.forbidden_words.iter()) {
        if label.contains(word.value.to_ascii_lowercase().as_str()) {
            out.push((
                "memuat kata terlarang",
                "contains a forbidden word",
                Some(word.value.clone()),
            ));
        }
    }
    out
}

/// Whether `name` is a valid host name (labels joined by dots, optional
/// final dot), as used for CNAME and MX targets and domains.
pub fn is_hostname(name: &str) -> bool {
    let name = name.strip_suffix('.').unwrap_or(name);
    !name.is_empty()
        && name.len() <= 253
        && name.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && l.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
                && !l.starts_with('-')
                && !l.ends_with('-')
        })
}
