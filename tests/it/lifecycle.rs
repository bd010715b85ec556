//! A pull request's whole life, with the commands the workflows call: the
//! agency files a request that fails the check and fixes it, a non-officer's
//! label is ignored, the Kepala Bidang verifies and approves, it merges,
//! the DNS snippet is produced, and the site shows it done and registered.

use serde_json::Value;

use crate::support::{Fixture, PullRequestBuilder, Run, SnapshotBuilder, label_added};

const REQ: &str = "requests/dinas-pariwisata/2026-0009-festival.yaml";

fn request(purpose: Option<&str>) -> String {
    let purpose = purpose
        .map(|p| format!("tujuan: {p}\n"))
        .unwrap_or_default();
    format!(
        "layanan: subdomain-baru
instansi: dinas-pariwisata
subdomain: festival
{purpose}surat:
  nomor: 556/0301/Disparpora/2026
  tanggal: 2026-11-16
  penandatangan: Kepala Dinas Pariwisata, Kepemudaan dan Olahraga
  berkas: lampiran/2026-0005-surat.pdf
penanggung_jawab:
  nama: Pengelola Website Disparpora
  email: promosi@disparpora.tapinkab.go.id
  telepon: \"+62 852 4800 0505\"
hosting: diskominfo
lampiran:
  laporan: lampiran/2026-0005-laporan.pdf
  probis: lampiran/2026-0005-probis.pdf
"
    )
}

fn pr(state: &str, labels: &[Value]) -> Value {
    let merged = (state == "merged").then_some("2026-11-20T03:00:00Z");
    let pr = PullRequestBuilder::new(30, "operator-disparpora", "2026-11-17T01:00:00Z")
        .state(state)
        .set("service", "subdomain-baru")
        .set("merged_at", merged)
        .set("closed_at", merged)
        .files(&[REQ])
        .commit("a1", "2026-11-17T01:00:00Z", &[REQ])
        .commit("a2", "2026-11-17T02:00:00Z", &[REQ])
        .check("a1", "failure", "2026-11-17T01:05:00Z")
        .check("a2", "success", "2026-11-17T02:05:00Z")
        .labels(labels.to_vec())
        .approved();
    SnapshotBuilder::new("diskominfo-tapin/loket", "2026-11-23T00:00:00Z")
        .pr(pr)
        .json()
}

fn gate(f: &Fixture, snapshot: &Value) -> Run {
    let snapshot = f.write_snapshot(snapshot);
    f.run(&[
        "--lang",
        "en",
        "gate",
        "--pr",
        "30",
        "--snapshot",
        &snapshot,
    ])
}

#[test]
fn a_request_from_pull_request_to_published_registration() {
    let f = Fixture::copy_of(std::path::Path::new(env!("CARGO_MANIFEST_DIR")));
    // As an office whose pin carries its release's hash (the repository's
    // own pins a version not yet released: L151).
    f.write(
        ".loket-version",
        format!("{} {}\n", loket::pin::VERSION, crate::support::SUMS_SHA256),
    );
    let base = f.commit("Instance");
    let check = |f: &Fixture| {
        f.run(&[
            "--lang",
            "en",
            "check",
            "--format",
            "json",
            "--today",
            "2026-11-17",
            "--author",
            "operator-disparpora",
            "--changed",
            &format!("A:{REQ}"),
        ])
    };

    // Opened without its purpose: the check fails on the requirement.
    f.write(REQ, request(None));
    let run = check(&f);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.diagnostics()
            .iter()
            .map(|d| d.code.as_str())
            .collect::<Vec<_>>(),
        ["L080"]
    );
    // Fixed.
    f.write(
        REQ,
        request(Some("Kalender festival budaya Kabupaten Tapin")),
    );
    assert_eq!(check(&f).code, 0, "{}", check(&f).stdout);

    // A label by the agency's own staff does not count; then the Kepala
    // Bidang verifies (not yet enough) and approves (enough).
    let mut labels = vec![label_added(
        "tahap: verifikasi",
        "staf-humas-disparpora",
        "2026-11-17T03:00:00Z",
    )];
    let run = gate(&f, &pr("open", &labels));
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .contains("added by @staf-humas-disparpora, who does not hold role kepala-bidang-egov"),
        "{}",
        run.stdout
    );
    labels.push(label_added(
        "tahap: verifikasi",
        "kabid-egov-tapin",
        "2026-11-18T01:00:00Z",
    ));
    let run = gate(&f, &pr("open", &labels));
    assert_eq!(
        (run.code, run.stdout.lines().count()),
        (1, 1),
        "only the approval is missing: {}",
        run.stdout
    );
    labels.push(label_added(
        "tahap: disetujui",
        "kabid-egov-tapin",
        "2026-11-19T01:00:00Z",
    ));
    let run = gate(&f, &pr("open", &labels));
    assert_eq!(run.code, 0, "{}", run.stdout);

    // Merged: the DNS snippet names the new subdomain.
    let merged = f.commit("Merge pull request #30 from disparpora/festival");
    let run = f.run(&["dns", "diff", "--from", &base, "--to", &merged]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("festival"), "{}", run.stdout);

    // Carried out: the site shows it done and in the official registry.
    labels.push(label_added(
        "status: selesai",
        "kabid-egov-tapin",
        "2026-11-20T06:00:00Z",
    ));
    let snapshot = f.write_snapshot(&pr("merged", &labels));
    let out = f.build_site(&snapshot, "2026-11-23T00:00:00Z");
    let page =
        std::fs::read_to_string(out.join("permohonan/2026-0009/index.html")).expect("request page");
    assert!(
        page.contains("selesai"),
        "the request page shows the request done"
    );
    let registry = std::fs::read_to_string(out.join("subdomain/index.html")).expect("registry");
    assert!(
        registry.contains("festival"),
        "the registry lists festival.tapinkab.go.id"
    );
}
