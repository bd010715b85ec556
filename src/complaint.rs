//! Complaints (pengaduan) on the clock: a complaint issue of the snapshot
//! turned into its timeline — received when the issue was opened, its kind
//! (an officer's `jenis: <id>` label, else the form's answer), its status
//! from the `status: …` labels officers added, and the hari kerja of its
//! kind (`jenis_pengaduan`) counted in the institution's calendar, paused
//! while the officers wait for the complainant. Pure: it reads no file and
//! no clock, and it carries no author: nothing here can name a
//! complainant. Only officers move a complaint ([`crate::review::trust`]); anyone
//! else's label is shown as ignored.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::Serialize;

use crate::github::snapshot::{
    Complaint, IssueState, IssueStateReason, LabelAction, LabelEvent, Snapshot,
};
use crate::input::load::{Instance, RequestName};
use crate::model::StandardTime;
use crate::model::complaint::{ComplaintChannel, ComplaintRecord, ComplaintStep, RecordedStatus};
use crate::model::{Config, RequestId};
use crate::review::calendar::{Calendar, CalendarError};
use crate::review::intake::parse_received;
use crate::review::timeline::{Clock, DONE_LABEL, Pause, REFUSED_LABEL, STATUS_PREFIX, Verdict};
use crate::review::trust;

/// The label the complaint issue form sets: what `loket fetch` reads.
pub(crate) const LABEL: &str = "pengaduan";
/// The prefix of the labels an officer sets the kind with: `jenis: <id>`.
pub(crate) const KIND_PREFIX: &str = "jenis: ";
/// An officer has received the complaint and will handle it.
pub(crate) const RECEIVED_LABEL: &str = "status: diterima";
/// The complaint is being looked into.
pub(crate) const PROCESSING_LABEL: &str = "status: diproses";
/// The officers wait for the complainant's answer: the clock pauses.
pub(crate) const WAITING_LABEL: &str = "status: menunggu pengadu";
/// The prefix of the label an officer sets on a complaint issue opened on
/// the complainant's behalf, naming the channel it came by:
/// `kanal: telepon`, `kanal: whatsapp`, `kanal: surat`, `kanal: lapor`,
/// `kanal: langsung`.
pub(crate) const CHANNEL_PREFIX: &str = "kanal: ";
/// An officer allows the complaint's text on the public site.
pub(crate) const PUBLISHABLE_LABEL: &str = "pengaduan: boleh diumumkan";
/// The role whose officers the sweep reminds of a complaint's deadline,
/// when `loket.yaml` has it (else every officer).
pub(crate) const ROLE: &str = "pengelola-pengaduan";
/// The prefix of a refusal's reason label: `alasan: <nama>`.
pub(crate) const REASON_PREFIX: &str = crate::model::config::Reason::PREFIX;
/// Why a complaint may be refused (`alasan: <nama>`), with what the
/// complainant can do. `di luar kewenangan` is also one of the default
/// reasons of requests: one label serves both.
pub(crate) const REASONS: &[(&str, &str)] = &[
    (
        "di luar kewenangan",
        "sampaikan pengaduan kepada instansi yang berwenang",
    ),
    (
        "keterangan tidak cukup",
        "ajukan pengaduan baru dengan keterangan yang lebih lengkap",
    ),
    (
        "pengaduan ganda",
        "ikuti pengaduan yang sama yang sudah ada",
    ),
];

/// The status labels of a complaint, in the order of the procedure.
const STATUS_LABELS: [&str; 5] = [
    RECEIVED_LABEL,
    PROCESSING_LABEL,
    WAITING_LABEL,
    DONE_LABEL,
    REFUSED_LABEL,
];

/// Where a complaint stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Filed; no officer has moved it yet.
    Masuk,
    /// An officer received it.
    Diterima,
    /// Being looked into.
    Diproses,
    /// Waiting for the complainant; the clock is paused.
    MenungguPengadu,
    /// Settled.
    Selesai,
    /// Refused, with a reason.
    Ditolak,
}

