//! The words of a notice: tera templates in `templates/notices/` (shipped
//! in the binary, overridden file by file by an instance's own
//! `templates/notices/<name>`), filled from a [`NoticeView`] built for the
//! one notice. The view holds nothing a pull request writes but the
//! subdomain of its file name: no contact name, no purpose; the reason
//! and what to fix come from `loket.yaml`. Plain text, so autoescaping is off; the subject is cut to
//! one line (no header can be injected) and the gateway's JSON body gets
//! every value already JSON-encoded by serde_json, then must parse.
//! Pure, apart from [`sources_with_overrides`], which reads the files.

use std::path::Path;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::input::diagnostic::Lang;
use crate::model::{Config, Service};
use crate::notice::{Change, Kind, one_line};
use crate::review::calendar::{Calendar, long_date};
use crate::site::SiteError;

/// The shipped templates: name and text.
pub(crate) const SHIPPED: &[(&str, &str)] = &[
    (
        "dasar.txt",
        include_str!("../../templates/notices/dasar.txt"),
    ),
    (
        "subjek.txt",
        include_str!("../../templates/notices/subjek.txt"),
    ),
    (
        "diterima.txt",
        include_str!("../../templates/notices/diterima.txt"),
    ),
    (
        "dikembalikan.txt",
        include_str!("../../templates/notices/dikembalikan.txt"),
    ),
    (
        "dilanjutkan.txt",
        include_str!("../../templates/notices/dilanjutkan.txt"),
    ),
    (
        "ditolak.txt",
        include_str!("../../templates/notices/ditolak.txt"),
    ),
    (
        "disetujui.txt",
        include_str!("../../templates/notices/disetujui.txt"),
    ),
    (
        "selesai.txt",
        include_str!("../../templates/notices/selesai.txt"),
    ),
    (
        "dibatalkan.txt",
        include_str!("../../templates/notices/dibatalkan.txt"),
    ),
    (
        "whatsapp.json",
        include_str!("../../templates/notices/whatsapp.json"),
    ),
    (
        "keamanan.txt",
        include_str!("../../templates/notices/keamanan.txt"),
    ),
    (
        "keamanan-subjek.txt",
        include_str!("../../templates/notices/keamanan-subjek.txt"),
    ),
];

/// Where an instance keeps templates that override the shipped ones.
pub(crate) const OVERRIDE_DIR: &str = "templates/notices";

/// What one notice's templates see.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct NoticeView {
    /// The change: `diterima`, `dikembalikan`, ….
    pub jenis: &'static str,
    /// The new status in words.
    pub status: &'static str,
    /// The request id.
    pub id: String,
    /// The service's title.
    pub layanan: String,
    /// The subdomain label.
    pub subdomain: String,
    /// The full name, `sekolah.tapinkab.go.id`.
    pub fqdn: String,
    /// The agency's name.
    pub perangkat_daerah: String,
    /// The institution's name.
    pub instansi: String,
    /// Its short name (else its name).
    pub singkatan: String,
    /// The institution's public email and phone, when set.
    pub kontak: Option<String>,
    /// When the change happened, in the institution's time.
    pub waktu: String,
    /// The reason (one of `loket.yaml`'s, named by an officer's `alasan: …`
    /// label), for returned and refused requests.
    pub alasan: Option<String>,
    /// What to do about it (`perbaikan` of the reason).
    pub perbaikan: Option<String>,
    /// The service's standard time, `5 hari kerja`.
    pub jangka_waktu: Option<String>,
    /// The due time, while the clock runs.
    pub jatuh_tempo: Option<String>,
    /// For a returned request: the day it is closed without a fix.
    pub batas_perbaikan: Option<String>,
    /// Whether stages after the merge follow approval.
    pub ada_tahap_lanjutan: bool,
    /// The pull request number.
    pub nomor_pr: u64,
    /// The request's page on the public site.
    pub tautan: String,
    /// The pull request's page, when known.
    pub tautan_pr: Option<String>,
}

/// What a view is built from.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Facts<'a> {
    /// The change announced.
    pub change: &'a Change<'a>,
    /// `loket.yaml`.
    pub config: &'a Config,
    /// The request's service, when known.
    pub service: Option<&'a Service>,
    /// The institution's calendar.
    pub calendar: &'a Calendar,
    /// The site's address, ending in `/`.
    pub base_url: &'a str,
    /// The pull request's address, when known.
    pub pr_url: Option<&'a str>,
}

/// A local time written out: `20 November 2026 pukul 11.00 WITA`.
fn local(at: DateTime<Utc>, calendar: &Calendar) -> String {
    let local = at.with_timezone(&calendar.time_zone());
    format!(
        "{} pukul {}",
        long_date(local.date_naive(), Lang::Id),
        local.format("%H.%M %Z")
    )
}

