//! `loket audit`: registrations that turned risky.

use std::path::Path;
use std::process::ExitCode;

use crate::cli::AuditArgs;
use crate::cmd::CmdError;
use crate::diagnostic::Lang;

/// Runs `loket audit`.
pub fn run(_root: Option<&Path>, _lang: Lang, _args: AuditArgs) -> Result<ExitCode, CmdError> {
    Err(CmdError::usage("not available yet", None))
}
