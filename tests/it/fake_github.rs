//! A stand-in for GitHub's GraphQL API that answers like the real one: it
//! reads the page sizes (`first:`/`last:`) from the document loket sends,
//! returns only that many items, hands out cursors and honours them, and
//! reads nested connections on through `node(id:)`, and lists only open
//! pull requests when the document says `states: [OPEN]`. Pull requests are
//! held as data, so a fixture can have 150 files, 120 label events or 130
//! commits on one pull request and loket must page to see them all.

use serde_json::{Value, json};
use wiremock::{Request, Respond, ResponseTemplate};

/// A check run of a suite.
#[derive(Debug, Clone)]
pub struct FakeRun {
    /// Name (the filter `checkName` compares it).
    pub name: String,
    /// `SUCCESS`, `FAILURE`, …
    pub conclusion: String,
    /// Completed.
    pub completed_at: String,
}

/// A check suite.
#[derive(Debug, Clone)]
pub struct FakeSuite {
    /// The app's slug.
    pub app: String,
    /// Its runs.
    pub runs: Vec<FakeRun>,
}

/// A commit.
#[derive(Debug, Clone)]
pub struct FakeCommit {
    /// Hex id.
    pub oid: String,
    /// Committer date.
    pub date: String,
    /// Check suites.
    pub suites: Vec<FakeSuite>,
}

/// A pull request as GitHub holds it.
#[derive(Debug, Clone)]
pub struct FakePr {
    /// Number.
    pub number: u64,
    /// `OPEN`, `CLOSED`, `MERGED`.
    pub state: &'static str,
    /// Author's login; `None` for a deleted account.
    pub author: Option<String>,
    /// Opened.
    pub created_at: String,
    /// Merged (and closed), when merged.
    pub merged_at: Option<String>,
    /// Changed files.
    pub files: Vec<String>,
    /// What GitHub counts as changed (defaults to `files.len()`).
    pub changed_files: Option<u64>,
    /// Label events, as GraphQL timeline nodes.
    pub label_events: Vec<Value>,
    /// Reviews, as GraphQL nodes.
    pub reviews: Vec<Value>,
    /// Closing issues, as GraphQL nodes.
    pub closing: Vec<Value>,
    /// Commits, oldest first; the last is the head.
    pub commits: Vec<FakeCommit>,
    /// Status contexts on the head commit, as GraphQL nodes.
    pub statuses: Vec<Value>,
}

impl FakePr {
    /// A merged pull request of one commit that adds `file`, by `author`.
    pub fn new(number: u64, author: &str, file: &str) -> FakePr {
        FakePr {
            number,
            state: "MERGED",
            author: Some(author.to_string()),
            created_at: "2026-06-01T00:00:00Z".into(),
            merged_at: Some("2026-06-03T00:00:00Z".into()),
            files: vec![file.to_string()],
            changed_files: None,
            label_events: Vec::new(),
            reviews: Vec::new(),
            closing: Vec::new(),
            commits: vec![FakeCommit {
                oid: format!("{number:040x}"),
                date: "2026-06-01T00:00:00Z".into(),
                suites: vec![FakeSuite {
                    app: "github-actions".into(),
                    runs: vec![FakeRun {
                        name: "loket check".into(),
                        conclusion: "SUCCESS".into(),
                        completed_at: "2026-06-01T00:05:00Z".into(),
                    }],
                }],
            }],
            statuses: Vec::new(),
        }
    }

    /// The same, still open.
    pub fn open(mut self) -> FakePr {
        self.state = "OPEN";
        self.merged_at = None;
        self
    }

    /// The head commit's id.
    pub fn head(&self) -> String {
        self.commits
            .last()
            .map(|c| c.oid.clone())
            .unwrap_or_default()
    }
}

/// A label event node.
pub fn label_event(added: bool, label: &str, actor: Option<&str>, at: &str) -> Value {
    json!({
        "__typename": if added { "LabeledEvent" } else { "UnlabeledEvent" },
        "createdAt": at,
        "actor": actor.map(|a| json!({"login": a})),
        "label": {"name": label}
    })
}

