//! Registrations: merged requests folded, in order, into the subdomains
//! each agency holds; and what that fold refuses (a name taken, held by
//! another agency, looking like another agency's, a zone grown past its
//! data limit).
//!
//! The order is the order requests entered `main` (first-parent history,
//! read by `history::merge_order` into a [`MergeOrder`]): [`fold_order`]
//! says it in one place, never the request id, which the agency chooses.
//! This is the one fold: `loket check` judges requests with it and `loket
//! dns` writes zones from its [`Registration`]s. [`contested`] says which
//! requests' places can change the fold, so history is read for those
//! alone.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use crate::dns::name::Name;
use crate::dns::record::Record;
use crate::input::diagnostic::{Code, Diagnostic};
use crate::input::load::{Instance, LoadedRequest, LoadedService};
use crate::input::source::Spanned;
use crate::model::config::RecordType;
use crate::model::request::Hosting;
use crate::model::{Config, DnsPolicy, RecordSpec, RequestId, RequestKind, Service, ServiceKind};
use crate::validate::name::{shown_form, skeleton};
use crate::validate::records::{bytes_of, data_bytes};
use rayon::prelude::*;

/// `name` as L126 shows it: in backquotes, with its Unicode form after
/// an `xn--` label, `` `xn--lpha-43d` (аlpha) ``.
fn shown(name: &str) -> String {
    let form = shown_form(name);
    if form == name {
        format!("`{name}`")
    } else {
        format!("`{name}` ({form})")
    }
}

/// One registered subdomain.
#[derive(Debug, Clone, PartialEq)]
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
    /// Its records.
    pub records: Records,
}

/// The records of a registration.
#[derive(Debug, Clone, PartialEq)]
pub enum Records {
    /// Hosted by the institution: the policy's `hosting_diskominfo` records,
    /// whatever they are when the zone is written.
    Hosted,
    /// The records the request named.
    Own(Vec<Spanned<RecordSpec>>),
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
    /// The records it gives the name; `None` keeps them (a rename).
    pub records: Option<Records>,
    /// The pull request that merged it, when history names it (set by
    /// [`fold_order`]).
    pub merged_in: Option<u64>,
    /// The confusable skeleton of `name`, lower case (see [`skeleton`]).
    pub name_key: String,
    /// The confusable skeleton of `new_name`, lower case.
    pub new_name_key: Option<String>,
}

/// The steps of every request that decoded and names a known service,
/// in the order of `requests`; [`fold_order`] sorts them. The skeletons of
/// their names are worked out here, on every core: each step's are read
/// several times by the fold, which runs on one.
pub fn steps<'a>(
    requests: impl IntoIterator<Item = &'a LoadedRequest>,
    services: &BTreeMap<&str, &Service>,
) -> Vec<Step<'a>> {
    let key = |name: &Spanned<String>| skeleton(&name.value.to_ascii_lowercase());
    let mut steps: Vec<Step<'a>> = requests
        .into_iter()
        .enumerate()
        .filter_map(|(index, loaded)| {
            let request = loaded.request.as_ref()?;
            let name = loaded.name.as_ref()?;
            let service = services.get(request.service.as_str())?;
            let kind = service.kind.value;
            let hosted = request.hosting.as_ref().map(|h| h.value) == Some(Hosting::Diskominfo)
                || (matches!(kind, ServiceKind::Hosting | ServiceKind::Website)
                    && request.records.is_empty());
            let records = if hosted {
                Some(Records::Hosted)
            } else if !request.records.is_empty() || kind != ServiceKind::Change {
                Some(Records::Own(request.records.clone()))
            } else {
                None
            };
            Some(Step {
                index,
                id: name.id,
                path: &loaded.file.path,
                agency: request.agency.as_str(),
                kind: super::request_kind(kind),
                name: &request.subdomain,
                new_name: request.new_subdomain.as_ref(),
                since: request.letter.as_ref().map(|l| l.date.as_str()),
                cname_targets: request
                    .records
                    .iter()
                    .filter(|r| r.kind.value == RecordType::Cname)
                    .map(|r| &r.data)
                    .collect(),
                records,
                merged_in: None,
                name_key: String::new(),
                new_name_key: None,
            })
        })
        .collect();
    steps.par_iter_mut().for_each(|step| {
        step.name_key = key(step.name);
        step.new_name_key = step.new_name.map(key);
    });
    steps
}

