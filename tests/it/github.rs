//! The GitHub client against a wiremock server on 127.0.0.1 that answers
//! like GitHub: pagination, rate limits, outages, bad bodies, bad tokens.

use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use crate::fake_github::{
    FakeCommit, FakeGitHub, FakePr, FakeRun, FakeSuite, label_event, operations,
};
use crate::support::{Fixture, PullRequestBuilder, Run, SnapshotBuilder, valid_request};

const TOKEN: &str = "ghp_secretTOKEN0123456789";

/// Runs loket against the mock server with a token, off the async threads.
pub(crate) async fn loket(f: &Fixture, server: &MockServer, args: &[&str]) -> Run {
    let mut all: Vec<String> = vec!["--root".into(), f.root().to_string_lossy().into()];
    all.extend(args.iter().map(|a| a.to_string()));
    all.extend(["--api".to_string(), server.uri()]);
    let run = tokio::task::spawn_blocking(move || {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_loket"))
            .args(&all)
            .env("GITHUB_TOKEN", TOKEN)
            .env("LOKET_GITHUB_BACKOFF_MS", "10")
            .env_remove("GITHUB_REPOSITORY")
            .env_remove("GITHUB_STEP_SUMMARY")
            .output()
            .expect("run loket");
        Run::from(out)
    })
    .await
    .expect("join");
    assert!(
        !run.stdout.contains(TOKEN) && !run.stderr.contains(TOKEN),
        "the token leaked"
    );
    run
}

/// Pull request `number` of the 250 the fake holds: every fifth touches
/// only README.md, every tenth is open, #20 came from issue #7.
fn fake_pr(number: u64) -> FakePr {
    let file = if number % 5 == 1 {
        "README.md".to_string()
    } else {
        format!("requests/dinas-b/2026-{number:04}-n{number}.yaml")
    };
    let mut pr = FakePr::new(number, "op-b", &file);
    if number == 20 {
        pr.author = Some("github-actions".into());
        pr.closing = vec![json!({"number": 7, "author": {"login": "op-b"}})];
    }
    pr.label_events = vec![
        label_event(
            true,
            "tahap: verifikasi",
            Some("kasi-verifikasi"),
            "2026-06-02T00:00:00Z",
        ),
        label_event(false, "tahap: verifikasi", None, "2026-06-02T01:00:00Z"),
    ];
    pr.reviews = vec![
        json!({"author": {"login": "kasi-verifikasi"}, "state": "APPROVED", "submittedAt": "2026-06-02T00:00:00Z"}),
    ];
    if number.is_multiple_of(10) {
        pr.open()
    } else {
        pr
    }
}

/// The fake GitHub of 250 pull requests and three survey issues.
fn fake() -> FakeGitHub {
    let prs: Vec<FakePr> = (1..=250).map(fake_pr).collect();
    let blobs = prs
        .iter()
        .filter(|p| p.state == "OPEN")
        .map(|p| {
            (
                format!("{}:{}", p.head(), p.files[0]),
                "layanan: subdomain-baru\ninstansi: dinas-b\n".to_string(),
            )
        })
        .collect();
    // More label events than the first page holds: read on to the end.
    let survey_labels: Vec<Value> = (0..25)
        .map(|i| {
            let at = format!("2026-06-05T01:{i:02}:00Z");
            label_event(i % 2 == 0, "survei: diterima", Some("kasi-verifikasi"), &at)
        })
        .collect();
    let surveys = vec![
        json!({"number": 301, "createdAt": "2026-06-05T00:00:00Z", "body": survey_body([4; 9], "2026-0001"), "state": "OPEN", "stateReason": null, "author": {"login": "op-b"}, "label_events": survey_labels}),
        json!({"number": 302, "createdAt": "2026-06-06T00:00:00Z", "body": survey_body([3, 3, 2, 3, 3, 3, 3, 3, 3], "_No response_"), "state": "OPEN", "stateReason": null, "author": {"login": "warga"}}),
        json!({"number": 303, "createdAt": "2026-06-07T00:00:00Z", "body": "spam", "state": "CLOSED", "stateReason": "NOT_PLANNED", "author": null}),
    ];
    FakeGitHub {
        prs,
        blobs,
        surveys,
        ..FakeGitHub::default()
    }
}

fn survey_body(scores: [u8; 9], request: &str) -> String {
    let mut body = format!("### Nomor permohonan (bila ada)\n\n{request}\n\n");
    for (e, s) in loket::skm::ELEMENTS.iter().zip(scores) {
        body.push_str(&format!("### {e}\n\n{s} - pilihan\n\n"));
    }
    body.push_str("### Saran\n\nNama saya Budi, 0812345678\n");
    body
}

