//! Complaint timelines from hand-made snapshot records: the deadline of a
//! kind across holidays, the pause while waiting for the complainant, and
//! labels by anyone but an officer ignored.

use chrono::{DateTime, Utc};

use super::*;
use crate::input::decode::{Cx, Decode};

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .expect("time")
        .with_timezone(&Utc)
}

/// The shipped holidays in Asia/Makassar (WITA, UTC+8).
fn calendar() -> Calendar {
    crate::review::calendar::shipped_in(chrono_tz::Asia::Makassar)
}

/// The base fixture (officer kasi-verifikasi) with two complaint kinds.
fn config() -> Config {
    let text = format!(
        "{}\njenis_pengaduan:\n  - {{id: ringan, nama: Pengaduan ringan, waktu: {{hari_kerja: 5}}}}\n  - {{id: berat, nama: Pengaduan berat, waktu: {{hari_kerja: 60}}}}\n",
        include_str!("../../tests/fixtures/base/loket.yaml")
    );
    let tree = crate::input::yaml::parse(&text).expect("fixture parses");
    let mut cx = Cx::new("loket.yaml");
    Config::decode(&tree, &mut cx).expect("fixture decodes")
}

fn event(label: &str, added: bool, actor: &str, when: &str) -> LabelEvent {
    LabelEvent {
        label: label.into(),
        action: if added {
            LabelAction::Added
        } else {
            LabelAction::Removed
        },
        actor: actor.into(),
        at: at(when),
    }
}

/// Complaint #41, filed Tuesday 12 May 2026 at 10:00 WITA as `Pengaduan
/// ringan` (5 hari kerja), with `events`.
fn complaint(events: Vec<LabelEvent>) -> Complaint {
    Complaint {
        issue: 41,
        opened_at: at("2026-05-12T02:00:00Z"),
        author: "warga-pontianak".into(),
        state: IssueState::Open,
        state_reason: None,
        kind: Some("Pengaduan ringan".into()),
        request: None,
        service: None,
        label_events: events,
        text: Some("Isi pengaduan".into()),
    }
}

#[test]
fn the_deadline_of_a_kind_crosses_the_ascension_holidays() {
    // 14 May (Kenaikan) and 15 May (cuti bersama) are not working days:
    // 5 hari kerja from 12 May end on Thursday 21 May, not Tuesday 19 May.
    let t = timeline(
        &complaint(vec![event(
            RECEIVED_LABEL,
            true,
            "kasi-verifikasi",
            "2026-05-12T03:00:00Z",
        )]),
        &config(),
        &calendar(),
        at("2026-05-19T04:00:00Z"),
    );
    assert_eq!(t.kind.as_deref(), Some("ringan"), "from the form's answer");
    assert_eq!(t.status, Status::Diterima);
    assert_eq!(t.clock.due, Some(at("2026-05-21T08:00:00Z")), "16:00 WITA");
    assert_eq!(t.clock.used_working_days, Some(3), "13, 18 and 19 May");
    assert_eq!(t.clock.verdict, Verdict::Running);
    assert_eq!(t.received_date.to_string(), "2026-05-12");
}

