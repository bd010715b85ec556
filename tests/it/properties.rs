//! Properties, not only examples (proptest): every record `loket check`
//! accepts reads back equal from the written zone through BIND
//! (`named-compilezone`) and dnspython; every set of accepted requests
//! within the limits yields a zone `named-checkzone` accepts; calendar
//! `add` and `between` are inverse on every date of 2025–2026.
//!
//! The tools are slow to start, so each case batches many generated
//! requests into one instance and one zone, and the cases are few
//! (`PROPTEST_CASES` raises them). Candidates are generated loosely and
//! `loket check` decides: what it refuses is dropped, what it accepts must
//! hold the property. A missing tool fails the test.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use crate::bind::{self, Part, Rr};
use crate::support::Fixture;

const ORIGIN: &str = "contohkab.go.id";
const TODAY: &str = "2026-11-23";

/// The runner: `cases` unless `PROPTEST_CASES` says otherwise, and no
/// shrinking past a few steps (each step runs the tools again).
fn runner(cases: u32) -> TestRunner {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(cases);
    TestRunner::new(Config {
        cases,
        max_shrink_iters: 16,
        failure_persistence: None,
        ..Config::default()
    })
}

/// One generated record: type, value, TTL.
#[derive(Debug, Clone)]
struct Rec {
    kind: &'static str,
    value: String,
    ttl: Option<u32>,
}

impl Rec {
    fn yaml(&self) -> String {
        let value = serde_json::to_string(&self.value).expect("json");
        match self.ttl {
            Some(ttl) => format!("  - {{tipe: {}, nilai: {value}, ttl: {ttl}}}\n", self.kind),
            None => format!("  - {{tipe: {}, nilai: {value}}}\n", self.kind),
        }
    }
}

fn ttl() -> impl Strategy<Value = Option<u32>> {
    prop_oneof![
        8 => Just(None),
        5 => (300u32..=86_400).prop_map(Some),
        1 => prop_oneof![Just(0u32), Just(60), Just(299), Just(86_401), Just(604_800)].prop_map(Some),
    ]
}

/// Mostly public IPv4 addresses; now and then a special-purpose one.
fn a_value() -> impl Strategy<Value = String> {
    prop_oneof![
        16 => (1u8..=223, any::<u8>(), any::<u8>(), 1u8..=254)
            .prop_map(|(a, b, c, d)| format!("{a}.{b}.{c}.{d}")),
        1 => prop_oneof![
            Just("10.1.2.3".to_string()),
            Just("127.0.0.1".to_string()),
            Just("192.0.2.7".to_string()),
            Just("100.64.1.1".to_string()),
        ],
    ]
}

/// Global unicast IPv6 (2000::/3) with runs of zero groups, so that the
/// compressed forms vary; now and then a special-purpose one.
fn aaaa_value() -> impl Strategy<Value = String> {
    prop_oneof![
        16 => (0x2000u16..=0x3fff, proptest::collection::vec(prop_oneof![2 => Just(0u16), 3 => any::<u16>()], 7))
            .prop_map(|(first, rest)| {
                let mut groups = vec![first];
                groups.extend(rest);
                let addr = std::net::Ipv6Addr::new(
                    groups[0], groups[1], groups[2], groups[3], groups[4], groups[5], groups[6], groups[7],
                );
                addr.to_string()
            }),
        1 => prop_oneof![
            Just("2001:db8::1".to_string()),
            Just("fe80::1".to_string()),
            Just("::1".to_string()),
        ],
    ]
}

/// A host label as requests write them (the check decides).
fn label() -> impl Strategy<Value = String> {
    prop_oneof![
        12 => "[a-z][a-z0-9]{1,10}",
        4 => "[a-z0-9][a-z0-9-]{1,30}[a-z0-9]",
        1 => "[a-z]{63}",
        1 => prop_oneof![Just("www".to_string()), Just("judi-online".to_string()), Just("xn--mnchen-3ya".to_string()), Just("Besar".to_string())],
    ]
}

/// A host name outside the zone or inside it, absolute.
fn host() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => (label(), prop_oneof![Just("example.com"), Just("kemkes.go.id"), Just("github.io")])
            .prop_map(|(l, d)| format!("{l}.{d}.")),
        1 => Just(format!("mail.{ORIGIN}.")),
        1 => Just(format!("alpha.{ORIGIN}.")),
        1 => Just("x.ngrok.io.".to_string()),
    ]
}

