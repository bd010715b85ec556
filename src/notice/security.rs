//! Security notices: the agency is told once of each finding the web
//! audit makes on a name it holds (`loket notify --audit`). This module
//! owns their ledger, hidden lines at the end of the name's audit issue
//! ([`crate::github::audit_issue`]), one per finding and channel:
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

use chrono::{DateTime, Utc};

use crate::input::diagnostic::Lang;
use crate::notice::Channel;
use crate::notice::ledger::{attach_block, format_line, parse_line, split_block, to_second};

/// The line that opens the ledger.
pub(crate) const HEADER: &str = "<!-- loket:pemberitahuan-keamanan -->";

const PREFIX: &str = "<!-- loket:pemberitahuan-keamanan ";
/// Longer lines are not entries.
const MAX_LINE: usize = 400;

/// The kind's word in template names: `keamanan.txt`.
pub(crate) const KIND: &str = "keamanan";

/// One security notice sent.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Entry {
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
    pub(crate) fn new(
        host: &str,
        code: &str,
        at: DateTime<Utc>,
        channel: Channel,
    ) -> Option<Entry> {
        (word(host) && word(code)).then(|| Entry {
            host: host.to_string(),
            code: code.to_string(),
            at: to_second(at),
            channel,
        })
    }

    /// Whether this entry records the finding `code` of `host` on `channel`.
    pub(crate) fn is(&self, host: &str, code: &str, channel: Channel) -> bool {
        self.host == host && self.code == code && self.channel == channel
    }
}

impl fmt::Display for Entry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        format_line(f, PREFIX, [&self.host, &self.code], self.at, self.channel)
    }
}

impl FromStr for Entry {
    type Err = ();
    fn from_str(line: &str) -> Result<Self, ()> {
        let (host, code, at, channel) = parse_line(line, PREFIX, MAX_LINE).ok_or(())?;
        let entry = Entry::new(host, code, at, channel.parse()?).ok_or(())?;
        (entry.to_string() == line).then_some(entry).ok_or(())
    }
}

/// The security notices sent, as read from an issue.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Ledger(BTreeSet<Entry>);

impl Ledger {
    /// Whether the finding `code` of `host` was sent over `channel`.
    pub(crate) fn sent(&self, host: &str, code: &str, channel: Channel) -> bool {
        self.0.iter().any(|e| e.is(host, code, channel))
    }

    /// Records `entry`; false when it was there already.
    pub(crate) fn insert(&mut self, entry: Entry) -> bool {
        self.0.insert(entry)
    }

    /// The entries, in order.
    pub(crate) fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.0.iter()
    }
}

/// A body split into its text (everything before the last [`HEADER`]
/// line, or all of it) and its ledger (the entries after it).
pub(crate) fn split(body: &str) -> (&str, Ledger) {
    let (text, entries) = split_block(body, HEADER);
    (text, Ledger(entries))
}

/// `text` followed by the ledger: a blank line, [`HEADER`], one line per
/// entry; always the last block of the body.
pub(crate) fn attach(text: &str, ledger: &Ledger) -> String {
    attach_block(text, HEADER, ledger.entries())
}

/// `new` (a freshly rendered body) carrying the ledger of `old`.
pub(crate) fn carry(new: &str, old: Option<&str>) -> String {
    attach(new, &old.map(|o| split(o).1).unwrap_or_default())
}

/// What a finding means for the agency, in loket's words: a notice says
/// this, never what the site served (a redirect's address, the page's
/// words), so an attacker holding the site cannot write into an official
/// message.
pub(crate) fn describe(code: &str) -> &'static str {
    match code {
        "tls-expired" => "sertifikat TLS situs sudah kedaluwarsa",
        "tls-wrong-name" => "sertifikat TLS situs bukan untuk nama ini",
        "tls-untrusted" => "sertifikat TLS situs tidak tepercaya",
        "tls-expiring" => "sertifikat TLS situs segera kedaluwarsa (kurang dari 21 hari)",
        "off-domain" => "situs mengalihkan pengunjung ke luar domain instansi",
        "gambling" => "situs menampilkan konten judi online",
        "cloaking" => {
            "situs menampilkan konten judi online hanya kepada mesin pencari atau pengunjung dari mesin pencari (cloaking)"
        }
        "sitemap-spam" => "sitemap situs memuat halaman judi online yang disisipkan",
        "unclaimed-hosting" => {
            "nama ini menunjuk ke layanan hosting yang tidak lagi diklaim: siapa pun dapat mengambil alihnya"
        }
        "timeout" => "situs tidak menjawab dalam batas waktu",
        "redirect-loop" => "situs mengalihkan berputar-putar",
        "too-large" => "situs mengirim isi melebihi batas",
        "broken-http" => "situs tidak menjawab dengan HTTP yang sah",
        _ => "temuan lain dari audit situs",
    }
}

