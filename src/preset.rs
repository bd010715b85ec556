//! The presets `loket init` writes: complete instances after the real
//! procedures of five Diskominfo offices, and a commented skeleton,
//! embedded in the binary at build time (`build.rs`). Pure: writing them to disk is [`crate::init`]'s job.

/// Every embedded file: `<preset>/<path>` and its bytes.
const FILES: &[(&str, &[u8])] = include!(concat!(env!("OUT_DIR"), "/presets.rs"));

/// The presets, with the procedure each follows.
pub const PRESETS: &[(&str, &str)] = &[
    (
        "sulut",
        "Provinsi Sulawesi Utara: pembuatan website perangkat daerah (14 hari kerja)",
    ),
    (
        "pekalongan",
        "Kota Pekalongan: pelayanan domain, 12 langkah sampai uji coba (7 hari kerja)",
    ),
    (
        "tapin",
        "Kabupaten Tapin: buat / ubah / hapus subdomain (3 / 2 / 1 hari kerja)",
    ),
    (
        "kalbar",
        "Provinsi Kalimantan Barat: domain dan sub domain, surat konfirmasi (3 hari kerja)",
    ),
    (
        "kudus",
        "Kabupaten Kudus: hosting dan sub domain, tahapan dalam menit (90 menit)",
    ),
];

/// The commented skeleton `loket init DIR` writes when no preset is named:
/// one role, one officer, one agency and one service of an example office,
/// each value saying what to replace. Not a procedure, so not in
/// [`PRESETS`].
pub const SKELETON: &str = "kerangka";

/// One preset's files (or the [`SKELETON`]'s): path relative to the
/// instance root, and content.
pub fn files(name: &str) -> Result<Vec<(&'static str, &'static [u8])>, UnknownPreset> {
    if name != SKELETON && !PRESETS.iter().any(|(n, _)| *n == name) {
        return Err(UnknownPreset {
            name: name.to_string(),
            suggestion: crate::input::diagnostic::closest(name, PRESETS.iter().map(|(n, _)| *n)),
        });
    }
    Ok(FILES
        .iter()
        .filter_map(|(path, bytes)| {
            let rest = path.strip_prefix(name)?.strip_prefix('/')?;
            Some((rest, *bytes))
        })
        .collect())
}

/// The names of the presets embedded in the binary (for tests: they must
/// be [`PRESETS`] and the [`SKELETON`]).
pub fn embedded() -> Vec<&'static str> {
    let mut names: Vec<&str> = FILES
        .iter()
        .filter_map(|(p, _)| p.split_once('/').map(|(n, _)| n))
        .collect();
    names.dedup();
    names
}

/// A preset name loket does not ship.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no preset `{name}`")]
pub struct UnknownPreset {
    /// The name asked for.
    pub name: String,
    /// The closest known name.
    pub suggestion: Option<String>,
}

impl miette::Diagnostic for UnknownPreset {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new("loket::usage"))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new(match &self.suggestion {
            Some(s) => format!("did you mean `{s}`? (`loket init --list` shows every preset)"),
            None => "run `loket init --list` to see the presets".to_string(),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_lists_every_embedded_preset() {
        let mut listed: Vec<&str> = PRESETS.iter().map(|(n, _)| *n).collect();
        listed.push(SKELETON);
        listed.sort_unstable();
        assert_eq!(embedded(), listed);
    }

    #[test]
    fn every_preset_has_a_configuration() {
        for name in PRESETS.iter().map(|(n, _)| *n).chain([SKELETON]) {
            let files = files(name).expect("known");
            assert!(files.iter().any(|(p, _)| *p == "loket.yaml"), "{name}");
        }
    }

    #[test]
    fn an_unknown_name_gets_a_suggestion() {
        let err = files("kalbr").expect_err("unknown");
        assert_eq!(err.suggestion.as_deref(), Some("kalbar"));
    }
}
