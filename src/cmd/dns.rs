//! `loket dns zone | diff | octodns | apply`: load, call [`crate::dns`]
//! (the zone of a valid instance: [`crate::dns::instance`]), write.

use std::process::ExitCode;

use crate::cli::{ApplyArgs, DiffArgs, DnsCommand, OctodnsArgs, Revisions, ZoneArgs};
use crate::cmd::CmdError;
use crate::cmd::output::{emit, failed, make_dir, refuse};
use crate::cmd::workspace::{self, Workspace, read, today};
use crate::dns::client::{self, TsigKey};
use crate::dns::diff::{self, Change};
use crate::dns::{DnsError, Zone, apply, instance, octodns, zone};
use crate::input::revision::Revision;

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
    let (instance, today) = (ws.instance()?, ws.today(args.today)?);
    let previous = (args.previous.as_ref())
        .or(args.out.as_ref().filter(|p| p.is_file()))
        .map(|p| read(p))
        .transpose()?;
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
    let text = diff::render(&zone, &changes, from, to, args.format);
    emit(None, &text)?;
    Ok(ExitCode::SUCCESS)
}

fn octodns(ws: &Workspace, args: OctodnsArgs) -> Result<ExitCode, CmdError> {
    let instance = ws.instance()?;
    let (today, order) = (ws.today(None)?, ws.merge_order()?);
    let zone = match instance::valid_zone(instance, order, today, 0, &mut |p| ws.lap(p))? {
        Ok(zone) => zone,
        Err(outcome) => return Ok(refuse(instance, &outcome, ws.lang)),
    };
    if let Some(dir) = &args.out {
        make_dir(dir)?;
    }
    let path = args.out.map(|dir| dir.join(octodns::file_name(&zone)));
    emit(path.as_deref(), &octodns::render(&zone))?;
    Ok(ExitCode::SUCCESS)
}

fn apply(ws: &Workspace, args: ApplyArgs) -> Result<ExitCode, CmdError> {
    let server = client::server(&args.server).map_err(DnsError::from)?;
    let key: TsigKey = read(&args.key)?.parse().map_err(DnsError::from)?;
    let timeout = std::time::Duration::from_secs(args.timeout.max(1));
    let (zone, changes) = match changes(ws, &args.revisions)? {
        Ok(found) => found,
        Err(code) => return Ok(code),
    };
    let report = apply::apply(server, &zone.origin, &changes, &key, timeout, client::now());
    emit(None, &apply::text(&report, ws.lang))?;
    if let Some(e) = report.key_refused {
        return Err(DnsError::from(e).into());
    }
    Ok(failed(!report.names.iter().all(|n| n.ok())))
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
    let order = workspace::merge_order(root, &revisions.to, &after, ws.lang)?;
    let to = match instance::valid_zone(&after, order, today, 0, &mut |p| ws.lap(p))? {
        Ok(zone) => zone,
        Err(outcome) => return Ok(Err(refuse(&after, &outcome, ws.lang))),
    };
    let changes = instance::changes_since(&earlier, &later, &after, &to)?;
    Ok(Ok((to, changes)))
}
