//! View structs: what each page template receives, built for that page
//! from the model, the timelines and the registry. Never the whole model:
//! a request page gets its own request; lists get rows prepared once.
//!
//! Pure: no file, clock or environment. Personal data stops here: request
//! contacts are never copied into a view, officers appear by role only,
//! and mobile numbers of role contacts are masked.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::input::diagnostic::{Diagnostic, Lang, Severity};
use crate::input::load::LoadedRequest;
use crate::model::config::Channel;
use crate::model::{Config, Means, Service, ServiceKind, StandardTime};
use crate::report::status::{event_word, standard, used, verdict};
use crate::review::calendar::Calendar;
use crate::review::timeline::{EventKind, Status, Timeline, Verdict};
use crate::site::i18n::Words;
use crate::site::markdown;
use crate::site::svg::{self, Flow, FlowStep};
use crate::validate::registry::Registration;
use crate::validate::requirements::{Lookup, lookup};

/// The key of a status in URLs, filters and `status.json`.
pub(crate) fn status_key(status: &Status) -> &'static str {
    status.key()
}

/// Every status key, in the order of the procedure.
pub(crate) const STATUS_KEYS: [&str; 9] = Status::KEYS;

/// The key of a verdict.
pub(crate) fn verdict_key(v: Verdict) -> &'static str {
    match v {
        Verdict::NotStarted => "not_started",
        Verdict::Running => "running",
        Verdict::OnTime => "on_time",
        Verdict::Late => "late",
    }
}

/// A status in words: `Dalam tahapan: Verifikasi` for a stage.
pub(crate) fn status_label(status: &Status, w: &Words) -> String {
    let word = w.word(&format!("status_{}", status_key(status)));
    match status {
        Status::Tahap { name, .. } => format!("{word}: {name}"),
        _ => word.to_string(),
    }
}

/// `20 Mei 2026` / `20 May 2026`.
pub(crate) fn date(d: NaiveDate, lang: Lang) -> String {
    crate::review::calendar::long_date(d, lang)
}

/// `20 Mei 2026 16.00 WITA` / `20 May 2026 16:00 WITA`, in the institution's zone.
pub(crate) fn time(at: DateTime<Utc>, cal: &Calendar, lang: Lang) -> String {
    let local = at.with_timezone(&cal.time_zone());
    let clock = lang.pick(local.format("%H.%M %Z"), local.format("%H:%M %Z"));
    format!("{} {clock}", date(local.date_naive(), lang))
}

/// A phone number as the site shows it: landlines (office numbers) as
/// written; mobile numbers (`08…`, `+628…`), which belong to a person,
/// with all but the first four and last two digits hidden.
pub(crate) fn mask_phone(phone: &str) -> String {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    let mobile = digits.starts_with("08") || digits.starts_with("628");
    if !mobile {
        return phone.to_string();
    }
    let n = digits.len();
    digits
        .chars()
        .enumerate()
        .map(|(i, c)| if i < 4 || i + 2 >= n { c } else { '•' })
        .collect()
}

/// Names the site shows for ids of the configuration.
#[derive(Debug)]
pub(crate) struct Names<'a> {
    /// Agency id → name.
    pub agencies: BTreeMap<&'a str, &'a str>,
    /// Role id → title.
    pub roles: BTreeMap<&'a str, &'a str>,
    /// Service id → service.
    pub services: BTreeMap<&'a str, &'a Service>,
}

impl<'a> Names<'a> {
    /// The names of `config` and `services`.
    pub(crate) fn new(config: &'a Config, services: &[&'a Service]) -> Names<'a> {
        Names {
            agencies: config
                .agencies
                .iter()
                .map(|a| (a.id.as_str(), a.name.as_str()))
                .collect(),
            roles: config
                .roles
                .iter()
                .map(|r| (r.id.as_str(), r.name.as_str()))
                .collect(),
            services: services.iter().map(|s| (s.id.as_str(), *s)).collect(),
        }
    }

    fn agency(&self, id: &'a str) -> &'a str {
        self.agencies.get(id).copied().unwrap_or(id)
    }

    /// The title of role `id`; the applicant for `pemohon`.
    pub(crate) fn role(&self, id: &str, w: &Words) -> String {
        match id {
            "pemohon" => w.word("applicant").to_string(),
            _ => self.roles.get(id).map_or(id.to_string(), |r| r.to_string()),
        }
    }

    fn service_title(&self, id: &str) -> String {
        self.services
            .get(id)
            .map_or(id.to_string(), |s| s.title.value.clone())
    }
}

