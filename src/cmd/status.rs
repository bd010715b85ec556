//! `loket status`: every request's status and clock, or one timeline.

use std::path::Path;
use std::process::ExitCode;

use chrono::{DateTime, Utc};

use crate::cli::{StatusArgs, StatusFormat};
use crate::cmd::workspace::{Timings, calendar_for, configured, now, read_snapshot, timelines};
use crate::cmd::{CmdError, instance_root};
use crate::diagnostic::Lang;
use crate::load::{self};
use crate::model::Config;
use crate::report;
use crate::snapshot::Snapshot;

/// Runs `loket status`.
pub fn run(root: Option<&Path>, lang: Lang, args: StatusArgs) -> Result<ExitCode, CmdError> {
    let mut timings = Timings::from_env();
    let root = instance_root(root)?;
    let instance = load::load(&root)?;
    timings.lap("load");
    let config = configured(&instance)?;
    let snapshot = args
        .snapshot
        .as_deref()
        .map(|p| read_snapshot(&root, p))
        .transpose()?;
    let now = now(args.now)?;
    if args.pengaduan {
        return complaints(
            &root,
            &instance,
            config,
            snapshot.as_ref(),
            &args,
            now,
            lang,
        );
    }
    let (timelines, calendar) = timelines(
        &root,
        &instance,
        config,
        snapshot.as_ref(),
        now,
        lang,
        &mut timings,
    )?;
    let text = match (&args.id, args.format) {
        (Some(id), format) => {
            let Some(one) = timelines.iter().find(|t| t.id == *id) else {
                let known: Vec<&str> = timelines.iter().map(|t| t.id.as_str()).collect();
                return Err(CmdError::usage(
                    format!("no request {id}"),
                    crate::diagnostic::closest(id, known.iter().copied())
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
    timings.lap("render");
    Ok(ExitCode::SUCCESS)
}

/// `loket status --pengaduan`: the complaints of the snapshot and those
/// recorded under `pengaduan/`, or one (`41`, `#41` or `2026-0001`).
fn complaints(
    root: &Path,
    instance: &load::Instance,
    config: &Config,
    snapshot: Option<&Snapshot>,
    args: &StatusArgs,
    now: DateTime<Utc>,
    lang: Lang,
) -> Result<ExitCode, CmdError> {
    let snapshot = snapshot.ok_or_else(|| {
        CmdError::usage(
            "--pengaduan needs a snapshot: complaints are GitHub issues",
            "pass --snapshot FILE (written by `loket fetch`)".to_string(),
        )
    })?;
    let calendar = calendar_for(root, Some(config), lang)?;
    let mut all = crate::complaint::all_timelines(instance, Some(snapshot), config, &calendar, now);
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
