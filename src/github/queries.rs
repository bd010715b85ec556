//! Every GraphQL document loket sends to GitHub, in one place, so that the
//! test suite can validate each against GitHub's published schema and its
//! node limit (`tests/it/graphql_contract.rs`).
//!
//! GitHub refuses a call that may return more than 500,000 nodes: the sum,
//! over every connection, of the product of the `first`/`last` values on
//! its path. The page sizes below keep the pull-request list at about
//! 40,000 nodes and 33 rate-limit points per 50 pull requests; a nested
//! connection that does not fit its first page is read to the end with the
//! `More*` documents (`node(id:)` and the connection's cursor), never
//! decided on its first page.

/// Pull requests per page of the list.
pub const PULL_REQUEST_PAGE: u32 = 50;

/// The name of the trusted workflow's check run (`.github/workflows/check.yml`,
/// job `name:`); only runs of this name are read.
pub const CHECK_NAME: &str = "loket check";

const FILE_PAGE: &str = "fragment FilePage on PullRequestChangedFileConnection {
  pageInfo { hasNextPage endCursor }
  nodes { path }
}";

const LABEL_EVENT_PAGE: &str = "fragment LabelEventPage on PullRequestTimelineItemsConnection {
  pageInfo { hasNextPage endCursor }
  nodes {
    __typename
    ... on LabeledEvent { createdAt actor { login } label { name } }
    ... on UnlabeledEvent { createdAt actor { login } label { name } }
  }
}";

const ISSUE_LABEL_EVENT_PAGE: &str =
    "fragment IssueLabelEventPage on IssueTimelineItemsConnection {
  pageInfo { hasNextPage endCursor }
  nodes {
    __typename
    ... on LabeledEvent { createdAt actor { login } label { name } }
    ... on UnlabeledEvent { createdAt actor { login } label { name } }
  }
}";

const REVIEW_PAGE: &str = "fragment ReviewPage on PullRequestReviewConnection {
  pageInfo { hasNextPage endCursor }
  nodes { author { login } state submittedAt }
}";

const ISSUE_PAGE: &str = "fragment IssuePage on IssueConnection {
  pageInfo { hasNextPage endCursor }
  nodes { number author { login } }
}";

const COMMIT_PAGE: &str = "fragment CommitPage on PullRequestCommitConnection {
  pageInfo { hasNextPage endCursor }
  nodes { commit { id oid committedDate checkSuites(first: 5) { ...SuitePage } } }
}";

const SUITE_PAGE: &str = "fragment SuitePage on CheckSuiteConnection {
  pageInfo { hasNextPage endCursor }
  nodes { id app { slug } checkRuns(first: 10, filterBy: {checkName: $check}) { ...RunPage } }
}";

const RUN_PAGE: &str = "fragment RunPage on CheckRunConnection {
  pageInfo { hasNextPage endCursor }
  nodes { name conclusion completedAt }
}";

const PULL_REQUEST_FIELDS: &str = "fragment PullRequestFields on PullRequest {
  id number state createdAt closedAt mergedAt headRefOid changedFiles
  author { login }
  files(first: 100) { ...FilePage }
  timelineItems(first: 100, itemTypes: [LABELED_EVENT, UNLABELED_EVENT]) { ...LabelEventPage }
  reviews(first: 20) { ...ReviewPage }
  closingIssuesReferences(first: 5) { ...IssuePage }
  commits(first: 10) { ...CommitPage }
  head: commits(last: 1) {
    nodes { commit { oid status { contexts { context state description createdAt creator { login } } } } }
  }
}";

/// Every fragment a pull request's fields use.
fn pull_request_fragments() -> String {
    [
        PULL_REQUEST_FIELDS,
        FILE_PAGE,
        LABEL_EVENT_PAGE,
        REVIEW_PAGE,
        ISSUE_PAGE,
        COMMIT_PAGE,
        SUITE_PAGE,
        RUN_PAGE,
    ]
    .join("\n")
}

/// Every pull request of the repository, `PULL_REQUEST_PAGE` at a time.
pub fn pull_requests() -> String {
    format!(
        "query PullRequests($owner: String!, $name: String!, $cursor: String, $check: String!) {{
  repository(owner: $owner, name: $name) {{
    pullRequests(first: {PULL_REQUEST_PAGE}, after: $cursor, orderBy: {{field: CREATED_AT, direction: ASC}}) {{
      totalCount pageInfo {{ hasNextPage endCursor }}
      nodes {{ ...PullRequestFields }}
    }}
  }}
}}
{}",
        pull_request_fragments()
    )
}

