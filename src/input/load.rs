//! Files of an instance to model values, with every value's position.
//!
//! The one place that reads the instance from disk: `loket.yaml`, the
//! service standards under `site/layanan/` and the requests under
//! `requests/`. Every file is size-checked before it is read and parsed
//! with bounded depth and aliases, so a hostile file costs little. What
//! goes wrong with a single file is a [`Diagnostic`]; only a missing
//! instance or an unreadable directory is a [`LoadError`].

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::input::decode::{Cx, Decode};
use crate::input::diagnostic::{Code, Diagnostic};
use crate::input::source::{SourceFile, Span, Spanned};
use crate::input::yaml::{self, Node};
use crate::model::config::OfficeHoursSpec;
use crate::model::{Config, Request, RequestId, Service};
use crate::review::calendar::{self, Calendar, HolidayFile, OfficeHours};

/// The largest request file loket reads (1 MiB).
pub const MAX_REQUEST_BYTES: u64 = 1 << 20;
/// The largest `loket.yaml` or service standard loket reads (4 MiB).
pub const MAX_CONFIG_BYTES: u64 = 4 << 20;
/// The name of the instance's configuration file.
pub const CONFIG_FILE: &str = "loket.yaml";
/// Where service standards live, relative to the root.
pub const SERVICES_DIR: &str = "site/layanan";
/// Where requests live, relative to the root.
pub const REQUESTS_DIR: &str = "requests";
/// Where the complaints officers record outside GitHub live, relative to
/// the root (`pengaduan/<id>.yaml`).
pub const COMPLAINTS_DIR: &str = "pengaduan";
/// The attachments directory inside an agency's directory.
pub const ATTACHMENTS_DIR: &str = "lampiran";

/// Why an instance could not be loaded at all.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// No `loket.yaml` in the directory or any parent.
    #[error(
        "no loket.yaml in {0} or any parent directory: run loket inside an instance, or pass --root DIR"
    )]
    NoInstance(PathBuf),
    /// A directory of the instance could not be listed.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

/// A loaded instance: configuration, services and requests, plus the
/// findings that came up while reading them.
#[derive(Debug)]
pub struct Instance {
    /// The instance's root directory.
    pub root: PathBuf,
    /// `loket.yaml` as read.
    pub config_file: Option<SourceFile>,
    /// The configuration, when it decoded.
    pub config: Option<Config>,
    /// The service standards, in file-name order.
    pub services: Vec<LoadedService>,
    /// The requests, in path order.
    pub requests: Vec<LoadedRequest>,
    /// The complaints recorded under `pengaduan/`, in path order.
    pub complaints: Vec<LoadedComplaint>,
    /// Findings in `loket.yaml` and the service standards.
    pub findings: Vec<Diagnostic>,
}

/// One complaint recorded under `pengaduan/`.
#[derive(Debug)]
pub struct LoadedComplaint {
    /// The file.
    pub file: SourceFile,
    /// Its id: the file's stem (`2026-0001`).
    pub id: String,
    /// The parsed tree, when it parsed.
    pub tree: Option<Spanned<Node>>,
    /// The record, when it decoded.
    pub record: Option<crate::model::complaint::ComplaintRecord>,
    /// Findings while reading and decoding it.
    pub findings: Vec<Diagnostic>,
}

/// One service standard file.
#[derive(Debug)]
pub struct LoadedService {
    /// The file.
    pub file: SourceFile,
    /// The front matter, when it decoded.
    pub service: Option<Service>,
    /// The Markdown body after the front matter.
    pub body: String,
}

/// One request file.
#[derive(Debug)]
pub struct LoadedRequest {
    /// The file, when it could be read.
    pub file: SourceFile,
    /// What the file name says, when it follows the pattern.
    pub name: Option<RequestName>,
    /// The YAML tree, when it parsed.
    pub tree: Option<Spanned<Node>>,
    /// The request, when it decoded.
    pub request: Option<Request>,
    /// What loket found out about each attachment path the request names.
    pub attachments: BTreeMap<String, Attachment>,
    /// Findings made while reading.
    pub findings: Vec<Diagnostic>,
}

