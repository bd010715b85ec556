//! The figures of `/statistik/`: requests per month, share on time per
//! service, median actual time per stage against its standard, and the
//! satisfaction index (IKM) per service and period with each element's NRR.
//! Pure: from timelines and survey tallies to numbers, then to SVG charts
//! and tables.

use std::collections::BTreeMap;

use chrono::Datelike;
use serde::Serialize;

use crate::input::diagnostic::Lang;
use crate::model::StandardTime;
use crate::report::status::standard;
use crate::review::calendar::Calendar;
use crate::review::timeline::{EventKind, Timeline, Verdict};
use crate::site::chart;
use crate::site::i18n::Words;
use crate::site::svg::Bar;
use crate::site::view::Names;
use crate::skm::{Index, LeftOut, Period, Scope};

/// A chart and its data as a table.
#[derive(Debug, Serialize)]
pub(crate) struct Chart {
    /// The chart (HTML, see [`chart::bars`]).
    pub html: String,
    /// Column heads of the table.
    pub head: Vec<String>,
    /// Rows of the table.
    pub rows: Vec<Vec<String>>,
}

/// One section of `/statistik/`.
#[derive(Debug, Serialize)]
pub(crate) struct Section {
    /// Anchor.
    pub key: &'static str,
    /// Heading.
    pub title: &'static str,
    /// The chart, when there is data.
    pub chart: Option<Chart>,
}

/// Everything on `/statistik/`: requests per month, share on time per
/// service, median per stage against the standard, and the satisfaction
/// index.
#[derive(Debug, Serialize)]
pub(crate) struct StatsPage {
    /// The sections, in order.
    pub sections: Vec<Section>,
    /// The satisfaction index (IKM) per service and period.
    pub ikm: IkmView,
    /// Per year and kind, the share of complaints settled on time (filled
    /// by [`complaint_shares`]).
    pub complaints: Vec<ComplaintShareRow>,
    /// The share of names healthy over time (filled by [`health`]); none
    /// when no audit history was given or it holds no day.
    pub health: Option<Health>,
    /// Per year and channel, the complaints received (filled by
    /// [`complaint_channels`]).
    pub complaint_channels: Vec<ComplaintChannelRow>,
}

/// The web audit's history on `/statistik/`: the last audit in words, the
/// share of names healthy per week, and the last audit's findings per
/// code (only when `audit_web.rincian_publik` allows details).
#[derive(Debug, Serialize)]
pub(crate) struct Health {
    /// The last audit day, in words.
    pub date: String,
    /// The last audit day, `YYYY-MM-DD`.
    pub date_iso: String,
    /// Names healthy in the last audit.
    pub healthy: usize,
    /// Names checked in the last audit.
    pub checked: usize,
    /// The last audit's share healthy, `90,0 %` / `90.0%`.
    pub share: String,
    /// One bar per week (Monday to Sunday) of the last [`HEALTH_WEEKS`]
    /// weeks with an audit; its table: week, audits, share.
    pub chart: Chart,
    /// Finding code and how many names had it, in the last audit.
    pub kinds: Vec<(String, usize)>,
}

/// The weeks the health chart shows.
pub(crate) const HEALTH_WEEKS: usize = 12;

fn share_text(percent: f64, lang: Lang) -> String {
    lang.pick(
        format!("{percent:.1} %").replace('.', ","),
        format!("{percent:.1}%"),
    )
}

/// The health section of `history`: per week the names healthy among
/// those checked over the week's audits; none when it holds no day.
/// `details` is `audit_web.rincian_publik`.
pub(crate) fn health(
    history: &crate::web::history::History,
    details: bool,
    w: &Words,
    lang: Lang,
) -> Option<Health> {
    let last = history.days.last()?;
    // Monday of the week → (audits, healthy, checked).
    let mut weeks: BTreeMap<chrono::NaiveDate, (usize, usize, usize)> = BTreeMap::new();
    for day in &history.days {
        let monday =
            day.date - chrono::Days::new(u64::from(day.date.weekday().num_days_from_monday()));
        let e = weeks.entry(monday).or_default();
        e.0 += 1;
        e.1 += day.healthy;
        e.2 += day.checked;
    }
    let shown: Vec<_> = weeks.iter().rev().take(HEALTH_WEEKS).rev().collect();
    let percent = |healthy: usize, checked: usize| {
        if checked == 0 {
            0.0
        } else {
            healthy as f64 / checked as f64 * 100.0
        }
    };
    let bars: Vec<Bar> = shown
        .iter()
        .map(|(monday, (_, healthy, checked))| {
            let p = percent(*healthy, *checked);
            Bar {
                label: monday.format("%d/%m/%y").to_string(),
                value: p,
                shown: share_text(p, lang),
                mark: None,
            }
        })
        .collect();
    Some(Health {
        date: crate::site::view::date(last.date, lang),
        date_iso: last.date.to_string(),
        healthy: last.healthy,
        checked: last.checked,
        share: share_text(last.share().unwrap_or(0.0), lang),
        chart: Chart {
            html: chart::bars("chart-sehat", w.word("health_chart"), &bars, Some(100.0)),
            head: vec![
                w.word("health_week").into(),
                w.word("health_audits").into(),
                w.word("health_share").into(),
            ],
            rows: shown
                .iter()
                .map(|(monday, (audits, healthy, checked))| {
                    vec![
                        monday.to_string(),
                        audits.to_string(),
                        share_text(percent(*healthy, *checked), lang),
                    ]
                })
                .collect(),
        },
        kinds: if details {
            last.findings.iter().map(|(k, n)| (k.clone(), *n)).collect()
        } else {
            Vec::new()
        },
    })
}

