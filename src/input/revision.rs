//! An instance as it was at a git revision: a [`FileSource`] over a
//! commit's tree, read from git's object database with git2. No checkout:
//! the work tree and the index are never touched, and nothing shells out
//! to `git`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use git2::{ObjectType, Oid, Repository, TreeWalkMode, TreeWalkResult};

use rayon::prelude::*;

use crate::input::load::{self, EntryKind, FileSource, Instance, LoadError, LoadedRequest};
use crate::validate::registry::{self, Fold};

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
    /// The history up to that revision could not be read.
    #[error(transparent)]
    #[diagnostic(code(loket::git::history))]
    History(#[from] crate::review::history::HistoryError),
}

/// One revision of the repository holding the instance at `root`.
pub struct Revision {
    root: PathBuf,
    rev: String,
    files: GitTree,
}

impl Revision {
    /// The revision as it was named (`main`, `HEAD~1`, a commit).
    pub fn rev(&self) -> &str {
        &self.rev
    }

    /// Opens revision `rev` (a commit, branch, tag or expression such as
    /// `HEAD~1`) of the repository holding `root`.
    pub fn open(root: &Path, rev: &str) -> Result<Revision, RevisionError> {
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
        let files = GitTree::new(repo, tree, &prefix).map_err(revision)?;
        Ok(Revision {
            root: root.to_path_buf(),
            rev: rev.to_string(),
            files,
        })
    }

    /// The instance's files at this revision.
    pub fn files(&self) -> &dyn FileSource {
        &self.files
    }

    /// The object id of the file at `rel`: equal ids, equal bytes.
    pub fn blob(&self, rel: &str) -> Option<Oid> {
        self.files.entries.get(rel).map(|&(_, _, id)| id)
    }

    /// Loads the whole instance at this revision.
    pub fn load(&self) -> Result<Instance, RevisionError> {
        load::load_from(&self.root, &self.files).map_err(|e| self.error(e))
    }

    fn error(&self, source: LoadError) -> RevisionError {
        RevisionError::Load {
            rev: self.rev.clone(),
            source,
        }
    }
}

/// Loads the instance at `root` as it was at revision `rev`.
pub fn load_at(root: &Path, rev: &str) -> Result<Instance, RevisionError> {
    Revision::open(root, rev)?.load()
}

/// What the registry looked like at `earlier`, when `later` is already
/// loaded: `loket.yaml` and the services as they were, and the fold of
/// the requests then, in their merge order up to `earlier`. A request file
/// with the same bytes at both revisions (merged requests never change) is
/// taken from `later` instead of being parsed again.
pub fn registrations_before(
    earlier: &Revision,
    later: &Revision,
    loaded: &Instance,
) -> Result<(Instance, Fold), RevisionError> {
    let settings =
        load::load_settings(&earlier.root, &earlier.files).map_err(|e| earlier.error(e))?;
    let paths = load::request_paths(&earlier.root, &earlier.files).map_err(|e| earlier.error(e))?;
    let known: HashMap<&str, &LoadedRequest> = loaded
        .requests
        .iter()
        .map(|r| (r.file.path.as_str(), r))
        .collect();
    let (same, changed): (Vec<&String>, Vec<&String>) = paths.iter().partition(|p| {
        known.contains_key(p.as_str())
            && earlier.blob(p).is_some()
            && earlier.blob(p) == later.blob(p)
    });
    let fresh: Vec<LoadedRequest> = changed
        .par_iter()
        .map(|p| load::load_request(&earlier.files, p))
        .collect();
    let requests: Vec<&LoadedRequest> = same
        .iter()
        .filter_map(|p| known.get(p.as_str()).copied())
        .chain(fresh.iter())
        .collect();
    let fold = match &settings.config {
        Some(config) => {
            let wanted =
                registry::contested_of(config, &settings.services, requests.iter().copied());
            let order = crate::review::history::merge_order(&earlier.root, &earlier.rev, &wanted)?;
            registry::registrations_of(config, &settings.services, requests, &order)
        }
        None => Fold::default(),
    };
    Ok((settings, fold))
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

/// The files of one commit's tree, indexed once: every path under the
/// instance's `loket.yaml`, `site/` and `requests/` with its kind and object
/// id, so a lookup is a hash probe, not a walk from the root. git2's
/// repository is not `Sync`, so reading a blob takes a lock; parsing, the
/// costly part, still runs in parallel.
struct GitTree {
    repo: Mutex<Cached>,
    /// Path relative to the instance root -> (mode, kind, id).
    entries: HashMap<String, (i32, Option<ObjectType>, Oid)>,
    /// Directory -> its entries' names, sorted.
    dirs: HashMap<String, Vec<String>>,
}

/// The repository, and what was already asked of it: many requests name
/// the same attachment, whose size and first bytes are then read once.
struct Cached {
    repo: Repository,
    sizes: HashMap<Oid, u64>,
    heads: HashMap<Oid, Vec<u8>>,
}

/// Reads of at most this many bytes (magic-number probes) are cached.
const HEAD_BYTES: u64 = 64;

fn io(e: git2::Error) -> std::io::Error {
    let kind = if e.code() == git2::ErrorCode::NotFound {
        std::io::ErrorKind::NotFound
    } else {
        std::io::ErrorKind::Other
    };
    std::io::Error::new(kind, e.message().to_string())
}

fn not_found(rel: &str) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::NotFound,
        format!("{rel}: not in this revision"),
    )
}