/// The parts of `requests/<agency>/<yyyy>-<nnnn>-<subdomain>.yaml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestName {
    /// The agency directory.
    pub agency: String,
    /// The request id.
    pub id: RequestId,
    /// The subdomain part.
    pub subdomain: String,
}

impl RequestName {
    /// Reads a relative `/`-separated path; `None` when it breaks the pattern.
    pub fn parse(path: &str) -> Option<RequestName> {
        let rest = path.strip_prefix("requests/")?;
        let (agency, file) = rest.split_once('/')?;
        let stem = file.strip_suffix(".yaml")?;
        if file.contains('/') || stem.len() < 11 || !stem.is_char_boundary(9) {
            return None;
        }
        let id = stem.get(..9)?.parse().ok()?;
        let subdomain = stem.get(9..)?.strip_prefix('-')?;
        (!subdomain.is_empty()).then(|| RequestName {
            agency: agency.to_string(),
            id,
            subdomain: subdomain.to_string(),
        })
    }
}

/// What the file system says about one attachment path of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attachment {
    /// The path leaves the agency's directory (`..`, absolute, symlink).
    Outside,
    /// Nothing (or no regular file) is there.
    Missing,
    /// A regular file inside the agency's directory.
    Present {
        /// Size in bytes.
        size: u64,
        /// Its first bytes, for the magic-number check.
        head: Vec<u8>,
    },
}

/// What sits at a path of a [`FileSource`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    /// A regular file of `size` bytes.
    File {
        /// Size in bytes.
        size: u64,
    },
    /// A directory.
    Dir,
    /// A symbolic link (never followed).
    Symlink,
    /// Anything else (device, socket, git submodule).
    Other,
}

/// Where an instance's files come from: a directory on disk ([`Disk`]) or
/// a tree in git (`crate::input::revision`). Paths are relative to the instance
/// root and `/`-separated; nothing is followed through a symbolic link.
pub trait FileSource: Sync {
    /// What is at `rel`.
    fn entry(&self, rel: &str) -> std::io::Result<EntryKind>;
    /// At most `max` bytes from the start of the regular file at `rel`.
    fn read(&self, rel: &str, max: u64) -> std::io::Result<Vec<u8>>;
    /// The entries of the directory `rel`, sorted by name. A file's size
    /// here may be 0 when it is costly to know: [`FileSource::entry`] tells.
    fn list(&self, rel: &str) -> std::io::Result<Vec<(String, EntryKind)>>;
    /// What is at `rel`, with the bytes of a regular file of at most `max`
    /// bytes: [`FileSource::entry`] then [`FileSource::read`], unless the
    /// source can do both at once.
    fn regular(&self, rel: &str, max: u64) -> std::io::Result<(EntryKind, Option<Vec<u8>>)> {
        let kind = self.entry(rel)?;
        match kind {
            EntryKind::File { size } if size <= max => Ok((kind, Some(self.read(rel, max + 1)?))),
            _ => Ok((kind, None)),
        }
    }
}

/// The instance as a directory on disk.
#[derive(Debug, Clone)]
pub struct Disk(pub PathBuf);

impl Disk {
    fn kind(meta: &fs::Metadata) -> EntryKind {
        let t = meta.file_type();
        if t.is_symlink() {
            EntryKind::Symlink
        } else if t.is_dir() {
            EntryKind::Dir
        } else if t.is_file() {
            EntryKind::File { size: meta.len() }
        } else {
            EntryKind::Other
        }
    }
}

impl FileSource for Disk {
    fn entry(&self, rel: &str) -> std::io::Result<EntryKind> {
        fs::symlink_metadata(self.0.join(rel)).map(|m| Disk::kind(&m))
    }

