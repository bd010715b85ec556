//! Survei Kepuasan Masyarakat (PermenPAN-RB 14/2017): nine elements
//! answered 1–4; the index (IKM) is the mean of the elements' average
//! scores (NRR) times 25, graded A–D. Only numbers are published, never who
//! answered.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::Serialize;

use crate::snapshot::Survey;

/// The nine elements (unsur), in order.
pub const ELEMENTS: [&str; 9] = [
    "Persyaratan",
    "Sistem, mekanisme, dan prosedur",
    "Waktu penyelesaian",
    "Biaya/tarif",
    "Produk spesifikasi jenis pelayanan",
    "Kompetensi pelaksana",
    "Perilaku pelaksana",
    "Penanganan pengaduan, saran dan masukan",
    "Sarana dan prasarana",
];

/// The index of a set of responses.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Index {
    /// How many responses.
    pub responses: usize,
    /// The average score (NRR) of each element, 1–4.
    pub nrr: [f64; 9],
    /// IKM, 25–100.
    pub ikm: f64,
    /// Mutu pelayanan: A, B, C or D.
    pub grade: char,
}

/// The grade of an IKM: A 88.31–100, B 76.61–88.30, C 65.00–76.60, D 25.00–64.99.
pub fn grade(ikm: f64) -> char {
    // Compare at two decimals, as the bands are written.
    let v = (ikm * 100.0).round() / 100.0;
    if v >= 88.31 {
        'A'
    } else if v >= 76.61 {
        'B'
    } else if v >= 65.0 {
        'C'
    } else {
        'D'
    }
}

/// The index of `responses` (each nine answers 1–4); `None` for none.
pub fn index(responses: &[[u8; 9]]) -> Option<Index> {
    if responses.is_empty() {
        return None;
    }
    let n = responses.len() as f64;
    let mut nrr = [0.0; 9];
    for (i, slot) in nrr.iter_mut().enumerate() {
        *slot = responses.iter().map(|r| f64::from(r[i])).sum::<f64>() / n;
    }
    // Each element weighs 1/9: IKM = sum(NRR × 1/9) × 25.
    let ikm = nrr.iter().map(|v| v / 9.0).sum::<f64>() * 25.0;
    Some(Index {
        responses: responses.len(),
        nrr,
        ikm,
        grade: grade(ikm),
    })
}

/// One usable survey answer: its service (from the request it names), the
/// local day it was given and its nine scores.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// The service of the request it is about, when known.
    pub service: Option<String>,
    /// The day it was submitted, in the institution's time zone.
    pub day: NaiveDate,
    /// The nine scores, 1–4.
    pub answers: [u8; 9],
}

/// The usable answers of `surveys`: nine scores of 1–4 each (others are
/// left out). `service_of` maps a request id to its service, `day_of` a
/// time to the local day. Issue numbers go no further.
pub fn responses(
    surveys: &[Survey],
    service_of: impl Fn(&str) -> Option<String>,
    day_of: impl Fn(DateTime<Utc>) -> NaiveDate,
) -> Vec<Response> {
    surveys
        .iter()
        .filter_map(|s| {
            let answers = <[u8; 9]>::try_from(s.answers.as_slice()).ok()?;
            answers
                .iter()
                .all(|a| (1..=4).contains(a))
                .then(|| Response {
                    service: s.request.as_deref().and_then(&service_of),
                    day: day_of(s.submitted_at),
                    answers,
                })
        })
        .collect()
}

/// A survey period: a whole year, or one of its halves (semester I is
/// January–June, II July–December).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Period {
    /// The year.
    pub year: i32,
    /// 1 or 2 for a semester; `None` for the whole year (sorts before its halves).
    pub semester: Option<u8>,
}

impl Period {
    /// The year and the semester `day` falls in.
    pub fn of(day: NaiveDate) -> [Period; 2] {
        let half = if day.month() <= 6 { 1 } else { 2 };
        [
            Period {
                year: day.year(),
                semester: None,
            },
            Period {
                year: day.year(),
                semester: Some(half),
            },
        ]
    }
}

/// Who a row of the tally covers: every service, or one.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    /// Every answer, whatever its service.
    All,
    /// The answers about requests of one service.
    Service(String),
}

