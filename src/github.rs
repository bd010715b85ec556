//! GitHub: the operations loket needs, over GitHub's GraphQL and REST APIs
//! with octocrab (rustls, no OpenSSL).
//!
//! Bulk reads use GraphQL (one call per 100 pull requests); labels and
//! comments use REST. Every call has a timeout, is retried with backoff on
//! 5xx and transport errors, waits out primary and secondary rate limits
//! (`retry-after`, `x-ratelimit-reset`) up to a bound, and turns 401, 403
//! and 404 into errors that say which permission is missing. The token is
//! never printed, logged or written: not in errors, not in `Debug`.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use crate::snapshot::{
    Check, CheckConclusion, LabelAction, LabelEvent, Origin, PrCommit, PullRequest, PullState,
    Review, ReviewState, Snapshot,
};

/// GitHub's public API.
pub const DEFAULT_API: &str = "https://api.github.com";

/// `owner/name` of a repository.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepoName {
    /// The owner (user or organisation).
    pub owner: String,
    /// The repository.
    pub name: String,
}

impl FromStr for RepoName {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let ok = |p: &str| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        };
        match s.split_once('/') {
            Some((owner, name)) if ok(owner) && ok(name) => Ok(RepoName {
                owner: owner.to_string(),
                name: name.to_string(),
            }),
            _ => Err(format!("`{s}` is not OWNER/NAME")),
        }
    }
}

impl fmt::Display for RepoName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.owner, self.name)
    }
}

/// What went wrong talking to GitHub; each says what to do.
#[derive(Debug, thiserror::Error)]
pub enum GitHubError {
    /// No token in the environment.
    #[error(
        "GITHUB_TOKEN is not set: export a token (in a workflow: env: GITHUB_TOKEN: ${{{{ secrets.GITHUB_TOKEN }}}})"
    )]
    NoToken,
    /// 401.
    #[error(
        "GitHub refused the token (401 Unauthorized): it is missing, expired or revoked; create a new one"
    )]
    Unauthorized,
    /// 403 that is not a rate limit.
    #[error(
        "GitHub refused {action} (403 Forbidden: {message}); the token needs the `{permission}` permission on the repository"
    )]
    Forbidden {
        /// What loket tried.
        action: &'static str,
        /// The permission it needs.
        permission: &'static str,
        /// GitHub's message.
        message: String,
    },
    /// 404.
    #[error("{action}: not found (404); check --repo and that the token can see the repository")]
    NotFound {
        /// What loket tried.
        action: &'static str,
    },
    /// The rate limit is exhausted for longer than loket waits.
    #[error("GitHub's rate limit is exhausted until {reset}; run again after that")]
    RateLimited {
        /// When it resets.
        reset: String,
    },
    /// 5xx or transport failures after every retry.
    #[error(
        "{action} failed after {attempts} attempts: {last}; GitHub may be down, try again later"
    )]
    Unavailable {
        /// What loket tried.
        action: &'static str,
        /// How many attempts.
        attempts: u32,
        /// The last failure.
        last: String,
    },
    /// Another HTTP status.
    #[error("{action}: GitHub answered {status}: {message}")]
    Http {
        /// What loket tried.
        action: &'static str,
        /// The status code.
        status: u16,
        /// GitHub's message.
        message: String,
    },
    /// A body loket cannot read.
    #[error("{action}: GitHub sent a response loket cannot read: {detail}")]
    Malformed {
        /// What loket tried.
        action: &'static str,
        /// What was wrong.
        detail: String,
    },
    /// GraphQL errors in a 200 response.
    #[error("{action}: GitHub's GraphQL API reported: {messages}")]
    GraphQl {
        /// What loket tried.
        action: &'static str,
        /// The messages, joined.
        messages: String,
    },
    /// The client could not be built.
    #[error("cannot set up the GitHub client: {0}")]
    Setup(String),
}

/// A pull request as read, with the head commit its files are read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// The snapshot record.
    pub pull_request: PullRequest,
    /// The head commit.
    pub head: Option<String>,
}

