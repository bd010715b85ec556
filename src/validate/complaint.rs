//! Complaints officers recorded under `pengaduan/` (L170–L177): a kind
//! `loket.yaml` lists, dates that are dates, not in the future and in
//! order, a service and a request that exist, and no phone number or NIK
//! in a file the public can read.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use crate::input::diagnostic::{Code, Diagnostic, Hint, closest};
use crate::input::source::Spanned;
use crate::input::yaml::Node;
use crate::model::complaint::ComplaintRecord;
use crate::model::{Config, RequestId};
use crate::review::intake::parse_received;

/// What a recorded complaint may refer to: the instance's services and
/// requests.
#[derive(Debug, Clone, Copy)]
pub struct Known<'a> {
    /// The ids of the services under `site/layanan/`.
    pub services: &'a [&'a str],
    /// The ids of the requests under `requests/`.
    pub requests: &'a BTreeSet<RequestId>,
}

/// Every finding on one recorded complaint; `today` in the institution's
/// time zone `tz`.
pub fn check_record(
    record: &ComplaintRecord,
    tree: &Spanned<Node>,
    config: &Config,
    known: Known<'_>,
    tz: Tz,
    today: NaiveDate,
    file: &str,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if let Some(service) = &record.service
        && !known.services.contains(&service.value.as_str())
    {
        out.push(
            Diagnostic::error(Code::L176, file, service.span)
                .arg("service", &service.value)
                .arg("known", known.services.join(", "))
                .maybe_hint(
                    closest(&service.value, known.services.iter().copied()).map(Hint::DidYouMean),
                ),
        );
    }
    if let Some(request) = &record.request
        && !request
            .value
            .parse::<RequestId>()
            .is_ok_and(|id| known.requests.contains(&id))
    {
        out.push(Diagnostic::error(Code::L177, file, request.span).arg("id", &request.value));
    }
    let kinds = || {
        config
            .complaint_kinds
            .iter()
            .map(|k| k.value.id.value.as_str())
    };
    if !kinds().any(|k| k == record.kind.value) {
        out.push(
            Diagnostic::error(Code::L170, file, record.kind.span)
                .arg("kind", &record.kind.value)
                .arg("known", kinds().collect::<Vec<_>>().join(", ")),
        );
    }
    let mut date = |key: &str, value: &Spanned<String>| -> Option<DateTime<Utc>> {
        let Some(at) = parse_received(&value.value, tz) else {
            out.push(
                Diagnostic::error(Code::L171, file, value.span)
                    .arg("key", key)
                    .arg("value", &value.value),
            );
            return None;
        };
        let day = at.with_timezone(&tz).date_naive();
        if day > today {
            out.push(
                Diagnostic::error(Code::L172, file, value.span)
                    .arg("key", key)
                    .arg("date", day)
                    .arg("today", today),
            );
        }
        Some(at)
    };
    let mut previous = date("diterima", &record.received).map(|at| (at, &record.received.value));
    let mut order = Vec::new();
    for step in &record.status {
        let Some(at) = date("tanggal", &step.value.at) else {
            continue;
        };
        if let Some((_, text)) = previous.filter(|(before, _)| at < *before) {
            order.push(
                Diagnostic::error(Code::L173, file, step.value.at.span)
                    .arg("status", step.value.status.value)
                    .arg("date", &step.value.at.value)
                    .arg("previous", text),
            );
        }
        previous = Some((at, &step.value.at.value));
    }
    out.extend(order);
    personal_data(tree, None, file, &mut out);
    out
}

/// Flags (L174, a warning) each scalar under `node` that holds what looks
/// like an Indonesian phone number or a NIK.
fn personal_data(node: &Spanned<Node>, key: Option<&str>, file: &str, out: &mut Vec<Diagnostic>) {
    let text = match &node.value {
        Node::Map(entries) => {
            for (k, v) in entries {
                personal_data(v, Some(&k.value), file, out);
            }
            return;
        }
        Node::Seq(items) => {
            for item in items {
                personal_data(item, key, file, out);
            }
            return;
        }
        Node::Str(s) => s.clone(),
        Node::Int(i) => i.to_string(),
        Node::Float(_) | Node::Bool(_) | Node::Null => return,
    };
    if let Some((what, found)) = find_personal(&text) {
        out.push(
            Diagnostic::error(Code::L174, file, node.span)
                .arg("key", key.unwrap_or("-"))
                .arg_words("what", what.0, what.1)
                .arg("found", mask(&found))
                .warning(),
        );
    }
}

