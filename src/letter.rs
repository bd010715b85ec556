//! The confirmation letter (surat konfirmasi): a service's
//! `surat_konfirmasi` template filled from one request, for the officer to
//! sign and send. Pure: the command gathers the values and prints the text.

use std::collections::BTreeMap;

use chrono::NaiveDate;

/// The placeholders a template may use, and what each holds.
pub const PLACEHOLDERS: &[(&str, &str)] = &[
    ("id", "nomor permohonan, e.g. 2026-0001"),
    ("instansi", "nama instansi pengelola"),
    ("domain", "domain instansi"),
    ("subdomain", "subdomain yang diminta"),
    ("fqdn", "nama lengkap, subdomain.domain"),
    ("nama_instansi", "nama perangkat daerah pemohon"),
    ("surat_nomor", "nomor surat permohonan"),
    ("surat_tanggal", "tanggal surat permohonan"),
    ("penandatangan", "penandatangan surat permohonan"),
    ("tanggal", "tanggal hari ini"),
    ("tahun", "tahun hari ini"),
];

/// Why a template cannot be filled.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LetterError {
    /// A placeholder loket does not know.
    #[error("unknown placeholder `{{{0}}}` in surat_konfirmasi")]
    Unknown(String),
    /// A `{` without its `}`.
    #[error("unclosed `{{` in surat_konfirmasi")]
    Unclosed,
}

/// `date` as an Indonesian letter writes it: `23 November 2026`.
pub fn tanggal(date: NaiveDate) -> String {
    crate::calendar::long_date(date, crate::diagnostic::Lang::Id)
}

/// Fills `{name}` placeholders of `template` from `values`; a value that is
/// missing (a request without a letter) becomes `…`.
pub fn render(template: &str, values: &BTreeMap<&str, String>) -> Result<String, LetterError> {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after.find('}').ok_or(LetterError::Unclosed)?;
        let name = &after[..close];
        if !PLACEHOLDERS.iter().any(|(p, _)| *p == name) {
            return Err(LetterError::Unknown(name.to_string()));
        }
        match values.get(name) {
            Some(v) if !v.trim().is_empty() => out.push_str(v),
            _ => out.push('…'),
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_known_placeholders_and_marks_missing_ones() {
        let values = BTreeMap::from([("fqdn", "dinkes.kalbarprov.go.id".to_string())]);
        assert_eq!(
            render("sub domain {fqdn} ({surat_nomor})", &values),
            Ok("sub domain dinkes.kalbarprov.go.id (…)".to_string())
        );
    }

    #[test]
    fn refuses_unknown_and_unclosed_placeholders() {
        let values = BTreeMap::new();
        assert_eq!(
            render("{nip}", &values),
            Err(LetterError::Unknown("nip".into()))
        );
        assert_eq!(render("{fqdn", &values), Err(LetterError::Unclosed));
    }

    #[test]
    fn writes_dates_the_indonesian_way() {
        let date = NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
        assert_eq!(tanggal(date), "23 November 2026");
    }
}
