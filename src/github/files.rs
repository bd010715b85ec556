//! An instance's `.github/`: its workflows, the scripts they call, issue
//! forms, pull request template, CODEOWNERS and dependabot configuration,
//! rendered from the templates embedded from `templates/github/` for one
//! instance's `loket.yaml` and services. Files named `*.tera` are filled
//! from a [`GithubView`]; the others (workflows, scripts) are copied as
//! they are. The last file, [`MANIFEST`], records the SHA-256 of every
//! other as written, so a later run tells a file loket wrote and nobody
//! touched (stale: safe to rewrite) from one edited by hand ([`drift`]).
//! Pure: the caller loads the instance, reads and writes the files.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::input::diagnostic::{Code, Diagnostic};
use crate::input::source::Span;

use crate::model::config::Config;
use crate::model::service::Service;

/// Every embedded template: path under `templates/github/` and its bytes.
const TEMPLATES: &[(&str, &[u8])] = include!(concat!(env!("OUT_DIR"), "/github_templates.rs"));

/// Generated files: path relative to the instance root, and content.
pub type Files = Vec<(String, Vec<u8>)>;

/// The directory the files are written to, relative to the instance root.
pub const DIR: &str = ".github";

/// Files under `.github/` that are this project's own, not an instance's:
/// the generator never writes them and the comparison ignores them.
pub const NOT_GENERATED: &[&str] = &[".github/workflows/ci.yml", ".github/workflows/release.yml"];

/// The generated file listing the SHA-256 of every other generated file as
/// loket wrote it (`sha256sum` format), so a hand edit shows.
pub const MANIFEST: &str = ".github/loket-generated.sha256";

/// Why the files could not be rendered (a broken embedded template: a bug
/// in loket, not in the instance).
#[derive(Debug, thiserror::Error)]
pub enum GithubFilesError {
    /// A template failed to compile or render.
    #[error("the embedded template {name} cannot be rendered: {message}; report it as a loket bug")]
    Template {
        /// The template's path under `templates/github/`.
        name: String,
        /// What tera said.
        message: String,
    },
}

/// What the templates are filled with, built from the instance.
#[derive(Debug, Clone, Serialize)]
pub struct GithubView {
    site_url: String,
    complaint_description: String,
    officers: Vec<String>,
    agencies: Vec<AgencyView>,
    agencies_text: String,
    services: Vec<String>,
    service_ids: Vec<String>,
    complaint_kinds: Vec<String>,
    channels_text: String,
    elements: Vec<&'static str>,
    cargo: bool,
}

/// One agency, for CODEOWNERS and the issue forms.
#[derive(Debug, Clone, Serialize)]
struct AgencyView {
    id: String,
    owners: Vec<String>,
}

