//! Talking to name servers: TSIG-signed RFC 2136 updates and plain
//! queries, over TCP, with hickory-proto's messages and TSIG signer.
//!
//! The one module of [`crate::dns`] that opens a socket. Blocking and
//! bounded: every read and write has a timeout.

use std::io::{Read, Write};
use std::net::{IpAddr, SocketAddr, TcpStream, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Seconds since the epoch, the time updates are signed at.
pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

use hickory_proto::op::{Message, MessageType, OpCode, Query, ResponseCode};
use hickory_proto::rr::rdata::tsig::{TsigAlgorithm, TsigError};
use hickory_proto::rr::rdata::{A, AAAA, CNAME, MX, NS, TXT};
use hickory_proto::rr::{self, DNSClass, RData, RecordType, TSigner};
use hickory_proto::serialize::binary::{BinDecoder, Restrict};

use crate::dns::audit::Resolution;
use crate::dns::diff::{Change, Prerequisite};
use crate::dns::name::Name;
use crate::dns::record::Record;

/// Why talking to a server failed.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum ClientError {
    /// `HOST:PORT` does not name a server.
    #[error("`{0}` is not HOST:PORT")]
    #[diagnostic(code(loket::dns::server))]
    Address(String),
    /// The key file is not a BIND key statement.
    #[error("the key file is not a TSIG key: {0}")]
    #[diagnostic(
        code(loket::dns::key),
        help(
            "write it as tsig-keygen does: key \"name\" {{ algorithm hmac-sha256; secret \"…\"; }};"
        )
    )]
    Key(String),
    /// The connection failed or timed out.
    #[error("{server}: {source}")]
    #[diagnostic(code(loket::dns::network))]
    Network {
        /// The server.
        server: SocketAddr,
        /// The cause.
        source: std::io::Error,
    },
    /// The server refused the TSIG key.
    #[error("{server} refused the TSIG key `{key}`: {reason}")]
    #[diagnostic(
        code(loket::dns::tsig),
        help(
            "check that the key file holds the same name, algorithm and secret as the server's key statement, and that the clocks agree"
        )
    )]
    BadKey {
        /// The server.
        server: SocketAddr,
        /// The key's name.
        key: String,
        /// What the server said.
        reason: &'static str,
    },
    /// The update of one name does not fit one DNS message (65,535 bytes
    /// over TCP, the TSIG signature included): it is not sent.
    #[error("the update of {name} needs {size} bytes, more than one DNS message holds (65,535)")]
    #[diagnostic(
        code(loket::dns::too_large),
        help(
            "a name's records must fit one message: lower the records of that name (dns.batas in loket.yaml)"
        )
    )]
    TooLarge {
        /// The name.
        name: String,
        /// The message's size with its signature.
        size: usize,
    },
    /// The server answered, but not as DNS or not signed by our key.
    #[error("{server} answered something loket cannot use: {reason}")]
    #[diagnostic(code(loket::dns::protocol))]
    Protocol {
        /// The server.
        server: SocketAddr,
        /// What is wrong.
        reason: String,
    },
    /// The system's resolver configuration cannot be read.
    #[error("cannot read {}: {source}", path.display())]
    #[diagnostic(code(loket::io))]
    ResolvConf {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The system's resolver configuration names no name server.
    #[error("no nameserver in {}", .0.display())]
    #[diagnostic(code(loket::usage), help("pass --resolver HOST:PORT"))]
    NoNameserver(PathBuf),
}

/// A TSIG key as BIND writes it: `key "name" { algorithm …; secret "…"; };`.
#[derive(Clone)]
pub struct TsigKey {
    /// The key's name, known to the server.
    pub name: String,
    algorithm: TsigAlgorithm,
    secret: Vec<u8>,
}

impl std::fmt::Debug for TsigKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TsigKey({}, secret hidden)", self.name)
    }
}

