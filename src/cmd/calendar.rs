//! `loket calendar`: hari kerja arithmetic for officers.

use crate::cmd::workspace::{Workspace, instance_calendar};
use std::process::ExitCode;

use chrono::{Datelike, NaiveDate, Weekday};

use crate::cli::CalendarCommand;
use crate::cmd::CmdError;
use crate::input::diagnostic::Lang;

/// Runs `loket calendar`. Outside an instance, the shipped national
/// calendar in Asia/Jakarta answers.
pub(super) fn run(ws: &Workspace, command: CalendarCommand) -> Result<ExitCode, CmdError> {
    let lang = ws.lang;
    let calendar = instance_calendar(ws.root_flag(), lang)?;
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

fn date_arg(text: &str) -> Result<NaiveDate, CmdError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
        CmdError::usage(
            format!("`{text}` is not a date"),
            "write it as YYYY-MM-DD".to_string(),
        )
    })
}

fn weekday(day: Weekday, lang: Lang) -> &'static str {
    let names = lang.pick(
        [
            "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu",
        ],
        ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
    );
    names[day.num_days_from_monday() as usize]
}
