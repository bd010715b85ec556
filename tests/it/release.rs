//! A loket release as an office meets it: `loket --version`, the pin
//! `loket init` writes, `install-loket` (and `action.yml`) installing only a
//! verified release from a local directory standing in for the release
//! download, the release workflow's shape, `loket check` on the pin and on
//! drifted `.github/` files, and `loket init --refresh`.

use std::path::{Path, PathBuf};
use std::process::Command;

use loket::pin::{self, Sha256};

use crate::support::{Run, SUMS_SHA256, run_in};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The release asset `install-loket` picks on this machine.
fn asset() -> String {
    let os = match std::env::consts::OS {
        "macos" => "macos",
        _ => "linux",
    };
    format!("loket-{}-{os}", std::env::consts::ARCH)
}

/// A runner's temp directory, a release directory and an instance made by
/// `loket init --preset kudus`, pinned to a release of `binary` published
/// in the release directory.
pub(crate) struct Office {
    dir: tempfile::TempDir,
    /// The SHA-256 of the published `SHA256SUMS`.
    pub(crate) sums: String,
}

impl Office {
    /// Publishes `binary` as this machine's asset of the running version,
    /// then inits the instance pinned to it.
    pub(crate) fn new(binary: &[u8]) -> Office {
        let dir = tempfile::tempdir().expect("temp dir");
        for sub in ["temp", "releases"] {
            std::fs::create_dir_all(dir.path().join(sub)).expect("mkdir");
        }
        let mut office = Office {
            dir,
            sums: String::new(),
        };
        office.sums = office.publish(binary);
        let run = run_in(
            office.dir.path(),
            &[
                "init",
                "--preset",
                "kudus",
                "--loket-sha256",
                &office.sums,
                &office.root().to_string_lossy(),
            ],
        );
        assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
        office
    }

    /// Writes `releases/v<VERSION>/`: `binary` as this machine's asset and
    /// SHA256SUMS listing it; returns SHA256SUMS's own SHA-256.
    pub(crate) fn publish(&self, binary: &[u8]) -> String {
        let release = self.release();
        std::fs::create_dir_all(&release).expect("mkdir");
        std::fs::write(release.join(asset()), binary).expect("asset");
        let sums = format!(
            "{}  loket-x86_64-windows.exe\n{}  {}\n",
            Sha256::of(b"windows"),
            Sha256::of(binary),
            asset()
        );
        std::fs::write(release.join("SHA256SUMS"), &sums).expect("sums");
        Sha256::of(sums.as_bytes()).to_string()
    }

    /// The release directory of the running version.
    pub(crate) fn release(&self) -> PathBuf {
        self.dir
            .path()
            .join("releases")
            .join(format!("v{}", pin::VERSION))
    }

    /// The instance.
    pub(crate) fn root(&self) -> PathBuf {
        self.dir.path().join("kudus")
    }

    /// A path under the runner's temp directory.
    pub(crate) fn temp(&self, rel: &str) -> PathBuf {
        self.dir.path().join("temp").join(rel)
    }

    /// Runs the instance's own `.github/scripts/install-loket` as a
    /// workflow step does, against the local release directory.
    pub(crate) fn install(&self, env: &[(&str, &str)]) -> Run {
        self.install_with(&self.root().join(".github/scripts/install-loket"), env)
    }

    fn install_with(&self, script: &Path, env: &[(&str, &str)]) -> Run {
        let mut command = Command::new("bash");
        command
            .arg(script)
            .current_dir(self.root())
            .env("RUNNER_TEMP", self.dir.path().join("temp"))
            .env("GITHUB_PATH", self.temp("github_path"))
            .env("LOKET_RELEASES", self.dir.path().join("releases"))
            .env_remove("LOKET_VERSION")
            .env_remove("LOKET_SHA256")
            .env_remove("LOKET_PIN");
        for (k, v) in env {
            command.env(k, v);
        }
        Run::from(command.output().expect("bash"))
    }