/// What a personal number is called: (Bahasa Indonesia, English).
type What = (&'static str, &'static str);
const PHONE: What = ("nomor telepon", "a phone number");
const NIK: What = ("NIK", "a NIK");

/// The first phone number (`08…`, `+62 8…`, `62…`) or 16-digit NIK in
/// `text`, as written. Digit groups may be split by one space, `-` or `.`.
pub fn find_personal(text: &str) -> Option<(What, String)> {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let starts = chars[i].is_ascii_digit() && (i == 0 || !chars[i - 1].is_ascii_alphanumeric());
        if !starts {
            i += 1;
            continue;
        }
        let plus = i > 0 && chars[i - 1] == '+';
        // The run of digit groups from here, with its digits.
        let mut end = i;
        let mut digits = String::new();
        let mut best: Option<(What, usize)> = None;
        while end < chars.len() {
            if chars[end].is_ascii_digit() {
                digits.push(chars[end]);
                end += 1;
                let group_ends = end == chars.len() || !chars[end].is_ascii_digit();
                if group_ends && let Some(what) = classify(&digits, plus, &chars[i..end]) {
                    best = Some((what, end));
                }
            } else if matches!(chars[end], ' ' | '-' | '.')
                && chars.get(end + 1).is_some_and(char::is_ascii_digit)
                && end > i
                && chars[end - 1].is_ascii_digit()
            {
                end += 1;
            } else {
                break;
            }
        }
        if let Some((what, stop)) = best {
            let from = if plus { i - 1 } else { i };
            return Some((what, chars[from..stop].iter().collect()));
        }
        // Skip the rest of this digit group.
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
    }
    None
}

fn classify(digits: &str, plus: bool, written: &[char]) -> Option<What> {
    let n = digits.len();
    let whole = written.iter().all(char::is_ascii_digit);
    if whole && n == 16 && !plus {
        return Some(NIK);
    }
    let mobile = |rest: &str| rest.starts_with('8') && (9..=12).contains(&rest.len());
    // `+62` then any 8 to 12 digits; without the `+`, a mobile number
    // (`8…`) after `62` or `0`.
    let phone = if plus {
        digits
            .strip_prefix("62")
            .is_some_and(|rest| (8..=12).contains(&rest.len()))
    } else {
        digits.strip_prefix("62").is_some_and(mobile)
            || digits.strip_prefix('0').is_some_and(mobile)
    };
    phone.then_some(PHONE)
}

/// Hides the middle of a number found: the finding should not repeat it.
fn mask(found: &str) -> String {
    let chars: Vec<char> = found.chars().collect();
    if chars.len() <= 6 {
        return "…".into();
    }
    let head: String = chars[..4].iter().collect();
    let tail: String = chars[chars.len() - 2..].iter().collect();
    format!("{head}…{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_and_niks_are_found_as_written() {
        let phone = |t: &str| find_personal(t).map(|(w, f)| (w.1, f));
        assert_eq!(
            phone("hubungi 0812-3456-7890 sore"),
            Some(("a phone number", "0812-3456-7890".into()))
        );
        assert_eq!(
            phone("wa +62 812 3456 7890"),
            Some(("a phone number", "+62 812 3456 7890".into()))
        );
        assert_eq!(
            phone("6281234567890"),
            Some(("a phone number", "6281234567890".into()))
        );
        assert_eq!(
            phone("NIK 6371012345670001 ya"),
            Some(("a NIK", "6371012345670001".into()))
        );
        assert_eq!(phone("diterima 2026-05-12, permohonan 2026-0007"), None);
        assert_eq!(phone("antrean 12 orang, 3 jam"), None);
        assert_eq!(phone("kode abc08123456789"), None);
    }

    #[test]
    fn a_number_found_is_masked() {
        assert_eq!(mask("0812-3456-7890"), "0812…90");
    }
}