/// Where request files entered `main`: for each, the first-parent commit
/// that brought it onto the branch (read by `history::merge_order`). Files
/// it does not hold are not merged (work in progress, a pull request's
/// files) or their place cannot change the fold (see [`contested`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeOrder {
    entered: HashMap<String, Entered>,
    approximate: bool,
    unread: HashSet<String>,
}

/// The first-parent commit that brought a request file onto the branch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entered {
    /// First-parent commits between it and the tip (0: the tip itself):
    /// the larger, the earlier it was merged.
    pub depth: u64,
    /// The pull request its message names (`Merge pull request #12 …`,
    /// `… (#12)`), for findings to name.
    pub pull_request: Option<u64>,
}

impl MergeOrder {
    /// The order of `entered` (request file → its commit); `approximate`
    /// when a shallow clone cut the history where some of them entered.
    pub fn new(entered: impl IntoIterator<Item = (String, Entered)>, approximate: bool) -> Self {
        MergeOrder {
            entered: entered.into_iter().collect(),
            approximate,
            unread: HashSet::new(),
        }
    }

    /// The order, saying that history was not read for `files` although
    /// their places can change the fold: a pull request's check reads it
    /// only for the requests its own files contend with (see
    /// [`contested_around`]). Those files fold in request-id order, and
    /// what the fold finds on them is not a finding of that check.
    pub fn with_unread(mut self, files: impl IntoIterator<Item = String>) -> Self {
        self.unread = files
            .into_iter()
            .filter(|f| !self.entered.contains_key(f))
            .collect();
        self
    }

    /// Whether history was not read for `path` although its place can
    /// change the fold (see [`MergeOrder::with_unread`]).
    pub fn unread(&self, path: &str) -> bool {
        self.unread.contains(path)
    }

    /// The order of `files` alone. A file's place does not depend on which
    /// other files were looked for, so an order read for more files holds
    /// for fewer.
    pub fn restricted_to(&self, files: &BTreeSet<String>) -> MergeOrder {
        MergeOrder {
            entered: self
                .entered
                .iter()
                .filter(|(path, _)| files.contains(*path))
                .map(|(path, entered)| (path.clone(), *entered))
                .collect(),
            approximate: self.approximate,
            unread: self
                .unread
                .iter()
                .filter(|f| files.contains(*f))
                .cloned()
                .collect(),
        }
    }

    /// Where `path` entered, when it did.
    pub fn entered(&self, path: &str) -> Option<Entered> {
        self.entered.get(path).copied()
    }

    /// Whether a shallow clone hid where some file entered: those files
    /// stand at the clone's oldest commit, in request-id order.
    pub fn approximate(&self) -> bool {
        self.approximate
    }

    /// The sort key of `path`: merged files first, the earliest first;
    /// then the rest.
    fn place(&self, path: &str) -> (bool, Reverse<u64>) {
        match self.entered.get(path) {
            Some(e) => (false, Reverse(e.depth)),
            None => (true, Reverse(0)),
        }
    }
}

