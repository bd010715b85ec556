//! Git for the tests: the one way a test commits, checks out, clones or
//! runs `git`, on a real repository in a fixture's (or any) directory.

use std::path::{Path, PathBuf};
use std::process::Command;

use git2::{Oid, Repository, Signature, Time};

/// The identity every test commit is made by.
const NAME: &str = "Uji";
/// Its email.
const EMAIL: &str = "uji@contohkab.go.id";

/// A commit to make with [`Commit::make`]: by default every file of the
/// work tree, by the test identity, now, on top of `HEAD`, moving `HEAD`.
#[must_use]
pub struct Commit<'a> {
    message: &'a str,
    at: Option<&'a str>,
    parents: Option<Vec<String>>,
    move_head: bool,
    paths: &'a [&'a str],
}

impl<'a> Commit<'a> {
    /// A commit with `message` and the defaults.
    pub fn new(message: &'a str) -> Self {
        Commit {
            message,
            at: None,
            parents: None,
            move_head: true,
            paths: &["*"],
        }
    }

    /// Dated `at` (RFC 3339), written as in WITA (+08:00).
    pub fn at(mut self, at: &'a str) -> Self {
        self.at = Some(at);
        self
    }

    /// On top of these commits (ids) rather than `HEAD`.
    pub fn parents(mut self, ids: &[impl AsRef<str>]) -> Self {
        self.parents = Some(ids.iter().map(|id| id.as_ref().to_string()).collect());
        self
    }

    /// Leaves `HEAD` where it is (a branch's commit, not yet merged).
    pub fn off_head(mut self) -> Self {
        self.move_head = false;
        self
    }

    /// Adds only the files matching these pathspecs (the index keeps what
    /// earlier commits added).
    pub fn paths(mut self, paths: &'a [&'a str]) -> Self {
        self.paths = paths;
        self
    }

    /// Makes the commit in the repository at `root` (made on first use);
    /// returns its id.
    pub fn make(self, root: &Path) -> String {
        let repo = Repository::open(root)
            .or_else(|_| Repository::init(root))
            .expect("git repository");
        let mut index = repo.index().expect("index");
        index
            .add_all(self.paths, git2::IndexAddOption::DEFAULT, None)
            .expect("add");
        index.write().expect("write index");
        let tree = repo
            .find_tree(index.write_tree().expect("tree"))
            .expect("tree");
        let who = match self.at {
            Some(at) => {
                let at = chrono::DateTime::parse_from_rfc3339(at).expect("commit time");
                Signature::new(NAME, EMAIL, &Time::new(at.timestamp(), 480))
            }
            None => Signature::now(NAME, EMAIL),
        }
        .expect("signature");
        let parents: Vec<git2::Commit<'_>> = match self.parents {
            Some(ids) => ids.iter().map(|id| find(&repo, id)).collect(),
            None => repo
                .head()
                .ok()
                .and_then(|h| h.peel_to_commit().ok())
                .into_iter()
                .collect(),
        };
        let parents: Vec<&git2::Commit<'_>> = parents.iter().collect();
        let head = self.move_head.then_some("HEAD");
        repo.commit(head, &who, &who, self.message, &tree, &parents)
            .expect("commit")
            .to_string()
    }
}

/// The commit `id` of `repo`.
fn find<'r>(repo: &'r Repository, id: &str) -> git2::Commit<'r> {
    repo.find_commit(Oid::from_str(id).expect("commit id"))
        .expect("commit")
}

/// Commits every file of the work tree at `root` on `HEAD` with
/// `message` (the repository made on first use); returns the commit id.
pub fn commit(root: &Path, message: &str) -> String {
    Commit::new(message).make(root)
}

/// Checks out commit `id` into the work tree at `root`, by force.
pub fn checkout(root: &Path, id: &str) {
    let repo = Repository::open(root).expect("git repository");
    let commit = find(&repo, id);
    repo.checkout_tree(
        commit.as_object(),
        Some(git2::build::CheckoutBuilder::new().force()),
    )
    .expect("checkout");
}

/// A clone of the repository at `root` with only its last commit; the
/// clone is at the returned path inside the returned directory.
pub fn shallow_clone(root: &Path) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let clone = dir.path().join("c");
    let url = format!("file://{}", root.display());
    git(
        dir.path(),
        &[
            "clone",
            "-q",
            "--depth",
            "1",
            &url,
            &clone.to_string_lossy(),
        ],
    );
    (dir, clone)
}

/// Runs `git ARGS` in `dir` as the test identity; asserts it succeeded
/// and returns its output.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(["-c", &format!("user.name={NAME}")])
        .args(["-c", &format!("user.email={EMAIL}")])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}
