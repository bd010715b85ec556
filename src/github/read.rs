//! Reading pull requests, survey and complaint issues into the snapshot, complete or
//! not at all.
//!
//! Every nested connection (changed files, label events, reviews, closing
//! issues, commits, their check suites and runs) is read on from its
//! cursor until GitHub says there is no next page; the changed files must
//! then number what GitHub counts (`changedFiles`: GitHub lists at most
//! 3,000). A list that stays short is an error, never a decision taken on
//! its first page.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde_json::json;

use super::queries::{self, CHECK_NAME, More};
use super::wire::{self, Page};
use super::{Client, GitHubError};
use crate::github::snapshot::{
    APPROVAL_CONTEXT, Approval, Check, CheckConclusion, Complaint, IssueState, IssueStateReason,
    LabelAction, LabelEvent, Origin, PrCommit, PullRequest, PullState, Review, ReviewState,
    Snapshot, Survey,
};
use crate::model::Config;
use crate::progress::Progress;

const ACTION: &str = "reading pull requests";

/// The most pages loket reads of one nested list before it gives up: at
/// 100 a page, far beyond any real pull request.
const MAX_PAGES: usize = 1_000;

impl Client {
    /// Reads on `page` (a connection of the node `id`) to its end.
    fn drain<T: DeserializeOwned>(
        &self,
        page: &mut Page<T>,
        more: More,
        id: &str,
    ) -> Result<(), GitHubError> {
        let mut seen = BTreeSet::new();
        while page.page_info.has_next_page {
            let cursor = page
                .page_info
                .end_cursor
                .clone()
                .ok_or(GitHubError::Malformed {
                    action: ACTION,
                    detail: format!("`{}` has a next page but no cursor", more.field()),
                })?;
            if !seen.insert(cursor.clone()) || seen.len() > MAX_PAGES {
                return Err(GitHubError::Incomplete {
                    action: ACTION,
                    detail: format!("`{}` of {id} does not come to an end", more.field()),
                });
            }
            let mut variables = json!({"id": id, "cursor": cursor});
            if more.takes_check() {
                variables["check"] = json!(CHECK_NAME);
            }
            let data: wire::NodeData<T> = self.graphql(&more.document(), variables, ACTION)?;
            let next = data
                .node
                .and_then(|mut fields| fields.remove(more.field()))
                .ok_or_else(|| GitHubError::Malformed {
                    action: ACTION,
                    detail: format!("no `{}` for {id}", more.field()),
                })?;
            page.nodes.extend(next.nodes);
            page.page_info = next.page_info;
        }
        Ok(())
    }

    /// Completes every nested list of one pull request.
    fn complete(&self, pr: &mut wire::PullRequestNode) -> Result<(), GitHubError> {
        let id = pr.id.clone();
        self.drain(&mut pr.files, More::Files, &id)?;
        self.drain(&mut pr.timeline_items, More::LabelEvents, &id)?;
        self.drain(&mut pr.reviews, More::Reviews, &id)?;
        self.drain(&mut pr.closing_issues_references, More::ClosingIssues, &id)?;
        self.drain(&mut pr.commits, More::Commits, &id)?;
        for item in &mut pr.commits.nodes {
            let commit = &mut item.commit;
            self.drain(&mut commit.check_suites, More::CheckSuites, &commit.id)?;
            for suite in &mut commit.check_suites.nodes {
                self.drain(&mut suite.check_runs, More::CheckRuns, &suite.id)?;
            }
        }
        let listed = pr.files.nodes.len() as u64;
        if listed != pr.changed_files {
            return Err(GitHubError::Incomplete {
                action: ACTION,
                detail: format!(
                    "GitHub lists {listed} of the {} files pull request #{} changes (it lists at most 3,000); split the pull request",
                    pr.changed_files, pr.number
                ),
            });
        }
        Ok(())
    }

    /// Every pull request that touches `requests/`, complete.
    pub fn pull_requests(&self) -> Result<Vec<PullRequest>, GitHubError> {
        self.read_pull_requests(&queries::pull_requests())
    }

    /// Every open pull request that touches `requests/`, complete.
    pub fn open_pull_requests(&self) -> Result<Vec<PullRequest>, GitHubError> {
        self.read_pull_requests(&queries::open_pull_requests())
    }

