//! The tera templates: shipped in the binary from `templates/`, or read
//! from the instance's own `templates/` directory, which overrides them
//! file by file. Autoescaping is on for every template, whatever its name;
//! only SVG and sanitised Markdown built in Rust are marked `safe`.

use std::path::Path;

use crate::site::SiteError;

/// The shipped templates: name and text.
pub const SHIPPED: &[(&str, &str)] = &[
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
    ("404.html", include_str!("../../templates/404.html")),
    ("feed.xml", include_str!("../../templates/feed.xml")),
    ("sitemap.xml", include_str!("../../templates/sitemap.xml")),
];

/// Where an instance keeps templates that override the shipped ones.
pub const OVERRIDE_DIR: &str = "templates";

/// Compiled templates.
#[derive(Debug)]
pub struct Templates {
    pub(crate) tera: tera::Tera,
}

impl Templates {
    /// Compiles `sources` (name, text), with autoescaping on for all.
    pub fn compile(sources: &[(String, String)]) -> Result<Templates, SiteError> {
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![""]);
        // HTML-escape without tera's `/` → `&#x2F;`, which makes every URL unreadable.
        tera.set_escape_fn(crate::site::svg::esc);
        tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|e| SiteError::template(&e))?;
        Ok(Templates { tera })
    }

    /// The shipped templates.
    pub fn shipped() -> Result<Templates, SiteError> {
        Templates::compile(&shipped_sources())
    }
}

fn shipped_sources() -> Vec<(String, String)> {
    SHIPPED
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect()
}

/// The shipped templates with the files of `dir` (when it exists) in place
/// of those of the same name. Reads files: an I/O edge.
pub fn sources_with_overrides(dir: &Path) -> Result<Vec<(String, String)>, SiteError> {
    let mut sources = shipped_sources();
    if !dir.is_dir() {
        return Ok(sources);
    }
    for (name, text) in sources.iter_mut() {
        let path = dir.join(name.as_str());
        if path.is_file() {
            *text = std::fs::read_to_string(&path).map_err(|source| SiteError::Io {
                path: path.display().to_string(),
                source,
            })?;
        }
    }
    Ok(sources)
}
