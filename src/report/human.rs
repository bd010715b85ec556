//! The `human` format: each finding with the source line it points at.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    NamedSource, SourceSpan, SpanContents,
};

use crate::input::diagnostic::{Diagnostic, Lang, Severity};
use crate::input::source::{LineIndex, SourceFile};
use crate::report::Tally;
use crate::validate::Outcome;

/// Findings shown per file; the rest are counted in one line (every one of
/// them is in `--format json` and `github`).
pub(crate) const MAX_PER_FILE: usize = 50;

/// Renders the findings, at most [`MAX_PER_FILE`] per file, then the
/// closing line. `color` turns on ANSI colours (the command sets it only
/// for a terminal without `NO_COLOR`).
///
/// Linear in the size of the files quoted: each file is indexed once, and
/// miette is given only the lines around a finding (its own `&str` source
/// reads from the start of the text at every finding).
pub(crate) fn render(
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
    let groups = by_file(&outcome.config).into_iter().chain(
        outcome
            .requests
            .iter()
            .flat_map(|r| by_file(&r.diagnostics)),
    );
    for group in groups {
        let source = sources
            .get(&group[0].path)
            .filter(|f| !f.text.is_empty())
            .map(|f| Arc::new(Indexed::new(f)));
        for d in group.iter().take(MAX_PER_FILE) {
            let report = Report::new(d, source.as_ref(), lang);
            if handler.render_report(&mut out, &report).is_err() {
                out.push_str(&one_line(d, lang));
            }
            out.push('\n');
        }
        if group.len() > MAX_PER_FILE {
            out.push_str(&more(&group[0].path, group.len() - MAX_PER_FILE, lang));
            out.push_str("\n\n");
        }
    }
    out.push_str(&Tally::of(outcome).line(lang));
    out.push('\n');
    out
}

/// `findings` cut into runs of one file each, in order.
fn by_file(findings: &[Diagnostic]) -> Vec<&[Diagnostic]> {
    findings.chunk_by(|a, b| a.path == b.path).collect()
}

/// The line that stands for the findings left out of a file.
fn more(path: &str, n: usize, lang: Lang) -> String {
    lang.pick(
        format!("… dan {n} temuan lain di {path} (semuanya: --format json)"),
        format!(
            "… and {n} more {} in {path} (all of them: --format json)",
            if n == 1 { "finding" } else { "findings" }
        ),
    )
}

/// A finding on one line: `path:line:col: error[L035]: message (hint)`.
pub(crate) fn one_line(d: &Diagnostic, lang: Lang) -> String {
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
    source: Source,
    label: Option<LabeledSpan>,
}

/// What a report quotes: a file, or only a name when the file is not at hand.
#[derive(Debug)]
enum Source {
    File(Arc<Indexed>),
    Named(NamedSource<Arc<str>>),
}

impl miette::SourceCode for Source {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        match self {
            Source::File(file) => file.read_span(span, before, after),
            Source::Named(named) => named.read_span(span, before, after),
        }
    }
}

/// A file with its line index: hands miette the lines around a span
/// rather than the whole text, with line numbers as in the file.
#[derive(Debug)]
struct Indexed {
    name: String,
    text: Arc<str>,
    lines: LineIndex,
}

impl Indexed {
    fn new(file: &SourceFile) -> Indexed {
        Indexed {
            name: file.path.clone(),
            text: Arc::clone(&file.text),
            lines: LineIndex::new(&file.text),
        }
    }
}

impl miette::SourceCode for Indexed {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let last_byte = span.offset() + span.len().saturating_sub(1);
        let first = self.lines.line_of(span.offset()).saturating_sub(before);
        let last = self.lines.line_of(last_byte) + after;
        let start = self.lines.start(first).unwrap_or(self.text.len());
        let end = self.lines.start(last + 1).unwrap_or(self.text.len());
        let window = self.text.get(start..end).ok_or(MietteError::OutOfBounds)?;
        let inner = span
            .offset()
            .checked_sub(start)
            .ok_or(MietteError::OutOfBounds)?;
        let part = window.read_span(&SourceSpan::new(inner.into(), span.len()), before, after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            part.data(),
            SourceSpan::new((part.span().offset() + start).into(), part.span().len()),
            part.line() + first,
            part.column(),
            part.line_count() + first,
        )))
    }
}

impl Report {
    fn new(d: &Diagnostic, file: Option<&Arc<Indexed>>, lang: Lang) -> Report {
        let (source, label) = match file {
            Some(file) => {
                let start = file.lines.offset(&file.text, d.span);
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
                (Source::File(Arc::clone(file)), Some(label))
            }
            None => (
                Source::Named(NamedSource::new(
                    format!("{}:{}:{}", d.path, d.span.line, d.span.column),
                    Arc::from(""),
                )),
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
