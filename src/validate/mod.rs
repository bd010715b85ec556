//! The rules `loket check` enforces, one module per family.
//!
//! [`check`] takes a loaded [`Instance`] and the pull request's facts
//! ([`Options`]) and returns every finding; it reads no file, clock or
//! environment. Requests are checked in parallel; the registry fold, which
//! depends on order, runs once over all of them.

pub mod attachments;
pub mod codes;
pub mod complaint;
pub mod config;
pub mod contact;
pub mod intake;
pub mod letter;
pub mod name;
pub mod records;
pub mod registry;
pub mod requirements;
pub mod scope;

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::input::diagnostic::{Code, Diagnostic, Hint, Severity, closest};
use crate::input::load::{Instance, LoadedRequest};
use crate::input::source::Span;
use crate::model::request::Hosting;
use crate::model::{Config, Handle, RequestKind, Service, ServiceKind};

/// What `loket check` knows beyond the files: today and the pull request.
#[derive(Debug, Clone)]
pub struct Options {
    /// Today in the institution's time zone.
    pub today: NaiveDate,
    /// The pull request's author, when known.
    pub author: Option<Handle>,
    /// The files the pull request changes, when known.
    pub changed: Vec<Change>,
    /// Names and ids requested by other open pull requests that are
    /// attributed to their agency (from a snapshot).
    pub pending: Vec<Pending>,
    /// Where the requests entered `main`: the order of the registry fold.
    pub order: registry::MergeOrder,
}

/// A name another open pull request asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    /// The subdomain, lower case.
    pub name: String,
    /// The pull request.
    pub pr: u64,
    /// Its request file.
    pub path: String,
}

/// Names and ids asked for by open pull requests of the snapshot that the
/// gate attributes to an operator of their agency, but for pull request
/// `own` (the one checked): a stranger's pull request cannot hold a name or
/// a number.
pub fn pending(
    snapshot: &crate::github::snapshot::Snapshot,
    config: &crate::model::Config,
    own: Option<u64>,
) -> Vec<Pending> {
    snapshot
        .pull_requests
        .iter()
        .filter(|pr| pr.state == crate::github::snapshot::PullState::Open && Some(pr.number) != own)
        .flat_map(|pr| {
            pr.files.iter().filter_map(move |f| {
                let name = crate::input::load::RequestName::parse(f)?;
                if !crate::review::trust::attributed(pr, &name.agency, config) {
                    return None;
                }
                Some(Pending {
                    name: name.subdomain.to_ascii_lowercase(),
                    pr: pr.number,
                    path: f.clone(),
                })
            })
        })
        .collect()
}

impl Options {
    /// Whether the pull request brings `path` (names it in `changed`).
    pub fn brings(&self, path: &str) -> bool {
        self.changed.iter().any(|c| c.path == path)
    }

    /// Whether `path` belongs to the pull request under review: every
    /// request when no changed files are given, else the changed ones.
    pub fn in_review(&self, path: &str) -> bool {
        self.changed.is_empty() || self.brings(path)
    }
}

/// How a pull request changes a file (as `git diff --name-status` says).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeStatus {
    /// Added (`A`).
    Added,
    /// Modified (`M`), renamed away (`R`) or deleted (`D`).
    Altered,
    /// Not said.
    Unknown,
}

/// One changed file of a pull request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// What happened to it.
    pub status: ChangeStatus,
    /// Its path relative to the root, `/`-separated.
    pub path: String,
}

impl Change {
    /// A file the pull request adds.
    pub fn added(path: &str) -> Change {
        Change {
            status: ChangeStatus::Added,
            path: path.to_string(),
        }
    }

