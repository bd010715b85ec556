//! Hari kerja: working days and office time in the institution's time zone.
//!
//! Monday to Friday, minus national holidays and cuti bersama (shipped for
//! the years in `data/hari-libur.yaml`) and minus what the instance's
//! `kalender.yaml` adds; a year covered by neither is an error, never a
//! silent weekend-only count. Counting convention: the day a complete
//! request is received is day 0, and "N hari kerja" ends with the office
//! hours of the N-th working day after it. This module reads no file and
//! no clock: it is built from decoded data and asked questions.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;

use crate::input::diagnostic::{Code, Diagnostic};
use crate::input::source::Spanned;
use crate::model::StandardTime;
use crate::{keyword, record};

/// The holidays shipped with loket.
pub const SHIPPED: &str = include_str!("../../data/hari-libur.yaml");
/// The name of an instance's calendar file, beside `loket.yaml`.
pub const OVERRIDE_FILE: &str = "kalender.yaml";

keyword! {
    /// Why a weekday is not a working day.
    pub enum HolidayKind {
        /// Libur nasional (SKB 3 Menteri).
        National = "libur-nasional",
        /// Cuti bersama ASN (SKB 3 Menteri).
        CutiBersama = "cuti-bersama",
        /// A regional holiday set by the instance.
        Regional = "libur-daerah",
    }
}

record! {
    /// A holiday file: the shipped data or an instance's `kalender.yaml`.
    pub struct HolidayFile {
        /// Years this file lists in full.
        #[serde(default)]
        years: Vec<Spanned<u16>> = "tahun",
        /// Days off.
        #[serde(default)]
        holidays: Vec<Spanned<HolidayEntry>> = "libur",
        /// Shipped days off that are working days for this instance.
        #[serde(default)]
        removed: Vec<Spanned<String>> = "hapus",
    }
}

record! {
    /// One day off.
    pub struct HolidayEntry {
        /// The date, `YYYY-MM-DD`.
        date: Spanned<String> = "tanggal",
        /// What kind of day off.
        kind: HolidayKind = "jenis",
        /// Its name, e.g. `Idul Fitri 1447 Hijriah`.
        name: String = "nama",
    }
}

/// A day off, ready to use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holiday {
    /// The date.
    pub date: NaiveDate,
    /// What kind.
    pub kind: HolidayKind,
    /// Its name.
    pub name: String,
}

/// A question the calendar cannot answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// No holiday data for the year.
    #[error(
        "no holiday data for {0}: loket ships 2025–2026; list {0}'s days off in kalender.yaml (tahun: [{0}], libur: [...])"
    )]
    YearNotCovered(i32),
}

/// Office hours, local time (default 08:00–16:00).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OfficeHours {
    /// When offices open.
    pub start: NaiveTime,
    /// When they close.
    pub end: NaiveTime,
}

impl Default for OfficeHours {
    fn default() -> Self {
        OfficeHours {
            start: NaiveTime::from_hms_opt(8, 0, 0).unwrap_or(NaiveTime::MIN),
            end: NaiveTime::from_hms_opt(16, 0, 0).unwrap_or(NaiveTime::MIN),
        }
    }
}

impl OfficeHours {
    /// Minutes of office time in one working day.
    pub fn minutes(&self) -> i64 {
        (self.end - self.start).num_minutes().max(0)
    }
}

/// Working days and office time of one institution.
#[derive(Debug, Clone)]
pub struct Calendar {
    tz: Tz,
    hours: OfficeHours,
    days_off: BTreeMap<NaiveDate, Holiday>,
    years: BTreeSet<i32>,
}

/// Builds a calendar from the shipped file and an optional override; the
/// findings name each bad entry (`file` names are for the diagnostics).
pub fn build(
    tz: Tz,
    hours: OfficeHours,
    files: &[(&str, &HolidayFile)],
) -> (Calendar, Vec<Diagnostic>) {
    let mut findings = Vec::new();
    let mut days_off: BTreeMap<NaiveDate, (Holiday, &str, u32)> = BTreeMap::new();
    let mut years = BTreeSet::new();
    for (file, data) in files {
        years.extend(data.years.iter().map(|y| i32::from(y.value)));
        for entry in &data.holidays {
            let Some(date) = parse_date(&entry.date, file, &mut findings) else {
                continue;
            };
            if let Some((_, first_file, first_line)) = days_off.get(&date)
                && first_file == file
            {
                findings.push(
                    Diagnostic::error(Code::L098, *file, entry.date.span)
                        .arg("date", date)
                        .arg("line", first_line),
                );
                continue;
            }
            let holiday = Holiday {
                date,
                kind: entry.kind,
                name: entry.name.clone(),
            };
            days_off.insert(date, (holiday, file, entry.date.span.line));
        }
        for removed in &data.removed {
            let Some(date) = parse_date(removed, file, &mut findings) else {
                continue;
            };
            if days_off.remove(&date).is_none() {
                findings.push(Diagnostic::error(Code::L099, *file, removed.span).arg("date", date));
            }
        }
    }
    let days_off = days_off.into_iter().map(|(d, (h, _, _))| (d, h)).collect();
    (
        Calendar {
            tz,
            hours,
            days_off,
            years,
        },
        findings,
    )
}

