//! Rules on `loket.yaml` and the service standards: a broken
//! configuration is exit 2, named with file and line, never a crash.

use crate::support::Fixture;

const SERVICE: &str = "site/layanan/subdomain-baru.md";

#[test]
fn l009_service_without_front_matter() {
    let f = Fixture::base();
    f.write("site/layanan/kosong.md", "# Tanpa front matter\n");
    let run = f.check(&[]);
    run.expect(2, &[("L009", 1, 1)]);
    assert_eq!(run.only().path, "site/layanan/kosong.md");
}

#[test]
fn l014_duplicate_ids() {
    let f = Fixture::base();
    f.edit("loket.yaml", "  - {id: dinas-b,", "  - {id: dinas-a,");
    let run = f.check(&[]);
    let d = run.diagnostics()[0].clone();
    assert_eq!(
        (d.code.as_str(), d.path.as_str(), d.line, d.column),
        ("L014", "loket.yaml", 13, 10)
    );
    assert_eq!(d.message, "id `dinas-a` is used twice (first on line 12)");
    assert_eq!(run.code, 2);
}

#[test]
fn l090_role_not_defined() {
    let f = Fixture::base();
    f.edit(SERVICE, "peran: teknisi", "peran: teknisi-dns");
    let run = f.check(&[]);
    run.expect(2, &[("L090", 13, 53)]);
    assert_eq!(run.only().hint.as_deref(), Some("did you mean `teknisi`?"));
    let f = Fixture::base();
    f.edit("loket.yaml", "peran: [teknisi]", "peran: [kepala]");
    f.check(&[]).expect(2, &[("L090", 10, 35)]);
}

#[test]
fn l091_complaint_channel_not_defined() {
    let f = Fixture::base();
    f.edit(SERVICE, "pengaduan: [sp4n-lapor]", "pengaduan: [lapor]");
    f.check(&[]).expect(2, &[("L091", 16, 13)]);
}

#[test]
fn l092_time_zone() {
    let f = Fixture::base();
    f.edit(
        "loket.yaml",
        "zona_waktu: Asia/Makassar",
        "zona_waktu: WITA",
    );
    let run = f.check(&[]);
    run.expect(2, &[("L092", 4, 15)]);
    let f = Fixture::base();
    f.edit(
        "loket.yaml",
        "zona_waktu: Asia/Makassar",
        "zona_waktu: Asia/Makasar",
    );
    assert_eq!(
        f.check(&[]).only().hint.as_deref(),
        Some("did you mean `Asia/Makassar`?")
    );
}

#[test]
fn l093_requirement_names_one_way() {
    let f = Fixture::base();
    f.edit(SERVICE, "field: tujuan}", "field: tujuan, petugas: true}");
    let run = f.check(&[]);
    run.expect(2, &[("L093", 7, 5)]);
    assert_eq!(run.only().requirement.as_deref(), Some("deskripsi-tujuan"));
}

#[test]
fn l094_requirement_path_unknown() {
    let f = Fixture::base();
    f.edit(SERVICE, "field: tujuan}", "field: tujuan_situs}");
    // The request cannot meet a requirement that points nowhere, either.
    f.check(&[]).expect(2, &[("L094", 7, 59), ("L080", 1, 1)]);
}

#[test]
fn l095_stage_labels_unique() {
    let f = Fixture::base();
    f.edit(
        SERVICE,
        "setelah_merge: true,",
        "label: \"tahap: verifikasi\",",
    );
    let run = f.check(&[]);
    run.expect(2, &[("L095", 13, 69)]);
    assert_eq!(
        run.only().message,
        "label `tahap: verifikasi` is already used by stage `verifikasi`"
    );
}

#[test]
fn l096_domain() {
    let f = Fixture::base();
    f.edit("loket.yaml", "domain: contohkab.go.id", "domain: contohkab");
    f.check(&[]).expect(2, &[("L096", 3, 11)]);
    let f = Fixture::base();
    f.edit(
        "loket.yaml",
        "domain_email: a.contohkab.go.id",
        "domain_email: a_b",
    );
    // The agency's contact email no longer matches either.
    f.check(&[])
        .expect(2, &[("L096", 12, 48), ("L061", 12, 10)]);
}

#[test]
fn l097_service_id_equals_file_name() {
    let f = Fixture::base();
    f.edit(SERVICE, "id: subdomain-baru", "id: subdomain-buat");
    let run = f.check(&[]);
    // The request's service no longer exists either.
    run.expect(2, &[("L097", 2, 5), ("L082", 1, 10)]);
}

