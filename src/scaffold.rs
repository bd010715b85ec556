//! The text of a new request: every field the service needs, with its
//! requirement checklist as comments, and its id ([`next_id`]). Pure: the
//! caller writes the file.

use std::fmt::Write;

use chrono::NaiveDate;

use crate::input::load::Instance;
use crate::model::config::Agency;
use crate::model::request::IntakeChannel;
use crate::model::service::{Means, Service};
use crate::model::{RequestId, ServiceKind};

/// The next free request id of `year`: one past the highest number of
/// that year among `instance`'s request files.
pub(crate) fn next_id(instance: &Instance, year: u16) -> RequestId {
    let number = instance
        .requests
        .iter()
        .filter_map(|r| r.name.as_ref())
        .filter(|n| n.id.year == year)
        .map(|n| n.id.number)
        .max()
        .unwrap_or(0)
        + 1;
    RequestId { year, number }
}

/// Where the request schema sits, relative to `requests/<agency>/`.
pub(crate) const SCHEMA_LINK: &str = "../../schemas/request.schema.json";

/// The relative path of a request file.
pub(crate) fn request_path(agency: &str, id: RequestId, subdomain: &str) -> String {
    format!("requests/{agency}/{id}-{subdomain}.yaml")
}

/// A request skeleton for `service`, filed by `agency`.
pub(crate) fn request_text(
    service: &Service,
    agency: &Agency,
    subdomain: &str,
    id: RequestId,
    today: NaiveDate,
) -> String {
    let mut t = String::new();
    let _ = writeln!(t, "# yaml-language-server: $schema={SCHEMA_LINK}");
    let _ = writeln!(
        t,
        "# Permohonan {id}: {} ({})",
        service.title.value, service.id
    );
    let _ = writeln!(t, "# Persyaratan (lengkapi sebelum membuka pull request):");
    // (dotted path, required) of requirements met by attachments and links.
    let mut files = Vec::new();
    let mut links = Vec::new();
    for r in &service.requirements {
        let mark = if r.is_required() { "wajib" } else { "opsional" };
        let how = match r.means() {
            Some(Means::Field(p)) => format!("isi `{p}`"),
            Some(Means::File(p)) => {
                files.push((p.to_string(), r.is_required()));
                format!("lampirkan berkas di `{p}`")
            }
            Some(Means::Link(p)) => {
                links.push((p.to_string(), r.is_required()));
                format!("tautan https di `{p}`")
            }
            Some(Means::Officer) => "diperiksa petugas; JANGAN diunggah ke repositori".to_string(),
            None => "lihat standar layanan".to_string(),
        };
        let _ = writeln!(t, "#   [{mark}] {}: {} -> {how}", r.id, r.text.value);
    }
    let _ = writeln!(t, "layanan: {}", service.id);
    let _ = writeln!(t, "instansi: {}", agency.id);
    let _ = writeln!(t, "subdomain: {subdomain}");
    match service.kind.value {
        ServiceKind::Change => {
            let _ = writeln!(t, "alasan: \"\"  # alasan perubahan");
            let _ = writeln!(t, "# subdomain_baru: nama-baru  # bila namanya berubah");
        }
        ServiceKind::Delete => {
            let _ = writeln!(t, "alasan: \"\"  # alasan penghapusan");
        }
        _ => {
            let _ = writeln!(t, "tujuan: \"\"  # tujuan singkat situs");
        }
    }
    let _ = writeln!(t, "surat:");
    let _ = writeln!(t, "  nomor: \"\"");
    let _ = writeln!(t, "  tanggal: {today}");
    let _ = writeln!(t, "  penandatangan: Kepala {}", agency.name.value);
    let _ = writeln!(t, "  berkas: lampiran/{id}-surat.pdf");
    let _ = writeln!(t, "penanggung_jawab:");
    let _ = writeln!(t, "  nama: \"\"");
    let _ = writeln!(t, "  jabatan: \"\"");
    let _ = writeln!(t, "  email: \"nama@{}\"", agency.email_domain.value);
    let _ = writeln!(t, "  telepon: \"\"");
    match service.kind.value {
        ServiceKind::Create | ServiceKind::Change => {
            let _ = writeln!(
                t,
                "hosting: diskominfo  # atau hapus baris ini dan isi `rekaman`:"
            );
            let _ = writeln!(t, "# rekaman:");
            let _ = writeln!(t, "#   - {{tipe: A, nilai: 103.0.0.1}}");
        }
        ServiceKind::Hosting | ServiceKind::Website | ServiceKind::Delete => {}
    }
    let section =
        |t: &mut String, name: &str, entries: &[(String, bool)], value: &dyn Fn(&str) -> String| {
            let prefix = format!("{name}.");
            let keyed: Vec<(&str, bool)> = entries
                .iter()
                .filter_map(|(p, required)| p.strip_prefix(&prefix).map(|k| (k, *required)))
                .collect();
            if keyed.is_empty() {
                return;
            }
            let any_required = keyed.iter().any(|(_, r)| *r);
            let _ = writeln!(t, "{}{name}:", if any_required { "" } else { "# " });
            for (key, required) in keyed {
                let mark = if required { "" } else { "# " };
                let _ = writeln!(t, "{mark}  {key}: {}", value(key));
            }
        };
    section(&mut t, "lampiran", &files, &|k| {
        format!("lampiran/{id}-{}.pdf", k.replace('_', "-"))
    });
    section(&mut t, "tautan", &links, &|_| "\"https://\"".to_string());
    t
}

/// The lines a front-desk officer adds to a request: how it came and when
/// the desk received it (the clock starts then).
pub(crate) fn desk_text(channel: IntakeChannel, received: &str) -> String {
    format!(
        "# Diterima di loket ({}): pindaian surat di surat.berkas\n\
         kanal: {channel}\n\
         diterima: {received}  # tanggal (dan jam) loket menerima surat\n",
        channel.name()
    )
}
