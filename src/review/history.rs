//! The git history of the instance: when each request file entered the
//! branch, read in one pass over first-parent history with git2 (no
//! checkout, no `git` process).
//!
//! Trees are compared by object id and only subtrees of `requests/` whose
//! id changed are opened, so a long history costs little. For a merge
//! commit, the commits it brought in are searched for the first one that
//! held the file: when the agency submitted it.
//!
//! [`merge_order`] is the cheaper walk the registry fold needs: where a
//! given set of request files entered, read back from the tip until each
//! is placed.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use chrono::{DateTime, TimeZone, Utc};
use git2::{ObjectType, Oid, Repository, Sort, Tree};

use crate::input::load::REQUESTS_DIR;

pub mod objects;
use crate::validate::registry::{Entered, MergeOrder};

/// Why the history could not be read.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    /// No repository at or above the instance.
    #[error(
        "{path} is not inside a git repository ({source}): run `git init`, or clone the instance with git"
    )]
    NotARepository {
        /// The instance root.
        path: PathBuf,
        /// What git said.
        source: git2::Error,
    },
    /// The revision does not exist.
    #[error("revision `{rev}` not found ({source}); is the branch fetched?")]
    Revision {
        /// The revision asked for.
        rev: String,
        /// What git said.
        source: git2::Error,
    },
    /// Reading objects failed.
    #[error("reading git history failed: {0}")]
    Git(#[from] git2::Error),
    /// An object of the history is malformed.
    #[error(transparent)]
    Object(#[from] objects::ObjectError),
}

/// One commit, as the timeline needs it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CommitInfo {
    /// Full hex id.
    pub id: String,
    /// Committer time.
    pub time: DateTime<Utc>,
    /// First line of the message.
    pub summary: String,
    /// Whether it has more than one parent.
    pub merge: bool,
    /// The pull request named in the message (`Merge pull request #12`, `(#12)`).
    pub pull_request: Option<u64>,
}

/// The history of one request file on the branch.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FileHistory {
    /// The first-parent commit that brought the file onto the branch.
    pub entered: CommitInfo,
    /// When the file first appeared on the merged branch, for merge commits.
    pub submitted: Option<DateTime<Utc>>,
    /// Later first-parent commits that changed the file.
    pub changed: Vec<CommitInfo>,
    /// The commit entered at the edge of a shallow clone: the true time is
    /// older and unknown.
    pub approximate: bool,
}

/// What the branch says about every request file.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct History {
    /// Request files (relative to the instance root) in the order they entered.
    pub order: Vec<String>,
    /// Each file's history.
    pub files: BTreeMap<String, FileHistory>,
    /// Whether the clone is shallow (older history is missing).
    pub shallow: bool,
}

impl History {
    /// A sentence about what is missing, for a shallow clone.
    pub fn shallow_note(&self) -> Option<String> {
        self.shallow.then(|| {
            "the clone is shallow: requests older than its oldest commit show that commit's time; \
             fetch the full history (actions/checkout with fetch-depth: 0) for true times"
                .to_string()
        })
    }
}

/// The commit `rev` names; none when `rev` is `HEAD` of a repository
/// without a commit yet (as `loket init` leaves it): no history, and
/// nothing wrong.
fn tip<'r>(repo: &'r Repository, rev: &str) -> Result<Option<git2::Commit<'r>>, HistoryError> {
    if rev == "HEAD"
        && repo
            .head()
            .is_err_and(|e| e.code() == git2::ErrorCode::UnbornBranch)
    {
        return Ok(None);
    }
    repo.revparse_single(rev)
        .and_then(|o| o.peel_to_commit())
        .map(Some)
        .map_err(|source| HistoryError::Revision {
            rev: rev.to_string(),
            source,
        })
}