fn parse_date(
    value: &Spanned<String>,
    file: &str,
    findings: &mut Vec<Diagnostic>,
) -> Option<NaiveDate> {
    match NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d") {
        Ok(d) => Some(d),
        Err(_) => {
            findings
                .push(Diagnostic::error(Code::L051, file, value.span).arg("value", &value.value));
            None
        }
    }
}

impl Calendar {
    /// The institution's time zone.
    pub fn time_zone(&self) -> Tz {
        self.tz
    }

    /// The office hours.
    pub fn office_hours(&self) -> OfficeHours {
        self.hours
    }

    /// The local date of an instant.
    pub fn local_date(&self, at: DateTime<Utc>) -> NaiveDate {
        at.with_timezone(&self.tz).date_naive()
    }

    fn covered(&self, date: NaiveDate) -> Result<(), CalendarError> {
        if self.years.contains(&date.year()) {
            Ok(())
        } else {
            Err(CalendarError::YearNotCovered(date.year()))
        }
    }

    /// Whether `date` is a working day.
    pub fn is_working_day(&self, date: NaiveDate) -> Result<bool, CalendarError> {
        self.covered(date)?;
        let weekend = matches!(date.weekday(), Weekday::Sat | Weekday::Sun);
        Ok(!weekend && !self.days_off.contains_key(&date))
    }

    /// The day off on `date`, if any (weekends are not listed).
    pub fn holiday(&self, date: NaiveDate) -> Option<&Holiday> {
        self.days_off.get(&date)
    }

    /// The `n`-th working day after `date` (day 0); `date` itself for 0.
    pub fn add_working_days(&self, date: NaiveDate, n: u32) -> Result<NaiveDate, CalendarError> {
        let mut day = date;
        let mut left = n;
        while left > 0 {
            day = next_day(day);
            if self.is_working_day(day)? {
                left -= 1;
            }
        }
        Ok(day)
    }

    /// Working days after `from` up to and including `to`: the inverse of
    /// [`Calendar::add_working_days`]; negative when `to` is before `from`.
    pub fn working_days_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<i64, CalendarError> {
        let (lo, hi, sign) = if from <= to {
            (from, to, 1)
        } else {
            (to, from, -1)
        };
        let mut count = 0;
        let mut day = lo;
        while day < hi {
            day = next_day(day);
            if self.is_working_day(day)? {
                count += 1;
            }
        }
        Ok(sign * count)
    }

