//! The web audit's edge: resolving names, fetching pages over HTTP and
//! HTTPS (hyper and rustls, no script execution, no decompression), with
//! a time limit on every request, a cap on every body, a limit on
//! redirects and headers, and a bound on names fetched at once. Brings
//! back [`Observation`]s for [`crate::web::judge`].

use std::net::IpAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use hyper::header::{ACCEPT, ACCEPT_ENCODING, CONNECTION, HOST, LOCATION, REFERER, USER_AGENT};
use hyper_util::rt::TokioIo;
use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::{CertificateError, DigitallySignedStruct, RootCertStore, SignatureScheme};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, ServerName, UnixTime};
use tokio::net::TcpStream;
use tokio::sync::Semaphore;

use crate::progress::Progress;
use crate::web::tls::{Refusal, Seen};
use crate::web::{Observation, Outcome, Target, Variant, Visit, html};

/// What can stop the web audit before it starts.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// A CA file could not be read.
    #[error("cannot read the CA certificates in {path}: {reason}; pass a PEM file of certificates")]
    CaFile {
        /// The file.
        path: std::path::PathBuf,
        /// Why.
        reason: String,
    },
    /// No trusted root at all.
    #[error("no trusted root certificates: install the system's CA certificates or pass --ca-file")]
    NoRoots,
    /// The TLS or async machinery could not start.
    #[error("the web audit could not start ({0}); report this as a bug")]
    Setup(String),
}

/// A browser's user agent.
pub(crate) const BROWSER_AGENT: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
/// Google's crawler's user agent.
pub(crate) const CRAWLER_AGENT: &str =
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
/// The `Referer` of a visitor coming from a search.
pub(crate) const SEARCH_REFERER: &str = "https://www.google.com/";

/// How the fetching is bounded and where it connects.
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    /// The time for one request: connecting, handshake, headers and body.
    pub timeout: Duration,
    /// The most body bytes read.
    pub cap: usize,
    /// The most redirects followed.
    pub max_redirects: usize,
    /// The most names fetched at once.
    pub concurrency: usize,
    /// The port of `http://` URLs without one.
    pub http_port: u16,
    /// The port of `https://` URLs without one.
    pub https_port: u16,
    /// The most sitemap URLs read per name.
    pub sitemap_urls: usize,
    /// Redirects are followed within this domain (and to the name's
    /// declared targets); one leaving it ends the visit there.
    pub domain: String,
}

/// Turns a host into an address (the resolver, or an override).
pub(crate) type Resolve = Arc<dyn Fn(&str) -> Result<IpAddr, String> + Send + Sync>;

/// Trusted roots: the system's, plus the certificates of `extra` (PEM).
pub(crate) fn roots(extra: Option<&Path>) -> Result<RootCertStore, WebError> {
    let mut store = RootCertStore::empty();
    let native = rustls_native_certs::load_native_certs();
    store.add_parsable_certificates(native.certs);
    if let Some(path) = extra {
        let error = |reason: String| WebError::CaFile {
            path: path.to_path_buf(),
            reason,
        };
        let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(path)
            .map_err(|e| error(e.to_string()))?
            .collect::<Result<_, _>>()
            .map_err(|e| error(e.to_string()))?;
        if certs.is_empty() {
            return Err(error("no certificate in it".into()));
        }
        let (_, bad) = store.add_parsable_certificates(certs);
        if bad > 0 {
            return Err(error(format!("{bad} certificates could not be used")));
        }
    }
    if store.is_empty() {
        return Err(WebError::NoRoots);
    }
    Ok(store)
}