async fn mount_pages(server: &MockServer) {
    mount(server, fake()).await;
}

async fn mount(server: &MockServer, fake: FakeGitHub) {
    Mock::given(method("POST"))
        .and(path("/graphql"))
        .respond_with(fake)
        .mount(server)
        .await;
}

/// GitHub's answer to reading the comments of issue `issue`: `comments`.
fn comments_of(issue: u64, comments: Value) -> Mock {
    Mock::given(method("GET"))
        .and(path(format!("/repos/contoh/loket/issues/{issue}/comments")))
        .respond_with(ResponseTemplate::new(200).set_body_json(comments))
}

fn graphql_calls(requests: &[Request]) -> usize {
    requests
        .iter()
        .filter(|r| r.url.path() == "/graphql")
        .count()
}

#[tokio::test(flavor = "multi_thread")]
async fn fetch_reads_250_pull_requests_in_nine_calls() {
    let server = MockServer::start().await;
    mount_pages(&server).await;
    let f = Fixture::base();
    let run = loket(&f, &server, &["fetch", "--repo", "contoh/loket"]).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let snap: Value = serde_json::from_str(&run.stdout).expect("snapshot");
    let prs = snap["pull_requests"].as_array().expect("prs");
    assert_eq!(
        prs.len(),
        200,
        "the 50 that touch only README.md are left out"
    );
    let calls = graphql_calls(&server.received_requests().await.expect("recorded"));
    assert_eq!(
        calls, 9,
        "5 pages of 50 + 1 batch of request files + 1 of surveys + 1 more page of a survey's label events + 1 of complaints"
    );
    let surveys = snap["surveys"].as_array().expect("surveys");
    assert_eq!(surveys.len(), 2, "the spam issue is no answer");
    assert_eq!(surveys[0]["request"], "2026-0001");
    assert_eq!(
        (
            &surveys[0]["author"],
            &surveys[0]["state"],
            surveys[0]["label_events"].as_array().map(Vec::len)
        ),
        (&json!("op-b"), &json!("open"), Some(25))
    );
    assert!(
        !run.stdout.contains("Budi") && !run.stdout.contains("0812345678"),
        "no free text kept"
    );
    let open = prs.iter().find(|p| p["number"] == 10).expect("#10");
    assert_eq!(
        open["service"], "subdomain-baru",
        "read from the head as data"
    );
    assert_eq!(
        open["label_events"][1]["actor"], "ghost",
        "a deleted account"
    );
    assert_eq!(open["checks"][0]["conclusion"], "success");
    assert!(open.get("origin").is_none(), "no closing issue, no origin");
    let intake = prs.iter().find(|p| p["number"] == 20).expect("#20");
    assert_eq!(
        (&intake["author"], &intake["origin"]),
        (
            &json!("github-actions"),
            &json!({"issue": 7, "author": "op-b"})
        )
    );
    let header = server.received_requests().await.expect("recorded")[0]
        .headers
        .get("authorization")
        .cloned();
    assert_eq!(
        header.and_then(|h| h.to_str().ok().map(str::to_string)),
        Some(format!("Bearer {TOKEN}"))
    );
}

