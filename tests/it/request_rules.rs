//! One failing case per request rule, asserting code, line and column;
//! the passing case of each rule is the valid request itself.

use crate::support::{Fixture, REQ, request_with, valid_request};

#[test]
fn the_valid_request_passes() {
    Fixture::with_request(&valid_request())
        .check(&[])
        .expect(0, &[]);
}

// Schema

#[test]
fn l010_wrong_type_and_numbers_for_text_suggest_quotes() {
    let run =
        Fixture::with_request(&request_with("tujuan: Situs Dinas B", "tujuan: [a, b]")).check(&[]);
    run.expect(1, &[("L010", 4, 9)]);
    let text = request_with("telepon: \"0812 3456 7890\"", "telepon: +6281234567890");
    let d = Fixture::with_request(&text).check(&[]).only();
    assert_eq!((d.code.as_str(), d.line, d.column), ("L010", 13, 12));
    assert_eq!(
        d.message,
        "`penanggung_jawab.telepon` must be a string, not a integer"
    );
    assert_eq!(
        d.hint.as_deref(),
        Some("write it in quotes: \"6281234567890\"")
    );
}

#[test]
fn l011_unknown_key_suggests_the_close_one() {
    let text = request_with("penanggung_jawab:", "penangung_jawab:");
    let run = Fixture::with_request(&text).check(&[]);
    let found = run.diagnostics();
    assert_eq!(
        (found[0].code.as_str(), found[0].line, found[0].column),
        ("L011", 10, 1)
    );
    assert_eq!(
        found[0].hint.as_deref(),
        Some("did you mean `penanggung_jawab`?")
    );
    assert_eq!(found[0].message, "unknown key `penangung_jawab`");
}

#[test]
fn l012_missing_required_key() {
    let text = request_with("subdomain: beta\n", "");
    let run = Fixture::with_request(&text).check(&[]);
    let d = &run.diagnostics()[0];
    assert_eq!((d.code.as_str(), d.line, d.column), ("L012", 1, 1));
    assert_eq!(d.message, "required key `subdomain` is missing");
    assert_eq!(run.code, 1);
}

#[test]
fn l013_bad_keyword_lists_choices() {
    let d = Fixture::with_request(&request_with("hosting: diskominfo", "hosting: sendiri"))
        .check(&[])
        .diagnostics()[0]
        .clone();
    assert_eq!(
        (d.code.as_str(), d.line, d.column),
        ("L049", 1, 1),
        "a broken `hosting` counts as absent"
    );
    let run =
        Fixture::with_request(&request_with("hosting: diskominfo", "hosting: sendiri")).check(&[]);
    run.expect(1, &[("L049", 1, 1), ("L013", 14, 10)]);
    assert_eq!(
        run.diagnostics()[1].message,
        "value `sendiri` is not valid for `hosting`: diskominfo"
    );
}

#[test]
fn l015_two_files_share_a_request_id() {
    let f = Fixture::with_request(&valid_request());
    f.write("requests/dinas-b/2026-0001-beta.yaml", valid_request());
    let run = f.check(&[]);
    let d = run
        .diagnostics()
        .into_iter()
        .find(|d| d.code == "L015")
        .expect("L015");
    assert_eq!(
        (d.path.as_str(), d.line, d.column),
        ("requests/dinas-b/2026-0001-beta.yaml", 1, 1)
    );
    assert_eq!(
        d.message,
        "request id 2026-0001 is already used by requests/dinas-a/2026-0001-alpha.yaml"
    );
}

// Agency and authorship

#[test]
fn l020_unknown_agency() {
    let run =
        Fixture::with_request(&request_with("instansi: dinas-b", "instansi: dinas-c")).check(&[]);
    run.expect(1, &[("L020", 2, 11), ("L021", 2, 11)]);
    assert_eq!(
        run.diagnostics()[0].hint.as_deref(),
        Some("did you mean `dinas-b`?")
    );
}

