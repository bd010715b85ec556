//! Request timelines: the status of every request, what happened when, and
//! the service-level clock counted in hari kerja.
//!
//! A pure function of values: the request, the git [`History`], the GitHub
//! [`Snapshot`], the officers' roles, a [`Calendar`] and "now". The clock
//! starts when the request is complete (the check passes), pauses while it
//! is returned to the agency (`status: dikembalikan`), and stops when it is
//! refused, withdrawn, merged (for services without stages after the
//! merge) or finished (`status: selesai`). A stage label added before the
//! last commit that changed the request is stale and does not count.
//!
//! Only facts GitHub records count ([`crate::review::trust`]): the clock starts at
//! the trusted `loket check` run (for a request the front desk took, at
//! the desk's received time, once that run passes; [`crate::review::intake`]), and status, reason and stage labels move
//! a request only when an officer added or removed them (a stage label: an
//! officer holding the stage's role); anyone else's appear as ignored.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::github::snapshot::{PullRequest, PullState, Snapshot};
use crate::model::request::IntakeChannel;
use crate::model::{Config, RequestId, Service, StandardTime};
use crate::review::calendar::{Calendar, CalendarError};
use crate::review::history::History;
use crate::review::replay::{self, Change, Labels, Mark, Standing, Step};
use crate::review::trust;

/// The label that returns a request to its agency (the clock pauses).
pub const RETURNED_LABEL: &str = "status: dikembalikan";
/// The label that refuses a request.
pub const REFUSED_LABEL: &str = "status: ditolak";
/// The label the publish workflow adds once the request is carried out.
pub const DONE_LABEL: &str = "status: selesai";

/// Where a request stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Status {
    /// The pull request is open; no check has run.
    Diajukan,
    /// The check fails; the clock has not started.
    BelumLengkap,
    /// The check passes; the clock runs.
    Lengkap,
    /// An officer stage is done.
    Tahap {
        /// The stage id.
        stage: String,
        /// Its name.
        name: String,
    },
    /// Returned to the agency; the clock is paused.
    Dikembalikan,
    /// Merged.
    Disetujui,
    /// Carried out (published, DNS applied).
    Selesai,
    /// Refused.
    Ditolak,
    /// Closed without merging.
    Dibatalkan,
}

impl Status {
    /// Every status key, in the order of the procedure.
    pub const KEYS: [&'static str; 9] = [
        "diajukan",
        "belum-lengkap",
        "lengkap",
        "tahap",
        "dikembalikan",
        "disetujui",
        "selesai",
        "ditolak",
        "dibatalkan",
    ];

    /// The status's key in URLs, filters, `status.json` and
    /// [`crate::status_help`]: one of [`Status::KEYS`].
    pub fn key(&self) -> &'static str {
        match self {
            Status::Diajukan => "diajukan",
            Status::BelumLengkap => "belum-lengkap",
            Status::Lengkap => "lengkap",
            Status::Tahap { .. } => "tahap",
            Status::Dikembalikan => "dikembalikan",
            Status::Disetujui => "disetujui",
            Status::Selesai => "selesai",
            Status::Ditolak => "ditolak",
            Status::Dibatalkan => "dibatalkan",
        }
    }

    /// How the status reads on the site and in tables.
    pub fn label(&self) -> String {
        match self {
            Status::Diajukan => "diajukan".into(),
            Status::BelumLengkap => "belum lengkap".into(),
            Status::Lengkap => "lengkap".into(),
            Status::Tahap { name, .. } => format!("tahap: {name}"),
            Status::Dikembalikan => "dikembalikan".into(),
            Status::Disetujui => "disetujui".into(),
            Status::Selesai => "selesai".into(),
            Status::Ditolak => "ditolak".into(),
            Status::Dibatalkan => "dibatalkan".into(),
        }
    }
}

/// Whether the promise was kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The clock has not started.
    NotStarted,
    /// Running, not yet due.
    Running,
    /// Stopped by the due time.
    OnTime,
    /// Past the due time (stopped or still running).
    Late,
}

