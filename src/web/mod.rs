//! The web audit (`loket audit --web`): what every registered name
//! actually serves. This module owns the observations the edge brings
//! back ([`Observation`]) and the judgement on them ([`judge`]): broken or
//! expiring TLS, redirects off the institution's domain, gambling spam
//! (also only to crawlers: cloaking), unclaimed hosting behind a CNAME,
//! servers that stall, loop or flood. Judging is pure; fetching lives in
//! [`fetch`].

pub(crate) mod fetch;
pub(crate) mod gambling;
pub(crate) mod history;
pub(crate) mod html;
pub(crate) mod record;
pub(crate) mod run;
pub(crate) mod takeover;
pub(crate) mod tls;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::dns::name::Name;
use crate::input::diagnostic::Lang;
use crate::web::gambling::{Hit, Words};
use crate::web::takeover::Fingerprint;
use crate::web::tls::{Refusal, Verdict};

/// A name the audit visits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Target {
    /// The host, lower case, no final dot (`dinkes.tapinkab.go.id`).
    pub host: String,
    /// The agency holding it (none for the institution's own names).
    pub agency: Option<String>,
    /// The request that last changed it.
    pub request: Option<String>,
    /// Its declared CNAME targets.
    #[serde(serialize_with = "names")]
    pub cnames: Vec<Name>,
}

fn names<S: serde::Serializer>(names: &[Name], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(names.iter().map(ToString::to_string))
}

/// Who a page was fetched as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Variant {
    /// A browser's user agent.
    Browser,
    /// A search crawler's user agent (Googlebot).
    Crawler,
    /// A browser arriving from a search engine (`Referer`).
    Search,
}

impl Variant {
    /// The variant in `lang`.
    pub fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Variant::Browser, Lang::Id) => "peramban",
            (Variant::Browser, Lang::En) => "browser",
            (Variant::Crawler, Lang::Id) => "perayap mesin pencari",
            (Variant::Crawler, Lang::En) => "search crawler",
            (Variant::Search, Lang::Id) => "pengunjung dari mesin pencari",
            (Variant::Search, Lang::En) => "visitor from a search engine",
        }
    }
}

/// What one fetch (with its redirects) came to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "outcome")]
pub enum Outcome {
    /// No connection: no address, refused, reset. Not a finding.
    Unreachable {
        /// Why.
        reason: String,
    },
    /// An answer that is not a redirect.
    Answered {
        /// Its status.
        status: u16,
        /// Every URL asked, the start first, the final one last.
        hops: Vec<String>,
        /// The body, up to the cap (lossy UTF-8).
        #[serde(skip)]
        body: String,
        /// Whether the body went past the cap.
        truncated: bool,
    },
    /// No answer within the time allowed.
    Timeout {
        /// The URL that stalled.
        url: String,
    },
    /// Redirects past the limit, or in a circle.
    RedirectLoop {
        /// The URLs asked.
        hops: Vec<String>,
    },
    /// An answer that is no valid HTTP (huge headers, garbage).
    Broken {
        /// The URL.
        url: String,
        /// What was wrong.
        reason: String,
    },
}

/// One fetch of a name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Visit {
    /// As whom.
    pub variant: Variant,
    /// The first URL.
    pub url: String,
    /// What came of it.
    #[serde(flatten)]
    pub outcome: Outcome,
    /// What the TLS handshake with the first host saw (HTTPS only).
    pub tls: Option<tls::Seen>,
}

impl Visit {
    fn body(&self) -> Option<&str> {
        match &self.outcome {
            Outcome::Answered { body, .. } => Some(body),
            _ => None,
        }
    }
}

/// Everything fetched for one name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Observation {
    /// The name.
    pub target: Target,
    /// `https://name/` as a browser.
    pub https: Visit,
    /// `http://name/` as a browser.
    pub http: Visit,
    /// The answering scheme's URL as a crawler and from a search engine.
    pub cloaks: Vec<Visit>,
    /// URLs of `/sitemap.xml` and the sitemaps robots.txt lists (bounded).
    pub sitemap: Vec<String>,
}

