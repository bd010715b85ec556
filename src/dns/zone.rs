//! The institution's zone: built from the policy and the registrations,
//! written as a BIND zone file.
//!
//! [`Zone::build`] turns loosely typed policy and request values into
//! [`Name`]s, [`Label`]s and [`Record`]s, refusing what does not convert;
//! [`Zone::render`] writes only those typed values, so nothing a request
//! says can add a line, a directive or a comment of its own. Pure: no
//! file, clock or network.

use std::collections::BTreeMap;
use std::fmt::{self, Write as _};

use chrono::{Datelike, NaiveDate};

use crate::dns::name::{Label, Name};
use crate::dns::record::Record;
use crate::input::source::Spanned;
use crate::model::config::{DnsPolicy, RecordSpec};
use crate::model::{AgencyId, Config, RequestId};
use crate::validate::registry::{Records, Registration};

/// Defaults of the SOA timers (seconds): refresh, retry, expire, negative TTL.
pub const SOA_DEFAULTS: (u32, u32, u32, u32) = (3_600, 900, 1_209_600, 300);

/// The most records of one type at one name a zone may hold: BIND 9.18.28
/// and later (`max-records-per-type`, default 100) refuse to load a zone
/// with more, which takes every name of the zone down, not only that one.
pub const MAX_RECORDS_PER_TYPE: usize = 100;

/// Where a record sits: the apex or a name below it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Owner {
    /// The zone's own name, written `@`.
    Apex,
    /// A name relative to the zone, e.g. `www` or `_dmarc`.
    Below(Name),
}

impl Owner {
    /// The fully qualified name under `origin`.
    pub fn fqdn(&self, origin: &Name) -> Name {
        match self {
            Owner::Apex => origin.clone(),
            // Checked when the owner was made (see `Zone::build`).
            Owner::Below(rel) => origin
                .child(rel.as_str())
                .unwrap_or_else(|_| origin.clone()),
        }
    }
}

impl fmt::Display for Owner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Owner::Apex => f.write_str("@"),
            Owner::Below(rel) => f.write_str(rel.as_str()),
        }
    }
}

/// One resource record: owner, TTL, data.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Rr {
    /// Where it sits.
    pub owner: Owner,
    /// Seconds.
    pub ttl: u32,
    /// Type and data.
    pub record: Record,
}

/// The SOA record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Soa {
    /// The primary name server.
    pub primary: Name,
    /// The administrator's mailbox as a name (`hostmaster.example.`).
    pub mailbox: Name,
    /// `YYYYMMDDnn`.
    pub serial: u32,
    /// Refresh, seconds.
    pub refresh: u32,
    /// Retry, seconds.
    pub retry: u32,
    /// Expire, seconds.
    pub expire: u32,
    /// Negative-answer TTL, seconds.
    pub negative_ttl: u32,
}

/// One registration as it stands in the zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The subdomain.
    pub label: Label,
    /// The agency holding it.
    pub agency: AgencyId,
    /// The request that created it.
    pub created_by: RequestId,
    /// The request that last changed it.
    pub changed_by: RequestId,
    /// Its records, in a stable order.
    pub records: Vec<(u32, Record)>,
}

impl Entry {
    /// The entry's records as resource records.
    pub fn rrs(&self) -> impl Iterator<Item = Rr> + '_ {
        let owner = Owner::Below(Name::from_label(&self.label));
        self.records.iter().map(move |(ttl, record)| Rr {
            owner: owner.clone(),
            ttl: *ttl,
            record: record.clone(),
        })
    }
}

/// The whole zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Zone {
    /// The institution's domain.
    pub origin: Name,
    /// `$TTL`: the policy's default TTL.
    pub default_ttl: u32,
    /// The SOA record.
    pub soa: Soa,
    /// NS records of the apex, then the policy's base records.
    pub base: Vec<Rr>,
    /// Registrations, by label.
    pub entries: Vec<Entry>,
}

/// Something that cannot go into the zone.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{subject}: {problem}")]
pub struct ZoneError {
    /// What: `loket.yaml dns.ns`, `registration dinkes`, …
    pub subject: String,
    /// Why.
    pub problem: String,
}