impl Status {
    /// The status's key in JSON and on the site.
    pub fn key(self) -> &'static str {
        match self {
            Status::Masuk => "masuk",
            Status::Diterima => "diterima",
            Status::Diproses => "diproses",
            Status::MenungguPengadu => "menunggu-pengadu",
            Status::Selesai => "selesai",
            Status::Ditolak => "ditolak",
        }
    }

    /// How the status reads (Bahasa Indonesia).
    pub fn label(self) -> &'static str {
        match self {
            Status::Masuk => "masuk",
            Status::Diterima => "diterima",
            Status::Diproses => "diproses",
            Status::MenungguPengadu => "menunggu pengadu",
            Status::Selesai => "selesai",
            Status::Ditolak => "ditolak",
        }
    }

    /// Whether the complaint is settled (the clock stopped).
    pub fn settled(self) -> bool {
        matches!(self, Status::Selesai | Status::Ditolak)
    }

    fn of_label(label: &str) -> Option<Status> {
        Some(match label {
            RECEIVED_LABEL => Status::Diterima,
            PROCESSING_LABEL => Status::Diproses,
            WAITING_LABEL => Status::MenungguPengadu,
            DONE_LABEL => Status::Selesai,
            REFUSED_LABEL => Status::Ditolak,
            _ => return None,
        })
    }
}

/// A label someone added or removed on the complaint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    /// When.
    pub at: DateTime<Utc>,
    /// The label.
    pub label: String,
    /// Added or removed.
    pub action: LabelAction,
    /// Whether it counts: an officer's. A stranger's status, kind, reason
    /// or publishable label is shown and changes nothing.
    pub counted: bool,
}

/// The timeline of one complaint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ComplaintTimeline {
    /// The complaint's number (its issue's).
    pub number: u64,
    /// When it was received (the issue opened).
    pub received: DateTime<Utc>,
    /// The local date it was received.
    pub received_date: NaiveDate,
    /// The kind's id (`jenis_pengaduan[].id`), when known.
    pub kind: Option<String>,
    /// The kind's name, when known.
    pub kind_name: Option<String>,
    /// The request it is about, when the form or the record names one that
    /// exists ([`all_timelines`] drops any other, with a note).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request: Option<String>,
    /// The service it concerns (`site/layanan/<id>.md`), when the form or
    /// the record names one the instance has.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// That service's title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_name: Option<String>,
    /// The channel outside GitHub it came by: a complaint an officer
    /// recorded under `pengaduan/`, or an issue an officer opened on the
    /// complainant's behalf and labelled `kanal: …` (none: filed by the
    /// complainant through the form).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<ComplaintChannel>,
    /// The recorded complaint's id (its file's stem, `2026-0001`); its
    /// `number` is then 0.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<String>,
    /// Where it stands.
    pub status: Status,
    /// Why it was refused (an officer's `alasan: …` label), while it is.
    pub reason: Option<String>,
    /// Whether the issue is still open.
    pub open: bool,
    /// Whether it counts as a complaint: not closed as spam (`not planned`)
    /// or as a duplicate.
    pub counted: bool,
    /// The hari-kerja clock of its kind.
    pub clock: Clock,
    /// Label events, in order.
    pub steps: Vec<Step>,
    /// The complaint's text, only when an officer marked it publishable.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// What the timeline could not know.
    pub notes: Vec<String>,
}

/// Whether an officer marked the complaint publishable: the last
/// officer's event on [`PUBLISHABLE_LABEL`] added it.
pub(crate) fn publishable(events: &[LabelEvent], config: &Config) -> bool {
    trust::on_by_officer(events, PUBLISHABLE_LABEL, config)
}

/// Whether a label is one only officers may move on a complaint.
fn controlled(label: &str) -> bool {
    label.starts_with(STATUS_PREFIX)
        || label.starts_with(KIND_PREFIX)
        || label.starts_with(REASON_PREFIX)
        || label.starts_with(CHANNEL_PREFIX)
        || label == PUBLISHABLE_LABEL
}

