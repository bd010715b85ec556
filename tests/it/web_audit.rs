//! `loket audit --web` against real servers on 127.0.0.1: HTTPS with a
//! test CA and certificates made by `openssl` (good, expired, for another
//! name, near expiry), plain HTTP, a cloaked gambling site, a sitemap of
//! injected spam paths, an unclaimed GitHub Pages page behind a CNAME, an
//! off-domain redirect, and hostile servers (endless body, slow drip,
//! redirect loop, huge headers). The audit must find exactly what was
//! planted, and end.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::{ClientHello, ResolvesServerCert};
use rustls::sign::CertifiedKey;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpListener;

use crate::support::Fixture;

const DOMAIN: &str = "contohkab.go.id";

/// `openssl req` making a new P-256 key without a passphrase.
const NEW_KEY: [&str; 7] = [
    "req",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:P-256",
    "-nodes",
    "-batch",
];

fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("openssl must be installed for these tests");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A test CA in `dir` (`ca.pem`, `ca.key`) and an `openssl ca` setup.
fn make_ca(dir: &Path) {
    std::fs::write(
        dir.join("ca.cnf"),
        "[ca]\ndefault_ca = d\n[d]\ndatabase = index.txt\nnew_certs_dir = .\nserial = serial\n\
         default_md = sha256\npolicy = p\ncopy_extensions = none\nunique_subject = no\n[p]\ncommonName = supplied\n",
    )
    .expect("write ca.cnf");
    std::fs::write(dir.join("index.txt"), "").expect("index");
    std::fs::write(dir.join("serial"), "01\n").expect("serial");
    openssl(
        dir,
        &[
            &NEW_KEY[..],
            &[
                "-x509",
                "-keyout",
                "ca.key",
                "-out",
                "ca.pem",
                "-days",
                "30",
                "-subj",
                "/CN=loket test CA",
            ],
        ]
        .concat(),
    );
}

/// A certificate for `san` (signed by the test CA) valid from `start` to
/// `end` (`YYYYMMDDHHMMSSZ`), as `file.pem` and `file.key`.
fn make_cert(dir: &Path, file: &str, san: &str, start: &str, end: &str) {
    let key = format!("{file}.key");
    let csr = format!("{file}.csr");
    let pem = format!("{file}.pem");
    let ext = format!("{file}.ext");
    std::fs::write(dir.join(&ext), format!("subjectAltName=DNS:{san}\n")).expect("ext");
    openssl(
        dir,
        &[
            &NEW_KEY[..],
            &[
                "-new",
                "-keyout",
                &key,
                "-out",
                &csr,
                "-subj",
                &format!("/CN={san}"),
            ],
        ]
        .concat(),
    );
    openssl(
        dir,
        &[
            "ca",
            "-batch",
            "-config",
            "ca.cnf",
            "-cert",
            "ca.pem",
            "-keyfile",
            "ca.key",
            "-in",
            &csr,
            "-out",
            &pem,
            "-startdate",
            start,
            "-enddate",
            end,
            "-extfile",
            &ext,
            "-notext",
        ],
    );
}

fn stamp(days: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::days(days))
        .format("%Y%m%d%H%M%SZ")
        .to_string()
}

/// Certificates picked by the name the client asks for (SNI).
#[derive(Debug)]
struct BySni(BTreeMap<String, Arc<CertifiedKey>>);

impl ResolvesServerCert for BySni {
    fn resolve(&self, hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        self.0.get(hello.server_name()?).cloned()
    }
}

fn certified(dir: &Path, file: &str) -> Arc<CertifiedKey> {
    let certs: Vec<CertificateDer<'static>> =
        CertificateDer::pem_file_iter(dir.join(format!("{file}.pem")))
            .expect("pem")
            .collect::<Result<_, _>>()
            .expect("certs");
    let key = PrivateKeyDer::from_pem_file(dir.join(format!("{file}.key"))).expect("key");
    let key = rustls::crypto::ring::sign::any_supported_type(&key).expect("signing key");
    Arc::new(CertifiedKey::new(certs, key))
}

/// What a request asked.
struct Asked {
    https: bool,
    host: String,
    path: String,
    crawler: bool,
    from_search: bool,
}

const CLEAN: &str = "<html><head><title>Dinas B</title></head><body><p>Layanan publik, slot waktu konsultasi</p></body></html>";
const SPAM: &str = "<html><head><title>SLOT GACOR Maxwin Hari Ini</title><meta name=description content=\"Situs slot, togel, deposit pulsa\"></head><body><a href=/daftar>Link alternatif</a></body></html>";
const NO_PAGES: &str = "<html><body><h1>404</h1><p><strong>There isn't a GitHub Pages site here.</strong></p></body></html>";

