//! The git history walk, on real repositories built with git2 and commits
//! at chosen times.

use chrono::{DateTime, Utc};

use crate::support::{Commit, Fixture, REQ, shallow_clone, valid_request};

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .expect("time")
        .with_timezone(&Utc)
}

/// The base instance with a history: alpha in the first commit, beta merged
/// from a branch (pull request #12), gamma squashed in (#13).
pub fn instance_with_history() -> Fixture {
    let f = Fixture::base();
    let c0 = Commit::new("Initial instance")
        .at("2026-10-01T01:00:00Z")
        .make(f.root());
    f.write(REQ, valid_request());
    let c1 = Commit::new("Permohonan beta")
        .at("2026-11-02T01:00:00Z")
        .off_head()
        .make(f.root());
    f.edit(REQ, "Situs Dinas B", "Situs resmi Dinas B");
    let c2 = Commit::new("Perbaiki tujuan")
        .at("2026-11-03T01:00:00Z")
        .parents(&[&c1])
        .off_head()
        .make(f.root());
    Commit::new("Merge pull request #12 from dinas-b/beta")
        .at("2026-11-04T03:00:00Z")
        .parents(&[&c0, &c2])
        .make(f.root());
    let gamma = valid_request().replace("subdomain: beta", "subdomain: gamma");
    f.write("requests/dinas-b/2026-0003-gamma.yaml", gamma);
    Commit::new("Permohonan gamma (#13)")
        .at("2026-11-10T02:00:00Z")
        .make(f.root());
    f
}

#[test]
fn first_parent_history_says_when_each_request_entered() {
    let f = instance_with_history();
    let h = loket::review::history::read(f.root(), "HEAD").expect("history");
    assert_eq!(
        h.order,
        [
            "requests/dinas-a/2026-0001-alpha.yaml",
            REQ,
            "requests/dinas-b/2026-0003-gamma.yaml"
        ]
    );
    assert!(!h.shallow);
    let beta = &h.files[REQ];
    assert_eq!(beta.entered.time, at("2026-11-04T03:00:00Z"));
    assert!(beta.entered.merge);
    assert_eq!(beta.entered.pull_request, Some(12));
    assert_eq!(
        beta.submitted,
        Some(at("2026-11-02T01:00:00Z")),
        "the branch's first commit holding the file"
    );
    let gamma = &h.files["requests/dinas-b/2026-0003-gamma.yaml"];
    assert_eq!(
        (gamma.entered.pull_request, gamma.submitted),
        (Some(13), None)
    );
    assert!(beta.changed.is_empty());
}

#[test]
fn status_from_git_alone() {
    let f = instance_with_history();
    let run = f.run(&[
        "status",
        "--format",
        "json",
        "--now",
        "2026-11-23T00:00:00Z",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let all: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    let beta = &all[1];
    assert_eq!(beta["id"], "2026-0002");
    assert_eq!(beta["status"], "disetujui");
    assert_eq!(beta["pull_request"], 12);
    assert_eq!(beta["clock"]["started"], "2026-11-02T01:00:00Z");
    assert_eq!(beta["clock"]["stopped"], "2026-11-04T03:00:00Z");
    assert_eq!(beta["clock"]["used_working_days"], 2);
    assert_eq!(beta["clock"]["due"], "2026-11-05T08:00:00Z");
    assert_eq!(beta["clock"]["verdict"], "on_time");
    let table = f.run(&["status", "--now", "2026-11-23T00:00:00Z"]).stdout;
    assert!(
        table.contains("2026-0002  dinas-b   beta       subdomain-baru  disetujui  2/3"),
        "{table}"
    );
}

#[test]
fn a_shallow_clone_says_what_is_missing() {
    let f = instance_with_history();
    let (_clone, root) = shallow_clone(f.root());
    let h = loket::review::history::read(&root, "HEAD").expect("history");
    assert!(h.shallow);
    assert!(h.files.values().all(|f| f.approximate));
    assert!(
        h.shallow_note()
            .is_some_and(|n| n.contains("fetch-depth: 0"))
    );
    let run = crate::support::run_in(&root, &["status", "2026-0002"]);
    assert!(run.stdout.contains("shallow"), "{}", run.stdout);
}

/// Regression: right after `loket init` (git init, no commit yet) every
/// command warned that `HEAD` was not found.
#[test]
fn a_repository_without_a_commit_has_an_empty_history_and_no_warning() {
    let parent = tempfile::tempdir().expect("tmp");
    let dir = parent.path().join("kudus");
    let run = crate::support::run_in(
        parent.path(),
        &["init", "--preset", "kudus", &dir.to_string_lossy()],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let h = loket::review::history::read(&dir, "HEAD").expect("history");
    assert!(h.files.is_empty() && !h.shallow);
    let run = crate::support::run_in(&dir, &["status"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
}

#[test]
fn outside_a_repository_status_still_works_and_warns() {
    let f = Fixture::base();
    let run = f.run(&["status"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stderr.contains("not inside a git repository"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("2026-0001"), "{}", run.stdout);
}