/// What `loket fetch` makes of a GraphQL answer.
enum Outcome {
    /// Answered only the first time (then GitHub's pages): the fetch
    /// recovers, with this many GraphQL calls when given.
    Recovers(Option<usize>),
    /// Answered every time: the fetch exits 2 and says this.
    Fails(&'static str),
}

/// A GraphQL answer: its row name, the answer and what loket makes of it.
fn graphql_answers() -> Vec<(&'static str, ResponseTemplate, Outcome)> {
    let rate_limit = |reset: &str| {
        ResponseTemplate::new(403)
            .insert_header("x-ratelimit-remaining", "0")
            .insert_header("x-ratelimit-reset", reset)
            .set_body_json(json!({"message": "API rate limit exceeded"}))
    };
    let soon = (chrono::Utc::now().timestamp() + 1).to_string();
    let node = json!({"id": "PR1", "number": 1, "state": "OPEN", "createdAt": "2026-06-01T00:00:00Z",
        "closedAt": null, "mergedAt": null, "headRefOid": "a", "changedFiles": 0,
        "files": {"pageInfo": {"hasNextPage": false, "endCursor": null}, "nodes": []}});
    vec![
        (
            "a_primary_rate_limit_waits_until_reset",
            rate_limit(&soon),
            Outcome::Recovers(None),
        ),
        (
            "a_primary_rate_limit_says_when",
            rate_limit("4102444800"),
            Outcome::Fails("rate limit is exhausted until 2100-01-01T00:00:00+00:00"),
        ),
        // One refused call, then the nine of a fetch.
        (
            "a_secondary_rate_limit_is_waited_out",
            ResponseTemplate::new(403)
                .insert_header("retry-after", "1")
                .set_body_json(json!({"message": "You have exceeded a secondary rate limit."})),
            Outcome::Recovers(Some(10)),
        ),
        (
            "a_502_is_retried",
            ResponseTemplate::new(502).set_body_string("Bad Gateway"),
            Outcome::Recovers(None),
        ),
        (
            "a_lasting_outage_says_so",
            ResponseTemplate::new(503).set_body_json(json!({"message": "unavailable"})),
            Outcome::Fails("reading pull requests failed after 4 attempts: 503 unavailable"),
        ),
        (
            "malformed_json_is_named",
            ResponseTemplate::new(200).set_body_string("{\"data\": {\"repository\": "),
            Outcome::Fails("reading pull requests: GitHub sent a response loket cannot read"),
        ),
        (
            "a_missing_field_is_an_error_not_an_empty_value",
            ResponseTemplate::new(200).set_body_json(
                json!({"data": {"repository": {"pullRequests": {"totalCount": 1,
                "pageInfo": {"hasNextPage": false, "endCursor": null}, "nodes": [node]}}}}),
            ),
            Outcome::Fails("GitHub sent a response loket cannot read: missing field `author`"),
        ),
        (
            "an_expired_token",
            ResponseTemplate::new(401).set_body_json(json!({"message": "Bad credentials"})),
            Outcome::Fails("401 Unauthorized): it is missing, expired or revoked"),
        ),
    ]
}

#[tokio::test(flavor = "multi_thread")]
async fn fetch_meets_each_graphql_answer() {
    for (name, answer, outcome) in graphql_answers() {
        let server = MockServer::start().await;
        let mock = Mock::given(method("POST"))
            .and(path("/graphql"))
            .respond_with(answer);
        match outcome {
            Outcome::Recovers(_) => {
                mock.up_to_n_times(1).with_priority(1).mount(&server).await;
                mount_pages(&server).await;
            }
            Outcome::Fails(_) => mock.mount(&server).await,
        }
        let run = loket(
            &Fixture::base(),
            &server,
            &["fetch", "--repo", "contoh/loket"],
        )
        .await;
        match outcome {
            Outcome::Recovers(calls) => {
                assert_eq!(run.code, 0, "answer `{name}`: {}", run.stderr);
                let recorded = server.received_requests().await.expect("recorded");
                if let Some(calls) = calls {
                    assert_eq!(graphql_calls(&recorded), calls, "answer `{name}`");
                }
            }
            Outcome::Fails(expected) => {
                assert_eq!(run.code, 2, "answer `{name}`: {}", run.stderr);
                assert!(
                    run.stderr.contains(expected),
                    "answer `{name}`: {}",
                    run.stderr
                );
            }
        }
    }
}

/// A labels API that answers `answers` (method, path, status, body) to
/// `loket labels sync --repo REPO`: the row name, REPO, the answers and
/// what loket says.
type LabelsAnswer = (
    &'static str,
    &'static str,
    Vec<(&'static str, &'static str, u16, Value)>,
    &'static str,
);

fn labels_answers() -> Vec<LabelsAnswer> {
    vec![
        (
            "a_missing_repository",
            "contoh/hilang",
            vec![(
                "GET",
                "/repos/contoh/hilang/labels",
                404,
                json!({"message": "Not Found"}),
            )],
            "reading labels: not found (404); check --repo",
        ),
        (
            "a_forbidden_write_names_the_permission",
            "contoh/loket",
            vec![
                ("GET", "/repos/contoh/loket/labels", 200, json!([])),
                (
                    "POST",
                    "/repos/contoh/loket/labels",
                    403,
                    json!({"message": "Resource not accessible by integration"}),
                ),
            ],
            "the token needs the `issues: write` permission",
        ),
    ]
}

#[tokio::test(flavor = "multi_thread")]
async fn labels_sync_meets_each_labels_answer() {
    for (name, repo, answers, expected) in labels_answers() {
        let server = MockServer::start().await;
        for (verb, at, status, body) in answers {
            Mock::given(method(verb))
                .and(path(at))
                .respond_with(ResponseTemplate::new(status).set_body_json(body))
                .mount(&server)
                .await;
        }
        let run = loket(
            &Fixture::base(),
            &server,
            &["labels", "sync", "--repo", repo],
        )
        .await;
        assert_eq!(run.code, 2, "answer `{name}`: {}", run.stderr);
        assert!(
            run.stderr.contains(expected),
            "answer `{name}`: {}",
            run.stderr
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn labels_sync_creates_updates_and_is_idempotent() {
    let server = MockServer::start().await;
    let existing = json!([
        {"name": "tahap: verifikasi", "color": "000000", "description": "lama"},
        {"name": "status: ditolak", "color": "b60205", "description": "Permohonan ditolak"},
        {"name": "tahap: lama", "color": "1d76db", "description": ""},
        {"name": "bug", "color": "d73a4a", "description": ""}
    ]);
    Mock::given(method("GET"))
        .and(path("/repos/contoh/loket/labels"))
        .respond_with(ResponseTemplate::new(200).set_body_json(existing))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/repos/contoh/loket/labels"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({})))
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let f = Fixture::base();
    let run = loket(
        &f,
        &server,
        &["--lang", "en", "labels", "sync", "--repo", "contoh/loket"],
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "create ajukan: subdomain-baru\ncreate ajukan: subdomain-hapus\ncreate ajukan: subdomain-ubah\n\
create alasan: berkas tidak lengkap\ncreate alasan: di luar kewenangan\ncreate alasan: keterangan tidak cukup\n\
create alasan: lainnya\ncreate alasan: nama sudah dipakai\ncreate alasan: nama tidak sesuai kebijakan\n\
create alasan: pengaduan ganda\ncreate alasan: rekaman DNS tidak valid\ncreate alasan: surat tidak sah\n\
create audit: situs\ncreate kanal: langsung\ncreate kanal: lapor\ncreate kanal: surat\ncreate kanal: telepon\n\
create kanal: whatsapp\ncreate pengaduan\ncreate pengaduan: boleh diumumkan\ncreate status: dikembalikan\ncreate status: diproses\n\
create status: diterima\ncreate status: menunggu pengadu\ncreate status: selesai\ncreate survei: diterima\n\
update tahap: verifikasi\n"
    );
    let patch = server
        .received_requests()
        .await
        .expect("recorded")
        .into_iter()
        .find(|r| r.method.as_str() == "PATCH")
        .expect("a PATCH");
    assert_eq!(
        patch.url.path(),
        "/repos/contoh/loket/labels/tahap%3A%20verifikasi"
    );
    let run = loket(
        &f,
        &server,
        &["labels", "sync", "--repo", "contoh/loket", "--prune"],
    )
    .await;
    // Without --lang the plan is in Indonesian, the default.
    assert!(
        run.stdout.contains("hapus tahap: lama") && !run.stdout.contains("hapus bug"),
        "{}",
        run.stdout
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn comment_is_created_once_then_updated_in_place() {
    let server = MockServer::start().await;
    let f = Fixture::with_request(&valid_request());
    let pr = PullRequestBuilder::new(7, "op-b", "2026-06-02T01:00:00Z")
        .files(&[crate::support::REQ])
        .check("a", "success", "2026-06-02T01:05:00Z");
    let snapshot = f.write_snapshot(
        &SnapshotBuilder::new("contoh/loket", "2026-06-10T00:00:00Z")
            .pr(pr)
            .json(),
    );
    let args = [
        "comment",
        "--pr",
        "7",
        "--repo",
        "contoh/loket",
        "--snapshot",
        &snapshot,
        "--now",
        "2026-06-03T00:00:00Z",
    ];
    // A stranger's comment carrying loket's marker is not loket's: loket
    // writes its own instead of adopting it (and its ledger).
    comments_of(7, json!([
        {"id": 1, "body": "Terima kasih", "user": {"login": "op-b"}},
        {"id": 5, "body": "<!-- loket:verifikasi -->\n### ✅ Semua syarat terpenuhi", "user": {"login": "op-b"}}
    ]))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/repos/contoh/loket/issues/7/comments"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": 2})))
        .mount(&server)
        .await;
    let run = loket(&f, &server, &args).await;
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "komentar dibuat\n"),
        "{}",
        run.stderr
    );
    let posted = server
        .received_requests()
        .await
        .expect("recorded")
        .into_iter()
        .find(|r| r.method.as_str() == "POST")
        .expect("POST");
    let body: Value = serde_json::from_slice(&posted.body).expect("json");
    let text = body["body"].as_str().expect("body").to_string();
    insta::assert_snapshot!("verification_comment", text);
    comments_of(
        7,
        json!([{"id": 2, "body": "<!-- loket:verifikasi -->\nold", "user": {"login": "github-actions[bot]"}}]),
    )
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .and(path("/repos/contoh/loket/issues/comments/2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": 2})))
        .mount(&server)
        .await;
    let run = loket(&f, &server, &[&["--lang", "en"][..], &args].concat()).await;
    assert_eq!(run.stdout, "comment updated\n", "{}", run.stderr);
}