/// The labels in `events` still on after officers' events, in the order
/// they were last added, among those `wanted` keeps (the pull requests'
/// replay, [`crate::review::replay::Labels::on_by_officers`]).
fn officers_on<'e>(
    events: &'e [LabelEvent],
    config: &Config,
    wanted: impl Fn(&str) -> bool,
) -> Vec<&'e LabelEvent> {
    crate::review::replay::Labels::of(events).on_by_officers(config, wanted)
}

/// The kind of a complaint: an officer's `jenis: <id>` label naming one of
/// `loket.yaml`'s kinds, else the form's answer (a kind's name or id).
fn kind_of<'c>(
    complaint: &Complaint,
    config: &'c Config,
) -> Option<&'c crate::model::config::ComplaintKind> {
    let kinds = || config.complaint_kinds.iter().map(|k| &k.value);
    let by_label = officers_on(&complaint.label_events, config, |l| {
        l.strip_prefix(KIND_PREFIX)
            .is_some_and(|id| kinds().any(|k| k.id.value == id))
    })
    .last()
    .and_then(|e| e.label.strip_prefix(KIND_PREFIX))
    .and_then(|id| kinds().find(|k| k.id.value == id));
    by_label.or_else(|| {
        let answer = complaint.kind.as_deref()?.trim();
        kinds().find(|k| k.name.value.trim().eq_ignore_ascii_case(answer) || k.id.value == answer)
    })
}

/// The channel of a complaint issue an officer opened on the
/// complainant's behalf: the last officer's `kanal: <channel>` label still
/// on. Anyone else's is ignored: a stranger cannot move a complaint into
/// another channel's count.
fn channel_of(events: &[LabelEvent], config: &Config) -> Option<ComplaintChannel> {
    officers_on(events, config, |l| channel_label(l).is_some())
        .last()
        .and_then(|e| channel_label(&e.label))
}

/// The channel a `kanal: <channel>` label names.
fn channel_label(label: &str) -> Option<ComplaintChannel> {
    let name = label.strip_prefix(CHANNEL_PREFIX)?;
    ComplaintChannel::ALL
        .iter()
        .copied()
        .find(|c| c.as_str() == name)
}

/// The timeline of one complaint at `now`. A deadline the calendar cannot
/// count (a year without holiday data) leaves the clock unmeasured, with a
/// note that says what to add: one complaint never stops the others.
pub(crate) fn timeline(
    complaint: &Complaint,
    config: &Config,
    calendar: &Calendar,
    now: DateTime<Utc>,
) -> ComplaintTimeline {
    let mut events: Vec<&LabelEvent> = complaint.label_events.iter().collect();
    events.sort_by_key(|e| e.at);
    let steps = events
        .iter()
        .map(|e| Step {
            at: e.at,
            label: e.label.clone(),
            action: e.action,
            counted: !controlled(&e.label) || trust::is_officer(config, &e.actor),
        })
        .collect();
    let walk = walk(
        complaint.opened_at,
        events
            .iter()
            .filter(|e| trust::is_officer(config, &e.actor))
            .map(|e| (e.at, e.label.as_str(), e.action)),
    );
    let kind = kind_of(complaint, config);
    let (clock, notes) = clocked(complaint.opened_at, &walk, kind, calendar, now);
    let status = walk.status;
    let reason = (status == Status::Ditolak)
        .then(|| {
            officers_on(&complaint.label_events, config, |l| {
                l.strip_prefix(REASON_PREFIX)
                    .is_some_and(|r| REASONS.iter().any(|(name, _)| *name == r))
            })
            .last()
            .and_then(|e| e.label.strip_prefix(REASON_PREFIX))
            .map(str::to_string)
        })
        .flatten();
    let counted = !(complaint.state == IssueState::Closed
        && matches!(
            complaint.state_reason,
            Some(IssueStateReason::NotPlanned | IssueStateReason::Duplicate)
        ));
    ComplaintTimeline {
        number: complaint.issue,
        received: complaint.opened_at,
        received_date: calendar.local_date(complaint.opened_at),
        kind: kind.map(|k| k.id.value.clone()),
        kind_name: kind.map(|k| k.name.value.clone()),
        request: complaint.request.clone(),
        service: None,
        service_name: None,
        channel: channel_of(&complaint.label_events, config),
        record: None,
        status,
        reason,
        open: complaint.state == IssueState::Open,
        counted,
        clock,
        steps,
        text: complaint
            .text
            .clone()
            .filter(|_| publishable(&complaint.label_events, config)),
        notes,
    }
}