/// Reads the first-parent history of `rev` for the instance at `root`.
pub fn read(root: &Path, rev: &str) -> Result<History, HistoryError> {
    // Objects of a local clone are not re-hashed on every read: git verified
    // them when they arrived, and hashing was a third of the walk's time.
    git2::opts::strict_hash_verification(false);
    let repo = Repository::discover(root).map_err(|source| HistoryError::NotARepository {
        path: root.to_path_buf(),
        source,
    })?;
    let prefix = instance_prefix(&repo, root);
    let Some(head) = tip(&repo, rev)? else {
        return Ok(History {
            order: Vec::new(),
            files: BTreeMap::new(),
            shallow: false,
        });
    };
    let mut walk = repo.revwalk()?;
    walk.push(head.id())?;
    walk.simplify_first_parent()?;
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::REVERSE)?;
    let shallow = repo.is_shallow();
    let requests_path = format!("{prefix}{REQUESTS_DIR}");
    let mut history = History {
        shallow,
        ..History::default()
    };
    for oid in walk {
        let commit = repo.find_commit(oid?)?;
        let new = subtree(&repo, &commit.tree()?, &requests_path)?;
        // A grafted (shallow) boundary commit has no parent object.
        let parent = commit.parent(0).ok();
        let old = match &parent {
            Some(p) => subtree(&repo, &p.tree()?, &requests_path)?,
            None => None,
        };
        // libgit2 shows a shallow boundary commit without parents.
        let approximate = parent.is_none() && shallow;
        if new.as_ref().map(Tree::id) == old.as_ref().map(Tree::id) {
            continue;
        }
        let changed = changed_files(&repo, old.as_ref(), new.as_ref())?;
        if changed.is_empty() {
            continue;
        }
        let info = commit_info(&commit);
        for (rel, added) in changed {
            let path = format!("{REQUESTS_DIR}/{rel}");
            if added && !history.files.contains_key(&path) {
                let submitted = if commit.parent_count() > 1 {
                    submitted_at(&repo, &commit, &format!("{requests_path}/{rel}"))?
                } else {
                    None
                };
                history.order.push(path.clone());
                history.files.insert(
                    path,
                    FileHistory {
                        entered: info.clone(),
                        submitted,
                        changed: Vec::new(),
                        approximate,
                    },
                );
            } else if let Some(file) = history.files.get_mut(&path) {
                file.changed.push(info.clone());
            }
        }
    }
    Ok(history)
}