    /// The changes one line names: `PATH`, `STATUS:PATH` or
    /// `STATUS<TAB>PATH` with a git status letter, or a rename or copy with
    /// both paths (`R100<TAB>OLD<TAB>NEW`, as `git diff --name-status`
    /// writes it). A rename is two changes, the old path altered (it goes
    /// away) and the new one added, so that both are judged; a copy adds
    /// the new path.
    pub fn parse_all(s: &str) -> Result<Vec<Change>, String> {
        let split = s.split_once(['\t', ':']).filter(|(st, _)| {
            st.len() <= 4 && st.chars().next().is_some_and(|c| "AMDRCTU".contains(c))
        });
        let clean = |path: &str| -> Result<String, String> {
            let path = path.trim().trim_start_matches("./");
            if path.is_empty() {
                return Err(format!("`{s}` names no path"));
            }
            Ok(path.to_string())
        };
        let Some((status, paths)) = split else {
            return Ok(vec![Change {
                status: ChangeStatus::Unknown,
                path: clean(s)?,
            }]);
        };
        let letter = status.chars().next();
        let two = paths.split_once('\t');
        let changes = match (letter, two) {
            (Some('R'), Some((old, new))) => vec![
                Change {
                    status: ChangeStatus::Altered,
                    path: clean(old)?,
                },
                Change::added(&clean(new)?),
            ],
            (Some('C'), Some((_, new))) => vec![Change::added(&clean(new)?)],
            (Some('A'), _) => vec![Change::added(&clean(paths)?)],
            _ => vec![Change {
                status: ChangeStatus::Altered,
                path: clean(paths)?,
            }],
        };
        Ok(changes)
    }
}

/// Every finding, grouped as the reports show them.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Findings in `loket.yaml` and the service standards.
    pub config: Vec<Diagnostic>,
    /// Findings per request file (and per changed file the PR may not touch).
    pub requests: Vec<FileReport>,
}

/// The findings of one file.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The file, relative to the root.
    pub path: String,
    /// Its findings, by position.
    pub diagnostics: Vec<Diagnostic>,
}

