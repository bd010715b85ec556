//! Email over SMTP with lettre (rustls with ring, no OpenSSL), configured
//! by `LOKET_SMTP_*` environment variables: STARTTLS (default) or TLS from
//! the first byte, plain text only to a loopback host. An I/O edge. The
//! password is never printed: not in errors, not in `Debug`; every message
//! that leaves this module has the secrets cut out.

use std::fmt;
use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use lettre::{Message as Email, SmtpTransport, Transport};

use crate::notice::text::Message;

/// How long one SMTP exchange may take.
pub(crate) const TIMEOUT: Duration = Duration::from_secs(30);

/// How the connection is protected (`LOKET_SMTP_TLS`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Security {
    /// Plain connection upgraded with STARTTLS, required (port 587).
    StartTls,
    /// TLS from the first byte (port 465).
    Tls,
    /// No encryption: loopback hosts only (a relay on the same machine, tests).
    None,
}

impl Security {
    fn default_port(self) -> u16 {
        match self {
            Security::StartTls => 587,
            Security::Tls => 465,
            Security::None => 25,
        }
    }
}

/// A secret that prints as `***`.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub(crate) fn new(secret: impl Into<String>) -> Secret {
        Secret(secret.into())
    }

    /// The secret itself, for the one place that sends it.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// The SMTP settings, from the environment.
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    /// `LOKET_SMTP_HOST`.
    pub host: String,
    /// `LOKET_SMTP_PORT` (default 587, 465 with TLS, 25 without).
    pub port: u16,
    /// `LOKET_SMTP_TLS`.
    pub security: Security,
    /// `LOKET_SMTP_USER` and `LOKET_SMTP_PASSWORD`, when set.
    pub login: Option<(String, Secret)>,
    /// `LOKET_SMTP_FROM` (default: `LOKET_SMTP_USER` when it is an address).
    pub from: Mailbox,
    /// `LOKET_SMTP_CA`: a PEM file of CA certificates trusted besides the system's.
    pub ca: Option<PathBuf>,
}

/// Why mail cannot be configured or sent; each says what to fix.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// A variable that must be set is not.
    #[error("{var} is not set: {hint}")]
    Missing {
        /// The variable.
        var: &'static str,
        /// What to put there.
        hint: &'static str,
    },
    /// A variable has a value loket cannot use (never the password).
    #[error("{var}=`{value}` is not valid: {hint}")]
    Invalid {
        /// The variable.
        var: &'static str,
        /// Its value.
        value: String,
        /// What is expected.
        hint: &'static str,
    },
    /// Clear text to a host that is not this machine.
    #[error(
        "LOKET_SMTP_TLS=none would send the password and the notices unencrypted to {host}; it is allowed only for a loopback host (127.0.0.1, ::1, localhost): use starttls (port 587) or tls (port 465)"
    )]
    PlainRemote {
        /// The host.
        host: String,
    },
    /// The extra CA file cannot be used.
    #[error("LOKET_SMTP_CA {path}: {detail}")]
    Ca {
        /// The file.
        path: String,
        /// What is wrong.
        detail: String,
    },
    /// The server refused the user name or password.
    #[error(
        "the SMTP server {server} refused the login ({detail}): check LOKET_SMTP_USER and LOKET_SMTP_PASSWORD (Gmail and Google Workspace need an app password, not the account's password)"
    )]
    LoginRefused {
        /// `host:port`.
        server: String,
        /// The server's answer.
        detail: String,
    },
    /// The server offers no login, or wants encryption first.
    #[error(
        "the SMTP server {server} did not let loket log in ({detail}); most servers offer login only once the connection is encrypted: check LOKET_SMTP_TLS (starttls or tls) and LOKET_SMTP_PORT"
    )]
    NoLogin {
        /// `host:port`.
        server: String,
        /// The server's answer.
        detail: String,
    },
    /// No connection, no TLS, or the server refused before any message.
    #[error(
        "cannot use the SMTP server {server}: {detail}; check LOKET_SMTP_HOST, LOKET_SMTP_PORT and LOKET_SMTP_TLS (and LOKET_SMTP_CA for a certificate of the office's own CA)"
    )]
    Connect {
        /// `host:port`.
        server: String,
        /// What went wrong.
        detail: String,
    },
    /// The server did not take this message.
    #[error("the SMTP server {server} did not take the message: {detail}")]
    Send {
        /// `host:port`.
        server: String,
        /// What went wrong.
        detail: String,
    },
}

