//! Which PDFs must be printed again: each PDF is keyed by a content hash
//! of what Chromium would print (its page's HTML, the static files and the
//! site's root path it loads them under), and the manifest written beside
//! the site ([`MANIFEST`]) records, per PDF, that key and the SHA-256 of
//! the PDF's bytes. A later build reuses a PDF of the previous output when
//! its key is unchanged and its bytes still hash as recorded.
//!
//! Pure: hashes and the manifest's form; reading the previous output is
//! the caller's.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The manifest's path in the site.
pub(crate) const MANIFEST: &str = "pdf-manifest.json";

/// Part of every key: changed whenever loket prints or stamps PDFs
/// differently, so that PDFs of an older loket are printed again.
const SCHEME: &str = "loket-pdf-1";

/// The hex SHA-256 of `parts`, each length-prefixed so no two lists of
/// parts hash alike.
fn digest(parts: &[&[u8]]) -> String {
    let mut ctx = ring::digest::Context::new(&ring::digest::SHA256);
    for part in parts {
        ctx.update(&(part.len() as u64).to_le_bytes());
        ctx.update(part);
    }
    hex(ctx.finish().as_ref())
}

/// Lower-case hex of `bytes`.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The hex SHA-256 of a PDF's bytes.
pub(crate) fn sha256(bytes: &[u8]) -> String {
    hex(ring::digest::digest(&ring::digest::SHA256, bytes).as_ref())
}

/// The hex SHA-256 of the file at `path`, read in pieces.
pub(crate) fn sha256_file(path: &std::path::Path) -> std::io::Result<String> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let mut ctx = ring::digest::Context::new(&ring::digest::SHA256);
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            return Ok(hex(ctx.finish().as_ref()));
        }
        ctx.update(&buf[..n]);
    }
}

/// The part of every key that all pages share: the site's `root` path
/// and every file (`path`, bytes) a page may load besides itself.
pub(crate) fn shared_key<'a>(
    root: &str,
    files: impl IntoIterator<Item = (&'a str, &'a [u8])>,
) -> String {
    let mut parts: Vec<&[u8]> = vec![SCHEME.as_bytes(), root.as_bytes()];
    for (path, bytes) in files {
        parts.push(path.as_bytes());
        parts.push(bytes);
    }
    digest(&parts)
}

/// The key of one page's PDF.
pub(crate) fn key(shared: &str, page: &str, html: &[u8]) -> String {
    digest(&[shared.as_bytes(), page.as_bytes(), html])
}

/// What the manifest says of one PDF.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Entry {
    /// Its content key ([`key`]).
    pub key: String,
    /// The SHA-256 of its bytes.
    pub sha256: String,
}

/// The manifest: every PDF of the site by its site-relative path.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Manifest {
    /// Its form's version (1).
    pub version: u32,
    /// The PDFs.
    pub pdfs: BTreeMap<String, Entry>,
}

impl Manifest {
    /// The manifest in `bytes`; empty (nothing reused) when they are not
    /// one of this version.
    pub(crate) fn parse(bytes: &[u8]) -> Manifest {
        serde_json::from_slice::<Manifest>(bytes)
            .ok()
            .filter(|m| m.version == 1)
            .unwrap_or_default()
    }

    /// Records `bytes` as the PDF at `path` printed for `key`.
    pub(crate) fn record(&mut self, path: &str, key: &str, bytes: &[u8]) {
        self.version = 1;
        self.pdfs.insert(
            path.to_string(),
            Entry {
                key: key.to_string(),
                sha256: sha256(bytes),
            },
        );
    }

    /// Takes `path`'s entry over from `previous` as it is: a reused PDF's
    /// bytes were just checked against that hash, so they are not hashed
    /// again.
    pub(crate) fn carry(&mut self, path: &str, previous: &Manifest) {
        if let Some(entry) = previous.pdfs.get(path) {
            self.version = 1;
            self.pdfs.insert(path.to_string(), entry.clone());
        }
    }

    /// Whether the PDF at `path` was printed for `key` (so a PDF of that
    /// path may be reused), whatever its bytes.
    pub(crate) fn printed_for(&self, path: &str, key: &str) -> bool {
        self.pdfs.get(path).is_some_and(|e| e.key == key)
    }