impl FileReport {
    /// Whether the file has no error.
    pub fn ok(&self) -> bool {
        !self
            .diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

impl Outcome {
    /// Whether the configuration has an error (exit code 2).
    pub fn config_broken(&self) -> bool {
        self.config.iter().any(|d| d.severity == Severity::Error)
    }
}

/// Runs every rule over the instance.
pub fn check(instance: &Instance, options: &Options) -> Outcome {
    let mut config_findings = instance.findings.clone();
    let Some(config) = &instance.config else {
        let requests = instance
            .requests
            .iter()
            .map(|r| FileReport {
                path: r.file.path.clone(),
                diagnostics: r.findings.clone(),
            })
            .chain(instance.complaints.iter().map(|c| FileReport {
                path: c.file.path.clone(),
                diagnostics: c.findings.clone(),
            }))
            .collect();
        sort(&mut config_findings);
        return Outcome {
            config: config_findings,
            requests,
        };
    };
    config_findings.extend(config::check_config(config));
    config_findings.extend(config::check_services(config, &instance.services));
    config_findings.extend(config::unique(
        crate::input::load::SERVICES_DIR,
        instance
            .services()
            .map(|s| (s.id.as_str().to_string(), s.id.span)),
    ));
    let services: BTreeMap<&str, &Service> =
        instance.services().map(|s| (s.id.as_str(), s)).collect();
    let cx = RuleCx {
        config,
        services: &services,
        options,
    };
    let mut per_request: Vec<Vec<Diagnostic>> = instance
        .requests
        .par_iter()
        .map(|r| cx.request_rules(r))
        .collect();
    for (index, d) in cx.registry(&instance.requests).findings {
        // A contest among merged requests that the pull request does not
        // touch was judged when they merged (see `MergeOrder::unread`).
        if !options.order.unread(&instance.requests[index].file.path) {
            per_request[index].push(d);
        }
    }
    let mut reports: Vec<FileReport> = instance
        .requests
        .iter()
        .zip(per_request)
        .map(|(r, mut diagnostics)| {
            diagnostics.sort_by_key(|d| (d.span, d.code));
            FileReport {
                path: r.file.path.clone(),
                diagnostics,
            }
        })
        .collect();
    let tz = crate::review::intake::time_zone(config).unwrap_or(chrono_tz::Asia::Jakarta);
    let service_ids: Vec<&str> = services.keys().copied().collect();
    let request_ids: BTreeSet<crate::model::RequestId> = instance
        .requests
        .iter()
        .filter_map(|r| r.name.as_ref().map(|n| n.id))
        .collect();
    let known = complaint::Known {
        services: &service_ids,
        requests: &request_ids,
    };
    reports.extend(instance.complaints.iter().map(|c| {
        let mut diagnostics = c.findings.clone();
        if let (Some(record), Some(tree)) = (&c.record, &c.tree) {
            diagnostics.extend(complaint::check_record(
                record,
                tree,
                config,
                known,
                tz,
                options.today,
                &c.file.path,
            ));
        }
        diagnostics.sort_by_key(|d| (d.span, d.code));
        FileReport {
            path: c.file.path.clone(),
            diagnostics,
        }
    }));
    for d in pull_request_rules(options) {
        match reports.iter_mut().find(|r| r.path == d.path) {
            Some(report) => report.diagnostics.push(d),
            None => reports.push(FileReport {
                path: d.path.clone(),
                diagnostics: vec![d],
            }),
        }
    }
    sort(&mut config_findings);
    Outcome {
        config: config_findings,
        requests: reports,
    }
}

/// Orders findings by file, position and code.
pub fn sort(findings: &mut [Diagnostic]) {
    findings.sort_by(|a, b| (&a.path, a.span, a.code).cmp(&(&b.path, b.span, b.code)));
}

struct RuleCx<'a> {
    config: &'a Config,
    services: &'a BTreeMap<&'a str, &'a Service>,
    options: &'a Options,
}

impl RuleCx<'_> {
    fn request_rules(&self, loaded: &LoadedRequest) -> Vec<Diagnostic> {
        let mut out = loaded.findings.clone();
        let (Some(request), Some(tree)) = (&loaded.request, &loaded.tree) else {
            return out;
        };
        let file = loaded.file.path.as_str();
        let config = self.config;
        let domain = config.institution.domain.as_str();
        let policy = &config.dns.value;

        let agency = config
            .agencies
            .iter()
            .find(|a| a.id.as_str() == request.agency.as_str());
        match agency {
            None => {
                let ids = config.agencies.iter().map(|a| a.id.as_str());
                let hint = closest(&request.agency, ids).map(Hint::DidYouMean);
                out.push(
                    Diagnostic::error(Code::L020, file, request.agency.span)
                        .arg("agency", &request.agency.value)
                        .maybe_hint(hint),
                );
            }
            Some(agency) => {
                let author = self
                    .options
                    .author
                    .as_ref()
                    .filter(|_| self.options.in_review(file));
                // A front-desk officer files for any registered agency
                // (L160–L167 judge the desk request instead).
                if let Some(author) = author
                    && !agency.operators.iter().any(|o| o.value == *author)
                    && !crate::review::intake::is_desk_officer(config, author.as_str())
                {
                    let operators: Vec<String> = agency
                        .operators
                        .iter()
                        .map(|o| format!("@{}", o.value))
                        .collect();
                    out.push(
                        Diagnostic::error(Code::L022, file, request.agency.span)
                            .arg("author", author)
                            .arg("agency", agency.id.as_str())
                            .arg("operators", operators.join(", ")),
                    );
                }
            }
        }
        if let Some(name) = &loaded.name {
            let twin = self.options.pending.iter().find(|p| {
                p.path != file
                    && crate::input::load::RequestName::parse(&p.path)
                        .is_some_and(|n| n.id == name.id)
            });
            if let Some(p) = twin.filter(|_| self.options.in_review(file)) {
                out.push(
                    Diagnostic::error(Code::L140, file, Span::START)
                        .arg("id", name.id)
                        .arg("pr", p.pr)
                        .arg("path", &p.path),
                );
            }
            if name.agency != request.agency.value {
                out.push(
                    Diagnostic::error(Code::L021, file, request.agency.span)
                        .arg("agency", &request.agency.value)
                        .arg("directory", &name.agency),
                );
            }
            if !name.subdomain.eq_ignore_ascii_case(&request.subdomain) {
                out.push(
                    Diagnostic::error(Code::L039, file, request.subdomain.span)
                        .arg("file", &name.subdomain)
                        .arg("name", &request.subdomain.value),
                );
            }
        }

        out.extend(name::check_label(&request.subdomain, domain, policy, file));
        if let Some(new) = &request.new_subdomain {
            out.extend(name::check_label(new, domain, policy, file));
        }
        out.extend(records::check_records(&request.records, policy, file));
        let own_names: Vec<&str> = std::iter::once(request.subdomain.as_str())
            .chain(request.new_subdomain.as_ref().map(|n| n.as_str()))
            .collect();
        out.extend(records::check_cname_loops(
            &request.records,
            &own_names,
            domain,
            file,
        ));
        let service = self.services.get(request.service.as_str()).copied();
        match service {
            None => {
                let hint =
                    closest(&request.service, self.services.keys().copied()).map(Hint::DidYouMean);
                out.push(
                    Diagnostic::error(Code::L082, file, request.service.span)
                        .arg("service", &request.service.value)
                        .maybe_hint(hint),
                );
            }
            Some(service) => {
                if request_kind(service.kind.value) == RequestKind::Create {
                    let name = request.subdomain.value.to_ascii_lowercase();
                    let other = self
                        .options
                        .pending
                        .iter()
                        .find(|p| p.name == name && p.path != file);
                    // A warning: while both are open neither holds the name;
                    // the first merged does, and the fold refuses the other
                    // (L035). Refusing here would let any pull request
                    // block another by asking for its name.
                    if let Some(p) = other {
                        out.push(
                            Diagnostic::error(Code::L100, file, request.subdomain.span)
                                .arg("name", &name)
                                .arg("pr", p.pr)
                                .arg("path", &p.path)
                                .warning(),
                        );
                    }
                }
                out.extend(shape_rules(request, service.kind.value, config, file));
                out.extend(requirements::check_requirements(service, tree, file));
            }
        }

        let author = self
            .options
            .author
            .as_ref()
            .filter(|_| self.options.in_review(file));
        let filing = intake::Filing {
            author,
            operator: author
                .is_some_and(|h| agency.is_some_and(|a| a.operators.iter().any(|o| o.value == *h))),
            today: self.options.today,
        };
        out.extend(intake::check_intake(request, config, filing, file));
        if let Some(letter) = &request.letter {
            let max_age = config
                .letter
                .as_ref()
                .and_then(|l| l.max_age_days)
                .unwrap_or(letter::DEFAULT_MAX_AGE_DAYS);
            let found = letter::check_letter(letter, self.options.today, max_age, file);
            // A merged letter was judged when it was filed: age counts only
            // for the requests the pull request brings.
            let judged_now = self.options.brings(file);
            out.extend(
                found
                    .into_iter()
                    .filter(|d| d.code != Code::L053 || judged_now),
            );
        }
        if let Some(contact) = &request.contact {
            let official = agency.map(|a| a.email_domain.as_str());
            out.extend(contact::check_contact(contact, official, file));
            // A merged contact was judged when it was filed: the registry
            // of contacts counts for the requests the pull request brings.
            if let Some(agency) = agency.filter(|_| self.options.brings(file)) {
                out.extend(contact::check_registered(contact, agency, file));
            }
        }
        let agency_dir = loaded
            .name
            .as_ref()
            .map_or(request.agency.as_str(), |n| n.agency.as_str());
        let attachment_values = request
            .attachments
            .0
            .iter()
            .map(|(k, v)| (format!("lampiran.{}", k.value), v))
            .chain(
                request
                    .letter
                    .iter()
                    .filter_map(|l| l.file.as_ref().map(|f| ("surat.berkas".to_string(), f))),
            );
        for (key, value) in attachment_values {
            let found = attachments::check_attachment(
                value,
                loaded.attachments.get(&value.value),
                config.attachments.as_ref().map(|a| &a.value),
                agency_dir,
                file,
            );
            let requirement = service.and_then(|s| requirements::requirement_for(s, &key));
            out.extend(found.into_iter().map(|d| match requirement {
                Some(id) => d.requirement(id),
                None => d,
            }));
        }
        for (key, _) in &request.links.0 {
            let path = format!("tautan.{}", key.value);
            let already = service
                .and_then(|s| requirements::requirement_for(s, &path))
                .is_some();
            if let (false, requirements::Lookup::Found(node)) =
                (already, requirements::lookup(tree, &path))
            {
                out.extend(requirements::check_link(node, file));
            }
        }
        out
    }

