//! `loket dns zone | diff | octodns | apply`: load, call [`crate::dns`], write.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;

use crate::cli::{DnsCommand, ZoneArgs};
use crate::cmd::check::{exit_code, human_report};
use crate::cmd::{CmdError, instance_root, today};
use crate::diagnostic::Lang;
use crate::dns::{DnsError, Zone, zone};
use crate::load::{self, Instance};
use crate::validate::{self, Options, registry};

/// Runs a `loket dns` subcommand.
pub fn run(root: Option<&Path>, lang: Lang, command: DnsCommand) -> Result<ExitCode, CmdError> {
    match command {
        DnsCommand::Zone(args) => zone(root, lang, args),
        DnsCommand::Diff(_) | DnsCommand::Octodns(_) | DnsCommand::Apply(_) => {
            Err(CmdError::usage("not available yet", None))
        }
    }
}

fn zone(root: Option<&Path>, lang: Lang, args: ZoneArgs) -> Result<ExitCode, CmdError> {
    let root = instance_root(root)?;
    let instance = load::load(&root)?;
    let today = today(args.today.as_deref(), instance.config.as_ref())?;
    let previous_path = args
        .previous
        .or_else(|| args.out.clone().filter(|p| p.is_file()));
    let previous = previous_path.map(|p| read(&p)).transpose()?;
    let previous_serial = previous.as_deref().and_then(zone::read_serial);
    let mut zone = match valid_zone(&instance, lang, today, previous_serial.unwrap_or(0))? {
        Ok(zone) => zone,
        Err(code) => return Ok(code),
    };
    let unchanged = previous_serial.is_some() && previous.as_deref() == Some(&*zone.render());
    if !unchanged {
        zone.soa.serial = zone::serial(today, previous_serial);
    }
    emit(args.out.as_deref(), &zone.render())?;
    Ok(ExitCode::SUCCESS)
}

/// The zone of a valid instance; when a request or the configuration is
/// invalid, prints the findings to standard error and returns the exit
/// status instead, so nothing invalid reaches a zone.
pub fn valid_zone(
    instance: &Instance,
    lang: Lang,
    today: NaiveDate,
    serial: u32,
) -> Result<Result<Zone, ExitCode>, CmdError> {
    let options = Options {
        today,
        author: None,
        changed: Vec::new(),
    };
    let outcome = validate::check(instance, &options);
    let (Some(config), true) = (
        &instance.config,
        !outcome.config_broken() && outcome.requests.iter().all(|r| r.ok()),
    ) else {
        eprint!("{}", human_report(instance, &outcome, lang, false));
        eprintln!("loket: nothing written: the instance is not valid (see `loket check`)");
        return Ok(Err(exit_code(&outcome)));
    };
    let fold = registry::registrations(instance);
    Zone::build(config, fold.registrations.values(), serial)
        .map(Ok)
        .map_err(|e| DnsError::Zone(e).into())
}

fn read(path: &Path) -> Result<String, CmdError> {
    std::fs::read_to_string(path).map_err(|source| CmdError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Writes `text` to `out` (through a temporary file, so a reader never
/// sees half a zone), or to standard output.
pub fn emit(out: Option<&Path>, text: &str) -> Result<(), CmdError> {
    use std::io::Write;
    let Some(path) = out else {
        let _ = std::io::stdout().lock().write_all(text.as_bytes());
        return Ok(());
    };
    let io = |source| CmdError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut tmp = PathBuf::from(path);
    tmp.as_mut_os_string().push(".tmp");
    std::fs::write(&tmp, text).map_err(io)?;
    std::fs::rename(&tmp, path).map_err(io)
}
