//! Domain names as values that cannot be invalid: [`Label`] (one
//! subdomain label an agency may hold) and [`Name`] (a host name such as a
//! CNAME target).
//!
//! Both hold only `a-z`, `0-9`, `-` (and `_` inside a [`Name`]) and dots,
//! so nothing they print can break a zone file. `FromStr` validates,
//! `Display` writes text that parses back to the same value.

use std::fmt;
use std::str::FromStr;

/// The longest label, in characters (RFC 1035).
pub const MAX_LABEL: usize = 63;
/// The longest name written without its final dot (RFC 1035: 255 octets on the wire).
pub const MAX_NAME: usize = 253;

/// What breaks subdomain label syntax (RFC 1035 letters-digits-hyphen,
/// RFC 5891 for `xn--`), in Bahasa Indonesia and English; `None` when
/// `label` (already lower case) is a valid label.
pub fn label_problem(label: &str) -> Option<(&'static str, &'static str)> {
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
    if label.len() > MAX_LABEL {
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

/// Whether `name` is a valid host name (labels joined by dots, optional
/// final dot; letters of either case, digits, `-` and `_`), as used for
/// CNAME and MX targets and domains.
pub fn is_hostname(name: &str) -> bool {
    let name = name.strip_suffix('.').unwrap_or(name);
    !name.is_empty()
        && name.len() <= MAX_NAME
        && name.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= MAX_LABEL
                && l.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
                && !l.starts_with('-')
                && !l.ends_with('-')
        })
}

/// One subdomain label an agency may hold: lower-case LDH, at most 63
/// characters, `xn--` only as valid IDNA.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Label(String);

impl Label {
    /// The label as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for Label {
    type Err = InvalidName;
    fn from_str(s: &str) -> Result<Self, InvalidName> {
        if label_problem(s).is_some() {
            return Err(InvalidName(s.to_string()));
        }
        if s.starts_with("xn--") && idna::domain_to_unicode(s).1.is_err() {
            return Err(InvalidName(s.to_string()));
        }
        Ok(Label(s.to_string()))
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A host name, stored in lower case without its final dot; `Display`
/// writes it fully qualified (`mx.example.com.`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Name(String);

impl Name {
    /// The name without its final dot.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A label as a (relative) name: every label is one.
    pub fn from_label(label: &Label) -> Name {
        Name(label.0.clone())
    }

    /// `label.self`, when it is not too long.
    pub fn child(&self, label: &str) -> Result<Name, InvalidName> {
        format!("{label}.{}", self.0).parse()
    }

    /// The part of `self` in front of `.origin` (`None` when `self` is not
    /// below `origin`, `Some("")` when it is `origin`).
    pub fn relative_to(&self, origin: &Name) -> Option<&str> {
        if self == origin {
            return Some("");
        }
        self.0
            .strip_suffix(origin.as_str())
            .and_then(|s| s.strip_suffix('.'))
    }
}

impl FromStr for Name {
    type Err = InvalidName;
    /// Accepts either case and an optional final dot.
    fn from_str(s: &str) -> Result<Self, InvalidName> {
        if !is_hostname(s) {
            return Err(InvalidName(s.to_string()));
        }
        let bare = s.strip_suffix('.').unwrap_or(s);
        Ok(Name(bare.to_ascii_lowercase()))
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.", self.0)
    }
}

/// A text that is not a valid label or name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a valid DNS name")]
pub struct InvalidName(pub String);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_refuse_what_a_zone_file_cannot_hold() {
        let long = "a".repeat(64);
        for bad in [
            "", "-a", "a-", "a_b", "A", "*", "@", "a.b", "..", "ab--c", &long, "a b", "a;b",
            "xn--a",
        ] {
            assert!(bad.parse::<Label>().is_err(), "{bad:?}");
        }
        for good in ["a", "dinkes", "xn--mnchen-3ya", &"a".repeat(63)] {
            assert_eq!(good.parse::<Label>().unwrap().to_string(), good);
        }
    }

    #[test]
    fn names_round_trip_in_lower_case() {
        let n: Name = "Bappeda-Tapin.GitHub.io.".parse().unwrap();
        assert_eq!(n.to_string(), "bappeda-tapin.github.io.");
        assert_eq!(n.to_string().parse::<Name>().unwrap(), n);
        let origin: Name = "github.io".parse().unwrap();
        assert_eq!(n.relative_to(&origin), Some("bappeda-tapin"));
        assert_eq!(origin.relative_to(&origin), Some(""));
        assert_eq!(origin.relative_to(&n), None);
        for bad in ["", ".", "a..b", "a b", "a;b.c", "a\nb", "-a.b", "\"a\""] {
            assert!(bad.parse::<Name>().is_err(), "{bad:?}");
        }
        let l63 = "a".repeat(63);
        let max = format!("{l63}.{l63}.{l63}.{}", "b".repeat(61));
        assert_eq!(max.len(), 253);
        assert!(max.parse::<Name>().is_ok());
        assert!(format!("a{max}").parse::<Name>().is_err());
    }
}
