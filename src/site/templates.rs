//! The tera templates: shipped in the binary from `templates/`, or read
//! from the instance's own `templates/` directory, which overrides them
//! file by file. Autoescaping is on for every template, whatever its name;
//! only SVG and sanitised Markdown built in Rust are marked `safe`.
//!
//! Templates name their words `c.t.<key>`; each language gets its own
//! compiled set in which every such name is replaced by the word itself
//! (a string literal), so no page carries the translation table.

use std::path::Path;

use crate::input::diagnostic::Lang;
use crate::site::SiteError;
use crate::site::i18n::Words;

/// The shipped templates: name and text.
pub(crate) const SHIPPED: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("macros.html", include_str!("../../templates/macros.html")),
    ("home.html", include_str!("../../templates/home.html")),
    (
        "services.html",
        include_str!("../../templates/services.html"),
    ),
    ("service.html", include_str!("../../templates/service.html")),
    (
        "requests.html",
        include_str!("../../templates/requests.html"),
    ),
    ("request.html", include_str!("../../templates/request.html")),
    (
        "registry.html",
        include_str!("../../templates/registry.html"),
    ),
    (
        "complaints.html",
        include_str!("../../templates/complaints.html"),
    ),
    ("stats.html", include_str!("../../templates/stats.html")),
    ("apply.html", include_str!("../../templates/apply.html")),
    ("year.html", include_str!("../../templates/year.html")),
    (
        "status_help.html",
        include_str!("../../templates/status_help.html"),
    ),
    ("receipt.html", include_str!("../../templates/receipt.html")),
    ("letter.html", include_str!("../../templates/letter.html")),
    ("404.html", include_str!("../../templates/404.html")),
    ("feed.xml", include_str!("../../templates/feed.xml")),
    ("sitemap.xml", include_str!("../../templates/sitemap.xml")),
];

/// Where an instance keeps templates that override the shipped ones.
pub(crate) const OVERRIDE_DIR: &str = "templates";

/// Compiled templates, one set per language.
#[derive(Debug)]
pub(crate) struct Templates {
    id: tera::Tera,
    en: tera::Tera,
}

impl Templates {
    /// Compiles `sources` (name, text) for each language, with
    /// autoescaping on for all.
    pub(crate) fn compile(sources: &[(String, String)]) -> Result<Templates, SiteError> {
        let one = |lang: Lang| -> Result<tera::Tera, SiteError> {
            let words = Words::of(lang);
            let mut tera = tera::Tera::default();
            tera.autoescape_on(vec![""]);
            // HTML-escape without tera's `/` → `&#x2F;`, which makes every URL unreadable.
            tera.set_escape_fn(crate::site::svg::esc);
            let texts: Vec<(&str, String)> = sources
                .iter()
                .map(|(n, t)| (n.as_str(), with_words(t, &words)))
                .collect();
            tera.add_raw_templates(texts.iter().map(|(n, t)| (*n, t.as_str())))
                .map_err(|e| SiteError::template(&e))?;
            Ok(tera)
        };
        Ok(Templates {
            id: one(Lang::Id)?,
            en: one(Lang::En)?,
        })
    }

    /// The compiled set of `lang`.
    pub(crate) fn of(&self, lang: Lang) -> &tera::Tera {
        lang.pick(&self.id, &self.en)
    }

    /// The shipped templates.
    #[cfg(test)]
    pub(crate) fn shipped() -> Result<Templates, SiteError> {
        Templates::compile(&owned(SHIPPED))
    }
}

/// `text` with every `c.t.<key>` replaced by the word as a string literal
/// (unknown keys stay, so tera reports them with the template's name).
fn with_words(text: &str, words: &Words) -> String {
    const NAME: &str = "c.t.";
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(NAME) {
        out.push_str(&rest[..i]);
        let after = &rest[i + NAME.len()..];
        let end = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        let key = &after[..end];
        match words.t.get(key) {
            Some(word) => {
                let quote = ['"', '\'', '`']
                    .into_iter()
                    .find(|q| !word.contains(*q))
                    .unwrap_or('`');
                out.push(quote);
                out.push_str(word);
                out.push(quote);
            }
            None => out.push_str(&rest[i..i + NAME.len() + end]),
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// `(name, text)` pairs as owned strings, for [`Templates::compile`].
pub(crate) fn owned(shipped: &[(&str, &str)]) -> Vec<(String, String)> {
    shipped
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect()
}

/// The shipped templates with the files of `dir` (when it exists) in place
/// of those of the same name. Reads files: an I/O edge.
pub(crate) fn sources_with_overrides(dir: &Path) -> Result<Vec<(String, String)>, SiteError> {
    overridden(SHIPPED, dir)
}

/// `shipped` (name, text) with the files of `dir` (when it exists) in
/// place of those of the same name; other files in `dir` are ignored.
/// Reads files: an I/O edge.
pub(crate) fn overridden(
    shipped: &[(&str, &str)],
    dir: &Path,
) -> Result<Vec<(String, String)>, SiteError> {
    let mut sources = owned(shipped);
    if !dir.is_dir() {
        return Ok(sources);
    }
    for (name, text) in sources.iter_mut() {
        let path = dir.join(name.as_str());
        if path.is_file() {
            *text = std::fs::read_to_string(&path).map_err(|source| SiteError::Read {
                path: path.display().to_string(),
                source,
            })?;
        }
    }
    Ok(sources)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_become_literals() {
        let w = Words::of(Lang::En);
        assert_eq!(
            with_words(
                "{{ c.t.nav_home }} {{ x | default(value=c.t.not_set) }} {{ c.t.nope }}",
                &w
            ),
            "{{ \"Home\" }} {{ x | default(value=\"not set\") }} {{ c.t.nope }}"
        );
    }
}