impl ZoneError {
    fn new(subject: impl Into<String>, problem: impl fmt::Display) -> Self {
        ZoneError {
            subject: subject.into(),
            problem: problem.to_string(),
        }
    }
}

impl Zone {
    /// Builds the zone of `config` holding `registrations`, with `serial`.
    /// Every value that does not convert is an error; nothing is dropped.
    pub fn build<'a>(
        config: &Config,
        registrations: impl IntoIterator<Item = &'a Registration>,
        serial: u32,
    ) -> Result<Zone, Vec<ZoneError>> {
        let mut errors = Vec::new();
        let policy = &config.dns.value;
        let (_, _, default_ttl) = policy.ttl_bounds();
        let origin = match config.institution.domain.parse::<Name>() {
            Ok(origin) => origin,
            Err(e) => return Err(vec![ZoneError::new("loket.yaml instansi.domain", e)]),
        };
        let mut base = Vec::new();
        for ns in &policy.name_servers {
            match ns.parse::<Name>() {
                Ok(name) => base.push(Rr {
                    owner: Owner::Apex,
                    ttl: default_ttl,
                    record: Record::Ns(name),
                }),
                Err(e) => errors.push(ZoneError::new("loket.yaml dns.ns", e)),
            }
        }
        if policy.name_servers.is_empty() {
            errors.push(ZoneError::new(
                "loket.yaml dns.ns",
                "the zone needs its name servers: list them under `dns.ns`",
            ));
        }
        for spec in &policy.base {
            let subject = format!("loket.yaml dns.rekaman_dasar `{}`", spec.owner());
            let owner = match spec.owner() {
                "@" => Ok(Owner::Apex),
                rel => rel
                    .parse::<Name>()
                    .and_then(|n| origin.child(n.as_str()).map(|_| Owner::Below(n))),
            };
            let record = Record::parse(spec.kind.value, &spec.data);
            match (owner, record) {
                (Ok(owner), Ok(record)) => base.push(Rr {
                    owner,
                    ttl: spec.ttl.as_ref().map_or(default_ttl, |t| t.value),
                    record,
                }),
                (Err(e), _) => errors.push(ZoneError::new(subject, e)),
                (_, Err(e)) => errors.push(ZoneError::new(subject, e)),
            }
        }
        let soa = soa(config, &origin, serial)
            .map_err(|e| errors.push(e))
            .ok();
        let mut entries = Vec::new();
        for reg in registrations {
            match entry(reg, policy, &origin, default_ttl) {
                Ok(entry) => entries.push(entry),
                Err(e) => errors.push(e),
            }
        }
        entries.sort_by(|a, b| a.label.cmp(&b.label));
        match soa {
            Some(soa) if errors.is_empty() => Ok(Zone {
                origin,
                default_ttl,
                soa,
                base,
                entries,
            }),
            _ => Err(errors),
        }
    }

    /// Every resource record but the SOA: base records, then registrations.
    pub fn rrs(&self) -> impl Iterator<Item = Rr> + '_ {
        self.base
            .iter()
            .cloned()
            .chain(self.entries.iter().flat_map(Entry::rrs))
    }

    /// The zone file: `$ORIGIN`, `$TTL`, SOA, NS and base records, then each
    /// registration after a comment naming its agency and requests.
    pub fn render(&self) -> String {
        let mut out = String::with_capacity(64 * (self.entries.len() + 16));
        let soa = &self.soa;
        let _ = writeln!(
            out,
            "; Zona {} ditulis oleh loket dari {} subdomain terdaftar. Jangan diubah dengan tangan:\n\
             ; ajukan permohonan di repositori layanan.",
            self.origin,
            self.entries.len()
        );
        let _ = writeln!(out, "$ORIGIN {}", self.origin);
        let _ = writeln!(out, "$TTL {}", self.default_ttl);
        let _ = writeln!(
            out,
            "@ IN SOA {} {} {} {} {} {} {}",
            soa.primary,
            soa.mailbox,
            soa.serial,
            soa.refresh,
            soa.retry,
            soa.expire,
            soa.negative_ttl
        );
        for rr in &self.base {
            let _ = writeln!(out, "{}", Line(rr));
        }
        for entry in &self.entries {
            out.push('\n');
            let _ = writeln!(out, "{}", Comment(entry));
            for rr in entry.rrs() {
                let _ = writeln!(out, "{}", Line(&rr));
            }
        }
        out
    }
}

