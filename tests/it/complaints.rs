//! Complaints: the promise the standards make (each kind of complaint and
//! the hari kerja to settle it) is on the built site, in both languages;
//! complaints of a hand-written snapshot on their clock in `loket status
//! --pengaduan` and the sweep's reminders.

use std::path::Path;

use crate::support::{Fixture, label_added};

/// Builds `presets/<name>` into `public/`.
fn built(name: &str) -> Fixture {
    let f = Fixture::copy_of(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("presets")
            .join(name),
    );
    build(&f, name);
    f
}

/// Builds `f` (named `what` in a failure) into `public/` on 23 November 2026.
#[track_caller]
fn build(f: &Fixture, what: &str) {
    let out = f.path("public");
    let run = f.run(&[
        "build",
        "--out",
        &out.to_string_lossy(),
        "--now",
        "2026-11-23T00:00:00Z",
    ]);
    assert_eq!(run.code, 0, "{what}: {}", run.stderr);
}

/// The rows of the complaint-kinds table of a page: (name, time).
fn kinds(page: &str) -> Vec<(String, String)> {
    page.split("<tr id=\"jenis-")
        .skip(1)
        .filter_map(|row| {
            let name = row
                .split("<th scope=\"row\">")
                .nth(1)?
                .split("</th>")
                .next()?;
            let time = row.split("<td>").nth(1)?.split("</td>").next()?;
            Some((name.to_string(), time.to_string()))
        })
        .collect()
}

#[test]
fn kalbar_complaint_kinds_and_times_are_on_pengaduan_in_both_languages() {
    let f = built("kalbar");
    let page = f.read("public/pengaduan/index.html");
    assert_eq!(
        kinds(&page),
        [
            ("Pengaduan ringan", "5 hari kerja"),
            ("Pengaduan bersifat normatif", "5 hari kerja"),
            ("Pengaduan tidak berkadar pengawasan", "14 hari kerja"),
            (
                "Pengaduan berkadar pengawasan yang memerlukan pemeriksaan",
                "60 hari kerja"
            ),
        ]
        .map(|(n, t)| (n.to_string(), t.to_string()))
    );
    let english = f.read("public/en/pengaduan/index.html");
    let times: Vec<String> = kinds(&english).into_iter().map(|(_, t)| t).collect();
    assert_eq!(
        times,
        [
            "5 working days",
            "5 working days",
            "14 working days",
            "60 working days"
        ]
    );
    // The service page's complaint component names them and links there.
    let service = f.read("public/layanan/domain-subdomain/index.html");
    assert!(
        service.contains("pengaduan/#h-kinds\">Jenis pengaduan dan jangka waktu penyelesaian</a>: Pengaduan ringan 5 hari kerja;"),
        "{service}"
    );
}

#[test]
fn every_preset_with_complaint_kinds_shows_each_on_pengaduan() {
    for name in ["sulut", "pekalongan", "tapin", "kalbar", "kudus"] {
        let f = built(name);
        let instance = loket::input::load::load(f.root()).expect("load");
        let config = instance.config.as_ref().expect("config");
        let page = f.read("public/pengaduan/index.html");
        let shown = kinds(&page);
        assert_eq!(shown.len(), config.complaint_kinds.len(), "{name}");
        for (kind, (shown_name, shown_time)) in config.complaint_kinds.iter().zip(&shown) {
            assert_eq!(shown_name, &kind.name.value, "{name}");
            assert!(
                shown_time.starts_with(&kind.time.value.amount().to_string()),
                "{name}: {shown_time}"
            );
        }
    }
}

/// The base fixture with two complaint kinds.
fn with_kinds() -> Fixture {
    let f = Fixture::base();
    let config = format!(
        "{}\njenis_pengaduan:\n  - {{id: ringan, nama: Pengaduan ringan, waktu: {{hari_kerja: 5}}}}\n  - {{id: berat, nama: Pengaduan berat, waktu: {{hari_kerja: 60}}}}\n",
        f.read("loket.yaml")
    );
    f.write("loket.yaml", config);
    f
}

