//! The approval gate: may this pull request be merged?
//!
//! Prow's lesson: a label's presence proves nothing, anyone with triage
//! rights can add it. The gate looks at who added each stage label and
//! when: by an officer holding the stage's role, never the author, in stage
//! order, bound to the current head commit ([`bound`]). A pure function of the snapshot record,
//! `loket.yaml` and the services; it reads nothing and runs no PR code.

use chrono::{DateTime, Utc};

use crate::github::snapshot::PullRequest;
use crate::input::diagnostic::Lang;
use crate::input::load::RequestName;
use crate::model::{Config, Service};
use crate::review::replay::Labels;
use crate::review::timeline::{REFUSED_LABEL, RETURNED_LABEL};
use crate::validate::Change;
use crate::validate::scope::{self, Breach};

/// One condition the pull request does not meet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unmet {
    /// It changes no request file.
    NoRequest,
    /// Its author is not an operator of the agency.
    NotOperator {
        /// The author.
        author: String,
        /// The agency.
        agency: String,
    },
    /// A front-desk officer opened it for an agency `loket.yaml` does not list.
    UnknownAgency {
        /// The front-desk officer.
        author: String,
        /// The agency.
        agency: String,
    },
    /// The desk's received time (`diterima`) is later than GitHub recorded
    /// the pull request's creation.
    ReceivedLate {
        /// The request file.
        path: String,
        /// The received time, in the institution's time zone.
        received: String,
        /// The pull request's creation, in the institution's time zone.
        created: String,
    },
    /// A bot opened it without linking the issue it came from.
    NoOrigin {
        /// The bot.
        author: String,
    },
    /// It changes a file outside the agency's directory.
    OutsideAgency {
        /// The file.
        path: String,
        /// The agency.
        agency: String,
    },
    /// It modifies, deletes or renames away a merged file: a request, or
    /// an attachment of one.
    AltersMerged {
        /// The file.
        path: String,
    },
    /// The request's service is unknown.
    UnknownService {
        /// The request file.
        path: String,
    },
    /// A stage label is not (or no longer) there.
    Missing {
        /// Stage name.
        stage: String,
        /// Its label.
        label: String,
        /// The role that must add it.
        role: String,
    },
    /// Added by someone without the stage's role.
    WrongActor {
        /// Stage name.
        stage: String,
        /// Its label.
        label: String,
        /// Who added it.
        actor: String,
        /// The role needed.
        role: String,
    },
    /// Added by the pull request's author.
    ByAuthor {
        /// Stage name.
        stage: String,
        /// Its label.
        label: String,
    },
    /// Not bound to the current head: no record that the officer added it
    /// while this version was the head (see [`bound`]).
    Stale {
        /// Stage name.
        stage: String,
        /// Its label.
        label: String,
        /// The head commit (short), or `?` when unknown.
        head: String,
    },
    /// Added before the stage before it.
    OutOfOrder {
        /// Stage name.
        stage: String,
        /// The stage that must come first.
        previous: String,
    },
    /// Returned or refused.
    Blocked {
        /// The status label.
        label: String,
    },
    /// Returned or refused without a reason label.
    NoReason {
        /// The status label.
        label: String,
    },
}

