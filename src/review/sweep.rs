//! Stale requests: what `loket sweep` would do. A returned request with no
//! answer for half the limit gets a reminder, at the limit it is closed;
//! an officer stage past its standard time gets a reminder to the officers
//! who hold its role; a complaint nearing its deadline (a fifth of its
//! kind's time left, at least a hari kerja) gets a reminder to the
//! complaint officers, and another once it is past. Pure: it plans, the
//! command acts; each action carries a marker so that doing it twice is
//! doing it once.

use chrono::{DateTime, Utc};

use crate::complaint;
use crate::github::snapshot::{PullRequest, PullState, Snapshot};
use crate::input::diagnostic::Lang;
use crate::model::Config;
use crate::model::StandardTime;
use crate::review::calendar::{Calendar, CalendarError};
use crate::review::replay::Labels;
use crate::review::timeline::{RETURNED_LABEL, Timeline};

/// The default limit, in hari kerja.
pub const DEFAULT_LIMIT: u32 = 10;

/// What to do to one pull request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Remind the agency of a returned request.
    Remind {
        /// The pull request.
        pr: u64,
        /// Hari kerja since it was returned.
        days: i64,
    },
    /// Close a returned request nobody answered.
    Close {
        /// The pull request.
        pr: u64,
        /// Hari kerja since it was returned.
        days: i64,
    },
    /// Remind the officers of a stage past its standard time.
    Overdue {
        /// The pull request.
        pr: u64,
        /// The stage's name.
        stage: String,
        /// The officers holding its role.
        officers: Vec<String>,
    },
    /// Remind the complaint officers of a complaint nearing its deadline
    /// (or past it).
    ComplaintDue {
        /// The complaint's issue (0 for one recorded under `pengaduan/`).
        issue: u64,
        /// How officers know it: `#41`, or the recorded complaint's file
        /// with its channel (`pengaduan/2026-0001.yaml, kanal: telepon`).
        complaint: String,
        /// Hari kerja left (negative: past).
        days_left: i64,
        /// The local date of the deadline.
        due: chrono::NaiveDate,
        /// The officers to remind.
        officers: Vec<String>,
    },
}

impl Action {
    /// The pull request (or, for a complaint, the issue) acted on.
    pub fn pr(&self) -> u64 {
        match self {
            Action::Remind { pr, .. } | Action::Close { pr, .. } | Action::Overdue { pr, .. } => {
                *pr
            }
            Action::ComplaintDue { issue, .. } => *issue,
        }
    }

    /// The hidden marker of the comment that records the action.
    pub fn marker(&self) -> String {
        match self {
            Action::Remind { .. } => "<!-- loket:sweep:pengingat -->".into(),
            Action::Close { .. } => "<!-- loket:sweep:ditutup -->".into(),
            Action::Overdue { stage, .. } => format!("<!-- loket:sweep:tahap:{stage} -->"),
            Action::ComplaintDue { days_left, .. } if *days_left < 0 => {
                "<!-- loket:sweep:pengaduan:lewat -->".into()
            }
            Action::ComplaintDue { .. } => "<!-- loket:sweep:pengaduan:tenggat -->".into(),
        }
    }

    /// The action's line in the sweep's log, in `lang`: a request's by its
    /// pull request, a complaint's with its deadline and officers.
    pub fn line(&self, lang: Lang) -> String {
        match self {
            Action::Remind { pr, days } => lang.pick(
                format!("ingatkan  #{pr} (dikembalikan {days} hari kerja lalu)"),
                format!("remind  #{pr} (returned {days} hari kerja ago)"),
            ),
            Action::Close { pr, days } => lang.pick(
                format!("tutup     #{pr} (dikembalikan {days} hari kerja lalu)"),
                format!("close   #{pr} (returned {days} hari kerja ago)"),
            ),
            Action::Overdue {
                pr,
                stage,
                officers,
            } => {
                let officers = officers.join(", ");
                lang.pick(
                    format!("terlambat #{pr} tahap «{stage}» → {officers}"),
                    format!("overdue #{pr} stage «{stage}» → {officers}"),
                )
            }
            Action::ComplaintDue {
                complaint,
                days_left,
                due,
                officers,
                ..
            } => {
                let officers = officers.join(", ");
                lang.pick(
                    format!("tenggat   pengaduan {complaint}, batas {due} (sisa {days_left} hari kerja) → {officers}"),
                    format!("due     {complaint} complaint, deadline {due} ({days_left} hari kerja left) → {officers}"),
                )
            }
        }
    }

    /// The comment that carries out the action (Bahasa Indonesia).
    pub fn comment(&self, author: &str) -> String {
        let text = match self {
            Action::Remind { days, .. } => format!(
                "@{author} permohonan ini dikembalikan {days} hari kerja yang lalu dan belum diperbaiki. \
                 Mohon perbaiki sesuai alasan pengembalian; tanpa tanggapan, permohonan akan ditutup."
            ),
            Action::Close { days, .. } => format!(
                "Permohonan ditutup (dibatalkan): tidak ada tanggapan {days} hari kerja setelah dikembalikan. \
                 @{author} dapat mengajukan permohonan baru kapan saja."
            ),
            Action::Overdue {
                stage, officers, ..
            } => {
                let who: Vec<String> = officers.iter().map(|o| format!("@{o}")).collect();
                format!(
                    "{} tahap «{stage}» telah melewati waktu standarnya.",
                    who.join(" ")
                )
            }
            Action::ComplaintDue {
                days_left,
                due,
                officers,
                ..
            } => {
                let who: Vec<String> = officers.iter().map(|o| format!("@{o}")).collect();
                let when = if *days_left < 0 {
                    format!("telah melewati tenggatnya ({due})")
                } else {
                    format!("harus diselesaikan paling lambat {due} ({days_left} hari kerja lagi)")
                };
                format!(
                    "{} pengaduan ini {when}. Tandai `{}` atau `{}` setelah menjawab pengadu.",
                    who.join(" "),
                    crate::review::timeline::DONE_LABEL,
                    crate::review::timeline::REFUSED_LABEL
                )
            }
        };
        format!("{}\n{text}\n", self.marker())
    }
}

