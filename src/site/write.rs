//! Writing a built site to a directory, atomically: files go into a fresh
//! directory beside the target, which then takes the target's place, so an
//! interrupted build leaves the previous site as it was; the line that
//! says what was written ([`written`]).

use std::fs;
use std::path::{Path, PathBuf};

use crate::input::diagnostic::Lang;
use crate::site::{Sink, SiteError};

/// The line that closes a build: `files` written to `dir`, `pdfs` of them
/// PDFs (`reused` from the previous build), in `secs` seconds.
pub(crate) fn written(
    files: usize,
    dir: &Path,
    pdfs: usize,
    reused: usize,
    secs: f64,
    lang: Lang,
) -> String {
    let pdfs = if pdfs > 0 {
        lang.pick(
            format!(", {pdfs} di antaranya PDF ({reused} dipakai lagi)"),
            format!(", {pdfs} of them PDFs ({reused} reused)"),
        )
    } else {
        String::new()
    };
    let dir = dir.display();
    lang.pick(
        format!("{files} berkas ditulis ke {dir}{pdfs} ({secs:.2} s)"),
        format!("{files} files written to {dir}{pdfs} ({secs:.2} s)"),
    )
}

/// A sink writing into a temporary directory beside `out`.
#[derive(Debug)]
pub(crate) struct DirSink {
    staging: PathBuf,
    out: PathBuf,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> SiteError + '_ {
    move |source| SiteError::Io {
        path: path.display().to_string(),
        source,
    }
}

fn sibling(out: &Path, tag: &str) -> PathBuf {
    let name = out
        .file_name()
        .map_or("site".into(), |n| n.to_string_lossy().into_owned());
    out.with_file_name(format!(".{name}.{tag}-{}", std::process::id()))
}

impl DirSink {
    /// Prepares an empty staging directory beside `out`.
    pub(crate) fn new(out: &Path) -> Result<DirSink, SiteError> {
        let out = std::path::absolute(out).map_err(io(out))?;
        if let Some(parent) = out.parent() {
            fs::create_dir_all(parent).map_err(io(parent))?;
        }
        let staging = sibling(&out, "tmp");
        if staging.exists() {
            fs::remove_dir_all(&staging).map_err(io(&staging))?;
        }
        fs::create_dir(&staging).map_err(io(&staging))?;
        Ok(DirSink { staging, out })
    }

    /// Puts the staging directory in place of `out`.
    pub(crate) fn commit(self) -> Result<PathBuf, SiteError> {
        let old = sibling(&self.out, "old");
        let had_old = self.out.exists();
        if had_old {
            fs::rename(&self.out, &old).map_err(io(&self.out))?;
        }
        fs::rename(&self.staging, &self.out).map_err(io(&self.staging))?;
        if had_old {
            fs::remove_dir_all(&old).map_err(io(&old))?;
        }
        Ok(self.out.clone())
    }

    /// Removes the staging directory (after a failed build).
    pub(crate) fn abandon(self) {
        let _ = fs::remove_dir_all(&self.staging);
    }
}

impl Sink for DirSink {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), SiteError> {
        let full = self.staging.join(path);
        if let Some(parent) = full.parent() {
            fs::create_dir_all(parent).map_err(io(parent))?;
        }
        fs::write(&full, bytes).map_err(io(&full))
    }

    /// A hard link to `from` (the previous site's file, which the commit
    /// then removes from the old tree only), or a copy where the file
    /// system links none: no bytes pass through memory.
    fn put_file(&self, path: &str, from: &Path) -> Result<(), SiteError> {
        let full = self.staging.join(path);
        if let Some(parent) = full.parent() {
            fs::create_dir_all(parent).map_err(io(parent))?;
        }
        if fs::hard_link(from, &full).is_ok() {
            return Ok(());
        }
        fs::copy(from, &full).map(drop).map_err(io(&full))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file taken over from the previous site survives the commit that
    /// removes the previous tree, with its bytes.
    #[test]
    fn a_file_put_from_the_previous_site_survives_its_removal() {
        let dir = tempfile::tempdir().expect("tmp");
        let out = dir.path().join("public");
        let first = DirSink::new(&out).expect("sink");
        first.put("a/surat.pdf", b"%PDF-old").expect("put");
        first.commit().expect("commit");
        let second = DirSink::new(&out).expect("sink");
        second
            .put_file("a/surat.pdf", &out.join("a/surat.pdf"))
            .expect("put_file");
        second.commit().expect("commit");
        assert_eq!(
            fs::read(out.join("a/surat.pdf")).expect("read"),
            b"%PDF-old"
        );
        let third = DirSink::new(&out).expect("sink");
        let missing = third.put_file("b.pdf", &out.join("none.pdf"));
        assert!(matches!(missing, Err(SiteError::Io { .. })), "{missing:?}");
    }
}
