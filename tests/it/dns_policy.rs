//! Issue 15, §1 and §3: limits that keep every name (and the zone)
//! loadable by a real `named`, and an address and name policy without
//! gaps. One failing case per rule with code, line and column; every hole
//! a regression test named after what it let through.

use std::fmt::Write as _;
use std::process::Command;

use crate::bind::{self, Named};
use crate::support::{Fixture, REQ, request_with, valid_request};

const ORIGIN: &str = "contohkab.go.id";

/// The valid request with `records` (YAML list items) instead of hosting;
/// the first record is on line 15.
fn with_records(records: &str) -> String {
    request_with("hosting: diskominfo\n", &format!("rekaman:\n{records}"))
}

/// `n` records, one per line, from `line(i)` for i in 0..n.
fn lines(n: usize, line: impl Fn(usize) -> String) -> String {
    (0..n).map(|i| format!("  - {}\n", line(i))).collect()
}

fn a(i: usize) -> String {
    format!("{{tipe: A, nilai: 103.147.{}.{}}}", i / 250, i % 250 + 1)
}

fn aaaa(i: usize) -> String {
    format!("{{tipe: AAAA, nilai: \"2404:8000:1024::{:x}\"}}", i + 1)
}

/// A TXT record of `len` ASCII bytes, distinct per `i`.
fn txt(i: usize, len: usize) -> String {
    let mut body = format!("{i:04}-");
    body.push_str(&"x".repeat(len));
    body.truncate(len);
    format!("{{tipe: TXT, nilai: \"{body}\"}}")
}

/// The valid request for `subdomain` as file `2026-<id>-<subdomain>.yaml`
/// of dinas-b, with `records`.
fn named_request(id: u32, subdomain: &str, records: &str) -> (String, String) {
    let path = format!("requests/dinas-b/2026-{id:04}-{subdomain}.yaml");
    let text = with_records(records).replace("subdomain: beta", &format!("subdomain: {subdomain}"));
    (path, text)
}

// §1 Limits of one name

#[test]
fn l121_a_hundred_and_one_a_records_no_longer_pass_the_check() {
    // BIND 9.18.28+ refuses the whole zone over them (max-records-per-type 100).
    let run = Fixture::with_request(&with_records(&lines(101, a))).check(&[]);
    run.expect(1, &[("L121", 25, 5), ("L120", 35, 5)]);
    let found = run.diagnostics();
    assert_eq!(
        found[0].message,
        "this name has 101 A records; at most 10 per type (dns.batas.rekaman_per_tipe)"
    );
    assert_eq!(
        found[1].message,
        "this name has 101 records; at most 20 per name (dns.batas.rekaman_per_nama)"
    );
}

#[test]
fn l120_more_records_at_one_name_than_the_limit() {
    let records = lines(10, a) + &lines(10, aaaa) + &lines(1, |i| txt(i, 10));
    Fixture::with_request(&with_records(&records))
        .check(&[])
        .expect(1, &[("L120", 35, 5)]);
    let records = lines(10, a) + &lines(10, aaaa);
    Fixture::with_request(&with_records(&records))
        .check(&[])
        .expect(0, &[]);
}

#[test]
fn l122_forty_txt_records_of_2000_bytes_no_longer_pass_the_check() {
    // named and named-checkzone both fail on them: "ran out of space".
    let run = Fixture::with_request(&with_records(&lines(40, |i| txt(i, 2000)))).check(&[]);
    run.expect(1, &[("L122", 17, 5), ("L121", 25, 5), ("L120", 35, 5)]);
    assert_eq!(
        run.diagnostics()[0].message,
        "the record data of this name is 80320 bytes; at most 4096 bytes per name (dns.batas.bita_per_nama)"
    );
}