#[test]
fn without_a_token_fetch_says_how_to_set_one() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_loket"))
        .args([
            "fetch",
            "--repo",
            "contoh/loket",
            "--api",
            "http://127.0.0.1:9",
        ])
        .env_remove("GITHUB_TOKEN")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("GITHUB_TOKEN is not set"));
}

#[tokio::test(flavor = "multi_thread")]
async fn sweep_applies_each_action_once() {
    let server = MockServer::start().await;
    let f = Fixture::base();
    let snapshot = f.write_snapshot(&crate::sweep::sweep_snapshot());
    // #2 was reminded before; nobody commented on the others yet.
    comments_of(
        2,
        json!([{"id": 9, "body": "<!-- loket:sweep:pengingat -->\nlama", "user": {"login": "github-actions[bot]"}}]),
    )
        .with_priority(1)
        .mount(&server)
        .await;
    // On #3 a stranger wrote the marker of a close: it is not loket's, and
    // #3 is still closed.
    comments_of(
        3,
        json!([{"id": 11, "body": "<!-- loket:sweep:ditutup -->\nsudah", "user": {"login": "op-a"}}]),
    )
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({})))
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    let args = [
        "sweep",
        "--lang",
        "en",
        "--snapshot",
        &snapshot,
        "--repo",
        "contoh/loket",
        "--apply",
        "--now",
        "2026-06-10T00:00:00Z",
    ];
    let run = loket(&f, &server, &args).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("remind  #2 (returned 7 hari kerja ago): done before"),
        "{}",
        run.stdout
    );
    let requests = server.received_requests().await.expect("recorded");
    let closed: Vec<&str> = requests
        .iter()
        .filter(|r| r.method.as_str() == "PATCH")
        .map(|r| r.url.path())
        .collect();
    assert_eq!(closed, ["/repos/contoh/loket/pulls/3"]);
    let posted: Vec<String> = requests
        .iter()
        .filter(|r| r.method.as_str() == "POST")
        .map(|r| {
            serde_json::from_slice::<Value>(&r.body).expect("json")["body"]
                .as_str()
                .unwrap_or("")
                .to_string()
        })
        .collect();
    assert_eq!(posted.len(), 3, "close #3, overdue #4 and #5");
    assert!(posted[0].starts_with("<!-- loket:sweep:ditutup -->\nPermohonan ditutup (dibatalkan): tidak ada tanggapan 13 hari kerja"), "{}", posted[0]);
    assert!(
        posted[1].contains("@kasi-verifikasi tahap «Verifikasi» telah melewati waktu standarnya."),
        "{}",
        posted[1]
    );
    // The same log in Indonesian, the default.
    let run = loket(&f, &server, &[&args[..1], &args[3..]].concat()).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    for line in [
        "ingatkan  #2 (dikembalikan 7 hari kerja lalu): sudah dilakukan sebelumnya",
        "tutup     #3 (dikembalikan 13 hari kerja lalu): selesai",
        "terlambat #4 tahap «Verifikasi» → kasi-verifikasi: selesai",
    ] {
        assert!(run.stdout.contains(line), "{line}\n{}", run.stdout);
    }
}