/// TXT text: printable ASCII without quotes and backslashes, up to 700
/// bytes (split into strings of 255), with `;`, `(`, `$` and spaces; now
/// and then what the check refuses.
fn txt_value() -> impl Strategy<Value = String> {
    prop_oneof![
        12 => "[ !#-\\[\\]-~]{1,40}",
        4 => "[ !#-\\[\\]-~]{200,700}",
        1 => prop_oneof![
            Just("v=DKIM1; k=rsa; p=MIIB ; (x) $ORIGIN @".to_string()),
            Just(" spasi di tepi ".to_string()),
            Just("kutip \" di tengah".to_string()),
            Just("$INCLUDE /etc/passwd".to_string()),
            Just("bukan ASCII: é".to_string()),
        ],
    ]
}

fn caa_value() -> impl Strategy<Value = String> {
    (
        prop_oneof![4 => Just(0u8), 1 => Just(128u8)],
        prop_oneof![Just("issue"), Just("issuewild"), Just("iodef")],
        prop_oneof![
            Just("letsencrypt.org".to_string()),
            Just("letsencrypt.org; account=1234".to_string()),
            Just("pki.goog; validationmethods=dns-01".to_string()),
            Just(";".to_string()),
            Just(format!("mailto:security@{ORIGIN}")),
            Just(format!("https://{ORIGIN}/caa")),
        ],
    )
        .prop_map(|(flags, tag, value)| format!("{flags} {tag} \"{value}\""))
}

fn record() -> impl Strategy<Value = Rec> {
    let rec = |kind: &'static str| move |(value, ttl)| Rec { kind, value, ttl };
    prop_oneof![
        4 => (a_value(), ttl()).prop_map(rec("A")),
        2 => (aaaa_value(), ttl()).prop_map(rec("AAAA")),
        2 => ((0u16..=1000, host()).prop_map(|(p, h)| format!("{p} {h}")), ttl()).prop_map(rec("MX")),
        3 => (txt_value(), ttl()).prop_map(rec("TXT")),
        1 => (caa_value(), ttl()).prop_map(rec("CAA")),
    ]
}

/// A name's records: one CNAME, or up to `max` others.
fn records(max: usize) -> impl Strategy<Value = Vec<Rec>> {
    prop_oneof![
        1 => (host(), ttl()).prop_map(|(h, ttl)| vec![Rec { kind: "CNAME", value: h, ttl }]),
        6 => proptest::collection::vec(record(), 1..=max),
    ]
}

/// The base fixture with CAA allowed.
fn fixture() -> Fixture {
    let f = Fixture::base();
    f.edit(
        "loket.yaml",
        "[A, AAAA, CNAME, MX, TXT]",
        "[A, AAAA, CNAME, MX, TXT, CAA]",
    );
    f
}

/// A request file of dinas-b (or `agency`).
fn request(agency: &str, service: &str, subdomain: &str, body: &str) -> String {
    format!(
        "layanan: {service}\ninstansi: {agency}\nsubdomain: {subdomain}\n\
         surat: {{nomor: 003/2026, tanggal: 2026-11-10, penandatangan: Kepala, berkas: lampiran/surat.pdf}}\n{body}"
    )
}

/// Drops every request `loket check` refuses (again, while dropping one
/// makes another fail) and returns how many are left.
fn keep_accepted(f: &Fixture) -> usize {
    let options = loket::validate::Options {
        today: TODAY.parse().expect("date"),
        author: None,
        changed: Vec::new(),
        pending: Vec::new(),
        order: Default::default(),
    };
    for _ in 0..10 {
        let instance = loket::input::load::load(f.root()).expect("load");
        let outcome = loket::validate::check(&instance, &options);
        assert!(
            !outcome.config_broken(),
            "the fixture's configuration: {:?}",
            outcome.config
        );
        let refused: Vec<&str> = outcome
            .requests
            .iter()
            .filter(|r| !r.ok())
            .map(|r| r.path.as_str())
            .collect();
        if refused.is_empty() {
            return outcome.requests.len();
        }
        for path in refused {
            std::fs::remove_file(f.path(path)).expect("drop a refused request");
        }
    }
    panic!("dropping refused requests did not settle");
}

/// `loket dns zone` of the fixture; it must accept what the check did.
fn write_zone(f: &Fixture) -> std::path::PathBuf {
    let out = f.path("zone.db");
    let run = f.run(&[
        "dns",
        "zone",
        "--today",
        TODAY,
        "--out",
        &out.to_string_lossy(),
    ]);
    assert_eq!(
        run.code, 0,
        "the zone writer refused what loket check accepted:\n{}",
        run.stderr
    );
    out
}

/// The library's zone of the fixture.
fn model(root: &Path) -> loket::dns::Zone {
    let instance = loket::input::load::load(root).expect("load");
    let config = instance.config.as_ref().expect("config");
    let fold = loket::validate::registry::registrations(&instance, &Default::default());
    loket::dns::Zone::build(config, fold.registrations.values(), 1).expect("zone")
}