impl GithubView {
    /// The view of an instance with `config` and `services` (in file-name
    /// order); `cargo` when the instance is also a Rust project (has a
    /// `Cargo.toml`), whose dependencies dependabot then watches too.
    pub fn new(config: &Config, services: &[&Service], cargo: bool) -> GithubView {
        let inst = &config.institution.value;
        let site_url = inst
            .website
            .as_ref()
            .map(|w| w.value.clone())
            .unwrap_or_else(|| format!("https://{}", inst.domain.value));
        let short = inst
            .short_name
            .as_ref()
            .map(|s| s.value.clone())
            .unwrap_or_else(|| inst.name.value.clone());
        let officers: Vec<String> = config
            .officers
            .iter()
            .map(|o| format!("@{}", o.value.github.value))
            .collect();
        let agencies = config
            .agencies
            .iter()
            .map(|a| {
                let mut owners: Vec<String> = a
                    .value
                    .operators
                    .iter()
                    .map(|h| format!("@{}", h.value))
                    .collect();
                for o in &officers {
                    if !owners.contains(o) {
                        owners.push(o.clone());
                    }
                }
                AgencyView {
                    id: a.value.id.value.to_string(),
                    owners,
                }
            })
            .collect();
        let agencies_text = format!(
            "Id perangkat daerah seperti tertulis di loket.yaml: {}.",
            config
                .agencies
                .iter()
                .map(|a| format!("{} ({})", a.value.id.value, a.value.name.value))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let channels: Vec<String> = config
            .channels
            .iter()
            .map(|c| {
                let c = &c.value;
                let how = [&c.link, &c.email, &c.phone]
                    .into_iter()
                    .flatten()
                    .map(|s| s.value.clone())
                    .next();
                match how {
                    Some(how) => format!("{} ({how})", c.name.value),
                    None => c.name.value.clone(),
                }
            })
            .collect();
        let channels_text = if channels.is_empty() {
            "Jangan menulis data pribadi di sini.\n".to_string()
        } else {
            format!(
                "Pengaduan juga dapat disampaikan melalui {}.\nJangan menulis data pribadi di sini.\n",
                channels.join(", ")
            )
        };
        GithubView {
            site_url,
            complaint_description: format!(
                "Sampaikan pengaduan, saran atau masukan atas layanan {short}."
            ),
            officers,
            agencies,
            agencies_text,
            services: services
                .iter()
                .map(|s| format!("{} — {}", s.id.value, s.title.value))
                .collect(),
            service_ids: services.iter().map(|s| s.id.value.to_string()).collect(),
            complaint_kinds: config
                .complaint_kinds
                .iter()
                .map(|k| k.value.name.value.clone())
                .collect(),
            channels_text,
            elements: crate::skm::ELEMENTS.to_vec(),
            cargo,
        }
    }
}

/// Every file of the instance's `.github/`: path relative to the instance
/// root and content, in path order.
pub fn files(view: &GithubView) -> Result<Files, GithubFilesError> {
    let context = tera::Context::from_serialize(view).map_err(|e| GithubFilesError::Template {
        name: "(view)".into(),
        message: e.to_string(),
    })?;
    let mut out = Vec::new();
    for (name, bytes) in TEMPLATES {
        let bad = |e: &dyn std::fmt::Display| GithubFilesError::Template {
            name: name.to_string(),
            message: e.to_string(),
        };
        match name.strip_suffix(".tera") {
            Some(target) => {
                let text = std::str::from_utf8(bytes).map_err(|e| bad(&e))?;
                let rendered = tera::Tera::one_off(text, &context, false)
                    .map_err(|e| bad(&tera_message(&e)))?;
                out.push((format!("{DIR}/{target}"), rendered.into_bytes()));
            }
            None => out.push((format!("{DIR}/{name}"), bytes.to_vec())),
        }
    }
    out.sort();
    let manifest = manifest(&out);
    out.push((MANIFEST.to_string(), manifest));
    Ok(out)
}

/// The text of [`MANIFEST`] for `files`: a comment, then `SHA256  PATH`
/// per file.
fn manifest(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut text = String::from(
        "# SHA-256 of each file as `loket init` wrote it; a file whose hash differs\n# was edited by hand, and `loket init --refresh` keeps it unless --force.\n",
    );
    for (path, bytes) in files {
        text.push_str(&format!("{}  {path}\n", crate::pin::Sha256::of(bytes)));
    }
    text.into_bytes()
}

/// How a generated file on disk compares with what loket writes now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Drift {
    /// Not on disk.
    Missing,
    /// Differs from line `line` on, and is what loket wrote before
    /// (the manifest's hash): rewriting it loses nothing.
    Stale {
        /// The first line (1-based) that differs.
        line: u32,
    },
    /// Differs from line `line` on, and is not what loket wrote (or no
    /// manifest says what it wrote): someone edited it.
    HandEdited {
        /// The first line (1-based) that differs.
        line: u32,
    },
}

/// Every generated file (but [`MANIFEST`]) that is not what `expected`
/// holds: `on_disk` has the bytes of those present, keyed by path.
pub fn drift(
    expected: &[(String, Vec<u8>)],
    on_disk: &BTreeMap<String, Vec<u8>>,
) -> Vec<(String, Drift)> {
    let recorded: BTreeMap<&str, &str> = on_disk
        .get(MANIFEST)
        .and_then(|m| std::str::from_utf8(m).ok())
        .map(|m| {
            m.lines()
                .filter(|l| !l.starts_with('#'))
                .filter_map(|l| l.split_once("  "))
                .map(|(sha, path)| (path, sha))
                .collect()
        })
        .unwrap_or_default();
    expected
        .iter()
        .filter(|(path, _)| path != MANIFEST)
        .filter_map(|(path, want)| {
            let drift = match on_disk.get(path) {
                None => Drift::Missing,
                Some(have) if have == want => return None,
                Some(have) => {
                    let line = first_difference(have, want);
                    let sha = crate::pin::Sha256::of(have).to_string();
                    if recorded.get(path.as_str()) == Some(&sha.as_str()) {
                        Drift::Stale { line }
                    } else {
                        Drift::HandEdited { line }
                    }
                }
            };
            Some((path.clone(), drift))
        })
        .collect()
}

/// The first line (1-based) at which `a` and `b` differ.
fn first_difference(a: &[u8], b: &[u8]) -> u32 {
    let same = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    a[..same].iter().filter(|&&c| c == b'\n').count() as u32 + 1
}

