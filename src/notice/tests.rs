//! Which notices are due, from real timelines of hand-made snapshots; the
//! words of a notice from hostile values.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::text::{Message, NoticeView, Templates};
use super::*;
use crate::github::snapshot::Snapshot;
use crate::input::decode::{Cx, Decode};
use crate::review::calendar::{Calendar, HolidayFile, OfficeHours, SHIPPED};
use crate::review::timeline::{Sources, Subject, timeline};

const FILE: &str = "requests/dinas-b/2026-0007-beta.yaml";

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .expect("time")
        .with_timezone(&Utc)
}

fn calendar() -> Calendar {
    let tree = crate::input::yaml::parse(SHIPPED).expect("shipped data parses");
    let mut cx = Cx::new("data/hari-libur.yaml");
    let file = HolidayFile::decode(&tree, &mut cx).expect("shipped data decodes");
    let tz = chrono_tz::Asia::Makassar;
    crate::review::calendar::build(tz, OfficeHours::default(), &[("hari-libur.yaml", &file)]).0
}

/// The base fixture's `loket.yaml`: officer kasi-verifikasi, dinas-b's operator op-b.
fn config() -> crate::model::Config {
    let text = include_str!("../../tests/fixtures/base/loket.yaml");
    let tree = crate::input::yaml::parse(text).expect("fixture parses");
    let mut cx = Cx::new("loket.yaml");
    crate::model::Config::decode(&tree, &mut cx).expect("fixture decodes")
}

fn label(name: &str, action: &str, when: &str) -> Value {
    json!({"label": name, "action": action, "actor": "kasi-verifikasi", "at": when})
}

/// Pull request #7 for `FILE`, opened 2 June 2026, its check passed at
/// 01:05, with `extra` fields (labels, commits, state) over that.
fn pr(extra: Value) -> Value {
    let mut pr = json!({
        "number": 7, "author": "op-b", "state": "open", "created_at": "2026-06-02T01:00:00Z",
        "files": [FILE],
        "commits": [{"sha": "a", "committed_at": "2026-06-02T01:00:00Z", "files": [FILE]}],
        "checks": [{"name": "loket check", "sha": "a", "conclusion": "success", "completed_at": "2026-06-02T01:05:00Z", "app": "github-actions"}]
    });
    if let (Some(pr), Some(extra)) = (pr.as_object_mut(), extra.as_object()) {
        pr.extend(extra.clone());
    }
    pr
}

fn timeline_of(pr: Value) -> Timeline {
    let snapshot: Snapshot = serde_json::from_value(json!({
        "version": 1, "repository": "contoh/loket", "fetched_at": "2026-06-30T00:00:00Z",
        "pull_requests": [pr]
    }))
    .expect("snapshot");
    let subject = Subject {
        id: "2026-0007".parse().expect("id"),
        path: FILE.into(),
        agency: "dinas-b".into(),
        subdomain: "beta".into(),
        service: None,
        channel: None,
        received: None,
    };
    let roles = BTreeMap::new();
    let calendar = calendar();
    let config = config();
    timeline(
        &subject,
        &Sources {
            history: None,
            snapshot: Some(&snapshot),
            roles: &roles,
            config: &config,
            calendar: &calendar,
            now: at("2026-06-30T00:00:00Z"),
        },
    )
}

fn due_of(t: &Timeline) -> Option<(Kind, DateTime<Utc>)> {
    let (due, held) = changes(std::slice::from_ref(t), at("2026-06-01T00:00:00Z"), |_| {
        true
    });
    assert!(held.is_empty(), "{held:?}");
    due.first().map(|c| (c.kind, c.at))
}

const RETURNED: &str = "status: dikembalikan";
const REASON: &str = "alasan: berkas tidak lengkap";

#[test]
fn a_complete_request_is_received_once_its_check_passes() {
    let t = timeline_of(pr(json!({})));
    assert_eq!(
        due_of(&t),
        Some((Kind::Diterima, at("2026-06-02T01:05:00Z")))
    );
    let failing = timeline_of(pr(json!({"checks": [
        {"name": "loket check", "sha": "a", "conclusion": "failure", "completed_at": "2026-06-02T01:05:00Z", "app": "github-actions"}
    ]})));
    assert_eq!(due_of(&failing), None, "belum lengkap is not announced");
}