    /// `loket` ARGS in the instance (English, JSON where asked).
    fn run(&self, args: &[&str]) -> Run {
        run_in(&self.root(), args)
    }

    fn check(&self) -> Run {
        self.run(&["--lang", "en", "check", "--format", "json"])
    }

    fn write(&self, rel: &str, text: &str) {
        std::fs::write(self.root().join(rel), text).expect("write");
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root().join(rel)).expect("read")
    }
}

/// The binary the tests build, as released.
pub(crate) fn loket_binary() -> Vec<u8> {
    std::fs::read(env!("CARGO_BIN_EXE_loket")).expect("the loket binary")
}

/// A stand-in binary that leaves a mark in `$RUNNER_TEMP` when it runs.
fn evil() -> Vec<u8> {
    b"#!/usr/bin/env bash\ntouch \"$RUNNER_TEMP/ran-evil\"\necho loket 0.1.0\n".to_vec()
}

#[test]
fn version_names_the_commit_it_was_built_from() {
    let run = run_in(repo(), &["--version"]);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stdout,
        format!("loket {} ({})\n", pin::VERSION, pin::COMMIT)
    );
    // Built from this git checkout: the commit is known.
    assert_eq!(pin::COMMIT.len(), 40, "{}", pin::COMMIT);
    assert!(pin::COMMIT.bytes().all(|b| b.is_ascii_hexdigit()));
}

