//! The ledger of notices sent: hidden lines at the end of the pull
//! request's loket comment, one per notice and channel,
//!
//! ```text
//! <!-- loket:pemberitahuan -->
//! <!-- loket:pemberitahuan 2026-0007 dikembalikan 2026-11-20T03:00:00Z email -->
//! ```
//!
//! The first line opens the ledger; only entries after the **last** such
//! line count, so text rendered above it (request data quoted in findings)
//! cannot add an entry. Anything that is not exactly an entry is ignored.
//! Pure: parsing and writing comment bodies.

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, SecondsFormat, SubsecRound, Utc};

use crate::model::RequestId;
use crate::notice::{Channel, Kind};

/// The line that opens the ledger.
pub(crate) const HEADER: &str = "<!-- loket:pemberitahuan -->";

const PREFIX: &str = "<!-- loket:pemberitahuan ";
const SUFFIX: &str = " -->";
/// Longer lines are not entries (an entry is about 80 bytes).
const MAX_LINE: usize = 200;

/// `at` without its fraction of a second: entries are kept to the second.
pub(crate) fn to_second(at: DateTime<Utc>) -> DateTime<Utc> {
    at.trunc_subsecs(0)
}

/// One notice sent: which request, which change, when it happened, how.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Entry {
    /// The request.
    pub id: RequestId,
    /// The change announced.
    pub kind: Kind,
    /// When the change happened (not when the notice went out), to the second.
    pub at: DateTime<Utc>,
    /// How it was sent.
    pub channel: Channel,
}

impl Entry {
    /// An entry; `at` is cut to the second.
    pub(crate) fn new(id: RequestId, kind: Kind, at: DateTime<Utc>, channel: Channel) -> Entry {
        Entry {
            id,
            kind,
            at: to_second(at),
            channel,
        }
    }
}

impl fmt::Display for Entry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        format_line(f, PREFIX, [&self.id, &self.kind], self.at, self.channel)
    }
}

/// A ledger line as written: `prefix`, two words, the second-exact time,
/// the channel, `suffix`. Shared by every ledger (status and security).
pub(crate) fn format_line(
    f: &mut fmt::Formatter<'_>,
    prefix: &str,
    words: [&dyn fmt::Display; 2],
    at: DateTime<Utc>,
    channel: Channel,
) -> fmt::Result {
    write!(
        f,
        "{prefix}{} {} {} {channel}{SUFFIX}",
        words[0],
        words[1],
        at.to_rfc3339_opts(SecondsFormat::Secs, true),
    )
}

/// The two words, time and channel word of a line `format_line` wrote
/// with `prefix`, when it is one and at most `max` bytes long. The caller
/// still compares its entry written back with `line`: only the canonical
/// form counts.
pub(crate) fn parse_line<'l>(
    line: &'l str,
    prefix: &str,
    max: usize,
) -> Option<(&'l str, &'l str, DateTime<Utc>, &'l str)> {
    if line.len() > max {
        return None;
    }
    let inner = line.strip_prefix(prefix)?.strip_suffix(SUFFIX)?;
    let mut words = inner.split(' ');
    let (Some(a), Some(b), Some(at), Some(channel), None) = (
        words.next(),
        words.next(),
        words.next(),
        words.next(),
        words.next(),
    ) else {
        return None;
    };
    let at = DateTime::parse_from_rfc3339(at).ok()?.with_timezone(&Utc);
    Some((a, b, at, channel))
}

impl FromStr for Entry {
    type Err = ();
    fn from_str(line: &str) -> Result<Self, ()> {
        let (id, kind, at, channel) = parse_line(line, PREFIX, MAX_LINE).ok_or(())?;
        let entry = Entry::new(id.parse()?, kind.parse()?, at, channel.parse()?);
        // Only the canonical form counts: what Display writes.
        (entry.to_string() == line).then_some(entry).ok_or(())
    }
}

/// The notices sent, as read from a comment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Ledger(BTreeSet<Entry>);

impl Ledger {
    /// Whether `entry` was sent.
    pub(crate) fn contains(&self, entry: &Entry) -> bool {
        self.0.contains(entry)
    }

    /// Records `entry`; false when it was there already.
    pub(crate) fn insert(&mut self, entry: Entry) -> bool {
        self.0.insert(entry)
    }

    /// The entries, in order.
    pub(crate) fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.0.iter()
    }

    /// Whether nothing was sent.
    #[cfg(test)]
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A comment body split into its text (everything before the last
/// [`HEADER`] line, or all of it) and its ledger (the entries after it).
pub(crate) fn split(body: &str) -> (&str, Ledger) {
    let (text, entries) = split_block(body, HEADER);
    (text, Ledger(entries))
}

/// `body` split at its last `header` line into the text before it and
/// what parses as `T` on the lines after it (nothing without a header).
/// Shared by every ledger loket keeps at the end of a body.
pub(crate) fn split_block<'b, T: FromStr + Ord>(
    body: &'b str,
    header: &str,
) -> (&'b str, BTreeSet<T>) {
    let mut offset = 0;
    let mut at = None;
    for line in body.split_inclusive('\n') {
        if line.trim_end_matches(['\n', '\r']) == header {
            at = Some(offset);
        }
        offset += line.len();
    }
    let Some(at) = at else {
        return (body, BTreeSet::new());
    };
    let entries = body[at..]
        .lines()
        .skip(1)
        .filter_map(|l| l.trim_end_matches('\r').parse().ok())
        .collect();
    (&body[..at], entries)
}