impl Unmet {
    /// The condition in words.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Unmet::NoRequest => lang.pick(
                "pull request ini tidak mengubah berkas permohonan di requests/",
                "this pull request changes no request file under requests/",
            ).into(),
            Unmet::NotOperator { author, agency } => lang.pick(
                format!("@{author} bukan operator {agency} di loket.yaml"),
                format!(
                    "@{author} is not an operator of {agency} in loket.yaml"
                ),
            ),
            Unmet::UnknownAgency { author, agency } => lang.pick(
                format!(
                    "petugas loket @{author} mengajukan permohonan untuk {agency}, yang tidak terdaftar di loket.yaml"
                ),
                format!(
                    "front-desk officer @{author} filed a request for {agency}, which loket.yaml does not list"
                ),
            ),
            Unmet::ReceivedLate {
                path,
                received,
                created,
            } => lang.pick(
                format!(
                    "{path}: `diterima` {received} lebih lambat dari pembuatan pull request ini ({created}); loket tidak dapat menerima berkas setelah mengajukannya"
                ),
                format!(
                    "{path}: `diterima` {received} is later than this pull request was opened ({created}); the desk cannot receive a request after filing it"
                ),
            ),
            Unmet::NoOrigin { author } => lang.pick(
                format!(
                    "@{author} membuka pull request ini tanpa menautkan issue permohonannya (`Closes #N` di deskripsi)"
                ),
                format!(
                    "@{author} opened this pull request without linking the request issue it came from (`Closes #N` in the description)"
                ),
            ),
            Unmet::OutsideAgency { path, agency } => lang.pick(
                format!("{path} berada di luar requests/{agency}/"),
                format!("{path} is outside requests/{agency}/"),
            ),
            Unmet::AltersMerged { path } => lang.pick(
                format!(
                    "{path} sudah digabung dan tidak boleh diubah, diganti atau dihapus"
                ),
                format!(
                    "{path} is already merged and must not be changed, replaced or deleted"
                ),
            ),
            Unmet::UnknownService { path } => lang.pick(
                format!("layanan permohonan {path} tidak dikenal"),
                format!("the service of {path} is unknown"),
            ),
            Unmet::Missing { stage, label, role } => lang.pick(
                format!(
                    "tahap «{stage}»: label `{label}` belum dipasang oleh petugas berperan {role}"
                ),
                format!(
                    "stage «{stage}»: label `{label}` has not been added by an officer with role {role}"
                ),
            ),
            Unmet::WrongActor {
                stage,
                label,
                actor,
                role,
            } => lang.pick(
                format!(
                    "tahap «{stage}»: label `{label}` dipasang oleh @{actor}, yang tidak berperan {role}"
                ),
                format!(
                    "stage «{stage}»: label `{label}` was added by @{actor}, who does not hold role {role}"
                ),
            ),
            Unmet::ByAuthor { stage, label } => lang.pick(
                format!(
                    "tahap «{stage}»: label `{label}` dipasang oleh pembuat pull request sendiri"
                ),
                format!(
                    "stage «{stage}»: label `{label}` was added by the pull request's own author"
                ),
            ),
            Unmet::Stale { stage, label, head } => lang.pick(
                format!(
                    "tahap «{stage}»: label `{label}` tidak tercatat untuk versi terakhir ({head}); lepas dan pasang ulang label agar alur kerja gate mencatatnya"
                ),
                format!(
                    "stage «{stage}»: label `{label}` is not recorded for the current version ({head}); remove and add it again so the gate workflow records it"
                ),
            ),
            Unmet::OutOfOrder { stage, previous } => lang.pick(
                format!(
                    "tahap «{stage}» disetujui sebelum tahap «{previous}»"
                ),
                format!(
                    "stage «{stage}» was approved before stage «{previous}»"
                ),
            ),
            Unmet::Blocked { label } => lang.pick(
                format!("permohonan berlabel `{label}`"),
                format!("the request carries `{label}`"),
            ),
            Unmet::NoReason { label } => lang.pick(
                format!(
                    "`{label}` tanpa label alasan: tambahkan salah satu label `alasan: …`"
                ),
                format!(
                    "`{label}` has no reason label: add one of the `alasan: …` labels"
                ),
            ),
        }
    }
}

/// Whose request `pr` is: its author, or, when a `bot` opened it from an
/// issue, that author. A bot's pull request without an issue stays
/// the bot's (and fails the operator rule).
pub fn requester<'a>(pr: &'a PullRequest, config: &Config) -> &'a str {
    match &pr.origin {
        Some(origin) if config.is_bot(&pr.author) => &origin.author,
        _ => &pr.author,
    }
}

