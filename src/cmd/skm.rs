//! `loket skm`: the satisfaction index per service and overall, from the
//! answers that count (see [`crate::skm`]), and how many were left out.

use std::collections::BTreeMap;
use std::process::ExitCode;

use crate::cli::{SkmArgs, StatusFormat};
use crate::cmd::CmdError;
use crate::cmd::workspace::{Workspace, now};
use crate::input::diagnostic::Lang;
use crate::skm::{ELEMENTS, Index, LeftOut, Target, index, responses};

/// Runs `loket skm`.
pub(super) fn run(ws: &Workspace, args: SkmArgs) -> Result<ExitCode, CmdError> {
    let (config, lang) = (ws.config()?, ws.lang);
    let snapshot = ws.snapshot(&args.snapshot)?;
    let (timelines, calendar) = ws.timelines(Some(&snapshot), now(None)?)?;
    // An answer is about the published request it names, as the site counts it.
    let published = crate::site::published(&timelines);
    let counted = responses(
        &snapshot.surveys,
        |id| published.iter().find(|t| t.id == id).map(|t| Target::of(t)),
        config,
        |at| calendar.local_date(at),
    );
    let mut groups: BTreeMap<String, Vec<[u8; 9]>> = BTreeMap::new();
    for r in counted.responses {
        let service = r
            .service
            .unwrap_or_else(|| lang.pick("(tanpa layanan)", "(no service)").into());
        groups.entry(service).or_default().push(r.answers);
        groups
            .entry(lang.pick("(semua)", "(all)").into())
            .or_default()
            .push(r.answers);
    }
    let rows: Vec<(String, Index)> = groups
        .into_iter()
        .filter_map(|(service, answers)| index(&answers).map(|i| (service, i)))
        .collect();
    match args.format {
        StatusFormat::Json => {
            let map: BTreeMap<&str, &Index> = rows.iter().map(|(s, i)| (s.as_str(), i)).collect();
            print!("{}", crate::json::pretty_typed(&map)?);
        }
        StatusFormat::Human => {
            for (service, i) in &rows {
                println!(
                    "{service}: IKM {:.2} ({}), {} {}",
                    i.ikm,
                    i.grade,
                    i.responses,
                    lang.pick(
                        "responden",
                        if i.responses == 1 {
                            "respondent"
                        } else {
                            "respondents"
                        }
                    )
                );
                for (name, nrr) in ELEMENTS.iter().zip(i.nrr) {
                    println!("  {nrr:.2}  {name}");
                }
            }
            if rows.is_empty() {
                println!(
                    "{}",
                    lang.pick("belum ada jawaban survei", "no survey answers yet")
                );
            }
            let left: Vec<String> = counted
                .left_out
                .iter()
                .map(|(why, n)| format!("{n} {}", left_out_words(*why, lang)))
                .collect();
            if !left.is_empty() {
                let label = lang.pick("tidak dihitung", "not counted");
                println!("{label}: {}", left.join(", "));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
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
