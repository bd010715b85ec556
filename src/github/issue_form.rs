//! Issue forms to requests: the body GitHub renders from the issue forms in
//! `.github/ISSUE_TEMPLATE/` (`### Label` headings, each followed by the
//! answer) read as untrusted text and written back as a request whose
//! every value is a quoted YAML string, so no answer can add a key, a
//! record or a line of its own.

use std::collections::BTreeMap;

/// The largest issue body read.
pub const MAX_BODY: usize = 64 * 1024;

/// The form labels loket reads, and the request field each fills.
const FIELDS: &[(&str, &str)] = &[
    ("Perangkat daerah (id)", "instansi"),
    ("Nama subdomain", "subdomain"),
    ("Subdomain yang diubah atau dihapus", "subdomain"),
    ("Nama baru (bila namanya berubah)", "subdomain_baru"),
    ("Tujuan situs", "tujuan"),
    ("Alasan", "alasan"),
    ("Nomor surat permohonan", "surat.nomor"),
    ("Tanggal surat (TTTT-BB-HH)", "surat.tanggal"),
    ("Jabatan penandatangan surat", "surat.penandatangan"),
    (
        "Nama pengelola teknis (penanggung jawab)",
        "penanggung_jawab.nama",
    ),
    ("Email dinas penanggung jawab", "penanggung_jawab.email"),
    ("Telepon penanggung jawab", "penanggung_jawab.telepon"),
    ("Hosting", "hosting"),
    ("Rekaman DNS (bila di server sendiri)", "rekaman"),
    ("Rekaman DNS baru (bila berubah)", "rekaman"),
];

/// Fields whose answer may span lines.
const MULTILINE: &[&str] = &["tujuan", "alasan", "rekaman"];

/// Why an issue body cannot become a request.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormError {
    /// Too large.
    #[error("the issue body is {0} bytes; at most 65536 are read")]
    TooLarge(usize),
    /// A heading appears twice.
    #[error(
        "the heading `{0}` appears twice; edit the issue so that each question is answered once"
    )]
    Duplicate(String),
    /// A required answer is missing.
    #[error("the issue does not answer `{0}`")]
    Missing(&'static str),
    /// A one-line answer spans lines.
    #[error("the answer to `{0}` must be one line")]
    Multiline(String),
    /// A survey score is not 1–4.
    #[error("the answer to `{0}` must be a score from 1 to 4")]
    Score(&'static str),
    /// A record line is not `TYPE VALUE`.
    #[error("the record `{0}` must read `TYPE VALUE`, e.g. `A 103.147.10.20`")]
    Record(String),
}

/// The answers of an issue form, by request field.
pub fn answers(body: &str) -> Result<BTreeMap<&'static str, String>, FormError> {
    if body.len() > MAX_BODY {
        return Err(FormError::TooLarge(body.len()));
    }
    let mut out = BTreeMap::new();
    let mut current: Option<&'static str> = None;
    let mut text = String::new();
    let finish = |field: Option<&'static str>,
                  text: &mut String,
                  out: &mut BTreeMap<&'static str, String>| {
        if let Some(field) = field {
            let value = text.trim().to_string();
            if !value.is_empty() && value != "_No response_" {
                out.insert(field, value);
            }
        }
        text.clear();
    };
    let mut seen = Vec::new();
    for line in body.lines() {
        if let Some(heading) = line.strip_prefix("### ") {
            let heading = heading.trim();
            if let Some((label, field)) = FIELDS.iter().find(|(l, _)| *l == heading) {
                if seen.contains(label) {
                    return Err(FormError::Duplicate(heading.to_string()));
                }
                seen.push(label);
                finish(current, &mut text, &mut out);
                current = Some(field);
                continue;
            }
        }
        text.push_str(line);
        text.push('\n');
    }
    finish(current, &mut text, &mut out);
    for (field, value) in &out {
        if !MULTILINE.contains(field) && value.contains('\n') {
            return Err(FormError::Multiline(field.to_string()));
        }
    }
    Ok(out)
}

/// A YAML double-quoted scalar holding exactly `s` (JSON strings are YAML).
fn quoted(s: &str) -> String {
    crate::json::string(s)
}