/// Fetches every target, at most `settings.concurrency` at once, and
/// returns their observations in the targets' order.
pub(crate) fn observe(
    targets: Vec<Target>,
    settings: Settings,
    roots: RootCertStore,
    resolve: Resolve,
) -> Result<Vec<Observation>, WebError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let verifier = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone())
        .build()
        .map_err(|e| WebError::Setup(e.to_string()))?;
    let client = Client {
        settings: Arc::new(settings),
        provider,
        verifier,
        resolve,
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| WebError::Setup(e.to_string()))?;
    let progress = Arc::new(Progress::stderr("memeriksa nama", targets.len() as u64));
    let observed = runtime.block_on(async {
        let gate = Arc::new(Semaphore::new(client.settings.concurrency.max(1)));
        let mut tasks = Vec::new();
        for target in targets {
            let client = client.clone();
            let gate = gate.clone();
            let progress = progress.clone();
            tasks.push(tokio::spawn(async move {
                let _permit = gate.acquire().await;
                let observation = client.observe(target).await;
                progress.add(1);
                observation
            }));
        }
        let mut out = Vec::new();
        for task in tasks {
            out.push(task.await.map_err(|e| WebError::Setup(e.to_string()))?);
        }
        Ok(out)
    });
    progress.finish();
    observed
}

#[derive(Clone)]
struct Client {
    settings: Arc<Settings>,
    provider: Arc<CryptoProvider>,
    verifier: Arc<WebPkiServerVerifier>,
    resolve: Resolve,
}

/// One HTTP answer, before redirects are judged.
struct Response {
    status: u16,
    location: Option<String>,
    body: Vec<u8>,
    truncated: bool,
}

enum Failure {
    Unreachable(String),
    Broken(String),
}

/// A URL taken apart.
struct Url {
    https: bool,
    host: String,
    port: u16,
    path: String,
}

impl Client {
    async fn observe(&self, target: Target) -> Observation {
        let https_url = format!("https://{}/", target.host);
        let http_url = format!("http://{}/", target.host);
        let (https, http) = tokio::join!(
            self.visit(&target, &https_url, Variant::Browser),
            self.visit(&target, &http_url, Variant::Browser)
        );
        let answered = |v: &Visit| matches!(v.outcome, Outcome::Answered { .. });
        let primary = if answered(&https) || !answered(&http) {
            https_url
        } else {
            http_url
        };
        let (crawler, search) = tokio::join!(
            self.visit(&target, &primary, Variant::Crawler),
            self.visit(&target, &primary, Variant::Search)
        );
        let sitemap = self.sitemap(&target, &primary).await;
        Observation {
            target,
            https,
            http,
            cloaks: vec![crawler, search],
            sitemap,
        }
    }

    /// `start` with its redirects, as `variant`.
    async fn visit(&self, target: &Target, start: &str, variant: Variant) -> Visit {
        let mut hops: Vec<String> = Vec::new();
        let mut url = start.to_string();
        let mut tls = None;
        let outcome = loop {
            if hops.contains(&url) || hops.len() > self.settings.max_redirects {
                hops.push(url);
                break Outcome::RedirectLoop { hops };
            }
            hops.push(url.clone());
            let Some(parsed) = self.parse(&url) else {
                break Outcome::Broken {
                    url,
                    reason: "not an http(s) URL".into(),
                };
            };
            let seen = Arc::new(Mutex::new(None));
            let answer = tokio::time::timeout(
                self.settings.timeout,
                self.request(&parsed, variant, seen.clone()),
            )
            .await;
            if hops.len() == 1 && parsed.https {
                tls = seen.lock().ok().and_then(|mut s| s.take());
            }
            let response = match answer {
                Err(_) => break Outcome::Timeout { url },
                Ok(Err(Failure::Unreachable(reason))) => break Outcome::Unreachable { reason },
                Ok(Err(Failure::Broken(reason))) => break Outcome::Broken { url, reason },
                Ok(Ok(r)) => r,
            };
            let next = response
                .location
                .as_deref()
                .filter(|_| (300..400).contains(&response.status))
                .map(|loc| join(&url, loc));
            match next {
                Some(next) if self.follows(target, &next) => url = next,
                Some(next) => {
                    // Leaving the domain: record where, fetch no further.
                    hops.push(next);
                    break self.answered(response, hops);
                }
                None => break self.answered(response, hops),
            }
        };
        Visit {
            variant,
            url: start.to_string(),
            outcome,
            tls,
        }
    }

    fn answered(&self, r: Response, hops: Vec<String>) -> Outcome {
        Outcome::Answered {
            status: r.status,
            hops,
            body: String::from_utf8_lossy(&r.body).into_owned(),
            truncated: r.truncated,
        }
    }

