//! The GitHub snapshot: what GitHub knows about the pull requests that
//! touch `requests/` (authors, label events with their actors, reviews,
//! checks), the survey answers and the complaint issues, saved as one JSON file so that timelines and the site can be
//! built offline and reproducibly. Format: `docs/snapshot.md`; schema:
//! `loket schema snapshot`.

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The format version this loket reads and writes.
pub const VERSION: u32 = 1;

/// The whole snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Snapshot {
    /// Format version; this loket reads 1.
    pub version: u32,
    /// `owner/name` of the repository.
    pub repository: String,
    /// When the snapshot was taken.
    pub fetched_at: DateTime<Utc>,
    /// Every pull request that touches `requests/`.
    pub pull_requests: Vec<PullRequest>,
    /// Answers of the satisfaction survey (SKM issue form), without names.
    #[serde(default)]
    pub surveys: Vec<Survey>,
    /// Complaint issues (label `pengaduan`), without their text unless an
    /// officer marked one publishable.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub complaints: Vec<Complaint>,
}

/// One complaint issue (pengaduan): the facts GitHub records, never the
/// complainant's words unless an officer marked them publishable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Complaint {
    /// The issue's number.
    pub issue: u64,
    /// When it was opened: the complaint is received then.
    pub opened_at: DateTime<Utc>,
    /// GitHub login of the issue's author (`ghost` for a deleted account).
    /// Kept for officers; never shown on the site.
    pub author: String,
    /// `open` or `closed`.
    pub state: IssueState,
    /// Why a closed issue was closed (GitHub's `stateReason`), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state_reason: Option<IssueStateReason>,
    /// The kind the complainant picked in the form's dropdown (a
    /// `jenis_pengaduan` name), when the form offered one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// The request id (`2026-0007`) the complaint is about, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<String>,
    /// The service the complainant picked in the form, as answered
    /// (`<id> — <judul>`, one line); checked against the instance's
    /// services when the timeline is made. Kept for officers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// Label events, in time order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub label_events: Vec<LabelEvent>,
    /// The complaint's text (the form's `Isi pengaduan`), only when an
    /// officer had set the publishable label when the snapshot was taken.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// One answer of the Survei Kepuasan Masyarakat.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Survey {
    /// The issue that carried it.
    pub issue: u64,
    /// When it was submitted.
    pub submitted_at: DateTime<Utc>,
    /// The request it is about (`2026-0007`), when given.
    #[serde(default)]
    pub request: Option<String>,
    /// The nine elements' scores, 1–4, in the order of `skm::ELEMENTS`.
    pub answers: Vec<u8>,
    /// GitHub login of the issue's author, when known. An answer without
    /// one is never counted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// `open` or `closed`, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<IssueState>,
    /// Why a closed issue was closed (GitHub's `stateReason`), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state_reason: Option<IssueStateReason>,
    /// Label events on the issue, in time order (officers accept a
    /// respondent with `survei: diterima`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub label_events: Vec<LabelEvent>,
}

/// State of an issue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum IssueState {
    /// Open.
    Open,
    /// Closed.
    Closed,
}

/// Why an issue was closed or reopened (GitHub's `IssueStateReason`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum IssueStateReason {
    /// Closed as completed.
    Completed,
    /// Closed as not planned: how officers close spam.
    NotPlanned,
    /// Closed as a duplicate.
    Duplicate,
    /// Reopened.
    Reopened,
}

/// One pull request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PullRequest {
    /// Its number.
    pub number: u64,
    /// GitHub login of its author.
    pub author: String,
    /// `open`, `closed` (unmerged) or `merged`.
    pub state: PullState,
    /// When it was opened.
    pub created_at: DateTime<Utc>,
    /// When it was closed or merged.
    #[serde(default)]
    pub closed_at: Option<DateTime<Utc>>,
    /// When it was merged.
    #[serde(default)]
    pub merged_at: Option<DateTime<Utc>>,
    /// The service id of the request it adds, read from the head (so open
    /// pull requests can be timed before their file reaches `main`).
    #[serde(default)]
    pub service: Option<String>,
    /// Files the pull request changes, relative to the repository root.
    pub files: Vec<String>,
    /// Head commits, oldest first.
    #[serde(default)]
    pub commits: Vec<PrCommit>,
    /// Label events, in time order.
    #[serde(default)]
    pub label_events: Vec<LabelEvent>,
    /// Reviews.
    #[serde(default)]
    pub reviews: Vec<Review>,
    /// Check runs on the head commits.
    #[serde(default)]
    pub checks: Vec<Check>,
    /// The issue this pull request closes, when it links one: for a pull
    /// request a bot opened from an issue form, whose request it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<Origin>,
    /// The head commit when the snapshot was taken.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head: Option<String>,
    /// Stage approvals the trusted gate workflow recorded on the head
    /// commit (`loket approve`): what binds an officer's label to the
    /// version the officer saw.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub approvals: Vec<Approval>,
}

/// A stage label bound to the commit that was the head when an officer
/// added it: a commit status `loket/setuju: <label>` that the gate
/// workflow sets from GitHub's own `labeled` event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    /// The stage label.
    pub label: String,
    /// The officer who added it, as the status records.
    pub officer: String,
    /// The commit it is bound to.
    pub sha: String,
    /// The account that set the status (a bot of `loket.yaml` `bot:`).
    pub recorder: String,
    /// When GitHub recorded the status.
    pub at: DateTime<Utc>,
}

/// The commit-status context that binds `label` (see [`Approval`]).
pub const APPROVAL_CONTEXT: &str = "loket/setuju: ";