    fn registry(&self, requests: &[LoadedRequest]) -> registry::Fold {
        let mut steps = registry::steps(requests, self.services);
        registry::fold_order(&mut steps, &self.options.order);
        registry::fold(&steps, self.config)
    }
}

/// The request files of `instance` whose place in the merge order can
/// change what `loket check` finds (see [`registry::contested`]): the files
/// to read history for before filling [`Options::order`].
pub fn contested(instance: &Instance) -> BTreeSet<String> {
    match &instance.config {
        Some(config) => registry::contested_of(config, &instance.services, &instance.requests),
        None => BTreeSet::new(),
    }
}

/// The contested request files of `instance` (see [`contested`]) split
/// for a pull request bringing `focus` (see
/// [`registry::contested_around`]): those whose place can change how its
/// files are judged, to read history for, and the rest, left unread (the
/// check leaves the fold's findings on them out).
pub fn contested_around(
    instance: &Instance,
    focus: &BTreeSet<String>,
) -> (BTreeSet<String>, BTreeSet<String>) {
    match &instance.config {
        Some(config) => {
            registry::contested_around_of(config, &instance.services, &instance.requests, focus)
        }
        None => Default::default(),
    }
}

/// The registry as `loket check` folds it from every request of the
/// instance (empty when `loket.yaml` is broken).
pub fn registrations(instance: &Instance, options: &Options) -> registry::Fold {
    let Some(config) = &instance.config else {
        return registry::Fold::default();
    };
    let services: BTreeMap<&str, &Service> =
        instance.services().map(|s| (s.id.as_str(), s)).collect();
    let cx = RuleCx {
        config,
        services: &services,
        options,
    };
    cx.registry(&instance.requests)
}