/// What is wrong with a name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Problem {
    /// The certificate is refused.
    Tls {
        /// Why.
        refusal: Refusal,
    },
    /// The certificate expires soon.
    TlsExpiring {
        /// Days left.
        days: i64,
    },
    /// A redirect leaves the institution's domain and the declared target.
    OffDomain {
        /// The URL asked.
        from: String,
        /// Where it ended.
        to: String,
    },
    /// Gambling words on the page, the same for every visitor.
    Gambling {
        /// What was found where.
        hits: Vec<Hit>,
    },
    /// Gambling words shown to some visitors only.
    Cloaking {
        /// Who sees them.
        shown_to: Vec<Variant>,
        /// Who does not.
        hidden_from: Vec<Variant>,
        /// What was found where.
        hits: Vec<Hit>,
    },
    /// Gambling words in sitemap URLs.
    SitemapSpam {
        /// How many URLs carry them.
        urls: usize,
        /// The words.
        hits: Vec<Hit>,
    },
    /// The CNAME target's provider says nobody claims the name.
    Unclaimed {
        /// The provider.
        provider: String,
        /// The CNAME target.
        target: String,
    },
    /// No answer within the time allowed.
    Timeout {
        /// The URL.
        url: String,
    },
    /// Redirects past the limit or in a circle.
    RedirectLoop {
        /// The first URL.
        url: String,
    },
    /// A body past the cap.
    TooLarge {
        /// The URL.
        url: String,
    },
    /// No valid HTTP.
    Broken {
        /// The URL.
        url: String,
        /// What was wrong.
        reason: String,
    },
}