#[test]
fn waiting_for_the_complainant_pauses_and_settling_late_is_late() {
    let events = vec![
        event(
            PROCESSING_LABEL,
            true,
            "kasi-verifikasi",
            "2026-05-12T03:00:00Z",
        ),
        // Waiting from Wednesday 13 May to Monday 18 May: Monday is paused.
        event(
            WAITING_LABEL,
            true,
            "kasi-verifikasi",
            "2026-05-13T03:00:00Z",
        ),
        event(
            WAITING_LABEL,
            false,
            "kasi-verifikasi",
            "2026-05-18T03:00:00Z",
        ),
        event(DONE_LABEL, true, "kasi-verifikasi", "2026-05-22T07:00:00Z"),
    ];
    let t = timeline(
        &complaint(events.clone()),
        &config(),
        &calendar(),
        at("2026-06-30T00:00:00Z"),
    );
    assert_eq!(t.status, Status::Selesai);
    assert_eq!(
        t.clock.pauses,
        vec![Pause {
            from: at("2026-05-13T03:00:00Z"),
            to: Some(at("2026-05-18T03:00:00Z"))
        }]
    );
    assert_eq!(t.clock.due, Some(at("2026-05-22T08:00:00Z")), "one day on");
    assert_eq!(t.clock.stopped, Some(at("2026-05-22T07:00:00Z")));
    assert_eq!(t.clock.verdict, Verdict::OnTime);
    assert_eq!(t.clock.used_working_days, Some(5));

    // Without the pause the same settlement is a day late.
    let unpaused: Vec<LabelEvent> = events
        .into_iter()
        .filter(|e| e.label != WAITING_LABEL)
        .collect();
    let late = timeline(
        &complaint(unpaused),
        &config(),
        &calendar(),
        at("2026-06-30T00:00:00Z"),
    );
    assert_eq!(late.clock.verdict, Verdict::Late);
}

#[test]
fn a_strangers_status_kind_and_publishable_labels_are_ignored() {
    let events = vec![
        event(DONE_LABEL, true, "warga-pontianak", "2026-05-12T03:00:00Z"),
        event(
            "jenis: berat",
            true,
            "warga-pontianak",
            "2026-05-12T03:00:00Z",
        ),
        event(
            PUBLISHABLE_LABEL,
            true,
            "warga-pontianak",
            "2026-05-12T03:00:00Z",
        ),
        event("bug", true, "warga-pontianak", "2026-05-12T03:00:00Z"),
    ];
    let t = timeline(
        &complaint(events),
        &config(),
        &calendar(),
        at("2026-05-13T00:00:00Z"),
    );
    assert_eq!(t.status, Status::Masuk, "a stranger settles nothing");
    assert_eq!(t.clock.stopped, None);
    assert_eq!(t.kind.as_deref(), Some("ringan"), "the form's kind stands");
    assert_eq!(t.text, None, "nor publishes the text");
    assert_eq!(
        t.steps.iter().map(|s| s.counted).collect::<Vec<_>>(),
        [false, false, false, true],
        "shown, not counted; a label loket does not manage passes"
    );
}

#[test]
fn an_officers_kind_label_overrides_the_form_and_a_refusal_names_its_reason() {
    let events = vec![
        event(
            "jenis: berat",
            true,
            "kasi-verifikasi",
            "2026-05-12T03:00:00Z",
        ),
        event(
            "alasan: di luar kewenangan",
            true,
            "kasi-verifikasi",
            "2026-05-12T04:00:00Z",
        ),
        event(
            REFUSED_LABEL,
            true,
            "kasi-verifikasi",
            "2026-05-12T04:00:00Z",
        ),
        event(
            PUBLISHABLE_LABEL,
            true,
            "kasi-verifikasi",
            "2026-05-12T04:00:00Z",
        ),
    ];
    let t = timeline(
        &complaint(events),
        &config(),
        &calendar(),
        at("2026-06-30T00:00:00Z"),
    );
    assert_eq!(
        (t.kind.as_deref(), t.clock.allowed),
        (Some("berat"), Some(StandardTime::WorkingDays(60)))
    );
    assert_eq!(t.status, Status::Ditolak);
    assert_eq!(t.reason.as_deref(), Some("di luar kewenangan"));
    assert_eq!(t.clock.verdict, Verdict::OnTime);
    assert_eq!(
        t.text.as_deref(),
        Some("Isi pengaduan"),
        "an officer's label"
    );
}