/// A repository label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// Name.
    pub name: String,
    /// Colour, six hex digits without `#`.
    pub color: String,
    /// Description.
    pub description: String,
}

/// An issue or pull-request comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// Comment id.
    pub id: u64,
    /// Body.
    pub body: String,
}

/// The operations loket performs on GitHub.
pub trait GitHub {
    /// Every pull request that touches `requests/`, as snapshot records,
    /// each with its head commit.
    fn pull_requests(&self) -> Result<Vec<Fetched>, GitHubError>;
    /// The repository's labels.
    fn labels(&self) -> Result<Vec<Label>, GitHubError>;
    /// Creates a label.
    fn create_label(&self, label: &Label) -> Result<(), GitHubError>;
    /// Updates the label named `name`.
    fn update_label(&self, name: &str, label: &Label) -> Result<(), GitHubError>;
    /// Deletes a label.
    fn delete_label(&self, name: &str) -> Result<(), GitHubError>;
    /// The comments of a pull request.
    fn comments(&self, pr: u64) -> Result<Vec<Comment>, GitHubError>;
    /// Adds a comment.
    fn create_comment(&self, pr: u64, body: &str) -> Result<(), GitHubError>;
    /// Replaces a comment's body.
    fn update_comment(&self, id: u64, body: &str) -> Result<(), GitHubError>;
    /// Closes a pull request without merging it.
    fn close_pull_request(&self, pr: u64) -> Result<(), GitHubError>;
}

/// How patient the client is.
#[derive(Debug, Clone, Copy)]
pub struct Patience {
    /// Attempts per call (first try included).
    pub attempts: u32,
    /// First backoff after a 5xx or transport error; doubles each time.
    pub backoff: Duration,
    /// The longest rate-limit wait loket accepts before giving up.
    pub max_wait: Duration,
    /// Timeout of one call.
    pub timeout: Duration,
}

impl Default for Patience {
    fn default() -> Self {
        Patience {
            attempts: 4,
            backoff: Duration::from_secs(1),
            max_wait: Duration::from_secs(120),
            timeout: Duration::from_secs(30),
        }
    }
}

/// The octocrab client for one repository.
pub struct Client {
    octo: octocrab::Octocrab,
    runtime: tokio::runtime::Runtime,
    repo: RepoName,
    patience: Patience,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("repo", &self.repo)
            .finish_non_exhaustive()
    }
}

#[derive(Clone, Copy)]
enum Method {
    Get,
    Post,
    Patch,
    Delete,
}

