//! The intake workflow's script (`.github/scripts/open-request-pr`), run
//! for real: git pushes to a bare repository standing in for GitHub, and a
//! stand-in `gh` records what would be asked of the API.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{Fixture, git};

/// 2026-11-23 10:00 WIB: the letter in the issue is three days old.
const NOW: &str = "1795402800";

/// A "Permohonan subdomain" issue as GitHub renders it.
const BODY: &str = "### Perangkat daerah (id)\n\ndinas-b\n\n### Nama subdomain\n\ngamma\n\n\
### Tujuan situs\n\nSitus sekolah\n\n### Nomor surat permohonan\n\n005/B/2026\n\n\
### Tanggal surat (TTTT-BB-HH)\n\n2026-11-20\n\n### Jabatan penandatangan surat\n\nKepala Dinas B\n\n\
### Email dinas penanggung jawab\n\nweb@b.contohkab.go.id\n\n### Telepon penanggung jawab\n\n0812 3456 7890\n\n### Hosting\n\nDi server Diskominfo\n";

/// The stand-in `gh`: logs its arguments and any --body-file's text.
const GH: &str = r#"#!/usr/bin/env bash
printf 'gh %s\n' "$*" >> "$GH_LOG"
printf 'token %s for %s\n' "${GH_TOKEN:0:4}" "$1 $2" >> "$GH_LOG"
args=("$@")
for i in "${!args[@]}"; do
  if [ "${args[$i]}" = --body-file ]; then cat "${args[$((i + 1))]}" >> "$GH_LOG"; fi
done
if [ "$1 $2" = "pr create" ]; then echo https://github.com/contoh/loket/pull/99; fi
"#;

struct Intake {
    f: Fixture,
    /// "GitHub", the runner's temp directory, `gh` and its log.
    outside: tempfile::TempDir,
    server: PathBuf,
}

impl Intake {
    /// A clone of the instance, its "GitHub" a bare repository.
    fn new() -> Intake {
        let f = Fixture::base();
        let outside = tempfile::tempdir().expect("temp dir");
        let gh = outside.path().join("bin/gh");
        std::fs::create_dir_all(outside.path().join("bin")).expect("bin");
        std::fs::write(&gh, GH).expect("gh");
        std::fs::set_permissions(&gh, std::os::unix::fs::PermissionsExt::from_mode(0o755))
            .expect("chmod");
        git(f.root(), &["init", "-q", "-b", "main"]);
        f.commit("instance");
        let server = outside.path().join("server");
        std::fs::create_dir_all(server.join("contoh")).expect("server");
        git(
            &server.join("contoh"),
            &["init", "-q", "--bare", "loket.git"],
        );
        Intake { f, outside, server }
    }

    /// Runs the script as the workflow does; returns exit code and the log.
    fn run(&self, requester: &str, officer: &str, service: &str) -> (i32, String, String) {
        self.run_with(requester, officer, service, "ghp_botsecret")
    }

    /// As [`Intake::run`], with `push_token` as LOKET_BOT_TOKEN.
    fn run_with(
        &self,
        requester: &str,
        officer: &str,
        service: &str,
        push_token: &str,
    ) -> (i32, String, String) {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join(".github/scripts/open-request-pr");
        let loket_dir = Path::new(env!("CARGO_BIN_EXE_loket"))
            .parent()
            .expect("bin dir")
            .to_path_buf();
        let path = format!(
            "{}:{}:{}",
            self.outside.path().join("bin").display(),
            loket_dir.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let log = self.outside.path().join("gh.log");
        let temp = self.outside.path().join("runner");
        std::fs::create_dir_all(&temp).expect("runner temp");
        let out = Command::new("bash")
            .arg(script)
            .current_dir(self.f.root())
            .env("PATH", path)
            .env("GH_LOG", &log)
            .env("RUNNER_TEMP", &temp)
            .env("GH_TOKEN", "ghs_secret")
            .env("PUSH_TOKEN", push_token)
            .env("GITHUB_REPOSITORY", "contoh/loket")
            .env(
                "GITHUB_SERVER_URL",
                format!("file://{}", self.server.display()),
            )
            .env("ISSUE", "12")
            .env("ISSUE_TITLE", "Permohonan subdomain: gamma")
            .env("ISSUE_BODY", BODY)
            .env("REQUESTER", requester)
            .env("OFFICER", officer)
            .env("SERVICE", service)
            .env("BASE", "main")
            .env("SOURCE_DATE_EPOCH", NOW)
            .env("NO_COLOR", "1")
            .output()
            .expect("bash");
        let log = std::fs::read_to_string(log).unwrap_or_default();
        let output = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!output.contains("ghs_secret"), "the token leaked: {output}");
        assert!(!output.contains("botsecret"), "the token leaked: {output}");
        (out.status.code().unwrap_or(-1), log, output)
    }

    /// The branches "GitHub" holds.
    fn branches(&self) -> String {
        git(
            &self.server.join("contoh/loket.git"),
            &["branch", "--format=%(refname:short)"],
        )
    }
}

