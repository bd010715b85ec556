//! `loket schema`: print or write the JSON Schemas.

use std::process::ExitCode;

use crate::cli::SchemaArgs;
use crate::cmd::CmdError;
use crate::cmd::output::make_dir;
use crate::schema::{SchemaKind, schema};

/// Runs `loket schema`.
pub(super) fn run(args: SchemaArgs) -> Result<ExitCode, CmdError> {
    match (args.kind, args.out) {
        (Some(kind), None) => print!("{}", schema(kind)),
        (kind, Some(dir)) => {
            make_dir(&dir)?;
            let kinds = kind.map_or(SchemaKind::ALL.to_vec(), |k| vec![k]);
            for kind in kinds {
                let path = dir.join(kind.file_name());
                std::fs::write(&path, schema(kind))
                    .map_err(|source| CmdError::Write { path, source })?;
            }
        }
        (None, None) => {
            return Err(CmdError::usage(
                "say which schema: config, service or request",
                "or pass --out DIR to write all three".to_string(),
            ));
        }
    }
    Ok(ExitCode::SUCCESS)
}