/// Something that happened to a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Event {
    /// When.
    pub at: DateTime<Utc>,
    /// What.
    pub kind: EventKind,
    /// The label, stage or check concerned.
    pub subject: Option<String>,
    /// The actor's role (never a name); `pemohon` for the agency.
    pub role: Option<String>,
}

/// Kinds of events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// The pull request was opened (or the file first committed).
    Submitted,
    /// The agency pushed a change.
    Changed,
    /// The check passed.
    CheckPassed,
    /// The check failed.
    CheckFailed,
    /// A stage label was added.
    StageDone,
    /// A stage label was removed.
    StageUndone,
    /// Returned to the agency.
    Returned,
    /// Back from the agency.
    Resumed,
    /// Refused.
    Refused,
    /// Closed unmerged.
    Withdrawn,
    /// Merged.
    Merged,
    /// Carried out.
    Done,
    /// A status, reason or stage label someone without the right added or
    /// removed: shown, never acted on.
    Ignored,
}

impl Clock {
    /// Fills the counts, the due time and the verdict of a started clock
    /// at `now`: time used without the pauses; a promise in hari kerja is
    /// due at the close of its N-th working day, moved on by the working
    /// days paused; one in minutes after that much office time.
    pub fn measure(&mut self, cal: &Calendar, now: DateTime<Utc>) -> Result<(), CalendarError> {
        let Some(started) = self.started else {
            return Ok(());
        };
        let end = self.stopped.unwrap_or(now).max(started);
        let paused_days: i64 = self
            .pauses
            .iter()
            .map(|p| {
                cal.working_days_between(
                    cal.local_date(p.from),
                    cal.local_date(p.to.unwrap_or(end).min(end)),
                )
            })
            .sum::<Result<i64, _>>()?;
        let used =
            cal.working_days_between(cal.local_date(started), cal.local_date(end))? - paused_days;
        self.used_working_days = Some(used.max(0));
        if let Some(StandardTime::Minutes(_)) = self.allowed {
            let paused: i64 = self
                .pauses
                .iter()
                .map(|p| cal.office_minutes_between(p.from, p.to.unwrap_or(end).min(end)))
                .sum::<Result<i64, _>>()?;
            self.used_minutes = Some((cal.office_minutes_between(started, end)? - paused).max(0));
        }
        if let Some(allowed) = self.allowed {
            let due = match allowed {
                StandardTime::WorkingDays(n) => {
                    let n = u32::try_from(i64::from(n) + paused_days).unwrap_or(u32::MAX);
                    cal.close_of(cal.add_working_days(cal.local_date(started), n)?)
                }
                StandardTime::Minutes(_) => cal.due(started, allowed)?,
            };
            self.due = Some(due);
            self.verdict = match self.stopped {
                Some(stop) if stop <= due => Verdict::OnTime,
                Some(_) => Verdict::Late,
                None if now > due => Verdict::Late,
                None => Verdict::Running,
            };
        }
        Ok(())
    }

    /// The time used so far in the unit of the promise: office minutes for
    /// a service timed in minutes, else hari kerja.
    pub fn used(&self) -> Option<StandardTime> {
        let clamp = |n: i64| u32::try_from(n.max(0)).unwrap_or(u32::MAX);
        match (self.allowed, self.used_minutes) {
            (Some(StandardTime::Minutes(_)), Some(m)) => Some(StandardTime::Minutes(clamp(m))),
            _ => self
                .used_working_days
                .map(|d| StandardTime::WorkingDays(clamp(d))),
        }
    }
}

/// The service-level clock of one request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Clock {
    /// When the request became complete.
    pub started: Option<DateTime<Utc>>,
    /// When the clock stopped.
    pub stopped: Option<DateTime<Utc>>,
    /// Pauses (returned to the agency); `to` is empty while still paused.
    pub pauses: Vec<Pause>,
    /// Hari kerja counted so far (pauses excluded).
    pub used_working_days: Option<i64>,
    /// Office minutes counted so far (pauses excluded), for a service
    /// timed in minutes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub used_minutes: Option<i64>,
    /// The promise.
    pub allowed: Option<StandardTime>,
    /// When the promise runs out (pauses added).
    pub due: Option<DateTime<Utc>>,
    /// Kept or not.
    pub verdict: Verdict,
}