/// One year and channel of complaints on `/statistik/`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct ComplaintChannelRow {
    /// The year received.
    pub year: i32,
    /// The channel in words.
    pub channel: &'static str,
    /// The complaints that count received by it.
    pub received: u32,
}

/// The complaints received per channel, newest year first, the complaint
/// form first and then the channels outside GitHub in their order.
pub(crate) fn complaint_channels(
    all: &[crate::complaint::ComplaintTimeline],
    w: &Words,
) -> Vec<ComplaintChannelRow> {
    let counts = crate::complaint::by_channel(all);
    let mut rows: Vec<ComplaintChannelRow> = counts
        .into_iter()
        .map(|((year, channel), received)| ComplaintChannelRow {
            year,
            channel: w.word(&format!(
                "cchannel_{}",
                channel.map_or("formulir", |c| c.as_str())
            )),
            received,
        })
        .collect();
    // The map is by year, then channel: newest year first, order kept.
    rows.sort_by_key(|r| std::cmp::Reverse(r.year));
    rows
}

/// One year and kind of complaints on `/statistik/`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct ComplaintShareRow {
    /// The year received.
    pub year: i32,
    /// The kind's name.
    pub kind: String,
    /// Settled or refused.
    pub settled: u32,
    /// Of those, on time.
    pub on_time: u32,
    /// The share on time, `80,0 %` / `80.0%`.
    pub share: String,
}

/// The complaints' shares settled on time, newest year first, kinds in
/// `loket.yaml`'s order.
pub(crate) fn complaint_shares(
    all: &[crate::complaint::ComplaintTimeline],
    config: &crate::model::Config,
    lang: Lang,
) -> Vec<ComplaintShareRow> {
    let shares = crate::complaint::shares(all);
    let mut years: Vec<i32> = shares.keys().map(|(y, _)| *y).collect();
    years.dedup();
    years.reverse();
    let mut out = Vec::new();
    for year in years {
        for kind in config.complaint_kinds.iter().map(|k| &k.value) {
            let Some(share) = shares.get(&(year, kind.id.value.clone())) else {
                continue;
            };
            let percent = share.percent().unwrap_or(0.0);
            out.push(ComplaintShareRow {
                year,
                kind: kind.name.value.clone(),
                settled: share.settled,
                on_time: share.on_time,
                share: share_text(percent, lang),
            });
        }
    }
    out
}

/// The satisfaction index on `/statistik/`: a summary row per scope and
/// period, and per scope a table of each element's NRR by period; how
/// many answers count and how many were left out, by reason.
#[derive(Debug, Default, Serialize)]
pub(crate) struct IkmView {
    /// Answers that count (each figure shows its own share of them).
    pub counted: usize,
    /// Answers left out, with the reason in words, for reasons that occur.
    pub left_out: Vec<(String, usize)>,
    /// Scope, period, responses, IKM, grade.
    pub summary: Vec<IkmRow>,
    /// One table per scope (all services first).
    pub tables: Vec<NrrTable>,
}

/// One row of the IKM summary.
#[derive(Debug, Serialize)]
pub(crate) struct IkmRow {
    /// "All services" or the service's title.
    pub scope: String,
    /// The period in words.
    pub period: String,
    /// How many answered.
    pub responses: usize,
    /// The IKM, two decimals.
    pub ikm: String,
    /// A–D.
    pub grade: char,
    /// The grade in words.
    pub grade_label: &'static str,
}

