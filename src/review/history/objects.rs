//! Commits and trees read straight from the object database, for walks
//! that need only a commit's tree and first parent and a tree's entries.
//!
//! libgit2's parsed objects cost more than such a walk uses: a commit is
//! parsed whole (author, committer, message), every tree entry's mode is
//! converted from octal and each entry allocated. Here a commit yields its
//! tree and first parent, a tree its entries as slices of the object's
//! bytes (with the name, id and whether it is a tree), and nothing else.
//! Malformed objects are errors, never panics.

use git2::{Odb, Oid};

/// Why an object could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ObjectError {
    /// The object database failed (missing object, corrupt pack).
    #[error(transparent)]
    Git(#[from] git2::Error),
    /// The object is not what git writes.
    #[error("the git object {id} is malformed: {what}; run `git fsck`")]
    Malformed {
        /// The object.
        id: Oid,
        /// What is wrong.
        what: &'static str,
    },
}

/// A commit's tree and first parent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawCommit {
    /// Its root tree.
    pub tree: Oid,
    /// Its first parent, as the commit names it (in a shallow clone the
    /// object may be absent).
    pub parent: Option<Oid>,
}

/// Reads commit `id`: the `tree` line and the first `parent` line of its
/// header.
pub fn commit(odb: &Odb<'_>, id: Oid) -> Result<RawCommit, ObjectError> {
    let object = odb.read(id)?;
    let malformed = |what| ObjectError::Malformed { id, what };
    if object.kind() != git2::ObjectType::Commit {
        return Err(malformed("not a commit"));
    }
    let mut lines = object.data().split(|&b| b == b'\n');
    let tree = lines
        .next()
        .and_then(|l| l.strip_prefix(b"tree "))
        .and_then(hex_oid)
        .ok_or_else(|| malformed("no tree line"))?;
    let parent = match lines.next().and_then(|l| l.strip_prefix(b"parent ")) {
        Some(hex) => Some(hex_oid(hex).ok_or_else(|| malformed("bad parent line"))?),
        None => None,
    };
    Ok(RawCommit { tree, parent })
}

fn hex_oid(hex: &[u8]) -> Option<Oid> {
    std::str::from_utf8(hex)
        .ok()
        .and_then(|s| Oid::from_str(s).ok())
}

/// One entry of a tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry<'t> {
    /// Its name.
    pub name: &'t [u8],
    /// Its object's id, as bytes (see [`Entry::oid`]).
    pub id: &'t [u8],
    /// Whether it is a tree (a directory).
    pub is_tree: bool,
    /// Whether it is a blob (a file or a symbolic link), not a tree or a
    /// submodule's commit.
    pub is_blob: bool,
}

impl Entry<'_> {
    /// Its object's id.
    pub fn oid(&self) -> Result<Oid, git2::Error> {
        Oid::from_bytes(self.id)
    }
}

/// A tree's entries, in the tree's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawTree {
    /// The tree's id.
    pub id: Oid,
    data: Vec<u8>,
    /// `(start of the name, end of the name, start of the id)` per entry.
    spans: Vec<(usize, usize, usize)>,
    /// Bytes of an object id (20 for SHA-1, 32 for SHA-256).
    width: usize,
    /// Per entry: tree, blob.
    kinds: Vec<(bool, bool)>,
}

/// Reads tree `id` (its ids as wide as `id`).
pub fn tree(odb: &Odb<'_>, id: Oid) -> Result<RawTree, ObjectError> {
    let object = odb.read(id)?;
    let malformed = |what| ObjectError::Malformed { id, what };
    if object.kind() != git2::ObjectType::Tree {
        return Err(malformed("not a tree"));
    }
    let data = object.data().to_vec();
    let width = id.as_bytes().len();
    // An entry takes at least a mode, a name byte, two separators and an id.
    let most = data.len() / (width + 8) + 1;
    let (mut spans, mut kinds) = (Vec::with_capacity(most), Vec::with_capacity(most));
    let mut at = 0;
    while at < data.len() {
        let space = find(&data[at..], b' ').ok_or_else(|| malformed("entry without a mode"))?;
        let mode = &data[at..at + space];
        let name = at + space + 1;
        let nul = find(&data[name..], 0).ok_or_else(|| malformed("entry without a name end"))?;
        let oid = name + nul + 1;
        if oid + width > data.len() || nul == 0 {
            return Err(malformed("entry cut short"));
        }
        let is_tree = mode == b"40000";
        let is_blob = !is_tree && mode != b"160000";
        spans.push((name, name + nul, oid));
        kinds.push((is_tree, is_blob));
        at = oid + width;
    }
    Ok(RawTree {
        id,
        data,
        spans,
        width,
        kinds,
    })
}