impl Client {
    /// A client for `repo` at `base` (GitHub or GitHub Enterprise's API URL).
    pub fn new(
        base: &str,
        token: &str,
        repo: RepoName,
        patience: Patience,
    ) -> Result<Client, GitHubError> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| GitHubError::Setup(e.to_string()))?;
        let octo = {
            let _guard = runtime.enter();
            octocrab::Octocrab::builder()
                .base_uri(base)
                .map_err(|e| GitHubError::Setup(format!("base URL `{base}`: {e}")))?
                .personal_token(token.to_string())
                .build()
                .map_err(|e| GitHubError::Setup(e.to_string()))?
        };
        Ok(Client {
            octo,
            runtime,
            repo,
            patience,
        })
    }

    /// The repository.
    pub fn repo(&self) -> &RepoName {
        &self.repo
    }

    fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        action: &'static str,
        permission: &'static str,
    ) -> Result<Value, GitHubError> {
        self.runtime
            .block_on(self.call_async(method, path, body, action, permission))
    }

    async fn call_async(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        action: &'static str,
        permission: &'static str,
    ) -> Result<Value, GitHubError> {
        let mut backoff = self.patience.backoff;
        let mut last = String::new();
        for _ in 0..self.patience.attempts {
            let send = async {
                match method {
                    Method::Get => self.octo._get(path).await,
                    Method::Post => self.octo._post(path, body).await,
                    Method::Patch => self.octo._patch(path, body).await,
                    Method::Delete => self.octo._delete(path, body).await,
                }
            };
            let response = match tokio::time::timeout(self.patience.timeout, send).await {
                Err(_) => {
                    last = format!("no answer within {} s", self.patience.timeout.as_secs());
                    tokio::time::sleep(backoff).await;
                    backoff *= 2;
                    continue;
                }
                Ok(Err(e)) => {
                    last = transport_message(&e);
                    tokio::time::sleep(backoff).await;
                    backoff *= 2;
                    continue;
                }
                Ok(Ok(r)) => r,
            };
            let status = response.status().as_u16();
            let header = |name: &str| {
                response
                    .headers()
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string)
            };
            let retry_after = header("retry-after").and_then(|v| v.parse::<u64>().ok());
            let remaining = header("x-ratelimit-remaining");
            let reset = header("x-ratelimit-reset").and_then(|v| v.parse::<i64>().ok());
            let text =
                self.octo
                    .body_to_string(response)
                    .await
                    .map_err(|e| GitHubError::Malformed {
                        action,
                        detail: transport_message(&e),
                    })?;
            match status {
                200..=299 => {
                    if text.trim().is_empty() {
                        return Ok(Value::Null);
                    }
                    return serde_json::from_str(&text).map_err(|e| GitHubError::Malformed {
                        action,
                        detail: e.to_string(),
                    });
                }
                401 => return Err(GitHubError::Unauthorized),
                403 | 429 => {
                    let wait = match (retry_after, remaining.as_deref(), reset) {
                        (Some(secs), _, _) => Some(Duration::from_secs(secs)),
                        (None, Some("0"), Some(reset)) => {
                            let secs = (reset - Utc::now().timestamp()).max(0) as u64;
                            Some(Duration::from_secs(secs + 1))
                        }
                        _ => None,
                    };
                    match wait {
                        Some(w) if w <= self.patience.max_wait => {
                            last = format!("rate limited for {} s", w.as_secs());
                            tokio::time::sleep(w).await;
                            continue;
                        }
                        Some(_) => {
                            let reset = reset
                                .and_then(|r| DateTime::from_timestamp(r, 0))
                                .map_or_else(
                                    || format!("{} s from now", retry_after.unwrap_or(0)),
                                    |t| t.to_rfc3339(),
                                );
                            return Err(GitHubError::RateLimited { reset });
                        }
                        None if status == 429 => {
                            return Err(GitHubError::RateLimited {
                                reset: "an unknown time".into(),
                            });
                        }
                        None => {
                            return Err(GitHubError::Forbidden {
                                action,
                                permission,
                                message: github_message(&text),
                            });
                        }
                    }
                }
                404 => return Err(GitHubError::NotFound { action }),
                500..=599 => {
                    last = format!("{status} {}", github_message(&text));
                    tokio::time::sleep(backoff).await;
                    backoff *= 2;
                }
                _ => {
                    return Err(GitHubError::Http {
                        action,
                        status,
                        message: github_message(&text),
                    });
                }
            }
        }
        Err(GitHubError::Unavailable {
            action,
            attempts: self.patience.attempts,
            last,
        })
    }

    fn graphql(
        &self,
        query: &str,
        variables: Value,
        action: &'static str,
    ) -> Result<Value, GitHubError> {
        let body = json!({"query": query, "variables": variables});
        let value = self.call(
            Method::Post,
            "/graphql",
            Some(&body),
            action,
            "pull-requests: read",
        )?;
        if let Some(errors) = value
            .get("errors")
            .and_then(Value::as_array)
            .filter(|e| !e.is_empty())
        {
            let messages: Vec<&str> = errors
                .iter()
                .filter_map(|e| e.get("message").and_then(Value::as_str))
                .collect();
            return Err(GitHubError::GraphQl {
                action,
                messages: messages.join("; "),
            });
        }
        value.get("data").cloned().ok_or(GitHubError::Malformed {
            action,
            detail: "no `data` in the GraphQL answer".into(),
        })
    }

    fn paged(
        &self,
        path: &str,
        action: &'static str,
        permission: &'static str,
    ) -> Result<Vec<Value>, GitHubError> {
        let mut all = Vec::new();
        for page in 1.. {
            let sep = if path.contains('?') { '&' } else { '?' };
            let value = self.call(
                Method::Get,
                &format!("{path}{sep}per_page=100&page={page}"),
                None,
                action,
                permission,
            )?;
            let items = value.as_array().cloned().ok_or(GitHubError::Malformed {
                action,
                detail: "expected a list".into(),
            })?;
            let n = items.len();
            all.extend(items);
            if n < 100 {
                break;
            }
        }
        Ok(all)
    }

    /// The texts of files at given commits (`(oid, path)`), in one GraphQL
    /// call per 50 files; `None` where the file is missing.
    pub fn file_texts(
        &self,
        wanted: &[(String, String)],
    ) -> Result<Vec<Option<String>>, GitHubError> {
        let mut out = Vec::with_capacity(wanted.len());
        for chunk in wanted.chunks(50) {
            let mut query = String::from(
                "query($owner: String!, $name: String!) { repository(owner: $owner, name: $name) {",
            );
            for (i, (oid, path)) in chunk.iter().enumerate() {
                let expr = serde_json::to_string(&format!("{oid}:{path}")).unwrap_or_default();
                query.push_str(&format!(
                    " f{i}: object(expression: {expr}) {{ ... on Blob {{ text }} }}"
                ));
            }
            query.push_str(" } }");
            let data = self.graphql(
                &query,
                json!({"owner": self.repo.owner, "name": self.repo.name}),
                "reading request files",
            )?;
            for i in 0..chunk.len() {
                out.push(
                    data["repository"][format!("f{i}")]["text"]
                        .as_str()
                        .map(str::to_string),
                );
            }
        }
        Ok(out)
    }
}