impl Problem {
    /// A stable short code.
    pub fn code(&self) -> &'static str {
        match self {
            Problem::Tls {
                refusal: Refusal::Expired,
            } => "tls-expired",
            Problem::Tls {
                refusal: Refusal::WrongName,
            } => "tls-wrong-name",
            Problem::Tls {
                refusal: Refusal::Untrusted(_),
            } => "tls-untrusted",
            Problem::TlsExpiring { .. } => "tls-expiring",
            Problem::OffDomain { .. } => "off-domain",
            Problem::Gambling { .. } => "gambling",
            Problem::Cloaking { .. } => "cloaking",
            Problem::SitemapSpam { .. } => "sitemap-spam",
            Problem::Unclaimed { .. } => "unclaimed-hosting",
            Problem::Timeout { .. } => "timeout",
            Problem::RedirectLoop { .. } => "redirect-loop",
            Problem::TooLarge { .. } => "too-large",
            Problem::Broken { .. } => "broken-http",
        }
    }

    /// Whether it is an error (else a warning): everything but an
    /// expiring certificate.
    pub fn is_error(&self) -> bool {
        !matches!(self, Problem::TlsExpiring { .. })
    }

    /// What is wrong, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let words = |hits: &[Hit]| {
            hits.iter()
                .map(|h| format!("“{}” ({})", h.word, h.place.name(lang)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let variants = |v: &[Variant]| {
            v.iter()
                .map(|v| v.name(lang))
                .collect::<Vec<_>>()
                .join(", ")
        };
        match (self, lang) {
            (Problem::Tls { refusal }, Lang::Id) => match refusal {
                Refusal::Expired => "sertifikat TLS sudah kedaluwarsa".into(),
                Refusal::WrongName => "sertifikat TLS bukan untuk nama ini".into(),
                Refusal::Untrusted(why) => format!("sertifikat TLS tidak tepercaya ({why})"),
            },
            (Problem::Tls { refusal }, Lang::En) => match refusal {
                Refusal::Expired => "the TLS certificate has expired".into(),
                Refusal::WrongName => "the TLS certificate is not valid for this name".into(),
                Refusal::Untrusted(why) => format!("the TLS certificate is not trusted ({why})"),
            },
            (Problem::TlsExpiring { days }, Lang::Id) => {
                format!("sertifikat TLS kedaluwarsa dalam {days} hari: perbarui")
            }
            (Problem::TlsExpiring { days }, Lang::En) => {
                format!("the TLS certificate expires in {days} days: renew it")
            }
            (Problem::OffDomain { from, to }, Lang::Id) => {
                format!("{from} dialihkan ke luar domain instansi: {to}")
            }
            (Problem::OffDomain { from, to }, Lang::En) => {
                format!("{from} redirects outside the institution's domain: {to}")
            }
            (Problem::Gambling { hits }, Lang::Id) => {
                format!("konten judi online: {}", words(hits))
            }
            (Problem::Gambling { hits }, Lang::En) => {
                format!("online-gambling content: {}", words(hits))
            }
            (
                Problem::Cloaking {
                    shown_to,
                    hidden_from,
                    hits,
                },
                Lang::Id,
            ) => format!(
                "cloaking: konten judi online hanya untuk {}, tidak untuk {}: {}",
                variants(shown_to),
                variants(hidden_from),
                words(hits)
            ),
            (
                Problem::Cloaking {
                    shown_to,
                    hidden_from,
                    hits,
                },
                Lang::En,
            ) => format!(
                "cloaking: online-gambling content shown to {} only, not to {}: {}",
                variants(shown_to),
                variants(hidden_from),
                words(hits)
            ),
            (Problem::SitemapSpam { urls, hits }, Lang::Id) => {
                format!(
                    "{urls} URL di sitemap memuat kata judi online: {}",
                    words(hits)
                )
            }
            (Problem::SitemapSpam { urls, hits }, Lang::En) => {
                format!(
                    "{urls} sitemap URLs carry online-gambling words: {}",
                    words(hits)
                )
            }
            (Problem::Unclaimed { provider, target }, Lang::Id) => format!(
                "{target} ({provider}) menjawab bahwa situs ini tidak ada: siapa pun dapat mengklaimnya; hapus CNAME atau klaim kembali"
            ),
            (Problem::Unclaimed { provider, target }, Lang::En) => format!(
                "{target} ({provider}) answers that no such site exists: anyone can claim it; remove the CNAME or claim it back"
            ),
            (Problem::Timeout { url }, Lang::Id) => {
                format!("{url} tidak menjawab utuh dalam batas waktu")
            }
            (Problem::Timeout { url }, Lang::En) => {
                format!("{url} gave no whole answer within the time allowed")
            }
            (Problem::RedirectLoop { url }, Lang::Id) => {
                format!("{url} dialihkan berputar-putar atau terlalu sering")
            }
            (Problem::RedirectLoop { url }, Lang::En) => {
                format!("{url} redirects in a loop or too many times")
            }
            (Problem::TooLarge { url }, Lang::Id) => {
                format!("{url} mengirim isi melebihi batas; hanya awalnya yang diperiksa")
            }
            (Problem::TooLarge { url }, Lang::En) => {
                format!("{url} sent a body past the cap; only its start was checked")
            }
            (Problem::Broken { url, reason }, Lang::Id) => {
                format!("{url} tidak menjawab dengan HTTP yang sah ({reason})")
            }
            (Problem::Broken { url, reason }, Lang::En) => {
                format!("{url} gave no valid HTTP answer ({reason})")
            }
        }
    }
}

/// What the audit needs besides the observations.
#[derive(Debug, Clone)]
pub(crate) struct Rules {
    /// The institution's domain, lower case, no final dot.
    pub domain: String,
    /// Gambling words.
    pub words: Words,
    /// Unclaimed-hosting fingerprints.
    pub fingerprints: Vec<Fingerprint>,
}

/// The host of a URL, lower case, without port.
pub(crate) fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let authority = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next()?,
        None => authority.split(':').next()?,
    };
    Some(host.trim_end_matches('.').to_ascii_lowercase()).filter(|h| !h.is_empty())
}

/// Whether `host` belongs to the institution or is one of `target`'s
/// declared CNAME targets.
fn allowed(host: &str, domain: &str, target: &Target) -> bool {
    host == domain
        || host.ends_with(&format!(".{domain}"))
        || target.cnames.iter().any(|n| {
            n.to_string()
                .trim_end_matches('.')
                .eq_ignore_ascii_case(host)
        })
}

