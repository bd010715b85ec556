//! The front desk (loket): requests an officer takes on an agency's
//! behalf, when the agency walks in with its letter or sends it by post or
//! email. Owns who may take them (officers holding [`FRONT_DESK_ROLE`]),
//! how the desk's received time reads, and whether it holds against what
//! GitHub records (the pull request's creation). Pure: reads no file and
//! no clock.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::model::Config;
use crate::snapshot::PullRequest;

/// The role (`peran` id) of front-desk officers: declared in `loket.yaml`
/// like any other role and held by officers under `petugas`.
pub const FRONT_DESK_ROLE: &str = "petugas-loket";

/// Whether `login` is a front-desk officer.
pub fn is_desk_officer(config: &Config, login: &str) -> bool {
    crate::trust::has_role(config, login, FRONT_DESK_ROLE)
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
    is_registered(config, agency) && is_desk_officer(config, crate::gate::requester(pr, config))
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