/// What a service kind does to the registry.
pub fn request_kind(kind: ServiceKind) -> RequestKind {
    match kind {
        ServiceKind::Create | ServiceKind::Hosting | ServiceKind::Website => RequestKind::Create,
        ServiceKind::Change => RequestKind::Change,
        ServiceKind::Delete => RequestKind::Delete,
    }
}

/// Whether hosting, records and a new name fit what the service does.
fn shape_rules(
    request: &crate::model::Request,
    kind: ServiceKind,
    config: &Config,
    file: &str,
) -> Vec<Diagnostic> {
    let has_records = !request.records.is_empty();
    let hosted = request.hosting.is_some();
    let at = |span: Span, id: &'static str, en: &'static str| {
        Diagnostic::error(Code::L049, file, span).arg_words("reason", id, en)
    };
    let root = Span::START;
    let mut out = Vec::new();
    if let Some(new) = &request.new_subdomain
        && kind != ServiceKind::Change
    {
        out.push(at(
            new.span,
            "`subdomain_baru` hanya untuk layanan perubahan",
            "`subdomain_baru` is only for a change service",
        ));
    }
    match kind {
        ServiceKind::Create if has_records && hosted => out.push(at(
            request.records[0].span,
            "pilih salah satu: `hosting: diskominfo` atau `rekaman`, bukan keduanya",
            "choose one: `hosting: diskominfo` or `rekaman`, not both",
        )),
        ServiceKind::Create if !has_records && !hosted => out.push(at(
            root,
            "permohonan subdomain memerlukan `hosting: diskominfo` atau `rekaman`",
            "a subdomain request needs `hosting: diskominfo` or `rekaman`",
        )),
        ServiceKind::Hosting | ServiceKind::Website if has_records => out.push(at(
            request.records[0].span,
            "layanan ini di-hosting Diskominfo; hapus `rekaman`",
            "this service is hosted by the institution; remove `rekaman`",
        )),
        ServiceKind::Change if has_records && hosted => out.push(at(
            request.records[0].span,
            "pilih salah satu: `hosting: diskominfo` atau `rekaman`, bukan keduanya",
            "choose one: `hosting: diskominfo` or `rekaman`, not both",
        )),
        ServiceKind::Change if !has_records && !hosted && request.new_subdomain.is_none() => out
            .push(at(
                root,
                "permohonan perubahan memerlukan `rekaman`, `hosting` atau `subdomain_baru`",
                "a change request needs `rekaman`, `hosting` or `subdomain_baru`",
            )),
        ServiceKind::Delete if has_records || hosted => out.push(at(
            request
                .hosting
                .as_ref()
                .map_or_else(|| request.records[0].span, |h| h.span),
            "permohonan penghapusan tidak memuat `hosting` atau `rekaman`",
            "a deletion request carries no `hosting` or `rekaman`",
        )),
        _ => {}
    }
    let wants_hosting =
        hosted || (matches!(kind, ServiceKind::Hosting | ServiceKind::Website) && !has_records);
    if wants_hosting && config.dns.hosted.is_empty() {
        let span = request.hosting.as_ref().map_or(root, |h| h.span);
        out.push(at(
            span,
            "loket.yaml tidak mengatur `dns.hosting_diskominfo`, jadi hosting Diskominfo belum tersedia",
            "loket.yaml sets no `dns.hosting_diskominfo`, so institution hosting is not available",
        ));
    }
    debug_assert!(
        request
            .hosting
            .as_ref()
            .is_none_or(|h| h.value == Hosting::Diskominfo)
    );
    out
}

