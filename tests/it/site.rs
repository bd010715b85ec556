//! `loket build` and `loket serve`: the HTML of every page type (insta),
//! hostile content rendered inert, determinism, atomic output, template
//! errors, the server, and the real-browser suite (`tests/browser/`).

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;

use crate::support::{Fixture, REQ, Run, approved, valid_request};

const NOW: &str = "2026-11-23T02:00:00Z";

/// A snapshot of GitHub with one open pull request for [`REQ`] that went
/// through a check, a return and the first stage.
fn snapshot() -> String {
    let pr = approved(json!({
        "number": 21, "author": "op-b", "state": "open",
        "created_at": "2026-11-16T01:00:00Z",
        "service": "subdomain-baru",
        "files": [REQ],
        "commits": [{"sha": "c1", "committed_at": "2026-11-16T00:55:00Z", "files": [REQ]}],
        "checks": [{"name": "loket check", "sha": "c1", "conclusion": "success", "completed_at": "2026-11-16T01:05:00Z", "app": "github-actions"}],
        "label_events": [
            {"label": "status: dikembalikan", "action": "added", "actor": "kasi-verifikasi", "at": "2026-11-17T01:00:00Z"},
            {"label": "status: dikembalikan", "action": "removed", "actor": "kasi-verifikasi", "at": "2026-11-18T01:00:00Z"},
            {"label": "tahap: verifikasi", "action": "added", "actor": "kasi-verifikasi", "at": "2026-11-18T02:00:00Z"}
        ]
    }));
    let alpha = "requests/dinas-a/2026-0001-alpha.yaml";
    let merged = approved(json!({
        "number": 20, "author": "op-a", "state": "merged",
        "created_at": "2026-10-02T01:00:00Z", "merged_at": "2026-10-05T03:00:00Z", "closed_at": "2026-10-05T03:00:00Z",
        "service": "subdomain-baru", "files": [alpha],
        "checks": [{"name": "loket check", "sha": "a1", "conclusion": "success", "completed_at": "2026-10-02T01:05:00Z", "app": "github-actions"}],
        "label_events": [
            {"label": "tahap: verifikasi", "action": "added", "actor": "kasi-verifikasi", "at": "2026-10-02T01:30:00Z"},
            {"label": "status: selesai", "action": "added", "actor": "staf-teknis", "at": "2026-10-06T02:00:00Z"}
        ]
    }));
    let returned = json!({
        "number": 22, "author": "op-a", "state": "open",
        "created_at": "2026-11-19T01:00:00Z",
        "service": "subdomain-baru", "files": [GAMMA],
        "commits": [{"sha": "g1", "committed_at": "2026-11-19T00:55:00Z", "files": [GAMMA]}],
        "checks": [{"name": "loket check", "sha": "g1", "conclusion": "success", "completed_at": "2026-11-19T01:05:00Z", "app": "github-actions"}],
        "label_events": [
            {"label": "status: dikembalikan", "action": "added", "actor": "kasi-verifikasi", "at": "2026-11-20T01:00:00Z"},
            {"label": "alasan: surat tidak sah", "action": "added", "actor": "kasi-verifikasi", "at": "2026-11-20T01:00:10Z"}
        ]
    });
    // Survey answers: numbers only. Dinas A's operator about its finished
    // request counts; a second answer about it and one about no request
    // are left out (and counted apart).
    let surveys = json!([
        {"issue": 30, "submitted_at": "2026-10-07T02:00:00Z", "request": "2026-0001", "answers": [4, 4, 3, 4, 4, 4, 4, 3, 4], "author": "op-a"},
        {"issue": 31, "submitted_at": "2026-10-08T02:00:00Z", "request": "2026-0001", "answers": [3, 3, 3, 4, 3, 3, 4, 3, 3], "author": "op-a"},
        {"issue": 32, "submitted_at": "2026-11-02T02:00:00Z", "answers": [2, 3, 3, 4, 3, 3, 3, 3, 3], "author": "op-b"}
    ]);
    let snap = json!({
        "version": 1, "repository": "contoh/loket", "fetched_at": NOW,
        "pull_requests": [merged, pr, returned], "surveys": surveys,
        "complaints": complaints(),
    });
    serde_json::to_string_pretty(&snap).expect("json")
}

/// Complaints: #40 settled on time and published by an officer, #41
/// still running (its text and author must never reach the site), #42
/// refused with a reason, #43 closed as spam (not listed).
fn complaints() -> serde_json::Value {
    let label = |name: &str, actor: &str, at: &str| json!({"label": name, "action": "added", "actor": actor, "at": at});
    json!([
        {"issue": 40, "opened_at": "2026-10-12T02:00:00Z", "author": "warga-terbuka", "state": "closed",
         "state_reason": "completed", "kind": "Pengaduan ringan",
         "text": "Formulir permohonan sulit ditemukan.",
         "label_events": [
             label("status: diterima", "kasi-verifikasi", "2026-10-12T03:00:00Z"),
             label("pengaduan: boleh diumumkan", "kasi-verifikasi", "2026-10-12T03:00:00Z"),
             label("status: selesai", "kasi-verifikasi", "2026-10-14T03:00:00Z")
         ]},
        {"issue": 41, "opened_at": "2026-11-17T02:00:00Z", "author": "warga-rahasia", "state": "open",
         "kind": "Pengaduan ringan", "text": "RAHASIA isi pengaduan NIK 6301010101010001",
         "label_events": [
             label("pengaduan: boleh diumumkan", "warga-rahasia", "2026-11-17T02:00:00Z"),
             label("status: diproses", "kasi-verifikasi", "2026-11-17T03:00:00Z")
         ]},
        {"issue": 42, "opened_at": "2026-11-02T02:00:00Z", "author": "warga-lain", "state": "closed",
         "state_reason": "completed",
         "label_events": [
             label("jenis: pemeriksaan", "kasi-verifikasi", "2026-11-02T03:00:00Z"),
             label("alasan: di luar kewenangan", "kasi-verifikasi", "2026-11-03T03:00:00Z"),
             label("status: ditolak", "kasi-verifikasi", "2026-11-03T03:00:00Z")
         ]},
        {"issue": 43, "opened_at": "2026-11-03T02:00:00Z", "author": "pengirim-spam", "state": "closed",
         "state_reason": "not_planned", "kind": "Pengaduan ringan"}
    ])
}

