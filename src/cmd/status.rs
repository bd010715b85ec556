//! `loket status`: every request's status and clock, or one timeline.

use std::path::Path;
use std::process::ExitCode;

use crate::cli::{StatusArgs, StatusFormat};
use crate::cmd::timelines::{Assembled, assemble, config, now};
use crate::cmd::{CmdError, instance_root};
use crate::diagnostic::Lang;
use crate::load;
use crate::report;

/// Runs `loket status`.
pub fn run(root: Option<&Path>, lang: Lang, args: StatusArgs) -> Result<ExitCode, CmdError> {
    let mut timings = Timings::from_env();
    let root = instance_root(root)?;
    let instance = load::load(&root)?;
    timings.lap("load");
    let config = config(&instance)?;
    let now = now(args.now.as_deref())?;
    let Assembled {
        calendar,
        timelines,
    } = assemble(
        &root,
        &instance,
        config,
        args.snapshot.as_deref(),
        now,
        lang,
        &mut |phase| timings.lap(phase),
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
                StatusFormat::Json => json(one),
            }
        }
        (None, StatusFormat::Human) => report::status::table(&timelines, &calendar, lang),
        (None, StatusFormat::Json) => json(&timelines),
    };
    print!("{text}");
    timings.lap("render");
    Ok(ExitCode::SUCCESS)
}

/// Phase times on standard error when `LOKET_TIMINGS` is set (for `scripts/bench-status`).
pub(crate) struct Timings(Option<std::time::Instant>);

impl Timings {
    pub(crate) fn from_env() -> Self {
        Timings(std::env::var_os("LOKET_TIMINGS").map(|_| std::time::Instant::now()))
    }

    pub(crate) fn lap(&mut self, phase: &str) {
        if let Some(start) = self.0 {
            eprintln!(
                "timing {phase} {:.1} ms",
                start.elapsed().as_secs_f64() * 1000.0
            );
            self.0 = Some(std::time::Instant::now());
        }
    }
}

fn json<T: serde::Serialize>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}
