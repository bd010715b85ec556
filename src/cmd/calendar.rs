//! `loket calendar`: hari kerja arithmetic for officers.

use std::path::Path;
use std::process::ExitCode;

use chrono::{Datelike, NaiveDate, Weekday};

use crate::calendar::Calendar;
use crate::cli::CalendarCommand;
use crate::cmd::{CmdError, instance_root};
use crate::diagnostic::Lang;
use crate::load;
use crate::model::Config;
use crate::report::human::one_line;

/// Runs `loket calendar`. Outside an instance, the shipped national
/// calendar in Asia/Jakarta answers.
pub fn run(
    root: Option<&Path>,
    lang: Lang,
    command: CalendarCommand,
) -> Result<ExitCode, CmdError> {
    let calendar = instance_calendar(root, lang)?;
    let answer = match command {
        CalendarCommand::Add { date, days } => calendar
            .add_working_days(date_arg(&date)?, days)
            .map(|d| d.to_string()),
        CalendarCommand::Between { from, to } => calendar
            .working_days_between(date_arg(&from)?, date_arg(&to)?)
            .map(|n| n.to_string()),
        CalendarCommand::List { year } => calendar.weekday_holidays(year).map(|days| {
            days.iter()
                .map(|h| {
                    format!(
                        "{}  {:<6}  {:<14}  {}\n",
                        h.date,
                        weekday(h.date.weekday(), lang),
                        h.kind.as_str(),
                        h.name
                    )
                })
                .collect::<String>()
                .trim_end()
                .to_string()
        }),
    };
    let answer = answer?;
    println!("{answer}");
    Ok(ExitCode::SUCCESS)
}

/// The calendar of the instance at `root` (or the nearest one), or the
/// shipped one when there is no instance.
pub fn instance_calendar(root: Option<&Path>, lang: Lang) -> Result<Calendar, CmdError> {
    match instance_root(root) {
        Ok(root) => {
            let instance = load::load(&root)?;
            calendar_for(&root, instance.config.as_ref(), lang)
        }
        Err(_) if root.is_none() => calendar_for(Path::new("/nonexistent"), None, lang),
        Err(e) => Err(e),
    }
}

/// The calendar of an instance whose `loket.yaml` is already loaded; a
/// broken `kalender.yaml` is a usage error listing its findings.
pub fn calendar_for(
    root: &Path,
    config: Option<&Config>,
    lang: Lang,
) -> Result<Calendar, CmdError> {
    let (calendar, findings) = load::load_calendar(root, config);
    if findings.is_empty() {
        return Ok(calendar);
    }
    let listed: String = findings.iter().map(|d| one_line(d, lang)).collect();
    Err(CmdError::usage(
        format!("the calendar is broken:\n{}", listed.trim_end()),
        None,
    ))
}

fn date_arg(text: &str) -> Result<NaiveDate, CmdError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
        CmdError::usage(
            format!("`{text}` is not a date"),
            "write it as YYYY-MM-DD".to_string(),
        )
    })
}

fn weekday(day: Weekday, lang: Lang) -> &'static str {
    let names = match lang {
        Lang::Id => [
            "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu",
        ],
        Lang::En => ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
    };
    names[day.num_days_from_monday() as usize]
}