#[test]
fn l021_agency_differs_from_directory() {
    let text = request_with("instansi: dinas-b", "instansi: dinas-a").replace("web@b.", "web@a.");
    Fixture::with_request(&text)
        .check(&[])
        .expect(1, &[("L021", 2, 11)]);
}

#[test]
fn l022_author_must_be_an_operator() {
    let f = Fixture::with_request(&valid_request());
    f.check(&["--author", "op-b", "--changed", REQ])
        .expect(0, &[]);
    f.check(&["--author", "@OP-B", "--changed", REQ])
        .expect(0, &[]);
    let run = f.check(&["--author", "op-a", "--changed", REQ]);
    run.expect(1, &[("L022", 2, 11)]);
    assert_eq!(
        run.only().message,
        "@op-a is not an operator of dinas-b; listed operators: @op-b"
    );
}

#[test]
fn l023_pull_request_touches_only_its_agency() {
    let f = Fixture::with_request(&valid_request());
    let run = f.check(&["--changed", REQ, "--changed", "loket.yaml"]);
    run.expect(1, &[("L023", 1, 1)]);
    assert_eq!(run.only().path, "loket.yaml");
}

/// `--changed` for each of `files`.
fn changed(files: &[String]) -> Vec<&str> {
    files
        .iter()
        .flat_map(|f| ["--changed", f.as_str()])
        .collect()
}

#[test]
fn l023_every_file_of_a_large_pull_request_is_judged() {
    // 150 files, the request first; file 120 lies outside the agency.
    let f = Fixture::with_request(&valid_request());
    let mut files: Vec<String> = std::iter::once(format!("A:{REQ}"))
        .chain((1..150).map(|i| format!("A:requests/dinas-b/lampiran/lampiran-{i}.pdf")))
        .collect();
    files[119] = "M:.github/workflows/check.yml".to_string();
    let run = f.check(&changed(&files));
    run.expect(1, &[("L023", 1, 1)]);
    assert_eq!(
        run.only().message,
        "a request of dinas-b may only change files under requests/dinas-b/, not .github/workflows/check.yml"
    );
    // Another agency's file far down the list does not make the request
    // itself the stranger: the agency is that of the first request file.
    files[119] = "A:requests/dinas-a/lampiran/surat.pdf".to_string();
    let run = f.check(&changed(&files));
    run.expect(1, &[("L023", 1, 1)]);
    assert_eq!(run.only().path, "requests/dinas-a/lampiran/surat.pdf");
}

#[test]
fn l023_a_rename_is_judged_under_its_new_path_too() {
    // git diff --name-status writes a rename as one line with both paths;
    // the old code judged only the old one, inside the agency's folder.
    let f = Fixture::with_request(&valid_request());
    let run = f.check(&[
        "--changed",
        &format!("A:{REQ}"),
        "--changed",
        "R100\trequests/dinas-b/lampiran/surat.pdf\t.github/workflows/check.yml",
    ]);
    run.expect(1, &[("L025", 1, 1), ("L023", 1, 1)]);
    let paths: Vec<String> = run.diagnostics().into_iter().map(|d| d.path).collect();
    assert_eq!(
        paths,
        [
            "requests/dinas-b/lampiran/surat.pdf",
            ".github/workflows/check.yml"
        ]
    );
}

#[test]
fn l024_merged_requests_are_immutable() {
    let f = Fixture::with_request(&valid_request());
    f.check(&["--changed", &format!("A:{REQ}")]).expect(0, &[]);
    let run = f.check(&["--changed", &format!("M:{REQ}")]);
    run.expect(1, &[("L024", 1, 1)]);
}