/// Hari kerja a returned request may go unanswered before it is closed
/// (`tindak_lanjut.batas_hari_kerja`, default [`DEFAULT_LIMIT`]).
pub fn limit(config: &Config) -> u32 {
    config
        .follow_up
        .as_ref()
        .and_then(|f| f.limit)
        .unwrap_or(DEFAULT_LIMIT)
}

/// Plans the sweep of every open pull request of `snapshot` and of every
/// complaint (`complaints`: the issues' and the recorded ones', see
/// [`complaint::all_timelines`]).
pub fn plan(
    snapshot: &Snapshot,
    timelines: &[Timeline],
    complaints: &[complaint::ComplaintTimeline],
    config: &Config,
    calendar: &Calendar,
    now: DateTime<Utc>,
) -> Result<Vec<Action>, CalendarError> {
    let limit = limit(config);
    let mut out = Vec::new();
    for pr in snapshot
        .pull_requests
        .iter()
        .filter(|p| p.state == PullState::Open)
    {
        if let Some(since) = returned_since(pr, config) {
            let days = calendar
                .working_days_between(calendar.local_date(since), calendar.local_date(now))?;
            if days >= i64::from(limit) {
                out.push(Action::Close {
                    pr: pr.number,
                    days,
                });
            } else if days * 2 >= i64::from(limit) {
                out.push(Action::Remind {
                    pr: pr.number,
                    days,
                });
            }
            continue;
        }
        let Some(t) = timelines.iter().find(|t| t.pull_request == Some(pr.number)) else {
            continue;
        };
        let Some(started) = t.clock.started else {
            continue;
        };
        let mut checkpoint = started;
        for stage in t.stages.iter().filter(|s| !s.after_merge) {
            if let Some(done) = stage.done_at {
                checkpoint = done;
                continue;
            }
            if let Some(standard) = stage.standard {
                let late = match standard {
                    StandardTime::Minutes(m) => {
                        calendar.office_minutes_between(checkpoint, now)? > i64::from(m)
                    }
                    StandardTime::WorkingDays(d) => {
                        calendar.working_days_between(
                            calendar.local_date(checkpoint),
                            calendar.local_date(now),
                        )? > i64::from(d)
                    }
                };
                if late {
                    let officers = config
                        .officers
                        .iter()
                        .filter(|o| o.roles.iter().any(|r| r.as_str() == stage.role))
                        .map(|o| o.github.to_string())
                        .collect();
                    out.push(Action::Overdue {
                        pr: pr.number,
                        stage: stage.name.clone(),
                        officers,
                    });
                }
            }
            break;
        }
    }
    out.extend(complaints_due(complaints, config, calendar, now)?);
    Ok(out)
}

/// The open complaints nearing their deadline or past it, not paused:
/// a reminder to the officers of the complaint role ([`complaint::ROLE`]),
/// or every officer when `loket.yaml` has no such role.
fn complaints_due(
    complaints: &[complaint::ComplaintTimeline],
    config: &Config,
    calendar: &Calendar,
    now: DateTime<Utc>,
) -> Result<Vec<Action>, CalendarError> {
    let handlers: Vec<String> = config
        .officers
        .iter()
        .filter(|o| o.roles.iter().any(|r| r.as_str() == complaint::ROLE))
        .map(|o| o.github.to_string())
        .collect();
    let officers = if handlers.is_empty() {
        config
            .officers
            .iter()
            .map(|o| o.github.to_string())
            .collect()
    } else {
        handlers
    };
    let mut out = Vec::new();
    for t in complaints {
        if !t.open
            || !t.counted
            || t.status.settled()
            || t.status == complaint::Status::MenungguPengadu
        {
            continue;
        }
        let (Some(allowed), Some(due)) = (t.clock.allowed, t.clock.due) else {
            continue;
        };
        let Some(left) = complaint::days_left(t, calendar, now)? else {
            continue;
        };
        if left <= complaint::reminder_lead(allowed) {
            let complaint = match t.channel.filter(|_| t.record.is_some()) {
                Some(channel) => {
                    format!("{}, kanal: {}", complaint::reference(t), channel.as_str())
                }
                None => complaint::reference(t),
            };
            out.push(Action::ComplaintDue {
                issue: t.number,
                complaint,
                days_left: left,
                due: calendar.local_date(due),
                officers: officers.clone(),
            });
        }
    }
    Ok(out)
}

/// When an officer returned the request, when it has stayed so with no
/// commit since. Anyone else's `status: dikembalikan` is ignored: a
/// stranger's label never gets a pull request reminded or closed.
fn returned_since(pr: &PullRequest, config: &Config) -> Option<DateTime<Utc>> {
    let last = Labels::of(&pr.label_events).held_by_officer(RETURNED_LABEL, config)?;
    let answered = pr.commits.iter().any(|c| c.committed_at > last.at);
    (!answered).then_some(last.at)
}