/// Whether the file at `path` (as [`files`] names it) is a program.
pub fn is_executable(path: &str) -> bool {
    path.starts_with(".github/scripts/")
}

/// A tera error with its causes.
fn tera_message(e: &tera::Error) -> String {
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    message
}

/// The findings of `loket check` for `drift`, made by loket `version`:
/// L155 missing, L153 stale, L154 edited by hand, each at the first line
/// that differs.
pub fn drift_findings(drift: &[(String, Drift)], version: &str) -> Vec<Diagnostic> {
    drift
        .iter()
        .map(|(path, d)| {
            let (code, line) = match d {
                Drift::Missing => (Code::L155, 1),
                Drift::Stale { line } => (Code::L153, *line),
                Drift::HandEdited { line } => (Code::L154, *line),
            };
            Diagnostic::error(code, path.clone(), Span::new(line, 1))
                .warning()
                .arg("version", version)
                .arg("manifest", MANIFEST)
        })
        .collect()
}

/// What the repository's settings must say for the generated workflows to
/// guard the default branch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Protection {
    /// The status checks to require, named as GitHub shows them (the jobs'
    /// `name:`): every job of a workflow that runs in the merge queue and
    /// runs on every event.
    pub required_checks: Vec<String>,
    /// The secrets the workflows read, sorted.
    pub secrets: Vec<String>,
}

impl Protection {
    /// The settings checklist and the `gh api` call of `loket init
    /// --protection`, for `repository` (OWNER/NAME when unknown).
    pub fn checklist(&self, repository: Option<&str>) -> String {
        let checks = self
            .required_checks
            .iter()
            .map(|c| format!("`{c}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let repo = repository.unwrap_or("OWNER/NAME");
        let mut out = format!(
            "Branch protection of the default branch (Settings > Branches > Add rule):
- [ ] Require a pull request before merging; required approvals: 0 (officers approve with stage labels, which `loket gate` checks)
- [ ] Require status checks to pass before merging: {checks} (exactly these names)
- [ ] Require branches to be up to date before merging, or require a merge queue
- [ ] Do not allow bypassing the above settings; block force pushes and deletions
- [ ] Write access for officers only; agencies open pull requests from forks
Repository settings:
- [ ] Actions > General > Workflow permissions: read repository contents and packages
- [ ] Pages > Build and deployment > Source: GitHub Actions
- [ ] Labels: `loket labels sync --repo {repo}` with a token that may write issues
Secrets the workflows read (Settings > Secrets and variables > Actions; each is optional, the step it feeds is skipped without it):
"
        );
        for secret in &self.secrets {
            out.push_str(&format!("- [ ] {secret}\n"));
        }
        let body = serde_json::json!({
            "required_status_checks": {
                "strict": true,
                "checks": self.required_checks.iter().map(|c| serde_json::json!({"context": c})).collect::<Vec<_>>(),
            },
            "enforce_admins": true,
            "required_pull_request_reviews": {"required_approving_review_count": 0},
            "restrictions": null,
            "allow_force_pushes": false,
            "allow_deletions": false,
        });
        out.push_str(&format!(
            "Apply the branch protection with the GitHub CLI (a token that may administer the repository):
gh api --method PUT repos/{}/branches/main/protection --input - <<'JSON'
{body:#}
JSON
",
            repo,
        ));
        out
    }
}

/// The [`Protection`] the workflows among `files` need.
pub fn protection(files: &[(String, Vec<u8>)]) -> Protection {
    let mut required_checks = Vec::new();
    let mut secrets = std::collections::BTreeSet::new();
    for (path, bytes) in files {
        if !path.starts_with(".github/workflows/") {
            continue;
        }
        let Ok(text) = std::str::from_utf8(bytes) else {
            continue;
        };
        for (i, _) in text.match_indices("secrets.") {
            let name: String = text[i + "secrets.".len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() && name != "GITHUB_TOKEN" {
                secrets.insert(name);
            }
        }
        let Ok(wf) = serde_saphyr::from_str::<serde_json::Value>(text) else {
            continue;
        };
        if wf["on"].get("merge_group").is_none() {
            continue;
        }
        for job in wf["jobs"].as_object().into_iter().flat_map(|j| j.values()) {
            let always = job["if"]
                .as_str()
                .is_none_or(|c| c.contains("!cancelled()"));
            if let (true, Some(name)) = (always, job["name"].as_str()) {
                required_checks.push(name.to_string());
            }
        }
    }
    required_checks.sort();
    Protection {
        required_checks,
        secrets: secrets.into_iter().collect(),
    }
}
