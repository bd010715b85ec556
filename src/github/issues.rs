//! The web audit's issues on GitHub: listing the open ones of its label
//! to the end (or failing), opening, rewriting and closing them, and who
//! can be assigned. What to do with them is [`crate::github::audit_issue`]'s.

use serde::Deserialize;
use serde_json::json;

use super::wire::{self, Page};
use super::{Client, GitHub, GitHubError, Method, queries};
use crate::github::audit_issue::{self, Action, Issue};

/// `repository { issues }` of the audit label.
#[derive(Debug, Deserialize)]
struct AuditIssuesData {
    #[serde(deserialize_with = "wire::nullable")]
    repository: Option<AuditIssuesRepository>,
}

#[derive(Debug, Deserialize)]
struct AuditIssuesRepository {
    issues: CountedPage,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct CountedPage {
    total_count: u64,
    #[serde(flatten)]
    page: Page<AuditIssueNode>,
}

#[derive(Debug, Deserialize)]
struct AuditIssueNode {
    number: u64,
    body: String,
    #[serde(deserialize_with = "wire::nullable")]
    author: Option<wire::Actor>,
}

/// A REST user.
#[derive(Debug, Deserialize)]
struct RestUser {
    login: String,
}

/// A created issue (REST).
#[derive(Debug, Deserialize)]
struct Created {
    number: u64,
}

/// At 100 a page, far beyond any instance's names.
const MAX_PAGES: usize = 1_000;

impl Client {
    /// Every open issue with `label`, read to the end: the list must hold
    /// as many issues as GitHub counts, or nothing is decided on it.
    pub fn audit_issues(&self, label: &str) -> Result<Vec<Issue>, GitHubError> {
        let action = "reading the audit issues";
        let mut out = Vec::new();
        let mut cursor: Option<String> = None;
        let mut total = None;
        for _ in 0..MAX_PAGES {
            let vars = json!({"owner": self.repo.owner, "name": self.repo.name, "cursor": cursor, "label": label});
            let data: AuditIssuesData = self.graphql(&queries::audit_issues(), vars, action)?;
            let issues = data
                .repository
                .ok_or(GitHubError::NotFound { action })?
                .issues;
            total.get_or_insert(issues.total_count);
            out.extend(issues.page.nodes.into_iter().map(|n| Issue {
                number: n.number,
                body: n.body,
                author: n.author.map(|a| a.login),
            }));
            if !issues.page.page_info.has_next_page {
                let total = total.unwrap_or_default();
                if out.len() as u64 != total {
                    return Err(GitHubError::Incomplete {
                        action,
                        detail: format!(
                            "GitHub counts {total} open issues labelled `{label}` but listed {}",
                            out.len()
                        ),
                    });
                }
                return Ok(out);
            }
            cursor = Some(
                issues
                    .page
                    .page_info
                    .end_cursor
                    .ok_or(GitHubError::Malformed {
                        action,
                        detail: "issues has a next page but no cursor".into(),
                    })?,
            );
        }
        Err(GitHubError::Incomplete {
            action,
            detail: "the list of issues does not come to an end".into(),
        })
    }

    /// The logins GitHub lets the repository's issues be assigned to.
    pub fn assignees(&self) -> Result<Vec<String>, GitHubError> {
        let path = format!("/repos/{}/assignees", self.repo);
        let users: Vec<RestUser> =
            self.paged(&path, "reading who can be assigned", "issues: read")?;
        Ok(users
            .into_iter()
            .map(|u| u.login.to_ascii_lowercase())
            .collect())
    }

    /// Opens an issue; its number.
    pub fn create_issue(
        &self,
        title: &str,
        body: &str,
        labels: &[&str],
        assignees: &[String],
    ) -> Result<u64, GitHubError> {
        let path = format!("/repos/{}/issues", self.repo);
        let body = json!({"title": title, "body": body, "labels": labels, "assignees": assignees});
        let created: Created = self.call_json(
            Method::Post,
            &path,
            Some(&body),
            "opening an issue",
            "issues: write",
        )?;
        Ok(created.number)
    }

    /// Replaces an issue's body.
    pub fn update_issue(&self, number: u64, body: &str) -> Result<(), GitHubError> {
        let path = format!("/repos/{}/issues/{number}", self.repo);
        self.write(
            Method::Patch,
            &path,
            Some(&json!({"body": body})),
            "updating an issue",
            "issues: write",
        )
    }

    /// Closes an issue as completed.
    pub fn close_issue(&self, number: u64) -> Result<(), GitHubError> {
        let path = format!("/repos/{}/issues/{number}", self.repo);
        self.write(
            Method::Patch,
            &path,
            Some(&json!({"state": "closed", "state_reason": "completed"})),
            "closing an issue",
            "issues: write",
        )
    }

    /// Carries out one step of an audit issue plan
    /// ([`audit_issue::plan`]); the number of the issue it opened, if so.
    pub fn carry_out(&self, action: &Action) -> Result<Option<u64>, GitHubError> {
        match action {
            Action::Open {
                title,
                body,
                assignees,
                ..
            } => {
                let labels = [audit_issue::LABEL];
                return self.create_issue(title, body, &labels, assignees).map(Some);
            }
            Action::Update { number, body, .. } => self.update_issue(*number, body)?,
            Action::Unchanged { .. } => {}
            Action::Close {
                number, comment, ..
            } => {
                self.create_comment(*number, comment)?;
                self.close_issue(*number)?;
            }
        }
        Ok(None)
    }
}
