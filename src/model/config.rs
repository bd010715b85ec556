//! `loket.yaml`: the institution, its officers, agencies and DNS policy.

use crate::input::decode::Map;
use crate::input::source::Spanned;
use crate::model::ids::{AgencyId, ChannelId, Handle, RoleId};
use crate::model::time::StandardTime;
use crate::{keyword, record};

record! {
    /// The whole of `loket.yaml`.
    pub struct Config {
        /// The institution running the service.
        institution: Spanned<Institution> = "instansi",
        /// Officer roles, referenced by stages and officers.
        #[serde(default)]
        roles: Vec<Spanned<RoleDef>> = "peran",
        /// Officers: GitHub handle and roles.
        #[serde(default)]
        officers: Vec<Spanned<Officer>> = "petugas",
        /// Requesting agencies.
        #[serde(default)]
        agencies: Vec<Spanned<Agency>> = "perangkat_daerah",
        /// Complaint channels, referenced by services.
        #[serde(default)]
        channels: Vec<Spanned<Channel>> = "pengaduan",
        /// Complaint kinds and how long settling each may take.
        #[serde(default)]
        complaint_kinds: Vec<Spanned<ComplaintKind>> = "jenis_pengaduan",
        /// DNS policy.
        dns: Spanned<DnsPolicy> = "dns",
        /// Rules for request letters.
        letter: Option<Spanned<LetterPolicy>> = "surat",
        /// Rules for attachments.
        attachments: Option<Spanned<AttachmentPolicy>> = "lampiran",
        /// Reasons for returning or refusing a request (default: the
        /// seven of `Reason::DEFAULTS`).
        #[serde(default)]
        reasons: Vec<Spanned<ReasonDef>> = "alasan",
        /// When returned requests are reminded and closed.
        follow_up: Option<Spanned<FollowUp>> = "tindak_lanjut",
        /// Limits on the notices `loket notify` sends.
        notices: Option<Spanned<NoticePolicy>> = "pemberitahuan",
        /// Accounts that open pull requests from issues on an officer's
        /// behalf (default: `github-actions`); such a pull request is the
        /// request of the author.
        #[serde(default)]
        bots: Vec<Spanned<Handle>> = "bot",
        /// The institution's reply letter and receipt: letterhead, number
        /// pattern, signer.
        reply_letter: Option<Spanned<ReplyLetter>> = "surat_balasan",
        /// What `loket audit --web` looks for besides the shipped lists.
        web_audit: Option<Spanned<WebAudit>> = "audit_web",
    }
}

record! {
    /// `loket audit --web`: the instance's own gambling words.
    pub struct WebAudit {
        /// Words and phrases added to the shipped list (`data/judi.yaml`).
        #[serde(default)]
        gambling_words: Vec<Spanned<String>> = "kata_judi",
        /// Shipped words this instance does not want matched (a place or
        /// agency name that contains one).
        #[serde(default)]
        not_gambling: Vec<Spanned<String>> = "bukan_judi",
        /// Whether the registry page shows, beside each name's last check,
        /// whether it answered, its TLS and whether a finding is being
        /// handled (default `true`); `false` shows only the day.
        public_details: Option<Spanned<bool>> = "rincian_publik",
    }
}

record! {
    /// The reply letter (surat balasan, surat konfirmasi) the site prints
    /// for a finished request, and the letterhead of its receipts.
    pub struct ReplyLetter {
        /// Letterhead lines (kop surat), top to bottom; default: the
        /// institution's name, address and contacts.
        #[serde(default)]
        letterhead: Vec<Spanned<String>> = "kop",
        /// Letter-number pattern, e.g. `555/{urut}/Diskominfo/{bulan_romawi}/{tahun}`;
        /// placeholders `{id}`, `{urut}`, `{tahun}`, `{bulan}`, `{bulan_romawi}`.
        number: Spanned<String> = "nomor",
        /// The role that signs (its title is printed, never a name).
        signer: Spanned<RoleId> = "penandatangan",
        /// Where the letter is written, before its date (`Pontianak, 20 November 2026`).
        place: Option<Spanned<String>> = "tempat",
    }
}

record! {
    /// Limits on notices to agencies (`loket notify`).
    pub struct NoticePolicy {
        /// Notices an agency may get in one day (the institution's day,
        /// counted by when the change happened), all its requests together
        /// and each change once whatever its channels (default
        /// [`Config::DEFAULT_DAILY_NOTICES`]).
        daily_limit: Option<u32> = "batas_harian",
    }
}