fn transport_message(e: &octocrab::Error) -> String {
    // octocrab's Display says only "GitHub" or "Hyper"; the source says more.
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text = format!("{text}: {s}");
        source = s.source();
    }
    text
}

fn github_message(text: &str) -> String {
    serde_json::from_str::<Value>(text)
        .ok()
        .and_then(|v| v.get("message").and_then(Value::as_str).map(str::to_string))
        .unwrap_or_else(|| text.chars().take(200).collect())
}

const PULL_REQUESTS: &str = r#"query($owner: String!, $name: String!, $cursor: String) {
  repository(owner: $owner, name: $name) {
    pullRequests(first: 100, after: $cursor, orderBy: {field: CREATED_AT, direction: ASC}) {
      pageInfo { hasNextPage endCursor }
      nodes {
        number state createdAt closedAt mergedAt headRefOid
        author { login }
        files(first: 100) { nodes { path } }
        commits(last: 100) { nodes { commit { oid committedDate
          checkSuites(first: 10) { nodes { checkRuns(first: 20) { nodes { name conclusion completedAt } } } } } } }
        timelineItems(first: 100, itemTypes: [LABELED_EVENT, UNLABELED_EVENT]) { nodes {
          __typename
          ... on LabeledEvent { createdAt actor { login } label { name } }
          ... on UnlabeledEvent { createdAt actor { login } label { name } } } }
        reviews(first: 100) { nodes { author { login } state submittedAt } }
        closingIssuesReferences(first: 1) { nodes { number author { login } } }
      }
    }
  }
}"#;