impl FromStr for TsigKey {
    type Err = ClientError;
    fn from_str(text: &str) -> Result<Self, ClientError> {
        let bad = |what: &str| ClientError::Key(what.to_string());
        let code: String = text
            .lines()
            .map(|l| {
                l.split(['#'])
                    .next()
                    .unwrap_or("")
                    .split("//")
                    .next()
                    .unwrap_or("")
            })
            .collect::<Vec<_>>()
            .join(" ");
        let mut tokens = code
            .split(|c: char| c.is_whitespace() || matches!(c, '{' | '}' | ';'))
            .filter(|t| !t.is_empty())
            .map(|t| t.trim_matches('"'));
        tokens
            .by_ref()
            .find(|t| *t == "key")
            .ok_or_else(|| bad("no `key` statement"))?;
        let name = tokens.next().ok_or_else(|| bad("no key name"))?.to_string();
        let (mut algorithm, mut secret) = (None, None);
        while let Some(t) = tokens.next() {
            match t {
                "algorithm" => algorithm = tokens.next(),
                "secret" => secret = tokens.next(),
                _ => {}
            }
        }
        let algorithm = match algorithm.ok_or_else(|| bad("no algorithm"))? {
            "hmac-sha256" => TsigAlgorithm::HmacSha256,
            "hmac-sha384" => TsigAlgorithm::HmacSha384,
            "hmac-sha512" => TsigAlgorithm::HmacSha512,
            other => {
                return Err(bad(&format!(
                    "algorithm `{other}` is not supported (use hmac-sha256)"
                )));
            }
        };
        let secret = base64(secret.ok_or_else(|| bad("no secret"))?)
            .ok_or_else(|| bad("the secret is not base64"))?;
        Ok(TsigKey {
            name,
            algorithm,
            secret,
        })
    }
}

fn base64(text: &str) -> Option<Vec<u8>> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let digits: Vec<u8> = text
        .bytes()
        .filter(|b| *b != b'=')
        .map(value)
        .collect::<Option<_>>()?;
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let n =
            chunk.iter().fold(0u32, |acc, d| (acc << 6) | u32::from(*d)) << (6 * (4 - chunk.len()));
        let bytes = n.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    (!out.is_empty()).then_some(out)
}

/// Resolves `HOST:PORT`.
pub fn server(text: &str) -> Result<SocketAddr, ClientError> {
    text.to_socket_addrs()
        .ok()
        .and_then(|mut a| a.next())
        .ok_or_else(|| ClientError::Address(text.to_string()))
}

fn hname(name: &Name) -> Result<rr::Name, String> {
    rr::Name::from_ascii(name.to_string()).map_err(|e| e.to_string())
}

/// A record of ours as hickory's record data.
pub fn rdata(record: &Record) -> Result<RData, String> {
    Ok(match record {
        Record::A(ip) => RData::A(A(*ip)),
        Record::Aaaa(ip) => RData::AAAA(AAAA(*ip)),
        Record::Cname(n) => RData::CNAME(CNAME(hname(n)?)),
        Record::Ns(n) => RData::NS(NS(hname(n)?)),
        Record::Mx {
            preference,
            exchange,
        } => RData::MX(MX::new(*preference, hname(exchange)?)),
        Record::Txt(txt) => RData::TXT(TXT::from_bytes(txt.strings().collect())),
        Record::Caa(caa) => {
            // Through the wire form, so the value's bytes stay as they are.
            let tag = caa.tag.as_str().as_bytes();
            let mut wire = vec![caa.flags, tag.len() as u8];
            wire.extend_from_slice(tag);
            wire.extend_from_slice(caa.value.as_bytes());
            let len = u16::try_from(wire.len()).map_err(|e| e.to_string())?;
            RData::read(
                &mut BinDecoder::new(&wire),
                RecordType::CAA,
                Restrict::new(len),
            )
            .map_err(|e| e.to_string())?
        }
    })
}

/// Query type of a record of ours.
pub fn record_type(record: &Record) -> RecordType {
    match record {
        Record::A(_) => RecordType::A,
        Record::Aaaa(_) => RecordType::AAAA,
        Record::Cname(_) => RecordType::CNAME,
        Record::Ns(_) => RecordType::NS,
        Record::Mx { .. } => RecordType::MX,
        Record::Txt(_) => RecordType::TXT,
        Record::Caa(_) => RecordType::CAA,
    }
}

