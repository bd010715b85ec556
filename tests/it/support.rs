//! The fixture helper: a temporary instance copied from
//! `tests/fixtures/base`, changed file by file, and the binary run on it.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use tempfile::TempDir;

mod git;
mod snapshot;

pub use git::{Commit, checkout, commit, git, shallow_clone};
pub use snapshot::{PullRequestBuilder, SnapshotBuilder, label_added, label_event, label_removed};

// The base fixture's `loket.yaml` registers (`loket kontak --iterations
// 100000`) `web@a.contohkab.go.id` for dinas-a, and `0812 3456 7890`,
// `web@`, `tik@` and `tolak@b.contohkab.go.id` for dinas-b.

/// The request file most tests write.
pub const REQ: &str = "requests/dinas-b/2026-0002-beta.yaml";

/// A valid request of dinas-b for `beta`; tests replace one line of it.
///
/// Line numbers matter: tests assert positions in this text.
pub fn valid_request() -> String {
    "layanan: subdomain-baru
instansi: dinas-b
subdomain: beta
tujuan: Situs Dinas B
surat:
  nomor: 002/B/2026
  tanggal: 2026-11-02
  penandatangan: Kepala Dinas B
  berkas: lampiran/surat.pdf
penanggung_jawab:
  nama: Pengelola
  email: web@b.contohkab.go.id
  telepon: \"0812 3456 7890\"
hosting: diskominfo
"
    .to_string()
}

/// `valid_request()` with `from` replaced by `to` (which must be present).
pub fn request_with(from: &str, to: &str) -> String {
    let text = valid_request();
    assert!(text.contains(from), "the valid request has no `{from}`");
    text.replacen(from, to, 1)
}

/// A temporary instance.
pub struct Fixture {
    dir: TempDir,
}

impl Fixture {
    /// A copy of `tests/fixtures/base`.
    pub fn base() -> Fixture {
        Fixture::copy_of(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base"))
    }

    /// A copy of the directory `src`.
    pub fn copy_of(src: &Path) -> Fixture {
        let dir = tempfile::tempdir().expect("temp dir");
        let skip = |e: &walkdir::DirEntry| {
            e.depth() == 1 && [".git", "target"].contains(&e.file_name().to_str().unwrap_or(""))
        };
        for entry in walkdir::WalkDir::new(src)
            .min_depth(1)
            .into_iter()
            .filter_entry(|e| !skip(e))
        {
            let entry = entry.expect("fixture entry");
            let rel = entry.path().strip_prefix(src).expect("inside fixture");
            let to = dir.path().join(rel);
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&to).expect("mkdir");
            } else {
                std::fs::copy(entry.path(), &to).expect("copy");
            }
        }
        Fixture { dir }
    }

    /// The base instance plus `text` as the request [`REQ`].
    pub fn with_request(text: &str) -> Fixture {
        let f = Fixture::base();
        f.write(REQ, text);
        f
    }

    /// The root directory.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// An absolute path inside the instance.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Writes a file, creating directories.
    pub fn write(&self, rel: &str, content: impl AsRef<[u8]>) -> &Self {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, content).expect("write");
        self
    }

    /// Reads a file.
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).expect("read")
    }

    /// Replaces `from` with `to` in a file of the instance.
    pub fn edit(&self, rel: &str, from: &str, to: &str) -> &Self {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} has no `{from}`");
        self.write(rel, text.replacen(from, to, 1))
    }

    /// Builds the site into `public/` with the snapshot at `snapshot`, at
    /// `now`; asserts the build succeeded and returns `public/`.
    #[track_caller]
    pub fn build_site(&self, snapshot: &str, now: &str) -> PathBuf {
        let out = self.path("public");
        let run = self.run(&[
            "build",
            "--out",
            &out.to_string_lossy(),
            "--snapshot",
            snapshot,
            "--now",
            now,
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        out
    }

    /// Writes `snapshot` as `snapshot.json`; returns its absolute path.
    pub fn write_snapshot(&self, snapshot: &Value) -> String {
        self.write("snapshot.json", snapshot.to_string());
        self.path("snapshot.json").to_string_lossy().into_owned()
    }

    /// Runs `loket --root <dir> ARGS`.
    pub fn run(&self, args: &[&str]) -> Run {
        run_in(
            self.root(),
            &[&["--root", &self.root().to_string_lossy()], args].concat(),
        )
    }

    /// Commits every file of the fixture on `HEAD` of its git repository
    /// (made on the first call) with `message`; returns the commit id.
    pub fn commit(&self, message: &str) -> String {
        commit(self.root(), message)
    }

    /// Checks out commit `id` into the fixture, by force.
    pub fn checkout(&self, id: &str) {
        checkout(self.root(), id);
    }

    /// `loket check --format json --lang en --today 2026-11-23 EXTRA`.
    pub fn check(&self, extra: &[&str]) -> Run {
        let base = [
            "check",
            "--format",
            "json",
            "--lang",
            "en",
            "--today",
            "2026-11-23",
        ];
        self.run(&[&base[..], extra].concat())
    }
}

/// The SHA-256 of a release's `SHA256SUMS` that `loket init` pins when a
/// test does not say otherwise (`LOKET_SHA256`).
pub const SUMS_SHA256: &str = "5ac1f2c1b9d0e7e3a4f1f1c0f6f0f7e0d6a6b4c2e1f0a9b8c7d6e5f4a3b2c1d0";

/// Runs the binary in `dir` with `args`, with no colour and no GitHub env.
pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_loket"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        // As an office that passes `loket init` its release's hash (L151).
        .env("LOKET_SHA256", SUMS_SHA256)
        .env_remove("GITHUB_STEP_SUMMARY")
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("run loket");
    Run::from(out)
}

