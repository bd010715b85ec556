//! The audit history (`loket audit --web --from REPORT --history FILE`):
//! one entry per audit day, counts only (names checked, healthy, silent,
//! and per finding code how many names had it), never a name, address or
//! message, so it may be published whatever `audit_web.rincian_publik`
//! says. Pure: reading, folding a report in ([`fold`], with the lines
//! that say so), writing; the file itself is kept between runs by the
//! `audit` workflow as an artifact.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::input::diagnostic::Lang;
use crate::web::record::Record;

/// The format of the file this loket writes and reads.
pub(crate) const VERSION: u32 = 1;

/// The most audit days kept: the oldest fall off (over a year of daily
/// audits, a few dozen kilobytes).
pub(crate) const KEPT_DAYS: usize = 400;

/// The whole history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct History {
    /// [`VERSION`].
    pub version: u32,
    /// One entry per audit day, oldest first, no day twice.
    pub days: Vec<Day>,
}

/// One audit day: the counts of its last report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Day {
    /// The day the names were checked, in the institution's time zone.
    pub date: NaiveDate,
    /// Names checked.
    pub checked: usize,
    /// Names with no finding.
    pub healthy: usize,
    /// Names that answered neither HTTP nor HTTPS (not a finding).
    pub unreachable: usize,
    /// Per finding code (`tls-expired`, `gambling`), the names that had it.
    pub findings: BTreeMap<String, usize>,
}

/// Why a history file cannot be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum HistoryError {
    /// Not JSON of the history's shape.
    #[error(
        "not an audit history of `loket audit --web --history` (line {line}, column {column}: {reason}); remove the file to start a new history"
    )]
    Malformed {
        /// Where, 1-based.
        line: usize,
        /// Where, 1-based.
        column: usize,
        /// What was wrong.
        reason: String,
    },
    /// Written by another loket.
    #[error(
        "audit history version {0} is not known to this loket (it reads version {VERSION}); update loket or remove the file to start a new history"
    )]
    Version(u32),
    /// Two entries of one day, or days out of order.
    #[error(
        "audit history lists {0} out of order or twice; remove the file to start a new history"
    )]
    Order(NaiveDate),
}

impl Default for History {
    fn default() -> History {
        History {
            version: VERSION,
            days: Vec::new(),
        }
    }
}

impl Day {
    /// The counts of `record`, checked on `date`.
    pub(crate) fn of(record: &Record, date: NaiveDate) -> Day {
        let mut findings: BTreeMap<String, usize> = BTreeMap::new();
        for name in &record.names {
            let mut codes: Vec<&str> = name.findings.iter().map(|f| f.code.as_str()).collect();
            codes.sort_unstable();
            codes.dedup();
            for code in codes {
                *findings.entry(code.to_string()).or_default() += 1;
            }
        }
        Day {
            date,
            checked: record.names.len(),
            healthy: record.names.iter().filter(|n| n.ok).count(),
            unreachable: record.names.iter().filter(|n| !n.reachable).count(),
            findings,
        }
    }

    /// The share of names healthy, in percent (none when nothing was
    /// checked).
    pub(crate) fn share(&self) -> Option<f64> {
        (self.checked > 0).then(|| self.healthy as f64 / self.checked as f64 * 100.0)
    }
}

impl History {
    /// Reads a history; the version is checked before the shape, so a
    /// newer file says so instead of failing on a field.
    pub(crate) fn parse(text: &str) -> Result<History, HistoryError> {
        let malformed = |e: serde_json::Error| HistoryError::Malformed {
            line: e.line(),
            column: e.column(),
            reason: e.to_string(),
        };
        let value: serde_json::Value = serde_json::from_str(text).map_err(malformed)?;
        if let Some(v) = value.get("version").and_then(serde_json::Value::as_u64)
            && v != u64::from(VERSION)
        {
            return Err(HistoryError::Version(u32::try_from(v).unwrap_or(u32::MAX)));
        }
        let history: History =
            serde_json::from_value(value).map_err(|e| HistoryError::Malformed {
                line: 1,
                column: 1,
                reason: e.to_string(),
            })?;
        if let Some(w) = history.days.windows(2).find(|w| w[0].date >= w[1].date) {
            return Err(HistoryError::Order(w[1].date));
        }
        Ok(history)
    }