/// One row of the request lists.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Row {
    /// Request id.
    pub id: String,
    /// Full name.
    pub fqdn: String,
    /// Agency id.
    pub agency_id: String,
    /// Agency name.
    pub agency: String,
    /// Service id.
    pub service_id: String,
    /// Service title.
    pub service: String,
    /// Status key.
    pub status: &'static str,
    /// Status in words.
    pub status_label: String,
    /// `used/allowed` hari kerja.
    pub days: String,
    /// Verdict key.
    pub verdict: &'static str,
    /// Verdict in words.
    pub verdict_label: &'static str,
}

/// The list row of a timeline.
pub(crate) fn row(t: &Timeline, domain: &str, names: &Names<'_>, w: &Words, lang: Lang) -> Row {
    let service_id = t.service.clone().unwrap_or_default();
    Row {
        id: t.id.clone(),
        fqdn: format!("{}.{domain}", t.subdomain),
        agency_id: t.agency.clone(),
        agency: names.agency(&t.agency).to_string(),
        service: names.service_title(&service_id),
        service_id,
        status: status_key(&t.status),
        status_label: status_label(&t.status, w),
        days: used(t),
        verdict: verdict_key(t.clock.verdict),
        verdict_label: verdict(t.clock.verdict, lang),
    }
}

/// A service on the home page and the service list.
#[derive(Debug, Serialize)]
pub(crate) struct ServiceCard {
    /// Id (URL part).
    pub id: String,
    /// Title.
    pub title: String,
    /// Summary.
    pub summary: String,
    /// Time limit in words.
    pub time: String,
    /// Fee in words.
    pub fee: String,
}

fn fee(service: &Service, w: &Words) -> String {
    let fee = &service.fee.value;
    match (fee.amount, &fee.note) {
        // "Gratis" always shows, whatever the standard's own words.
        (0, Some(note))
            if note
                .value
                .to_lowercase()
                .contains(&w.word("free").to_lowercase()) =>
        {
            note.value.clone()
        }
        (0, Some(note)) => format!("{} ({})", w.word("free"), note.value),
        (0, None) => w.word("free").to_string(),
        (n, Some(note)) => format!("Rp{} ({})", thousands(n), note.value),
        (n, None) => format!("Rp{}", thousands(n)),
    }
}

fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// The card of a service.
pub(crate) fn service_card(service: &Service, w: &Words, lang: Lang) -> ServiceCard {
    ServiceCard {
        id: service.id.to_string(),
        title: service.title.value.clone(),
        summary: service
            .summary
            .as_ref()
            .map(|s| s.value.clone())
            .unwrap_or_default(),
        time: standard(service.time.value, lang),
        fee: fee(service, w),
    }
}

/// One requirement on a service page.
#[derive(Debug, Serialize)]
pub(crate) struct RequirementItem {
    /// What is required.
    pub text: String,
    /// How it is met.
    pub how: &'static str,
    /// Whether it must be met.
    pub required: bool,
}

/// One stage on a service page.
#[derive(Debug, Serialize)]
pub(crate) struct StageItem {
    /// Name.
    pub name: String,
    /// Role title.
    pub role: String,
    /// Standard time in words.
    pub time: String,
    /// Done after the merge.
    pub after_merge: bool,
    /// Description.
    pub description: String,
}

