//! `loket dns zone | diff | octodns | apply`: load, call [`crate::dns`]
//! (the zone of a valid instance: [`crate::dns::instance`]), write.

use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use crate::cli::{ApplyArgs, DiffArgs, DiffFormat, DnsCommand, OctodnsArgs, Revisions, ZoneArgs};
use crate::cmd::output::{emit, exit_code, human_report};
use crate::cmd::workspace::{Timings, today};
use crate::cmd::{CmdError, instance_root, merge_order};
use crate::diagnostic::Lang;
use crate::dns::client::{self, TsigKey};
use crate::dns::diff::{self, Change};
use crate::dns::{DnsError, Zone, instance, octodns, zone};
use crate::load::{self, Instance};
use crate::revision::{self, Revision};
use crate::validate;

/// Runs a `loket dns` subcommand.
pub fn run(root: Option<&Path>, lang: Lang, command: DnsCommand) -> Result<ExitCode, CmdError> {
    match command {
        DnsCommand::Zone(args) => zone(root, lang, args),
        DnsCommand::Diff(args) => diff(root, lang, args),
        DnsCommand::Apply(args) => apply(root, lang, args),
        DnsCommand::Octodns(args) => octodns(root, lang, args),
    }
}

fn zone(root: Option<&Path>, lang: Lang, args: ZoneArgs) -> Result<ExitCode, CmdError> {
    let mut timings = Timings::from_env();
    let root = instance_root(root)?;
    let instance = load::load(&root)?;
    timings.lap("load");
    let today = today(args.today, instance.config.as_ref())?;
    let previous_path = args
        .previous
        .or_else(|| args.out.clone().filter(|p| p.is_file()));
    let previous = previous_path.map(|p| read(&p)).transpose()?;
    let serial = previous.as_deref().and_then(zone::read_serial).unwrap_or(0);
    let order = merge_order(&root, "HEAD", &instance)?;
    let zone = match instance::valid_zone(&instance, order, today, serial, &mut |p| timings.lap(p))?
    {
        Ok(zone) => zone,
        Err(outcome) => return Ok(refuse(&instance, &outcome, lang)),
    };
    let text = instance::render(zone, previous.as_deref(), today);
    timings.lap("render");
    emit(args.out.as_deref(), &text)?;
    timings.lap("write");
    Ok(ExitCode::SUCCESS)
}

fn diff(root: Option<&Path>, lang: Lang, args: DiffArgs) -> Result<ExitCode, CmdError> {
    let (zone, changes) = match changes(&instance_root(root)?, lang, &args.revisions)? {
        Ok(found) => found,
        Err(code) => return Ok(code),
    };
    let (from, to) = (&args.revisions.from, &args.revisions.to);
    emit(
        None,
        &match args.format {
            DiffFormat::Bind => diff::bind(&zone, &changes, from, to),
            DiffFormat::Nsupdate => diff::nsupdate(&zone, &changes, from, to),
            DiffFormat::Json => diff::json(&zone, &changes, from, to),
        },
    )?;
    Ok(ExitCode::SUCCESS)
}

fn octodns(root: Option<&Path>, lang: Lang, args: OctodnsArgs) -> Result<ExitCode, CmdError> {
    let root = instance_root(root)?;
    let instance = load::load(&root)?;
    let today = today(None, instance.config.as_ref())?;
    let order = merge_order(&root, "HEAD", &instance)?;
    let mut timings = Timings::from_env();
    let mut lap = |p: &str| timings.lap(p);
    let zone = match instance::valid_zone(&instance, order, today, 0, &mut lap)? {
        Ok(zone) => zone,
        Err(outcome) => return Ok(refuse(&instance, &outcome, lang)),
    };
    let path = match args.out {
        Some(dir) => {
            std::fs::create_dir_all(&dir).map_err(|source| CmdError::Write {
                path: dir.clone(),
                source,
            })?;
            Some(dir.join(octodns::file_name(&zone)))
        }
        None => None,
    };
    emit(path.as_deref(), &octodns::render(&zone))?;
    Ok(ExitCode::SUCCESS)
}

fn apply(root: Option<&Path>, lang: Lang, args: ApplyArgs) -> Result<ExitCode, CmdError> {
    let root = instance_root(root)?;
    let server = client::server(&args.server).map_err(DnsError::from)?;
    let key: TsigKey = read(&args.key)?.parse().map_err(DnsError::from)?;
    let timeout = Duration::from_secs(args.timeout.max(1));
    let (zone, changes) = match changes(&root, lang, &args.revisions)? {
        Ok(found) => found,
        Err(code) => return Ok(code),
    };
    let report =
        crate::dns::apply::apply(server, &zone.origin, &changes, &key, timeout, client::now());
    emit(None, &crate::dns::apply::text(&report, lang))?;
    if let Some(e) = report.key_refused {
        return Err(DnsError::from(e).into());
    }
    let ok = report.names.iter().all(|n| n.ok());
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The zone at `--to` and what changed since `--from`, both read from
/// git. The `--to` instance must be valid (else its report is printed and
/// the exit status returned); `--from` is history and is taken as it is.
fn changes(
    root: &Path,
    lang: Lang,
    revisions: &Revisions,
) -> Result<Result<(Zone, Vec<Change>), ExitCode>, CmdError> {
    let later = Revision::open(root, &revisions.to).map_err(DnsError::from)?;
    let earlier = Revision::open(root, &revisions.from).map_err(DnsError::from)?;
    let after = later.load().map_err(DnsError::from)?;
    let today = today(None, after.config.as_ref())?;
    let order = merge_order(root, &revisions.to, &after)?;
    let mut timings = Timings::from_env();
    let mut lap = |p: &str| timings.lap(p);
    let to = match instance::valid_zone(&after, order, today, 0, &mut lap)? {
        Ok(zone) => zone,
        Err(outcome) => return Ok(Err(refuse(&after, &outcome, lang))),
    };
    let (before, fold) =
        revision::registrations_before(&earlier, &later, &after).map_err(DnsError::from)?;
    let Some(config) = &before.config else {
        let message = format!("loket.yaml cannot be read at {}", revisions.from);
        return Err(CmdError::usage(message, None));
    };
    let from = instance::zone_before(config, fold.registrations.values(), after.config.as_ref())?;
    let changes = diff::diff(&from, &to);
    Ok(Ok((to, changes)))
}

/// Says on standard error why nothing is written; the exit status.
fn refuse(instance: &Instance, outcome: &validate::Outcome, lang: Lang) -> ExitCode {
    eprint!("{}", human_report(instance, outcome, lang, false));
    eprintln!("loket: nothing written: the instance is not valid (see `loket check`)");
    exit_code(outcome)
}

fn read(path: &Path) -> Result<String, CmdError> {
    std::fs::read_to_string(path).map_err(|source| CmdError::Read {
        path: path.to_path_buf(),
        source,
    })
}
