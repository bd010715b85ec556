//! `loket init`: write an embedded preset (or the commented skeleton) into
//! a new directory, with the
//! JSON Schemas its files point at, the `.github/` made for it
//! (`github_files`) and the pin of this loket (`.loket-version`), and `git
//! init` it (libgit2, no `git` process); `--refresh` rewrites an existing
//! instance's generated files. Also what `loket check` says about the pin
//! and the generated files ([`release_findings`]).

use std::path::Path;
use std::process::ExitCode;

use crate::cli::InitArgs;
use crate::cmd::CmdError;
use crate::cmd::generated::{github, read_generated};
use crate::github_files::{self, Drift};
use crate::pin::{self, Pin, Sha256, Version};
use crate::preset;
use crate::schema::{self, SchemaKind};

/// Runs `loket init`.
pub fn run(args: InitArgs) -> Result<ExitCode, CmdError> {
    if args.list {
        for (name, about) in preset::PRESETS {
            println!("{name:<12} {about}");
        }
        return Ok(ExitCode::SUCCESS);
    }
    // A new instance may take the hash from the environment; a refresh
    // rewrites the pin only when told on the command line.
    let sha256 = match (&args.loket_sha256, args.refresh) {
        (Some(s), _) => Some(s.clone()),
        (None, false) => std::env::var("LOKET_SHA256").ok().filter(|s| !s.is_empty()),
        (None, true) => None,
    };
    let pin = Pin {
        version: Version::running(),
        sha256: sha256.as_deref().map(sha256_arg).transpose()?,
    };
    if args.protection {
        let dir = args.dir.as_deref().unwrap_or(Path::new("."));
        let instance = crate::load::load(dir)?;
        let repository = instance
            .config
            .as_ref()
            .and_then(|c| c.institution.value.repository.as_ref())
            .map(|r| r.value.clone());
        let protection = github_files::protection(&github(dir)?);
        print!("{}", protection_text(&protection, repository.as_deref()));
        return Ok(ExitCode::SUCCESS);
    }
    if args.refresh {
        let Some(dir) = args.dir.as_deref() else {
            return Err(CmdError::usage(
                "loket init --refresh needs the instance's directory",
                None,
            ));
        };
        return refresh(dir, args.force, args.loket_sha256.is_some().then_some(&pin));
    }
    let Some(dir) = args.dir.as_deref() else {
        return Err(CmdError::usage(
            "loket init needs a directory",
            "run `loket init DIR` for a commented skeleton, or `loket init --list` to see the presets"
                .to_string(),
        ));
    };
    let name = args.preset.as_deref().unwrap_or(preset::SKELETON);
    let files = preset::files(name).map_err(|e| {
        CmdError::usage(
            e.to_string(),
            Some(match &e.suggestion {
                Some(s) => format!("did you mean `{s}`? (`loket init --list` shows every preset)"),
                None => "run `loket init --list` to see the presets".to_string(),
            }),
        )
    })?;
    ensure_empty(dir)?;
    for (rel, bytes) in files {
        write(&dir.join(rel), bytes)?;
    }
    // The schemas of the files people write: loket.yaml, the services, the
    // requests and the complaints recorded under pengaduan/.
    for kind in [
        SchemaKind::Config,
        SchemaKind::Service,
        SchemaKind::Request,
        SchemaKind::Complaint,
    ] {
        let path = dir.join("schemas").join(kind.file_name());
        write(&path, schema::schema(kind).as_bytes())?;
    }
    for (rel, bytes) in github(dir)? {
        write_generated(dir, &rel, &bytes)?;
    }
    write(&dir.join(pin::FILE), pin.line().as_bytes())?;
    git2::Repository::init(dir).map_err(|e| CmdError::Write {
        path: dir.to_path_buf(),
        source: std::io::Error::other(e.message().to_string()),
    })?;
    if name == preset::SKELETON {
        println!(
            "kerangka instance ditulis ke {} (git init): ganti setiap contoh di loket.yaml dan site/ dengan milik kantor Anda, jalankan `loket check` sampai bersih, lalu `git add -A && git commit`",
            dir.display()
        );
    } else {
        println!(
            "preset `{name}` ditulis ke {} (git init); di sana: `loket check`, lalu `git add -A && git commit`",
            dir.display()
        );
    }
    if pin.sha256.is_none() {
        eprintln!(
            "catatan: {} mematok loket {} tanpa SHA-256 berkas SHA256SUMS-nya; workflow menolak memasangnya sampai `loket init --refresh {} --loket-sha256 HASH` (HASH: `sha256sum SHA256SUMS` dari {})",
            pin::FILE,
            pin.version,
            dir.display(),
            pin::release_url(&pin.version)
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The settings checklist and the `gh api` call of `loket init --protection`.
fn protection_text(p: &github_files::Protection, repository: Option<&str>) -> String {
    let checks = p
        .required_checks
        .iter()
        .map(|c| format!("`{c}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let repo = repository.unwrap_or("OWNER/NAME");
    let mut out = format!(
        "Branch protection of the default branch (Settings > Branches > Add rule):
- [ ] Require a pull request before merging; required approvals: 0 (officers approve with stage labels, which `loket gate` checks)
- [ ] Require status checks to pass before merging: {checks} (exactly these names)
- [ ] Require branches to be up to date before merging, or require a merge queue
- [ ] Do not allow bypassing the above settings; block force pushes and deletions
- [ ] Write access for officers only; agencies open pull requests from forks
Repository settings:
- [ ] Actions > General > Workflow permissions: read repository contents and packages
- [ ] Pages > Build and deployment > Source: GitHub Actions
- [ ] Labels: `loket labels sync --repo {repo}` with a token that may write issues
Secrets the workflows read (Settings > Secrets and variables > Actions; each is optional, the step it feeds is skipped without it):
"
    );
    for secret in &p.secrets {
        out.push_str(&format!("- [ ] {secret}\n"));
    }
    let body = serde_json::json!({
        "required_status_checks": {
            "strict": true,
            "checks": p.required_checks.iter().map(|c| serde_json::json!({"context": c})).collect::<Vec<_>>(),
        },
        "enforce_admins": true,
        "required_pull_request_reviews": {"required_approving_review_count": 0},
        "restrictions": null,
        "allow_force_pushes": false,
        "allow_deletions": false,
    });
    out.push_str(&format!(
        "Apply the branch protection with the GitHub CLI (a token that may administer the repository):
gh api --method PUT repos/{}/branches/main/protection --input - <<'JSON'
{body:#}
JSON
",
        repo,
    ));
    out
}

/// `--loket-sha256`, checked.
fn sha256_arg(s: &str) -> Result<Sha256, CmdError> {
    s.parse().map_err(|()| {
        CmdError::usage(
            format!("--loket-sha256 `{s}` is not a SHA-256 (64 lowercase hex digits)"),
            "give the output of `sha256sum SHA256SUMS` for this loket's release".to_string(),
        )
    })
}

/// `loket init --refresh DIR`: every generated file that is missing or
/// stale is rewritten, its diff printed; one edited by hand only with
/// `force`. The manifest is rewritten; the pin too when `pin` is given.
/// Exit 1 when a hand-edited file was kept.
fn refresh(dir: &Path, force: bool, pin: Option<&Pin>) -> Result<ExitCode, CmdError> {
    let expected = github(dir)?;
    let on_disk = read_generated(dir, &expected)?;
    let mut kept = Vec::new();
    let mut written = 0;
    for (rel, drift) in github_files::drift(&expected, &on_disk) {
        let want = expected
            .iter()
            .find(|(p, _)| *p == rel)
            .map(|(_, b)| b.as_slice())
            .unwrap_or_default();
        let have = on_disk.get(&rel).map(Vec::as_slice).unwrap_or_default();
        print!("{}", diff(&rel, have, want));
        if matches!(drift, Drift::HandEdited { .. }) && !force {
            println!("! {rel}: diubah dengan tangan; dibiarkan (--force untuk menimpa)");
            kept.push(rel);
            continue;
        }
        write_generated(dir, &rel, want)?;
        written += 1;
    }
    let manifest = expected
        .iter()
        .find(|(p, _)| p == github_files::MANIFEST)
        .map(|(_, b)| b.as_slice())
        .unwrap_or_default();
    if on_disk.get(github_files::MANIFEST).map(Vec::as_slice) != Some(manifest) {
        write_generated(dir, github_files::MANIFEST, manifest)?;
    }
    if let Some(pin) = pin {
        write(&dir.join(pin::FILE), pin.line().as_bytes())?;
        println!("{}: {}", pin::FILE, pin.line().trim_end());
    }
    println!("{written} berkas ditulis ulang, {} dibiarkan", kept.len());
    Ok(if kept.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// A unified diff of a generated file, from what is on disk to what loket
/// writes.
fn diff(rel: &str, have: &[u8], want: &[u8]) -> String {
    let have = String::from_utf8_lossy(have);
    let want = String::from_utf8_lossy(want);
    similar::TextDiff::from_lines(have.as_ref(), want.as_ref())
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{rel}"), &format!("b/{rel}"))
        .to_string()
}

/// Writes one generated file, executable when it is a script.
fn write_generated(dir: &Path, rel: &str, bytes: &[u8]) -> Result<(), CmdError> {
    let path = dir.join(rel);
    write(&path, bytes)?;
    if github_files::is_executable(rel) {
        make_executable(&path)?;
    }
    Ok(())
}

#[cfg(unix)]
fn make_executable(path: &Path) -> Result<(), CmdError> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).map_err(|source| {
        CmdError::Write {
            path: path.to_path_buf(),
            source,
        }
    })
}

#[cfg(not(unix))]
fn make_executable(_: &Path) -> Result<(), CmdError> {
    Ok(())
}

/// `dir` must not exist, or be an empty directory.
fn ensure_empty(dir: &Path) -> Result<(), CmdError> {
    match std::fs::read_dir(dir) {
        Ok(mut entries) => match entries.next() {
            None => Ok(()),
            Some(_) => Err(CmdError::usage(
                format!("{} is not empty", dir.display()),
                "give a new or empty directory; loket init never overwrites files".to_string(),
            )),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotADirectory || dir.is_file() => {
            Err(CmdError::usage(
                format!("{} is a file", dir.display()),
                "give a new or empty directory".to_string(),
            ))
        }
        Err(source) => Err(CmdError::Read {
            path: dir.to_path_buf(),
            source,
        }),
    }
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), CmdError> {
    let io = |source| CmdError::Write {
        path: path.to_path_buf(),
        source,
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    std::fs::write(path, bytes).map_err(io)
}
