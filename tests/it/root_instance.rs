//! The repository's own instance and documents stay true.

use std::path::Path;

use loket::schema::{SchemaKind, schema};
use loket::validate::codes::Code;

use crate::support::{Fixture, run_in};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_example_instance_is_valid() {
    let run = run_in(repo(), &["check", "--today", "2026-11-23"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("8 permohonan diperiksa: 8 valid"),
        "{}",
        run.stdout
    );
}

#[test]
fn each_sample_request_passes_as_its_own_pull_request() {
    let fixture = Fixture::copy_of(repo());
    for entry in std::fs::read_dir(repo().join("requests")).expect("requests") {
        let dir = entry.expect("entry").path();
        for file in std::fs::read_dir(&dir).expect("agency dir") {
            let path = file.expect("file").path();
            if path.extension().is_some_and(|e| e == "yaml") {
                let rel = path
                    .strip_prefix(repo())
                    .expect("inside")
                    .to_string_lossy()
                    .replace('\\', "/");
                let letter_date = std::fs::read_to_string(&path).expect("read");
                let date = letter_date
                    .lines()
                    .find_map(|l| l.trim().strip_prefix("tanggal: "))
                    .expect("date");
                // As on the day the letter was written: not too old, not in the future.
                let run = fixture.run(&[
                    "check",
                    "--today",
                    date,
                    "--changed",
                    &format!("A:{rel}"),
                    "--format",
                    "json",
                ]);
                let own: Vec<_> = run
                    .diagnostics()
                    .into_iter()
                    .filter(|d| d.path == rel)
                    .collect();
                assert!(own.is_empty(), "{rel}: {own:?}");
            }
        }
    }
}

#[test]
fn committed_schemas_are_current() {
    for kind in SchemaKind::ALL {
        let path = repo().join("schemas").join(kind.file_name());
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert_eq!(
            committed,
            schema(kind),
            "{} is stale: run `cargo run -- schema --out schemas`",
            path.display()
        );
    }
}

#[test]
fn readme_lists_every_code_with_its_description() {
    let readme = std::fs::read_to_string(repo().join("README.md")).expect("README.md");
    for code in Code::ALL {
        let row = format!("| {} | {} |", code.as_str(), code.description());
        assert!(readme.contains(&row), "README.md lacks the row `{row}`");
    }
}