#[test]
fn l122_record_data_of_one_name() {
    // 1,500 bytes of TXT are 1,506 on the wire (six length bytes): the
    // third reaches 4,518.
    let run = Fixture::with_request(&with_records(&lines(3, |i| txt(i, 1500)))).check(&[]);
    run.expect(1, &[("L122", 17, 5)]);
    assert!(
        run.only().message.contains("is 4518 bytes"),
        "{}",
        run.stdout
    );
    Fixture::with_request(&with_records(&lines(2, |i| txt(i, 2000))))
        .check(&[])
        .expect(0, &[]);
}

#[test]
fn limits_are_set_in_loket_yaml() {
    let f = Fixture::with_request(&with_records(&lines(3, a)));
    f.edit(
        "loket.yaml",
        "  cname_dilarang: [ngrok.io]\n",
        "  cname_dilarang: [ngrok.io]\n  batas: {rekaman_per_nama: 2, rekaman_per_tipe: 1, bita_per_nama: 8}\n",
    );
    f.check(&[])
        .expect(1, &[("L121", 16, 5), ("L120", 17, 5), ("L122", 17, 5)]);
}

#[test]
fn l123_the_zone_stops_at_its_data_limit() {
    // The fixture's zone holds 33 bytes of data before beta: its NS (21),
    // two base A records and alpha's hosted A record (4 each).
    let f = Fixture::with_request(&with_records(&lines(1, |i| txt(i, 60))));
    f.edit(
        "loket.yaml",
        "  cname_dilarang: [ngrok.io]\n",
        "  cname_dilarang: [ngrok.io]\n  batas: {bita_zona: 94}\n",
    );
    f.check(&[]).expect(0, &[]);
    f.edit("loket.yaml", "bita_zona: 94", "bita_zona: 93");
    let run = f.check(&[]);
    run.expect(1, &[("L123", 15, 5)]);
    assert_eq!(
        run.only().message,
        "with this request the zone's record data becomes 94 bytes; at most 93 bytes (dns.batas.bita_zona)"
    );
    let zone = f.run(&["dns", "zone", "--out", &f.path("zone.db").to_string_lossy()]);
    assert_eq!(zone.code, 1, "{}", zone.stderr);
    assert!(!f.path("zone.db").exists());
}

#[test]
fn l123_a_rename_that_keeps_the_zone_size_is_not_growth() {
    // The fixture's zone is 33 bytes with alpha; a cap of 33 holds it.
    let f = Fixture::base();
    f.edit(
        "loket.yaml",
        "  cname_dilarang: [ngrok.io]\n",
        "  cname_dilarang: [ngrok.io]\n  batas: {bita_zona: 33}\n",
    );
    let rename = "layanan: subdomain-ubah
instansi: dinas-a
subdomain: alpha
subdomain_baru: alpha-baru
surat: {nomor: 003/2026, tanggal: 2026-11-10, penandatangan: Kepala, berkas: lampiran/surat.pdf}
";
    f.write("requests/dinas-a/2026-0002-alpha.yaml", rename);
    f.check(&[]).expect(0, &[]);
    // Over a lower cap the name that passed it is refused, not the rename.
    f.edit("loket.yaml", "bita_zona: 33", "bita_zona: 32");
    let run = f.check(&[]);
    let found: Vec<_> = run
        .diagnostics()
        .into_iter()
        .map(|d| (d.path, d.code))
        .collect();
    assert_eq!(
        found,
        vec![(
            "requests/dinas-a/2026-0001-alpha.yaml".to_string(),
            "L123".to_string()
        )]
    );
    f.edit("loket.yaml", "bita_zona: 32", "bita_zona: 33");
    // A change that adds data does grow it.
    let grow = rename.replace(
        "subdomain_baru: alpha-baru\n",
        "rekaman:\n  - {tipe: AAAA, nilai: \"2404:8000:1024::20\"}\n",
    );
    f.write("requests/dinas-a/2026-0002-alpha.yaml", grow);
    f.check(&[]).expect(1, &[("L123", 5, 5)]);
}

