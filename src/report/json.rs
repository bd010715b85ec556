//! The `json` format, the machine contract documented in the README:
//! `{requests: [{path, ok, diagnostics: [...]}], config: {ok, diagnostics}}`.

use serde::Serialize;

use crate::input::diagnostic::{Diagnostic, Lang};
use crate::validate::Outcome;

#[derive(Serialize)]
struct Document<'a> {
    requests: Vec<FileJson<'a>>,
    config: ConfigJson<'a>,
}

#[derive(Serialize)]
struct FileJson<'a> {
    path: &'a str,
    ok: bool,
    diagnostics: Vec<DiagnosticJson<'a>>,
}

#[derive(Serialize)]
struct ConfigJson<'a> {
    ok: bool,
    diagnostics: Vec<DiagnosticJson<'a>>,
}

#[derive(Serialize)]
struct DiagnosticJson<'a> {
    severity: &'static str,
    code: &'static str,
    message: String,
    hint: Option<String>,
    path: &'a str,
    line: u32,
    column: u32,
    requirement: Option<&'a str>,
}

fn diagnostic(d: &Diagnostic, lang: Lang) -> DiagnosticJson<'_> {
    DiagnosticJson {
        severity: d.severity.as_str(),
        code: d.code.as_str(),
        message: d.message(lang),
        hint: d.hint.as_ref().map(|h| h.render(lang)),
        path: &d.path,
        line: d.span.line,
        column: d.span.column,
        requirement: d.requirement.as_deref(),
    }
}

/// The outcome as pretty-printed JSON, with a final newline.
pub(crate) fn render(outcome: &Outcome, lang: Lang) -> Result<String, serde_json::Error> {
    let doc = Document {
        requests: outcome
            .requests
            .iter()
            .map(|r| FileJson {
                path: &r.path,
                ok: r.ok(),
                diagnostics: r.diagnostics.iter().map(|d| diagnostic(d, lang)).collect(),
            })
            .collect(),
        config: ConfigJson {
            ok: !outcome.config_broken(),
            diagnostics: outcome.config.iter().map(|d| diagnostic(d, lang)).collect(),
        },
    };
    let mut text = serde_json::to_string_pretty(&doc)?;
    text.push('\n');
    Ok(text)
}