    /// One `open` that follows no symbolic link and waits on no FIFO, one
    /// `fstat` of what was opened, one `read`: a request file costs three
    /// system calls and one path lookup (10,000 of them in a check).
    #[cfg(unix)]
    fn regular(&self, rel: &str, max: u64) -> std::io::Result<(EntryKind, Option<Vec<u8>>)> {
        use std::os::unix::fs::OpenOptionsExt;
        let opened = fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
            .open(self.0.join(rel));
        let file = match opened {
            Ok(file) => file,
            // A symbolic link (ELOOP), a socket (ENXIO): not opened, but
            // still told apart from a file that cannot be read.
            Err(e) => {
                return match self.entry(rel) {
                    Ok(kind) if !matches!(kind, EntryKind::File { .. }) => Ok((kind, None)),
                    _ => Err(e),
                };
            }
        };
        let kind = Disk::kind(&file.metadata()?);
        let EntryKind::File { size } = kind else {
            return Ok((kind, None));
        };
        if size > max {
            return Ok((kind, None));
        }
        // The size seen is what is read, in one `read`.
        let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
        file.take(size).read_to_end(&mut bytes)?;
        Ok((kind, Some(bytes)))
    }

    fn read(&self, rel: &str, max: u64) -> std::io::Result<Vec<u8>> {
        // Room for a whole request up front: an empty buffer costs a
        // small probing read before the real one.
        let room = usize::try_from(max.min(16 * 1024)).unwrap_or(0);
        let mut bytes = Vec::with_capacity(room);
        fs::File::open(self.0.join(rel))?
            .take(max)
            .read_to_end(&mut bytes)?;
        Ok(bytes)
    }

    /// A file's size is 0 here: the directory entry's type costs no
    /// `stat`, and listing 10,000 requests would otherwise cost 10,000.
    fn list(&self, rel: &str) -> std::io::Result<Vec<(String, EntryKind)>> {
        let mut out = Vec::new();
        for entry in fs::read_dir(self.0.join(rel))? {
            let entry = entry?;
            let Ok(name) = entry.file_name().into_string() else {
                continue;
            };
            let t = entry.file_type()?;
            let kind = if t.is_symlink() {
                EntryKind::Symlink
            } else if t.is_dir() {
                EntryKind::Dir
            } else if t.is_file() {
                EntryKind::File { size: 0 }
            } else {
                EntryKind::Other
            };
            out.push((name, kind));
        }
        out.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(out)
    }
}

/// Finds the instance root: `start` or the nearest parent with `loket.yaml`.
pub fn find_root(start: &Path) -> Result<PathBuf, LoadError> {
    start
        .ancestors()
        .find(|dir| dir.join(CONFIG_FILE).is_file())
        .map(Path::to_path_buf)
        .ok_or_else(|| LoadError::NoInstance(start.to_path_buf()))
}

/// Loads the instance at `root`.
pub fn load(root: &Path) -> Result<Instance, LoadError> {
    load_from(root, &Disk(root.to_path_buf()))
}

/// Loads the instance whose files `files` gives; `root` names it (in
/// errors and [`Instance::root`]).
pub fn load_from(root: &Path, files: &dyn FileSource) -> Result<Instance, LoadError> {
    let mut instance = load_settings(root, files)?;
    let paths = request_paths(root, files)?;
    let probes = Probes::default();
    instance.requests = paths
        .par_iter()
        .map(|p| load_request_probed(files, p, &probes))
        .collect();
    instance.complaints = load_complaints(root, files)?;
    Ok(instance)
}

/// Loads `loket.yaml` and the service standards only (no requests).
pub fn load_settings(root: &Path, files: &dyn FileSource) -> Result<Instance, LoadError> {
    let mut findings = Vec::new();
    let (config_file, config) = match read_from(files, CONFIG_FILE, MAX_CONFIG_BYTES) {
        Ok(file) => {
            let config = parse_and_decode::<Config>(&file, &file.text, &mut findings);
            (Some(file), config)
        }
        Err(d) => {
            findings.push(d);
            (None, None)
        }
    };
    let services = load_services(root, files, &mut findings)?;
    Ok(Instance {
        root: root.to_path_buf(),
        config_file,
        config,
        services,
        requests: Vec::new(),
        complaints: Vec::new(),
        findings,
    })
}