/// `/pengaduan/`: the complaint kinds with the time to settle each, and
/// the channels that take complaints.
#[derive(Debug, Serialize)]
pub(crate) struct ComplaintsPage {
    /// Kinds (`jenis_pengaduan`), in `loket.yaml`'s order.
    pub kinds: Vec<ComplaintKindView>,
    /// Channels (`pengaduan`).
    pub channels: Vec<ChannelView>,
}

/// A complaint kind and the promise that goes with it.
#[derive(Debug, Serialize)]
pub(crate) struct ComplaintKindView {
    /// Id, for anchors.
    pub id: String,
    /// Name.
    pub name: String,
    /// Longest time to settle it, in words (`14 hari kerja`).
    pub time: String,
}

/// One complaint as `/pengaduan/` shows it: by number, never by who filed it.
#[derive(Debug, Serialize)]
pub(crate) struct ComplaintRow {
    /// The complaint's number (its issue's), 0 for a recorded one.
    pub number: u64,
    /// How the list names it: `#41`, or a recorded complaint's id.
    pub label: String,
    /// Its anchor on `/pengaduan/`.
    pub anchor: String,
    /// The channel outside GitHub it came by, in words.
    pub channel: Option<&'static str>,
    /// The kind's name, or the words for "not yet set".
    pub kind: String,
    /// The title of the service it concerns, when known.
    pub service: Option<String>,
    /// The date received, in words.
    pub received: String,
    /// The status key (`diterima`, `menunggu-pengadu`, …).
    pub status_key: &'static str,
    /// The status in words.
    pub status: &'static str,
    /// Hari kerja used of those allowed (`3/5`).
    pub used: String,
    /// The verdict key (`on_time`, `late`, …).
    pub verdict_key: &'static str,
    /// The verdict in words.
    pub verdict: &'static str,
    /// Why it was refused.
    pub reason: Option<String>,
    /// The complaint's text, only when an officer marked it publishable.
    pub text: Option<String>,
}

/// The complaints `/pengaduan/` lists: those that count (not closed as
/// spam or as a duplicate), newest first.
pub(crate) fn complaint_rows(
    all: &[crate::complaint::ComplaintTimeline],
    w: &Words,
    lang: Lang,
) -> Vec<ComplaintRow> {
    all.iter()
        .rev()
        .filter(|t| t.counted)
        .map(|t| ComplaintRow {
            number: t.number,
            label: t.record.clone().unwrap_or_else(|| format!("#{}", t.number)),
            anchor: t.record.clone().unwrap_or_else(|| t.number.to_string()),
            channel: t.channel.map(|c| c.name()),
            kind: t
                .kind_name
                .clone()
                .unwrap_or_else(|| w.word("cases_unknown_kind").to_string()),
            service: t.service_name.clone(),
            received: date(t.received_date, lang),
            status_key: t.status.key(),
            status: w.word(&format!("cstatus_{}", t.status.key())),
            used: crate::report::status::used_of(&t.clock),
            verdict_key: verdict_key(t.clock.verdict),
            verdict: verdict(t.clock.verdict, lang),
            reason: t.reason.clone(),
            text: t.text.clone(),
        })
        .collect()
}

/// The view of `/pengaduan/`.
pub(crate) fn complaints(config: &Config, w: &Words, lang: Lang) -> ComplaintsPage {
    ComplaintsPage {
        kinds: complaint_kinds(config, lang),
        channels: config
            .channels
            .iter()
            .map(|c| channel(c, w, lang, true))
            .collect(),
    }
}

fn complaint_kinds(config: &Config, lang: Lang) -> Vec<ComplaintKindView> {
    config
        .complaint_kinds
        .iter()
        .map(|k| ComplaintKindView {
            id: k.id.value.clone(),
            name: k.name.value.clone(),
            time: standard(k.time.value, lang),
        })
        .collect()
}

