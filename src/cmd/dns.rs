//! `loket dns zone | diff | octodns | apply`: load, call [`crate::dns`], write.

use crate::cmd::output::emit;
use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use chrono::NaiveDate;

use crate::cli::{ApplyArgs, DiffArgs, DiffFormat, DnsCommand, OctodnsArgs, Revisions, ZoneArgs};
use crate::cmd::output::{exit_code, human_report};
use crate::cmd::workspace::Timings;
use crate::cmd::workspace::today;
use crate::cmd::{CmdError, instance_root, merge_order};
use crate::diagnostic::Lang;
use crate::dns::client::{self, TsigKey};
use crate::dns::diff::{self, Change};
use crate::dns::{DnsError, Zone, zone};
use crate::load::{self, Instance};
use crate::revision::{self, Revision};
use crate::validate::registry::{self, MergeOrder};
use crate::validate::{self, Options};

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
    let previous_serial = previous.as_deref().and_then(zone::read_serial);
    let order = merge_order(&root, "HEAD", &instance)?;
    let mut zone = match valid_zone(
        &instance,
        order,
        lang,
        today,
        previous_serial.unwrap_or(0),
        &mut timings,
    )? {
        Ok(zone) => zone,
        Err(code) => return Ok(code),
    };
    // Rendered once, or twice when the previous zone differs and the
    // serial must move on.
    let mut text = None;
    if previous_serial.is_some() {
        let same = zone.render();
        text = (previous.as_deref() == Some(&*same)).then_some(same);
    }
    let text = text.unwrap_or_else(|| {
        zone.soa.serial = zone::serial(today, previous_serial);
        zone.render()
    });
    timings.lap("render");
    emit(args.out.as_deref(), &text)?;
    timings.lap("write");
    Ok(ExitCode::SUCCESS)
}

fn diff(root: Option<&Path>, lang: Lang, args: DiffArgs) -> Result<ExitCode, CmdError> {
    let root = instance_root(root)?;
    let (zone, changes) = match changes(&root, lang, &args.revisions)? {
        Ok(found) => found,
        Err(code) => return Ok(code),
    };
    let (from, to) = (&args.revisions.from, &args.revisions.to);
    let text = match args.format {
        DiffFormat::Bind => diff::bind(&zone, &changes, from, to),
        DiffFormat::Nsupdate => diff::nsupdate(&zone, &changes, from, to),
        DiffFormat::Json => diff::json(&zone, &changes, from, to),
    };
    emit(None, &text)?;
    Ok(ExitCode::SUCCESS)
}

