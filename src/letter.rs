//! The institution's letters about one request: the reply letter (surat
//! balasan; Kalbar's surat konfirmasi, Kudus's notice to the applicant)
//! composed from `loket.yaml`'s `surat_balasan` (letterhead, number
//! pattern, signing role) and the service's `surat_konfirmasi` template or
//! a default text, and the letterhead receipts share. One placeholder
//! filler serves templates and number patterns.
//!
//! Pure: the caller passes the request, its id and the letter's date;
//! `loket letter` prints [`Letter::text`], the site renders the same
//! [`Letter`] as HTML.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::model::{Config, Request, RequestId, Service, ServiceKind};

/// The placeholders a letter template (`surat_konfirmasi`) may use.
pub(crate) const PLACEHOLDERS: &[(&str, &str)] = &[
    ("id", "nomor permohonan, e.g. 2026-0001"),
    ("instansi", "nama instansi pengelola"),
    ("domain", "domain instansi"),
    ("subdomain", "subdomain yang diminta"),
    ("fqdn", "nama lengkap, subdomain.domain"),
    ("nama_instansi", "nama perangkat daerah pemohon"),
    ("layanan", "judul layanan"),
    ("surat_nomor", "nomor surat permohonan"),
    ("surat_tanggal", "tanggal surat permohonan"),
    ("penandatangan", "penandatangan surat permohonan"),
    ("tanggal", "tanggal surat"),
    ("tahun", "tahun surat"),
];

/// The placeholders a letter-number pattern (`surat_balasan.nomor`) may use.
pub(crate) const NUMBER_PLACEHOLDERS: &[(&str, &str)] = &[
    ("id", "nomor permohonan, e.g. 2026-0007"),
    ("urut", "nomor urut permohonan dalam tahunnya, e.g. 0007"),
    ("tahun", "tahun surat"),
    ("bulan", "bulan surat, 01–12"),
    ("bulan_romawi", "bulan surat dalam angka Romawi, I–XII"),
];

/// Number-pattern placeholders of which one must appear, so that no two
/// requests' letters share a number.
pub(crate) const PER_REQUEST: &[&str] = &["id", "urut"];

/// Why a template or pattern cannot be filled.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum LetterError {
    /// A placeholder loket does not know.
    #[error("unknown placeholder `{{{0}}}`")]
    Unknown(String),
    /// A `{` without its `}`.
    #[error("unclosed `{{`")]
    Unclosed,
}

impl LetterError {
    /// What to name in a finding: `{nip}`, or `{` for an unclosed one.
    pub(crate) fn placeholder(&self) -> String {
        match self {
            LetterError::Unknown(name) => format!("{{{name}}}"),
            LetterError::Unclosed => "{".to_string(),
        }
    }
}

/// `date` as an Indonesian letter writes it: `23 November 2026`.
pub(crate) fn tanggal(date: NaiveDate) -> String {
    crate::review::calendar::long_date(date, crate::input::diagnostic::Lang::Id)
}

