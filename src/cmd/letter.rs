//! `loket letter`: print the reply letter of one request for the officer to
//! sign and send: the whole letter of `surat_balasan` (letterhead, number,
//! body, signing role) when `loket.yaml` has one, else the service's
//! `surat_konfirmasi` template filled in.

use std::process::ExitCode;

use crate::cli::LetterArgs;
use crate::cmd::CmdError;
use crate::cmd::workspace::Workspace;
use crate::input::diagnostic::closest;
use crate::letter;

/// Runs `loket letter`.
pub(super) fn run(ws: &Workspace, args: LetterArgs) -> Result<ExitCode, CmdError> {
    let (instance, config) = (ws.instance()?, ws.config()?);
    let found = instance.requests.iter().find_map(|r| {
        let name = r.name.as_ref()?;
        (name.id.to_string() == args.id).then_some((name, r.request.as_ref()))
    });
    let Some((name, request)) = found else {
        let ids: Vec<String> = instance
            .requests
            .iter()
            .filter_map(|r| r.name.as_ref().map(|n| n.id.to_string()))
            .collect();
        return Err(CmdError::usage(
            format!("no request {}", args.id),
            closest(&args.id, ids.iter().map(String::as_str)).map(|c| format!("did you mean {c}?")),
        ));
    };
    let Some(request) = request else {
        return Err(CmdError::usage(
            format!("request {} does not decode", args.id),
            "run `loket check` to see what is wrong".to_string(),
        ));
    };
    let service = instance.service(&request.service);
    let today = ws.today(args.today)?;
    let placeholders = |e: letter::LetterError, list: &[(&str, &str)]| {
        CmdError::usage(
            e.to_string(),
            Some(format!(
                "placeholders: {}",
                list.iter()
                    .map(|(p, _)| format!("{{{p}}}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            )),
        )
    };
    // With `surat_balasan`, the whole letter as the site prints it.
    if let Some(letter) = letter::compose(config, service, request, name.id, today)
        .map_err(|e| placeholders(e, letter::PLACEHOLDERS))?
    {
        print!("{}", letter.text());
        return Ok(ExitCode::SUCCESS);
    }
    let Some(template) = service.and_then(|s| s.confirmation_letter.as_ref()) else {
        return Err(CmdError::usage(
            format!(
                "service `{}` has no confirmation letter",
                request.service.as_str()
            ),
            "add a `surat_konfirmasi:` template to its front matter, or `surat_balasan:` to loket.yaml"
                .to_string(),
        ));
    };
    let values = letter::values(config, service, request, name.id, today);
    let text =
        letter::render(template, &values).map_err(|e| placeholders(e, letter::PLACEHOLDERS))?;
    print!("{text}");
    Ok(ExitCode::SUCCESS)
}