    /// The pull requests `document` lists (page by page), those touching
    /// `requests/`, each complete.
    fn read_pull_requests(&self, document: &str) -> Result<Vec<PullRequest>, GitHubError> {
        let mut out = Vec::new();
        let mut cursor: Option<String> = None;
        let mut progress = None;
        loop {
            let vars = json!({"owner": self.repo.owner, "name": self.repo.name, "cursor": cursor, "check": CHECK_NAME});
            let data: wire::PullRequestsData = self.graphql(document, vars, ACTION)?;
            let page = data
                .repository
                .ok_or(GitHubError::NotFound { action: ACTION })?
                .pull_requests;
            let progress = progress
                .get_or_insert_with(|| Progress::stderr("membaca pull request", page.total_count));
            for mut node in page.nodes {
                self.complete(&mut node)?;
                progress.add(1);
                let pr = pull_request(node);
                if pr.files.iter().any(|f| f.starts_with("requests/")) {
                    out.push(pr);
                }
            }
            if !page.page_info.has_next_page {
                progress.finish();
                break;
            }
            cursor = Some(page.page_info.end_cursor.ok_or(GitHubError::Malformed {
                action: ACTION,
                detail: "pullRequests has a next page but no cursor".into(),
            })?);
        }
        Ok(out)
    }

    /// One pull request, complete.
    pub fn pull_request(&self, number: u64) -> Result<PullRequest, GitHubError> {
        let vars = json!({"owner": self.repo.owner, "name": self.repo.name, "number": number, "check": CHECK_NAME});
        let data: wire::PullRequestData = self.graphql(&queries::pull_request(), vars, ACTION)?;
        let mut node =
            data.repository
                .and_then(|r| r.pull_request)
                .ok_or(GitHubError::NotFound {
                    action: "reading the pull request",
                })?;
        self.complete(&mut node)?;
        Ok(pull_request(node))
    }

    /// The answers of the SKM survey issues; bodies that are not a complete
    /// answer are left out. Names and free text are never kept.
    pub fn surveys(&self) -> Result<Vec<Survey>, GitHubError> {
        let nodes = self.labelled_issues(
            &queries::surveys(),
            super::SURVEY_LABEL,
            "reading survey issues",
            "membaca isu survei",
            |node| crate::github::issue_form::survey(&node.body).is_ok(),
        )?;
        Ok(nodes
            .into_iter()
            .filter_map(|node| {
                let (request, answers) = crate::github::issue_form::survey(&node.body).ok()?;
                Some(Survey {
                    issue: node.number,
                    submitted_at: node.created_at,
                    request,
                    answers: answers.to_vec(),
                    author: node.author.map(|a| a.login),
                    state: Some(issue_state(node.state)),
                    state_reason: node.state_reason.map(state_reason),
                    label_events: label_events(node.timeline_items.nodes),
                })
            })
            .collect())
    }

    /// The complaint issues: the facts GitHub records, the kind and request
    /// the form names, and the complaint's text only when `config`'s
    /// officers had marked it publishable ([`crate::complaint::publishable`]);
    /// without `config`, never.
    pub fn complaints(&self, config: Option<&Config>) -> Result<Vec<Complaint>, GitHubError> {
        let nodes = self.labelled_issues(
            &queries::complaints(),
            crate::complaint::LABEL,
            "reading complaint issues",
            "membaca isu pengaduan",
            |_| true,
        )?;
        Ok(nodes
            .into_iter()
            .map(|node| {
                let form = crate::github::issue_form::complaint(&node.body);
                let events = label_events(node.timeline_items.nodes);
                let publishable = config.is_some_and(|c| crate::complaint::publishable(&events, c));
                Complaint {
                    issue: node.number,
                    opened_at: node.created_at,
                    author: wire::login(&node.author),
                    state: issue_state(node.state),
                    state_reason: node.state_reason.map(state_reason),
                    kind: form.kind,
                    request: form.request,
                    service: form.service,
                    label_events: events,
                    text: form.text.filter(|_| publishable),
                }
            })
            .collect())
    }