/// Three complaints: #41 received by an officer on Tuesday 12 May 2026
/// (a stranger's `status: selesai` on it), #42 set `berat` and settled,
/// #43 closed as spam. kasi-verifikasi is the officer.
fn complaints_snapshot(f: &Fixture) -> String {
    let snapshot = serde_json::json!({
        "version": 1, "repository": "contoh/loket", "fetched_at": "2026-05-20T00:00:00Z",
        "pull_requests": [],
        "complaints": [
            {"issue": 41, "opened_at": "2026-05-12T02:00:00Z", "author": "warga-rahasia", "state": "open",
             "kind": "Pengaduan ringan",
             "label_events": [
                 label_added("pengaduan", "warga-rahasia", "2026-05-12T02:00:00Z"),
                 label_added("status: diterima", "kasi-verifikasi", "2026-05-12T03:00:00Z"),
                 label_added("status: selesai", "warga-rahasia", "2026-05-12T04:00:00Z")
             ]},
            {"issue": 42, "opened_at": "2026-05-13T02:00:00Z", "author": "warga-lain", "state": "closed",
             "state_reason": "completed",
             "label_events": [
                 label_added("jenis: berat", "kasi-verifikasi", "2026-05-13T03:00:00Z"),
                 label_added("status: selesai", "kasi-verifikasi", "2026-05-19T03:00:00Z")
             ]},
            {"issue": 43, "opened_at": "2026-05-13T05:00:00Z", "author": "spam", "state": "closed",
             "state_reason": "not_planned", "kind": "Pengaduan ringan"}
        ]
    });
    f.write("snapshot.json", snapshot.to_string());
    f.path("snapshot.json").to_string_lossy().into_owned()
}

/// `loket status --pengaduan` with `snapshot` on Tuesday 19 May 2026,
/// 12:00 WITA, and `extra` arguments.
fn status_pengaduan(f: &Fixture, snapshot: &str, extra: &[&str]) -> crate::support::Run {
    let mut args = vec![
        "status",
        "--pengaduan",
        "--snapshot",
        snapshot,
        "--now",
        "2026-05-19T04:00:00Z",
    ];
    args.extend_from_slice(extra);
    f.run(&args)
}

/// Builds `f` with `snapshot` into `public/` at the same time.
#[track_caller]
fn build_with(f: &Fixture, snapshot: &str) {
    f.build_site(snapshot, "2026-05-19T04:00:00Z");
}