    fn follows(&self, target: &Target, url: &str) -> bool {
        crate::web::host_of(url)
            .is_some_and(|h| crate::web::allowed(&h, &self.settings.domain, target))
    }

    fn parse(&self, url: &str) -> Option<Url> {
        let (scheme, rest) = url.split_once("://")?;
        let https = match scheme.to_ascii_lowercase().as_str() {
            "https" => true,
            "http" => false,
            _ => return None,
        };
        let split = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (authority, path) = rest.split_at(split);
        let path = path.split('#').next().unwrap_or("");
        let host = crate::web::host_of(url)?;
        let port = match authority.rsplit_once(':') {
            Some((_, p)) if !authority.ends_with(']') => p.parse().ok()?,
            _ if https => self.settings.https_port,
            _ => self.settings.http_port,
        };
        let path = match path {
            "" => "/".to_string(),
            p if p.starts_with('?') => format!("/{p}"),
            p => p.to_string(),
        };
        Some(Url {
            https,
            host,
            port,
            path,
        })
    }

    /// One request, no redirects followed.
    async fn request(
        &self,
        url: &Url,
        variant: Variant,
        seen: Arc<Mutex<Option<Seen>>>,
    ) -> Result<Response, Failure> {
        let resolve = self.resolve.clone();
        let host = url.host.clone();
        let ip = tokio::task::spawn_blocking(move || resolve(&host))
            .await
            .map_err(|e| Failure::Unreachable(e.to_string()))?
            .map_err(Failure::Unreachable)?;
        let tcp = TcpStream::connect((ip, url.port))
            .await
            .map_err(|e| Failure::Unreachable(format!("{ip}:{}: {e}", url.port)))?;
        if !url.https {
            return self.exchange(TokioIo::new(tcp), url, variant).await;
        }
        let verifier = Arc::new(Recording {
            inner: self.verifier.clone(),
            seen,
        });
        let config = rustls::ClientConfig::builder_with_provider(self.provider.clone())
            .with_safe_default_protocol_versions()
            .map_err(|e| Failure::Broken(e.to_string()))?
            .dangerous()
            .with_custom_certificate_verifier(verifier)
            .with_no_client_auth();
        let name = ServerName::try_from(url.host.clone())
            .map_err(|e| Failure::Broken(format!("{}: {e}", url.host)))?;
        let tls = tokio_rustls::TlsConnector::from(Arc::new(config))
            .connect(name, tcp)
            .await
            .map_err(|e| Failure::Broken(format!("TLS: {e}")))?;
        self.exchange(TokioIo::new(tls), url, variant).await
    }

    async fn exchange<IO>(
        &self,
        io: TokioIo<IO>,
        url: &Url,
        variant: Variant,
    ) -> Result<Response, Failure>
    where
        IO: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
    {
        let broken = |e: hyper::Error| Failure::Broken(e.to_string());
        let (mut sender, connection) = hyper::client::conn::http1::Builder::new()
            .max_buf_size(64 * 1024)
            .handshake::<_, Empty<Bytes>>(io)
            .await
            .map_err(broken)?;
        tokio::spawn(async move {
            let _ = connection.await;
        });
        let agent = match variant {
            Variant::Crawler => CRAWLER_AGENT,
            Variant::Browser | Variant::Search => BROWSER_AGENT,
        };
        let mut request = hyper::Request::get(url.path.as_str())
            .header(HOST, url.host.as_str())
            .header(USER_AGENT, agent)
            .header(
                ACCEPT,
                "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
            )
            .header(ACCEPT_ENCODING, "identity")
            .header(CONNECTION, "close");
        if variant == Variant::Search {
            request = request.header(REFERER, SEARCH_REFERER);
        }
        let request = request
            .body(Empty::new())
            .map_err(|e| Failure::Broken(e.to_string()))?;
        let response = sender.send_request(request).await.map_err(broken)?;
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get(LOCATION)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let mut body = response.into_body();
        let mut bytes = Vec::new();
        let mut truncated = false;
        while let Some(frame) = body.frame().await {
            let frame = frame.map_err(broken)?;
            if let Ok(data) = frame.into_data() {
                let room = self.settings.cap - bytes.len();
                if data.len() > room {
                    bytes.extend_from_slice(&data[..room]);
                    truncated = true;
                    break;
                }
                bytes.extend_from_slice(&data);
            }
        }
        Ok(Response {
            status,
            location,
            body: bytes,
            truncated,
        })
    }