/// Reads every `pengaduan/*.yaml`; an absent directory is no complaint.
fn load_complaints(root: &Path, files: &dyn FileSource) -> Result<Vec<LoadedComplaint>, LoadError> {
    if files.entry(COMPLAINTS_DIR).ok() != Some(EntryKind::Dir) {
        return Ok(Vec::new());
    }
    let mut names: Vec<String> = files
        .list(COMPLAINTS_DIR)
        .map_err(|source| LoadError::Io {
            path: root.join(COMPLAINTS_DIR),
            source,
        })?
        .into_iter()
        .map(|(name, _)| name)
        .filter(|name| name.ends_with(".yaml"))
        .collect();
    names.sort();
    Ok(names
        .into_iter()
        .map(|name| {
            let path = format!("{COMPLAINTS_DIR}/{name}");
            let id = name.trim_end_matches(".yaml").to_string();
            let mut findings = Vec::new();
            let (file, tree) = match read_from(files, &path, MAX_REQUEST_BYTES) {
                Ok(file) => {
                    let tree = parse(&file, &file.text, &mut findings);
                    (file, tree)
                }
                Err(d) => {
                    findings.push(d);
                    (SourceFile::new(path.as_str(), ""), None)
                }
            };
            let record = tree.as_ref().and_then(|tree| {
                let mut cx = Cx::new(path.as_str());
                let record = Decode::decode(tree, &mut cx);
                findings.extend(cx.diagnostics);
                record
            });
            LoadedComplaint {
                file,
                id,
                tree,
                record,
                findings,
            }
        })
        .collect())
}

fn load_services(
    root: &Path,
    files: &dyn FileSource,
    findings: &mut Vec<Diagnostic>,
) -> Result<Vec<LoadedService>, LoadError> {
    if files.entry(SERVICES_DIR).ok() != Some(EntryKind::Dir) {
        return Ok(Vec::new());
    }
    let paths: Vec<String> = files
        .list(SERVICES_DIR)
        .map_err(|source| LoadError::Io {
            path: root.join(SERVICES_DIR),
            source,
        })?
        .into_iter()
        .filter(|(name, _)| name.ends_with(".md"))
        .map(|(name, _)| format!("{SERVICES_DIR}/{name}"))
        .collect();
    let mut services = Vec::new();
    for path in paths {
        let file = match read_from(files, &path, MAX_CONFIG_BYTES) {
            Ok(file) => file,
            Err(d) => {
                findings.push(d);
                continue;
            }
        };
        let Some((front, body)) = split_front_matter(&file.text) else {
            findings.push(Diagnostic::error(Code::L009, &file.path, Span::START));
            services.push(LoadedService {
                file,
                service: None,
                body: String::new(),
            });
            continue;
        };
        let service = parse_and_decode::<Service>(&file, &front, findings);
        services.push(LoadedService {
            file,
            service,
            body,
        });
    }
    Ok(services)
}

/// Splits `---` front matter from a Markdown text. The front matter comes
/// back with a blank first line in place of the opening `---`, so YAML line
/// numbers equal file line numbers.
pub fn split_front_matter(text: &str) -> Option<(String, String)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_end = text.find('\n')?;
    if text[..first_end].trim_end() != "---" {
        return None;
    }
    let mut offset = first_end + 1;
    for line in text[offset..].split_inclusive('\n') {
        if line.trim_end() == "---" {
            let front = format!("\n{}", &text[first_end + 1..offset]);
            let body = text[offset + line.len()..].to_string();
            return Some((front, body));
        }
        offset += line.len();
    }
    None
}

/// The paths of the files under `requests/` named like requests, sorted.
pub fn request_paths(root: &Path, files: &dyn FileSource) -> Result<Vec<String>, LoadError> {
    if files.entry(REQUESTS_DIR).ok() != Some(EntryKind::Dir) {
        return Ok(Vec::new());
    }
    // Files named like requests at depths 1 to 3 below requests/, without
    // entering links or the agencies' lampiran/ directories.
    let mut paths = Vec::new();
    let mut dirs = vec![(REQUESTS_DIR.to_string(), 1)];
    while let Some((dir, depth)) = dirs.pop() {
        let entries = files.list(&dir).map_err(|source| LoadError::Io {
            path: root.join(&dir),
            source,
        })?;
        for (name, kind) in entries.into_iter().rev() {
            let rel = format!("{dir}/{name}");
            if kind == EntryKind::Dir && depth < 3 && !(depth == 2 && name == ATTACHMENTS_DIR) {
                dirs.push((rel.clone(), depth + 1));
            }
            if name.ends_with(".yaml") || name.ends_with(".yml") {
                paths.push(rel);
            }
        }
    }
    paths.sort();
    Ok(paths)
}