/// Each element's NRR of one scope, by period.
#[derive(Debug, Serialize)]
pub(crate) struct NrrTable {
    /// Anchor.
    pub id: String,
    /// "All services" or the service's title.
    pub scope: String,
    /// Column heads: the periods.
    pub periods: Vec<String>,
    /// Element name and its NRR per period.
    pub rows: Vec<(String, Vec<String>)>,
    /// IKM per period.
    pub ikm: Vec<String>,
    /// Grade per period.
    pub grades: Vec<String>,
    /// Responses per period.
    pub responses: Vec<String>,
}

/// The latest semester's index of one service, for its page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct LatestIkm {
    /// The semester in words.
    pub period: String,
    /// The IKM, two decimals.
    pub ikm: String,
    /// A–D.
    pub grade: char,
    /// The grade in words.
    pub grade_label: &'static str,
    /// How many answered.
    pub responses: usize,
}

/// The tally of every scope and period.
pub(crate) type Tally = BTreeMap<(Scope, Period), Index>;

/// `82,04` / `82.04`.
fn decimals(x: f64, lang: Lang) -> String {
    let text = format!("{x:.2}");
    lang.pick(text.replace('.', ","), text)
}

/// A period in words: `2026`, `Semester II 2026`.
pub(crate) fn period_label(p: Period, w: &Words) -> String {
    match p.semester {
        None => p.year.to_string(),
        Some(n) => format!("{} {}", w.word(&format!("ikm_semester_{n}")), p.year),
    }
}

fn grade_label(grade: char, w: &Words) -> &'static str {
    w.word(&format!("ikm_grade_{grade}"))
}

/// The satisfaction index view of `tally` and the answers left out;
/// service ids become titles.
pub(crate) fn ikm_view(
    tally: &Tally,
    left_out: &BTreeMap<LeftOut, usize>,
    names: &Names<'_>,
    w: &Words,
    lang: Lang,
) -> IkmView {
    let scope_name = |s: &Scope| match s {
        Scope::All => w.word("ikm_all").to_string(),
        Scope::Service(id) => names
            .services
            .get(id.as_str())
            .map_or(id.clone(), |x| x.title.value.clone()),
    };
    let summary = tally
        .iter()
        .map(|((scope, period), i)| IkmRow {
            scope: scope_name(scope),
            period: period_label(*period, w),
            responses: i.responses,
            ikm: decimals(i.ikm, lang),
            grade: i.grade,
            grade_label: grade_label(i.grade, w),
        })
        .collect();
    let mut scopes: Vec<&Scope> = tally.keys().map(|(s, _)| s).collect();
    scopes.dedup();
    let tables = scopes
        .into_iter()
        .map(|scope| {
            let cols: Vec<(&Period, &Index)> = tally
                .iter()
                .filter(|((s, _), _)| s == scope)
                .map(|((_, p), i)| (p, i))
                .collect();
            NrrTable {
                id: match scope {
                    Scope::All => "ikm-semua".into(),
                    Scope::Service(id) => format!("ikm-{id}"),
                },
                scope: scope_name(scope),
                periods: cols.iter().map(|(p, _)| period_label(**p, w)).collect(),
                rows: (0..9)
                    .map(|e| {
                        (
                            w.word(&format!("skm_u{}", e + 1)).to_string(),
                            cols.iter().map(|(_, i)| decimals(i.nrr[e], lang)).collect(),
                        )
                    })
                    .collect(),
                ikm: cols.iter().map(|(_, i)| decimals(i.ikm, lang)).collect(),
                grades: cols
                    .iter()
                    .map(|(_, i)| format!("{} ({})", i.grade, grade_label(i.grade, w)))
                    .collect(),
                responses: cols.iter().map(|(_, i)| i.responses.to_string()).collect(),
            }
        })
        .collect();
    let counted = tally
        .iter()
        .filter(|((s, p), _)| *s == Scope::All && p.semester.is_none())
        .map(|(_, i)| i.responses)
        .sum();
    IkmView {
        counted,
        left_out: LeftOut::ALL
            .iter()
            .filter_map(|why| {
                let n = *left_out.get(why)?;
                Some((w.word(&format!("skm_out_{}", why.key())).to_string(), n))
            })
            .collect(),
        summary,
        tables,
    }
}

/// The index of `service` in its latest semester with answers.
pub(crate) fn latest_ikm(tally: &Tally, service: &str, w: &Words, lang: Lang) -> Option<LatestIkm> {
    tally
        .iter()
        .filter(|((s, p), _)| p.semester.is_some() && *s == Scope::Service(service.to_string()))
        .max_by_key(|((_, p), _)| *p)
        .map(|((_, p), i)| LatestIkm {
            period: period_label(*p, w),
            ikm: decimals(i.ikm, lang),
            grade: i.grade,
            grade_label: grade_label(i.grade, w),
            responses: i.responses,
        })
}