/// The complaint kinds the site's fixture adds to `loket.yaml`.
const COMPLAINT_KINDS: &str = "jenis_pengaduan:
  - {id: ringan, nama: Pengaduan ringan, waktu: {hari_kerja: 5}}
  - {id: pemeriksaan, nama: Pengaduan yang memerlukan pemeriksaan, waktu: {hari_kerja: 20}}
";

/// A third request, open and returned to its agency with a reason.
const GAMMA: &str = "requests/dinas-a/2026-0003-gamma.yaml";

/// The reply-letter setting the site's fixture adds to `loket.yaml`.
const REPLY_LETTER: &str = "surat_balasan:
  kop:
    - PEMERINTAH KABUPATEN CONTOH
    - DINAS KOMUNIKASI DAN INFORMATIKA
    - Jalan Contoh 1, Contoh 71111
  tempat: Contoh
  nomor: \"555/{urut}/Diskominfo/{bulan_romawi}/{tahun}\"
  penandatangan: verifikator
";

/// The base fixture with a second, open request, a third one returned,
/// a reply-letter setting and the snapshot.
fn instance() -> Fixture {
    let f = Fixture::with_request(&valid_request());
    f.write(
        GAMMA,
        valid_request()
            .replace("instansi: dinas-b", "instansi: dinas-a")
            .replace("subdomain: beta", "subdomain: gamma")
            .replace("Dinas B", "Dinas A")
            .replace("b.contohkab", "a.contohkab"),
    );
    let config = f.read("loket.yaml");
    f.write(
        "loket.yaml",
        format!("{config}{REPLY_LETTER}{COMPLAINT_KINDS}"),
    );
    f.write("snapshot.json", snapshot());
    f
}

fn build(f: &Fixture, out: &Path, extra: &[&str]) -> Run {
    let out = out.to_string_lossy();
    let snap = f.path("snapshot.json");
    let snap = snap.to_string_lossy();
    let mut args = vec!["build", "--out", &out, "--now", NOW, "--snapshot", &snap];
    args.extend_from_slice(extra);
    f.run(&args)
}

fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("inside")
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read(e.path()).expect("read"))
        })
        .collect()
}

