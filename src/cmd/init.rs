//! `loket init`: write an embedded preset into a new directory, with the
//! JSON Schemas its files point at and the `.github/` made for it
//! (`github_files`), and `git init` it (libgit2, no `git` process).

use std::path::Path;
use std::process::ExitCode;

use crate::cli::InitArgs;
use crate::cmd::CmdError;
use crate::github_files::{self, GithubView};
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
    let (Some(name), Some(dir)) = (args.preset.as_deref(), args.dir.as_deref()) else {
        return Err(CmdError::usage(
            "loket init needs --preset NAME and a directory",
            "run `loket init --list` to see the presets".to_string(),
        ));
    };
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
    for kind in [SchemaKind::Config, SchemaKind::Service, SchemaKind::Request] {
        let path = dir.join("schemas").join(kind.file_name());
        write(&path, schema::schema(kind).as_bytes())?;
    }
    for (rel, bytes) in github(dir)? {
        let path = dir.join(&rel);
        write(&path, &bytes)?;
        if github_files::is_executable(&rel) {
            make_executable(&path)?;
        }
    }
    git2::Repository::init(dir).map_err(|e| CmdError::Io {
        path: dir.to_path_buf(),
        source: std::io::Error::other(e.message().to_string()),
    })?;
    println!(
        "preset `{name}` ditulis ke {} (git init); di sana: `loket check`, lalu `git add -A && git commit`",
        dir.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// The `.github/` files of the instance at `dir`, made from its
/// `loket.yaml` and services as they are on disk.
pub fn github(dir: &Path) -> Result<Vec<(String, Vec<u8>)>, CmdError> {
    let instance = crate::load::load(dir)?;
    let Some(config) = instance.config.as_ref() else {
        return Err(CmdError::usage(
            format!("{}/loket.yaml does not decode", dir.display()),
            "run `loket check` there and fix what it reports".to_string(),
        ));
    };
    let services: Vec<_> = instance
        .services
        .iter()
        .filter_map(|s| s.service.as_ref())
        .collect();
    let view = GithubView::new(config, &services, dir.join("Cargo.toml").is_file());
    github_files::files(&view).map_err(|e| CmdError::usage(e.to_string(), None))
}

#[cfg(unix)]
fn make_executable(path: &Path) -> Result<(), CmdError> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).map_err(|source| {
        CmdError::Io {
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
        Err(source) => Err(CmdError::Io {
            path: dir.to_path_buf(),
            source,
        }),
    }
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), CmdError> {
    let io = |source| CmdError::Io {
        path: path.to_path_buf(),
        source,
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    std::fs::write(path, bytes).map_err(io)
}
