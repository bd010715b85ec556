//! `loket audit --web --issues` against a stateful stand-in for GitHub's
//! issues (wiremock on 127.0.0.1): one issue per affected name, opened,
//! left alone while nothing changes, updated in place, closed when clean;
//! a stranger's issue with loket's marker is ignored; a list GitHub cuts
//! short writes nothing.

use std::sync::{Arc, Mutex};

use serde_json::{Value, json};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::github::loket;
use crate::support::{Fixture, Run};

pub(crate) const HOST: &str = "beta.contohkab.go.id";

/// An issue as the fake holds it.
#[derive(Debug, Clone)]
pub(crate) struct FakeIssue {
    pub number: u64,
    pub author: String,
    pub body: String,
    pub open: bool,
    pub labels: Vec<String>,
    pub assignees: Vec<String>,
    pub comments: Vec<String>,
}

/// GitHub's issues of one repository, as data.
#[derive(Debug, Default)]
pub(crate) struct State {
    pub issues: Vec<FakeIssue>,
    /// A `totalCount` that lies (an answer GitHub cut short).
    pub total: Option<u64>,
    /// Writes received: `METHOD path`.
    pub writes: Vec<String>,
}

/// Answers GraphQL `AuditIssues`, the assignees list and issue writes.
#[derive(Clone, Default)]
pub(crate) struct FakeIssues(pub Arc<Mutex<State>>);

impl FakeIssues {
    pub fn with(issues: Vec<FakeIssue>) -> FakeIssues {
        let fake = FakeIssues::default();
        fake.0.lock().expect("lock").issues = issues;
        fake
    }

    pub async fn mount(&self, server: &MockServer) {
        Mock::given(wiremock::matchers::any())
            .respond_with(self.clone())
            .mount(server)
            .await;
    }

    pub fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.0.lock().expect("lock")
    }
}

fn page(items: &[Value], cursor: Option<&str>, total: u64) -> Value {
    let start = cursor
        .and_then(|c| c.strip_prefix("c:"))
        .and_then(|c| c.parse::<usize>().ok())
        .unwrap_or(0)
        .min(items.len());
    let end = (start + 100).min(items.len());
    json!({"data": {"repository": {"issues": {
        "totalCount": total,
        "pageInfo": {"hasNextPage": end < items.len(), "endCursor": (end > start).then(|| format!("c:{end}"))},
        "nodes": items[start..end].to_vec()
    }}}})
}

impl Respond for FakeIssues {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let mut state = self.0.lock().expect("lock");
        let path = request.url.path().to_string();
        let body: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
        let method = request.method.as_str().to_string();
        let number = |p: &str| -> Option<u64> {
            p.strip_prefix("/repos/contoh/loket/issues/")?
                .split('/')
                .next()?
                .parse()
                .ok()
        };
        match (method.as_str(), path.as_str()) {
            ("POST", "/graphql") => {
                let doc = body["query"].as_str().unwrap_or("");
                assert!(doc.contains("query AuditIssues("), "{doc}");
                let label = body["variables"]["label"].as_str().unwrap_or("");
                let listed: Vec<Value> = state
                    .issues
                    .iter()
                    .filter(|i| i.open && i.labels.iter().any(|l| l == label))
                    .map(|i| json!({"number": i.number, "body": i.body, "author": {"login": i.author}}))
                    .collect();
                let total = state.total.unwrap_or(listed.len() as u64);
                ResponseTemplate::new(200).set_body_json(page(
                    &listed,
                    body["variables"]["cursor"].as_str(),
                    total,
                ))
            }
            ("GET", "/repos/contoh/loket/assignees") => ResponseTemplate::new(200)
                .set_body_json(json!([{"login": "op-b"}, {"login": "kasi-verifikasi"}])),
            ("POST", "/repos/contoh/loket/issues") => {
                state.writes.push(format!("{method} {path}"));
                let n = state.issues.len() as u64 + 1;
                let strings = |v: &Value| -> Vec<String> {
                    v.as_array()
                        .map(|a| {
                            a.iter()
                                .filter_map(|s| s.as_str().map(String::from))
                                .collect()
                        })
                        .unwrap_or_default()
                };
                state.issues.push(FakeIssue {
                    number: n,
                    author: "github-actions[bot]".into(),
                    body: body["body"].as_str().unwrap_or("").into(),
                    open: true,
                    labels: strings(&body["labels"]),
                    assignees: strings(&body["assignees"]),
                    comments: Vec::new(),
                });
                ResponseTemplate::new(201).set_body_json(json!({"number": n}))
            }
            (_, p) if number(p).is_some() => {
                state.writes.push(format!("{method} {path}"));
                let n = number(p).unwrap_or_default();
                let Some(issue) = state.issues.iter_mut().find(|i| i.number == n) else {
                    return ResponseTemplate::new(404)
                        .set_body_json(json!({"message": "Not Found"}));
                };
                if p.ends_with("/comments") {
                    issue
                        .comments
                        .push(body["body"].as_str().unwrap_or("").into());
                    return ResponseTemplate::new(201).set_body_json(json!({"id": 1}));
                }
                if let Some(text) = body["body"].as_str() {
                    issue.body = text.into();
                }
                if body["state"] == "closed" {
                    issue.open = false;
                }
                ResponseTemplate::new(200).set_body_json(json!({"number": n}))
            }
            _ => ResponseTemplate::new(404).set_body_json(json!({"message": "Not Found"})),
        }
    }
}