/// What was found at each attachment path already probed while loading
/// one instance: an agency's requests mostly share a few letters, so
/// 10,000 requests probe about as many files as there are agencies.
#[derive(Default)]
struct Probes(Mutex<HashMap<String, Attachment>>);

impl Probes {
    fn probe(&self, files: &dyn FileSource, agency_dir: &str, value: &str) -> Attachment {
        let key = format!("{agency_dir}/{value}");
        if let Some(found) = self.0.lock().ok().and_then(|m| m.get(&key).cloned()) {
            return found;
        }
        let found = probe_attachment(files, agency_dir, value);
        if let Ok(mut m) = self.0.lock() {
            m.insert(key, found.clone());
        }
        found
    }
}

/// Reads, parses and decodes one request file, and probes its attachments.
pub fn load_request(files: &dyn FileSource, path: &str) -> LoadedRequest {
    load_request_probed(files, path, &Probes::default())
}

fn load_request_probed(files: &dyn FileSource, path: &str, probes: &Probes) -> LoadedRequest {
    let mut findings = Vec::new();
    let name = RequestName::parse(path);
    if name.is_none() {
        findings.push(Diagnostic::error(Code::L008, path, Span::START).arg("path", path));
    }
    let mut loaded = LoadedRequest {
        file: SourceFile::new(path, ""),
        name,
        tree: None,
        request: None,
        attachments: BTreeMap::new(),
        findings,
    };
    match read_from(files, path, MAX_REQUEST_BYTES) {
        Ok(file) => loaded.file = file,
        Err(d) => {
            loaded.findings.push(d);
            return loaded;
        }
    }
    let Some(tree) = parse(&loaded.file, &loaded.file.text, &mut loaded.findings) else {
        return loaded;
    };
    let mut cx = Cx::new(path);
    loaded.request = Request::decode(&tree, &mut cx);
    loaded.findings.extend(cx.diagnostics);
    loaded.tree = Some(tree);
    if let (Some(request), Some(name)) = (&loaded.request, &loaded.name) {
        let agency_dir = format!("{REQUESTS_DIR}/{}", name.agency);
        let paths = request
            .attachments
            .0
            .iter()
            .map(|(_, v)| v.value.clone())
            .chain(
                request
                    .letter
                    .iter()
                    .filter_map(|l| l.file.as_ref().map(|f| f.value.clone())),
            );
        for p in paths {
            let facts = probes.probe(files, &agency_dir, &p);
            loaded.attachments.insert(p, facts);
        }
    }
    loaded
}

/// Looks at an attachment path relative to an agency directory without
/// following it anywhere: `..`, absolute paths and symbolic links (which
/// could point out of the repository) all count as outside.
fn probe_attachment(files: &dyn FileSource, agency_dir: &str, value: &str) -> Attachment {
    let rel = Path::new(value);
    let escapes = rel
        .components()
        .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir));
    if value.is_empty() || escapes || value.contains('\\') {
        return Attachment::Outside;
    }
    let mut path = agency_dir.to_string();
    let mut kind = None;
    for component in value.split('/').filter(|c| !c.is_empty() && *c != ".") {
        path.push('/');
        path.push_str(component);
        match files.entry(&path) {
            Ok(EntryKind::Symlink) => return Attachment::Outside,
            Ok(k) => kind = Some(k),
            Err(_) => return Attachment::Missing,
        }
    }
    let Some(EntryKind::File { size }) = kind else {
        return Attachment::Missing;
    };
    Attachment::Present {
        size,
        head: files.read(&path, 8).unwrap_or_default(),
    }
}

