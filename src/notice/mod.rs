//! Notices to the requesting agency: which status changes are announced,
//! to whom, and which of them are still due given the ledger of notices
//! already sent. Pure: the command reads the timelines and the
//! environment; [`dispatch`] reads and writes the ledgers (the pull
//! requests' loket comments, the audit issues) and sends through [`mail`]
//! and [`gateway`]; those three are the only parts that touch the network.
//!
//! One notice per status change that concerns the agency (see [`Kind`]):
//! the latest change of each request, once, per channel. A returned or
//! refused request is announced only once its `alasan: …` label is on, so
//! the notice always says why. Only requests the gate attributes to an
//! operator of the agency are announced, only to the agency's registered
//! contacts, and at most `pemberitahuan.batas_harian` a day per agency.

pub(crate) mod dispatch;
pub(crate) mod gateway;
pub(crate) mod ledger;
pub(crate) mod mail;
pub(crate) mod security;
pub(crate) mod text;

use std::fmt;
use std::str::FromStr;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, NaiveDate, Utc};

use crate::github::snapshot::{PullState, Snapshot};
use crate::input::diagnostic::Lang;
use crate::input::yaml::Node;
use crate::model::RequestId;
use crate::model::config::Agency;
use crate::review::calendar::Calendar;
use crate::review::timeline::{EventKind, Status, Timeline};
use crate::validate::contact::{mobile_number, on_domain, split_email};
use crate::validate::requirements::{Lookup, lookup};

pub(crate) use ledger::{Entry, Ledger};

/// How many days back `loket notify` looks for changes by default.
pub(crate) const DEFAULT_MAX_AGE_DAYS: u32 = 14;

/// A status change the agency is told about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Kind {
    /// The complete request was received: the service clock started.
    Diterima,
    /// Returned to the agency, with the reason and what to fix.
    Dikembalikan,
    /// The fix of a returned request was received: the clock runs again.
    Dilanjutkan,
    /// Refused, with the reason.
    Ditolak,
    /// Approved (merged).
    Disetujui,
    /// Carried out (`status: selesai`).
    Selesai,
    /// Closed without being merged.
    Dibatalkan,
}

impl Kind {
    /// Every kind, in the order a request meets them.
    pub(crate) const ALL: [Kind; 7] = [
        Kind::Diterima,
        Kind::Dikembalikan,
        Kind::Dilanjutkan,
        Kind::Ditolak,
        Kind::Disetujui,
        Kind::Selesai,
        Kind::Dibatalkan,
    ];

    /// The kind's word in ledger markers and template names.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Kind::Diterima => "diterima",
            Kind::Dikembalikan => "dikembalikan",
            Kind::Dilanjutkan => "dilanjutkan",
            Kind::Ditolak => "ditolak",
            Kind::Disetujui => "disetujui",
            Kind::Selesai => "selesai",
            Kind::Dibatalkan => "dibatalkan",
        }
    }

    /// The new status as the agency reads it.
    pub(crate) fn status(self) -> &'static str {
        match self {
            Kind::Diterima => "diterima lengkap, sedang diproses",
            Kind::Dikembalikan => "dikembalikan untuk diperbaiki",
            Kind::Dilanjutkan => "perbaikan diterima, diproses kembali",
            Kind::Ditolak => "ditolak",
            Kind::Disetujui => "disetujui",
            Kind::Selesai => "selesai",
            Kind::Dibatalkan => "dibatalkan",
        }
    }

    /// Whether the notice must say why (the request waits for its
    /// `alasan: …` label before it is announced).
    pub(crate) fn needs_reason(self) -> bool {
        matches!(self, Kind::Dikembalikan | Kind::Ditolak)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Kind {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s).ok_or(())
    }
}

/// How a notice travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Channel {
    /// Email over SMTP to `penanggung_jawab.email`.
    Email,
    /// The WhatsApp gateway, to `penanggung_jawab.telepon` when it is a mobile number.
    WhatsApp,
}

impl Channel {
    /// The channel's word in ledger markers.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::WhatsApp => "whatsapp",
        }
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Channel {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        [Channel::Email, Channel::WhatsApp]
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or(())
    }
}