/// The problems of one name, at `now`.
pub(crate) fn judge(o: &Observation, rules: &Rules, now: DateTime<Utc>) -> Vec<Problem> {
    let mut problems = Vec::new();
    if let Some(seen) = &o.https.tls {
        match tls::verdict(seen, now) {
            Verdict::Good { .. } => {}
            Verdict::Expiring { days } => problems.push(Problem::TlsExpiring { days }),
            Verdict::Refused(refusal) => problems.push(Problem::Tls { refusal }),
        }
    }
    let visits: Vec<&Visit> = [&o.https, &o.http].into_iter().chain(&o.cloaks).collect();
    for v in &visits {
        let problem = match &v.outcome {
            Outcome::Unreachable { .. } => None,
            Outcome::Answered {
                hops, truncated, ..
            } => {
                let last = hops.last().map_or(v.url.as_str(), String::as_str);
                let off = host_of(last).filter(|h| !allowed(h, &rules.domain, &o.target));
                if off.is_some() {
                    problems.push(Problem::OffDomain {
                        from: v.url.clone(),
                        to: last.to_string(),
                    });
                }
                truncated.then(|| Problem::TooLarge { url: v.url.clone() })
            }
            Outcome::Timeout { url } => Some(Problem::Timeout { url: url.clone() }),
            Outcome::RedirectLoop { .. } => Some(Problem::RedirectLoop { url: v.url.clone() }),
            Outcome::Broken { url, reason } => Some(Problem::Broken {
                url: url.clone(),
                reason: reason.clone(),
            }),
        };
        problems.extend(problem);
    }
    problems.extend(gambling(o, &rules.words));
    let (hits, urls) = gambling::scan_urls(o.sitemap.iter().map(String::as_str), &rules.words);
    if !hits.is_empty() {
        problems.push(Problem::SitemapSpam { urls, hits });
    }
    let unclaimed = o.target.cnames.iter().find_map(|target| {
        visits.iter().filter_map(|v| v.body()).find_map(|body| {
            takeover::unclaimed(&rules.fingerprints, target, body).map(|f| Problem::Unclaimed {
                provider: f.provider.clone(),
                target: target.to_string(),
            })
        })
    });
    problems.extend(unclaimed);
    // One finding per kind and URL: the same stall seen by three variants
    // is one problem.
    let mut seen: Vec<Problem> = Vec::new();
    problems.retain(|p| {
        let new = !seen.contains(p);
        if new {
            seen.push(p.clone());
        }
        new
    });
    problems
}

/// Gambling words on the pages, or cloaking when only some variants see
/// them. The browser variant is whichever of HTTPS and HTTP answered
/// (both, when both did); the cloak visits are the crawler and search ones.
fn gambling(o: &Observation, words: &Words) -> Option<Problem> {
    let scan = |v: &Visit| -> Option<Vec<Hit>> {
        let body = v.body()?;
        Some(gambling::scan_page(&html::page(body), words))
    };
    let mut by_variant: Vec<(Variant, Vec<Hit>)> = Vec::new();
    for v in [&o.https, &o.http].into_iter().chain(&o.cloaks) {
        if let Some(hits) = scan(v) {
            match by_variant.iter_mut().find(|(var, _)| *var == v.variant) {
                Some((_, all)) => all.extend(hits),
                None => by_variant.push((v.variant, hits)),
            }
        }
    }
    let mut all: Vec<Hit> = by_variant.iter().flat_map(|(_, h)| h.clone()).collect();
    all.sort();
    all.dedup();
    if all.is_empty() {
        return None;
    }
    let (shown, hidden): (Vec<_>, Vec<_>) = by_variant.iter().partition(|(_, h)| !h.is_empty());
    if hidden.is_empty() {
        return Some(Problem::Gambling { hits: all });
    }
    Some(Problem::Cloaking {
        shown_to: shown.iter().map(|(v, _)| *v).collect(),
        hidden_from: hidden.iter().map(|(v, _)| *v).collect(),
        hits: all,
    })
}

#[cfg(test)]
mod tests;
