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

use serde::de::DeserializeOwned;

pub mod audit_issue;
pub mod files;
pub mod issue_form;
mod issues;
pub mod labels;
pub mod queries;
mod read;
pub mod snapshot;
pub mod wire;

pub use read::{fetch_open, fetch_pull_request, fetch_snapshot};

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
    /// A list GitHub did not give to the end: loket decides only on
    /// complete data.
    #[error("{action}: {detail}; loket decides only on complete lists, so it stops here")]
    Incomplete {
        /// What loket tried.
        action: &'static str,
        /// What is missing.
        detail: String,
    },
    /// The client could not be built.
    #[error("cannot set up the GitHub client: {0}")]
    Setup(String),
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
    /// Its author's login (`ghost` for a deleted account).
    pub author: String,
}

impl Comment {
    /// Whether loket wrote it: its author is the workflows' own bot
    /// ([`crate::review::gate::RECORDER`]). Anyone can write a comment that starts
    /// with loket's markers; only these count.
    pub fn by_loket(&self) -> bool {
        crate::review::gate::is_recorder(&self.author)
    }
}

/// The operations loket performs on GitHub.
pub trait GitHub {
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
    /// Sets a successful commit status `context` on `sha`.
    fn create_status(&self, sha: &str, context: &str, description: &str)
    -> Result<(), GitHubError>;
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
    ) -> Result<String, GitHubError> {
        self.runtime
            .block_on(self.call_async(method, path, body, action, permission))
    }

    /// A call whose answer loket does not need.
    fn write(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        action: &'static str,
        permission: &'static str,
    ) -> Result<(), GitHubError> {
        self.call(method, path, body, action, permission).map(drop)
    }

    /// Calls and decodes the answer into `T`.
    fn call_json<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        action: &'static str,
        permission: &'static str,
    ) -> Result<T, GitHubError> {
        let text = self.call(method, path, body, action, permission)?;
        decode(&text, action)
    }

    async fn call_async(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        action: &'static str,
        permission: &'static str,
    ) -> Result<String, GitHubError> {
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
                200..=299 => return Ok(text),
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

    /// One GraphQL call, decoded into `T`; GraphQL errors fail the call,
    /// even beside partial data (an answer with holes is not complete).
    fn graphql<T: DeserializeOwned>(
        &self,
        query: &str,
        variables: Value,
        action: &'static str,
    ) -> Result<T, GitHubError> {
        let body = json!({"query": query, "variables": variables});
        let envelope: wire::Envelope<T> = self.call_json(
            Method::Post,
            "/graphql",
            Some(&body),
            action,
            "pull-requests: read",
        )?;
        if !envelope.errors.is_empty() {
            let messages: Vec<&str> = envelope.errors.iter().map(|e| e.message.as_str()).collect();
            return Err(GitHubError::GraphQl {
                action,
                messages: messages.join("; "),
            });
        }
        envelope.data.ok_or(GitHubError::Malformed {
            action,
            detail: "no `data` in the GraphQL answer".into(),
        })
    }

    /// Every item of a REST list, 100 a page, to the last page.
    fn paged<T: DeserializeOwned>(
        &self,
        path: &str,
        action: &'static str,
        permission: &'static str,
    ) -> Result<Vec<T>, GitHubError> {
        let mut all = Vec::new();
        for page in 1.. {
            let sep = if path.contains('?') { '&' } else { '?' };
            let items: Vec<T> = self.call_json(
                Method::Get,
                &format!("{path}{sep}per_page=100&page={page}"),
                None,
                action,
                permission,
            )?;
            let n = items.len();
            all.extend(items);
            if n < 100 {
                break;
            }
        }
        Ok(all)
    }

    /// The texts of files at given commits (`(oid, path)`), in one GraphQL
    /// call per 50 files; `None` where the file is missing or binary.
    pub fn file_texts(
        &self,
        wanted: &[(String, String)],
    ) -> Result<Vec<Option<String>>, GitHubError> {
        let action = "reading request files";
        let mut out = Vec::with_capacity(wanted.len());
        for chunk in wanted.chunks(queries::FILES_PER_CALL) {
            let expressions: Vec<String> = chunk
                .iter()
                .map(|(oid, path)| format!("{oid}:{path}"))
                .collect();
            let data: wire::FilesData = self.graphql(
                &queries::request_files(&expressions),
                json!({"owner": self.repo.owner, "name": self.repo.name}),
                action,
            )?;
            let mut objects = data.repository.ok_or(GitHubError::NotFound { action })?;
            for i in 0..chunk.len() {
                let blob =
                    objects
                        .remove(&format!("f{i}"))
                        .ok_or_else(|| GitHubError::Malformed {
                            action,
                            detail: format!("no `f{i}` in the answer"),
                        })?;
                out.push(blob.and_then(|b| b.text));
            }
        }
        Ok(out)
    }
}