#[test]
fn l025_merged_attachments_are_not_replaced_or_deleted() {
    let f = Fixture::with_request(&valid_request());
    let attachment = "requests/dinas-b/lampiran/surat.pdf";
    f.check(&[
        "--changed",
        &format!("A:{REQ}"),
        "--changed",
        &format!("A:{attachment}"),
    ])
    .expect(0, &[]);
    for status in ["M", "D"] {
        let run = f.check(&[
            "--changed",
            &format!("A:{REQ}"),
            "--changed",
            &format!("{status}:{attachment}"),
        ]);
        run.expect(1, &[("L025", 1, 1)]);
        let d = run.only();
        assert_eq!(d.path, attachment);
        assert_eq!(
            d.message,
            "file requests/dinas-b/lampiran/surat.pdf is already merged (an attachment of a merged request) and must not be replaced or deleted; attach a new file under a new name in a new request"
        );
    }
    // Alone, too: a pull request that only swaps a merged letter's scan.
    let run = f.check(&["--changed", &format!("M:{attachment}")]);
    run.expect(1, &[("L025", 1, 1)]);
}

// Names

#[test]
fn l030_invalid_label() {
    let text = request_with("subdomain: beta", "subdomain: be_ta");
    let run = Fixture::with_request(&text).check(&[]);
    run.expect(1, &[("L030", 3, 12), ("L039", 3, 12)]);
    assert_eq!(
        run.diagnostics()[0].message,
        "`be_ta` is not a valid DNS label: only letters a-z, digits 0-9 and hyphens"
    );
    for bad in ["-beta", "beta-", "ab--cd", &"a".repeat(64)] {
        let text = request_with("subdomain: beta", &format!("subdomain: \"{bad}\""));
        let codes = Fixture::with_request(&text).check(&[]).codes();
        assert!(codes.contains(&"L030".to_string()), "{bad}: {codes:?}");
    }
}

#[test]
fn l031_upper_case() {
    let f = Fixture::base();
    f.write(
        "requests/dinas-b/2026-0002-Beta.yaml",
        request_with("subdomain: beta", "subdomain: Beta"),
    );
    let run = f.check(&[]);
    run.expect(1, &[("L031", 3, 12)]);
    assert_eq!(run.only().hint.as_deref(), Some("did you mean `beta`?"));
}

#[test]
fn l032_full_name_too_long() {
    let f = Fixture::with_request(&valid_request());
    let domain = format!(
        "{}.{}.{}.go.id",
        "a".repeat(63),
        "b".repeat(63),
        "c".repeat(63)
    );
    f.edit(
        "loket.yaml",
        "domain: contohkab.go.id",
        &format!("domain: {domain}"),
    );
    let label = "d".repeat(60);
    f.write(
        REQ,
        request_with("subdomain: beta", &format!("subdomain: {label}"))
            .replace("web@b.contohkab.go.id", "x@b.contohkab.go.id"),
    );
    let found = f.check(&[]).codes();
    assert!(found.contains(&"L032".to_string()), "{found:?}");
}

#[test]
fn l033_non_ascii_name_gets_its_punycode() {
    let run =
        Fixture::with_request(&request_with("subdomain: beta", "subdomain: sékolah")).check(&[]);
    let d = &run.diagnostics()[0];
    assert_eq!((d.code.as_str(), d.line, d.column), ("L033", 3, 12));
    assert_eq!(
        d.hint.as_deref(),
        Some("its ASCII form is `xn--skolah-bva`")
    );
    let bad = request_with("subdomain: beta", "subdomain: xn--zz");
    let codes = Fixture::with_request(&bad).check(&[]).codes();
    assert!(codes.contains(&"L033".to_string()), "{codes:?}");
}

#[test]
fn l034_reserved_name() {
    let f = Fixture::base();
    f.write(
        "requests/dinas-b/2026-0002-www.yaml",
        request_with("subdomain: beta", "subdomain: www"),
    );
    f.check(&[]).expect(1, &[("L034", 3, 12)]);
}