impl GitTree {
    fn new(repo: Repository, tree: Oid, prefix: &str) -> Result<GitTree, git2::Error> {
        let mut entries = HashMap::new();
        let mut dirs: HashMap<String, Vec<String>> = HashMap::new();
        {
            let tree = repo.find_tree(tree)?;
            tree.walk(TreeWalkMode::PreOrder, |parent, entry| {
                let Some(rel_parent) = parent.strip_prefix(prefix) else {
                    // Above or beside the instance: descend only towards it.
                    let path = format!("{parent}{}/", entry.name().unwrap_or(""));
                    return if prefix.starts_with(&path) {
                        TreeWalkResult::Ok
                    } else {
                        TreeWalkResult::Skip
                    };
                };
                let Ok(name) = entry.name() else {
                    return TreeWalkResult::Skip;
                };
                let top = rel_parent.split('/').next().unwrap_or("");
                let wanted = if rel_parent.is_empty() {
                    matches!(name, "loket.yaml" | "site" | "requests")
                } else {
                    matches!(top, "site" | "requests")
                };
                if !wanted {
                    return TreeWalkResult::Skip;
                }
                let rel = format!("{rel_parent}{name}");
                let dir = rel_parent.trim_end_matches('/').to_string();
                dirs.entry(dir).or_default().push(name.to_string());
                entries.insert(rel, (entry.filemode(), entry.kind(), entry.id()));
                TreeWalkResult::Ok
            })?;
        }
        for names in dirs.values_mut() {
            names.sort();
        }
        Ok(GitTree {
            repo: Mutex::new(Cached {
                repo,
                sizes: HashMap::new(),
                heads: HashMap::new(),
            }),
            entries,
            dirs,
        })
    }

    fn repo(&self) -> std::io::Result<std::sync::MutexGuard<'_, Cached>> {
        self.repo
            .lock()
            .map_err(|_| std::io::Error::other("git repository lock poisoned"))
    }

    fn kind(&self, cached: &mut Cached, rel: &str) -> std::io::Result<EntryKind> {
        let &(mode, kind, id) = self.entries.get(rel).ok_or_else(|| not_found(rel))?;
        Ok(match (mode & 0o170000, kind) {
            (0o040000, _) => EntryKind::Dir,
            (0o120000, _) => EntryKind::Symlink,
            (0o100000, Some(ObjectType::Blob)) => {
                let size = match cached.sizes.get(&id) {
                    Some(size) => *size,
                    None => {
                        let odb = cached.repo.odb().map_err(io)?;
                        let size = odb.read_header(id).map_err(io)?.0 as u64;
                        cached.sizes.insert(id, size);
                        size
                    }
                };
                EntryKind::File { size }
            }
            _ => EntryKind::Other,
        })
    }
}

impl FileSource for GitTree {
    fn entry(&self, rel: &str) -> std::io::Result<EntryKind> {
        if rel.is_empty() {
            return Ok(EntryKind::Dir);
        }
        let mut cached = self.repo()?;
        self.kind(&mut cached, rel)
    }

    fn read(&self, rel: &str, max: u64) -> std::io::Result<Vec<u8>> {
        let &(_, _, id) = self.entries.get(rel).ok_or_else(|| not_found(rel))?;
        let mut cached = self.repo()?;
        let small = max <= HEAD_BYTES;
        if small && let Some(head) = cached.heads.get(&id) {
            return Ok(head[..head.len().min(max as usize)].to_vec());
        }
        let blob = cached.repo.find_blob(id).map_err(io)?;
        let content = blob.content();
        let end = content
            .len()
            .min(usize::try_from(max).unwrap_or(usize::MAX));
        let out = content[..end].to_vec();
        if small {
            let head = content[..content.len().min(HEAD_BYTES as usize)].to_vec();
            drop(blob);
            cached.heads.insert(id, head);
        }
        Ok(out)
    }

    fn list(&self, rel: &str) -> std::io::Result<Vec<(String, EntryKind)>> {
        let names = self.dirs.get(rel).ok_or_else(|| not_found(rel))?;
        let mut cached = self.repo()?;
        names
            .iter()
            .map(|name| {
                let path = format!("{rel}/{name}");
                let kind = match self.entries.get(&path) {
                    Some((mode, _, _)) if mode & 0o170000 == 0o100000 => {
                        // Listing needs no size; reading checks it.
                        EntryKind::File { size: 0 }
                    }
                    _ => self.kind(&mut cached, &path)?,
                };
                Ok((name.clone(), kind))
            })
            .collect()
    }
}
