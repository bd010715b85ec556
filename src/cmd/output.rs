//! What commands print and how they exit: the check report quoting the
//! instance's files, the exit code of an outcome (or of a finding), why an
//! invalid instance writes nothing, and output written whole (to a file
//! through a temporary one, or to standard output) or to a new file.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::cmd::CmdError;
use crate::input::diagnostic::Lang;
use crate::input::load::Instance;
use crate::report;
use crate::validate::Outcome;

/// The `human` report of `outcome`, quoting the instance's files.
pub(super) fn human_report(
    instance: &Instance,
    outcome: &Outcome,
    lang: Lang,
    color: bool,
) -> String {
    let paths = outcome
        .config
        .iter()
        .chain(outcome.requests.iter().flat_map(|r| r.diagnostics.iter()))
        .map(|d| d.path.as_str());
    report::human::render(outcome, &instance.sources(paths), lang, color)
}

/// 0 when everything is valid, 1 when a request is not, 2 when the
/// configuration is broken.
pub(super) fn exit_code(outcome: &Outcome) -> ExitCode {
    if outcome.config_broken() {
        ExitCode::from(2)
    } else if outcome.requests.iter().all(|r| r.ok()) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// Exit 1 when something was found (or failed), else 0.
pub(super) fn failed(found: bool) -> ExitCode {
    if found {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Says on standard error why nothing is written (the instance is not
/// valid); the exit status.
pub(super) fn refuse(instance: &Instance, outcome: &Outcome, lang: Lang) -> ExitCode {
    eprint!("{}", human_report(instance, outcome, lang, false));
    eprintln!(
        "loket: {}",
        lang.pick(
            "tidak ada yang ditulis: instance tidak sah (lihat `loket check`)",
            "nothing written: the instance is not valid (see `loket check`)",
        )
    );
    exit_code(outcome)
}

/// Writes `text` to `out` (through a temporary file, so a reader never
/// sees half a zone), or to standard output.
pub(super) fn emit(out: Option<&Path>, text: &str) -> Result<(), CmdError> {
    use std::io::Write;
    let Some(path) = out else {
        let _ = std::io::stdout().lock().write_all(text.as_bytes());
        return Ok(());
    };
    let io = |source| CmdError::Write {
        path: path.to_path_buf(),
        source,
    };
    let mut tmp = PathBuf::from(path);
    tmp.as_mut_os_string().push(".tmp");
    std::fs::write(&tmp, text).map_err(io)?;
    std::fs::rename(&tmp, path).map_err(io)
}

/// Writes `text` to a new file at `path` (its directory made), never over
/// one that exists.
pub(super) fn create_new(path: &Path, text: &str) -> Result<(), CmdError> {
    if let Some(dir) = path.parent() {
        make_dir(dir)?;
    }
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()))
        .map_err(|source| CmdError::Write {
            path: path.to_path_buf(),
            source,
        })
}

/// Makes the directory `dir` and its parents, when they are missing.
pub(super) fn make_dir(dir: &Path) -> Result<(), CmdError> {
    std::fs::create_dir_all(dir).map_err(|source| CmdError::Write {
        path: dir.to_path_buf(),
        source,
    })
}
