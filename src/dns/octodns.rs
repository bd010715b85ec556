//! The zone as octoDNS YAML, the format of octoDNS's `YamlProvider`: one
//! file `<domain>.yaml`, one key per name (`''` for the apex), in the
//! natural order octoDNS insists on, each holding a list of records.
//!
//! Every scalar is written as a JSON string, which YAML reads back as the
//! same text; TXT semicolons are escaped (`\;`) as octoDNS requires.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::dns::record::Record;
use crate::dns::zone::{Comment, Owner, Zone};

/// The file name octoDNS's YamlProvider looks for: `<domain>.yaml`.
pub fn file_name(zone: &Zone) -> String {
    format!("{}yaml", zone.origin)
}

fn quote(text: &str) -> String {
    crate::json::string(text)
}

/// One chunk of a natural-order key: text, or a run of digits.
#[derive(Debug, PartialEq, Eq)]
enum Chunk<'a> {
    Text(&'a str),
    Number(&'a str),
}

/// Splits like Python's natsort: text and digit runs alternating, always
/// starting with (possibly empty) text.
fn chunks(s: &str) -> Vec<Chunk<'_>> {
    let mut out = Vec::new();
    let mut rest = s;
    let mut text = true;
    while !rest.is_empty() || out.is_empty() {
        let end = rest
            .find(|c: char| c.is_ascii_digit() == text)
            .unwrap_or(rest.len());
        let (head, tail) = rest.split_at(end);
        out.push(if text {
            Chunk::Text(head)
        } else {
            Chunk::Number(head)
        });
        rest = tail;
        text = !text;
    }
    out
}

fn natural(a: &str, b: &str) -> Ordering {
    let number = |d: &str| {
        let d = d.trim_start_matches('0');
        (d.len(), d.to_string())
    };
    let (ca, cb) = (chunks(a), chunks(b));
    for (x, y) in ca.iter().zip(cb.iter()) {
        let ord = match (x, y) {
            (Chunk::Text(x), Chunk::Text(y)) => x.cmp(y),
            (Chunk::Number(x), Chunk::Number(y)) => number(x).cmp(&number(y)),
            _ => Ordering::Equal,
        };
        if ord != Ordering::Equal {
            return ord;
        }
    }
    ca.len().cmp(&cb.len())
}

fn value(record: &Record) -> String {
    match record {
        Record::A(ip) => quote(&ip.to_string()),
        Record::Aaaa(ip) => quote(&ip.to_string()),
        Record::Cname(n) | Record::Ns(n) => quote(&n.to_string()),
        Record::Mx {
            preference,
            exchange,
        } => format!(
            "{{exchange: {}, preference: {preference}}}",
            quote(&exchange.to_string())
        ),
        Record::Txt(txt) => {
            let text = String::from_utf8_lossy(txt.as_bytes());
            quote(&text.replace('\\', "\\\\").replace(';', "\\;"))
        }
        Record::Caa(caa) => format!(
            "{{flags: {}, tag: {}, value: {}}}",
            caa.flags,
            caa.tag.as_str(),
            quote(&caa.value)
        ),
    }
}

/// The YAML text of the zone (without SOA: octoDNS manages none).
pub fn render(zone: &Zone) -> String {
    // owner -> (comment, type -> (ttl, values))
    type Sets = BTreeMap<&'static str, (u32, Vec<String>)>;
    let mut owners: Vec<(String, Option<String>, Sets)> = Vec::new();
    let mut push = |owner: &Owner, comment: Option<String>, ttl: u32, record: &Record| {
        let key = match owner {
            Owner::Apex => String::new(),
            Owner::Below(n) => n.as_str().to_string(),
        };
        let slot = match owners.iter().position(|(k, _, _)| *k == key) {
            Some(i) => i,
            None => {
                owners.push((key, comment, BTreeMap::new()));
                owners.len() - 1
            }
        };
        let set = owners[slot]
            .2
            .entry(record.kind())
            .or_insert((ttl, Vec::new()));
        set.0 = set.0.min(ttl);
        set.1.push(value(record));
    };
    for rr in &zone.base {
        push(&rr.owner, None, rr.ttl, &rr.record);
    }
    for entry in &zone.entries {
        let comment = Comment(entry).to_string();
        for rr in entry.rrs() {
            push(&rr.owner, Some(comment.clone()), rr.ttl, &rr.record);
        }
    }
    owners.sort_by(|a, b| natural(&a.0, &b.0));
    let mut out = format!(
        "---\n# {} ditulis oleh loket (octoDNS YamlProvider). Jangan diubah dengan tangan.\n",
        zone.origin
    );
    for (key, comment, sets) in owners {
        if let Some(c) = comment {
            let _ = writeln!(out, "#{}", c.trim_start_matches(';'));
        }
        let _ = writeln!(out, "{}:", quote(&key));
        for (kind, (ttl, values)) in sets {
            let _ = writeln!(out, "  - ttl: {ttl}\n    type: {kind}");
            if kind == "CNAME" {
                let _ = writeln!(out, "    value: {}", values.join(""));
            } else {
                let _ = writeln!(out, "    values: [{}]", values.join(", "));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_sort_naturally_as_octodns_wants() {
        let mut names = vec![
            "situs10", "situs9", "", "_dmarc", "a", "situs1x", "10a", "9",
        ];
        names.sort_by(|a, b| natural(a, b));
        assert_eq!(
            names,
            [
                "", "9", "10a", "_dmarc", "a", "situs1x", "situs9", "situs10"
            ]
        );
    }
}
