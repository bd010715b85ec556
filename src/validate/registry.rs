//! Registrations: merged requests folded, in order, into the subdomains
//! each agency holds; and what that fold refuses.
//!
//! The order is the order requests entered `main`. Until the history walk
//! exists, callers pass request-id order.

use std::collections::BTreeMap;

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{RequestId, RequestKind};
use crate::source::Spanned;

/// One registered subdomain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registration {
    /// The label, lower case.
    pub name: String,
    /// The agency holding it.
    pub agency: String,
    /// The request that created it.
    pub created_by: RequestId,
    /// The request that last changed it.
    pub changed_by: RequestId,
    /// The date of the creating request's letter, when known.
    pub since: Option<String>,
}

/// One request as the fold sees it.
#[derive(Debug, Clone)]
pub struct Step<'a> {
    /// Position of the request in the caller's list, returned with findings.
    pub index: usize,
    /// The request id.
    pub id: RequestId,
    /// The file, for findings.
    pub path: &'a str,
    /// The requesting agency.
    pub agency: &'a str,
    /// What the request does.
    pub kind: RequestKind,
    /// The subdomain it names.
    pub name: &'a Spanned<String>,
    /// For a change: the new name.
    pub new_name: Option<&'a Spanned<String>>,
    /// The letter date.
    pub since: Option<&'a str>,
    /// CNAME targets of its records.
    pub cname_targets: Vec<&'a Spanned<String>>,
}

/// The registry after folding, and each step's findings (by index).
#[derive(Debug, Default)]
pub struct Fold {
    /// Registrations by name.
    pub registrations: BTreeMap<String, Registration>,
    /// Findings, each with its step's index.
    pub findings: Vec<(usize, Diagnostic)>,
}

/// Folds `steps` (already in order) over an empty registry.
pub fn fold(steps: &[Step<'_>], domain: &str) -> Fold {
    let mut out = Fold::default();
    let mut ids: BTreeMap<RequestId, &str> = BTreeMap::new();
    for step in steps {
        if let Some(other) = ids.get(&step.id) {
            let d = Diagnostic::error(Code::L015, step.path, crate::source::Span::START)
                .arg("id", step.id)
                .arg("other", other);
            out.findings.push((step.index, d));
            continue;
        }
        ids.insert(step.id, step.path);
        let found = apply(&mut out.registrations, step);
        out.findings
            .extend(found.into_iter().map(|d| (step.index, d)));
        for target in &step.cname_targets {
            if let Some(d) = dangling(&out.registrations, target, domain, step.path) {
                out.findings.push((step.index, d));
            }
        }
    }
    out
}

fn apply(registry: &mut BTreeMap<String, Registration>, step: &Step<'_>) -> Vec<Diagnostic> {
    let name = step.name.value.to_ascii_lowercase();
    let taken =
        |registry: &BTreeMap<String, Registration>, spanned: &Spanned<String>, name: &str| {
            registry.get(name).map(|held| {
                Diagnostic::error(Code::L035, step.path, spanned.span)
                    .arg("name", name)
                    .arg("agency", &held.agency)
                    .arg("since", held.since.as_deref().unwrap_or("?"))
                    .arg("request", held.created_by)
            })
        };
    if step.kind == RequestKind::Create {
        if let Some(d) = taken(registry, step.name, &name) {
            return vec![d];
        }
        registry.insert(
            name.clone(),
            Registration {
                name,
                agency: step.agency.to_string(),
                created_by: step.id,
                changed_by: step.id,
                since: step.since.map(str::to_string),
            },
        );
        return Vec::new();
    }
    let Some(held) = registry.get(&name) else {
        return vec![Diagnostic::error(Code::L037, step.path, step.name.span).arg("name", name)];
    };
    if held.agency != step.agency {
        return vec![
            Diagnostic::error(Code::L038, step.path, step.name.span)
                .arg("name", &name)
                .arg("owner", &held.agency)
                .arg("agency", step.agency),
        ];
    }
    match (step.kind, step.new_name) {
        (RequestKind::Delete, _) => {
            registry.remove(&name);
        }
        (_, Some(new)) => {
            let new_name = new.value.to_ascii_lowercase();
            if new_name != name
                && let Some(d) = taken(registry, new, &new_name)
            {
                return vec![d];
            }
            if let Some(mut reg) = registry.remove(&name) {
                reg.name = new_name.clone();
                reg.changed_by = step.id;
                registry.insert(new_name, reg);
            }
        }
        (_, None) => {
            if let Some(reg) = registry.get_mut(&name) {
                reg.changed_by = step.id;
            }
        }
    }
    Vec::new()
}

/// A CNAME target inside the institution's zone must be a registered name.
fn dangling(
    registry: &BTreeMap<String, Registration>,
    target: &Spanned<String>,
    domain: &str,
    path: &str,
) -> Option<Diagnostic> {
    let t = target
        .value
        .trim()
        .trim_end_matches('.')
        .to_ascii_lowercase();
    let label = t.strip_suffix(&format!(".{}", domain.to_ascii_lowercase()))?;
    let first = label.rsplit('.').next().unwrap_or(label);
    (!registry.contains_key(first)).then(|| {
        Diagnostic::error(Code::L044, path, target.span)
            .arg("target", &target.value)
            .arg_words(
                "reason",
                "menunjuk nama di zona ini yang tidak terdaftar (dangling)",
                "points at a name in this zone that is not registered (dangling)",
            )
    })
}