/// Fills `{name}` placeholders of `template` from `values`, accepting only
/// the names of `known`; a value that is missing (a request without a
/// letter) becomes `…`.
fn fill(
    template: &str,
    known: &[(&str, &str)],
    values: &BTreeMap<&str, String>,
) -> Result<String, LetterError> {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after.find('}').ok_or(LetterError::Unclosed)?;
        let name = &after[..close];
        if !known.iter().any(|(p, _)| *p == name) {
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

/// Fills a letter template's placeholders ([`PLACEHOLDERS`]).
pub(crate) fn render(
    template: &str,
    values: &BTreeMap<&str, String>,
) -> Result<String, LetterError> {
    fill(template, PLACEHOLDERS, values)
}

/// Fills a letter-number pattern's placeholders ([`NUMBER_PLACEHOLDERS`]).
pub(crate) fn number(
    pattern: &str,
    values: &BTreeMap<&str, String>,
) -> Result<String, LetterError> {
    fill(pattern, NUMBER_PLACEHOLDERS, values)
}

/// Whether a number pattern names the request (`{id}` or `{urut}`).
pub(crate) fn is_per_request(pattern: &str) -> bool {
    PER_REQUEST
        .iter()
        .any(|p| pattern.contains(&format!("{{{p}}}")))
}

/// `11` → `XI`, for months.
pub(crate) fn roman(month: u32) -> &'static str {
    const ROMAN: [&str; 12] = [
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
    ];
    ROMAN
        .get(month.saturating_sub(1) as usize)
        .copied()
        .unwrap_or("")
}

/// The letter's date as a letter writes it, or as given when it is no date.
fn request_letter_date(request: &Request) -> String {
    let Some(l) = request.letter.as_ref() else {
        return String::new();
    };
    NaiveDate::parse_from_str(l.date.as_str().trim(), "%Y-%m-%d")
        .map(tanggal)
        .unwrap_or_else(|_| l.date.to_string())
}

/// Every placeholder's value for the letter about `request` (`id`), dated
/// `date`: those of templates and those of number patterns.
pub(crate) fn values(
    config: &Config,
    service: Option<&Service>,
    request: &Request,
    id: RequestId,
    date: NaiveDate,
) -> BTreeMap<&'static str, String> {
    let domain = config.institution.domain.as_str();
    let subdomain = request
        .new_subdomain
        .as_deref()
        .unwrap_or(&request.subdomain);
    let agency = config
        .agencies
        .iter()
        .find(|a| a.id.as_str() == request.agency.as_str());
    let letter_field = |f: fn(&crate::model::request::Letter) -> &str| {
        request
            .letter
            .as_ref()
            .map(|l| f(l).to_string())
            .unwrap_or_default()
    };
    BTreeMap::from([
        ("id", id.to_string()),
        ("urut", format!("{:04}", id.number)),
        ("instansi", config.institution.name.to_string()),
        ("domain", domain.to_string()),
        ("subdomain", subdomain.to_string()),
        ("fqdn", format!("{subdomain}.{domain}")),
        (
            "nama_instansi",
            agency.map(|a| a.name.to_string()).unwrap_or_default(),
        ),
        (
            "layanan",
            service.map(|s| s.title.to_string()).unwrap_or_default(),
        ),
        ("surat_nomor", letter_field(|l| l.number.as_str())),
        ("surat_tanggal", request_letter_date(request)),
        ("penandatangan", letter_field(|l| l.signer.as_str())),
        ("tanggal", tanggal(date)),
        ("tahun", date.format("%Y").to_string()),
        ("bulan", format!("{:02}", date.month())),
        ("bulan_romawi", roman(date.month()).to_string()),
    ])
}

const OPENING: &str = "Perihal  : {layanan}\n\nKepada Yth.\n{penandatangan}\n{nama_instansi}\n\nMenindaklanjuti surat Saudara nomor {surat_nomor} tanggal {surat_tanggal} (permohonan {id}), dengan ini kami sampaikan bahwa ";
const CLOSING: &str =
    "\n\nDemikian disampaikan, atas perhatian dan kerja samanya diucapkan terima kasih.\n";

/// The reply text of a service without a `surat_konfirmasi` template, by
/// what the service does.
pub(crate) fn default_body(kind: ServiceKind) -> String {
    let done = match kind {
        ServiceKind::Create => {
            "sub domain\n\n    {fqdn}\n\ntelah dibuat dan dapat digunakan sejak {tanggal}."
        }
        ServiceKind::Change => {
            "perubahan sub domain\n\n    {fqdn}\n\ntelah diterapkan sejak {tanggal}."
        }
        ServiceKind::Delete => "sub domain\n\n    {fqdn}\n\ntelah dihapus sejak {tanggal}.",
        ServiceKind::Hosting | ServiceKind::Website => {
            "layanan untuk sub domain\n\n    {fqdn}\n\ntelah selesai dan dapat digunakan sejak {tanggal}."
        }
    };
    format!("{OPENING}{done}{CLOSING}")
}