/// Puts steps in the order their requests entered `main`: first-parent
/// merge order as `order` says, requests of one commit and those `order`
/// does not hold (not merged, or uncontested) after, each group in
/// request-id order (then path, for a duplicated id). The request id never
/// decides between two merged requests of different commits: the agency
/// chooses it.
pub fn fold_order(steps: &mut [Step<'_>], order: &MergeOrder) {
    steps.sort_by_cached_key(|s| (order.place(s.path), s.id, s.path));
    for step in steps.iter_mut() {
        step.merged_in = order.entered(step.path).and_then(|e| e.pull_request);
    }
}

/// What a step's place in the order can matter to: its id, and every name
/// it reads or writes, by confusable skeleton (L126 compares those).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Key {
    Id(RequestId),
    Name(String),
}

fn keys(step: &Step<'_>, domain: &str) -> Vec<Key> {
    let mut out = vec![Key::Id(step.id), Key::Name(step.name_key.clone())];
    out.extend(step.new_name_key.clone().map(Key::Name));
    let targets = step
        .cname_targets
        .iter()
        .filter_map(|t| zone_label(&t.value, domain));
    out.extend(targets.map(|n| Key::Name(skeleton(&n))));
    out
}

/// The request files whose place in the order can change the fold: those
/// sharing an id, a name (or a look-alike of one: the same skeleton) or a
/// CNAME target's name with another request, and, when the zone could
/// outgrow `dns.batas.bita_zona` in some order (L123 goes to the step that
/// takes it past), all of them. Every other request reads and writes only
/// what no other request touches, so the fold is the same wherever it
/// stands, and history needs to be read for these alone.
pub fn contested<'s>(steps: &[Step<'s>], config: &Config) -> BTreeSet<&'s str> {
    groups(steps, config)
        .into_iter()
        .flatten()
        .map(|i| steps[i].path)
        .collect()
}

/// The contested request files (see [`contested`]) split by whether their
/// order can change how the files of `focus` (a pull request's) are
/// judged: first those of the groups holding a file of `focus`, then the
/// rest. Requests of two groups share nothing, so the order within one
/// group never changes the fold of another.
pub fn contested_around<'s>(
    steps: &[Step<'s>],
    config: &Config,
    focus: &BTreeSet<String>,
) -> (BTreeSet<&'s str>, BTreeSet<&'s str>) {
    let (around, rest): (Vec<_>, Vec<_>) = groups(steps, config)
        .into_iter()
        .partition(|group| group.iter().any(|&i| focus.contains(steps[i].path)));
    let paths = |groups: Vec<Vec<usize>>| {
        groups
            .into_iter()
            .flatten()
            .map(|i| steps[i].path)
            .collect()
    };
    (paths(around), paths(rest))
}

/// The groups of steps (indices into `steps`) whose order among themselves
/// can change the fold: steps linked, directly or through others, by a
/// shared key; one group of every step when the zone could outgrow its
/// data limit in some order. Steps that share nothing are in no group.
fn groups(steps: &[Step<'_>], config: &Config) -> Vec<Vec<usize>> {
    let policy = &config.dns.value;
    let hosted: u64 = policy.hosted.iter().map(|s| data_bytes(s) as u64).sum();
    // The zone never holds more than the base and every step's records
    // (each name's data is what one step gave it).
    let most = base_bytes(policy)
        + steps
            .iter()
            .map(|s| match &s.records {
                Some(Records::Hosted) => hosted,
                Some(Records::Own(specs)) => specs.iter().map(|r| data_bytes(r) as u64).sum(),
                None => 0,
            })
            .sum::<u64>();
    if most > policy.limits().zone_bytes {
        return vec![(0..steps.len()).collect()];
    }
    let domain = config.institution.domain.as_str();
    // Union-find over the steps: each key joins the steps that hold it.
    let mut parent: Vec<usize> = (0..steps.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let mut first: HashMap<Key, usize> = HashMap::new();
    for (i, step) in steps.iter().enumerate() {
        for key in keys(step, domain) {
            let j = *first.entry(key).or_insert(i);
            let (a, b) = (root(&mut parent, i), root(&mut parent, j));
            parent[a.max(b)] = a.min(b);
        }
    }
    let mut by_root: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..steps.len() {
        let r = root(&mut parent, i);
        by_root.entry(r).or_default().push(i);
    }
    by_root.into_values().filter(|g| g.len() > 1).collect()
}

/// The request files of `requests` whose merge order matters (see
/// [`contested`]): what to ask history about.
pub fn contested_of<'a>(
    config: &Config,
    services: &[LoadedService],
    requests: impl IntoIterator<Item = &'a LoadedRequest>,
) -> BTreeSet<String> {
    let services = services_by_id(services);
    contested(&steps(requests, &services), config)
        .into_iter()
        .map(str::to_string)
        .collect()
}

/// [`contested_around`] over `requests`: the files to ask history about
/// for a pull request bringing `focus`, and those left unread.
pub fn contested_around_of<'a>(
    config: &Config,
    services: &[LoadedService],
    requests: impl IntoIterator<Item = &'a LoadedRequest>,
    focus: &BTreeSet<String>,
) -> (BTreeSet<String>, BTreeSet<String>) {
    let services = services_by_id(services);
    let steps = steps(requests, &services);
    let (around, rest) = contested_around(&steps, config, focus);
    let owned = |set: BTreeSet<&str>| set.into_iter().map(str::to_string).collect();
    (owned(around), owned(rest))
}

