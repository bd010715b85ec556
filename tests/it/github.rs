//! The GitHub client against a wiremock server on 127.0.0.1 that answers
//! like GitHub: pagination, rate limits, outages, bad bodies, bad tokens.

use serde_json::{Value, json};
use wiremock::matchers::{body_string_contains, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use crate::support::{Fixture, Run, valid_request};

const TOKEN: &str = "ghp_secretTOKEN0123456789";

/// Runs loket against the mock server with a token, off the async threads.
async fn loket(f: &Fixture, server: &MockServer, args: &[&str]) -> Run {
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

/// A pull-request node as GitHub's GraphQL API returns it.
fn pr_node(number: u64) -> Value {
    let open = number.is_multiple_of(10);
    let file = if number % 5 == 1 {
        "README.md".to_string()
    } else {
        format!("requests/dinas-b/2026-{number:04}-n{number}.yaml")
    };
    // #20 was opened by the intake workflow from issue #7.
    let (author, closes) = if number == 20 {
        (
            "github-actions",
            json!([{"number": 7, "author": {"login": "op-b"}}]),
        )
    } else {
        ("op-b", json!([]))
    };
    json!({
        "number": number,
        "state": if open { "OPEN" } else { "MERGED" },
        "createdAt": "2026-06-01T00:00:00Z",
        "closedAt": if open { Value::Null } else { json!("2026-06-03T00:00:00Z") },
        "mergedAt": if open { Value::Null } else { json!("2026-06-03T00:00:00Z") },
        "headRefOid": format!("{number:040x}"),
        "author": {"login": author},
        "closingIssuesReferences": {"nodes": closes},
        "files": {"nodes": [{"path": file}]},
        "commits": {"nodes": [{"commit": {"oid": format!("{number:040x}"), "committedDate": "2026-06-01T00:00:00Z",
            "checkSuites": {"nodes": [{"checkRuns": {"nodes": [
                {"name": "loket check", "conclusion": "SUCCESS", "completedAt": "2026-06-01T00:05:00Z"}]}}]}}}]},
        "timelineItems": {"nodes": [
            {"__typename": "LabeledEvent", "createdAt": "2026-06-02T00:00:00Z", "actor": {"login": "kasi-verifikasi"}, "label": {"name": "tahap: verifikasi"}},
            {"__typename": "UnlabeledEvent", "createdAt": "2026-06-02T01:00:00Z", "actor": null, "label": {"name": "tahap: verifikasi"}}
        ]},
        "reviews": {"nodes": [{"author": {"login": "kasi-verifikasi"}, "state": "APPROVED", "submittedAt": "2026-06-02T00:00:00Z"}]}
    })
}

fn page(numbers: std::ops::Range<u64>, next: Option<&str>) -> Value {
    json!({"data": {"repository": {"pullRequests": {
        "pageInfo": {"hasNextPage": next.is_some(), "endCursor": next},
        "nodes": numbers.map(pr_node).collect::<Vec<_>>()
    }}}})
}

fn files_answer() -> Value {
    let mut repo = serde_json::Map::new();
    for i in 0..50 {
        repo.insert(
            format!("f{i}"),
            json!({"text": "layanan: subdomain-baru\ninstansi: dinas-b\n"}),
        );
    }
    json!({"data": {"repository": repo}})
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
    let surveys = json!({"data": {"repository": {"issues": {
        "pageInfo": {"hasNextPage": false, "endCursor": null},
        "nodes": [
            {"number": 301, "createdAt": "2026-06-05T00:00:00Z", "body": survey_body([4; 9], "2026-0001")},
            {"number": 302, "createdAt": "2026-06-06T00:00:00Z", "body": survey_body([3, 3, 2, 3, 3, 3, 3, 3, 3], "_No response_")},
            {"number": 303, "createdAt": "2026-06-07T00:00:00Z", "body": "spam"}
        ]
    }}}});
    Mock::given(method("POST"))
        .and(path("/graphql"))
        .and(body_string_contains("survei-kepuasan"))
        .respond_with(ResponseTemplate::new(200).set_body_json(surveys))
        .with_priority(2)
        .mount(server)
        .await;
    for (cursor, answer) in [
        ("\"cursor\":null", page(1..101, Some("c1"))),
        ("\"cursor\":\"c1\"", page(101..201, Some("c2"))),
        ("\"cursor\":\"c2\"", page(201..251, None)),
    ] {
        Mock::given(method("POST"))
            .and(path("/graphql"))
            .and(body_string_contains(cursor))
            .respond_with(ResponseTemplate::new(200).set_body_json(answer))
            .mount(server)
            .await;
    }
    Mock::given(method("POST"))
        .and(path("/graphql"))
        .and(body_string_contains("f0: object"))
        .respond_with(ResponseTemplate::new(200).set_body_json(files_answer()))
        .mount(server)
        .await;
}

fn graphql_calls(requests: &[Request]) -> usize {
    requests
        .iter()
        .filter(|r| r.url.path() == "/graphql")
        .count()
}

#[tokio::test(flavor = "multi_thread")]
async fn fetch_reads_250_pull_requests_in_four_calls() {
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
        calls, 5,
        "3 pages + 1 batch of request files + 1 of surveys: at most ceil(250/100) + 2"
    );
    let surveys = snap["surveys"].as_array().expect("surveys");
    assert_eq!(surveys.len(), 2, "the spam issue is no answer");
    assert_eq!(surveys[0]["request"], "2026-0001");
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

#[tokio::test(flavor = "multi_thread")]
async fn a_secondary_rate_limit_is_waited_out() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/graphql"))
        .respond_with(
            ResponseTemplate::new(403)
                .insert_header("retry-after", "1")
                .set_body_json(json!({"message": "You have exceeded a secondary rate limit."})),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    mount_pages(&server).await;
    let run = loket(
        &Fixture::base(),
        &server,
        &["fetch", "--repo", "contoh/loket"],
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        graphql_calls(&server.received_requests().await.expect("recorded")),
        6,
        "one refused call, then the five of a fetch"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_502_is_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/graphql"))
        .respond_with(ResponseTemplate::new(502).set_body_string("Bad Gateway"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    mount_pages(&server).await;
    let run = loket(
        &Fixture::base(),
        &server,
        &["fetch", "--repo", "contoh/loket"],
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
}

/// `loket fetch` against a GraphQL endpoint that always answers `answer`
/// exits 2 and says `expected`.
async fn fetch_fails_with(answer: ResponseTemplate, expected: &str) {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/graphql"))
        .respond_with(answer)
        .mount(&server)
        .await;
    let run = loket(
        &Fixture::base(),
        &server,
        &["fetch", "--repo", "contoh/loket"],
    )
    .await;
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains(expected), "{}", run.stderr);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_lasting_outage_says_so() {
    let answer = ResponseTemplate::new(503).set_body_json(json!({"message": "unavailable"}));
    fetch_fails_with(
        answer,
        "reading pull requests failed after 4 attempts: 503 unavailable",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn malformed_json_is_named() {
    let answer = ResponseTemplate::new(200).set_body_string("{\"data\": {\"repository\": ");
    fetch_fails_with(
        answer,
        "reading pull requests: GitHub sent a response loket cannot read",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_expired_token_and_a_missing_repository() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/graphql"))
        .respond_with(
            ResponseTemplate::new(401).set_body_json(json!({"message": "Bad credentials"})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/repos/contoh/hilang/labels"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"message": "Not Found"})))
        .mount(&server)
        .await;
    let f = Fixture::base();
    let run = loket(&f, &server, &["fetch", "--repo", "contoh/loket"]).await;
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("401 Unauthorized): it is missing, expired or revoked"),
        "{}",
        run.stderr
    );
    let run = loket(&f, &server, &["labels", "sync", "--repo", "contoh/hilang"]).await;
    assert!(
        run.stderr
            .contains("reading labels: not found (404); check --repo"),
        "{}",
        run.stderr
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_forbidden_write_names_the_permission() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/repos/contoh/loket/labels"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/repos/contoh/loket/labels"))
        .respond_with(
            ResponseTemplate::new(403)
                .set_body_json(json!({"message": "Resource not accessible by integration"})),
        )
        .mount(&server)
        .await;
    let run = loket(
        &Fixture::base(),
        &server,
        &["labels", "sync", "--repo", "contoh/loket"],
    )
    .await;
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("the token needs the `issues: write` permission"),
        "{}",
        run.stderr
    );
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
    let run = loket(&f, &server, &["labels", "sync", "--repo", "contoh/loket"]).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "create ajukan: subdomain-baru\ncreate ajukan: subdomain-hapus\ncreate ajukan: subdomain-ubah\n\
create alasan: berkas tidak lengkap\ncreate alasan: di luar kewenangan\ncreate alasan: lainnya\n\
create alasan: nama sudah dipakai\ncreate alasan: nama tidak sesuai kebijakan\ncreate alasan: rekaman DNS tidak valid\n\
create alasan: surat tidak sah\ncreate status: dikembalikan\ncreate status: selesai\nupdate tahap: verifikasi\n"
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
    assert!(
        run.stdout.contains("delete tahap: lama") && !run.stdout.contains("delete bug"),
        "{}",
        run.stdout
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn comment_is_created_once_then_updated_in_place() {
    let server = MockServer::start().await;
    let f = Fixture::with_request(&valid_request());
    let snap = json!({"version": 1, "repository": "contoh/loket", "fetched_at": "2026-06-10T00:00:00Z", "pull_requests": [{
        "number": 7, "author": "op-b", "state": "open", "created_at": "2026-06-02T01:00:00Z",
        "files": [crate::support::REQ], "checks": [{"name": "loket check", "sha": "a", "conclusion": "success", "completed_at": "2026-06-02T01:05:00Z"}]
    }]});
    f.write("snapshot.json", snap.to_string());
    let snapshot = f.path("snapshot.json").to_string_lossy().to_string();
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
    Mock::given(method("GET"))
        .and(path("/repos/contoh/loket/issues/7/comments"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!([{"id": 1, "body": "Terima kasih"}])),
        )
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
        (0, "comment created\n"),
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
    Mock::given(method("GET"))
        .and(path("/repos/contoh/loket/issues/7/comments"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!([{"id": 2, "body": "<!-- loket:verifikasi -->\nold"}])),
        )
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .and(path("/repos/contoh/loket/issues/comments/2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": 2})))
        .mount(&server)
        .await;
    let run = loket(&f, &server, &args).await;
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
async fn a_primary_rate_limit_waits_until_reset_or_says_when() {
    let server = MockServer::start().await;
    let soon = (chrono::Utc::now().timestamp() + 1).to_string();
    Mock::given(method("POST"))
        .and(path("/graphql"))
        .respond_with(
            ResponseTemplate::new(403)
                .insert_header("x-ratelimit-remaining", "0")
                .insert_header("x-ratelimit-reset", soon.as_str())
                .set_body_json(json!({"message": "API rate limit exceeded"})),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    mount_pages(&server).await;
    let f = Fixture::base();
    let run = loket(&f, &server, &["fetch", "--repo", "contoh/loket"]).await;
    assert_eq!(run.code, 0, "{}", run.stderr);

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/graphql"))
        .respond_with(
            ResponseTemplate::new(403)
                .insert_header("x-ratelimit-remaining", "0")
                .insert_header("x-ratelimit-reset", "4102444800")
                .set_body_json(json!({"message": "API rate limit exceeded"})),
        )
        .mount(&server)
        .await;
    let run = loket(&f, &server, &["fetch", "--repo", "contoh/loket"]).await;
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("rate limit is exhausted until 2100-01-01T00:00:00+00:00"),
        "{}",
        run.stderr
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn sweep_applies_each_action_once() {
    let server = MockServer::start().await;
    let f = Fixture::base();
    f.write("snapshot.json", crate::sweep::sweep_snapshot().to_string());
    let snapshot = f.path("snapshot.json").to_string_lossy().to_string();
    // #2 was reminded before; nobody commented on the others yet.
    Mock::given(method("GET"))
        .and(path("/repos/contoh/loket/issues/2/comments"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!([{"id": 9, "body": "<!-- loket:sweep:pengingat -->\nlama"}])),
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
