//! `loket kontak`: salted hashes of an agency's contact addresses for
//! `perangkat_daerah[].kontak`. Addresses come on standard input (not as
//! arguments, which shells keep in their history) and are never printed.

use std::io::BufRead;
use std::process::ExitCode;

use ring::rand::SecureRandom;

use crate::cli::KontakArgs;
use crate::cmd::CmdError;
use crate::contact::{ContactHash, MIN_ITERATIONS, SALT_LEN};

/// Runs `loket kontak`.
pub(super) fn run(args: KontakArgs) -> Result<ExitCode, CmdError> {
    if args.iterations < MIN_ITERATIONS {
        return Err(CmdError::usage(
            format!("--iterations {} is too few", args.iterations),
            format!("use at least {MIN_ITERATIONS}"),
        ));
    }
    let random = ring::rand::SystemRandom::new();
    let stdin = std::io::stdin();
    let mut lines = Vec::new();
    for (n, line) in stdin.lock().lines().enumerate() {
        let line = line.map_err(|source| CmdError::Read {
            path: "(standard input)".into(),
            source,
        })?;
        if line.trim().is_empty() {
            continue;
        }
        let mut salt = [0u8; SALT_LEN];
        random
            .fill(&mut salt)
            .map_err(|_| CmdError::usage("the system gave no random salt", None))?;
        let hash = ContactHash::new(&line, &salt, args.iterations).ok_or_else(|| {
            CmdError::usage(
                format!(
                    "line {} is neither an email address nor a mobile number (08…, +628…)",
                    n + 1
                ),
                None,
            )
        })?;
        lines.push(format!("- {hash}"));
    }
    if lines.is_empty() {
        return Err(CmdError::usage(
            "no address on standard input",
            "e.g. printf '%s\\n' tik@disdik.tapinkab.go.id '0812 3456 7890' | loket kontak"
                .to_string(),
        ));
    }
    for line in lines {
        println!("{line}");
    }
    Ok(ExitCode::SUCCESS)
}