#[test]
fn every_page_type_renders_as_recorded() {
    let f = instance();
    let out = f.path("public");
    let run = build(&f, &out, &[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    for (name, page) in [
        ("home", "index.html"),
        ("services", "layanan/index.html"),
        ("service", "layanan/subdomain-baru/index.html"),
        ("requests", "permohonan/index.html"),
        ("requests_filtered", "permohonan/status/tahap/index.html"),
        ("request", "permohonan/2026-0002/index.html"),
        ("request_merged", "permohonan/2026-0001/index.html"),
        ("request_returned", "permohonan/2026-0003/index.html"),
        ("year", "permohonan/2026/index.html"),
        ("status_help", "bantuan/status/index.html"),
        ("receipt", "permohonan/2026-0002/tanda-terima/index.html"),
        ("letter", "permohonan/2026-0001/surat/index.html"),
        (
            "receipt_en",
            "en/permohonan/2026-0001/tanda-terima/index.html",
        ),
        ("letter_en", "en/permohonan/2026-0001/surat/index.html"),
        ("registry", "subdomain/index.html"),
        ("complaints", "pengaduan/index.html"),
        ("stats", "statistik/index.html"),
        ("apply", "ajukan/index.html"),
        ("not_found", "404.html"),
        ("home_en", "en/index.html"),
        ("request_en", "en/permohonan/2026-0002/index.html"),
        ("feed", "feed.xml"),
        ("sitemap", "sitemap.xml"),
        ("status_json", "status.json"),
        ("registry_json", "registry.json"),
        ("robots", "robots.txt"),
    ] {
        let text =
            std::fs::read_to_string(out.join(page)).unwrap_or_else(|e| panic!("{page}: {e}"));
        insta::assert_snapshot!(format!("site_{name}"), text);
    }
}

#[test]
fn the_built_site_holds_no_complaint_text_nor_complainant() {
    let f = instance();
    let out = f.path("public");
    let run = build(&f, &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (path, bytes) in read_tree(&out) {
        let text = String::from_utf8_lossy(&bytes);
        for secret in [
            "RAHASIA",
            "6301010101010001",
            "warga-rahasia",
            "warga-terbuka",
            "warga-lain",
            "pengirim-spam",
        ] {
            assert!(!text.contains(secret), "{path} holds {secret}");
        }
    }
    let page = f.read("public/pengaduan/index.html");
    assert!(
        page.contains("Formulir permohonan sulit ditemukan."),
        "the text an officer published"
    );
    assert!(page.contains("id=\"pengaduan-41\""), "listed by number");
    assert!(
        !page.contains("id=\"pengaduan-43\""),
        "spam is no complaint"
    );
}

#[test]
fn the_request_page_shows_roles_and_clock_but_no_personal_data() {
    let f = instance();
    let out = f.path("public");
    build(&f, &out, &[]);
    let page = std::fs::read_to_string(out.join("permohonan/2026-0002/index.html")).expect("page");
    assert!(
        page.contains("Kepala Seksi Verifikasi"),
        "the acting role by title"
    );
    assert!(page.contains("Dalam tahapan: Verifikasi"));
    for private in [
        "Pengelola",
        "web@b.contohkab.go.id",
        "0812",
        "kasi-verifikasi",
        "op-b",
    ] {
        assert!(!page.contains(private), "{private} must not be shown");
    }
    let all: String = read_tree(&out)
        .values()
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .collect();
    assert!(!all.contains("web@b.contohkab.go.id") && !all.contains("3456 7890"));
}

/// Regression: every receipt said "Diperbarui <the build's day>", and the
/// printable pages' footer the build's day, so each day's first build
/// printed every receipt's PDF again. A finished request's receipt is now
/// dated by its last event and the same on every day; an open one's still
/// says the day (its working days move on anyway).
#[test]
fn a_finished_requests_receipt_is_the_same_on_every_day() {
    let f = instance();
    let receipt = |now: &str, id: &str| {
        let out = f.path(&format!("public-{}", &now[..10]));
        let snap = f.path("snapshot.json");
        let run = f.run(&[
            "build",
            "--out",
            &out.to_string_lossy(),
            "--now",
            now,
            "--snapshot",
            &snap.to_string_lossy(),
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        std::fs::read_to_string(out.join(format!("permohonan/{id}/tanda-terima/index.html")))
            .expect("receipt")
    };
    let done = receipt(NOW, "2026-0001");
    assert!(
        done.contains("(Diperbarui 6 Oktober 2026)"),
        "dated by the day it was done: {done}"
    );
    assert!(!done.contains("23 November 2026"), "{done}");
    assert_eq!(receipt("2026-11-25T02:00:00Z", "2026-0001"), done);
    let open = receipt(NOW, "2026-0002");
    assert!(open.contains("(Diperbarui 23 November 2026)"), "{open}");
}

#[test]
fn every_request_gets_a_receipt_and_only_finished_ones_a_letter() {
    let f = instance();
    let out = f.path("public");
    assert_eq!(build(&f, &out, &[]).code, 0);
    for id in ["2026-0001", "2026-0002", "2026-0003"] {
        for lang in ["", "en/"] {
            let receipt = out.join(format!("{lang}permohonan/{id}/tanda-terima/index.html"));
            let page = std::fs::read_to_string(&receipt).expect("a receipt for every request");
            assert!(page.contains(&format!("<strong>{id}</strong>")), "{page}");
            assert!(
                page.contains("PEMERINTAH KABUPATEN CONTOH"),
                "the letterhead"
            );
            assert!(!page.contains(".pdf"), "no PDF link without --pdf");
        }
    }
    // Selesai: a letter, dated the day it was done, numbered from the pattern.
    let letter =
        std::fs::read_to_string(out.join("permohonan/2026-0001/surat/index.html")).expect("letter");
    assert!(letter.contains("Contoh, 6 Oktober 2026"), "{letter}");
    assert!(letter.contains("Nomor: 555/0001/Diskominfo/X/2026"));
    assert!(
        letter.contains("<p>Kepala Seksi Verifikasi</p>"),
        "the role's title signs"
    );
    // Open, and open but returned: no letter yet.
    for id in ["2026-0002", "2026-0003"] {
        assert!(!out.join(format!("permohonan/{id}/surat")).exists(), "{id}");
    }
    // Returned: the reason and what to fix, from loket.yaml's defaults.
    let returned =
        std::fs::read_to_string(out.join("permohonan/2026-0003/index.html")).expect("page");
    assert!(
        returned.contains("<strong>surat tidak sah</strong>"),
        "{returned}"
    );
    assert!(returned.contains("lampirkan surat yang ditandatangani Kepala Perangkat Daerah"));

    // Without `surat_balasan`: receipts under the institution's own name, no letters.
    let f = Fixture::with_request(&valid_request());
    f.write("snapshot.json", snapshot());
    let out = f.path("public");
    assert_eq!(build(&f, &out, &[]).code, 0);
    let receipt = std::fs::read_to_string(out.join("permohonan/2026-0001/tanda-terima/index.html"))
        .expect("receipt");
    assert!(
        receipt.contains(
            "<p class=\"kop-name\">DINAS KOMUNIKASI DAN INFORMATIKA KABUPATEN CONTOH</p>"
        ),
        "{receipt}"
    );
    assert!(!out.join("permohonan/2026-0001/surat").exists());
}

#[test]
fn a_strangers_pull_request_is_not_published_and_no_unmerged_file_takes_a_merged_page() {
    let f = instance();
    let mut snap: serde_json::Value = serde_json::from_str(&snapshot()).expect("json");
    let open = |number: u64, author: &str, file: &str| {
        json!({"number": number, "author": author, "state": "open", "created_at": "2026-11-21T01:00:00Z",
            "service": "subdomain-baru", "files": [file],
            "checks": [{"name": "loket check", "sha": "x", "conclusion": "success", "completed_at": "2026-11-21T01:05:00Z", "app": "github-actions"}]})
    };
    let prs = snap["pull_requests"].as_array_mut().expect("prs");
    // A stranger asks for an offensive name in dinas-b's directory.
    prs.push(open(
        30,
        "orang-asing",
        "requests/dinas-b/2026-0004-kasino-gacor.yaml",
    ));
    // dinas-a's operator opens a file with the merged 2026-0001's id,
    // sorting before it.
    prs.push(open(31, "op-a", "requests/dinas-a/2026-0001-aaa.yaml"));
    f.write("snapshot.json", snap.to_string());
    let out = f.path("public");
    assert_eq!(build(&f, &out, &[]).code, 0);
    assert!(!out.join("permohonan/2026-0004").exists());
    let status = std::fs::read_to_string(out.join("status.json")).expect("status.json");
    assert!(!status.contains("kasino"), "{status}");
    let page = std::fs::read_to_string(out.join("permohonan/2026-0001/index.html")).expect("page");
    assert!(page.contains("alpha.contohkab.go.id"), "{page}");
    assert!(!page.contains("aaa.contohkab.go.id"));
    let receipt = std::fs::read_to_string(out.join("permohonan/2026-0001/tanda-terima/index.html"))
        .expect("receipt");
    assert!(receipt.contains("alpha.contohkab.go.id"));
    assert!(out.join("permohonan/2026-0001/surat/index.html").exists());
}

#[test]
fn without_survey_answers_the_ikm_says_so() {
    let f = instance();
    let mut snap: serde_json::Value = serde_json::from_str(&snapshot()).expect("json");
    snap.as_object_mut().expect("object").remove("surveys");
    f.write("snapshot.json", snap.to_string());
    let out = f.path("public");
    assert_eq!(build(&f, &out, &[]).code, 0);
    let stats = std::fs::read_to_string(out.join("statistik/index.html")).expect("stats");
    assert!(stats.contains("<p>Belum ada survei.</p>"), "{stats}");
    assert!(!stats.contains("NRR per unsur:"));
    let service =
        std::fs::read_to_string(out.join("en/layanan/subdomain-baru/index.html")).expect("service");
    assert!(
        service.contains("<dt>Public satisfaction (IKM)</dt><dd>No survey answers yet.</dd>"),
        "{service}"
    );
}

#[test]
fn the_year_list_anchors_every_id_and_the_home_form_goes_there() {
    let f = instance();
    let out = f.path("public");
    assert_eq!(build(&f, &out, &[]).code, 0);
    let home = std::fs::read_to_string(out.join("index.html")).expect("home");
    assert!(
        home.contains(
            "<form id=\"lacak\" class=\"track-form\" method=\"get\" action=\"/permohonan/2026/\""
        ),
        "{home}"
    );
    let year = std::fs::read_to_string(out.join("permohonan/2026/index.html")).expect("year");
    let ids: Vec<&str> = year
        .match_indices("<li id=\"")
        .map(|(i, _)| &year[i + 8..i + 17])
        .collect();
    assert_eq!(ids, ["2026-0001", "2026-0002", "2026-0003"]);
    let help = std::fs::read_to_string(out.join("en/bantuan/status/index.html")).expect("help");
    for key in loket::review::timeline::Status::KEYS {
        assert!(help.contains(&format!("<section id=\"{key}\"")), "{key}");
    }
}

/// `loket build --pdf` with Debian's Chromium: a PDF beside every receipt
/// and letter, with the request's id in its text (pdftotext), linked from
/// the pages; a Chromium that fails leaves the previous site. Fails, never
/// skips, without Chromium or pdftotext: `scripts/test` installs them.
#[test]
fn build_pdf_prints_receipts_and_letters_with_chromium() {
    assert!(
        Path::new("/usr/bin/chromium").exists(),
        "Chromium is missing: run ./scripts/test, which installs it"
    );
    let f = instance();
    let out = f.path("public");
    let run = build(&f, &out, &["--pdf", "--chromium", "/usr/bin/chromium"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("4 di antaranya PDF"), "{}", run.stdout);
    for (pdf, wants) in [
        (
            "permohonan/2026-0002/tanda-terima.pdf",
            &[
                "TANDA TERIMA PERMOHONAN",
                "2026-0002",
                "beta.contohkab.go.id",
            ][..],
        ),
        (
            "permohonan/2026-0001/surat.pdf",
            &["Nomor: 555/0001/Diskominfo/X/2026", "alpha.contohkab.go.id"][..],
        ),
    ] {
        let path = out.join(pdf);
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{pdf}: {e}"));
        assert!(bytes.starts_with(b"%PDF-"), "{pdf} is not a PDF");
        let text = Command::new("pdftotext")
            .arg(&path)
            .arg("-")
            .output()
            .expect("pdftotext runs (install poppler-utils; ./scripts/test does)");
        let text = String::from_utf8_lossy(&text.stdout);
        for want in wants {
            assert!(text.contains(want), "{pdf} lacks {want}:\n{text}");
        }
        assert!(
            !text.contains("Beranda"),
            "{pdf} prints the navigation:\n{text}"
        );
    }
    assert!(!out.join("permohonan/2026-0002/surat.pdf").exists());
    assert!(
        !out.join("en/permohonan")
            .join("2026-0001/tanda-terima.pdf")
            .exists()
    );
    let request =
        std::fs::read_to_string(out.join("en/permohonan/2026-0001/index.html")).expect("page");
    assert!(
        request.contains("href=\"/permohonan/2026-0001/tanda-terima.pdf\""),
        "{request}"
    );
    assert!(
        request.contains("href=\"/permohonan/2026-0001/surat.pdf\""),
        "{request}"
    );

    // A changed letter must be printed: with a Chromium that fails, the
    // previous site stays.
    f.edit(
        "requests/dinas-a/2026-0001-alpha.yaml",
        "subdomain: alpha",
        "subdomain: alfa",
    );
    let before = read_tree(&out);
    let run = build(&f, &out, &["--pdf", "--chromium", "/bin/false"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr.contains("Chromium could not print"),
        "{}",
        run.stderr
    );
    assert_eq!(read_tree(&out), before, "the previous site is intact");
    let run = build(&f, &out, &["--pdf", "--chromium", "/tidak/ada/chromium"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no Chromium found"), "{}", run.stderr);
}

fn chromium() -> [&'static str; 3] {
    assert!(
        Path::new("/usr/bin/chromium").exists(),
        "Chromium is missing: run ./scripts/test, which installs it"
    );
    ["--pdf", "--chromium", "/usr/bin/chromium"]
}

fn pdfs(out: &Path) -> BTreeMap<String, Vec<u8>> {
    read_tree(out)
        .into_iter()
        .filter(|(path, _)| path.ends_with(".pdf"))
        .collect()
}

/// A second `--pdf` build reuses every PDF whose page did not change
/// (Chromium is not even needed), reprints only the changed request's
/// documents, and reprints a PDF whose bytes no longer match the manifest.
#[test]
fn build_pdf_reuses_unchanged_pdfs_and_reprints_a_changed_letter() {
    let f = instance();
    let out = f.path("public");
    let run = build(&f, &out, &chromium());
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let first = pdfs(&out);
    assert_eq!(first.len(), 4, "{:?}", first.keys());
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("pdf-manifest.json")).expect("manifest"))
            .expect("json");
    assert_eq!(manifest["pdfs"].as_object().map(|m| m.len()), Some(4));

    // Nothing changed: every PDF reused, with a Chromium that cannot run.
    let run = build(&f, &out, &["--pdf", "--chromium", "/bin/false"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("4 di antaranya PDF (4 dipakai lagi)"),
        "{}",
        run.stdout
    );
    assert_eq!(pdfs(&out), first);

    // One request's letter changed: it alone is printed again.
    f.edit(
        "requests/dinas-a/2026-0001-alpha.yaml",
        "subdomain: alpha",
        "subdomain: alfa",
    );
    let run = build(&f, &out, &chromium());
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("4 di antaranya PDF (3 dipakai lagi)"),
        "{}",
        run.stdout
    );
    let second = pdfs(&out);
    for (path, bytes) in &second {
        let same = first.get(path) == Some(bytes);
        assert_eq!(same, path != "permohonan/2026-0001/surat.pdf", "{path}");
    }
    let text = Command::new("pdftotext")
        .arg(out.join("permohonan/2026-0001/surat.pdf"))
        .arg("-")
        .output()
        .expect("pdftotext runs (install poppler-utils; ./scripts/test does)");
    assert!(
        String::from_utf8_lossy(&text.stdout).contains("alfa.contohkab.go.id"),
        "the reprinted letter has the new text"
    );

    // A PDF that no longer hashes as its manifest says is printed again.
    std::fs::write(
        out.join("permohonan/2026-0002/tanda-terima.pdf"),
        b"%PDF-rusak",
    )
    .expect("write");
    let run = build(&f, &out, &chromium());
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("(3 dipakai lagi)"), "{}", run.stdout);
    assert_eq!(pdfs(&out), second);
}

/// Two cold builds of the same input give byte-identical PDFs, dated by
/// `--now` (or `SOURCE_DATE_EPOCH`), which pdfinfo reads back.
#[test]
fn build_pdf_is_byte_identical_for_the_same_input() {
    let f = instance();
    let (a, b) = (f.path("a"), f.path("b"));
    for out in [&a, &b] {
        let run = build(&f, out, &chromium());
        assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    }
    let (a, b) = (pdfs(&a), pdfs(&b));
    assert_eq!(a.len(), 4);
    for (path, bytes) in &a {
        assert!(b.get(path) == Some(bytes), "{path} differs between builds");
    }
    let info = Command::new("pdfinfo")
        .args(["-isodates"])
        .arg(f.path("a/permohonan/2026-0001/surat.pdf"))
        .output()
        .expect("pdfinfo runs (install poppler-utils; ./scripts/test does)");
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(info.contains("2026-11-23T02:00:00"), "{info}");
    assert!(
        info.contains("Pages:"),
        "pdfinfo reads the stamped file:\n{info}"
    );
}

/// A fake Chromium on the DevTools pipe that prints until it is asked for
/// the letter of 2026-0001, then dies: the build fails naming that letter
/// (among the pages in print with it) and the previous site stays as it
/// was.
const DYING_CHROMIUM: &str = r#"#!/usr/bin/env python3
import base64, json, os, sys
rd, wr = os.fdopen(3, "rb"), os.fdopen(4, "wb")
PDF = base64.b64encode(b"%PDF-1.4\n%%EOF\n").decode()
def send(m):
    wr.write(json.dumps(m).encode() + b"\0"); wr.flush()
buf = b""
while True:
    chunk = rd.read1(65536)
    if not chunk:
        break
    buf += chunk
    while b"\0" in buf:
        raw, buf = buf.split(b"\0", 1)
        m = json.loads(raw)
        r, s = {}, m.get("sessionId")
        if m["method"] == "Target.createTarget":
            r = {"targetId": "t%d" % m["id"]}
        elif m["method"] == "Target.attachToTarget":
            r = {"sessionId": "s" + m["params"]["targetId"]}
        elif m["method"] == "Page.navigate":
            if "2026-0001/surat" in m["params"]["url"]:
                sys.stderr.write("simulated crash\n")
                sys.exit(1)
            r = {"frameId": "f"}
        elif m["method"] == "Page.printToPDF":
            r = {"data": PDF}
        reply = {"id": m["id"], "result": r}
        if s:
            reply["sessionId"] = s
        send(reply)
        if m["method"] == "Page.navigate":
            send({"method": "Page.loadEventFired", "params": {}, "sessionId": s})
"#;

#[test]
fn build_pdf_names_the_document_when_chromium_dies_midway() {
    let f = instance();
    let out = f.path("public");
    assert_eq!(build(&f, &out, &[]).code, 0);
    let before = read_tree(&out);
    f.write("chromium-sekarat", DYING_CHROMIUM);
    let fake = f.path("chromium-sekarat");
    let mut perms = std::fs::metadata(&fake).expect("meta").permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
    std::fs::set_permissions(&fake, perms).expect("chmod");
    let run = build(&f, &out, &["--pdf", "--chromium", &fake.to_string_lossy()]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("Chromium could not print permohonan/")
            && run.stderr.contains("permohonan/2026-0001/surat/")
            && run.stderr.contains("simulated crash"),
        "{}",
        run.stderr
    );
    assert_eq!(read_tree(&out), before, "the previous site is intact");
}

#[test]
fn the_registry_dates_a_name_from_its_merge() {
    let f = instance();
    let out = f.path("public");
    assert_eq!(build(&f, &out, &[]).code, 0);
    let page = std::fs::read_to_string(out.join("subdomain/index.html")).expect("page");
    assert!(page.contains("alpha.contohkab.go.id"), "{page}");
    assert!(
        page.contains("<time datetime=\"2026-10-05\">5 Oktober 2026</time>"),
        "{page}"
    );
    assert!(
        !page.contains("beta.contohkab.go.id"),
        "an open request is not registered"
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("registry.json")).expect("json"))
            .expect("json");
    assert_eq!(json["subdomains"][0]["since"], "2026-10-05");
}

#[test]
fn the_registry_shows_each_name_s_last_web_check_or_only_its_day() {
    let f = instance();
    let name = |host: &str, ok: bool, tls: Option<u16>, findings: serde_json::Value| {
        serde_json::json!({"host": host, "agency": "dinas-a", "request": "2026-0001", "ok": ok,
            "reachable": tls.is_some(), "https": {"status": tls, "tls": null}, "http": {"status": tls},
            "findings": findings})
    };
    let report = serde_json::json!({"ok": false, "checked_at": "2026-11-20T03:00:00Z", "names": [
        name("alpha.contohkab.go.id", false, Some(200), serde_json::json!([
            {"code": "tls-expired", "error": true, "message": "sertifikat TLS sudah kedaluwarsa", "detail": {}}
        ])),
        name("lain.contohkab.go.id", true, None, serde_json::json!([])),
    ]});
    f.write("audit.json", report.to_string());
    let audit = f.path("audit.json").to_string_lossy().to_string();
    let out = f.path("public");
    let run = build(&f, &out, &["--audit", &audit]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = std::fs::read_to_string(out.join("subdomain/index.html")).expect("page");
    assert!(
        page.contains(
            "<td class=\"check\"><time datetime=\"2026-11-20\">20 November 2026</time> · TLS bermasalah · <strong>sedang ditangani</strong></td>"
        ),
        "{page}"
    );
    let english = std::fs::read_to_string(out.join("en/subdomain/index.html")).expect("page");
    assert!(
        english.contains("TLS problem · <strong>being handled</strong>"),
        "{english}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("registry.json")).expect("json"))
            .expect("json");
    assert_eq!(
        json["subdomains"][0]["last_check"],
        serde_json::json!({"date": "2026-11-20", "reachable": true, "tls_ok": false, "being_handled": true})
    );

    let config = f.read("loket.yaml");
    f.write(
        "loket.yaml",
        format!("{config}audit_web:\n  rincian_publik: false\n"),
    );
    let run = build(&f, &out, &["--audit", &audit]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = std::fs::read_to_string(out.join("subdomain/index.html")).expect("page");
    assert!(
        page.contains(
            "<td class=\"check\"><time datetime=\"2026-11-20\">20 November 2026</time></td>"
        ),
        "{page}"
    );
    assert!(
        !page.contains("sedang ditangani") && !page.contains("TLS"),
        "{page}"
    );

    f.write("audit.json", "[]");
    let run = build(&f, &out, &["--audit", &audit]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("not a report of `loket audit --web --format json`"),
        "{}",
        run.stderr
    );
}

/// The health section of a built `/statistik/` page.
fn health_section(page: &str) -> &str {
    let start = page
        .find("<section aria-labelledby=\"h-kesehatan-situs\"")
        .unwrap_or_else(|| panic!("no health section in {page}"));
    let end = start + page[start..].find("</section>").expect("section ends") + "</section>".len();
    &page[start..end]
}

#[test]
fn statistics_show_the_share_of_names_healthy_per_week_from_the_audit_history() {
    let f = instance();
    let out = f.path("public");
    let run = build(&f, &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = std::fs::read_to_string(out.join("statistik/index.html")).expect("page");
    assert!(
        health_section(&page).contains("<p>Belum ada audit situs yang berjalan.</p>"),
        "{page}"
    );
    assert!(!page.contains("chart-sehat"), "{page}");

    // Written by hand: two days of the week of 9 November (9 of 10, then
    // 10 of 10), one of the week of 16 November (7 of 10), and 23 November
    // with a finding of two kinds on one name and one on another.
    let day = |date: &str, checked: u32, healthy: u32, findings: serde_json::Value| {
        serde_json::json!({"date": date, "checked": checked, "healthy": healthy,
            "unreachable": 0, "findings": findings})
    };
    let history = serde_json::json!({"version": 1, "days": [
        day("2026-11-10", 10, 9, serde_json::json!({"tls-expiring": 1})),
        day("2026-11-11", 10, 10, serde_json::json!({})),
        day("2026-11-18", 10, 7, serde_json::json!({"gambling": 3})),
        day("2026-11-23", 12, 10, serde_json::json!({"gambling": 1, "cloaking": 1, "tls-expired": 1})),
    ]});
    f.write("riwayat-audit.json", history.to_string());
    let file = f.path("riwayat-audit.json").to_string_lossy().to_string();
    let run = build(&f, &out, &["--audit-history", &file]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let id = std::fs::read_to_string(out.join("statistik/index.html")).expect("page");
    let en = std::fs::read_to_string(out.join("en/statistik/index.html")).expect("page");
    let (id, en) = (health_section(&id), health_section(&en));
    assert!(
        id.contains("Audit terakhir <time datetime=\"2026-11-23\">23 November 2026</time>: 10 dari 12 nama sehat (83,3 %).")
            && id.contains("<span class=\"bar-label\">09/11/26<span class=\"visually-hidden\">: </span></span><span class=\"bar-track\" aria-hidden=\"true\"><span class=\"bar\" style=\"width:95.0%\"></span></span><span class=\"val\">95,0 %</span>")
            && id.contains("<tr><td>2026-11-09</td><td>2</td><td>95,0 %</td></tr>")
            && id.contains("<tr><td><code>gambling</code></td><td class=\"num\">1</td></tr>"),
        "{id}"
    );
    assert!(
        en.contains("10 of 12 names healthy (83.3%)") && en.contains("70.0%"),
        "{en}"
    );
    insta::assert_snapshot!("site_stats_health", format!("{id}\n\n{en}\n"));

    // Without public details, the share stays and the kinds go.
    let config = f.read("loket.yaml");
    f.write(
        "loket.yaml",
        format!("{config}audit_web:\n  rincian_publik: false\n"),
    );
    let run = build(&f, &out, &["--audit-history", &file]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = std::fs::read_to_string(out.join("statistik/index.html")).expect("page");
    let section = health_section(&page);
    assert!(
        section.contains("10 dari 12 nama sehat") && !section.contains("gambling"),
        "{section}"
    );

    f.write("riwayat-audit.json", "{\"version\": 1, \"days\": {}}");
    let run = build(&f, &out, &["--audit-history", &file]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("riwayat-audit.json") && run.stderr.contains("not an audit history"),
        "{}",
        run.stderr
    );
}

#[test]
fn hostile_markdown_and_request_fields_render_as_inert_text() {
    let f = instance();
    f.edit(
        "site/layanan/subdomain-baru.md",
        "Pembuatan subdomain.",
        "<script>alert('md')</script>\n\n<img src=x onerror=alert(1)>\n\n[klik](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=)\n\n<iframe src=\"https://evil.example\"></iframe>\n",
    );
    f.edit(
        REQ,
        "tujuan: Situs Dinas B",
        "tujuan: \"</script><script>alert('req')</script> {{ c.t.skip }} {% raw %} \\\" ' <b>\"",
    );
    let out = f.path("public");
    let run = build(&f, &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let service =
        std::fs::read_to_string(out.join("layanan/subdomain-baru/index.html")).expect("page");
    assert!(!service.contains("<script>alert"), "{service}");
    assert!(!service.contains("<img src=x"));
    assert!(!service.contains("<iframe"));
    assert!(!service.contains("javascript:"));
    assert!(!service.contains("data:text/html"));
    assert!(service.contains("&lt;script&gt;alert("));
    let request =
        std::fs::read_to_string(out.join("permohonan/2026-0002/index.html")).expect("page");
    assert!(!request.contains("<script>alert"), "{request}");
    assert!(request.contains("&lt;&#x2F;script&gt;") || request.contains("&lt;/script&gt;"));
    assert!(
        request.contains("{{ c.t.skip }}"),
        "template syntax in data stays text"
    );
    assert!(request.contains("{% raw %}"));
    assert!(request.contains("&quot; &#39; &lt;b&gt;"));
    let status = std::fs::read_to_string(out.join("status.json")).expect("json");
    serde_json::from_str::<serde_json::Value>(&status).expect("status.json stays JSON");
}

#[test]
fn two_builds_with_source_date_epoch_are_byte_identical() {
    let f = instance();
    let snap = f.path("snapshot.json");
    let run = |out: &str| {
        let status = Command::new(env!("CARGO_BIN_EXE_loket"))
            .args([
                "--root",
                &f.root().to_string_lossy(),
                "build",
                "--out",
                out,
                "--snapshot",
            ])
            .arg(&snap)
            .env("SOURCE_DATE_EPOCH", "1795400000")
            .output()
            .expect("run");
        assert!(
            status.status.success(),
            "{}",
            String::from_utf8_lossy(&status.stderr)
        );
    };
    let (a, b) = (f.path("a"), f.path("b"));
    run(&a.to_string_lossy());
    run(&b.to_string_lossy());
    let (ta, tb) = (read_tree(&a), read_tree(&b));
    assert!(ta.len() > 40, "{} files", ta.len());
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    for (path, bytes) in &ta {
        assert!(tb[path] == *bytes, "{path} differs");
    }
}

#[test]
fn a_failed_build_leaves_the_previous_site_and_names_the_template_line() {
    let f = instance();
    let out = f.path("public");
    assert_eq!(build(&f, &out, &[]).code, 0);
    let before = read_tree(&out);
    f.write(
        "templates/home.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<p>ok</p>\n{% if %}\n{% endblock main %}\n",
    );
    let run = build(&f, &out, &[]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stderr.contains("home.html"), "{}", run.stderr);
    assert!(
        run.stderr.contains("4:"),
        "the line of the error: {}",
        run.stderr
    );
    assert!(
        run.stderr.contains("loket::template") && run.stderr.contains("a syntax error also gives"),
        "a site error keeps its code and help, not a usage error: {}",
        run.stderr
    );
    assert_eq!(read_tree(&out), before, "the previous site is intact");
    let leftovers: Vec<_> = std::fs::read_dir(f.root())
        .expect("dir")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".public."))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_template_that_cannot_be_read_is_reported_as_read_not_written() {
    let f = instance();
    f.write(
        "templates/home.html",
        b"{% extends \"base.html\" %}\xff\n".as_slice(),
    );
    let run = build(&f, &f.path("public"), &[]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr.contains("cannot read") && run.stderr.contains("home.html"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("cannot write"), "{}", run.stderr);
}

/// `loket serve --port 0` on an instance, stopped on drop.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT/`.
    pub url: String,
}

impl Server {
    /// Starts the server and waits for its URL line.
    pub fn start(root: &Path, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_loket"))
            .args([
                "--root",
                &root.to_string_lossy(),
                "serve",
                "--port",
                "0",
                "--now",
                NOW,
            ])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start loket serve");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("read URL line");
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://127.0.0.1:"))
            .unwrap_or_else(|| panic!("no URL in {line:?}"))
            .to_string();
        Server { child, url }
    }

    /// GET a path: status, content type, body.
    pub fn get(&self, path: &str) -> (u16, String, String) {
        let addr = self.url.trim_start_matches("http://").trim_end_matches('/');
        let mut stream = TcpStream::connect(addr).expect("connect");
        stream.set_read_timeout(Some(Duration::from_secs(10))).ok();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
        )
        .expect("send");
        let mut text = String::new();
        stream.read_to_string(&mut text).expect("read");
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let kind = head
            .lines()
            .find_map(|l| {
                l.strip_prefix("Content-Type: ")
                    .or_else(|| l.strip_prefix("content-type: "))
            })
            .unwrap_or("")
            .to_string();
        (status, kind, body.to_string())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn serve_answers_with_content_types_and_rebuilds_on_change() {
    let f = instance();
    let server = Server::start(f.root(), &[]);
    let (status, kind, body) = server.get("/");
    assert_eq!((status, kind.as_str()), (200, "text/html; charset=utf-8"));
    assert!(
        body.contains("/__loket/reload.js"),
        "pages carry the reload script"
    );
    assert_eq!(server.get("/static/loket.css").1, "text/css; charset=utf-8");
    assert_eq!(server.get("/status.json").1, "application/json");
    assert_eq!(server.get("/feed.xml").1, "application/atom+xml");
    assert_eq!(server.get("/favicon.svg").1, "image/svg+xml");
    assert_eq!(server.get("/tidak-ada/").0, 404);
    let version = server.get("/__loket/version").2;
    f.edit(
        "site/layanan/subdomain-baru.md",
        "judul: Pembuatan Subdomain",
        "judul: Subdomain Baru Sekali",
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if server
            .get("/layanan/subdomain-baru/")
            .2
            .contains("Subdomain Baru Sekali")
        {
            break;
        }
        assert!(Instant::now() < deadline, "no rebuild within 20 s");
        std::thread::sleep(Duration::from_millis(200));
    }
    assert_ne!(server.get("/__loket/version").2, version);
}

fn browser_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser")
}

/// Runs the real-browser suite (`tests/browser/run.mjs`) against `loket
/// serve` on the instance at `root`, with `extra` serve arguments and the
/// example audit history (`docs/contoh-riwayat-audit.json`). It
/// fails, never skips, when Chromium, Node or the npm packages are
/// missing: `scripts/test` installs them.
fn browser_suite(root: &Path, extra: &[&str], shots: &Path) {
    assert!(
        Path::new("/usr/bin/chromium").exists(),
        "Chromium is missing: run ./scripts/test, which installs it"
    );
    assert!(
        browser_dir().join("node_modules/playwright-core").is_dir(),
        "tests/browser has no node_modules: run ./scripts/test (npm ci there)"
    );
    // The example audit history, so /statistik/ draws its health chart.
    let history = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/contoh-riwayat-audit.json");
    let history = history.to_string_lossy();
    let mut extra = extra.to_vec();
    extra.extend(["--audit-history", &history]);
    let server = Server::start(root, &extra);
    let out = Command::new("node")
        .arg(browser_dir().join("run.mjs"))
        .env("LOKET_URL", &server.url)
        .env("LOKET_ROOT", root)
        .env("LOKET_BIN", env!("CARGO_BIN_EXE_loket"))
        .env("LOKET_SCREENSHOTS", shots)
        .output()
        .expect("node runs (install nodejs)");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}");
    assert!(
        out.status.success(),
        "browser suite failed:\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains("0 failed"), "{stdout}");
}

/// The real-browser suite (axe, vnu, links, filters, the Ajukan form,
/// screenshots) on the example instance and its example GitHub snapshot
/// (`docs/contoh-snapshot.json`).
#[test]
fn browser_suite_passes_against_loket_serve() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let copy = Fixture::copy_of(repo);
    let snapshot = copy.path("docs/contoh-snapshot.json");
    browser_suite(
        copy.root(),
        &["--snapshot", &snapshot.to_string_lossy()],
        &repo.join("target/screenshots"),
    );
}

/// The same suite on another preset's site: Kudus, whose service is timed
/// in minutes and whose stages, channels and legal basis differ from the
/// example instance's.
#[test]
fn browser_suite_passes_on_the_kudus_preset() {
    let parent = tempfile::tempdir().expect("temp dir");
    let dir = parent.path().join("kudus");
    let run = crate::support::run_in(
        parent.path(),
        &["init", "--preset", "kudus", &dir.to_string_lossy()],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    // 2026-0001 walks the swimlane on Monday 16 November 2026 (WIB = UTC+7):
    // complete at 08:05, three stages of ten minutes, merged, then done by
    // the technical staff: its page, receipt and letter all exist.
    let file = "requests/dinas-kesehatan/2026-0001-dinkes.yaml";
    let label = |name: &str, actor: &str, at: &str| serde_json::json!({"label": name, "action": "added", "actor": actor, "at": at});
    let snapshot = serde_json::json!({
        "version": 1, "repository": "diskominfo-kudus/loket", "fetched_at": "2026-11-16T03:00:00Z",
        "pull_requests": [approved(serde_json::json!({
            "number": 7, "author": "operator-dinkes-kudus", "state": "merged",
            "created_at": "2026-11-16T01:00:00Z", "closed_at": "2026-11-16T01:40:00Z",
            "merged_at": "2026-11-16T01:40:00Z", "files": [file],
            "commits": [{"sha": "c1", "committed_at": "2026-11-16T01:00:00Z", "files": [file]}],
            "label_events": [
                label("tahap: disposisi", "kadis-kominfo-kudus", "2026-11-16T01:15:00Z"),
                label("tahap: ditandatangani", "kabid-informatika-kudus", "2026-11-16T01:25:00Z"),
                label("tahap: nama-tersedia", "kasi-ti-kudus", "2026-11-16T01:35:00Z"),
                label("status: selesai", "helpdesk-tik-kudus", "2026-11-16T02:40:00Z"),
            ],
            "checks": [{"name": "loket check", "sha": "c1", "conclusion": "success",
                        "completed_at": "2026-11-16T01:05:00Z", "app": "github-actions"}]
        }))]
    });
    let path = dir.join("snapshot.json");
    std::fs::write(&path, snapshot.to_string()).expect("snapshot");
    browser_suite(
        &dir,
        &["--snapshot", &path.to_string_lossy()],
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots-kudus"),
    );
}