/// Reads a zone file with dnspython and prints each record as JSON:
/// `[owner, ttl, type, [{"w": word} | {"b": [bytes]}]]`, SOA left out.
const DNSPYTHON_READ: &str = r#"
import json, sys
import dns.rdatatype, dns.zone
zone = dns.zone.from_file(sys.argv[1], sys.argv[2], relativize=False)
out = []
for name, node in zone.nodes.items():
    for rds in node.rdatasets:
        kind = dns.rdatatype.to_text(rds.rdtype)
        if kind == 'SOA':
            continue
        for rd in rds:
            if kind == 'TXT':
                parts = [{'b': list(s)} for s in rd.strings]
            elif kind == 'CAA':
                parts = [{'w': str(rd.flags)}, {'w': rd.tag.decode().lower()}, {'b': list(rd.value)}]
            else:
                parts = [{'w': w.lower()} for w in rd.to_text().split()]
            out.append([name.to_text().lower(), rds.ttl, kind, parts])
json.dump(out, sys.stdout)
"#;

/// The records of `file` as dnspython reads them.
fn dnspython_read_back(origin: &str, file: &Path) -> BTreeSet<Rr> {
    let out = Command::new("python3")
        .args(["-c", DNSPYTHON_READ])
        .arg(file)
        .arg(origin)
        .output()
        .unwrap_or_else(|e| panic!("python3 is missing ({e}): run ./scripts/test"));
    assert!(
        out.status.success(),
        "dnspython refused the zone (run ./scripts/test, which installs dnspython):\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: Vec<(String, u32, String, Vec<serde_json::Value>)> =
        serde_json::from_slice(&out.stdout).expect("dnspython JSON");
    rows.into_iter()
        .map(|(name, ttl, kind, parts)| {
            let parts = parts
                .into_iter()
                .map(|p| match (p.get("w"), p.get("b")) {
                    (Some(w), _) => Part::Word(w.as_str().expect("word").to_string()),
                    (_, Some(b)) => Part::Bytes(
                        b.as_array()
                            .expect("bytes")
                            .iter()
                            .map(|x| x.as_u64().expect("byte") as u8)
                            .collect(),
                    ),
                    _ => panic!("part {p}"),
                })
                .collect();
            (name, ttl, kind, parts)
        })
        .collect()
}

#[test]
fn every_accepted_record_reads_back_equal_through_bind_and_dnspython() {
    let names = proptest::collection::btree_map(label(), records(6), 20..40);
    let accepted = std::cell::Cell::new(0);
    let refused = std::cell::Cell::new(0);
    runner(6)
        .run(&names, |names| {
            let f = fixture();
            for (n, (name, recs)) in names.iter().enumerate() {
                let body: String = recs.iter().map(Rec::yaml).collect();
                f.write(
                    &format!("requests/dinas-b/2026-{:04}-{name}.yaml", n + 2),
                    request(
                        "dinas-b",
                        "subdomain-baru",
                        name,
                        &format!("tujuan: Uji\nrekaman:\n{body}"),
                    ),
                );
            }
            // The base fixture's own request stays.
            let kept = keep_accepted(&f) - 1;
            accepted.set(accepted.get() + kept);
            refused.set(refused.get() + names.len() - kept);
            let file = write_zone(&f);
            let model = bind::model_records(&model(f.root()));
            let origin = format!("{ORIGIN}.");
            bind::check_zone(ORIGIN, &file);
            prop_assert_eq!(
                &bind::read_back(ORIGIN, &file),
                &model,
                "BIND read back other records"
            );
            prop_assert_eq!(
                &dnspython_read_back(&origin, &file),
                &model,
                "dnspython read back other records"
            );
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
    // The generator must exercise the writer, not only the refusals.
    let (accepted, refused) = (accepted.get(), refused.get());
    assert!(
        accepted >= refused,
        "only {accepted} generated requests were accepted, {refused} refused"
    );
}

/// One step of a generated history: create, change or delete one of a
/// few names, by one of two agencies.
#[derive(Debug, Clone)]
enum Step {
    Create(usize, bool, Option<Vec<Rec>>),
    Change(usize, bool, Option<Vec<Rec>>),
    Delete(usize, bool),
}

fn steps() -> impl Strategy<Value = Vec<Step>> {
    // `None`: hosted by the institution. Up to 100 records of one type at
    // one name is BIND's limit (max-records-per-type).
    let body = prop_oneof![
        2 => Just(None),
        6 => records(12).prop_map(Some),
        1 => (1usize..=100).prop_map(|n| Some((0..n).map(|i| Rec {
            kind: "A",
            value: format!("103.28.{}.{}", i / 200, i % 200 + 1),
            ttl: None,
        }).collect())),
    ]
    .boxed();
    let step = prop_oneof![
        3 => (0usize..8, any::<bool>(), body.clone()).prop_map(|(n, a, b)| Step::Create(n, a, b)),
        2 => (0usize..8, any::<bool>(), body).prop_map(|(n, a, b)| Step::Change(n, a, b)),
        1 => (0usize..8, any::<bool>()).prop_map(|(n, a)| Step::Delete(n, a)),
    ];
    proptest::collection::vec(step, 10..40)
}

#[test]
fn every_set_of_accepted_requests_yields_a_zone_named_checkzone_accepts() {
    const NAMES: [&str; 8] = [
        "situs", "portal", "ppid", "sipd", "surel", "data", "jdih", "lpse",
    ];
    runner(6)
        .run(&steps(), |steps| {
            let f = fixture();
            for (n, step) in steps.iter().enumerate() {
                let (service, name, b, body) = match step {
                    Step::Create(i, b, body) => ("subdomain-baru", NAMES[*i], *b, body.as_ref()),
                    Step::Change(i, b, body) => ("subdomain-ubah", NAMES[*i], *b, body.as_ref()),
                    Step::Delete(i, b) => ("subdomain-hapus", NAMES[*i], *b, None),
                };
                let agency = if b { "dinas-b" } else { "dinas-a" };
                let mut text = String::new();
                if service == "subdomain-baru" {
                    text.push_str("tujuan: Uji\n");
                }
                match (service, body) {
                    ("subdomain-hapus", _) => {}
                    (_, None) => text.push_str("hosting: diskominfo\n"),
                    (_, Some(recs)) => {
                        text.push_str("rekaman:\n");
                        for r in recs {
                            let _ = write!(text, "{}", r.yaml());
                        }
                    }
                }
                f.write(
                    &format!("requests/{agency}/2026-{:04}-{name}.yaml", n + 2),
                    request(agency, service, name, &text),
                );
            }
            keep_accepted(&f);
            let file = write_zone(&f);
            bind::check_zone(ORIGIN, &file);
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
}

/// The national calendar (shipped holidays and cuti bersama, no
/// `kalender.yaml`) in the base fixture's time zone.
fn calendar() -> loket::review::calendar::Calendar {
    let f = Fixture::base();
    let instance = loket::input::load::load(f.root()).expect("load");
    let (calendar, findings) =
        loket::input::load::load_calendar(f.root(), instance.config.as_ref());
    assert!(findings.is_empty(), "{findings:?}");
    calendar
}

const FIRST: &str = "2025-01-01";
const DAYS: u64 = 730; // 2025 and 2026

fn date(index: u64) -> NaiveDate {
    FIRST.parse::<NaiveDate>().expect("date") + Days::new(index)
}

#[test]
fn calendar_add_and_between_are_inverse_on_every_date_of_2025_and_2026() {
    let cal = calendar();
    let last = date(DAYS - 1);
    for d in (0..DAYS).map(date) {
        // between ∘ add = identity, for every count that stays in 2026.
        for n in 0..=30 {
            let Ok(end) = cal.add_working_days(d, n) else {
                assert!(n > 0, "{d} + 0");
                break;
            };
            assert!(end <= last, "{d} + {n} = {end}");
            let between = |a, b| cal.working_days_between(a, b).expect("covered");
            assert_eq!(between(d, end), i64::from(n), "{d} + {n} = {end}");
            assert_eq!(between(end, d), -i64::from(n), "{end} - {n} = {d}");
        }
        // add ∘ between lands on the last working day up to `e` (or on
        // `d` itself when there is none after it).
        for e in (0..40).map(|k| d + Days::new(k)).filter(|e| *e <= last) {
            let n = cal.working_days_between(d, e).expect("covered");
            let back = cal.add_working_days(d, n as u32).expect("covered");
            assert!(back <= e && back >= d, "{d}..{e}: {back}");
            let working = |day| cal.is_working_day(day).expect("covered");
            assert!(back == d || working(back), "{d}..{e}: {back} is off");
            let mut day = back;
            while day < e {
                day = day + Days::new(1);
                assert!(!working(day), "{d}..{e}: {day} skipped");
            }
        }
    }
}

#[test]
fn loket_calendar_add_and_between_are_inverse_at_the_command_line() {
    let cal = calendar();
    let f = Fixture::base();
    runner(12)
        .run(&(0..DAYS, 0u32..=120), |(index, n)| {
            let d = date(index);
            let Ok(want) = cal.add_working_days(d, n) else {
                // Past 2026: the command refuses as the library does.
                let run = f.run(&["calendar", "add", &d.to_string(), &n.to_string()]);
                prop_assert_eq!(run.code, 2);
                return Ok(());
            };
            let run = f.run(&["calendar", "add", &d.to_string(), &n.to_string()]);
            prop_assert_eq!(run.stdout.trim(), want.to_string());
            let run = f.run(&["calendar", "between", &d.to_string(), &want.to_string()]);
            prop_assert_eq!(run.stdout.trim(), n.to_string());
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
}
