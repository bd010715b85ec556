//! YAML text to a tree of [`Node`]s, each with its position.
//!
//! The only module that talks to the YAML parser. It bounds what a hostile
//! file can cost (size, depth, node count, aliases) and turns parser
//! failures into [`YamlError`]s with a position. It knows no schema: the
//! `decode` module gives the tree its meaning.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::source::{Span, Spanned};

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

/// Parses `text` into a spanned tree.
///
/// Duplicate keys, tabs used for indentation, more than [`MAX_DEPTH`] levels of
/// nesting and alias expansions past the budget are errors. Booleans are
/// only `true`/`false` (so `no` stays a string) and numbers with leading
/// zeros stay strings (so `0812…` keeps its zero).
pub fn parse(text: &str) -> Result<Spanned<Node>, YamlError> {
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

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn tab_indentation_is_refused() {
        assert!(parse("a:\n\tb: 1\n").is_err());
    }
}