/// A pause of the clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Pause {
    /// From.
    pub from: DateTime<Utc>,
    /// To, when resumed.
    pub to: Option<DateTime<Utc>>,
}

/// One stage's actual time against its standard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StageTime {
    /// Stage id.
    pub stage: String,
    /// Stage name.
    pub name: String,
    /// The role that acts.
    pub role: String,
    /// The standard time.
    pub standard: Option<StandardTime>,
    /// When it was done (its label added, still valid).
    pub done_at: Option<DateTime<Utc>>,
    /// Role of who did it.
    pub done_by: Option<String>,
    /// Actual time in the standard's unit (minutes of office time or hari kerja).
    pub actual: Option<i64>,
    /// Whether the actual time is within the standard.
    pub within: Option<bool>,
    /// A label was added before the last change, so it no longer counts.
    pub stale: bool,
    /// Done after the merge.
    pub after_merge: bool,
}

/// The whole timeline of one request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Timeline {
    /// Request id.
    pub id: String,
    /// The request file.
    pub path: String,
    /// Agency id.
    pub agency: String,
    /// The subdomain.
    pub subdomain: String,
    /// Service id.
    pub service: Option<String>,
    /// The pull request, when known.
    pub pull_request: Option<u64>,
    /// Whether the request is the agency's own: on the branch (merged, or
    /// in git history), or its pull request's requester is an operator of
    /// the agency ([`trust::attributed`]). Only such requests are
    /// published, get receipts and letters, and are announced.
    pub attributed: bool,
    /// How it came, when the front desk took it: the `kanal` keyword
    /// (`langsung`, `surat`, `email`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<&'static str>,
    /// Where it stands.
    #[serde(flatten)]
    pub status: Status,
    /// What happened, in order.
    pub events: Vec<Event>,
    /// The clock.
    pub clock: Clock,
    /// Stages.
    pub stages: Vec<StageTime>,
    /// Why it was returned or refused (the `alasan: …` label), while it is.
    pub reason: Option<String>,
    /// What the timeline could not know.
    pub notes: Vec<String>,
}

/// A request to time.
#[derive(Debug, Clone)]
pub struct Subject<'a> {
    /// Its id.
    pub id: RequestId,
    /// Its file.
    pub path: String,
    /// Agency id.
    pub agency: String,
    /// Subdomain.
    pub subdomain: String,
    /// Its service, when known.
    pub service: Option<&'a Service>,
    /// How it came, when the front desk took it.
    pub channel: Option<IntakeChannel>,
    /// When the front desk received it (`diterima`): the clock starts
    /// then, when the front desk filed the pull request no earlier.
    pub received: Option<DateTime<Utc>>,
}

/// What the timelines are computed from.
#[derive(Debug, Clone, Copy)]
pub struct Sources<'a> {
    /// Git history of the branch.
    pub history: Option<&'a History>,
    /// GitHub snapshot.
    pub snapshot: Option<&'a Snapshot>,
    /// GitHub handle (lower case) -> role ids.
    pub roles: &'a BTreeMap<String, Vec<String>>,
    /// `loket.yaml`: officers, operators, bots and reasons.
    pub config: &'a Config,
    /// Working days.
    pub calendar: &'a Calendar,
    /// The time to measure running clocks against.
    pub now: DateTime<Utc>,
}