#[test]
fn status_pengaduan_lists_each_complaint_on_its_clock() {
    let f = with_kinds();
    let snapshot = complaints_snapshot(&f);
    let args = |extra: &[&str]| status_pengaduan(&f, &snapshot, extra);
    let run = args(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // 14–15 May (Kenaikan, cuti bersama) are no working days: #41's five
    // end on 21 May; the stranger's `status: selesai` stops nothing.
    assert_eq!(
        run.stdout,
        "No.  Jenis   Diterima    Status                  Terpakai  Jatuh tempo            Keterangan\n\
         #41  ringan  2026-05-12  diterima                3/5       2026-05-21 16:00 WITA  berjalan\n\
         #42  berat   2026-05-13  selesai                 2/60      2026-08-13 16:00 WITA  tepat waktu\n\
         #43  ringan  2026-05-13  masuk (tidak dihitung)  2/5       2026-05-22 16:00 WITA  berjalan\n"
    );
    let json = args(&["--format", "json"]).json();
    assert_eq!(json[0]["status"], "diterima");
    assert_eq!(json[0]["clock"]["due"], "2026-05-21T08:00:00Z");
    assert_eq!(json[2]["counted"], false);
    let detail = args(&["41"]);
    assert!(
        detail
            .stdout
            .contains("+ status: selesai        label diabaikan (bukan petugas yang berwenang)"),
        "{}",
        detail.stdout
    );
    for out in [
        &run.stdout,
        &detail.stdout,
        &args(&["--format", "json"]).stdout,
    ] {
        assert!(!out.contains("warga-rahasia"), "no complainant's login");
    }
}

#[test]
fn status_pengaduan_without_a_snapshot_says_what_to_pass() {
    let f = with_kinds();
    let run = f.run(&["status", "--pengaduan"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stderr.contains("--snapshot FILE"), "{}", run.stderr);
}

#[test]
fn sweep_reminds_officers_of_a_complaint_a_day_before_its_deadline() {
    let f = with_kinds();
    let snapshot = complaints_snapshot(&f);
    let sweep_in = |lang: &[&str], now: &str| crate::sweep::sweep_in(&f, lang, &snapshot, now);
    let sweep = |now: &str| sweep_in(&["--lang", "en"], now);
    let early = sweep("2026-05-19T04:00:00Z");
    assert_eq!(early.code, 0, "{}", early.stderr);
    assert_eq!(early.stdout, "nothing to follow up\n", "two days left");
    let run = sweep("2026-05-20T04:00:00Z");
    assert_eq!(
        run.stdout,
        "due     #41 complaint, deadline 2026-05-21 (1 hari kerja left) → kasi-verifikasi, staf-teknis\n\
         (dry run: pass --apply to act)\n",
        "the spam and the settled one are left alone"
    );
    let early = sweep_in(&[], "2026-05-19T04:00:00Z");
    assert_eq!(early.stdout, "tidak ada yang perlu ditindaklanjuti\n");
    let run = sweep_in(&[], "2026-05-20T04:00:00Z");
    assert_eq!(
        run.stdout,
        "tenggat   pengaduan #41, batas 2026-05-21 (sisa 1 hari kerja) → kasi-verifikasi, staf-teknis\n\
         (uji coba: tambahkan --apply untuk bertindak)\n",
        "Indonesian by default"
    );
}

/// A complaint an officer recorded from a phone call: received Tuesday 12
/// May 2026, `ringan` (5 hari kerja), settled Monday 18 May.
const PHONE_COMPLAINT: &str = "kanal: telepon
diterima: 2026-05-12T09:00
jenis: ringan
status:
  - {status: diterima, tanggal: 2026-05-12T10:00}
  - {status: selesai, tanggal: 2026-05-18T14:00}
";

#[test]
fn a_complaint_recorded_from_a_phone_call_is_listed_and_counted() {
    let f = with_kinds();
    f.write("pengaduan/2026-0001.yaml", PHONE_COMPLAINT);
    f.check(&[]).expect(0, &[]);
    build(&f, "a recorded complaint");
    let page = f.read("public/pengaduan/index.html");
    let row = page
        .split("<tr id=\"pengaduan-2026-0001\">")
        .nth(1)
        .and_then(|r| r.split("</tr>").next())
        .unwrap_or_else(|| panic!("no row for 2026-0001:\n{page}"));
    assert!(
        row.contains("2026-0001 <span class=\"channel\">(kanal: telepon)</span>"),
        "{row}"
    );
    assert!(row.contains("Pengaduan ringan"), "{row}");
    assert!(row.contains("status-selesai"), "{row}");
    assert!(row.contains("verdict-on_time"), "{row}");
    let stats = f.read("public/statistik/index.html");
    assert!(
        stats.contains("<tr><td>2026</td><td>Pengaduan ringan</td><td class=\"num\">1</td><td class=\"num\">1</td><td class=\"num\">100,0 %</td></tr>"),
        "the recorded complaint is counted:\n{stats}"
    );
}

#[test]
fn a_recorded_complaint_with_a_phone_number_an_unknown_kind_and_bad_dates_is_found() {
    let f = with_kinds();
    f.write(
        "pengaduan/2026-0002.yaml",
        "kanal: whatsapp
diterima: 2026-12-01
jenis: sedang
status:
  - {status: selesai, tanggal: 2026-11-20}
catatan: pengadu minta dihubungi di 0812-3456-7890
",
    );
    let run = f.check(&[]);
    run.expect(
        1,
        &[
            ("L172", 2, 11),
            ("L170", 3, 8),
            ("L173", 5, 32),
            ("L174", 6, 10),
        ],
    );
    let phone = run.diagnostics().pop().expect("L174");
    assert_eq!(
        phone.message,
        "`catatan` holds what looks like a phone number (`0812…90`); files under pengaduan/ are public: remove the complainant's personal data"
    );
}

#[test]
fn a_nik_in_a_recorded_complaint_is_a_warning() {
    let f = with_kinds();
    f.write(
        "pengaduan/2026-0003.yaml",
        format!("{PHONE_COMPLAINT}ringkasan: \"pengadu NIK 6371012345670001\"\n"),
    );
    let run = f.check(&[]);
    run.expect(0, &[("L174", 7, 12)]);
    assert!(
        run.only().message.contains("a NIK (`6371…01`)"),
        "{}",
        run.stdout
    );
}

#[test]
fn the_complaint_form_warns_not_to_publish_a_phone_number_or_nik() {
    let form = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(".github/ISSUE_TEMPLATE/pengaduan.yml"),
    )
    .expect("the generated complaint form");
    let text = form
        .split("label: Isi pengaduan")
        .nth(1)
        .expect("the complaint's text field");
    assert!(
        text.contains("jangan menuliskan nomor telepon, nomor WhatsApp, NIK"),
        "{text}"
    );
}

#[test]
fn a_recorded_complaint_about_an_unknown_service_or_request_is_found() {
    let f = with_kinds();
    f.write(
        "pengaduan/2026-0004.yaml",
        format!("{PHONE_COMPLAINT}layanan: subdomain-bru\npermohonan: 2026-0009\n"),
    );
    let run = f.check(&[]);
    run.expect(1, &[("L176", 7, 10), ("L177", 8, 13)]);
    let found = run.diagnostics();
    assert_eq!(
        found[0].message,
        "service `subdomain-bru` does not exist in site/layanan/; use one of: subdomain-baru, subdomain-hapus, subdomain-ubah"
    );
    assert_eq!(
        found[0].hint.as_deref(),
        Some("did you mean `subdomain-baru`?")
    );
    assert_eq!(
        found[1].message,
        "request `2026-0009` does not exist under requests/; write the id of an existing request, e.g. 2026-0007"
    );
    // An id of another shape is no request either; the existing ones pass.
    f.write(
        "pengaduan/2026-0004.yaml",
        format!("{PHONE_COMPLAINT}layanan: subdomain-baru\npermohonan: \"2026-1\"\n"),
    );
    f.check(&[]).expect(1, &[("L177", 8, 13)]);
    f.write(
        "pengaduan/2026-0004.yaml",
        format!("{PHONE_COMPLAINT}layanan: subdomain-baru\npermohonan: 2026-0001\n"),
    );
    f.check(&[]).expect(0, &[]);
}

/// A complaint taken by phone on Tuesday 12 May 2026 and received by an
/// officer, still running: due with #41.
const RUNNING_PHONE_COMPLAINT: &str = "kanal: telepon
diterima: 2026-05-12T10:00
jenis: ringan
status:
  - {status: diterima, tanggal: 2026-05-12T11:00}
";

#[test]
fn status_pengaduan_and_the_sweep_count_recorded_complaints_on_the_same_clock() {
    let f = with_kinds();
    let snapshot = complaints_snapshot(&f);
    f.write("pengaduan/2026-0001.yaml", RUNNING_PHONE_COMPLAINT);
    let status = |extra: &[&str]| status_pengaduan(&f, &snapshot, extra);
    let run = status(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let last = run.stdout.lines().last().unwrap_or_default();
    assert_eq!(
        last.split_whitespace().collect::<Vec<_>>(),
        [
            "2026-0001",
            "(telepon)",
            "ringan",
            "2026-05-12",
            "diterima",
            "3/5",
            "2026-05-21",
            "16:00",
            "WITA",
            "berjalan"
        ],
        "{}",
        run.stdout
    );
    let json = status(&["--format", "json"]).json();
    assert_eq!(json[3]["record"], "2026-0001");
    assert_eq!(json[3]["channel"], "telepon");
    assert_eq!(
        json[3]["clock"]["due"], json[0]["clock"]["due"],
        "#41's clock"
    );
    let one = status(&["2026-0001"]);
    assert!(
        one.stdout.contains("diterima (kanal: telepon)")
            && one.stdout.contains("+ status: diterima"),
        "{}",
        one.stdout
    );
    let sweep = crate::sweep::sweep_in(&f, &["--lang", "en"], &snapshot, "2026-05-20T04:00:00Z");
    assert_eq!(sweep.code, 0, "{}", sweep.stderr);
    assert_eq!(
        sweep.stdout,
        "due     #41 complaint, deadline 2026-05-21 (1 hari kerja left) → kasi-verifikasi, staf-teknis\n\
         due     pengaduan/2026-0001.yaml, kanal: telepon complaint, deadline 2026-05-21 (1 hari kerja left) → kasi-verifikasi, staf-teknis\n\
         (dry run: pass --apply to act)\n"
    );
}

/// The snapshot of [`complaints_snapshot`] plus two complaint issues an
/// officer opened on complainants' behalf: #44 labelled `kanal: telepon`
/// by the officer, #45 labelled `kanal: whatsapp` by a stranger.
fn channels_snapshot(f: &Fixture) -> String {
    let path = complaints_snapshot(f);
    let mut snapshot: serde_json::Value =
        serde_json::from_str(&f.read("snapshot.json")).expect("snapshot");
    let issues = snapshot["complaints"].as_array_mut().expect("complaints");
    issues.push(serde_json::json!(
        {"issue": 44, "opened_at": "2026-05-13T01:00:00Z", "author": "kasi-verifikasi", "state": "open",
         "label_events": [
             label_added("pengaduan", "kasi-verifikasi", "2026-05-13T01:00:00Z"),
             label_added("kanal: telepon", "kasi-verifikasi", "2026-05-13T01:00:00Z"),
             label_added("jenis: ringan", "kasi-verifikasi", "2026-05-13T01:00:00Z")
         ]}
    ));
    issues.push(serde_json::json!(
        {"issue": 45, "opened_at": "2026-05-13T01:30:00Z", "author": "warga-lain", "state": "open",
         "kind": "Pengaduan ringan",
         "label_events": [
             label_added("pengaduan", "warga-lain", "2026-05-13T01:30:00Z"),
             label_added("kanal: whatsapp", "warga-lain", "2026-05-13T01:31:00Z")
         ]}
    ));
    f.write("snapshot.json", snapshot.to_string());
    path
}

#[test]
fn an_officers_channel_label_counts_a_complaint_under_its_channel_and_a_strangers_does_not() {
    let f = with_kinds();
    let snapshot = channels_snapshot(&f);
    f.write("pengaduan/2026-0001.yaml", RUNNING_PHONE_COMPLAINT);
    let status = |extra: &[&str]| status_pengaduan(&f, &snapshot, extra);
    let json = status(&["--format", "json"]).json();
    assert_eq!(json[3]["number"], 44);
    assert_eq!(json[3]["channel"], "telepon");
    assert_eq!(json[4]["number"], 45);
    assert_eq!(json[4].get("channel"), None, "a stranger's `kanal:` label");
    let detail = status(&["45"]);
    assert!(
        detail.stdout.lines().any(|l| l
            .ends_with("+ kanal: whatsapp        label diabaikan (bukan petugas yang berwenang)")),
        "{}",
        detail.stdout
    );
    assert!(status(&[]).stdout.contains("\n#44 (telepon)  "));
    build_with(&f, &snapshot);
    let page = f.read("public/pengaduan/index.html");
    let row = |id: &str| {
        page.split(&format!("<tr id=\"pengaduan-{id}\">"))
            .nth(1)
            .and_then(|r| r.split("</tr>").next())
            .unwrap_or_else(|| panic!("no row for {id}:\n{page}"))
            .to_string()
    };
    assert!(
        row("44").contains("#44 <span class=\"channel\">(kanal: telepon)</span>"),
        "{}",
        row("44")
    );
    assert!(!row("45").contains("class=\"channel\""), "{}", row("45"));
    let stats = f.read("public/statistik/index.html");
    let table = stats
        .split("<table class=\"complaint-channels\">")
        .nth(1)
        .and_then(|t| t.split("</table>").next())
        .unwrap_or_else(|| panic!("no channel table:\n{stats}"));
    // #41, #42 and #45 by the form (#43 is spam); #44 and the recorded
    // 2026-0001 by telephone.
    assert!(
        table.contains("<tr><td>2026</td><td>formulir pengaduan daring</td><td class=\"num\">3</td></tr><tr><td>2026</td><td>telepon</td><td class=\"num\">2</td></tr>"),
        "{table}"
    );
    let english = f.read("public/en/statistik/index.html");
    assert!(
        english.contains("<td>telephone</td><td class=\"num\">2</td>"),
        "{english}"
    );
}

#[test]
fn the_service_a_complaint_names_is_shown_only_when_the_instance_has_it() {
    let f = with_kinds();
    let snapshot = complaints_snapshot(&f);
    let mut json: serde_json::Value =
        serde_json::from_str(&f.read("snapshot.json")).expect("snapshot");
    json["complaints"][0]["service"] = "subdomain-baru — Pembuatan Subdomain".into();
    json["complaints"][0]["request"] = "2026-0001".into();
    json["complaints"][1]["service"] = "<script>alert(1)</script> — palsu".into();
    json["complaints"][1]["request"] = "2026-0099".into();
    f.write("snapshot.json", json.to_string());
    build_with(&f, &snapshot);
    let page = f.read("public/pengaduan/index.html");
    assert!(
        page.contains("<td>Pengaduan ringan <span class=\"service\">(layanan: Pembuatan Subdomain)</span></td>"),
        "{page}"
    );
    assert!(
        !page.contains("alert(1)") && !page.contains("palsu"),
        "{page}"
    );
    let english = f.read("public/en/pengaduan/index.html");
    assert!(
        english.contains("(service: Pembuatan Subdomain)"),
        "{english}"
    );
    let detail = status_pengaduan(&f, &snapshot, &["42"]);
    assert!(
        detail.stdout.contains(
            "! layanan \"<script>alert(1)</script> — palsu\" tidak ada di site/layanan/: diabaikan\n\
             ! permohonan \"2026-0099\" tidak ada di requests/ maupun di permintaan tarik: diabaikan\n"
        ),
        "{}",
        detail.stdout
    );
}