/// A pull request past every first page: 150 changed files (the 120th
/// outside the agency), 120 label events, 30 reviews and 130 commits, the
/// head with 12 check suites of 12 runs each.
fn big_pull_request() -> FakePr {
    let mut pr = FakePr::new(1, "op-b", "requests/dinas-b/2026-0001-besar.yaml").open();
    pr.files
        .extend((1..150).map(|i| format!("requests/dinas-b/lampiran/berkas-{i:03}.pdf")));
    pr.files[119] = "README.md".into();
    pr.label_events = (0..120)
        .map(|i| {
            let at = format!("2026-06-02T{:02}:{:02}:00Z", i / 60, i % 60);
            label_event(
                i % 2 == 0,
                "tahap: verifikasi",
                Some("kasi-verifikasi"),
                &at,
            )
        })
        .collect();
    pr.reviews = (0..30)
        .map(|_| json!({"author": {"login": "kasi-verifikasi"}, "state": "COMMENTED", "submittedAt": "2026-06-02T00:00:00Z"}))
        .collect();
    pr.commits = (0..130)
        .map(|i| FakeCommit {
            oid: format!("{:040x}", 1000 + i),
            date: "2026-06-01T00:00:00Z".into(),
            suites: if i == 129 {
                (0..12)
                    .map(|_| FakeSuite {
                        app: "github-actions".into(),
                        runs: (0..12)
                            .map(|_| FakeRun {
                                name: "loket check".into(),
                                conclusion: "FAILURE".into(),
                                completed_at: "2026-06-01T00:05:00Z".into(),
                            })
                            .collect(),
                    })
                    .collect()
            } else {
                Vec::new()
            },
        })
        .collect();
    pr
}

