//! Applying what a merge changed to a name server, name by name.
//!
//! Each name's change is one signed RFC 2136 message with its own
//! prerequisite, so it is atomic on its own and no other name waits on it:
//! one name refused, too large or lost in transit does not keep the
//! others from being applied. Only a key the server refuses stops the run,
//! since every later message would carry the same key.

use std::fmt::Write as _;
use std::net::SocketAddr;
use std::time::Duration;

use hickory_proto::op::ResponseCode;

use crate::dns::Name;
use crate::dns::client::{self, ClientError, TsigKey};
use crate::dns::diff::Change;
use crate::dns::record::Record;
use crate::input::diagnostic::Lang;
use crate::progress::Progress;

/// What became of one name.
#[derive(Debug)]
pub enum Outcome {
    /// The server took the update; each record was then asked for.
    Applied(Vec<Verified>),
    /// The server refused the update with this response code (a failed
    /// prerequisite is YXDOMAIN or NXDOMAIN).
    Refused(ResponseCode),
    /// Not sent: it could not travel whole in one message, or the server
    /// could not be reached or answered nonsense.
    Failed(ClientError),
    /// The server refused the key on this name ([`Report::key_refused`]).
    KeyRefused,
    /// Not sent because the key was refused on an earlier name.
    NotAttempted,
}

/// One record of an applied change, as the server now answers.
#[derive(Debug)]
pub struct Verified {
    /// Its TTL.
    pub ttl: u32,
    /// The record.
    pub record: Record,
    /// Whether it should be there (added) or gone (removed).
    pub wanted: bool,
    /// Whether the server agrees; `None` when it could not be asked.
    pub ok: Option<bool>,
}

/// One name's line of the report.
#[derive(Debug)]
pub struct NameReport {
    /// The name.
    pub fqdn: Name,
    /// What became of it.
    pub outcome: Outcome,
}

impl NameReport {
    /// Whether the name is as the repository says.
    pub fn ok(&self) -> bool {
        match &self.outcome {
            Outcome::Applied(records) => records.iter().all(|r| r.ok == Some(true)),
            _ => false,
        }
    }
}

/// The whole run: every name, and the key error that stopped it, if any.
#[derive(Debug)]
pub struct Report {
    /// Every changed name, in order.
    pub names: Vec<NameReport>,
    /// The server refused the key (the names after it were not attempted).
    pub key_refused: Option<ClientError>,
}

/// Applies `changes` to `server`'s zone `zone`, signing with `key` at
/// `now` (seconds since the epoch).
pub fn apply(
    server: SocketAddr,
    zone: &Name,
    changes: &[Change],
    key: &TsigKey,
    timeout: Duration,
    now: u64,
) -> Report {
    let mut names = Vec::with_capacity(changes.len());
    let mut key_refused = None;
    let progress = Progress::stderr("menerapkan nama", changes.len() as u64);
    for change in changes {
        let outcome = if key_refused.is_some() {
            Outcome::NotAttempted
        } else {
            match client::update(server, zone, change, key, timeout, now) {
                Ok(ResponseCode::NoError) => Outcome::Applied(verify(server, change, timeout)),
                Ok(code) => Outcome::Refused(code),
                Err(e @ ClientError::BadKey { .. }) => {
                    key_refused = Some(e);
                    Outcome::KeyRefused
                }
                Err(e) => Outcome::Failed(e),
            }
        };
        names.push(NameReport {
            fqdn: change.fqdn.clone(),
            outcome,
        });
        progress.add(1);
    }
    progress.finish();
    Report { names, key_refused }
}

/// Asks the server for each record the change touched.
fn verify(server: SocketAddr, change: &Change, timeout: Duration) -> Vec<Verified> {
    change
        .removed
        .iter()
        .map(|(t, r)| (t, r, false))
        .chain(change.added.iter().map(|(t, r)| (t, r, true)))
        .map(|(ttl, record, wanted)| {
            let ok = client::query(
                server,
                &change.fqdn,
                client::record_type(record),
                false,
                timeout,
            )
            .ok()
            .zip(client::rdata(record).ok())
            .map(|(answer, rdata)| answer.data.contains(&rdata) == wanted);
            Verified {
                ttl: *ttl,
                record: record.clone(),
                wanted,
                ok,
            }
        })
        .collect()
}

/// The report of `loket dns apply`: one line per record of an applied
/// name, one line per name otherwise; a line saying so when nothing
/// changed.
pub fn text(report: &Report, lang: Lang) -> String {
    let mut out = String::new();
    for name in &report.names {
        let fqdn = &name.fqdn;
        match &name.outcome {
            Outcome::Applied(records) => {
                for r in records {
                    let (sign, state) = match (r.wanted, r.ok) {
                        (true, Some(true)) => ("+", words(lang, "terpasang", "present")),
                        (false, Some(true)) => ("-", words(lang, "terhapus", "gone")),
                        (true, Some(false)) => (
                            "+",
                            words(lang, "TIDAK ADA di server", "MISSING on the server"),
                        ),
                        (false, Some(false)) => (
                            "-",
                            words(lang, "MASIH ADA di server", "STILL on the server"),
                        ),
                        (wanted, None) => (
                            if wanted { "+" } else { "-" },
                            words(lang, "tidak dapat diperiksa", "could not be checked"),
                        ),
                    };
                    let mark = if r.ok == Some(true) { "✓" } else { "✗" };
                    let _ = writeln!(
                        out,
                        "{mark} {sign} {fqdn} {} IN {}: {state}",
                        r.ttl, r.record
                    );
                }
            }
            Outcome::Refused(code) => {
                let _ = writeln!(
                    out,
                    "✗ {fqdn}: {} ({code:?}: {code})",
                    words(
                        lang,
                        "pembaruan ditolak server",
                        "the server refused the update"
                    )
                );
            }
            Outcome::Failed(e) => {
                let _ = writeln!(
                    out,
                    "✗ {fqdn}: {}: {e}",
                    words(lang, "tidak terkirim", "not sent")
                );
            }
            Outcome::KeyRefused => {
                let _ = writeln!(
                    out,
                    "✗ {fqdn}: {}",
                    words(lang, "kunci TSIG ditolak", "the TSIG key was refused")
                );
            }
            Outcome::NotAttempted => {
                let _ = writeln!(
                    out,
                    "– {fqdn}: {}",
                    words(
                        lang,
                        "tidak dicoba (kunci TSIG ditolak)",
                        "not attempted (the TSIG key was refused)"
                    )
                );
            }
        }
    }
    if report.names.is_empty() {
        out.push_str(words(lang, "tidak ada perubahan\n", "nothing to change\n"));
    }
    out
}

fn words(lang: Lang, id: &'static str, en: &'static str) -> &'static str {
    lang.pick(id, en)
}