record! {
    /// Follow-up of returned requests (`loket sweep`).
    pub struct FollowUp {
        /// Hari kerja without an answer before a returned request is closed
        /// (default 10); the reminder comes at half of it.
        limit: Option<u32> = "batas_hari_kerja",
    }
}

record! {
    /// A reason for returning (dikembalikan) or refusing (ditolak) a request.
    pub struct ReasonDef {
        /// Slug.
        id: Spanned<crate::model::ids::RequirementId> = "id",
        /// The reason as the agency reads it; the label is `alasan: <nama>`.
        name: Spanned<String> = "nama",
        /// What the agency should do about it.
        fix: Option<Spanned<String>> = "perbaikan",
    }
}

/// A reason, ready to use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason {
    /// Its name.
    pub name: String,
    /// What to do.
    pub fix: String,
}

impl Reason {
    /// The label prefix of reason labels.
    pub const PREFIX: &'static str = "alasan: ";

    /// The reasons used when `loket.yaml` lists none: name and what to do.
    pub const DEFAULTS: &'static [(&'static str, &'static str)] = &[
        (
            "berkas tidak lengkap",
            "lengkapi persyaratan yang ditandai pada komentar loket",
        ),
        (
            "surat tidak sah",
            "lampirkan surat yang ditandatangani Kepala Perangkat Daerah",
        ),
        (
            "nama tidak sesuai kebijakan",
            "pilih nama subdomain lain sesuai kebijakan penamaan",
        ),
        ("nama sudah dipakai", "pilih nama subdomain lain"),
        (
            "rekaman DNS tidak valid",
            "perbaiki rekaman DNS sesuai pesan pemeriksaan",
        ),
        ("di luar kewenangan", "ajukan ke instansi yang berwenang"),
        ("lainnya", "baca komentar petugas pada pull request"),
    ];

    /// The label of this reason.
    pub fn label(&self) -> String {
        format!("{}{}", Self::PREFIX, self.name)
    }
}

impl Config {
    /// The account that opens pull requests from issues when `bot` is not set.
    pub const DEFAULT_BOT: &'static str = "github-actions";

    /// Notices an agency may get in a day when `pemberitahuan.batas_harian` is not set.
    pub const DEFAULT_DAILY_NOTICES: u32 = 10;

    /// Notices an agency may get in a day (`pemberitahuan.batas_harian`).
    pub fn daily_notices(&self) -> u32 {
        self.notices
            .as_ref()
            .and_then(|n| n.daily_limit)
            .unwrap_or(Self::DEFAULT_DAILY_NOTICES)
    }

    /// Whether `login` is one of the `bot` accounts. GitHub writes an app's
    /// login `name[bot]` in events and REST, `name` in GraphQL: both match.
    pub fn is_bot(&self, login: &str) -> bool {
        let login = login.strip_suffix("[bot]").unwrap_or(login);
        let Ok(handle) = login.parse::<Handle>() else {
            return false;
        };
        if self.bots.is_empty() {
            return handle.as_str() == Self::DEFAULT_BOT;
        }
        self.bots.iter().any(|b| b.value == handle)
    }

    /// The reasons of this instance.
    pub fn reasons(&self) -> Vec<Reason> {
        if self.reasons.is_empty() {
            return Reason::DEFAULTS
                .iter()
                .map(|(name, fix)| Reason {
                    name: name.to_string(),
                    fix: fix.to_string(),
                })
                .collect();
        }
        self.reasons
            .iter()
            .map(|r| Reason {
                name: r.name.value.clone(),
                fix: r.fix.as_ref().map(|f| f.value.clone()).unwrap_or_default(),
            })
            .collect()
    }
}

record! {
    /// The institution (instansi pengelola).
    pub struct Institution {
        /// Full name.
        name: Spanned<String> = "nama",
        /// Short name, e.g. `Diskominfo Tapin`.
        short_name: Option<Spanned<String>> = "singkatan",
        /// Parent domain, e.g. `tapinkab.go.id`.
        domain: Spanned<String> = "domain",
        /// IANA time zone, e.g. `Asia/Makassar`.
        time_zone: Spanned<String> = "zona_waktu",
        /// Postal address.
        address: Option<Spanned<String>> = "alamat",
        /// Public phone.
        phone: Option<Spanned<String>> = "telepon",
        /// Public email.
        email: Option<Spanned<String>> = "email",
        /// Public website.
        website: Option<Spanned<String>> = "situs",
        /// GitHub repository `owner/name` of this instance.
        repository: Option<Spanned<String>> = "repositori",
        /// Office hours (default 08:00–16:00), for stages timed in minutes.
        office_hours: Option<Spanned<OfficeHoursSpec>> = "jam_kerja",
    }
}

