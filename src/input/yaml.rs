//! YAML text to a tree of [`Node`]s, each with its position.
//!
//! The only module that talks to the YAML parser. It bounds what a hostile
//! file can cost (size, depth, node count, aliases) and turns parser
//! failures into [`YamlError`]s with a position. It knows no schema: the
//! `decode` module gives the tree its meaning.

use std::collections::{HashMap, HashSet};

use serde_saphyr::granit_parser::{Event, Marker, Parser, ScalarStyle, Tag};

use crate::input::source::{Span, Spanned};

/// One YAML node. Scalars keep the type YAML 1.2 gave them.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// A mapping, in source order.
    Map(Vec<(Spanned<String>, Spanned<Node>)>),
    /// A sequence.
    Seq(Vec<Spanned<Node>>),
    /// A string scalar (quoted, or plain text that is no number or boolean).
    Str(String),
    /// An integer scalar.
    Int(i128),
    /// A floating-point scalar.
    Float(f64),
    /// `true` or `false`.
    Bool(bool),
    /// `null`, `~` or an empty value.
    Null,
}

impl Node {
    /// The YAML name of this node's kind, as used in diagnostics.
    pub fn kind(&self) -> &'static str {
        match self {
            Node::Map(_) => "mapping",
            Node::Seq(_) => "sequence",
            Node::Str(_) => "string",
            Node::Int(_) => "integer",
            Node::Float(_) => "float",
            Node::Bool(_) => "boolean",
            Node::Null => "null",
        }
    }

    /// The scalar's text as the YAML author wrote it, for numbers and strings.
    pub fn scalar_text(&self) -> Option<String> {
        match self {
            Node::Str(s) => Some(s.clone()),
            Node::Int(i) => Some(i.to_string()),
            Node::Float(f) => Some(f.to_string()),
            Node::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }
}

/// Why a YAML text could not be read as a tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// What went wrong, as the parser said it (English).
    pub message: String,
    /// Where, when the parser knows.
    pub span: Span,
    /// The file exceeds a safety limit (depth, nodes, aliases) rather than
    /// breaking YAML syntax.
    pub limit: bool,
}

/// The deepest nesting loket reads. Its files need five levels; each level
/// costs stack in the recursive parser, so the bound is kept low enough for
/// any worker thread's stack.
pub const MAX_DEPTH: usize = 20;

/// The most nodes one file may expand to, aliases counted at every use.
/// A request has about thirty; the bound stops alias bombs long before
/// they cost memory.
pub const MAX_NODES: usize = 100_000;

/// Parses `text` into a spanned tree.
///
/// Duplicate keys, tabs used for indentation, more than [`MAX_DEPTH`] levels of
/// nesting and more than [`MAX_NODES`] nodes (aliases expanded) are errors.
/// Scalars resolve as YAML 1.2's core schema, with two changes that keep
/// what an agency wrote: booleans are only `true`/`false` in any case
/// style (so `no` stays a string) and numbers with leading zeros stay
/// strings (so `0812…` keeps its zero).
///
/// The tree is built straight from the parser's events: going through
/// serde cost three quarters of the time of loading ten thousand requests.
pub fn parse(text: &str) -> Result<Spanned<Node>, YamlError> {
    let mut builder = Builder::default();
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|err| {
            let message = err.info();
            let lower = message.to_ascii_lowercase();
            YamlError {
                limit: ["recursion", "nesting", "limit"]
                    .iter()
                    .any(|w| lower.contains(w)),
                message,
                span: span_of(err.marker()),
            }
        })?;
        builder.event(event, span_of(&span.start))?;
    }
    builder.finish()
}

fn span_of(marker: &Marker) -> Span {
    let line = u32::try_from(marker.line()).unwrap_or(u32::MAX);
    let column = u32::try_from(marker.col()).unwrap_or(u32::MAX - 1);
    Span::new(line, column.saturating_add(1))
}