/// A complaint channel.
#[derive(Debug, Serialize)]
pub(crate) struct ChannelView {
    /// Id, for anchors.
    pub id: String,
    /// Name.
    pub name: String,
    /// https link.
    pub link: Option<String>,
    /// Email.
    pub email: Option<String>,
    /// Phone, masked when mobile.
    pub phone: Option<String>,
    /// Address.
    pub address: Option<String>,
    /// Response time in words.
    pub response: Option<String>,
    /// Free text.
    pub description: Option<String>,
    /// QR code of the link (SVG).
    pub qr: Option<String>,
}

/// The view of a complaint channel; `with_qr` adds the QR code of its link.
pub(crate) fn channel(c: &Channel, w: &Words, lang: Lang, with_qr: bool) -> ChannelView {
    let link = c
        .link
        .as_ref()
        .map(|l| l.value.clone())
        .filter(|l| markdown::is_safe_url(l));
    let qr = link.as_deref().filter(|_| with_qr).and_then(|l| {
        svg::qr(
            l,
            &format!("{}: {} {}", w.word("complaints_qr"), c.name.value, l),
        )
    });
    ChannelView {
        id: c.id.to_string(),
        name: c.name.value.clone(),
        link,
        email: c.email.as_ref().map(|e| e.value.clone()),
        phone: c.phone.as_ref().map(|p| mask_phone(&p.value)),
        address: c.address.as_ref().map(|a| a.value.clone()),
        response: c.response_time.as_ref().map(|t| standard(t.value, lang)),
        description: c.description.as_ref().map(|d| d.value.clone()),
        qr,
    }
}

/// `/layanan/<id>/`.
#[derive(Debug, Serialize)]
pub(crate) struct ServicePage {
    /// The card (id, title, summary, time, fee).
    pub card: ServiceCard,
    /// The Markdown body, sanitised HTML.
    pub body_html: String,
    /// 1. Persyaratan.
    pub requirements: Vec<RequirementItem>,
    /// 2. Prosedur.
    pub stages: Vec<StageItem>,
    /// The swimlane flowchart (SVG).
    pub flowchart: String,
    /// 5. Produk.
    pub products: Vec<String>,
    /// 6. Pengaduan.
    pub channels: Vec<ChannelView>,
    /// 6. The complaint kinds and their times (`/pengaduan/` lists them).
    pub complaint_kinds: Vec<ComplaintKindView>,
    /// 7. Dasar hukum.
    pub legal: Vec<String>,
    /// 8. Sarana.
    pub facilities: Vec<String>,
    /// 9. Kompetensi.
    pub competence: Vec<String>,
    /// 10. Pengawasan.
    pub supervision: Vec<String>,
    /// 11. Jumlah pelaksana.
    pub staff: Option<u32>,
    /// 12. Maklumat.
    pub pledge: Option<String>,
    /// 13. Jaminan keamanan.
    pub security: Vec<String>,
    /// 14. Evaluasi kinerja.
    pub evaluation: Vec<String>,
}

fn texts(list: &[crate::input::source::Spanned<String>]) -> Vec<String> {
    list.iter().map(|s| s.value.clone()).collect()
}

