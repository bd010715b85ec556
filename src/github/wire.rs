//! The shapes of GitHub's answers, decoded with serde: a field GitHub must
//! send is required (a missing one is an error, never an empty string), a
//! field GitHub may send as `null` is an `Option` that must still be
//! present, and an enum value loket does not know is kept as `Other`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer};

/// Reads a field that must be present but may be `null`: serde's derive
/// lets a missing `Option` field pass as `None`, this does not.
pub fn nullable<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<T>, D::Error> {
    Option::<T>::deserialize(d)
}

/// A GraphQL answer.
#[derive(Debug, Deserialize)]
pub struct Envelope<T> {
    /// The data, absent when the call failed as a whole.
    #[serde(default = "none")]
    pub data: Option<T>,
    /// Errors GitHub reports, with or without data.
    #[serde(default)]
    pub errors: Vec<GraphQlError>,
}

fn none<T>() -> Option<T> {
    None
}

/// One GraphQL error.
#[derive(Debug, Deserialize)]
pub struct GraphQlError {
    /// What GitHub says.
    pub message: String,
}

/// Where a connection's page ends.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PageInfo {
    /// Whether more items follow.
    pub has_next_page: bool,
    /// The cursor to read on from.
    #[serde(deserialize_with = "nullable")]
    pub end_cursor: Option<String>,
}

/// One page of a connection.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Page<T> {
    /// Where it ends.
    pub page_info: PageInfo,
    /// Its items; a `null` item is an error (GitHub hid something).
    pub nodes: Vec<T>,
}

/// One page of a top-level list, with how many items the whole list
/// holds (what progress estimates the time left from).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CountedPage<T> {
    /// Items in the whole list, as GitHub counts them when asked.
    pub total_count: u64,
    /// Where it ends.
    pub page_info: PageInfo,
    /// Its items.
    pub nodes: Vec<T>,
}

/// A list of items without paging (`commits(last: 1)`).
#[derive(Debug, Clone, Deserialize)]
pub struct Nodes<T> {
    /// The items.
    pub nodes: Vec<T>,
}

/// A user, bot or app; `null` when the account was deleted.
#[derive(Debug, Clone, Deserialize)]
pub struct Actor {
    /// Login.
    pub login: String,
}

/// The login of `actor`, `ghost` for a deleted account (as GitHub shows it).
pub fn login(actor: &Option<Actor>) -> String {
    actor
        .as_ref()
        .map_or_else(|| "ghost".to_string(), |a| a.login.clone())
}

/// `repository { pullRequests }`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PullRequestsData {
    /// The repository.
    #[serde(deserialize_with = "nullable")]
    pub repository: Option<PullRequestsRepository>,
}

/// The repository's pull requests.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PullRequestsRepository {
    /// One page of pull requests.
    pub pull_requests: CountedPage<PullRequestNode>,
}

/// `repository { pullRequest(number:) }`.
#[derive(Debug, Deserialize)]
pub struct PullRequestData {
    /// The repository.
    #[serde(deserialize_with = "nullable")]
    pub repository: Option<PullRequestRepository>,
}

/// The repository's one pull request.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PullRequestRepository {
    /// The pull request, `null` when there is none of that number.
    #[serde(deserialize_with = "nullable")]
    pub pull_request: Option<PullRequestNode>,
}

/// `PullRequestFields`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PullRequestNode {
    /// Global node id, to read nested connections on.
    pub id: String,
    /// Number.
    pub number: u64,
    /// `OPEN`, `CLOSED`, `MERGED`.
    pub state: PullState,
    /// Opened.
    pub created_at: DateTime<Utc>,
    /// Closed or merged.
    #[serde(deserialize_with = "nullable")]
    pub closed_at: Option<DateTime<Utc>>,
    /// Merged.
    #[serde(deserialize_with = "nullable")]
    pub merged_at: Option<DateTime<Utc>>,
    /// The head commit.
    pub head_ref_oid: String,
    /// How many files GitHub counts as changed: the files list must reach it.
    pub changed_files: u64,
    /// Author.
    #[serde(deserialize_with = "nullable")]
    pub author: Option<Actor>,
    /// Changed files.
    pub files: Page<FileNode>,
    /// Label events.
    pub timeline_items: Page<LabelEventNode>,
    /// Reviews.
    pub reviews: Page<ReviewNode>,
    /// Issues it closes.
    pub closing_issues_references: Page<IssueNode>,
    /// Commits, oldest first.
    pub commits: Page<CommitItem>,
    /// The head commit with its statuses.
    pub head: Nodes<HeadItem>,
}

