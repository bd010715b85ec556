//! `loket init`: write an embedded preset (or the commented skeleton) into
//! a new directory with its schemas, the `.github/` made for it and the
//! pin of this loket, and `git init` it ([`crate::init`]); `--refresh`
//! rewrites an existing instance's generated files; `--protection` prints
//! what the workflows need of GitHub's settings.

use std::path::Path;
use std::process::ExitCode;

use crate::cli::InitArgs;
use crate::cmd::CmdError;
use crate::cmd::generated::{github, read_generated};
use crate::init;
use crate::input::diagnostic::Lang;
use crate::pin::{Pin, Sha256, Version};
use crate::preset;

/// Runs `loket init`.
pub(super) fn run(args: InitArgs, lang: Lang) -> Result<ExitCode, CmdError> {
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
        let instance = crate::input::load::load(dir)?;
        let repository = instance
            .config
            .as_ref()
            .and_then(|c| c.institution.value.repository.as_ref())
            .map(|r| r.value.clone());
        let protection = crate::github::files::protection(&github(dir)?);
        print!("{}", protection.checklist(repository.as_deref()));
        return Ok(ExitCode::SUCCESS);
    }
    if args.refresh {
        let Some(dir) = args.dir.as_deref() else {
            return Err(CmdError::usage(
                "loket init --refresh needs the instance's directory",
                None,
            ));
        };
        let expected = github(dir)?;
        let on_disk = read_generated(dir, &expected)?;
        let pin = args.loket_sha256.is_some().then_some(&pin);
        let say = &mut |t: &str| print!("{t}");
        let done = init::refresh(dir, &expected, &on_disk, args.force, pin, lang, say)?;
        println!("{}", done.summary(lang));
        return Ok(if done.kept.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        });
    }
    let Some(dir) = args.dir.as_deref() else {
        return Err(CmdError::usage(
            "loket init needs a directory",
            "run `loket init DIR` for a commented skeleton, or `loket init --list` to see the presets"
                .to_string(),
        ));
    };
    let name = args.preset.as_deref().unwrap_or(preset::SKELETON);
    init::start(dir, &preset::files(name)?)?;
    init::finish(dir, &github(dir)?, &pin)?;
    println!("{}", init::written(name, dir, lang));
    if let Some(note) = init::unpinned(&pin, dir, lang) {
        eprintln!("{note}");
    }
    Ok(ExitCode::SUCCESS)
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
