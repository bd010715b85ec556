//! What each request status means, in plain words: what happened, whether
//! the service clock runs, who acts next and what the applicant (the
//! agency) should do. One table per language, one entry per
//! [`Status::KEYS`], used by the site's `/bantuan/status/` page and request
//! pages, and ready for the notices. Pure data: no formatting, no I/O.

use serde::Serialize;

use crate::input::diagnostic::Lang;
use crate::review::timeline::Status;

/// The explanation of one status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) struct Help {
    /// The status key ([`Status::key`]).
    pub key: &'static str,
    /// What it means.
    pub meaning: &'static str,
    /// What the service clock does.
    pub clock: &'static str,
    /// Who acts next.
    pub next: &'static str,
    /// What the applicant (the agency's operator) should do.
    pub applicant: &'static str,
}

const fn help(
    key: &'static str,
    meaning: &'static str,
    clock: &'static str,
    next: &'static str,
    applicant: &'static str,
) -> Help {
    Help {
        key,
        meaning,
        clock,
        next,
        applicant,
    }
}

const WAIT_ID: &str = "Tidak perlu berbuat apa-apa; pantau halaman ini. Jangan mengubah berkas permohonan kecuali diminta: perubahan membuat persetujuan tahap yang sudah diberikan harus diulang.";
const WAIT_EN: &str = "Nothing to do; follow this page. Do not change the request file unless asked: a change means the stages already approved must be approved again.";

/// Bahasa Indonesia, in the order of [`Status::KEYS`].
const ID: [Help; 9] = [
    help(
        "diajukan",
        "Pull request permohonan sudah dibuka; pemeriksaan otomatis (loket check) belum selesai.",
        "Belum berjalan.",
        "Sistem: pemeriksaan otomatis.",
        "Tunggu hasil pemeriksaan, biasanya beberapa menit.",
    ),
    help(
        "belum-lengkap",
        "Pemeriksaan otomatis menemukan persyaratan yang belum terpenuhi atau isian yang salah.",
        "Belum berjalan: jam layanan mulai ketika permohonan lengkap diterima.",
        "Pemohon (operator perangkat daerah).",
        "Baca komentar pemeriksaan pada pull request, perbaiki berkas permohonan, lalu kirim perubahan ke pull request yang sama.",
    ),
    help(
        "lengkap",
        "Permohonan lengkap dan diterima; menunggu petugas mengerjakan tahap pertama.",
        "Berjalan sejak permohonan lengkap diterima.",
        "Petugas tahap pertama, sesuai standar pelayanan.",
        WAIT_ID,
    ),
    help(
        "tahap",
        "Petugas sudah menyelesaikan satu tahap prosedur (namanya tertera pada status); permohonan berlanjut ke tahap berikutnya.",
        "Berjalan.",
        "Petugas tahap berikutnya; sesudah tahap terakhir permohonan disetujui (digabung).",
        WAIT_ID,
    ),
    help(
        "dikembalikan",
        "Petugas mengembalikan permohonan untuk diperbaiki; alasan dan yang perlu diperbaiki tertera pada halaman permohonan.",
        "Berhenti sementara: hari kerja selama dikembalikan tidak dihitung, dan batas waktu bergeser sebanyak itu.",
        "Pemohon.",
        "Perbaiki sesuai alasan, kirim perubahan ke pull request yang sama, lalu beri tahu petugas dengan komentar. Permohonan yang tidak dijawab sampai batas tindak lanjut ditutup.",
    ),
    help(
        "disetujui",
        "Semua tahap persetujuan selesai dan permohonan digabung (merge) ke daftar resmi; perubahan DNS diterbitkan otomatis.",
        "Berhenti, kecuali layanan masih punya tahap sesudah disetujui (misalnya konfigurasi atau surat balasan).",
        "Petugas tahap sesudah disetujui, bila ada.",
        "Tunggu sampai permohonan selesai; subdomain aktif setelah perubahan DNS diterbitkan.",
    ),
    help(
        "selesai",
        "Permohonan selesai dilaksanakan: subdomain sudah aktif, diubah atau dihapus sesuai permohonan.",
        "Berhenti.",
        "Tidak ada.",
        "Cetak tanda terima dan surat balasan bila perlu, dan nilai layanan ini melalui Survei Kepuasan Masyarakat.",
    ),
    help(
        "ditolak",
        "Permohonan ditolak; alasan dan yang perlu dilakukan tertera pada halaman permohonan.",
        "Berhenti.",
        "Pemohon, bila ingin mengajukan lagi.",
        "Baca alasannya; ajukan permohonan baru bila masalahnya dapat diatasi, atau sampaikan pengaduan bila tidak setuju.",
    ),
    help(
        "dibatalkan",
        "Pull request ditutup tanpa digabung: ditarik pemohon, atau ditutup karena tidak dijawab setelah dikembalikan.",
        "Berhenti.",
        "Tidak ada.",
        "Ajukan permohonan baru bila layanan masih diperlukan.",
    ),
];