#[test]
fn l035_name_already_held_says_by_whom_and_since() {
    let f = Fixture::base();
    f.write(
        "requests/dinas-b/2026-0002-alpha.yaml",
        request_with("subdomain: beta", "subdomain: alpha"),
    );
    let run = f.check(&[]);
    run.expect(1, &[("L035", 3, 12)]);
    assert_eq!(
        run.only().message,
        "the name `alpha` is already held by dinas-a since 2026-10-01 (request 2026-0001)"
    );
    let id = f
        .run(&["check", "--today", "2026-11-23", "--format", "json"])
        .diagnostics()[0]
        .message
        .clone();
    assert_eq!(
        id,
        "nama `alpha` sudah dipakai oleh dinas-a sejak 2026-10-01 (permohonan 2026-0001)"
    );
}

#[test]
fn l036_naming_policy() {
    let f = Fixture::base();
    f.write(
        "requests/dinas-b/2026-0002-judi-online.yaml",
        request_with("subdomain: beta", "subdomain: judi-online"),
    );
    f.check(&[]).expect(1, &[("L036", 3, 12)]);
    let f = Fixture::base();
    f.write(
        "requests/dinas-b/2026-0002-12345.yaml",
        request_with("subdomain: beta", "subdomain: \"12345\""),
    );
    f.check(&[]).expect(1, &[("L036", 3, 12)]);
    let f = Fixture::base();
    f.write(
        "requests/dinas-b/2026-0002-ab.yaml",
        request_with("subdomain: beta", "subdomain: ab"),
    );
    f.check(&[]).expect(1, &[("L036", 3, 12)]);
}

fn change(subdomain: &str, agency: &str) -> String {
    format!(
        "layanan: subdomain-ubah
instansi: {agency}
subdomain: {subdomain}
surat: {{nomor: 003/2026, tanggal: 2026-11-10, penandatangan: Kepala, berkas: lampiran/surat.pdf}}
rekaman:
  - {{tipe: A, nilai: 103.28.12.20}}
"
    )
}

#[test]
fn l037_change_of_an_unregistered_name() {
    let f = Fixture::base();
    f.write(
        "requests/dinas-b/2026-0002-gamma.yaml",
        change("gamma", "dinas-b"),
    );
    f.check(&[]).expect(1, &[("L037", 3, 12)]);
}

#[test]
fn l038_change_of_another_agencys_name() {
    let f = Fixture::base();
    f.write(
        "requests/dinas-b/2026-0002-alpha.yaml",
        change("alpha", "dinas-b"),
    );
    let run = f.check(&[]);
    run.expect(1, &[("L038", 3, 12)]);
    assert_eq!(
        run.only().message,
        "the subdomain `alpha` belongs to dinas-a, not dinas-b"
    );
    let f = Fixture::base();
    f.write(
        "requests/dinas-a/2026-0002-alpha.yaml",
        change("alpha", "dinas-a"),
    );
    f.check(&[]).expect(0, &[]);
}

#[test]
fn l039_file_name_carries_another_subdomain() {
    let f = Fixture::base();
    f.write("requests/dinas-b/2026-0002-other.yaml", valid_request());
    f.check(&[]).expect(1, &[("L039", 3, 12)]);
}

// Records

fn with_records(records: &str) -> String {
    request_with("hosting: diskominfo\n", &format!("rekaman:\n{records}"))
}

#[test]
fn l040_record_type_not_allowed() {
    let run = Fixture::with_request(&with_records(
        "  - {tipe: CAA, nilai: '0 issue \"letsencrypt.org\"'}\n",
    ))
    .check(&[]);
    run.expect(1, &[("L040", 15, 12)]);
    assert_eq!(
        run.only().message,
        "record type CAA is not allowed; allowed: A, AAAA, CNAME, MX, TXT"
    );
}

#[test]
fn l041_address_of_the_wrong_family() {
    Fixture::with_request(&with_records("  - {tipe: A, nilai: 300.1.2.3}\n"))
        .check(&[])
        .expect(1, &[("L041", 15, 22)]);
    Fixture::with_request(&with_records("  - {tipe: AAAA, nilai: 103.28.12.10}\n"))
        .check(&[])
        .expect(1, &[("L041", 15, 25)]);
}