/// A pull request's state.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum PullState {
    /// Open.
    Open,
    /// Closed unmerged.
    Closed,
    /// Merged.
    Merged,
}

/// A changed file.
#[derive(Debug, Clone, Deserialize)]
pub struct FileNode {
    /// Its path.
    pub path: String,
}

/// A label added or removed (the only timeline items asked for).
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "__typename")]
pub enum LabelEventNode {
    /// Added.
    LabeledEvent(LabelChange),
    /// Removed.
    UnlabeledEvent(LabelChange),
}

/// What a label event says.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LabelChange {
    /// When (GitHub's clock).
    pub created_at: DateTime<Utc>,
    /// Who.
    #[serde(deserialize_with = "nullable")]
    pub actor: Option<Actor>,
    /// Which label.
    pub label: LabelName,
}

/// A label's name.
#[derive(Debug, Clone, Deserialize)]
pub struct LabelName {
    /// The name.
    pub name: String,
}

/// A review.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReviewNode {
    /// Reviewer.
    #[serde(deserialize_with = "nullable")]
    pub author: Option<Actor>,
    /// State.
    pub state: ReviewState,
    /// Submitted; `null` while pending.
    #[serde(deserialize_with = "nullable")]
    pub submitted_at: Option<DateTime<Utc>>,
}

/// A review's state.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ReviewState {
    /// Approved.
    Approved,
    /// Changes requested.
    ChangesRequested,
    /// Commented.
    Commented,
    /// Dismissed.
    Dismissed,
    /// Pending (not submitted).
    Pending,
}

/// An issue a pull request closes.
#[derive(Debug, Clone, Deserialize)]
pub struct IssueNode {
    /// Its number.
    pub number: u64,
    /// Its author.
    #[serde(deserialize_with = "nullable")]
    pub author: Option<Actor>,
}

/// A pull request's commit.
#[derive(Debug, Clone, Deserialize)]
pub struct CommitItem {
    /// The commit.
    pub commit: CommitNode,
}

/// `CommitFields`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CommitNode {
    /// Global node id.
    pub id: String,
    /// Hex id.
    pub oid: String,
    /// Committer date: written by the pusher, never trusted for a decision.
    pub committed_date: DateTime<Utc>,
    /// Check suites.
    pub check_suites: Page<SuiteNode>,
}

/// A check suite.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SuiteNode {
    /// Global node id.
    pub id: String,
    /// The app that ran it.
    #[serde(deserialize_with = "nullable")]
    pub app: Option<App>,
    /// Runs of the trusted check.
    pub check_runs: Page<RunNode>,
}

/// A GitHub App.
#[derive(Debug, Clone, Deserialize)]
pub struct App {
    /// Its slug, `github-actions` for Actions.
    pub slug: String,
}

/// A check run.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RunNode {
    /// Name.
    pub name: String,
    /// Conclusion; `null` while running.
    #[serde(deserialize_with = "nullable")]
    pub conclusion: Option<Conclusion>,
    /// Completed; `null` while running.
    #[serde(deserialize_with = "nullable")]
    pub completed_at: Option<DateTime<Utc>>,
}

/// A check run's conclusion.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Conclusion {
    /// Success.
    Success,
    /// Failure.
    Failure,
    /// Neutral.
    Neutral,
    /// Cancelled.
    Cancelled,
    /// Skipped.
    Skipped,
    /// Timed out.
    TimedOut,
    /// Anything else (action required, stale, startup failure).
    #[serde(other)]
    Other,
}

/// The head commit and its statuses.
#[derive(Debug, Clone, Deserialize)]
pub struct HeadItem {
    /// The commit.
    pub commit: HeadCommit,
}