record! {
    /// Office hours as written: `{mulai: "08:00", selesai: "16:00"}`.
    pub struct OfficeHoursSpec {
        /// Opening time, `HH:MM`.
        start: Spanned<String> = "mulai",
        /// Closing time, `HH:MM`.
        end: Spanned<String> = "selesai",
    }
}

record! {
    /// An officer role.
    pub struct RoleDef {
        /// Slug.
        id: Spanned<RoleId> = "id",
        /// Title as shown to the public.
        name: Spanned<String> = "nama",
        /// What the role does.
        description: Option<Spanned<String>> = "keterangan",
    }
}

record! {
    /// An officer (petugas) and the roles they hold.
    pub struct Officer {
        /// GitHub handle.
        github: Spanned<Handle> = "github",
        /// Name (optional: the public site shows roles, not names).
        name: Option<Spanned<String>> = "nama",
        /// Roles held.
        roles: Vec<Spanned<RoleId>> = "peran",
    }
}

record! {
    /// A requesting agency (perangkat daerah).
    pub struct Agency {
        /// Slug, also the directory under `requests/`.
        id: Spanned<AgencyId> = "id",
        /// Official name.
        name: Spanned<String> = "nama",
        /// Official email domain of the agency's staff.
        email_domain: Spanned<String> = "domain_email",
        /// GitHub handles allowed to file requests for the agency.
        #[serde(default)]
        operators: Vec<Spanned<Handle>> = "operator",
        /// The addresses the agency's notices may go to (email, mobile
        /// number), as salted hashes `loket kontak` writes: a request's
        /// contact must be one of them.
        #[serde(default)]
        contacts: Vec<Spanned<crate::contact::ContactHash>> = "kontak",
    }
}

record! {
    /// A complaint channel (kanal pengaduan).
    pub struct Channel {
        /// Slug.
        id: Spanned<ChannelId> = "id",
        /// Name, e.g. `SP4N-LAPOR!`.
        name: Spanned<String> = "nama",
        /// Link.
        link: Option<Spanned<String>> = "tautan",
        /// Email address.
        email: Option<Spanned<String>> = "email",
        /// Phone or WhatsApp number.
        phone: Option<Spanned<String>> = "telepon",
        /// Postal or visiting address.
        address: Option<Spanned<String>> = "alamat",
        /// How long an answer takes.
        response_time: Option<Spanned<StandardTime>> = "waktu_respons",
        /// Free text.
        description: Option<Spanned<String>> = "keterangan",
    }
}

record! {
    /// A kind of complaint and the time to settle it, whatever channel
    /// brought it (Kalbar: light 5, normative 5, no supervision 14, needing
    /// an inquiry 60 hari kerja).
    pub struct ComplaintKind {
        /// Slug.
        id: Spanned<String> = "id",
        /// Name, e.g. `Pengaduan ringan`.
        name: Spanned<String> = "nama",
        /// Longest time to settle it.
        time: Spanned<StandardTime> = "waktu",
    }
}

record! {
    /// What names and records the institution accepts.
    pub struct DnsPolicy {
        /// TTL bounds in seconds.
        ttl: Option<Spanned<TtlPolicy>> = "ttl",
        /// Record types a request may ask for.
        #[serde(default)]
        allowed_types: Vec<Spanned<RecordType>> = "rekaman_diizinkan",
        /// Names no agency may take.
        #[serde(default)]
        reserved: Vec<Spanned<String>> = "nama_dicadangkan",
        /// Naming policy.
        naming: Option<Spanned<NamingPolicy>> = "penamaan",
        /// Records of a site hosted by the institution (`hosting: diskominfo`).
        #[serde(default)]
        hosted: Vec<Spanned<RecordSpec>> = "hosting_diskominfo",
        /// Domains a CNAME must not point into (suffix match).
        #[serde(default)]
        denied_cname_targets: Vec<Spanned<String>> = "cname_dilarang",
        /// Wildcard-IP services: domains whose names resolve to whatever
        /// address they spell (`10.0.0.1.nip.io`); no CNAME or MX may point
        /// into them (suffix match). Default: nip.io, sslip.io, xip.io,
        /// traefik.me, localtest.me, lvh.me, vcap.me, lacolhost.com,
        /// localhost.direct; `[]` turns the rule off.
        wildcard_ip: Option<Vec<Spanned<String>>> = "layanan_ip_wildcard",
        /// Limits that keep every name, and the zone, loadable by name
        /// servers (defaults: 20 records and 4096 bytes of data per name,
        /// 10 per type, 4 MiB of data per zone).
        limits: Option<Spanned<LimitsSpec>> = "batas",
        /// The zone's name servers (host names); the first is the primary.
        #[serde(default)]
        name_servers: Vec<Spanned<String>> = "ns",
        /// The zone's SOA values.
        soa: Option<Spanned<SoaPolicy>> = "soa",
        /// Records the institution keeps in the zone: the apex (`@`) and its own names.
        #[serde(default)]
        base: Vec<Spanned<BaseRecord>> = "rekaman_dasar",
    }
}