fn response(status: &str, extra: &str, body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n{extra}\r\n{body}",
        body.len()
    )
    .into_bytes()
}

fn redirect(to: &str) -> Vec<u8> {
    response("301 Moved Permanently", &format!("Location: {to}\r\n"), "")
}

/// Serves one request of the planted sites.
async fn serve<S: AsyncRead + AsyncWrite + Unpin>(mut s: S, https: bool) {
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 16 * 1024 {
        match s.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    let head = String::from_utf8_lossy(&head).to_string();
    let header = |name: &str| {
        head.lines()
            .find_map(|l| {
                let (k, v) = l.split_once(':')?;
                k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
            })
            .unwrap_or_default()
    };
    let asked = Asked {
        https,
        host: header("host"),
        path: head.split_whitespace().nth(1).unwrap_or("/").to_string(),
        crawler: header("user-agent").contains("Googlebot"),
        from_search: header("referer").contains("google."),
    };
    let label = asked.host.strip_suffix(&format!(".{DOMAIN}")).unwrap_or("");
    match label {
        "besar" => {
            let _ = s
                .write_all(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body>")
                .await;
            let chunk = vec![b'a'; 64 * 1024];
            while s.write_all(&chunk).await.is_ok() {}
            return;
        }
        "lambat" => {
            let _ = s.write_all(b"HTTP/1.1 200 OK\r\n").await;
            loop {
                tokio::time::sleep(Duration::from_millis(300)).await;
                if s.write_all(b"X").await.is_err() || s.flush().await.is_err() {
                    return;
                }
            }
        }
        "gzip" => {
            // Compressed though asked not to, and not UTF-8: read as bytes,
            // never inflated.
            let mut bytes = b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 64\r\n\r\n\x1f\x8b\x08\x00".to_vec();
            bytes.extend([0xff_u8; 60]);
            let _ = s.write_all(&bytes).await;
            return;
        }
        "tajuk" => {
            let _ = s.write_all(b"HTTP/1.1 200 OK\r\n").await;
            let line = format!("X-Pad: {}\r\n", "p".repeat(8000));
            for _ in 0..100 {
                if s.write_all(line.as_bytes()).await.is_err() {
                    return;
                }
            }
            let _ = s.write_all(b"\r\n").await;
            return;
        }
        _ => {}
    }
    let bytes = answer(label, &asked);
    let _ = s.write_all(&bytes).await;
    let _ = s.shutdown().await;
}

fn answer(label: &str, a: &Asked) -> Vec<u8> {
    let scheme = if a.https { "https" } else { "http" };
    match (label, a.path.as_str()) {
        ("putar", "/") | ("putar", "/b") => redirect(&format!("{scheme}://putar.{DOMAIN}/a")),
        ("putar", "/a") => redirect("/b"),
        ("pages", _) => response("404 Not Found", "", NO_PAGES),
        _ if !a.https => redirect(&format!("https://{}{}", a.host, a.path)),
        ("alih", "/") => redirect("https://slot-gacor.example.com/"),
        ("cloak", "/") if a.crawler || a.from_search => response("200 OK", "", SPAM),
        ("peta", "/robots.txt") => response(
            "200 OK",
            "",
            &format!("User-agent: *\nSitemap: https://peta.{DOMAIN}/peta-situs.xml\n"),
        ),
        ("peta", "/peta-situs.xml") => {
            let locs: String = (0..500)
                .map(|i| format!("<url><loc>https://peta.{DOMAIN}/slot-gacor-{i}/</loc></url>"))
                .collect();
            response("200 OK", "", &format!("<urlset>{locs}</urlset>"))
        }
        (_, "/") => response("200 OK", "", CLEAN),
        _ => response("404 Not Found", "", "<p>Tidak ditemukan</p>"),
    }
}

/// The planted sites on two ports of 127.0.0.1, stopped on drop.
struct Sites {
    runtime: Option<tokio::runtime::Runtime>,
    http: u16,
    https: u16,
}

impl Drop for Sites {
    fn drop(&mut self) {
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_background();
        }
    }
}

fn start(certs: &Path, names: &[(&str, &str)]) -> Sites {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let by_sni = BySni(
        names
            .iter()
            .map(|(host, file)| (host.to_string(), certified(certs, file)))
            .collect(),
    );
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .expect("versions")
    .with_no_client_auth()
    .with_cert_resolver(Arc::new(by_sni));
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let (http, https) = runtime.block_on(async {
        let http = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let https = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let ports = (
            http.local_addr().expect("addr").port(),
            https.local_addr().expect("addr").port(),
        );
        tokio::spawn(async move {
            while let Ok((s, _)) = http.accept().await {
                tokio::spawn(serve(s, false));
            }
        });
        tokio::spawn(async move {
            while let Ok((s, _)) = https.accept().await {
                let acceptor = acceptor.clone();
                tokio::spawn(async move {
                    if let Ok(tls) = acceptor.accept(s).await {
                        serve(tls, true).await;
                    }
                });
            }
        });
        ports
    });
    Sites {
        runtime: Some(runtime),
        http,
        https,
    }
}

fn register(f: &Fixture, id: u32, name: &str, records: &str) {
    f.write(
        &format!("requests/dinas-b/2026-{id:04}-{name}.yaml"),
        format!(
            "layanan: subdomain-baru\ninstansi: dinas-b\nsubdomain: {name}\n\
             surat: {{nomor: 003/2026, tanggal: 2026-11-10, penandatangan: Kepala, berkas: lampiran/surat.pdf}}\n\
             tujuan: Situs\nrekaman: [{records}]\n"
        ),
    );
}

#[test]
fn web_audit_finds_exactly_what_was_planted_and_ends() {
    let certs = tempfile::tempdir().expect("tmp");
    let dir = certs.path();
    make_ca(dir);
    let good = (stamp(-1), stamp(90));
    let labels = [
        "bersih", "cloak", "peta", "pages", "alih", "besar", "lambat", "putar", "tajuk", "gzip",
        "www",
    ];
    for label in labels {
        make_cert(dir, label, &format!("{label}.{DOMAIN}"), &good.0, &good.1);
    }
    make_cert(
        dir,
        "kedaluwarsa",
        &format!("kedaluwarsa.{DOMAIN}"),
        &stamp(-60),
        &stamp(-2),
    );
    make_cert(dir, "salahnama", "lain.example.org", &good.0, &good.1);
    make_cert(
        dir,
        "hampir",
        &format!("hampir.{DOMAIN}"),
        &stamp(-60),
        &stamp(10),
    );

    let f = Fixture::base();
    let mut id = 2;
    let web_names: Vec<&str> = labels
        .iter()
        .chain(&["kedaluwarsa", "salahnama", "hampir"])
        .copied()
        .filter(|l| *l != "www")
        .collect();
    for label in &web_names {
        let records = if *label == "pages" {
            "{tipe: CNAME, nilai: dinas-b.github.io.}"
        } else {
            "{tipe: A, nilai: 103.28.12.20}"
        };
        register(&f, id, label, records);
        id += 1;
    }
    register(
        &f,
        id,
        "surel",
        "{tipe: MX, nilai: 10 mail.contohkab.go.id.}",
    );
    f.check(&[]).expect(0, &[]);

    let hosts: Vec<(String, String)> = web_names
        .iter()
        .chain(&["www"])
        .map(|l| (format!("{l}.{DOMAIN}"), l.to_string()))
        .collect();
    let sni: Vec<(&str, &str)> = hosts
        .iter()
        .map(|(h, l)| (h.as_str(), l.as_str()))
        .collect();
    let sites = start(dir, &sni);

    let ca = dir.join("ca.pem");
    let (http_port, https_port) = (sites.http.to_string(), sites.https.to_string());
    let mut args: Vec<String> = [
        "--lang",
        "en",
        "audit",
        "--web",
        "--format",
        "json",
        "--resolver",
        "127.0.0.1:9",
        "--timeout",
        "2",
        "--max-body",
        "65536",
        "--http-port",
        &http_port,
        "--https-port",
        &https_port,
        "--ca-file",
        &ca.to_string_lossy(),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for (host, _) in &hosts {
        args.extend(["--resolve".to_string(), format!("{host}=127.0.0.1")]);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = f.run(&args);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    let mut found: Vec<(String, String)> = json["names"]
        .as_array()
        .expect("names")
        .iter()
        .flat_map(|n| {
            let host = n["host"].as_str().unwrap_or("").to_string();
            let label = host
                .strip_suffix(&format!(".{DOMAIN}"))
                .unwrap_or(&host)
                .to_string();
            n["findings"]
                .as_array()
                .into_iter()
                .flatten()
                .map(move |f| (label.clone(), f["code"].as_str().unwrap_or("").to_string()))
        })
        .collect();
    found.sort();
    let mut want: Vec<(String, String)> = [
        ("alih", "off-domain"),
        ("alih", "off-domain"),
        ("besar", "too-large"),
        ("besar", "too-large"),
        ("cloak", "cloaking"),
        ("hampir", "tls-expiring"),
        ("kedaluwarsa", "tls-expired"),
        ("lambat", "timeout"),
        ("lambat", "timeout"),
        ("pages", "unclaimed-hosting"),
        ("peta", "sitemap-spam"),
        ("putar", "redirect-loop"),
        ("putar", "redirect-loop"),
        ("salahnama", "tls-wrong-name"),
        ("tajuk", "broken-http"),
        ("tajuk", "broken-http"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    want.sort();
    assert_eq!(found, want, "{}", run.stdout);

    // Names in merge order, the institution's own after them; the MX-only
    // name is not fetched; the unresolvable ones are reachable: false.
    let order: Vec<&str> = json["names"]
        .as_array()
        .expect("names")
        .iter()
        .filter_map(|n| n["host"].as_str())
        .collect();
    assert!(!order.iter().any(|h| h.starts_with("surel.")), "{order:?}");
    assert_eq!(order.last(), Some(&DOMAIN));
    let apex = &json["names"].as_array().expect("names")[order.len() - 1];
    assert_eq!(apex["reachable"], false, "{apex}");
    assert_eq!(apex["ok"], true, "{apex}");

    // The human report says what and where, in the user's language.
    let human: Vec<&str> = args
        .iter()
        .copied()
        .filter(|a| !["--format", "json"].contains(a))
        .collect();
    let run = f.run(&human);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains(&format!(
            "cloak.{DOMAIN} [cloaking] (dinas-b, 2026-0003): cloaking: online-gambling content shown to search crawler, visitor from a search engine only, not to browser: "
        )),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains(&format!("kedaluwarsa.{DOMAIN} [tls-expired] (dinas-b, ")),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains(&format!("{DOMAIN}: no answer over HTTP or HTTPS (")),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.ends_with("names checked, 16 findings\n"),
        "{}",
        run.stdout
    );
    drop(sites);
}

#[test]
fn a_clean_site_passes_and_the_instance_s_own_words_are_looked_for() {
    let certs = tempfile::tempdir().expect("tmp");
    let dir = certs.path();
    make_ca(dir);
    let host = format!("bersih.{DOMAIN}");
    make_cert(dir, "bersih", &host, &stamp(-1), &stamp(90));
    let f = Fixture::base();
    register(&f, 2, "bersih", "{tipe: A, nilai: 103.28.12.20}");
    let sites = start(dir, &[(host.as_str(), "bersih")]);
    let (http_port, https_port) = (sites.http.to_string(), sites.https.to_string());
    let ca = dir.join("ca.pem").to_string_lossy().to_string();
    let resolve = format!("{host}=127.0.0.1");
    let args = [
        "--lang",
        "en",
        "audit",
        "--web",
        "--format",
        "github",
        "--resolver",
        "127.0.0.1:9",
        "--timeout",
        "2",
        "--http-port",
        &http_port,
        "--https-port",
        &https_port,
        "--resolve",
        &resolve,
    ];
    // Without the test CA the chain is not trusted.
    let run = f.run(&args);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.stdout,
        format!(
            "::error title=loket audit --web tls-untrusted (bersih.{DOMAIN})::the TLS certificate is not trusted (unknown issuer)\n"
        )
    );
    let args = [&args[..], &["--ca-file", &ca]].concat();
    let run = f.run(&args);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""), "{}", run.stderr);

    f.edit(
        "loket.yaml",
        "surat: {usia_maks_hari: 90}\n",
        "surat: {usia_maks_hari: 90}\naudit_web: {kata_judi: [Layanan Publik]}\n",
    );
    f.check(&[]).expect(0, &[]);
    let run = f.run(&args);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.stdout,
        format!(
            "::error title=loket audit --web gambling (bersih.{DOMAIN})::online-gambling content: “layanan publik” (page text)\n"
        )
    );
    // A bad CA file is a clear error, not a panic.
    std::fs::write(dir.join("bad.pem"), "not a certificate").expect("write");
    let bad = dir.join("bad.pem").to_string_lossy().to_string();
    let run = f.run(&[&args[..args.len() - 2], &["--ca-file", &bad]].concat());
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("no certificate in it"),
        "{}",
        run.stderr
    );
    let run = f.run(&["audit", "--web", "--resolve", "bersih=localhost"]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr
            .contains("--resolve bersih=localhost: `localhost` is no IP address"),
        "{}",
        run.stderr
    );
}
