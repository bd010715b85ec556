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
    /// Reads the text from its start: for many spans of one file, build a
    /// [`LineIndex`] once.
    pub fn offset(&self, span: Span) -> usize {
        LineIndex::new(&self.text).offset(&self.text, span)
    }
}

/// Where each line of a text starts, so that a position is found without
/// reading the text from its start: a report of many findings in one large
/// file stays linear in the file's size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIndex {
    /// Byte offset of each line's first byte; the first is 0.
    starts: Vec<usize>,
}

impl LineIndex {
    /// The index of `text` (lines end at `\n`).
    pub fn new(text: &str) -> LineIndex {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { starts }
    }

    /// Byte offset of `span` in `text` (the text the index was built
    /// from), clamped to its length; as [`SourceFile::offset`].
    pub fn offset(&self, text: &str, span: Span) -> usize {
        let Some(&start) = self.starts.get(span.line.saturating_sub(1) as usize) else {
            return text.len();
        };
        let mut offset = start.min(text.len());
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

    /// The 0-based line holding byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|s| *s <= offset)
            .saturating_sub(1)
    }

    /// Byte offset where 0-based `line` starts, `None` past the last line.
    pub fn start(&self, line: usize) -> Option<usize> {
        self.starts.get(line).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_index_finds_what_a_scan_finds() {
        let text = "\u{feff}a: 1\r\nb: é2\n\nc: 3";
        let index = LineIndex::new(text);
        let scan = |span: Span| {
            // The definition: walk the lines from the start.
            let mut offset = 0;
            for _ in 1..span.line {
                match text[offset..].find('\n') {
                    Some(i) => offset += i + 1,
                    None => return text.len(),
                }
            }
            let line = &text[offset..];
            let line = line.strip_prefix('\u{feff}').map_or(line, |rest| {
                offset += 3;
                rest
            });
            offset
                + line
                    .chars()
                    .take_while(|c| *c != '\n')
                    .take(span.column.saturating_sub(1) as usize)
                    .map(char::len_utf8)
                    .sum::<usize>()
        };
        for line in 0..6 {
            for column in 0..8 {
                let span = Span::new(line, column);
                assert_eq!(index.offset(text, span), scan(span), "{span:?}");
            }
        }
        assert_eq!(index.line_of(0), 0);
        assert_eq!(index.line_of(text.find('b').unwrap_or(0)), 1);
        assert_eq!(index.line_of(text.len()), 3);
        assert_eq!(index.start(2), Some(text.find("\n\n").unwrap_or(0) + 1));
        assert_eq!(index.start(4), None);
    }
}
