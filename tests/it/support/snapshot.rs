//! Snapshots for the tests: the one way a test writes the GitHub snapshot
//! (`src/github/snapshot.rs`) a command reads, pull request by pull request.

use serde_json::{Value, json};

/// A label event: `label` added by `actor` at `at` (RFC 3339).
pub fn label_added(label: &str, actor: &str, at: &str) -> Value {
    label_event(label, "added", actor, at)
}

/// A label event: `label` removed by `actor` at `at` (RFC 3339).
pub fn label_removed(label: &str, actor: &str, at: &str) -> Value {
    label_event(label, "removed", actor, at)
}

/// A label event with `action` (`added` or `removed`).
pub fn label_event(label: &str, action: &str, actor: &str, at: &str) -> Value {
    json!({"label": label, "action": action, "actor": actor, "at": at})
}

/// A snapshot (version 1) of `repository` fetched at `fetched_at`.
#[must_use]
pub struct SnapshotBuilder(Value);

impl SnapshotBuilder {
    /// A snapshot with no pull request yet.
    pub fn new(repository: &str, fetched_at: &str) -> Self {
        SnapshotBuilder(json!({
            "version": 1, "repository": repository, "fetched_at": fetched_at,
            "pull_requests": []
        }))
    }

    /// With `pr` (a [`PullRequestBuilder`] or a record) added.
    pub fn pr(mut self, pr: impl Into<Value>) -> Self {
        if let Some(prs) = self.0["pull_requests"].as_array_mut() {
            prs.push(pr.into());
        }
        self
    }

    /// With every pull request of `prs` added.
    pub fn prs(self, prs: impl IntoIterator<Item = Value>) -> Self {
        prs.into_iter().fold(self, SnapshotBuilder::pr)
    }

    /// Sets `key` of the snapshot (`surveys`, `complaints`) to `value`.
    pub fn set(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.0[key] = value.into();
        self
    }

    /// The snapshot.
    pub fn json(self) -> Value {
        self.0
    }
}

impl From<SnapshotBuilder> for Value {
    fn from(s: SnapshotBuilder) -> Value {
        s.0
    }
}

/// A pull request record of a snapshot.
#[must_use]
pub struct PullRequestBuilder(Value);

impl PullRequestBuilder {
    /// Open pull request `number` by `author`, created at `created_at`.
    pub fn new(number: u64, author: &str, created_at: &str) -> Self {
        PullRequestBuilder(json!({
            "number": number, "author": author, "state": "open", "created_at": created_at
        }))
    }

    /// Sets `key` of the record to `value`.
    pub fn set(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.0[key] = value.into();
        self
    }

    /// In `state` (`open`, `closed` or `merged`).
    pub fn state(self, state: &str) -> Self {
        self.set("state", state)
    }

    /// With a `loket check` run by github-actions on `sha`, concluded
    /// `conclusion` at `at`, added last.
    pub fn check(mut self, sha: &str, conclusion: &str, at: &str) -> Self {
        let check = json!({"name": "loket check", "sha": sha, "conclusion": conclusion,
                           "completed_at": at, "app": "github-actions"});
        match self.0["checks"].as_array_mut() {
            Some(checks) => checks.push(check),
            None => self.0["checks"] = json!([check]),
        }
        self
    }

    /// The files it changes.
    pub fn files(self, files: &[impl AsRef<str>]) -> Self {
        let files: Vec<&str> = files.iter().map(AsRef::as_ref).collect();
        self.set("files", json!(files))
    }

    /// With commit `sha`, committed at `at`, changing `files`, added last.
    pub fn commit(mut self, sha: &str, at: &str, files: &[&str]) -> Self {
        let commit = json!({"sha": sha, "committed_at": at, "files": files});
        match self.0["commits"].as_array_mut() {
            Some(commits) => commits.push(commit),
            None => self.0["commits"] = json!([commit]),
        }
        self
    }

    /// Its label events, in order.
    pub fn labels(self, events: Vec<Value>) -> Self {
        self.set("label_events", events)
    }

    /// Opened by a bot from issue `issue` of `author`.
    pub fn origin(self, issue: u64, author: &str) -> Self {
        self.set("origin", json!({"issue": issue, "author": author}))
    }

    /// As the gate workflow leaves it: see [`super::approved`].
    pub fn approved(self) -> Value {
        super::approved(self.0)
    }

    /// The record.
    pub fn json(self) -> Value {
        self.0
    }
}

impl From<PullRequestBuilder> for Value {
    fn from(p: PullRequestBuilder) -> Value {
        p.0
    }
}