#[test]
fn l042_special_purpose_addresses() {
    let cases = [
        ("A", "10.1.2.3", "10.0.0.0/8"),
        ("A", "100.64.1.1", "100.64.0.0/10"),
        ("A", "127.0.0.1", "127.0.0.0/8"),
        ("A", "169.254.1.1", "169.254.0.0/16"),
        ("A", "192.0.2.7", "192.0.2.0/24"),
        ("A", "203.0.113.9", "203.0.113.0/24"),
        ("A", "224.0.0.1", "224.0.0.0/4"),
        ("AAAA", "\"::1\"", "::1/128"),
        ("AAAA", "\"fe80::1\"", "fe80::/10"),
        ("AAAA", "\"fd00::1\"", "fc00::/7"),
        ("AAAA", "\"2001:db8::1\"", "2001:db8::/32"),
    ];
    for (kind, value, range) in cases {
        let run = Fixture::with_request(&with_records(&format!(
            "  - {{tipe: {kind}, nilai: {value}}}\n"
        )))
        .check(&[]);
        let d = run.only();
        assert_eq!(d.code, "L042", "{value}");
        assert!(d.message.contains(range), "{value}: {}", d.message);
    }
}

#[test]
fn l043_cname_stands_alone() {
    let records = "  - {tipe: CNAME, nilai: b.github.io.}\n  - {tipe: A, nilai: 103.28.12.10}\n";
    Fixture::with_request(&with_records(records))
        .check(&[])
        .expect(1, &[("L043", 15, 5)]);
}

#[test]
fn l044_cname_target_denied_or_dangling() {
    Fixture::with_request(&with_records("  - {tipe: CNAME, nilai: x.ngrok.io}\n"))
        .check(&[])
        .expect(1, &[("L044", 15, 26)]);
    let run = Fixture::with_request(&with_records(
        "  - {tipe: CNAME, nilai: gone.contohkab.go.id.}\n",
    ))
    .check(&[]);
    run.expect(1, &[("L044", 15, 26)]);
    assert!(run.only().message.contains("dangling"));
    Fixture::with_request(&with_records(
        "  - {tipe: CNAME, nilai: alpha.contohkab.go.id.}\n",
    ))
    .check(&[])
    .expect(0, &[]);
}

#[test]
fn l045_mx_syntax() {
    Fixture::with_request(&with_records("  - {tipe: MX, nilai: mail.example.com}\n"))
        .check(&[])
        .expect(1, &[("L045", 15, 23)]);
}

#[test]
fn l046_txt_cannot_inject_zone_lines() {
    let injection = "  - {tipe: TXT, nilai: \"v=spf1 -all\\\"\\n$INCLUDE /etc/passwd\"}\n";
    let run = Fixture::with_request(&with_records(injection)).check(&[]);
    run.expect(1, &[("L046", 15, 24)]);
    assert!(run.only().message.contains("control characters"));
    let long = format!("  - {{tipe: TXT, nilai: \"{}\"}}\n", "x".repeat(3000));
    Fixture::with_request(&with_records(&long))
        .check(&[])
        .expect(1, &[("L046", 15, 24)]);
}

#[test]
fn l047_caa_syntax() {
    let f = Fixture::with_request(&with_records(
        "  - {tipe: CAA, nilai: 0 issue letsencrypt.org}\n",
    ));
    f.edit(
        "loket.yaml",
        "[A, AAAA, CNAME, MX, TXT]",
        "[A, AAAA, CNAME, MX, TXT, CAA]",
    );
    f.check(&[]).expect(1, &[("L047", 15, 24)]);
}