fn octodns(root: Option<&Path>, lang: Lang, args: OctodnsArgs) -> Result<ExitCode, CmdError> {
    let root = instance_root(root)?;
    let instance = load::load(&root)?;
    let today = today(None, instance.config.as_ref())?;
    let order = merge_order(&root, "HEAD", &instance)?;
    let zone = match valid_zone(&instance, order, lang, today, 0, &mut Timings::from_env())? {
        Ok(zone) => zone,
        Err(code) => return Ok(code),
    };
    let text = crate::dns::octodns::render(&zone);
    match args.out {
        Some(dir) => {
            std::fs::create_dir_all(&dir).map_err(|source| CmdError::Write {
                path: dir.clone(),
                source,
            })?;
            emit(
                Some(&dir.join(crate::dns::octodns::file_name(&zone))),
                &text,
            )?;
        }
        None => emit(None, &text)?,
    }
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
    let out = apply_report(&report, lang);
    let mut out = out;
    if changes.is_empty() {
        out.push_str(words(lang, "tidak ada perubahan\n", "nothing to change\n"));
    }
    emit(None, &out)?;
    if let Some(e) = report.key_refused {
        return Err(DnsError::from(e).into());
    }
    Ok(if report.names.iter().all(|n| n.ok()) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The report of `loket dns apply`: one line per record of an applied
/// name, one line per name otherwise.
fn apply_report(report: &crate::dns::apply::Report, lang: Lang) -> String {
    use crate::dns::apply::Outcome;
    let mut out = String::new();
    for name in &report.names {
        let fqdn = &name.fqdn;
        match &name.outcome {
            Outcome::Applied(records) => {
                for r in records {
                    let (sign, state) = match (r.wanted, r.ok) {
                        (true, Some(true)) => ("+", words(lang, "terpasang", "present")),
                        (false, Some(true)) => ("-", words(lang, "terhapus", "gone")),
                        (true, Some(false)) => (
                            "+",
                            words(lang, "TIDAK ADA di server", "MISSING on the server"),
                        ),
                        (false, Some(false)) => (
                            "-",
                            words(lang, "MASIH ADA di server", "STILL on the server"),
                        ),
                        (wanted, None) => (
                            if wanted { "+" } else { "-" },
                            words(lang, "tidak dapat diperiksa", "could not be checked"),
                        ),
                    };
                    let mark = if r.ok == Some(true) { "✓" } else { "✗" };
                    let _ = writeln!(
                        out,
                        "{mark} {sign} {fqdn} {} IN {}: {state}",
                        r.ttl, r.record
                    );
                }
            }
            Outcome::Refused(code) => {
                let _ = writeln!(
                    out,
                    "✗ {fqdn}: {} ({code:?}: {code})",
                    words(
                        lang,
                        "pembaruan ditolak server",
                        "the server refused the update"
                    )
                );
            }
            Outcome::Failed(e) => {
                let _ = writeln!(
                    out,
                    "✗ {fqdn}: {}: {e}",
                    words(lang, "tidak terkirim", "not sent")
                );
            }
            Outcome::KeyRefused => {
                let _ = writeln!(
                    out,
                    "✗ {fqdn}: {}",
                    words(lang, "kunci TSIG ditolak", "the TSIG key was refused")
                );
            }
            Outcome::NotAttempted => {
                let _ = writeln!(
                    out,
                    "– {fqdn}: {}",
                    words(
                        lang,
                        "tidak dicoba (kunci TSIG ditolak)",
                        "not attempted (the TSIG key was refused)"
                    )
                );
            }
        }
    }
    out
}

fn words(lang: Lang, id: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Id => id,
        Lang::En => en,
    }
}

/// The zone at `--to` and what changed since `--from`, both read from
/// git. The `--to` instance must be valid (else its report is printed and
/// the exit status returned); `--from` is history and is taken as it is.
pub fn changes(
    root: &Path,
    lang: Lang,
    revisions: &Revisions,
) -> Result<Result<(Zone, Vec<Change>), ExitCode>, CmdError> {
    let later = Revision::open(root, &revisions.to).map_err(DnsError::from)?;
    let earlier = Revision::open(root, &revisions.from).map_err(DnsError::from)?;
    let after = later.load().map_err(DnsError::from)?;
    let today = today(None, after.config.as_ref())?;
    let order = merge_order(root, &revisions.to, &after)?;
    let to = match valid_zone(&after, order, lang, today, 0, &mut Timings::from_env())? {
        Ok(zone) => zone,
        Err(code) => return Ok(Err(code)),
    };
    let (before, fold) =
        revision::registrations_before(&earlier, &later, &after).map_err(DnsError::from)?;
    let Some(config) = &before.config else {
        return Err(CmdError::usage(
            format!("loket.yaml cannot be read at {}", revisions.from),
            None,
        ));
    };
    // A revision from before loket managed the zone's name servers is
    // read as having today's, so they do not show as a change.
    let mut config = config.clone();
    if config.dns.name_servers.is_empty()
        && let Some(now) = &after.config
    {
        config.dns.value.name_servers = now.dns.name_servers.clone();
    }
    let from = Zone::build(&config, fold.registrations.values(), 0).map_err(DnsError::Zone)?;
    let changes = diff::diff(&from, &to);
    Ok(Ok((to, changes)))
}

/// The zone of a valid instance, its requests folded in `order`; when a
/// request or the configuration is invalid, prints the findings to
/// standard error and returns the exit status instead, so nothing invalid
/// reaches a zone.
pub fn valid_zone(
    instance: &Instance,
    order: MergeOrder,
    lang: Lang,
    today: NaiveDate,
    serial: u32,
    timings: &mut Timings,
) -> Result<Result<Zone, ExitCode>, CmdError> {
    let options = Options {
        today,
        author: None,
        changed: Vec::new(),
        pending: Vec::new(),
        order,
    };
    let outcome = validate::check(instance, &options);
    timings.lap("check");
    let (Some(config), true) = (
        &instance.config,
        !outcome.config_broken() && outcome.requests.iter().all(|r| r.ok()),
    ) else {
        eprint!("{}", human_report(instance, &outcome, lang, false));
        eprintln!("loket: nothing written: the instance is not valid (see `loket check`)");
        return Ok(Err(exit_code(&outcome)));
    };
    let fold = registry::registrations(instance, &options.order);
    timings.lap("fold");
    let zone = Zone::build(config, fold.registrations.values(), serial);
    timings.lap("build");
    zone.map(Ok).map_err(|e| DnsError::Zone(e).into())
}

fn read(path: &Path) -> Result<String, CmdError> {
    std::fs::read_to_string(path).map_err(|source| CmdError::Read {
        path: path.to_path_buf(),
        source,
    })
}
