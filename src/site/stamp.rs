//! Making Chromium's PDFs deterministic: Skia writes the time of printing
//! as `/CreationDate` and `/ModDate` and a random document `/ID`, and the
//! tagged PDF's structure elements carry the renderer's DOM node numbers
//! (`/ID (node00000227)`), which depend on what the tab printed before.
//! They are rewritten in place: a fixed date (`SOURCE_DATE_EPOCH`, else
//! the build's clock), an ID derived from the PDF's content key, and each
//! node number replaced by its rank among the file's node numbers (so the
//! sorted `/IDTree` stays sorted), every replacement the same length as
//! what it replaces so the cross-reference offsets stay valid.
//!
//! Pure: bytes in, bytes out.

use chrono::{DateTime, Utc};

/// Rewrites the dates and ID of `pdf` in place.
pub(crate) fn stamp(pdf: &mut [u8], at: DateTime<Utc>, key: &str) {
    let date = at.format("D:%Y%m%d%H%M%S+00'00'").to_string();
    for name in [&b"/CreationDate"[..], b"/ModDate"] {
        replace_strings(pdf, name, date.as_bytes());
    }
    let digest = crate::site::reprint::sha256(format!("id {key}").as_bytes());
    replace_id(pdf, digest.as_bytes());
    renumber_nodes(pdf);
}

/// The digits of every `(node<digits>)` in `pdf`, with their position.
fn nodes(pdf: &[u8]) -> Vec<(usize, usize)> {
    positions(pdf, b"(node")
        .into_iter()
        .filter_map(|at| {
            let start = at + 5;
            let len = pdf[start..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
            (len > 0 && pdf.get(start + len) == Some(&b')')).then_some((start, len))
        })
        .collect()
}

/// Each node number becomes its rank among them, zero-padded to its width.
fn renumber_nodes(pdf: &mut [u8]) {
    let found = nodes(pdf);
    let mut numbers: Vec<&[u8]> = found.iter().map(|(s, l)| &pdf[*s..s + l]).collect();
    numbers.sort_by(|a, b| a.len().cmp(&b.len()).then(a.cmp(b)));
    numbers.dedup();
    let ranks: std::collections::HashMap<Vec<u8>, usize> = numbers
        .iter()
        .enumerate()
        .map(|(rank, n)| (n.to_vec(), rank))
        .collect();
    for (start, len) in found {
        let Some(rank) = ranks.get(&pdf[start..start + len]) else {
            continue;
        };
        let digits = format!("{rank:0len$}");
        if digits.len() == len {
            pdf[start..start + len].copy_from_slice(digits.as_bytes());
        }
    }
}

/// Every position of `needle` in `hay`.
fn positions(hay: &[u8], needle: &[u8]) -> Vec<usize> {
    hay.windows(needle.len())
        .enumerate()
        .filter(|(_, w)| *w == needle)
        .map(|(i, _)| i)
        .collect()
}

/// `name (old)` becomes `name (with)` wherever `old` is as long as `with`.
fn replace_strings(pdf: &mut [u8], name: &[u8], with: &[u8]) {
    for at in positions(pdf, name) {
        let rest = at + name.len();
        let Some(open) = pdf[rest..].iter().take(4).position(|b| *b == b'(') else {
            continue;
        };
        let start = rest + open + 1;
        let Some(len) = pdf[start..].iter().take(64).position(|b| *b == b')') else {
            continue;
        };
        if len == with.len() {
            pdf[start..start + len].copy_from_slice(with);
        }
    }
}

/// The hex strings of every `/ID [<…> <…>]` get the hex digits of `hex`
/// (repeated as needed), keeping their length.
fn replace_id(pdf: &mut [u8], hex: &[u8]) {
    for at in positions(pdf, b"/ID") {
        let mut i = at + 3;
        while i < pdf.len() && pdf[i] == b' ' {
            i += 1;
        }
        if pdf.get(i) != Some(&b'[') {
            continue;
        }
        let mut n = 0;
        let mut inside = false;
        for b in pdf.iter_mut().skip(i + 1).take(200) {
            match *b {
                b']' => break,
                b'<' => inside = true,
                b'>' => inside = false,
                c if inside && c.is_ascii_hexdigit() => {
                    *b = hex[n % hex.len()];
                    n += 1;
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn dates_and_id_are_replaced_in_place() {
        let mut pdf = b"1 0 obj\n<</Producer (Skia/PDF m156)\n/CreationDate (D:20261125193000+00'00')\n/ModDate (D:20261125193000+00'00')>>\ntrailer\n<</Size 9\n/ID [<0123456789abcdef0123456789ABCDEF> <fedcba9876543210fedcba9876543210>]>>".to_vec();
        let len = pdf.len();
        let at = Utc
            .with_ymd_and_hms(2026, 1, 2, 3, 4, 5)
            .single()
            .expect("date");
        stamp(&mut pdf, at, "k");
        assert_eq!(pdf.len(), len);
        let text = String::from_utf8(pdf.clone()).expect("ascii");
        assert!(
            text.contains("/CreationDate (D:20260102030405+00'00')"),
            "{text}"
        );
        assert!(
            text.contains("/ModDate (D:20260102030405+00'00')"),
            "{text}"
        );
        let id = crate::site::reprint::sha256(b"id k");
        assert!(
            text.contains(&format!("/ID [<{}> <{}>]", &id[..32], &id[32..])),
            "{text}"
        );
        let mut again = pdf.clone();
        stamp(&mut again, at, "k");
        assert_eq!(again, pdf);
    }

    #[test]
    fn node_numbers_become_their_rank_whatever_they_started_at() {
        let a = b"/ID (node00000231) /ID (node00000227) /ID (node00000231)";
        let b = b"/ID (node00001236) /ID (node00001232) /ID (node00001236)";
        let (mut a, mut b) = (a.to_vec(), b.to_vec());
        renumber_nodes(&mut a);
        renumber_nodes(&mut b);
        assert_eq!(
            a,
            b"/ID (node00000001) /ID (node00000000) /ID (node00000001)"
        );
        assert_eq!(a, b);
    }

    #[test]
    fn a_date_of_another_length_is_left_alone() {
        let mut pdf = b"/CreationDate (D:2026)".to_vec();
        stamp(&mut pdf, Utc::now(), "k");
        assert_eq!(pdf, b"/CreationDate (D:2026)");
    }
}
