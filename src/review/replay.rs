//! One replay of a pull request's record, in the order GitHub recorded
//! it: which labels hold ([`Labels`], asked by the gate and the sweep), and
//! what the commits, trusted checks, labels and the merge or close add up
//! to ([`Standing`], stepped through by the timeline). The status
//! precedence rule lives in one place, [`Standing::status`], and when the
//! clock stops in another, [`Standing::stopped`].
//!
//! Pure: the caller says what a label means ([`Mark`]) and whether its
//! actor may move the request with it; nothing here reads `loket.yaml`
//! beyond who is an officer.

use chrono::{DateTime, Utc};

use crate::github::snapshot::{CheckConclusion, LabelAction, LabelEvent, PullRequest, PullState};
use crate::model::Config;
use crate::model::config::Reason;
use crate::review::timeline::Status;
use crate::review::trust;

/// A pull request's label events in the order GitHub recorded them
/// (events of one instant keep the snapshot's order).
#[derive(Debug, Clone)]
pub struct Labels<'p>(Vec<&'p LabelEvent>);

impl<'p> Labels<'p> {
    /// The events of `events`, in time order.
    pub fn of(events: &'p [LabelEvent]) -> Labels<'p> {
        let mut sorted: Vec<&LabelEvent> = events.iter().collect();
        sorted.sort_by_key(|e| e.at);
        Labels(sorted)
    }

    /// The add that put `label` on and still holds, whoever made it: the
    /// last event on `label`, when it is an add.
    pub fn holding(&self, label: &str) -> Option<&'p LabelEvent> {
        self.0
            .iter()
            .rev()
            .find(|e| e.label == label)
            .filter(|e| e.action == LabelAction::Added)
            .copied()
    }

    /// The events on `label` an officer made, in time order (anyone
    /// else's are ignored).
    pub fn by_officers<'a>(
        &'a self,
        label: &'a str,
        config: &'a Config,
    ) -> impl DoubleEndedIterator<Item = &'p LabelEvent> + 'a {
        self.0
            .iter()
            .filter(move |e| e.label == label && trust::is_officer(config, &e.actor))
            .copied()
    }

    /// The officer's add that keeps `label` on as far as officers are
    /// concerned: their last event on it, when it is an add.
    pub fn held_by_officer(&self, label: &str, config: &Config) -> Option<&'p LabelEvent> {
        self.by_officers(label, config)
            .next_back()
            .filter(|e| e.action == LabelAction::Added)
    }

    /// The labels still on after officers' events, among those `wanted`
    /// keeps, in the order they were last added (anyone else's events are
    /// ignored).
    pub fn on_by_officers(
        &self,
        config: &Config,
        wanted: impl Fn(&str) -> bool,
    ) -> Vec<&'p LabelEvent> {
        let mut on: Vec<&LabelEvent> = Vec::new();
        for &e in self
            .0
            .iter()
            .filter(|e| wanted(&e.label) && trust::is_officer(config, &e.actor))
        {
            on.retain(|o| o.label != e.label);
            if e.action == LabelAction::Added {
                on.push(e);
            }
        }
        on
    }

    /// The reason still on the pull request, the latest first: an
    /// `alasan: …` label an officer added that names one of `loket.yaml`'s
    /// reasons (its words come from there, never from the label).
    pub fn reason(&self, config: &Config) -> Option<String> {
        let reasons = config.reasons();
        self.on_by_officers(config, |l| {
            l.starts_with(Reason::PREFIX) && reasons.iter().any(|r| r.label() == l)
        })
        .last()
        .map(|e| e.label[Reason::PREFIX.len()..].to_string())
    }
}

/// One step of a pull request's record.
#[derive(Debug, Clone, Copy)]
pub enum Step<'p> {
    /// A commit that touches the request.
    Commit,
    /// A trusted `loket check` run finished.
    Check(CheckConclusion, &'p str),
    /// A label was added or removed.
    Label(&'p LabelEvent),
    /// The pull request was merged.
    Merged,
    /// The pull request was closed without merging.
    Closed,
}

/// The record of `pr` as it concerns one request, in time order: the
/// commits `touches` (given their files), the trusted check runs, the
/// label events, then the merge or the close. Of one instant, commits come
/// first, then checks, labels, and the merge or close.
pub fn record<'p>(
    pr: &'p PullRequest,
    touches: impl Fn(&[String]) -> bool,
) -> Vec<(DateTime<Utc>, Step<'p>)> {
    let mut steps: Vec<(DateTime<Utc>, u8, Step<'p>)> = Vec::new();
    for c in pr.commits.iter().filter(|c| touches(&c.files)) {
        steps.push((c.committed_at, 0, Step::Commit));
    }
    for c in pr.checks.iter().filter(|c| trust::trusted_check(c)) {
        steps.push((c.completed_at, 1, Step::Check(c.conclusion, &c.name)));
    }
    for l in &pr.label_events {
        steps.push((l.at, 2, Step::Label(l)));
    }
    match (pr.state, pr.merged_at, pr.closed_at) {
        (PullState::Merged, Some(at), _) => steps.push((at, 3, Step::Merged)),
        (PullState::Closed, _, Some(at)) => steps.push((at, 3, Step::Closed)),
        _ => {}
    }
    steps.sort_by_key(|(at, order, _)| (*at, *order));
    steps.into_iter().map(|(at, _, s)| (at, s)).collect()
}

/// What a label means to a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// `status: dikembalikan`: returned to the agency.
    Returned,
    /// `status: ditolak`: refused.
    Refused,
    /// `status: selesai`: carried out.
    Done,
    /// The label of the service's stage at this index.
    Stage(usize),
    /// Anything else: a reason, or a label loket does not read.
    Other,
}

