//! DNS records as typed values whose `Display` is zone-file syntax.
//!
//! A [`Record`] is built from a request's `{tipe, nilai}` by
//! [`Record::parse`] or directly. Whatever bytes a TXT or CAA value holds,
//! `Display` writes them inside quotes with `"`, `\` and every byte outside
//! printable ASCII escaped (`\DDD`), in strings of at most 255 bytes, so no
//! value can end a string, start a comment or a directive, or add a line.

use std::fmt::{self, Write as _};
use std::net::{Ipv4Addr, Ipv6Addr};
use std::str::FromStr;

use crate::dns::name::Name;
use crate::model::RecordType;

/// The longest TXT value loket accepts, in bytes.
pub const MAX_TXT_BYTES: usize = 2048;
/// The longest character-string of a TXT record (RFC 1035 §3.3).
pub const MAX_STRING_BYTES: usize = 255;

/// One record's type and data (owner and TTL are kept beside it).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Record {
    /// IPv4 address.
    A(Ipv4Addr),
    /// IPv6 address.
    Aaaa(Ipv6Addr),
    /// Alias to another name.
    Cname(Name),
    /// Mail exchanger.
    Mx {
        /// Lower is preferred.
        preference: u16,
        /// The mail host.
        exchange: Name,
    },
    /// Text.
    Txt(Txt),
    /// Certification authority authorisation.
    Caa(Caa),
    /// Name server (the zone's own, from the policy).
    Ns(Name),
}

/// TXT data: 1 to [`MAX_TXT_BYTES`] bytes, split into strings on output.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Txt(Vec<u8>);

impl Txt {
    /// The bytes, as one piece.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The character-strings the record is written as, each ≤ 255 bytes.
    pub fn strings(&self) -> impl Iterator<Item = &[u8]> {
        self.0.chunks(MAX_STRING_BYTES)
    }
}

impl FromStr for Txt {
    type Err = RecordError;
    fn from_str(s: &str) -> Result<Self, RecordError> {
        if s.is_empty() {
            return Err(RecordError::new("TXT kosong", "empty TXT"));
        }
        if s.len() > MAX_TXT_BYTES {
            return Err(RecordError::new(
                "TXT lebih dari 2048 bita",
                "TXT longer than 2048 bytes",
            ));
        }
        Ok(Txt(s.as_bytes().to_vec()))
    }
}

/// The property a CAA record sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CaaTag {
    /// Who may issue certificates.
    Issue,
    /// Who may issue wildcard certificates.
    IssueWild,
    /// Where to report violations.
    Iodef,
}

impl CaaTag {
    /// The tag as written.
    pub fn as_str(self) -> &'static str {
        match self {
            CaaTag::Issue => "issue",
            CaaTag::IssueWild => "issuewild",
            CaaTag::Iodef => "iodef",
        }
    }
}

/// A CAA record: `0 issue "letsencrypt.org"`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Caa {
    /// Flags (128: critical).
    pub flags: u8,
    /// The property.
    pub tag: CaaTag,
    /// The value, printable text without quotes or backslashes.
    pub value: String,
}

impl FromStr for Caa {
    type Err = RecordError;
    fn from_str(text: &str) -> Result<Self, RecordError> {
        let bad = || {
            RecordError::new(
                "CAA harus `<flag> <issue|issuewild|iodef> \"<nilai>\"`",
                "CAA must read `<flag> <issue|issuewild|iodef> \"<value>\"`",
            )
        };
        let mut parts = text.trim().splitn(3, ' ');
        let (Some(flags), Some(tag), Some(value)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(bad());
        };
        let tag = match tag {
            "issue" => CaaTag::Issue,
            "issuewild" => CaaTag::IssueWild,
            "iodef" => CaaTag::Iodef,
            _ => return Err(bad()),
        };
        let inner = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .filter(|v| !v.contains(['"', '\\']) && !v.chars().any(char::is_control))
            .ok_or_else(bad)?;
        Ok(Caa {
            flags: flags.parse().map_err(|_| bad())?,
            tag,
            value: inner.to_string(),
        })
    }
}

/// Why a value is not a record of its type, in both languages.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{en}")]
pub struct RecordError {
    /// In Bahasa Indonesia.
    pub id: &'static str,
    /// In English.
    pub en: &'static str,
}

impl RecordError {
    fn new(id: &'static str, en: &'static str) -> Self {
        RecordError { id, en }
    }
}

impl Record {
    /// Reads a record of type `kind` from its data as written in a request
    /// (`10 mail.example.com.` for MX, the bare text for TXT).
    pub fn parse(kind: RecordType, data: &str) -> Result<Record, RecordError> {
        let text = data.trim();
        let host = |t: &str| {
            t.parse::<Name>()
                .map_err(|_| RecordError::new("bukan nama host yang sah", "not a valid host name"))
        };
        match kind {
            RecordType::A => text.parse().map(Record::A).map_err(|_| {
                RecordError::new("bukan alamat IPv4 yang sah", "not a valid IPv4 address")
            }),
            RecordType::Aaaa => text.parse().map(Record::Aaaa).map_err(|_| {
                RecordError::new("bukan alamat IPv6 yang sah", "not a valid IPv6 address")
            }),
            RecordType::Cname => host(text).map(Record::Cname),
            RecordType::Mx => {
                let mut parts = text.split_whitespace();
                match (parts.next(), parts.next(), parts.next()) {
                    (Some(pref), Some(exchange), None) => Ok(Record::Mx {
                        preference: pref.parse().map_err(|_| {
                            RecordError::new(
                                "prioritas MX bukan angka",
                                "MX priority is not a number",
                            )
                        })?,
                        exchange: host(exchange)?,
                    }),
                    _ => Err(RecordError::new(
                        "MX harus `<prioritas> <host>`",
                        "MX must read `<priority> <host>`",
                    )),
                }
            }
            RecordType::Txt => data.parse().map(Record::Txt),
            RecordType::Caa => text.parse().map(Record::Caa),
        }
    }