/// The open pull requests alone, `PULL_REQUEST_PAGE` at a time: what the
/// gate's check needs to see the names other pull requests ask for (L100),
/// at a cost that grows with the open pull requests, not the history.
pub fn open_pull_requests() -> String {
    format!(
        "query OpenPullRequests($owner: String!, $name: String!, $cursor: String, $check: String!) {{
  repository(owner: $owner, name: $name) {{
    pullRequests(first: {PULL_REQUEST_PAGE}, after: $cursor, states: [OPEN], orderBy: {{field: CREATED_AT, direction: ASC}}) {{
      totalCount pageInfo {{ hasNextPage endCursor }}
      nodes {{ ...PullRequestFields }}
    }}
  }}
}}
{}",
        pull_request_fragments()
    )
}

/// One pull request, for the gate of that pull request alone.
pub fn pull_request() -> String {
    format!(
        "query PullRequest($owner: String!, $name: String!, $number: Int!, $check: String!) {{
  repository(owner: $owner, name: $name) {{
    pullRequest(number: $number) {{ ...PullRequestFields }}
  }}
}}
{}",
        pull_request_fragments()
    )
}

/// A nested connection read on from its cursor: `node(id:)` of the object
/// that owns it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum More {
    /// A pull request's changed files.
    Files,
    /// A pull request's label events.
    LabelEvents,
    /// A survey or complaint issue's label events.
    IssueLabelEvents,
    /// A pull request's reviews.
    Reviews,
    /// The issues a pull request closes.
    ClosingIssues,
    /// A pull request's commits.
    Commits,
    /// A commit's check suites.
    CheckSuites,
    /// A check suite's runs of the trusted check.
    CheckRuns,
}

impl More {
    /// Every kind, for the contract test.
    pub const ALL: [More; 8] = [
        More::Files,
        More::LabelEvents,
        More::IssueLabelEvents,
        More::Reviews,
        More::ClosingIssues,
        More::Commits,
        More::CheckSuites,
        More::CheckRuns,
    ];

    /// The field the answer holds the page under.
    pub fn field(self) -> &'static str {
        match self {
            More::Files => "files",
            More::LabelEvents | More::IssueLabelEvents => "timelineItems",
            More::Reviews => "reviews",
            More::ClosingIssues => "closingIssuesReferences",
            More::Commits => "commits",
            More::CheckSuites => "checkSuites",
            More::CheckRuns => "checkRuns",
        }
    }

    /// Whether the document takes `$check`.
    pub fn takes_check(self) -> bool {
        matches!(self, More::Commits | More::CheckSuites | More::CheckRuns)
    }

    /// The document.
    pub fn document(self) -> String {
        let (owner, selection, fragments): (&str, &str, &[&str]) = match self {
            More::Files => (
                "PullRequest",
                "files(first: 100, after: $cursor) { ...FilePage }",
                &[FILE_PAGE],
            ),
            More::LabelEvents => (
                "PullRequest",
                "timelineItems(first: 100, after: $cursor, itemTypes: [LABELED_EVENT, UNLABELED_EVENT]) { ...LabelEventPage }",
                &[LABEL_EVENT_PAGE],
            ),
            More::IssueLabelEvents => (
                "Issue",
                "timelineItems(first: 100, after: $cursor, itemTypes: [LABELED_EVENT, UNLABELED_EVENT]) { ...IssueLabelEventPage }",
                &[ISSUE_LABEL_EVENT_PAGE],
            ),
            More::Reviews => (
                "PullRequest",
                "reviews(first: 100, after: $cursor) { ...ReviewPage }",
                &[REVIEW_PAGE],
            ),
            More::ClosingIssues => (
                "PullRequest",
                "closingIssuesReferences(first: 100, after: $cursor) { ...IssuePage }",
                &[ISSUE_PAGE],
            ),
            More::Commits => (
                "PullRequest",
                "commits(first: 25, after: $cursor) { ...CommitPage }",
                &[COMMIT_PAGE, SUITE_PAGE, RUN_PAGE],
            ),
            More::CheckSuites => (
                "Commit",
                "checkSuites(first: 20, after: $cursor) { ...SuitePage }",
                &[SUITE_PAGE, RUN_PAGE],
            ),
            More::CheckRuns => (
                "CheckSuite",
                "checkRuns(first: 100, after: $cursor, filterBy: {checkName: $check}) { ...RunPage }",
                &[RUN_PAGE],
            ),
        };
        let check = if self.takes_check() {
            ", $check: String!"
        } else {
            ""
        };
        let name = format!("{self:?}");
        format!(
            "query More{name}($id: ID!, $cursor: String!{check}) {{
  node(id: $id) {{ ... on {owner} {{ {selection} }} }}
}}
{}",
            fragments.join("\n")
        )
    }
}

/// The SKM survey issues (label `survei-kepuasan`), 100 at a time, with
/// their label events (officers accept a respondent by label).
pub fn surveys() -> String {
    labelled_issues("Surveys")
}

