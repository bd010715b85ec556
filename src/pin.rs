//! The loket release an instance runs: the pin in `.loket-version` (one
//! line, `VERSION SHA256`, the SHA-256 being that of the release's
//! `SHA256SUMS`, so one pin covers every platform), its parsing and its
//! findings, the running binary's version and commit, and where releases
//! are published. Pure: the caller reads the file.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use crate::input::diagnostic::{Code, Diagnostic};
use crate::input::source::Span;

/// The pin's file, at the instance root.
pub const FILE: &str = ".loket-version";

/// The repository whose releases instances install (`action.yml`, the
/// `install-loket` script and the release workflow say the same; a test
/// holds them to it).
pub const UPSTREAM: &str = "diskominfo-tapin/loket";

/// The running binary's version.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The commit the running binary was built from, or `unknown`.
pub const COMMIT: &str = env!("LOKET_COMMIT");

/// What `loket --version` prints after the name: version and commit.
pub const LONG_VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (", env!("LOKET_COMMIT"), ")");

/// The release address of `version`: `SHA256SUMS` and the binaries are
/// files under it.
pub fn release_url(version: &Version) -> String {
    format!("https://github.com/{UPSTREAM}/releases/download/v{version}")
}

/// A semantic version, `MAJOR.MINOR.PATCH` with an optional `-PRE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    major: u64,
    minor: u64,
    patch: u64,
    pre: Option<String>,
}

impl Version {
    /// The running binary's version.
    pub fn running() -> Version {
        // Cargo refuses a package version that is not semver.
        VERSION.parse().unwrap_or(Version {
            major: 0,
            minor: 0,
            patch: 0,
            pre: None,
        })
    }
}

impl FromStr for Version {
    type Err = ();

    fn from_str(s: &str) -> Result<Version, ()> {
        let (core, pre) = match s.split_once('-') {
            Some((core, pre)) => (core, Some(pre)),
            None => (s, None),
        };
        let pre_ok = |p: &str| {
            !p.is_empty()
                && p.split('.').all(|part| {
                    !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                })
        };
        if pre.is_some_and(|p| !pre_ok(p)) {
            return Err(());
        }
        let mut parts = core.split('.').map(|n| {
            let leading_zero = n.len() > 1 && n.starts_with('0');
            if n.is_empty() || leading_zero || !n.bytes().all(|b| b.is_ascii_digit()) {
                None
            } else {
                n.parse::<u64>().ok()
            }
        });
        match (parts.next(), parts.next(), parts.next(), parts.next()) {
            (Some(Some(major)), Some(Some(minor)), Some(Some(patch)), None) => Ok(Version {
                major,
                minor,
                patch,
                pre: pre.map(str::to_string),
            }),
            _ => Err(()),
        }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)?;
        match &self.pre {
            Some(pre) => write!(f, "-{pre}"),
            None => Ok(()),
        }
    }
}

impl Ord for Version {
    /// Semver precedence, with pre-release parts compared as text: a
    /// pre-release comes before its release.
    fn cmp(&self, other: &Version) -> Ordering {
        (self.major, self.minor, self.patch)
            .cmp(&(other.major, other.minor, other.patch))
            .then_with(|| match (&self.pre, &other.pre) {
                (None, None) => Ordering::Equal,
                (None, Some(_)) => Ordering::Greater,
                (Some(_), None) => Ordering::Less,
                (Some(a), Some(b)) => a.cmp(b),
            })
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Version) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// A SHA-256 digest, 64 lowercase hex digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sha256(String);

impl FromStr for Sha256 {
    type Err = ();

    fn from_str(s: &str) -> Result<Sha256, ()> {
        if s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
            Ok(Sha256(s.to_string()))
        } else {
            Err(())
        }
    }
}

impl fmt::Display for Sha256 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Sha256 {
    /// The digest of `bytes`.
    pub fn of(bytes: &[u8]) -> Sha256 {
        let digest = ring::digest::digest(&ring::digest::SHA256, bytes);
        Sha256(digest.as_ref().iter().map(|b| format!("{b:02x}")).collect())
    }
}

/// An instance's pin: the version, and the SHA-256 of its `SHA256SUMS`
/// once known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pin {
    /// The release to install.
    pub version: Version,
    /// The SHA-256 of that release's `SHA256SUMS`; without it the
    /// workflows refuse to install anything.
    pub sha256: Option<Sha256>,
}

impl Pin {
    /// The file's text: one line.
    pub fn line(&self) -> String {
        match &self.sha256 {
            Some(sha) => format!("{} {sha}\n", self.version),
            None => format!("{}\n", self.version),
        }
    }
}

/// Why a pin's text is not one: where, and which message argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PinError {
    /// Where the bad part starts.
    pub span: Span,
    /// What is wrong (English words; the message template surrounds them).
    pub reason: &'static str,
    /// The same in Bahasa Indonesia.
    pub alasan: &'static str,
}

