//! Registered contacts: the addresses an agency may be sent notices at,
//! kept in `loket.yaml` as salted, slow hashes so that a public
//! repository does not show officials' mobile numbers and email addresses
//! (UU 27/2022 on personal data). A request's `penanggung_jawab` is sent
//! notices only when its address matches one of its agency's hashes.
//!
//! A hash reads `$pbkdf2-sha256$<iterations>$<salt, hex>$<hash, hex>`:
//! PBKDF2-HMAC-SHA256 (ring) of the normalised address (an email in lower
//! case, a mobile number as `628…`). Pure; the salt comes in from the
//! caller (`loket kontak`).

use std::fmt;
use std::num::NonZeroU32;
use std::str::FromStr;

use crate::validate::contact::{mobile_number, split_email};

/// Iterations of a new hash (OWASP's 2023 advice for PBKDF2-HMAC-SHA256).
pub(crate) const DEFAULT_ITERATIONS: u32 = 600_000;
/// The fewest iterations a registered hash may use.
pub(crate) const MIN_ITERATIONS: u32 = 100_000;
/// Bytes of salt.
pub(crate) const SALT_LEN: usize = 16;
const HASH_LEN: usize = 32;
const SCHEME: &str = "pbkdf2-sha256";

/// One registered contact: a salted hash of an address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactHash {
    iterations: NonZeroU32,
    salt: Vec<u8>,
    hash: [u8; HASH_LEN],
}

/// An address in the form that is hashed: an email in lower case, a
/// mobile number as `628…`; `None` when it is neither.
pub(crate) fn normalise(address: &str) -> Option<String> {
    let address = address.trim();
    if address.contains('@') {
        split_email(address).map(|_| address.to_ascii_lowercase())
    } else {
        mobile_number(address)
    }
}

impl ContactHash {
    /// The hash of `address` (normalised first) with `salt`; `None` when
    /// `address` is neither an email nor a mobile number.
    pub fn new(address: &str, salt: &[u8], iterations: u32) -> Option<ContactHash> {
        let iterations = NonZeroU32::new(iterations)?;
        let normal = normalise(address)?;
        Some(ContactHash {
            iterations,
            salt: salt.to_vec(),
            hash: derive(&normal, salt, iterations),
        })
    }

    /// Whether `address` is the one hashed.
    pub fn matches(&self, address: &str) -> bool {
        let Some(normal) = normalise(address) else {
            return false;
        };
        ring::pbkdf2::verify(
            ring::pbkdf2::PBKDF2_HMAC_SHA256,
            self.iterations,
            &self.salt,
            normal.as_bytes(),
            &self.hash,
        )
        .is_ok()
    }
}

fn derive(normal: &str, salt: &[u8], iterations: NonZeroU32) -> [u8; HASH_LEN] {
    let mut out = [0u8; HASH_LEN];
    ring::pbkdf2::derive(
        ring::pbkdf2::PBKDF2_HMAC_SHA256,
        iterations,
        salt,
        normal.as_bytes(),
        &mut out,
    );
    out
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

impl FromStr for ContactHash {
    type Err = ();
    /// `$pbkdf2-sha256$<iterations ≥ MIN_ITERATIONS>$<salt hex, ≥ 16 bytes>$<64 hex digits>`.
    fn from_str(s: &str) -> Result<Self, ()> {
        let mut parts = s.trim().split('$');
        let (Some(""), Some(SCHEME), Some(n), Some(salt), Some(hash), None) = (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        ) else {
            return Err(());
        };
        let iterations = n
            .parse::<u32>()
            .ok()
            .filter(|n| *n >= MIN_ITERATIONS && !n.to_string().starts_with('0'))
            .and_then(NonZeroU32::new)
            .ok_or(())?;
        let lower = |t: &str| !t.bytes().any(|b| b.is_ascii_uppercase());
        let salt = unhex(salt)
            .filter(|s| s.len() >= SALT_LEN && lower(salt))
            .ok_or(())?;
        let hash = unhex(hash)
            .filter(|_| lower(hash))
            .and_then(|h| <[u8; HASH_LEN]>::try_from(h).ok())
            .ok_or(())?;
        Ok(ContactHash {
            iterations,
            salt,
            hash,
        })
    }
}

impl fmt::Display for ContactHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "${SCHEME}${}${}${}",
            self.iterations,
            hex(&self.salt),
            hex(&self.hash)
        )
    }
}

impl crate::input::decode::Decode for ContactHash {
    fn decode(
        node: &crate::input::source::Spanned<crate::input::yaml::Node>,
        cx: &mut crate::input::decode::Cx,
    ) -> Option<Self> {
        cx.parse(node, |_| {
            let expected = crate::input::diagnostic::Arg::Words {
                id: "hash kontak yang ditulis `loket kontak` ($pbkdf2-sha256$…, minimal 100000 iterasi)",
                en: "a contact hash written by `loket kontak` ($pbkdf2-sha256$…, at least 100000 iterations)",
            };
            (expected, None)
        })
    }
}

impl schemars::JsonSchema for ContactHash {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ContactHash".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^\\$pbkdf2-sha256\\$[1-9][0-9]{5,9}\\$([0-9a-f]{2}){16,}\\$[0-9a-f]{64}$"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_round_trip_and_match_the_normalised_address() {
        let salt = [7u8; SALT_LEN];
        let h = ContactHash::new("Web@B.contohkab.go.id", &salt, MIN_ITERATIONS).expect("hash");
        let text = h.to_string();
        assert!(text.starts_with("$pbkdf2-sha256$100000$0707"), "{text}");
        let back: ContactHash = text.parse().expect("parse");
        assert_eq!(back, h);
        assert!(back.matches(" web@b.contohkab.go.id"));
        assert!(!back.matches("web2@b.contohkab.go.id"));
        let m = ContactHash::new("0812 3456 7890", &salt, MIN_ITERATIONS).expect("hash");
        assert!(m.matches("+62 812-3456-7890"));
        assert!(!m.matches("0812 3456 7891"));
        assert!(
            !m.matches("(0511) 3350-1234"),
            "a landline is never a match"
        );
        assert_eq!(
            ContactHash::new("0511 3350 1234", &salt, MIN_ITERATIONS),
            None
        );
    }

    #[test]
    fn weak_or_malformed_hashes_are_refused() {
        let good = ContactHash::new("a@b.go.id", &[1; SALT_LEN], MIN_ITERATIONS)
            .expect("hash")
            .to_string();
        assert!(good.parse::<ContactHash>().is_ok());
        let weak = good.replace("$100000$", "$99999$");
        let short_salt = good.replace("$01010101010101010101010101010101$", "$0101$");
        let upper = good
            .to_uppercase()
            .replace("PBKDF2-SHA256", "pbkdf2-sha256");
        for bad in [
            weak.as_str(),
            short_salt.as_str(),
            upper.as_str(),
            "web@b.contohkab.go.id",
            "$pbkdf2-sha256$100000$zz$00",
            "",
        ] {
            assert!(bad.parse::<ContactHash>().is_err(), "{bad}");
        }
    }
}