/// The index of every scope and period that has answers.
pub fn tally(responses: &[Response]) -> BTreeMap<(Scope, Period), Index> {
    let mut groups: BTreeMap<(Scope, Period), Vec<[u8; 9]>> = BTreeMap::new();
    for r in responses {
        for period in Period::of(r.day) {
            groups
                .entry((Scope::All, period))
                .or_default()
                .push(r.answers);
            if let Some(service) = &r.service {
                groups
                    .entry((Scope::Service(service.clone()), period))
                    .or_default()
                    .push(r.answers);
            }
        }
    }
    groups
        .into_iter()
        .filter_map(|(k, answers)| index(&answers).map(|i| (k, i)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thirty_responses_match_the_hand_computation() {
        // 30 responses: 12 answer all 4, 10 answer all 3, 5 answer 3 except a
        // 2 for waktu penyelesaian, 3 answer all 2.
        let mut r = Vec::new();
        r.extend(std::iter::repeat_n([4; 9], 12));
        r.extend(std::iter::repeat_n([3; 9], 10));
        r.extend(std::iter::repeat_n([3, 3, 2, 3, 3, 3, 3, 3, 3], 5));
        r.extend(std::iter::repeat_n([2; 9], 3));
        let i = index(&r).expect("index");
        // By hand: every element but the third sums 12*4 + 15*3 + 3*2 = 99,
        // NRR 3.3; the third sums 48 + 30 + 10 + 6 = 94, NRR 3.1333.
        // IKM = (8 * 3.3 + 3.1333) / 9 * 25 = 29.5333 / 9 * 25 = 82.037.
        assert!((i.nrr[0] - 3.3).abs() < 1e-9);
        assert!((i.nrr[2] - 94.0 / 30.0).abs() < 1e-9);
        assert!((i.ikm - 82.037_037).abs() < 1e-5, "{}", i.ikm);
        assert_eq!((i.responses, i.grade), (30, 'B'));
    }

    #[test]
    fn grade_bands() {
        assert_eq!(grade(100.0), 'A');
        assert_eq!(grade(88.31), 'A');
        assert_eq!(grade(88.30), 'B');
        assert_eq!(grade(76.61), 'B');
        assert_eq!(grade(76.60), 'C');
        assert_eq!(grade(65.0), 'C');
        assert_eq!(grade(64.99), 'D');
        assert_eq!(index(&[]), None);
    }

    #[test]
    fn tally_by_service_year_and_semester() {
        let day = |m| NaiveDate::from_ymd_opt(2026, m, 10).expect("date");
        let surveys: Vec<Survey> = [
            (Some("2026-0001"), 3, vec![4; 9]),
            (Some("2026-0001"), 8, vec![2; 9]),
            (None, 8, vec![3; 9]),
            (Some("2026-0001"), 8, vec![5; 9]),
            (Some("2026-0001"), 8, vec![4; 8]),
        ]
        .into_iter()
        .enumerate()
        .map(|(i, (request, month, answers))| Survey {
            issue: i as u64,
            submitted_at: day(month).and_hms_opt(3, 0, 0).expect("time").and_utc(),
            request: request.map(str::to_string),
            answers,
            author: None,
            state: None,
            state_reason: None,
            label_events: Vec::new(),
        })
        .collect();
        let rs = responses(
            &surveys,
            |id| (id == "2026-0001").then(|| "baru".to_string()),
            |at| at.date_naive(),
        );
        assert_eq!(rs.len(), 3, "out-of-range and short answers are left out");
        let t = tally(&rs);
        let year = Period {
            year: 2026,
            semester: None,
        };
        let second = Period {
            year: 2026,
            semester: Some(2),
        };
        let baru = Scope::Service("baru".into());
        assert_eq!(t[&(baru.clone(), year)].responses, 2);
        assert!((t[&(baru.clone(), year)].ikm - 75.0).abs() < 1e-9);
        assert!((t[&(baru, second)].ikm - 50.0).abs() < 1e-9);
        assert_eq!(t[&(Scope::All, second)].responses, 2);
        assert_eq!(t[&(Scope::All, year)].responses, 3);
        assert!(year < second);
    }
}
