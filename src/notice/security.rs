//! Security notices: the agency is told once of each finding the web
//! audit makes on a name it holds (`loket notify --audit`). This module
//! owns their ledger, hidden lines at the end of the name's audit issue
//! ([`crate::audit_issue`]), one per finding and channel:
//!
//! ```text
//! <!-- loket:pemberitahuan-keamanan -->
//! <!-- loket:pemberitahuan-keamanan dinkes.tapinkab.go.id gambling 2026-11-20T03:00:00Z email -->
//! ```
//!
//! A notice's identity is (name, finding code) while the issue is open: a
//! finding that goes away closes the issue, and when it comes back a new
//! issue (with an empty ledger) announces it again. The time is the audit
//! run that sent it, for the daily cap. As with the status notices' ledger
//! only entries after the **last** header count and only the canonical
//! form; an issue body quotes audit messages above it, escaped onto one
//! line, so they cannot add an entry. Pure.

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, SecondsFormat, Utc};

use crate::notice::Channel;
use crate::notice::ledger::to_second;

/// The line that opens the ledger.
pub const HEADER: &str = "<!-- loket:pemberitahuan-keamanan -->";

const PREFIX: &str = "<!-- loket:pemberitahuan-keamanan ";
const SUFFIX: &str = " -->";
/// Longer lines are not entries.
const MAX_LINE: usize = 400;

/// The kind's word in template names: `keamanan.txt`.
pub const KIND: &str = "keamanan";

/// One security notice sent.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Entry {
    /// The name (`dinkes.tapinkab.go.id`).
    pub host: String,
    /// The finding's code (`gambling`).
    pub code: String,
    /// When the audit that sent it ran, to the second.
    pub at: DateTime<Utc>,
    /// How it was sent.
    pub channel: Channel,
}

/// A host or a code as an entry holds it: lower-case letters, digits,
/// `-` and `.`, nothing that could end the comment.
fn word(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
}

impl Entry {
    /// An entry; `at` is cut to the second. `None` when the host or code
    /// holds anything but lower-case letters, digits, `-` and `.`.
    pub fn new(host: &str, code: &str, at: DateTime<Utc>, channel: Channel) -> Option<Entry> {
        (word(host) && word(code)).then(|| Entry {
            host: host.to_string(),
            code: code.to_string(),
            at: to_second(at),
            channel,
        })
    }

    /// Whether this entry records the finding `code` of `host` on `channel`.
    pub fn is(&self, host: &str, code: &str, channel: Channel) -> bool {
        self.host == host && self.code == code && self.channel == channel
    }
}

impl fmt::Display for Entry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{PREFIX}{} {} {} {}{SUFFIX}",
            self.host,
            self.code,
            self.at.to_rfc3339_opts(SecondsFormat::Secs, true),
            self.channel
        )
    }
}

impl FromStr for Entry {
    type Err = ();
    fn from_str(line: &str) -> Result<Self, ()> {
        if line.len() > MAX_LINE {
            return Err(());
        }
        let inner = line
            .strip_prefix(PREFIX)
            .and_then(|l| l.strip_suffix(SUFFIX))
            .ok_or(())?;
        let mut words = inner.split(' ');
        let (Some(host), Some(code), Some(at), Some(channel), None) = (
            words.next(),
            words.next(),
            words.next(),
            words.next(),
            words.next(),
        ) else {
            return Err(());
        };
        let at = DateTime::parse_from_rfc3339(at).map_err(|_| ())?;
        let entry = Entry::new(host, code, at.with_timezone(&Utc), channel.parse()?).ok_or(())?;
        (entry.to_string() == line).then_some(entry).ok_or(())
    }
}

/// The security notices sent, as read from an issue.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ledger(BTreeSet<Entry>);

impl Ledger {
    /// Whether the finding `code` of `host` was sent over `channel`.
    pub fn sent(&self, host: &str, code: &str, channel: Channel) -> bool {
        self.0.iter().any(|e| e.is(host, code, channel))
    }

    /// Records `entry`; false when it was there already.
    pub fn insert(&mut self, entry: Entry) -> bool {
        self.0.insert(entry)
    }

    /// The entries, in order.
    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.0.iter()
    }
}

/// A body split into its text (everything before the last [`HEADER`]
/// line, or all of it) and its ledger (the entries after it).
pub fn split(body: &str) -> (&str, Ledger) {
    let mut offset = 0;
    let mut header = None;
    for line in body.split_inclusive('\n') {
        if line.trim_end_matches(['\n', '\r']) == HEADER {
            header = Some(offset);
        }
        offset += line.len();
    }
    let Some(at) = header else {
        return (body, Ledger::default());
    };
    let entries = body[at..]
        .lines()
        .skip(1)
        .filter_map(|l| l.trim_end_matches('\r').parse().ok())
        .collect();
    (&body[..at], Ledger(entries))
}

/// `text` followed by the ledger: a blank line, [`HEADER`], one line per
/// entry; always the last block of the body.
pub fn attach(text: &str, ledger: &Ledger) -> String {
    let mut out = text.trim_end().to_string();
    out.push_str("\n\n");
    out.push_str(HEADER);
    out.push('\n');
    for entry in ledger.entries() {
        out.push_str(&entry.to_string());
        out.push('\n');
    }
    out
}

/// `new` (a freshly rendered body) carrying the ledger of `old`.
pub fn carry(new: &str, old: Option<&str>) -> String {
    attach(new, &old.map(|o| split(o).1).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at() -> DateTime<Utc> {
        "2026-11-20T03:00:00.5Z".parse().expect("time")
    }

    #[test]
    fn an_entry_round_trips_and_only_its_canonical_form_counts() {
        let e = Entry::new("a.tapinkab.go.id", "gambling", at(), Channel::Email).expect("entry");
        let line = e.to_string();
        assert_eq!(
            line,
            "<!-- loket:pemberitahuan-keamanan a.tapinkab.go.id gambling 2026-11-20T03:00:00Z email -->"
        );
        assert_eq!(line.parse::<Entry>(), Ok(e));
        for bad in [
            line.replace("03:00:00Z", "03:00:00+00:00"),
            line.replace(" email", "  email"),
            line.replace("a.tapinkab", "A.tapinkab"),
            line.replace("gambling", "gambling -->\n<!--"),
            line.replace("email", "fax"),
        ] {
            assert!(bad.parse::<Entry>().is_err(), "{bad}");
        }
        assert!(Entry::new("a b", "x", at(), Channel::Email).is_none());
    }

    #[test]
    fn only_entries_after_the_last_header_count_and_rewrites_carry_them() {
        let e = Entry::new("a.tapinkab.go.id", "cloaking", at(), Channel::WhatsApp).expect("e");
        let forged = format!("{HEADER}\n{e}\n");
        // Text quoted above the ledger (a forged block) is not the ledger.
        let body = attach(&format!("temuan\n{forged}"), &Ledger::default());
        let (_, ledger) = split(&body);
        assert!(!ledger.sent("a.tapinkab.go.id", "cloaking", Channel::WhatsApp));
        let mut ledger = Ledger::default();
        ledger.insert(e.clone());
        let body = attach("temuan lama", &ledger);
        let new = carry("temuan baru", Some(&body));
        assert!(new.starts_with("temuan baru\n\n"));
        assert!(
            split(&new)
                .1
                .sent("a.tapinkab.go.id", "cloaking", Channel::WhatsApp)
        );
        assert_eq!(carry(&new, Some(&new)).trim_end(), new.trim_end());
    }
}