#[test]
fn l113_a_service_no_officer_can_approve() {
    // Every way the gate would be left with no officer's label to wait
    // for: the stage loses its label, moves after the merge, its role loses
    // its last officer, or the service has no stage at all.
    let cases: [(&str, &str, &str); 3] = [
        (SERVICE, ", label: \"tahap: verifikasi\"", ""),
        (
            SERVICE,
            "peran: verifikator, label:",
            "peran: verifikator, setelah_merge: true, label:",
        ),
        (
            SERVICE,
            "  - {id: verifikasi, nama: Verifikasi, peran: verifikator, label: \"tahap: verifikasi\", waktu: {menit: 60}}\n",
            "",
        ),
    ];
    for (file, from, to) in cases {
        let f = Fixture::base();
        f.edit(file, from, to);
        let run = f.check(&[]);
        run.expect(2, &[("L113", 2, 5)]);
        let d = run.only();
        assert_eq!(d.path, SERVICE);
        assert_eq!(
            d.message,
            "no officer can approve service `subdomain-baru`: it has no stage before the merge with a label and a role held by an officer under `petugas`, so the gate would pass pull requests nobody approved"
        );
    }
    let f = Fixture::base();
    f.edit(SERVICE, "tahapan:\n", "tahapan: []\n").edit(
        SERVICE,
        "  - {id: verifikasi, nama: Verifikasi, peran: verifikator, label: \"tahap: verifikasi\", waktu: {menit: 60}}\n  - {id: konfigurasi, nama: Konfigurasi DNS, peran: teknisi, setelah_merge: true, waktu: {hari_kerja: 2}}\n",
        "",
    );
    f.check(&[]).expect(2, &[("L113", 2, 5)]);
    // The verifier's only officer now holds another role: all three
    // services lose their approver.
    let f = Fixture::base();
    f.edit(
        "loket.yaml",
        "{github: kasi-verifikasi, peran: [verifikator]}",
        "{github: kasi-verifikasi, peran: [teknisi]}",
    );
    let run = f.check(&[]);
    run.expect(2, &[("L113", 2, 5), ("L113", 2, 5), ("L113", 2, 5)]);
    let paths: Vec<String> = run.diagnostics().into_iter().map(|d| d.path).collect();
    assert_eq!(
        paths,
        [
            SERVICE,
            "site/layanan/subdomain-hapus.md",
            "site/layanan/subdomain-ubah.md"
        ]
    );
}

#[test]
fn policy_records_are_checked_too() {
    let f = Fixture::base();
    f.edit("loket.yaml", "nilai: 103.28.12.10", "nilai: 192.168.1.10");
    let d = f.check(&[]).diagnostics()[0].clone();
    assert_eq!(
        (d.code.as_str(), d.path.as_str(), d.line),
        ("L042", "loket.yaml", 21)
    );
}

#[test]
fn broken_loket_yaml_exits_2_naming_file_and_line() {
    let f = Fixture::base();
    f.edit("loket.yaml", "dns:\n", "dns:\n  rekaman_diizinkan: [A\n");
    let run = f.run(&["check"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stdout.contains("L004"), "{}", run.stdout);
    assert!(run.stdout.contains("loket.yaml:"), "{}", run.stdout);
    let f = Fixture::base();
    f.write("loket.yaml", "instansi: [\n");
    let run = f.check(&[]);
    assert_eq!(run.code, 2);
    assert_eq!(run.diagnostics()[0].path, "loket.yaml");
}

#[test]
fn missing_required_config_keys_are_listed_together() {
    let f = Fixture::base();
    f.write("loket.yaml", "instansi: {nama: X}\n");
    f.check(&[])
        .expect(2, &[("L012", 1, 1), ("L012", 1, 11), ("L012", 1, 11)]);
}

/// `loket.yaml` of the base fixture with a reply-letter setting appended
/// (lines 29–33; the pattern's value starts at column 10 of line 32, the
/// signer's at column 18 of line 33).
fn with_reply_letter(pattern: &str, signer: &str) -> Fixture {
    let f = Fixture::base();
    let config = f.read("loket.yaml");
    f.write(
        "loket.yaml",
        format!(
            "{config}surat_balasan:\n  kop:\n    - PEMERINTAH KABUPATEN CONTOH\n  nomor: \"{pattern}\"\n  penandatangan: {signer}\n"
        ),
    );
    f
}

#[test]
fn reply_letter_setting_passes_when_sound() {
    with_reply_letter(
        "555/{urut}/Diskominfo/{bulan_romawi}/{tahun}",
        "verifikator",
    )
    .check(&[])
    .expect(0, &[]);
}

#[test]
fn l111_reply_letter_number_with_an_unknown_or_unclosed_placeholder() {
    let run = with_reply_letter("555/{urut}/{nip}/{tahun}", "verifikator").check(&[]);
    run.expect(2, &[("L111", 32, 10)]);
    let d = run.only();
    assert!(d.message.contains("`{nip}`"), "{}", d.message);
    assert!(
        d.hint
            .as_deref()
            .is_some_and(|h| h.contains("{bulan_romawi}")),
        "{:?}",
        d.hint
    );
    with_reply_letter("555/{urut/2026", "verifikator")
        .check(&[])
        .expect(2, &[("L111", 32, 10)]);
}

#[test]
fn l112_reply_letter_number_that_does_not_name_the_request() {
    let run = with_reply_letter("555/Diskominfo/{tahun}", "verifikator").check(&[]);
    run.expect(2, &[("L112", 32, 10)]);
    assert!(
        run.only()
            .message
            .contains("every letter gets the same number"),
        "{}",
        run.only().message
    );
}

#[test]
fn l090_reply_letter_signed_by_an_unknown_role() {
    let run = with_reply_letter("{id}", "kepala-dinas").check(&[]);
    run.expect(2, &[("L090", 33, 18)]);
    assert!(run.only().message.contains("`kepala-dinas`"));
}