/// Findings about the pull request as a whole: which files it touches
/// ([`scope`]), every one of them.
fn pull_request_rules(options: &Options) -> Vec<Diagnostic> {
    let Some(agency) = scope::agency(&options.changed) else {
        return Vec::new();
    };
    scope::breaches(agency, &options.changed)
        .into_iter()
        .map(|(change, breach)| {
            let path = change.path.as_str();
            match breach {
                scope::Breach::Outside => Diagnostic::error(Code::L023, path, Span::START)
                    .arg("agency", agency)
                    .arg("path", path),
                scope::Breach::MergedRequest => {
                    Diagnostic::error(Code::L024, path, Span::START).arg("path", path)
                }
                scope::Breach::MergedFile => {
                    Diagnostic::error(Code::L025, path, Span::START).arg("path", path)
                }
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_parse_with_and_without_status() {
        let one = |s: &str| {
            let all = Change::parse_all(s).unwrap();
            assert_eq!(all.len(), 1, "{s}");
            all.into_iter().next().unwrap()
        };
        let c = one("requests/a/2026-0001-x.yaml");
        assert_eq!(c.status, ChangeStatus::Unknown);
        let c = one("M\trequests/a/2026-0001-x.yaml");
        assert_eq!(
            (c.status, c.path.as_str()),
            (ChangeStatus::Altered, "requests/a/2026-0001-x.yaml")
        );
        assert_eq!(
            one("A:requests/a/2026-0001-x.yaml").status,
            ChangeStatus::Added
        );
        assert_eq!(one("D:./requests/a/x.pdf").path, "requests/a/x.pdf");
        assert!(Change::parse_all("M:").is_err());
    }

    #[test]
    fn a_rename_is_judged_under_both_paths() {
        let altered = |p: &str| Change {
            status: ChangeStatus::Altered,
            path: p.to_string(),
        };
        assert_eq!(
            Change::parse_all("R100\trequests/a/2026-0001-x.yaml\t.github/workflows/x.yml"),
            Ok(vec![
                altered("requests/a/2026-0001-x.yaml"),
                Change::added(".github/workflows/x.yml")
            ])
        );
        assert_eq!(
            Change::parse_all("R:old.yaml\tnew.yaml"),
            Ok(vec![altered("old.yaml"), Change::added("new.yaml")])
        );
        assert_eq!(
            Change::parse_all("C75\tkept.yaml\tcopy.yaml"),
            Ok(vec![Change::added("copy.yaml")])
        );
    }
}
