//! Every GraphQL document loket sends, checked against GitHub's published
//! schema (`@octokit/graphql-schema`, pinned in `tests/graphql`) with
//! graphql-js's `validate`, and against GitHub's node limit (500,000 per
//! call) and connection rules (`first`/`last` within 1–100). A stub cannot
//! see these limits; this test can. `scripts/test` installs the packages;
//! a missing one fails the test.

use std::path::Path;
use std::process::Command;

use loket::github::queries::{Document, documents};

/// Runs the checker on `docs`; returns (passed, its table).
fn check(docs: &[Document]) -> (bool, String) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("documents.json");
    let json: Vec<serde_json::Value> = docs
        .iter()
        .map(|d| serde_json::json!({"name": d.name, "text": d.text, "variables": d.variables}))
        .collect();
    std::fs::write(&file, serde_json::to_vec(&json).expect("json")).expect("write");
    let out = Command::new("node")
        .arg(repo.join("tests/graphql/check.mjs"))
        .arg(&file)
        .output()
        .unwrap_or_else(|e| panic!("node is not installed ({e}); run ./scripts/test"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !text.contains("Cannot find package") && !text.contains("ERR_MODULE_NOT_FOUND"),
        "the schema packages are missing; run ./scripts/test, which installs them:\n{text}"
    );
    (out.status.success(), text)
}

#[test]
fn every_query_is_valid_and_within_the_node_limit() {
    let docs = documents();
    let (passed, table) = check(&docs);
    // The table (nodes and rate-limit cost per document) belongs in the log.
    println!("{table}");
    assert!(passed, "a query GitHub would refuse:\n{table}");
    for d in &docs {
        assert!(
            table
                .lines()
                .any(|l| l.starts_with(&d.name) && l.ends_with("ok")),
            "{} missing from the table:\n{table}",
            d.name
        );
    }
}

#[test]
fn the_checker_refuses_what_github_refuses() {
    let doc = |name: &str, text: &str| Document {
        name: name.into(),
        text: text.into(),
        variables: serde_json::json!({"owner": "o", "name": "n"}),
    };
    // The query loket sent before: 100 × 100 × 10 × 20 check runs alone.
    let over = doc(
        "OverLimit",
        "query OverLimit($owner: String!, $name: String!) { repository(owner: $owner, name: $name) {
          pullRequests(first: 100) { nodes { commits(last: 100) { nodes { commit {
            checkSuites(first: 10) { nodes { checkRuns(first: 20) { nodes { name } } } } } } } } } } }",
    );
    let unbounded = doc(
        "Unbounded",
        "query Unbounded($owner: String!, $name: String!) { repository(owner: $owner, name: $name) {
          pullRequests(first: 10) { nodes { files { nodes { path } } } } } }",
    );
    let unknown = doc(
        "UnknownField",
        "query UnknownField($owner: String!, $name: String!) { repository(owner: $owner, name: $name) {
          pullRequests(first: 10) { nodes { approvedBy } } } }",
    );
    let (passed, table) = check(&[over, unbounded, unknown]);
    assert!(!passed, "{table}");
    assert!(
        table.contains("OverLimit: 2110100 nodes is over GitHub's limit of 500000"),
        "{table}"
    );
    assert!(
        table.contains("Unbounded: Unbounded.repository.pullRequests.nodes.files: a connection without first or last"),
        "{table}"
    );
    assert!(
        table.contains("Cannot query field \"approvedBy\" on type \"PullRequest\""),
        "{table}"
    );
}