/// The SMTP settings from `env` (a variable lookup, e.g. `std::env::var`);
/// `None` when `LOKET_SMTP_HOST` is unset or empty (no email).
pub(crate) fn settings(
    env: impl Fn(&str) -> Option<String>,
) -> Result<Option<Settings>, MailError> {
    let var = |name: &str| {
        env(name)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let Some(host) = var("LOKET_SMTP_HOST") else {
        return Ok(None);
    };
    let security = match var("LOKET_SMTP_TLS").as_deref() {
        None | Some("starttls") => Security::StartTls,
        Some("tls") => Security::Tls,
        Some("none") => Security::None,
        Some(other) => {
            return Err(MailError::Invalid {
                var: "LOKET_SMTP_TLS",
                value: other.to_string(),
                hint: "write starttls (the default), tls or none",
            });
        }
    };
    if security == Security::None && !is_loopback(&host) {
        return Err(MailError::PlainRemote { host });
    }
    let port = match var("LOKET_SMTP_PORT") {
        None => security.default_port(),
        Some(p) => p
            .parse::<u16>()
            .ok()
            .filter(|p| *p > 0)
            .ok_or(MailError::Invalid {
                var: "LOKET_SMTP_PORT",
                value: p,
                hint: "a port number, e.g. 587 for starttls or 465 for tls",
            })?,
    };
    // The password is read as given: spaces may belong to it.
    let password = env("LOKET_SMTP_PASSWORD").filter(|p| !p.is_empty());
    let login = match (var("LOKET_SMTP_USER"), password) {
        (Some(user), Some(password)) => Some((user, Secret::new(password))),
        (None, None) => None,
        (Some(_), None) => {
            return Err(MailError::Missing {
                var: "LOKET_SMTP_PASSWORD",
                hint: "LOKET_SMTP_USER is set; set the password (a secret) too, or unset both for a server without login",
            });
        }
        (None, Some(_)) => {
            return Err(MailError::Missing {
                var: "LOKET_SMTP_USER",
                hint: "LOKET_SMTP_PASSWORD is set; set the user name too",
            });
        }
    };
    let from = match var("LOKET_SMTP_FROM") {
        Some(from) => from.parse::<Mailbox>().map_err(|_| MailError::Invalid {
            var: "LOKET_SMTP_FROM",
            value: from.clone(),
            hint: "an address, optionally with a name: `Diskominfo Tapin <loket@tapinkab.go.id>`",
        })?,
        None => login
            .as_ref()
            .and_then(|(user, _)| user.parse::<Mailbox>().ok())
            .ok_or(MailError::Missing {
                var: "LOKET_SMTP_FROM",
                hint: "the sender, e.g. `Diskominfo Tapin <loket@tapinkab.go.id>`",
            })?,
    };
    Ok(Some(Settings {
        host,
        port,
        security,
        login,
        from,
        ca: var("LOKET_SMTP_CA").map(PathBuf::from),
    }))
}

/// Whether `host` is this machine.
pub(crate) fn is_loopback(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    bare.eq_ignore_ascii_case("localhost")
        || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Sends notices by email.
pub(crate) struct Mailer {
    transport: SmtpTransport,
    from: Mailbox,
    reply_to: Option<Mailbox>,
    server: String,
    secrets: Vec<String>,
}

impl fmt::Debug for Mailer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mailer")
            .field("server", &self.server)
            .finish_non_exhaustive()
    }
}

