//! Survei Kepuasan Masyarakat (PermenPAN-RB 14/2017): nine elements
//! answered 1–4; the index (IKM) is the mean of the elements' average
//! scores (NRR) times 25, graded A–D. Only numbers are published, never who
//! answered.
//!
//! The index cannot be stuffed: an answer counts only when it names a
//! finished request, was given after it finished, comes from an operator
//! of that request's agency (or a respondent an officer accepts with
//! [`ACCEPTED_LABEL`]), is the first such answer for the request, and its
//! issue was not closed as spam (not planned or duplicate). Everything
//! else is counted apart by reason ([`LeftOut`]).

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::Serialize;

use crate::github::snapshot::{IssueState, IssueStateReason, Survey};
use crate::model::Config;
use crate::review::timeline::{Status, Timeline};

/// The label an officer puts on a survey issue to accept its author as a
/// respondent for the request it names (someone not an operator, e.g. the
/// agency's head answering in person).
pub const ACCEPTED_LABEL: &str = "survei: diterima";

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

/// What a survey answer is about, as the request's timeline says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The request's service, when known.
    pub service: Option<String>,
    /// The request's agency.
    pub agency: String,
    /// When the request was finished, if it is.
    pub finished: Option<DateTime<Utc>>,
}

impl Target {
    /// The target of an answer naming the request of `t`.
    pub fn of(t: &Timeline) -> Target {
        Target {
            service: t.service.clone(),
            agency: t.agency.clone(),
            finished: finished(t),
        }
    }
}

/// When a request was finished: decided and its clock stopped (done,
/// approved with nothing after the merge, or refused).
pub fn finished(t: &Timeline) -> Option<DateTime<Utc>> {
    match t.status {
        Status::Selesai | Status::Disetujui | Status::Ditolak => t.clock.stopped,
        _ => None,
    }
}

/// Why an answer is not counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LeftOut {
    /// Not nine scores of 1–4.
    Malformed,
    /// Its issue was closed as not planned or as a duplicate (spam).
    Spam,
    /// It names no request, or one that is not published.
    NoRequest,
    /// The request is not finished, or was not when the answer came.
    NotFinished,
    /// Its author is neither an operator of the request's agency nor
    /// accepted by an officer's label.
    NotRespondent,
    /// The request already has an answer.
    Repeated,
}

impl LeftOut {
    /// Every reason, in order.
    pub const ALL: [LeftOut; 6] = [
        LeftOut::Malformed,
        LeftOut::Spam,
        LeftOut::NoRequest,
        LeftOut::NotFinished,
        LeftOut::NotRespondent,
        LeftOut::Repeated,
    ];

    /// The reason's key (words in `site::i18n` as `skm_out_<key>`).
    pub fn key(self) -> &'static str {
        match self {
            LeftOut::Malformed => "malformed",
            LeftOut::Spam => "spam",
            LeftOut::NoRequest => "no_request",
            LeftOut::NotFinished => "not_finished",
            LeftOut::NotRespondent => "not_respondent",
            LeftOut::Repeated => "repeated",
        }
    }
}

/// The answers that count, and how many were left out and why.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counted {
    /// The answers that count.
    pub responses: Vec<Response>,
    /// How many were left out, by reason.
    pub left_out: BTreeMap<LeftOut, usize>,
}