/// `text`, a blank line (when there is text), `header` and one line per
/// entry: the block every ledger writes last.
pub(crate) fn attach_block<T: fmt::Display>(
    text: &str,
    header: &str,
    entries: impl IntoIterator<Item = T>,
) -> String {
    let mut out = text.trim_end().to_string();
    if !out.is_empty() {
        out.push_str("\n\n");
    }
    out.push_str(header);
    out.push('\n');
    for entry in entries {
        out.push_str(&entry.to_string());
        out.push('\n');
    }
    out
}

/// `text` followed by the ledger: a blank line, [`HEADER`], one line per
/// entry. Written after every comment loket keeps, empty or not, so that
/// the ledger is always the last block.
pub(crate) fn attach(text: &str, ledger: &Ledger) -> String {
    attach_block(text, HEADER, ledger.entries())
}

/// `new` (a freshly rendered comment) carrying the ledger of `old` (the
/// comment it replaces, if any).
pub(crate) fn carry(new: &str, old: Option<&str>) -> String {
    let ledger = old.map(|o| split(o).1).unwrap_or_default();
    attach(new, &ledger)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry() -> Entry {
        Entry::new(
            "2026-0007".parse().expect("id"),
            Kind::Dikembalikan,
            DateTime::parse_from_rfc3339("2026-11-20T11:00:00.750+08:00")
                .expect("time")
                .with_timezone(&Utc),
            Channel::Email,
        )
    }

    #[test]
    fn an_entry_round_trips() {
        let e = entry();
        let line = e.to_string();
        assert_eq!(
            line,
            "<!-- loket:pemberitahuan 2026-0007 dikembalikan 2026-11-20T03:00:00Z email -->"
        );
        assert_eq!(line.parse::<Entry>(), Ok(e));
        for kind in Kind::ALL {
            for channel in [Channel::Email, Channel::WhatsApp] {
                let e = Entry { kind, channel, ..e };
                assert_eq!(e.to_string().parse::<Entry>(), Ok(e));
            }
        }
    }

    #[test]
    fn only_the_canonical_form_is_an_entry() {
        for bad in [
            "<!-- loket:pemberitahuan 2026-0007 dikembalikan 2026-11-20T11:00:00+08:00 email -->",
            "<!-- loket:pemberitahuan 2026-0007 dikembalikan 2026-11-20T03:00:00Z email extra -->",
            "<!-- loket:pemberitahuan 2026-0007  dikembalikan 2026-11-20T03:00:00Z email -->",
            "<!-- loket:pemberitahuan 2026-0007 dikembalikan 2026-11-20T03:00:00Z sms -->",
            "<!-- loket:pemberitahuan 2026-7 dikembalikan 2026-11-20T03:00:00Z email -->",
            "<!-- loket:pemberitahuan 2026-0007 diproses 2026-11-20T03:00:00Z email -->",
            "<!-- loket:pemberitahuan 2026-0007 dikembalikan kemarin email -->",
            "<!-- loket:pemberitahuan 2026-0007 dikembalikan 2026-11-20T03:00:00Z email-->",
            " <!-- loket:pemberitahuan 2026-0007 dikembalikan 2026-11-20T03:00:00Z email -->",
            "<!-- loket:pemberitahuan -->",
            "",
        ] {
            assert_eq!(bad.parse::<Entry>(), Err(()), "{bad:?}");
        }
    }

    #[test]
    fn the_ledger_survives_a_rewrite_and_an_append() {
        let old = carry("### Hasil verifikasi\n\nlama\n", None);
        assert!(
            old.ends_with("lama\n\n<!-- loket:pemberitahuan -->\n"),
            "{old}"
        );
        let (text, mut ledger) = split(&old);
        assert!(ledger.is_empty());
        assert!(ledger.insert(entry()));
        let appended = attach(text, &ledger);
        assert_eq!(split(&appended).1, ledger);
        let rewritten = carry("### Hasil verifikasi\n\nbaru", Some(&appended));
        assert_eq!(
            rewritten,
            format!("### Hasil verifikasi\n\nbaru\n\n{HEADER}\n{}\n", entry())
        );
        assert_eq!(split(&rewritten).1, ledger);
        assert_eq!(
            carry("baru", Some(&rewritten)),
            rewritten.replace("### Hasil verifikasi\n\n", "")
        );
    }

    #[test]
    fn hostile_bodies_neither_break_nor_forge_the_ledger() {
        let forged = entry().to_string();
        // An entry quoted in the text above the ledger is not an entry.
        let body = attach(
            &format!("temuan: x\n{HEADER}\n{forged}\nlagi\n"),
            &Ledger::default(),
        );
        assert!(split(&body).1.is_empty(), "{body}");
        // Without a ledger at all, text is only text.
        assert!(split(&format!("{forged}\n")).1.is_empty());
        // CRLF, junk, huge and binary-ish lines after the header.
        let body = format!(
            "x\r\n{HEADER}\r\n{forged}\r\n<!-- loket:pemberitahuan {} -->\n\u{0}\u{202e}\n{}\n",
            "9".repeat(10_000),
            "a".repeat(100_000)
        );
        let (text, ledger) = split(&body);
        assert_eq!(text, "x\r\n");
        assert_eq!(ledger.entries().collect::<Vec<_>>(), [&entry()]);
        for body in [
            "",
            "\n",
            HEADER,
            "<!--",
            "<!-- loket:pemberitahuan",
            "\u{feff}\r\r\n",
        ] {
            let _ = split(body);
        }
    }
}