#[test]
fn init_pins_the_running_version_and_check_says_when_the_hash_is_missing() {
    let office = Office::new(b"x");
    assert_eq!(
        office.read(".loket-version"),
        format!("{} {}\n", pin::VERSION, office.sums)
    );
    assert_eq!(office.check().expect(0, &[]).code, 0);

    // Without --loket-sha256 (nor LOKET_SHA256): the version alone, said so.
    let parent = tempfile::tempdir().expect("temp dir");
    let dir = parent.path().join("baru");
    let out = Command::new(env!("CARGO_BIN_EXE_loket"))
        .args(["init", "--preset", "tapin", &dir.to_string_lossy()])
        .env_remove("LOKET_SHA256")
        .output()
        .expect("run");
    let run = Run::from(out);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("tanpa SHA-256 berkas SHA256SUMS-nya; workflow menolak memasangnya"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(dir.join(".loket-version")).expect("pin"),
        format!("{}\n", pin::VERSION)
    );
    let run = run_in(&dir, &["--lang", "en", "check", "--format", "json"]);
    let found = run.expect(0, &[("L151", 1, 1)]).only();
    assert_eq!(found.path, ".loket-version");
    assert_eq!(
        found.message,
        format!(
            "`.loket-version` pins loket {v} without the SHA-256 of its SHA256SUMS, so the workflows refuse to install loket; download https://github.com/{}/releases/download/v{v}/SHA256SUMS, check it, then run `loket init --refresh . --loket-sha256 HASH` with HASH from `sha256sum SHA256SUMS`",
            pin::UPSTREAM,
            v = pin::VERSION
        )
    );
    // --refresh --loket-sha256 fills it in.
    let run = run_in(
        &dir,
        &["init", "--refresh", ".", "--loket-sha256", SUMS_SHA256],
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    run_in(&dir, &["--lang", "en", "check", "--format", "json"]).expect(0, &[]);

    let run = run_in(
        parent.path(),
        &["init", "--preset", "tapin", "--loket-sha256", "ABC", "lain"],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("--loket-sha256 `ABC` is not a SHA-256 (64 lowercase hex digits)"),
        "{}",
        run.stderr
    );
}

#[test]
fn check_reports_a_malformed_pin_and_one_newer_than_the_running_loket() {
    let office = Office::new(b"x");
    let sha = "a".repeat(64);
    for (pin_text, code, line, column, exit) in [
        ("0.1 abc\n".to_string(), "L150", 1, 1, 2),
        ("0.1.0  ABC\n".to_string(), "L150", 1, 8, 2),
        (format!("0.1.0 {sha} x\n"), "L150", 1, 72, 2),
        (format!("0.1.0 {sha}\nlagi\n"), "L150", 2, 1, 2),
        (format!("99.0.0 {sha}\n"), "L152", 1, 1, 0),
    ] {
        office.write(".loket-version", &pin_text);
        office.check().expect(exit, &[(code, line, column)]);
    }
    let run = office.check();
    assert_eq!(
        run.only().message,
        format!(
            "this instance pins loket 99.0.0, newer than the running loket {}; install loket 99.0.0 so the rules checked here are the workflows' own",
            pin::VERSION
        )
    );
    office.write(".loket-version", "0.1.0  ABC\n");
    assert_eq!(
        office.check().only().message,
        "`.loket-version` is not a pin: the SHA-256 is not 64 lowercase hex digits; write one line `VERSION SHA256` (the SHA-256 of that release's SHA256SUMS)"
    );
    std::fs::remove_file(office.root().join(".loket-version")).expect("rm");
    office.check().expect(2, &[("L150", 1, 1)]);
}

#[test]
fn install_loket_installs_the_pinned_release_and_refuses_a_tampered_one() {
    let office = Office::new(&loket_binary());
    let run = office.install(&[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.stdout,
        format!("loket {} ({})\n", pin::VERSION, pin::COMMIT)
    );
    let bin = office.temp("loket-release");
    assert_eq!(
        std::fs::read_to_string(office.temp("github_path")).expect("GITHUB_PATH"),
        format!("{}\n", bin.display())
    );
    assert_eq!(
        std::fs::read(bin.join("loket")).expect("installed"),
        loket_binary()
    );
    std::fs::remove_file(office.temp("github_path")).expect("rm");

    // The binary replaced on the release, SHA256SUMS left alone.
    std::fs::write(office.release().join(asset()), evil()).expect("tamper");
    let run = office.install(&[]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.stderr,
        format!(
            "::error::{a} of loket v{v} has SHA-256 {}, but its SHA256SUMS lists {}: refusing to run it\n",
            Sha256::of(&evil()),
            Sha256::of(&loket_binary()),
            a = asset(),
            v = pin::VERSION
        )
    );
    assert!(!office.temp("ran-evil").exists(), "the binary ran");
    assert!(!bin.join("loket").exists());
    assert!(!office.temp("github_path").exists());

    // SHA256SUMS rewritten to list the replaced binary.
    let forged = office.publish(&evil());
    let run = office.install(&[]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.stderr,
        format!(
            "::error::SHA256SUMS of loket v{v} has SHA-256 {forged}, but .loket-version pins {}: refusing to install it. A published release is never replaced, so someone else did: find out who before anything else runs.\n",
            office.sums,
            v = pin::VERSION
        )
    );
    assert!(!office.temp("ran-evil").exists(), "the binary ran");
    assert!(!office.temp("github_path").exists());
}

#[test]
fn install_loket_refuses_a_broken_pin_a_missing_release_and_plain_http() {
    let office = Office::new(b"x");
    let sha = "a".repeat(64);
    for (pin_text, want) in [
        (
            format!("{} {sha} more\n", pin::VERSION),
            "must hold one line, VERSION SHA256, and nothing else",
        ),
        (
            format!("{}\n", pin::VERSION),
            "is pinned without the SHA-256 of its SHA256SUMS",
        ),
        (
            format!("0.1 {sha}\n"),
            "the pinned loket version '0.1' is not MAJOR.MINOR.PATCH",
        ),
        (
            format!("9.9.9 {sha}\n"),
            "cannot download SHA256SUMS of loket v9.9.9 from",
        ),
    ] {
        office.write(".loket-version", &pin_text);
        let run = office.install(&[]);
        assert_eq!(run.code, 1, "{pin_text:?}: {}{}", run.stdout, run.stderr);
        assert!(
            run.stderr.starts_with("::error::") && run.stderr.contains(want),
            "{pin_text:?}: {}",
            run.stderr
        );
    }
    office.write(
        ".loket-version",
        &format!("{} {}\n", pin::VERSION, office.sums),
    );
    let run = office.install(&[("LOKET_RELEASES", "http://example.invalid/releases")]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("LOKET_RELEASES must be an https:// address or a directory"),
        "{}",
        run.stderr
    );
    std::fs::remove_file(office.root().join(".loket-version")).expect("rm");
    let run = office.install(&[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("::error::.loket-version is missing"),
        "{}",
        run.stderr
    );
    assert!(!office.temp("github_path").exists());
}

/// `action.yml` runs the same script with its inputs instead of a pin file;
/// the script, the action and `pin::UPSTREAM` name one upstream.
#[test]
fn the_action_installs_a_version_given_as_inputs() {
    let office = Office::new(&loket_binary());
    let action: serde_json::Value =
        serde_saphyr::from_str(&std::fs::read_to_string(repo().join("action.yml")).expect("read"))
            .expect("YAML");
    for input in ["version", "sha256"] {
        assert_eq!(action["inputs"][input]["required"], true, "{input}");
    }
    assert_eq!(action["runs"]["using"], "composite");
    let step = &action["runs"]["steps"][0];
    assert_eq!(step["env"]["LOKET_VERSION"], "${{ inputs.version }}");
    assert_eq!(step["env"]["LOKET_SHA256"], "${{ inputs.sha256 }}");
    let run_line = step["run"].as_str().expect("run");
    assert_eq!(
        run_line,
        "\"$GITHUB_ACTION_PATH/templates/github/scripts/install-loket\""
    );
    // As the action runs it: no pin file, the inputs in the environment.
    std::fs::remove_file(office.root().join(".loket-version")).expect("rm");
    let run = office.install_with(
        &repo().join("templates/github/scripts/install-loket"),
        &[
            ("LOKET_VERSION", pin::VERSION),
            ("LOKET_SHA256", &office.sums),
        ],
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let script = std::fs::read_to_string(repo().join("templates/github/scripts/install-loket"))
        .expect("read");
    assert!(
        script.contains(&format!(
            "upstream=\"https://github.com/{}/releases/download\"",
            pin::UPSTREAM
        )),
        "the script's default upstream is pin::UPSTREAM"
    );
    let text = std::fs::read_to_string(repo().join("action.yml")).expect("read");
    assert!(text.contains(&format!("uses: {}@", pin::UPSTREAM)));
    let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    crate::workflows::passes(
        "zizmor",
        &args(&["--offline", "--no-progress", "action.yml"]),
    );
    crate::workflows::passes(
        "check-jsonschema",
        &args(&["--builtin-schema", "vendor.github-actions", "action.yml"]),
    );
}

/// The release workflow: tags only, every platform install-loket knows,
/// SHA256SUMS and provenance, never over a published version, least
/// privilege (actionlint and zizmor run over it in `workflows.rs`).
#[test]
fn the_release_workflow_publishes_each_version_once_with_sums_and_provenance() {
    let text = std::fs::read_to_string(repo().join(".github/workflows/release.yml")).expect("read");
    let wf: serde_json::Value = serde_saphyr::from_str(&text).expect("YAML");
    assert_eq!(
        wf["on"],
        serde_json::json!({"push": {"tags": ["v*.*.*"]}}),
        "tags only"
    );
    assert_eq!(wf["permissions"], serde_json::json!({}));
    let assets: Vec<&str> = wf["jobs"]["build"]["strategy"]["matrix"]["include"]
        .as_array()
        .expect("matrix")
        .iter()
        .filter_map(|m| m["asset"].as_str())
        .collect();
    assert_eq!(
        assets,
        [
            "loket-x86_64-linux",
            "loket-aarch64-linux",
            "loket-aarch64-macos",
            "loket-x86_64-macos",
            "loket-x86_64-windows.exe"
        ]
    );
    assert_eq!(
        wf["jobs"]["build"]["permissions"],
        serde_json::json!({"contents": "read"})
    );
    let publish = &wf["jobs"]["publish"];
    assert_eq!(publish["permissions"]["contents"], "write");
    assert_eq!(publish["permissions"]["id-token"], "write");
    let steps = publish["steps"].as_array().expect("steps");
    assert!(steps.iter().any(|s| {
        s["uses"]
            .as_str()
            .is_some_and(|u| u.starts_with("actions/attest-build-provenance@"))
    }));
    let runs: String = steps
        .iter()
        .filter_map(|s| s["run"].as_str())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(runs.contains("sha256sum loket-* > SHA256SUMS"), "{runs}");
    assert!(runs.contains("if gh release view \"$TAG\""), "{runs}");
    assert!(!runs.contains("--clobber"), "never replaces an asset");
    assert!(
        !text.contains("loket-bin"),
        "the old per-commit release is gone"
    );
}

#[test]
fn check_warns_when_generated_files_drift_and_refresh_rewrites_all_but_hand_edits() {
    let office = Office::new(b"x");
    office.check().expect(0, &[]);

    // An agency added to loket.yaml, missing from the issue forms and
    // CODEOWNERS; a workflow edited by hand; a script deleted.
    let config = office.read("loket.yaml").replacen(
        "  - id: bappeda\n",
        "  - id: dinas-sosial\n    nama: Dinas Sosial\n    domain_email: dinsos.kuduskab.go.id\n    operator: [operator-dinsos-kudus]\n  - id: bappeda\n",
        1,
    );
    office.write("loket.yaml", &config);
    let check_yml = office.read(".github/workflows/check.yml").replacen(
        "timeout-minutes: 10",
        "timeout-minutes: 30",
        1,
    );
    office.write(".github/workflows/check.yml", &check_yml);
    std::fs::remove_file(office.root().join(".github/scripts/pr-request-files")).expect("rm");
    let run = office.check();
    let mut found: Vec<(String, String, u64)> = run
        .diagnostics()
        .into_iter()
        .map(|d| (d.code, d.path, d.line))
        .collect();
    found.sort();
    let line_of = |rel: &str, needle: &str| {
        office
            .read(rel)
            .lines()
            .position(|l| l.contains(needle))
            .expect(needle) as u64
            + 1
    };
    let codeowners_line = line_of(".github/CODEOWNERS", "/requests/bappeda/");
    let form_line = line_of(
        ".github/ISSUE_TEMPLATE/permohonan-subdomain.yml",
        "Id perangkat daerah seperti tertulis",
    );
    assert!(
        found.contains(&("L153".into(), ".github/CODEOWNERS".into(), codeowners_line)),
        "{found:?}"
    );
    assert!(
        found.contains(&(
            "L153".into(),
            ".github/ISSUE_TEMPLATE/permohonan-subdomain.yml".into(),
            form_line
        )),
        "{found:?}"
    );
    let timeout = line_of(".github/workflows/check.yml", "timeout-minutes: 30");
    assert!(
        found.contains(&("L154".into(), ".github/workflows/check.yml".into(), timeout)),
        "{found:?}"
    );
    assert!(
        found.contains(&("L155".into(), ".github/scripts/pr-request-files".into(), 1)),
        "{found:?}"
    );
    assert_eq!(run.code, 0, "warnings only");

    // --refresh: the stale and missing files rewritten with their diff, the
    // hand-edited one kept (exit 1).
    let run = office.run(&["init", "--refresh", "."]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    for want in [
        "--- a/.github/CODEOWNERS\n+++ b/.github/CODEOWNERS\n",
        "+/requests/dinas-sosial/ @operator-dinsos-kudus",
        "+        - \"dinas-sosial\"\n",
        "-    timeout-minutes: 30\n+    timeout-minutes: 10\n",
        "! .github/workflows/check.yml: diubah dengan tangan; dibiarkan (--force untuk menimpa)",
    ] {
        assert!(run.stdout.contains(want), "{want}\n{}", run.stdout);
    }
    assert!(
        office
            .read(".github/workflows/check.yml")
            .contains("timeout-minutes: 30")
    );
    assert!(office.read(".github/CODEOWNERS").contains("dinas-sosial"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(office.root().join(".github/scripts/pr-request-files"))
            .expect("restored")
            .permissions()
            .mode();
        assert!(mode & 0o111 != 0, "restored executable");
    }
    office.check().expect(0, &[("L154", timeout, 1)]);

    let run = office.run(&["init", "--refresh", "--force", "."]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    office.check().expect(0, &[]);
    let run = office.run(&["init", "--refresh", "."]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "0 berkas ditulis ulang, 0 dibiarkan\n")
    );
}

/// The lifecycle (request → check → gate → merge → DNS → site) on an
/// instance made by `loket init`, run by the loket its own install step
/// put on PATH from a local release directory, checksum verified.
#[test]
fn a_request_from_pull_request_to_site_on_an_office_made_by_loket_init() {
    use serde_json::json;

    let office = Office::new(&loket_binary());
    let run = office.install(&[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let installed = office.temp("loket-release/loket");
    let root = office.root();
    let loket = |args: &[&str]| {
        Run::from(
            Command::new(&installed)
                .args(["--root", &root.to_string_lossy(), "--lang", "en"])
                .args(args)
                .env("NO_COLOR", "1")
                .env_remove("GITHUB_STEP_SUMMARY")
                .output()
                .expect("the installed loket"),
        )
    };
    assert!(root.join(".git").is_dir(), "loket init ran git init");
    let base = crate::support::commit(&root, "Instance from loket init");

    let req = "requests/dinas-kesehatan/2026-0003-puskesmas.yaml";
    let sample = office.read("requests/dinas-kesehatan/2026-0001-dinkes.yaml");
    let request = sample
        .replace("subdomain: dinkes", "subdomain: puskesmas")
        .replace("2026-0001-", "2026-0003-")
        .replace("tanggal: 2026-08-10", "tanggal: 2026-11-13");
    for f in ["surat", "formulir"] {
        std::fs::copy(
            root.join(format!(
                "requests/dinas-kesehatan/lampiran/2026-0001-{f}.pdf"
            )),
            root.join(format!(
                "requests/dinas-kesehatan/lampiran/2026-0003-{f}.pdf"
            )),
        )
        .expect("attachment");
    }
    let check = || {
        loket(&[
            "check",
            "--format",
            "json",
            "--today",
            "2026-11-16",
            "--author",
            "operator-dinkes-kudus",
            "--changed",
            &format!("A:{req}"),
        ])
    };
    // Opened without the form the service requires: refused; fixed: passes.
    office.write(
        req,
        &request.replace(
            "lampiran:\n  formulir: lampiran/2026-0003-formulir.pdf\n",
            "",
        ),
    );
    let run = check();
    assert_eq!(run.code, 1, "{}", run.stdout);
    office.write(req, &request);
    let run = check();
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(run.diagnostics().is_empty(), "{}", run.stdout);

    // The gate opens after the last officer stage before the merge.
    let labels = [
        ("tahap: disposisi", "kadis-kominfo-kudus"),
        ("tahap: ditandatangani", "kabid-informatika-kudus"),
        ("tahap: nama-tersedia", "kasi-ti-kudus"),
    ];
    let snapshot = |added: usize, state: &str| {
        let events: Vec<serde_json::Value> = labels[..added]
            .iter()
            .enumerate()
            .map(|(i, (label, actor))| {
                json!({"label": label, "action": "added", "actor": actor,
                       "at": format!("2026-11-16T{:02}:00:00Z", 2 + i)})
            })
            .collect();
        let merged = (state == "merged").then_some("2026-11-16T06:00:00Z");
        let pr = crate::support::approved(json!({
            "number": 7, "author": "operator-dinkes-kudus", "state": state,
            "service": "hosting-subdomain",
            "created_at": "2026-11-16T01:00:00Z", "merged_at": merged, "closed_at": merged,
            "files": [req],
            "commits": [{"sha": "c1", "committed_at": "2026-11-16T01:00:00Z", "files": [req]}],
            "label_events": events,
            "checks": [{"name": "loket check", "sha": "c1", "conclusion": "success",
                        "completed_at": "2026-11-16T01:05:00Z", "app": "github-actions"}]
        }));
        let path = root.join("snapshot.json");
        std::fs::write(
            &path,
            json!({"version": 1, "repository": "diskominfo-kudus/loket",
                   "fetched_at": "2026-11-16T07:00:00Z", "pull_requests": [pr]})
            .to_string(),
        )
        .expect("snapshot");
        path.to_string_lossy().into_owned()
    };
    let run = loket(&["gate", "--pr", "7", "--snapshot", &snapshot(2, "open")]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let run = loket(&["gate", "--pr", "7", "--snapshot", &snapshot(3, "open")]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);

    // Merged: the DNS change names the new subdomain, the site shows it.
    let snap = snapshot(3, "merged");
    std::fs::remove_file(&snap).expect("rm");
    let merged = crate::support::commit(&root, "Merge pull request #7 from dinkes/puskesmas");
    let run = loket(&["dns", "diff", "--from", &base, "--to", &merged]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("puskesmas"), "{}", run.stdout);
    let snap = snapshot(3, "merged");
    let out = office.temp("public");
    let run = loket(&[
        "build",
        "--out",
        &out.to_string_lossy(),
        "--snapshot",
        &snap,
        "--now",
        "2026-11-16T07:00:00Z",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page =
        std::fs::read_to_string(out.join("permohonan/2026-0003/index.html")).expect("request page");
    assert!(page.contains("puskesmas"), "the request page names it");
}

/// `loket init --protection` requires exactly the checks the generated
/// workflows report in the merge queue, by their job names, and lists the
/// secrets they read.
#[test]
fn protection_names_the_generated_workflows_checks_exactly() {
    let office = Office::new(b"x");
    let run = office.run(&["init", "--protection", "."]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let job_name = |file: &str, job: &str| {
        let wf: serde_json::Value =
            serde_saphyr::from_str(&office.read(&format!(".github/workflows/{file}")))
                .expect("YAML");
        wf["jobs"][job]["name"].as_str().expect("name").to_string()
    };
    let (check, gate) = (job_name("check.yml", "check"), job_name("gate.yml", "gate"));
    assert_eq!(
        (check.as_str(), gate.as_str()),
        ("loket check", "loket gate")
    );
    for want in [
        format!(
            "- [ ] Require status checks to pass before merging: `{check}`, `{gate}` (exactly these names)"
        ),
        "- [ ] LOKET_BOT_TOKEN".to_string(),
        "gh api --method PUT repos/OWNER/NAME/branches/main/protection --input - <<'JSON'"
            .to_string(),
    ] {
        assert!(run.stdout.contains(&want), "{want}\n{}", run.stdout);
    }
    let json = run
        .stdout
        .split("<<'JSON'\n")
        .nth(1)
        .and_then(|t| t.split("\nJSON\n").next())
        .expect("the JSON body");
    let body: serde_json::Value = serde_json::from_str(json).expect("JSON");
    assert_eq!(
        body["required_status_checks"]["checks"],
        serde_json::json!([{"context": check}, {"context": gate}])
    );
}