/// Reads `rel` under `root` as UTF-8 text of at most `limit` bytes
/// (see [`read_from`]).
pub fn read_source(root: &Path, rel: &str, limit: u64) -> Result<SourceFile, Diagnostic> {
    read_from(&Disk(root.to_path_buf()), rel, limit)
}

/// Reads `rel` from `files` as UTF-8 text of at most `limit` bytes.
///
/// Refuses what is not a regular file (a directory or a symlink named like
/// a file), what is too large (before reading it), what is empty and what
/// is not UTF-8, each with its own code.
pub fn read_from(files: &dyn FileSource, rel: &str, limit: u64) -> Result<SourceFile, Diagnostic> {
    let at = |code| Diagnostic::error(code, rel, Span::START);
    let (entry, bytes) = files
        .regular(rel, limit)
        .map_err(|e| at(Code::L001).arg("reason", e))?;
    let kind = match entry {
        EntryKind::Dir => Some(("direktori", "a directory")),
        EntryKind::Symlink => Some(("tautan simbolik", "a symbolic link")),
        EntryKind::Other => Some(("berkas khusus", "a special file")),
        EntryKind::File { .. } => None,
    };
    if let Some((id, en)) = kind {
        return Err(at(Code::L007).arg("path", rel).arg_words("kind", id, en));
    }
    if let EntryKind::File { size } = entry
        && size > limit
    {
        return Err(at(Code::L003).arg("size", size).arg("limit", limit));
    }
    let bytes = bytes.unwrap_or_default();
    if bytes.len() as u64 > limit {
        return Err(at(Code::L003).arg("size", bytes.len()).arg("limit", limit));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let prefix = &e.as_bytes()[..offset];
        let line = prefix.iter().filter(|b| **b == b'\n').count() as u32 + 1;
        let column = String::from_utf8_lossy(prefix)
            .rsplit('\n')
            .next()
            .map_or(0, |l| l.chars().count()) as u32
            + 1;
        Diagnostic::error(Code::L002, rel, Span::new(line, column)).arg("offset", offset)
    })?;
    if text.trim_start_matches('\u{feff}').trim().is_empty() {
        return Err(at(Code::L006));
    }
    Ok(SourceFile::new(rel, text))
}

fn parse(file: &SourceFile, text: &str, findings: &mut Vec<Diagnostic>) -> Option<Spanned<Node>> {
    match yaml::parse(text) {
        Ok(tree) => Some(tree),
        Err(e) => {
            let code = if e.limit { Code::L005 } else { Code::L004 };
            findings.push(Diagnostic::error(code, &file.path, e.span).arg("reason", e.message));
            None
        }
    }
}

fn parse_and_decode<T: Decode>(
    file: &SourceFile,
    text: &str,
    findings: &mut Vec<Diagnostic>,
) -> Option<T> {
    let tree = parse(file, text, findings)?;
    let mut cx = Cx::new(&file.path);
    let value = T::decode(&tree, &mut cx);
    findings.extend(cx.diagnostics);
    value
}

impl Instance {
    /// The service standards that decoded, in file-name order.
    pub fn services(&self) -> impl Iterator<Item = &Service> + Clone {
        self.services.iter().filter_map(|s| s.service.as_ref())
    }

    /// The service with id `id`.
    pub fn service(&self, id: &str) -> Option<&Service> {
        self.services().find(|s| s.id.as_str() == id)
    }

    /// The request file at `path` (relative to the root), when it is in
    /// the work tree.
    pub fn request_at(&self, path: &str) -> Option<&LoadedRequest> {
        self.requests.iter().find(|r| r.file.path == path)
    }

    /// The files among `paths` that were read, for quoting in reports.
    pub fn sources<'a>(
        &self,
        paths: impl IntoIterator<Item = &'a str>,
    ) -> BTreeMap<String, SourceFile> {
        let wanted: std::collections::BTreeSet<&str> = paths.into_iter().collect();
        self.config_file
            .iter()
            .chain(self.services.iter().map(|s| &s.file))
            .chain(self.requests.iter().map(|r| &r.file))
            .filter(|f| wanted.contains(f.path.as_str()))
            .map(|f| (f.path.clone(), f.clone()))
            .collect()
    }
}