/// A security notice due: the findings of one name not yet sent on some
/// channel, recorded in the name's audit issue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Due<'r> {
    /// The name.
    pub host: &'r str,
    /// The agency holding it.
    pub agency: &'r str,
    /// The request that last changed it (its contact is the recipient).
    pub request: &'r str,
    /// The audit issue keeping the ledger.
    pub issue: u64,
    /// The finding codes, in the audit's order.
    pub codes: Vec<&'r str>,
}

/// Why a name's findings are not announced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Skip {
    /// One of the institution's own names: no agency to tell.
    NoAgency,
    /// No audit issue of loket's holds its ledger yet.
    NoIssue,
    /// The agency has had its security notices of the day.
    DailyCap,
}

impl Skip {
    /// Why, in words of `lang`, for the run's report.
    pub(crate) fn why(self, lang: Lang) -> &'static str {
        match self {
            Skip::NoAgency => lang.pick(
                "tidak diumumkan: nama milik instansi sendiri (tidak ada perangkat daerah yang diberi tahu)",
                "not announced: the institution's own name (no agency to tell)",
            ),
            Skip::NoIssue => lang.pick(
                "tidak diumumkan: belum ada issue audit yang mencatatnya (jalankan `loket audit --web --issues` dahulu)",
                "not announced: no audit issue records it yet (run `loket audit --web --issues` first)",
            ),
            Skip::DailyCap => lang.pick(
                "tidak diumumkan hari ini: perangkat daerah sudah menerima pemberitahuan hari itu (pemberitahuan.batas_harian)",
                "not announced today: the agency has had its notices of the day (pemberitahuan.batas_harian)",
            ),
        }
    }
}

/// The security notices due after the audit `record`: for every name an
/// agency holds, the findings that some channel of `channels` has not
/// carried yet according to the ledger of its audit issue (`issues`:
/// host → (issue number, ledger)). At most `limit` names a day per agency
/// get a notice, counting the names already told that day (`day_of` gives
/// the institution's day); a name told today on one channel always
/// completes.
pub(crate) fn due<'r>(
    record: &'r crate::web::record::Record,
    issues: &std::collections::BTreeMap<String, (u64, Ledger)>,
    channels: &[Channel],
    limit: u32,
    day_of: impl Fn(DateTime<Utc>) -> chrono::NaiveDate,
) -> (Vec<Due<'r>>, Vec<(&'r str, Skip)>) {
    use std::collections::BTreeMap;
    let today = day_of(record.checked_at);
    let agency_of = |host: &str| {
        record
            .names
            .iter()
            .find(|n| n.host == host)
            .and_then(|n| n.agency.clone())
    };
    let mut told: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (host, (_, ledger)) in issues {
        if ledger.entries().any(|e| day_of(e.at) == today)
            && let Some(agency) = agency_of(host)
        {
            told.entry(agency).or_default().insert(host.clone());
        }
    }
    let mut due = Vec::new();
    let mut skipped = Vec::new();
    for name in record.names.iter().filter(|n| !n.ok) {
        let (Some(agency), Some(request)) = (&name.agency, &name.request) else {
            skipped.push((name.host.as_str(), Skip::NoAgency));
            continue;
        };
        let Some((issue, ledger)) = issues.get(&name.host) else {
            skipped.push((name.host.as_str(), Skip::NoIssue));
            continue;
        };
        let codes: Vec<&str> = name
            .findings
            .iter()
            .map(|f| f.code.as_str())
            .filter(|code| channels.iter().any(|c| !ledger.sent(&name.host, code, *c)))
            .collect();
        if codes.is_empty() {
            continue;
        }
        let day = told.entry(agency.clone()).or_default();
        if !day.contains(&name.host) && day.len() >= limit as usize {
            skipped.push((name.host.as_str(), Skip::DailyCap));
            continue;
        }
        day.insert(name.host.clone());
        due.push(Due {
            host: &name.host,
            agency,
            request,
            issue: *issue,
            codes,
        });
    }
    (due, skipped)
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
        assert_eq!(carry(split(&new).0, Some(&new)), new);
    }
}

