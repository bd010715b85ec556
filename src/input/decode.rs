//! YAML trees to typed model values, collecting every schema finding.
//!
//! Serde stops at the first error; a person fixing a request wants all of
//! them at once. [`Decode`] walks a [`Node`] tree, builds the value where
//! it can and records a [`Diagnostic`] (wrong type, unknown key with a
//! suggestion, missing key) everywhere it cannot. The [`record!`] and
//! [`keyword!`] macros declare a type, its YAML keys and its JSON Schema in
//! one place, so the decoder and the schema cannot drift apart.

use chrono::NaiveDate;

use crate::input::diagnostic::{Arg, Code, Diagnostic, Hint, closest};
use crate::input::source::{Span, Spanned};
use crate::input::yaml::Node;

/// The decoding context: which file, where in it, and what went wrong.
#[derive(Debug)]
pub struct Cx {
    /// The file being decoded (relative path).
    pub file: String,
    keys: Vec<String>,
    /// Findings so far.
    pub diagnostics: Vec<Diagnostic>,
}

impl Cx {
    /// A context for `file`.
    pub fn new(file: impl Into<String>) -> Self {
        Cx {
            file: file.into(),
            keys: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    /// The dotted key path of the value being decoded, e.g. `surat.tanggal`.
    pub fn key(&self) -> String {
        if self.keys.is_empty() {
            return "(dokumen)".to_string();
        }
        let mut out = String::new();
        for key in &self.keys {
            if !out.is_empty() && !key.starts_with('[') {
                out.push('.');
            }
            out.push_str(key);
        }
        out
    }

    /// Records a finding.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// An error with `code` at `span` in this file.
    pub fn error(&self, code: Code, span: Span) -> Diagnostic {
        Diagnostic::error(code, self.file.clone(), span)
    }

    /// Records a wrong-type finding for `node`.
    pub fn wrong_type(&mut self, node: &Spanned<Node>, expected: &str) {
        let hint = match (&node.value, expected) {
            (Node::Int(_) | Node::Float(_) | Node::Bool(_), "string") => {
                node.value.scalar_text().map(Hint::Quote)
            }
            _ => None,
        };
        let d = self
            .error(Code::L010, node.span)
            .arg("key", self.key())
            .arg("expected", expected)
            .arg("found", node.value.kind())
            .maybe_hint(hint);
        self.push(d);
    }

    /// Records an invalid-value finding (`L013`) for `node`.
    pub fn invalid(&mut self, node: &Spanned<Node>, expected: Arg, hint: Option<Hint>) {
        let value = node.value.scalar_text().unwrap_or_default();
        let mut d = self
            .error(Code::L013, node.span)
            .arg("key", self.key())
            .arg("value", value)
            .maybe_hint(hint);
        d.args.push(("expected", expected));
        self.push(d);
    }

    /// Decodes a string node through `FromStr`, reporting `L013` with
    /// `expected` (and `hint`) when it does not parse.
    pub fn parse<T: std::str::FromStr>(
        &mut self,
        node: &Spanned<Node>,
        expected: impl FnOnce(&str) -> (Arg, Option<Hint>),
    ) -> Option<T> {
        let text = String::decode(node, self)?;
        match text.parse() {
            Ok(value) => Some(value),
            Err(_) => {
                let (expected, hint) = expected(&text);
                self.invalid(node, expected, hint);
                None
            }
        }
    }

    /// Decodes `node` as `T` under the key `key`.
    pub fn nested<T: Decode>(&mut self, key: &str, node: &Spanned<Node>) -> Option<T> {
        self.keys.push(key.to_string());
        let value = T::decode(node, self);
        self.keys.pop();
        value
    }

    /// The entries of a mapping, or a wrong-type finding.
    pub fn entries<'n>(
        &mut self,
        node: &'n Spanned<Node>,
    ) -> Option<&'n [(Spanned<String>, Spanned<Node>)]> {
        match &node.value {
            Node::Map(entries) => Some(entries),
            _ => {
                self.wrong_type(node, "mapping");
                None
            }
        }
    }

