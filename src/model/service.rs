//! A service standard (standar pelayanan): the 14 components of
//! PermenPAN-RB 15/2014 as front matter of `site/layanan/<id>.md`.

use crate::input::source::Spanned;
use crate::model::ids::{ChannelId, RequirementId, RoleId, ServiceId, StageId};
use crate::model::time::StandardTime;
use crate::{keyword, record};

keyword! {
    /// What a service does to a subdomain.
    pub enum ServiceKind {
        /// Create a subdomain with records.
        Create = "buat",
        /// Change an agency's subdomain.
        Change = "ubah",
        /// Delete an agency's subdomain.
        Delete = "hapus",
        /// Hosting on the institution's servers, with a subdomain.
        Hosting = "hosting",
        /// A website built by the institution, with a subdomain.
        Website = "website",
    }
}

record! {
    /// One service standard.
    pub struct Service {
        /// Slug, equal to the file name.
        id: Spanned<ServiceId> = "id",
        /// Title.
        title: Spanned<String> = "judul",
        /// What the service does to a subdomain.
        kind: Spanned<ServiceKind> = "jenis",
        /// One-paragraph summary.
        summary: Option<Spanned<String>> = "ringkasan",
        /// 1. Persyaratan: the checklist.
        #[serde(default)]
        requirements: Vec<Spanned<Requirement>> = "persyaratan",
        /// 2. Sistem, mekanisme dan prosedur: the stages, in order.
        #[serde(default)]
        stages: Vec<Spanned<Stage>> = "tahapan",
        /// 3. Jangka waktu pelayanan.
        time: Spanned<StandardTime> = "jangka_waktu",
        /// 4. Biaya/tarif.
        fee: Spanned<Fee> = "biaya",
        /// 5. Produk pelayanan.
        #[serde(default)]
        products: Vec<Spanned<String>> = "produk",
        /// 6. Penanganan pengaduan: channel ids from loket.yaml.
        #[serde(default)]
        channels: Vec<Spanned<ChannelId>> = "pengaduan",
        /// 7. Dasar hukum.
        #[serde(default)]
        legal_basis: Vec<Spanned<String>> = "dasar_hukum",
        /// 8. Sarana, prasarana dan/atau fasilitas.
        #[serde(default)]
        facilities: Vec<Spanned<String>> = "sarana",
        /// 9. Kompetensi pelaksana.
        #[serde(default)]
        competence: Vec<Spanned<String>> = "kompetensi_pelaksana",
        /// 10. Pengawasan internal.
        #[serde(default)]
        supervision: Vec<Spanned<String>> = "pengawasan_internal",
        /// 11. Jumlah pelaksana.
        staff: Option<Spanned<u32>> = "jumlah_pelaksana",
        /// 12. Jaminan pelayanan (maklumat pelayanan).
        pledge: Option<Spanned<String>> = "maklumat",
        /// 13. Jaminan keamanan dan keselamatan pelayanan.
        #[serde(default)]
        security: Vec<Spanned<String>> = "jaminan_keamanan",
        /// 14. Evaluasi kinerja pelaksana.
        #[serde(default)]
        evaluation: Vec<Spanned<String>> = "evaluasi_kinerja",
        /// Template of the letter confirming the service was carried out,
        /// rendered by `loket letter` (placeholders in braces).
        confirmation_letter: Option<Spanned<String>> = "surat_konfirmasi",
    }
}

record! {
    /// The fee.
    pub struct Fee {
        /// Amount in rupiah (0: free).
        amount: u64 = "nominal",
        /// Explanation, e.g. `Tidak dipungut biaya`.
        note: Option<Spanned<String>> = "keterangan",
    }
}

record! {
    /// One checklist item, and how it is met.
    pub struct Requirement {
        /// Slug.
        id: Spanned<RequirementId> = "id",
        /// The requirement as the public reads it.
        text: Spanned<String> = "teks",
        /// Met by a value in the request at this dotted path.
        field: Option<Spanned<String>> = "field",
        /// Met by an attachment whose path is at this dotted path.
        file: Option<Spanned<String>> = "berkas",
        /// Met by an https link at this dotted path.
        link: Option<Spanned<String>> = "tautan",
        /// Checked by an officer; never in the repository.
        officer: Option<Spanned<bool>> = "petugas",
        /// Whether the requirement must be met (default true).
        required: Option<bool> = "wajib",
    }
}

/// How a requirement is met.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Means<'a> {
    /// A value in the request.
    Field(&'a str),
    /// An attachment.
    File(&'a str),
    /// An https link.
    Link(&'a str),
    /// An officer's check.
    Officer,
}

impl Requirement {
    /// How the requirement is met, when it names exactly one way.
    pub fn means(&self) -> Option<Means<'_>> {
        let officer = self.officer.as_ref().is_some_and(|o| o.value);
        let ways = [
            self.field.as_ref().map(|p| Means::Field(p.as_str())),
            self.file.as_ref().map(|p| Means::File(p.as_str())),
            self.link.as_ref().map(|p| Means::Link(p.as_str())),
            officer.then_some(Means::Officer),
        ];
        let mut found = ways.into_iter().flatten();
        match (found.next(), found.next()) {
            (Some(one), None) => Some(one),
            _ => None,
        }
    }

    /// Whether the requirement must be met.
    pub fn is_required(&self) -> bool {
        self.required.unwrap_or(true)
    }
}

record! {
    /// One stage (tahapan) of the procedure.
    pub struct Stage {
        /// Slug.
        id: Spanned<StageId> = "id",
        /// Name.
        name: Spanned<String> = "nama",
        /// The officer role that acts.
        role: Spanned<RoleId> = "peran",
        /// The pull-request label that records the stage.
        label: Option<Spanned<String>> = "label",
        /// Standard time.
        time: Option<Spanned<StandardTime>> = "waktu",
        /// Done after the merge (e.g. DNS configuration).
        after_merge: Option<bool> = "setelah_merge",
        /// May repeat (e.g. revise until the agency accepts).
        repeatable: Option<bool> = "berulang",
        /// What happens in the stage.
        description: Option<Spanned<String>> = "keterangan",
    }
}