/// An open collection while its items arrive, with where it began and
/// its anchor (0 for none).
enum Open {
    Seq(Span, usize, Vec<Spanned<Node>>),
    Map(Span, usize, OpenMap),
}

/// A mapping's entries so far, and the key waiting for its value.
#[derive(Default)]
struct OpenMap {
    entries: Vec<(Spanned<String>, Spanned<Node>)>,
    key: Option<Spanned<String>>,
    /// The keys, once there are too many to compare one by one.
    seen: HashSet<String>,
}

/// Past this many keys, a mapping looks duplicates up in a set.
const FEW_KEYS: usize = 16;

impl OpenMap {
    /// Takes a scalar as the next key: its text as written, once per mapping.
    fn key(
        &mut self,
        text: &str,
        style: ScalarStyle,
        node: &Node,
        at: Span,
    ) -> Result<(), YamlError> {
        if *node == Node::Null {
            return Err(error(at, "a mapping key is empty or null"));
        }
        if text == "<<" && style == ScalarStyle::Plain {
            return Err(error(
                at,
                "merge keys (`<<`) are not read; write the keys out",
            ));
        }
        let duplicate = if self.entries.len() < FEW_KEYS {
            self.entries.iter().any(|(k, _)| k.value == text)
        } else {
            if self.seen.is_empty() {
                self.seen = self.entries.iter().map(|(k, _)| k.value.clone()).collect();
            }
            !self.seen.insert(text.to_string())
        };
        if duplicate {
            return Err(error(at, &format!("duplicate mapping key `{text}`")));
        }
        self.key = Some(Spanned::new(at, text.to_string()));
        Ok(())
    }
}

/// Turns the parser's events into one tree, within the limits.
#[derive(Default)]
struct Builder {
    open: Vec<Open>,
    anchors: HashMap<usize, (Spanned<Node>, usize)>,
    nodes: usize,
    documents: usize,
    root: Option<Spanned<Node>>,
}

impl Builder {
    fn event(&mut self, event: Event<'_>, at: Span) -> Result<(), YamlError> {
        match event {
            Event::DocumentStart(..) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(error(
                        at,
                        "a file holds one YAML document; remove the second `---`",
                    ));
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                self.count(1, at)?;
                let node = scalar(&text, style, tag.as_deref(), at)?;
                if let Some(Open::Map(_, _, map)) = self.open.last_mut()
                    && map.key.is_none()
                {
                    map.key(&text, style, &node, at)?;
                    if anchor != 0 {
                        self.anchors.insert(anchor, (Spanned::new(at, node), 1));
                    }
                    return Ok(());
                }
                self.add(Spanned::new(at, node), anchor, 1)?;
            }
            Event::SequenceStart(_, anchor, tag) => {
                no_tag(tag.as_deref(), at)?;
                self.count(1, at)?;
                self.push(Open::Seq(at, anchor, Vec::new()), at)?;
            }
            Event::MappingStart(_, anchor, tag) => {
                no_tag(tag.as_deref(), at)?;
                self.count(1, at)?;
                self.push(Open::Map(at, anchor, OpenMap::default()), at)?;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (node, anchor) = match self.open.pop() {
                    Some(Open::Seq(start, anchor, items)) => {
                        (Spanned::new(start, Node::Seq(items)), anchor)
                    }
                    Some(Open::Map(start, anchor, map)) => {
                        (Spanned::new(start, Node::Map(map.entries)), anchor)
                    }
                    None => return Err(error(at, "a collection ends that never began")),
                };
                let size = size(&node.value);
                self.add(node, anchor, size)?;
            }
            Event::Alias(id) => {
                let Some((node, size)) = self.anchors.get(&id).cloned() else {
                    return Err(error(at, "an alias names no anchor before it"));
                };
                self.count(size, at)?;
                self.add(Spanned::new(at, node.value), 0, size)?;
            }
            _ => {}
        }
        Ok(())
    }

    fn count(&mut self, nodes: usize, at: Span) -> Result<(), YamlError> {
        self.nodes = self.nodes.saturating_add(nodes);
        if self.nodes > MAX_NODES {
            return Err(limit(
                at,
                format!("more than {MAX_NODES} nodes (aliases counted at each use)"),
            ));
        }
        Ok(())
    }

    fn push(&mut self, open: Open, at: Span) -> Result<(), YamlError> {
        if self.open.len() >= MAX_DEPTH {
            return Err(limit(at, format!("nesting deeper than {MAX_DEPTH} levels")));
        }
        self.open.push(open);
        Ok(())
    }

    /// Places a finished node: as an item, a key, a value or the root.
    fn add(&mut self, node: Spanned<Node>, anchor: usize, size: usize) -> Result<(), YamlError> {
        if anchor != 0 {
            self.anchors.insert(anchor, (node.clone(), size));
        }
        match self.open.last_mut() {
            None => self.root = Some(node),
            Some(Open::Seq(_, _, items)) => items.push(node),
            Some(Open::Map(_, _, map)) => match map.key.take() {
                Some(key) => map.entries.push((key, node)),
                None => {
                    return Err(error(
                        node.span,
                        "a mapping key must be text, not a collection",
                    ));
                }
            },
        }
        Ok(())
    }

    fn finish(self) -> Result<Spanned<Node>, YamlError> {
        Ok(self.root.unwrap_or(Spanned::new(Span::START, Node::Null)))
    }
}

