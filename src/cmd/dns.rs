//! `loket dns zone | diff | octodns | apply`: load, call [`crate::dns`]
//! (the zone of a valid instance: [`crate::dns::instance`]), write.

use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use crate::cli::{ApplyArgs, DiffArgs, DiffFormat, DnsCommand, OctodnsArgs, Revisions, ZoneArgs};
use crate::cmd::output::{emit, exit_code, human_report};
use crate::cmd::workspace::{Workspace, today};
use crate::cmd::{CmdError, merge_order};
use crate::dns::client::{self, TsigKey};
use crate::dns::diff::{self, Change};
use crate::dns::{DnsError, Zone, instance, octodns, zone};
use crate::input::diagnostic::Lang;
use crate::input::load::Instance;
use crate::input::revision::{self, Revision};
use crate::validate;

/// Runs a `loket dns` subcommand.
pub(super) fn run(ws: &Workspace, command: DnsCommand) -> Result<ExitCode, CmdError> {
    match command {
        DnsCommand::Zone(args) => zone(ws, args),
        DnsCommand::Diff(args) => diff(ws, args),
        DnsCommand::Apply(args) => apply(ws, args),
        DnsCommand::Octodns(args) => octodns(ws, args),
    }
}

fn zone(ws: &Workspace, args: ZoneArgs) -> Result<ExitCode, CmdError> {
    let instance = ws.instance()?;
    let today = ws.today(args.today)?;
    let previous_path = args
        .previous
        .or_else(|| args.out.clone().filter(|p| p.is_file()));
    let previous = previous_path.map(|p| read(&p)).transpose()?;
    let serial = previous.as_deref().and_then(zone::read_serial).unwrap_or(0);
    let order = ws.merge_order()?;
    let zone = match instance::valid_zone(instance, order, today, serial, &mut |p| ws.lap(p))? {
        Ok(zone) => zone,
        Err(outcome) => return Ok(refuse(instance, &outcome, ws.lang)),
    };
    let text = instance::render(zone, previous.as_deref(), today);
    ws.lap("render");
    emit(args.out.as_deref(), &text)?;
    ws.lap("write");
    Ok(ExitCode::SUCCESS)
}

fn diff(ws: &Workspace, args: DiffArgs) -> Result<ExitCode, CmdError> {
    let (zone, changes) = match changes(ws, &args.revisions)? {
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

fn octodns(ws: &Workspace, args: OctodnsArgs) -> Result<ExitCode, CmdError> {
    let instance = ws.instance()?;
    let (today, order) = (ws.today(None)?, ws.merge_order()?);
    let zone = match instance::valid_zone(instance, order, today, 0, &mut |p| ws.lap(p))? {
        Ok(zone) => zone,
        Err(outcome) => return Ok(refuse(instance, &outcome, ws.lang)),
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

fn apply(ws: &Workspace, args: ApplyArgs) -> Result<ExitCode, CmdError> {
    let server = client::server(&args.server).map_err(DnsError::from)?;
    let key: TsigKey = read(&args.key)?.parse().map_err(DnsError::from)?;
    let timeout = Duration::from_secs(args.timeout.max(1));
    let (zone, changes) = match changes(ws, &args.revisions)? {
        Ok(found) => found,
        Err(code) => return Ok(code),
    };
    let report =
        crate::dns::apply::apply(server, &zone.origin, &changes, &key, timeout, client::now());
    emit(None, &crate::dns::apply::text(&report, ws.lang))?;
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
    ws: &Workspace,
    revisions: &Revisions,
) -> Result<Result<(Zone, Vec<Change>), ExitCode>, CmdError> {
    let root = ws.root()?;
    let later = Revision::open(root, &revisions.to).map_err(DnsError::from)?;
    let earlier = Revision::open(root, &revisions.from).map_err(DnsError::from)?;
    let after = later.load().map_err(DnsError::from)?;
    let today = today(None, after.config.as_ref())?;
    let order = merge_order(root, &revisions.to, &after)?;
    let to = match instance::valid_zone(&after, order, today, 0, &mut |p| ws.lap(p))? {
        Ok(zone) => zone,
        Err(outcome) => return Ok(Err(refuse(&after, &outcome, ws.lang))),
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
