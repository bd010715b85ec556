//! Progress of long work goes to standard error, never to standard output:
//! `loket fetch`, `loket dns apply` and `loket audit --web`, each run once
//! with a progress line for every piece of work (`LOKET_PROGRESS_EVERY=0`,
//! as a CI log shows them when standard error is no terminal) and once as
//! usual; what they print on standard output is the same both times.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use serde_json::Value;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer};

use crate::bind::{Named, free_port};
use crate::fake_github::{FakeGitHub, FakePr};
use crate::support::{Fixture, Run};

const DOMAIN: &str = "contohkab.go.id";

/// Runs loket in `f` with `env` added (GitHub's variables taken away).
fn run(f: &Fixture, args: &[&str], env: &[(&str, &str)]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_loket"))
        .arg("--root")
        .arg(f.root())
        .args(args)
        .env_remove("LOKET_PROGRESS_EVERY")
        .env_remove("GITHUB_REPOSITORY")
        .env_remove("GITHUB_STEP_SUMMARY")
        .envs(env.iter().copied())
        .env("NO_COLOR", "1")
        .output()
        .expect("run loket");
    Run::from(out)
}

/// A line for every piece of work.
const EVERY_PIECE: (&str, &str) = ("LOKET_PROGRESS_EVERY", "0");

/// `run` twice, with progress lines and as usual; both must end with `code`.
fn twice(f: &Fixture, args: &[&str], env: &[(&str, &str)], code: i32) -> (Run, Run) {
    let shown = run(f, args, &[env, &[EVERY_PIECE]].concat());
    assert_eq!(shown.code, code, "{}{}", shown.stdout, shown.stderr);
    let quiet = run(f, args, env);
    assert_eq!(quiet.code, code, "{}{}", quiet.stdout, quiet.stderr);
    assert!(
        !quiet.stderr.contains(" selesai"),
        "work this short shows no progress in a log: {}",
        quiet.stderr
    );
    (shown, quiet)
}

/// Every one of `lines` is in what `run` wrote on standard error.
fn shows(run: &Run, lines: &[&str]) {
    for line in lines {
        assert!(run.stderr.contains(line), "{line:?} in\n{}", run.stderr);
    }
}

/// `text` without the lines that start with `prefix` (a time stamp).
fn without(text: &str, prefix: &str) -> String {
    text.lines()
        .filter(|l| !l.trim_start().starts_with(prefix))
        .map(|l| format!("{l}\n"))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn fetch_shows_pull_requests_read_on_stderr_and_leaves_the_snapshot_alone() {
    let server = MockServer::start().await;
    let prs = (1..=120)
        .map(|n| FakePr::new(n, "op", &format!("requests/dinas-b/2026-{n:04}-n{n}.yaml")))
        .collect();
    Mock::given(method("POST"))
        .and(path("/graphql"))
        .respond_with(FakeGitHub {
            prs,
            ..FakeGitHub::default()
        })
        .mount(&server)
        .await;
    let api = server.uri();
    let (shown, quiet) = tokio::task::spawn_blocking(move || {
        let f = Fixture::base();
        let args = ["fetch", "--repo", "contoh/loket", "--api", &api];
        twice(&f, &args, &[("GITHUB_TOKEN", "ghp_test")], 0)
    })
    .await
    .expect("join");
    let snapshot: Value = serde_json::from_str(&shown.stdout).expect("the snapshot alone");
    assert_eq!(
        snapshot["pull_requests"].as_array().map(Vec::len),
        Some(120)
    );
    assert_eq!(
        without(&shown.stdout, "\"fetched_at\""),
        without(&quiet.stdout, "\"fetched_at\""),
        "the snapshot is the same with progress shown"
    );
    shows(
        &shown,
        &[
            "membaca pull request: 1/120 selesai, 119 lagi, perkiraan ",
            "membaca pull request: 50/120 selesai, 70 lagi, perkiraan ",
            "membaca pull request: 120/120 selesai, 0 lagi, perkiraan 0 s lagi\n",
            "membaca pull request: 120/120 selesai dalam ",
            "membaca isu survei: 0/0 selesai dalam ",
        ],
    );
}

#[test]
fn dns_apply_shows_names_applied_on_stderr_and_leaves_the_report_alone() {
    let (f, before, after) = crate::dns::merged_history();
    // Two servers holding the zone as it was at `before`: one per run.
    let zone = format!(
        "$ORIGIN {DOMAIN}.\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 3600 900 1209600 300\n@ IN NS ns1\n\
         ns1 IN A 192.0.2.53\nbeta IN A 103.28.12.20\nbeta IN TXT \"v=spf1 -all\"\nlama IN A 103.28.12.21\n"
    );
    let runs: Vec<Run> = [true, false]
        .into_iter()
        .map(|shown| {
            let named = Named::start(DOMAIN, &zone);
            let key = named.key_file(Named::SECRET).to_string_lossy().to_string();
            let addr = named.addr();
            let args = [
                "dns", "apply", "--from", &before, "--to", &after, "--server", &addr, "--key", &key,
            ];
            let env: &[(&str, &str)] = if shown { &[EVERY_PIECE] } else { &[] };
            let run = run(&f, &args, env);
            assert_eq!(run.code, 0, "{}{}\n{}", run.stdout, run.stderr, named.log());
            run
        })
        .collect();
    let (shown, quiet) = (&runs[0], &runs[1]);
    assert_eq!(shown.stdout, quiet.stdout);
    assert!(
        shown.stdout.contains("gamma.contohkab.go.id."),
        "{}",
        shown.stdout
    );
    assert!(!shown.stdout.contains("selesai"), "{}", shown.stdout);
    assert!(!quiet.stderr.contains("selesai"), "{}", quiet.stderr);
    shows(
        shown,
        &[
            "menerapkan nama: 1/3 selesai, 2 lagi, perkiraan ",
            "menerapkan nama: 3/3 selesai, 0 lagi, perkiraan 0 s lagi\n",
            "menerapkan nama: 3/3 selesai dalam ",
        ],
    );
}

/// A plain HTTP server on 127.0.0.1 answering `/` with a small page and
/// anything else with 404, one connection at a time, until dropped.
struct Site {
    port: u16,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Site {
    fn start() -> Site {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = stop.clone();
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stopped.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(stream) = stream {
                    answer(stream);
                }
            }
        });
        Site {
            port,
            stop,
            thread: Some(thread),
        }
    }
}