impl GitHub for Client {
    fn pull_requests(&self) -> Result<Vec<Fetched>, GitHubError> {
        let action = "reading pull requests";
        let mut out = Vec::new();
        let mut cursor = Value::Null;
        loop {
            let vars = json!({"owner": self.repo.owner, "name": self.repo.name, "cursor": cursor});
            let data = self.graphql(PULL_REQUESTS, vars, action)?;
            let page = &data["repository"]["pullRequests"];
            let nodes = page["nodes"].as_array().ok_or(GitHubError::Malformed {
                action,
                detail: "no pullRequests.nodes".into(),
            })?;
            for node in nodes {
                let pull_request = pull_request(node)
                    .map_err(|detail| GitHubError::Malformed { action, detail })?;
                if pull_request
                    .files
                    .iter()
                    .any(|f| f.starts_with("requests/"))
                {
                    let head = node["headRefOid"].as_str().map(str::to_string);
                    out.push(Fetched { pull_request, head });
                }
            }
            if page["pageInfo"]["hasNextPage"].as_bool() != Some(true) {
                break;
            }
            cursor = page["pageInfo"]["endCursor"].clone();
        }
        Ok(out)
    }

    fn labels(&self) -> Result<Vec<Label>, GitHubError> {
        let path = format!("/repos/{}/labels", self.repo);
        let items = self.paged(&path, "reading labels", "issues: read")?;
        Ok(items
            .iter()
            .map(|l| Label {
                name: l["name"].as_str().unwrap_or_default().to_string(),
                color: l["color"].as_str().unwrap_or_default().to_string(),
                description: l["description"].as_str().unwrap_or_default().to_string(),
            })
            .collect())
    }

    fn create_label(&self, label: &Label) -> Result<(), GitHubError> {
        let body =
            json!({"name": label.name, "color": label.color, "description": label.description});
        self.call(
            Method::Post,
            &format!("/repos/{}/labels", self.repo),
            Some(&body),
            "creating a label",
            "issues: write",
        )
        .map(drop)
    }

    fn update_label(&self, name: &str, label: &Label) -> Result<(), GitHubError> {
        let body =
            json!({"new_name": label.name, "color": label.color, "description": label.description});
        let path = format!("/repos/{}/labels/{}", self.repo, percent(name));
        self.call(
            Method::Patch,
            &path,
            Some(&body),
            "updating a label",
            "issues: write",
        )
        .map(drop)
    }

    fn delete_label(&self, name: &str) -> Result<(), GitHubError> {
        let path = format!("/repos/{}/labels/{}", self.repo, percent(name));
        self.call(
            Method::Delete,
            &path,
            None,
            "deleting a label",
            "issues: write",
        )
        .map(drop)
    }

    fn comments(&self, pr: u64) -> Result<Vec<Comment>, GitHubError> {
        let path = format!("/repos/{}/issues/{pr}/comments", self.repo);
        let items = self.paged(&path, "reading comments", "pull-requests: read")?;
        Ok(items
            .iter()
            .filter_map(|c| {
                Some(Comment {
                    id: c["id"].as_u64()?,
                    body: c["body"].as_str().unwrap_or_default().to_string(),
                })
            })
            .collect())
    }

    fn create_comment(&self, pr: u64, body: &str) -> Result<(), GitHubError> {
        let path = format!("/repos/{}/issues/{pr}/comments", self.repo);
        self.call(
            Method::Post,
            &path,
            Some(&json!({"body": body})),
            "writing a comment",
            "pull-requests: write",
        )
        .map(drop)
    }

    fn update_comment(&self, id: u64, body: &str) -> Result<(), GitHubError> {
        let path = format!("/repos/{}/issues/comments/{id}", self.repo);
        self.call(
            Method::Patch,
            &path,
            Some(&json!({"body": body})),
            "updating a comment",
            "pull-requests: write",
        )
        .map(drop)
    }
    fn close_pull_request(&self, pr: u64) -> Result<(), GitHubError> {
        self.close(pr)
    }
}

/// The label of survey issues (set by the SKM issue form).
pub const SURVEY_LABEL: &str = "survei-kepuasan";

const SURVEYS: &str = r#"query($owner: String!, $name: String!, $cursor: String, $label: String!) {
  repository(owner: $owner, name: $name) {
    issues(first: 100, after: $cursor, labels: [$label], orderBy: {field: CREATED_AT, direction: ASC}) {
      pageInfo { hasNextPage endCursor }
      nodes { number createdAt body }
    }
  }
}"#;

