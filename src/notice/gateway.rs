//! The WhatsApp gateway: a generic HTTPS webhook (`LOKET_WA_URL`) that
//! takes a JSON body (`templates/notices/whatsapp.json`) with a token in
//! one header (`LOKET_WA_HEADER`, default `Authorization`, value
//! `LOKET_WA_TOKEN` as given). hyper with rustls, the client octocrab
//! already brings; https only, plain http only to a loopback host (tests).
//! An I/O edge. The token is never printed, and neither is the URL's query
//! (some gateways put the token there): errors show scheme, host and path.

use std::fmt;
use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::header::{CONTENT_TYPE, HeaderName, HeaderValue, USER_AGENT};
use hyper::{Method, Request, Uri};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

use crate::notice::mail::{Secret, is_loopback, redact};

/// How long one call may take.
pub(crate) const TIMEOUT: Duration = Duration::from_secs(30);

/// The gateway's settings, from the environment.
#[derive(Clone)]
pub(crate) struct Settings {
    url: Uri,
    header: HeaderName,
    token: Secret,
}

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Settings")
            .field("url", &shown(&self.url))
            .field("header", &self.header)
            .field("token", &self.token)
            .finish()
    }
}

/// Why the gateway cannot be configured or did not take a message.
#[derive(Debug, thiserror::Error)]
pub enum GatewayError {
    /// A variable that must be set is not.
    #[error("{var} is not set: {hint}")]
    Missing {
        /// The variable.
        var: &'static str,
        /// What to put there.
        hint: &'static str,
    },
    /// A variable has a value loket cannot use (never the token's value).
    #[error("{var} is not valid: {hint}")]
    Invalid {
        /// The variable.
        var: &'static str,
        /// What is expected.
        hint: String,
    },
    /// No answer, or no connection.
    #[error("the WhatsApp gateway {url} cannot be reached: {detail}; check LOKET_WA_URL")]
    Unreachable {
        /// Scheme, host and path.
        url: String,
        /// What went wrong.
        detail: String,
    },
    /// An answer other than 2xx.
    #[error("the WhatsApp gateway {url} answered {status}: {body}{hint}")]
    Status {
        /// Scheme, host and path.
        url: String,
        /// The HTTP status.
        status: u16,
        /// The start of the answer's body, secrets cut out.
        body: String,
        /// What to check.
        hint: &'static str,
    },
}