/// How many nodes a tree holds.
fn size(node: &Node) -> usize {
    match node {
        Node::Map(entries) => {
            1 + entries.iter().map(|(_, v)| size(&v.value)).sum::<usize>() + entries.len()
        }
        Node::Seq(items) => 1 + items.iter().map(|v| size(&v.value)).sum::<usize>(),
        _ => 1,
    }
}

fn error(span: Span, message: &str) -> YamlError {
    YamlError {
        message: message.to_string(),
        span,
        limit: false,
    }
}

fn limit(span: Span, message: String) -> YamlError {
    YamlError {
        message,
        span,
        limit: true,
    }
}

/// Collections take no tags: loket's files never need one.
fn no_tag(tag: Option<&Tag>, at: Span) -> Result<(), YamlError> {
    match tag {
        None => Ok(()),
        Some(tag) => Err(error(
            at,
            &format!("loket reads no YAML tags; remove `{}`", tag.original()),
        )),
    }
}

/// A scalar with the meaning YAML's core schema gives it. Quoted and block
/// scalars, and those tagged `!!str` or `!`, are strings.
fn scalar(text: &str, style: ScalarStyle, tag: Option<&Tag>, at: Span) -> Result<Node, YamlError> {
    if let Some(tag) = tag {
        let string = tag.original() == "!" || tag.core_suffix() == Some("str");
        if !string {
            return Err(error(
                at,
                &format!(
                    "loket reads no YAML tags but `!!str`; remove `{}`",
                    tag.original()
                ),
            ));
        }
        return Ok(Node::Str(text.to_string()));
    }
    if style != ScalarStyle::Plain {
        return Ok(Node::Str(text.to_string()));
    }
    match plain(text) {
        Some(Node::Float(f)) if !f.is_finite() => Err(error(
            at,
            &format!("`{text}` is not a finite number; quote it if it is text"),
        )),
        Some(node) => Ok(node),
        None => Ok(Node::Str(text.to_string())),
    }
}