impl Client {
    /// The answers of the SKM survey issues; bodies that are not a complete
    /// answer are left out. Names and free text are never kept.
    pub fn surveys(&self) -> Result<Vec<crate::snapshot::Survey>, GitHubError> {
        let action = "reading survey issues";
        let mut out = Vec::new();
        let mut cursor = Value::Null;
        loop {
            let vars = json!({"owner": self.repo.owner, "name": self.repo.name, "cursor": cursor, "label": SURVEY_LABEL});
            let data = self.graphql(SURVEYS, vars, action)?;
            let page = &data["repository"]["issues"];
            for node in nodes(page) {
                let Some(body) = node["body"].as_str() else {
                    continue;
                };
                let Ok((request, answers)) = crate::issue_form::survey(body) else {
                    continue;
                };
                out.push(crate::snapshot::Survey {
                    issue: node["number"].as_u64().unwrap_or(0),
                    submitted_at: time(&node["createdAt"], "createdAt")
                        .map_err(|detail| GitHubError::Malformed { action, detail })?,
                    request,
                    answers: answers.to_vec(),
                    author: None,
                    state: None,
                    state_reason: None,
                    label_events: Vec::new(),
                });
            }
            if page["pageInfo"]["hasNextPage"].as_bool() != Some(true) {
                break;
            }
            cursor = page["pageInfo"]["endCursor"].clone();
        }
        Ok(out)
    }

    fn close(&self, pr: u64) -> Result<(), GitHubError> {
        let path = format!("/repos/{}/pulls/{pr}", self.repo);
        let body = json!({"state": "closed"});
        self.call(
            Method::Patch,
            &path,
            Some(&body),
            "closing a pull request",
            "pull-requests: write",
        )
        .map(drop)
    }
}

/// Percent-encodes a label name for a URL path.
fn percent(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn time(v: &Value, what: &str) -> Result<DateTime<Utc>, String> {
    let s = v.as_str().ok_or_else(|| format!("missing {what}"))?;
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| format!("{what} `{s}`: {e}"))
}

fn opt_time(v: &Value, what: &str) -> Result<Option<DateTime<Utc>>, String> {
    if v.is_null() {
        Ok(None)
    } else {
        time(v, what).map(Some)
    }
}

fn login(v: &Value) -> String {
    v["login"].as_str().unwrap_or("ghost").to_string()
}

fn nodes(v: &Value) -> &[Value] {
    v["nodes"].as_array().map(Vec::as_slice).unwrap_or(&[])
}

