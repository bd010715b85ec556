//! A complaint an officer recorded (pengaduan di luar GitHub): one YAML
//! file under `pengaduan/`, for a complaint received by phone, WhatsApp,
//! letter, SP4N-LAPOR! or in person. It holds no complainant's name or
//! contact: the file is public in the repository.

use crate::input::source::Spanned;
use crate::{keyword, record};

record! {
    /// One complaint received outside GitHub.
    pub struct ComplaintRecord {
        /// How it reached the institution.
        channel: Spanned<ComplaintChannel> = "kanal",
        /// When it was received, in the institution's time:
        /// `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM`; the clock starts then.
        received: Spanned<String> = "diterima",
        /// The kind's id (`jenis_pengaduan[].id` in `loket.yaml`).
        kind: Spanned<String> = "jenis",
        /// The service it concerns (`site/layanan/<id>.md`).
        service: Option<Spanned<String>> = "layanan",
        /// The request id (`2026-0007`) it concerns.
        request: Option<Spanned<String>> = "permohonan",
        /// What the officers did, in order: each status with its date.
        #[serde(default)]
        status: Vec<Spanned<ComplaintStep>> = "status",
        /// A short summary of the complaint, without personal data;
        /// published only with `boleh_diumumkan: true`.
        summary: Option<Spanned<String>> = "ringkasan",
        /// Whether an officer allows the summary on the public site.
        publishable: Option<Spanned<bool>> = "boleh_diumumkan",
        /// Notes for the officers (never published).
        notes: Option<Spanned<String>> = "catatan",
    }
}

record! {
    /// One status a recorded complaint reached, and when.
    pub struct ComplaintStep {
        /// The status.
        status: Spanned<RecordedStatus> = "status",
        /// When, in the institution's time: `YYYY-MM-DD` or
        /// `YYYY-MM-DDTHH:MM`.
        at: Spanned<String> = "tanggal",
        /// Why it was refused (`status: ditolak`): one of the complaint
        /// reasons.
        reason: Option<Spanned<String>> = "alasan",
    }
}

keyword! {
    /// The channels outside GitHub a complaint comes by (the standards
    /// name telephone, WhatsApp, letters and SP4N-LAPOR!).
    pub enum ComplaintChannel {
        /// By telephone.
        Telepon = "telepon",
        /// By WhatsApp.
        Whatsapp = "whatsapp",
        /// By letter.
        Surat = "surat",
        /// Through the SP4N-LAPOR! portal.
        Lapor = "lapor",
        /// In person at the office.
        Langsung = "langsung",
    }
}

impl ComplaintChannel {
    /// The channel in words (Bahasa Indonesia).
    pub fn name(self) -> &'static str {
        match self {
            ComplaintChannel::Telepon => "telepon",
            ComplaintChannel::Whatsapp => "WhatsApp",
            ComplaintChannel::Surat => "surat",
            ComplaintChannel::Lapor => "SP4N-LAPOR!",
            ComplaintChannel::Langsung => "datang langsung",
        }
    }
}

keyword! {
    /// A status an officer records on a complaint.
    pub enum RecordedStatus {
        /// Received and to be handled.
        Diterima = "diterima",
        /// Being looked into.
        Diproses = "diproses",
        /// Waiting for the complainant: the clock pauses.
        MenungguPengadu = "menunggu-pengadu",
        /// Settled.
        Selesai = "selesai",
        /// Refused, with a reason.
        Ditolak = "ditolak",
    }
}

impl serde::Serialize for ComplaintChannel {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}
