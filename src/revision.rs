//! An instance as it was at a git revision: a [`FileSource`] over a
//! commit's tree, read from git's object database with git2. No checkout:
//! the work tree and the index are never touched, and nothing shells out
//! to `git`.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use git2::{ObjectType, Oid, Repository};

use crate::load::{self, EntryKind, FileSource, Instance, LoadError};

/// Why a revision could not be read.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum RevisionError {
    /// No git repository holds the instance.
    #[error("{path} is not inside a git repository: {source}")]
    #[diagnostic(code(loket::git::repository))]
    Repository {
        /// The instance root.
        path: PathBuf,
        /// What git2 said.
        source: git2::Error,
    },
    /// The revision does not name a commit.
    #[error("`{rev}` is not a commit of this repository: {source}")]
    #[diagnostic(
        code(loket::git::revision),
        help("use a commit id, a branch, a tag or an expression such as HEAD~1")
    )]
    Revision {
        /// As given.
        rev: String,
        /// What git2 said.
        source: git2::Error,
    },
    /// The instance at that revision could not be loaded.
    #[error("at {rev}: {source}")]
    Load {
        /// As given.
        rev: String,
        /// The cause.
        source: LoadError,
    },
}

/// Loads the instance at `root` as it was at revision `rev`.
pub fn load_at(root: &Path, rev: &str) -> Result<Instance, RevisionError> {
    let repo = Repository::discover(root).map_err(|source| RevisionError::Repository {
        path: root.to_path_buf(),
        source,
    })?;
    let revision = |source| RevisionError::Revision {
        rev: rev.to_string(),
        source,
    };
    let tree = repo
        .revparse_single(rev)
        .and_then(|o| o.peel_to_commit())
        .and_then(|c| c.tree())
        .map_err(revision)?
        .id();
    let prefix = prefix(&repo, root);
    let source = GitTree {
        repo: Mutex::new(repo),
        tree,
        prefix,
    };
    load::load_from(root, &source).map_err(|source| RevisionError::Load {
        rev: rev.to_string(),
        source,
    })
}

/// Where the instance sits inside the repository, as `dir/` or empty.
fn prefix(repo: &Repository, root: &Path) -> String {
    let canonical = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let Some(workdir) = repo.workdir().map(canonical) else {
        return String::new();
    };
    let root = canonical(root);
    let rel = root.strip_prefix(&workdir).unwrap_or(Path::new(""));
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("{}/", parts.join("/"))
    }
}

/// The files of one commit's tree. git2's repository is not `Sync`, so
/// it sits behind a lock; parsing, the costly part, still runs in parallel.
struct GitTree {
    repo: Mutex<Repository>,
    tree: Oid,
    prefix: String,
}

fn io(e: git2::Error) -> std::io::Error {
    let kind = if e.code() == git2::ErrorCode::NotFound {
        std::io::ErrorKind::NotFound
    } else {
        std::io::ErrorKind::Other
    };
    std::io::Error::new(kind, e.message().to_string())
}

fn kind_of(repo: &Repository, mode: i32, kind: Option<ObjectType>, id: Oid) -> EntryKind {
    match (mode & 0o170000, kind) {
        (0o040000, _) => EntryKind::Dir,
        (0o120000, _) => EntryKind::Symlink,
        (0o100000, Some(ObjectType::Blob)) => repo
            .odb()
            .and_then(|odb| odb.read_header(id))
            .map_or(EntryKind::Other, |(size, _)| EntryKind::File {
                size: size as u64,
            }),
        _ => EntryKind::Other,
    }
}

impl GitTree {
    fn with<T>(
        &self,
        f: impl FnOnce(&Repository, &git2::Tree<'_>) -> Result<T, git2::Error>,
    ) -> std::io::Result<T> {
        let repo = self
            .repo
            .lock()
            .map_err(|_| std::io::Error::other("git repository lock poisoned"))?;
        let tree = repo.find_tree(self.tree).map_err(io)?;
        f(&repo, &tree).map_err(io)
    }

    fn full(&self, rel: &str) -> String {
        format!("{}{rel}", self.prefix)
    }
}

impl FileSource for GitTree {
    fn entry(&self, rel: &str) -> std::io::Result<EntryKind> {
        let full = self.full(rel);
        self.with(|repo, tree| {
            let entry = tree.get_path(Path::new(&full))?;
            Ok(kind_of(repo, entry.filemode(), entry.kind(), entry.id()))
        })
    }

    fn read(&self, rel: &str, max: u64) -> std::io::Result<Vec<u8>> {
        let full = self.full(rel);
        self.with(|repo, tree| {
            let blob = repo.find_blob(tree.get_path(Path::new(&full))?.id())?;
            let content = blob.content();
            let end = content
                .len()
                .min(usize::try_from(max).unwrap_or(usize::MAX));
            Ok(content[..end].to_vec())
        })
    }

    fn list(&self, rel: &str) -> std::io::Result<Vec<(String, EntryKind)>> {
        let full = self.full(rel);
        self.with(|repo, tree| {
            let dir = repo.find_tree(tree.get_path(Path::new(&full))?.id())?;
            let mut out: Vec<(String, EntryKind)> = dir
                .iter()
                .filter_map(|e| {
                    let name = e.name().ok()?.to_string();
                    Some((name, kind_of(repo, e.filemode(), e.kind(), e.id())))
                })
                .collect();
            out.sort_by(|a, b| a.0.cmp(&b.0));
            Ok(out)
        })
    }
}
