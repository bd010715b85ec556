//! The `loket` binary: parse arguments, run the command, map errors to exit codes.

use std::process::ExitCode;

use clap::Parser;

/// mimalloc rather than the system allocator: a check parses thousands of
/// small files on every core, and glibc grows a thread's arena one system
/// call at a time (see Cargo.toml, and the README's "Performance").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = loket::cli::Cli::parse();
    // Whole lines: messages name paths that must stay searchable in CI logs.
    let _ = miette::set_hook(Box::new(|_| {
        Box::new(miette::MietteHandlerOpts::new().wrap_lines(false).build())
    }));
    match loket::cmd::run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("{:?}", miette::Report::new(err));
            ExitCode::from(2)
        }
    }
}