/// Where officers' status events leave a complaint received at `received`.
struct Walk {
    status: Status,
    since: DateTime<Utc>,
    pauses: Vec<Pause>,
}

/// Walks officers' status label events (in time order): the last status
/// label still on is the status; waiting for the complainant pauses.
fn walk<'e>(
    received: DateTime<Utc>,
    events: impl Iterator<Item = (DateTime<Utc>, &'e str, LabelAction)>,
) -> Walk {
    let mut status = Status::Masuk;
    let mut since = received;
    let mut pauses: Vec<Pause> = Vec::new();
    let mut on: Vec<&str> = Vec::new();
    for (at, label, action) in events.filter(|(_, l, _)| STATUS_LABELS.contains(l)) {
        on.retain(|l| *l != label);
        if action == LabelAction::Added {
            on.push(label);
        }
        let next = on
            .last()
            .and_then(|l| Status::of_label(l))
            .unwrap_or(Status::Masuk);
        if next == status {
            continue;
        }
        if next == Status::MenungguPengadu {
            pauses.push(Pause { from: at, to: None });
        } else if status == Status::MenungguPengadu
            && let Some(p) = pauses.last_mut()
        {
            p.to = Some(at);
        }
        status = next;
        since = at;
    }
    Walk {
        status,
        since,
        pauses,
    }
}

/// The hari-kerja clock of a complaint of `kind`, and what it could not
/// know.
fn clocked(
    received: DateTime<Utc>,
    walk: &Walk,
    kind: Option<&crate::model::config::ComplaintKind>,
    calendar: &Calendar,
    now: DateTime<Utc>,
) -> (Clock, Vec<String>) {
    let mut notes = Vec::new();
    if kind.is_none() {
        notes.push(format!(
            "jenis pengaduan belum ditetapkan: petugas menambahkan label `{KIND_PREFIX}<id>`"
        ));
    }
    let mut clock = Clock {
        started: Some(received),
        stopped: walk.status.settled().then_some(walk.since),
        pauses: walk.pauses.clone(),
        used_working_days: None,
        used_minutes: None,
        allowed: kind.map(|k| k.time.value),
        due: None,
        verdict: Verdict::NotStarted,
    };
    if let Err(e) = clock.measure(calendar, now) {
        notes.push(e.to_string());
    }
    (clock, notes)
}

/// The timeline of the complaint an officer recorded in
/// `pengaduan/<id>.yaml` (`id` the file's stem), at `now`; `None` while
/// its received time is no time ([`crate::validate`] reports it).
pub(crate) fn record_timeline(
    id: &str,
    record: &ComplaintRecord,
    config: &Config,
    calendar: &Calendar,
    now: DateTime<Utc>,
) -> Option<ComplaintTimeline> {
    let tz = calendar.time_zone();
    let received = parse_received(&record.received.value, tz)?;
    let mut dated: Vec<(DateTime<Utc>, &ComplaintStep)> = record
        .status
        .iter()
        .filter_map(|s| Some((parse_received(&s.value.at.value, tz)?, &s.value)))
        .collect();
    dated.sort_by_key(|(at, _)| *at);
    let walk = walk(
        received,
        dated
            .iter()
            .map(|(at, s)| (*at, recorded_label(s.status.value), LabelAction::Added)),
    );
    let kind = config
        .complaint_kinds
        .iter()
        .map(|k| &k.value)
        .find(|k| k.id.value == record.kind.value);
    let (clock, notes) = clocked(received, &walk, kind, calendar, now);
    let reason = (walk.status == Status::Ditolak)
        .then(|| dated.iter().rev().find_map(|(_, s)| s.reason.as_ref()))
        .flatten()
        .map(|r| r.value.clone());
    Some(ComplaintTimeline {
        number: 0,
        received,
        received_date: calendar.local_date(received),
        kind: kind.map(|k| k.id.value.clone()),
        kind_name: kind.map(|k| k.name.value.clone()),
        request: record.request.as_ref().map(|r| r.value.clone()),
        service: None,
        service_name: None,
        channel: Some(record.channel.value),
        record: Some(id.to_string()),
        status: walk.status,
        reason,
        open: !walk.status.settled(),
        counted: true,
        clock,
        steps: dated
            .iter()
            .map(|(at, s)| Step {
                at: *at,
                label: recorded_label(s.status.value).to_string(),
                action: LabelAction::Added,
                counted: true,
            })
            .collect(),
        text: record
            .summary
            .as_ref()
            .filter(|_| record.publishable.as_ref().is_some_and(|p| p.value))
            .map(|s| s.value.clone()),
        notes,
    })
}