fn message_id() -> u16 {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    (nanos ^ (nanos >> 16)) as u16
}

/// Sends `bytes` over TCP and returns the answer's bytes.
fn exchange(server: SocketAddr, bytes: &[u8], timeout: Duration) -> Result<Vec<u8>, ClientError> {
    let net = |source| ClientError::Network { server, source };
    let mut stream = TcpStream::connect_timeout(&server, timeout).map_err(net)?;
    stream.set_read_timeout(Some(timeout)).map_err(net)?;
    stream.set_write_timeout(Some(timeout)).map_err(net)?;
    let len = u16::try_from(bytes.len()).map_err(|_| ClientError::Protocol {
        server,
        reason: "the message is larger than 64 KiB".into(),
    })?;
    let mut framed = len.to_be_bytes().to_vec();
    framed.extend_from_slice(bytes);
    stream.write_all(&framed).map_err(net)?;
    let mut len = [0u8; 2];
    stream.read_exact(&mut len).map_err(net)?;
    let mut answer = vec![0u8; usize::from(u16::from_be_bytes(len))];
    stream.read_exact(&mut answer).map_err(net)?;
    Ok(answer)
}

/// The most a DNS message over TCP holds.
const MAX_MESSAGE: usize = 65_535;

/// An upper bound of the TSIG record's size for `key`: owner (the key's
/// name), type, class, TTL and length, the algorithm's name, time, fudge,
/// MAC (at most 64 bytes), original id, error and other data.
fn tsig_size(key: &TsigKey) -> usize {
    key.name.len() + 2 + 10 + 16 + 6 + 2 + 2 + 64 + 2 + 2 + 2
}

/// The size of `message` as sent: its encoding when that holds every
/// record (hickory stops writing at 64 KiB without saying so), else the
/// sum of its records encoded one by one.
fn encoded_size(message: &Message, answers: usize, authorities: usize) -> usize {
    use hickory_proto::serialize::binary::BinEncodable;
    let whole = message.to_vec().ok().filter(|bytes| {
        Message::from_vec(bytes)
            .is_ok_and(|m| m.answers.len() == answers && m.authorities.len() == authorities)
    });
    whole.map_or_else(
        || {
            let header_and_zone = 12
                + message
                    .queries
                    .iter()
                    .map(|q| q.to_bytes().map_or(0, |b| b.len()))
                    .sum::<usize>();
            message
                .answers
                .iter()
                .chain(&message.authorities)
                .map(|r| r.to_bytes().map_or(MAX_MESSAGE, |b| b.len()))
                .sum::<usize>()
                + header_and_zone
        },
        |bytes| bytes.len(),
    )
}

