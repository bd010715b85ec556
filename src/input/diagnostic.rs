//! Findings about the instance's files: what is wrong, where, and what to do.
//!
//! A [`Diagnostic`] is data, not text: a code, a position, arguments and an
//! optional hint. Turning it into words happens at the edge, in the
//! language the user asked for.

use std::fmt;

use crate::input::source::Span;
pub use crate::validate::codes::Code;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Blocks the request (exit 1) or the configuration (exit 2).
    Error,
    /// Worth fixing, blocks nothing.
    Warning,
}

impl Severity {
    /// `error` or `warning`, as in the JSON report.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// The language of messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    /// Bahasa Indonesia (the default).
    #[default]
    Id,
    /// English.
    En,
}

impl Lang {
    /// The text of this language, given in both: the one way the command
    /// line's output is translated. Both are always written, so none can
    /// be missing (the site's words are a table, see `site::i18n`).
    pub fn pick<T>(self, id: T, en: T) -> T {
        match self {
            Lang::Id => id,
            Lang::En => en,
        }
    }
}

/// A suggestion that follows the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hint {
    /// A close known name: "did you mean `x`?".
    DidYouMean(String),
    /// The allowed values.
    OneOf(Vec<String>),
    /// A number where text was meant: write it quoted.
    Quote(String),
    /// The ASCII (punycode) form of a name.
    Punycode(String),
}

impl Hint {
    /// The hint in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        match (self, lang) {
            (Hint::DidYouMean(s), Lang::Id) => format!("maksud Anda `{s}`?"),
            (Hint::DidYouMean(s), Lang::En) => format!("did you mean `{s}`?"),
            (Hint::OneOf(v), Lang::Id) => format!("pilihan: {}", v.join(", ")),
            (Hint::OneOf(v), Lang::En) => format!("choose one of: {}", v.join(", ")),
            (Hint::Quote(s), Lang::Id) => format!("tulis di antara tanda kutip: \"{s}\""),
            (Hint::Quote(s), Lang::En) => format!("write it in quotes: \"{s}\""),
            (Hint::Punycode(s), Lang::Id) => format!("bentuk ASCII-nya: `{s}`"),
            (Hint::Punycode(s), Lang::En) => format!("its ASCII form is `{s}`"),
        }
    }
}

/// One finding, at one place in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The stable code.
    pub code: Code,
    /// Error or warning.
    pub severity: Severity,
    /// File path relative to the instance root, `/`-separated.
    pub path: String,
    /// Where in the file.
    pub span: Span,
    /// Values for the message template's `{name}` parts.
    pub args: Vec<(&'static str, Arg)>,
    /// The requirement (persyaratan) this finding concerns, if any.
    pub requirement: Option<String>,
    /// What to do about it, when loket can tell.
    pub hint: Option<Hint>,
}

impl Diagnostic {
    /// An error with `code` at `span` of `path`.
    pub fn error(code: Code, path: impl Into<String>, span: Span) -> Self {
        Diagnostic {
            code,
            severity: Severity::Error,
            path: path.into(),
            span,
            args: Vec::new(),
            requirement: None,
            hint: None,
        }
    }

    /// Adds a message argument.
    pub fn arg(mut self, name: &'static str, value: impl fmt::Display) -> Self {
        self.args.push((name, Arg::Plain(value.to_string())));
        self
    }

    /// Adds a message argument that is itself words, in both languages.
    pub fn arg_words(mut self, name: &'static str, id: &'static str, en: &'static str) -> Self {
        self.args.push((name, Arg::Words { id, en }));
        self
    }