/// What one run printed.
#[derive(Debug)]
pub struct Run {
    /// Exit status.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl From<std::process::Output> for Run {
    fn from(out: std::process::Output) -> Run {
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

/// One diagnostic of the JSON report.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub code: String,
    pub path: String,
    pub line: u64,
    pub column: u64,
    pub message: String,
    pub hint: Option<String>,
    pub requirement: Option<String>,
}

impl Run {
    /// The JSON report.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", self.stdout, self.stderr))
    }

    /// Every diagnostic, configuration first.
    pub fn diagnostics(&self) -> Vec<Found> {
        let json = self.json();
        let config = json["config"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let requests = json["requests"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .into_iter()
            .flat_map(|r| r["diagnostics"].as_array().cloned().unwrap_or_default());
        config
            .into_iter()
            .chain(requests)
            .map(|d| Found {
                code: d["code"].as_str().unwrap_or_default().to_string(),
                path: d["path"].as_str().unwrap_or_default().to_string(),
                line: d["line"].as_u64().unwrap_or_default(),
                column: d["column"].as_u64().unwrap_or_default(),
                message: d["message"].as_str().unwrap_or_default().to_string(),
                hint: d["hint"].as_str().map(str::to_string),
                requirement: d["requirement"].as_str().map(str::to_string),
            })
            .collect()
    }

    /// `(code, line, column)` of every diagnostic.
    pub fn found(&self) -> Vec<(String, u64, u64)> {
        self.diagnostics()
            .into_iter()
            .map(|d| (d.code, d.line, d.column))
            .collect()
    }

    /// The codes of every diagnostic.
    pub fn codes(&self) -> Vec<String> {
        self.diagnostics().into_iter().map(|d| d.code).collect()
    }

    /// Asserts the exact findings (code, line, column) and exit status.
    #[track_caller]
    pub fn expect(&self, code: i32, found: &[(&str, u64, u64)]) -> &Self {
        let want: Vec<(String, u64, u64)> = found
            .iter()
            .map(|(c, l, col)| (c.to_string(), *l, *col))
            .collect();
        assert_eq!(
            self.found(),
            want,
            "stdout:\n{}\nstderr:\n{}",
            self.stdout,
            self.stderr
        );
        assert_eq!(self.code, code, "exit status; stderr:\n{}", self.stderr);
        self
    }

    /// The only diagnostic.
    #[track_caller]
    pub fn only(&self) -> Found {
        let all = self.diagnostics();
        assert_eq!(all.len(), 1, "{all:#?}");
        all[0].clone()
    }
}

/// `pr` (a snapshot record) as the gate workflow leaves it: its head is its
/// last commit, and every label added carries the approval `loket approve`
/// records on that head a minute later, set by the `github-actions` bot.
pub fn approved(mut pr: Value) -> Value {
    let head = pr["commits"]
        .as_array()
        .and_then(|c| c.last())
        .and_then(|c| c["sha"].as_str())
        .unwrap_or("c1")
        .to_string();
    let approvals: Vec<Value> = pr["label_events"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .filter(|e| e["action"] == "added")
        .filter_map(|e| {
            let at = chrono::DateTime::parse_from_rfc3339(e["at"].as_str()?).ok()?
                + chrono::Duration::minutes(1);
            Some(serde_json::json!({
                "label": e["label"], "officer": e["actor"], "sha": head,
                "recorder": "github-actions", "at": at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
            }))
        })
        .collect();
    pr["head"] = Value::String(head);
    pr["approvals"] = Value::Array(approvals);
    pr
}