    /// The days off of `year` that fall on weekdays, in order.
    pub fn weekday_holidays(&self, year: i32) -> Result<Vec<&Holiday>, CalendarError> {
        let first =
            NaiveDate::from_ymd_opt(year, 1, 1).ok_or(CalendarError::YearNotCovered(year))?;
        self.covered(first)?;
        Ok(self
            .days_off
            .range(first..)
            .take_while(|(d, _)| d.year() == year)
            .filter(|(d, _)| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
            .map(|(_, h)| h)
            .collect())
    }

    /// The instant the office day of `date` closes.
    pub fn close_of(&self, date: NaiveDate) -> DateTime<Utc> {
        self.instant(date, self.hours.end)
    }

    fn instant(&self, date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
        let local = date.and_time(time);
        match self.tz.from_local_datetime(&local).earliest() {
            Some(t) => t.with_timezone(&Utc),
            // Indonesian zones have no DST gaps; fall back to UTC reading.
            None => Utc.from_utc_datetime(&local),
        }
    }

    /// Office minutes between two instants (0 when `to` is not after `from`).
    pub fn office_minutes_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<i64, CalendarError> {
        if to <= from {
            return Ok(0);
        }
        let (first, last) = (self.local_date(from), self.local_date(to));
        let mut total = 0;
        let mut day = first;
        loop {
            if self.is_working_day(day)? {
                let open = self.instant(day, self.hours.start).max(from);
                let close = self.instant(day, self.hours.end).min(to);
                total += (close - open).num_minutes().max(0);
            }
            if day >= last {
                break;
            }
            day = next_day(day);
        }
        Ok(total)
    }

    /// When a standard time that starts at `start` runs out: the close of
    /// the N-th working day after the local date of `start`, or `start`
    /// plus N minutes of office time.
    pub fn due(
        &self,
        start: DateTime<Utc>,
        time: StandardTime,
    ) -> Result<DateTime<Utc>, CalendarError> {
        match time {
            StandardTime::WorkingDays(n) => {
                Ok(self.close_of(self.add_working_days(self.local_date(start), n)?))
            }
            StandardTime::Minutes(m) => self.add_office_minutes(start, i64::from(m)),
        }
    }

    /// `start` plus `minutes` of office time.
    pub fn add_office_minutes(
        &self,
        start: DateTime<Utc>,
        minutes: i64,
    ) -> Result<DateTime<Utc>, CalendarError> {
        let mut left = minutes;
        let mut day = self.local_date(start);
        loop {
            if self.is_working_day(day)? {
                let open = self.instant(day, self.hours.start).max(start);
                let close = self.instant(day, self.hours.end);
                let available = (close - open).num_minutes().max(0);
                if left <= available {
                    return Ok(open + chrono::Duration::minutes(left));
                }
                left -= available;
            }
            day = next_day(day);
        }
    }
}

/// A date written out: `20 Mei 2026` (Bahasa Indonesia) or `20 May 2026`.
pub fn long_date(date: NaiveDate, lang: crate::input::diagnostic::Lang) -> String {
    const ID: [&str; 12] = [
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ];
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let months = lang.pick(&ID, &EN);
    format!(
        "{} {} {}",
        date.day(),
        months[date.month0() as usize],
        date.year()
    )
}

fn next_day(day: NaiveDate) -> NaiveDate {
    day.checked_add_days(Days::new(1)).unwrap_or(day)
}

/// The shipped holidays in `tz`, default office hours: the calendar unit
/// tests count in.
#[cfg(test)]
pub(crate) fn shipped_in(tz: Tz) -> Calendar {
    use crate::input::decode::{Cx, Decode};
    let tree = crate::input::yaml::parse(SHIPPED).expect("shipped data parses");
    let mut cx = Cx::new("data/hari-libur.yaml");
    let file = HolidayFile::decode(&tree, &mut cx).expect("shipped data decodes");
    build(tz, OfficeHours::default(), &[("hari-libur.yaml", &file)]).0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::decode::{Cx, Decode};

    fn shipped(tz: Tz) -> Calendar {
        let tree = crate::input::yaml::parse(SHIPPED).expect("shipped data parses");
        let mut cx = Cx::new("data/hari-libur.yaml");
        let file = HolidayFile::decode(&tree, &mut cx).expect("shipped data decodes");
        assert!(cx.diagnostics.is_empty(), "{:?}", cx.diagnostics);
        let (cal, findings) = build(
            tz,
            OfficeHours::default(),
            &[("data/hari-libur.yaml", &file)],
        );
        assert!(findings.is_empty(), "{findings:?}");
        cal
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn three_working_days_after_13_may_2026_end_on_the_20th() {
        let cal = shipped(chrono_tz::Asia::Makassar);
        assert_eq!(
            cal.add_working_days(d("2026-05-13"), 3),
            Ok(d("2026-05-20"))
        );
        assert_eq!(
            cal.working_days_between(d("2026-05-13"), d("2026-05-20")),
            Ok(3)
        );
        assert_eq!(
            cal.working_days_between(d("2026-05-20"), d("2026-05-13")),
            Ok(-3)
        );
    }

    #[test]
    fn idul_fitri_2026_and_nyepi() {
        let cal = shipped(chrono_tz::Asia::Jakarta);
        // 17 March (Tue) day 0; 18 cuti, 19 Nyepi, 20 cuti, 21–22 weekend
        // and Idul Fitri, 23–24 cuti: the next working day is the 25th.
        assert_eq!(
            cal.add_working_days(d("2026-03-17"), 1),
            Ok(d("2026-03-25"))
        );
        // 16, 17, then 25, 26, 27, 30, 31.
        assert_eq!(
            cal.working_days_between(d("2026-03-13"), d("2026-03-31")),
            Ok(7)
        );
    }

    #[test]
    fn idul_fitri_2025() {
        let cal = shipped(chrono_tz::Asia::Pontianak);
        // 28 Mar 2025 (Fri, cuti) to 8 Apr: 31 Mar–7 Apr are off.
        assert_eq!(
            cal.add_working_days(d("2025-03-27"), 1),
            Ok(d("2025-04-08"))
        );
    }

    #[test]
    fn across_the_new_year() {
        let cal = shipped(chrono_tz::Asia::Jayapura);
        // 2025-12-24 (Wed): 25 Natal, 26 cuti, 27–28 weekend, 29, 30, 31, then
        // 1 Jan 2026 off, 2 Jan working.
        assert_eq!(
            cal.add_working_days(d("2025-12-24"), 4),
            Ok(d("2026-01-02"))
        );
        // 2026-12-23: 24 cuti, 25 Natal, then 28–31 are four working days;
        // a fifth would need 2027.
        assert_eq!(
            cal.add_working_days(d("2026-12-23"), 4),
            Ok(d("2026-12-31"))
        );
        assert_eq!(
            cal.add_working_days(d("2026-12-23"), 5),
            Err(CalendarError::YearNotCovered(2027))
        );
    }

    #[test]
    fn a_year_outside_the_data_is_an_error() {
        let cal = shipped(chrono_tz::Asia::Jakarta);
        assert_eq!(
            cal.is_working_day(d("2027-01-04")),
            Err(CalendarError::YearNotCovered(2027))
        );
        assert!(cal.weekday_holidays(2024).is_err());
    }

    #[test]
    fn list_shows_weekday_holidays_only() {
        let cal = shipped(chrono_tz::Asia::Jakarta);
        let days: Vec<String> = cal
            .weekday_holidays(2026)
            .expect("2026")
            .iter()
            .map(|h| h.date.to_string())
            .collect();
        assert!(days.contains(&"2026-05-14".to_string()));
        assert!(!days.contains(&"2026-03-21".to_string()), "a Saturday");
        assert_eq!(days.len(), 21);
    }

    #[test]
    fn an_evening_in_wib_is_the_next_day_in_wit() {
        let at = Utc
            .with_ymd_and_hms(2026, 5, 12, 16, 30, 0)
            .single()
            .expect("instant"); // 23:30 WIB
        assert_eq!(
            shipped(chrono_tz::Asia::Jakarta).local_date(at),
            d("2026-05-12")
        );
        assert_eq!(
            shipped(chrono_tz::Asia::Makassar).local_date(at),
            d("2026-05-13")
        );
        assert_eq!(
            shipped(chrono_tz::Asia::Jayapura).local_date(at),
            d("2026-05-13")
        );
    }

    #[test]
    fn office_minutes_count_only_office_time() {
        let cal = shipped(chrono_tz::Asia::Jakarta);
        let wib = |s: &str| {
            chrono_tz::Asia::Jakarta
                .from_local_datetime(
                    &chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect("time"),
                )
                .single()
                .expect("instant")
                .with_timezone(&Utc)
        };
        // Wed 13 May 15:30 to Mon 18 May 08:40: 30 + 40 minutes.
        assert_eq!(
            cal.office_minutes_between(wib("2026-05-13 15:30"), wib("2026-05-18 08:40")),
            Ok(70)
        );
        assert_eq!(
            cal.add_office_minutes(wib("2026-05-13 15:30"), 60),
            Ok(wib("2026-05-18 08:30"))
        );
        // Received in the evening: counting starts at the next opening.
        assert_eq!(
            cal.add_office_minutes(wib("2026-05-12 19:00"), 10),
            Ok(wib("2026-05-13 08:10"))
        );
        assert_eq!(
            cal.due(wib("2026-05-13 10:00"), StandardTime::WorkingDays(3)),
            Ok(wib("2026-05-20 16:00"))
        );
    }

    #[test]
    fn duplicate_and_unknown_removals_are_named() {
        let text = "tahun: [2027]\nlibur:\n  - {tanggal: 2027-01-01, jenis: libur-nasional, nama: A}\n  - {tanggal: 2027-01-01, jenis: libur-daerah, nama: B}\nhapus: [2027-03-03]\n";
        let tree = crate::input::yaml::parse(text).expect("yaml");
        let mut cx = Cx::new(OVERRIDE_FILE);
        let file = HolidayFile::decode(&tree, &mut cx).expect("decodes");
        let (_, findings) = build(
            chrono_tz::Asia::Jakarta,
            OfficeHours::default(),
            &[(OVERRIDE_FILE, &file)],
        );
        let codes: Vec<(Code, u32)> = findings.iter().map(|f| (f.code, f.span.line)).collect();
        assert_eq!(codes, vec![(Code::L098, 4), (Code::L099, 5)]);
    }
}
