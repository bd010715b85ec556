//! Addresses and names no record may point at: the one table of address
//! blocks, each with its name and source, the lookup that judges an
//! address, and the special-use domain names no CNAME or MX may target.
//!
//! The table holds every block of the IANA special-purpose registries
//! (IPv4 and IPv6, RFC 6890; copies in `data/iana/`, which the tests hold
//! the table to), IPv4 multicast, the IPv6 address space outside
//! `2000::/3` Global Unicast, and the deprecated IPv4-compatible form.
//! Every block is refused, even those IANA marks globally reachable
//! (anycast services, translation prefixes, ORCHIDv2): they are shared
//! infrastructure, never the host of an agency's site. One block is
//! judged by what it carries: a 6to4 address (`2002::/16`) is refused when
//! the IPv4 address inside it is.
//!
//! Pure data and functions; nothing here reads a file.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::sync::LazyLock;

use ipnet::IpNet;

/// Where a block's entry comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Registry {
    /// IANA IPv4 Special-Purpose Address Registry.
    SpecialV4,
    /// IANA IPv6 Special-Purpose Address Registry.
    SpecialV6,
    /// IANA IPv4 Address Space Registry (multicast).
    SpaceV4,
    /// IANA IPv6 Address Space Registry (everything outside `2000::/3`).
    SpaceV6,
    /// An RFC that deprecates a form no registry lists.
    Rfc,
}

/// How an address in a block is judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Judge {
    /// Always refused.
    Refuse,
    /// Judged by the IPv4 address in bits 16–47 (6to4, RFC 3056 §2).
    SixToFour,
}

/// One block of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block {
    /// The block, e.g. `10.0.0.0/8`.
    pub net: &'static str,
    /// Its name in its registry, e.g. `Private-Use`.
    pub name: &'static str,
    /// Where it is defined, e.g. `RFC 1918`.
    pub source: &'static str,
    /// The registry that lists it.
    pub registry: Registry,
    /// How its addresses are judged.
    pub judge: Judge,
}

const fn block(
    net: &'static str,
    name: &'static str,
    source: &'static str,
    registry: Registry,
) -> Block {
    Block {
        net,
        name,
        source,
        registry,
        judge: Judge::Refuse,
    }
}

use Registry::{Rfc, SpaceV4, SpaceV6, SpecialV4, SpecialV6};