/// Sends the update of one [`Change`] to `server` in zone `zone`, signed
/// with `key` at `now` (seconds since the epoch): its prerequisite,
/// deletions of removed records, additions. An update that cannot travel
/// whole in one signed message is refused before anything is sent, so a
/// TSIG error from the server is about the key, never about a message cut
/// short. Returns the server's response code (NOERROR when applied).
pub fn update(
    server: SocketAddr,
    zone: &Name,
    change: &Change,
    key: &TsigKey,
    timeout: Duration,
    now: u64,
) -> Result<ResponseCode, ClientError> {
    let protocol = |reason: String| ClientError::Protocol { server, reason };
    let owner = hname(&change.fqdn).map_err(protocol)?;
    let mut message = Message::new(message_id(), MessageType::Query, OpCode::Update);
    let mut zone_query = Query::query(hname(zone).map_err(protocol)?, RecordType::SOA);
    zone_query.set_query_class(DNSClass::IN);
    message.add_query(zone_query);
    match change.prerequisite() {
        Prerequisite::NxDomain => {
            let mut pre = rr::Record::update0(owner.clone(), 0, RecordType::ANY);
            pre.dns_class = DNSClass::NONE;
            message.add_answer(pre);
        }
        Prerequisite::YxDomain => {
            let mut pre = rr::Record::update0(owner.clone(), 0, RecordType::ANY);
            pre.dns_class = DNSClass::ANY;
            message.add_answer(pre);
        }
        Prerequisite::None => {}
    }
    for (_, record) in &change.removed {
        let mut rr = rr::Record::from_rdata(owner.clone(), 0, rdata(record).map_err(protocol)?);
        rr.dns_class = DNSClass::NONE;
        message.add_authority(rr);
    }
    for (ttl, record) in &change.added {
        let mut rr = rr::Record::from_rdata(owner.clone(), *ttl, rdata(record).map_err(protocol)?);
        rr.dns_class = DNSClass::IN;
        message.add_authority(rr);
    }
    let too_large = |size| ClientError::TooLarge {
        name: change.fqdn.to_string(),
        size,
    };
    let (answers, authorities) = (message.answers.len(), message.authorities.len());
    let size = encoded_size(&message, answers, authorities) + tsig_size(key);
    if size > MAX_MESSAGE {
        return Err(too_large(size));
    }
    let signer = TSigner::new(
        key.secret.clone(),
        key.algorithm.clone(),
        rr::Name::from_ascii(&key.name).map_err(|e| protocol(e.to_string()))?,
        300,
    )
    .map_err(|e| protocol(e.to_string()))?;
    let verifier = message
        .finalize(&signer, now)
        .map_err(|e| protocol(e.to_string()))?;
    let bytes = message.to_vec().map_err(|e| protocol(e.to_string()))?;
    // What goes out must be what was signed, whole.
    let sent = Message::from_vec(&bytes).map_err(|e| protocol(e.to_string()))?;
    if sent.answers.len() != answers
        || sent.authorities.len() != authorities
        || sent.signature().is_none()
    {
        return Err(too_large(bytes.len()));
    }
    let answer = exchange(server, &bytes, timeout)?;
    let response = Message::from_vec(&answer).map_err(|e| protocol(e.to_string()))?;
    let bad_key = |reason| ClientError::BadKey {
        server,
        key: key.name.clone(),
        reason,
    };
    // A server that rejects the key answers unsigned, with the TSIG error
    // set; hickory's verifier would only say the MAC is "truncated".
    match response.signature().and_then(|s| s.data.error) {
        Some(TsigError::BadSig) => return Err(bad_key("wrong secret (BADSIG)")),
        Some(TsigError::BadKey) => return Err(bad_key("unknown key or algorithm (BADKEY)")),
        Some(TsigError::BadTime) => return Err(bad_key("clock differs too much (BADTIME)")),
        Some(_) => return Err(bad_key("the signature was refused")),
        None => {}
    }
    if let Some(mut verifier) = verifier {
        verifier
            .verify(&answer)
            .map_err(|e| protocol(format!("the answer is not signed with the key: {e}")))?;
    }
    Ok(response.metadata.response_code)
}

/// What a query found.
#[derive(Debug, Clone)]
pub struct Answer {
    /// The response code (NOERROR, NXDOMAIN, REFUSED, …).
    pub code: ResponseCode,
    /// The answer section's data of the asked type.
    pub data: Vec<RData>,
}

/// Asks `server` for `name`'s records of `kind` (no recursion wanted when
/// `recurse` is false).
pub fn query(
    server: SocketAddr,
    name: &Name,
    kind: RecordType,
    recurse: bool,
    timeout: Duration,
) -> Result<Answer, ClientError> {
    let protocol = |reason: String| ClientError::Protocol { server, reason };
    let mut message = Message::new(message_id(), MessageType::Query, OpCode::Query);
    message.metadata.recursion_desired = recurse;
    message.add_query(Query::query(hname(name).map_err(protocol)?, kind));
    let bytes = message.to_vec().map_err(|e| protocol(e.to_string()))?;
    let answer = exchange(server, &bytes, timeout)?;
    let response = Message::from_vec(&answer).map_err(|e| protocol(e.to_string()))?;
    Ok(Answer {
        code: response.metadata.response_code,
        data: response
            .answers
            .iter()
            .filter(|r| r.record_type() == kind)
            .map(|r| r.data.clone())
            .collect(),
    })
}

/// The name server to ask: `text` (`HOST:PORT`) when given, else the
/// system's ([`system_resolver`]).
pub fn chosen(text: Option<&str>) -> Result<SocketAddr, ClientError> {
    text.map_or_else(system_resolver, server)
}

