//! A request (permohonan): one YAML file under `requests/<agency>/`.

use crate::input::source::Spanned;
use crate::model::config::{FreeMap, RecordSpec};
use crate::{keyword, record};

record! {
    /// One request.
    pub struct Request {
        /// Service id (`site/layanan/<id>.md`).
        service: Spanned<String> = "layanan",
        /// Agency id; equals the directory.
        agency: Spanned<String> = "instansi",
        /// The subdomain, one DNS label: `sekolah` for `sekolah.<domain>`.
        subdomain: Spanned<String> = "subdomain",
        /// For a change: the new name, when the name itself changes.
        new_subdomain: Option<Spanned<String>> = "subdomain_baru",
        /// Why the agency wants the site.
        purpose: Option<Spanned<String>> = "tujuan",
        /// Why the agency changes or deletes it.
        reason: Option<Spanned<String>> = "alasan",
        /// The signed request letter.
        letter: Option<Spanned<Letter>> = "surat",
        /// The person responsible at the agency.
        contact: Option<Spanned<Contact>> = "penanggung_jawab",
        /// `diskominfo`: hosted by the institution, with its default records.
        hosting: Option<Spanned<Hosting>> = "hosting",
        /// Records for a site hosted elsewhere.
        #[serde(default)]
        records: Vec<Spanned<RecordSpec>> = "rekaman",
        /// Attachments: name -> path under `requests/<agency>/`.
        #[serde(default)]
        attachments: FreeMap = "lampiran",
        /// Links: name -> https URL.
        #[serde(default)]
        links: FreeMap = "tautan",
        /// Free notes for the officers.
        notes: Option<Spanned<String>> = "catatan",
        /// How the request reached the institution (default `daring`: an
        /// operator's pull request); a front-desk officer records the others.
        channel: Option<Spanned<IntakeChannel>> = "kanal",
        /// When the front desk received it, in the institution's time:
        /// `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM`; the clock starts then.
        received: Option<Spanned<String>> = "diterima",
    }
}

keyword! {
    /// The channel a request came by (Sulut's standard: online or in person;
    /// Kudus and Kalbar: a letter).
    pub enum IntakeChannel {
        /// Online: an agency operator's pull request or issue.
        Daring = "daring",
        /// The agency came to the front desk with its letter.
        Langsung = "langsung",
        /// The letter came by post.
        Surat = "surat",
        /// The letter came by email.
        Email = "email",
    }
}

impl IntakeChannel {
    /// Whether a front-desk officer takes requests of this channel.
    pub fn at_desk(self) -> bool {
        self != IntakeChannel::Daring
    }

    /// The channel in words (Bahasa Indonesia, as the standards name it).
    pub fn name(self) -> &'static str {
        match self {
            IntakeChannel::Daring => "daring",
            IntakeChannel::Langsung => "datang langsung",
            IntakeChannel::Surat => "surat",
            IntakeChannel::Email => "email",
        }
    }
}

record! {
    /// The signed request letter.
    pub struct Letter {
        /// Letter number, e.g. `421/123/Disdik/2026`.
        number: Spanned<String> = "nomor",
        /// Letter date, `YYYY-MM-DD`.
        date: Spanned<String> = "tanggal",
        /// Who signed, by office (not a personal name).
        signer: Spanned<String> = "penandatangan",
        /// The scanned letter, a path under `requests/<agency>/`.
        file: Option<Spanned<String>> = "berkas",
    }
}

record! {
    /// The person responsible at the agency.
    pub struct Contact {
        /// Name.
        name: Spanned<String> = "nama",
        /// Position.
        position: Option<Spanned<String>> = "jabatan",
        /// Official email.
        email: Spanned<String> = "email",
        /// Phone, Indonesian format.
        phone: Option<Spanned<String>> = "telepon",
    }
}

keyword! {
    /// Who hosts the site.
    pub enum Hosting {
        /// The institution's servers: the policy's default records apply.
        Diskominfo = "diskominfo",
    }
}

/// What a request does to the registry, derived from its service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestKind {
    /// Takes a free name.
    Create,
    /// Changes a held name.
    Change,
    /// Gives up a held name.
    Delete,
}

impl Request {
    /// The key paths a request may carry, for checking requirement paths.
    pub fn knows_path(path: &str) -> bool {
        let mut parts = path.splitn(2, '.');
        let head = parts.next().unwrap_or("");
        let rest = parts.next();
        match (head, rest) {
            (h, None) => Self::KEYS.contains(&h),
            ("surat", Some(r)) => Letter::KEYS.contains(&r),
            ("penanggung_jawab", Some(r)) => Contact::KEYS.contains(&r),
            ("lampiran" | "tautan", Some(r)) => !r.is_empty() && !r.contains('.'),
            _ => false,
        }
    }
}