impl Mailer {
    /// A mailer for `settings`, greeting as `hello` (the institution's
    /// domain) and asking for replies to `reply_to` (its public address).
    pub(crate) fn new(
        settings: &Settings,
        hello: &str,
        reply_to: Option<&str>,
    ) -> Result<Mailer, MailError> {
        let server = format!("{}:{}", settings.host, settings.port);
        let tls = || -> Result<TlsParameters, MailError> {
            let mut builder = TlsParameters::builder(
                settings
                    .host
                    .trim_start_matches('[')
                    .trim_end_matches(']')
                    .to_string(),
            );
            if let Some(path) = &settings.ca {
                let ca = |detail: String| MailError::Ca {
                    path: path.display().to_string(),
                    detail,
                };
                let pem = std::fs::read(path).map_err(|e| ca(e.to_string()))?;
                let cert = Certificate::from_pem(&pem)
                    .map_err(|e| ca(format!("not a PEM certificate ({e})")))?;
                builder = builder.add_root_certificate(cert);
            }
            builder.build_rustls().map_err(|e| MailError::Connect {
                server: server.clone(),
                detail: format!("TLS setup: {e}"),
            })
        };
        let tls = match settings.security {
            Security::StartTls => Tls::Required(tls()?),
            Security::Tls => Tls::Wrapper(tls()?),
            Security::None => Tls::None,
        };
        let mut builder = SmtpTransport::builder_dangerous(&settings.host)
            .port(settings.port)
            .tls(tls)
            .timeout(Some(TIMEOUT))
            .hello_name(ClientId::Domain(hello.to_string()));
        let mut secrets = Vec::new();
        if let Some((user, password)) = &settings.login {
            builder = builder.credentials(Credentials::new(
                user.clone(),
                password.expose().to_string(),
            ));
            secrets.push(password.expose().to_string());
        }
        Ok(Mailer {
            transport: builder.build(),
            from: settings.from.clone(),
            reply_to: reply_to.and_then(|r| r.parse().ok()),
            server,
            secrets,
        })
    }

    /// Connects, starts TLS and logs in once, so that a wrong password or
    /// host is one clear error before any message (and no server sees a
    /// refused login per notice).
    pub(crate) fn verify(&self) -> Result<(), MailError> {
        self.transport
            .test_connection()
            .map(drop)
            .map_err(|e| self.classify(&e, true))
    }

    /// Sends `message` to `name <address>`; `message_id` (without angle
    /// brackets) names the notice, so a duplicate can be recognised.
    pub(crate) fn send(
        &self,
        name: &str,
        address: &str,
        message: &Message,
        message_id: &str,
    ) -> Result<(), MailError> {
        let invalid = |detail: String| MailError::Send {
            server: self.server.clone(),
            detail,
        };
        let to = Mailbox::new(
            Some(crate::notice::one_line(name)).filter(|n| !n.is_empty()),
            address
                .parse()
                .map_err(|_| invalid(format!("`{address}` is not an address")))?,
        );
        let mut email = Email::builder()
            .from(self.from.clone())
            .to(to)
            .subject(crate::notice::one_line(&message.subject))
            .message_id(Some(format!("<{message_id}@{}>", self.from.email.domain())))
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("Auto-Submitted"),
                "auto-generated".to_string(),
            ));
        if let Some(reply_to) = &self.reply_to {
            email = email.reply_to(reply_to.clone());
        }
        let email = email
            .singlepart(SinglePart::plain(message.body.clone()))
            .map_err(|e| invalid(e.to_string()))?;
        self.transport
            .send(&email)
            .map(drop)
            .map_err(|e| self.classify(&e, false))
    }

    /// lettre's error as a [`MailError`], secrets cut out.
    fn classify(&self, e: &lettre::transport::smtp::Error, connecting: bool) -> MailError {
        let mut detail = e.to_string();
        let mut source = std::error::Error::source(e);
        while let Some(s) = source {
            let text = s.to_string();
            if !detail.contains(&text) {
                detail = format!("{detail}: {text}");
            }
            source = s.source();
        }
        let detail = redact(detail.trim(), &self.secrets);
        let code = e.status().and_then(|c| c.to_string().parse::<u16>().ok());
        let server = self.server.clone();
        let no_mechanism = detail.contains("authentication mechanism");
        match code {
            // 534 mechanism too weak, 535 credentials invalid.
            Some(534 | 535) => MailError::LoginRefused { server, detail },
            // 530 authentication (or STARTTLS) required, 538 encryption
            // required for the mechanism; or no mechanism offered at all.
            Some(530 | 538) => MailError::NoLogin { server, detail },
            _ if no_mechanism => MailError::NoLogin { server, detail },
            _ if connecting || e.is_tls() || e.is_timeout() => {
                MailError::Connect { server, detail }
            }
            _ => MailError::Send { server, detail },
        }
    }
}

