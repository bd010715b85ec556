//! `loket new`: write a request skeleton at the next free id.

use std::path::Path;
use std::process::ExitCode;

use chrono::Datelike;

use crate::cli::NewArgs;
use crate::cmd::workspace::today;
use crate::cmd::{CmdError, instance_root};
use crate::diagnostic::{Lang, closest};
use crate::load;
use crate::model::RequestId;
use crate::model::request::IntakeChannel;
use crate::report::human::one_line;
use crate::scaffold;
use crate::validate::name::check_label;

/// Runs `loket new`.
pub fn run(root: Option<&Path>, lang: Lang, args: NewArgs) -> Result<ExitCode, CmdError> {
    let root = instance_root(root)?;
    let instance = load::load(&root)?;
    let Some(config) = &instance.config else {
        return Err(CmdError::usage(
            "loket.yaml is broken",
            "run `loket check` to see what is wrong".to_string(),
        ));
    };
    let service = instance.service(&args.layanan);
    let Some(service) = service else {
        let ids = instance.services().map(|s| s.id.as_str());
        return Err(unknown("layanan", &args.layanan, ids));
    };
    let from_issue = args.from_issue.as_deref().map(read_issue).transpose()?;
    let answers = match &from_issue {
        Some(body) => crate::issue_form::answers(body)?,
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
        return Err(unknown(
            "instansi",
            &instansi,
            config.agencies.iter().map(|a| a.id.as_str()),
        ));
    };
    if let Some(officer) = &args.officer
        && !config
            .officers
            .iter()
            .any(|o| same(&o.github.value, officer))
    {
        return Err(CmdError::usage(
            format!("@{officer} is not an officer (petugas) in loket.yaml"),
            "only an officer may turn an issue into a pull request".to_string(),
        ));
    }
    if let Some(requester) = &args.requester
        && !agency.operators.iter().any(|o| same(&o.value, requester))
    {
        return Err(CmdError::usage(
            format!("@{requester} is not an operator of {instansi} in loket.yaml"),
            format!(
                "an agency's request comes from one of its operators; add @{requester} to `operator` of {instansi}, or ask an operator to open the issue"
            ),
        ));
    }
    let name = crate::source::Spanned::new(crate::source::Span::START, subdomain.clone());
    let problems = check_label(
        &name,
        &config.institution.domain,
        &config.dns,
        "--subdomain",
    );
    if !problems.is_empty() {
        for d in &problems {
            eprint!("{}", one_line(d, lang));
        }
        return Ok(ExitCode::from(1));
    }
    let today = today(args.today, Some(config))?;
    let year = u16::try_from(today.year()).unwrap_or(0);
    let number = instance
        .requests
        .iter()
        .filter_map(|r| r.name.as_ref())
        .filter(|n| n.id.year == year)
        .map(|n| n.id.number)
        .max()
        .unwrap_or(0)
        + 1;
    let id = RequestId { year, number };
    let mut text = match &from_issue {
        Some(body) => crate::issue_form::request_text(service.id.as_str(), body)?,
        None => scaffold::request_text(service, agency, &subdomain, id, today),
    };
    if let Some(channel) = &args.kanal {
        text.push_str(&desk(config, channel, args.diterima.as_deref(), today)?);
    }
    if args.stdout {
        print!("{text}");
        return Ok(ExitCode::SUCCESS);
    }
    let rel = scaffold::request_path(agency.id.as_str(), id, &subdomain);
    let path = root.join(&rel);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|source| CmdError::Write {
            path: dir.to_path_buf(),
            source,
        })?;
    }
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()))
        .map_err(|source| CmdError::Write {
            path: path.clone(),
            source,
        })?;
    println!("{rel}");
    Ok(ExitCode::SUCCESS)
}

/// The front desk's lines: `--kanal` and `--diterima` (default today),
/// the time checked as `loket check` will (L163).
fn desk(
    config: &crate::model::Config,
    channel: &str,
    received: Option<&str>,
    today: chrono::NaiveDate,
) -> Result<String, CmdError> {
    let channel: IntakeChannel = channel.parse().map_err(|()| {
        CmdError::usage(
            format!("--kanal `{channel}` is not known"),
            "known: langsung, surat, email".to_string(),
        )
    })?;
    let received = received.map_or_else(|| today.to_string(), |r| r.trim().to_string());
    let valid = crate::intake::time_zone(config)
        .and_then(|tz| crate::intake::parse_received(&received, tz))
        .is_some();
    if !valid {
        return Err(CmdError::usage(
            format!("--diterima `{received}` is not a date or a time"),
            "write YYYY-MM-DD or YYYY-MM-DDTHH:MM, in the institution's time".to_string(),
        ));
    }
    Ok(scaffold::desk_text(channel, &received))
}

/// Whether a GitHub login names `handle` (read as a `Handle`: any case, `@` allowed).
fn same(handle: &crate::model::Handle, login: &str) -> bool {
    login
        .parse()
        .is_ok_and(|login: crate::model::Handle| *handle == login)
}

fn unknown<'a>(what: &str, value: &str, known: impl Iterator<Item = &'a str> + Clone) -> CmdError {
    let hint = match closest(value, known.clone()) {
        Some(c) => format!("did you mean `{c}`?"),
        None => format!("known: {}", known.collect::<Vec<_>>().join(", ")),
    };
    CmdError::usage(format!("--{what} `{value}` is not known"), hint)
}

/// Reads an issue body, refusing what is too large before reading it.
fn read_issue(path: &Path) -> Result<String, CmdError> {
    let io = |source| CmdError::Read {
        path: path.to_path_buf(),
        source,
    };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > crate::issue_form::MAX_BODY as u64 {
        let error = crate::issue_form::FormError::TooLarge(size as usize);
        return Err(CmdError::usage(error.to_string(), None));
    }
    std::fs::read_to_string(path).map_err(io)
}