    /// Decodes the fields of a record: reports unknown keys (with a
    /// suggestion) and returns a lookup for the known ones.
    pub fn record<'n>(
        &mut self,
        node: &'n Spanned<Node>,
        keys: &'static [&'static str],
    ) -> Option<Fields<'n>> {
        let entries = self.entries(node)?;
        for (key, _) in entries {
            if !keys.contains(&key.value.as_str()) {
                let hint = closest(&key.value, keys.iter().copied()).map(Hint::DidYouMean);
                let d = self
                    .error(Code::L011, key.span)
                    .arg("key", self.child_key(&key.value))
                    .maybe_hint(hint);
                self.push(d);
            }
        }
        Some(Fields {
            span: node.span,
            entries,
        })
    }

    /// Decodes field `key` of a record as `T`, reporting it when missing.
    pub fn field<T: Decode>(&mut self, fields: &Fields<'_>, key: &str) -> Option<T> {
        match fields.get(key) {
            // A field that may be absent is treated as absent when it is
            // broken, so the rest of the record is still checked.
            Some(node) => self.nested(key, node).or_else(T::absent),
            None => {
                let absent = T::absent();
                if absent.is_none() {
                    let d = self
                        .error(Code::L012, fields.span)
                        .arg("key", self.child_key(key));
                    self.push(d);
                }
                absent
            }
        }
    }

    fn child_key(&self, key: &str) -> String {
        if self.keys.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.key())
        }
    }
}

/// The known fields of one mapping.
#[derive(Debug, Clone, Copy)]
pub struct Fields<'n> {
    /// Where the mapping starts.
    pub span: Span,
    entries: &'n [(Spanned<String>, Spanned<Node>)],
}

impl<'n> Fields<'n> {
    /// The value under `key`.
    pub fn get(&self, key: &str) -> Option<&'n Spanned<Node>> {
        self.entries
            .iter()
            .find(|(k, _)| k.value == key)
            .map(|(_, v)| v)
    }
}

/// A type that can be read from a YAML node.
pub trait Decode: Sized {
    /// Reads `node`; records findings in `cx` and returns `None` when the
    /// value cannot be built.
    fn decode(node: &Spanned<Node>, cx: &mut Cx) -> Option<Self>;

    /// The value when the key is absent: `None` means the key is required.
    fn absent() -> Option<Self> {
        None
    }
}

impl Decode for String {
    fn decode(node: &Spanned<Node>, cx: &mut Cx) -> Option<Self> {
        match &node.value {
            Node::Str(s) => Some(s.clone()),
            _ => {
                cx.wrong_type(node, "string");
                None
            }
        }
    }
}

impl Decode for bool {
    fn decode(node: &Spanned<Node>, cx: &mut Cx) -> Option<Self> {
        match node.value {
            Node::Bool(b) => Some(b),
            _ => {
                cx.wrong_type(node, "boolean");
                None
            }
        }
    }
}

macro_rules! decode_unsigned {
    ($($t:ty),*) => {$(
        impl Decode for $t {
            fn decode(node: &Spanned<Node>, cx: &mut Cx) -> Option<Self> {
                match node.value {
                    Node::Int(i) => match <$t>::try_from(i) {
                        Ok(v) => Some(v),
                        Err(_) => {
                            cx.invalid(node, Arg::Plain(format!("0..={}", <$t>::MAX)), None);
                            None
                        }
                    },
                    _ => {
                        cx.wrong_type(node, "integer");
                        None
                    }
                }
            }
        }
    )*};
}
decode_unsigned!(u16, u32, u64);

impl Decode for NaiveDate {
    fn decode(node: &Spanned<Node>, cx: &mut Cx) -> Option<Self> {
        let text = String::decode(node, cx)?;
        match NaiveDate::parse_from_str(&text, "%Y-%m-%d") {
            Ok(date) => Some(date),
            Err(_) => {
                cx.invalid(node, Arg::Plain("YYYY-MM-DD".into()), None);
                None
            }
        }
    }
}

impl<T: Decode> Decode for Spanned<T> {
    fn decode(node: &Spanned<Node>, cx: &mut Cx) -> Option<Self> {
        T::decode(node, cx).map(|value| Spanned::new(node.span, value))
    }
    fn absent() -> Option<Self> {
        None
    }
}

impl<T: Decode> Decode for Option<T> {
    fn decode(node: &Spanned<Node>, cx: &mut Cx) -> Option<Self> {
        match node.value {
            Node::Null => Some(None),
            _ => T::decode(node, cx).map(Some),
        }
    }
    fn absent() -> Option<Self> {
        Some(None)
    }
}

