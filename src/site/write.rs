//! Writing a built site to a directory, atomically: files go into a fresh
//! directory beside the target, which then takes the target's place, so an
//! interrupted build leaves the previous site as it was.

use std::fs;
use std::path::{Path, PathBuf};

use crate::site::{Sink, SiteError};

/// A sink writing into a temporary directory beside `out`.
#[derive(Debug)]
pub struct DirSink {
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
    pub fn new(out: &Path) -> Result<DirSink, SiteError> {
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
    pub fn commit(self) -> Result<PathBuf, SiteError> {
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
    pub fn abandon(self) {
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
}