#[test]
fn l124_limits_above_what_name_servers_load_are_configuration_errors() {
    let f = Fixture::with_request(&valid_request());
    f.edit(
        "loket.yaml",
        "  cname_dilarang: [ngrok.io]\n",
        "  cname_dilarang: [ngrok.io]\n  batas: {rekaman_per_tipe: 101, bita_per_nama: 40000}\n",
    );
    let run = f.check(&[]);
    run.expect(2, &[("L124", 23, 29), ("L124", 23, 49)]);
    let found = run.diagnostics();
    assert!(
        found[0]
            .message
            .starts_with("`dns.batas.rekaman_per_tipe` 101 is above 100: BIND 9.18.28+"),
        "{}",
        found[0].message
    );
    assert!(
        found[1].message.contains("65,535 bytes"),
        "{}",
        found[1].message
    );
}

#[test]
fn the_institutions_own_records_keep_the_limits_too() {
    let f = Fixture::with_request(&valid_request());
    let hosted: Vec<String> = (1..=11)
        .map(|i| format!("{{tipe: A, nilai: 103.28.12.{i}}}"))
        .collect();
    f.edit(
        "loket.yaml",
        "hosting_diskominfo: [{tipe: A, nilai: 103.28.12.10}]",
        &format!("hosting_diskominfo: [{}]", hosted.join(", ")),
    );
    let base: String = (1..=11)
        .map(|i| format!("    - {{nama: ns1, tipe: A, nilai: 103.28.13.{i}}}\n"))
        .collect();
    f.edit(
        "loket.yaml",
        "    - {nama: ns1, tipe: A, nilai: 103.28.12.2}\n",
        &base,
    );
    // The eleventh hosted record (column of its `{`), the eleventh ns1 record.
    let line = "  hosting_diskominfo: [";
    let eleventh = line.len() + hosted[..10].iter().map(|h| h.len() + 2).sum::<usize>() + 1;
    f.check(&[])
        .expect(2, &[("L121", 21, eleventh as u64), ("L121", 36, 7)]);
}

// §3 Addresses: every refused block with its source

/// One AAAA or A value, the block that refuses it and the source named.
const REFUSED: &[(&str, &str, &str, &str)] = &[
    ("AAAA", "3fff::1", "3fff::/20", "RFC 9637"),
    ("AAAA", "3fff:fff:ffff::1", "3fff::/20", "RFC 9637"),
    ("AAAA", "fec0::1", "fec0::/10", "RFC 3879"),
    ("AAAA", "64:ff9b::a00:1", "64:ff9b::/96", "RFC 6052"),
    ("AAAA", "64:ff9b::671c:c0a", "64:ff9b::/96", "RFC 6052"),
    ("AAAA", "64:ff9b:1::1", "64:ff9b:1::/48", "RFC 8215"),
    ("AAAA", "::ffff:10.0.0.1", "::ffff:0:0/96", "RFC 4291"),
    ("AAAA", "::ffff:103.28.12.10", "::ffff:0:0/96", "RFC 4291"),
    ("AAAA", "::10.0.0.1", "::/96", "RFC 4291 §2.5.5.1"),
    ("AAAA", "::103.28.12.10", "::/96", "RFC 4291 §2.5.5.1"),
    (
        "AAAA",
        "2001:0:4136:e378:8000:63bf:f5ff:fffe",
        "2001::/32",
        "RFC 4380",
    ),
    ("AAAA", "5f00::1", "5f00::/16", "RFC 9602"),
    ("AAAA", "100:0:0:1::1", "100:0:0:1::/64", "RFC 9780"),
    ("AAAA", "2001:30::1", "2001:30::/28", "RFC 9374"),
    ("AAAA", "2620:4f:8000::1", "2620:4f:8000::/48", "RFC 7534"),
    ("AAAA", "4000::1", "4000::/3", "RFC 4291"),
    ("A", "192.31.196.1", "192.31.196.0/24", "RFC 7535"),
    ("A", "192.52.193.1", "192.52.193.0/24", "RFC 7450"),
    ("A", "192.175.48.1", "192.175.48.0/24", "RFC 7534"),
    ("A", "192.0.0.170", "192.0.0.170/32", "RFC 8880"),
];