/// The institution's calendar: shipped holidays, then `kalender.yaml` when
/// the instance has one, in the time zone and office hours of `loket.yaml`.
pub fn load_calendar(root: &Path, config: Option<&Config>) -> (Calendar, Vec<Diagnostic>) {
    let mut findings = Vec::new();
    let shipped = decode_text::<HolidayFile>(
        &SourceFile::new("data/hari-libur.yaml", calendar::SHIPPED),
        &mut findings,
    );
    let local = match root.join(calendar::OVERRIDE_FILE).exists() {
        true => read_source(root, calendar::OVERRIDE_FILE, MAX_CONFIG_BYTES)
            .map_err(|d| findings.push(d))
            .ok()
            .and_then(|file| decode_text::<HolidayFile>(&file, &mut findings)),
        false => None,
    };
    let tz = config
        .and_then(|c| c.institution.time_zone.parse().ok())
        .unwrap_or(chrono_tz::Asia::Jakarta);
    let hours = config
        .and_then(|c| c.institution.office_hours.as_ref())
        .and_then(|h| office_hours(h, &mut findings))
        .unwrap_or_default();
    let mut files: Vec<(&str, &HolidayFile)> = Vec::new();
    files.extend(shipped.as_ref().map(|f| ("data/hari-libur.yaml", f)));
    files.extend(local.as_ref().map(|f| (calendar::OVERRIDE_FILE, f)));
    let (cal, more) = calendar::build(tz, hours, &files);
    findings.extend(more);
    (cal, findings)
}

fn office_hours(
    spec: &Spanned<OfficeHoursSpec>,
    findings: &mut Vec<Diagnostic>,
) -> Option<OfficeHours> {
    let mut time = |value: &Spanned<String>| {
        let parsed = chrono::NaiveTime::parse_from_str(value.trim(), "%H:%M").ok();
        if parsed.is_none() {
            findings.push(
                Diagnostic::error(Code::L013, CONFIG_FILE, value.span)
                    .arg("key", "instansi.jam_kerja")
                    .arg("value", &value.value)
                    .arg("expected", "HH:MM"),
            );
        }
        parsed
    };
    let (start, end) = (time(&spec.start), time(&spec.end));
    Some(OfficeHours {
        start: start?,
        end: end?,
    })
}

fn decode_text<T: Decode>(file: &SourceFile, findings: &mut Vec<Diagnostic>) -> Option<T> {
    parse_and_decode(file, &file.text, findings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_names() {
        let n = RequestName::parse("requests/dinas-x/2026-0007-sekolah.yaml").unwrap();
        assert_eq!(n.agency, "dinas-x");
        assert_eq!(n.id.to_string(), "2026-0007");
        assert_eq!(n.subdomain, "sekolah");
        for bad in [
            "requests/x.yaml",
            "requests/a/2026-7-x.yaml",
            "requests/a/2026-0001-.yaml",
            "requests/a/2026-0001-x.yml",
            "requests/a/b/2026-0001-x.yaml",
            "requests/a/2026-0001x.yaml",
        ] {
            assert_eq!(RequestName::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn an_unreadable_file_is_l001() {
        let dir = std::env::temp_dir();
        let d = read_source(&dir, "loket-no-such-file.yaml", 10).unwrap_err();
        assert_eq!((d.code, d.span), (Code::L001, Span::START));
        assert!(
            d.arg_value("reason")
                .is_some_and(|r| r.contains("No such file")),
            "{d:?}"
        );
    }

    #[test]
    fn front_matter_keeps_line_numbers() {
        let (front, body) = split_front_matter("---\nid: a\n---\n# Judul\n").unwrap();
        assert_eq!(front, "\nid: a\n");
        assert_eq!(body, "# Judul\n");
        assert!(split_front_matter("# no front matter\n").is_none());
        assert!(split_front_matter("---\nid: a\n").is_none());
    }
}