fn how(means: Option<Means<'_>>) -> &'static str {
    match means {
        Some(Means::Field(_)) | None => "how_field",
        Some(Means::File(_)) => "how_file",
        Some(Means::Link(_)) => "how_link",
        Some(Means::Officer) => "how_officer",
    }
}

/// The page of one service standard.
pub(crate) fn service_page(
    service: &Service,
    body: &str,
    config: &Config,
    names: &Names<'_>,
    w: &Words,
    lang: Lang,
) -> ServicePage {
    let mut lanes: Vec<String> = vec![w.word("applicant").to_string()];
    let mut lane_of = |role: &str| -> usize {
        let title = names.role(role, w);
        match lanes.iter().position(|l| *l == title) {
            Some(i) => i,
            None => {
                lanes.push(title);
                lanes.len() - 1
            }
        }
    };
    let mut steps = vec![FlowStep {
        lane: 0,
        text: w.word("flow_submit").to_string(),
        time: None,
        dashed: false,
        terminal: true,
    }];
    for stage in &service.stages {
        let after = stage.after_merge.unwrap_or(false);
        let time = stage.time.as_ref().map(|t| standard(t.value, lang));
        steps.push(FlowStep {
            lane: lane_of(stage.role.as_str()),
            text: stage.name.value.clone(),
            time: Some(match (time, after) {
                (Some(t), true) => format!("{t}, {}", w.word("after_merge")),
                (Some(t), false) => t,
                (None, true) => w.word("after_merge").to_string(),
                (None, false) => w.word("not_set").to_string(),
            }),
            dashed: after,
            terminal: false,
        });
    }
    steps.push(FlowStep {
        lane: 0,
        text: w.word("flow_done").to_string(),
        time: None,
        dashed: false,
        terminal: true,
    });
    let flow = Flow {
        id: format!("flow-{}", service.id),
        title: format!("{}: {}", w.word("svc_flowchart"), service.title.value),
        desc: w.word("svc_flowchart_desc").to_string(),
        lanes,
        steps,
    };
    let channels = service
        .channels
        .iter()
        .filter_map(|id| config.channels.iter().find(|c| c.id.value == id.value))
        .map(|c| channel(c, w, lang, false))
        .collect();
    ServicePage {
        card: service_card(service, w, lang),
        body_html: markdown::to_html(body),
        requirements: service
            .requirements
            .iter()
            .map(|r| RequirementItem {
                text: r.text.value.clone(),
                how: w.word(how(r.means())),
                required: r.is_required(),
            })
            .collect(),
        stages: service
            .stages
            .iter()
            .map(|s| StageItem {
                name: s.name.value.clone(),
                role: names.role(s.role.as_str(), w),
                time: s
                    .time
                    .as_ref()
                    .map_or(w.word("not_set").to_string(), |t| standard(t.value, lang)),
                after_merge: s.after_merge.unwrap_or(false),
                description: s
                    .description
                    .as_ref()
                    .map(|d| d.value.clone())
                    .unwrap_or_default(),
            })
            .collect(),
        flowchart: svg::flowchart(&flow),
        products: texts(&service.products),
        channels,
        complaint_kinds: complaint_kinds(config, lang),
        legal: texts(&service.legal_basis),
        facilities: texts(&service.facilities),
        competence: texts(&service.competence),
        supervision: texts(&service.supervision),
        staff: service.staff.as_ref().map(|s| s.value),
        pledge: service.pledge.as_ref().map(|p| p.value.clone()),
        security: texts(&service.security),
        evaluation: texts(&service.evaluation),
    }
}

/// One stage of a request's timeline.
#[derive(Debug, Serialize)]
pub(crate) struct StageRow {
    /// Name.
    pub name: String,
    /// Role title.
    pub role: String,
    /// Standard time in words.
    pub standard: String,
    /// Actual time in words.
    pub actual: String,
    /// When it was done.
    pub done_at: String,
    /// Role of who did it.
    pub done_by: String,
    /// `within`, `over`, `stale` or `pending`.
    pub state: &'static str,
    /// Bar width in percent of the track (actual against standard, capped).
    pub bar: u32,
    /// Done after the merge.
    pub after_merge: bool,
}

/// One event of a request.
#[derive(Debug, Serialize)]
pub(crate) struct EventRow {
    /// When (machine form, RFC 3339).
    pub at: String,
    /// When, in words.
    pub when: String,
    /// What, in words.
    pub what: &'static str,
    /// The stage or label concerned.
    pub subject: String,
    /// Who, by role.
    pub role: String,
}

/// One requirement's result on a request page.
#[derive(Debug, Serialize)]
pub(crate) struct CheckRow {
    /// The requirement.
    pub text: String,
    /// `met`, `missing`, `absent` or `officer`.
    pub result: &'static str,
    /// The result in words.
    pub label: &'static str,
}

/// One DNS record of a request.
#[derive(Debug, Serialize)]
pub(crate) struct RecordRow {
    /// Type.
    pub kind: String,
    /// Data.
    pub data: String,
    /// TTL.
    pub ttl: String,
}

/// `/permohonan/<id>/`.
#[derive(Debug, Serialize)]
pub(crate) struct RequestPage {
    /// The list row (id, names, status, verdict).
    pub row: Row,
    /// Purpose.
    pub purpose: Option<String>,
    /// Reason (change, deletion).
    pub reason: Option<String>,
    /// New name of a change.
    pub new_name: Option<String>,
    /// Letter number and date.
    pub letter: Option<String>,
    /// Hosted by the institution.
    pub hosted: bool,
    /// Records.
    pub records: Vec<RecordRow>,
    /// Pull request number and link.
    pub pull_request: Option<(u64, Option<String>)>,
    /// Time used, in the unit of the promise (`2 hari kerja`, `115 menit`).
    pub used: Option<String>,
    /// Time allowed.
    pub allowed: Option<String>,
    /// SLA bar width (percent of the track; the track is 1.5 × the limit).
    pub bar: u32,
    /// Where the limit sits on the track, percent.
    pub limit_at: u32,
    /// When the clock started.
    pub started: Option<String>,
    /// When it stopped.
    pub stopped: Option<String>,
    /// Due.
    pub due: Option<String>,
    /// Stages.
    pub stages: Vec<StageRow>,
    /// Events.
    pub events: Vec<EventRow>,
    /// Requirement results.
    pub checklist: Vec<CheckRow>,
    /// What the timeline could not know.
    pub notes: Vec<String>,
}

/// What the site knows of one request besides its timeline.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RequestFacts<'a> {
    /// The timeline.
    pub timeline: &'a Timeline,
    /// The file as loaded, when it is on the branch.
    pub loaded: Option<&'a LoadedRequest>,
    /// `loket check`'s findings for it.
    pub findings: &'a [Diagnostic],
}