record! {
    /// The zone's SOA values; each has a default.
    pub struct SoaPolicy {
        /// Mailbox of the zone's administrator (default `hostmaster@<domain>`).
        email: Option<Spanned<String>> = "email",
        /// Seconds between secondaries' refreshes (default 3600).
        refresh: Option<u32> = "penyegaran",
        /// Seconds before a failed refresh is retried (default 900).
        retry: Option<u32> = "coba_ulang",
        /// Seconds after which secondaries stop answering without the primary (default 1209600).
        expire: Option<u32> = "kedaluwarsa",
        /// Seconds a "no such name" answer is cached (default 300).
        negative_ttl: Option<u32> = "ttl_negatif",
    }
}

record! {
    /// One record the institution keeps in its zone.
    pub struct BaseRecord {
        /// Owner relative to the domain: `@` (the default) for the apex, or e.g. `www`, `_dmarc`.
        name: Option<Spanned<String>> = "nama",
        /// Record type.
        kind: Spanned<RecordType> = "tipe",
        /// Record data in zone-file form.
        data: Spanned<String> = "nilai",
        /// TTL in seconds.
        ttl: Option<Spanned<u32>> = "ttl",
    }
}

impl BaseRecord {
    /// The owner as written, `@` when not given.
    pub fn owner(&self) -> &str {
        self.name.as_ref().map_or("@", |n| n.value.as_str())
    }
}

/// Wildcard-IP services refused as CNAME and MX targets when
/// `dns.layanan_ip_wildcard` is not set: each maps any name under it to the
/// address the name spells, or to loopback.
pub const WILDCARD_IP_DEFAULTS: &[&str] = &[
    "nip.io",
    "sslip.io",
    "xip.io",
    "traefik.me",
    "localtest.me",
    "lvh.me",
    "vcap.me",
    "lacolhost.com",
    "localhost.direct",
];

record! {
    /// `dns.batas` as written: each limit has a default.
    pub struct LimitsSpec {
        /// Records at one name (default 20).
        per_name: Option<Spanned<u32>> = "rekaman_per_nama",
        /// Records of one type at one name (default 10; at most 100).
        per_type: Option<Spanned<u32>> = "rekaman_per_tipe",
        /// Bytes of record data (RDATA as sent on the wire) at one name
        /// (default 4096; at most 32768).
        bytes_per_name: Option<Spanned<u32>> = "bita_per_nama",
        /// Bytes of record data in the whole zone (default 4194304, 4 MiB).
        zone_bytes: Option<Spanned<u64>> = "bita_zona",
    }
}

/// The limits in force: `dns.batas` with defaults filled in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Records at one name.
    pub per_name: u32,
    /// Records of one type (one RRset) at one name.
    pub per_type: u32,
    /// Bytes of record data at one name.
    pub bytes_per_name: u32,
    /// Bytes of record data in the zone.
    pub zone_bytes: u64,
}

impl Limits {
    /// The defaults (the README's "What a request may put in the zone"
    /// says why each).
    pub const DEFAULT: Limits = Limits {
        per_name: 20,
        per_type: 10,
        bytes_per_name: 4_096,
        zone_bytes: 4 * 1024 * 1024,
    };
    /// The highest `rekaman_per_tipe`: BIND 9.18.28+ refuses a zone with
    /// more records in one RRset (`max-records-per-type`, default 100).
    pub const MAX_PER_TYPE: u32 = 100;
    /// The highest `bita_per_nama`: half of the largest DNS message
    /// (65,535 bytes over TCP), so every record of a name, with its
    /// per-record overhead and signatures, fits one answer.
    pub const MAX_BYTES_PER_NAME: u32 = 32_768;
}