/// Every unmet condition of `pr`; empty means it may be merged.
/// `files` are the files it changes (the snapshot's, completed by the
/// REST API's list with git status: [`scope::union`]); `service_of` gives
/// the service of a request file, `received_of` the front desk's received
/// time of it (`diterima`), when it has one.
pub fn gate<'s>(
    pr: &PullRequest,
    config: &Config,
    files: &[Change],
    service_of: impl Fn(&str) -> Option<&'s Service>,
    received_of: impl Fn(&str) -> Option<DateTime<Utc>>,
) -> Vec<Unmet> {
    let mut unmet = Vec::new();
    let requests: Vec<&String> = files
        .iter()
        .map(|c| &c.path)
        .filter(|f| RequestName::parse(f).is_some())
        .collect();
    let Some(agency) = requests.first().and_then(|f| scope::agency_of(f)) else {
        return vec![Unmet::NoRequest];
    };
    let agency = agency.to_string();
    let requester = requester(pr, config);
    let author = requester.to_ascii_lowercase();
    let operator = config
        .agencies
        .iter()
        .find(|a| a.id.as_str() == agency)
        .is_some_and(|a| a.operators.iter().any(|o| o.as_str() == author));
    if config.is_bot(&pr.author) && pr.origin.is_none() {
        unmet.push(Unmet::NoOrigin {
            author: pr.author.clone(),
        });
    } else if !operator {
        // A front-desk officer files for any agency loket.yaml lists.
        if !crate::review::intake::is_desk_officer(config, requester) {
            unmet.push(Unmet::NotOperator {
                author: requester.to_string(),
                agency: agency.clone(),
            });
        } else if !crate::review::intake::is_registered(config, &agency) {
            unmet.push(Unmet::UnknownAgency {
                author: requester.to_string(),
                agency: agency.clone(),
            });
        }
    }
    let local = |t: DateTime<Utc>| match crate::review::intake::time_zone(config) {
        Some(tz) => t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string(),
        None => t.format("%Y-%m-%d %H:%M UTC").to_string(),
    };
    for path in &requests {
        if let Some(received) = received_of(path)
            && !crate::review::intake::received_holds(received, pr)
        {
            unmet.push(Unmet::ReceivedLate {
                path: (*path).clone(),
                received: local(received),
                created: local(pr.created_at),
            });
        }
    }
    // Every file, wherever it stands in the list: the same judgement as
    // `loket check`'s L023–L025.
    for (change, breach) in scope::breaches(&agency, files) {
        let path = change.path.clone();
        unmet.push(match breach {
            Breach::Outside => Unmet::OutsideAgency {
                path,
                agency: agency.clone(),
            },
            Breach::MergedRequest | Breach::MergedFile => Unmet::AltersMerged { path },
        });
    }
    let labels = Labels::of(&pr.label_events);
    let reasons: Vec<String> = config.reasons().iter().map(|r| r.label()).collect();
    let has_reason = reasons.iter().any(|r| labels.holding(r).is_some());
    for label in [RETURNED_LABEL, REFUSED_LABEL] {
        // On the pull request, or put there by an officer and taken off
        // only by someone else: a stranger can hold a merge, never free one.
        if labels.holding(label).is_some() || labels.held_by_officer(label, config).is_some() {
            unmet.push(Unmet::Blocked {
                label: label.into(),
            });
            if !has_reason {
                unmet.push(Unmet::NoReason {
                    label: label.into(),
                });
            }
        }
    }
    let head: String = pr.head.as_deref().map_or("?", short).to_string();
    for path in &requests {
        let Some(service) = service_of(path) else {
            unmet.push(Unmet::UnknownService {
                path: (*path).clone(),
            });
            continue;
        };
        let mut previous: Option<(&str, DateTime<Utc>)> = None;
        for stage in service
            .stages
            .iter()
            .filter(|s| !s.after_merge.unwrap_or(false))
        {
            let Some(label) = &stage.label else { continue };
            let name = stage.name.value.clone();
            let role = stage.role.as_str();
            let Some(added) = labels.holding(label) else {
                unmet.push(Unmet::Missing {
                    stage: name,
                    label: label.value.clone(),
                    role: role.into(),
                });
                continue;
            };
            let (actor, at) = (added.actor.as_str(), added.at);
            let actor_lower = actor.to_ascii_lowercase();
            if actor_lower == author {
                unmet.push(Unmet::ByAuthor {
                    stage: name.clone(),
                    label: label.value.clone(),
                });
            } else if !config.officers.iter().any(|o| {
                o.github.as_str() == actor_lower && o.roles.iter().any(|r| r.as_str() == role)
            }) {
                unmet.push(Unmet::WrongActor {
                    stage: name.clone(),
                    label: label.value.clone(),
                    actor: actor.to_string(),
                    role: role.into(),
                });
            }
            if !bound(pr, label, actor, at) {
                unmet.push(Unmet::Stale {
                    stage: name.clone(),
                    label: label.value.clone(),
                    head: head.clone(),
                });
            }
            if let Some((prev_name, prev_at)) = previous
                && at < prev_at
            {
                unmet.push(Unmet::OutOfOrder {
                    stage: name.clone(),
                    previous: prev_name.to_string(),
                });
            }
            previous = Some((stage.name.value.as_str(), at));
        }
    }
    unmet
}

