//! The workflows' scripts under `.github/scripts/` (besides the intake's,
//! in `intake.rs`, and `install-loket`, in `release.rs`), run for real
//! with a stand-in `gh` that serves files from a directory standing in for
//! GitHub.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::json;

use crate::support::{Fixture, REQ, Run, valid_request};

/// The stand-in `gh`: `api …/pulls/N/files` prints `$GH_FILES` (the
/// listing as the script's `--jq` makes it), `api …/contents/PATH` prints a
/// line naming the path.
const GH: &str = r#"#!/usr/bin/env bash
printf 'gh %s\n' "$*" >> "$GH_LOG"
case "$1 $2" in
  "api --paginate") cat "$GH_FILES" ;;
  "api -H")
    path="${4#repos/*/*/contents/}"
    printf 'content of %s\n' "${path%%\?ref=*}"
    ;;
  *) echo "unexpected gh $*" >&2; exit 1 ;;
esac
"#;

/// A work tree, a runner's temp directory and a stand-in GitHub.
struct Runner {
    dir: tempfile::TempDir,
}

impl Runner {
    fn new() -> Runner {
        let dir = tempfile::tempdir().expect("temp dir");
        for sub in ["bin", "work/.github", "temp"] {
            std::fs::create_dir_all(dir.path().join(sub)).expect("mkdir");
        }
        let runner = Runner { dir };
        runner.executable("bin/gh", GH);
        runner
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn executable(&self, rel: &str, text: &str) {
        let path = self.path(rel);
        std::fs::write(&path, text).expect("write");
        std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o755))
            .expect("chmod");
    }

    /// Runs `.github/scripts/<script>` in the work tree as a runner would.
    fn run(&self, script: &str, env: &[(&str, &str)]) -> Run {
        let script = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(".github/scripts")
            .join(script);
        let path = format!(
            "{}:{}",
            self.path("bin").display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let mut command = Command::new("bash");
        command
            .arg(script)
            .current_dir(self.path("work"))
            .env("PATH", path)
            .env("GH_LOG", self.path("gh.log"))
            .env("GH_FILES", self.path("files.tsv"))
            .env("RUNNER_TEMP", self.path("temp"))
            .env("GITHUB_PATH", self.path("github_path"))
            .env("GITHUB_REPOSITORY", "contoh/loket")
            .env("GH_TOKEN", "ghs_secret");
        for (k, v) in env {
            command.env(k, v);
        }
        Run::from(command.output().expect("bash"))
    }
}

/// The REST listing of a pull request of 150 files (as the script's `--jq`
/// writes it): the request, 149 attachments; file 120 a workflow, file 130
/// a rename out of the agency's folder, file 140 a deleted attachment.
fn listing() -> String {
    let mut rows: Vec<String> = std::iter::once(format!("added\t{REQ}\t"))
        .chain((1..150).map(|i| format!("added\trequests/dinas-b/lampiran/lampiran-{i}.pdf\t")))
        .collect();
    rows[119] = "modified\t.github/workflows/check.yml\t".to_string();
    rows[129] =
        "renamed\trequests/dinas-b/lampiran/surat-baru.pdf\trequests/dinas-b/lampiran/surat.pdf"
            .to_string();
    rows[139] = "removed\trequests/dinas-b/lampiran/lama.pdf\t".to_string();
    rows.iter().map(|r| format!("{r}\n")).collect()
}

#[test]
fn pr_request_files_lists_every_file_for_the_gate() {
    let r = Runner::new();
    std::fs::write(r.path("files.tsv"), listing()).expect("listing");
    let env = [("PR", "7"), ("HEAD_SHA", "abc"), ("CHANGED_FILES", "150")];
    let run = r.run("pr-request-files", &env);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let changed = std::fs::read_to_string(r.path("temp/changed.txt")).expect("changed.txt");
    let lines: Vec<&str> = changed.lines().collect();
    assert_eq!(lines.len(), 150);
    assert_eq!(lines[0], format!("A:{REQ}"));
    assert_eq!(lines[119], "M:.github/workflows/check.yml");
    assert_eq!(
        lines[129],
        "R\trequests/dinas-b/lampiran/surat.pdf\trequests/dinas-b/lampiran/surat-baru.pdf"
    );
    assert_eq!(lines[139], "D:requests/dinas-b/lampiran/lama.pdf");
    // Request files are written as data; nothing else, nothing removed.
    assert_eq!(
        std::fs::read_to_string(r.path("work").join(REQ)).expect("request"),
        format!("content of {REQ}\n")
    );
    assert!(!r.path("work/.github/workflows/check.yml").exists());
    assert!(!r.path("work/requests/dinas-b/lampiran/lama.pdf").exists());

    // What the gate makes of it, with a snapshot that lists 100 files.
    let f = Fixture::with_request(&valid_request());
    let listed: Vec<&str> = lines[..100]
        .iter()
        .filter_map(|l| l.split_once(':').map(|(_, p)| p))
        .collect();
    let pr = crate::support::approved(json!({
        "number": 7, "author": "op-b", "state": "open", "created_at": "2026-06-02T01:00:00Z",
        "files": listed,
        "commits": [{"sha": "c1", "committed_at": "2026-06-02T01:00:00Z", "files": []}],
        "label_events": [{"label": "tahap: verifikasi", "action": "added", "actor": "kasi-verifikasi", "at": "2026-06-02T02:00:00Z"}]
    }));
    let snap = json!({"version": 1, "repository": "contoh/loket", "fetched_at": "2026-06-10T00:00:00Z", "pull_requests": [pr]});
    f.write("snapshot.json", snap.to_string());
    let snapshot = f.path("snapshot.json").to_string_lossy().into_owned();
    let mut args = vec!["--lang", "en", "gate", "--pr", "7", "--snapshot", &snapshot];
    args.extend(lines.iter().flat_map(|l| ["--changed", *l]));
    let run = f.run(&args);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        "✗ .github/workflows/check.yml is outside requests/dinas-b/\n\
         ✗ requests/dinas-b/lampiran/surat.pdf is already merged and must not be changed, replaced or deleted\n\
         ✗ requests/dinas-b/lampiran/lama.pdf is already merged and must not be changed, replaced or deleted\n"
    );
}

#[test]
fn pr_request_files_refuses_a_pull_request_github_lists_only_in_part() {
    let r = Runner::new();
    std::fs::write(r.path("files.tsv"), listing()).expect("listing");
    let env = [("PR", "7"), ("HEAD_SHA", "abc"), ("CHANGED_FILES", "3500")];
    let run = r.run("pr-request-files", &env);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "::error::GitHub lists 150 of the 3500 files this pull request changes: loket cannot see all of it"
        ),
        "{}",
        run.stderr
    );
}