/// The timeline of one request.
pub fn timeline(subject: &Subject<'_>, sources: &Sources<'_>) -> Timeline {
    let (pr, attributed) = pull_request_of(subject, sources);
    let mut t = Timeline {
        id: subject.id.to_string(),
        path: subject.path.clone(),
        agency: subject.agency.clone(),
        subdomain: subject.subdomain.clone(),
        service: subject.service.map(|s| s.id.to_string()),
        pull_request: pr.map(|p| p.number),
        attributed,
        channel: subject
            .channel
            .filter(|c| c.at_desk())
            .map(IntakeChannel::as_str),
        status: Status::Diajukan,
        events: Vec::new(),
        clock: Clock {
            started: None,
            stopped: None,
            pauses: Vec::new(),
            used_working_days: None,
            used_minutes: None,
            allowed: subject.service.map(|s| s.time.value),
            due: None,
            verdict: Verdict::NotStarted,
        },
        stages: subject.service.map(stages_of).unwrap_or_default(),
        reason: None,
        notes: Vec::new(),
    };
    match pr {
        Some(pr) => from_pull_request(&mut t, subject, pr, sources),
        None => from_git(&mut t, subject, sources),
    }
    if !attributed {
        t.notes.push(
            "pull request ini tidak diajukan operator perangkat daerahnya: tidak diterbitkan di situs dan tidak diberitahukan"
                .into(),
        );
    }
    if let Err(e) = measure(&mut t, sources) {
        t.notes.push(e.to_string());
    }
    t
}

/// The pull request a request's timeline follows, and whether the request
/// is attributed. Of the pull requests that touch the file (most recent
/// first): a merged one, else one the gate attributes to an operator of
/// the agency. A stranger's pull request never stands for a file on the
/// branch; for a file only it brings, it is followed but not attributed.
fn pull_request_of<'s>(
    subject: &Subject<'_>,
    sources: &Sources<'s>,
) -> (Option<&'s PullRequest>, bool) {
    let Some(snapshot) = sources.snapshot else {
        return (None, true);
    };
    let all: Vec<&PullRequest> = snapshot.pull_requests_for(&subject.path).collect();
    if let Some(pr) = all.iter().find(|p| p.state == PullState::Merged) {
        return (Some(pr), true);
    }
    if let Some(pr) = all
        .iter()
        .find(|p| trust::attributed(p, &subject.agency, sources.config))
    {
        return (Some(pr), true);
    }
    let on_branch = sources
        .history
        .is_some_and(|h| h.files.contains_key(&subject.path));
    match all.first() {
        Some(pr) if !on_branch => (Some(pr), false),
        _ => (None, true),
    }
}

fn stages_of(service: &Service) -> Vec<StageTime> {
    service
        .stages
        .iter()
        .map(|s| StageTime {
            stage: s.id.to_string(),
            name: s.name.value.clone(),
            role: s.role.to_string(),
            standard: s.time.as_ref().map(|t| t.value),
            done_at: None,
            done_by: None,
            actual: None,
            within: None,
            stale: false,
            after_merge: s.after_merge.unwrap_or(false),
        })
        .collect()
}

fn from_git(t: &mut Timeline, subject: &Subject<'_>, sources: &Sources<'_>) {
    let Some(file) = sources.history.and_then(|h| h.files.get(&subject.path)) else {
        t.notes.push("belum ada di riwayat git cabang ini".into());
        return;
    };
    if let Some(note) = sources
        .history
        .and_then(History::shallow_note)
        .filter(|_| file.approximate)
    {
        t.notes.push(note);
    }
    t.pull_request = file.entered.pull_request;
    let merged = file.entered.time;
    let submitted = file.submitted.unwrap_or(merged);
    t.events.push(event(
        submitted,
        EventKind::Submitted,
        None,
        Some("pemohon".into()),
    ));
    t.events.push(event(merged, EventKind::Merged, None, None));
    t.clock.started = Some(submitted);
    t.status = Status::Disetujui;
    t.clock.stopped = Some(merged);
    t.notes.push(
        "tanpa snapshot GitHub: jam layanan dihitung dari commit pertama permohonan sampai merge"
            .into(),
    );
}