/// The latest status change of one request that the agency is told about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Change<'t> {
    /// The request's timeline.
    pub timeline: &'t Timeline,
    /// The request id.
    pub id: RequestId,
    /// The pull request whose loket comment keeps the ledger.
    pub pull_request: u64,
    /// What changed.
    pub kind: Kind,
    /// When, to the second: with the id and kind, the notice's identity.
    pub at: DateTime<Utc>,
}

impl Change<'_> {
    /// The ledger entry recording this change sent over `channel`.
    pub(crate) fn entry(&self, channel: Channel) -> Entry {
        Entry::new(self.id, self.kind, self.at, channel)
    }
}

/// Why a change is not announced (yet).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Held {
    /// Returned or refused without an `alasan: …` label.
    NoReason,
    /// Its pull request is not attributed to an operator of the agency.
    NotAttributed,
    /// The agency has had its notices of the day.
    DailyCap,
}

impl Held {
    /// Why, in words of `lang`, for the run's report.
    pub(crate) fn why(self, lang: Lang) -> &'static str {
        match self {
            Held::NoReason => lang.pick(
                "ditahan sampai label `alasan: …` ada pada pull request",
                "held until an `alasan: …` label is on the pull request",
            ),
            Held::NotAttributed => lang.pick(
                "tidak diumumkan: pull request tidak diatribusikan kepada operator perangkat daerah",
                "not announced: the pull request is not attributed to an operator of the agency",
            ),
            Held::DailyCap => lang.pick(
                "tidak diumumkan: perangkat daerah sudah menerima pemberitahuan hari itu (pemberitahuan.batas_harian)",
                "not announced: the agency has had its notices of that day (pemberitahuan.batas_harian)",
            ),
        }
    }
}

/// The change of `t` the agency should know about, when there is one:
/// what its current status means for the agency and since when. Statuses
/// before the clock starts (`diajukan`, `belum lengkap`) and stage labels
/// are not announced; the agency's operator sees them on the pull request.
pub(crate) fn change(t: &Timeline) -> Option<(Kind, DateTime<Utc>)> {
    let last = |kind: EventKind| t.events.iter().rev().find(|e| e.kind == kind).map(|e| e.at);
    let first = |kind: EventKind| t.events.iter().find(|e| e.kind == kind).map(|e| e.at);
    let (kind, at) = match t.status {
        Status::Diajukan | Status::BelumLengkap => return None,
        Status::Lengkap | Status::Tahap { .. } => {
            let started = t.clock.started?;
            match t.clock.pauses.last().and_then(|p| p.to) {
                Some(resumed) if resumed > started => (Kind::Dilanjutkan, resumed),
                _ => (Kind::Diterima, started),
            }
        }
        Status::Dikembalikan => (Kind::Dikembalikan, last(EventKind::Returned)?),
        Status::Ditolak => (Kind::Ditolak, first(EventKind::Refused)?),
        Status::Disetujui => (Kind::Disetujui, last(EventKind::Merged)?),
        Status::Selesai => (Kind::Selesai, first(EventKind::Done)?),
        Status::Dibatalkan => (Kind::Dibatalkan, last(EventKind::Withdrawn)?),
    };
    Some((kind, ledger::to_second(at)))
}

/// The changes to announce among `timelines`: those of requests with a
/// pull request `known` says is in the snapshot, at or after `since` (so a
/// repository's old history is never announced), sorted by request id.
/// Returned and refused requests without a reason, and requests not
/// attributed to their agency ([`Timeline::attributed`]), come back as held.
pub(crate) fn changes<'t>(
    timelines: &'t [Timeline],
    since: DateTime<Utc>,
    known: impl Fn(u64) -> bool,
) -> (Vec<Change<'t>>, Vec<(Change<'t>, Held)>) {
    let mut due = Vec::new();
    let mut held = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for t in timelines {
        let (Some(pr), Ok(id)) = (t.pull_request, t.id.parse::<RequestId>()) else {
            continue;
        };
        let Some((kind, at)) = change(t).filter(|(_, at)| *at >= since) else {
            continue;
        };
        if !known(pr) || !seen.insert((id, kind, at)) {
            continue;
        }
        let c = Change {
            timeline: t,
            id,
            pull_request: pr,
            kind,
            at,
        };
        if !t.attributed {
            held.push((c, Held::NotAttributed));
        } else if kind.needs_reason() && t.reason.is_none() {
            held.push((c, Held::NoReason));
        } else {
            due.push(c);
        }
    }
    due.sort_by_key(|c| (c.id, c.at));
    held.sort_by_key(|(c, _)| (c.id, c.at));
    (due, held)
}