#[test]
fn l048_ttl_bounds() {
    let run = Fixture::with_request(&with_records(
        "  - {tipe: A, nilai: 103.28.12.10, ttl: 60}\n",
    ))
    .check(&[]);
    run.expect(1, &[("L048", 15, 41)]);
    assert_eq!(
        run.only().message,
        "TTL 60 is outside the policy's bounds 300–86400 seconds"
    );
}

#[test]
fn l049_hosting_and_records_fit_the_service() {
    Fixture::with_request(&request_with("hosting: diskominfo\n", ""))
        .check(&[])
        .expect(1, &[("L049", 1, 1)]);
    let both = request_with(
        "hosting: diskominfo\n",
        "hosting: diskominfo\nrekaman: [{tipe: A, nilai: 103.28.12.10}]\n",
    );
    Fixture::with_request(&both)
        .check(&[])
        .expect(1, &[("L049", 15, 11)]);
    let f = Fixture::base();
    let delete = "layanan: subdomain-hapus
instansi: dinas-a
subdomain: alpha
surat: {nomor: 004/2026, tanggal: 2026-11-10, penandatangan: Kepala, berkas: lampiran/surat.pdf}
hosting: diskominfo
";
    f.write("requests/dinas-a/2026-0002-alpha.yaml", delete);
    f.check(&[]).expect(1, &[("L049", 5, 10)]);
}

// Letter

#[test]
fn l050_blank_letter_number() {
    Fixture::with_request(&request_with("nomor: 002/B/2026", "nomor: \" \""))
        .check(&[])
        .expect(1, &[("L050", 6, 10)]);
}

#[test]
fn l051_letter_date_format() {
    let run = Fixture::with_request(&request_with("tanggal: 2026-11-02", "tanggal: 02-11-2026"))
        .check(&[]);
    run.expect(1, &[("L051", 7, 12)]);
    assert_eq!(
        run.only().message,
        "the letter date `02-11-2026` must read YYYY-MM-DD"
    );
}

#[test]
fn l052_letter_from_the_future() {
    let run = Fixture::with_request(&request_with("tanggal: 2026-11-02", "tanggal: 2026-11-24"))
        .check(&[]);
    run.expect(1, &[("L052", 7, 12)]);
    assert_eq!(
        run.only().message,
        "the letter date 2026-11-24 is in the future (today is 2026-11-23)"
    );
}

#[test]
fn l053_old_letters_count_only_in_the_pull_request() {
    let f = Fixture::with_request(&request_with("tanggal: 2026-11-02", "tanggal: 2026-08-01"));
    f.check(&[]).expect(0, &[]);
    let run = f.check(&["--changed", REQ]);
    run.expect(1, &[("L053", 7, 12)]);
    assert_eq!(
        run.only().message,
        "the letter dated 2026-08-01 is more than 90 days old; attach a new letter"
    );
}

#[test]
fn l054_blank_signer() {
    Fixture::with_request(&request_with(
        "penandatangan: Kepala Dinas B",
        "penandatangan: \"\"",
    ))
    .check(&[])
    .expect(1, &[("L054", 8, 18)]);
}

// Contact

#[test]
fn l060_malformed_email() {
    Fixture::with_request(&request_with(
        "web@b.contohkab.go.id",
        "web-at-b.contohkab.go.id",
    ))
    .check(&[])
    .expect(1, &[("L060", 12, 10)]);
}

#[test]
fn l061_email_off_the_official_domain() {
    let run = Fixture::with_request(&request_with("web@b.contohkab.go.id", "dinasb@gmail.com"))
        .check(&[]);
    run.expect(1, &[("L061", 12, 10)]);
    assert_eq!(
        run.only().message,
        "the contact email must be on the official domain b.contohkab.go.id, not gmail.com"
    );
}

#[test]
fn l062_phone_number() {
    Fixture::with_request(&request_with("\"0812 3456 7890\"", "\"+1 555 0100\""))
        .check(&[])
        .expect(1, &[("L062", 13, 12)]);
}