/// Every block no A or AAAA record may point into. The names and sources
/// of registry entries are IANA's; a block inside another is matched
/// first (longest prefix).
pub const BLOCKS: &[Block] = &[
    // IANA IPv4 Special-Purpose Address Registry
    block("0.0.0.0/8", "\"This network\"", "RFC 791 §3.2", SpecialV4),
    block(
        "0.0.0.0/32",
        "\"This host on this network\"",
        "RFC 1122 §3.2.1.3",
        SpecialV4,
    ),
    block("10.0.0.0/8", "Private-Use", "RFC 1918", SpecialV4),
    block(
        "100.64.0.0/10",
        "Shared Address Space",
        "RFC 6598",
        SpecialV4,
    ),
    block("127.0.0.0/8", "Loopback", "RFC 1122 §3.2.1.3", SpecialV4),
    block("169.254.0.0/16", "Link Local", "RFC 3927", SpecialV4),
    block("172.16.0.0/12", "Private-Use", "RFC 1918", SpecialV4),
    block(
        "192.0.0.0/24",
        "IETF Protocol Assignments",
        "RFC 6890 §2.1",
        SpecialV4,
    ),
    block(
        "192.0.0.0/29",
        "IPv4 Service Continuity Prefix",
        "RFC 7335",
        SpecialV4,
    ),
    block("192.0.0.8/32", "IPv4 dummy address", "RFC 7600", SpecialV4),
    block(
        "192.0.0.9/32",
        "Port Control Protocol Anycast",
        "RFC 7723",
        SpecialV4,
    ),
    block(
        "192.0.0.10/32",
        "Traversal Using Relays around NAT Anycast",
        "RFC 8155",
        SpecialV4,
    ),
    block(
        "192.0.0.170/32",
        "NAT64/DNS64 Discovery",
        "RFC 8880, RFC 7050 §2.2",
        SpecialV4,
    ),
    block(
        "192.0.0.171/32",
        "NAT64/DNS64 Discovery",
        "RFC 8880, RFC 7050 §2.2",
        SpecialV4,
    ),
    block(
        "192.0.2.0/24",
        "Documentation (TEST-NET-1)",
        "RFC 5737",
        SpecialV4,
    ),
    block("192.31.196.0/24", "AS112-v4", "RFC 7535", SpecialV4),
    block("192.52.193.0/24", "AMT", "RFC 7450", SpecialV4),
    block(
        "192.88.99.0/24",
        "Deprecated (6to4 Relay Anycast)",
        "RFC 7526",
        SpecialV4,
    ),
    block(
        "192.88.99.2/32",
        "6a44-relay anycast address",
        "RFC 6751",
        SpecialV4,
    ),
    block("192.168.0.0/16", "Private-Use", "RFC 1918", SpecialV4),
    block(
        "192.175.48.0/24",
        "Direct Delegation AS112 Service",
        "RFC 7534",
        SpecialV4,
    ),
    block("198.18.0.0/15", "Benchmarking", "RFC 2544", SpecialV4),
    block(
        "198.51.100.0/24",
        "Documentation (TEST-NET-2)",
        "RFC 5737",
        SpecialV4,
    ),
    block(
        "203.0.113.0/24",
        "Documentation (TEST-NET-3)",
        "RFC 5737",
        SpecialV4,
    ),
    block("240.0.0.0/4", "Reserved", "RFC 1112 §4", SpecialV4),
    block(
        "255.255.255.255/32",
        "Limited Broadcast",
        "RFC 8190, RFC 919 §7",
        SpecialV4,
    ),
    // IANA IPv4 Address Space Registry
    block("224.0.0.0/4", "Multicast", "RFC 5771", SpaceV4),
    // IANA IPv6 Special-Purpose Address Registry
    block("::1/128", "Loopback Address", "RFC 4291", SpecialV6),
    block("::/128", "Unspecified Address", "RFC 4291", SpecialV6),
    block(
        "::ffff:0:0/96",
        "IPv4-mapped Address",
        "RFC 4291",
        SpecialV6,
    ),
    block("64:ff9b::/96", "IPv4-IPv6 Translat.", "RFC 6052", SpecialV6),
    block(
        "64:ff9b:1::/48",
        "IPv4-IPv6 Translat.",
        "RFC 8215",
        SpecialV6,
    ),
    block(
        "100::/64",
        "Discard-Only Address Block",
        "RFC 6666",
        SpecialV6,
    ),
    block("100:0:0:1::/64", "Dummy IPv6 Prefix", "RFC 9780", SpecialV6),
    block(
        "2001::/23",
        "IETF Protocol Assignments",
        "RFC 2928",
        SpecialV6,
    ),
    block("2001::/32", "TEREDO", "RFC 4380, RFC 8190", SpecialV6),
    block(
        "2001:1::1/128",
        "Port Control Protocol Anycast",
        "RFC 7723",
        SpecialV6,
    ),
    block(
        "2001:1::2/128",
        "Traversal Using Relays around NAT Anycast",
        "RFC 8155",
        SpecialV6,
    ),
    block(
        "2001:1::3/128",
        "DNS-SD Service Registration Protocol Anycast",
        "RFC 9665",
        SpecialV6,
    ),
    block(
        "2001:2::/48",
        "Benchmarking",
        "RFC 5180, RFC Errata 1752",
        SpecialV6,
    ),
    block("2001:3::/32", "AMT", "RFC 7450", SpecialV6),
    block("2001:4:112::/48", "AS112-v6", "RFC 7535", SpecialV6),
    block(
        "2001:10::/28",
        "Deprecated (previously ORCHID)",
        "RFC 4843",
        SpecialV6,
    ),
    block("2001:20::/28", "ORCHIDv2", "RFC 7343", SpecialV6),
    block(
        "2001:30::/28",
        "Drone Remote ID Protocol Entity Tags (DETs) Prefix",
        "RFC 9374",
        SpecialV6,
    ),
    block("2001:db8::/32", "Documentation", "RFC 3849", SpecialV6),
    Block {
        judge: Judge::SixToFour,
        ..block("2002::/16", "6to4", "RFC 3056", SpecialV6)
    },
    block(
        "2620:4f:8000::/48",
        "Direct Delegation AS112 Service",
        "RFC 7534",
        SpecialV6,
    ),
    block("3fff::/20", "Documentation", "RFC 9637", SpecialV6),
    block(
        "5f00::/16",
        "Segment Routing (SRv6) SIDs",
        "RFC 9602",
        SpecialV6,
    ),
    block("fc00::/7", "Unique-Local", "RFC 4193, RFC 8190", SpecialV6),
    block("fe80::/10", "Link-Local Unicast", "RFC 4291", SpecialV6),
    // Deprecated forms no registry lists
    block(
        "::/96",
        "IPv4-compatible Address (deprecated)",
        "RFC 4291 §2.5.5.1",
        Rfc,
    ),
    // IANA IPv6 Address Space Registry: all but 2000::/3 Global Unicast
    block("::/8", "Reserved by IETF", "RFC 4291", SpaceV6),
    block("100::/8", "Reserved by IETF", "RFC 4291", SpaceV6),
    block("200::/7", "Reserved by IETF", "RFC 4048", SpaceV6),
    block("400::/6", "Reserved by IETF", "RFC 4291", SpaceV6),
    block("800::/5", "Reserved by IETF", "RFC 4291", SpaceV6),
    block("1000::/4", "Reserved by IETF", "RFC 4291", SpaceV6),
    block("4000::/3", "Reserved by IETF", "RFC 4291", SpaceV6),
    block("6000::/3", "Reserved by IETF", "RFC 4291", SpaceV6),
    block("8000::/3", "Reserved by IETF", "RFC 4291", SpaceV6),
    block("a000::/3", "Reserved by IETF", "RFC 4291", SpaceV6),
    block("c000::/3", "Reserved by IETF", "RFC 4291", SpaceV6),
    block("e000::/4", "Reserved by IETF", "RFC 4291", SpaceV6),
    block("f000::/5", "Reserved by IETF", "RFC 4291", SpaceV6),
    block("f800::/6", "Reserved by IETF", "RFC 4291", SpaceV6),
    block("fe00::/9", "Reserved by IETF", "RFC 4291", SpaceV6),
    block("fec0::/10", "Site-Local (deprecated)", "RFC 3879", SpaceV6),
    block("ff00::/8", "Multicast", "RFC 4291", SpaceV6),
];