impl DnsPolicy {
    /// The limits in force.
    pub fn limits(&self) -> Limits {
        let spec = self.limits.as_ref().map(|l| &l.value);
        let d = Limits::DEFAULT;
        Limits {
            per_name: spec
                .and_then(|l| l.per_name.as_ref())
                .map_or(d.per_name, |v| v.value),
            per_type: spec
                .and_then(|l| l.per_type.as_ref())
                .map_or(d.per_type, |v| v.value),
            bytes_per_name: spec
                .and_then(|l| l.bytes_per_name.as_ref())
                .map_or(d.bytes_per_name, |v| v.value),
            zone_bytes: spec
                .and_then(|l| l.zone_bytes.as_ref())
                .map_or(d.zone_bytes, |v| v.value),
        }
    }

    /// The wildcard-IP services in force (suffixes, lower case, without
    /// a final dot).
    pub fn wildcard_ip(&self) -> Vec<String> {
        match &self.wildcard_ip {
            Some(list) => list
                .iter()
                .map(|d| d.value.trim().trim_end_matches('.').to_ascii_lowercase())
                .collect(),
            None => WILDCARD_IP_DEFAULTS.iter().map(|d| d.to_string()).collect(),
        }
    }

    /// Whether `xn--` (IDN) labels may be requested (`penamaan.idn_diizinkan`).
    pub fn idn_allowed(&self) -> bool {
        self.naming.as_ref().and_then(|n| n.idn).unwrap_or(false)
    }

    /// The TTL bounds (min, max, default) in seconds.
    pub fn ttl_bounds(&self) -> (u32, u32, u32) {
        let t = self.ttl.as_ref();
        (
            t.and_then(|t| t.min).unwrap_or(300),
            t.and_then(|t| t.max).unwrap_or(86_400),
            t.and_then(|t| t.default).unwrap_or(3_600),
        )
    }
}

record! {
    /// TTL bounds in seconds.
    pub struct TtlPolicy {
        /// Lowest TTL (default 300).
        min: Option<u32> = "min",
        /// Highest TTL (default 86400).
        max: Option<u32> = "maks",
        /// TTL when a record gives none (default 3600).
        default: Option<u32> = "bawaan",
    }
}

record! {
    /// Naming policy beyond DNS syntax.
    pub struct NamingPolicy {
        /// Shortest name (default 2).
        min_length: Option<u32> = "panjang_min",
        /// Longest name (default 63).
        max_length: Option<u32> = "panjang_maks",
        /// Words a name must not contain (e.g. gambling terms).
        #[serde(default)]
        forbidden_words: Vec<Spanned<String>> = "kata_terlarang",
        /// Whether internationalised (`xn--`) names may be requested
        /// (default false: a punycode label hides what it shows).
        idn: Option<bool> = "idn_diizinkan",
    }
}

record! {
    /// Rules for request letters.
    pub struct LetterPolicy {
        /// A letter older than this many days is refused (default 90).
        max_age_days: Option<u32> = "usia_maks_hari",
    }
}

record! {
    /// Rules for attachments.
    pub struct AttachmentPolicy {
        /// Largest attachment in KiB (default 2048).
        max_kib: Option<u64> = "ukuran_maks_kb",
        /// Allowed kinds (default pdf, png, jpeg).
        #[serde(default)]
        kinds: Vec<FileKind> = "jenis",
    }
}

keyword! {
    /// An attachment kind, checked by extension and leading bytes.
    pub enum FileKind {
        /// PDF document.
        Pdf = "pdf",
        /// PNG image.
        Png = "png",
        /// JPEG image.
        Jpeg = "jpeg",
    }
}

keyword! {
    /// A DNS record type loket manages.
    pub enum RecordType {
        /// IPv4 address.
        A = "A",
        /// IPv6 address.
        Aaaa = "AAAA",
        /// Alias.
        Cname = "CNAME",
        /// Mail exchanger.
        Mx = "MX",
        /// Text.
        Txt = "TXT",
        /// Certification authority authorisation.
        Caa = "CAA",
    }
}

record! {
    /// One DNS record as written in a request or the policy.
    pub struct RecordSpec {
        /// Record type.
        kind: Spanned<RecordType> = "tipe",
        /// Record data in zone-file form (`10 mail.example.com.` for MX).
        data: Spanned<String> = "nilai",
        /// TTL in seconds.
        ttl: Option<Spanned<u32>> = "ttl",
    }
}

/// A mapping with free keys (attachments, links).
pub type FreeMap = Map<Spanned<String>>;