/// The account whose commit statuses bind approvals: GitHub Actions' own
/// bot, as which the gate workflow's `GITHUB_TOKEN` acts.
pub const RECORDER: &str = "github-actions";

/// Whether `login` is [`RECORDER`] (REST writes it `github-actions[bot]`).
pub fn is_recorder(login: &str) -> bool {
    login.strip_suffix("[bot]").unwrap_or(login) == RECORDER
}

/// Whether the stage label `label`, added by `actor` at `at`, holds for
/// the pull request's current head: the gate workflow (`loket approve`, as
/// [`RECORDER`]) recorded on that very commit, no earlier than `at`, that
/// `actor` added the label while it was the head.
///
/// Commit dates are written by whoever pushes and prove nothing; the
/// commit status is set from GitHub's own `labeled` event (its head SHA and
/// sender), by an account pull-request authors cannot act as from a fork.
/// A push, a back-dated commit or a force-push to another commit leaves the
/// new head without the record; going back to an approved commit after the
/// label was given again elsewhere fails the `at` bound.
pub fn bound(pr: &PullRequest, label: &str, actor: &str, at: DateTime<Utc>) -> bool {
    let Some(head) = &pr.head else {
        return false;
    };
    pr.approvals.iter().any(|a| {
        a.label == label
            && a.sha == *head
            && a.at >= at
            && a.officer.eq_ignore_ascii_case(actor)
            && is_recorder(&a.recorder)
    })
}

/// Whether `actor` holds the role of a stage labelled `label` in any
/// service: what `loket approve` asks before it records an approval.
pub fn holds_stage<'s>(
    config: &Config,
    services: impl IntoIterator<Item = &'s Service>,
    label: &str,
    actor: &str,
) -> bool {
    let actor = actor.to_ascii_lowercase();
    let Some(officer) = config.officers.iter().find(|o| o.github.as_str() == actor) else {
        return false;
    };
    services
        .into_iter()
        .flat_map(|s| &s.stages)
        .filter(|st| st.label.as_ref().is_some_and(|l| l.value == label))
        .any(|st| officer.roles.iter().any(|r| r.as_str() == st.role.as_str()))
}

/// The first seven hex digits of a commit id.
pub fn short(sha: &str) -> &str {
    sha.get(..7).unwrap_or(sha)
}

/// A Markdown report of the gate for the step summary and the comment.
pub fn summary(pr: &PullRequest, unmet: &[Unmet], lang: Lang) -> String {
    let mut out = format!(
        "### {} #{}: {}\n\n",
        lang.pick("Gerbang persetujuan", "Approval gate"),
        pr.number,
        match unmet.is_empty() {
            true => lang.pick("boleh digabung ✅", "may be merged ✅"),
            false => lang.pick("belum boleh digabung ❌", "may not be merged yet ❌"),
        }
    );
    for u in unmet {
        out.push_str(&format!("- {}\n", u.message(lang)));
    }
    out
}