/// Where each of `wanted` (request files, relative to the instance root)
/// entered the first-parent history of `rev`: the order the registry folds
/// them in.
///
/// Read back from `rev` along first parents only, one commit at a time,
/// until every wanted file is placed: a file enters at the commit whose
/// first parent lacks it (the last time it came onto the branch). Each step
/// compares `requests/` tree ids and opens only the parent's subtree of an
/// agency that changed and still has a file to place. A file absent at
/// `rev` (not committed, a pull request's file written as data) is left
/// out: it comes after every merged one. Outside a git repository, or
/// before the first commit, nothing is merged. In a shallow clone the files
/// still unplaced at its edge enter at its oldest commit, and the order
/// says it is approximate.
pub fn merge_order(
    root: &Path,
    rev: &str,
    wanted: &BTreeSet<String>,
) -> Result<MergeOrder, HistoryError> {
    if wanted.is_empty() {
        return Ok(MergeOrder::default());
    }
    git2::opts::strict_hash_verification(false);
    let Ok(repo) = Repository::discover(root) else {
        return Ok(MergeOrder::default());
    };
    let Some(tip) = tip(&repo, rev)? else {
        return Ok(MergeOrder::default());
    };
    // Commits and trees are read raw: the walk needs a commit's tree and
    // first parent, and tree entries by name (see `objects`).
    let odb = repo.odb()?;
    let shallow = repo.is_shallow();
    let requests_path = format!("{}{REQUESTS_DIR}", instance_prefix(&repo, root));
    let mut id = tip.id();
    let mut commit = objects::commit(&odb, id)?;
    let mut requests = objects::subtree(&odb, commit.tree, &requests_path)?;
    // Files to place, by agency directory: (file name, path). Only those
    // present at the tip entered at all.
    let mut remaining: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    let prefix = format!("{REQUESTS_DIR}/");
    for path in wanted {
        let Some((agency, file)) = path.strip_prefix(&prefix).and_then(|r| r.split_once('/'))
        else {
            continue;
        };
        let present = requests
            .as_ref()
            .and_then(|t| t.get_name(agency.as_bytes()))
            .filter(|e| e.is_tree)
            .map(|e| objects::tree(&odb, e.oid()?))
            .transpose()?
            .is_some_and(|t| t.get_name(file.as_bytes()).is_some_and(|e| e.is_blob));
        if present && !file.contains('/') {
            remaining
                .entry(agency.to_string())
                .or_default()
                .push((file.to_string(), path.clone()));
        }
    }
    let mut entered = BTreeMap::new();
    let mut approximate = false;
    let mut depth = 0u64;
    while !remaining.is_empty() {
        // A root commit, or a shallow clone's edge, has no parent to read.
        let parent = commit
            .parent
            .filter(|p| !shallow || odb.exists(*p))
            .map(|p| objects::commit(&odb, p).map(|c| (p, c)))
            .transpose()?;
        let before = match &parent {
            Some((_, p)) => objects::subtree(&odb, p.tree, &requests_path)?,
            None => None,
        };
        // At a shallow clone's edge the files left entered somewhere older.
        let edge = parent.is_none() && shallow;
        if let Some(now) = requests.as_ref()
            && before.as_ref().map(|t| t.id) != Some(now.id)
        {
            approximate |= edge;
            let mut here = None;
            for (i, entry) in now.iter().enumerate() {
                // The agency's directory in the parent: at the same place
                // while no directory came or went, else found by name.
                let old = before.as_ref().and_then(|t| match t.get(i) {
                    Some(e) if e.name == entry.name => Some(e),
                    _ => t.get_name(entry.name),
                });
                if old.is_some_and(|e| e.id == entry.id) {
                    continue;
                }
                let Some(files) = std::str::from_utf8(entry.name)
                    .ok()
                    .and_then(|n| remaining.get_mut(n))
                else {
                    continue;
                };
                let then = match old.filter(|e| e.is_tree) {
                    Some(e) => Some(objects::tree(&odb, e.oid()?)?),
                    None => None,
                };
                let names = then.as_ref().map(objects::RawTree::blob_names);
                let here = match here {
                    Some(here) => here,
                    None => *here.insert(Entered {
                        depth,
                        pull_request: if edge {
                            None
                        } else {
                            pull_request_number(
                                repo.find_commit(id)?.summary().ok().flatten().unwrap_or(""),
                            )
                        },
                    }),
                };
                files.retain(|(name, path)| {
                    let kept = names
                        .as_ref()
                        .is_some_and(|n| n.binary_search(&name.as_bytes()).is_ok());
                    if !kept {
                        entered.insert(path.clone(), here);
                    }
                    kept
                });
            }
            remaining.retain(|_, files| !files.is_empty());
        }
        let Some((parent_id, parent)) = parent else {
            break;
        };
        id = parent_id;
        commit = parent;
        requests = before;
        depth += 1;
    }
    Ok(MergeOrder::new(entered, approximate))
}

/// The instance root relative to the work tree, `""` or `"dir/"`.
fn instance_prefix(repo: &Repository, root: &Path) -> String {
    let (Some(workdir), Ok(root)) = (repo.workdir(), root.canonicalize()) else {
        return String::new();
    };
    let workdir = workdir
        .canonicalize()
        .unwrap_or_else(|_| workdir.to_path_buf());
    match root.strip_prefix(&workdir) {
        Ok(rel) if !rel.as_os_str().is_empty() => {
            let parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            format!("{}/", parts.join("/"))
        }
        _ => String::new(),
    }
}

