//! The service's requirement checklist against one request.

use crate::input::diagnostic::{Code, Diagnostic};
use crate::input::source::{Span, Spanned};
use crate::input::yaml::Node;
use crate::model::service::{Means, Service};

/// What a dotted path finds in a request tree.
#[derive(Debug, Clone, Copy)]
pub enum Lookup<'n> {
    /// A non-empty value.
    Found(&'n Spanned<Node>),
    /// Nothing (or an empty value); the span of the nearest parent.
    Missing(Span),
}

/// Follows a dotted path (`surat.nomor`) through mappings.
pub fn lookup<'n>(tree: &'n Spanned<Node>, path: &str) -> Lookup<'n> {
    let mut node = tree;
    for key in path.split('.') {
        let Node::Map(entries) = &node.value else {
            return Lookup::Missing(node.span);
        };
        match entries.iter().find(|(k, _)| k.value == key) {
            Some((_, value)) => node = value,
            None => return Lookup::Missing(node.span),
        }
    }
    let empty = match &node.value {
        Node::Null => true,
        Node::Str(s) => s.trim().is_empty(),
        Node::Seq(v) => v.is_empty(),
        Node::Map(m) => m.is_empty(),
        _ => false,
    };
    if empty {
        Lookup::Missing(node.span)
    } else {
        Lookup::Found(node)
    }
}

/// The requirement whose way of being met is the path `path`, if any.
pub fn requirement_for<'s>(service: &'s Service, path: &str) -> Option<&'s str> {
    service.requirements.iter().find_map(|r| match r.means() {
        Some(Means::Field(p) | Means::File(p) | Means::Link(p)) if p == path => Some(r.id.as_str()),
        _ => None,
    })
}

/// Checks that every required requirement met in the repository is met,
/// and that links are https.
pub fn check_requirements(service: &Service, tree: &Spanned<Node>, file: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for requirement in &service.requirements {
        let (path, is_link) = match requirement.means() {
            Some(Means::Field(p) | Means::File(p)) => (p, false),
            Some(Means::Link(p)) => (p, true),
            Some(Means::Officer) | None => continue,
        };
        match lookup(tree, path) {
            Lookup::Missing(span) if requirement.is_required() => out.push(
                Diagnostic::error(Code::L080, file, span)
                    .arg("text", &requirement.text.value)
                    .arg("path", path)
                    .requirement(requirement.id.as_str()),
            ),
            Lookup::Found(node) if is_link => {
                out.extend(check_link(node, file).map(|d| d.requirement(requirement.id.as_str())));
            }
            _ => {}
        }
    }
    out
}

/// A finding when `node` is not an https link.
pub fn check_link(node: &Spanned<Node>, file: &str) -> Option<Diagnostic> {
    let text = node.value.scalar_text().unwrap_or_default();
    let ok = text
        .strip_prefix("https://")
        .is_some_and(|rest| !rest.is_empty() && !rest.contains(char::is_whitespace));
    (!ok).then(|| Diagnostic::error(Code::L081, file, node.span).arg("value", text))
}