#[test]
fn l063_the_contact_email_must_be_a_registered_contact() {
    let f = Fixture::with_request(&request_with(
        "email: web@b.contohkab.go.id",
        "email: Kepala@b.contohkab.go.id",
    ));
    // A merged contact was judged when it was filed.
    f.check(&[]).expect(0, &[]);
    let run = f.check(&["--changed", REQ]);
    run.expect(1, &[("L063", 12, 10)]);
    assert_eq!(
        run.only().message,
        "the contact email is not a registered contact of dinas-b in loket.yaml; ask the officers to register it with `loket kontak` (notices go to registered contacts only)"
    );
    // Registered addresses match whatever their case.
    Fixture::with_request(&request_with(
        "email: web@b.contohkab.go.id",
        "email: Web@B.contohkab.go.id",
    ))
    .check(&["--changed", REQ])
    .expect(0, &[]);
}

#[test]
fn l064_the_contact_mobile_number_must_be_a_registered_contact() {
    let f = Fixture::with_request(&request_with(
        "telepon: \"0812 3456 7890\"",
        "telepon: \"0813 0000 1111\"",
    ));
    let run = f.check(&["--changed", REQ]);
    run.expect(1, &[("L064", 13, 12)]);
    assert_eq!(
        run.only().message,
        "the contact's mobile number is not a registered contact of dinas-b in loket.yaml; ask the officers to register it with `loket kontak` (notices go to registered contacts only)"
    );
    // The same number written another way is the registered one; a
    // landline is never messaged, so it need not be registered.
    for phone in ["+62 812-3456-7890", "(0511) 3350-1234"] {
        Fixture::with_request(&request_with(
            "telepon: \"0812 3456 7890\"",
            &format!("telepon: \"{phone}\""),
        ))
        .check(&["--changed", REQ])
        .expect(0, &[]);
    }
}

#[test]
fn l140_an_id_another_attributed_open_pull_request_uses() {
    let f = Fixture::with_request(&valid_request());
    let open = |number: u64, author: &str, file: &str| {
        serde_json::json!({"number": number, "author": author, "state": "open",
            "created_at": "2026-11-20T00:00:00Z", "files": [file]})
    };
    let snapshot = |others: Vec<serde_json::Value>| {
        let mut prs = vec![open(7, "op-b", REQ)];
        prs.extend(others);
        serde_json::json!({"version": 1, "repository": "contoh/loket",
            "fetched_at": "2026-11-23T00:00:00Z", "pull_requests": prs})
        .to_string()
    };
    let check = |f: &Fixture| {
        f.check(&[
            "--snapshot",
            &f.path("snapshot.json").to_string_lossy(),
            "--pr",
            "7",
        ])
    };
    // A stranger's pull request holds neither the number nor the name.
    f.write(
        "snapshot.json",
        snapshot(vec![
            open(8, "orang-asing", "requests/dinas-a/2026-0005-beta.yaml"),
            open(9, "orang-asing", "requests/dinas-b/2026-0002-lain.yaml"),
        ]),
    );
    check(&f).expect(0, &[]);
    f.write(
        "snapshot.json",
        snapshot(vec![open(
            9,
            "op-b",
            "requests/dinas-b/2026-0002-lain.yaml",
        )]),
    );
    let run = check(&f);
    run.expect(1, &[("L140", 1, 1)]);
    assert_eq!(
        run.only().message,
        "request id 2026-0002 is already used by pull request #9 (requests/dinas-b/2026-0002-lain.yaml); take the next unused number"
    );
}

// Attachments

#[test]
fn l070_attachment_outside_the_agency_directory() {
    let f = Fixture::with_request(&request_with(
        "berkas: lampiran/surat.pdf",
        "berkas: ../dinas-a/lampiran/surat.pdf",
    ));
    f.check(&[]).expect(1, &[("L070", 9, 11)]);
    let f = Fixture::with_request(&request_with(
        "berkas: lampiran/surat.pdf",
        "berkas: lampiran/link.pdf",
    ));
    std::os::unix::fs::symlink(
        "/etc/hostname",
        f.path("requests/dinas-b/lampiran/link.pdf"),
    )
    .expect("symlink");
    let d = f.check(&[]).only();
    assert_eq!(
        (d.code.as_str(), d.requirement.as_deref()),
        ("L070", Some("surat-permohonan"))
    );
}