    /// The plain value of argument `name`, if any.
    pub fn arg_value(&self, name: &str) -> Option<&str> {
        self.args
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, a)| match a {
                Arg::Plain(s) => s.as_str(),
                Arg::Words { id, .. } => id,
            })
    }

    /// Names the requirement this finding concerns.
    pub fn requirement(mut self, id: impl Into<String>) -> Self {
        self.requirement = Some(id.into());
        self
    }

    /// Adds a hint.
    pub fn hint(mut self, hint: Hint) -> Self {
        self.hint = Some(hint);
        self
    }

    /// Adds a hint when there is one.
    pub fn maybe_hint(mut self, hint: Option<Hint>) -> Self {
        self.hint = hint;
        self
    }

    /// Marks the finding as a warning.
    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    /// The message in `lang`, without the hint.
    pub fn message(&self, lang: Lang) -> String {
        let template = lang.pick(self.code.template_id(), self.code.template_en());
        let args: Vec<(&str, &str)> = self
            .args
            .iter()
            .map(|(n, a)| (*n, a.render(lang)))
            .collect();
        fill(template, &args)
    }

    /// The message in `lang`, followed by the hint when there is one.
    pub fn message_with_hint(&self, lang: Lang) -> String {
        match &self.hint {
            Some(hint) => format!("{} ({})", self.message(lang), hint.render(lang)),
            None => self.message(lang),
        }
    }
}

/// A value for a message template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// A value shown as is (a name, a number, a path).
    Plain(String),
    /// Words that differ by language.
    Words {
        /// Bahasa Indonesia.
        id: &'static str,
        /// English.
        en: &'static str,
    },
}

impl Arg {
    fn render(&self, lang: Lang) -> &str {
        match (self, lang) {
            (Arg::Plain(s), _) => s,
            (Arg::Words { id, .. }, Lang::Id) => id,
            (Arg::Words { en, .. }, Lang::En) => en,
        }
    }
}

/// Fills `{name}` parts of `template` from `args`; unknown names stay as written.
fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) => {
                let name = &after[..end];
                match args.iter().find(|(n, _)| *n == name) {
                    Some((_, value)) => out.push_str(value),
                    None => out.push_str(&rest[start..start + end + 2]),
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The closest of `candidates` to `word`, when close enough to suggest.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_known_arguments_and_keeps_unknown() {
        let args = [("name", "x")];
        assert_eq!(fill("a {name} b {other}", &args), "a x b {other}");
    }

    #[test]
    fn every_template_names_only_its_own_arguments_in_both_languages() {
        for code in Code::ALL {
            let names = |t: &str| {
                let mut v: Vec<String> = t
                    .split('{')
                    .skip(1)
                    .filter_map(|p| p.split_once('}').map(|(n, _)| n.to_string()))
                    .collect();
                v.sort();
                v
            };
            assert_eq!(
                names(code.template_id()),
                names(code.template_en()),
                "{code:?}"
            );
        }
    }

    #[test]
    fn suggests_close_names_only() {
        let keys = ["penanggung_jawab", "surat", "subdomain"];
        assert_eq!(
            closest("penangung_jawab", keys),
            Some("penanggung_jawab".to_string())
        );
        assert_eq!(closest("zzz", keys), None);
    }

    /// The command line is translated one way, [`Lang::pick`]: no other
    /// module chooses its words with `match lang`, `lang == Lang::…` or
    /// `if id {…} else {…}`, where one language could be forgotten.
    #[test]
    fn words_are_chosen_with_pick_only() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
        let forms = ["match lang {", "lang == Lang::", "let id = lang", "if id {"];
        let mut found = Vec::new();
        for entry in walkdir::WalkDir::new(root) {
            let entry = entry.expect("src");
            let path = entry.path();
            if path.extension().is_none_or(|x| x != "rs") || path.ends_with("input/diagnostic.rs") {
                continue;
            }
            let text = std::fs::read_to_string(path).expect("read");
            for (n, line) in text.lines().enumerate() {
                if forms.iter().any(|f| line.contains(f)) {
                    found.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
                }
            }
        }
        assert!(
            found.is_empty(),
            "use lang.pick(id, en):\n{}",
            found.join("\n")
        );
    }
}