    /// The JSON text: pretty, keys in a fixed order, a final newline; the
    /// same history always gives the same bytes.
    pub(crate) fn to_json(&self) -> Result<String, serde_json::Error> {
        crate::json::pretty_typed(self)
    }

    /// The history with `day` in: a day already there is replaced (the
    /// day's last report counts), days stay in order and the oldest past
    /// [`KEPT_DAYS`] fall off. Folding one report twice changes nothing.
    pub(crate) fn with(mut self, day: Day) -> History {
        self.days.retain(|d| d.date != day.date);
        let at = self.days.partition_point(|d| d.date < day.date);
        self.days.insert(at, day);
        let excess = self.days.len().saturating_sub(KEPT_DAYS);
        self.days.drain(..excess);
        self.version = VERSION;
        self
    }
}

/// A day folded into a history file: the history to write back, the day,
/// and whether the file was started anew.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Folded {
    /// The history with the day in.
    pub history: History,
    /// The day folded in.
    pub day: Day,
    /// There was no file: a new history was started.
    pub started: bool,
}

/// Folds `day` into the history whose text is `previous`; none (the file
/// does not exist yet) starts a new history, a text that is not one is an
/// error, never overwritten.
pub(crate) fn fold(previous: Option<&str>, day: Day) -> Result<Folded, HistoryError> {
    let history = previous.map(History::parse).transpose()?;
    Ok(Folded {
        started: history.is_none(),
        history: history.unwrap_or_default().with(day.clone()),
        day,
    })
}

impl Folded {
    /// The warning when the history `file` was started anew, if it was.
    pub(crate) fn warning(&self, file: &str, lang: Lang) -> Option<String> {
        self.started.then(|| {
            lang.pick(
                format!("peringatan: belum ada riwayat audit di {file}: riwayat baru dimulai"),
                format!("warning: no audit history at {file}: starting a new one"),
            )
        })
    }

