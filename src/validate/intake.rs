//! Requests taken at the front desk (L160–L167): who may record one, and
//! that it says how it came, when the desk received it, and carries the
//! scanned letter. Whether the received time holds against the pull
//! request's creation is the gate's to judge ([`crate::review::gate`]): only
//! GitHub knows that time.

use chrono::NaiveDate;

use crate::input::diagnostic::{Code, Diagnostic};
use crate::input::source::Span;
use crate::model::request::Request;
use crate::model::{Config, Handle};
use crate::review::intake::{is_desk_officer, parse_received, time_zone};

/// What the check knows of the request being filed.
#[derive(Debug, Clone, Copy)]
pub struct Filing<'a> {
    /// The pull request's author, when it brings this request.
    pub author: Option<&'a Handle>,
    /// Whether the author is an operator of the request's agency.
    pub operator: bool,
    /// Today in the institution's time zone.
    pub today: NaiveDate,
}

/// Every front-desk finding on `request`.
pub fn check_intake(
    request: &Request,
    config: &Config,
    filing: Filing<'_>,
    file: &str,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let channel = request.channel.as_ref();
    let at_desk = channel.is_some_and(|c| c.value.at_desk());
    if let Some(author) = filing.author {
        let desk_officer = is_desk_officer(config, author.as_str());
        match channel {
            Some(c) if at_desk && !desk_officer => out.push(
                Diagnostic::error(Code::L160, file, c.span)
                    .arg("channel", c.value)
                    .arg("author", author),
            ),
            _ if desk_officer && !at_desk && !filing.operator => out.push(
                Diagnostic::error(Code::L161, file, channel.map_or(Span::START, |c| c.span))
                    .arg("author", author),
            ),
            _ => {}
        }
    }
    if let Some(c) = channel.filter(|_| at_desk) {
        if request.received.is_none() {
            out.push(Diagnostic::error(Code::L162, file, c.span).arg("channel", c.value));
        }
        if request.letter.as_ref().is_none_or(|l| l.file.is_none()) {
            let span = request.letter.as_ref().map_or(c.span, |l| l.span);
            out.push(Diagnostic::error(Code::L166, file, span).arg("channel", c.value));
        }
    }
    let Some(received) = &request.received else {
        return out;
    };
    if !at_desk {
        out.push(Diagnostic::error(Code::L167, file, received.span));
        return out;
    }
    let Some(tz) = time_zone(config) else {
        return out;
    };
    let Some(at) = parse_received(&received.value, tz) else {
        out.push(Diagnostic::error(Code::L163, file, received.span).arg("value", &received.value));
        return out;
    };
    let date = at.with_timezone(&tz).date_naive();
    if date > filing.today {
        out.push(
            Diagnostic::error(Code::L164, file, received.span)
                .arg("date", date)
                .arg("today", filing.today),
        );
    }
    let letter = request
        .letter
        .as_ref()
        .and_then(|l| NaiveDate::parse_from_str(l.date.value.trim(), "%Y-%m-%d").ok());
    if let Some(letter) = letter.filter(|l| date < *l) {
        out.push(
            Diagnostic::error(Code::L165, file, received.span)
                .arg("date", date)
                .arg("letter", letter),
        );
    }
    out
}