/// The status label a recorded status stands for.
fn recorded_label(status: RecordedStatus) -> &'static str {
    match status {
        RecordedStatus::Diterima => RECEIVED_LABEL,
        RecordedStatus::Diproses => PROCESSING_LABEL,
        RecordedStatus::MenungguPengadu => WAITING_LABEL,
        RecordedStatus::Selesai => DONE_LABEL,
        RecordedStatus::Ditolak => REFUSED_LABEL,
    }
}

/// What a complaint may concern: the instance's services (id, title) and
/// the requests it knows, those under `requests/` and those of the
/// snapshot's pull requests.
#[derive(Debug, Clone, Default)]
pub(crate) struct Concerns<'a> {
    /// Each service's id and title.
    pub services: Vec<(&'a str, &'a str)>,
    /// Every request id.
    pub requests: BTreeSet<RequestId>,
}

impl<'a> Concerns<'a> {
    /// The services and requests of `instance` and `snapshot`.
    pub(crate) fn of(instance: &'a Instance, snapshot: Option<&Snapshot>) -> Concerns<'a> {
        let in_tree = instance
            .requests
            .iter()
            .filter_map(|r| r.name.as_ref().map(|n| n.id));
        let pending = snapshot
            .into_iter()
            .flat_map(|s| &s.pull_requests)
            .flat_map(|pr| &pr.files)
            .filter_map(|path| RequestName::parse(path).map(|n| n.id));
        Concerns {
            services: instance
                .services()
                .map(|s| (s.id.as_str(), s.title.value.as_str()))
                .collect(),
            requests: in_tree.chain(pending).collect(),
        }
    }
}

/// Every complaint's timeline: the snapshot's issues by number, then the
/// complaints recorded under `pengaduan/` (`instance.complaints`) in the
/// order of their ids. A recorded one whose received time is no time is
/// left out (`loket check` reports it). The service and request each names
/// are checked against the instance and the snapshot ([`concern`]).
pub(crate) fn all_timelines(
    instance: &Instance,
    snapshot: Option<&Snapshot>,
    config: &Config,
    calendar: &Calendar,
    now: DateTime<Utc>,
) -> Vec<ComplaintTimeline> {
    let concerns = Concerns::of(instance, snapshot);
    let issues = snapshot.map_or(&[][..], |s| &s.complaints);
    let mut out: Vec<ComplaintTimeline> = issues
        .iter()
        .map(|c| {
            let mut t = timeline(c, config, calendar, now);
            concern(&mut t, c.service.as_deref(), &concerns);
            t
        })
        .collect();
    out.sort_by_key(|t| t.number);
    out.extend(instance.complaints.iter().filter_map(|c| {
        let record = c.record.as_ref()?;
        let mut t = record_timeline(&c.id, record, config, calendar, now)?;
        concern(
            &mut t,
            record.service.as_ref().map(|s| s.value.as_str()),
            &concerns,
        );
        Some(t)
    }));
    out
}

/// Sets the service `answer` names (`<id> — <judul>` as the form's
/// dropdown offers it, or an id) when the instance has it, and keeps the
/// request only when it exists. Anything else is untrusted text: it is
/// dropped from the timeline (so never reaches the site) and noted, quoted
/// and escaped, for the officers.
pub(crate) fn concern(t: &mut ComplaintTimeline, answer: Option<&str>, concerns: &Concerns<'_>) {
    if let Some(answer) = answer {
        let id = answer.split(" — ").next().unwrap_or_default().trim();
        match concerns.services.iter().find(|(known, _)| *known == id) {
            Some((id, title)) => {
                t.service = Some((*id).to_string());
                t.service_name = Some((*title).to_string());
            }
            None => t.notes.push(format!(
                "layanan {answer:?} tidak ada di site/layanan/: diabaikan"
            )),
        }
    }
    let exists = |r: &String| {
        r.parse::<RequestId>()
            .is_ok_and(|id| concerns.requests.contains(&id))
    };
    if let Some(request) = t.request.take_if(|r| !exists(r)) {
        t.notes.push(format!(
            "permohonan {request:?} tidak ada di requests/ maupun di permintaan tarik: diabaikan"
        ));
    }
}

/// How a complaint is named to officers: `#41`, or a recorded one's file
/// `pengaduan/2026-0001.yaml`.
pub(crate) fn reference(t: &ComplaintTimeline) -> String {
    match &t.record {
        Some(id) => format!("{}/{id}.yaml", crate::input::load::COMPLAINTS_DIR),
        None => format!("#{}", t.number),
    }
}

/// The settled complaints of one year and kind, and how many of them on
/// time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub(crate) struct Share {
    /// Settled (selesai or ditolak) with a known kind.
    pub settled: u32,
    /// Of those, settled by the deadline.
    pub on_time: u32,
}