/// The gateway's settings from `env`; `None` when `LOKET_WA_URL` is unset
/// or empty (no WhatsApp).
pub(crate) fn settings(
    env: impl Fn(&str) -> Option<String>,
) -> Result<Option<Settings>, GatewayError> {
    let var = |name: &str| {
        env(name)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let Some(text) = var("LOKET_WA_URL") else {
        return Ok(None);
    };
    let invalid = |hint: &str| GatewayError::Invalid {
        var: "LOKET_WA_URL",
        hint: hint.to_string(),
    };
    let url: Uri = text
        .parse()
        .map_err(|_| invalid("an absolute URL, https://…"))?;
    let host = url
        .host()
        .ok_or_else(|| invalid("an absolute URL, https://…"))?;
    match url.scheme_str() {
        Some("https") => {}
        Some("http") if is_loopback(host) => {}
        _ => {
            return Err(invalid(
                "the gateway must be reached over https; plain http is allowed only for a loopback host (127.0.0.1, ::1, localhost)",
            ));
        }
    }
    if url.authority().is_some_and(|a| a.as_str().contains('@')) {
        return Err(invalid(
            "put no user or password in the URL; use LOKET_WA_TOKEN and LOKET_WA_HEADER",
        ));
    }
    let header_text = var("LOKET_WA_HEADER").unwrap_or_else(|| "Authorization".into());
    let header =
        HeaderName::from_bytes(header_text.as_bytes()).map_err(|_| GatewayError::Invalid {
            var: "LOKET_WA_HEADER",
            hint: format!("`{header_text}` is not a header name"),
        })?;
    let token = env("LOKET_WA_TOKEN")
        .filter(|t| !t.trim().is_empty())
        .ok_or(GatewayError::Missing {
            var: "LOKET_WA_TOKEN",
            hint: "the gateway's token, sent as the value of LOKET_WA_HEADER (write `Bearer …` when the gateway wants that)",
        })?;
    if HeaderValue::from_str(token.trim()).is_err() {
        return Err(GatewayError::Invalid {
            var: "LOKET_WA_TOKEN",
            hint: "it holds characters a header cannot carry".into(),
        });
    }
    Ok(Some(Settings {
        url,
        header,
        token: Secret::new(token.trim()),
    }))
}

impl Settings {
    /// What must never be printed: the token, its last word (`Bearer x`
    /// → `x`) and every value of the URL's query (where some gateways
    /// want the token).
    fn secrets(&self) -> Vec<String> {
        let token = self.token.expose();
        let mut out = vec![token.to_string()];
        out.extend(token.split_whitespace().last().map(str::to_string));
        out.extend(
            self.url
                .query()
                .unwrap_or("")
                .split('&')
                .filter_map(|pair| pair.split_once('=').map(|(_, v)| v.to_string())),
        );
        out
    }
}

/// Scheme, host, port and path of `url`: what may be printed.
fn shown(url: &Uri) -> String {
    format!(
        "{}://{}{}",
        url.scheme_str().unwrap_or("https"),
        url.authority().map_or("", |a| a.as_str()),
        url.path()
    )
}

type Https = hyper_rustls::HttpsConnector<HttpConnector>;

/// Sends notices through the gateway.
pub(crate) struct Gateway {
    client: Client<Https, Full<Bytes>>,
    runtime: tokio::runtime::Runtime,
    settings: Settings,
}

impl fmt::Debug for Gateway {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Gateway")
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

impl Gateway {
    /// A gateway client for `settings`.
    pub(crate) fn new(settings: Settings) -> Result<Gateway, GatewayError> {
        let unreachable = |detail: String| GatewayError::Unreachable {
            url: shown(&settings.url),
            detail,
        };
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| unreachable(e.to_string()))?;
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_native_roots()
            .map_err(|e| unreachable(format!("no trusted certificates: {e}")))?
            .https_or_http()
            .enable_http1()
            .build();
        let client = {
            let _guard = runtime.enter();
            Client::builder(TokioExecutor::new()).build(https)
        };
        Ok(Gateway {
            client,
            runtime,
            settings,
        })
    }

    /// POSTs `body` (JSON); any 2xx answer is success.
    pub(crate) fn send(&self, body: &str) -> Result<(), GatewayError> {
        self.runtime.block_on(self.send_async(body))
    }

    async fn send_async(&self, body: &str) -> Result<(), GatewayError> {
        let url = shown(&self.settings.url);
        let secrets = self.settings.secrets();
        let unreachable = |detail: String| GatewayError::Unreachable {
            url: url.clone(),
            detail: redact(&detail, &secrets),
        };
        let mut token = HeaderValue::from_str(self.settings.token.expose())
            .map_err(|_| unreachable("LOKET_WA_TOKEN cannot be sent".into()))?;
        token.set_sensitive(true);
        let request = Request::builder()
            .method(Method::POST)
            .uri(self.settings.url.clone())
            .header(CONTENT_TYPE, "application/json")
            .header(USER_AGENT, concat!("loket/", env!("CARGO_PKG_VERSION")))
            .header(self.settings.header.clone(), token)
            .body(Full::new(Bytes::from(body.to_string())))
            .map_err(|e| unreachable(e.to_string()))?;
        let exchange = async {
            let response = self.client.request(request).await.map_err(|e| {
                let mut text = e.to_string();
                let mut source = std::error::Error::source(&e);
                while let Some(s) = source {
                    text = format!("{text}: {s}");
                    source = s.source();
                }
                text
            })?;
            let status = response.status().as_u16();
            let bytes = response
                .into_body()
                .collect()
                .await
                .map_err(|e| e.to_string())?
                .to_bytes();
            Ok::<_, String>((status, bytes))
        };
        let (status, bytes) = tokio::time::timeout(TIMEOUT, exchange)
            .await
            .map_err(|_| unreachable(format!("no answer within {} s", TIMEOUT.as_secs())))?
            .map_err(unreachable)?;
        if (200..300).contains(&status) {
            return Ok(());
        }
        let text: String = String::from_utf8_lossy(&bytes).chars().take(200).collect();
        Err(GatewayError::Status {
            url,
            status,
            body: redact(text.trim(), &secrets),
            hint: match status {
                401 | 403 => "; check LOKET_WA_TOKEN and LOKET_WA_HEADER",
                400 | 422 => "; check templates/notices/whatsapp.json against the gateway's API",
                _ => "",
            },
        })
    }
}

#[cfg(test)]
mod tests {

    use super::*;

    fn from(vars: &[(&str, &str)]) -> Result<Option<Settings>, GatewayError> {
        settings(crate::notice::fake_env(vars))
    }

    #[test]
    fn https_only_but_for_this_machine() {
        assert!(from(&[]).expect("ok").is_none());
        let token = ("LOKET_WA_TOKEN", "Bearer rahasia-sekali");
        for ok in [
            "https://wa.example.id/api/send",
            "http://127.0.0.1:8080/kirim",
            "http://localhost/kirim",
        ] {
            assert!(
                matches!(from(&[("LOKET_WA_URL", ok), token]), Ok(Some(_))),
                "{ok}"
            );
        }
        for bad in [
            "http://wa.example.id/api/send",
            "ftp://wa.example.id/",
            "/api/send",
            "https://user:pw@wa.example.id/",
        ] {
            let err = from(&[("LOKET_WA_URL", bad), token]).expect_err(bad);
            assert!(
                err.to_string().starts_with("LOKET_WA_URL is not valid"),
                "{err}"
            );
        }
        let err = from(&[("LOKET_WA_URL", "http://wa.example.id/"), token]).expect_err("http");
        assert!(
            err.to_string().contains("only for a loopback host"),
            "{err}"
        );
    }

    #[test]
    fn the_token_is_required_and_never_shown() {
        let url = (
            "LOKET_WA_URL",
            "https://wa.example.id/send?apikey=kunci-rahasia",
        );
        let err = from(&[url]).expect_err("no token");
        assert!(
            err.to_string().starts_with("LOKET_WA_TOKEN is not set"),
            "{err}"
        );
        let err = from(&[url, ("LOKET_WA_TOKEN", "a\nb-rahasia")]).expect_err("bad token");
        assert!(!err.to_string().contains("rahasia"), "{err}");
        let err = from(&[url, ("LOKET_WA_TOKEN", "t"), ("LOKET_WA_HEADER", "X Token")])
            .expect_err("bad header");
        assert!(err.to_string().contains("LOKET_WA_HEADER"), "{err}");
        let s = from(&[url, ("LOKET_WA_TOKEN", "Bearer token-rahasia")])
            .expect("ok")
            .expect("some");
        let shown = format!("{s:?}");
        assert!(!shown.contains("rahasia"), "{shown}");
        assert_eq!(
            s.secrets(),
            ["Bearer token-rahasia", "token-rahasia", "kunci-rahasia"]
        );
    }
}