    /// The line that sums the fold into `file` up, in `lang`.
    pub(crate) fn summary(&self, file: &str, lang: Lang) -> String {
        let Day {
            date,
            healthy,
            checked,
            ..
        } = &self.day;
        let kept = self.history.days.len();
        lang.pick(
            format!("riwayat audit {file}: {date} {healthy}/{checked} nama sehat ({kept} hari audit disimpan)"),
            format!("audit history {file}: {date} {healthy}/{checked} names healthy ({kept} audit days kept)"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::record::{Checked, Found, Http, Https};

    fn name(host: &str, reachable: bool, codes: &[&str]) -> Checked {
        Checked {
            host: host.into(),
            agency: None,
            request: None,
            ok: codes.is_empty(),
            reachable,
            https: Https {
                status: None,
                tls: None,
            },
            http: Http { status: None },
            findings: codes
                .iter()
                .map(|c| Found {
                    code: (*c).into(),
                    error: true,
                    message: format!("{c} at {host}"),
                    detail: serde_json::json!({"url": format!("https://{host}/")}),
                })
                .collect(),
        }
    }

    fn record(names: Vec<Checked>) -> Record {
        Record {
            ok: names.iter().all(|n| n.ok),
            checked_at: "2026-11-20T23:30:00Z".parse().expect("time"),
            names,
        }
    }

    fn date(text: &str) -> NaiveDate {
        text.parse().expect("date")
    }

    fn day(text: &str, checked: usize, healthy: usize) -> Day {
        Day {
            date: date(text),
            checked,
            healthy,
            unreachable: 0,
            findings: BTreeMap::new(),
        }
    }

    #[test]
    fn a_day_counts_names_not_findings_and_holds_no_name_or_message() {
        let r = record(vec![
            name("a.go.id", true, &[]),
            name("b.go.id", true, &["gambling", "gambling", "cloaking"]),
            name("c.go.id", true, &["gambling"]),
            name("d.go.id", false, &[]),
        ]);
        let d = Day::of(&r, date("2026-11-21"));
        assert_eq!((d.checked, d.healthy, d.unreachable), (4, 2, 1));
        assert_eq!(
            d.findings,
            BTreeMap::from([("cloaking".into(), 1), ("gambling".into(), 2)])
        );
        let text = History::default().with(d).to_json().expect("serializes");
        for secret in ["a.go.id", "b.go.id", "https://", " at "] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
        assert_eq!(d_share(&text), Some(50.0));
    }

    fn d_share(text: &str) -> Option<f64> {
        History::parse(text).expect("reads back").days[0].share()
    }

    #[test]
    fn folding_replaces_the_same_day_keeps_order_and_is_idempotent() {
        let h = History::default()
            .with(day("2026-11-20", 10, 9))
            .with(day("2026-11-18", 10, 7))
            .with(day("2026-11-19", 10, 8));
        let dates: Vec<String> = h.days.iter().map(|d| d.date.to_string()).collect();
        assert_eq!(dates, ["2026-11-18", "2026-11-19", "2026-11-20"]);
        let again = h.clone().with(day("2026-11-19", 12, 12));
        assert_eq!(again.days.len(), 3);
        assert_eq!(again.days[1].checked, 12);
        assert_eq!(
            again.clone().with(day("2026-11-19", 12, 12)),
            again,
            "the same report twice is one entry"
        );
        assert_eq!(
            History::parse(&again.to_json().expect("serializes")).expect("reads back"),
            again
        );
        assert_eq!(
            again.to_json().expect("serializes"),
            again.clone().to_json().expect("serializes")
        );
    }

    #[test]
    fn a_fold_starts_a_history_and_says_so_in_the_runs_language() {
        let folded = fold(None, day("2026-11-20", 2, 1)).expect("a new history");
        assert!(folded.started);
        assert_eq!(
            folded.warning("r.json", Lang::Id).as_deref(),
            Some("peringatan: belum ada riwayat audit di r.json: riwayat baru dimulai")
        );
        assert_eq!(
            folded.warning("r.json", Lang::En).as_deref(),
            Some("warning: no audit history at r.json: starting a new one")
        );
        assert_eq!(
            folded.summary("r.json", Lang::Id),
            "riwayat audit r.json: 2026-11-20 1/2 nama sehat (1 hari audit disimpan)"
        );
        assert_eq!(
            folded.summary("r.json", Lang::En),
            "audit history r.json: 2026-11-20 1/2 names healthy (1 audit days kept)"
        );
        let text = folded.history.to_json().expect("serializes");
        let again = fold(Some(&text), day("2026-11-21", 2, 2)).expect("read back");
        assert!(!again.started);
        assert_eq!(again.warning("r.json", Lang::Id), None);
        assert_eq!(again.history.days.len(), 2);
        assert!(
            fold(Some("{"), day("2026-11-21", 2, 2)).is_err(),
            "never overwritten"
        );
    }

    #[test]
    fn the_oldest_days_fall_off_past_the_bound() {
        let start = date("2025-01-01");
        let mut h = History::default();
        for i in 0..(KEPT_DAYS as u64 + 5) {
            h = h.with(day(&(start + chrono::Days::new(i)).to_string(), 1, 1));
        }
        assert_eq!(h.days.len(), KEPT_DAYS);
        assert_eq!(h.days[0].date, start + chrono::Days::new(5));
    }

    #[test]
    fn a_malformed_history_is_a_typed_error_not_an_empty_one() {
        assert!(matches!(
            History::parse(""),
            Err(HistoryError::Malformed { line: 1, .. })
        ));
        assert!(matches!(
            History::parse("{\"version\": 1,\n \"days\": [}"),
            Err(HistoryError::Malformed { line: 2, .. })
        ));
        assert!(matches!(
            History::parse("{\"version\": 1, \"days\": [{\"date\": \"gestern\"}]}"),
            Err(HistoryError::Malformed { .. })
        ));
        assert!(matches!(
            History::parse("{\"version\": 1, \"days\": [], \"names\": []}"),
            Err(HistoryError::Malformed { .. })
        ));
        assert_eq!(
            History::parse("{\"version\": 2, \"days\": \"later\"}"),
            Err(HistoryError::Version(2))
        );
        let twice = History {
            version: VERSION,
            days: vec![day("2026-11-20", 1, 1), day("2026-11-20", 1, 0)],
        };
        assert_eq!(
            History::parse(&twice.to_json().expect("serializes")),
            Err(HistoryError::Order(date("2026-11-20")))
        );
    }
}