#[cfg(test)]
mod due_tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::web::record::{Checked, Found, Http, Https, Record};

    fn name(host: &str, agency: Option<&str>, codes: &[&str]) -> Checked {
        Checked {
            host: host.into(),
            agency: agency.map(String::from),
            request: agency.map(|_| "2026-0001".to_string()),
            ok: codes.is_empty(),
            reachable: true,
            https: Https {
                status: Some(200),
                tls: None,
            },
            http: Http { status: None },
            findings: codes
                .iter()
                .map(|c| Found {
                    code: c.to_string(),
                    error: true,
                    message: String::new(),
                    detail: serde_json::Value::Null,
                })
                .collect(),
        }
    }

    #[test]
    fn each_finding_once_per_channel_within_the_daily_cap() {
        let at: DateTime<Utc> = "2026-11-20T03:00:00Z".parse().expect("t");
        let record = Record {
            ok: false,
            checked_at: at,
            names: vec![
                name("a.x.go.id", Some("dinas-a"), &["gambling", "tls-expired"]),
                name("b.x.go.id", Some("dinas-a"), &["timeout"]),
                name("c.x.go.id", Some("dinas-a"), &["timeout"]),
                name("www.x.go.id", None, &["timeout"]),
                name("d.x.go.id", Some("dinas-b"), &["cloaking"]),
                name("e.x.go.id", Some("dinas-b"), &[]),
            ],
        };
        let mut sent = Ledger::default();
        sent.insert(Entry::new("a.x.go.id", "gambling", at, Channel::Email).expect("e"));
        let mut issues: BTreeMap<String, (u64, Ledger)> = BTreeMap::new();
        issues.insert("a.x.go.id".into(), (1, sent));
        issues.insert("b.x.go.id".into(), (2, Ledger::default()));
        issues.insert("c.x.go.id".into(), (3, Ledger::default()));
        let (email, skipped) =
            super::due(&record, &issues, &[Channel::Email], 2, |t| t.date_naive());
        let summary: Vec<(&str, Vec<&str>)> =
            email.iter().map(|d| (d.host, d.codes.clone())).collect();
        // a was told today already (gambling): it completes with its new
        // finding and counts; b fills the cap of 2; c waits.
        assert_eq!(
            summary,
            [
                ("a.x.go.id", vec!["tls-expired"]),
                ("b.x.go.id", vec!["timeout"])
            ]
        );
        assert_eq!(
            skipped,
            [
                ("c.x.go.id", Skip::DailyCap),
                ("www.x.go.id", Skip::NoAgency),
                ("d.x.go.id", Skip::NoIssue)
            ]
        );
        // Over another channel, what email carried is still due.
        let (both, _) = super::due(
            &record,
            &issues,
            &[Channel::Email, Channel::WhatsApp],
            5,
            |t| t.date_naive(),
        );
        assert_eq!(both[0].codes, ["gambling", "tls-expired"]);
    }

    #[test]
    fn every_audit_code_has_words_of_its_own() {
        for code in [
            "tls-expired",
            "tls-wrong-name",
            "tls-untrusted",
            "tls-expiring",
            "off-domain",
            "gambling",
            "cloaking",
            "sitemap-spam",
            "unclaimed-hosting",
            "timeout",
            "redirect-loop",
            "too-large",
            "broken-http",
        ] {
            assert_ne!(describe(code), describe("?"), "{code}");
        }
    }
}
