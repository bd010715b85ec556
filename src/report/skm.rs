//! The report of `loket skm`: per service (and of every answer) the
//! index, its grade, how many answered and each element's score, then how
//! many answers were left out and why. Pure: the command prints it.

use std::collections::BTreeMap;

use crate::input::diagnostic::Lang;
use crate::skm::{Counted, ELEMENTS, Index, LeftOut, by_service};

/// The rows of `counted`, labelled in `lang`.
pub(crate) fn rows(counted: &Counted, lang: Lang) -> Vec<(String, Index)> {
    let none = lang.pick("(tanpa layanan)", "(no service)");
    by_service(&counted.responses, none, lang.pick("(semua)", "(all)"))
}

/// The rows as JSON: an object by service.
pub(crate) fn json(rows: &[(String, Index)]) -> Result<String, serde_json::Error> {
    let map: BTreeMap<&str, &Index> = rows.iter().map(|(s, i)| (s.as_str(), i)).collect();
    crate::json::pretty_typed(&map)
}

/// The rows for people, and what was not counted.
pub(crate) fn human(rows: &[(String, Index)], counted: &Counted, lang: Lang) -> String {
    let mut out = String::new();
    for (service, i) in rows {
        let plural = if i.responses == 1 {
            "respondent"
        } else {
            "respondents"
        };
        let who = lang.pick("responden", plural);
        out.push_str(&format!(
            "{service}: IKM {:.2} ({}), {} {who}\n",
            i.ikm, i.grade, i.responses
        ));
        for (name, nrr) in ELEMENTS.iter().zip(i.nrr) {
            out.push_str(&format!("  {nrr:.2}  {name}\n"));
        }
    }
    if rows.is_empty() {
        let none = lang.pick("belum ada jawaban survei", "no survey answers yet");
        out.push_str(&format!("{none}\n"));
    }
    let left: Vec<String> = counted
        .left_out
        .iter()
        .map(|(why, n)| format!("{n} {}", left_out_words(*why, lang)))
        .collect();
    if !left.is_empty() {
        let label = lang.pick("tidak dihitung", "not counted");
        out.push_str(&format!("{label}: {}\n", left.join(", ")));
    }
    out
}

/// Why answers were left out, in words.
fn left_out_words(why: LeftOut, lang: Lang) -> &'static str {
    match why {
        LeftOut::Malformed => lang.pick("bukan sembilan nilai 1–4", "not nine values 1–4"),
        LeftOut::Spam => lang.pick("ditutup sebagai spam", "closed as spam"),
        LeftOut::NoRequest => lang.pick(
            "tanpa nomor permohonan yang dikenal",
            "without a known request number",
        ),
        LeftOut::NotFinished => lang.pick("permohonan belum selesai", "request not finished"),
        LeftOut::NotRespondent => lang.pick(
            "bukan operator perangkat daerah pemohon",
            "not an operator of the requesting agency",
        ),
        LeftOut::Repeated => lang.pick("jawaban ulang", "repeated answer"),
    }
}