/// Headline numbers of the home page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Totals {
    /// Requests.
    pub requests: usize,
    /// Share on time among those decided, in percent.
    pub on_time: Option<u32>,
}

/// Counts over all timelines.
pub(crate) fn totals(timelines: &[&Timeline]) -> Totals {
    let (on, late) = timelines
        .iter()
        .fold((0, 0), |(on, late), t| match t.clock.verdict {
            Verdict::OnTime => (on + 1, late),
            Verdict::Late => (on, late + 1),
            _ => (on, late),
        });
    Totals {
        requests: timelines.len(),
        on_time: percent(on, on + late),
    }
}

fn percent(part: usize, whole: usize) -> Option<u32> {
    (whole > 0).then(|| ((part as f64 / whole as f64) * 100.0).round() as u32)
}

fn median(values: &mut [i64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let n = values.len();
    Some(if n % 2 == 1 {
        values[n / 2] as f64
    } else {
        (values[n / 2 - 1] + values[n / 2]) as f64 / 2.0
    })
}

fn number(x: f64, lang: Lang) -> String {
    let text = if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    };
    lang.pick(text.replace('.', ","), text)
}

/// The statistics page.
pub(crate) fn stats_page(
    timelines: &[&Timeline],
    tally: &Tally,
    left_out: &BTreeMap<LeftOut, usize>,
    names: &Names<'_>,
    cal: &Calendar,
    w: &Words,
    lang: Lang,
) -> StatsPage {
    const MONTHS_SHOWN: usize = 12;
    let mut months: BTreeMap<(i32, u32), usize> = BTreeMap::new();
    for t in timelines {
        if let Some(e) = t.events.iter().find(|e| e.kind == EventKind::Submitted) {
            let d = cal.local_date(e.at);
            *months.entry((d.year(), d.month())).or_default() += 1;
        }
    }
    let bars: Vec<Bar> = months
        .iter()
        .rev()
        .take(MONTHS_SHOWN)
        .rev()
        .map(|((y, m), n)| Bar {
            label: format!("{m:02}/{}", y % 100),
            value: *n as f64,
            shown: n.to_string(),
            mark: None,
        })
        .collect();
    let per_month = (!bars.is_empty()).then(|| Chart {
        html: chart::bars("chart-month", w.word("stats_per_month"), &bars, None),
        head: vec![w.word("stats_month").into(), w.word("stats_count").into()],
        rows: months
            .iter()
            .rev()
            .take(MONTHS_SHOWN)
            .rev()
            .map(|((y, m), n)| vec![format!("{y}-{m:02}"), n.to_string()])
            .collect(),
    });

    let mut by_service: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for t in timelines {
        let Some(s) = t.service.as_deref() else {
            continue;
        };
        let e = by_service.entry(s).or_default();
        match t.clock.verdict {
            Verdict::OnTime => e.0 += 1,
            Verdict::Late => e.1 += 1,
            _ => {}
        }
    }
    let decided: Vec<(String, usize, usize)> = by_service
        .iter()
        .filter(|(_, (on, late))| on + late > 0)
        .map(|(s, (on, late))| {
            let title = names
                .services
                .get(s)
                .map_or(s.to_string(), |x| x.title.value.clone());
            (title, *on, *late)
        })
        .collect();
    let on_time = (!decided.is_empty()).then(|| {
        let bars: Vec<Bar> = decided
            .iter()
            .map(|(title, on, late)| {
                let p = percent(*on, on + late).unwrap_or(0);
                Bar {
                    label: title.clone(),
                    value: f64::from(p),
                    shown: format!("{p}% ({on}/{})", on + late),
                    mark: None,
                }
            })
            .collect();
        Chart {
            html: chart::bars("chart-on-time", w.word("stats_on_time"), &bars, Some(100.0)),
            head: vec![
                w.word("col_service").into(),
                w.word("stats_share").into(),
                w.word("stats_count").into(),
            ],
            rows: decided
                .iter()
                .map(|(title, on, late)| {
                    vec![
                        title.clone(),
                        format!("{}%", percent(*on, on + late).unwrap_or(0)),
                        format!("{on}/{}", on + late),
                    ]
                })
                .collect(),
        }
    });

    // (service, stage index) -> (stage name, standard, actual values)
    type StageKey<'a> = (&'a str, usize);
    let mut actuals: BTreeMap<StageKey<'_>, (&str, Option<StandardTime>, Vec<i64>)> =
        BTreeMap::new();
    for t in timelines {
        let Some(s) = t.service.as_deref() else {
            continue;
        };
        for (i, st) in t.stages.iter().enumerate() {
            if let Some(a) = st.actual {
                actuals
                    .entry((s, i))
                    .or_insert((&st.name, st.standard, Vec::new()))
                    .2
                    .push(a);
            }
        }
    }
    let mut stage_rows = Vec::new();
    let mut stage_bars = Vec::new();
    for ((service, _), (name, std, values)) in actuals.iter_mut() {
        let Some(m) = median(values) else { continue };
        let title = names
            .services
            .get(service)
            .map_or(service.to_string(), |x| x.title.value.clone());
        let unit = match std {
            Some(StandardTime::Minutes(_)) => w.word("minutes"),
            _ => w.word("days"),
        };
        let std_value = std.map(|s| match s {
            StandardTime::Minutes(v) | StandardTime::WorkingDays(v) => f64::from(v),
        });
        let std_text = std.map_or(w.word("not_set").to_string(), |s| standard(s, lang));
        // Each bar is the median as a share of its own standard (the mark
        // at 100%), so stages timed in minutes and in hari kerja compare.
        let share = std_value.filter(|v| *v > 0.0).map(|v| m / v * 100.0);
        stage_bars.push(Bar {
            label: format!("{title}: {name}"),
            value: share.unwrap_or(0.0),
            shown: format!("{} {unit} / {std_text}", number(m, lang)),
            mark: share.map(|_| (100.0, std_text.clone())),
        });
        stage_rows.push(vec![
            format!("{title}: {name}"),
            format!("{} {unit}", number(m, lang)),
            std_text,
            values.len().to_string(),
        ]);
    }
    let stages = (!stage_bars.is_empty()).then(|| Chart {
        html: chart::bars(
            "chart-stages",
            w.word("stats_stage_median"),
            &stage_bars,
            Some(stage_bars.iter().map(|b| b.value).fold(150.0_f64, f64::max)),
        ),
        head: vec![
            w.word("stage").into(),
            w.word("stats_median").into(),
            w.word("standard_time").into(),
            w.word("stats_count").into(),
        ],
        rows: stage_rows,
    });
    let section = |key, title, chart| Section {
        key,
        title: w.word(title),
        chart,
    };
    StatsPage {
        sections: vec![
            section("per-bulan", "stats_per_month", per_month),
            section("tepat-waktu", "stats_on_time", on_time),
            section("tahapan", "stats_stage_median", stages),
        ],
        ikm: ikm_view(tally, left_out, names, w, lang),
        complaints: Vec::new(),
        health: None,
        complaint_channels: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_health_chart_shows_the_last_weeks_and_hides_codes_without_details() {
        use crate::web::history::{Day, History};
        let w = Words::of(Lang::En);
        assert!(health(&History::default(), true, &w, Lang::En).is_none());
        let start: chrono::NaiveDate = "2026-01-05".parse().expect("a Monday");
        let history = (0..20u64).fold(History::default(), |h, week| {
            h.with(Day {
                date: start + chrono::Days::new(week * 7 + 2),
                checked: 10,
                healthy: 10 - (week as usize % 3),
                unreachable: 0,
                findings: BTreeMap::from([("gambling".to_string(), week as usize % 3)]),
            })
        });
        let shown = health(&history, true, &w, Lang::En).expect("a section");
        assert_eq!(shown.chart.rows.len(), HEALTH_WEEKS);
        assert_eq!(shown.chart.rows[0][0], "2026-03-02", "the 9th week first");
        assert_eq!(shown.chart.rows[11], ["2026-05-18", "1", "90.0%"]);
        assert_eq!(shown.kinds, [("gambling".to_string(), 1)]);
        assert_eq!(
            (shown.healthy, shown.checked, shown.share.as_str()),
            (9, 10, "90.0%")
        );
        let hidden = health(&history, false, &w, Lang::En).expect("a section");
        assert!(hidden.kinds.is_empty());
        assert_eq!(hidden.chart.rows, shown.chart.rows);
    }

    #[test]
    fn medians() {
        assert_eq!(median(&mut [3, 1, 2]), Some(2.0));
        assert_eq!(median(&mut [4, 1, 2, 3]), Some(2.5));
        assert_eq!(median(&mut []), None);
        assert_eq!(number(2.5, Lang::Id), "2,5");
    }
}
