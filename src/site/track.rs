//! Following a request without GitHub: the "Lacak permohonan" box, the
//! per-year lists of request numbers it falls back to without JavaScript
//! (`/permohonan/<tahun>/`, an anchor per id), the `/bantuan/status/` page,
//! and what a request's page says about its status: the explanation from
//! [`crate::status_help`], the reason and what to fix, the next stage.
//!
//! Pure: views only.

use serde::Serialize;

use crate::input::diagnostic::Lang;
use crate::model::config::Reason;
use crate::review::timeline::{Status, Timeline};
use crate::site::i18n::Words;
use crate::site::view::{Names, Row};
use crate::status_help::{self, Help};

/// The year of a request id (`2026-0007` → `2026`).
pub(crate) fn year_of(id: &str) -> &str {
    id.split_once('-').map_or(id, |(y, _)| y)
}

/// The years with requests, newest first.
pub(crate) fn years(timelines: &[&Timeline]) -> Vec<String> {
    let mut years: Vec<String> = timelines
        .iter()
        .map(|t| year_of(&t.id).to_string())
        .collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    years
}

/// A link to one year's list.
#[derive(Debug, Serialize)]
pub(crate) struct YearLink {
    /// The year.
    pub year: String,
    /// Its list page.
    pub url: String,
    /// The page shown.
    pub current: bool,
}

/// The tracking form: where it goes without JavaScript (the newest year's
/// list) and the lists of every year.
#[derive(Debug, Serialize)]
pub(crate) struct TrackBox {
    /// The form's action.
    pub action: String,
    /// Every year's list, newest first.
    pub years: Vec<YearLink>,
}

/// The tracking box of a language whose pages live under `home`; `current`
/// marks the year page it is shown on.
pub(crate) fn track_box(years: &[String], home: &str, current: Option<&str>) -> TrackBox {
    let url = |y: &str| format!("{home}permohonan/{y}/");
    TrackBox {
        action: years
            .first()
            .map_or_else(|| format!("{home}permohonan/"), |y| url(y)),
        years: years
            .iter()
            .map(|y| YearLink {
                year: y.clone(),
                url: url(y),
                current: current == Some(y.as_str()),
            })
            .collect(),
    }
}

/// `/permohonan/<tahun>/`: every id of the year, in number order.
#[derive(Debug, Serialize)]
pub(crate) struct YearPage<'a> {
    /// The year.
    pub year: &'a str,
    /// The tracking box.
    pub track: TrackBox,
    /// The year's rows, oldest id first.
    pub rows: Vec<&'a Row>,
}

/// The page of `year`; `rows` are a language's rows, newest first.
pub(crate) fn year_page<'a>(
    year: &'a str,
    rows: &'a [Row],
    years: &[String],
    home: &str,
) -> YearPage<'a> {
    YearPage {
        year,
        track: track_box(years, home, Some(year)),
        rows: rows
            .iter()
            .rev()
            .filter(|r| year_of(&r.id) == year)
            .collect(),
    }
}

/// One status on `/bantuan/status/`.
#[derive(Debug, Serialize)]
pub(crate) struct HelpItem {
    /// Its name in words.
    pub label: &'static str,
    /// The explanation.
    pub help: &'static Help,
}

/// A reason for returning or refusing, and what to fix.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ReasonView {
    /// The reason.
    pub name: String,
    /// What the agency should do; empty when `loket.yaml` says nothing.
    pub fix: String,
}

/// `/bantuan/status/`.
#[derive(Debug, Serialize)]
pub(crate) struct StatusHelpPage {
    /// Every status, in the order of the procedure.
    pub statuses: Vec<HelpItem>,
    /// The instance's reasons.
    pub reasons: Vec<ReasonView>,
}

/// Every status explained, and the reasons officers choose from.
pub(crate) fn status_help_page(reasons: &[Reason], w: &Words, lang: Lang) -> StatusHelpPage {
    StatusHelpPage {
        statuses: status_help::all(lang)
            .iter()
            .map(|help| HelpItem {
                label: w.word(&format!("status_{}", help.key)),
                help,
            })
            .collect(),
        reasons: reasons
            .iter()
            .map(|r| ReasonView {
                name: r.name.clone(),
                fix: r.fix.clone(),
            })
            .collect(),
    }
}

/// Why a request was returned or refused.
#[derive(Debug, Serialize)]
pub(crate) struct Why {
    /// The heading: returned or refused.
    pub heading: &'static str,
    /// The reason and what to fix.
    pub reason: ReasonView,
}

/// What a request page says about where the request stands.
#[derive(Debug, Serialize)]
pub(crate) struct StatusNote {
    /// The status's explanation.
    pub help: &'static Help,
    /// The stage that comes next and its role, while one does.
    pub next_stage: Option<String>,
    /// The reason, while returned or refused.
    pub why: Option<Why>,
}

/// The status note of `t`; `reasons` give what to fix.
pub(crate) fn status_note(
    t: &Timeline,
    reasons: &[Reason],
    names: &Names<'_>,
    w: &Words,
    lang: Lang,
) -> StatusNote {
    let next = |after_merge: bool| {
        t.stages
            .iter()
            .find(|s| s.after_merge == after_merge && s.done_at.is_none())
            .map(|s| format!("{} ({})", s.name, names.role(&s.role, w)))
    };
    let next_stage = match t.status {
        Status::Lengkap | Status::Tahap { .. } => next(false),
        Status::Disetujui => next(true),
        _ => None,
    };
    let heading = match t.status {
        Status::Dikembalikan => Some("request_why_returned"),
        Status::Ditolak => Some("request_why_refused"),
        _ => None,
    };
    let why = heading.zip(t.reason.as_ref()).map(|(heading, name)| Why {
        heading: w.word(heading),
        reason: ReasonView {
            name: name.clone(),
            fix: reasons
                .iter()
                .find(|r| r.name == *name)
                .map(|r| r.fix.clone())
                .unwrap_or_default(),
        },
    });
    StatusNote {
        help: status_help::of(&t.status, lang),
        next_stage,
        why,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_newest_first_and_the_form_goes_to_the_newest() {
        assert_eq!(year_of("2026-0007"), "2026");
        let years = vec!["2026".to_string(), "2025".to_string()];
        let b = track_box(&years, "/en/", None);
        assert_eq!(b.action, "/en/permohonan/2026/");
        assert_eq!(b.years[1].url, "/en/permohonan/2025/");
        assert_eq!(track_box(&[], "/", None).action, "/permohonan/");
    }
}
