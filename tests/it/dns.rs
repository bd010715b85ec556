//! `loket dns` and `loket audit` against BIND's own tools and a real
//! `named` on 127.0.0.1; every bad input of issue 4 refused by `loket check`.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

use loket::dns::Zone;
use loket::validate::registry;

use crate::bind::{self, Named};
use crate::powerdns::PowerDns;
use crate::support::{Fixture, REQ, request_with, valid_request};

const ORIGIN: &str = "contohkab.go.id";

/// The zone the library builds for the instance at `root` (serial 1).
fn model(root: &Path) -> Zone {
    let instance = loket::input::load::load(root).expect("load");
    let config = instance.config.as_ref().expect("config");
    let wanted = loket::validate::contested(&instance);
    let order = loket::review::history::merge_order(root, "HEAD", &wanted).expect("merge order");
    let fold = registry::registrations(&instance, &order);
    Zone::build(config, fold.registrations.values(), 1).expect("zone")
}

/// `loket dns zone --out zone.db` in the fixture; asserts success.
#[track_caller]
fn write_zone(f: &Fixture) -> std::path::PathBuf {
    let out = f.path("zone.db");
    let run = f.run(&[
        "dns",
        "zone",
        "--today",
        "2026-11-23",
        "--out",
        &out.to_string_lossy(),
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    out
}

/// Writes the zone, has BIND check it and read it back, and compares what
/// BIND read with the model's records.
#[track_caller]
fn assert_round_trip(f: &Fixture, origin: &str) {
    let file = write_zone(f);
    bind::check_zone(origin, &file);
    let back = bind::read_back(origin, &file);
    let model = bind::model_records(&model(f.root()));
    assert!(!model.is_empty());
    assert_eq!(
        back, model,
        "BIND read back other records than the model holds"
    );
}

fn records_request(subdomain: &str, id: u32, records: &str) -> (String, String) {
    let path = format!("requests/dinas-b/2026-{id:04}-{subdomain}.yaml");
    let text = request_with("subdomain: beta", &format!("subdomain: {subdomain}"))
        .replace("hosting: diskominfo\n", &format!("rekaman:\n{records}"));
    (path, text)
}

#[test]
fn the_fixture_zone_passes_named_checkzone_and_reads_back_exactly() {
    let f = Fixture::with_request(&valid_request());
    assert_round_trip(&f, ORIGIN);
    let text = f.read("zone.db");
    assert!(
        text.contains("$ORIGIN contohkab.go.id.\n$TTL 3600\n"),
        "{text}"
    );
    assert!(
        text.contains("; beta: dinas-b, permohonan 2026-0002\nbeta 3600 IN A 103.28.12.10\n"),
        "{text}"
    );
}

#[test]
fn hostile_txt_values_idn_and_longest_names_read_back_exactly() {
    let f = Fixture::base();
    f.edit(
        "loket.yaml",
        "[A, AAAA, CNAME, MX, TXT]",
        "[A, AAAA, CNAME, MX, TXT, CAA]",
    );
    f.edit(
        "loket.yaml",
        "kata_terlarang: [judi, slot]}",
        "kata_terlarang: [judi, slot], idn_diizinkan: true}",
    );
    let long_txt = "k=rsa; p=".to_string() + &"MIIBIjANBgkqhkiG9w0BAQEFAAOC".repeat(70);
    assert!(long_txt.len() > 1500 && long_txt.len() <= 2048);
    let hostile = [
        "v=DKIM1; k=rsa; p=abc ; not a comment",
        "( parentheses ) @ origin $ dollar",
        "Selamat datang di Tapin: 'situs resmi' & <b>tidak</b> {judi}",
        "trailing space ",
        &long_txt,
    ];
    let mut records = String::new();
    for t in hostile {
        let _ = writeln!(
            records,
            "  - {{tipe: TXT, nilai: {}}}",
            serde_json::to_string(t).unwrap()
        );
    }
    records.push_str("  - {tipe: CAA, nilai: '0 issue \"letsencrypt.org; account=1\"'}\n");
    records.push_str("  - {tipe: MX, nilai: 10 mail.contohkab.go.id.}\n");
    records.push_str("  - {tipe: AAAA, nilai: '2404:8000:1024::20'}\n");
    let (path, text) = records_request("teks", 2, &records);
    f.write(&path, text);
    let longest = "a".repeat(63);
    let (path, text) = records_request(&longest, 3, "  - {tipe: A, nilai: 103.28.12.11}\n");
    f.write(&path, text);
    let (path, text) = records_request("xn--mnchen-3ya", 4, "  - {tipe: A, nilai: 103.28.12.12}\n");
    f.write(&path, text);
    f.check(&[]).expect(0, &[]);
    assert_round_trip(&f, ORIGIN);
    let zone = f.read("zone.db");
    let txt_line = zone
        .lines()
        .find(|l| l.contains("rsa; p=MIIB"))
        .expect("long TXT");
    assert!(
        txt_line.matches("\" \"").count() >= 6,
        "split into ≤255-byte strings: {txt_line}"
    );
}

/// A domain of `len` characters (at least 71) under `go.id`.
fn long_domain(len: usize) -> String {
    let domain = format!(
        "{}.{}.{}.go.id",
        "x".repeat(61),
        "y".repeat(61),
        "z".repeat(len - 130)
    );
    assert_eq!(domain.len(), len);
    domain
}

#[test]
fn a_name_of_253_characters_reads_back_exactly() {
    // 63 + 1 + 189 = 253: the longest name DNS allows.
    let domain = long_domain(189);
    let f = Fixture::base();
    f.edit(
        "loket.yaml",
        "domain: contohkab.go.id",
        &format!("domain: {domain}"),
    );
    let label = "b".repeat(63);
    let (path, text) = records_request(&label, 2, "  - {tipe: A, nilai: 103.28.12.11}\n");
    f.write(&path, text);
    f.check(&[]).expect(0, &[]);
    assert_round_trip(&f, &domain);
    assert!(f.read("zone.db").contains(&format!("{label} 3600 IN A")));
}

#[test]
fn two_thousand_registrations_read_back_exactly() {
    let f = Fixture::base();
    for n in 2..2002u32 {
        let records = if n % 2 == 0 {
            "hosting: diskominfo\n".to_string()
        } else {
            format!(
                "rekaman:\n  - {{tipe: A, nilai: 103.147.{}.{}}}\n  - {{tipe: TXT, nilai: \"situs {n}\"}}\n  - {{tipe: MX, nilai: 10 mail.contohkab.go.id.}}\n",
                n / 250,
                n % 250 + 1
            )
        };
        let text = request_with("subdomain: beta", &format!("subdomain: situs{n}"))
            .replace("hosting: diskominfo\n", &records);
        f.write(&format!("requests/dinas-b/2026-{n:04}-situs{n}.yaml"), text);
    }
    assert_round_trip(&f, ORIGIN);
    assert_eq!(model(f.root()).entries.len(), 2001);
}

#[test]
fn the_serial_grows_past_the_previous_zone_and_stays_when_nothing_changed() {
    let f = Fixture::with_request(&valid_request());
    let out = write_zone(&f);
    let serial = |f: &Fixture| loket::dns::zone::read_serial(&f.read("zone.db"));
    assert_eq!(serial(&f), Some(2026112301));
    write_zone(&f);
    assert_eq!(
        serial(&f),
        Some(2026112301),
        "unchanged zone, unchanged serial"
    );
    f.edit(
        REQ,
        "hosting: diskominfo",
        "rekaman: [{tipe: A, nilai: 103.28.12.99}]",
    );
    write_zone(&f);
    assert_eq!(serial(&f), Some(2026112302));
    f.write("old.db", "@ IN SOA a. b. 2031010107 1 2 3 4\n");
    let run = f.run(&[
        "dns",
        "zone",
        "--today",
        "2026-11-23",
        "--previous",
        &f.path("old.db").to_string_lossy(),
    ]);
    assert_eq!(loket::dns::zone::read_serial(&run.stdout), Some(2031010108));
    let _ = out;
}

#[test]
fn the_zone_is_not_written_while_a_request_is_invalid() {
    let f = Fixture::with_request(&request_with(
        "hosting: diskominfo",
        "rekaman: [{tipe: A, nilai: 10.0.0.1}]",
    ));
    let run = f.run(&["dns", "zone", "--out", &f.path("zone.db").to_string_lossy()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("L042"), "{}", run.stderr);
    assert!(!f.path("zone.db").exists());
}

/// One bad input: the request text, the expected code, and where (line,
/// and the text the column points at on that line).
struct Bad {
    what: &'static str,
    text: String,
    code: &'static str,
    line: u64,
    at: String,
}

fn bad_name(what: &'static str, yaml: &str, code: &'static str) -> Bad {
    Bad {
        what,
        text: request_with("subdomain: beta", &format!("subdomain: {yaml}")),
        code,
        line: 3,
        at: yaml.to_string(),
    }
}

fn bad_records(what: &'static str, lines: &[&str], code: &'static str, at: &str) -> Bad {
    let records: String = lines.iter().map(|l| format!("  - {l}\n")).collect();
    let text = request_with("hosting: diskominfo\n", &format!("rekaman:\n{records}"));
    let line = text
        .lines()
        .position(|l| l.contains(at))
        .expect("the marker is in the request") as u64
        + 1;
    Bad {
        what,
        text,
        code,
        line,
        at: at.to_string(),
    }
}

#[test]
fn every_bad_input_is_refused_with_its_code_and_position_and_never_reaches_a_zone() {
    let a = |what, ip: &str| bad_records(what, &[&format!("{{tipe: A, nilai: {ip}}}")], "L042", ip);
    let aaaa = |what, ip: &str| {
        let quoted = format!("\"{ip}\"");
        bad_records(
            what,
            &[&format!("{{tipe: AAAA, nilai: {quoted}}}")],
            "L042",
            &quoted,
        )
    };
    let txt = |what, yaml: &str| {
        bad_records(
            what,
            &[&format!("{{tipe: TXT, nilai: {yaml}}}")],
            "L046",
            yaml,
        )
    };
    let ten_kb = format!("\"{}\"", "x".repeat(10 * 1024));
    let cases = vec![
        bad_name("empty name", "\"\"", "L030"),
        bad_name("64-character label", &"a".repeat(64), "L030"),
        bad_name("leading hyphen", "-beta", "L030"),
        bad_name("trailing hyphen", "beta-", "L030"),
        bad_name("underscore", "be_ta", "L030"),
        bad_name("upper case", "Beta", "L031"),
        bad_name("Unicode confusable (Cyrillic е)", "bеta", "L033"),
        bad_name("wildcard", "\"*\"", "L030"),
        bad_name("at sign", "\"@\"", "L030"),
        bad_name("empty labels", "\"..\"", "L030"),
        a("A private", "10.0.0.1"),
        a("A CGNAT", "100.64.0.1"),
        a("A loopback", "127.0.0.1"),
        a("A link-local", "169.254.1.1"),
        a("A multicast", "224.0.0.1"),
        a("A documentation", "192.0.2.1"),
        a("A this-network", "0.0.0.0"),
        aaaa("AAAA loopback", "::1"),
        aaaa("AAAA link-local", "fe80::"),
        aaaa("AAAA unique-local", "fc00::"),
        aaaa("AAAA documentation", "2001:db8::"),
        bad_records(
            "CNAME beside another record",
            &[
                "{tipe: CNAME, nilai: situs.example.com.}",
                "{tipe: A, nilai: 103.28.12.10}",
            ],
            "L043",
            "{tipe: CNAME",
        ),
        bad_records(
            "CNAME to the apex",
            &["{tipe: CNAME, nilai: contohkab.go.id.}"],
            "L044",
            "contohkab.go.id.",
        ),
        bad_records(
            "CNAME to itself",
            &["{tipe: CNAME, nilai: beta.contohkab.go.id.}"],
            "L044",
            "beta.contohkab",
        ),
        bad_records(
            "MX without priority",
            &["{tipe: MX, nilai: mail.example.com.}"],
            "L045",
            "mail.example",
        ),
        txt("TXT with quotes", "'say \"hi\"'"),
        txt("TXT with a backslash", "'a\\b'"),
        txt("TXT with a newline", "\"a\\nb\""),
        txt("TXT with $INCLUDE", "'$INCLUDE /etc/passwd'"),
        txt("TXT of 10 KB", &ten_kb),
        txt("TXT not ASCII", "\"Selamat datang — ñ\""),
        bad_records(
            "TTL 0",
            &["{tipe: A, nilai: 103.28.12.10, ttl: 0}"],
            "L048",
            "0}",
        ),
        bad_records(
            "TTL 10^9",
            &["{tipe: A, nilai: 103.28.12.10, ttl: 1000000000}"],
            "L048",
            "1000000000",
        ),
        bad_records(
            "unknown record type",
            &[
                "{tipe: SRV, nilai: 0 5 5060 sip.example.com.}",
                "{tipe: A, nilai: 103.28.12.10}",
            ],
            "L013",
            "SRV",
        ),
    ];
    let mut failures = Vec::new();
    for case in cases {
        let f = Fixture::with_request(&case.text);
        let line_text = case
            .text
            .lines()
            .nth(case.line as usize - 1)
            .unwrap_or_default();
        let column = line_text[..line_text.find(&case.at).expect("marker")]
            .chars()
            .count() as u64
            + 1;
        let run = f.check(&[]);
        let found: Vec<(String, u64, u64)> = run
            .found()
            .into_iter()
            .filter(|(c, _, _)| c != "L039")
            .collect();
        let want = vec![(case.code.to_string(), case.line, column)];
        if found != want || run.code != 1 {
            failures.push(format!(
                "{}: want {want:?}, found {found:?} (exit {})",
                case.what, run.code
            ));
        }
        let zone = f.run(&["dns", "zone", "--out", &f.path("zone.db").to_string_lossy()]);
        if zone.code == 0 || f.path("zone.db").exists() {
            failures.push(format!("{}: reached a zone file", case.what));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_254_character_name_is_refused() {
    let domain = long_domain(190);
    let f = Fixture::with_request(&request_with(
        "subdomain: beta",
        &format!("subdomain: {}", "b".repeat(63)),
    ));
    f.edit(
        "loket.yaml",
        "domain: contohkab.go.id",
        &format!("domain: {domain}"),
    );
    let found: Vec<_> = f
        .check(&[])
        .found()
        .into_iter()
        .filter(|(c, _, _)| c != "L039")
        .collect();
    assert_eq!(found, vec![("L032".to_string(), 3, 12)]);
    let zone = f.run(&["dns", "zone"]);
    assert_eq!((zone.code, zone.stdout.as_str()), (1, ""));
}

/// Keeps the [`Named`] helper in use until the server tests arrive.
#[test]
fn named_starts_serves_the_zone_and_stops() {
    let f = Fixture::with_request(&valid_request());
    let file = write_zone(&f);
    let named = Named::start(ORIGIN, &std::fs::read_to_string(file).expect("zone"));
    assert!(
        named.log().contains("loaded serial 2026112301"),
        "{}",
        named.log()
    );
    let addr = named.addr();
    drop(named);
    assert!(
        std::net::TcpStream::connect(addr).is_err(),
        "named still listening"
    );
}

#[test]
fn mistakes_in_the_zone_policy_are_configuration_errors() {
    let f = Fixture::base();
    f.edit(
        "loket.yaml",
        "ns: [ns1.contohkab.go.id]",
        "ns: [\"ns1 contohkab\"]\n  soa: {email: host.master@contohkab.go.id}",
    );
    f.edit(
        "loket.yaml",
        "{nama: ns1, tipe: A, nilai: 103.28.12.2}",
        "{nama: \"a b\", tipe: A, nilai: 10.1.1.1}",
    );
    f.check(&[]).expect(
        2,
        &[
            ("L096", 23, 8),
            ("L060", 24, 16),
            ("L096", 27, 14),
            ("L042", 27, 37),
        ],
    );
}

#[test]
fn a_zone_needs_its_name_servers() {
    let f = Fixture::base();
    f.edit("loket.yaml", "ns: [ns1.contohkab.go.id]", "ns: []");
    let run = f.run(&["dns", "zone"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("the zone needs its name servers"),
        "{}",
        run.stderr
    );
}

fn request(service: &str, subdomain: &str, body: &str) -> String {
    format!(
        "layanan: {service}\ninstansi: dinas-b\nsubdomain: {subdomain}\n\
         surat: {{nomor: 003/2026, tanggal: 2026-11-10, penandatangan: Kepala, berkas: lampiran/surat.pdf}}\n{body}"
    )
}

/// Two commits: `beta` and `lama` registered; then `gamma` created,
/// `beta` changed and `lama` deleted.
pub(crate) fn merged_history() -> (Fixture, String, String) {
    let f = Fixture::base();
    f.write(
        "requests/dinas-b/2026-0002-beta.yaml",
        request("subdomain-baru", "beta", "tujuan: Situs\nrekaman:\n  - {tipe: A, nilai: 103.28.12.20}\n  - {tipe: TXT, nilai: \"v=spf1 -all\"}\n"),
    );
    f.write(
        "requests/dinas-b/2026-0003-lama.yaml",
        request(
            "subdomain-baru",
            "lama",
            "tujuan: Situs lama\nrekaman: [{tipe: A, nilai: 103.28.12.21}]\n",
        ),
    );
    let before = f.commit("Register beta and lama");
    f.write(
        "requests/dinas-b/2026-0004-gamma.yaml",
        request(
            "subdomain-baru",
            "gamma",
            "tujuan: Situs baru\nhosting: diskominfo\n",
        ),
    );
    f.write(
        "requests/dinas-b/2026-0005-beta.yaml",
        request("subdomain-ubah", "beta", "rekaman:\n  - {tipe: A, nilai: 103.28.12.30}\n  - {tipe: TXT, nilai: \"v=spf1 -all\"}\n"),
    );
    f.write(
        "requests/dinas-b/2026-0006-lama.yaml",
        request("subdomain-hapus", "lama", ""),
    );
    let after = f.commit("Merge gamma, the change of beta and the deletion of lama");
    f.check(&[]).expect(0, &[]);
    (f, before, after)
}

#[test]
fn diff_reads_two_commits_and_writes_bind_nsupdate_and_json() {
    let (f, before, after) = merged_history();
    // Uncommitted work is not part of either revision.
    f.write(
        "requests/dinas-b/2026-0007-kerja.yaml",
        request("subdomain-baru", "kerja", "hosting: diskominfo\n"),
    );
    let run = f.run(&["dns", "diff", "--from", &before, "--to", &after]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let bind = run.stdout;
    for line in [
        "$ORIGIN contohkab.go.id.\n",
        "; beta: dinas-b, permohonan 2026-0002, diubah 2026-0005 (diubah)\n;- beta 3600 IN A 103.28.12.20\nbeta 3600 IN A 103.28.12.30\n",
        "; gamma: dinas-b, permohonan 2026-0004 (baru)\ngamma 3600 IN A 103.28.12.10\n",
        "; lama: dinas-b, permohonan 2026-0003 (dihapus)\n;- lama 3600 IN A 103.28.12.21\n",
    ] {
        assert!(bind.contains(line), "missing {line:?} in\n{bind}");
    }
    assert!(!bind.contains("kerja") && !bind.contains("TXT"), "{bind}");

    let run = f.run(&[
        "dns", "diff", "--from", &before, "--to", &after, "--format", "nsupdate",
    ]);
    let script = run.stdout;
    for part in [
        "zone contohkab.go.id.\n",
        "prereq yxdomain beta.contohkab.go.id.\nupdate delete beta.contohkab.go.id. IN A 103.28.12.20\nupdate add beta.contohkab.go.id. 3600 IN A 103.28.12.30\nsend\n",
        "prereq nxdomain gamma.contohkab.go.id.\nupdate add gamma.contohkab.go.id. 3600 IN A 103.28.12.10\nsend\n",
        "prereq yxdomain lama.contohkab.go.id.\nupdate delete lama.contohkab.go.id. IN A 103.28.12.21\nsend\n",
    ] {
        assert!(script.contains(part), "missing {part:?} in\n{script}");
    }

    let run = f.run(&[
        "dns", "diff", "--from", &before, "--to", &after, "--format", "json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    let changes = json["changes"].as_array().expect("changes");
    let names: Vec<&str> = changes
        .iter()
        .map(|c| c["name"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(names, ["beta", "gamma", "lama"]);
    assert_eq!(changes[2]["after"], serde_json::Value::Null);
    assert_eq!(changes[0]["added"][0]["data"], "103.28.12.30");

    let bad = f.run(&["dns", "diff", "--from", "no-such-rev"]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("`no-such-rev` is not a commit"),
        "{}",
        bad.stderr
    );
}

/// `dig`-like: the data of `name`'s `kind` records at the server.
fn ask(named: &Named, name: &str, kind: hickory_proto::rr::RecordType) -> (String, Vec<String>) {
    ask_at(&named.addr(), name, kind)
}

/// `dig`-like: the answer's code and the data of `name`'s `kind` records
/// at the server at `addr`.
fn ask_at(addr: &str, name: &str, kind: hickory_proto::rr::RecordType) -> (String, Vec<String>) {
    let server = addr.parse().expect("addr");
    let name = name.parse().expect("name");
    let answer = loket::dns::client::query(
        server,
        &name,
        kind,
        false,
        std::time::Duration::from_secs(3),
    )
    .expect("query");
    (
        answer.code.to_string(),
        answer.data.iter().map(|d| d.to_string()).collect(),
    )
}

#[test]
fn apply_sends_a_create_a_change_and_a_delete_to_a_real_named() {
    use hickory_proto::rr::RecordType;
    let (f, before, after) = merged_history();
    // The server starts from the zone as it was at `before`.
    f.checkout(&before);
    let old_zone = f.run(&["dns", "zone", "--today", "2026-11-20"]);
    f.checkout(&after);
    let named = Named::start(ORIGIN, &old_zone.stdout);
    assert_eq!(
        ask(&named, "lama.contohkab.go.id", RecordType::A).1,
        ["103.28.12.21"]
    );

    let apply = |lang: &str, key: &Path| {
        let key = key.to_string_lossy();
        let args = [
            "--lang", lang, "dns", "apply", "--from", &before, "--to", &after,
        ];
        f.run(&[&args[..], &["--server", &named.addr(), "--key", &key]].concat())
    };
    let wrong = named.key_file("d3JvbmctZ3Jvbmctd3Jvbmctd3Jvbmctd3JvbmctMTI=");
    let run = apply("id", &wrong);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("refused the TSIG key `loket-uji`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("BADSIG"), "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "✗ beta.contohkab.go.id.: kunci TSIG ditolak\n\
         – gamma.contohkab.go.id.: tidak dicoba (kunci TSIG ditolak)\n\
         – lama.contohkab.go.id.: tidak dicoba (kunci TSIG ditolak)\n",
        "every name is accounted for"
    );
    assert_eq!(
        ask(&named, "lama.contohkab.go.id", RecordType::A).1,
        ["103.28.12.21"],
        "nothing applied"
    );

    let key = named.key_file(Named::SECRET);
    let run = apply("en", &key);
    assert_eq!(run.code, 0, "{}{}\n{}", run.stdout, run.stderr, named.log());
    for line in [
        "✓ - beta.contohkab.go.id. 3600 IN A 103.28.12.20: gone",
        "✓ + beta.contohkab.go.id. 3600 IN A 103.28.12.30: present",
        "✓ + gamma.contohkab.go.id. 3600 IN A 103.28.12.10: present",
        "✓ - lama.contohkab.go.id. 3600 IN A 103.28.12.21: gone",
    ] {
        assert!(
            run.stdout.contains(line),
            "missing {line:?} in\n{}",
            run.stdout
        );
    }
    assert_eq!(
        ask(&named, "beta.contohkab.go.id", RecordType::A).1,
        ["103.28.12.30"]
    );
    assert_eq!(
        ask(&named, "beta.contohkab.go.id", RecordType::TXT).1,
        ["v=spf1 -all"]
    );
    assert_eq!(
        ask(&named, "gamma.contohkab.go.id", RecordType::A).1,
        ["103.28.12.10"]
    );
    assert_eq!(
        ask(&named, "lama.contohkab.go.id", RecordType::A).0,
        "Non-Existent Domain"
    );

    // Applying again: the create's prerequisite (name must not exist) now fails.
    let again = apply("id", &key);
    assert_eq!(again.code, 1, "{}", again.stdout);
    assert!(
        again.stdout.contains(
            "✗ gamma.contohkab.go.id.: pembaruan ditolak server (YXDomain: Name should not exist)"
        ),
        "{}",
        again.stdout
    );
}

#[test]
fn audit_finds_a_dangling_cname_at_a_real_named_and_what_policy_now_refuses() {
    let f = Fixture::base();
    let create = |id: u32, name: &str, records: &str| {
        f.write(
            &format!("requests/dinas-b/2026-{id:04}-{name}.yaml"),
            request(
                "subdomain-baru",
                name,
                &format!("tujuan: Situs\nrekaman: [{records}]\n"),
            ),
        );
    };
    create(2, "lama", "{tipe: A, nilai: 103.28.12.21}");
    create(3, "alias", "{tipe: CNAME, nilai: lama.contohkab.go.id.}");
    f.write(
        "requests/dinas-b/2026-0004-lama.yaml",
        request("subdomain-hapus", "lama", ""),
    );
    create(5, "luar", "{tipe: CNAME, nilai: situs.example.com.}");
    f.check(&[]).expect(0, &[]);
    let zone = f.run(&["dns", "zone"]);
    let named = Named::start(ORIGIN, &zone.stdout);

    let run = f.run(&["--lang", "en", "audit", "--resolver", &named.addr()]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains(
            "alias.contohkab.go.id [dangling] (dinas-b, 2026-0003): CNAME target lama.contohkab.go.id. does not resolve (NXDOMAIN): takeover risk"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "luar.contohkab.go.id: CNAME target situs.example.com. could not be checked (Refused)"
        ),
        "{}",
        run.stdout
    );
    assert!(run.stdout.ends_with("1 findings\n"), "{}", run.stdout);

    // Policy moves on: a forbidden word, an agency dropped, an address
    // that no longer passes (written past the rules).
    f.edit(
        "loket.yaml",
        "kata_terlarang: [judi, slot]",
        "kata_terlarang: [judi, slot, alp]",
    );
    let config = f.read("loket.yaml");
    let dinas_a = config
        .lines()
        .find(|l| l.starts_with("  - {id: dinas-a,"))
        .expect("dinas-a's line");
    f.edit("loket.yaml", &format!("{dinas_a}\n"), "");
    create(6, "privat", "{tipe: A, nilai: 10.0.0.1}");
    let run = f.run(&["audit", "--resolver", &named.addr(), "--format", "json"]);
    assert_eq!(run.code, 1);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    let found: Vec<(String, String)> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["name"].as_str().unwrap_or("").to_string(),
                f["code"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let want = [
        ("alias", "dangling"),
        ("alpha", "orphaned"),
        ("alpha", "L036"),
        ("privat", "L042"),
    ];
    assert_eq!(found, want.map(|(n, c)| (n.to_string(), c.to_string())));
    assert_eq!(json["unverified"][0]["target"], "situs.example.com.");
}

/// Loads a YamlProvider directory with octoDNS (strict: key order
/// enforced, validation not lenient) and prints `name type ttl count`.
const OCTODNS_LOAD: &str = r#"
import sys
from octodns.provider.yaml import YamlProvider
from octodns.zone import Zone
provider = YamlProvider('loket', sys.argv[1], enforce_order=True)
zone = Zone(sys.argv[2], [])
provider.populate(zone, lenient=False)
for r in zone.records:
    values = r.values if hasattr(r, 'values') else [r.value]
    print(r.name, r._type, r.ttl, len(values))
"#;

#[test]
fn octodns_loads_the_octodns_output_without_error() {
    let f = Fixture::base();
    f.edit(
        "loket.yaml",
        "[A, AAAA, CNAME, MX, TXT]",
        "[A, AAAA, CNAME, MX, TXT, CAA]",
    );
    let records = "  - {tipe: TXT, nilai: \"v=DKIM1; k=rsa; p=abc ; x\"}\n  \
                   - {tipe: TXT, nilai: \"x\"}\n  - {tipe: CAA, nilai: '0 issue \"letsencrypt.org; account=1\"'}\n  \
                   - {tipe: MX, nilai: 20 mail.contohkab.go.id.}\n  - {tipe: A, nilai: 103.28.12.11}\n";
    let (path, text) = records_request("situs10", 2, records);
    f.write(&path, text);
    for (n, name) in [(3, "situs9"), (4, "situs2x")] {
        let (path, text) = records_request(
            name,
            n,
            "  - {tipe: CNAME, nilai: situs10.contohkab.go.id.}\n",
        );
        f.write(&path, text);
    }
    let out = f.path("octodns");
    let run = f.run(&["dns", "octodns", "--out", &out.to_string_lossy()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(out.join("contohkab.go.id.yaml").is_file());
    let python = std::process::Command::new("python3")
        .args(["-c", OCTODNS_LOAD])
        .arg(&out)
        .arg("contohkab.go.id.")
        .output()
        .expect("python3 (scripts/test installs octodns with pip)");
    let stderr = String::from_utf8_lossy(&python.stderr);
    assert!(
        python.status.success(),
        "octoDNS refused the output:\n{stderr}"
    );
    let mut loaded: Vec<String> = String::from_utf8_lossy(&python.stdout)
        .lines()
        .map(str::to_string)
        .collect();
    loaded.sort();
    let zone = model(f.root());
    let mut want: std::collections::BTreeMap<(String, &str), (u32, usize)> = Default::default();
    for rr in zone.rrs() {
        let name = match &rr.owner {
            loket::dns::Owner::Apex => String::new(),
            loket::dns::Owner::Below(n) => n.as_str().to_string(),
        };
        let slot = want.entry((name, rr.record.kind())).or_insert((rr.ttl, 0));
        slot.1 += 1;
    }
    let mut want: Vec<String> = want
        .into_iter()
        .map(|((name, kind), (ttl, count))| format!("{name} {kind} {ttl} {count}"))
        .collect();
    want.sort();
    assert_eq!(loaded, want);
}

#[test]
fn a_request_edited_or_removed_after_merge_is_read_as_it_was_at_each_revision() {
    let (f, _, after) = merged_history();
    // Against the rules, but git allows it: edit one merged request in
    // place and remove another; each revision must be read as it was.
    f.edit(
        "requests/dinas-b/2026-0004-gamma.yaml",
        "hosting: diskominfo",
        "rekaman: [{tipe: A, nilai: 103.28.12.77}]",
    );
    std::fs::remove_file(f.path("requests/dinas-b/2026-0006-lama.yaml")).expect("remove");
    let edited = f.commit("Edit gamma in place, drop the deletion of lama");
    let run = f.run(&["dns", "diff", "--from", &after, "--to", &edited]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains(";- gamma 3600 IN A 103.28.12.10\ngamma 3600 IN A 103.28.12.77\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "; lama: dinas-b, permohonan 2026-0003 (baru)\nlama 3600 IN A 103.28.12.21\n"
        ),
        "{}",
        run.stdout
    );
}

/// The zone writer alone on 100,000 registrations (half hosted, half with
/// an A and a TXT record): `cargo test --release --test it -- --ignored
/// zone_writer_speed --nocapture`; scripts/bench-dns runs it.
#[test]
#[ignore = "a benchmark: run with --release"]
fn zone_writer_speed() {
    use loket::input::source::{Span, Spanned};
    use loket::model::{RecordSpec, RecordType, RequestId};
    use loket::validate::registry::{Records, Registration};
    let instance = loket::input::load::load(Fixture::base().root()).expect("load");
    let config = instance.config.as_ref().expect("config");
    let registrations: Vec<Registration> = (0..100_000u32)
        .map(|i| Registration {
            name: format!("n{i}"),
            agency: "dinas-b".to_string(),
            created_by: RequestId {
                year: 2026,
                number: (i % 9999 + 1) as u16,
            },
            changed_by: RequestId {
                year: 2026,
                number: (i % 9999 + 1) as u16,
            },
            since: None,
            records: if i % 2 == 1 {
                Records::Hosted
            } else {
                let spec = |kind, data: String| {
                    Spanned::new(
                        Span::START,
                        RecordSpec {
                            kind: Spanned::new(Span::START, kind),
                            data: Spanned::new(Span::START, data),
                            ttl: None,
                        },
                    )
                };
                Records::Own(vec![
                    spec(RecordType::A, format!("103.28.{}.{}", i % 250, i % 200 + 1)),
                    spec(RecordType::Txt, "v=spf1 -all".to_string()),
                ])
            },
        })
        .collect();
    let start = std::time::Instant::now();
    let zone = Zone::build(config, &registrations, 2026112301).expect("zone");
    let text = zone.render();
    let elapsed = start.elapsed();
    assert_eq!(zone.entries.len(), 100_000);
    println!(
        "zone writer: {} registrations, {} bytes, {} ms",
        zone.entries.len(),
        text.len(),
        elapsed.as_millis()
    );
}

/// A change of `name` under [`ORIGIN`] adding `added` (`(kind, data)`).
fn change(
    name: &str,
    existed: bool,
    added: &[(loket::model::RecordType, String)],
) -> loket::dns::diff::Change {
    let label: loket::dns::Name = name.parse().expect("name");
    loket::dns::diff::Change {
        owner: loket::dns::Owner::Below(label),
        fqdn: format!("{name}.{ORIGIN}").parse().expect("fqdn"),
        before: None,
        after: None,
        existed,
        removed: Vec::new(),
        added: added
            .iter()
            .map(|(kind, data)| {
                (
                    3600,
                    loket::dns::Record::parse(*kind, data).expect("record"),
                )
            })
            .collect(),
    }
}

#[test]
fn apply_goes_on_past_a_name_that_is_too_large_or_refused() {
    use loket::dns::apply::{Outcome, apply};
    use loket::model::RecordType;
    let zone = format!(
        "$ORIGIN {ORIGIN}.\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 3600 900 1209600 300\n@ IN NS ns1\nns1 IN A 192.0.2.53\nada IN A 103.28.12.40\n"
    );
    let named = Named::start(ORIGIN, &zone);
    let server = named.addr().parse().expect("addr");
    let key: loket::dns::client::TsigKey = std::fs::read_to_string(named.key_file(Named::SECRET))
        .expect("key")
        .parse()
        .expect("key");
    // 40 TXT records of 2,000 bytes: 80 KB, more than one message holds.
    let big: Vec<_> = (0..40)
        .map(|i| (RecordType::Txt, format!("{i:02}{}", "x".repeat(1998))))
        .collect();
    let changes = [
        change("besar", false, &big),
        change("baru", false, &[(RecordType::A, "103.28.12.41".into())]),
        // Created again: the prerequisite (the name must not exist) fails.
        change("ada", false, &[(RecordType::A, "103.28.12.42".into())]),
    ];
    let origin: loket::dns::Name = ORIGIN.parse().expect("origin");
    let timeout = std::time::Duration::from_secs(5);
    let report = apply(
        server,
        &origin,
        &changes,
        &key,
        timeout,
        loket::dns::client::now(),
    );
    let outcome = |i: usize| match &report.names[i].outcome {
        Outcome::Applied(r) => format!(
            "applied {}",
            r.iter().filter(|v| v.ok == Some(true)).count()
        ),
        Outcome::Refused(code) => format!("refused {code:?}"),
        Outcome::Failed(e) => format!("failed: {e}"),
        other => format!("{other:?}"),
    };
    assert_eq!(
        outcome(0),
        "failed: the update of besar.contohkab.go.id. needs 81823 bytes, more than one DNS message holds (65,535)"
    );
    assert_eq!(
        (outcome(1), outcome(2)),
        ("applied 1".to_string(), "refused YXDomain".to_string())
    );
    assert!(report.key_refused.is_none());
    assert_eq!(
        ask(
            &named,
            "baru.contohkab.go.id",
            hickory_proto::rr::RecordType::A
        )
        .1,
        ["103.28.12.41"]
    );
    assert_eq!(
        ask(
            &named,
            "ada.contohkab.go.id",
            hickory_proto::rr::RecordType::A
        )
        .1,
        ["103.28.12.40"]
    );
    assert_eq!(
        ask(
            &named,
            "besar.contohkab.go.id",
            hickory_proto::rr::RecordType::TXT
        )
        .0,
        "Non-Existent Domain",
        "nothing of the big name was sent"
    );

    // Signed an hour ago: the server says BADTIME, and no name after the
    // first is tried with that key.
    let late = [
        change("jam", false, &[(RecordType::A, "103.28.12.43".into())]),
        change("lagi", false, &[(RecordType::A, "103.28.12.44".into())]),
    ];
    let report = apply(
        server,
        &origin,
        &late,
        &key,
        timeout,
        loket::dns::client::now() - 3600,
    );
    let refused = report
        .key_refused
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default();
    assert!(
        refused.contains("clock differs too much (BADTIME)"),
        "{refused}"
    );
    assert!(matches!(report.names[0].outcome, Outcome::KeyRefused));
    assert!(matches!(report.names[1].outcome, Outcome::NotAttempted));
}

/// `docs/contoh-octodns.yaml` made to point at `pdns` and at the
/// fixture's zone, written to `octodns/config.yaml` of the instance.
fn octodns_config(f: &Fixture, pdns: &PowerDns) {
    let sample = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/contoh-octodns.yaml"),
    )
    .expect("docs/contoh-octodns.yaml");
    let config = sample
        .replace("host: pdns.tapinkab.go.id", "host: 127.0.0.1")
        .replace("port: 8081", &format!("port: {}", pdns.api_port))
        .replace("scheme: https", "scheme: http")
        .replace("tapinkab.go.id.:", &format!("{ORIGIN}.:"));
    assert_ne!(config, sample);
    f.write("octodns/config.yaml", config);
}

/// `octodns-sync --config-file octodns/config.yaml --doit` in the
/// instance's root (plus `--force` when asked), the API key passed by
/// name as the publish workflow does: exit success and what it logged.
fn octodns_sync(f: &Fixture, force: bool) -> (bool, String) {
    let mut sync = std::process::Command::new(crate::powerdns::program("octodns-sync"));
    sync.args(["--config-file", "octodns/config.yaml", "--doit"])
        .current_dir(f.root())
        .env("LOKET_OCTODNS_KEY", PowerDns::API_KEY);
    if force {
        sync.arg("--force");
    }
    let out = sync.output().expect("run octodns-sync");
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), log)
}

/// Checks out `commit` into the fixture's work tree and writes the
/// octoDNS files there, as the publish workflow does after a push.
fn octodns_at(f: &Fixture, commit: &str) {
    f.checkout(commit);
    let out = f.path("dns/octodns");
    let run = f.run(&["dns", "octodns", "--out", &out.to_string_lossy()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

/// `records` with each TXT record's strings joined into one: octoDNS
/// hands PowerDNS a long TXT value as one string, which PowerDNS splits
/// into strings of 255 bytes only on the wire (see
/// [`txt_strings`]).
fn txt_joined(records: BTreeSet<bind::Rr>) -> BTreeSet<bind::Rr> {
    records
        .into_iter()
        .map(|(name, ttl, kind, parts)| {
            if kind != "TXT" {
                return (name, ttl, kind, parts);
            }
            let joined = parts
                .into_iter()
                .flat_map(|p| match p {
                    bind::Part::Bytes(b) => b,
                    bind::Part::Word(w) => w.into_bytes(),
                })
                .collect();
            (name, ttl, kind, vec![bind::Part::Bytes(joined)])
        })
        .collect()
}

/// The character-strings of each TXT record of `name` as the server at
/// `addr` sends them.
fn txt_strings(addr: &str, name: &str) -> BTreeSet<Vec<Vec<u8>>> {
    let answer = loket::dns::client::query(
        addr.parse().expect("addr"),
        &name.parse().expect("name"),
        hickory_proto::rr::RecordType::TXT,
        false,
        std::time::Duration::from_secs(3),
    )
    .expect("query");
    answer
        .data
        .iter()
        .filter_map(|d| match d {
            hickory_proto::rr::RData::TXT(t) => {
                Some(t.txt_data.iter().map(|s| s.to_vec()).collect())
            }
            _ => None,
        })
        .collect()
}

/// The owners whose records differ between two record sets.
fn changed_names(a: &BTreeSet<bind::Rr>, b: &BTreeSet<bind::Rr>) -> BTreeSet<String> {
    a.symmetric_difference(b).map(|r| r.0.clone()).collect()
}

#[test]
fn octodns_sync_brings_the_zone_to_a_real_powerdns_and_then_only_each_merge() {
    use hickory_proto::rr::RecordType;
    let f = Fixture::base();
    f.edit(
        "loket.yaml",
        "[A, AAAA, CNAME, MX, TXT]",
        "[A, AAAA, CNAME, MX, TXT, CAA]",
    );
    let long_txt = format!(
        "v=DKIM1; k=rsa; p={}",
        "MIIBIjANBgkqhkiG9w0BAQEFAAOC".repeat(20)
    );
    f.write(
        "requests/dinas-b/2026-0002-beta.yaml",
        request(
            "subdomain-baru",
            "beta",
            "tujuan: Situs\nrekaman:\n  - {tipe: A, nilai: 103.28.12.20}\n  - {tipe: TXT, nilai: \"v=spf1 -all\"}\n",
        ),
    );
    f.write(
        "requests/dinas-b/2026-0003-lama.yaml",
        request(
            "subdomain-baru",
            "lama",
            "tujuan: Situs lama\nrekaman: [{tipe: A, nilai: 103.28.12.21}]\n",
        ),
    );
    f.write(
        "requests/dinas-b/2026-0004-surel.yaml",
        request(
            "subdomain-baru",
            "surel",
            &format!(
                "tujuan: Surel\nrekaman:\n  - {{tipe: AAAA, nilai: '2404:8000:1024::20'}}\n  \
                 - {{tipe: MX, nilai: 10 mail.contohkab.go.id.}}\n  \
                 - {{tipe: CAA, nilai: '0 issue \"letsencrypt.org; account=1\"'}}\n  \
                 - {{tipe: TXT, nilai: \"{long_txt}\"}}\n  - {{tipe: TXT, nilai: \"a; b ; c\"}}\n"
            ),
        ),
    );
    f.write(
        "requests/dinas-b/2026-0005-alias.yaml",
        request(
            "subdomain-baru",
            "alias",
            "tujuan: Alias\nrekaman: [{tipe: CNAME, nilai: beta.contohkab.go.id.}]\n",
        ),
    );
    let before = f.commit("Register beta, lama, surel and alias");
    f.write(
        "requests/dinas-b/2026-0006-gamma.yaml",
        request(
            "subdomain-baru",
            "gamma",
            "tujuan: Situs baru\nhosting: diskominfo\n",
        ),
    );
    f.write(
        "requests/dinas-b/2026-0007-beta.yaml",
        request("subdomain-ubah", "beta", "rekaman:\n  - {tipe: A, nilai: 103.28.12.30}\n  - {tipe: TXT, nilai: \"v=spf1 -all\"}\n"),
    );
    f.write(
        "requests/dinas-b/2026-0008-lama.yaml",
        request("subdomain-hapus", "lama", ""),
    );
    let after = f.commit("Merge gamma, the change of beta and the deletion of lama");
    f.check(&[]).expect(0, &[]);

    // The office's PowerDNS already serves the zone, set up by hand with
    // other name servers: octoDNS refuses to replace the root NS without
    // --force, and changes nothing.
    let pdns = PowerDns::start();
    let (status, body) = pdns.api(
        "POST",
        "servers/localhost/zones",
        Some(&format!(
            r#"{{"name": "{ORIGIN}.", "kind": "Native", "nameservers": ["ns-lama.{ORIGIN}."], "soa_edit_api": "DEFAULT",
                "rrsets": [{{"name": "{ORIGIN}.", "type": "SOA", "ttl": 3600, "records": [{{"content": "ns1.{ORIGIN}. hostmaster.{ORIGIN}. 2026010101 3600 900 1209600 300", "disabled": false}}]}}]}}"#
        )),
    );
    assert_eq!(status, 201, "{body}");
    octodns_config(&f, &pdns);
    octodns_at(&f, &before);
    let untouched = pdns.records(ORIGIN);
    let (ok, log) = octodns_sync(&f, false);
    assert!(!ok, "octoDNS replaced the root NS without --force:\n{log}");
    assert!(
        log.contains("Root NS record change, force required"),
        "{log}"
    );
    assert_eq!(pdns.records(ORIGIN), untouched, "nothing was applied");

    // The first sync, forced: PowerDNS holds exactly the model's records.
    let (ok, log) = octodns_sync(&f, true);
    assert!(ok, "octodns-sync --force failed:\n{log}\n{}", pdns.log());
    let first = pdns.records(ORIGIN);
    let zone = model(f.root());
    let want = bind::model_records(&zone);
    assert_eq!(txt_joined(first.clone()), txt_joined(want.clone()));
    // What resolvers get is what BIND would send: the same strings.
    let want_txt: BTreeSet<Vec<Vec<u8>>> = want
        .iter()
        .filter(|r| r.0 == format!("surel.{ORIGIN}.") && r.2 == "TXT")
        .map(|r| {
            r.3.iter()
                .map(|p| match p {
                    bind::Part::Bytes(b) => b.clone(),
                    bind::Part::Word(w) => w.clone().into_bytes(),
                })
                .collect()
        })
        .collect();
    assert_eq!(want_txt.len(), 2);
    assert!(want_txt.iter().any(|strings| strings.len() == 3));
    assert_eq!(txt_strings(&pdns.addr(), "surel.contohkab.go.id"), want_txt);
    let ask = |name: &str, kind| ask_at(&pdns.addr(), name, kind);
    assert_eq!(
        ask("beta.contohkab.go.id", RecordType::A).1,
        ["103.28.12.20"]
    );
    assert_eq!(
        ask("lama.contohkab.go.id", RecordType::A).1,
        ["103.28.12.21"]
    );
    assert_eq!(
        ask("alias.contohkab.go.id", RecordType::CNAME).1,
        ["beta.contohkab.go.id."]
    );
    let mut txt = ask("surel.contohkab.go.id", RecordType::TXT).1;
    txt.sort();
    assert_eq!(txt, ["a; b ; c".to_string(), long_txt.clone()]);
    assert_eq!(
        ask("contohkab.go.id", RecordType::NS).1,
        ["ns1.contohkab.go.id."]
    );
    let serial = pdns.serial(ORIGIN);

    // The merge: the second sync needs no force and changes exactly the
    // names `loket dns diff` lists.
    octodns_at(&f, &after);
    let (ok, log) = octodns_sync(&f, false);
    assert!(ok, "octodns-sync failed:\n{log}\n{}", pdns.log());
    assert!(
        log.contains("Creates=1, Updates=1, Deletes=1"),
        "one create, one update, one delete:\n{log}"
    );
    let second = pdns.records(ORIGIN);
    assert_eq!(
        txt_joined(second.clone()),
        txt_joined(bind::model_records(&model(f.root())))
    );
    let diff = f.run(&[
        "dns", "diff", "--from", &before, "--to", &after, "--format", "json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&diff.stdout).expect("json");
    let listed: BTreeSet<String> = json["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| format!("{}.{ORIGIN}.", c["name"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(changed_names(&first, &second), listed);
    assert_eq!(
        listed,
        ["beta", "gamma", "lama"]
            .map(|n| format!("{n}.{ORIGIN}."))
            .into_iter()
            .collect()
    );
    assert!(pdns.serial(ORIGIN) > serial, "the serial moved on");
    assert_eq!(
        ask("beta.contohkab.go.id", RecordType::A).1,
        ["103.28.12.30"]
    );
    assert_eq!(
        ask("gamma.contohkab.go.id", RecordType::A).1,
        ["103.28.12.10"]
    );
    assert_eq!(
        ask("lama.contohkab.go.id", RecordType::A).0,
        "Non-Existent Domain",
        "the deleted name is gone"
    );

    // Nothing merged since: nothing changes, not even the serial.
    let serial = pdns.serial(ORIGIN);
    let (ok, log) = octodns_sync(&f, false);
    assert!(ok, "{log}");
    assert_eq!(pdns.records(ORIGIN), second);
    assert_eq!(pdns.serial(ORIGIN), serial, "{log}");
}

/// A request of `n` A records at the name `besar`.
fn many_addresses(f: &Fixture, n: u32) {
    let records: String = (1..=n)
        .map(|i| {
            format!(
                "  - {{tipe: A, nilai: 103.28.{}.{}}}\n",
                i / 200,
                i % 200 + 1
            )
        })
        .collect();
    let (path, text) = records_request("besar", 2, &records);
    f.write(&path, text);
}

#[test]
fn a_name_with_more_than_100_records_of_one_type_never_reaches_a_zone() {
    // The highest limits loket.yaml may set: BIND's own.
    let widest = |f: &Fixture| {
        f.edit(
            "loket.yaml",
            "  nama_dicadangkan: [www, mail]\n",
            "  nama_dicadangkan: [www, mail]\n  batas: {rekaman_per_tipe: 100, rekaman_per_nama: 100, bita_per_nama: 32768}\n",
        );
    };
    // 100 A records at one name: a real named loads the zone and serves them.
    let f = Fixture::base();
    widest(&f);
    many_addresses(&f, 100);
    let file = write_zone(&f);
    let named = Named::start(ORIGIN, &std::fs::read_to_string(&file).expect("zone"));
    let (_, answer) = ask(
        &named,
        "besar.contohkab.go.id",
        hickory_proto::rr::RecordType::A,
    );
    assert_eq!(answer.len(), 100);

    // 101: named (BIND 9.18.28 and later) would refuse the whole zone; the
    // check refuses the request (L121) and no zone is written. (The zone
    // writer would refuse it too, whatever a check said.)
    let f = Fixture::base();
    widest(&f);
    many_addresses(&f, 101);
    let out = f.path("zone.db");
    let run = f.run(&[
        "dns",
        "zone",
        "--today",
        "2026-11-23",
        "--out",
        &out.to_string_lossy(),
    ]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stderr
            .contains("L121: nama ini memuat 101 rekaman A; paling banyak 100 per tipe"),
        "{}",
        run.stderr
    );
    assert!(!out.exists(), "nothing written");
    assert!(
        run.stderr
            .ends_with("loket: tidak ada yang ditulis: instance tidak sah (lihat `loket check`)\n"),
        "{}",
        run.stderr
    );
    let run = f.run(&["--lang", "en", "dns", "octodns"]);
    assert_ne!(run.code, 0, "octoDNS output is refused too");
    assert!(
        run.stderr
            .ends_with("loket: nothing written: the instance is not valid (see `loket check`)\n"),
        "{}",
        run.stderr
    );
}

/// Regression: a DNS command's error lost its own code and help on the way
/// up (`CmdError::Dns` was not transparent to miette), so a bad key file
/// said what was wrong but not how to write it.
#[test]
fn a_bad_key_file_says_how_to_write_one() {
    let f = Fixture::base();
    f.write("kunci.key", "bukan kunci\n");
    let key = f.path("kunci.key");
    let run = f.run(&[
        "dns",
        "apply",
        "--from",
        "HEAD",
        "--to",
        "HEAD",
        "--server",
        "127.0.0.1:53",
        "--key",
        &key.to_string_lossy(),
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("the key file is not a TSIG key"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("loket::dns::key"), "{}", run.stderr);
    assert!(
        run.stderr.contains("write it as tsig-keygen does"),
        "{}",
        run.stderr
    );
}