#[tokio::test(flavor = "multi_thread")]
async fn a_big_pull_request_is_read_to_the_end() {
    let server = MockServer::start().await;
    let pr = big_pull_request();
    let blobs = vec![(
        format!("{}:{}", pr.head(), pr.files[0]),
        "layanan: subdomain-baru\n".to_string(),
    )];
    mount(
        &server,
        FakeGitHub {
            prs: vec![pr],
            blobs,
            ..FakeGitHub::default()
        },
    )
    .await;
    let run = loket(
        &Fixture::base(),
        &server,
        &["fetch", "--repo", "contoh/loket", "--pr", "1"],
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let snap: Value = serde_json::from_str(&run.stdout).expect("snapshot");
    let got = &snap["pull_requests"][0];
    let len = |key: &str| got[key].as_array().map_or(0, Vec::len);
    assert_eq!(
        (
            len("files"),
            len("label_events"),
            len("reviews"),
            len("commits"),
            len("checks")
        ),
        (150, 120, 30, 130, 144)
    );
    assert_eq!(got["files"][119], "README.md");
    assert_eq!(got["checks"][0]["app"], "github-actions");
    let ops = operations(&server.received_requests().await.expect("recorded"));
    let count = |op: &str| ops.iter().filter(|o| *o == op).count();
    assert_eq!(
        (
            count("PullRequest"),
            count("MoreFiles"),
            count("MoreLabelEvents"),
            count("MoreReviews"),
            count("MoreCommits"),
            count("MoreCheckSuites"),
            count("MoreCheckRuns"),
        ),
        (1, 1, 1, 1, 5, 1, 12),
        "{ops:?}"
    );
}

/// `loket fetch --open --pr N`, for the gate's check (L100): the open
/// pull requests alone, GitHub filtering them, each read to the end like
/// every other list, plus pull request N whatever its state; no surveys.
#[tokio::test(flavor = "multi_thread")]
async fn fetch_open_reads_the_open_pull_requests_to_the_end_and_the_one_asked_for() {
    let server = MockServer::start().await;
    let mut github = fake();
    let mut big = big_pull_request();
    big.number = 251;
    github.prs.push(big);
    mount(&server, github).await;
    let run = loket(
        &Fixture::base(),
        &server,
        &["fetch", "--open", "--pr", "3", "--repo", "contoh/loket"],
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let snap: Value = serde_json::from_str(&run.stdout).expect("snapshot");
    let prs = snap["pull_requests"].as_array().expect("list");
    let numbers: Vec<u64> = prs.iter().filter_map(|p| p["number"].as_u64()).collect();
    let mut want = vec![3];
    want.extend((1..=25).map(|i| i * 10));
    want.push(251);
    assert_eq!(numbers, want);
    assert_eq!(prs[0]["state"], "merged", "the one asked for, merged");
    let big = prs.last().expect("big");
    assert_eq!(big["files"].as_array().map_or(0, Vec::len), 150);
    assert_eq!(snap["surveys"], json!([]));
    let ops = operations(&server.received_requests().await.expect("recorded"));
    let count = |op: &str| ops.iter().filter(|o| *o == op).count();
    assert_eq!(
        (
            count("OpenPullRequests"),
            count("PullRequests"),
            count("PullRequest"),
            count("MoreFiles"),
            count("Surveys")
        ),
        (1, 0, 1, 1, 0),
        "{ops:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_gate_sees_the_120th_file_of_a_big_pull_request() {
    let server = MockServer::start().await;
    let pr = big_pull_request();
    mount(
        &server,
        FakeGitHub {
            prs: vec![pr],
            ..FakeGitHub::default()
        },
    )
    .await;
    let f = Fixture::base();
    let run = loket(
        &f,
        &server,
        &["gate", "--pr", "1", "--repo", "contoh/loket"],
    )
    .await;
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("✗ README.md berada di luar requests/dinas-b/"),
        "{}",
        run.stdout
    );
}

/// `loket fetch` against `fake` exits 2 and says `expected`.
async fn fetch_from_fails_with(fake: FakeGitHub, expected: &str) {
    let server = MockServer::start().await;
    mount(&server, fake).await;
    let run = loket(
        &Fixture::base(),
        &server,
        &["fetch", "--repo", "contoh/loket"],
    )
    .await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains(expected), "{}", run.stderr);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_files_list_github_cuts_short_is_refused() {
    let mut pr = FakePr::new(1, "op-b", "requests/dinas-b/2026-0001-besar.yaml");
    pr.files
        .extend((1..3000).map(|i| format!("requests/dinas-b/lampiran/b{i}.pdf")));
    pr.changed_files = Some(3500);
    let fake = FakeGitHub {
        prs: vec![pr],
        ..FakeGitHub::default()
    };
    fetch_from_fails_with(
        fake,
        "reading pull requests: GitHub lists 3000 of the 3500 files pull request #1 changes (it lists at most 3,000); split the pull request; loket decides only on complete lists",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn approve_binds_an_officers_label_to_the_head_and_nothing_else() {
    let server = MockServer::start().await;
    let sha = "0123456789abcdef0123456789abcdef01234567";
    Mock::given(method("POST"))
        .and(path(format!("/repos/contoh/loket/statuses/{sha}")))
        .and(wiremock::matchers::body_json(json!({
            "state": "success",
            "context": "loket/setuju: tahap: verifikasi",
            "description": "@kasi-verifikasi"
        })))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": 1})))
        .expect(1)
        .mount(&server)
        .await;
    let f = Fixture::base();
    async fn approve(
        f: &Fixture,
        server: &MockServer,
        actor: &str,
        label: &str,
        head: &str,
    ) -> Run {
        let args = [
            "--lang",
            "en",
            "approve",
            "--label",
            label,
            "--actor",
            actor,
            "--head",
            head,
            "--repo",
            "contoh/loket",
        ];
        loket(f, server, &args).await
    }
    let run = approve(&f, &server, "kasi-verifikasi", "tahap: verifikasi", sha).await;
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (
            0,
            "recorded: `tahap: verifikasi` by @kasi-verifikasi on 0123456\n"
        ),
        "{}",
        run.stderr
    );
    for (actor, label) in [
        ("random-triager", "tahap: verifikasi"),
        ("staf-teknis", "tahap: verifikasi"),
        ("kasi-verifikasi", "status: selesai"),
    ] {
        let run = approve(&f, &server, actor, label, sha).await;
        assert_eq!(
            (run.code, run.stdout),
            (
                0,
                format!("not recorded: @{actor} holds no role of a stage labelled `{label}`\n")
            )
        );
    }
    let run = approve(
        &f,
        &server,
        "kasi-verifikasi",
        "tahap: verifikasi",
        "HEAD~1",
    )
    .await;
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("`HEAD~1` is not a commit id"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_hostile_request_cannot_write_into_the_verification_comment() {
    // An unknown key, an email and a path of the pull request carry
    // headings, a ticked line, mentions, HTML and a forged ledger entry.
    let payload = "x\n### ✅ Semua persyaratan terpenuhi\n- [x] Surat permohonan\n<!-- loket:pemberitahuan -->\n<!-- loket:pemberitahuan 2026-0002 diterima 2026-06-02T01:00:00Z email -->\n@kasi-verifikasi lihat [ini](https://evil.example) <img src=x>";
    let key = serde_json::to_string(payload).expect("json string");
    let f = Fixture::with_request(&format!(
        "{}{key}: 1\n",
        crate::support::request_with("email: web@b.contohkab.go.id", "email: \"<!--@evil-->\"",)
    ));
    let outside = ".github/<!-- loket:pemberitahuan -->\n### ✅/`x`.yml";
    let snap = json!({"version": 1, "repository": "contoh/loket", "fetched_at": "2026-06-10T00:00:00Z", "pull_requests": [{
        "number": 7, "author": "op-b", "state": "open", "created_at": "2026-06-02T01:00:00Z",
        "files": [crate::support::REQ, outside]
    }]});
    f.write("snapshot.json", snap.to_string());
    let run = f.run(&[
        "comment",
        "--pr",
        "7",
        "--snapshot",
        &f.path("snapshot.json").to_string_lossy(),
        "--now",
        "2026-06-03T00:00:00Z",
        "--dry-run",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = &run.stdout;
    // The findings are there, quoted on their own lines.
    assert!(
        text.contains("- `L011` baris 15: kunci <code>x ") && text.contains("- `L060` baris 12:"),
        "{text}"
    );
    assert!(text.contains("luar requests\\/dinas\\-b\\/"), "{text}");
    // Only loket's headings, markers and ticks.
    let headings: Vec<&str> = text.lines().filter(|l| l.starts_with('#')).collect();
    assert_eq!(
        headings,
        [
            "### Hasil verifikasi <code>requests\\/dinas\\-b\\/2026\\-0002\\-beta\\.yaml</code>",
            "#### Persyaratan",
            "#### Temuan lain",
            "#### Belum terpenuhi untuk digabung"
        ],
        "{text}"
    );
    let markers: Vec<&str> = text.lines().filter(|l| l.contains("<!--")).collect();
    assert_eq!(
        markers,
        ["<!-- loket:verifikasi -->", "<!-- loket:pemberitahuan -->"],
        "{text}"
    );
    let ticked: Vec<&str> = text.lines().filter(|l| l.starts_with("- [x]")).collect();
    assert_eq!(
        ticked,
        ["- [x] Surat permohonan", "- [x] Deskripsi tujuan"],
        "{text}"
    );
    assert!(!text.contains("@kasi") && !text.contains("@evil"), "{text}");
    assert!(
        !text.contains("<img") && !text.contains("](https"),
        "{text}"
    );
    assert!(text.ends_with("<!-- loket:pemberitahuan -->\n"), "{text}");
}

/// The body the complaint form renders.
fn complaint_body(kind: &str, text: &str) -> String {
    format!(
        "### Nomor permohonan (bila ada), mis. 2026-0007\n\n2026-0007\n\n### Layanan yang diadukan (bila ada)\n\nsubdomain-baru — Pembuatan Subdomain\n\n### Jenis pengaduan\n\n{kind}\n\n### Isi pengaduan\n\n{text}\n"
    )
}

/// `loket fetch` reads every complaint issue (label `pengaduan`) to the
/// end, as it does pull requests: the second page of issues, the second
/// page of a complaint's label events. It keeps the facts and the form's
/// kind, and a complaint's text only where an officer of `loket.yaml`
/// marked it publishable.
#[tokio::test(flavor = "multi_thread")]
async fn fetch_reads_complaints_to_the_end_and_keeps_a_text_only_an_officer_published() {
    let server = MockServer::start().await;
    let at = |i: u64| format!("2026-06-10T0{}:{:02}:00Z", i / 60, i % 60);
    let publish = |actor: &str| {
        vec![label_event(
            true,
            "pengaduan: boleh diumumkan",
            Some(actor),
            "2026-06-10T05:00:00Z",
        )]
    };
    // More label events than the first page holds.
    let many: Vec<Value> = (0..25)
        .map(|i| {
            label_event(
                i % 2 == 0,
                "status: diproses",
                Some("kasi-verifikasi"),
                &at(i),
            )
        })
        .collect();
    let mut complaints: Vec<Value> = vec![
        json!({"number": 401, "createdAt": "2026-06-09T00:00:00Z", "body": complaint_body("Pengaduan ringan", "Rahasia 0812345678"), "state": "OPEN", "stateReason": null, "author": {"login": "warga-a"}, "label_events": many}),
        json!({"number": 402, "createdAt": "2026-06-09T01:00:00Z", "body": complaint_body("Pengaduan ringan", "Situs sekolah belum aktif"), "state": "CLOSED", "stateReason": "COMPLETED", "author": {"login": "warga-b"}, "label_events": publish("kasi-verifikasi")}),
        json!({"number": 403, "createdAt": "2026-06-09T02:00:00Z", "body": complaint_body("Pengaduan ringan", "Diumumkan sendiri"), "state": "OPEN", "stateReason": null, "author": null, "label_events": publish("warga-c")}),
    ];
    complaints.extend((404..510).map(|n| {
        json!({"number": n, "createdAt": "2026-06-11T00:00:00Z", "body": "", "state": "OPEN", "stateReason": null, "author": {"login": "warga-d"}})
    }));
    mount(
        &server,
        FakeGitHub {
            complaints,
            ..FakeGitHub::default()
        },
    )
    .await;
    let run = loket(
        &Fixture::base(),
        &server,
        &["fetch", "--repo", "contoh/loket"],
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let snap: Value = serde_json::from_str(&run.stdout).expect("snapshot");
    let list = snap["complaints"].as_array().expect("complaints");
    assert_eq!(list.len(), 109, "both pages of issues");
    assert_eq!(
        list[0],
        json!({
            "issue": 401, "opened_at": "2026-06-09T00:00:00Z", "author": "warga-a",
            "state": "open", "kind": "Pengaduan ringan", "request": "2026-0007",
            "service": "subdomain-baru — Pembuatan Subdomain",
            "label_events": list[0]["label_events"].clone()
        }),
        "facts only"
    );
    assert_eq!(list[0]["label_events"].as_array().map(Vec::len), Some(25));
    assert_eq!(
        (&list[1]["text"], &list[1]["state_reason"]),
        (&json!("Situs sekolah belum aktif"), &json!("completed")),
        "an officer published it"
    );
    assert_eq!(list[2]["text"], Value::Null, "not by a stranger's label");
    assert_eq!(list[2]["author"], "ghost", "a deleted account");
    assert!(
        !run.stdout.contains("0812345678") && !run.stdout.contains("Diumumkan sendiri"),
        "no unpublished text"
    );
    let ops = operations(&server.received_requests().await.expect("recorded"));
    let count = |op: &str| ops.iter().filter(|o| *o == op).count();
    assert_eq!(
        (count("Complaints"), count("MoreIssueLabelEvents")),
        (2, 1),
        "{ops:?}"
    );
}