/// The notices of one agency's day already sent: identities of changes
/// (request, kind, time), whatever their channels.
pub(crate) type Sent = BTreeMap<(String, NaiveDate), BTreeSet<(RequestId, Kind, DateTime<Utc>)>>;

/// Splits `due` into the changes within each agency's daily cap of
/// `limit` notices and those over it. A day is the institution's day
/// (`day_of`) of the change; `sent` holds the notices of each (agency,
/// day) already sent, read from the ledgers. A change already sent on a
/// channel is let through (for its other channels); the rest, earliest
/// first, while the day has room. Closing and reopening a pull request
/// makes a new change each time; the cap keeps that from flooding anyone.
pub(crate) fn cap<'t>(
    due: Vec<Change<'t>>,
    limit: u32,
    sent: &Sent,
    day_of: impl Fn(DateTime<Utc>) -> NaiveDate,
) -> (Vec<Change<'t>>, Vec<(Change<'t>, Held)>) {
    let mut counted: Sent = sent.clone();
    let mut order: Vec<Change<'t>> = due;
    order.sort_by_key(|c| (c.at, c.id));
    let mut kept = Vec::new();
    let mut held = Vec::new();
    for c in order {
        let day = counted
            .entry((c.timeline.agency.clone(), day_of(c.at)))
            .or_default();
        let identity = (c.id, c.kind, c.at);
        if day.contains(&identity) || day.len() < limit as usize {
            day.insert(identity);
            kept.push(c);
        } else {
            held.push((c, Held::DailyCap));
        }
    }
    kept.sort_by_key(|c| (c.id, c.at));
    (kept, held)
}

/// The pull requests whose ledgers say what the agencies of `due` were
/// sent on the days of their changes: those with a change due, and every
/// other pull request of those agencies that is open (a reopened one hides
/// what its closing was sent) or moved on one of those days.
pub(crate) fn counted_prs(
    due: &[Change<'_>],
    all: &[Timeline],
    snapshot: &Snapshot,
    calendar: &Calendar,
) -> BTreeSet<u64> {
    let days: BTreeSet<(&str, NaiveDate)> = due
        .iter()
        .map(|c| (c.timeline.agency.as_str(), calendar.local_date(c.at)))
        .collect();
    let open = |n: u64| {
        snapshot
            .pull_requests
            .iter()
            .any(|p| p.number == n && p.state == PullState::Open)
    };
    let mut out: BTreeSet<u64> = due.iter().map(|c| c.pull_request).collect();
    for t in all {
        let Some(n) = t.pull_request else { continue };
        let agency_due = days.iter().any(|(a, _)| *a == t.agency);
        let moved = t
            .events
            .iter()
            .any(|e| days.contains(&(t.agency.as_str(), calendar.local_date(e.at))));
        if agency_due && (open(n) || moved) {
            out.insert(n);
        }
    }
    out
}

/// The notices of `ledgers` (by pull request), by agency and the
/// institution's day of the change.
pub(crate) fn sent_by_day(
    ledgers: &BTreeMap<u64, Ledger>,
    all: &[Timeline],
    calendar: &Calendar,
) -> Sent {
    let mut sent = Sent::new();
    for (pr, ledger) in ledgers {
        let Some(agency) = all
            .iter()
            .find(|t| t.pull_request == Some(*pr))
            .map(|t| t.agency.clone())
        else {
            continue;
        };
        for e in ledger.entries() {
            sent.entry((agency.clone(), calendar.local_date(e.at)))
                .or_default()
                .insert((e.id, e.kind, e.at));
        }
    }
    sent
}

/// Who receives a request's notices: `penanggung_jawab` of the request,
/// as far as it can be used. Its name is never used: a pull request
/// writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Contact {
    /// The email address, or why there is none to use.
    pub email: Result<String, String>,
    /// The mobile number for WhatsApp (`62812…`), or why there is none.
    pub mobile: Result<String, String>,
}