#[test]
fn a_returned_request_is_announced_with_its_reason_and_held_without() {
    let t = timeline_of(pr(json!({"label_events": [
        label(RETURNED, "added", "2026-06-03T02:00:00Z"),
        label(REASON, "added", "2026-06-03T02:00:30Z")
    ]})));
    assert_eq!(
        due_of(&t),
        Some((Kind::Dikembalikan, at("2026-06-03T02:00:00Z")))
    );
    assert_eq!(t.reason.as_deref(), Some("berkas tidak lengkap"));

    let bare = timeline_of(pr(json!({"label_events": [
        label(RETURNED, "added", "2026-06-03T02:00:00Z")
    ]})));
    let (due, held) = changes(
        std::slice::from_ref(&bare),
        at("2026-06-01T00:00:00Z"),
        |_| true,
    );
    assert!(due.is_empty());
    assert_eq!(
        held.iter().map(|(c, h)| (c.kind, *h)).collect::<Vec<_>>(),
        [(Kind::Dikembalikan, Held::NoReason)]
    );
}

#[test]
fn a_fix_resumes_and_a_second_return_is_a_new_notice() {
    let first = [
        label(RETURNED, "added", "2026-06-03T02:00:00Z"),
        label(REASON, "added", "2026-06-03T02:00:00Z"),
    ];
    let commits = json!([
        {"sha": "a", "committed_at": "2026-06-02T01:00:00Z", "files": [FILE]},
        {"sha": "b", "committed_at": "2026-06-04T01:00:00Z", "files": [FILE]}
    ]);
    let mut events = first.to_vec();
    events.push(label(RETURNED, "removed", "2026-06-04T03:00:00Z"));
    events.push(label(REASON, "removed", "2026-06-04T03:00:00Z"));
    let resumed = timeline_of(pr(json!({"commits": commits, "label_events": events})));
    assert_eq!(
        due_of(&resumed),
        Some((Kind::Dilanjutkan, at("2026-06-04T03:00:00Z")))
    );

    events.push(label(RETURNED, "added", "2026-06-05T02:00:00Z"));
    events.push(label(
        "alasan: surat tidak sah",
        "added",
        "2026-06-05T02:00:00Z",
    ));
    let again = timeline_of(pr(json!({"commits": commits, "label_events": events})));
    let (kind, when) = due_of(&again).expect("due");
    assert_eq!(
        (kind, when),
        (Kind::Dikembalikan, at("2026-06-05T02:00:00Z"))
    );
    assert_eq!(again.reason.as_deref(), Some("surat tidak sah"));

    // The first return's notice is in the ledger; the second is not.
    let mut ledger = Ledger::default();
    let id = "2026-0007".parse().expect("id");
    ledger.insert(Entry::new(
        id,
        Kind::Dikembalikan,
        at("2026-06-03T02:00:00Z"),
        Channel::Email,
    ));
    let (due, _) = changes(
        std::slice::from_ref(&again),
        at("2026-06-01T00:00:00Z"),
        |_| true,
    );
    assert!(!ledger.contains(&due[0].entry(Channel::Email)));
    ledger.insert(due[0].entry(Channel::Email));
    assert!(ledger.contains(&due[0].entry(Channel::Email)));
    assert!(!ledger.contains(&due[0].entry(Channel::WhatsApp)));
}

#[test]
fn refused_merged_done_and_withdrawn() {
    let refused = timeline_of(pr(json!({"label_events": [
        label("status: ditolak", "added", "2026-06-03T02:00:00Z"),
        label("alasan: di luar kewenangan", "added", "2026-06-03T02:00:00Z")
    ], "state": "closed", "closed_at": "2026-06-03T02:05:00Z"})));
    assert_eq!(
        due_of(&refused),
        Some((Kind::Ditolak, at("2026-06-03T02:00:00Z"))),
        "refused, then closed: the refusal is what the agency hears"
    );
    let merged = pr(
        json!({"state": "merged", "merged_at": "2026-06-05T06:00:00Z", "closed_at": "2026-06-05T06:00:00Z"}),
    );
    assert_eq!(
        due_of(&timeline_of(merged.clone())),
        Some((Kind::Disetujui, at("2026-06-05T06:00:00Z")))
    );
    let mut done = merged;
    done["label_events"] = json!([label(
        "status: selesai",
        "added",
        "2026-06-08T02:00:00.900Z"
    )]);
    assert_eq!(
        due_of(&timeline_of(done)),
        Some((Kind::Selesai, at("2026-06-08T02:00:00Z"))),
        "kept to the second"
    );
    let withdrawn = timeline_of(pr(
        json!({"state": "closed", "closed_at": "2026-06-09T00:00:00Z"}),
    ));
    assert_eq!(
        due_of(&withdrawn),
        Some((Kind::Dibatalkan, at("2026-06-09T00:00:00Z")))
    );
}

