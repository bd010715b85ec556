//! The request letter: number, date (not future, not too old), signer.

use chrono::NaiveDate;

use crate::input::diagnostic::{Code, Diagnostic};
use crate::input::source::Spanned;
use crate::model::request::Letter;

/// The default for how old a letter may be, in days.
pub const DEFAULT_MAX_AGE_DAYS: u32 = 90;

/// Checks the letter against `today` (in the institution's time zone).
pub fn check_letter(
    letter: &Spanned<Letter>,
    today: NaiveDate,
    max_age_days: u32,
    file: &str,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if letter.number.value.trim().is_empty() {
        out.push(Diagnostic::error(Code::L050, file, letter.number.span));
    }
    if letter.signer.value.trim().is_empty() {
        out.push(Diagnostic::error(Code::L054, file, letter.signer.span));
    }
    let date = &letter.date;
    match NaiveDate::parse_from_str(date.value.trim(), "%Y-%m-%d") {
        Err(_) => {
            out.push(Diagnostic::error(Code::L051, file, date.span).arg("value", &date.value))
        }
        Ok(d) if d > today => out.push(
            Diagnostic::error(Code::L052, file, date.span)
                .arg("date", d)
                .arg("today", today),
        ),
        Ok(d) if (today - d).num_days() > i64::from(max_age_days) => out.push(
            Diagnostic::error(Code::L053, file, date.span)
                .arg("date", d)
                .arg("days", max_age_days),
        ),
        Ok(_) => {}
    }
    out
}