#[test]
fn l042_documentation_deprecated_translation_embedded_and_reserved_ipv6_are_refused() {
    let mut failures = Vec::new();
    for (kind, value, block, source) in REFUSED {
        let line = format!("  - {{tipe: {kind}, nilai: \"{value}\"}}\n");
        let run = Fixture::with_request(&with_records(&line)).check(&[]);
        let column = if *kind == "A" { 22 } else { 25 };
        let want = vec![("L042".to_string(), 15, column)];
        let message = run.diagnostics().first().map(|d| d.message.clone());
        let says = format!("range {block} (");
        if run.found() != want
            || run.code != 1
            || !message
                .as_deref()
                .is_some_and(|m| m.contains(&says) && m.contains(source))
        {
            failures.push(format!("{kind} {value}: {:?} {message:?}", run.found()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn l042_a_6to4_address_is_judged_by_the_ipv4_address_inside_it() {
    let run = Fixture::with_request(&with_records(
        "  - {tipe: AAAA, nilai: \"2002:a00:1::1\"}\n",
    ))
    .check(&[]);
    run.expect(1, &[("L042", 15, 25)]);
    assert_eq!(
        run.only().message,
        "address 2002:a00:1::1 (6to4 → 10.0.0.1) is in the special-purpose range 10.0.0.0/8 (Private-Use, RFC 1918); use a public address"
    );
    for carried in ["2002:7f00:1::1", "2002:c000:201::1", "2002:a9fe:101::"] {
        let line = format!("  - {{tipe: AAAA, nilai: \"{carried}\"}}\n");
        Fixture::with_request(&with_records(&line))
            .check(&[])
            .expect(1, &[("L042", 15, 25)]);
    }
    // 6to4 of 103.28.12.10, and a global unicast address: accepted.
    let ok = "  - {tipe: AAAA, nilai: \"2002:671c:c0a::1\"}\n  - {tipe: AAAA, nilai: \"2404:8000:1024::20\"}\n";
    Fixture::with_request(&with_records(ok))
        .check(&[])
        .expect(0, &[]);
}

// §3 Names: CNAME and MX targets

#[test]
fn l125_localhost_as_cname_or_mx_target() {
    let run =
        Fixture::with_request(&with_records("  - {tipe: CNAME, nilai: localhost.}\n")).check(&[]);
    run.expect(1, &[("L125", 15, 26)]);
    assert_eq!(
        run.only().message,
        "CNAME target `localhost.` is not allowed: special-use domain name `localhost` (RFC 6761 §6.3)"
    );
    Fixture::with_request(&with_records("  - {tipe: CNAME, nilai: app.Localhost}\n"))
        .check(&[])
        .expect(1, &[("L125", 15, 26)]);
    Fixture::with_request(&with_records("  - {tipe: MX, nilai: 10 localhost.}\n"))
        .check(&[])
        .expect(1, &[("L125", 15, 23)]);
    Fixture::with_request(&with_records(
        "  - {tipe: MX, nilai: 10 mx.dev.localhost}\n",
    ))
    .check(&[])
    .expect(1, &[("L125", 15, 23)]);
    // ipv4only.arpa answers with 192.0.0.170 and .171 (RFC 8880).
    Fixture::with_request(&with_records("  - {tipe: CNAME, nilai: ipv4only.arpa.}\n"))
        .check(&[])
        .expect(1, &[("L125", 15, 26)]);
}

#[test]
fn l125_names_under_wildcard_ip_services() {
    for target in [
        "10.0.0.1.nip.io.",
        "127-0-0-1.sslip.io",
        "app.10.0.0.1.xip.io",
        "192-168-1-1.traefik.me",
        "admin.localtest.me",
        "lvh.me",
    ] {
        let line = format!("  - {{tipe: CNAME, nilai: {target}}}\n");
        let run = Fixture::with_request(&with_records(&line)).check(&[]);
        run.expect(1, &[("L125", 15, 26)]);
        assert!(
            run.only().message.contains("wildcard-IP service"),
            "{target}"
        );
    }
    let run = Fixture::with_request(&with_records(
        "  - {tipe: MX, nilai: 10 mail.10.0.0.1.nip.io.}\n",
    ))
    .check(&[]);
    run.expect(1, &[("L125", 15, 23)]);
    assert_eq!(
        run.only().message,
        "MX target `mail.10.0.0.1.nip.io.` is not allowed: under the wildcard-IP service (any name becomes the address it spells) `nip.io` (dns.layanan_ip_wildcard)"
    );
    // Not a suffix match on the label: `anip.io` is another domain.
    Fixture::with_request(&with_records("  - {tipe: CNAME, nilai: www.anip.io.}\n"))
        .check(&[])
        .expect(0, &[]);
}

#[test]
fn the_wildcard_ip_list_is_configurable() {
    let f = Fixture::with_request(&with_records(
        "  - {tipe: CNAME, nilai: 10.0.0.1.nip.io.}\n",
    ));
    f.edit(
        "loket.yaml",
        "  cname_dilarang: [ngrok.io]\n",
        "  cname_dilarang: [ngrok.io]\n  layanan_ip_wildcard: [ip.contoh.id]\n",
    );
    f.check(&[]).expect(0, &[]);
    f.write(
        REQ,
        with_records("  - {tipe: CNAME, nilai: 10-0-0-1.ip.contoh.id.}\n"),
    );
    f.check(&[]).expect(1, &[("L125", 15, 26)]);
    f.edit("loket.yaml", "[ip.contoh.id]", "[\"bad domain\"]");
    f.check(&[]).expect(2, &[("L096", 23, 25)]);
}

// §3 Names: look-alikes and IDN

#[test]
fn l126_a_name_whose_skeleton_is_another_agencys_name() {
    // dinas-a holds `alpha`; `a1pha` reads the same (UTS #39: 1 → l).
    let run =
        Fixture::with_request(&request_with("subdomain: beta", "subdomain: a1pha")).check(&[]);
    let found: Vec<_> = run
        .found()
        .into_iter()
        .filter(|(c, _, _)| c != "L039")
        .collect();
    assert_eq!(found, vec![("L126".to_string(), 3, 12)], "{}", run.stdout);
    let d = run
        .diagnostics()
        .into_iter()
        .find(|d| d.code == "L126")
        .unwrap();
    assert_eq!(
        d.message,
        "the name `a1pha` looks like `alpha`, held by dinas-a: both have the UTS #39 skeleton `alpha`; choose another name"
    );
}

#[test]
fn l126_a_punycode_name_that_decodes_to_another_agencys_name() {
    // `xn--lpha-43d` is `аlpha` with a Cyrillic а.
    let f = Fixture::base();
    let (path, text) = named_request(2, "xn--lpha-43d", "  - {tipe: A, nilai: 103.28.12.20}\n");
    f.write(&path, text);
    f.edit(
        "loket.yaml",
        "kata_terlarang: [judi, slot]}",
        "kata_terlarang: [judi, slot], idn_diizinkan: true}",
    );
    let run = f.check(&[]);
    run.expect(1, &[("L126", 3, 12)]);
    assert!(
        run.only()
            .message
            .contains("`xn--lpha-43d` (аlpha) looks like `alpha`"),
        "{}",
        run.only().message
    );
}

#[test]
fn l126_look_alikes_of_the_institutions_own_names_and_same_agency_names() {
    // `rnail` and `mail` (reserved) share the skeleton `rnail`.
    let f = Fixture::base();
    let (path, text) = named_request(2, "rnail", "  - {tipe: A, nilai: 103.28.12.20}\n");
    f.write(&path, text);
    let run = f.check(&[]);
    run.expect(1, &[("L126", 3, 12)]);
    assert!(
        run.only().message.contains("held by Diskominfo"),
        "{}",
        run.stdout
    );
    // An agency may hold two names that look alike: no one is misled.
    let f = Fixture::base();
    let text = request_with("subdomain: beta", "subdomain: a1pha")
        .replace("dinas-b", "dinas-a")
        .replace("web@b.", "web@a.");
    f.write("requests/dinas-a/2026-0002-a1pha.yaml", text);
    f.check(&[]).expect(0, &[]);
}

#[test]
fn l036_idn_names_wait_for_the_instance_to_allow_them() {
    let f = Fixture::base();
    let (path, text) = named_request(2, "xn--mnchen-3ya", "  - {tipe: A, nilai: 103.28.12.20}\n");
    f.write(&path, text);
    let run = f.check(&[]);
    run.expect(1, &[("L036", 3, 12)]);
    assert_eq!(
        run.only().message,
        "the name `xn--mnchen-3ya` breaks the naming policy: IDN (xn--) names are not allowed (dns.penamaan.idn_diizinkan)"
    );
    f.edit(
        "loket.yaml",
        "kata_terlarang: [judi, slot]}",
        "kata_terlarang: [judi, slot], idn_diizinkan: true}",
    );
    f.check(&[]).expect(0, &[]);
}

// §1 With the real server

/// `dig @127.0.0.1 -p PORT ARGS +short`: one line per record.
fn dig(named: &Named, args: &[&str]) -> Vec<String> {
    let out = Command::new(bind::tool("dig"))
        .arg("@127.0.0.1")
        .args(["-p", &named.port.to_string()])
        .args(["+norec", "+time=10", "+tries=1", "+short"])
        .args(args)
        .output()
        .expect("run dig");
    assert!(
        out.status.success(),
        "dig {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with(';'))
        .map(str::to_string)
        .collect()
}

/// The largest request the default limits allow: 10 AAAA and 10 TXT
/// records (20 at the name, 10 per type) holding 4,090 bytes of data
/// (16 per AAAA; 391 bytes of text in two strings, 393 per TXT).
fn worst_records(n: usize) -> String {
    lines(10, |i| {
        format!("{{tipe: AAAA, nilai: \"2404:8000:{n:x}::{:x}\"}}", i + 1)
    }) + &lines(10, |i| txt(n * 10 + i, 391))
}

#[test]
fn the_worst_zone_the_default_limits_allow_loads_in_named_and_answers() {
    let f = Fixture::base();
    // 33 bytes before the requests; each worst name adds 4,090; the
    // default cap of 4 MiB (4,194,304 bytes) leaves room for 1,025.
    let names = (4_194_304 - 33) / 4_090;
    assert_eq!(names, 1_025);
    for n in 0..names {
        let (path, text) = named_request(n as u32 + 2, &format!("situs{n}"), &worst_records(n));
        f.write(&path, text);
    }
    let run = f.check(&[]);
    assert_eq!((run.code, run.found()), (0, vec![]), "{}", run.stderr);

    let file = f.path("zone.db");
    let zone = f.run(&[
        "dns",
        "zone",
        "--today",
        "2026-11-23",
        "--out",
        &file.to_string_lossy(),
    ]);
    assert_eq!(zone.code, 0, "{}", zone.stderr);
    let text = std::fs::read_to_string(&file).expect("zone");
    bind::check_zone(ORIGIN, &file);
    let named = Named::start(ORIGIN, &text);
    let log = named.log();
    assert!(
        log.contains("zone contohkab.go.id/IN: loaded serial 2026112301"),
        "{log}"
    );
    for n in [0, names / 2, names - 1] {
        let name = format!("situs{n}.{ORIGIN}");
        // Over UDP the answer is truncated and dig retries over TCP.
        let txt = dig(&named, &["TXT", &name]);
        assert_eq!(txt.len(), 10, "{name} TXT: {txt:?}");
        assert!(txt.iter().all(|t| t.len() == 391 + 4 + 1), "{txt:?}");
        assert_eq!(
            dig(&named, &["+tcp", "AAAA", &name]).len(),
            10,
            "{name} AAAA"
        );
        assert_eq!(dig(&named, &["+tcp", "ANY", &name]).len(), 20, "{name} ANY");
    }
    // The whole zone, as a secondary would take it.
    let axfr = dig(&named, &["+tcp", "AXFR", ORIGIN]);
    let expected = 2 + 1 + 2 + 1 + names * 20; // SOA twice, NS, base A ×2, alpha
    assert_eq!(axfr.len(), expected, "{}", named.log());

    // One more such name and the zone would pass its cap: refused at its
    // first record.
    let (path, text) = named_request(names as u32 + 2, "tambahan", &worst_records(names));
    f.write(&path, text);
    let run = f.check(&[]);
    let found: Vec<_> = run
        .diagnostics()
        .into_iter()
        .filter(|d| d.path == path)
        .collect();
    assert_eq!(
        found
            .iter()
            .map(|d| (d.code.as_str(), d.line, d.column))
            .collect::<Vec<_>>(),
        vec![("L123", 15, 5)],
        "{}",
        run.stdout
    );
    assert_eq!(run.code, 1);
}

/// A zone file holding `records` as written by hand (loket refuses them),
/// after the fixture's SOA and NS.
fn raw_zone(records: &str) -> String {
    let mut text = format!(
        "$ORIGIN {ORIGIN}.\n$TTL 3600\n@ IN SOA ns1.{ORIGIN}. hostmaster.{ORIGIN}. 1 3600 900 1209600 300\n@ IN NS ns1.{ORIGIN}.\nns1 IN A 103.28.12.2\n"
    );
    text.push_str(records);
    text
}

#[test]
fn what_the_limits_prevent_named_refuses_the_whole_zone() {
    // 101 A records at one name: named-checkzone accepts, named does not.
    let mut records = String::new();
    for i in 0..101 {
        let _ = writeln!(records, "beta IN A 103.147.0.{}", i + 1);
    }
    records.push_str("gamma IN A 103.147.1.1\n");
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("zone.db");
    std::fs::write(&file, raw_zone(&records)).expect("zone");
    bind::check_zone(ORIGIN, &file);
    let named = Named::start(ORIGIN, &raw_zone(&records));
    let log = named.log();
    assert!(log.contains("too many records"), "{log}");
    assert!(log.contains("not loaded due to errors"), "{log}");
    // Every name of the institution is dark, not only beta.
    assert!(dig(&named, &["A", &format!("gamma.{ORIGIN}")]).is_empty());

    // 40 TXT records of 2,000 bytes: even named-checkzone fails.
    let mut records = String::new();
    for i in 0..40 {
        let strings: Vec<String> = (0..8).map(|s| format!("\"{:0250}\"", i * 8 + s)).collect();
        let _ = writeln!(records, "beta IN TXT {}", strings.join(" "));
    }
    std::fs::write(&file, raw_zone(&records)).expect("zone");
    let out = Command::new(bind::tool("named-checkzone"))
        .arg(ORIGIN)
        .arg(&file)
        .output()
        .expect("named-checkzone");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(said.contains("ran out of space"), "{said}");
}

#[test]
fn the_root_instance_and_every_preset_state_the_defaults() {
    use loket::model::config::{Limits, WILDCARD_IP_DEFAULTS};
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in [
        ".",
        "presets/sulut",
        "presets/pekalongan",
        "presets/tapin",
        "presets/kalbar",
        "presets/kudus",
    ] {
        let instance = loket::input::load::load(&repo.join(dir)).expect("load");
        let dns = &instance.config.as_ref().expect("config").dns;
        assert!(
            dns.limits.is_some() && dns.wildcard_ip.is_some(),
            "{dir} states them"
        );
        assert_eq!(dns.limits(), Limits::DEFAULT, "{dir}");
        assert_eq!(dns.wildcard_ip(), WILDCARD_IP_DEFAULTS, "{dir}");
        assert!(!dns.idn_allowed(), "{dir}");
    }
}