#[test]
fn old_changes_and_unknown_pull_requests_are_not_announced() {
    let t = timeline_of(pr(json!({})));
    let (due, _) = changes(std::slice::from_ref(&t), at("2026-06-02T01:05:01Z"), |_| {
        true
    });
    assert!(due.is_empty(), "older than --max-age");
    let (due, _) = changes(std::slice::from_ref(&t), at("2026-06-01T00:00:00Z"), |n| {
        n != 7
    });
    assert!(due.is_empty(), "not in the snapshot");
}

#[test]
fn kinds_and_channels_round_trip() {
    for k in Kind::ALL {
        assert_eq!(k.as_str().parse::<Kind>(), Ok(k));
    }
    for c in [Channel::Email, Channel::WhatsApp] {
        assert_eq!(c.as_str().parse::<Channel>(), Ok(c));
    }
    assert!("Diterima".parse::<Kind>().is_err());
}

/// Dinas B with `web@b.contohkab.go.id` and `0812 3456 7890` registered.
fn agency_b() -> crate::model::config::Agency {
    let hash = |a: &str| {
        crate::contact::ContactHash::new(a, &[9; 16], crate::contact::MIN_ITERATIONS)
            .expect("hash")
            .to_string()
    };
    let text = format!(
        "{{id: dinas-b, nama: Dinas B, domain_email: b.contohkab.go.id, operator: [op-b], kontak: ['{}', '{}']}}\n",
        hash("web@b.contohkab.go.id"),
        hash("0812 3456 7890")
    );
    let tree = crate::input::yaml::parse(&text).expect("yaml");
    let mut cx = Cx::new("loket.yaml");
    let agency = crate::model::config::Agency::decode(&tree, &mut cx).expect("decodes");
    assert!(cx.diagnostics.is_empty(), "{:?}", cx.diagnostics);
    agency
}

#[test]
fn contacts_are_read_as_data_kept_to_the_agency_domain_and_its_registered_contacts() {
    let tree = |text: &str| crate::input::yaml::parse(text).expect("yaml");
    let b = agency_b();
    let c = Contact::of(
        &tree(
            "penanggung_jawab:\n  nama: \"Budi\\r\\nBcc: x@y.z\"\n  email: Web@b.contohkab.go.id\n  telepon: \"+62 812-3456-7890\"\n",
        ),
        Some(&b),
    );
    assert_eq!(c.address(Channel::Email), Ok("Web@b.contohkab.go.id"));
    assert_eq!(c.address(Channel::WhatsApp), Ok("6281234567890"));
    let c = Contact::of(
        &tree("penanggung_jawab:\n  email: korban@gmail.com\n  telepon: \"0511 3350 1234\"\n"),
        Some(&b),
    );
    assert!(
        c.email
            .as_ref()
            .is_err_and(|e| e.contains("not on the agency's domain"))
    );
    assert!(c.mobile.is_err(), "a landline gets no WhatsApp");
    // On the agency's domain, a mobile number: but not registered.
    let c = Contact::of(
        &tree(
            "penanggung_jawab:\n  email: kepala@b.contohkab.go.id\n  telepon: \"0813 0000 1111\"\n",
        ),
        Some(&b),
    );
    assert_eq!(
        c.address(Channel::Email),
        Err(
            "penanggung_jawab.email is not a registered contact of dinas-b (perangkat_daerah[].kontak)"
        )
    );
    assert_eq!(
        c.address(Channel::WhatsApp),
        Err(
            "penanggung_jawab.telepon is not a registered contact of dinas-b (perangkat_daerah[].kontak)"
        )
    );
    let c = Contact::of(
        &tree("penanggung_jawab:\n  email: \"web@b.contohkab.go.id\\nBcc: korban@gmail.com\"\n"),
        Some(&b),
    );
    assert!(c.email.is_err(), "{c:?}");
    assert!(Contact::of(&tree("x: 1\n"), Some(&b)).email.is_err());
}

#[test]
fn addresses_are_masked() {
    assert_eq!(
        mask(Channel::Email, "budi@tapinkab.go.id"),
        "b***@tapinkab.go.id"
    );
    assert_eq!(mask(Channel::WhatsApp, "6281234567890"), "62***7890");
}

