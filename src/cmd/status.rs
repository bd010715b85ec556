//! `loket status`: every request's status and clock, or one timeline.

use std::process::ExitCode;

use chrono::{DateTime, Utc};

use crate::cli::{StatusArgs, StatusFormat};
use crate::cmd::CmdError;
use crate::cmd::workspace::{Workspace, now};
use crate::github::snapshot::Snapshot;
use crate::report;

/// Runs `loket status`.
pub(super) fn run(ws: &Workspace, args: StatusArgs) -> Result<ExitCode, CmdError> {
    let lang = ws.lang;
    let snapshot = args
        .snapshot
        .as_deref()
        .map(|p| ws.snapshot(p))
        .transpose()?;
    let now = now(args.now)?;
    if args.pengaduan {
        return complaints(ws, snapshot.as_ref(), &args, now);
    }
    let (timelines, calendar) = ws.timelines(snapshot.as_ref(), now)?;
    let text = match (&args.id, args.format) {
        (Some(id), format) => {
            let Some(one) = timelines.iter().find(|t| t.id == *id) else {
                let known: Vec<&str> = timelines.iter().map(|t| t.id.as_str()).collect();
                return Err(CmdError::usage(
                    format!("no request {id}"),
                    crate::input::diagnostic::closest(id, known.iter().copied())
                        .map(|c| format!("did you mean {c}?")),
                ));
            };
            match format {
                StatusFormat::Human => report::status::detail(one, &calendar, lang),
                StatusFormat::Json => json(one)?,
            }
        }
        (None, StatusFormat::Human) => report::status::table(&timelines, &calendar, lang),
        (None, StatusFormat::Json) => json(&timelines)?,
    };
    print!("{text}");
    ws.lap("render");
    Ok(ExitCode::SUCCESS)
}

/// `loket status --pengaduan`: the complaints of the snapshot and those
/// recorded under `pengaduan/`, or one (`41`, `#41` or `2026-0001`).
fn complaints(
    ws: &Workspace,
    snapshot: Option<&Snapshot>,
    args: &StatusArgs,
    now: DateTime<Utc>,
) -> Result<ExitCode, CmdError> {
    let lang = ws.lang;
    let snapshot = snapshot.ok_or_else(|| {
        CmdError::usage(
            "--pengaduan needs a snapshot: complaints are GitHub issues",
            "pass --snapshot FILE (written by `loket fetch`)".to_string(),
        )
    })?;
    let calendar = ws.calendar()?;
    let mut all = crate::complaint::all_timelines(
        ws.instance()?,
        Some(snapshot),
        ws.config()?,
        &calendar,
        now,
    );
    if let Some(id) = &args.id {
        let wanted = id.trim_start_matches('#');
        all.retain(|t| match &t.record {
            Some(record) => record == wanted,
            None => t.number.to_string() == wanted,
        });
        if all.is_empty() {
            return Err(CmdError::usage(
                format!("no complaint {id} in the snapshot or under pengaduan/"),
                "run `loket status --pengaduan` to list them".to_string(),
            ));
        }
    }
    let text = match (args.format, &args.id) {
        (StatusFormat::Json, _) => json(&all)?,
        (StatusFormat::Human, None) => report::status::complaints(&all, &calendar, lang),
        (StatusFormat::Human, Some(_)) => all
            .iter()
            .map(|t| report::status::complaint_detail(t, &calendar, lang))
            .collect(),
    };
    print!("{text}");
    Ok(ExitCode::SUCCESS)
}

fn json<T: serde::Serialize>(value: &T) -> Result<String, CmdError> {
    Ok(crate::json::pretty_typed(value)?)
}
