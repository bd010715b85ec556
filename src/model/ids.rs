//! Identifiers of the domain: slugs, GitHub handles and request ids.
//!
//! Each is a newtype that cannot hold an invalid value: `FromStr`
//! validates, `Display` writes back exactly what was parsed.

use std::fmt;
use std::str::FromStr;

use crate::input::decode::{Cx, Decode};
use crate::input::diagnostic::Arg;
use crate::input::source::Spanned;
use crate::input::yaml::Node;

/// Whether `s` is a slug: 1–63 of `a-z0-9-`, not starting or ending with `-`.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 63
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

macro_rules! slug {
    ($( $(#[$meta:meta])* $name:ident ),* $(,)?) => {$(
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(String);

        impl $name {
            /// The slug as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl FromStr for $name {
            type Err = ();
            fn from_str(s: &str) -> Result<Self, ()> {
                if is_slug(s) { Ok($name(s.to_string())) } else { Err(()) }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl Decode for $name {
            fn decode(node: &Spanned<Node>, cx: &mut Cx) -> Option<Self> {
                cx.parse(node, |_| {
                    let expected = Arg::Words {
                        id: "huruf kecil a-z, angka dan tanda hubung (-)",
                        en: "lower-case letters a-z, digits and hyphens (-)",
                    };
                    (expected, None)
                })
            }
        }

        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({
                    "type": "string",
                    "pattern": "^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$"
                })
            }
        }
    )*};
}

slug! {
    /// An agency (perangkat daerah), e.g. `dinas-pendidikan`.
    AgencyId,
    /// A service standard (layanan), e.g. `subdomain-baru`.
    ServiceId,
    /// A requirement (persyaratan) of a service.
    RequirementId,
    /// A stage (tahapan) of a service's procedure.
    StageId,
    /// An officer role (peran), e.g. `kepala-seksi-ti`.
    RoleId,
    /// A complaint channel (kanal pengaduan), e.g. `sp4n-lapor`.
    ChannelId,
}

/// A GitHub account name, compared without regard to case.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Handle(String);

impl Handle {
    /// The handle in lower case.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for Handle {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        let s = s.strip_prefix('@').unwrap_or(s);
        let ok = !s.is_empty()
            && s.len() <= 39
            && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !s.starts_with('-')
            && !s.ends_with('-')
            && !s.contains("--");
        ok.then(|| Handle(s.to_ascii_lowercase())).ok_or(())
    }
}

impl fmt::Display for Handle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Decode for Handle {
    fn decode(node: &Spanned<Node>, cx: &mut Cx) -> Option<Self> {
        cx.parse(node, |_| {
            let expected = Arg::Words {
                id: "nama akun GitHub",
                en: "a GitHub account name",
            };
            (expected, None)
        })
    }
}

impl schemars::JsonSchema for Handle {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Handle".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^@?[A-Za-z0-9](-?[A-Za-z0-9]){0,38}$"
        })
    }
}

/// A request's ticket number: year and sequence, written `2026-0007`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RequestId {
    /// The year the request was filed.
    pub year: u16,
    /// The sequence number within the year, from 1.
    pub number: u16,
}

impl FromStr for RequestId {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        let (year, number) = s.split_once('-').ok_or(())?;
        let digits = |t: &str, n: usize| t.len() == n && t.bytes().all(|b| b.is_ascii_digit());
        if !digits(year, 4) || !digits(number, 4) {
            return Err(());
        }
        let year = year.parse().map_err(|_| ())?;
        let number: u16 = number.parse().map_err(|_| ())?;
        if number == 0 {
            return Err(());
        }
        Ok(RequestId { year, number })
    }
}

impl fmt::Display for RequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:04}", self.year, self.number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_ids_round_trip() {
        let id: RequestId = "2026-0007".parse().unwrap();
        assert_eq!(id.to_string(), "2026-0007");
        for bad in ["2026-7", "26-0007", "2026-0000", "2026_0007", "2026-00a7"] {
            assert!(bad.parse::<RequestId>().is_err(), "{bad}");
        }
    }

    #[test]
    fn slugs_and_handles() {
        assert!("dinas-pendidikan".parse::<AgencyId>().is_ok());
        for bad in ["Dinas", "-a", "a-", "", "a_b"] {
            assert!(bad.parse::<AgencyId>().is_err(), "{bad}");
        }
        assert_eq!("@Kasi-TI".parse::<Handle>().unwrap().as_str(), "kasi-ti");
        assert!("a--b".parse::<Handle>().is_err());
    }
}