fn view() -> NoticeView {
    NoticeView {
        jenis: "dikembalikan",
        status: Kind::Dikembalikan.status(),
        id: "2026-0007".into(),
        layanan: "Subdomain \"baru\"".into(),
        subdomain: "beta".into(),
        fqdn: "beta.contohkab.go.id".into(),
        perangkat_daerah: "Dinas B".into(),
        instansi: "Diskominfo Contoh".into(),
        singkatan: "Diskominfo\r\nBcc: korban@gmail.com".into(),
        kontak: None,
        waktu: "3 Juni 2026 pukul 10.00 WITA".into(),
        alasan: Some("berkas \"tidak\" lengkap\n{{ x }}".into()),
        perbaikan: None,
        jangka_waktu: None,
        jatuh_tempo: None,
        batas_perbaikan: None,
        ada_tahap_lanjutan: false,
        nomor_pr: 7,
        tautan: "https://contoh.github.io/loket/permohonan/2026-0007/".into(),
        tautan_pr: None,
    }
}

#[test]
fn no_value_reaches_a_header_or_breaks_the_json() {
    let templates = Templates::shipped().expect("shipped templates compile");
    let message = templates.message(&view()).expect("renders");
    assert!(
        !message.subject.contains(['\r', '\n']),
        "{:?}",
        message.subject
    );
    assert!(message.subject.contains("Diskominfo Bcc: korban@gmail.com"));
    assert!(
        message.body.contains("berkas \"tidak\" lengkap\n{{ x }}"),
        "values are text, not templates: {}",
        message.body
    );
    let body = templates
        .gateway_body(&view(), &message, "6281234567890\"}")
        .expect("json");
    let json: Value = serde_json::from_str(&body).expect("parses");
    assert_eq!(json["phone"], "6281234567890\"}");
    assert_eq!(
        json["text"].as_str(),
        Some(Message::chat_text(&message).as_str())
    );
}

#[test]
fn a_template_that_quotes_values_is_refused() {
    let mut sources = crate::site::templates::owned(text::SHIPPED);
    for (name, text) in sources.iter_mut() {
        if name == "whatsapp.json" {
            *text = "{\"phone\": \"{{ telepon }}\"}".into();
        }
    }
    let templates = Templates::compile(&sources).expect("compiles");
    let message = templates.message(&view()).expect("renders");
    let err = templates
        .gateway_body(&view(), &message, "6281234567890")
        .expect_err("not JSON");
    assert!(err.to_string().contains("not in quotes"), "{err}");
}

#[test]
fn the_daily_cap_lets_the_earliest_through_and_completes_what_was_sent() {
    let t = timeline_of(pr(json!({})));
    let change = |id: &str, at_: &str| Change {
        timeline: &t,
        id: id.parse().expect("id"),
        pull_request: 7,
        kind: Kind::Dibatalkan,
        at: at(at_),
    };
    let due = vec![
        change("2026-0003", "2026-06-03T05:00:00Z"),
        change("2026-0001", "2026-06-03T03:00:00Z"),
        change("2026-0002", "2026-06-03T04:00:00Z"),
        change("2026-0004", "2026-06-04T03:00:00Z"),
    ];
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("day");
    let (kept, held) = cap(due.clone(), 2, &Sent::new(), |a| a.date_naive());
    let ids = |cs: &[Change<'_>]| cs.iter().map(|c| c.id.to_string()).collect::<Vec<_>>();
    assert_eq!(ids(&kept), ["2026-0001", "2026-0002", "2026-0004"]);
    assert_eq!(
        held.iter()
            .map(|(c, h)| (c.id.to_string(), *h))
            .collect::<Vec<_>>(),
        [("2026-0003".to_string(), Held::DailyCap)]
    );
    // Two notices of 3 June already went out, one of them 2026-0003's on
    // a channel: it completes, the others wait.
    let mut sent = Sent::new();
    sent.entry(("dinas-b".into(), day("2026-06-03")))
        .or_default()
        .extend([
            (
                "2026-0003".parse().expect("id"),
                Kind::Dibatalkan,
                at("2026-06-03T05:00:00Z"),
            ),
            (
                "2026-0009".parse().expect("id"),
                Kind::Diterima,
                at("2026-06-03T01:00:00Z"),
            ),
        ]);
    let (kept, _) = cap(due, 2, &sent, |a| a.date_naive());
    assert_eq!(ids(&kept), ["2026-0003", "2026-0004"]);
}
