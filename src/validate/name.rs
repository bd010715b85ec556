//! Subdomain names: DNS label syntax, IDNA, reserved names and their
//! look-alikes, naming policy.

pub use crate::dns::name::is_hostname;
use crate::dns::name::label_problem as syntax_problem;
use crate::input::diagnostic::{Code, Diagnostic, Hint};
use crate::input::source::Spanned;
use crate::model::config::DnsPolicy;

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
        if !policy.idn_allowed() {
            out.push(at(Code::L036).arg_words(
                "reason",
                "nama IDN (xn--) tidak diizinkan (dns.penamaan.idn_diizinkan)",
                "IDN (xn--) names are not allowed (dns.penamaan.idn_diizinkan)",
            ));
        }
    }
    let fqdn = format!("{lower}.{domain}");
    if fqdn.len() > 253 {
        out.push(at(Code::L032).arg("fqdn", fqdn));
    }
    let base_owners = policy.base.iter().map(|b| b.owner());
    if policy
        .reserved
        .iter()
        .map(|r| r.value.as_str())
        .chain(base_owners)
        .any(|r| r.eq_ignore_ascii_case(&lower))
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

/// A label as a reader sees it: an `xn--` label decoded to Unicode.
pub fn shown_form(label: &str) -> String {
    if label.starts_with("xn--") {
        let (unicode, result) = idna::domain_to_unicode(label);
        if result.is_ok() {
            return unicode;
        }
    }
    label.to_string()
}

/// The key under which look-alike labels meet: the confusable skeleton
/// (Unicode UTS #39, `unicode-security`) of the label's shown form, in
/// lower case before and after, since DNS ignores case and a `0` between
/// lower-case letters reads as `o` (the skeleton maps `0` to `O`, `1` to
/// `l`, `rn` and `m` alike, Cyrillic `е` to `e`).
pub fn skeleton(label: &str) -> String {
    let form = shown_form(label).to_lowercase();
    unicode_security::skeleton(&form)
        .collect::<String>()
        .to_lowercase()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn look_alikes_share_a_skeleton() {
        let same = |a: &str, b: &str| skeleton(a) == skeleton(b);
        assert!(same("a1pha", "alpha"), "digit one reads as l");
        assert!(same("rnail", "mail"), "rn reads as m");
        assert!(same("g00gle", "google"), "digit zero reads as o");
        assert!(same("xn--lpha-43d", "alpha"), "Cyrillic а behind punycode");
        assert!(same("xn--dnkes-n4a", "dinkes"), "dotless ı behind punycode");
        assert!(!same("dinkes", "dinsos"));
        assert!(!same("bappeda", "bapeda"));
        assert_eq!(shown_form("xn--lpha-43d"), "аlpha");
        assert_eq!(
            shown_form("xn--zz"),
            "xn--zz",
            "invalid IDNA stays as written"
        );
    }
}