/// Decodes a JSON answer into `T`, naming what was wrong.
fn decode<T: DeserializeOwned>(text: &str, action: &'static str) -> Result<T, GitHubError> {
    let text = if text.trim().is_empty() { "null" } else { text };
    serde_json::from_str(text).map_err(|e| GitHubError::Malformed {
        action,
        detail: e.to_string(),
    })
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

impl GitHub for Client {
    fn labels(&self) -> Result<Vec<Label>, GitHubError> {
        let path = format!("/repos/{}/labels", self.repo);
        let items: Vec<wire::RestLabel> = self.paged(&path, "reading labels", "issues: read")?;
        Ok(items
            .into_iter()
            .map(|l| Label {
                name: l.name,
                color: l.color,
                description: l.description.unwrap_or_default(),
            })
            .collect())
    }

    fn create_label(&self, label: &Label) -> Result<(), GitHubError> {
        let body =
            json!({"name": label.name, "color": label.color, "description": label.description});
        self.write(
            Method::Post,
            &format!("/repos/{}/labels", self.repo),
            Some(&body),
            "creating a label",
            "issues: write",
        )
    }

    fn update_label(&self, name: &str, label: &Label) -> Result<(), GitHubError> {
        let body =
            json!({"new_name": label.name, "color": label.color, "description": label.description});
        let path = format!("/repos/{}/labels/{}", self.repo, percent(name));
        self.write(
            Method::Patch,
            &path,
            Some(&body),
            "updating a label",
            "issues: write",
        )
    }

    fn delete_label(&self, name: &str) -> Result<(), GitHubError> {
        let path = format!("/repos/{}/labels/{}", self.repo, percent(name));
        self.write(
            Method::Delete,
            &path,
            None,
            "deleting a label",
            "issues: write",
        )
    }

    fn comments(&self, pr: u64) -> Result<Vec<Comment>, GitHubError> {
        let path = format!("/repos/{}/issues/{pr}/comments", self.repo);
        let items: Vec<wire::RestComment> =
            self.paged(&path, "reading comments", "pull-requests: read")?;
        Ok(items
            .into_iter()
            .map(|c| Comment {
                id: c.id,
                body: c.body.unwrap_or_default(),
                author: wire::login(&c.user),
            })
            .collect())
    }

    fn create_comment(&self, pr: u64, body: &str) -> Result<(), GitHubError> {
        let path = format!("/repos/{}/issues/{pr}/comments", self.repo);
        self.write(
            Method::Post,
            &path,
            Some(&json!({"body": body})),
            "writing a comment",
            "pull-requests: write",
        )
    }

    fn update_comment(&self, id: u64, body: &str) -> Result<(), GitHubError> {
        let path = format!("/repos/{}/issues/comments/{id}", self.repo);
        self.write(
            Method::Patch,
            &path,
            Some(&json!({"body": body})),
            "updating a comment",
            "pull-requests: write",
        )
    }
    fn close_pull_request(&self, pr: u64) -> Result<(), GitHubError> {
        self.close(pr)
    }

    fn create_status(
        &self,
        sha: &str,
        context: &str,
        description: &str,
    ) -> Result<(), GitHubError> {
        let path = format!("/repos/{}/statuses/{sha}", self.repo);
        let body = json!({"state": "success", "context": context, "description": description});
        self.write(
            Method::Post,
            &path,
            Some(&body),
            "recording an approval",
            "statuses: write",
        )
    }
}

/// The label of survey issues (set by the SKM issue form).
pub const SURVEY_LABEL: &str = "survei-kepuasan";

impl Client {
    fn close(&self, pr: u64) -> Result<(), GitHubError> {
        let path = format!("/repos/{}/pulls/{pr}", self.repo);
        let body = json!({"state": "closed"});
        self.write(
            Method::Patch,
            &path,
            Some(&body),
            "closing a pull request",
            "pull-requests: write",
        )
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

/// The `layanan` of a request's YAML text, read as data.
pub fn service_of(text: &str) -> Option<String> {
    let tree = crate::input::yaml::parse(text).ok()?;
    match crate::validate::requirements::lookup(&tree, "layanan") {
        crate::validate::requirements::Lookup::Found(node) => node.value.scalar_text(),
        crate::validate::requirements::Lookup::Missing(_) => None,
    }
}
