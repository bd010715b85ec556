//! The command line: exit codes, the three formats, `new` and `schema`.

use crate::support::{Fixture, REQ, request_with, run_in, valid_request};

fn bad_request() -> Fixture {
    Fixture::with_request(&request_with("tanggal: 2026-11-02", "tanggal: 2026-11-30"))
}

#[test]
fn human_format_shows_the_line_and_a_hint() {
    let f = Fixture::with_request(&request_with("penanggung_jawab:", "penangung_jawab:"));
    let run = f.run(&["check", "--today", "2026-11-23", "--lang", "en"]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!("human_unknown_key", run.stdout);
}

#[test]
fn human_format_in_bahasa_indonesia_by_default() {
    let run = bad_request().run(&["check", "--today", "2026-11-23"]);
    insta::assert_snapshot!("human_future_letter_id", run.stdout);
}

#[test]
fn github_format_annotates_lines_and_writes_a_step_summary() {
    let f = bad_request();
    let summary = f.path("summary.md");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_loket"))
        .args([
            "--root",
            &f.root().to_string_lossy(),
            "check",
            "--format",
            "github",
            "--today",
            "2026-11-23",
        ])
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!(
            "::error file={REQ},line=7,col=12,title=L052::tanggal surat 2026-11-30 belum terjadi (hari ini 2026-11-23)\n"
        )
    );
    insta::assert_snapshot!(
        "github_summary",
        std::fs::read_to_string(summary).expect("summary")
    );
}

#[test]
fn json_format_is_the_documented_contract() {
    let run = bad_request().check(&[]);
    insta::assert_json_snapshot!("json_report", run.json());
}