/// The system's resolver: the first `nameserver` of /etc/resolv.conf, port 53.
pub fn system_resolver() -> Result<SocketAddr, ClientError> {
    let path = Path::new("/etc/resolv.conf");
    let text = std::fs::read_to_string(path).map_err(|source| ClientError::ResolvConf {
        path: path.to_path_buf(),
        source,
    })?;
    text.lines()
        .filter_map(|l| l.trim().strip_prefix("nameserver"))
        .filter_map(|a| a.trim().parse::<IpAddr>().ok())
        .map(|ip| SocketAddr::new(ip, 53))
        .next()
        .ok_or_else(|| ClientError::NoNameserver(path.to_path_buf()))
}

/// Whether `target` exists, as the audit asks `server` (an A query,
/// recursion wanted): NXDOMAIN is missing, NOERROR resolves, anything
/// else (a failure included) cannot tell.
pub fn resolution(server: SocketAddr, target: &Name, timeout: Duration) -> Resolution {
    match query(server, target, RecordType::A, true, timeout) {
        Ok(answer) if answer.code == ResponseCode::NXDomain => {
            Resolution::Missing("NXDOMAIN".into())
        }
        Ok(answer) if answer.code == ResponseCode::NoError => Resolution::Resolves,
        Ok(answer) => Resolution::Unknown(format!("{:?}", answer.code)),
        Err(e) => Resolution::Unknown(e.to_string()),
    }
}

/// The first IPv4 address `server` gives for `host` (recursion wanted),
/// or why there is none, as the web audit's fetcher reads it.
pub fn address(server: SocketAddr, host: &str, timeout: Duration) -> Result<IpAddr, String> {
    let name: Name = host.parse().map_err(|e| format!("{host}: {e}"))?;
    let answer = query(server, &name, RecordType::A, true, timeout).map_err(|e| e.to_string())?;
    answer
        .data
        .iter()
        .find_map(|d| match d {
            RData::A(a) => Some(IpAddr::V4(a.0)),
            _ => None,
        })
        .ok_or_else(|| format!("{host}: no address ({:?})", answer.code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_read_as_tsig_keygen_writes_them() {
        let key: TsigKey =
            "key \"loket\" {\n\talgorithm hmac-sha256;\n\tsecret \"YWJjZA==\";\n};\n"
                .parse()
                .unwrap();
        assert_eq!(
            (key.name.as_str(), key.secret.as_slice()),
            ("loket", &b"abcd"[..])
        );
        assert!(format!("{key:?}").contains("hidden"));
        assert!(
            "key x { algorithm hmac-md5; secret \"YQ==\"; };"
                .parse::<TsigKey>()
                .is_err()
        );
        assert!("nothing".parse::<TsigKey>().is_err());
        assert_eq!(base64("aGVsbG8gd29ybGQ="), Some(b"hello world".to_vec()));
    }

    #[test]
    fn wire_len_is_what_hickory_encodes() {
        use crate::model::RecordType as Kind;
        use hickory_proto::serialize::binary::BinEncodable;
        let txt = "v=DKIM1; k=rsa; p=".to_string() + &"A".repeat(600);
        for (kind, data) in [
            (Kind::A, "103.28.12.10"),
            (Kind::Aaaa, "2404:8000:1024::20"),
            (Kind::Cname, "bappeda-tapin.github.io."),
            (Kind::Mx, "10 mail.tapinkab.go.id."),
            (Kind::Txt, "v=spf1 mx -all"),
            (Kind::Txt, txt.as_str()),
            (Kind::Txt, &"x".repeat(2048)),
            (Kind::Caa, "0 issuewild \"letsencrypt.org\""),
        ] {
            let record = Record::parse(kind, data).unwrap();
            let wire = rdata(&record).unwrap().to_bytes().unwrap();
            assert_eq!(record.wire_len(), wire.len(), "{record}");
        }
        let ns = Record::Ns("ns1.tapinkab.go.id".parse().unwrap());
        assert_eq!(ns.wire_len(), rdata(&ns).unwrap().to_bytes().unwrap().len());
    }
}