/// The table parsed once, longest prefix first.
static PARSED: LazyLock<Vec<(IpNet, &'static Block)>> = LazyLock::new(|| {
    let mut parsed: Vec<(IpNet, &'static Block)> = BLOCKS
        .iter()
        .filter_map(|b| b.net.parse::<IpNet>().ok().map(|n| (n, b)))
        .collect();
    parsed.sort_by_key(|(net, _)| std::cmp::Reverse(net.prefix_len()));
    parsed
});

/// Why an address is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refusal {
    /// The block that refuses it (for a 6to4 address: the block of the
    /// IPv4 address it carries).
    pub block: &'static Block,
    /// For an address judged by an IPv4 address inside it: that address
    /// and the block that carries it.
    pub embedded: Option<(Ipv4Addr, &'static Block)>,
}

impl Refusal {
    /// `value` as the finding shows it: with the carried IPv4 address,
    /// `2002:a00:1:: (6to4 → 10.0.0.1)`, when that is what was judged.
    pub fn shown(&self, value: &str) -> String {
        match self.embedded {
            Some((v4, carrier)) => format!("{value} ({} → {v4})", carrier.name),
            None => value.to_string(),
        }
    }
}

/// The most specific block holding `ip`.
pub fn block_of(ip: IpAddr) -> Option<&'static Block> {
    PARSED
        .iter()
        .find(|(net, _)| net.contains(&ip))
        .map(|(_, b)| *b)
}

/// Why `ip` may not be a record's address, or `None` when it may.
pub fn refusal(ip: IpAddr) -> Option<Refusal> {
    let block = block_of(ip)?;
    match (block.judge, ip) {
        (Judge::SixToFour, IpAddr::V6(v6)) => {
            let v4 = six_to_four(v6);
            let inner = block_of(IpAddr::V4(v4))?;
            Some(Refusal {
                block: inner,
                embedded: Some((v4, block)),
            })
        }
        _ => Some(Refusal {
            block,
            embedded: None,
        }),
    }
}