impl<T: Decode> Decode for Vec<T> {
    fn decode(node: &Spanned<Node>, cx: &mut Cx) -> Option<Self> {
        match &node.value {
            Node::Seq(items) => {
                // Broken items are reported and left out; the rest is kept
                // so that later rules still see them.
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    cx.keys.push(format!("[{i}]"));
                    out.extend(T::decode(item, cx));
                    cx.keys.pop();
                }
                Some(out)
            }
            Node::Null => Some(Vec::new()),
            _ => {
                cx.wrong_type(node, "sequence");
                None
            }
        }
    }
    fn absent() -> Option<Self> {
        Some(Vec::new())
    }
}

/// A mapping with free keys, in source order (e.g. `lampiran:`).
#[derive(Debug, Clone, PartialEq)]
pub struct Map<T>(pub Vec<(Spanned<String>, T)>);

impl<T> Default for Map<T> {
    fn default() -> Self {
        Map(Vec::new())
    }
}

impl<T> Map<T> {
    /// The value under `key`.
    pub fn get(&self, key: &str) -> Option<&T> {
        self.0.iter().find(|(k, _)| k.value == key).map(|(_, v)| v)
    }
}

impl<T: Decode> Decode for Map<T> {
    fn decode(node: &Spanned<Node>, cx: &mut Cx) -> Option<Self> {
        if let Node::Null = node.value {
            return Some(Map(Vec::new()));
        }
        let entries = cx.entries(node)?;
        let mut out = Vec::with_capacity(entries.len());
        for (key, value) in entries {
            if let Some(v) = cx.nested::<T>(&key.value, value) {
                out.push((key.clone(), v));
            }
        }
        Some(Map(out))
    }
    fn absent() -> Option<Self> {
        Some(Map(Vec::new()))
    }
}

impl<T: schemars::JsonSchema> schemars::JsonSchema for Map<T> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("Map_of_{}", T::schema_name()).into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <std::collections::BTreeMap<String, T>>::json_schema(generator)
    }
    fn inline_schema() -> bool {
        true
    }
}

/// Declares a record: a struct read from a YAML mapping with fixed keys.
///
/// Each field is written `name: Type = "yaml_key"`. `Option` and `Vec`
/// fields may be absent; others are required. The struct gets a
/// [`Decode`] implementation and a JSON Schema that rejects unknown keys.
#[macro_export]
macro_rules! record {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$fmeta:meta])* $field:ident : $ty:ty = $key:literal ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, schemars::JsonSchema)]
        #[schemars(deny_unknown_fields)]
        pub struct $name {
            $( $(#[$fmeta])* #[serde(rename = $key)] pub $field: $ty, )*
        }

        impl $name {
            /// The YAML keys of this record.
            pub const KEYS: &'static [&'static str] = &[$($key),*];
        }

        impl $crate::input::decode::Decode for $name {
            fn decode(
                node: &$crate::input::source::Spanned<$crate::input::yaml::Node>,
                cx: &mut $crate::input::decode::Cx,
            ) -> Option<Self> {
                let fields = cx.record(node, Self::KEYS)?;
                $( let $field = cx.field::<$ty>(&fields, $key); )*
                Some(Self { $( $field: $field?, )* })
            }
        }
    };
}

/// Declares a keyword: an enum written in YAML as one of fixed words.
#[macro_export]
macro_rules! keyword {
    (
        $(#[$meta:meta])*
        pub enum $name:ident { $( $(#[$vmeta:meta])* $variant:ident = $word:literal ),* $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, schemars::JsonSchema)]
        pub enum $name {
            $( $(#[$vmeta])* #[serde(rename = $word)] $variant, )*
        }

        impl $name {
            /// Every keyword, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The word as written in YAML.
            pub fn as_str(self) -> &'static str {
                match self { $( $name::$variant => $word, )* }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = ();
            fn from_str(s: &str) -> Result<Self, ()> {
                match s { $( $word => Ok($name::$variant), )* _ => Err(()) }
            }
        }

        impl $crate::input::decode::Decode for $name {
            fn decode(
                node: &$crate::input::source::Spanned<$crate::input::yaml::Node>,
                cx: &mut $crate::input::decode::Cx,
            ) -> Option<Self> {
                cx.parse(node, |text| {
                    let words: Vec<&str> = Self::ALL.iter().map(|k| k.as_str()).collect();
                    let hint = $crate::input::diagnostic::closest(text, words.iter().copied())
                        .map($crate::input::diagnostic::Hint::DidYouMean)
                        .unwrap_or_else(|| {
                            $crate::input::diagnostic::Hint::OneOf(words.iter().map(|w| w.to_string()).collect())
                        });
                    ($crate::input::diagnostic::Arg::Plain(words.join(" | ")), Some(hint))
                })
            }
        }
    };
}