#[test]
fn l071_attachment_missing() {
    let run = Fixture::with_request(&request_with(
        "lampiran/surat.pdf",
        "lampiran/tidak-ada.pdf",
    ))
    .check(&[]);
    run.expect(1, &[("L071", 9, 11)]);
    assert_eq!(run.only().requirement.as_deref(), Some("surat-permohonan"));
}

#[test]
fn l072_attachment_kind() {
    let f = Fixture::with_request(&request_with("lampiran/surat.pdf", "lampiran/surat.docx"));
    f.write("requests/dinas-b/lampiran/surat.docx", "PK");
    f.check(&[]).expect(1, &[("L072", 9, 11)]);
}

#[test]
fn l073_attachment_too_large() {
    let f = Fixture::with_request(&valid_request());
    let mut big = b"%PDF-1.4\n".to_vec();
    big.resize(2048 * 1024 + 1, b' ');
    f.write("requests/dinas-b/lampiran/surat.pdf", big);
    f.check(&[]).expect(1, &[("L073", 9, 11)]);
}

#[test]
fn l074_attachment_content_must_match_its_extension() {
    let f = Fixture::with_request(&valid_request());
    f.write(
        "requests/dinas-b/lampiran/surat.pdf",
        b"\x89PNG\r\n\x1a\nnot a pdf",
    );
    let run = f.check(&[]);
    run.expect(1, &[("L074", 9, 11)]);
    assert_eq!(
        run.only().message,
        "attachment `lampiran/surat.pdf` is not a PDF file (its leading bytes do not match)"
    );
}

// Requirements

#[test]
fn l080_required_requirement_missing() {
    let run = Fixture::with_request(&request_with("tujuan: Situs Dinas B\n", "")).check(&[]);
    run.expect(1, &[("L080", 1, 1)]);
    let d = run.only();
    assert_eq!(d.requirement.as_deref(), Some("deskripsi-tujuan"));
    assert_eq!(
        d.message,
        "requirement not met: Deskripsi tujuan (fill in `tujuan`)"
    );
    let blank = request_with("tujuan: Situs Dinas B", "tujuan: \"\"");
    Fixture::with_request(&blank)
        .check(&[])
        .expect(1, &[("L080", 4, 9)]);
}

#[test]
fn l081_links_must_be_https() {
    let text = format!(
        "{}tautan:\n  api: http://example.com/api\n",
        valid_request()
    );
    let run = Fixture::with_request(&text).check(&[]);
    run.expect(1, &[("L081", 16, 8)]);
    assert_eq!(run.only().requirement.as_deref(), Some("dokumentasi-api"));
}

#[test]
fn l082_unknown_service() {
    let run = Fixture::with_request(&request_with(
        "layanan: subdomain-baru",
        "layanan: subdomain-bru",
    ))
    .check(&[]);
    run.expect(1, &[("L082", 1, 10)]);
    assert_eq!(
        run.only().hint.as_deref(),
        Some("did you mean `subdomain-baru`?")
    );
}

#[test]
fn every_error_is_collected_not_only_the_first() {
    let text = valid_request()
        .replace("subdomain: beta", "subdomain: www")
        .replace("tanggal: 2026-11-02", "tanggal: 2030-01-01")
        .replace("web@b.contohkab.go.id", "x@gmail.com");
    let f = Fixture::base();
    f.write("requests/dinas-b/2026-0002-www.yaml", text);
    f.check(&[])
        .expect(1, &[("L034", 3, 12), ("L052", 7, 12), ("L061", 12, 10)]);
}