/// The typed meaning of a plain scalar, or `None` for a string.
fn plain(text: &str) -> Option<Node> {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Some(Node::Null),
        "true" | "True" | "TRUE" => return Some(Node::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Node::Bool(false)),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Some(Node::Float(f64::INFINITY));
        }
        "-.inf" | "-.Inf" | "-.INF" => return Some(Node::Float(f64::NEG_INFINITY)),
        ".nan" | ".NaN" | ".NAN" => return Some(Node::Float(f64::NAN)),
        _ => {}
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if digits.len() > 1 && digits.starts_with('0') && digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(rest) = text.strip_prefix(prefix) {
            return radix_int(rest, radix);
        }
    }
    if text.contains('_') {
        let joined = text.replace('_', "");
        return match plain(&joined) {
            Some(Node::Int(n)) if !joined.is_empty() => Some(Node::Int(n)),
            _ => None,
        };
    }
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return match text.parse::<i64>() {
            Ok(n) => Some(Node::Int(n.into())),
            Err(_) => text
                .trim_start_matches('+')
                .parse::<u64>()
                .ok()
                .map(|n| Node::Int(n.into()))
                .or_else(|| text.parse().ok().map(Node::Float)),
        };
    }
    is_float(digits)
        .then(|| text.parse().ok().map(Node::Float))
        .flatten()
}

/// `0x…`, `0o…` or `0b…` digits as an integer, when they are digits.
fn radix_int(digits: &str, radix: u32) -> Option<Node> {
    if digits.starts_with(['+', '-']) {
        return None;
    }
    i128::from_str_radix(digits, radix).ok().map(Node::Int)
}