    /// URLs of `/sitemap.xml` and of the sitemaps robots.txt lists on the
    /// name itself, at most `settings.sitemap_urls`.
    async fn sitemap(&self, target: &Target, base: &str) -> Vec<String> {
        let fetch = |url: String| async move {
            let v = self.visit(target, &url, Variant::Browser).await;
            match v.outcome {
                Outcome::Answered {
                    status: 200, body, ..
                } => Some(body),
                _ => None,
            }
        };
        let limit = self.settings.sitemap_urls;
        let mut maps = vec![format!("{base}sitemap.xml")];
        if let Some(robots) = fetch(format!("{base}robots.txt")).await {
            let own = html::robots_sitemaps(&robots, 5)
                .into_iter()
                .filter(|u| crate::web::host_of(u).as_deref() == Some(target.host.as_str()));
            for u in own {
                if !maps.contains(&u) {
                    maps.push(u);
                }
            }
        }
        let mut urls = Vec::new();
        for map in maps.into_iter().take(4) {
            if urls.len() >= limit {
                break;
            }
            if let Some(xml) = fetch(map).await {
                urls.extend(html::sitemap_locs(&xml, limit - urls.len()));
            }
        }
        urls
    }
}

/// `location` read against `base`.
fn join(base: &str, location: &str) -> String {
    let location = location.trim();
    if location.contains("://") {
        return location.to_string();
    }
    let (scheme, rest) = base.split_once("://").unwrap_or(("http", base));
    if let Some(net) = location.strip_prefix("//") {
        return format!("{scheme}://{net}");
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    if location.starts_with('/') {
        return format!("{scheme}://{authority}{location}");
    }
    let path = &rest[authority.len()..];
    let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
    format!("{scheme}://{authority}{dir}/{location}")
}

/// Checks a certificate as rustls would and records the verdict, but lets
/// the handshake go on so the page can still be read.
#[derive(Debug)]
struct Recording {
    inner: Arc<WebPkiServerVerifier>,
    seen: Arc<Mutex<Option<Seen>>>,
}

fn refusal(e: rustls::Error) -> Refusal {
    match e {
        rustls::Error::InvalidCertificate(
            CertificateError::Expired | CertificateError::ExpiredContext { .. },
        ) => Refusal::Expired,
        rustls::Error::InvalidCertificate(
            CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
        ) => Refusal::WrongName,
        rustls::Error::InvalidCertificate(CertificateError::UnknownIssuer) => {
            Refusal::Untrusted("unknown issuer".into())
        }
        other => Refusal::Untrusted(other.to_string()),
    }
}

fn not_after(der: &CertificateDer<'_>) -> Option<chrono::DateTime<chrono::Utc>> {
    let (_, cert) = x509_parser::parse_x509_certificate(der.as_ref()).ok()?;
    chrono::DateTime::from_timestamp(cert.validity().not_after.timestamp(), 0)
}

impl ServerCertVerifier for Recording {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let result = self.inner.verify_server_cert(
            end_entity,
            intermediates,
            server_name,
            ocsp_response,
            now,
        );
        if let Ok(mut seen) = self.seen.lock() {
            *seen = Some(Seen {
                refusal: result.err().map(refusal),
                not_after: not_after(end_entity),
            });
        }
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_join_as_browsers_join_them() {
        let base = "https://a.go.id/x/y?z";
        assert_eq!(join(base, "https://b.com/"), "https://b.com/");
        assert_eq!(join(base, "//c.com/p"), "https://c.com/p");
        assert_eq!(join(base, "/root"), "https://a.go.id/root");
        assert_eq!(join(base, "rel"), "https://a.go.id/x/rel");
        assert_eq!(join("http://a.go.id", "rel"), "http://a.go.id/rel");
    }
}