/// `text` with every secret of four characters or more replaced by `***`.
pub(crate) fn redact(text: &str, secrets: &[String]) -> String {
    secrets
        .iter()
        .filter(|s| s.chars().count() >= 4)
        .fold(text.to_string(), |t, s| t.replace(s.as_str(), "***"))
}

#[cfg(test)]
mod tests {

    use super::*;

    fn from(vars: &[(&str, &str)]) -> Result<Option<Settings>, MailError> {
        settings(crate::notice::fake_env(vars))
    }

    #[test]
    fn no_host_no_mail() {
        assert!(from(&[]).expect("ok").is_none());
        assert!(from(&[("LOKET_SMTP_HOST", "  ")]).expect("ok").is_none());
    }

    #[test]
    fn defaults_and_ports() {
        let s = from(&[
            ("LOKET_SMTP_HOST", "mail.tapinkab.go.id"),
            ("LOKET_SMTP_USER", "loket@tapinkab.go.id"),
            ("LOKET_SMTP_PASSWORD", "rahasia sekali"),
        ])
        .expect("ok")
        .expect("some");
        assert_eq!((s.security, s.port), (Security::StartTls, 587));
        assert_eq!(s.from.email.to_string(), "loket@tapinkab.go.id");
        assert!(!format!("{s:?}").contains("rahasia"), "{s:?}");
        let s = from(&[
            ("LOKET_SMTP_HOST", "smtp.gmail.com"),
            ("LOKET_SMTP_TLS", "tls"),
            ("LOKET_SMTP_FROM", "Diskominfo Tapin <loket@tapinkab.go.id>"),
        ])
        .expect("ok")
        .expect("some");
        assert_eq!(
            (s.security, s.port, s.login.is_none()),
            (Security::Tls, 465, true)
        );
        assert_eq!(s.from.name.as_deref(), Some("Diskominfo Tapin"));
    }

    #[test]
    fn clear_text_only_to_this_machine() {
        for host in ["127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.2"] {
            let s = from(&[
                ("LOKET_SMTP_HOST", host),
                ("LOKET_SMTP_TLS", "none"),
                ("LOKET_SMTP_FROM", "loket@contohkab.go.id"),
            ]);
            assert!(matches!(s, Ok(Some(_))), "{host}");
        }
        let err = from(&[
            ("LOKET_SMTP_HOST", "mail.tapinkab.go.id"),
            ("LOKET_SMTP_TLS", "none"),
        ])
        .expect_err("refused");
        assert!(
            err.to_string().contains("only for a loopback host"),
            "{err}"
        );
    }

    #[test]
    fn bad_values_name_their_variable_but_never_the_password() {
        let cases: &[(&[(&str, &str)], &str)] = &[
            (
                &[("LOKET_SMTP_HOST", "h"), ("LOKET_SMTP_TLS", "ssl")],
                "LOKET_SMTP_TLS=`ssl`",
            ),
            (
                &[("LOKET_SMTP_HOST", "h"), ("LOKET_SMTP_PORT", "0")],
                "LOKET_SMTP_PORT=`0`",
            ),
            (
                &[("LOKET_SMTP_HOST", "h"), ("LOKET_SMTP_USER", "u")],
                "LOKET_SMTP_PASSWORD is not set",
            ),
            (
                &[
                    ("LOKET_SMTP_HOST", "h"),
                    ("LOKET_SMTP_PASSWORD", "sangat-rahasia"),
                ],
                "LOKET_SMTP_USER is not set",
            ),
            (&[("LOKET_SMTP_HOST", "h")], "LOKET_SMTP_FROM is not set"),
            (
                &[
                    ("LOKET_SMTP_HOST", "h"),
                    ("LOKET_SMTP_FROM", "bukan alamat"),
                ],
                "LOKET_SMTP_FROM=`bukan alamat`",
            ),
        ];
        for (vars, expected) in cases {
            let err = from(vars).expect_err("invalid").to_string();
            assert!(err.contains(expected), "{err}");
            assert!(!err.contains("sangat-rahasia"), "{err}");
        }
    }

    #[test]
    fn secrets_are_cut_out() {
        let secrets = vec!["s3cr3t!".to_string(), "ab".to_string()];
        assert_eq!(
            redact("535 bad password s3cr3t! for ab", &secrets),
            "535 bad password *** for ab"
        );
    }
}