/// Parses the text of `.loket-version`: one line `VERSION [SHA256]`,
/// fields separated by spaces, nothing after.
pub fn parse(text: &str) -> Result<Pin, PinError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.lines();
    let first = lines.next().unwrap_or("");
    if let Some((n, _)) = lines.enumerate().find(|(_, l)| !l.trim().is_empty()) {
        return Err(PinError {
            span: Span::new(n as u32 + 2, 1),
            reason: "the pin is one line; nothing may follow it",
            alasan: "pin hanya satu baris; tidak boleh ada apa pun sesudahnya",
        });
    }
    let fields: Vec<(usize, &str)> = fields(first);
    let at = |i: usize| Span::new(1, first[..i].chars().count() as u32 + 1);
    let Some(&(vi, version)) = fields.first() else {
        return Err(PinError {
            span: Span::START,
            reason: "it is empty; write `VERSION SHA256`",
            alasan: "berkas kosong; tulis `VERSI SHA256`",
        });
    };
    let version = version.strip_prefix('v').unwrap_or(version);
    let Ok(version) = version.parse::<Version>() else {
        return Err(PinError {
            span: at(vi),
            reason: "the version is not MAJOR.MINOR.PATCH (e.g. 0.2.0)",
            alasan: "versi bukan MAYOR.MINOR.PATCH (misalnya 0.2.0)",
        });
    };
    let sha256 = match fields.get(1) {
        None => None,
        Some(&(si, sha)) => Some(sha.parse::<Sha256>().map_err(|()| PinError {
            span: at(si),
            reason: "the SHA-256 is not 64 lowercase hex digits",
            alasan: "SHA-256 bukan 64 digit heksadesimal huruf kecil",
        })?),
    };
    if let Some(&(ei, _)) = fields.get(2) {
        return Err(PinError {
            span: at(ei),
            reason: "only `VERSION SHA256` may be on the line",
            alasan: "baris hanya boleh memuat `VERSI SHA256`",
        });
    }
    Ok(Pin { version, sha256 })
}

/// The whitespace-separated fields of `line` with their byte offsets.
fn fields(line: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in line.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.push((s, &line[s..i]));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, &line[s..]));
    }
    out
}

/// What `loket check` says about the pin's text, for a binary of version
/// `running`: malformed (L150), no SHA-256 yet (L151), newer than the
/// running binary (L152).
pub fn findings(text: &str, running: &Version) -> Vec<Diagnostic> {
    match parse(text) {
        Err(e) => vec![
            Diagnostic::error(Code::L150, FILE, e.span).arg_words("reason", e.alasan, e.reason),
        ],
        Ok(pin) => {
            let mut out = Vec::new();
            if pin.sha256.is_none() {
                out.push(
                    Diagnostic::error(Code::L151, FILE, Span::START)
                        .warning()
                        .arg("version", &pin.version)
                        .arg("url", release_url(&pin.version)),
                );
            }
            if pin.version > *running {
                out.push(
                    Diagnostic::error(Code::L152, FILE, Span::START)
                        .warning()
                        .arg("version", &pin.version)
                        .arg("running", running),
                );
            }
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Version {
        s.parse().expect("version")
    }

    #[test]
    fn versions_order_by_semver() {
        assert!(v("0.10.0") > v("0.9.9"));
        assert!(v("1.0.0") > v("1.0.0-rc.1"));
        assert_eq!(v("0.2.0"), v("0.2.0"));
        for bad in [
            "",
            "1",
            "1.2",
            "1.2.3.4",
            "01.2.3",
            "1.2.x",
            "1.2.3-",
            "1.2.3-a..b",
        ] {
            assert!(bad.parse::<Version>().is_err(), "{bad}");
        }
        assert_eq!(v("1.2.3-rc.1").to_string(), "1.2.3-rc.1");
    }

    #[test]
    fn a_pin_round_trips_and_points_at_its_mistake() {
        let sha = "a".repeat(64);
        let pin = parse(&format!("0.2.0 {sha}\n")).expect("pin");
        assert_eq!(pin.line(), format!("0.2.0 {sha}\n"));
        assert_eq!(parse("v0.2.0\n").expect("pin").sha256, None);
        let e = |t: &str| parse(t).expect_err(t).span;
        assert_eq!(e("0.2 x"), Span::new(1, 1));
        assert_eq!(e("0.2.0  ABC"), Span::new(1, 8));
        assert_eq!(e(&format!("0.2.0 {sha} x")), Span::new(1, 72));
        assert_eq!(e("0.2.0\n\nmore"), Span::new(3, 1));
        assert_eq!(e(""), Span::START);
    }

    #[test]
    fn sha256_of_known_text() {
        assert_eq!(
            Sha256::of(b"abc").to_string(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