/// The answers of `surveys` that count (see the module's rules), and the
/// others counted by reason. `target_of` gives what a request id is about
/// (`None` for an unknown or unpublished id), `config` the operators and
/// officers, `day_of` a time's local day. Issue numbers go no further.
pub fn responses(
    surveys: &[Survey],
    target_of: impl Fn(&str) -> Option<Target>,
    config: &Config,
    day_of: impl Fn(DateTime<Utc>) -> NaiveDate,
) -> Counted {
    let mut order: Vec<&Survey> = surveys.iter().collect();
    order.sort_by_key(|s| (s.submitted_at, s.issue));
    let mut out = Counted::default();
    let mut answered = std::collections::BTreeSet::new();
    for s in order {
        let verdict = judge(s, &target_of, config);
        let (answers, target) = match verdict {
            Ok(ok) => ok,
            Err(why) => {
                *out.left_out.entry(why).or_default() += 1;
                continue;
            }
        };
        let id = s.request.as_deref().unwrap_or_default().trim().to_string();
        if !answered.insert(id) {
            *out.left_out.entry(LeftOut::Repeated).or_default() += 1;
            continue;
        }
        out.responses.push(Response {
            service: target.service,
            day: day_of(s.submitted_at),
            answers,
        });
    }
    out
}

/// The scores and target of an answer that may count, or why it does not.
fn judge(
    s: &Survey,
    target_of: &impl Fn(&str) -> Option<Target>,
    config: &Config,
) -> Result<([u8; 9], Target), LeftOut> {
    let answers = <[u8; 9]>::try_from(s.answers.as_slice())
        .ok()
        .filter(|a| a.iter().all(|x| (1..=4).contains(x)))
        .ok_or(LeftOut::Malformed)?;
    let spam = s.state == Some(IssueState::Closed)
        && matches!(
            s.state_reason,
            Some(IssueStateReason::NotPlanned | IssueStateReason::Duplicate)
        );
    if spam {
        return Err(LeftOut::Spam);
    }
    let target = s
        .request
        .as_deref()
        .map(str::trim)
        .and_then(target_of)
        .ok_or(LeftOut::NoRequest)?;
    if target
        .finished
        .is_none_or(|finished| finished > s.submitted_at)
    {
        return Err(LeftOut::NotFinished);
    }
    let operator = s
        .author
        .as_deref()
        .is_some_and(|a| crate::review::trust::is_operator(config, &target.agency, a));
    let accepted = crate::review::trust::on_by_officer(&s.label_events, ACCEPTED_LABEL, config);
    if !operator && !accepted {
        return Err(LeftOut::NotRespondent);
    }
    Ok((answers, target))
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

/// The index per service and of every answer (the rows of `loket skm`),
/// in the order of their names: `none` names the answers about no known
/// service, `all` every answer.
pub fn by_service(responses: &[Response], none: &str, all: &str) -> Vec<(String, Index)> {
    let mut groups: BTreeMap<String, Vec<[u8; 9]>> = BTreeMap::new();
    for r in responses {
        let service = r.service.clone().unwrap_or_else(|| none.into());
        groups.entry(service).or_default().push(r.answers);
        groups.entry(all.into()).or_default().push(r.answers);
    }
    groups
        .into_iter()
        .filter_map(|(service, answers)| index(&answers).map(|i| (service, i)))
        .collect()
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
        let rs: Vec<Response> = [
            (Some("baru"), 3, [4; 9]),
            (Some("baru"), 8, [2; 9]),
            (None, 8, [3; 9]),
        ]
        .into_iter()
        .map(|(service, month, answers)| Response {
            service: service.map(str::to_string),
            day: day(month),
            answers,
        })
        .collect();
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

    /// The base fixture: officer kasi-verifikasi, dinas-b's operator op-b.
    fn config() -> Config {
        use crate::input::decode::Decode;
        let text = include_str!("../tests/fixtures/base/loket.yaml");
        let tree = crate::input::yaml::parse(text).expect("fixture parses");
        let mut cx = crate::input::decode::Cx::new("loket.yaml");
        Config::decode(&tree, &mut cx).expect("fixture decodes")
    }

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .expect("time")
            .with_timezone(&Utc)
    }

    #[test]
    fn only_first_answers_of_finished_requests_by_their_operators_count() {
        use crate::github::snapshot::{LabelAction, LabelEvent};
        let accept = |actor: &str| LabelEvent {
            label: ACCEPTED_LABEL.into(),
            action: LabelAction::Added,
            actor: actor.into(),
            at: at("2026-06-20T00:00:00Z"),
        };
        // (issue, request, author, submitted, state, labels, score)
        type Row<'a> = (
            u64,
            Option<&'a str>,
            Option<&'a str>,
            &'a str,
            Option<IssueStateReason>,
            Vec<LabelEvent>,
            u8,
        );
        let rows: Vec<Row<'_>> = vec![
            (
                1,
                Some("2026-0001"),
                Some("op-b"),
                "2026-05-30T00:00:00Z",
                None,
                vec![],
                1,
            ),
            (
                2,
                Some("2026-0001"),
                Some("OP-B"),
                "2026-06-02T00:00:00Z",
                None,
                vec![],
                4,
            ),
            (
                3,
                Some("2026-0001"),
                Some("op-b"),
                "2026-06-03T00:00:00Z",
                None,
                vec![],
                1,
            ),
            (
                4,
                Some("2026-0003"),
                Some("pengunjung"),
                "2026-06-02T00:00:00Z",
                None,
                vec![],
                1,
            ),
            (
                5,
                Some("2026-0004"),
                Some("pengunjung"),
                "2026-06-02T00:00:00Z",
                None,
                vec![accept("pengunjung")],
                1,
            ),
            (
                6,
                Some("2026-0004"),
                Some("kepala-dinas-a"),
                "2026-06-03T00:00:00Z",
                None,
                vec![accept("kasi-verifikasi")],
                3,
            ),
            (
                7,
                Some("2026-0002"),
                Some("op-b"),
                "2026-06-02T00:00:00Z",
                None,
                vec![],
                1,
            ),
            (
                8,
                None,
                Some("op-b"),
                "2026-06-02T00:00:00Z",
                None,
                vec![],
                1,
            ),
            (
                9,
                Some("2026-0005"),
                Some("op-b"),
                "2026-06-02T00:00:00Z",
                Some(IssueStateReason::NotPlanned),
                vec![],
                1,
            ),
            (
                10,
                Some("2026-0005"),
                None,
                "2026-06-02T00:00:00Z",
                None,
                vec![],
                1,
            ),
            (
                11,
                Some("2026-0005"),
                Some("op-b"),
                "2026-06-04T00:00:00Z",
                Some(IssueStateReason::Completed),
                vec![],
                2,
            ),
        ];
        let surveys: Vec<Survey> = rows
            .into_iter()
            .map(
                |(issue, request, author, when, reason, label_events, score)| Survey {
                    issue,
                    submitted_at: at(when),
                    request: request.map(str::to_string),
                    answers: vec![score; 9],
                    author: author.map(str::to_string),
                    state: reason.map(|_| IssueState::Closed),
                    state_reason: reason,
                    label_events,
                },
            )
            .collect();
        let target = |id: &str| {
            let (agency, finished) = match id {
                "2026-0001" | "2026-0005" => ("dinas-b", Some("2026-06-01T00:00:00Z")),
                "2026-0002" => ("dinas-b", None),
                "2026-0003" | "2026-0004" => ("dinas-a", Some("2026-06-01T00:00:00Z")),
                _ => return None,
            };
            Some(Target {
                service: Some("baru".into()),
                agency: agency.into(),
                finished: finished.map(at),
            })
        };
        let counted = responses(&surveys, target, &config(), |t| t.date_naive());
        let scores: Vec<u8> = counted.responses.iter().map(|r| r.answers[0]).collect();
        // #2 (the operator, after the request finished), #6 (accepted by
        // an officer), #11 (the first of 2026-0005 that is no spam).
        assert_eq!(scores, [4, 3, 2]);
        let left: Vec<(LeftOut, usize)> = counted.left_out.into_iter().collect();
        assert_eq!(
            left,
            [
                (LeftOut::Spam, 1),
                (LeftOut::NoRequest, 1),
                (LeftOut::NotFinished, 2),
                (LeftOut::NotRespondent, 3),
                (LeftOut::Repeated, 1),
            ]
        );
    }
}