/// The request text for `service` from an issue body.
pub fn request_text(service: &str, body: &str) -> Result<String, FormError> {
    let a = answers(body)?;
    let get = |k: &'static str| a.get(k).map(String::as_str);
    let need = |k: &'static str| get(k).ok_or(FormError::Missing(k));
    let mut t = String::from("# yaml-language-server: $schema=../../schemas/request.schema.json\n");
    t.push_str("# Dibuat dari formulir issue; lampirkan surat di lampiran/ sebelum digabung.\n");
    t.push_str(&format!("layanan: {}\n", quoted(service)));
    t.push_str(&format!("instansi: {}\n", quoted(need("instansi")?)));
    t.push_str(&format!("subdomain: {}\n", quoted(need("subdomain")?)));
    for key in ["subdomain_baru", "tujuan", "alasan"] {
        if let Some(v) = get(key) {
            t.push_str(&format!("{key}: {}\n", quoted(v)));
        }
    }
    t.push_str("surat:\n");
    for (key, field) in [
        ("nomor", "surat.nomor"),
        ("tanggal", "surat.tanggal"),
        ("penandatangan", "surat.penandatangan"),
    ] {
        t.push_str(&format!("  {key}: {}\n", quoted(get(field).unwrap_or(""))));
    }
    if get("penanggung_jawab.email").is_some() {
        t.push_str("penanggung_jawab:\n");
        for (key, field) in [
            ("nama", "penanggung_jawab.nama"),
            ("email", "penanggung_jawab.email"),
            ("telepon", "penanggung_jawab.telepon"),
        ] {
            t.push_str(&format!("  {key}: {}\n", quoted(get(field).unwrap_or(""))));
        }
    }
    let records: Vec<&str> = get("rekaman")
        .map(|r| r.lines().map(str::trim).filter(|l| !l.is_empty()).collect())
        .unwrap_or_default();
    if !records.is_empty() {
        t.push_str("rekaman:\n");
        for line in records {
            let (kind, value) = line
                .split_once(char::is_whitespace)
                .filter(|(k, v)| !k.is_empty() && !v.trim().is_empty())
                .ok_or_else(|| FormError::Record(line.to_string()))?;
            t.push_str(&format!(
                "  - {{tipe: {}, nilai: {}}}\n",
                quoted(kind),
                quoted(value.trim())
            ));
        }
    } else if get("hosting").is_some_and(|h| h.contains("Diskominfo")) {
        t.push_str("hosting: diskominfo\n");
    }
    Ok(t)
}

/// One survey answer read from the SKM issue form: the request id (when
/// given) and the nine scores. Scores are the leading digit of the chosen
/// option (`4 - Sangat baik`).
pub fn survey(body: &str) -> Result<(Option<String>, [u8; 9]), FormError> {
    if body.len() > MAX_BODY {
        return Err(FormError::TooLarge(body.len()));
    }
    let mut scores = [0u8; 9];
    let mut request = None;
    let mut current: Option<usize> = None;
    let mut in_request = false;
    for line in body.lines() {
        if let Some(heading) = line.strip_prefix("### ") {
            let heading = heading.trim();
            current = crate::skm::ELEMENTS.iter().position(|e| *e == heading);
            in_request = heading == SURVEY_REQUEST;
            continue;
        }
        let text = line.trim();
        if text.is_empty() || text == "_No response_" {
            continue;
        }
        if let Some(i) = current {
            if scores[i] != 0 {
                return Err(FormError::Duplicate(crate::skm::ELEMENTS[i].to_string()));
            }
            scores[i] = text
                .chars()
                .next()
                .and_then(|c| c.to_digit(10))
                .filter(|d| (1..=4).contains(d))
                .map(|d| d as u8)
                .ok_or(FormError::Score(crate::skm::ELEMENTS[i]))?;
        } else if in_request && request.is_none() {
            request = text
                .parse::<crate::model::RequestId>()
                .ok()
                .map(|id| id.to_string());
        }
    }
    if let Some(i) = scores.iter().position(|s| *s == 0) {
        return Err(FormError::Missing(crate::skm::ELEMENTS[i]));
    }
    Ok((request, scores))
}

/// The heading of the survey's request-id question.
pub const SURVEY_REQUEST: &str = "Nomor permohonan (bila ada)";

/// The headings of the complaint form (`pengaduan.yml`): the request it
/// concerns, the kind and the complaint's text.
pub const COMPLAINT_REQUEST: &str = "Nomor permohonan (bila ada), mis. 2026-0007";
/// The heading of the complaint form's service dropdown (options
/// `<id> — <judul>`).
pub const COMPLAINT_SERVICE: &str = "Layanan yang diadukan (bila ada)";
/// The heading of the complaint form's kind dropdown.
pub const COMPLAINT_KIND: &str = "Jenis pengaduan";
/// The heading of the complaint form's text.
pub const COMPLAINT_TEXT: &str = "Isi pengaduan";

/// The longest kind or service answer read (a `jenis_pengaduan` name, a
/// service's `<id> — <judul>`).
const MAX_KIND: usize = 200;

