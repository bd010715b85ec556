//! One web audit run, from the instance to judged observations: the names
//! to visit ([`targets`]: registered names that serve something, then the
//! institution's own), the words `loket.yaml` adds to the rules
//! ([`rules`]), how names resolve ([`overrides`], [`resolver`]), the
//! fetching and judging ([`run`]), and the day a run adds to the audit
//! history ([`day`]); [`audit`] does it all from the command line's
//! [`Options`]. Opens no socket itself: fetching is
//! [`crate::web::fetch`]'s, asking a name server [`crate::dns::client`]'s.

use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::dns::name::Name;
use crate::dns::{DnsError, client};
use crate::model::Config;
use crate::model::config::RecordType as Kind;
use crate::validate::registry::{Records, Registration};
use crate::web::fetch::{self, Resolve, Settings, WebError};
use crate::web::gambling::Words;
use crate::web::history::Day;
use crate::web::record::Record;
use crate::web::{Observation, Problem, Rules, Target, takeover};

/// Every name visited, with what was found on it.
pub(crate) type Judged = Vec<(Observation, Vec<Problem>)>;

/// A `--resolve NAME=ADDR` that is not one.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum ResolveError {
    /// No `=` in it.
    #[error("--resolve {0}: not NAME=ADDR")]
    #[diagnostic(
        code(loket::usage),
        help("e.g. --resolve www.tapinkab.go.id=127.0.0.1")
    )]
    NotPair(String),
    /// What follows the `=` is no IP address.
    #[error("--resolve {pair}: `{addr}` is no IP address")]
    #[diagnostic(
        code(loket::usage),
        help("e.g. --resolve www.tapinkab.go.id=127.0.0.1")
    )]
    NotAddress {
        /// The argument.
        pair: String,
        /// Its address part.
        addr: String,
    },
}

/// What a web audit run is told by the command line, as plain values.
#[derive(Debug, Clone)]
pub(crate) struct Options {
    /// The name server that resolves hosts, `HOST:PORT` (none: the
    /// system's, or no resolver at all when it has none).
    pub resolver: Option<String>,
    /// `NAME=ADDR` pairs that replace the resolver for their names.
    pub resolve: Vec<String>,
    /// The time for one request.
    pub timeout: Duration,
    /// The most body bytes read (at least 1 KiB).
    pub max_body: usize,
    /// The most names fetched at once (at least one).
    pub concurrency: usize,
    /// The port of `http://` URLs without one.
    pub http_port: u16,
    /// The port of `https://` URLs without one.
    pub https_port: u16,
    /// A PEM file of CA certificates trusted besides the system's.
    pub ca_file: Option<PathBuf>,
}

/// Why a web audit run could not start.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum RunError {
    /// A `--resolve` is not NAME=ADDR.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Resolve(#[from] ResolveError),
    /// The resolver named is no address.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Dns(#[from] DnsError),
    /// The fetcher could not start (the CA file).
    #[error(transparent)]
    #[diagnostic(code(loket::web))]
    Web(#[from] WebError),
}

/// The institution's domain as hosts are written: lower case, no final dot.
pub(crate) fn domain(config: &Config) -> String {
    config
        .institution
        .domain
        .as_str()
        .trim_end_matches('.')
        .to_ascii_lowercase()
}

/// The `--resolve NAME=ADDR` pairs, by lower-case name without final dot.
pub(crate) fn overrides(pairs: &[String]) -> Result<BTreeMap<String, IpAddr>, ResolveError> {
    pairs
        .iter()
        .map(|pair| {
            let (name, addr) = pair
                .split_once('=')
                .ok_or_else(|| ResolveError::NotPair(pair.clone()))?;
            let ip: IpAddr = addr.trim().parse().map_err(|_| ResolveError::NotAddress {
                pair: pair.clone(),
                addr: addr.to_string(),
            })?;
            Ok((name.trim().trim_end_matches('.').to_ascii_lowercase(), ip))
        })
        .collect()
}

/// How the fetcher finds a host's address: `overrides` first, else an A
/// query to `server`.
pub(crate) fn resolver(
    server: Option<SocketAddr>,
    overrides: BTreeMap<String, IpAddr>,
    timeout: Duration,
) -> Resolve {
    Arc::new(move |host: &str| {
        if let Some(addr) = overrides.get(host) {
            return Ok(*addr);
        }
        let server = server.ok_or("no resolver: pass --resolver HOST:PORT")?;
        client::address(server, host, timeout)
    })
}