/// English, in the order of [`Status::KEYS`].
const EN: [Help; 9] = [
    help(
        "diajukan",
        "The request's pull request is open; the automatic check (loket check) has not finished.",
        "Not running yet.",
        "The system: the automatic check.",
        "Wait for the check, usually a few minutes.",
    ),
    help(
        "belum-lengkap",
        "The automatic check found a requirement not met or a wrong entry.",
        "Not running yet: the service clock starts when the complete request is received.",
        "The applicant (the agency's operator).",
        "Read the check's comment on the pull request, fix the request file and push the change to the same pull request.",
    ),
    help(
        "lengkap",
        "The request is complete and received; it waits for the officers' first stage.",
        "Running since the complete request was received.",
        "The officer of the first stage, as the service standard says.",
        WAIT_EN,
    ),
    help(
        "tahap",
        "An officer finished a stage of the procedure (its name is shown with the status); the request goes on to the next stage.",
        "Running.",
        "The officer of the next stage; after the last one the request is approved (merged).",
        WAIT_EN,
    ),
    help(
        "dikembalikan",
        "An officer returned the request to be fixed; the reason and what to fix are shown on the request's page.",
        "Paused: working days while returned do not count, and the due date moves by as many.",
        "The applicant.",
        "Fix what the reason says, push the change to the same pull request and tell the officers in a comment. A request nobody answers is closed at the follow-up limit.",
    ),
    help(
        "disetujui",
        "Every approval stage is done and the request is merged into the official list; the DNS change is published automatically.",
        "Stopped, unless the service has stages after approval (such as configuration or the reply letter).",
        "The officer of the stages after approval, if any.",
        "Wait until the request is done; the subdomain works once the DNS change is published.",
    ),
    help(
        "selesai",
        "The request is carried out: the subdomain is active, changed or deleted as asked.",
        "Stopped.",
        "Nobody.",
        "Print the receipt and the reply letter if needed, and rate the service in the public satisfaction survey.",
    ),
    help(
        "ditolak",
        "The request is refused; the reason and what to do are shown on the request's page.",
        "Stopped.",
        "The applicant, to apply again.",
        "Read the reason; file a new request if the problem can be solved, or complain if you disagree.",
    ),
    help(
        "dibatalkan",
        "The pull request was closed without merging: withdrawn by the applicant, or closed after going unanswered while returned.",
        "Stopped.",
        "Nobody.",
        "File a new request if the service is still needed.",
    ),
];

/// Every status explained, in the order of [`Status::KEYS`].
pub(crate) fn all(lang: Lang) -> &'static [Help; 9] {
    lang.pick(&ID, &EN)
}

/// The explanation of `status`.
pub(crate) fn of(status: &Status, lang: Lang) -> &'static Help {
    let key = status.key();
    let table = all(lang);
    // Both tables follow Status::KEYS (a test keeps them so).
    let i = Status::KEYS.iter().position(|k| *k == key).unwrap_or(0);
    &table[i]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_tables_explain_every_status_in_order() {
        for lang in [Lang::Id, Lang::En] {
            let keys: Vec<&str> = all(lang).iter().map(|h| h.key).collect();
            assert_eq!(keys, Status::KEYS);
            for h in all(lang) {
                for text in [h.meaning, h.clock, h.next, h.applicant] {
                    assert!(!text.trim().is_empty(), "{}", h.key);
                }
            }
        }
        let returned = of(&Status::Dikembalikan, Lang::Id);
        assert_eq!(returned.next, "Pemohon.");
        let stage = Status::Tahap {
            stage: "x".into(),
            name: "X".into(),
        };
        assert_eq!(of(&stage, Lang::En).key, "tahap");
    }
}