fn answer(mut stream: TcpStream) {
    let _ = stream.set_read_timeout(Some(std::time::Duration::from_secs(2)));
    let mut request = Vec::new();
    let mut buf = [0u8; 1024];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => request.extend_from_slice(&buf[..n]),
        }
    }
    let (status, body) = if request.starts_with(b"GET / ") {
        (
            "200 OK",
            "<html><title>Dinas B</title><body>Layanan dinas.</body></html>",
        )
    } else {
        ("404 Not Found", "")
    };
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
}

impl Drop for Site {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn register(f: &Fixture, id: u32, name: &str) {
    f.write(
        &format!("requests/dinas-b/2026-{id:04}-{name}.yaml"),
        format!(
            "layanan: subdomain-baru\ninstansi: dinas-b\nsubdomain: {name}\n\
             surat: {{nomor: 003/2026, tanggal: 2026-11-10, penandatangan: Kepala, berkas: lampiran/surat.pdf}}\n\
             tujuan: Situs\nrekaman: [{{tipe: A, nilai: 103.28.12.{id}}}]\n"
        ),
    );
}

#[test]
fn audit_web_shows_names_checked_on_stderr_and_leaves_the_json_alone() {
    let site = Site::start();
    let f = Fixture::base();
    let names = ["satu", "dua", "tiga"];
    for (i, name) in names.iter().enumerate() {
        register(&f, 20 + i as u32, name);
    }
    f.check(&[]).expect(0, &[]);
    let hosts: Vec<String> = names
        .iter()
        .map(|n| format!("{n}.{DOMAIN}"))
        .chain([DOMAIN.to_string(), format!("www.{DOMAIN}")])
        .collect();
    let mut args: Vec<String> = [
        "audit",
        "--web",
        "--format",
        "json",
        "--resolver",
        "127.0.0.1:9",
        "--timeout",
        "2",
        "--http-port",
        &site.port.to_string(),
        "--https-port",
        &free_port().to_string(),
    ]
    .map(String::from)
    .to_vec();
    for host in &hosts {
        args.extend(["--resolve".to_string(), format!("{host}=127.0.0.1")]);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (shown, quiet) = twice(&f, &args, &[], 0);
    let report: Value = serde_json::from_str(&shown.stdout).expect("JSON alone on stdout");
    // The base fixture's `alpha` as well, which does not answer.
    assert_eq!(report["names"].as_array().map(Vec::len), Some(6));
    assert_eq!(report["names"][1]["http"]["status"], 200);
    assert_eq!(
        without(&shown.stdout, "\"checked_at\""),
        without(&quiet.stdout, "\"checked_at\""),
        "the report is the same with progress shown"
    );
    shows(
        &shown,
        &[
            "memeriksa nama: 1/6 selesai, 5 lagi, perkiraan ",
            "memeriksa nama: 6/6 selesai, 0 lagi, perkiraan 0 s lagi\n",
            "memeriksa nama: 6/6 selesai dalam ",
        ],
    );
    drop(site);
}