/// Registered names that serve something (hosted, A, AAAA or CNAME), in
/// the order given, then the domain itself and `www` when not registered.
pub(crate) fn targets<'a>(
    domain: &str,
    registrations: impl IntoIterator<Item = &'a Registration>,
) -> Vec<Target> {
    let mut targets: Vec<Target> = registrations
        .into_iter()
        .filter_map(|reg| {
            let cnames = match &reg.records {
                Records::Hosted => Vec::new(),
                Records::Own(specs) => {
                    let web = specs
                        .iter()
                        .any(|s| matches!(s.kind.value, Kind::A | Kind::Aaaa | Kind::Cname));
                    if !web {
                        return None;
                    }
                    specs
                        .iter()
                        .filter(|s| s.kind.value == Kind::Cname)
                        .filter_map(|s| s.data.trim().parse::<Name>().ok())
                        .collect()
                }
            };
            Some(Target {
                host: format!("{}.{domain}", reg.name),
                agency: Some(reg.agency.clone()),
                request: Some(reg.changed_by.to_string()),
                cnames,
            })
        })
        .collect();
    for host in [format!("www.{domain}"), domain.to_string()] {
        if !targets.iter().any(|t| t.host == host) {
            targets.push(Target {
                host,
                agency: None,
                request: None,
                cnames: Vec::new(),
            });
        }
    }
    targets
}

/// The rules of `config`: the shipped gambling words with `loket.yaml`'s
/// added and dropped, and the shipped takeover fingerprints.
pub(crate) fn rules(config: &Config, domain: String) -> Rules {
    let (extra, dropped): (Vec<String>, Vec<String>) = match &config.web_audit {
        Some(w) => (
            w.value
                .gambling_words
                .iter()
                .map(|s| s.value.clone())
                .collect(),
            w.value
                .not_gambling
                .iter()
                .map(|s| s.value.clone())
                .collect(),
        ),
        None => (Vec::new(), Vec::new()),
    };
    Rules {
        domain,
        words: Words::new(&extra, &dropped),
        fingerprints: takeover::shipped(),
    }
}

/// The web audit of `registrations` at `now`, bounded and connected as
/// `options` say: the resolver chosen, the fetcher set up, then [`run`].
pub(crate) fn audit<'a>(
    config: &Config,
    registrations: impl IntoIterator<Item = &'a Registration>,
    options: &Options,
    now: DateTime<Utc>,
) -> Result<Judged, RunError> {
    let overrides = overrides(&options.resolve)?;
    let server = match &options.resolver {
        Some(text) => Some(client::server(text).map_err(DnsError::from)?),
        None => client::system_resolver().ok(),
    };
    let settings = Settings {
        timeout: options.timeout,
        cap: options.max_body.max(1024),
        max_redirects: 5,
        concurrency: options.concurrency.max(1),
        http_port: options.http_port,
        https_port: options.https_port,
        sitemap_urls: 10_000,
        domain: domain(config),
    };
    let resolve = resolver(server, overrides, options.timeout);
    let roots = fetch::roots(options.ca_file.as_deref())?;
    Ok(run(config, registrations, settings, resolve, roots, now)?)
}

/// Fetches the [`targets`] of `registrations` as `settings` bound it and
/// judges each at `now` by [`rules`].
pub(crate) fn run<'a>(
    config: &Config,
    registrations: impl IntoIterator<Item = &'a Registration>,
    settings: Settings,
    resolve: Resolve,
    roots: rustls::RootCertStore,
    now: DateTime<Utc>,
) -> Result<Judged, WebError> {
    let targets = targets(&settings.domain, registrations);
    let rules = rules(config, settings.domain.clone());
    let observations = fetch::observe(targets, settings, roots, resolve)?;
    Ok(observations
        .into_iter()
        .map(|o| {
            let problems = crate::web::judge(&o, &rules, now);
            (o, problems)
        })
        .collect())
}

/// The day `record` adds to the audit history: dated in the institution's
/// time zone (Asia/Jakarta when it names none).
pub(crate) fn day(config: &Config, record: &Record) -> Day {
    let tz = crate::review::intake::time_zone(config).unwrap_or(chrono_tz::Asia::Jakarta);
    Day::of(record, record.checked_at.with_timezone(&tz).date_naive())
}