impl NoticeView {
    /// The view of one notice.
    pub(crate) fn new(f: &Facts<'_>) -> NoticeView {
        let t = f.change.timeline;
        let kind = f.change.kind;
        let institution = &f.config.institution;
        let reason = t
            .reason
            .as_ref()
            .filter(|_| kind.needs_reason())
            .map(|r| one_line(r));
        let fix = reason.as_ref().and_then(|r| {
            f.config
                .reasons()
                .into_iter()
                .find(|x| x.name == *r)
                .map(|x| x.fix)
                .filter(|fix| !fix.is_empty())
        });
        let running = matches!(kind, Kind::Diterima | Kind::Dilanjutkan);
        let deadline = (kind == Kind::Dikembalikan)
            .then(|| {
                let day = f.calendar.local_date(f.change.at);
                f.calendar
                    .add_working_days(day, crate::review::sweep::limit(f.config))
                    .ok()
            })
            .flatten()
            .map(|d| long_date(d, Lang::Id));
        NoticeView {
            jenis: kind.as_str(),
            status: kind.status(),
            id: f.change.id.to_string(),
            layanan: f.service.map_or_else(
                || t.service.clone().unwrap_or_default(),
                |s| s.title.value.clone(),
            ),
            subdomain: t.subdomain.clone(),
            fqdn: format!("{}.{}", t.subdomain, institution.domain.value),
            perangkat_daerah: f
                .config
                .agencies
                .iter()
                .find(|a| a.id.as_str() == t.agency)
                .map_or_else(|| t.agency.clone(), |a| a.name.value.clone()),
            instansi: institution.name.value.clone(),
            singkatan: short_name(f.config),
            kontak: contact_line(f.config),
            waktu: local(f.change.at, f.calendar),
            alasan: reason,
            perbaikan: fix,
            jangka_waktu: t.clock.allowed.map(|a| a.to_string()),
            jatuh_tempo: t
                .clock
                .due
                .filter(|_| running)
                .map(|d| local(d, f.calendar)),
            batas_perbaikan: deadline,
            ada_tahap_lanjutan: t.stages.iter().any(|s| s.after_merge),
            nomor_pr: f.change.pull_request,
            tautan: format!("{}permohonan/{}/", f.base_url, f.change.id),
            tautan_pr: f.pr_url.map(str::to_string),
        }
    }
}

/// What a security notice's templates see: loket's own words only, never
/// what the audited site served.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SecurityView {
    /// The name (`dinkes.tapinkab.go.id`).
    pub fqdn: String,
    /// The agency's name.
    pub perangkat_daerah: String,
    /// The institution's name.
    pub instansi: String,
    /// Its short name.
    pub singkatan: String,
    /// The institution's public email and phone.
    pub kontak: Option<String>,
    /// The audit's day, in words.
    pub tanggal: String,
    /// The findings announced.
    pub temuan: Vec<SecurityFinding>,
    /// The audit issue's address, when known.
    pub tautan_issue: Option<String>,
}

/// One finding in a security notice.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SecurityFinding {
    /// Its code (`gambling`).
    pub kode: String,
    /// What it means, in loket's words ([`super::security::describe`]).
    pub uraian: &'static str,
}

impl SecurityView {
    /// The view for `host` of `agency` (its id), checked on `date`.
    pub(crate) fn new(
        config: &Config,
        host: &str,
        agency: &str,
        date: chrono::NaiveDate,
        codes: &[&str],
        issue_url: Option<String>,
    ) -> SecurityView {
        let institution = &config.institution;
        SecurityView {
            fqdn: host.to_string(),
            perangkat_daerah: config
                .agencies
                .iter()
                .find(|a| a.id.as_str() == agency)
                .map_or_else(|| agency.to_string(), |a| a.name.value.clone()),
            instansi: institution.name.value.clone(),
            singkatan: short_name(config),
            kontak: contact_line(config),
            tanggal: long_date(date, Lang::Id),
            temuan: codes
                .iter()
                .map(|c| SecurityFinding {
                    kode: c.to_string(),
                    uraian: super::security::describe(c),
                })
                .collect(),
            tautan_issue: issue_url,
        }
    }
}

/// The institution's short name, else its name.
fn short_name(config: &Config) -> String {
    let institution = &config.institution;
    institution
        .short_name
        .as_ref()
        .map_or_else(|| institution.name.value.clone(), |s| s.value.clone())
}

/// The institution's public email and phone, when it has any.
fn contact_line(config: &Config) -> Option<String> {
    let institution = &config.institution;
    let contact: Vec<&str> = [&institution.email, &institution.phone]
        .into_iter()
        .filter_map(|v| v.as_ref().map(|s| s.value.as_str()))
        .collect();
    (!contact.is_empty()).then(|| contact.join(", "))
}