/// The whole fake: pull requests, files at commits, survey issues.
#[derive(Debug, Clone, Default)]
pub struct FakeGitHub {
    /// Pull requests in creation order.
    pub prs: Vec<FakePr>,
    /// `oid:path` → text, for `object(expression:)`.
    pub blobs: Vec<(String, String)>,
    /// Survey issues, as GraphQL nodes without `id` and `timelineItems`;
    /// their label events (timeline nodes) under `label_events`.
    pub surveys: Vec<Value>,
    /// Complaint issues (label `pengaduan`), shaped as `surveys`.
    pub complaints: Vec<Value>,
}

/// The operation name of a document (`query NAME(`).
fn operation(doc: &str) -> &str {
    doc.trim_start()
        .strip_prefix("query ")
        .and_then(|rest| rest.split(['(', ' ', '{']).next())
        .unwrap_or("")
}

/// The page size the document asks of `field` (`field(first: N` or
/// `field(last: N`); GitHub refuses a connection without one, so do we.
fn size(doc: &str, field: &str) -> Result<usize, String> {
    for key in ["first", "last"] {
        let needle = format!("{field}({key}: ");
        if let Some(at) = doc.find(&needle) {
            let digits: String = doc[at + needle.len()..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            return digits
                .parse()
                .map_err(|_| format!("{field}: {key} is not a number"));
        }
    }
    Err(format!(
        "You must provide a `first` or `last` value to properly paginate the `{field}` connection."
    ))
}

/// One page of `items` from `cursor` (`c:<offset>`), `n` long.
fn page(items: &[Value], cursor: Option<&str>, n: usize) -> Value {
    let start = cursor
        .and_then(|c| c.strip_prefix("c:"))
        .and_then(|c| c.parse::<usize>().ok())
        .unwrap_or(0)
        .min(items.len());
    let end = (start + n).min(items.len());
    json!({
        "pageInfo": {"hasNextPage": end < items.len(), "endCursor": (end > start).then(|| format!("c:{end}"))},
        "nodes": items[start..end].to_vec()
    })
}

/// One page of a top-level list, with `totalCount` as GitHub gives it.
fn counted(items: &[Value], cursor: Option<&str>, n: usize) -> Value {
    let mut one = page(items, cursor, n);
    one["totalCount"] = json!(items.len());
    one
}

impl FakeGitHub {
    fn runs(doc: &str, suite: &FakeSuite, check: &str) -> Vec<Value> {
        let _ = doc;
        suite
            .runs
            .iter()
            .filter(|r| r.name == check)
            .map(|r| json!({"name": r.name, "conclusion": r.conclusion, "completedAt": r.completed_at}))
            .collect()
    }

    fn suites(
        doc: &str,
        pr: u64,
        c: usize,
        commit: &FakeCommit,
        check: &str,
    ) -> Result<Vec<Value>, String> {
        let n = size(doc, "checkRuns")?;
        Ok(commit
            .suites
            .iter()
            .enumerate()
            .map(|(s, suite)| {
                json!({
                    "id": format!("CS{pr}:{c}:{s}"),
                    "app": {"slug": suite.app},
                    "checkRuns": page(&Self::runs(doc, suite, check), None, n)
                })
            })
            .collect())
    }

    fn commits(doc: &str, pr: &FakePr, check: &str) -> Result<Vec<Value>, String> {
        let n = size(doc, "checkSuites")?;
        pr.commits
            .iter()
            .enumerate()
            .map(|(c, commit)| {
                Ok(json!({"commit": {
                    "id": format!("CM{}:{c}", pr.number),
                    "oid": commit.oid,
                    "committedDate": commit.date,
                    "checkSuites": page(&Self::suites(doc, pr.number, c, commit, check)?, None, n)
                }}))
            })
            .collect()
    }

    fn pull_request(&self, doc: &str, pr: &FakePr, check: &str) -> Result<Value, String> {
        let closed = pr
            .merged_at
            .clone()
            .or_else(|| (pr.state == "CLOSED").then(|| "2026-06-03T00:00:00Z".to_string()));
        let files: Vec<Value> = pr.files.iter().map(|p| json!({"path": p})).collect();
        let head_commit = pr.commits.last().map(|c| {
            json!({"commit": {"oid": c.oid, "status": if pr.statuses.is_empty() { Value::Null } else { json!({"contexts": pr.statuses}) }}})
        });
        Ok(json!({
            "id": format!("PR{}", pr.number),
            "number": pr.number,
            "state": pr.state,
            "createdAt": pr.created_at,
            "closedAt": closed,
            "mergedAt": pr.merged_at,
            "headRefOid": pr.head(),
            "changedFiles": pr.changed_files.unwrap_or(pr.files.len() as u64),
            "author": pr.author.as_ref().map(|a| json!({"login": a})),
            "files": page(&files, None, size(doc, "files")?),
            "timelineItems": page(&pr.label_events, None, size(doc, "timelineItems")?),
            "reviews": page(&pr.reviews, None, size(doc, "reviews")?),
            "closingIssuesReferences": page(&pr.closing, None, size(doc, "closingIssuesReferences")?),
            "commits": page(&Self::commits(doc, pr, check)?, None, size(doc, "commits")?),
            "head": {"nodes": head_commit.into_iter().collect::<Vec<_>>()}
        }))
    }

    /// One page of the issues of a label, each with the first page of its
    /// label events.
    fn issues(doc: &str, vars: &Value, issues: &[Value]) -> Result<Value, String> {
        let n = size(doc, "issues")?;
        let events = size(doc, "timelineItems")?;
        let nodes: Vec<Value> = issues
            .iter()
            .map(|s| {
                let mut s = s.clone();
                let labels = s["label_events"].as_array().cloned().unwrap_or_default();
                s["id"] = json!(format!("IS{}", s["number"]));
                s["timelineItems"] = page(&labels, None, events);
                if let Some(s) = s.as_object_mut() {
                    s.remove("label_events");
                }
                s
            })
            .collect();
        Ok(json!({"repository": {"issues": counted(&nodes, vars["cursor"].as_str(), n)}}))
    }

    /// `node(id:)` with one nested connection read on from `cursor`.
    fn more(&self, doc: &str, vars: &Value) -> Result<Value, String> {
        let id = vars["id"].as_str().unwrap_or("");
        let cursor = vars["cursor"].as_str();
        let check = vars["check"].as_str().unwrap_or("");
        let pr_of = |n: &str| -> Option<&FakePr> {
            let n: u64 = n.parse().ok()?;
            self.prs.iter().find(|p| p.number == n)
        };
        let (field, items, n) = if let Some(rest) = id.strip_prefix("PR") {
            let pr = pr_of(rest).ok_or("no such node")?;
            let op = operation(doc);
            let (field, items): (&str, Vec<Value>) = match op {
                "MoreFiles" => (
                    "files",
                    pr.files.iter().map(|p| json!({"path": p})).collect(),
                ),
                "MoreLabelEvents" => ("timelineItems", pr.label_events.clone()),
                "MoreReviews" => ("reviews", pr.reviews.clone()),
                "MoreClosingIssues" => ("closingIssuesReferences", pr.closing.clone()),
                "MoreCommits" => ("commits", Self::commits(doc, pr, check)?),
                other => return Err(format!("unknown operation {other}")),
            };
            (field, items, size(doc, field)?)
        } else if let Some(rest) = id.strip_prefix("IS") {
            let survey = self
                .surveys
                .iter()
                .chain(&self.complaints)
                .find(|s| s["number"].as_u64().map(|n| n.to_string()).as_deref() == Some(rest))
                .ok_or("no such node")?;
            let labels = survey["label_events"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            ("timelineItems", labels, size(doc, "timelineItems")?)
        } else if let Some(rest) = id.strip_prefix("CM") {
            let (n, c) = rest.split_once(':').ok_or("bad id")?;
            let pr = pr_of(n).ok_or("no such node")?;
            let c: usize = c.parse().map_err(|_| "bad id")?;
            let commit = pr.commits.get(c).ok_or("no such node")?;
            let items = Self::suites(doc, pr.number, c, commit, check)?;
            ("checkSuites", items, size(doc, "checkSuites")?)
        } else if let Some(rest) = id.strip_prefix("CS") {
            let parts: Vec<&str> = rest.split(':').collect();
            let [n, c, s] = parts.as_slice() else {
                return Err("bad id".into());
            };
            let pr = pr_of(n).ok_or("no such node")?;
            let commit = c
                .parse::<usize>()
                .ok()
                .and_then(|c| pr.commits.get(c))
                .ok_or("no such node")?;
            let suite = s
                .parse::<usize>()
                .ok()
                .and_then(|s| commit.suites.get(s))
                .ok_or("no such node")?;
            (
                "checkRuns",
                Self::runs(doc, suite, check),
                size(doc, "checkRuns")?,
            )
        } else {
            return Err("no such node".into());
        };
        Ok(json!({"node": {field: page(&items, cursor, n)}}))
    }

    fn answer(&self, body: &Value) -> Result<Value, String> {
        let doc = body["query"].as_str().unwrap_or("");
        let vars = &body["variables"];
        let check = vars["check"].as_str().unwrap_or("");
        match operation(doc) {
            "PullRequests" | "OpenPullRequests" => {
                let n = size(doc, "pullRequests")?;
                let open_only = doc.contains("states: [OPEN]");
                let nodes: Vec<Value> = self
                    .prs
                    .iter()
                    .filter(|pr| !open_only || pr.state == "OPEN")
                    .map(|pr| self.pull_request(doc, pr, check))
                    .collect::<Result<_, _>>()?;
                Ok(
                    json!({"repository": {"pullRequests": counted(&nodes, vars["cursor"].as_str(), n)}}),
                )
            }
            "PullRequest" => {
                let number = vars["number"].as_u64().unwrap_or(0);
                let pr = match self.prs.iter().find(|p| p.number == number) {
                    Some(pr) => self.pull_request(doc, pr, check)?,
                    None => Value::Null,
                };
                Ok(json!({"repository": {"pullRequest": pr}}))
            }
            "Surveys" => Self::issues(doc, vars, &self.surveys),
            "Complaints" => Self::issues(doc, vars, &self.complaints),
            "RequestFiles" => {
                let mut repo = serde_json::Map::new();
                for line in doc.lines() {
                    let line = line.trim();
                    let Some((alias, rest)) = line.split_once(": object(expression: ") else {
                        continue;
                    };
                    let expr: String = rest
                        .split(") {")
                        .next()
                        .and_then(|lit| serde_json::from_str(lit).ok())
                        .unwrap_or_default();
                    let text = self
                        .blobs
                        .iter()
                        .find(|(e, _)| *e == expr)
                        .map(|(_, t)| t.clone());
                    repo.insert(
                        alias.to_string(),
                        text.map_or(Value::Null, |t| json!({"text": t})),
                    );
                }
                Ok(json!({"repository": repo}))
            }
            op if op.starts_with("More") => self.more(doc, vars),
            other => Err(format!("unknown operation `{other}`")),
        }
    }
}

impl Respond for FakeGitHub {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
        match self.answer(&body) {
            Ok(data) => ResponseTemplate::new(200).set_body_json(json!({"data": data})),
            Err(message) => ResponseTemplate::new(200)
                .set_body_json(json!({"data": null, "errors": [{"message": message}]})),
        }
    }
}

/// How many GraphQL calls of each operation the server received.
pub fn operations(requests: &[Request]) -> Vec<String> {
    requests
        .iter()
        .filter(|r| r.url.path() == "/graphql")
        .filter_map(|r| serde_json::from_slice::<Value>(&r.body).ok())
        .map(|b| operation(b["query"].as_str().unwrap_or("")).to_string())
        .collect()
}