    /// Every issue of `label` that `document` lists, page by page; those
    /// `wanted` keeps come back with their label events read to the end.
    fn labelled_issues(
        &self,
        document: &str,
        label: &str,
        action: &'static str,
        shown: &str,
        wanted: impl Fn(&wire::SurveyNode) -> bool,
    ) -> Result<Vec<wire::SurveyNode>, GitHubError> {
        let mut out = Vec::new();
        let mut cursor: Option<String> = None;
        let mut progress = None;
        loop {
            let vars = json!({"owner": self.repo.owner, "name": self.repo.name, "cursor": cursor, "label": label});
            let data: wire::SurveysData = self.graphql(document, vars, action)?;
            let page = data
                .repository
                .ok_or(GitHubError::NotFound { action })?
                .issues;
            let progress =
                progress.get_or_insert_with(|| Progress::stderr(shown, page.total_count));
            let read = page.nodes.len() as u64;
            for mut node in page.nodes.into_iter().filter(|n| wanted(n)) {
                self.drain(&mut node.timeline_items, More::IssueLabelEvents, &node.id)?;
                out.push(node);
            }
            progress.add(read);
            if !page.page_info.has_next_page {
                progress.finish();
                break;
            }
            cursor = Some(page.page_info.end_cursor.ok_or(GitHubError::Malformed {
                action,
                detail: "issues has a next page but no cursor".into(),
            })?);
        }
        Ok(out)
    }

    /// Fills `service` of each open pull request from its head's request
    /// file (one call per 50 pull requests).
    fn read_services(&self, prs: &mut [PullRequest]) -> Result<(), GitHubError> {
        let mut wanted = Vec::new();
        let mut slots = Vec::new();
        for (i, pr) in prs.iter().enumerate() {
            let file = pr
                .files
                .iter()
                .find(|p| crate::github::snapshot::is_request_file(p));
            if let (PullState::Open, Some(head), Some(file)) = (pr.state, &pr.head, file) {
                wanted.push((head.clone(), file.clone()));
                slots.push(i);
            }
        }
        if wanted.is_empty() {
            return Ok(());
        }
        let texts = self.file_texts(&wanted)?;
        for (slot, text) in slots.into_iter().zip(texts) {
            prs[slot].service = text.as_deref().and_then(super::service_of);
        }
        Ok(())
    }
}

/// Reads the snapshot: every pull request touching `requests/`, complete,
/// the service of each open one from its head, the survey answers and the
/// complaints (their text only where `config`'s officers marked it
/// publishable; without `config`, never).
pub fn fetch_snapshot(
    client: &Client,
    now: DateTime<Utc>,
    config: Option<&Config>,
) -> Result<Snapshot, GitHubError> {
    let mut prs = client.pull_requests()?;
    client.read_services(&mut prs)?;
    prs.sort_by_key(|p| p.number);
    Ok(Snapshot {
        version: crate::github::snapshot::VERSION,
        repository: client.repo().to_string(),
        fetched_at: now,
        pull_requests: prs,
        surveys: client.surveys()?,
        complaints: client.complaints(config)?,
    })
}

/// A snapshot of one pull request alone, complete: what its gate needs,
/// at a handful of calls whatever the size of the repository.
pub fn fetch_pull_request(
    client: &Client,
    number: u64,
    now: DateTime<Utc>,
) -> Result<Snapshot, GitHubError> {
    let mut prs = vec![client.pull_request(number)?];
    client.read_services(&mut prs)?;
    Ok(Snapshot {
        version: crate::github::snapshot::VERSION,
        repository: client.repo().to_string(),
        fetched_at: now,
        pull_requests: prs,
        surveys: Vec::new(),
        complaints: Vec::new(),
    })
}

/// A snapshot of the open pull requests touching `requests/`, complete,
/// with the service of each from its head, and pull request `also` (what
/// ever its state) when given: what the gate's check reads to see the names
/// other pull requests ask for. No survey answers.
pub fn fetch_open(
    client: &Client,
    also: Option<u64>,
    now: DateTime<Utc>,
) -> Result<Snapshot, GitHubError> {
    let mut prs = client.open_pull_requests()?;
    if let Some(number) = also
        && !prs.iter().any(|p| p.number == number)
    {
        prs.push(client.pull_request(number)?);
    }
    client.read_services(&mut prs)?;
    prs.sort_by_key(|p| p.number);
    Ok(Snapshot {
        version: crate::github::snapshot::VERSION,
        repository: client.repo().to_string(),
        fetched_at: now,
        pull_requests: prs,
        surveys: Vec::new(),
        complaints: Vec::new(),
    })
}

