//! The `human` format: each finding with the source line it points at.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};

use crate::diagnostic::{Diagnostic, Lang, Severity};
use crate::report::Tally;
use crate::source::SourceFile;
use crate::validate::Outcome;

/// Renders every finding, then the closing line. `color` turns on ANSI
/// colours (the command sets it only for a terminal without `NO_COLOR`).
pub fn render(
    outcome: &Outcome,
    sources: &BTreeMap<String, SourceFile>,
    lang: Lang,
    color: bool,
) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_links(false)
        .with_width(100);
    let mut out = String::new();
    let all = outcome
        .config
        .iter()
        .chain(outcome.requests.iter().flat_map(|r| r.diagnostics.iter()));
    for d in all {
        let report = Report::new(d, sources.get(&d.path), lang);
        if handler.render_report(&mut out, &report).is_err() {
            out.push_str(&one_line(d, lang));
        }
        out.push('\n');
    }
    out.push_str(&Tally::of(outcome).line(lang));
    out.push('\n');
    out
}

/// A finding on one line: `path:line:col: error[L035]: message (hint)`.
pub fn one_line(d: &Diagnostic, lang: Lang) -> String {
    format!(
        "{}:{}:{}: {}[{}]: {}\n",
        d.path,
        d.span.line,
        d.span.column,
        d.severity.as_str(),
        d.code.as_str(),
        d.message_with_hint(lang)
    )
}

#[derive(Debug)]
struct Report {
    message: String,
    code: &'static str,
    severity: miette::Severity,
    help: Option<String>,
    source: NamedSource<Arc<str>>,
    label: Option<LabeledSpan>,
}

impl Report {
    fn new(d: &Diagnostic, file: Option<&SourceFile>, lang: Lang) -> Report {
        let (source, label) = match file.filter(|f| !f.text.is_empty()) {
            Some(file) => {
                let start = file.offset(d.span);
                let rest = &file.text[start..];
                let len = rest
                    .find(['\n', '\r'])
                    .unwrap_or(rest.len())
                    .clamp(1, 80)
                    .min(rest.len());
                let len = (0..=len)
                    .rev()
                    .find(|l| rest.is_char_boundary(*l))
                    .unwrap_or(0);
                let text = match &d.requirement {
                    Some(r) => format!("persyaratan `{r}`"),
                    None => String::new(),
                };
                let label = LabeledSpan::new_with_span(
                    (!text.is_empty()).then_some(text),
                    SourceSpan::new(start.into(), len),
                );
                (NamedSource::new(&d.path, file.text.clone()), Some(label))
            }
            None => (
                NamedSource::new(
                    format!("{}:{}:{}", d.path, d.span.line, d.span.column),
                    Arc::from(""),
                ),
                None,
            ),
        };
        Report {
            message: d.message(lang),
            code: d.code.as_str(),
            severity: match d.severity {
                Severity::Error => miette::Severity::Error,
                Severity::Warning => miette::Severity::Warning,
            },
            help: d.hint.as_ref().map(|h| h.render(lang)),
            source,
            label,
        }
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for Report {}

impl miette::Diagnostic for Report {
    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.label
            .as_ref()
            .map(|_| &self.source as &dyn miette::SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.label
            .clone()
            .map(|l| Box::new(std::iter::once(l)) as Box<dyn Iterator<Item = LabeledSpan>>)
    }
}