#[test]
fn shares_count_settled_complaints_per_year_and_kind_and_leave_spam_out() {
    let cfg = config();
    let cal = calendar();
    let now = at("2026-12-01T00:00:00Z");
    let done = |when: &str| vec![event(DONE_LABEL, true, "kasi-verifikasi", when)];
    let mut spam = complaint(done("2026-05-13T00:00:00Z"));
    spam.issue = 44;
    spam.state = IssueState::Closed;
    spam.state_reason = Some(IssueStateReason::NotPlanned);
    let mut unknown = complaint(done("2026-05-13T00:00:00Z"));
    unknown.issue = 45;
    unknown.kind = None;
    let all: Vec<ComplaintTimeline> = [
        complaint(done("2026-05-13T00:00:00Z")),
        complaint(done("2026-06-30T00:00:00Z")),
        complaint(Vec::new()),
        spam,
        unknown,
    ]
    .iter()
    .map(|c| timeline(c, &cfg, &cal, now))
    .collect();
    let shares = shares(&all);
    assert_eq!(
        shares.into_iter().collect::<Vec<_>>(),
        [(
            (2026, "ringan".to_string()),
            Share {
                settled: 2,
                on_time: 1
            }
        )]
    );
    assert_eq!(
        Share {
            settled: 2,
            on_time: 1
        }
        .percent(),
        Some(50.0)
    );
}

#[test]
fn days_left_and_the_reminder_lead() {
    let cal = calendar();
    let t = timeline(
        &complaint(Vec::new()),
        &config(),
        &cal,
        at("2026-05-20T01:00:00Z"),
    );
    assert_eq!(
        days_left(&t, &cal, at("2026-05-20T01:00:00Z")).expect("covered"),
        Some(1)
    );
    assert_eq!(reminder_lead(StandardTime::WorkingDays(5)), 1);
    assert_eq!(reminder_lead(StandardTime::WorkingDays(60)), 12);
}

#[test]
fn a_deadline_in_a_year_without_holiday_data_is_a_note_not_a_failure() {
    let mut late_in_year = complaint(vec![event(
        "jenis: berat",
        true,
        "kasi-verifikasi",
        "2026-11-02T03:00:00Z",
    )]);
    late_in_year.opened_at = at("2026-11-02T02:00:00Z");
    let t = timeline(
        &late_in_year,
        &config(),
        &calendar(),
        at("2026-11-03T00:00:00Z"),
    );
    assert_eq!(t.clock.due, None);
    assert!(t.notes.iter().any(|n| n.contains("2027")), "{:?}", t.notes);
}

#[test]
fn a_service_and_a_request_are_kept_only_when_the_instance_has_them() {
    let concerns = Concerns {
        services: vec![("subdomain-baru", "Pendaftaran subdomain baru")],
        requests: ["2026-0001".parse().expect("id")].into_iter().collect(),
    };
    let mut t = timeline(
        &complaint(Vec::new()),
        &config(),
        &calendar(),
        at("2026-05-19T04:00:00Z"),
    );
    t.request = Some("2026-0001".into());
    concern(
        &mut t,
        Some("subdomain-baru — Pendaftaran subdomain baru"),
        &concerns,
    );
    assert_eq!(t.service.as_deref(), Some("subdomain-baru"));
    assert_eq!(
        t.service_name.as_deref(),
        Some("Pendaftaran subdomain baru")
    );
    assert_eq!(t.request.as_deref(), Some("2026-0001"));
    assert_eq!(t.notes, Vec::<String>::new());

    let mut t = timeline(
        &complaint(Vec::new()),
        &config(),
        &calendar(),
        at("2026-05-19T04:00:00Z"),
    );
    t.request = Some("2026-0099".into());
    concern(&mut t, Some("<img src=x> — \u{1b}[31m"), &concerns);
    assert_eq!((t.service, t.service_name, t.request), (None, None, None));
    assert_eq!(
        t.notes,
        [
            "layanan \"<img src=x> — \\u{1b}[31m\" tidak ada di site/layanan/: diabaikan",
            "permohonan \"2026-0099\" tidak ada di requests/ maupun di permintaan tarik: diabaikan"
        ]
    );
}
