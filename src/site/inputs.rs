//! The pure part of gathering a site's inputs from a loaded instance: the
//! registry folded from the merged requests alone ([`merged_registrations`]),
//! what the site knows of each published request ([`request_facts`]) and
//! the survey answers that count ([`surveys`]). Reads nothing: the command
//! loads the instance, the snapshot and the files, and builds.

use std::collections::{BTreeMap, BTreeSet};

use crate::github::snapshot::Snapshot;
use crate::input::diagnostic::Diagnostic;
use crate::input::load::Instance;
use crate::model::Config;
use crate::review::calendar::Calendar;
use crate::review::timeline::{Status, Timeline};
use crate::site::published;
use crate::site::view::RequestFacts;
use crate::validate::{self, Outcome, registry::Fold};

/// The registry folded from the requests that are merged (their timeline
/// says `disetujui` or `selesai`): a request still open, refused or
/// withdrawn registers nothing, even when its file is in the tree. The
/// instance's requests are as they were afterwards.
pub(crate) fn merged_registrations(
    instance: &mut Instance,
    timelines: &[Timeline],
    options: &validate::Options,
) -> Fold {
    let merged: BTreeSet<&str> = timelines
        .iter()
        .filter(|t| matches!(t.status, Status::Disetujui | Status::Selesai))
        .map(|t| t.path.as_str())
        .collect();
    let all = std::mem::take(&mut instance.requests);
    let (kept, rest): (Vec<_>, Vec<_>) = all
        .into_iter()
        .partition(|r| merged.contains(r.file.path.as_str()));
    instance.requests = kept;
    let fold = validate::registrations(instance, options);
    instance.requests.extend(rest);
    instance
        .requests
        .sort_by(|a, b| a.file.path.cmp(&b.file.path));
    fold
}

/// What the site knows of each published request of `timelines`: its
/// file as loaded in `instance`, and `outcome`'s findings on it.
pub(crate) fn request_facts<'a>(
    instance: &'a Instance,
    timelines: &'a [Timeline],
    outcome: &'a Outcome,
) -> Vec<RequestFacts<'a>> {
    let by_path: BTreeMap<&str, usize> = instance
        .requests
        .iter()
        .enumerate()
        .map(|(i, r)| (r.file.path.as_str(), i))
        .collect();
    let findings: BTreeMap<&str, &[Diagnostic]> = outcome
        .requests
        .iter()
        .map(|r| (r.path.as_str(), r.diagnostics.as_slice()))
        .collect();
    published(timelines)
        .into_iter()
        .map(|t| RequestFacts {
            timeline: t,
            loaded: by_path.get(t.path.as_str()).map(|i| &instance.requests[*i]),
            findings: findings.get(t.path.as_str()).copied().unwrap_or(&[]),
        })
        .collect()
}

/// The survey answers of `snapshot` that count, each about the published
/// request of `requests` it names (none without a snapshot).
pub(crate) fn surveys(
    snapshot: Option<&Snapshot>,
    requests: &[RequestFacts<'_>],
    config: &Config,
    calendar: &Calendar,
) -> crate::skm::Counted {
    snapshot.map_or_else(crate::skm::Counted::default, |s| {
        crate::skm::responses(
            &s.surveys,
            |id| {
                requests
                    .iter()
                    .find(|f| f.timeline.id == id)
                    .map(|f| crate::skm::Target::of(f.timeline))
            },
            config,
            |at| calendar.local_date(at),
        )
    })
}