/// What one step changed, for the timeline to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// The agency changed the request after opening the pull request.
    Changed,
    /// The check passed.
    CheckPassed,
    /// The check failed.
    CheckFailed,
    /// Returned to the agency: the clock pauses.
    Returned,
    /// No longer returned: the clock runs again.
    Resumed,
    /// Refused.
    Refused,
    /// Carried out.
    Done,
    /// The stage at this index was approved.
    StageDone(usize),
    /// The stage at this index lost its approval.
    StageUndone(usize),
    /// Merged.
    Merged,
    /// Closed without merging.
    Withdrawn,
}

/// Where a pull request's record stands after the steps applied so far.
#[derive(Debug, Clone)]
pub struct Standing<'p> {
    created_at: DateTime<Utc>,
    closed: bool,
    /// When a trusted check first passed: the request was complete then.
    passed_at: Option<DateTime<Utc>>,
    /// Whether the request counts as complete now: a check passed, and
    /// none failed before the first pass after it.
    complete: bool,
    check_failed: bool,
    returned: bool,
    refused_at: Option<DateTime<Utc>>,
    done_at: Option<DateTime<Utc>>,
    merged_at: Option<DateTime<Utc>>,
    /// Per stage of the service: the add that approved it and still holds.
    stages: Vec<Option<&'p LabelEvent>>,
}