/// Special-use domain names (IANA Special-Use Domain Names registry, RFC
/// 6761, and ICANN's private-use TLD) that never lead to an agency's host
/// in the public DNS: the name and every name under it, with the source.
/// `ipv4only.arpa` answers with the special-purpose `192.0.0.170/171`.
pub const SPECIAL_NAMES: &[(&str, &str)] = &[
    ("localhost", "RFC 6761 §6.3"),
    ("invalid", "RFC 6761 §6.4"),
    ("test", "RFC 6761 §6.2"),
    ("example", "RFC 6761 §6.5"),
    ("local", "RFC 6762"),
    ("onion", "RFC 7686"),
    ("alt", "RFC 9476"),
    ("home.arpa", "RFC 8375"),
    ("ipv4only.arpa", "RFC 8880"),
    ("resolver.arpa", "RFC 9462"),
    ("service.arpa", "RFC 9665"),
    ("internal", "ICANN Board resolution 2024.07.29.06"),
];

/// Whether `name` (lower case, without a final dot) is `suffix` or under it.
pub fn is_under(name: &str, suffix: &str) -> bool {
    name == suffix
        || name
            .strip_suffix(suffix)
            .is_some_and(|rest| rest.ends_with('.'))
}

/// The special-use name `name` is or is under, with its source.
pub fn special_name(name: &str) -> Option<(&'static str, &'static str)> {
    SPECIAL_NAMES
        .iter()
        .copied()
        .find(|(suffix, _)| is_under(name, suffix))
}

