//! `loket skm`: the satisfaction index per service and overall, from the
//! answers that count (see [`crate::skm`]), and how many were left out
//! ([`crate::report::skm`]).

use std::process::ExitCode;

use crate::cli::{SkmArgs, StatusFormat};
use crate::cmd::CmdError;
use crate::cmd::output::emit;
use crate::cmd::workspace::{Workspace, now};
use crate::report::skm as report;
use crate::skm::{Target, responses};

/// Runs `loket skm`.
pub(super) fn run(ws: &Workspace, args: SkmArgs) -> Result<ExitCode, CmdError> {
    let (config, lang) = (ws.config()?, ws.lang);
    let snapshot = ws.snapshot(&args.snapshot)?;
    let (timelines, calendar) = ws.timelines(Some(&snapshot), now(None)?)?;
    // An answer is about the published request it names, as the site counts it.
    let published = crate::site::published(&timelines);
    let counted = responses(
        &snapshot.surveys,
        |id| published.iter().find(|t| t.id == id).map(|t| Target::of(t)),
        config,
        |at| calendar.local_date(at),
    );
    let rows = report::rows(&counted, lang);
    let text = match args.format {
        StatusFormat::Json => report::json(&rows)?,
        StatusFormat::Human => report::human(&rows, &counted, lang),
    };
    emit(None, &text)?;
    Ok(ExitCode::SUCCESS)
}