    /// The record type as written in zone files.
    pub fn kind(&self) -> &'static str {
        match self {
            Record::A(_) => "A",
            Record::Aaaa(_) => "AAAA",
            Record::Cname(_) => "CNAME",
            Record::Mx { .. } => "MX",
            Record::Txt(_) => "TXT",
            Record::Caa(_) => "CAA",
            Record::Ns(_) => "NS",
        }
    }

    /// The data part alone, in zone-file syntax.
    pub fn data(&self) -> RData<'_> {
        RData(self)
    }

    /// The length of the record's data on the wire (RDATA, RFC 1035
    /// §3.3), names uncompressed: what the limits of `dns.batas` count.
    pub fn wire_len(&self) -> usize {
        // Each label's length byte, its characters and the root's zero byte.
        let name = |n: &Name| n.as_str().len() + 2;
        match self {
            Record::A(_) => 4,
            Record::Aaaa(_) => 16,
            Record::Cname(n) | Record::Ns(n) => name(n),
            Record::Mx { exchange, .. } => 2 + name(exchange),
            Record::Txt(txt) => txt.strings().map(|s| 1 + s.len()).sum(),
            Record::Caa(caa) => 2 + caa.tag.as_str().len() + caa.value.len(),
        }
    }
}

/// A record's data in zone-file syntax (see [`Record::data`]).
#[derive(Debug, Clone, Copy)]
pub struct RData<'a>(&'a Record);

impl fmt::Display for RData<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Record::A(ip) => write!(f, "{ip}"),
            Record::Aaaa(ip) => write!(f, "{ip}"),
            Record::Cname(name) | Record::Ns(name) => write!(f, "{name}"),
            Record::Mx {
                preference,
                exchange,
            } => write!(f, "{preference} {exchange}"),
            Record::Txt(txt) => {
                for (i, s) in txt.strings().enumerate() {
                    if i > 0 {
                        f.write_char(' ')?;
                    }
                    write_quoted(f, s)?;
                }
                Ok(())
            }
            Record::Caa(caa) => {
                write!(f, "{} {} ", caa.flags, caa.tag.as_str())?;
                write_quoted(f, caa.value.as_bytes())
            }
        }
    }
}

impl fmt::Display for Record {
    /// `TYPE data`, e.g. `MX 10 mx.example.com.`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.kind(), self.data())
    }
}

/// Writes `bytes` as one quoted zone-file string: `"` and `\` escaped with
/// a backslash, bytes outside printable ASCII as `\DDD`.
fn write_quoted(f: &mut impl fmt::Write, bytes: &[u8]) -> fmt::Result {
    f.write_char('"')?;
    for &b in bytes {
        match b {
            b'"' | b'\\' => {
                f.write_char('\\')?;
                f.write_char(b as char)?;
            }
            0x20..=0x7e => f.write_char(b as char)?,
            _ => write!(f, "\\{b:03}")?,
        }
    }
    f.write_char('"')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zone(kind: RecordType, data: &str) -> String {
        Record::parse(kind, data).unwrap().to_string()
    }

    #[test]
    fn records_print_as_zone_syntax() {
        assert_eq!(zone(RecordType::A, " 103.28.12.10 "), "A 103.28.12.10");
        assert_eq!(
            zone(RecordType::Aaaa, "2404:8000:1024::20"),
            "AAAA 2404:8000:1024::20"
        );
        assert_eq!(zone(RecordType::Cname, "X.github.io"), "CNAME x.github.io.");
        assert_eq!(
            zone(RecordType::Mx, "10 mx.example.com."),
            "MX 10 mx.example.com."
        );
        assert_eq!(
            zone(RecordType::Caa, "0 issue \"letsencrypt.org\""),
            "CAA 0 issue \"letsencrypt.org\""
        );
    }

    #[test]
    fn txt_cannot_break_out_of_its_quotes() {
        let hostile = "a\"; b\\ c\n$INCLUDE /etc/passwd\r\u{0}é";
        assert_eq!(
            zone(RecordType::Txt, hostile),
            "TXT \"a\\\"; b\\\\ c\\010$INCLUDE /etc/passwd\\013\\000\\195\\169\""
        );
        let long = zone(RecordType::Txt, &"x".repeat(600));
        let strings: Vec<&str> = long.trim_start_matches("TXT ").split(' ').collect();
        let lens: Vec<usize> = strings.iter().map(|s| s.len() - 2).collect();
        assert_eq!(lens, [255, 255, 90]);
        assert!(!zone(RecordType::Txt, &"x".repeat(600)).contains('\n'));
    }

    #[test]
    fn malformed_data_is_refused() {
        for (kind, data) in [
            (RecordType::A, "10.0.0"),
            (RecordType::A, "::1"),
            (RecordType::Aaaa, "1.2.3.4"),
            (RecordType::Cname, "a b"),
            (RecordType::Mx, "mail.example.com"),
            (RecordType::Mx, "10 mail.example.com extra"),
            (RecordType::Txt, ""),
            (RecordType::Caa, "0 issue letsencrypt.org"),
            (RecordType::Caa, "0 foo \"x\""),
        ] {
            assert!(Record::parse(kind, data).is_err(), "{kind} {data:?}");
        }
        assert!(Record::parse(RecordType::Txt, &"x".repeat(MAX_TXT_BYTES + 1)).is_err());
    }
}