#[test]
fn an_officers_label_turns_an_operators_issue_into_a_pull_request() {
    let intake = Intake::new();
    let (code, log, output) = intake.run("op-b", "kasi-verifikasi", "subdomain-baru");
    assert_eq!(code, 0, "{output}\n{log}");
    assert_eq!(intake.branches(), "permohonan/issue-12\n");
    let bare = intake.server.join("contoh/loket.git");
    let files = git(
        &bare,
        &[
            "diff",
            "--name-status",
            "permohonan/issue-12~1",
            "permohonan/issue-12",
        ],
    );
    assert_eq!(files, "A\trequests/dinas-b/2026-0002-gamma.yaml\n");
    let request = git(
        &bare,
        &[
            "show",
            "permohonan/issue-12:requests/dinas-b/2026-0002-gamma.yaml",
        ],
    );
    assert!(request.contains("subdomain: \"gamma\""), "{request}");
    assert!(
        log.contains(
            "gh pr create --repo contoh/loket --base main --head permohonan/issue-12 --title Permohonan subdomain: gamma --body-file"
        ),
        "{log}"
    );
    assert!(
        log.contains("\nCloses #12\n"),
        "the gate finds the issue by it: {log}"
    );
    // The bot's token opens the pull request; the job's answers the issue.
    assert!(
        log.contains("token ghp_ for pr create") && log.contains("token ghs_ for issue comment"),
        "{log}"
    );
    assert!(
        log.contains("gh issue comment 12 --repo contoh/loket --body-file")
            && log.contains("Pull request dibuka: https://github.com/contoh/loket/pull/99"),
        "{log}"
    );
    // The form cannot carry the letter's scan: that is completed on the
    // pull request, and the issue says so.
    assert!(
        log.contains("Pemeriksaan loket menemukan yang masih harus dilengkapi")
            && log.contains("L080: persyaratan belum dipenuhi: Surat permohonan")
            && !log.contains("L062"),
        "{log}"
    );
}

#[test]
fn a_refusal_is_answered_on_the_issue_and_pushes_nothing() {
    let intake = Intake::new();
    let (code, log, _) = intake.run("stranger", "kasi-verifikasi", "subdomain-baru");
    assert_eq!(code, 1);
    assert_eq!(intake.branches(), "");
    assert!(
        log.contains("Isian issue ini belum dapat dijadikan permohonan:")
            && log.contains("@stranger is not an operator of dinas-b in loket.yaml"),
        "{log}"
    );
    assert!(!log.contains("pr create"), "{log}");

    let (code, log, _) = intake.run("op-b", "op-b", "subdomain-baru");
    assert_eq!(code, 1);
    assert!(
        log.contains("@op-b is not an officer (petugas) in loket.yaml"),
        "{log}"
    );

    let (code, log, _) = intake.run("op-b", "kasi-verifikasi", "tidak-ada");
    assert_eq!(code, 1);
    assert!(log.contains("--layanan `tidak-ada` is not known"), "{log}");
    assert_eq!(intake.branches(), "");
}

#[test]
fn a_second_label_does_not_open_a_second_pull_request() {
    let intake = Intake::new();
    assert_eq!(intake.run("op-b", "kasi-verifikasi", "subdomain-baru").0, 0);
    let (code, log, _) = intake.run("op-b", "kasi-verifikasi", "subdomain-baru");
    assert_eq!(code, 1);
    assert!(
        log.contains(
            "Pull request untuk issue ini sudah pernah dibuat (cabang `permohonan/issue-12`)."
        ),
        "{log}"
    );
    assert_eq!(log.matches("gh pr create").count(), 1, "{log}");
}

#[test]
fn without_the_bot_token_nothing_is_pushed_and_the_issue_says_why() {
    // The job's own token cannot write contents: the push needs
    // LOKET_BOT_TOKEN.
    let intake = Intake::new();
    let (code, log, _) = intake.run_with("op-b", "kasi-verifikasi", "subdomain-baru", "");
    assert_eq!(code, 1);
    assert_eq!(intake.branches(), "");
    assert!(
        log.contains("secret `LOKET_BOT_TOKEN` belum diatur")
            && log.contains("token ghs_ for issue comment"),
        "{log}"
    );
    assert!(!log.contains("pr create"), "{log}");
}

#[test]
fn loket_never_sees_a_token() {
    // A stand-in loket that reports the tokens it was given, first on PATH.
    let intake = Intake::new();
    let bin = intake.outside.path().join("bin/loket");
    std::fs::write(
        &bin,
        "#!/usr/bin/env bash\nprintf 'loket saw [%s][%s][%s]\\n' \"${GH_TOKEN:-}\" \"${PUSH_TOKEN:-}\" \"${GITHUB_TOKEN:-}\" >&2\nexit 1\n",
    )
    .expect("loket");
    std::fs::set_permissions(&bin, std::os::unix::fs::PermissionsExt::from_mode(0o755))
        .expect("chmod");
    let (code, log, _) = intake.run("op-b", "kasi-verifikasi", "subdomain-baru");
    assert_eq!(code, 1);
    assert!(log.contains("loket saw [][][]"), "{log}");
}
