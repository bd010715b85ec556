//! `loket letter`: print the confirmation letter of one request, from its
//! service's `surat_konfirmasi` template, for the officer to sign and send.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;

use crate::cli::LetterArgs;
use crate::cmd::{CmdError, instance_root, today};
use crate::diagnostic::closest;
use crate::letter;
use crate::load;

/// Runs `loket letter`.
pub fn run(root: Option<&Path>, args: LetterArgs) -> Result<ExitCode, CmdError> {
    let root = instance_root(root)?;
    let instance = load::load(&root)?;
    let config = crate::cmd::status::configured(&instance)?;
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
    let Some(template) = service.and_then(|s| s.confirmation_letter.as_ref()) else {
        return Err(CmdError::usage(
            format!(
                "service `{}` has no confirmation letter",
                request.service.as_str()
            ),
            "add a `surat_konfirmasi:` template to its front matter".to_string(),
        ));
    };
    let today = today(args.today.as_deref(), Some(config))?;
    let domain = config.institution.domain.as_str();
    let subdomain = request
        .new_subdomain
        .as_deref()
        .unwrap_or(&request.subdomain);
    let agency = config
        .agencies
        .iter()
        .find(|a| a.id.as_str() == request.agency.as_str());
    let letter_field = |f: fn(&crate::model::request::Letter) -> &str| {
        request
            .letter
            .as_ref()
            .map(|l| f(l).to_string())
            .unwrap_or_default()
    };
    let values = BTreeMap::from([
        ("id", name.id.to_string()),
        ("instansi", config.institution.name.to_string()),
        ("domain", domain.to_string()),
        ("subdomain", subdomain.to_string()),
        ("fqdn", format!("{subdomain}.{domain}")),
        (
            "nama_instansi",
            agency.map(|a| a.name.to_string()).unwrap_or_default(),
        ),
        ("surat_nomor", letter_field(|l| l.number.as_str())),
        ("surat_tanggal", letter_date(request)),
        ("penandatangan", letter_field(|l| l.signer.as_str())),
        ("tanggal", letter::tanggal(today)),
        ("tahun", today.format("%Y").to_string()),
    ]);
    let text = letter::render(template, &values).map_err(|e| {
        CmdError::usage(
            e.to_string(),
            Some(format!(
                "placeholders: {}",
                letter::PLACEHOLDERS
                    .iter()
                    .map(|(p, _)| format!("{{{p}}}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            )),
        )
    })?;
    print!("{text}");
    Ok(ExitCode::SUCCESS)
}

/// The letter's date as a letter writes it, or as given when it is no date.
fn letter_date(request: &crate::model::Request) -> String {
    let Some(l) = request.letter.as_ref() else {
        return String::new();
    };
    chrono::NaiveDate::parse_from_str(l.date.as_str(), "%Y-%m-%d")
        .map(letter::tanggal)
        .unwrap_or_else(|_| l.date.to_string())
}
