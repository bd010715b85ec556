//! The `github` format: workflow-command annotations on the lines, and a
//! Markdown step summary.

use crate::input::diagnostic::{Diagnostic, Lang, Severity};
use crate::report::Tally;
use crate::validate::Outcome;

/// One `::error file=…,line=…,col=…,title=…::message` line per finding.
pub(crate) fn annotations(outcome: &Outcome, lang: Lang) -> String {
    let all = outcome
        .config
        .iter()
        .chain(outcome.requests.iter().flat_map(|r| r.diagnostics.iter()));
    let mut out = String::new();
    for d in all {
        out.push_str(&annotation(d, lang));
        out.push('\n');
    }
    out
}

fn annotation(d: &Diagnostic, lang: Lang) -> String {
    let level = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let title = match &d.requirement {
        Some(r) => format!("{} ({r})", d.code.as_str()),
        None => d.code.as_str().to_string(),
    };
    format!(
        "::{level} file={},line={},col={},title={}::{}",
        escape_property(&d.path),
        d.span.line,
        d.span.column,
        escape_property(&title),
        escape_data(&d.message_with_hint(lang))
    )
}

/// Escapes a workflow command's message.
pub(crate) fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value.
pub(crate) fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// The step summary: the closing line and a table of files with findings.
pub(crate) fn summary(outcome: &Outcome, lang: Lang) -> String {
    let (title, head) = lang.pick(
        ("Hasil `loket check`", "| Berkas | Baris | Kode | Pesan |"),
        ("`loket check` result", "| File | Line | Code | Message |"),
    );
    let mut out = format!("### {title}\n\n{}\n", Tally::of(outcome).line(lang));
    let all: Vec<&Diagnostic> = outcome
        .config
        .iter()
        .chain(outcome.requests.iter().flat_map(|r| r.diagnostics.iter()))
        .collect();
    if !all.is_empty() {
        out.push_str(&format!("\n{head}\n|---|---|---|---|\n"));
        for d in all {
            out.push_str(&format!(
                "| `{}` | {}:{} | {} | {} |\n",
                d.path,
                d.span.line,
                d.span.column,
                d.code.as_str(),
                markdown_cell(&d.message_with_hint(lang))
            ));
        }
    }
    out
}

fn markdown_cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_workflow_commands() {
        assert_eq!(escape_data("50%\nnext"), "50%25%0Anext");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
    }
}
