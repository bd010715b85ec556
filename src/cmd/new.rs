//! `loket new`: write a request skeleton at the next free id
//! ([`crate::scaffold`]), or the request an issue form's answers make
//! ([`crate::github::issue_form`]), with the front desk's lines
//! ([`crate::review::intake`]) when an officer takes it on an agency's behalf.

use std::path::Path;
use std::process::ExitCode;

use chrono::Datelike;

use crate::cli::NewArgs;
use crate::cmd::CmdError;
use crate::cmd::output::create_new;
use crate::cmd::workspace::Workspace;
use crate::input::source::{Span, Spanned};
use crate::report::human::one_line;
use crate::validate::name::check_label;
use crate::{github::issue_form, review::intake, scaffold};

/// Runs `loket new`.
pub(super) fn run(ws: &Workspace, args: NewArgs) -> Result<ExitCode, CmdError> {
    let (instance, config) = (ws.instance()?, ws.config()?);
    let Some(service) = instance.service(&args.layanan) else {
        let ids = instance.services().map(|s| s.id.as_str());
        return Err(CmdError::unknown("layanan", &args.layanan, ids));
    };
    let from_issue = args.from_issue.as_deref().map(read_issue).transpose()?;
    let answers = match &from_issue {
        Some(body) => issue_form::answers(body)?,
        None => Default::default(),
    };
    let pick = |flag: &Option<String>, key: &str| {
        flag.clone()
            .or_else(|| answers.get(key).cloned())
            .unwrap_or_default()
    };
    let (instansi, subdomain) = (
        pick(&args.instansi, "instansi"),
        pick(&args.subdomain, "subdomain"),
    );
    let Some(agency) = config.agencies.iter().find(|a| a.id.as_str() == instansi) else {
        let ids = config.agencies.iter().map(|a| a.id.as_str());
        return Err(CmdError::unknown("instansi", &instansi, ids));
    };
    intake::may_file(
        config,
        agency,
        args.officer.as_deref(),
        args.requester.as_deref(),
    )?;
    let name = Spanned::new(Span::START, subdomain.clone());
    let problems = check_label(
        &name,
        &config.institution.domain,
        &config.dns,
        "--subdomain",
    );
    if !problems.is_empty() {
        for d in &problems {
            eprint!("{}", one_line(d, ws.lang));
        }
        return Ok(ExitCode::from(1));
    }
    let today = ws.today(args.today)?;
    let id = scaffold::next_id(instance, u16::try_from(today.year()).unwrap_or(0));
    let mut text = match &from_issue {
        Some(body) => issue_form::request_text(service.id.as_str(), body)?,
        None => scaffold::request_text(service, agency, &subdomain, id, today),
    };
    if let Some(channel) = &args.kanal {
        text.push_str(&intake::desk_lines(
            config,
            channel,
            args.diterima.as_deref(),
            today,
        )?);
    }
    if args.stdout {
        print!("{text}");
        return Ok(ExitCode::SUCCESS);
    }
    let rel = scaffold::request_path(agency.id.as_str(), id, &subdomain);
    let path = ws.root()?.join(&rel);
    create_new(&path, &text)?;
    println!("{rel}");
    Ok(ExitCode::SUCCESS)
}

/// Reads an issue body, refusing what is too large before reading it.
fn read_issue(path: &Path) -> Result<String, CmdError> {
    let io = |source| CmdError::Read {
        path: path.to_path_buf(),
        source,
    };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > issue_form::MAX_BODY as u64 {
        return Err(issue_form::FormError::TooLarge(size as usize).into());
    }
    std::fs::read_to_string(path).map_err(io)
}