impl Share {
    /// The share on time, in percent, when any was settled.
    pub(crate) fn percent(self) -> Option<f64> {
        (self.settled > 0).then(|| f64::from(self.on_time) * 100.0 / f64::from(self.settled))
    }
}

/// Per year (of receipt, local) and kind id: the counted, settled
/// complaints and how many were settled on time.
pub(crate) fn shares(timelines: &[ComplaintTimeline]) -> BTreeMap<(i32, String), Share> {
    let mut out: BTreeMap<(i32, String), Share> = BTreeMap::new();
    for t in timelines.iter().filter(|t| t.counted && t.status.settled()) {
        let Some(kind) = &t.kind else { continue };
        let share = out
            .entry((t.received_date.year(), kind.clone()))
            .or_default();
        share.settled += 1;
        if t.clock.verdict == Verdict::OnTime {
            share.on_time += 1;
        }
    }
    out
}

/// Per year (of receipt, local) and channel (none: the complaint form):
/// how many complaints that count were received.
pub(crate) fn by_channel(
    timelines: &[ComplaintTimeline],
) -> BTreeMap<(i32, Option<ComplaintChannel>), u32> {
    let mut out = BTreeMap::new();
    for t in timelines.iter().filter(|t| t.counted) {
        *out.entry((t.received_date.year(), t.channel)).or_default() += 1;
    }
    out
}

/// Hari kerja left until a running complaint's deadline at `now` (0 on
/// its last day, negative once past), when it has one.
pub(crate) fn days_left(
    t: &ComplaintTimeline,
    calendar: &Calendar,
    now: DateTime<Utc>,
) -> Result<Option<i64>, CalendarError> {
    let Some(due) = t.clock.due else {
        return Ok(None);
    };
    calendar
        .working_days_between(calendar.local_date(now), calendar.local_date(due))
        .map(Some)
}

/// How many hari kerja before its deadline the sweep reminds the officers
/// of a complaint: a fifth of the kind's time, at least one.
pub(crate) fn reminder_lead(allowed: StandardTime) -> i64 {
    match allowed {
        StandardTime::WorkingDays(n) => i64::from((n / 5).max(1)),
        StandardTime::Minutes(_) => 1,
    }
}

#[cfg(test)]
mod tests;
