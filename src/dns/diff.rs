//! What a merge changed in the zone, and the three ways it is written
//! ([`Format`], [`render`]): a BIND snippet, an `nsupdate` script (RFC
//! 2136) and JSON.
//!
//! Pure: two [`Zone`]s in, [`Change`]s out; rendering writes only typed
//! names and records. The SOA is left out: the server counts its serial
//! itself when it takes an update.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde_json::{Value, json};

use crate::dns::name::Name;
use crate::dns::record::Record;
use crate::dns::zone::{Line, Owner, Rr, Zone};
use crate::model::{AgencyId, RequestId};

/// Who holds a name, for the comment above its lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    /// The agency.
    pub agency: AgencyId,
    /// The request that created the registration.
    pub created_by: RequestId,
    /// The request that last changed it.
    pub changed_by: RequestId,
}

/// What must hold at the server before a change is applied (RFC 2136 §2.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prerequisite {
    /// The name must not exist: it is new.
    NxDomain,
    /// The name must exist: it is changed or removed.
    YxDomain,
    /// None: the apex always exists.
    None,
}

/// The change at one name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Where.
    pub owner: Owner,
    /// The same, fully qualified.
    pub fqdn: Name,
    /// The registration before, if the name was registered.
    pub before: Option<Holder>,
    /// The registration after, if the name is registered.
    pub after: Option<Holder>,
    /// Whether the name held records before.
    pub existed: bool,
    /// Records that go, with their TTL.
    pub removed: Vec<(u32, Record)>,
    /// Records that come, with their TTL.
    pub added: Vec<(u32, Record)>,
}

impl Change {
    /// The prerequisite that keeps the update from clobbering a name the
    /// server holds differently than the repository thinks.
    pub fn prerequisite(&self) -> Prerequisite {
        match (&self.owner, self.existed) {
            (Owner::Apex, _) => Prerequisite::None,
            (_, false) => Prerequisite::NxDomain,
            (_, true) => Prerequisite::YxDomain,
        }
    }
}

type Side = BTreeMap<Owner, (Option<Holder>, BTreeSet<(u32, Record)>)>;

fn side(zone: &Zone) -> Side {
    let mut out: Side = BTreeMap::new();
    let mut add = |rr: Rr, holder: Option<Holder>| {
        let slot = out.entry(rr.owner).or_default();
        if holder.is_some() {
            slot.0 = holder;
        }
        slot.1.insert((rr.ttl, rr.record));
    };
    for rr in zone.base.iter().cloned() {
        add(rr, None);
    }
    for entry in &zone.entries {
        let holder = Holder {
            agency: entry.agency.clone(),
            created_by: entry.created_by,
            changed_by: entry.changed_by,
        };
        for rr in entry.rrs() {
            add(rr, Some(holder.clone()));
        }
    }
    out
}

/// The changes from `from` to `to`, by owner (the apex first).
pub fn diff(from: &Zone, to: &Zone) -> Vec<Change> {
    let before = side(from);
    let after = side(to);
    let owners: BTreeSet<&Owner> = before.keys().chain(after.keys()).collect();
    let empty = (None, BTreeSet::new());
    owners
        .into_iter()
        .filter_map(|owner| {
            let (was, old) = before.get(owner).unwrap_or(&empty);
            let (is, new) = after.get(owner).unwrap_or(&empty);
            let removed: Vec<_> = old.difference(new).cloned().collect();
            let added: Vec<_> = new.difference(old).cloned().collect();
            (!removed.is_empty() || !added.is_empty()).then(|| Change {
                owner: owner.clone(),
                fqdn: owner.fqdn(&to.origin),
                before: was.clone(),
                after: is.clone(),
                existed: !old.is_empty(),
                removed,
                added,
            })
        })
        .collect()
}

fn comment(change: &Change) -> String {
    let holder = change.after.as_ref().or(change.before.as_ref());
    let mut out = format!("; {}", change.owner);
    match holder {
        Some(h) => {
            let _ = write!(out, ": {}, permohonan {}", h.agency, h.created_by);
            if h.changed_by != h.created_by {
                let _ = write!(out, ", diubah {}", h.changed_by);
            }
        }
        None => out.push_str(": rekaman dasar Diskominfo (loket.yaml)"),
    }
    let what = match (
        change.existed,
        change.after.is_some() || change.owner == Owner::Apex,
    ) {
        (false, _) => "baru",
        (true, false) if change.added.is_empty() => "dihapus",
        _ => "diubah",
    };
    let _ = write!(out, " ({what})");
    out
}

