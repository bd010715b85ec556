//! Serving a built site on 127.0.0.1 from memory, with the content type of
//! each file, and a version endpoint the pages poll to reload themselves
//! after a rebuild, and the [`fingerprint`] of the inputs that says when
//! to rebuild. Knows nothing of how the site is built: the caller swaps in
//! new files with [`Served::replace`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::SystemTime;

/// The path pages poll; its body is the build number.
pub(crate) const VERSION_PATH: &str = "/__loket/version";
/// The reload script's path.
pub(crate) const RELOAD_PATH: &str = "/__loket/reload.js";

const RELOAD_JS: &str = "(function(){var v=null;function poll(){fetch('/__loket/version',{cache:'no-store'}).then(function(r){return r.text()}).then(function(t){if(v!==null&&t!==v){location.reload()}v=t}).catch(function(){}).finally(function(){setTimeout(poll,1000)})}poll()})();\n";

/// The site being served, replaced whole after each rebuild.
#[derive(Debug, Default)]
pub(crate) struct Served {
    files: RwLock<Arc<BTreeMap<String, Vec<u8>>>>,
    version: AtomicU64,
    /// Pages are served as built, without the reload script.
    plain: bool,
}

impl Served {
    /// A site served as built: HTML gets no reload script (for printing).
    pub(crate) fn without_reload() -> Served {
        Served {
            plain: true,
            ..Served::default()
        }
    }

    /// Swaps in a new build.
    pub(crate) fn replace(&self, files: BTreeMap<String, Vec<u8>>) {
        if let Ok(mut f) = self.files.write() {
            *f = Arc::new(files);
        }
        self.version.fetch_add(1, Ordering::SeqCst);
    }

    /// How long a browser may keep what it was served: nothing while
    /// pages reload after rebuilds; while printing, nothing changes until
    /// the server stops, so the stylesheet is fetched once per tab, not
    /// once per page.
    pub(crate) fn caching(&self) -> &'static str {
        if self.plain {
            "max-age=3600"
        } else {
            "no-cache"
        }
    }

    /// Status, content type and body for a request path.
    pub(crate) fn respond(&self, url: &str) -> (u16, &'static str, Vec<u8>) {
        let path = url.split(['?', '#']).next().unwrap_or("/");
        if path == VERSION_PATH {
            let v = self.version.load(Ordering::SeqCst).to_string();
            return (200, "text/plain; charset=utf-8", v.into_bytes());
        }
        if path == RELOAD_PATH {
            return (200, "text/javascript; charset=utf-8", RELOAD_JS.into());
        }
        let files = self
            .files
            .read()
            .map(|f| Arc::clone(&f))
            .unwrap_or_default();
        let rel = percent_decode(path.trim_start_matches('/'));
        let candidates = if rel.is_empty() || rel.ends_with('/') {
            vec![format!("{rel}index.html")]
        } else {
            vec![rel.clone(), format!("{rel}/index.html")]
        };
        for c in candidates {
            if c.split('/').any(|part| part == "..") {
                break;
            }
            if let Some(body) = files.get(&c) {
                let body = if self.plain {
                    body.clone()
                } else {
                    with_reload(&c, body)
                };
                return (200, content_type(&c), body);
            }
        }
        let lang_404 = if rel.starts_with("en/") {
            "en/404.html"
        } else {
            "404.html"
        };
        let body = files
            .get(lang_404)
            .map_or_else(|| b"404".to_vec(), |b| with_reload(lang_404, b));
        (404, "text/html; charset=utf-8", body)
    }
}

fn with_reload(path: &str, body: &[u8]) -> Vec<u8> {
    if !path.ends_with(".html") {
        return body.to_vec();
    }
    let tag = format!("<script src=\"{RELOAD_PATH}\"></script></body>");
    let text = String::from_utf8_lossy(body);
    match text.rfind("</body>") {
        Some(i) => format!("{}{tag}{}", &text[..i], &text[i + "</body>".len()..]).into_bytes(),
        None => body.to_vec(),
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The content type of a file, by extension.
pub(crate) fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" if path.ends_with("feed.xml") => "application/atom+xml",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "txt" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// Serves `served` on `server` until the process ends.
pub(crate) fn run(server: &tiny_http::Server, served: &Served) {
    for request in server.incoming_requests() {
        let (status, kind, body) = match request.method() {
            tiny_http::Method::Get | tiny_http::Method::Head => served.respond(request.url()),
            _ => (
                405,
                "text/plain; charset=utf-8",
                b"method not allowed".to_vec(),
            ),
        };
        let mut response = tiny_http::Response::from_data(body).with_status_code(status);
        for (name, value) in [("Content-Type", kind), ("Cache-Control", served.caching())] {
            if let Ok(h) = tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
                response.add_header(h);
            }
        }
        let _ = request.respond(response);
    }
}

/// What the site is built from, as (path, modification time, size) of
/// every input file and the snapshot, plus the branch's head commit.
pub(crate) fn fingerprint(
    root: &Path,
    snapshot: Option<&Path>,
) -> Vec<(PathBuf, Option<SystemTime>, u64)> {
    let mut out = Vec::new();
    let tops = [
        "loket.yaml",
        "kalender.yaml",
        "site",
        "requests",
        "templates",
    ];
    for path in tops
        .iter()
        .map(|t| root.join(t))
        .chain(snapshot.map(Path::to_path_buf))
    {
        if !path.exists() {
            continue;
        }
        for entry in walkdir::WalkDir::new(&path).into_iter().flatten() {
            if let Ok(meta) = entry.metadata() {
                out.push((entry.path().to_path_buf(), meta.modified().ok(), meta.len()));
            }
        }
    }
    if let Ok(repo) = git2::Repository::discover(root)
        && let Ok(head) = repo.head()
        && let Some(id) = head.target()
    {
        out.push((PathBuf::from(id.to_string()), None, 0));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_types_and_reload() {
        let s = Served::default();
        let mut files = BTreeMap::new();
        files.insert(
            "index.html".to_string(),
            b"<html><body>x</body></html>".to_vec(),
        );
        files.insert("a b/index.html".to_string(), b"<body>y</body>".to_vec());
        files.insert("static/loket.css".to_string(), b"body{}".to_vec());
        files.insert("404.html".to_string(), b"<body>nf</body>".to_vec());
        s.replace(files);
        let (st, ty, body) = s.respond("/");
        assert_eq!((st, ty), (200, "text/html; charset=utf-8"));
        assert!(String::from_utf8_lossy(&body).contains(RELOAD_PATH));
        assert_eq!(s.respond("/a%20b/").0, 200);
        assert_eq!(s.respond("/a%20b").0, 200);
        assert_eq!(s.respond("/static/loket.css").1, "text/css; charset=utf-8");
        assert_eq!(s.respond("/../etc/passwd").0, 404);
        assert_eq!(s.respond(VERSION_PATH).2, b"1");
    }

    #[test]
    fn pages_served_to_reload_are_never_cached_pages_to_print_are() {
        assert_eq!(Served::default().caching(), "no-cache");
        assert_eq!(Served::without_reload().caching(), "max-age=3600");
    }
}
