//! The TLS verdict on a name's certificate: what the handshake's check
//! said (trusted chain, valid for the name, in its validity period) and
//! how many days it has left. Pure: the edge passes what it saw and now.

use chrono::{DateTime, Utc};
use serde::Serialize;

/// Below this many days to expiry a certificate is a finding.
pub(crate) const EXPIRY_WARNING_DAYS: i64 = 21;

/// What the certificate check refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "problem", content = "detail")]
pub enum Refusal {
    /// Past its `notAfter`.
    Expired,
    /// Not valid for the name asked.
    WrongName,
    /// Any other refusal: unknown issuer, bad signature, not yet valid.
    Untrusted(String),
}

/// What the handshake saw of a name's certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Seen {
    /// What the check refused, if anything.
    pub refusal: Option<Refusal>,
    /// The leaf certificate's `notAfter`, when it could be read.
    pub not_after: Option<DateTime<Utc>>,
}

/// The verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "verdict")]
pub(crate) enum Verdict {
    /// Trusted, valid for the name, more than the warning days left.
    Good {
        /// Days left.
        days: i64,
    },
    /// Good but expiring within [`EXPIRY_WARNING_DAYS`].
    Expiring {
        /// Days left.
        days: i64,
    },
    /// Refused.
    Refused(Refusal),
}

/// The verdict on `seen` at `now`.
pub(crate) fn verdict(seen: &Seen, now: DateTime<Utc>) -> Verdict {
    let days = seen.not_after.map(|t| (t - now).num_days());
    match (&seen.refusal, days) {
        (Some(r), _) => Verdict::Refused(r.clone()),
        (None, Some(d)) if d < 0 => Verdict::Refused(Refusal::Expired),
        (None, Some(days)) if days < EXPIRY_WARNING_DAYS => Verdict::Expiring { days },
        (None, Some(days)) => Verdict::Good { days },
        (None, None) => Verdict::Refused(Refusal::Untrusted(
            "the certificate's expiry could not be read".into(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn verdicts() {
        let now = at("2026-11-25T00:00:00Z");
        let seen = |refusal, not_after: &str| Seen {
            refusal,
            not_after: Some(at(not_after)),
        };
        assert_eq!(
            verdict(&seen(None, "2027-02-01T00:00:00Z"), now),
            Verdict::Good { days: 68 }
        );
        assert_eq!(
            verdict(&seen(None, "2026-12-15T12:00:00Z"), now),
            Verdict::Expiring { days: 20 }
        );
        assert_eq!(
            verdict(&seen(None, "2026-12-16T00:00:00Z"), now),
            Verdict::Good { days: 21 }
        );
        assert_eq!(
            verdict(&seen(Some(Refusal::WrongName), "2027-02-01T00:00:00Z"), now),
            Verdict::Refused(Refusal::WrongName)
        );
        assert_eq!(
            verdict(&seen(None, "2026-11-01T00:00:00Z"), now),
            Verdict::Refused(Refusal::Expired)
        );
        assert!(matches!(
            verdict(
                &Seen {
                    refusal: None,
                    not_after: None
                },
                now
            ),
            Verdict::Refused(Refusal::Untrusted(_))
        ));
    }
}