impl<'p> Standing<'p> {
    /// Nothing applied yet, for a service of `stages` stages.
    pub fn new(pr: &PullRequest, stages: usize) -> Standing<'p> {
        Standing {
            created_at: pr.created_at,
            closed: pr.state == PullState::Closed,
            passed_at: None,
            complete: false,
            check_failed: false,
            returned: false,
            refused_at: None,
            done_at: None,
            merged_at: None,
            stages: vec![None; stages],
        }
    }

    /// Applies a step other than a label (see [`Standing::label`]).
    pub fn apply(&mut self, at: DateTime<Utc>, step: Step<'p>) -> Option<Change> {
        match step {
            Step::Commit => (at > self.created_at).then_some(Change::Changed),
            Step::Check(CheckConclusion::Success, _) => {
                self.complete = true;
                self.passed_at.get_or_insert(at);
                Some(Change::CheckPassed)
            }
            Step::Check(CheckConclusion::Failure, _) => {
                self.check_failed = true;
                if self.passed_at.is_none() {
                    self.complete = false;
                }
                Some(Change::CheckFailed)
            }
            Step::Check(..) => None,
            Step::Label(_) => None,
            Step::Merged => {
                self.merged_at = Some(at);
                Some(Change::Merged)
            }
            Step::Closed => Some(Change::Withdrawn),
        }
    }

    /// Applies `event`, whose label means `mark`, made by someone who may
    /// move the request with it (the caller ignores anyone else's).
    pub fn label(&mut self, event: &'p LabelEvent, mark: Mark) -> Option<Change> {
        let added = event.action == LabelAction::Added;
        match mark {
            Mark::Returned if added && !self.returned => {
                self.returned = true;
                Some(Change::Returned)
            }
            Mark::Returned if !added && self.returned => {
                self.returned = false;
                Some(Change::Resumed)
            }
            Mark::Refused if added => {
                self.refused_at.get_or_insert(event.at);
                Some(Change::Refused)
            }
            Mark::Done if added => {
                self.done_at.get_or_insert(event.at);
                Some(Change::Done)
            }
            Mark::Stage(i) => {
                let slot = self.stages.get_mut(i)?;
                *slot = added.then_some(event);
                Some(if added {
                    Change::StageDone(i)
                } else {
                    Change::StageUndone(i)
                })
            }
            _ => None,
        }
    }

    /// When a trusted check first passed.
    pub fn passed_at(&self) -> Option<DateTime<Utc>> {
        self.passed_at
    }

    /// When an officer first marked the request carried out.
    pub fn done_at(&self) -> Option<DateTime<Utc>> {
        self.done_at
    }

    /// Per stage of the service, the add that approved it and still holds.
    pub fn stage_marks(&self) -> &[Option<&'p LabelEvent>] {
        &self.stages
    }

    /// The status the record adds up to, `last_stage` being the latest
    /// stage (before the merge) whose approval holds, as `(id, name)`. In
    /// order: refused, carried out, merged, withdrawn, returned, at a stage
    /// (once complete), complete, failing its check, submitted.
    pub fn status(&self, last_stage: Option<(&str, &str)>) -> Status {
        if self.refused_at.is_some() {
            Status::Ditolak
        } else if self.merged_at.is_some() && self.done_at.is_some() {
            Status::Selesai
        } else if self.merged_at.is_some() {
            Status::Disetujui
        } else if self.closed {
            Status::Dibatalkan
        } else if self.returned {
            Status::Dikembalikan
        } else if let Some((stage, name)) = last_stage.filter(|_| self.complete) {
            Status::Tahap {
                stage: stage.to_string(),
                name: name.to_string(),
            }
        } else if self.complete {
            Status::Lengkap
        } else if self.check_failed {
            Status::BelumLengkap
        } else {
            Status::Diajukan
        }
    }

    /// When the clock stops for `status`: when the request was carried
    /// out, merged (for a service with no stage after the merge), closed
    /// (`closed_at`) or refused; `None` while it runs.
    pub fn stopped(
        &self,
        status: &Status,
        has_after_merge: bool,
        closed_at: Option<DateTime<Utc>>,
    ) -> Option<DateTime<Utc>> {
        match status {
            Status::Selesai => self.done_at,
            Status::Disetujui if !has_after_merge => self.merged_at,
            Status::Dibatalkan => closed_at,
            _ => self.refused_at,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 2, hour, 0, 0)
            .single()
            .expect("a valid time")
    }

    fn event(label: &str, action: LabelAction, actor: &str, hour: u32) -> LabelEvent {
        LabelEvent {
            label: label.into(),
            action,
            actor: actor.into(),
            at: at(hour),
        }
    }

    /// The last event on a label decides whether it holds, whatever order
    /// the snapshot lists them in.
    #[test]
    fn a_label_holds_when_its_last_event_added_it() {
        let events = vec![
            event("x", LabelAction::Removed, "a", 3),
            event("x", LabelAction::Added, "a", 1),
            event("y", LabelAction::Added, "b", 2),
        ];
        let labels = Labels::of(&events);
        assert!(labels.holding("x").is_none());
        assert_eq!(labels.holding("y").map(|e| e.actor.as_str()), Some("b"));
        assert!(labels.holding("z").is_none());
    }

    /// Each status wins over the ones after it in the precedence rule.
    #[test]
    fn the_status_follows_its_precedence() {
        let pr: PullRequest = serde_json::from_value(serde_json::json!({
            "number": 1, "author": "op", "state": "open",
            "created_at": "2026-03-02T01:00:00Z", "files": []
        }))
        .expect("a pull request");
        let mut s = Standing::new(&pr, 1);
        assert_eq!(s.status(None), Status::Diajukan);
        s.apply(at(2), Step::Check(CheckConclusion::Failure, "loket check"));
        assert_eq!(s.status(None), Status::BelumLengkap);
        s.apply(at(3), Step::Check(CheckConclusion::Success, "loket check"));
        assert_eq!(s.status(None), Status::Lengkap);
        assert_eq!(
            s.status(Some(("verifikasi", "Verifikasi"))),
            Status::Tahap {
                stage: "verifikasi".into(),
                name: "Verifikasi".into()
            }
        );
        let returned = event("status: dikembalikan", LabelAction::Added, "v", 4);
        assert_eq!(s.label(&returned, Mark::Returned), Some(Change::Returned));
        assert_eq!(s.label(&returned, Mark::Returned), None);
        assert_eq!(s.status(Some(("v", "V"))), Status::Dikembalikan);
        s.apply(at(5), Step::Merged);
        assert_eq!(s.status(None), Status::Disetujui);
        let done = event("status: selesai", LabelAction::Added, "v", 6);
        s.label(&done, Mark::Done);
        assert_eq!(s.status(None), Status::Selesai);
        assert_eq!(s.stopped(&Status::Selesai, false, None), Some(at(6)));
        let refused = event("status: ditolak", LabelAction::Added, "v", 7);
        s.label(&refused, Mark::Refused);
        assert_eq!(s.status(None), Status::Ditolak);
        assert_eq!(s.stopped(&Status::Ditolak, false, None), Some(at(7)));
    }
}