    /// Whether `bytes` are the PDF at `path` as recorded.
    #[cfg(test)]
    pub(crate) fn intact(&self, path: &str, bytes: &[u8]) -> bool {
        self.intact_as(path, &sha256(bytes))
    }

    /// Whether bytes hashing to `sha256` (hex) are the PDF at `path` as
    /// recorded.
    pub(crate) fn intact_as(&self, path: &str, sha256: &str) -> bool {
        self.pdfs.get(path).is_some_and(|e| e.sha256 == sha256)
    }

    /// The manifest as pretty JSON with a final newline.
    pub(crate) fn to_json(&self) -> Result<Vec<u8>, serde_json::Error> {
        crate::json::pretty_typed(self).map(String::into_bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reused_entry_is_carried_over_as_it_was_recorded() {
        let mut previous = Manifest::default();
        previous.record("a.pdf", "k", b"%PDF-1");
        let mut next = Manifest::default();
        next.carry("a.pdf", &previous);
        next.carry("b.pdf", &previous);
        assert_eq!(next.pdfs.len(), 1, "{next:?}");
        assert!(next.printed_for("a.pdf", "k") && next.intact("a.pdf", b"%PDF-1"));
        assert_eq!(next.version, 1);
    }

    #[test]
    fn a_key_changes_with_the_page_its_files_or_the_root() {
        let shared = shared_key("/", [("static/loket.css", &b"a{}"[..])]);
        let base = key(&shared, "permohonan/2026-0001/surat/", b"<p>x</p>");
        assert_eq!(
            base,
            key(&shared, "permohonan/2026-0001/surat/", b"<p>x</p>")
        );
        assert_ne!(
            base,
            key(&shared, "permohonan/2026-0001/surat/", b"<p>y</p>")
        );
        assert_ne!(
            base,
            key(&shared, "permohonan/2026-0002/surat/", b"<p>x</p>")
        );
        let css = shared_key("/", [("static/loket.css", &b"b{}"[..])]);
        assert_ne!(base, key(&css, "permohonan/2026-0001/surat/", b"<p>x</p>"));
        let root = shared_key("/loket/", [("static/loket.css", &b"a{}"[..])]);
        assert_ne!(base, key(&root, "permohonan/2026-0001/surat/", b"<p>x</p>"));
        // Length prefixes: moving a byte from one part to the next counts.
        assert_ne!(
            shared_key("/", [("a", &b"bc"[..])]),
            shared_key("/", [("ab", &b"c"[..])])
        );
    }

    #[test]
    fn the_manifest_round_trips_and_checks_bytes() {
        let mut m = Manifest::default();
        m.record("permohonan/2026-0001/surat.pdf", "k1", b"%PDF-1");
        let back = Manifest::parse(&m.to_json().expect("a manifest serializes"));
        assert_eq!(back, m);
        assert!(back.printed_for("permohonan/2026-0001/surat.pdf", "k1"));
        assert!(!back.printed_for("permohonan/2026-0001/surat.pdf", "k2"));
        assert!(back.intact("permohonan/2026-0001/surat.pdf", b"%PDF-1"));
        assert!(!back.intact("permohonan/2026-0001/surat.pdf", b"%PDF-2"));
        assert_eq!(Manifest::parse(b"not json"), Manifest::default());
        assert_eq!(
            Manifest::parse(br#"{"version": 2, "pdfs": {}}"#),
            Manifest::default()
        );
    }

    /// A file read in pieces hashes as its bytes do, across the piece
    /// size, so a reused PDF is checked without holding it whole.
    #[test]
    fn a_file_hashes_as_its_bytes() {
        let dir = tempfile::tempdir().expect("tmp");
        for size in [0usize, 1, 65_536, 65_537, 200_000] {
            let bytes: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
            let path = dir.path().join(format!("{size}.pdf"));
            std::fs::write(&path, &bytes).expect("write");
            assert_eq!(sha256_file(&path).expect("read"), sha256(&bytes), "{size}");
        }
        assert!(sha256_file(&dir.path().join("missing.pdf")).is_err());
    }
}
