//! `loket skm`: the satisfaction index per service and overall.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;

use crate::cli::{SkmArgs, StatusFormat};
use crate::cmd::status::read_snapshot;
use crate::cmd::{CmdError, instance_root};
use crate::load;
use crate::skm::{ELEMENTS, Index, index, responses};

/// Runs `loket skm`.
pub fn run(root: Option<&Path>, args: SkmArgs) -> Result<ExitCode, CmdError> {
    let root = instance_root(root)?;
    let instance = load::load(&root)?;
    let snapshot = read_snapshot(&root, &args.snapshot)?;
    // The service of an answer is the service of the request it names.
    let service_of = |id: &str| {
        instance
            .requests
            .iter()
            .find(|r| r.name.as_ref().is_some_and(|n| n.id.to_string() == id))
            .and_then(|r| r.request.as_ref())
            .map(|r| r.service.value.clone())
    };
    let mut groups: BTreeMap<String, Vec<[u8; 9]>> = BTreeMap::new();
    for r in responses(&snapshot.surveys, service_of, |at| at.date_naive()) {
        let service = r.service.unwrap_or_else(|| "(tanpa layanan)".into());
        groups.entry(service).or_default().push(r.answers);
        groups.entry("(semua)".into()).or_default().push(r.answers);
    }
    let rows: Vec<(String, Index)> = groups
        .into_iter()
        .filter_map(|(service, answers)| index(&answers).map(|i| (service, i)))
        .collect();
    match args.format {
        StatusFormat::Json => {
            let map: BTreeMap<&str, &Index> = rows.iter().map(|(s, i)| (s.as_str(), i)).collect();
            println!("{}", serde_json::to_string_pretty(&map).unwrap_or_default());
        }
        StatusFormat::Human => {
            for (service, i) in &rows {
                println!(
                    "{service}: IKM {:.2} ({}), {} responden",
                    i.ikm, i.grade, i.responses
                );
                for (name, nrr) in ELEMENTS.iter().zip(i.nrr) {
                    println!("  {nrr:.2}  {name}");
                }
            }
            if rows.is_empty() {
                println!("belum ada jawaban survei");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