/// YAML 1.2 core schema's float, after the sign:
/// `(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`.
fn is_float(text: &str) -> bool {
    if !text.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
        return false;
    }
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(at) => (&text[..at], Some(&text[at + 1..])),
        None => (text, None),
    };
    let (whole, fraction) = match mantissa.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (mantissa, None),
    };
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match fraction {
        Some(f) => all_digits(whole) && all_digits(f) && !(whole.is_empty() && f.is_empty()),
        None => !whole.is_empty() && all_digits(whole),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && all_digits(e)
    });
    mantissa_ok && exponent_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reader loket had before: serde-saphyr's deserializer into
    /// [`Node`]. The tests hold the event reader to its trees.
    mod oracle {
        use std::fmt;

        use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

        use super::super::{MAX_DEPTH, Node, YamlError};
        use crate::input::source::{Span, Spanned};

        /// Parses `text` into a spanned tree.
        ///
        /// Duplicate keys, tabs used for indentation, more than [`MAX_DEPTH`] levels of
        /// nesting and alias expansions past the budget are errors. Booleans are
        /// only `true`/`false` (so `no` stays a string) and numbers with leading
        /// zeros stay strings (so `0812…` keeps its zero).
        pub(super) fn parse(text: &str) -> Result<Spanned<Node>, YamlError> {
            let mut budget = serde_saphyr::Budget::default();
            budget.max_depth = MAX_DEPTH;
            let options = serde_saphyr::options! {
                strict_booleans: true,
                leading_zero_numbers_as_strings: true,
                budget: Some(budget),
            };
            serde_saphyr::from_str_with_options::<serde_saphyr::Spanned<Node>>(text, options)
                .map(convert)
                .map_err(|err| {
                    let span = err
                        .location()
                        .map(|l| Span::new(l.line() as u32, l.column() as u32))
                        .unwrap_or(Span::START);
                    let message = first_line(&err.without_snippet().to_string());
                    let lower = message.to_ascii_lowercase();
                    let limit = ["budget", "recursion", "depth", "limit"]
                        .iter()
                        .any(|w| lower.contains(w));
                    YamlError {
                        message,
                        span,
                        limit,
                    }
                })
        }

        fn first_line(message: &str) -> String {
            message.lines().next().unwrap_or("").trim().to_string()
        }

        fn convert(spanned: serde_saphyr::Spanned<Node>) -> Spanned<Node> {
            let l = spanned.referenced;
            Spanned::new(Span::new(l.line() as u32, l.column() as u32), spanned.value)
        }

        fn convert_key(spanned: serde_saphyr::Spanned<String>) -> Spanned<String> {
            let l = spanned.referenced;
            Spanned::new(Span::new(l.line() as u32, l.column() as u32), spanned.value)
        }

        impl<'de> Deserialize<'de> for Node {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_any(NodeVisitor)
            }
        }

        struct NodeVisitor;

        impl<'de> Visitor<'de> for NodeVisitor {
            type Value = Node;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any YAML node")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Node, E> {
                Ok(Node::Bool(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node, E> {
                Ok(Node::Int(v.into()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node, E> {
                Ok(Node::Int(v.into()))
            }
            fn visit_i128<E: de::Error>(self, v: i128) -> Result<Node, E> {
                Ok(Node::Int(v))
            }
            fn visit_u128<E: de::Error>(self, v: u128) -> Result<Node, E> {
                i128::try_from(v)
                    .map(Node::Int)
                    .map_err(|_| E::custom("integer too large"))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node, E> {
                Ok(Node::Float(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
                Ok(Node::Str(v.to_string()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Node, E> {
                Ok(Node::Str(v))
            }
            fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Node, E> {
                Ok(Node::Str(String::from_utf8_lossy(v).into_owned()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
                Ok(Node::Null)
            }
            fn visit_none<E: de::Error>(self) -> Result<Node, E> {
                Ok(Node::Null)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
                Node::deserialize(d)
            }
            fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
                Node::deserialize(d)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<serde_saphyr::Spanned<Node>>()? {
                    items.push(convert(item));
                }
                Ok(Node::Seq(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<serde_saphyr::Spanned<String>>()? {
                    let value = map.next_value::<serde_saphyr::Spanned<Node>>()?;
                    entries.push((convert_key(key), convert(value)));
                }
                Ok(Node::Map(entries))
            }
        }
    }

    /// Every YAML text loket ships and a list of edge cases read the same
    /// through the event reader as through serde-saphyr's deserializer:
    /// same tree, same positions; a text one refuses the other refuses.
    #[test]
    fn the_event_reader_reads_what_the_deserializer_read() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut texts: Vec<(String, String)> = Vec::new();
        for dir in ["presets", "requests", "site", "data", "tests", "schemas"] {
            for entry in walkdir::WalkDir::new(root.join(dir)).into_iter().flatten() {
                let path = entry.path();
                let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
                if !matches!(ext, "yaml" | "yml" | "md")
                    || path.components().any(|c| c.as_os_str() == "node_modules")
                {
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(path) else {
                    continue;
                };
                let text = if ext == "md" {
                    match crate::input::load::split_front_matter(&text) {
                        Some((front, _)) => front,
                        None => continue,
                    }
                } else {
                    text
                };
                texts.push((path.display().to_string(), text));
            }
        }
        texts.push((
            "loket.yaml".into(),
            std::fs::read_to_string(root.join("loket.yaml")).expect("loket.yaml"),
        ));
        assert!(texts.len() > 50, "{} texts", texts.len());
        let scalars = [
            "",
            "~",
            "null",
            "Null",
            "NULL",
            "nULL",
            "true",
            "True",
            "TRUE",
            "tRUE",
            "yes",
            "no",
            "on",
            "off",
            "y",
            "0",
            "-0",
            "+0",
            "00",
            "007",
            "-007",
            "+007",
            "0812 3456",
            "08123456789",
            "1",
            "-1",
            "+1",
            "+62812",
            "12345678901234567890",
            "-9223372036854775809",
            "18446744073709551615",
            "18446744073709551616",
            "99999999999999999999999999999999999999999",
            "3507123456789012",
            "0x1F",
            "0x",
            "0xg",
            "0o17",
            "0o8",
            "0b101",
            "1_000",
            "1,000",
            "1.5",
            "-1.5",
            "+1.5",
            ".5",
            "5.",
            ".",
            "1e3",
            "1E3",
            "1e+3",
            "1e-3",
            "1e",
            "e3",
            "1.2.3",
            "0.5",
            "00.5",
            "1e999",
            ".inf",
            "-.inf",
            "+.inf",
            ".Inf",
            ".INF",
            "inf",
            "infinity",
            "nan",
            "NaN",
            "2026-11-02",
            "2026-11-02T10:00:00+07:00",
            "12:30",
            "1:20",
            "103.28.12.10",
            "::1",
            "'quoted'",
            "\"007\"",
            "'true'",
            "\"null\"",
            "!!str 007",
            "!!str true",
            "! x",
            "x # comment",
            "a b",
            "-",
            "- -",
            "[1, 2]",
            "{a: 1}",
            "[]",
            "{}",
            "&x 1",
            "|\n  block\n",
            ">\n  folded\n",
            "v=spf1 -all",
            "\"a\\tb\"",
            "@",
            "`x",
            "%x",
        ];
        for value in scalars {
            texts.push((format!("scalar {value:?}"), format!("k: {value}\n")));
        }
        let documents = [
            "",
            "a: 1\n---\nb: 2\n",
            "---\na: 1\n...\n",
            "- a\n- b\n",
            "just text\n",
            "a: 1\na: 2\n",
            "a: *x\n",
            "? [a]\n: 1\n",
            "1: a\n",
            "~: a\n",
            "true: a\n",
            "a:\n\tb: 1\n",
            "a: [\n",
            "a: 'x\n",
            "\u{feff}a: 1\r\nbb: 'x'\r\n",
            "a:\n  - b: 1\n    c: [x, {d: e}]\n",
            "%YAML 1.2\n---\na: 1\n",
            "a: 1 # c\n# d\nb: 2\n",
            "1.5: x\n1.50: y\n",
            "a: 1\n'a': 2\n",
        ];
        for text in documents {
            texts.push((format!("document {text:?}"), text.to_string()));
        }
        let mut differences = Vec::new();
        for (name, text) in &texts {
            let before = oracle::parse(text);
            let after = parse(text);
            match (&before, &after) {
                (Ok(b), Ok(a)) if format!("{b:?}") == format!("{a:?}") => {}
                (Err(_), Err(_)) => {}
                _ => differences.push(format!("{name}\n  before: {before:?}\n  after:  {after:?}")),
            }
        }
        assert!(
            differences.is_empty(),
            "{} of {} differ:\n{}",
            differences.len(),
            texts.len(),
            differences.join("\n")
        );
    }

    fn map(text: &str) -> Vec<(Spanned<String>, Spanned<Node>)> {
        match parse(text).expect("valid yaml").value {
            Node::Map(entries) => entries,
            other => panic!("not a map: {other:?}"),
        }
    }

    #[test]
    fn keeps_positions_of_keys_and_values() {
        let entries = map("a: 1\nb:\n  c: x\n");
        assert_eq!(entries[0].0.span, Span::new(1, 1));
        assert_eq!(entries[1].0.span, Span::new(2, 1));
        let Node::Map(inner) = &entries[1].1.value else {
            panic!("b is a map")
        };
        assert_eq!(inner[0].1.span, Span::new(3, 6));
    }

    #[test]
    fn bom_and_crlf_keep_positions() {
        let entries = map("\u{feff}a: 1\r\nbb: 'x'\r\n");
        assert_eq!(entries[1].0.span, Span::new(2, 1));
        assert_eq!(entries[1].1.span, Span::new(2, 5));
    }

    #[test]
    fn scalars_keep_meaning_that_matters() {
        let entries = map("t: 0812345\nd: 2026-11-02\nn: no\np: +62812\nb: true\ne:\n");
        let values: Vec<_> = entries.iter().map(|(_, v)| v.value.clone()).collect();
        assert_eq!(
            values,
            vec![
                Node::Str("0812345".into()),
                Node::Str("2026-11-02".into()),
                Node::Str("no".into()),
                Node::Int(62812),
                Node::Bool(true),
                Node::Null
            ]
        );
    }

    #[test]
    fn duplicate_keys_are_refused() {
        let err = parse("a: 1\na: 2\n").unwrap_err();
        assert_eq!(err.span.line, 2, "{err:?}");
    }

    #[test]
    fn duplicate_keys_are_refused_in_a_long_mapping() {
        let mut text: String = (0..40).map(|i| format!("k{i}: x\n")).collect();
        text.push_str("k3: y\n");
        let err = parse(&text).unwrap_err();
        assert_eq!(
            (err.message.as_str(), err.span),
            ("duplicate mapping key `k3`", Span::new(41, 1))
        );
    }

    #[test]
    fn alias_bomb_is_stopped_by_a_limit() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let prev = format!("*a{}", i - 1);
            let list = [prev.as_str(); 10].join(", ");
            text.push_str(&format!("a{i}: &a{i} [{list}]\n"));
        }
        let err = parse(&text).unwrap_err();
        assert!(err.limit, "{err:?}");
    }

    #[test]
    fn deep_nesting_is_stopped_by_a_limit() {
        let text = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        let err = parse(&text).unwrap_err();
        assert!(err.limit, "{err:?}");
    }

    #[test]
    fn deep_block_nesting_is_stopped_by_a_limit() {
        let text: String = (0..200).map(|i| format!("{}a:\n", " ".repeat(i))).collect();
        let err = parse(&text).unwrap_err();
        assert!(err.limit, "{err:?}");
        assert_eq!(err.span.line as usize, MAX_DEPTH + 1);
    }

    /// Where the event reader differs from the deserializer, on purpose.
    #[test]
    fn tags_other_than_str_are_refused() {
        for (text, tag) in [
            ("k: !!int 3\n", "!!int"),
            ("k: !custom x\n", "!custom"),
            ("k: !!binary aGk=\n", "!!binary"),
        ] {
            let err = parse(text).unwrap_err();
            assert_eq!(
                err.message,
                format!("loket reads no YAML tags but `!!str`; remove `{tag}`")
            );
        }
        let err = parse("a: !!map {b: 1}\n").unwrap_err();
        assert_eq!(
            (err.message.as_str(), err.span),
            ("loket reads no YAML tags; remove `!!map`", Span::new(1, 10))
        );
        assert_eq!(
            parse("k: !!str 007\n").map(|t| t.value),
            Ok(Node::Map(vec![(
                Spanned::new(Span::new(1, 1), "k".to_string()),
                Spanned::new(Span::new(1, 10), Node::Str("007".into())),
            )]))
        );
    }

    #[test]
    fn merge_keys_are_refused() {
        let err = parse("a: 1\nb: {<<: {c: 1}}\n").unwrap_err();
        assert_eq!(
            (err.message.as_str(), err.span),
            (
                "merge keys (`<<`) are not read; write the keys out",
                Span::new(2, 5)
            )
        );
        assert!(
            parse("'<<': 1\n").is_ok(),
            "a quoted `<<` is a key like any other"
        );
    }

    #[test]
    fn an_alias_keeps_the_positions_where_its_anchor_was_written() {
        let entries = map("a: &x {b: 1}\nc: *x\n");
        assert_eq!(entries[1].1.span, Span::new(2, 4));
        let Node::Map(inner) = &entries[1].1.value else {
            panic!("c is a map")
        };
        assert_eq!(
            (inner[0].0.span, inner[0].1.span),
            (Span::new(1, 8), Span::new(1, 11))
        );
    }

    #[test]
    fn an_alias_inside_its_own_anchor_is_refused() {
        let err = parse("a: &x [1, *x]\n").unwrap_err();
        assert_eq!(
            (err.message.as_str(), err.span),
            ("an alias names no anchor before it", Span::new(1, 11))
        );
    }

    #[test]
    fn non_finite_numbers_are_refused() {
        let err = parse("k: .inf\n").unwrap_err();
        assert_eq!(
            err.message,
            "`.inf` is not a finite number; quote it if it is text"
        );
        assert_eq!(map("k: '.inf'\n")[0].1.value, Node::Str(".inf".into()));
    }

    #[test]
    fn a_second_document_is_refused() {
        let err = parse("a: 1\n---\nb: 2\n").unwrap_err();
        assert_eq!(
            err.message,
            "a file holds one YAML document; remove the second `---`"
        );
    }

    #[test]
    fn tab_indentation_is_refused() {
        assert!(parse("a:\n\tb: 1\n").is_err());
    }
}