/// The IPv4 address a 6to4 address `2002:AABB:CCDD::/48` carries.
pub fn six_to_four(ip: Ipv6Addr) -> Ipv4Addr {
    let s = ip.segments();
    let [a, b] = s[1].to_be_bytes();
    let [c, d] = s[2].to_be_bytes();
    Ipv4Addr::new(a, b, c, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(s: &str) -> Option<&'static str> {
        refusal(s.parse().unwrap()).map(|r| r.block.net)
    }

    #[test]
    fn every_block_parses_and_has_a_source() {
        for b in BLOCKS {
            let net: IpNet = b.net.parse().unwrap_or_else(|e| panic!("{}: {e}", b.net));
            assert_eq!(net.trunc(), net, "{} is not a network address", b.net);
            assert!(!b.name.is_empty() && b.source.starts_with("RFC "), "{b:?}");
        }
        assert_eq!(PARSED.len(), BLOCKS.len());
    }

    #[test]
    fn the_most_specific_block_answers() {
        assert_eq!(refused("0.0.0.0"), Some("0.0.0.0/32"));
        assert_eq!(refused("10.1.2.3"), Some("10.0.0.0/8"));
        assert_eq!(refused("192.0.0.9"), Some("192.0.0.9/32"));
        assert_eq!(refused("::"), Some("::/128"));
        assert_eq!(refused("::1"), Some("::1/128"));
        assert_eq!(refused("::a00:1"), Some("::/96"));
        assert_eq!(refused("::2:0:0:1"), Some("::/8"));
        assert_eq!(refused("2001:0:4136:e378::1"), Some("2001::/32"));
        assert_eq!(refused("2001:1::1"), Some("2001:1::1/128"));
        assert_eq!(refused("2001:1::4"), Some("2001::/23"));
        assert_eq!(refused("3fff:fff:ffff::1"), Some("3fff::/20"));
        assert_eq!(refused("fec0::1"), Some("fec0::/10"));
        assert_eq!(refused("4000::1"), Some("4000::/3"));
        assert_eq!(refused("103.28.12.10"), None);
        assert_eq!(refused("2404:8000:1024::20"), None);
        assert_eq!(
            refused("3fff:1000::1"),
            None,
            "3fff::/20 ends at 3fff:fff:…"
        );
    }

    #[test]
    fn a_6to4_address_is_judged_by_the_ipv4_address_it_carries() {
        let r = refusal("2002:a00:1::1".parse().unwrap()).unwrap();
        assert_eq!(r.block.net, "10.0.0.0/8");
        assert_eq!(r.shown("2002:a00:1::1"), "2002:a00:1::1 (6to4 → 10.0.0.1)");
        assert_eq!(refused("2002:7f00:1::"), Some("127.0.0.0/8"));
        assert_eq!(refused("2002:c000:204::1"), Some("192.0.2.0/24"));
        assert_eq!(refused("2002:671c:c0a::1"), None, "6to4 of 103.28.12.10");
    }

    /// The rows of an IANA registry CSV: quoted cells may hold commas,
    /// doubled quotes and line breaks.
    fn csv_rows(text: &str) -> Vec<Vec<String>> {
        let (mut rows, mut row, mut cell) = (Vec::new(), Vec::new(), String::new());
        let mut chars = text.chars().peekable();
        let mut quoted = false;
        while let Some(c) = chars.next() {
            match (c, quoted) {
                ('"', true) if chars.peek() == Some(&'"') => {
                    cell.push('"');
                    chars.next();
                }
                ('"', _) => quoted = !quoted,
                (',', false) => row.push(std::mem::take(&mut cell)),
                ('\n', false) => {
                    row.push(std::mem::take(&mut cell));
                    rows.push(std::mem::take(&mut row));
                }
                (c, _) => cell.push(c),
            }
        }
        rows
    }

    /// `[RFC8880][RFC7050], Section 2.2` as `RFC 8880, RFC 7050 §2.2`.
    fn source(cell: &str) -> String {
        let cell = cell
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .replace("] [", "][");
        let (refs, section) = match cell.split_once(", Section ") {
            Some((refs, s)) => (refs, Some(s)),
            None => (cell.as_str(), None),
        };
        let refs: Vec<String> = refs
            .trim_matches(['[', ']'])
            .split("][")
            .map(|r| r.replacen("RFC", "RFC ", 1).replace("RFC  ", "RFC "))
            .collect();
        let mut out = refs.join(", ");
        if let Some(s) = section {
            out.push_str(&format!(" §{s}"));
        }
        out
    }

    #[test]
    fn the_table_covers_every_registry_block() {
        let registries = [
            (
                Registry::SpecialV4,
                include_str!("../../data/iana/iana-ipv4-special-registry.csv"),
            ),
            (
                Registry::SpecialV6,
                include_str!("../../data/iana/iana-ipv6-special-registry.csv"),
            ),
        ];
        let mut listed = Vec::new();
        for (registry, text) in registries {
            let rows = csv_rows(text);
            assert_eq!(rows[0][0], "Address Block");
            for row in &rows[1..] {
                let name = row[1].as_str();
                for cell in row[0].split(", ") {
                    let net = cell.split(" [").next().unwrap_or(cell).trim();
                    listed.push(net.to_string());
                    let entry = BLOCKS
                        .iter()
                        .find(|b| b.net == net)
                        .unwrap_or_else(|| panic!("the table lacks IANA's {net} ({name})"));
                    assert_eq!(
                        (entry.registry, entry.name, entry.source),
                        (registry, name, source(&row[2]).as_str()),
                        "{net}"
                    );
                    let parsed: IpNet = net.parse().unwrap();
                    for ip in [parsed.network(), parsed.broadcast()] {
                        let judged = refusal(ip);
                        if entry.judge == Judge::SixToFour {
                            continue;
                        }
                        assert!(judged.is_some(), "{ip} of IANA's {net} is not refused");
                    }
                }
            }
        }
        for b in BLOCKS
            .iter()
            .filter(|b| matches!(b.registry, Registry::SpecialV4 | Registry::SpecialV6))
        {
            assert!(
                listed.contains(&b.net.to_string()),
                "{} is not in IANA's registry",
                b.net
            );
        }
    }

    #[test]
    fn special_names_match_whole_labels() {
        assert_eq!(
            special_name("localhost"),
            Some(("localhost", "RFC 6761 §6.3"))
        );
        assert_eq!(
            special_name("a.b.localhost").map(|s| s.0),
            Some("localhost")
        );
        assert_eq!(
            special_name("ipv4only.arpa").map(|s| s.0),
            Some("ipv4only.arpa")
        );
        assert_eq!(special_name("notlocalhost"), None);
        assert_eq!(special_name("localhost.example.com"), None);
        assert_eq!(special_name("example.com"), None);
        assert_eq!(special_name("in-addr.arpa"), None);
    }

    #[test]
    fn only_global_unicast_space_is_open_in_ipv6() {
        for first in 0..=0xffffu16 {
            for ip in [
                Ipv6Addr::new(first, 0x1234, 0x5678, 0, 0, 0, 0, 1),
                Ipv6Addr::new(
                    first, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff,
                ),
            ] {
                if first >> 13 != 0b001 {
                    assert!(
                        refusal(IpAddr::V6(ip)).is_some(),
                        "{ip} is outside 2000::/3"
                    );
                }
            }
        }
    }
}