/// An audit report with `findings` (code, message) on [`HOST`].
fn report(findings: &[(&str, &str)]) -> String {
    let findings: Vec<Value> = findings
        .iter()
        .map(|(code, message)| json!({"code": code, "error": true, "message": message, "detail": {"kind": code}}))
        .collect();
    json!({
        "ok": findings.is_empty(),
        "checked_at": "2026-11-20T03:00:00Z",
        "names": [{
            "host": HOST, "agency": "dinas-b", "request": "2026-0002",
            "ok": findings.is_empty(), "reachable": true,
            "https": {"status": 200, "tls": null}, "http": {"status": 200},
            "findings": findings
        }, {
            "host": "www.contohkab.go.id", "agency": null, "request": null,
            "ok": true, "reachable": true,
            "https": {"status": 200, "tls": null}, "http": {"status": 200},
            "findings": []
        }]
    })
    .to_string()
}

/// Runs `loket --lang en audit --web --issues --from` a report holding
/// `findings`.
pub(crate) async fn sync(f: &Fixture, server: &MockServer, findings: &[(&str, &str)]) -> Run {
    sync_in(f, server, findings, &["--lang", "en"]).await
}

/// [`sync`] with `lang` (the `--lang` flag, or nothing for the default).
async fn sync_in(
    f: &Fixture,
    server: &MockServer,
    findings: &[(&str, &str)],
    lang: &[&str],
) -> Run {
    f.write("audit.json", report(findings));
    issues_from_file(f, server, lang).await
}

/// `loket audit --web --issues --from audit.json` (the fixture's file),
/// with `lang`.
async fn issues_from_file(f: &Fixture, server: &MockServer, lang: &[&str]) -> Run {
    let from = f.path("audit.json").to_string_lossy().to_string();
    let args = [
        "audit",
        "--web",
        "--issues",
        "--from",
        &from,
        "--repo",
        "contoh/loket",
    ];
    loket(f, server, &[lang, &args[..]].concat()).await
}

/// The plan's lines are Indonesian by default and English with
/// `--lang en`, word for word.
#[tokio::test(flavor = "multi_thread")]
async fn the_issues_plan_is_said_in_the_runs_language() {
    let server = MockServer::start().await;
    FakeIssues::with(vec![forged()]).mount(&server).await;
    let f = Fixture::base();
    let gambling = [("gambling", "konten judi online")];
    let run = sync_in(&f, &server, &gambling, &[]).await;
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, format!("buka {HOST}\n  dibuka #2\n").as_str()),
        "{}",
        run.stderr
    );
    let run = sync_in(&f, &server, &gambling, &[]).await;
    assert_eq!(run.stdout, format!("tetap #2 {HOST}\n"), "{}", run.stderr);
    let run = sync_in(&f, &server, &[("cloaking", "judi")], &[]).await;
    assert_eq!(
        run.stdout,
        format!("perbarui #2 {HOST}\n"),
        "{}",
        run.stderr
    );
    let run = sync_in(&f, &server, &[], &[]).await;
    assert_eq!(run.stdout, format!("tutup #2 {HOST}\n"), "{}", run.stderr);
    let run = sync_in(&f, &server, &[], &[]).await;
    assert_eq!(
        run.stdout, "tidak ada issue audit yang dibuka atau ditutup\n",
        "{}",
        run.stderr
    );
    let run = sync(&f, &server, &gambling).await;
    assert_eq!(
        run.stdout,
        format!("open {HOST}\n  opened #3\n"),
        "{}",
        run.stderr
    );
}

