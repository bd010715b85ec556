//! Embeds `presets/` and `templates/github/` in the binary: writes
//! `$OUT_DIR/presets.rs` and `$OUT_DIR/github_templates.rs`, each a list of
//! `(path, include_bytes!(…))` for every file, so `loket init` works from an
//! installed binary without the source tree.

use std::path::{Path, PathBuf};

fn main() {
    embed("presets", "presets.rs");
    embed("templates/github", "github_templates.rs");
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