/// One GraphQL pull-request node as a snapshot record.
fn pull_request(node: &Value) -> Result<PullRequest, String> {
    let state = match node["state"].as_str() {
        Some("OPEN") => PullState::Open,
        Some("CLOSED") => PullState::Closed,
        Some("MERGED") => PullState::Merged,
        other => return Err(format!("unknown pull request state {other:?}")),
    };
    let mut commits = Vec::new();
    let mut checks = Vec::new();
    for c in nodes(&node["commits"]) {
        let commit = &c["commit"];
        let sha = commit["oid"].as_str().unwrap_or_default().to_string();
        commits.push(PrCommit {
            sha: sha.clone(),
            committed_at: time(&commit["committedDate"], "committedDate")?,
            files: Vec::new(),
        });
        for suite in nodes(&commit["checkSuites"]) {
            for run in nodes(&suite["checkRuns"]) {
                let Some(completed) = opt_time(&run["completedAt"], "completedAt")? else {
                    continue;
                };
                let conclusion = match run["conclusion"].as_str().unwrap_or("") {
                    "SUCCESS" => CheckConclusion::Success,
                    "FAILURE" => CheckConclusion::Failure,
                    "NEUTRAL" => CheckConclusion::Neutral,
                    "CANCELLED" => CheckConclusion::Cancelled,
                    "SKIPPED" => CheckConclusion::Skipped,
                    "TIMED_OUT" => CheckConclusion::TimedOut,
                    _ => CheckConclusion::ActionRequired,
                };
                checks.push(Check {
                    name: run["name"].as_str().unwrap_or_default().to_string(),
                    sha: sha.clone(),
                    conclusion,
                    completed_at: completed,
                    app: None,
                });
            }
        }
    }
    let mut label_events = Vec::new();
    for item in nodes(&node["timelineItems"]) {
        let action = match item["__typename"].as_str() {
            Some("LabeledEvent") => LabelAction::Added,
            Some("UnlabeledEvent") => LabelAction::Removed,
            _ => continue,
        };
        label_events.push(LabelEvent {
            label: item["label"]["name"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
            action,
            actor: login(&item["actor"]),
            at: time(&item["createdAt"], "createdAt")?,
        });
    }
    let mut reviews = Vec::new();
    for r in nodes(&node["reviews"]) {
        let state = match r["state"].as_str() {
            Some("APPROVED") => ReviewState::Approved,
            Some("CHANGES_REQUESTED") => ReviewState::ChangesRequested,
            Some("DISMISSED") => ReviewState::Dismissed,
            _ => ReviewState::Commented,
        };
        let Some(at) = opt_time(&r["submittedAt"], "submittedAt")? else {
            continue;
        };
        reviews.push(Review {
            actor: login(&r["author"]),
            state,
            at,
        });
    }
    Ok(PullRequest {
        number: node["number"].as_u64().ok_or("missing number")?,
        author: login(&node["author"]),
        state,
        created_at: time(&node["createdAt"], "createdAt")?,
        closed_at: opt_time(&node["closedAt"], "closedAt")?,
        merged_at: opt_time(&node["mergedAt"], "mergedAt")?,
        service: None,
        files: nodes(&node["files"])
            .iter()
            .filter_map(|f| f["path"].as_str().map(str::to_string))
            .collect(),
        commits,
        label_events,
        reviews,
        checks,
        origin: nodes(&node["closingIssuesReferences"])
            .first()
            .and_then(|issue| {
                Some(Origin {
                    issue: issue["number"].as_u64()?,
                    author: login(&issue["author"]),
                })
            }),
    })
}

/// Reads the snapshot: every pull request touching `requests/` (one
/// GraphQL call per 100), then the service of each open one from its head
/// (one more call per 50 open pull requests).
pub fn fetch_snapshot(client: &Client, now: DateTime<Utc>) -> Result<Snapshot, GitHubError> {
    let fetched = client.pull_requests()?;
    let mut wanted = Vec::new();
    let mut slots = Vec::new();
    for (i, f) in fetched.iter().enumerate() {
        let pr = &f.pull_request;
        let file = pr
            .files
            .iter()
            .find(|p| crate::snapshot::is_request_file(p));
        if let (PullState::Open, Some(head), Some(file)) = (pr.state, &f.head, file) {
            wanted.push((head.clone(), file.clone()));
            slots.push(i);
        }
    }
    let texts = if wanted.is_empty() {
        Vec::new()
    } else {
        client.file_texts(&wanted)?
    };
    let mut prs: Vec<PullRequest> = fetched.into_iter().map(|f| f.pull_request).collect();
    for (slot, text) in slots.into_iter().zip(texts) {
        prs[slot].service = text.as_deref().and_then(service_of);
    }
    prs.sort_by_key(|p| p.number);
    Ok(Snapshot {
        version: crate::snapshot::VERSION,
        repository: client.repo().to_string(),
        fetched_at: now,
        pull_requests: prs,
        surveys: client.surveys()?,
    })
}

/// The `layanan` of a request's YAML text, read as data.
pub fn service_of(text: &str) -> Option<String> {
    let tree = crate::yaml::parse(text).ok()?;
    match crate::validate::requirements::lookup(&tree, "layanan") {
        crate::validate::requirements::Lookup::Found(node) => node.value.scalar_text(),
        crate::validate::requirements::Lookup::Missing(_) => None,
    }
}