/// The head commit.
#[derive(Debug, Clone, Deserialize)]
pub struct HeadCommit {
    /// Hex id.
    pub oid: String,
    /// Its combined status; `null` when it has none.
    #[serde(deserialize_with = "nullable")]
    pub status: Option<Status>,
}

/// A commit's statuses.
#[derive(Debug, Clone, Deserialize)]
pub struct Status {
    /// One per context (the latest of each).
    pub contexts: Vec<StatusContext>,
}

/// One commit status.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusContext {
    /// Its context, e.g. `loket/setuju: tahap: verifikasi`.
    pub context: String,
    /// `SUCCESS`, `PENDING`, …
    pub state: StatusState,
    /// Its description.
    #[serde(deserialize_with = "nullable")]
    pub description: Option<String>,
    /// When GitHub recorded it.
    pub created_at: DateTime<Utc>,
    /// Who created it.
    #[serde(deserialize_with = "nullable")]
    pub creator: Option<Actor>,
}

/// A status's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum StatusState {
    /// Success.
    Success,
    /// Anything else.
    #[serde(other)]
    Other,
}

/// `node(id:)` holding one page of a nested connection under `field`.
#[derive(Debug, Deserialize)]
#[serde(bound(deserialize = "T: Deserialize<'de>"))]
pub struct NodeData<T> {
    /// The node, `null` when it is gone.
    #[serde(deserialize_with = "nullable")]
    pub node: Option<std::collections::BTreeMap<String, Page<T>>>,
}

/// `repository { issues }` of the survey label.
#[derive(Debug, Deserialize)]
pub struct SurveysData {
    /// The repository.
    #[serde(deserialize_with = "nullable")]
    pub repository: Option<SurveysRepository>,
}

/// The survey issues.
#[derive(Debug, Deserialize)]
pub struct SurveysRepository {
    /// One page.
    pub issues: CountedPage<SurveyNode>,
}

/// One survey issue.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SurveyNode {
    /// Global node id.
    pub id: String,
    /// Number.
    pub number: u64,
    /// Opened.
    pub created_at: DateTime<Utc>,
    /// The form's answers.
    pub body: String,
    /// `OPEN` or `CLOSED`.
    pub state: IssueState,
    /// Why it was closed or reopened.
    #[serde(deserialize_with = "nullable")]
    pub state_reason: Option<StateReason>,
    /// Who filed it.
    #[serde(deserialize_with = "nullable")]
    pub author: Option<Actor>,
    /// Its label events.
    pub timeline_items: Page<LabelEventNode>,
}

/// Why an issue was closed or reopened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum StateReason {
    /// Completed.
    Completed,
    /// Not planned (spam).
    NotPlanned,
    /// A duplicate.
    Duplicate,
    /// Reopened.
    Reopened,
}

/// An issue's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum IssueState {
    /// Open.
    Open,
    /// Closed.
    Closed,
}

/// `repository { f0: object(...) … }`.
#[derive(Debug, Deserialize)]
pub struct FilesData {
    /// The aliased objects.
    #[serde(deserialize_with = "nullable")]
    pub repository: Option<std::collections::BTreeMap<String, Option<Blob>>>,
}

/// A blob; `text` is `null` for binary content.
#[derive(Debug, Deserialize)]
pub struct Blob {
    /// The text.
    #[serde(default)]
    pub text: Option<String>,
}

/// A repository label (REST).
#[derive(Debug, Deserialize)]
pub struct RestLabel {
    /// Name.
    pub name: String,
    /// Colour.
    pub color: String,
    /// Description.
    #[serde(deserialize_with = "nullable")]
    pub description: Option<String>,
}

/// An issue comment (REST).
#[derive(Debug, Deserialize)]
pub struct RestComment {
    /// Id.
    pub id: u64,
    /// Body.
    #[serde(deserialize_with = "nullable")]
    pub body: Option<String>,
    /// Its author; `null` for a deleted account.
    #[serde(deserialize_with = "nullable")]
    pub user: Option<Actor>,
}