fn line(owner: &Owner, ttl: u32, record: &Record) -> String {
    let rr = Rr {
        owner: owner.clone(),
        ttl,
        record: record.clone(),
    };
    Line(&rr).to_string()
}

/// How `loket dns diff` writes the change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Zone-file lines: removed ones commented out, added ones ready to paste.
    Bind,
    /// An `nsupdate` script: prerequisites, deletions, additions, `send`.
    Nsupdate,
    /// JSON, for workflows.
    Json,
}

/// `changes` to `zone` from revision `from` to `to`, written in `format`.
pub fn render(zone: &Zone, changes: &[Change], from: &str, to: &str, format: Format) -> String {
    match format {
        Format::Bind => bind(zone, changes, from, to),
        Format::Nsupdate => nsupdate(zone, changes, from, to),
        Format::Json => json(zone, changes, from, to),
    }
}

/// The BIND snippet: removed lines commented out with `;-`, added lines
/// ready to paste under the zone's `$ORIGIN`.
pub fn bind(zone: &Zone, changes: &[Change], from: &str, to: &str) -> String {
    let mut out = format!(
        "; loket dns diff {from}..{to}: zona {}\n; baris \";-\" dihapus, baris lain ditambahkan\n$ORIGIN {}\n",
        zone.origin, zone.origin
    );
    if changes.is_empty() {
        out.push_str("; tidak ada perubahan\n");
    }
    for change in changes {
        let _ = writeln!(out, "\n{}", comment(change));
        for (ttl, record) in &change.removed {
            let _ = writeln!(out, ";- {}", line(&change.owner, *ttl, record));
        }
        for (ttl, record) in &change.added {
            let _ = writeln!(out, "{}", line(&change.owner, *ttl, record));
        }
    }
    out
}

/// The `nsupdate` script: per name, its prerequisite, deletions, additions
/// and `send`, so each name changes atomically and alone.
pub fn nsupdate(zone: &Zone, changes: &[Change], from: &str, to: &str) -> String {
    let mut out = format!("; loket dns diff {from}..{to}\nzone {}\n", zone.origin);
    for change in changes {
        let name = &change.fqdn;
        let _ = writeln!(out, "{}", comment(change));
        match change.prerequisite() {
            Prerequisite::NxDomain => {
                let _ = writeln!(out, "prereq nxdomain {name}");
            }
            Prerequisite::YxDomain => {
                let _ = writeln!(out, "prereq yxdomain {name}");
            }
            Prerequisite::None => {}
        }
        for (_, record) in &change.removed {
            let _ = writeln!(out, "update delete {name} IN {record}");
        }
        for (ttl, record) in &change.added {
            let _ = writeln!(out, "update add {name} {ttl} IN {record}");
        }
        out.push_str("send\n");
    }
    out
}

/// The JSON form: zone, revisions and each change with its records.
pub fn json(zone: &Zone, changes: &[Change], from: &str, to: &str) -> String {
    let records = |list: &[(u32, Record)]| -> Vec<Value> {
        list.iter()
            .map(|(ttl, r)| json!({"type": r.kind(), "ttl": ttl, "data": r.data().to_string()}))
            .collect()
    };
    let holder = |h: &Option<Holder>| {
        h.as_ref().map(|h| {
            json!({"agency": h.agency.as_str(), "created_by": h.created_by.to_string(),
                   "changed_by": h.changed_by.to_string()})
        })
    };
    let changes: Vec<Value> = changes
        .iter()
        .map(|c| {
            json!({
                "name": c.owner.to_string(),
                "fqdn": c.fqdn.to_string(),
                "before": holder(&c.before),
                "after": holder(&c.after),
                "removed": records(&c.removed),
                "added": records(&c.added),
            })
        })
        .collect();
    let value =
        json!({"zone": zone.origin.to_string(), "from": from, "to": to, "changes": changes});
    crate::json::pretty(&value)
}
