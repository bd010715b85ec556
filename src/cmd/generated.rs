//! The instance's generated `.github/` files and its pinned release, read
//! against what this loket writes: shared by `loket init` (which writes and
//! refreshes them) and `loket check` (the findings L150–L155).

use std::collections::BTreeMap;
use std::path::Path;

use crate::cmd::CmdError;
use crate::github::files::GithubView;
use crate::input::diagnostic::Diagnostic;
use crate::input::load::Instance;
use crate::pin::{self, Version};

/// The bytes on disk of each of `expected`'s paths that exists.
pub fn read_generated(
    dir: &Path,
    expected: &[(String, Vec<u8>)],
) -> Result<BTreeMap<String, Vec<u8>>, CmdError> {
    let mut out = BTreeMap::new();
    for (rel, _) in expected {
        let path = dir.join(rel);
        match std::fs::read(&path) {
            Ok(bytes) => {
                out.insert(rel.clone(), bytes);
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => return Err(CmdError::Read { path, source }),
        }
    }
    Ok(out)
}

/// What `loket check` says about the release the instance at `root` runs:
/// the pin's findings (L150–L152), and, when this binary is the pinned
/// version, every generated `.github/` file that is not what it writes
/// (L153–L155). An instance without `.github/` is not on GitHub: nothing.
pub fn release_findings(root: &Path, instance: &Instance) -> Result<Vec<Diagnostic>, CmdError> {
    if !root.join(crate::github::files::DIR).is_dir() {
        return Ok(Vec::new());
    }
    let running = Version::running();
    let mut out = Vec::new();
    let pinned = match std::fs::read(root.join(pin::FILE)) {
        Ok(bytes) => {
            let text = String::from_utf8_lossy(&bytes);
            out.extend(pin::findings(&text, &running));
            pin::parse(&text).ok().map(|p| p.version)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            out.extend(pin::findings("", &running));
            None
        }
        Err(source) => {
            return Err(CmdError::Read {
                path: root.join(pin::FILE),
                source,
            });
        }
    };
    // Another version would write other files: compare only as the pinned one.
    if pinned.is_none_or(|v| v == running)
        && let Some(expected) = github_for(root, instance)?
    {
        let on_disk = read_generated(root, &expected)?;
        let drift = crate::github::files::drift(&expected, &on_disk);
        out.extend(crate::github::files::drift_findings(&drift, pin::VERSION));
    }
    Ok(out)
}

/// The `.github/` files of the instance at `dir`, made from its
/// `loket.yaml` and services as they are on disk.
pub fn github(dir: &Path) -> Result<crate::github::files::Files, CmdError> {
    let instance = crate::input::load::load(dir)?;
    github_for(dir, &instance)?.ok_or_else(|| {
        CmdError::usage(
            format!("{}/loket.yaml does not decode", dir.display()),
            "run `loket check` there and fix what it reports".to_string(),
        )
    })
}

/// The `.github/` files of `instance` (loaded from `dir`), or `None` when
/// its `loket.yaml` does not decode.
pub fn github_for(
    dir: &Path,
    instance: &Instance,
) -> Result<Option<crate::github::files::Files>, CmdError> {
    let Some(config) = instance.config.as_ref() else {
        return Ok(None);
    };
    let services: Vec<_> = instance
        .services
        .iter()
        .filter_map(|s| s.service.as_ref())
        .collect();
    let view = GithubView::new(config, &services, dir.join("Cargo.toml").is_file());
    crate::github::files::files(&view)
        .map(Some)
        .map_err(CmdError::from)
}