/// The issue a pull request closes (GitHub's closing issue reference).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Origin {
    /// Its number.
    pub issue: u64,
    /// GitHub login of its author.
    pub author: String,
}

/// State of a pull request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum PullState {
    /// Open.
    Open,
    /// Closed without merging.
    Closed,
    /// Merged.
    Merged,
}

/// A commit on the pull request's head.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PrCommit {
    /// Full hex id.
    pub sha: String,
    /// Committer time.
    pub committed_at: DateTime<Utc>,
    /// Files it changed.
    #[serde(default)]
    pub files: Vec<String>,
}

/// A label added or removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LabelEvent {
    /// The label's name.
    pub label: String,
    /// `added` or `removed`.
    pub action: LabelAction,
    /// GitHub login of who did it.
    pub actor: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// What happened to a label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum LabelAction {
    /// Added.
    Added,
    /// Removed.
    Removed,
}

/// A review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// GitHub login of the reviewer.
    pub actor: String,
    /// `approved`, `changes_requested`, `commented` or `dismissed`.
    pub state: ReviewState,
    /// When.
    pub at: DateTime<Utc>,
}

/// State of a review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReviewState {
    /// Approved.
    Approved,
    /// Changes requested.
    ChangesRequested,
    /// Commented.
    Commented,
    /// Dismissed.
    Dismissed,
}

/// A check run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Check {
    /// The check's name, e.g. `loket check`.
    pub name: String,
    /// The head commit it ran on.
    pub sha: String,
    /// `success`, `failure` or another GitHub conclusion.
    pub conclusion: CheckConclusion,
    /// When it finished.
    pub completed_at: DateTime<Utc>,
    /// The GitHub App that ran it (its slug, e.g. github-actions), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app: Option<String>,
}

/// How a check ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CheckConclusion {
    /// Passed.
    Success,
    /// Failed.
    Failure,
    /// Neutral.
    Neutral,
    /// Cancelled.
    Cancelled,
    /// Skipped.
    Skipped,
    /// Timed out.
    TimedOut,
    /// Needs action.
    ActionRequired,
}

/// Why a snapshot cannot be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SnapshotError {
    /// Not JSON, truncated, or a field of the wrong shape.
    #[error("{path}:{line}:{column}: {message}")]
    Json {
        /// The file.
        path: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What serde_json said.
        message: String,
    },
    /// Another format version.
    #[error(
        "{path}: snapshot version {found} is not supported (this loket reads version {VERSION}); fetch it again with this loket"
    )]
    Version {
        /// The file.
        path: String,
        /// The version found.
        found: u64,
    },
    /// A survey answer that is not nine scores 1–4.
    #[error("{path}: surveys[{index}].answers must be nine scores from 1 to 4")]
    Survey {
        /// The file.
        path: String,
        /// Index of the survey.
        index: usize,
    },
    /// A merged pull request names a request file the instance lacks.
    #[error(
        "{path}: pull_requests[{index}].files names {file}, which is merged but not in the instance; is the snapshot from another repository?"
    )]
    UnknownFile {
        /// The snapshot file.
        path: String,
        /// Index of the pull request.
        index: usize,
        /// The missing file.
        file: String,
    },
}

/// Reads a snapshot from its JSON text; `path` names it in errors.
pub fn parse(text: &str, path: &str) -> Result<Snapshot, SnapshotError> {
    let json_error = |e: serde_json::Error| SnapshotError::Json {
        path: path.to_string(),
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    };
    let value: serde_json::Value = serde_json::from_str(text).map_err(json_error)?;
    let version = value
        .get("version")
        .and_then(serde_json::Value::as_u64)
        .unwrap_or(0);
    if version != u64::from(VERSION) {
        return Err(SnapshotError::Version {
            path: path.to_string(),
            found: version,
        });
    }
    let snapshot: Snapshot = serde_json::from_str(text).map_err(json_error)?;
    for (i, survey) in snapshot.surveys.iter().enumerate() {
        if survey.answers.len() != 9 || survey.answers.iter().any(|a| !(1..=4).contains(a)) {
            return Err(SnapshotError::Survey {
                path: path.to_string(),
                index: i,
            });
        }
    }
    Ok(snapshot)
}

/// Checks that every merged pull request's request files exist in the
/// instance (`exists` answers for a path relative to the root).
pub fn check_files(
    snapshot: &Snapshot,
    path: &str,
    exists: impl Fn(&str) -> bool,
) -> Result<(), SnapshotError> {
    for (index, pr) in snapshot.pull_requests.iter().enumerate() {
        if pr.state != PullState::Merged {
            continue;
        }
        for file in pr.files.iter().filter(|f| is_request_file(f)) {
            if !exists(file) {
                return Err(SnapshotError::UnknownFile {
                    path: path.to_string(),
                    index,
                    file: file.clone(),
                });
            }
        }
    }
    Ok(())
}

/// Whether `path` is a request file (not an attachment).
pub fn is_request_file(path: &str) -> bool {
    crate::input::load::RequestName::parse(path).is_some()
}

impl Snapshot {
    /// The pull requests that add or change `request` (a relative path),
    /// most recent first.
    pub fn pull_requests_for<'a>(
        &'a self,
        request: &str,
    ) -> impl Iterator<Item = &'a PullRequest> + use<'a> {
        let mut found: Vec<&PullRequest> = self
            .pull_requests
            .iter()
            .filter(|pr| pr.files.iter().any(|f| f == request))
            .collect();
        found.sort_by_key(|pr| std::cmp::Reverse(pr.created_at));
        found.into_iter()
    }
}