fn from_pull_request(
    t: &mut Timeline,
    subject: &Subject<'_>,
    pr: &PullRequest,
    sources: &Sources<'_>,
) {
    let touches = |files: &[String]| files.is_empty() || files.contains(&subject.path);
    // Taken at the front desk: submitted when the desk received it, if
    // that is no later than GitHub recorded the pull request.
    let desk = crate::review::intake::taken_at_desk(pr, &subject.agency, sources.config);
    let received = subject.received.filter(|_| desk);
    let received = match received {
        Some(r) if crate::review::intake::received_holds(r, pr) => Some(r),
        Some(_) => {
            t.notes.push(
                "`diterima` lebih lambat dari pembuatan pull request: jam layanan dihitung dari pemeriksaan"
                    .into(),
            );
            None
        }
        None => None,
    };
    t.events.push(event(
        received.unwrap_or(pr.created_at),
        EventKind::Submitted,
        None,
        Some("pemohon".into()),
    ));
    // Stage i of the timeline is stage i of the service.
    let stage_of = |label: &str| {
        subject
            .service?
            .stages
            .iter()
            .position(|st| st.label.as_ref().is_some_and(|l| l.value == label))
    };
    let mark_of = |label: &str| match label {
        RETURNED_LABEL => Mark::Returned,
        REFUSED_LABEL => Mark::Refused,
        DONE_LABEL => Mark::Done,
        _ => stage_of(label).map_or(Mark::Other, Mark::Stage),
    };
    let mut standing = Standing::new(pr, t.stages.len());
    for (at, step) in replay::record(pr, touches) {
        let (change, role, label) = match step {
            Step::Label(l) => {
                let role = role_of(sources.roles, &l.actor);
                let mark = mark_of(&l.label);
                if !may_move(&l.label, &l.actor, stage_of(&l.label), subject, sources) {
                    // Named only when it is one of loket's own labels: the
                    // words of anyone else's label are not repeated.
                    let known = mark != Mark::Other
                        || sources
                            .config
                            .reasons()
                            .iter()
                            .any(|r| r.label() == l.label);
                    t.events.push(event(
                        at,
                        EventKind::Ignored,
                        known.then(|| l.label.clone()),
                        role,
                    ));
                    continue;
                }
                (standing.label(l, mark), role, Some(l.label.as_str()))
            }
            other => (standing.apply(at, other), None, None),
        };
        let Some(change) = change else { continue };
        let label = label.map(str::to_string);
        let (kind, what, role) = match change {
            Change::Changed => (EventKind::Changed, None, Some("pemohon".into())),
            Change::CheckPassed | Change::CheckFailed => {
                let Step::Check(_, name) = step else { continue };
                let kind = if change == Change::CheckPassed {
                    t.clock.started.get_or_insert(received.unwrap_or(at));
                    EventKind::CheckPassed
                } else {
                    EventKind::CheckFailed
                };
                (kind, Some(name.to_string()), None)
            }
            Change::Returned => {
                t.clock.pauses.push(Pause { from: at, to: None });
                (EventKind::Returned, label, role)
            }
            Change::Resumed => {
                if let Some(p) = t.clock.pauses.last_mut() {
                    p.to = Some(at);
                }
                (EventKind::Resumed, label, role)
            }
            Change::Refused => (EventKind::Refused, label, role),
            Change::Done => (EventKind::Done, label, role),
            Change::StageDone(i) | Change::StageUndone(i) => {
                let kind = if matches!(change, Change::StageDone(_)) {
                    EventKind::StageDone
                } else {
                    EventKind::StageUndone
                };
                (kind, t.stages.get(i).map(|s| s.stage.clone()), role)
            }
            Change::Merged => (EventKind::Merged, None, None),
            Change::Withdrawn => (EventKind::Withdrawn, None, None),
        };
        t.events.push(event(at, kind, what, role));
    }
    let labels: Vec<Option<&str>> = subject.service.map_or_else(Vec::new, |svc| {
        svc.stages
            .iter()
            .map(|st| st.label.as_ref().map(|l| l.value.as_str()))
            .collect()
    });
    for (i, (stage, mark)) in t.stages.iter_mut().zip(standing.stage_marks()).enumerate() {
        if let Some(mark) = mark {
            let label = labels.get(i).copied().flatten().unwrap_or_default();
            if !crate::review::gate::bound(pr, label, &mark.actor, mark.at) {
                stage.stale = true;
            } else {
                stage.done_at = Some(mark.at);
                stage.done_by = role_of(sources.roles, &mark.actor);
            }
        }
    }
    let has_after_merge = t.stages.iter().any(|s| s.after_merge);
    if let (Some(done), Some(last)) = (
        standing.done_at(),
        t.stages.iter_mut().rev().find(|s| s.after_merge),
    ) {
        last.done_at = Some(done);
    }
    let last_stage = t
        .stages
        .iter()
        .rev()
        .find(|s| !s.after_merge && s.done_at.is_some())
        .map(|s| (s.stage.as_str(), s.name.as_str()));
    t.status = standing.status(last_stage);
    t.clock.stopped = standing.stopped(&t.status, has_after_merge, pr.closed_at);
    if matches!(t.status, Status::Dikembalikan | Status::Ditolak) {
        t.reason = Labels::of(&pr.label_events).reason(sources.config);
    }
}
/// Whether `actor` may move a request with `label`: status and reason
/// labels by an officer, a stage's label by an officer holding the
/// stage's role. Other labels mean nothing to loket and pass.
fn may_move(
    label: &str,
    actor: &str,
    stage: Option<usize>,
    subject: &Subject<'_>,
    sources: &Sources<'_>,
) -> bool {
    if let Some(i) = stage {
        let role = subject
            .service
            .and_then(|s| s.stages.get(i))
            .map(|s| s.role.as_str());
        return role.is_some_and(|r| trust::has_role(sources.config, actor, r));
    }
    let controlled =
        label.starts_with(STATUS_PREFIX) || label.starts_with(crate::model::config::Reason::PREFIX);
    !controlled || trust::is_officer(sources.config, actor)
}