/// One zone-file line for a record: `owner ttl IN TYPE data`.
#[derive(Debug, Clone, Copy)]
pub struct Line<'a>(pub &'a Rr);

impl fmt::Display for Line<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rr = self.0;
        write!(f, "{} {} IN {}", rr.owner, rr.ttl, rr.record)
    }
}

/// The comment before a registration: agency and requests, all typed
/// values that cannot hold a line break.
#[derive(Debug, Clone, Copy)]
pub struct Comment<'a>(pub &'a Entry);

impl fmt::Display for Comment<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let e = self.0;
        write!(
            f,
            "; {}: {}, permohonan {}",
            e.label, e.agency, e.created_by
        )?;
        if e.changed_by != e.created_by {
            write!(f, ", diubah {}", e.changed_by)?;
        }
        Ok(())
    }
}

fn soa(config: &Config, origin: &Name, serial: u32) -> Result<Soa, ZoneError> {
    let policy = &config.dns.value;
    let spec = policy.soa.as_ref().map(|s| &s.value);
    let (refresh, retry, expire, negative_ttl) = SOA_DEFAULTS;
    let email = spec.and_then(|s| s.email.as_ref()).map_or_else(
        || format!("hostmaster@{}", origin.as_str()),
        |e| e.value.clone(),
    );
    let mailbox = mailbox(&email).ok_or_else(|| {
        ZoneError::new(
            "loket.yaml dns.soa.email",
            format!("`{email}` cannot be an SOA mailbox (no dots before the @)"),
        )
    })?;
    let primary = policy
        .name_servers
        .first()
        .and_then(|n| n.parse::<Name>().ok())
        .ok_or_else(|| ZoneError::new("loket.yaml dns.ns", "no valid primary name server"))?;
    Ok(Soa {
        primary,
        mailbox,
        serial,
        refresh: spec.and_then(|s| s.refresh).unwrap_or(refresh),
        retry: spec.and_then(|s| s.retry).unwrap_or(retry),
        expire: spec.and_then(|s| s.expire).unwrap_or(expire),
        negative_ttl: spec.and_then(|s| s.negative_ttl).unwrap_or(negative_ttl),
    })
}

/// `hostmaster@example.go.id` as the SOA's `hostmaster.example.go.id.`.
fn mailbox(email: &str) -> Option<Name> {
    let (local, domain) = email.trim().split_once('@')?;
    if local.contains('.') {
        return None;
    }
    format!("{local}.{domain}").parse().ok()
}

fn entry(
    reg: &Registration,
    policy: &DnsPolicy,
    origin: &Name,
    default_ttl: u32,
) -> Result<Entry, ZoneError> {
    let subject = format!("subdomain `{}` (permohonan {})", reg.name, reg.changed_by);
    let label: Label = reg.name.parse().map_err(|e| ZoneError::new(&subject, e))?;
    origin
        .child(label.as_str())
        .map_err(|e| ZoneError::new(&subject, e))?;
    let agency: AgencyId = reg
        .agency
        .parse()
        .map_err(|()| ZoneError::new(&subject, format!("`{}` is not an agency id", reg.agency)))?;
    let specs: Vec<&RecordSpec> = match &reg.records {
        Records::Hosted => policy.hosted.iter().map(|s| &s.value).collect(),
        Records::Own(own) => own.iter().map(|s: &Spanned<RecordSpec>| &s.value).collect(),
    };
    let mut records = Vec::with_capacity(specs.len());
    for spec in specs {
        let record =
            Record::parse(spec.kind.value, &spec.data).map_err(|e| ZoneError::new(&subject, e))?;
        records.push((spec.ttl.as_ref().map_or(default_ttl, |t| t.value), record));
    }
    let records = rrsets(records);
    let mut per_type: BTreeMap<&'static str, usize> = BTreeMap::new();
    for (_, record) in &records {
        *per_type.entry(record.kind()).or_default() += 1;
    }
    if let Some((kind, n)) = per_type
        .into_iter()
        .find(|(_, n)| *n > MAX_RECORDS_PER_TYPE)
    {
        return Err(ZoneError::new(
            &subject,
            format!(
                "{n} {kind} records at one name: BIND loads at most {MAX_RECORDS_PER_TYPE} \
                 (max-records-per-type) and refuses the whole zone beyond that"
            ),
        ));
    }
    Ok(Entry {
        label,
        agency,
        created_by: reg.created_by,
        changed_by: reg.changed_by,
        records,
    })
}