#[test]
fn paths_select_which_requests_are_reported() {
    let f = bad_request();
    let run = f.check(&[&f.path("requests/dinas-a").to_string_lossy()]);
    run.expect(0, &[]);
    assert_eq!(run.json()["requests"].as_array().map(Vec::len), Some(1));
    let run = f.check(&[&f.path(REQ).to_string_lossy()]);
    run.expect(1, &[("L052", 7, 12)]);
    let run = f.check(&["/nonexistent/file.yaml"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("does not exist"), "{}", run.stderr);
}

#[test]
fn check_finds_the_instance_from_a_subdirectory() {
    let f = Fixture::with_request(&valid_request());
    let run = run_in(
        &f.path("requests/dinas-b"),
        &["check", "--today", "2026-11-23"],
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
}

#[test]
fn outside_an_instance_is_a_usage_error_that_says_what_to_do() {
    let dir = tempfile::tempdir().expect("tmp");
    let run = run_in(dir.path(), &["check"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no loket.yaml"), "{}", run.stderr);
    assert!(run.stderr.contains("--root"), "{}", run.stderr);
}

#[test]
fn bad_flags_are_usage_errors() {
    let f = Fixture::base();
    assert_eq!(f.run(&["check", "--today", "23-11-2026"]).code, 2);
    assert_eq!(f.run(&["check", "--author", "not a handle"]).code, 2);
    assert_eq!(f.run(&["check", "--format", "xml"]).code, 2);
    assert_eq!(f.run(&["frobnicate"]).code, 2);
}

/// `loket new` for dinas-b, dated 2026-11-23.
fn new(f: &Fixture, service: &str, subdomain: &str, extra: &[&str]) -> crate::support::Run {
    let args = [
        "new",
        "--layanan",
        service,
        "--instansi",
        "dinas-b",
        "--subdomain",
        subdomain,
        "--today",
        "2026-11-23",
    ];
    f.run(&[&args[..], extra].concat())
}

#[test]
fn new_scaffolds_the_next_id_with_the_checklist() {
    let f = Fixture::base();
    let run = new(&f, "subdomain-baru", "gamma", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "requests/dinas-b/2026-0002-gamma.yaml\n");
    let text = f.read("requests/dinas-b/2026-0002-gamma.yaml");
    insta::assert_snapshot!("new_request", text);
    // The skeleton is found wanting until it is filled in, and says where.
    let found = f.check(&[]).codes();
    assert!(found.contains(&"L080".to_string()), "{found:?}");
    // A second run takes the next id; an existing file is never overwritten.
    let run = new(&f, "subdomain-baru", "delta", &[]);
    assert_eq!(run.stdout, "requests/dinas-b/2026-0003-delta.yaml\n");
}

#[test]
fn new_refuses_unknown_service_agency_and_bad_names() {
    let f = Fixture::base();
    let run = new(&f, "subdomain-bru", "x1x", &[]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("did you mean `subdomain-baru`?"),
        "{}",
        run.stderr
    );
    let run = new(&f, "subdomain-baru", "www", &["--lang", "en"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("L034"), "{}", run.stderr);
}

#[test]
fn schema_prints_each_file_kind() {
    let f = Fixture::base();
    for kind in ["config", "service", "request"] {
        let run = f.run(&["schema", kind]);
        assert_eq!(run.code, 0);
        let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("schema is JSON");
        assert_eq!(
            json["additionalProperties"],
            serde_json::Value::Bool(false),
            "{kind}"
        );
    }
    let request: serde_json::Value =
        serde_json::from_str(&f.run(&["schema", "request"]).stdout).expect("json");
    let required: Vec<&str> = request["required"]
        .as_array()
        .expect("required")
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert_eq!(required, ["layanan", "instansi", "subdomain"]);
    assert_eq!(f.run(&["schema"]).code, 2);
}

#[test]
fn help_lists_the_commands() {
    let run = Fixture::base().run(&["--help"]);
    assert_eq!(run.code, 0);
    for command in ["check", "new", "schema"] {
        assert!(run.stdout.contains(command), "{}", run.stdout);
    }
}

/// An issue body as GitHub renders the "Permohonan subdomain" form.
const ISSUE_BODY: &str = "### Perangkat daerah (id)\n\ndinas-b\n\n### Nama subdomain\n\ngamma\n\n### Tujuan situs\n\nSitus \"baru\": {x: 1}\n\n\
### Nomor surat permohonan\n\n005/B/2026\n\n### Tanggal surat (TTTT-BB-HH)\n\n2026-11-20\n\n### Jabatan penandatangan surat\n\nKepala Dinas B\n\n\
### Email dinas penanggung jawab\n\nweb@b.contohkab.go.id\n\n### Telepon penanggung jawab\n\n0812 3456 7890\n\n### Hosting\n\nDi server Diskominfo\n";

#[test]
fn new_from_an_issue_needs_an_officers_word_and_an_operators_issue() {
    let f = Fixture::base();
    f.write("issue.md", ISSUE_BODY);
    let issue = f.path("issue.md").to_string_lossy().into_owned();
    let new = |requester: &str, officer: &str| {
        f.run(&[
            "new",
            "--layanan",
            "subdomain-baru",
            "--from-issue",
            &issue,
            "--requester",
            requester,
            "--officer",
            officer,
            "--stdout",
        ])
    };
    let run = new("op-b", "op-b");
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("@op-b is not an officer (petugas) in loket.yaml"),
        "{}",
        run.stderr
    );
    let run = new("stranger", "kasi-verifikasi");
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("@stranger is not an operator of dinas-b in loket.yaml"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("add @stranger to `operator` of dinas-b")
    );
    let run = new("@OP-B", "Kasi-Verifikasi");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("instansi: \"dinas-b\""),
        "{}",
        run.stdout
    );
}

#[test]
fn check_leaves_a_bots_pull_request_to_the_gate() {
    let f = Fixture::with_request(&valid_request());
    for author in ["github-actions[bot]", "github-actions"] {
        let run = f.check(&["--author", author, "--changed", &format!("A:{REQ}")]);
        assert_eq!(run.code, 0, "{author}: {}{}", run.stdout, run.stderr);
    }
    let run = f.check(&["--author", "stranger", "--changed", &format!("A:{REQ}")]);
    run.expect(1, &[("L022", 2, 11)]);
}

#[test]
fn new_from_an_issue_body_writes_a_request_check_reads() {
    let f = Fixture::base();
    let body = ISSUE_BODY;
    f.write("issue.md", body);
    let run = f.run(&[
        "new",
        "--layanan",
        "subdomain-baru",
        "--from-issue",
        &f.path("issue.md").to_string_lossy(),
        "--today",
        "2026-11-23",
    ]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "requests/dinas-b/2026-0002-gamma.yaml\n"),
        "{}",
        run.stderr
    );
    // Only the letter's scan is missing: the form cannot carry files.
    let run = f.check(&[]);
    run.expect(1, &[("L080", 8, 3)]);
    assert_eq!(run.only().requirement.as_deref(), Some("surat-permohonan"));
    f.write("issue.md", body.replace("gamma", "gamma\nhosting: evil"));
    let run = f.run(&[
        "new",
        "--layanan",
        "subdomain-baru",
        "--from-issue",
        &f.path("issue.md").to_string_lossy(),
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("the answer to `subdomain` must be one line"),
        "{}",
        run.stderr
    );
}

/// `loket kontak ARGS` with `input` on standard input.
fn kontak(args: &[&str], input: &str) -> crate::support::Run {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_loket"))
        .arg("kontak")
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run loket");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write");
    crate::support::Run::from(child.wait_with_output().expect("wait"))
}

#[test]
fn kontak_hashes_addresses_that_check_then_recognises_and_never_prints_them() {
    let run = kontak(
        &["--iterations", "100000"],
        "kasubag@b.contohkab.go.id\n\n+62 813-0000-1111\n",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stdout.contains("kasubag") && !run.stdout.contains("1111"));
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", run.stdout);
    assert!(
        lines
            .iter()
            .all(|l| l.starts_with("- $pbkdf2-sha256$100000$"))
    );
    assert_ne!(lines[0], lines[1]);

    let f = Fixture::with_request(
        &request_with(
            "email: web@b.contohkab.go.id",
            "email: kasubag@b.contohkab.go.id",
        )
        .replace("0812 3456 7890", "0813 0000 1111"),
    );
    f.check(&["--changed", REQ])
        .expect(1, &[("L063", 12, 10), ("L064", 13, 12)]);
    let hashes: Vec<&str> = lines.iter().map(|l| &l[2..]).collect();
    f.edit(
        "loket.yaml",
        "operator: [op-b], kontak: [",
        &format!("operator: [op-b], kontak: [{}, ", hashes.join(", ")),
    );
    f.check(&["--changed", REQ]).expect(0, &[]);

    let run = kontak(&[], "bukan alamat\n");
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("line 1 is neither an email address nor a mobile number"),
        "{}",
        run.stderr
    );
    let run = kontak(&["--iterations", "1000"], "a@b.go.id\n");
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("use at least 100000"), "{}", run.stderr);
}