/// A complete pull-request node as a snapshot record.
fn pull_request(node: wire::PullRequestNode) -> PullRequest {
    let mut commits = Vec::new();
    let mut checks = Vec::new();
    for item in node.commits.nodes {
        let commit = item.commit;
        for suite in commit.check_suites.nodes {
            let app = suite.app.map(|a| a.slug);
            for run in suite.check_runs.nodes {
                let (Some(conclusion), Some(completed_at)) = (run.conclusion, run.completed_at)
                else {
                    continue;
                };
                checks.push(Check {
                    name: run.name,
                    sha: commit.oid.clone(),
                    conclusion: conclusion_of(conclusion),
                    completed_at,
                    app: app.clone(),
                });
            }
        }
        commits.push(PrCommit {
            sha: commit.oid,
            committed_at: commit.committed_date,
            files: Vec::new(),
        });
    }
    let label_events = label_events(node.timeline_items.nodes);
    let reviews = node
        .reviews
        .nodes
        .into_iter()
        .filter_map(|r| {
            let state = match r.state {
                wire::ReviewState::Approved => ReviewState::Approved,
                wire::ReviewState::ChangesRequested => ReviewState::ChangesRequested,
                wire::ReviewState::Dismissed => ReviewState::Dismissed,
                wire::ReviewState::Commented => ReviewState::Commented,
                wire::ReviewState::Pending => return None,
            };
            Some(Review {
                actor: wire::login(&r.author),
                state,
                at: r.submitted_at?,
            })
        })
        .collect();
    let approvals = node
        .head
        .nodes
        .into_iter()
        .filter(|h| h.commit.oid == node.head_ref_oid)
        .flat_map(|h| {
            let sha = h.commit.oid;
            h.commit
                .status
                .map(|s| s.contexts)
                .unwrap_or_default()
                .into_iter()
                .filter_map(move |c| approval(c, &sha))
        })
        .collect();
    PullRequest {
        number: node.number,
        author: wire::login(&node.author),
        state: match node.state {
            wire::PullState::Open => PullState::Open,
            wire::PullState::Closed => PullState::Closed,
            wire::PullState::Merged => PullState::Merged,
        },
        created_at: node.created_at,
        closed_at: node.closed_at,
        merged_at: node.merged_at,
        service: None,
        files: node.files.nodes.into_iter().map(|f| f.path).collect(),
        commits,
        label_events,
        reviews,
        checks,
        // A pull request that closes several issues names no one request.
        origin: match node.closing_issues_references.nodes.as_slice() {
            [issue] => Some(Origin {
                issue: issue.number,
                author: wire::login(&issue.author),
            }),
            _ => None,
        },
        head: Some(node.head_ref_oid),
        approvals,
    }
}

fn issue_state(state: wire::IssueState) -> IssueState {
    match state {
        wire::IssueState::Open => IssueState::Open,
        wire::IssueState::Closed => IssueState::Closed,
    }
}

fn state_reason(reason: wire::StateReason) -> IssueStateReason {
    match reason {
        wire::StateReason::Completed => IssueStateReason::Completed,
        wire::StateReason::NotPlanned => IssueStateReason::NotPlanned,
        wire::StateReason::Duplicate => IssueStateReason::Duplicate,
        wire::StateReason::Reopened => IssueStateReason::Reopened,
    }
}

/// Label events as the snapshot holds them.
fn label_events(nodes: Vec<wire::LabelEventNode>) -> Vec<LabelEvent> {
    nodes
        .into_iter()
        .map(|item| {
            let (action, change) = match item {
                wire::LabelEventNode::LabeledEvent(c) => (LabelAction::Added, c),
                wire::LabelEventNode::UnlabeledEvent(c) => (LabelAction::Removed, c),
            };
            LabelEvent {
                label: change.label.name,
                action,
                actor: wire::login(&change.actor),
                at: change.created_at,
            }
        })
        .collect()
}

/// A commit status that binds a stage label, when `context` is one.
fn approval(context: wire::StatusContext, sha: &str) -> Option<Approval> {
    let label = context.context.strip_prefix(APPROVAL_CONTEXT)?;
    if context.state != wire::StatusState::Success {
        return None;
    }
    let officer = context.description?.strip_prefix('@')?.trim().to_string();
    Some(Approval {
        label: label.to_string(),
        officer,
        sha: sha.to_string(),
        recorder: wire::login(&context.creator),
        at: context.created_at,
    })
}

fn conclusion_of(c: wire::Conclusion) -> CheckConclusion {
    match c {
        wire::Conclusion::Success => CheckConclusion::Success,
        wire::Conclusion::Failure => CheckConclusion::Failure,
        wire::Conclusion::Neutral => CheckConclusion::Neutral,
        wire::Conclusion::Cancelled => CheckConclusion::Cancelled,
        wire::Conclusion::Skipped => CheckConclusion::Skipped,
        wire::Conclusion::TimedOut => CheckConclusion::TimedOut,
        wire::Conclusion::Other => CheckConclusion::ActionRequired,
    }
}
