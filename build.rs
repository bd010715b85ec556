//! Embeds `presets/` and `templates/github/` in the binary: writes
//! `$OUT_DIR/presets.rs` and `$OUT_DIR/github_templates.rs`, each a list of
//! `(path, include_bytes!(…))` for every file, so `loket init` works from an
//! installed binary without the source tree. Sets `LOKET_COMMIT`, the
//! commit the binary is built from (`loket --version`): the environment's
//! `LOKET_COMMIT` if set, else `git rev-parse HEAD`, else `unknown` (a
//! source tarball without git).

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    embed("presets", "presets.rs");
    embed("templates/github", "github_templates.rs");
    println!("cargo:rustc-env=LOKET_COMMIT={}", commit());
}

/// The commit being built, or `unknown`.
fn commit() -> String {
    println!("cargo:rerun-if-env-changed=LOKET_COMMIT");
    if let Some(c) = std::env::var("LOKET_COMMIT").ok().filter(|c| is_commit(c)) {
        return c;
    }
    let git = |args: &[&str]| {
        Command::new("git")
            .args(args)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    };
    // Rebuilt when HEAD moves (a commit, a checkout): HEAD and its log.
    if let Some(dir) = git(&["rev-parse", "--absolute-git-dir"]) {
        for file in ["HEAD", "logs/HEAD"] {
            let path = Path::new(&dir).join(file);
            if path.exists() {
                println!("cargo:rerun-if-changed={}", path.display());
            }
        }
    }
    git(&["rev-parse", "HEAD"])
        .filter(|c| is_commit(c))
        .unwrap_or_else(|| "unknown".to_string())
}

/// Forty (SHA-1) or sixty-four (SHA-256) lowercase hex digits.
fn is_commit(s: &str) -> bool {
    matches!(s.len(), 40 | 64) && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Writes `$OUT_DIR/<out>`: every file under `dir`, relative to it.
fn embed(dir: &str, out_name: &str) {
    println!("cargo:rerun-if-changed={dir}");
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let root = manifest.join(dir);
    let mut files = Vec::new();
    walk(&root, &mut files);
    files.sort();
    let mut out = String::from("&[\n");
    for file in files {
        let rel = file
            .strip_prefix(&root)
            .expect("under the embedded directory");
        let rel: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        out.push_str(&format!(
            "    ({:?}, include_bytes!({:?})),\n",
            rel.join("/"),
            file.display().to_string()
        ));
    }
    out.push_str("]\n");
    let dest = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets it")).join(out_name);
    std::fs::write(dest, out).expect("write the embedded file list");
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        match entry.file_type() {
            Ok(t) if t.is_dir() => walk(&path, files),
            Ok(t) if t.is_file() => files.push(path),
            _ => {}
        }
    }
}