/// `--now` and `--today` are parsed once, by the argument parser, for
/// every command that takes them: a bad one is a usage error (exit 2)
/// naming the flag and the form it wants, before anything is read.
#[test]
fn now_and_today_are_parsed_at_the_boundary() {
    let f = Fixture::with_request(&valid_request());
    for (args, said) in [
        (
            &["status", "--now", "kemarin"][..],
            "invalid value 'kemarin' for '--now <TIME>': not an RFC 3339 time; write it as e.g. 2026-11-23T10:00:00+08:00",
        ),
        (
            &["sweep", "--now", "2026-11-23"][..],
            "invalid value '2026-11-23' for '--now <TIME>': not an RFC 3339 time",
        ),
        (
            &["check", "--today", "23-11-2026"][..],
            "invalid value '23-11-2026' for '--today <DATE>': not a date; write it as YYYY-MM-DD",
        ),
    ] {
        let run = f.run(args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(said), "{args:?}: {}", run.stderr);
    }
}

/// `SOURCE_DATE_EPOCH` is read in one place: a value that is not a number
/// of seconds is an error for every command that reads the clock, never
/// silently the machine's clock.
#[test]
fn a_bad_source_date_epoch_is_an_error_not_the_clock() {
    let f = Fixture::with_request(&valid_request());
    for args in [&["status"][..], &["check"][..]] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_loket"))
            .args(["--root", &f.root().to_string_lossy()])
            .args(args)
            .env("SOURCE_DATE_EPOCH", "kemarin")
            .output()
            .expect("run");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("SOURCE_DATE_EPOCH=kemarin is not a number of seconds since 1970"),
            "{args:?}: {stderr}"
        );
    }
}