/// The prefix of status labels.
pub const STATUS_PREFIX: &str = "status: ";

fn role_of(roles: &BTreeMap<String, Vec<String>>, actor: &str) -> Option<String> {
    let key = actor.trim_start_matches('@').to_ascii_lowercase();
    Some(
        roles
            .get(&key)
            .and_then(|r| r.first().cloned())
            .unwrap_or_else(|| "bukan petugas".into()),
    )
}

fn event(
    at: DateTime<Utc>,
    kind: EventKind,
    subject: Option<String>,
    role: Option<String>,
) -> Event {
    Event {
        at,
        kind,
        subject,
        role,
    }
}

/// Fills the clock's counts and each stage's actual time.
fn measure(t: &mut Timeline, sources: &Sources<'_>) -> Result<(), CalendarError> {
    let cal = sources.calendar;
    let Some(started) = t.clock.started else {
        return Ok(());
    };
    t.clock.measure(cal, sources.now)?;
    let merged = t
        .events
        .iter()
        .find(|e| e.kind == EventKind::Merged)
        .map(|e| e.at);
    let mut checkpoint = started;
    for stage in t.stages.iter_mut() {
        let from = if stage.after_merge {
            merged.unwrap_or(checkpoint)
        } else {
            checkpoint
        };
        let Some(done) = stage.done_at else { continue };
        let actual = match stage.standard {
            Some(StandardTime::Minutes(_)) => cal.office_minutes_between(from, done)?,
            _ => cal.working_days_between(cal.local_date(from), cal.local_date(done))?,
        };
        stage.actual = Some(actual);
        stage.within = stage.standard.map(|s| actual <= i64::from(s.amount()));
        checkpoint = done;
    }
    Ok(())
}

impl Serialize for StandardTime {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(1))?;
        match self {
            StandardTime::WorkingDays(d) => map.serialize_entry("hari_kerja", d)?,
            StandardTime::Minutes(m) => map.serialize_entry("menit", m)?,
        }
        map.end()
    }
}
