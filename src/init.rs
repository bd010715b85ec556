//! Writing an instance to disk for `loket init`: a new one into a new or
//! empty directory ([`start`], [`finish`]: a preset's files, the JSON Schemas they
//! point at, the generated `.github/`, the pin, `git init` through
//! libgit2, no `git` process) and an existing one's generated files that
//! drifted ([`refresh`], each with its diff), and what `loket init` says
//! of it ([`written`], [`unpinned`], [`Refreshed::summary`]) in the run's
//! language. What the files hold is
//! decided by [`crate::preset`], [`crate::schema`],
//! [`crate::github::files`] and [`crate::pin`]; this module owns where and
//! how they are written.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::github::files::Drift;
use crate::input::diagnostic::Lang;
use crate::pin::{self, Pin};
use crate::schema::{self, SchemaKind};

/// Why an instance could not be written.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum InitError {
    /// The directory holds files already.
    #[error("{} is not empty", .0.display())]
    #[diagnostic(
        code(loket::usage),
        help("give a new or empty directory; loket init never overwrites files")
    )]
    NotEmpty(PathBuf),
    /// The directory is a file.
    #[error("{} is a file", .0.display())]
    #[diagnostic(code(loket::usage), help("give a new or empty directory"))]
    IsFile(PathBuf),
    /// A file or directory could not be read.
    #[error("cannot read {}: {source}", path.display())]
    #[diagnostic(code(loket::io))]
    Read {
        /// The path.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A file or directory could not be written.
    #[error("cannot write {}: {source}", path.display())]
    #[diagnostic(code(loket::io))]
    Write {
        /// The path.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

/// Starts a new instance in `dir` (which must not exist, or be empty):
/// the `preset` files and the schemas of the files people write
/// (loket.yaml, the services, the requests, the complaints under
/// pengaduan/). Then the caller makes its `.github/` from them and calls
/// [`finish`].
pub(crate) fn start(dir: &Path, preset: &[(&str, &[u8])]) -> Result<(), InitError> {
    ensure_empty(dir)?;
    for (rel, bytes) in preset {
        write(&dir.join(rel), bytes)?;
    }
    for kind in [
        SchemaKind::Config,
        SchemaKind::Service,
        SchemaKind::Request,
        SchemaKind::Complaint,
    ] {
        let path = dir.join("schemas").join(kind.file_name());
        write(&path, schema::schema(kind).as_bytes())?;
    }
    Ok(())
}

/// Finishes the instance [`start`] began in `dir`: its `github` files and
/// its `pin`; then `git init`s it.
pub(crate) fn finish(dir: &Path, github: &[(String, Vec<u8>)], pin: &Pin) -> Result<(), InitError> {
    for (rel, bytes) in github {
        write_generated(dir, rel, bytes)?;
    }
    write(&dir.join(pin::FILE), pin.line().as_bytes())?;
    git2::Repository::init(dir).map_err(|e| InitError::Write {
        path: dir.to_path_buf(),
        source: std::io::Error::other(e.message().to_string()),
    })?;
    Ok(())
}

/// What a refresh did.
#[derive(Debug, Default)]
pub(crate) struct Refreshed {
    /// How many generated files it rewrote.
    pub written: usize,
    /// The files edited by hand that it kept.
    pub kept: Vec<String>,
}

impl Refreshed {
    /// The line that closes a refresh.
    pub(crate) fn summary(&self, lang: Lang) -> String {
        let (written, kept) = (self.written, self.kept.len());
        lang.pick(
            format!("{written} berkas ditulis ulang, {kept} dibiarkan"),
            format!("{written} files rewritten, {kept} kept"),
        )
    }
}

/// What `loket init` says after writing the preset `name` (or the
/// skeleton, [`crate::preset::SKELETON`]) into `dir`: what to do next.
pub(crate) fn written(name: &str, dir: &Path, lang: Lang) -> String {
    let dir = dir.display();
    if name == crate::preset::SKELETON {
        return lang.pick(
            format!("kerangka instance ditulis ke {dir} (git init): ganti setiap contoh di loket.yaml dan site/ dengan milik kantor Anda, jalankan `loket check` sampai bersih, lalu `git add -A && git commit`"),
            format!("instance skeleton written to {dir} (git init): replace every example in loket.yaml and site/ with your office's, run `loket check` until it is clean, then `git add -A && git commit`"),
        );
    }
    lang.pick(
        format!("preset `{name}` ditulis ke {dir} (git init); di sana: `loket check`, lalu `git add -A && git commit`"),
        format!("preset `{name}` written to {dir} (git init); there: `loket check`, then `git add -A && git commit`"),
    )
}

/// The note when `pin` carries no SHA-256: the workflows refuse to install
/// the release until `loket init --refresh DIR --loket-sha256 HASH`.
pub(crate) fn unpinned(pin: &Pin, dir: &Path, lang: Lang) -> Option<String> {
    if pin.sha256.is_some() {
        return None;
    }
    let (file, version, dir) = (pin::FILE, &pin.version, dir.display());
    let url = pin::release_url(&pin.version);
    Some(lang.pick(
        format!("catatan: {file} mematok loket {version} tanpa SHA-256 berkas SHA256SUMS-nya; workflow menolak memasangnya sampai `loket init --refresh {dir} --loket-sha256 HASH` (HASH: `sha256sum SHA256SUMS` dari {url})"),
        format!("note: {file} pins loket {version} without the SHA-256 of its SHA256SUMS file; the workflows refuse to install it until `loket init --refresh {dir} --loket-sha256 HASH` (HASH: `sha256sum SHA256SUMS` from {url})"),
    ))
}

/// Rewrites every generated file of the instance in `dir` that is missing
/// or stale against `expected` (`on_disk` holds those present), telling
/// `say` each one's diff first; one edited by hand only with `force`. The
/// manifest is rewritten when it differs; the pin too when `pin` is given.
pub(crate) fn refresh(
    dir: &Path,
    expected: &[(String, Vec<u8>)],
    on_disk: &BTreeMap<String, Vec<u8>>,
    force: bool,
    pin: Option<&Pin>,
    lang: Lang,
    say: &mut dyn FnMut(&str),
) -> Result<Refreshed, InitError> {
    let mut done = Refreshed::default();
    let bytes_of = |rel: &str| {
        expected
            .iter()
            .find(|(p, _)| p == rel)
            .map(|(_, b)| b.as_slice())
            .unwrap_or_default()
    };
    for (rel, drift) in crate::github::files::drift(expected, on_disk) {
        let want = bytes_of(&rel);
        let have = on_disk.get(&rel).map(Vec::as_slice).unwrap_or_default();
        say(&diff(&rel, have, want));
        if matches!(drift, Drift::HandEdited { .. }) && !force {
            say(&lang.pick(
                format!("! {rel}: diubah dengan tangan; dibiarkan (--force untuk menimpa)\n"),
                format!("! {rel}: edited by hand; kept (--force to overwrite)\n"),
            ));
            done.kept.push(rel);
            continue;
        }
        write_generated(dir, &rel, want)?;
        done.written += 1;
    }
    let manifest = bytes_of(crate::github::files::MANIFEST);
    if on_disk
        .get(crate::github::files::MANIFEST)
        .map(Vec::as_slice)
        != Some(manifest)
    {
        write_generated(dir, crate::github::files::MANIFEST, manifest)?;
    }
    if let Some(pin) = pin {
        write(&dir.join(pin::FILE), pin.line().as_bytes())?;
        say(&format!("{}: {}\n", pin::FILE, pin.line().trim_end()));
    }
    Ok(done)
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
fn write_generated(dir: &Path, rel: &str, bytes: &[u8]) -> Result<(), InitError> {
    let path = dir.join(rel);
    write(&path, bytes)?;
    if crate::github::files::is_executable(rel) {
        make_executable(&path)?;
    }
    Ok(())
}

#[cfg(unix)]
fn make_executable(path: &Path) -> Result<(), InitError> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).map_err(|source| {
        InitError::Write {
            path: path.to_path_buf(),
            source,
        }
    })
}

#[cfg(not(unix))]
fn make_executable(_: &Path) -> Result<(), InitError> {
    Ok(())
}

/// `dir` must not exist, or be an empty directory.
fn ensure_empty(dir: &Path) -> Result<(), InitError> {
    match std::fs::read_dir(dir) {
        Ok(mut entries) => match entries.next() {
            None => Ok(()),
            Some(_) => Err(InitError::NotEmpty(dir.to_path_buf())),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotADirectory || dir.is_file() => {
            Err(InitError::IsFile(dir.to_path_buf()))
        }
        Err(source) => Err(InitError::Read {
            path: dir.to_path_buf(),
            source,
        }),
    }
}

/// Writes `bytes` to `path`, making its directory first.
fn write(path: &Path, bytes: &[u8]) -> Result<(), InitError> {
    let io = |source| InitError::Write {
        path: path.to_path_buf(),
        source,
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    std::fs::write(path, bytes).map_err(io)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `loket init` says, word for word in both languages.
    #[test]
    fn init_speaks_the_runs_language() {
        let dir = Path::new("baru");
        assert_eq!(
            written("tapin", dir, Lang::Id),
            "preset `tapin` ditulis ke baru (git init); di sana: `loket check`, lalu `git add -A && git commit`"
        );
        assert_eq!(
            written("tapin", dir, Lang::En),
            "preset `tapin` written to baru (git init); there: `loket check`, then `git add -A && git commit`"
        );
        let done = Refreshed {
            written: 2,
            kept: vec!["x".into()],
        };
        assert_eq!(
            done.summary(Lang::Id),
            "2 berkas ditulis ulang, 1 dibiarkan"
        );
        assert_eq!(done.summary(Lang::En), "2 files rewritten, 1 kept");
        let pin = Pin {
            version: "0.2.0".parse().expect("version"),
            sha256: None,
        };
        let url = pin::release_url(&pin.version);
        assert_eq!(
            unpinned(&pin, dir, Lang::En),
            Some(format!(
                "note: .loket-version pins loket 0.2.0 without the SHA-256 of its SHA256SUMS file; the workflows refuse to install it until `loket init --refresh baru --loket-sha256 HASH` (HASH: `sha256sum SHA256SUMS` from {url})"
            ))
        );
        assert!(unpinned(&pin, dir, Lang::Id).is_some_and(|n| {
            n.starts_with("catatan: .loket-version mematok loket 0.2.0 tanpa SHA-256")
        }),);
    }
}