/// Track length of SLA bars, as a multiple of the limit.
const TRACK: f64 = 1.5;

/// A standard time's number, in its own unit.
fn amount(time: StandardTime) -> f64 {
    f64::from(time.amount())
}

fn bar(actual: f64, limit: f64) -> u32 {
    if limit <= 0.0 {
        return if actual > 0.0 { 100 } else { 0 };
    }
    ((actual / (limit * TRACK)) * 100.0)
        .clamp(0.0, 100.0)
        .round() as u32
}

/// The page of one request.
#[allow(clippy::too_many_arguments)]
pub(crate) fn request_page(
    facts: &RequestFacts<'_>,
    domain: &str,
    repository: Option<&str>,
    names: &Names<'_>,
    cal: &Calendar,
    w: &Words,
    lang: Lang,
) -> RequestPage {
    let t = facts.timeline;
    let request = facts.loaded.and_then(|l| l.request.as_ref());
    let service = t.service.as_deref().and_then(|s| names.services.get(s));
    let when = |at: DateTime<Utc>| time(at, cal, lang);
    let stage_name = |id: &str| {
        t.stages
            .iter()
            .find(|s| s.stage == id)
            .map_or(id.to_string(), |s| s.name.clone())
    };
    let unit = |st: Option<StandardTime>, n: i64| match st {
        Some(StandardTime::Minutes(_)) => format!("{n} {}", w.word("minutes")),
        _ => format!("{n} {}", w.word("days")),
    };
    let stages = t
        .stages
        .iter()
        .map(|s| {
            let limit = s.standard.map_or(0.0, amount);
            StageRow {
                name: s.name.clone(),
                role: names.role(&s.role, w),
                standard: s
                    .standard
                    .map_or(w.word("not_set").to_string(), |st| standard(st, lang)),
                actual: s.actual.map_or("–".into(), |a| unit(s.standard, a)),
                done_at: s.done_at.map_or(String::new(), when),
                done_by: s
                    .done_by
                    .as_deref()
                    .map_or(String::new(), |r| names.role(r, w)),
                state: match (s.stale, s.within, s.done_at) {
                    (true, _, _) => "stale",
                    (_, Some(true), _) => "within",
                    (_, Some(false), _) => "over",
                    (_, None, Some(_)) => "within",
                    (_, None, None) => "pending",
                },
                bar: s.actual.map_or(0, |a| bar(a as f64, limit)),
                after_merge: s.after_merge,
            }
        })
        .collect();
    let events = t
        .events
        .iter()
        .map(|e| EventRow {
            at: e.at.to_rfc3339(),
            when: when(e.at),
            what: event_word(e.kind, lang),
            subject: match (e.kind, &e.subject) {
                (EventKind::StageDone | EventKind::StageUndone, Some(s)) => stage_name(s),
                (_, Some(s)) => s.clone(),
                _ => String::new(),
            },
            role: e
                .role
                .as_deref()
                .map_or(String::new(), |r| names.role(r, w)),
        })
        .collect();
    let checklist = match (service, facts.loaded.and_then(|l| l.tree.as_ref())) {
        (Some(service), Some(tree)) => service
            .requirements
            .iter()
            .map(|r| {
                let failed = facts.findings.iter().any(|d| {
                    d.severity == Severity::Error && d.requirement.as_deref() == Some(r.id.as_str())
                });
                let result = match r.means() {
                    _ if failed => "missing",
                    Some(Means::Officer) => "officer",
                    Some(Means::Field(p) | Means::File(p) | Means::Link(p)) => {
                        match (lookup(tree, p), r.is_required()) {
                            (Lookup::Found(_), _) => "met",
                            (Lookup::Missing(_), true) => "missing",
                            (Lookup::Missing(_), false) => "absent",
                        }
                    }
                    None => "officer",
                };
                CheckRow {
                    text: r.text.value.clone(),
                    result,
                    label: w.word(&format!("check_{result}")),
                }
            })
            .collect(),
        _ => Vec::new(),
    };
    let limit = t.clock.allowed.map_or(0.0, amount);
    RequestPage {
        row: row(t, domain, names, w, lang),
        purpose: request
            .and_then(|r| r.purpose.as_ref())
            .map(|p| p.value.clone()),
        reason: request
            .and_then(|r| r.reason.as_ref())
            .map(|p| p.value.clone()),
        new_name: request
            .and_then(|r| r.new_subdomain.as_ref())
            .map(|n| format!("{}.{domain}", n.value)),
        letter: request.and_then(|r| r.letter.as_ref()).map(|l| {
            let day = NaiveDate::parse_from_str(l.date.trim(), "%Y-%m-%d")
                .map_or(l.date.value.clone(), |d| date(d, lang));
            format!("{}, {day}", l.number.value)
        }),
        hosted: request.is_some_and(|r| r.hosting.is_some()),
        records: request
            .map(|r| {
                r.records
                    .iter()
                    .map(|rec| RecordRow {
                        kind: rec.kind.value.as_str().to_string(),
                        data: rec.data.value.clone(),
                        ttl: rec
                            .ttl
                            .as_ref()
                            .map_or(String::new(), |t| t.value.to_string()),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        pull_request: t.pull_request.map(|n| {
            (
                n,
                repository.map(|repo| format!("https://github.com/{repo}/pull/{n}")),
            )
        }),
        used: t.clock.used().map(|u| standard(u, lang)),
        allowed: t.clock.allowed.map(|a| standard(a, lang)),
        bar: t.clock.used().map_or(0, |u| bar(amount(u), limit)),
        limit_at: if limit > 0.0 {
            (100.0 / TRACK).round() as u32
        } else {
            0
        },
        started: t.clock.started.map(when),
        stopped: t.clock.stopped.map(when),
        due: t.clock.due.map(when),
        stages,
        events,
        checklist,
        notes: t.notes.clone(),
    }
}

/// One row of the official registry.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RegistryRow {
    /// Label.
    pub name: String,
    /// Full name.
    pub fqdn: String,
    /// Agency id.
    pub agency_id: String,
    /// Agency name.
    pub agency: String,
    /// Since when it is active (the creating request's merge, else its
    /// letter date), in words.
    pub since: String,
    /// Since, `YYYY-MM-DD`, when known.
    pub since_iso: Option<String>,
    /// The creating request.
    pub created_by: String,
    /// The request that last changed it.
    pub changed_by: String,
    /// The web audit's last check of it, when `loket build --audit` was given.
    pub check: Option<LastCheck>,
}

/// What the registry shows of a name's last web audit.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct LastCheck {
    /// The day, in words.
    pub date: String,
    /// The day, `YYYY-MM-DD`.
    pub date_iso: String,
    /// Whether the name answered at all (none when details are hidden).
    pub reachable: Option<bool>,
    /// Whether its certificate was good (none when details are hidden or
    /// HTTPS did not answer).
    pub tls_ok: Option<bool>,
    /// A finding is open (its audit issue is: "sedang ditangani"); none
    /// when details are hidden.
    pub handled: Option<bool>,
}

/// `rows` with the last check `record` holds of each; with `details`
/// false only its day (`audit_web.rincian_publik: false`). `day_of` gives
/// the institution's day.
pub(crate) fn with_checks(
    mut rows: Vec<RegistryRow>,
    record: Option<&crate::web::record::Record>,
    details: bool,
    day_of: impl Fn(chrono::DateTime<chrono::Utc>) -> NaiveDate,
    lang: Lang,
) -> Vec<RegistryRow> {
    let Some(record) = record else {
        return rows;
    };
    let day = day_of(record.checked_at);
    for row in &mut rows {
        let Some(name) = record
            .names
            .iter()
            .find(|n| n.host.eq_ignore_ascii_case(&row.fqdn))
        else {
            continue;
        };
        let shown = |v: bool| details.then_some(v);
        row.check = Some(LastCheck {
            date: date(day, lang),
            date_iso: day.to_string(),
            reachable: shown(name.reachable),
            tls_ok: name.https.status.and_then(|_| shown(name.tls_ok())),
            handled: shown(!name.ok),
        });
    }
    rows
}

/// The registry rows, by name. `merged` gives the day each request was
/// merged (from its timeline): the day its name became active.
pub(crate) fn registry_rows(
    registrations: &BTreeMap<String, Registration>,
    merged: &BTreeMap<String, NaiveDate>,
    domain: &str,
    names: &Names<'_>,
    lang: Lang,
) -> Vec<RegistryRow> {
    registrations
        .values()
        .map(|r| {
            let iso = merged.get(&r.created_by.to_string()).copied().or_else(|| {
                r.since
                    .as_deref()
                    .and_then(|s| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok())
            });
            RegistryRow {
                name: r.name.clone(),
                fqdn: format!("{}.{domain}", r.name),
                agency_id: r.agency.clone(),
                agency: names.agency(&r.agency).to_string(),
                since: iso.map_or("–".into(), |d| date(d, lang)),
                since_iso: iso.map(|d| d.to_string()),
                created_by: r.created_by.to_string(),
                changed_by: r.changed_by.to_string(),
                check: None,
            }
        })
        .collect()
}

/// Whether a service takes a name (and so appears on the apply form as such).
pub(crate) fn takes_name(kind: ServiceKind) -> bool {
    matches!(
        kind,
        ServiceKind::Create | ServiceKind::Hosting | ServiceKind::Website
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mobile_numbers_are_masked_landlines_kept() {
        assert_eq!(mask_phone("+62 811 5000 0101"), "6281•••••••01");
        assert_eq!(mask_phone("0812-3456-7890"), "0812••••••90");
        assert_eq!(mask_phone("0517 31434"), "0517 31434");
    }

    #[test]
    fn dates_in_both_languages() {
        let d = NaiveDate::from_ymd_opt(2026, 5, 20).unwrap();
        assert_eq!(date(d, Lang::Id), "20 Mei 2026");
        assert_eq!(date(d, Lang::En), "20 May 2026");
        assert_eq!(thousands(1_500_000), "1.500.000");
    }
}