fn subtree<'r>(
    repo: &'r Repository,
    tree: &Tree<'_>,
    path: &str,
) -> Result<Option<Tree<'r>>, git2::Error> {
    match tree.get_path(Path::new(path)) {
        Ok(entry) if entry.kind() == Some(ObjectType::Tree) => {
            Ok(Some(repo.find_tree(entry.id())?))
        }
        _ => Ok(None),
    }
}

/// Request files (`agency/file.yaml`) that differ between two `requests/`
/// trees, each with whether it is new. Only agency subtrees whose id
/// changed are opened; `lampiran/` is not descended into.
fn changed_files(
    repo: &Repository,
    old: Option<&Tree<'_>>,
    new: Option<&Tree<'_>>,
) -> Result<Vec<(String, bool)>, git2::Error> {
    let mut out = Vec::new();
    let Some(new) = new else { return Ok(out) };
    for agency in new.iter() {
        if agency.kind() != Some(ObjectType::Tree) {
            continue;
        }
        let Ok(name) = agency.name() else { continue };
        let old_agency = old.and_then(|t| t.get_name(name));
        if old_agency.as_ref().map(|e| e.id()) == Some(agency.id()) {
            continue;
        }
        let new_tree = repo.find_tree(agency.id())?;
        let old_tree = match old_agency.filter(|e| e.kind() == Some(ObjectType::Tree)) {
            Some(e) => Some(repo.find_tree(e.id())?),
            None => None,
        };
        for file in new_tree.iter() {
            let Ok(file_name) = file.name() else { continue };
            if file.kind() != Some(ObjectType::Blob) || !file_name.ends_with(".yaml") {
                continue;
            }
            let before: Option<Oid> = old_tree
                .as_ref()
                .and_then(|t| t.get_name(file_name))
                .map(|e| e.id());
            if before != Some(file.id()) {
                out.push((format!("{name}/{file_name}"), before.is_none()));
            }
        }
    }
    Ok(out)
}

/// The time of the first commit the merge brought in that holds `path`.
fn submitted_at(
    repo: &Repository,
    merge: &git2::Commit<'_>,
    path: &str,
) -> Result<Option<DateTime<Utc>>, git2::Error> {
    let mut walk = repo.revwalk()?;
    for parent in merge.parent_ids().skip(1) {
        walk.push(parent)?;
    }
    walk.hide(merge.parent_id(0)?)?;
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::REVERSE)?;
    for oid in walk {
        let commit = repo.find_commit(oid?)?;
        if commit.tree()?.get_path(Path::new(path)).is_ok() {
            return Ok(Some(time_of(&commit)));
        }
    }
    Ok(None)
}

fn time_of(commit: &git2::Commit<'_>) -> DateTime<Utc> {
    Utc.timestamp_opt(commit.time().seconds(), 0)
        .single()
        .unwrap_or_default()
}

fn commit_info(commit: &git2::Commit<'_>) -> CommitInfo {
    let summary = commit.summary().ok().flatten().unwrap_or("").to_string();
    CommitInfo {
        id: commit.id().to_string(),
        time: time_of(commit),
        pull_request: pull_request_number(&summary),
        summary,
        merge: commit.parent_count() > 1,
    }
}

/// `Merge pull request #12 from …` or `Title (#12)`.
pub fn pull_request_number(summary: &str) -> Option<u64> {
    let digits = |s: &str| -> Option<u64> {
        let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        s[..end].parse().ok()
    };
    if let Some(rest) = summary.strip_prefix("Merge pull request #") {
        return digits(rest);
    }
    let open = summary.rfind("(#")?;
    let inner = summary[open + 2..].strip_suffix(')')?;
    inner.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pull_request_numbers_from_messages() {
        assert_eq!(
            pull_request_number("Merge pull request #12 from a/b"),
            Some(12)
        );
        assert_eq!(
            pull_request_number("Permohonan subdomain disdik (#7)"),
            Some(7)
        );
        assert_eq!(pull_request_number("Add request"), None);
        assert_eq!(pull_request_number("Fix (#x)"), None);
    }
}