/// The issues of one label (`$label`), 100 at a time, with their label
/// events: the document of [`surveys`] and [`complaints`], named `operation`.
fn labelled_issues(operation: &str) -> String {
    format!(
        "query {operation}($owner: String!, $name: String!, $cursor: String, $label: String!) {{
  repository(owner: $owner, name: $name) {{
    issues(first: 100, after: $cursor, labels: [$label], orderBy: {{field: CREATED_AT, direction: ASC}}) {{
      totalCount pageInfo {{ hasNextPage endCursor }}
      nodes {{
        id number createdAt body state stateReason author {{ login }}
        timelineItems(first: 20, itemTypes: [LABELED_EVENT, UNLABELED_EVENT]) {{ ...IssueLabelEventPage }}
      }}
    }}
  }}
}}
{ISSUE_LABEL_EVENT_PAGE}"
    )
}

/// The complaint issues (label `pengaduan`, set by the complaint issue
/// form), 100 at a time, with their label events (officers move a
/// complaint by `status: …` labels).
pub fn complaints() -> String {
    labelled_issues("Complaints")
}

/// Files at given commits, `RequestFiles` with one aliased `object` per
/// file (`f0`, `f1`, …); `expressions` are `oid:path`.
pub fn request_files(expressions: &[String]) -> String {
    let mut query = String::from(
        "query RequestFiles($owner: String!, $name: String!) {\n  repository(owner: $owner, name: $name) {\n",
    );
    for (i, expr) in expressions.iter().enumerate() {
        // A JSON string is a valid GraphQL string literal.
        let literal = serde_json::Value::String(expr.clone()).to_string();
        query.push_str(&format!(
            "    f{i}: object(expression: {literal}) {{ ... on Blob {{ text }} }}\n"
        ));
    }
    query.push_str("  }\n}");
    query
}

/// Files read per `RequestFiles` call.
pub const FILES_PER_CALL: usize = 50;

/// One document with example variables, as the contract test sees it.
#[derive(Debug, Clone)]
pub struct Document {
    /// The operation's name.
    pub name: String,
    /// The GraphQL text.
    pub text: String,
    /// Variables as loket sends them.
    pub variables: serde_json::Value,
}

/// Every document loket sends, with variables of the shape it sends.
pub fn documents() -> Vec<Document> {
    use serde_json::json;
    let repo = json!({"owner": "pemkab", "name": "loket"});
    let with = |extra: serde_json::Value| {
        let mut v = repo.clone();
        if let (Some(v), Some(extra)) = (v.as_object_mut(), extra.as_object()) {
            v.extend(extra.clone());
        }
        v
    };
    let mut docs = vec![
        Document {
            name: "PullRequests".into(),
            text: pull_requests(),
            variables: with(json!({"cursor": null, "check": CHECK_NAME})),
        },
        Document {
            name: "OpenPullRequests".into(),
            text: open_pull_requests(),
            variables: with(json!({"cursor": null, "check": CHECK_NAME})),
        },
        Document {
            name: "PullRequest".into(),
            text: pull_request(),
            variables: with(json!({"number": 7, "check": CHECK_NAME})),
        },
        Document {
            name: "Surveys".into(),
            text: surveys(),
            variables: with(json!({"cursor": null, "label": super::SURVEY_LABEL})),
        },
        Document {
            name: "Complaints".into(),
            text: complaints(),
            variables: with(json!({"cursor": null, "label": crate::complaint::LABEL})),
        },
        Document {
            name: "AuditIssues".into(),
            text: audit_issues(),
            variables: with(json!({"cursor": null, "label": crate::github::audit_issue::LABEL})),
        },
        Document {
            name: "RequestFiles".into(),
            text: request_files(
                &(0..FILES_PER_CALL)
                    .map(|i| format!("{:040x}:requests/dinas-x/2026-{i:04}-a.yaml", i))
                    .collect::<Vec<_>>(),
            ),
            variables: repo.clone(),
        },
    ];
    for more in More::ALL {
        let mut variables = json!({"id": "PR_kwDOAAAB", "cursor": "Y3Vyc29yOjE="});
        if more.takes_check()
            && let Some(v) = variables.as_object_mut()
        {
            v.insert("check".into(), json!(CHECK_NAME));
        }
        docs.push(Document {
            name: format!("More{more:?}"),
            text: more.document(),
            variables,
        });
    }
    docs
}

/// The open issues of the web audit's label (`audit_issue::LABEL`), 100
/// at a time, with GitHub's count of them: the list must come to that
/// count, or loket would open a second issue for a name.
pub fn audit_issues() -> String {
    "query AuditIssues($owner: String!, $name: String!, $cursor: String, $label: String!) {
  repository(owner: $owner, name: $name) {
    issues(first: 100, after: $cursor, labels: [$label], states: [OPEN], orderBy: {field: CREATED_AT, direction: ASC}) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { number body author { login } }
    }
  }
}"
    .to_string()
}
