//! The front desk (loket): requests an officer takes on an agency's
//! behalf, when the agency walks in with its letter or sends it by post or
//! email. Owns who may take them (officers holding [`FRONT_DESK_ROLE`]),
//! how the desk's received time reads, and whether it holds against what
//! GitHub records (the pull request's creation). Pure: reads no file and
//! no clock.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::github::snapshot::PullRequest;
use crate::model::config::Agency;
use crate::model::request::IntakeChannel;
use crate::model::{Config, Handle};

/// The role (`peran` id) of front-desk officers: declared in `loket.yaml`
/// like any other role and held by officers under `petugas`.
pub const FRONT_DESK_ROLE: &str = "petugas-loket";

/// Whether `login` is a front-desk officer.
pub fn is_desk_officer(config: &Config, login: &str) -> bool {
    crate::review::trust::has_role(config, login, FRONT_DESK_ROLE)
}

/// Whether `agency` is listed in `loket.yaml`.
pub fn is_registered(config: &Config, agency: &str) -> bool {
    config.agencies.iter().any(|a| a.id.as_str() == agency)
}

/// Whether the gate attributes `pr` to the front desk for `agency`: its
/// requester (the author, or for a bot's pull request the author of the
/// issue it closes) is a front-desk officer and the agency is registered.
pub fn taken_at_desk(pr: &PullRequest, agency: &str, config: &Config) -> bool {
    if config.is_bot(&pr.author) && pr.origin.is_none() {
        return false;
    }
    is_registered(config, agency)
        && is_desk_officer(config, crate::review::gate::requester(pr, config))
}

/// A received time as written, `YYYY-MM-DD` (the start of that day) or
/// `YYYY-MM-DDTHH:MM` (seconds allowed; a space for the `T` too), in the institution's time zone.
pub fn parse_received(text: &str, tz: Tz) -> Option<DateTime<Utc>> {
    let text = text.trim();
    let local = match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        Ok(date) => date.and_hms_opt(0, 0, 0)?,
        Err(_) => ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
            .iter()
            .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())?,
    };
    tz.from_local_datetime(&local)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

/// The institution's time zone, when `loket.yaml` names a valid one.
pub fn time_zone(config: &Config) -> Option<Tz> {
    config.institution.time_zone.value.trim().parse().ok()
}

/// Whether a desk's `received` time holds for `pr`: no later than GitHub
/// recorded the pull request's creation (the desk cannot receive what it
/// has already filed).
pub fn received_holds(received: DateTime<Utc>, pr: &PullRequest) -> bool {
    received <= pr.created_at
}

/// What the command line of a new request gets wrong about the front
/// desk or about who files it.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum DeskError {
    /// `--kanal` is no intake channel.
    #[error("--kanal `{0}` is not known")]
    #[diagnostic(code(loket::usage), help("known: langsung, surat, email"))]
    Channel(String),
    /// `--diterima` is no date or time.
    #[error("--diterima `{0}` is not a date or a time")]
    #[diagnostic(
        code(loket::usage),
        help("write YYYY-MM-DD or YYYY-MM-DDTHH:MM, in the institution's time")
    )]
    Received(String),
    /// `--officer` is not an officer.
    #[error("@{0} is not an officer (petugas) in loket.yaml")]
    #[diagnostic(
        code(loket::usage),
        help("only an officer may turn an issue into a pull request")
    )]
    NotOfficer(String),
    /// `--requester` is not an operator of the agency.
    #[error("@{login} is not an operator of {agency} in loket.yaml")]
    #[diagnostic(code(loket::usage))]
    NotOperator {
        /// The login.
        login: String,
        /// The agency.
        agency: String,
        /// What to do.
        #[help]
        help: String,
    },
}

/// The front desk's lines of a new request: `channel` (`--kanal`) and
/// `received` (`--diterima`, default `today`), the time checked as
/// `loket check` will (L163).
pub fn desk_lines(
    config: &Config,
    channel: &str,
    received: Option<&str>,
    today: NaiveDate,
) -> Result<String, DeskError> {
    let channel: IntakeChannel = channel
        .parse()
        .map_err(|()| DeskError::Channel(channel.to_string()))?;
    let received = received.map_or_else(|| today.to_string(), |r| r.trim().to_string());
    let valid = time_zone(config)
        .and_then(|tz| parse_received(&received, tz))
        .is_some();
    if !valid {
        return Err(DeskError::Received(received));
    }
    Ok(crate::scaffold::desk_text(channel, &received))
}

/// Whether `officer` (who turns an issue into a pull request) is an
/// officer, and `requester` (who opened it) an operator of `agency`.
pub fn may_file(
    config: &Config,
    agency: &Agency,
    officer: Option<&str>,
    requester: Option<&str>,
) -> Result<(), DeskError> {
    if let Some(officer) = officer
        && !config
            .officers
            .iter()
            .any(|o| same(&o.github.value, officer))
    {
        return Err(DeskError::NotOfficer(officer.to_string()));
    }
    if let Some(requester) = requester
        && !agency.operators.iter().any(|o| same(&o.value, requester))
    {
        let instansi = agency.id.as_str();
        return Err(DeskError::NotOperator {
            login: requester.to_string(),
            agency: instansi.to_string(),
            help: format!(
                "an agency's request comes from one of its operators; add @{requester} to `operator` of {instansi}, or ask an operator to open the issue"
            ),
        });
    }
    Ok(())
}

/// Whether a GitHub login names `handle` (read as a `Handle`: any case, `@` allowed).
fn same(handle: &Handle, login: &str) -> bool {
    login.parse().is_ok_and(|login: Handle| *handle == login)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn received_reads_a_date_or_a_local_time() {
        let tz: Tz = "Asia/Makassar".parse().expect("zone");
        let at = |s: &str| parse_received(s, tz).map(|t| t.to_rfc3339());
        assert_eq!(at("2026-11-20"), Some("2026-11-19T16:00:00+00:00".into()));
        assert_eq!(
            at("2026-11-20T09:15"),
            Some("2026-11-20T01:15:00+00:00".into())
        );
        assert_eq!(
            at(" 2026-11-20T09:15:30 "),
            Some("2026-11-20T01:15:30+00:00".into())
        );
        assert_eq!(
            at("2026-11-20 09:15"),
            Some("2026-11-20T01:15:00+00:00".into())
        );
        for bad in [
            "20-11-2026",
            "2026-11-31",
            "2026-11-20T25:00",
            "kemarin",
            "",
        ] {
            assert_eq!(at(bad), None, "{bad}");
        }
    }
}