impl Contact {
    /// The contact of a request's YAML tree. The address must be a plain
    /// one on the agency's official domain (the rule of L060/L061) and one
    /// of the agency's registered contacts (L063/L064): a request file
    /// read from a pull request is untrusted, and loket must never write
    /// to an address the agency has not registered.
    pub(crate) fn of(
        tree: &crate::input::source::Spanned<Node>,
        agency: Option<&Agency>,
    ) -> Contact {
        let text = |path: &str| match lookup(tree, path) {
            Lookup::Found(node) => node.value.scalar_text(),
            Lookup::Missing(_) => None,
        };
        let registered =
            |address: &str| agency.is_some_and(|a| a.contacts.iter().any(|c| c.matches(address)));
        let unregistered = |what: &str| {
            format!(
                "penanggung_jawab.{what} is not a registered contact of {} (perangkat_daerah[].kontak)",
                agency.map_or("the agency", |a| a.id.as_str())
            )
        };
        let email = match (text("penanggung_jawab.email"), agency) {
            (None, _) => Err("penanggung_jawab.email is missing".to_string()),
            (Some(_), None) => Err("the agency is not in loket.yaml".to_string()),
            (Some(address), Some(agency)) => {
                let official = agency.email_domain.as_str();
                match split_email(address.trim()) {
                    Some((_, domain)) if !on_domain(domain, official) => Err(format!(
                        "penanggung_jawab.email is not on the agency's domain {official}"
                    )),
                    Some(_) if registered(&address) => Ok(address.trim().to_string()),
                    Some(_) => Err(unregistered("email")),
                    None => Err("penanggung_jawab.email is not a plain address".to_string()),
                }
            }
        };
        let mobile = match text("penanggung_jawab.telepon") {
            None => Err("penanggung_jawab.telepon is missing".to_string()),
            Some(phone) => match mobile_number(&phone) {
                None => Err("penanggung_jawab.telepon is not a mobile number".to_string()),
                Some(number) if registered(&phone) => Ok(number),
                Some(_) => Err(unregistered("telepon")),
            },
        };
        Contact { email, mobile }
    }

    /// A contact that cannot be read, for `why`.
    pub(crate) fn unknown(why: &str) -> Contact {
        Contact {
            email: Err(why.to_string()),
            mobile: Err(why.to_string()),
        }
    }

    /// The address or number `channel` sends to.
    pub(crate) fn address(&self, channel: Channel) -> Result<&str, &str> {
        match channel {
            Channel::Email => self.email.as_deref().map_err(String::as_str),
            Channel::WhatsApp => self.mobile.as_deref().map_err(String::as_str),
        }
    }
}

/// `text` on one line: every control character (CR, LF, tab, …) becomes
/// a space, runs of spaces one, ends trimmed. For anything that goes into
/// a mail header.
pub(crate) fn one_line(text: &str) -> String {
    text.split(|c: char| c.is_control() || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// An address as it may be printed: `b***@tapinkab.go.id`, `62***7890`.
pub(crate) fn mask(channel: Channel, address: &str) -> String {
    match channel {
        Channel::Email => match address.split_once('@') {
            Some((local, domain)) => {
                let first: String = local.chars().take(1).collect();
                format!("{first}***@{domain}")
            }
            None => "***".into(),
        },
        Channel::WhatsApp => {
            let digits: Vec<char> = address.chars().collect();
            let tail: String = digits[digits.len().saturating_sub(4)..].iter().collect();
            let head: String = digits.iter().take(2).collect();
            format!("{head}***{tail}")
        }
    }
}

#[cfg(test)]
mod tests;

/// An environment of `vars` only, for the transports' settings tests.
#[cfg(test)]
fn fake_env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let map: std::collections::BTreeMap<String, String> = vars
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    move |k| map.get(k).cloned()
}
