//! Source files and positions: where every loaded value came from.
//!
//! Owns [`Span`] (line and column in a file) and [`Spanned`] (a value with
//! its span). It knows nothing about YAML or about the rules.

use std::borrow::Cow;
use std::sync::Arc;

/// A position in a source file: 1-based line and column (in characters).
///
/// Column counts characters, not bytes, as editors and GitHub annotations do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    /// 1-based line number.
    pub line: u32,
    /// 1-based column number, in characters.
    pub column: u32,
}

impl Span {
    /// The span of a whole file: line 1, column 1.
    pub const START: Span = Span { line: 1, column: 1 };

    /// A span at `line`, `column` (both 1-based).
    pub fn new(line: u32, column: u32) -> Self {
        Span { line, column }
    }
}

/// A value together with the place it was written.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Spanned<T> {
    /// Where the value starts in its file.
    pub span: Span,
    /// The value itself.
    pub value: T,
}

impl<T> Spanned<T> {
    /// Wraps `value` found at `span`.
    pub fn new(span: Span, value: T) -> Self {
        Spanned { span, value }
    }

    /// Replaces the value, keeping the span.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Spanned<U> {
        Spanned {
            span: self.span,
            value: f(self.value),
        }
    }
}

impl<T> std::ops::Deref for Spanned<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: std::fmt::Display> std::fmt::Display for Spanned<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.value.fmt(f)
    }
}

impl<T: schemars::JsonSchema> schemars::JsonSchema for Spanned<T> {
    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }
    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        T::json_schema(generator)
    }
    fn inline_schema() -> bool {
        T::inline_schema()
    }
}

/// A file of the instance as read from disk.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the instance root, with `/` separators.
    pub path: String,
    /// The text, shared so reports can quote it without copying.
    pub text: Arc<str>,
}

impl SourceFile {
    /// A source file at `path` (relative, `/`-separated) with `text`.
    pub fn new(path: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        SourceFile {
            path: path.into(),
            text: text.into(),
        }
    }

    /// Byte offset of `span` in the text, clamped to the text's length.
    ///
    /// A leading byte-order mark and `\r\n` line ends count as the file has
    /// them, so the offset points at the same character an editor shows.
    pub fn offset(&self, span: Span) -> usize {
        let text = &*self.text;
        let mut offset = 0;
        for _ in 1..span.line {
            match text[offset..].find('\n') {
                Some(i) => offset += i + 1,
                None => return text.len(),
            }
        }
        let line = &text[offset..];
        let line = line.strip_prefix('\u{feff}').map_or(line, |rest| {
            offset += '\u{feff}'.len_utf8();
            rest
        });
        let skip: usize = line
            .chars()
            .take_while(|c| *c != '\n')
            .take(span.column.saturating_sub(1) as usize)
            .map(char::len_utf8)
            .sum();
        offset + skip
    }
}