fn find(bytes: &[u8], byte: u8) -> Option<usize> {
    bytes.iter().position(|&b| b == byte)
}

impl RawTree {
    /// The number of entries.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Whether the tree has no entry.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// Entry `i`, in the tree's order.
    pub fn get(&self, i: usize) -> Option<Entry<'_>> {
        let &(name, end, oid) = self.spans.get(i)?;
        let &(is_tree, is_blob) = self.kinds.get(i)?;
        Some(Entry {
            name: &self.data[name..end],
            id: &self.data[oid..oid + self.width],
            is_tree,
            is_blob,
        })
    }

    /// Every entry, in the tree's order.
    pub fn iter(&self) -> impl Iterator<Item = Entry<'_>> {
        (0..self.len()).filter_map(|i| self.get(i))
    }

    /// The entry named `name`.
    pub fn get_name(&self, name: &[u8]) -> Option<Entry<'_>> {
        self.iter().find(|e| e.name == name)
    }

    /// The names of the blobs, sorted, for lookups by [`slice::binary_search`].
    pub fn blob_names(&self) -> Vec<&[u8]> {
        let mut names: Vec<&[u8]> = self.iter().filter(|e| e.is_blob).map(|e| e.name).collect();
        names.sort_unstable();
        names
    }
}

/// The subtree at `path` (`/`-separated, `""` for `root` itself) under
/// tree `root`, when it is a tree.
pub fn subtree(odb: &Odb<'_>, root: Oid, path: &str) -> Result<Option<RawTree>, ObjectError> {
    let mut tree = tree(odb, root)?;
    for part in path.split('/').filter(|p| !p.is_empty()) {
        match tree.get_name(part.as_bytes()) {
            Some(e) if e.is_tree => tree = self::tree(odb, e.oid()?)?,
            _ => return Ok(None),
        }
    }
    Ok(Some(tree))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Commits and trees read raw agree with libgit2's parse, and a
    /// malformed tree is an error.
    #[test]
    fn raw_objects_agree_with_libgit2() {
        let dir = tempfile::tempdir().expect("tmp");
        let repo = git2::Repository::init(dir.path()).expect("init");
        let odb = repo.odb().expect("odb");
        let blob = odb.write(git2::ObjectType::Blob, b"x").expect("blob");
        let mut inner = repo.treebuilder(None).expect("builder");
        inner.insert("b.yaml", blob, 0o100644).expect("insert");
        let inner = inner.write().expect("inner");
        let mut root = repo.treebuilder(None).expect("builder");
        root.insert("a.yaml", blob, 0o100755).expect("insert");
        root.insert("requests", inner, 0o040000).expect("insert");
        let root = root.write().expect("root");
        let who = git2::Signature::now("Uji", "uji@contohkab.go.id").expect("signature");
        let tree = repo.find_tree(root).expect("tree");
        let first = repo
            .commit(None, &who, &who, "first", &tree, &[])
            .expect("commit");
        let parent = repo.find_commit(first).expect("first");
        let second = repo
            .commit(None, &who, &who, "second", &tree, &[&parent])
            .expect("commit");

        assert_eq!(
            commit(&odb, first).expect("raw"),
            RawCommit {
                tree: root,
                parent: None
            }
        );
        assert_eq!(commit(&odb, second).expect("raw").parent, Some(first));
        let raw = self::tree(&odb, root).expect("tree");
        let names: Vec<(&[u8], bool, bool)> =
            raw.iter().map(|e| (e.name, e.is_tree, e.is_blob)).collect();
        assert_eq!(
            names,
            [
                (&b"a.yaml"[..], false, true),
                (&b"requests"[..], true, false)
            ]
        );
        let sub = subtree(&odb, root, "requests")
            .expect("read")
            .expect("tree");
        assert_eq!(sub.id, inner);
        assert_eq!(sub.get_name(b"b.yaml").map(|e| e.id), Some(blob.as_bytes()));
        assert!(subtree(&odb, root, "a.yaml/x").expect("read").is_none());
        assert!(matches!(
            commit(&odb, root),
            Err(ObjectError::Malformed { .. })
        ));
        let broken = odb
            .write(git2::ObjectType::Tree, b"100644 cut\0abc")
            .expect("write");
        assert!(matches!(
            self::tree(&odb, broken),
            Err(ObjectError::Malformed { .. })
        ));
    }
}
