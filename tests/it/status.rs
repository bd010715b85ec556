//! Timelines from hand-written GitHub snapshots: every status and the
//! transitions that matter for the service-level clock.

use serde_json::{Value, json};

use crate::support::{Fixture, REQ, SnapshotBuilder, approved, label_event, valid_request};

const CHANGE: &str = "requests/dinas-a/2026-0002-alpha.yaml";

fn change_request() -> String {
    "layanan: subdomain-ubah
instansi: dinas-a
subdomain: alpha
surat: {nomor: 003/2026, tanggal: 2025-12-29, penandatangan: Kepala, berkas: lampiran/surat.pdf}
rekaman:
  - {tipe: A, nilai: 103.28.12.20}
"
    .to_string()
}

fn snapshot(prs: Vec<Value>) -> Value {
    SnapshotBuilder::new("contoh/loket", "2026-11-23T00:00:00Z")
        .prs(prs)
        .json()
}

fn check(conclusion: &str, at: &str) -> Value {
    json!({"name": "loket check", "sha": "abc", "conclusion": conclusion, "completed_at": at, "app": "github-actions"})
}

/// `loket status ID --format json` with `snapshot`, measured at `now`.
fn status(f: &Fixture, snap: &Value, id: &str, now: &str) -> Value {
    let snapshot = f.write_snapshot(snap);
    let run = f.run(&[
        "status",
        id,
        "--snapshot",
        &snapshot,
        "--format",
        "json",
        "--now",
        now,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).expect("timeline json")
}

fn kinds(t: &Value) -> Vec<String> {
    t["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| e["kind"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn returned_twice_then_merged_and_done_on_time() {
    let f = Fixture::with_request(&valid_request());
    let pr = json!({
        "number": 12, "author": "op-b", "state": "merged",
        "created_at": "2026-05-11T01:00:00Z", "closed_at": "2026-05-19T03:00:00Z", "merged_at": "2026-05-19T03:00:00Z",
        "files": [REQ],
        "commits": [
            {"sha": "a1", "committed_at": "2026-05-11T00:55:00Z", "files": [REQ]},
            {"sha": "a2", "committed_at": "2026-05-11T02:00:00Z", "files": [REQ]},
            {"sha": "a3", "committed_at": "2026-05-13T05:00:00Z", "files": [REQ]}
        ],
        "checks": [check("failure", "2026-05-11T01:05:00Z"), check("success", "2026-05-11T02:10:00Z")],
        "label_events": [
            label_event("status: dikembalikan", "added", "kasi-verifikasi", "2026-05-12T01:00:00Z"),
            label_event("status: dikembalikan", "removed", "kasi-verifikasi", "2026-05-13T01:00:00Z"),
            label_event("status: dikembalikan", "added", "kasi-verifikasi", "2026-05-13T03:00:00Z"),
            label_event("status: dikembalikan", "removed", "kasi-verifikasi", "2026-05-18T01:00:00Z"),
            label_event("tahap: verifikasi", "added", "kasi-verifikasi", "2026-05-18T02:00:00Z"),
            label_event("status: selesai", "added", "staf-teknis", "2026-05-20T06:00:00Z")
        ]
    });
    let t = status(
        &f,
        &snapshot(vec![approved(pr)]),
        "2026-0002",
        "2026-06-01T00:00:00Z",
    );
    assert_eq!(t["status"], "selesai");
    assert_eq!(t["clock"]["started"], "2026-05-11T02:10:00Z");
    assert_eq!(t["clock"]["stopped"], "2026-05-20T06:00:00Z");
    assert_eq!(t["clock"]["pauses"].as_array().map(Vec::len), Some(2));
    // 12, 13, 18, 19, 20 May less two paused days (14 and 15 May are off).
    assert_eq!(t["clock"]["used_working_days"], 3);
    assert_eq!(t["clock"]["due"], "2026-05-20T08:00:00Z");
    assert_eq!(t["clock"]["verdict"], "on_time");
    assert_eq!(kinds(&t).iter().filter(|k| *k == "returned").count(), 2);
    let stage = &t["stages"][0];
    assert_eq!(
        (
            stage["stage"].as_str(),
            stage["done_by"].as_str(),
            stage["stale"].as_bool()
        ),
        (Some("verifikasi"), Some("verifikator"), Some(false))
    );
    assert_eq!(
        stage["within"], false,
        "1430 office minutes against a 60-minute standard"
    );
}

#[test]
fn closed_unmerged_is_dibatalkan_and_stops_the_clock() {
    let f = Fixture::with_request(&valid_request());
    let pr = json!({
        "number": 14, "author": "op-b", "state": "closed",
        "created_at": "2026-06-02T01:00:00Z", "closed_at": "2026-06-03T01:00:00Z",
        "files": [REQ], "checks": [check("success", "2026-06-02T01:10:00Z")]
    });
    let t = status(&f, &snapshot(vec![pr]), "2026-0002", "2026-07-01T00:00:00Z");
    assert_eq!(t["status"], "dibatalkan");
    assert_eq!(t["clock"]["stopped"], "2026-06-03T01:00:00Z");
    assert_eq!(t["clock"]["verdict"], "on_time");
}

#[test]
fn a_stage_label_not_bound_to_the_head_is_stale() {
    let f = Fixture::with_request(&valid_request());
    let pr = json!({
        "number": 15, "author": "op-b", "state": "open", "created_at": "2026-06-02T01:00:00Z",
        "files": [REQ],
        "commits": [{"sha": "b1", "committed_at": "2026-06-02T03:00:00Z", "files": [REQ]}],
        "checks": [check("success", "2026-06-02T01:10:00Z")],
        "label_events": [label_event("tahap: verifikasi", "added", "kasi-verifikasi", "2026-06-02T02:00:00Z")]
    });
    let t = status(
        &f,
        &snapshot(vec![pr.clone()]),
        "2026-0002",
        "2026-06-03T00:00:00Z",
    );
    assert_eq!(
        t["status"], "lengkap",
        "no approval recorded on the head b1"
    );
    assert_eq!(t["stages"][0]["stale"], true);
    assert_eq!(t["clock"]["verdict"], "running");
    // The same label after the change counts.
    let mut fresh = pr;
    fresh["label_events"] = json!([label_event(
        "tahap: verifikasi",
        "added",
        "kasi-verifikasi",
        "2026-06-02T04:00:00Z"
    )]);
    let t = status(
        &f,
        &snapshot(vec![approved(fresh)]),
        "2026-0002",
        "2026-06-03T00:00:00Z",
    );
    assert_eq!(t["status"], "tahap");
    assert_eq!(t["stage"], "verifikasi");
}

#[test]
fn merged_on_a_holiday() {
    let f = Fixture::base();
    f.write(CHANGE, change_request());
    let pr = json!({
        "number": 16, "author": "op-a", "state": "merged",
        "created_at": "2026-05-12T01:00:00Z", "merged_at": "2026-05-14T03:00:00Z", "closed_at": "2026-05-14T03:00:00Z",
        "files": [CHANGE], "checks": [check("success", "2026-05-12T01:10:00Z")]
    });
    let t = status(&f, &snapshot(vec![pr]), "2026-0002", "2026-06-01T00:00:00Z");
    assert_eq!(t["status"], "disetujui");
    assert_eq!(
        t["clock"]["used_working_days"], 1,
        "13 May only: the 14th is Kenaikan Yesus Kristus"
    );
    assert_eq!(t["clock"]["due"], "2026-05-18T08:00:00Z");
    assert_eq!(t["clock"]["verdict"], "on_time");
}

#[test]
fn a_clock_across_the_new_year_runs_late() {
    let f = Fixture::base();
    f.write(CHANGE, change_request());
    let pr = json!({
        "number": 17, "author": "op-a", "state": "merged",
        "created_at": "2025-12-30T01:00:00Z", "merged_at": "2026-01-05T02:00:00Z", "closed_at": "2026-01-05T02:00:00Z",
        "files": [CHANGE], "checks": [check("success", "2025-12-30T01:10:00Z")]
    });
    let t = status(&f, &snapshot(vec![pr]), "2026-0002", "2026-02-01T00:00:00Z");
    assert_eq!(t["clock"]["used_working_days"], 3, "31 Dec, 2 Jan, 5 Jan");
    assert_eq!(t["clock"]["due"], "2026-01-02T08:00:00Z");
    assert_eq!(t["clock"]["verdict"], "late");
}

#[test]
fn refused_incomplete_and_open_pull_requests() {
    let f = Fixture::with_request(&valid_request());
    let refused = json!({
        "number": 18, "author": "op-b", "state": "open", "created_at": "2026-06-02T01:00:00Z", "files": [REQ],
        "checks": [check("success", "2026-06-02T01:10:00Z")],
        "label_events": [label_event("status: ditolak", "added", "kasi-verifikasi", "2026-06-03T01:00:00Z")]
    });
    let t = status(
        &f,
        &snapshot(vec![refused]),
        "2026-0002",
        "2026-06-10T00:00:00Z",
    );
    assert_eq!(
        (t["status"].as_str(), t["clock"]["stopped"].as_str()),
        (Some("ditolak"), Some("2026-06-03T01:00:00Z"))
    );

    let failing = json!({
        "number": 19, "author": "op-b", "state": "open", "created_at": "2026-06-02T01:00:00Z", "files": [REQ],
        "checks": [check("failure", "2026-06-02T01:10:00Z")]
    });
    let t = status(
        &f,
        &snapshot(vec![failing]),
        "2026-0002",
        "2026-06-10T00:00:00Z",
    );
    assert_eq!(
        (t["status"].as_str(), t["clock"]["verdict"].as_str()),
        (Some("belum_lengkap"), Some("not_started"))
    );

    // An open pull request whose file is not on the branch yet is listed too.
    let f = Fixture::base();
    let open = json!({
        "number": 20, "author": "op-b", "state": "open", "created_at": "2026-06-02T01:00:00Z",
        "service": "subdomain-baru", "files": ["requests/dinas-b/2026-0005-delta.yaml"],
        "checks": [check("success", "2026-06-02T01:10:00Z")]
    });
    let t = status(
        &f,
        &snapshot(vec![open]),
        "2026-0005",
        "2026-06-10T00:00:00Z",
    );
    assert_eq!(
        (t["status"].as_str(), t["clock"]["verdict"].as_str()),
        (Some("lengkap"), Some("late"))
    );
}

#[test]
fn the_detail_view_reads_as_a_timeline() {
    let f = Fixture::with_request(&valid_request());
    let pr = json!({
        "number": 21, "author": "op-b", "state": "open", "created_at": "2026-06-02T01:00:00Z", "files": [REQ],
        "checks": [check("success", "2026-06-02T01:10:00Z")],
        "label_events": [label_event("tahap: verifikasi", "added", "kasi-verifikasi", "2026-06-02T01:40:00Z")]
    });
    let snapshot = f.write_snapshot(&snapshot(vec![approved(pr)]));
    let run = f.run(&[
        "status",
        "2026-0002",
        "--snapshot",
        &snapshot,
        "--now",
        "2026-06-03T00:00:00Z",
    ]);
    insta::assert_snapshot!("status_detail", run.stdout);
}

#[test]
fn a_missing_snapshot_cannot_be_read_and_is_not_said_to_be_written() {
    let f = Fixture::with_request(&valid_request());
    let run = f.run(&["status", "--snapshot", "tidak-ada.json"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr.contains("cannot read tidak-ada.json"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_snapshot_error_keeps_its_code_and_help() {
    let f = Fixture::with_request(&valid_request());
    f.write("snapshot.json", "{\"version\": 2}");
    let run = f.run(&["status", "--snapshot", "snapshot.json"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr.contains("loket::github::snapshot") && run.stderr.contains("loket fetch"),
        "{}",
        run.stderr
    );
}

#[test]
fn bad_snapshots_are_named_with_file_and_field() {
    let f = Fixture::with_request(&valid_request());
    let path = f.path("snapshot.json");
    let shown = path.to_string_lossy().to_string();
    let try_snapshot = |text: &str| {
        f.write("snapshot.json", text);
        let run = f.run(&["status", "--snapshot", &shown]);
        assert_eq!(run.code, 2, "{}", run.stdout);
        run.stderr
    };
    let truncated = serde_json::to_string(&snapshot(vec![])).expect("json");
    assert!(try_snapshot(&truncated[..truncated.len() - 5]).contains(&format!("{shown}:1:")));
    let other = truncated.replace("\"version\":1", "\"version\":2");
    assert!(try_snapshot(&other).contains("snapshot version 2 is not supported"));
    let no_zone = json!({"version": 1, "repository": "a/b", "fetched_at": "2026-11-23T00:00:00", "pull_requests": []});
    assert!(try_snapshot(&no_zone.to_string()).contains(&format!("{shown}:1:")));
    let ghost = snapshot(vec![json!({
        "number": 3, "author": "x", "state": "merged", "created_at": "2026-01-01T00:00:00Z",
        "merged_at": "2026-01-02T00:00:00Z", "files": ["requests/dinas-b/2026-0009-ghost.yaml"]
    })]);
    let err = try_snapshot(&ghost.to_string());
    assert!(
        err.contains("pull_requests[0].files names requests/dinas-b/2026-0009-ghost.yaml"),
        "{err}"
    );
    let unknown = truncated.replace("\"version\":1", "\"version\":1,\"extra\":true");
    assert!(try_snapshot(&unknown).contains("unknown field `extra`"));
}

#[test]
fn strangers_status_reason_and_stage_labels_are_shown_as_ignored() {
    let f = Fixture::with_request(&valid_request());
    let pr = json!({
        "number": 12, "author": "op-b", "state": "open", "created_at": "2026-06-01T01:00:00Z",
        "files": [REQ],
        "commits": [{"sha": "a1", "committed_at": "2026-06-01T00:55:00Z", "files": [REQ]}],
        "checks": [check("success", "2026-06-01T01:05:00Z")],
        "label_events": [
            label_event("status: ditolak", "added", "orang-asing", "2026-06-02T01:00:00Z"),
            label_event("alasan: di luar kewenangan", "added", "orang-asing", "2026-06-02T01:00:01Z"),
            label_event("status: dikembalikan", "added", "op-b", "2026-06-02T02:00:00Z"),
            // An officer, but not of the stage's role (teknisi, not verifikator).
            label_event("tahap: verifikasi", "added", "staf-teknis", "2026-06-02T03:00:00Z"),
            label_event("status: selesai", "added", "orang-asing", "2026-06-02T04:00:00Z"),
            label_event("status: kunjungi judi.example", "added", "orang-asing", "2026-06-02T05:00:00Z")
        ]
    });
    let t = status(&f, &snapshot(vec![pr]), "2026-0002", "2026-06-03T00:00:00Z");
    assert_eq!(t["status"], "lengkap", "{t:#}");
    assert_eq!(t["reason"], Value::Null);
    assert_eq!(t["clock"]["stopped"], Value::Null);
    assert!(t["clock"]["pauses"].as_array().expect("pauses").is_empty());
    assert_eq!(kinds(&t)[..2], ["submitted", "check_passed"]);
    let ignored: Vec<(&str, &str)> = t["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter(|e| e["kind"] == "ignored")
        .map(|e| {
            (
                e["subject"].as_str().unwrap_or("(none)"),
                e["role"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        ignored,
        [
            ("status: ditolak", "bukan petugas"),
            ("alasan: di luar kewenangan", "bukan petugas"),
            ("status: dikembalikan", "bukan petugas"),
            ("tahap: verifikasi", "teknisi"),
            ("status: selesai", "bukan petugas"),
            // A label that is not loket's own is not repeated.
            ("(none)", "bukan petugas"),
        ]
    );
    assert_eq!(kinds(&t).len(), 8);
}

#[test]
fn only_the_loket_check_run_of_github_actions_starts_the_clock() {
    let f = Fixture::with_request(&valid_request());
    let forged = |name: &str, app: Option<&str>| {
        let mut c = json!({"name": name, "sha": "a1", "conclusion": "success", "completed_at": "2026-06-01T01:05:00Z"});
        if let Some(app) = app {
            c["app"] = json!(app);
        }
        c
    };
    let pr = |checks: Vec<Value>| {
        json!({
            "number": 12, "author": "op-b", "state": "open", "created_at": "2026-06-01T01:00:00Z",
            "files": [REQ], "checks": checks
        })
    };
    let untrusted = vec![
        forged("loket check", None),
        forged("loket check", Some("pemeriksa-palsu")),
        forged("build", Some("github-actions")),
    ];
    let t = status(
        &f,
        &snapshot(vec![pr(untrusted)]),
        "2026-0002",
        "2026-06-03T00:00:00Z",
    );
    assert_eq!(t["status"], "diajukan");
    assert_eq!(t["clock"]["started"], Value::Null);
    let t = status(
        &f,
        &snapshot(vec![pr(vec![forged(
            "loket check",
            Some("github-actions"),
        )])]),
        "2026-0002",
        "2026-06-03T00:00:00Z",
    );
    assert_eq!(t["status"], "lengkap");
    assert_eq!(t["clock"]["started"], "2026-06-01T01:05:00Z");
}

#[test]
fn a_strangers_pull_request_never_stands_for_a_merged_request() {
    let f = Fixture::with_request(&valid_request());
    let merged = json!({
        "number": 12, "author": "op-b", "state": "merged", "created_at": "2026-06-01T01:00:00Z",
        "merged_at": "2026-06-02T01:00:00Z", "closed_at": "2026-06-02T01:00:00Z",
        "files": [REQ], "checks": [check("success", "2026-06-01T01:05:00Z")]
    });
    // Later pull requests touching the same file: a stranger's, open, and
    // the operator's own, closed unmerged.
    let stranger = json!({
        "number": 13, "author": "orang-asing", "state": "open", "created_at": "2026-06-05T01:00:00Z",
        "files": [REQ]
    });
    let closed = json!({
        "number": 14, "author": "op-b", "state": "closed", "created_at": "2026-06-04T01:00:00Z",
        "closed_at": "2026-06-04T02:00:00Z", "files": [REQ]
    });
    let t = status(
        &f,
        &snapshot(vec![merged, stranger.clone(), closed]),
        "2026-0002",
        "2026-06-10T00:00:00Z",
    );
    assert_eq!(
        (
            t["pull_request"].as_u64(),
            t["status"].as_str(),
            t["attributed"].as_bool()
        ),
        (Some(12), Some("disetujui"), Some(true))
    );
    // A file only a stranger's pull request brings is followed, not attributed.
    let t = status(
        &f,
        &snapshot(vec![stranger]),
        "2026-0002",
        "2026-06-10T00:00:00Z",
    );
    assert_eq!(
        (t["pull_request"].as_u64(), t["attributed"].as_bool()),
        (Some(13), Some(false))
    );
}