/// The letterhead: `surat_balasan.kop`, else the institution's name in
/// capitals, its address and its contacts.
pub(crate) fn letterhead(config: &Config) -> Vec<String> {
    if let Some(lines) = config
        .reply_letter
        .as_ref()
        .map(|r| &r.letterhead)
        .filter(|l| !l.is_empty())
    {
        return lines.iter().map(|l| l.value.clone()).collect();
    }
    let inst = &config.institution;
    let mut lines = vec![inst.name.value.to_uppercase()];
    lines.extend(inst.address.as_ref().map(|a| a.value.clone()));
    let contacts: Vec<String> = [
        inst.phone.as_ref().map(|p| format!("Telepon {}", p.value)),
        inst.email.as_ref().map(|e| e.value.clone()),
        inst.website.as_ref().map(|w| w.value.clone()),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !contacts.is_empty() {
        lines.push(contacts.join(" · "));
    }
    lines
}

/// A reply letter, ready to print.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Letter {
    /// Letterhead lines.
    pub letterhead: Vec<String>,
    /// `Pontianak, 20 November 2026`, or the date alone.
    pub place_date: String,
    /// The letter number.
    pub number: String,
    /// The body, lines as written.
    pub body: String,
    /// The signing role's title (never a person's name).
    pub signer: String,
}

/// The reply letter about `request`, dated `date`; `None` when
/// `loket.yaml` has no `surat_balasan`. The body is the service's
/// `surat_konfirmasi`, else [`default_body`].
pub(crate) fn compose(
    config: &Config,
    service: Option<&Service>,
    request: &Request,
    id: RequestId,
    date: NaiveDate,
) -> Result<Option<Letter>, LetterError> {
    let Some(setting) = config.reply_letter.as_ref() else {
        return Ok(None);
    };
    let values = values(config, service, request, id, date);
    let body = match service.and_then(|s| s.confirmation_letter.as_ref()) {
        Some(template) => render(template, &values)?,
        None => render(
            &default_body(service.map_or(ServiceKind::Create, |s| s.kind.value)),
            &values,
        )?,
    };
    let signer = config
        .roles
        .iter()
        .find(|r| r.id.as_str() == setting.signer.as_str())
        .map_or_else(|| setting.signer.to_string(), |r| r.name.value.clone());
    Ok(Some(Letter {
        letterhead: letterhead(config),
        place_date: match &setting.place {
            Some(place) => format!("{}, {}", place.value, tanggal(date)),
            None => tanggal(date),
        },
        number: number(&setting.number, &values)?,
        body: body.trim_end().to_string(),
        signer,
    }))
}

impl Letter {
    /// Where the signer writes their name under the wet signature.
    pub(crate) const BLANK: &'static str = "................................";

    /// `Nomor: 555/0007/Diskominfo/XI/2026`.
    pub(crate) fn number_line(&self) -> String {
        format!("Nomor: {}", self.number)
    }

    /// The letter as plain text, for the officer to paste or print.
    pub(crate) fn text(&self) -> String {
        let mut out = self.letterhead.join("\n");
        out.push_str(&format!("\n{}\n\n", "=".repeat(64)));
        out.push_str(&format!("{}\n{}\n\n", self.place_date, self.number_line()));
        out.push_str(&self.body);
        out.push_str(&format!("\n\n{}\n\n\n\n({})\n", self.signer, Letter::BLANK));
        out
    }
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
        assert_eq!(
            number("{fqdn}/{urut}", &values),
            Err(LetterError::Unknown("fqdn".into()))
        );
    }

    #[test]
    fn numbers_from_patterns() {
        let values = BTreeMap::from([
            ("urut", "0007".to_string()),
            ("bulan_romawi", roman(11).to_string()),
            ("tahun", "2026".to_string()),
        ]);
        assert_eq!(
            number("555/{urut}/Diskominfo/{bulan_romawi}/{tahun}", &values),
            Ok("555/0007/Diskominfo/XI/2026".to_string())
        );
        assert!(is_per_request("x/{urut}"));
        assert!(!is_per_request("x/{tahun}"));
        assert_eq!((roman(1), roman(12), roman(13)), ("I", "XII", ""));
    }

    #[test]
    fn default_bodies_use_only_known_placeholders() {
        for kind in ServiceKind::ALL {
            let text = render(&default_body(*kind), &BTreeMap::new()).expect("fills");
            assert!(text.starts_with("Perihal  : …\n\nKepada Yth."), "{text}");
        }
    }

    #[test]
    fn writes_dates_the_indonesian_way() {
        let date = NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
        assert_eq!(tanggal(date), "23 November 2026");
    }
}
