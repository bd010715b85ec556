//! `loket notify` against a real SMTP server on 127.0.0.1 (Python's
//! aiosmtpd, `tests/smtp/server.py`: STARTTLS required, AUTH against one
//! user), a wiremock WhatsApp gateway and a wiremock GitHub that keeps
//! comments, so the ledger carries from one run to the next.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};
use tempfile::TempDir;
use wiremock::matchers::{method, path, path_regex};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::support::{Fixture, REQ, Run, request_with, valid_request};

const USER: &str = "loket";
const PASSWORD: &str = "Sandi-Rahasia-42";
const WA_TOKEN: &str = "Bearer wa-token-Rahasia-7";
const GITHUB_TOKEN: &str = "ghp_notifyTOKEN0123456789";
const GAMMA: &str = "requests/dinas-b/2026-0003-gamma.yaml";

/// A CA and a certificate for 127.0.0.1 signed by it, made with the
/// `openssl` command in a temporary directory.
struct Certs {
    dir: TempDir,
}

impl Certs {
    fn new() -> Certs {
        let dir = tempfile::tempdir().expect("temp dir");
        let ext = dir.path().join("ext.cnf");
        std::fs::write(
            &ext,
            "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n",
        )
        .expect("write ext");
        let ec = [
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
        ];
        let steps: [Vec<&str>; 3] = [
            [
                &["req", "-x509"][..],
                &ec,
                &["-keyout", "ca.key", "-out", "ca.pem", "-days", "2"],
                &["-subj", "/CN=loket test CA"],
                &["-addext", "basicConstraints=critical,CA:TRUE"],
                &["-addext", "keyUsage=critical,keyCertSign,cRLSign"],
            ]
            .concat(),
            [
                &["req"][..],
                &ec,
                &["-keyout", "server.key", "-out", "server.csr"],
                &["-subj", "/CN=localhost"],
            ]
            .concat(),
            vec![
                "x509",
                "-req",
                "-in",
                "server.csr",
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-out",
                "server.pem",
                "-days",
                "2",
                "-extfile",
                "ext.cnf",
            ],
        ];
        for args in steps {
            let out = Command::new("openssl")
                .args(&args)
                .current_dir(dir.path())
                .output()
                .unwrap_or_else(|e| {
                    panic!("openssl is not installed ({e}); run ./scripts/test, which installs it")
                });
            assert!(
                out.status.success(),
                "openssl {args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        Certs { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

/// The SMTP server, running until dropped.
struct Smtp {
    child: Child,
    port: u16,
    certs: Certs,
    out: TempDir,
}

impl Smtp {
    /// Starts `tests/smtp/server.py` with STARTTLS required (or TLS from
    /// the first byte) and waits until it listens. Fails when python3 or
    /// aiosmtpd is missing.
    fn start(implicit_tls: bool) -> Smtp {
        let certs = Certs::new();
        let out = tempfile::tempdir().expect("temp dir");
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/smtp/server.py");
        let mut command = Command::new("python3");
        command
            .arg(script)
            .arg("--cert")
            .arg(certs.path("server.pem"))
            .arg("--key")
            .arg(certs.path("server.key"))
            .arg("--out")
            .arg(out.path())
            .args(["--user", USER, "--password", PASSWORD])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if implicit_tls {
            command.arg("--implicit-tls");
        }
        let mut child = command.spawn().unwrap_or_else(|e| {
            panic!("python3 is not installed ({e}); run ./scripts/test, which installs it")
        });
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        let line = rx.recv_timeout(Duration::from_secs(30)).unwrap_or_default();
        let Some(port) = line
            .trim()
            .strip_prefix("READY ")
            .and_then(|p| p.parse().ok())
        else {
            let _ = child.kill();
            let mut err = String::new();
            if let Some(mut e) = child.stderr.take() {
                let _ = e.read_to_string(&mut err);
            }
            panic!(
                "the SMTP test server did not start (is aiosmtpd installed? ./scripts/test installs it):\n{err}"
            );
        };
        Smtp {
            child,
            port,
            certs,
            out,
        }
    }

    /// The messages received so far, in order.
    fn messages(&self) -> Vec<Value> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(self.out.path())
            .expect("out dir")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        files.sort();
        files
            .iter()
            .map(|p| {
                serde_json::from_str(&std::fs::read_to_string(p).expect("read")).expect("json")
            })
            .collect()
    }

    /// The environment that points loket at this server.
    fn env(&self, password: &str) -> Vec<(String, String)> {
        [
            ("LOKET_SMTP_HOST", "127.0.0.1".to_string()),
            ("LOKET_SMTP_PORT", self.port.to_string()),
            ("LOKET_SMTP_USER", USER.to_string()),
            ("LOKET_SMTP_PASSWORD", password.to_string()),
            (
                "LOKET_SMTP_FROM",
                "Diskominfo Contoh <loket@contohkab.go.id>".to_string(),
            ),
            (
                "LOKET_SMTP_CA",
                self.certs.path("ca.pem").to_string_lossy().into(),
            ),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
    }
}

impl Drop for Smtp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Comments of pull requests, kept like GitHub keeps them.
#[derive(Clone, Default)]
struct Comments(Arc<Mutex<Vec<(u64, u64, String)>>>);

impl Comments {
    fn of(&self, pr: u64) -> Vec<String> {
        let all = self.0.lock().expect("lock");
        all.iter()
            .filter(|(p, _, _)| *p == pr)
            .map(|(_, _, b)| b.clone())
            .collect()
    }

    fn add(&self, pr: u64, body: &str) {
        let mut all = self.0.lock().expect("lock");
        let id = all.len() as u64 + 100;
        all.push((pr, id, body.to_string()));
    }
}

impl Respond for Comments {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let parts: Vec<&str> = request.url.path().split('/').collect();
        let body = || {
            serde_json::from_slice::<Value>(&request.body).expect("json")["body"]
                .as_str()
                .unwrap_or_default()
                .to_string()
        };
        match (request.method.as_str(), parts.as_slice()) {
            ("GET", [.., "issues", pr, "comments"]) => {
                let pr: u64 = pr.parse().expect("pr");
                let all = self.0.lock().expect("lock");
                let list: Vec<Value> = all
                    .iter()
                    .filter(|(p, _, _)| *p == pr)
                    .map(|(_, id, body)| json!({"id": id, "body": body, "user": {"login": "github-actions[bot]"}}))
                    .collect();
                ResponseTemplate::new(200).set_body_json(list)
            }
            ("POST", [.., "issues", pr, "comments"]) => {
                self.add(pr.parse().expect("pr"), &body());
                ResponseTemplate::new(201).set_body_json(json!({}))
            }
            ("PATCH", [.., "comments", id]) => {
                let id: u64 = id.parse().expect("id");
                let mut all = self.0.lock().expect("lock");
                match all.iter_mut().find(|(_, i, _)| *i == id) {
                    Some(c) => {
                        c.2 = body();
                        ResponseTemplate::new(200).set_body_json(json!({}))
                    }
                    None => ResponseTemplate::new(404),
                }
            }
            _ => ResponseTemplate::new(404),
        }
    }
}

/// GitHub on 127.0.0.1 with its comments.
async fn github() -> (MockServer, Comments) {
    let server = MockServer::start().await;
    let comments = Comments::default();
    Mock::given(path_regex(
        r"^/repos/contoh/loket/issues/(\d+/comments|comments/\d+)$",
    ))
    .respond_with(comments.clone())
    .mount(&server)
    .await;
    (server, comments)
}

/// Two requests of dinas-b: #7 (`beta`, contact web@…) returned on
/// 3 June 2026 for incomplete files, #8 (`gamma`, contact `gamma_email`)
/// complete on 2 June and waiting for verification.
fn instance(gamma_email: &str) -> Fixture {
    let f = Fixture::with_request(&valid_request());
    let gamma = request_with("subdomain: beta", "subdomain: gamma")
        .replace("web@b.contohkab.go.id", gamma_email)
        .replace("0812 3456 7890", "0511 3350 1234");
    f.write(GAMMA, gamma);
    let check = |sha: &str, at: &str| json!([{"name": "loket check", "sha": sha, "conclusion": "success", "completed_at": at, "app": "github-actions"}]);
    let snap = json!({"version": 1, "repository": "contoh/loket", "fetched_at": "2026-06-03T04:00:00Z", "pull_requests": [
        {"number": 7, "author": "op-b", "state": "open", "created_at": "2026-06-02T01:00:00Z",
         "files": [REQ], "commits": [{"sha": "a", "committed_at": "2026-06-02T01:00:00Z", "files": [REQ]}],
         "checks": check("a", "2026-06-02T01:05:00Z"),
         "label_events": [
            {"label": "status: dikembalikan", "action": "added", "actor": "kasi-verifikasi", "at": "2026-06-03T02:00:00Z"},
            {"label": "alasan: berkas tidak lengkap", "action": "added", "actor": "kasi-verifikasi", "at": "2026-06-03T02:00:05Z"}
         ]},
        {"number": 8, "author": "op-b", "state": "open", "created_at": "2026-06-02T02:00:00Z",
         "files": [GAMMA], "commits": [{"sha": "b", "committed_at": "2026-06-02T02:00:00Z", "files": [GAMMA]}],
         "checks": check("b", "2026-06-02T02:05:00Z")}
    ]});
    f.write("snapshot.json", snap.to_string());
    f
}

/// Runs `loket --lang en notify ARGS` with only the given environment of
/// loket's own (inherited LOKET_*, GITHUB_* and SOURCE_DATE_EPOCH
/// removed), off the async threads; asserts that no secret appears in its
/// output.
async fn notify(
    f: &Fixture,
    github: Option<&MockServer>,
    env: &[(String, String)],
    args: &[&str],
) -> Run {
    notify_in(&["--lang", "en"], f, github, env, args).await
}

/// [`notify`] with `lang` (the `--lang` flag, or nothing for the default).
async fn notify_in(
    lang: &[&str],
    f: &Fixture,
    github: Option<&MockServer>,
    env: &[(String, String)],
    args: &[&str],
) -> Run {
    let mut all: Vec<String> = lang.iter().map(|a| a.to_string()).collect();
    all.extend([
        "--root".into(),
        f.root().to_string_lossy().into(),
        "notify".into(),
    ]);
    all.extend(args.iter().map(|a| a.to_string()));
    all.extend([
        "--snapshot".into(),
        f.path("snapshot.json").to_string_lossy().into(),
        "--now".into(),
        "2026-06-03T04:00:00Z".into(),
    ]);
    if let Some(server) = github {
        all.extend([
            "--repo".into(),
            "contoh/loket".into(),
            "--api".into(),
            server.uri(),
        ]);
    }
    run_notify(all, env).await
}

/// Runs loket with `all` as its arguments and only `env` of loket's own
/// environment; asserts that no secret appears in its output.
async fn run_notify(all: Vec<String>, env: &[(String, String)]) -> Run {
    let env = env.to_vec();
    let run = tokio::task::spawn_blocking(move || {
        let mut command = Command::new(env!("CARGO_BIN_EXE_loket"));
        command.args(&all).env("NO_COLOR", "1");
        for (key, _) in std::env::vars() {
            if key.starts_with("LOKET_") || key.starts_with("GITHUB_") || key == "SOURCE_DATE_EPOCH"
            {
                command.env_remove(key);
            }
        }
        command
            .env("GITHUB_TOKEN", GITHUB_TOKEN)
            .env("LOKET_GITHUB_BACKOFF_MS", "10")
            .envs(env);
        Run::from(command.output().expect("run loket"))
    })
    .await
    .expect("join");
    for secret in [
        PASSWORD,
        WA_TOKEN,
        "wa-token-Rahasia-7",
        GITHUB_TOKEN,
        "Salah-Sandi-99",
    ] {
        assert!(
            !run.stdout.contains(secret) && !run.stderr.contains(secret),
            "a secret leaked:\n{}\n{}",
            run.stdout,
            run.stderr
        );
    }
    run
}

fn wa_env(server: &MockServer) -> Vec<(String, String)> {
    vec![
        (
            "LOKET_WA_URL".into(),
            format!("{}/kirim?apikey=wa-token-Rahasia-7", server.uri()),
        ),
        ("LOKET_WA_TOKEN".into(), WA_TOKEN.into()),
    ]
}

#[tokio::test(flavor = "multi_thread")]
async fn email_over_starttls_says_why_and_a_second_run_sends_nothing() {
    let smtp = Smtp::start(false);
    let (github, comments) = github().await;
    comments.add(7, "<!-- loket:verifikasi -->\n### Hasil verifikasi\n");
    let f = instance("tik@b.contohkab.go.id");
    let run = notify(&f, Some(&github), &smtp.env(PASSWORD), &["--apply"]).await;
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(
        run.stdout,
        "2026-0002 dikembalikan (#7) → email w***@b.contohkab.go.id: sent\n\
         2026-0003 diterima (#8) → email t***@b.contohkab.go.id: sent\n\
         2 sent, 0 not sent\n"
    );
    let messages = smtp.messages();
    assert_eq!(messages.len(), 2);
    let returned = &messages[0];
    assert_eq!(returned["tls"], true, "STARTTLS was used");
    assert_eq!(returned["user"], USER);
    assert_eq!(returned["mail_from"], "loket@contohkab.go.id");
    assert_eq!(returned["rcpt_tos"], json!(["web@b.contohkab.go.id"]));
    let headers = &returned["headers"];
    assert_eq!(
        headers["To"], "web@b.contohkab.go.id",
        "the name a pull request writes is not used"
    );
    assert_eq!(headers["From"], "Diskominfo Contoh <loket@contohkab.go.id>");
    assert_eq!(
        headers["Subject"],
        "Permohonan 2026-0002 (beta.contohkab.go.id): dikembalikan untuk diperbaiki — Dinas Komunikasi dan Informatika Kabupaten Contoh"
    );
    assert_eq!(
        headers["Message-ID"],
        "<loket.2026-0002.dikembalikan.20260603T020000Z@contohkab.go.id>"
    );
    assert_eq!(headers["Auto-Submitted"], "auto-generated");
    let body = returned["body"].as_str().expect("body");
    for part in [
        "2026-0002",
        "dikembalikan untuk diperbaiki",
        "berkas tidak lengkap",
        "lengkapi persyaratan yang ditandai pada komentar loket",
        // Ten hari kerja after 3 June: 16 June is Tahun Baru Islam.
        "Mohon perbaiki sebelum 18 Juni 2026",
        "https://loket.contohkab.go.id/permohonan/2026-0002/",
        "https://github.com/contoh/loket/pull/7",
    ] {
        assert!(body.contains(part), "no `{part}` in:\n{body}");
    }
    insta::assert_snapshot!("notice_returned", body);
    let received = messages[1]["body"].as_str().expect("body");
    assert!(
        received.contains("Jatuh tempo      : 5 Juni 2026 pukul 16.00 WITA"),
        "the due date:\n{received}"
    );
    insta::assert_snapshot!("notice_received", received);

    // The ledger: in the existing comment of #7, a new comment on #8.
    let seven = comments.of(7);
    assert_eq!(seven.len(), 1);
    assert!(
        seven[0].ends_with(
            "### Hasil verifikasi\n\n<!-- loket:pemberitahuan -->\n\
             <!-- loket:pemberitahuan 2026-0002 dikembalikan 2026-06-03T02:00:00Z email -->\n"
        ),
        "{}",
        seven[0]
    );
    assert_eq!(
        comments.of(8),
        [
            "<!-- loket:verifikasi -->\n\n<!-- loket:pemberitahuan -->\n\
          <!-- loket:pemberitahuan 2026-0003 diterima 2026-06-02T02:05:00Z email -->\n"
        ]
    );

    let again = notify(&f, Some(&github), &smtp.env(PASSWORD), &["--apply"]).await;
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(
        again.stdout,
        "2026-0002 dikembalikan (#7) → email: sent before\n\
         2026-0003 diterima (#8) → email: sent before\n\
         0 sent, 0 not sent\n"
    );
    assert_eq!(smtp.messages().len(), 2, "nothing sent twice");
}

#[tokio::test(flavor = "multi_thread")]
async fn one_refused_recipient_does_not_stop_the_others() {
    let smtp = Smtp::start(false);
    let (github, comments) = github().await;
    let f = instance("tolak@b.contohkab.go.id");
    let run = notify(&f, Some(&github), &smtp.env(PASSWORD), &["--apply"]).await;
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("2026-0002 dikembalikan (#7) → email w***@b.contohkab.go.id: sent"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("2026-0003 diterima (#8) → email t***@b.contohkab.go.id: not sent: the SMTP server 127.0.0.1:"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains("error: 1 notice(s) could not be sent"),
        "{}",
        run.stderr
    );
    assert_eq!(smtp.messages().len(), 1);
    assert_eq!(
        comments.of(8),
        Vec::<String>::new(),
        "no ledger entry for what was not sent"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_login_names_the_variables_and_never_the_password() {
    let smtp = Smtp::start(false);
    let (github, comments) = github().await;
    let f = instance("tik@b.contohkab.go.id");
    let run = notify(&f, Some(&github), &smtp.env("Salah-Sandi-99"), &["--apply"]).await;
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("refused the login")
            && run
                .stderr
                .contains("check LOKET_SMTP_USER and LOKET_SMTP_PASSWORD"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("535"),
        "the server's answer: {}",
        run.stderr
    );
    assert!(smtp.messages().is_empty());
    assert!(comments.of(7).is_empty() && comments.of(8).is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn the_server_refuses_login_before_starttls_and_unknown_certificates() {
    let smtp = Smtp::start(false);
    let (github, _) = github().await;
    let f = instance("tik@b.contohkab.go.id");
    let mut plain = smtp.env(PASSWORD);
    plain.push(("LOKET_SMTP_TLS".into(), "none".into()));
    let run = notify(&f, Some(&github), &plain, &["--apply", "--pr", "7"]).await;
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("did not let loket log in")
            && run.stderr.contains("check LOKET_SMTP_TLS"),
        "{}",
        run.stderr
    );
    let mut unknown_ca = smtp.env(PASSWORD);
    unknown_ca.retain(|(k, _)| k != "LOKET_SMTP_CA");
    let run = notify(&f, Some(&github), &unknown_ca, &["--apply", "--pr", "7"]).await;
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("cannot use the SMTP server") && run.stderr.contains("LOKET_SMTP_CA"),
        "{}",
        run.stderr
    );
    assert!(smtp.messages().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn tls_from_the_first_byte() {
    let smtp = Smtp::start(true);
    let (github, _) = github().await;
    let f = instance("tik@b.contohkab.go.id");
    let mut env = smtp.env(PASSWORD);
    env.push(("LOKET_SMTP_TLS".into(), "tls".into()));
    let run = notify(&f, Some(&github), &env, &["--apply", "--pr", "8"]).await;
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let messages = smtp.messages();
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0]["tls"], true);
    assert_eq!(messages[0]["rcpt_tos"], json!(["tik@b.contohkab.go.id"]));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_whatsapp_gateway_gets_json_and_the_token_once() {
    let gateway = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/kirim"))
        .respond_with(
            ResponseTemplate::new(500).set_body_string("gateway rusak wa-token-Rahasia-7"),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&gateway)
        .await;
    Mock::given(method("POST"))
        .and(path("/kirim"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"status": true})))
        .mount(&gateway)
        .await;
    let (github, comments) = github().await;
    let f = instance("tik@b.contohkab.go.id");

    // First call: the gateway fails; #8's contact has a landline only.
    let run = notify(&f, Some(&github), &wa_env(&gateway), &["--apply"]).await;
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains(&format!(
            "2026-0002 dikembalikan (#7) → whatsapp 62***7890: not sent: the WhatsApp gateway {}/kirim answered 500: gateway rusak ***",
            gateway.uri()
        )),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("2026-0003 diterima (#8) → whatsapp: not sent: penanggung_jawab.telepon is not a mobile number"),
        "{}",
        run.stdout
    );
    assert!(comments.of(7).is_empty(), "a failed notice is not recorded");

    let run = notify(&f, Some(&github), &wa_env(&gateway), &["--apply"]).await;
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let requests = gateway.received_requests().await.expect("recorded");
    assert_eq!(requests.len(), 2);
    let sent = &requests[1];
    assert_eq!(
        sent.headers
            .get("authorization")
            .and_then(|v| v.to_str().ok()),
        Some(WA_TOKEN)
    );
    assert_eq!(
        sent.headers
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("application/json")
    );
    assert_eq!(sent.url.query(), Some("apikey=wa-token-Rahasia-7"));
    let body: Value = serde_json::from_slice(&sent.body).expect("JSON body");
    assert_eq!(body["phone"], "6281234567890");
    let text = body["text"].as_str().expect("text");
    assert!(
        text.starts_with(
            "*Permohonan 2026-0002 (beta.contohkab.go.id): dikembalikan untuk diperbaiki"
        ) && text.contains("Alasan               : berkas tidak lengkap"),
        "{text}"
    );
    assert!(comments.of(7)[0].ends_with(
        "<!-- loket:pemberitahuan 2026-0002 dikembalikan 2026-06-03T02:00:00Z whatsapp -->\n"
    ));

    let run = notify(&f, Some(&github), &wa_env(&gateway), &["--apply"]).await;
    assert_eq!(run.code, 0);
    assert!(
        run.stdout
            .contains("2026-0002 dikembalikan (#7) → whatsapp: sent before"),
        "{}",
        run.stdout
    );
    assert_eq!(
        gateway.received_requests().await.expect("recorded").len(),
        2,
        "no duplicate"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dry_run_plans_with_masked_addresses_and_no_transport_sends_nothing() {
    let f = instance("tik@b.contohkab.go.id");
    let run = notify(&f, None, &[], &[]).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "2026-0002 dikembalikan (#7) → email w***@b.contohkab.go.id\n\
         2026-0003 diterima (#8) → email t***@b.contohkab.go.id\n\
         (the ledger was not read: without --repo, notices sent before are listed too)\n\
         (no transport configured: LOKET_SMTP_HOST and LOKET_WA_URL are unset)\n\
         (dry run: pass --apply to send)\n"
    );
    let run = notify(&f, None, &[], &["--apply"]).await;
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (
            0,
            "no transport configured (LOKET_SMTP_HOST and LOKET_WA_URL are unset), nothing sent\n"
        )
    );
    let remote_plain = [
        (
            "LOKET_SMTP_HOST".to_string(),
            "mail.contohkab.go.id".to_string(),
        ),
        ("LOKET_SMTP_TLS".to_string(), "none".to_string()),
    ];
    let run = notify(&f, None, &remote_plain, &[]).await;
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("allowed only for a loopback host"),
        "{}",
        run.stderr
    );
}

/// The run's own words are Indonesian by default: the plan's closing
/// notes, a held change, nothing configured to send with.
#[tokio::test(flavor = "multi_thread")]
async fn a_dry_run_speaks_indonesian_by_default() {
    let f = instance("tik@b.contohkab.go.id");
    let run = notify_in(&[], &f, None, &[], &[]).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "2026-0002 dikembalikan (#7) → email w***@b.contohkab.go.id\n\
         2026-0003 diterima (#8) → email t***@b.contohkab.go.id\n\
         (catatan kiriman tidak dibaca: tanpa --repo, pemberitahuan yang sudah dikirim ikut tercantum)\n\
         (tidak ada saluran pengiriman: LOKET_SMTP_HOST dan LOKET_WA_URL tidak diisi)\n\
         (uji coba: tambahkan --apply untuk mengirim)\n"
    );
    let run = notify_in(&[], &f, None, &[], &["--apply"]).await;
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (
            0,
            "tidak ada saluran pengiriman (LOKET_SMTP_HOST dan LOKET_WA_URL tidak diisi), tidak ada yang dikirim\n"
        )
    );
    let text = f
        .read("snapshot.json")
        .replace("alasan: berkas tidak lengkap", "prioritas");
    f.write("snapshot.json", text);
    let run = notify_in(&[], &f, None, &[], &["--pr", "7"]).await;
    assert_eq!(
        run.stdout.lines().next(),
        Some("2026-0002 dikembalikan (#7): ditahan sampai label `alasan: …` ada pada pull request")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_return_without_a_reason_waits_for_it() {
    let f = instance("tik@b.contohkab.go.id");
    let text = f
        .read("snapshot.json")
        .replace("alasan: berkas tidak lengkap", "prioritas");
    f.write("snapshot.json", text);
    let run = notify(&f, None, &[], &["--pr", "7"]).await;
    assert_eq!(
        run.stdout.lines().next(),
        Some("2026-0002 dikembalikan (#7): held until an `alasan: …` label is on the pull request")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn loket_comment_carries_the_ledger_over() {
    let (github, comments) = github().await;
    let f = instance("tik@b.contohkab.go.id");
    let entry = "<!-- loket:pemberitahuan 2026-0002 dikembalikan 2026-06-03T02:00:00Z email -->";
    comments.add(
        7,
        &format!("<!-- loket:verifikasi -->\nlama\n\n<!-- loket:pemberitahuan -->\n{entry}\n"),
    );
    let snapshot = f.path("snapshot.json").to_string_lossy().to_string();
    let out = tokio::task::spawn_blocking({
        let root = f.root().to_path_buf();
        let api = github.uri();
        move || {
            Command::new(env!("CARGO_BIN_EXE_loket"))
                .args([
                    "--root",
                    &root.to_string_lossy(),
                    "comment",
                    "--pr",
                    "7",
                    "--repo",
                    "contoh/loket",
                ])
                .args([
                    "--snapshot",
                    &snapshot,
                    "--now",
                    "2026-06-03T04:00:00Z",
                    "--api",
                    &api,
                ])
                .env("GITHUB_TOKEN", GITHUB_TOKEN)
                .env_remove("GITHUB_STEP_SUMMARY")
                .output()
                .expect("run")
        }
    })
    .await
    .expect("join");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "komentar diperbarui\n"
    );
    let body = &comments.of(7)[0];
    assert!(body.contains("**Status:** dikembalikan"), "{body}");
    assert!(!body.contains("lama"));
    assert!(
        body.ends_with(&format!("\n\n<!-- loket:pemberitahuan -->\n{entry}\n")),
        "{body}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_request_only_in_its_pull_request_is_read_from_the_head_as_data() {
    let (github, _) = github().await;
    let f = instance("tik@b.contohkab.go.id");
    let text = f.read(GAMMA);
    std::fs::remove_file(f.path(GAMMA)).expect("remove");
    let answer = |text: &str| json!({"data": {"repository": {"f0": {"text": text}}}});
    Mock::given(method("POST"))
        .and(path("/graphql"))
        .and(wiremock::matchers::body_string_contains(
            "b:requests/dinas-b/2026-0003-gamma.yaml",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(answer(&text)))
        .up_to_n_times(1)
        .mount(&github)
        .await;
    let run = notify(&f, Some(&github), &[], &["--pr", "8"]).await;
    assert_eq!(
        run.stdout,
        "2026-0003 diterima (#8) → email t***@b.contohkab.go.id\n\
         (no transport configured: LOKET_SMTP_HOST and LOKET_WA_URL are unset)\n\
         (dry run: pass --apply to send)\n",
        "{}",
        run.stderr
    );
    // A head that names a stranger's address gets no mail.
    let hostile = text.replace("tik@b.contohkab.go.id", "korban@gmail.com");
    Mock::given(method("POST"))
        .and(path("/graphql"))
        .respond_with(ResponseTemplate::new(200).set_body_json(answer(&hostile)))
        .mount(&github)
        .await;
    let run = notify(&f, Some(&github), &[], &["--pr", "8"]).await;
    assert!(
        run.stdout.starts_with(
            "2026-0003 diterima (#8) → email: not sent: penanggung_jawab.email is not on the agency's domain b.contohkab.go.id\n"
        ),
        "{}",
        run.stdout
    );
}

/// `snapshot.json` of `f` with `edit` applied.
fn edit_snapshot(f: &Fixture, edit: impl FnOnce(&mut Value)) {
    let mut snap: Value = serde_json::from_str(&f.read("snapshot.json")).expect("json");
    edit(&mut snap);
    f.write("snapshot.json", snap.to_string());
}

#[tokio::test(flavor = "multi_thread")]
async fn notices_go_only_for_attributed_requests_trusted_checks_and_to_registered_contacts() {
    let smtp = Smtp::start(false);
    let (github, _) = github().await;
    // #8's contact is on the agency's domain but not registered.
    let f = instance("kepala@b.contohkab.go.id");
    let delta = "requests/dinas-b/2026-0004-delta.yaml";
    let eps = "requests/dinas-b/2026-0005-eps.yaml";
    f.write(delta, request_with("subdomain: beta", "subdomain: delta"));
    f.write(eps, request_with("subdomain: beta", "subdomain: eps"));
    edit_snapshot(&f, |snap| {
        let prs = snap["pull_requests"].as_array_mut().expect("prs");
        // A stranger's pull request naming a registered contact, checked.
        prs.push(json!({"number": 9, "author": "orang-asing", "state": "open", "created_at": "2026-06-02T03:00:00Z",
            "files": [delta], "checks": [{"name": "loket check", "sha": "d", "conclusion": "success",
            "completed_at": "2026-06-02T03:05:00Z", "app": "github-actions"}]}));
        // The operator's, with a "loket check" some other app reported.
        prs.push(json!({"number": 10, "author": "op-b", "state": "open", "created_at": "2026-06-02T03:00:00Z",
            "files": [eps], "checks": [
                {"name": "loket check", "sha": "e", "conclusion": "success", "completed_at": "2026-06-02T03:05:00Z"},
                {"name": "loket check", "sha": "e", "conclusion": "success", "completed_at": "2026-06-02T03:06:00Z", "app": "pemeriksa-palsu"}
            ]}));
    });
    let run = notify(&f, Some(&github), &smtp.env(PASSWORD), &["--apply"]).await;
    assert_eq!(
        run.stdout,
        "2026-0004 diterima (#9): not announced: the pull request is not attributed to an operator of the agency\n\
         2026-0002 dikembalikan (#7) → email w***@b.contohkab.go.id: sent\n\
         2026-0003 diterima (#8) → email: not sent: penanggung_jawab.email is not a registered contact of dinas-b (perangkat_daerah[].kontak)\n\
         1 sent, 0 not sent\n",
        "{}",
        run.stderr
    );
    let messages = smtp.messages();
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0]["rcpt_tos"], json!(["web@b.contohkab.go.id"]));
}

#[tokio::test(flavor = "multi_thread")]
async fn notices_carry_no_text_the_pull_request_wrote() {
    let smtp = Smtp::start(false);
    let (github, _) = github().await;
    let f = instance("tik@b.contohkab.go.id");
    f.edit(
        REQ,
        "nama: Pengelola",
        "nama: \"Menang besar di judi.example\"",
    );
    f.edit(
        REQ,
        "tujuan: Situs Dinas B",
        "tujuan: \"Klaim hadiah: https://judi.example/\"",
    );
    let run = notify(
        &f,
        Some(&github),
        &smtp.env(PASSWORD),
        &["--apply", "--pr", "7"],
    )
    .await;
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let messages = smtp.messages();
    assert_eq!(messages.len(), 1);
    let text = messages[0].to_string();
    assert!(!text.contains("judi"), "{text}");
    assert!(!text.contains("hadiah"), "{text}");
    assert_eq!(messages[0]["headers"]["To"], "web@b.contohkab.go.id");
}

#[tokio::test(flavor = "multi_thread")]
async fn closing_and_reopening_cannot_flood_the_agency() {
    let smtp = Smtp::start(false);
    let (github, _) = github().await;
    let f = instance("tik@b.contohkab.go.id");
    f.edit(
        "loket.yaml",
        "surat: {usia_maks_hari: 90}",
        "surat: {usia_maks_hari: 90}\npemberitahuan: {batas_harian: 2}",
    );
    let close = |at: &'static str| {
        move |snap: &mut Value| {
            snap["pull_requests"][1]["state"] = json!("closed");
            snap["pull_requests"][1]["closed_at"] = json!(at);
        }
    };
    // 3 June: #7 is returned at 10.00 WITA, #8 closed at 11.00.
    edit_snapshot(&f, close("2026-06-03T03:00:00Z"));
    let run = notify(&f, Some(&github), &smtp.env(PASSWORD), &["--apply"]).await;
    assert_eq!(
        run.stdout,
        "2026-0002 dikembalikan (#7) → email w***@b.contohkab.go.id: sent\n\
         2026-0003 dibatalkan (#8) → email t***@b.contohkab.go.id: sent\n\
         2 sent, 0 not sent\n",
        "{}",
        run.stderr
    );
    // #8 reopened and closed again the same day: a new change, over the cap.
    edit_snapshot(&f, close("2026-06-03T03:30:00Z"));
    let run = notify(
        &f,
        Some(&github),
        &smtp.env(PASSWORD),
        &["--apply", "--pr", "8"],
    )
    .await;
    assert_eq!(
        run.stdout,
        "2026-0003 dibatalkan (#8): not announced: the agency has had its notices of that day (pemberitahuan.batas_harian)\n\
         0 sent, 0 not sent\n",
        "{}",
        run.stderr
    );
    assert_eq!(smtp.messages().len(), 2);
}

/// `loket notify --audit` with the SMTP server's environment, against the
/// fake GitHub issues of `server`.
async fn notify_audit(f: &Fixture, server: &MockServer, smtp: &Smtp) -> Run {
    let all: Vec<String> = [
        "--lang",
        "en",
        "--root",
        &f.root().to_string_lossy(),
        "notify",
        "--audit",
        &f.path("audit.json").to_string_lossy(),
        "--apply",
        "--repo",
        "contoh/loket",
        "--api",
        &server.uri(),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    run_notify(all, &smtp.env(PASSWORD)).await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_security_notice_goes_once_per_finding_to_the_registered_contact() {
    use crate::audit_issues::{FakeIssues, HOST, sync};
    let smtp = Smtp::start(false);
    let server = MockServer::start().await;
    let fake = FakeIssues::default();
    fake.mount(&server).await;
    let f = Fixture::with_request(&valid_request());
    // What the site served (a redirect to a stranger) must not reach the mail.
    let found = [(
        "off-domain",
        "http://beta.contohkab.go.id/ dialihkan ke luar domain instansi: http://slot-gacor.example/daftar",
    )];
    let run = sync(&f, &server, &found).await;
    assert_eq!(run.code, 0, "{}", run.stderr);

    let run = notify_audit(&f, &server, &smtp).await;
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(
        run.stdout,
        format!(
            "{HOST} keamanan (#1) → email w***@b.contohkab.go.id [off-domain]: sent\n1 sent, 0 not sent\n"
        )
    );
    let messages = smtp.messages();
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0]["rcpt_tos"], json!(["web@b.contohkab.go.id"]));
    let headers = &messages[0]["headers"];
    assert_eq!(
        headers["Subject"],
        "Peringatan keamanan situs beta.contohkab.go.id — Dinas Komunikasi dan Informatika Kabupaten Contoh"
    );
    assert_eq!(
        headers["Message-ID"],
        "<loket.beta.contohkab.go.id.keamanan.20261120T030000Z@contohkab.go.id>"
    );
    let body = messages[0]["body"].as_str().expect("body");
    assert!(
        !body.contains("slot-gacor") && !body.contains("http://beta"),
        "{body}"
    );
    insta::assert_snapshot!("notice_security", body);
    assert!(
        fake.state().issues[0].body.ends_with(&format!(
            "<!-- loket:pemberitahuan-keamanan -->\n<!-- loket:pemberitahuan-keamanan {HOST} off-domain 2026-11-20T03:00:00Z email -->\n"
        )),
        "{}",
        fake.state().issues[0].body
    );

    // The same finding the next day: sent before; the issue sync keeps the ledger.
    let run = sync(&f, &server, &found).await;
    assert_eq!(
        run.stdout,
        format!("unchanged #1 {HOST}\n"),
        "{}",
        run.stderr
    );
    let run = notify_audit(&f, &server, &smtp).await;
    assert_eq!(
        run.stdout, "nothing to send\n0 sent, 0 not sent\n",
        "{}",
        run.stderr
    );
    assert_eq!(smtp.messages().len(), 1);

    // A new finding beside it: only the new one is announced.
    let both = [
        found[0],
        ("tls-expired", "sertifikat TLS sudah kedaluwarsa"),
    ];
    let run = sync(&f, &server, &both).await;
    assert_eq!(run.stdout, format!("update #1 {HOST}\n"), "{}", run.stderr);
    let run = notify_audit(&f, &server, &smtp).await;
    assert!(
        run.stdout.starts_with(&format!(
            "{HOST} keamanan (#1) → email w***@b.contohkab.go.id [tls-expired]: sent\n"
        )),
        "{}",
        run.stdout
    );
    assert_eq!(smtp.messages().len(), 2);
}