/// A notice's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Message {
    /// One line.
    pub subject: String,
    /// Plain text.
    pub body: String,
}

impl Message {
    /// Subject and body as one text, for chat: `*subject*`, a blank line, the body.
    pub(crate) fn chat_text(&self) -> String {
        format!("*{}*\n\n{}", self.subject, self.body)
    }
}

/// Compiled notice templates.
#[derive(Debug)]
pub(crate) struct Templates(tera::Tera);

impl Templates {
    /// Compiles `sources` (name, text), autoescaping off (plain text).
    pub(crate) fn compile(sources: &[(String, String)]) -> Result<Templates, SiteError> {
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![]);
        tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|e| SiteError::template(&e))?;
        Ok(Templates(tera))
    }

    /// The templates of the instance at `root`: its overrides in
    /// [`OVERRIDE_DIR`] over the shipped ones. Reads files: an I/O edge.
    pub(crate) fn of_instance(root: &Path) -> Result<Templates, SiteError> {
        Templates::compile(&sources_with_overrides(&root.join(OVERRIDE_DIR))?)
    }

    /// The shipped templates.
    #[cfg(test)]
    pub(crate) fn shipped() -> Result<Templates, SiteError> {
        Templates::compile(&crate::site::templates::owned(SHIPPED))
    }

    /// The subject and body of a notice.
    pub(crate) fn message(&self, view: &NoticeView) -> Result<Message, SiteError> {
        let context = tera::Context::from_serialize(view).map_err(|e| SiteError::template(&e))?;
        let render = |name: &str| {
            self.0
                .render(name, &context)
                .map_err(|e| SiteError::template(&e))
        };
        let subject = one_line(&render("subjek.txt")?);
        let mut body = render(&format!("{}.txt", view.jenis))?.trim().to_string();
        body.push('\n');
        Ok(Message { subject, body })
    }

    /// The subject and body of a security notice
    /// (`keamanan-subjek.txt`, `keamanan.txt`).
    pub(crate) fn security(&self, view: &SecurityView) -> Result<Message, SiteError> {
        let context = tera::Context::from_serialize(view).map_err(|e| SiteError::template(&e))?;
        let render = |name: &str| {
            self.0
                .render(name, &context)
                .map_err(|e| SiteError::template(&e))
        };
        let subject = one_line(&render("keamanan-subjek.txt")?);
        let mut body = render("keamanan.txt")?.trim().to_string();
        body.push('\n');
        Ok(Message { subject, body })
    }

    /// The WhatsApp gateway's JSON body for `message` to `phone`: the
    /// template sees every value as JSON text, and the result must parse.
    pub(crate) fn gateway_body(
        &self,
        view: &NoticeView,
        message: &Message,
        phone: &str,
    ) -> Result<String, SiteError> {
        self.gateway(
            [view.id.as_str(), view.jenis, view.status, &view.tautan],
            message,
            phone,
        )
    }

    /// The gateway's body for a security notice: `id` is the name,
    /// `jenis` `keamanan`, `tautan` the audit issue.
    pub(crate) fn security_gateway_body(
        &self,
        view: &SecurityView,
        message: &Message,
        phone: &str,
    ) -> Result<String, SiteError> {
        let link = view.tautan_issue.clone().unwrap_or_default();
        self.gateway(
            [
                view.fqdn.as_str(),
                super::security::KIND,
                "peringatan keamanan",
                &link,
            ],
            message,
            phone,
        )
    }

    /// `whatsapp.json` with `[id, jenis, status, tautan]`.
    fn gateway(
        &self,
        [id, jenis, status, tautan]: [&str; 4],
        message: &Message,
        phone: &str,
    ) -> Result<String, SiteError> {
        let json = |v: &str| serde_json::Value::String(v.to_string()).to_string();
        let mut context = tera::Context::new();
        for (key, value) in [
            ("telepon", phone),
            ("subjek", &message.subject),
            ("isi", &message.body),
            ("pesan", &message.chat_text()),
            ("id", id),
            ("jenis", jenis),
            ("status", status),
            ("tautan", tautan),
        ] {
            context.insert(key, &json(value));
        }
        let body = self
            .0
            .render("whatsapp.json", &context)
            .map_err(|e| SiteError::template(&e))?;
        serde_json::from_str::<serde_json::Value>(&body).map_err(|e| {
            SiteError::Template(format!(
                "whatsapp.json does not render JSON ({e}); write values bare, {{{{ telepon }}}}, not in quotes"
            ))
        })?;
        Ok(body.trim().to_string())
    }
}

/// The shipped templates with the files of `dir` in place of those of the
/// same name. Reads files: an I/O edge.
pub(crate) fn sources_with_overrides(dir: &Path) -> Result<Vec<(String, String)>, SiteError> {
    crate::site::templates::overridden(SHIPPED, dir)
}