fn services_by_id(services: &[LoadedService]) -> BTreeMap<&str, &Service> {
    services
        .iter()
        .filter_map(|s| s.service.as_ref())
        .map(|s| (s.id.as_str(), s))
        .collect()
}

/// The registrations of an instance, folded in `order`, with the fold's
/// findings.
pub fn registrations(instance: &Instance, order: &MergeOrder) -> Fold {
    match &instance.config {
        Some(config) => registrations_of(config, &instance.services, &instance.requests, order),
        None => Fold::default(),
    }
}

/// The registrations that `requests` make under `config` and `services`,
/// folded in `order`.
pub fn registrations_of<'a>(
    config: &Config,
    services: &[LoadedService],
    requests: impl IntoIterator<Item = &'a LoadedRequest>,
    order: &MergeOrder,
) -> Fold {
    let services = services_by_id(services);
    let mut steps = steps(requests, &services);
    fold_order(&mut steps, order);
    fold(&steps, config)
}

/// The registry after folding, and each step's findings (by index).
#[derive(Debug, Default)]
pub struct Fold {
    /// Registrations by name.
    pub registrations: BTreeMap<String, Registration>,
    /// Findings, each with its step's index.
    pub findings: Vec<(usize, Diagnostic)>,
}

/// Folds `steps` (already in order) over an empty registry, under the
/// institution's domain and DNS policy: besides what each step does to the
/// registry, a new name must not look like another agency's (L126) and the
/// zone must stay within `dns.batas.bita_zona` (L123).
pub fn fold(steps: &[Step<'_>], config: &Config) -> Fold {
    let domain = config.institution.domain.as_str();
    let policy = &config.dns.value;
    let cap = policy.limits().zone_bytes;
    let hosted: u64 = policy.hosted.iter().map(|s| data_bytes(s) as u64).sum();
    let mut zone = ZoneSize {
        total: base_bytes(policy),
        names: BTreeMap::new(),
    };
    let mut skeletons = Skeletons::default();
    let institution = "Diskominfo (dns.nama_dicadangkan, dns.rekaman_dasar)";
    for held in policy
        .reserved
        .iter()
        .map(|r| r.value.as_str())
        .chain(policy.base.iter().map(|b| b.owner()))
        .filter(|n| *n != "@")
    {
        skeletons.hold(&held.to_ascii_lowercase(), institution);
    }
    let mut out = Fold::default();
    let mut ids: BTreeMap<RequestId, &str> = BTreeMap::new();
    // The pull request that merged each request, for L035 to name.
    let mut merged_in: HashMap<RequestId, u64> = HashMap::new();
    for step in steps {
        if let Some(other) = ids.get(&step.id) {
            let d = Diagnostic::error(Code::L015, step.path, crate::input::source::Span::START)
                .arg("id", step.id)
                .arg("other", other);
            out.findings.push((step.index, d));
            continue;
        }
        ids.insert(step.id, step.path);
        if let Some(pr) = step.merged_in {
            merged_in.insert(step.id, pr);
        }
        if let Some(d) = skeletons.lookalike(step, &out.registrations) {
            out.findings.push((step.index, d));
            continue;
        }
        let found = apply(&mut out.registrations, step, &merged_in);
        if found.is_empty() {
            let touched = std::iter::once((step.name, &step.name_key))
                .chain(step.new_name.zip(step.new_name_key.as_ref()))
                .map(|(n, key)| (n.value.to_ascii_lowercase(), key));
            let before = zone.total;
            for (name, key) in touched {
                let now = out.registrations.get(&name);
                skeletons.set(&name, key, now.is_some());
                zone.set(&name, now.map(|r| registration_bytes(r, hosted)));
            }
            if zone.total > before && zone.total > cap {
                let span = match &step.records {
                    Some(Records::Own(records)) if !records.is_empty() => records[0].span,
                    _ => step.name.span,
                };
                let d = Diagnostic::error(Code::L123, step.path, span)
                    .arg("size", zone.total)
                    .arg("limit", cap);
                out.findings.push((step.index, d));
            }
        }
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

/// Bytes of record data the zone holds whatever is registered: its name
/// servers and base records.
pub fn base_bytes(policy: &DnsPolicy) -> u64 {
    let ns = policy
        .name_servers
        .iter()
        .filter_map(|n| n.parse::<Name>().ok())
        .map(|n| Record::Ns(n).wire_len());
    let base = policy.base.iter().map(|b| bytes_of(b.kind.value, &b.data));
    ns.chain(base).map(|b| b as u64).sum()
}

/// Bytes of record data a registration puts in the zone; `hosted` is that
/// of the policy's `hosting_diskominfo` records.
fn registration_bytes(reg: &Registration, hosted: u64) -> u64 {
    match &reg.records {
        Records::Hosted => hosted,
        Records::Own(specs) => specs.iter().map(|s| data_bytes(s) as u64).sum(),
    }
}

/// The zone's record data as the fold goes: the total and each name's share.
struct ZoneSize {
    total: u64,
    names: BTreeMap<String, u64>,
}

impl ZoneSize {
    /// Sets the share of `name` (`None`: gone).
    fn set(&mut self, name: &str, bytes: Option<u64>) {
        let before = self.names.remove(name).unwrap_or(0);
        if let Some(b) = bytes {
            self.names.insert(name.to_string(), b);
        }
        self.total = self.total - before + bytes.unwrap_or(0);
    }
}

/// Registered names by confusable skeleton (see [`skeleton`]), and the
/// institution's own names (reserved, base records).
#[derive(Default)]
struct Skeletons {
    by_key: BTreeMap<String, Vec<String>>,
    of_name: BTreeMap<String, String>,
    institution: BTreeMap<String, (String, &'static str)>,
}

impl Skeletons {
    /// Records a name the institution keeps, held by `holder`.
    fn hold(&mut self, name: &str, holder: &'static str) {
        self.institution
            .entry(skeleton(name))
            .or_insert_with(|| (name.to_string(), holder));
    }

    /// Records that `name`, of skeleton `key`, is registered (`true`) or
    /// not.
    fn set(&mut self, name: &str, key: &str, registered: bool) {
        if let Some(key) = self.of_name.remove(name)
            && let Some(names) = self.by_key.get_mut(&key)
        {
            names.retain(|n| n != name);
        }
        if registered {
            self.by_key
                .entry(key.to_string())
                .or_default()
                .push(name.to_string());
            self.of_name.insert(name.to_string(), key.to_string());
        }
    }

    /// L126 when the name `step` brings into the registry (a creation, or
    /// a rename's new name) looks like a name another agency holds.
    fn lookalike(
        &self,
        step: &Step<'_>,
        registry: &BTreeMap<String, Registration>,
    ) -> Option<Diagnostic> {
        let (new, key) = match (step.kind, step.new_name, &step.new_name_key) {
            (RequestKind::Create, _, _) => (step.name, &step.name_key),
            (RequestKind::Change, Some(new), Some(key)) => (new, key),
            _ => return None,
        };
        let name = new.value.to_ascii_lowercase();
        if registry.contains_key(&name) {
            return None; // taken: L035 says so
        }
        let by_agency = self.by_key.get(key).and_then(|names| {
            names.iter().find_map(|other| {
                registry
                    .get(other)
                    .filter(|reg| reg.agency != step.agency)
                    .map(|reg| (reg.name.as_str(), reg.agency.as_str()))
            })
        });
        let by_institution = || {
            self.institution
                .get(key)
                .filter(|(other, _)| *other != name)
                .map(|(other, holder)| (other.as_str(), *holder))
        };
        let (other, holder) = by_agency.or_else(by_institution)?;
        Some(
            Diagnostic::error(Code::L126, step.path, new.span)
                .arg("name", shown(&name))
                .arg("other", other)
                .arg("holder", holder)
                .arg("skeleton", key),
        )
    }
}

/// `step` applied to the registry; `merged_in` says which pull request
/// merged each request before it, for L035 to name the holder's.
fn apply(
    registry: &mut BTreeMap<String, Registration>,
    step: &Step<'_>,
    merged_in: &HashMap<RequestId, u64>,
) -> Vec<Diagnostic> {
    let name = step.name.value.to_ascii_lowercase();
    let taken =
        |registry: &BTreeMap<String, Registration>, spanned: &Spanned<String>, name: &str| {
            registry.get(name).map(|held| {
                let request = match merged_in.get(&held.created_by) {
                    Some(pr) => format!("{}, pull request #{pr}", held.created_by),
                    None => held.created_by.to_string(),
                };
                Diagnostic::error(Code::L035, step.path, spanned.span)
                    .arg("name", name)
                    .arg("agency", &held.agency)
                    .arg("since", held.since.as_deref().unwrap_or("?"))
                    .arg("request", request)
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
                records: step.records.clone().unwrap_or(Records::Own(Vec::new())),
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
                if let Some(records) = &step.records {
                    reg.records = records.clone();
                }
                registry.insert(new_name, reg);
            }
        }
        (_, None) => {
            if let Some(reg) = registry.get_mut(&name) {
                reg.changed_by = step.id;
                if let Some(records) = &step.records {
                    reg.records = records.clone();
                }
            }
        }
    }
    Vec::new()
}

/// The label directly under `domain` that `target` names (`www.beta.<domain>.`
/// → `beta`), lower case; `None` outside the institution's zone.
fn zone_label(target: &str, domain: &str) -> Option<String> {
    let t = target.trim().trim_end_matches('.').to_ascii_lowercase();
    let label = t.strip_suffix(&format!(".{}", domain.to_ascii_lowercase()))?;
    Some(label.rsplit('.').next().unwrap_or(label).to_string())
}

/// A CNAME target inside the institution's zone must be a registered name.
fn dangling(
    registry: &BTreeMap<String, Registration>,
    target: &Spanned<String>,
    domain: &str,
    path: &str,
) -> Option<Diagnostic> {
    let first = zone_label(&target.value, domain)?;
    (!registry.contains_key(&first)).then(|| {
        Diagnostic::error(Code::L044, path, target.span)
            .arg("target", &target.value)
            .arg_words(
                "reason",
                "menunjuk nama di zona ini yang tidak terdaftar (dangling)",
                "points at a name in this zone that is not registered (dangling)",
            )
    })
}