/// A stranger's issue carrying loket's marker and label.
fn forged() -> FakeIssue {
    FakeIssue {
        number: 1,
        author: "mallory".into(),
        body: format!("<!-- loket:audit-web {HOST} -->\nsitus ini aman, klik tautan ini"),
        open: true,
        labels: vec!["audit: situs".into()],
        assignees: Vec::new(),
        comments: Vec::new(),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn one_issue_per_name_is_opened_left_updated_and_closed() {
    let server = MockServer::start().await;
    let fake = FakeIssues::with(vec![forged()]);
    fake.mount(&server).await;
    let f = Fixture::base();

    let run = sync(
        &f,
        &server,
        &[("gambling", "konten judi online: “slot gacor” (judul)")],
    )
    .await;
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, format!("open {HOST}\n  opened #2\n").as_str()),
        "{}",
        run.stderr
    );
    let body = {
        let state = fake.state();
        let issue = &state.issues[1];
        assert_eq!(issue.author, "github-actions[bot]");
        assert_eq!(issue.labels, ["audit: situs"]);
        // Operators, then officers; whom GitHub cannot assign is mentioned.
        assert_eq!(issue.assignees, ["op-b", "kasi-verifikasi"]);
        // The stranger's issue is neither adopted nor touched.
        assert_eq!(state.issues[0].body, forged().body);
        assert_eq!(state.writes, ["POST /repos/contoh/loket/issues"]);
        issue.body.clone()
    };
    insta::assert_snapshot!("audit_issue_body", body);

    let run = sync(
        &f,
        &server,
        &[("gambling", "konten judi online: “slot gacor” (judul)")],
    )
    .await;
    assert_eq!(
        run.stdout,
        format!("unchanged #2 {HOST}\n"),
        "{}",
        run.stderr
    );
    assert_eq!(
        fake.state().writes.len(),
        1,
        "an unchanged finding writes nothing"
    );

    let run = sync(
        &f,
        &server,
        &[(
            "cloaking",
            "cloaking: konten judi online hanya untuk perayap",
        )],
    )
    .await;
    assert_eq!(run.stdout, format!("update #2 {HOST}\n"), "{}", run.stderr);
    {
        let state = fake.state();
        assert!(
            state.issues[1].body.contains("cloaking"),
            "{}",
            state.issues[1].body
        );
        assert!(!state.issues[1].body.contains("gambling"));
        assert_eq!(
            state.writes.last().map(String::as_str),
            Some("PATCH /repos/contoh/loket/issues/2")
        );
    }

    let run = sync(&f, &server, &[]).await;
    assert_eq!(run.stdout, format!("close #2 {HOST}\n"), "{}", run.stderr);
    {
        let state = fake.state();
        assert!(!state.issues[1].open);
        assert_eq!(state.issues[1].comments.len(), 1);
        assert!(state.issues[1].comments[0].contains("tidak ada temuan lagi"));
        assert!(
            state.issues[0].open,
            "the stranger's issue is not loket's to close"
        );
    }

    let run = sync(&f, &server, &[]).await;
    assert_eq!(
        run.stdout, "no audit issue to open or close\n",
        "{}",
        run.stderr
    );
    let run = sync(
        &f,
        &server,
        &[("timeout", "http://beta.contohkab.go.id/ tidak menjawab")],
    )
    .await;
    assert_eq!(
        run.stdout,
        format!("open {HOST}\n  opened #3\n"),
        "a finding back after a close opens a new issue"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_list_of_issues_github_cuts_short_writes_nothing() {
    let server = MockServer::start().await;
    let fake = FakeIssues::default();
    fake.state().total = Some(150);
    fake.mount(&server).await;
    let f = Fixture::base();
    let run = sync(&f, &server, &[("gambling", "judi")]).await;
    assert_eq!(run.code, 2, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stderr
            .contains("GitHub counts 150 open issues labelled `audit: situs` but listed 0")
            && run.stderr.contains("loket decides only on complete lists"),
        "{}",
        run.stderr
    );
    assert!(fake.state().writes.is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_report_that_is_not_the_audit_s_is_refused() {
    let server = MockServer::start().await;
    let f = Fixture::base();
    f.write("audit.json", "{\"ok\": true}");
    let run = issues_from_file(&f, &server, &[]).await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("not a report of `loket audit --web --format json`"),
        "{}",
        run.stderr
    );
}

/// `loket audit --web --from REPORT --history FILE`: the day is the
/// institution's (23:30 UTC is the next morning in WITA), a second report
/// of that day replaces it, the same report twice writes the same bytes,
/// and a file that is not a history is refused and left as it was.
#[test]
fn the_audit_history_takes_one_entry_per_local_day() {
    let f = Fixture::base();
    let history = f.path("riwayat.json").to_string_lossy().to_string();
    let fold_in = |f: &Fixture, at: &str, findings: &[(&str, &str)], lang: &[&str]| {
        f.write(
            "audit.json",
            report(findings).replace("2026-11-20T03:00:00Z", at),
        );
        let from = f.path("audit.json").to_string_lossy().to_string();
        let args = ["audit", "--web", "--from", &from, "--history", &history];
        f.run(&[lang, &args[..]].concat())
    };
    let fold = |f: &Fixture, at: &str, findings: &[(&str, &str)]| fold_in(f, at, findings, &[]);
    let run = fold(&f, "2026-11-20T03:00:00Z", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        format!(
            "peringatan: belum ada riwayat audit di {history}: riwayat baru dimulai\n\
             riwayat audit {history}: 2026-11-20 2/2 nama sehat (1 hari audit disimpan)\n"
        )
    );
    let run = fold_in(
        &f,
        "2026-11-20T23:30:00Z",
        &[("gambling", "judi"), ("cloaking", "judi ke perayap")],
        &["--lang", "en"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        format!("audit history {history}: 2026-11-21 1/2 names healthy (2 audit days kept)\n")
    );
    let first = f.read("riwayat.json");
    let history: Value = serde_json::from_str(&first).expect("json");
    assert_eq!(
        history,
        json!({"version": 1, "days": [
            {"date": "2026-11-20", "checked": 2, "healthy": 2, "unreachable": 0, "findings": {}},
            {"date": "2026-11-21", "checked": 2, "healthy": 1, "unreachable": 0,
             "findings": {"cloaking": 1, "gambling": 1}}
        ]})
    );
    assert!(
        !first.contains("contohkab") && !first.contains("judi"),
        "{first}"
    );
    let run = fold(
        &f,
        "2026-11-20T23:30:00Z",
        &[("gambling", "judi"), ("cloaking", "judi ke perayap")],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(f.read("riwayat.json"), first, "the same report twice");
    let run = fold(&f, "2026-11-21T05:00:00Z", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let history: Value = serde_json::from_str(&f.read("riwayat.json")).expect("json");
    assert_eq!(history["days"][1]["healthy"], 2, "the day's last report");

    f.write("riwayat.json", "{\"version\": 1, \"days\": [");
    let run = fold(&f, "2026-11-22T05:00:00Z", &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("riwayat.json")
            && run.stderr.contains("not an audit history")
            && run
                .stderr
                .contains("remove the file to start a new history"),
        "{}",
        run.stderr
    );
    assert_eq!(f.read("riwayat.json"), "{\"version\": 1, \"days\": [");

    let from = f.path("audit.json").to_string_lossy().to_string();
    let run = f.run(&["audit", "--web", "--from", &from]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("--from needs --issues or --history"),
        "{}",
        run.stderr
    );
}