/// What a complaint issue's form answers: each part only when it reads
/// as one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ComplaintForm {
    /// The kind picked in the dropdown: one line, at most 200 characters.
    pub kind: Option<String>,
    /// The request id, when it is one (`2026-0007`).
    pub request: Option<String>,
    /// The service picked in the dropdown, as answered (`<id> — <judul>`):
    /// one line, at most 200 characters; not yet checked against the
    /// instance's services.
    pub service: Option<String>,
    /// The complaint's text.
    pub text: Option<String>,
}

/// The answers of a complaint issue. A body too large, or a heading twice,
/// gives nothing: the kind is then set by an officer's label.
pub fn complaint(body: &str) -> ComplaintForm {
    if body.len() > MAX_BODY {
        return ComplaintForm::default();
    }
    let mut parts: BTreeMap<&str, String> = BTreeMap::new();
    let mut current: Option<&str> = None;
    for line in body.lines() {
        if let Some(heading) = line.strip_prefix("### ") {
            let heading = heading.trim();
            current = [
                COMPLAINT_REQUEST,
                COMPLAINT_SERVICE,
                COMPLAINT_KIND,
                COMPLAINT_TEXT,
            ]
            .into_iter()
            .find(|h| *h == heading);
            if let Some(h) = current
                && parts.insert(h, String::new()).is_some()
            {
                return ComplaintForm::default();
            }
            continue;
        }
        if let Some(part) = current.and_then(|h| parts.get_mut(h)) {
            part.push_str(line);
            part.push('\n');
        }
    }
    let answer = |h: &str| {
        parts
            .get(h)
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty() && t != "_No response_")
    };
    let one_line = |t: &String| !t.contains('\n') && t.chars().count() <= MAX_KIND;
    ComplaintForm {
        kind: answer(COMPLAINT_KIND).filter(one_line),
        service: answer(COMPLAINT_SERVICE).filter(one_line),
        request: answer(COMPLAINT_REQUEST)
            .and_then(|r| r.parse::<crate::model::RequestId>().ok())
            .map(|id| id.to_string()),
        text: answer(COMPLAINT_TEXT),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::requirements::{Lookup, lookup};

    fn body(pairs: &[(&str, &str)]) -> String {
        pairs
            .iter()
            .map(|(h, v)| format!("### {h}\n\n{v}\n\n"))
            .collect()
    }

    fn valid() -> Vec<(&'static str, &'static str)> {
        vec![
            ("Perangkat daerah (id)", "dinas-pendidikan"),
            ("Nama subdomain", "sekolah"),
            ("Tujuan situs", "Portal sekolah\nnegeri"),
            ("Nomor surat permohonan", "421/1/2026"),
            ("Tanggal surat (TTTT-BB-HH)", "2026-11-20"),
            ("Jabatan penandatangan surat", "Kepala Dinas"),
            ("Nama pengelola teknis (penanggung jawab)", "Pengelola"),
            (
                "Email dinas penanggung jawab",
                "web@disdikbud.tapinkab.go.id",
            ),
            ("Telepon penanggung jawab", "0812 3456 7890"),
            ("Hosting", "Di server Diskominfo"),
            ("Rekaman DNS (bila di server sendiri)", "_No response_"),
        ]
    }

    fn value(text: &str, path: &str) -> Option<String> {
        let tree = crate::input::yaml::parse(text).expect("the written request is YAML");
        match lookup(&tree, path) {
            Lookup::Found(n) => n.value.scalar_text(),
            Lookup::Missing(_) => None,
        }
    }

    #[test]
    fn a_filled_form_becomes_a_request() {
        let text = request_text("subdomain-baru", &body(&valid())).expect("request");
        assert_eq!(value(&text, "subdomain").as_deref(), Some("sekolah"));
        assert_eq!(
            value(&text, "tujuan").as_deref(),
            Some("Portal sekolah\nnegeri")
        );
        assert_eq!(value(&text, "hosting").as_deref(), Some("diskominfo"));
    }

    #[test]
    fn hostile_answers_stay_inert_values() {
        let hostile = [
            "x\", hosting: y, \"",
            "{a: 1}",
            "&a [*a, *a]",
            "'; rm -rf / #",
            "{{ secrets.TOKEN }}",
            "$INCLUDE /etc/passwd",
            "\u{202e}kebalik",
        ];
        for h in hostile {
            let mut pairs = valid();
            pairs[1].1 = h;
            let text = request_text("subdomain-baru", &body(&pairs)).expect("request");
            assert_eq!(value(&text, "subdomain").as_deref(), Some(h), "{h}");
            assert_eq!(
                value(&text, "hosting").as_deref(),
                Some("diskominfo"),
                "{h}"
            );
        }
        let mut pairs = valid();
        pairs[1].1 = "sekolah\nhosting: evil";
        assert_eq!(
            request_text("x", &body(&pairs)),
            Err(FormError::Multiline("subdomain".into()))
        );
        let mut pairs = valid();
        pairs[10].1 = "A 103.147.10.20\nTXT \"v=spf1\\n$INCLUDE\"\nrusak";
        assert_eq!(
            request_text("x", &body(&pairs)),
            Err(FormError::Record("rusak".into()))
        );
        pairs[10].1 = "A 103.147.10.20\nTXT a\" b";
        let text = request_text("x", &body(&pairs)).expect("request");
        assert_eq!(
            value(&text, "rekaman").as_deref(),
            None,
            "a sequence, not a scalar"
        );
        assert!(
            text.contains("{tipe: \"TXT\", nilai: \"a\\\" b\"}"),
            "{text}"
        );
    }

    #[test]
    fn survey_answers_are_scores_or_refused() {
        let mut body = format!("### {SURVEY_REQUEST}\n\n2026-0007\n\n");
        for (i, e) in crate::skm::ELEMENTS.iter().enumerate() {
            body.push_str(&format!("### {e}\n\n{} - pilihan\n\n", 1 + i % 4));
        }
        assert_eq!(
            survey(&body),
            Ok((Some("2026-0007".into()), [1, 2, 3, 4, 1, 2, 3, 4, 1]))
        );
        let bad = body.replace("4 - pilihan", "5 - pilihan");
        assert_eq!(survey(&bad), Err(FormError::Score("Biaya/tarif")));
        let short = body.replace("### Sarana dan prasarana", "### Lain");
        assert_eq!(
            survey(&short),
            Err(FormError::Missing("Sarana dan prasarana"))
        );
        let anon = body.replace("2026-0007", "nama saya Budi");
        assert_eq!(
            survey(&anon).map(|s| s.0),
            Ok(None),
            "free text never becomes data"
        );
    }

    #[test]
    fn markdown_tricks_and_huge_bodies_are_refused() {
        let mut twice = body(&valid());
        twice.push_str("### Nama subdomain\n\nlain\n");
        assert_eq!(
            request_text("x", &twice),
            Err(FormError::Duplicate("Nama subdomain".into()))
        );
        let huge = "a".repeat(MAX_BODY + 1);
        assert_eq!(
            request_text("x", &huge),
            Err(FormError::TooLarge(MAX_BODY + 1))
        );
        let without = body(&valid()[1..]);
        assert_eq!(
            request_text("x", &without),
            Err(FormError::Missing("instansi"))
        );
        // A heading loket does not know is part of the answer before it.
        let mut pairs = valid();
        pairs[2].1 = "Portal\n### Bukan pertanyaan\nlanjutan";
        let text = request_text("x", &body(&pairs)).expect("request");
        assert_eq!(
            value(&text, "tujuan").as_deref(),
            Some("Portal\n### Bukan pertanyaan\nlanjutan")
        );
    }

    #[test]
    fn a_complaint_form_gives_kind_request_and_text_only_as_such() {
        let body = "### Nomor permohonan (bila ada), mis. 2026-0007\n\n2026-0007\n\n\
                    ### Layanan yang diadukan (bila ada)\n\nsubdomain-baru — Subdomain baru\n\n\
                    ### Jenis pengaduan\n\nPengaduan ringan\n\n\
                    ### Isi pengaduan\n\nSitus kami belum aktif.\nTelepon saya.\n";
        assert_eq!(
            complaint(body),
            ComplaintForm {
                kind: Some("Pengaduan ringan".into()),
                request: Some("2026-0007".into()),
                service: Some("subdomain-baru — Subdomain baru".into()),
                text: Some("Situs kami belum aktif.\nTelepon saya.".into()),
            }
        );
        let odd = "### Nomor permohonan (bila ada), mis. 2026-0007\n\nbukan nomor\n\n\
                   ### Layanan yang diadukan (bila ada)\n\nsatu\ndua\n\n\
                   ### Jenis pengaduan\n\n_No response_\n";
        assert_eq!(complaint(odd), ComplaintForm::default());
        let twice = "### Jenis pengaduan\n\nA\n### Jenis pengaduan\n\nB\n";
        assert_eq!(
            complaint(twice),
            ComplaintForm::default(),
            "a heading twice"
        );
        assert_eq!(
            complaint(&"x".repeat(MAX_BODY + 1)),
            ComplaintForm::default()
        );
    }
}
