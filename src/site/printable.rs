//! The printable pages of a request: the receipt (tanda terima,
//! `/permohonan/<id>/tanda-terima/`) for every request attributed to its
//! agency, and the reply letter
//! (`/permohonan/<id>/surat/`) once the request is done. Both carry the
//! institution's letterhead and print on A4 without the site's chrome; the
//! publish workflow turns the Indonesian ones into PDFs (`loket build --pdf`).
//!
//! Pure: views only. The letter itself is composed by [`crate::letter`].

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::input::diagnostic::Lang;
use crate::letter::{self, Letter};
use crate::model::{Config, Service};
use crate::report::status::standard;
use crate::review::calendar::Calendar;
use crate::review::timeline::{EventKind, Status, Timeline};
use crate::site::i18n::Words;
use crate::site::svg;
use crate::site::view::{Names, RequestFacts, Row, time};

/// The path of a request's receipt page under a language's home.
pub(crate) fn receipt_path(id: &str) -> String {
    format!("permohonan/{id}/tanda-terima/")
}

/// The path of a request's letter page under a language's home.
pub(crate) fn letter_path(id: &str) -> String {
    format!("permohonan/{id}/surat/")
}

/// The PDF beside a printable page: `permohonan/<id>/tanda-terima.pdf`.
pub(crate) fn pdf_path(page: &str) -> String {
    format!("{}.pdf", page.trim_end_matches('/'))
}

/// When the request's reply letter is due, which is also its date: once
/// `selesai` (from that day), or once `disetujui` (from the merge) when
/// nothing remains after the merge (the clock stopped there) or what
/// remains is the letter itself (the service has `surat_konfirmasi`).
pub(crate) fn letter_due(t: &Timeline, service: Option<&Service>) -> Option<DateTime<Utc>> {
    let at = |kind: EventKind| t.events.iter().find(|e| e.kind == kind).map(|e| e.at);
    match t.status {
        Status::Selesai => at(EventKind::Done).or_else(|| at(EventKind::Merged)),
        Status::Disetujui
            if t.clock.stopped.is_some()
                || service.is_some_and(|s| s.confirmation_letter.is_some()) =>
        {
            at(EventKind::Merged)
        }
        _ => None,
    }
}

/// The reply letter of a request, when `loket.yaml` has `surat_balasan`,
/// the request is the agency's own ([`Timeline::attributed`]), done, and
/// its file is on the branch.
pub(crate) fn letter_of(
    facts: &RequestFacts<'_>,
    config: &Config,
    names: &Names<'_>,
    cal: &Calendar,
) -> Option<Letter> {
    config.reply_letter.as_ref()?;
    let t = facts.timeline;
    if !t.attributed {
        return None;
    }
    let service = t
        .service
        .as_deref()
        .and_then(|s| names.services.get(s))
        .copied();
    let at = letter_due(t, service)?;
    let request = facts.loaded?.request.as_ref()?;
    let id = t.id.parse().ok()?;
    letter::compose(config, service, request, id, cal.local_date(at))
        .ok()
        .flatten()
}

/// `/permohonan/<id>/tanda-terima/`.
#[derive(Debug, Serialize)]
pub(crate) struct ReceiptPage<'a> {
    /// The request's row (id, names, status).
    pub row: &'a Row,
    /// Letterhead lines.
    pub letterhead: &'a [String],
    /// When the pull request was opened, or the front desk received it.
    pub received: Option<String>,
    /// How the front desk received it, in words; none for an online request.
    pub channel: Option<String>,
    /// When the complete request was received (the clock's start).
    pub started: Option<String>,
    /// When it is due.
    pub due: Option<String>,
    /// The service's time limit.
    pub allowed: Option<String>,
    /// The status page's address.
    pub status_url: String,
    /// QR code of the status page (SVG).
    pub qr: Option<String>,
    /// The PDF's address, when the build makes it.
    pub pdf: Option<String>,
    /// Whether the request has a reply letter.
    pub reply_letter: bool,
    /// The day its status is as of: that of its last event once the
    /// status is final (selesai, ditolak, dibatalkan), so the receipt, and
    /// its PDF, stay as they are from build to build; none while the
    /// request goes on (the page then says the build's day).
    pub as_of: Option<String>,
}

/// What the printable pages of a request share.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sheet<'a> {
    /// Letterhead lines.
    pub letterhead: &'a [String],
    /// The absolute address of the language's home.
    pub home_url: &'a str,
    /// The site root path, for the PDFs (Indonesian, shared by both languages).
    pub root: &'a str,
    /// Whether the build makes PDFs.
    pub pdf: bool,
}

impl Sheet<'_> {
    /// The root-relative address of the PDF of `page`, when the build makes PDFs.
    pub(crate) fn pdf_url(&self, page: &str) -> Option<String> {
        self.pdf.then(|| format!("{}{}", self.root, pdf_path(page)))
    }
}

/// The receipt of one request.
pub(crate) fn receipt<'a>(
    t: &Timeline,
    row: &'a Row,
    sheet: &Sheet<'a>,
    reply_letter: bool,
    cal: &Calendar,
    w: &Words,
    lang: Lang,
) -> ReceiptPage<'a> {
    let status_url = format!("{}permohonan/{}/", sheet.home_url, t.id);
    ReceiptPage {
        row,
        letterhead: sheet.letterhead,
        received: t
            .events
            .iter()
            .find(|e| e.kind == EventKind::Submitted)
            .map(|e| time(e.at, cal, lang)),
        channel: t
            .channel
            .map(|c| w.word(&format!("channel_{c}")).to_string()),
        started: Some(t.clock.started.map_or_else(
            || w.word("receipt_not_started").to_string(),
            |at| time(at, cal, lang),
        )),
        due: t.clock.due.map(|at| time(at, cal, lang)),
        allowed: t.clock.allowed.map(|a| standard(a, lang)),
        qr: svg::qr(
            &status_url,
            &format!("{}: {status_url}", w.word("receipt_follow")),
        ),
        status_url,
        pdf: sheet.pdf_url(&receipt_path(&t.id)),
        reply_letter,
        as_of: matches!(
            t.status,
            Status::Selesai | Status::Ditolak | Status::Dibatalkan
        )
        .then(|| t.events.last())
        .flatten()
        .map(|e| crate::site::view::date(cal.local_date(e.at), lang)),
    }
}

/// `/permohonan/<id>/surat/`.
#[derive(Debug, Serialize)]
pub(crate) struct LetterPage<'a> {
    /// The request's row.
    pub row: &'a Row,
    /// The letter.
    pub letter: &'a Letter,
    /// `Nomor: …`.
    pub number_line: String,
    /// Where the signer writes their name.
    pub blank: &'static str,
    /// The PDF's address, when the build makes it.
    pub pdf: Option<String>,
}

/// The letter page of one request.
pub(crate) fn letter_page<'a>(
    row: &'a Row,
    letter: &'a Letter,
    sheet: &Sheet<'_>,
) -> LetterPage<'a> {
    LetterPage {
        row,
        letter,
        number_line: letter.number_line(),
        blank: Letter::BLANK,
        pdf: sheet.pdf_url(&letter_path(&row.id)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdfs_sit_beside_their_pages() {
        assert_eq!(
            pdf_path(&receipt_path("2026-0007")),
            "permohonan/2026-0007/tanda-terima.pdf"
        );
        assert_eq!(
            pdf_path(&letter_path("2026-0007")),
            "permohonan/2026-0007/surat.pdf"
        );
    }
}