/// Sorts records by type and data, drops duplicates, and gives each RRset
/// (same type) one TTL, the lowest its records ask for: DNS requires one
/// TTL per RRset.
fn rrsets(mut records: Vec<(u32, Record)>) -> Vec<(u32, Record)> {
    let mut lowest: BTreeMap<&'static str, u32> = BTreeMap::new();
    for (ttl, record) in &records {
        let entry = lowest.entry(record.kind()).or_insert(*ttl);
        *entry = (*entry).min(*ttl);
    }
    for (ttl, record) in &mut records {
        *ttl = lowest.get(record.kind()).copied().unwrap_or(*ttl);
    }
    records.sort_by(|a, b| (a.1.kind(), &a.1).cmp(&(b.1.kind(), &b.1)));
    records.dedup();
    records
}

/// The serial for a zone written on `today`: `YYYYMMDD01`, or one more
/// than `previous` when that is not lower (several changes a day, or a
/// clock behind the last serial).
pub fn serial(today: NaiveDate, previous: Option<u32>) -> u32 {
    let base =
        (today.year().max(0) as u32) * 1_000_000 + today.month() * 10_000 + today.day() * 100 + 1;
    match previous {
        Some(prev) if prev >= base => prev.wrapping_add(1),
        _ => base,
    }
}

/// The SOA serial of a zone file's text, if it has an SOA record.
pub fn read_serial(text: &str) -> Option<u32> {
    let mut tokens = text
        .lines()
        .map(|l| l.split(';').next().unwrap_or(""))
        .flat_map(str::split_whitespace)
        .flat_map(|t| t.split(['(', ')']))
        .filter(|t| !t.is_empty());
    tokens.by_ref().find(|t| t.eq_ignore_ascii_case("SOA"))?;
    tokens.nth(2)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn serials_only_grow() {
        let today = date("2026-11-23");
        assert_eq!(serial(today, None), 2026112301);
        assert_eq!(serial(today, Some(2026112001)), 2026112301);
        assert_eq!(serial(today, Some(2026112301)), 2026112302);
        assert_eq!(serial(today, Some(2026112399)), 2026112400);
        assert_eq!(serial(today, Some(2030010101)), 2030010102);
    }

    #[test]
    fn serials_are_read_back() {
        assert_eq!(
            read_serial("@ IN SOA ns1.a. h.a. 2026112301 3600 900 1209600 300"),
            Some(2026112301)
        );
        let multi = "$TTL 1\n@ IN SOA ns1.a. h.a. ( ; c\n  2026010203 ; serial\n 1 2 3 4 )\n";
        assert_eq!(read_serial(multi), Some(2026010203));
        assert_eq!(read_serial("no soa here"), None);
    }

    #[test]
    fn rrsets_share_the_lowest_ttl() {
        let a = |s: &str| Record::A(s.parse().unwrap());
        let out = rrsets(vec![
            (600, a("1.1.1.2")),
            (300, a("1.1.1.1")),
            (300, a("1.1.1.1")),
        ]);
        assert_eq!(out, vec![(300, a("1.1.1.1")), (300, a("1.1.1.2"))]);
    }
}
