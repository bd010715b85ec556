//! `loket sweep`: reminders and closing for returned requests, reminders
//! for overdue stages; a plan by default, idempotent when applied.

use serde_json::{Value, json};

use crate::support::Fixture;

fn returned(number: u64, at: &str, answered: bool) -> Value {
    let file = format!("requests/dinas-b/2026-{:04}-n{number}.yaml", number + 10);
    let mut commits =
        vec![json!({"sha": "a", "committed_at": "2026-05-04T01:00:00Z", "files": [file]})];
    if answered {
        commits.push(json!({"sha": "b", "committed_at": "2026-06-01T01:00:00Z", "files": [file]}));
    }
    json!({
        "number": number, "author": "op-b", "state": "open", "created_at": "2026-05-04T01:00:00Z",
        "service": "subdomain-baru", "files": [file], "commits": commits,
        "checks": [{"name": "loket check", "sha": "a", "conclusion": "success", "completed_at": "2026-05-04T01:05:00Z"}],
        "label_events": [
            {"label": "status: dikembalikan", "action": "added", "actor": "kasi-verifikasi", "at": at},
            {"label": "alasan: berkas tidak lengkap", "action": "added", "actor": "kasi-verifikasi", "at": at}
        ]
    })
}

pub(crate) fn sweep_snapshot() -> Value {
    let waiting = json!({
        "number": 5, "author": "op-b", "state": "open", "created_at": "2026-06-08T01:00:00Z",
        "service": "subdomain-baru", "files": ["requests/dinas-b/2026-0020-n5.yaml"],
        "checks": [{"name": "loket check", "sha": "a", "conclusion": "success", "completed_at": "2026-06-08T01:05:00Z"}]
    });
    json!({"version": 1, "repository": "contoh/loket", "fetched_at": "2026-06-10T00:00:00Z", "pull_requests": [
        returned(1, "2026-06-05T01:00:00Z", false),
        returned(2, "2026-05-29T01:00:00Z", false),
        returned(3, "2026-05-19T01:00:00Z", false),
        returned(4, "2026-05-19T01:00:00Z", true),
        waiting
    ]})
}

#[test]
fn sweep_plans_reminders_closing_and_overdue_stages() {
    let f = Fixture::base();
    f.write("snapshot.json", sweep_snapshot().to_string());
    let run = f.run(&[
        "sweep",
        "--snapshot",
        &f.path("snapshot.json").to_string_lossy(),
        "--now",
        "2026-06-10T00:00:00Z",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        // 1 June is Hari Lahir Pancasila, 27–28 May Idul Adha; #4 answered,
        // so it is the officer's turn, and the 60-minute stage is overdue.
        "remind  #2 (returned 7 hari kerja ago)\n\
         close   #3 (returned 13 hari kerja ago)\n\
         overdue #4 stage «Verifikasi» → kasi-verifikasi\n\
         overdue #5 stage «Verifikasi» → kasi-verifikasi\n\
         (dry run: pass --apply to act)\n"
    );
}

#[test]
fn the_limit_comes_from_loket_yaml() {
    let f = Fixture::base();
    f.edit(
        "loket.yaml",
        "surat: {usia_maks_hari: 90}",
        "surat: {usia_maks_hari: 90}\ntindak_lanjut: {batas_hari_kerja: 4}",
    );
    f.write("snapshot.json", sweep_snapshot().to_string());
    let run = f.run(&[
        "sweep",
        "--snapshot",
        &f.path("snapshot.json").to_string_lossy(),
        "--now",
        "2026-06-10T00:00:00Z",
    ]);
    assert!(
        run.stdout
            .starts_with("remind  #1 (returned 3 hari kerja ago)\nclose   #2"),
        "{}",
        run.stdout
    );
}

#[test]
fn skm_index_per_service_from_snapshot_answers() {
    let f = Fixture::base();
    let mut surveys: Vec<Value> = Vec::new();
    for (i, scores) in [[4u8; 9], [3; 9], [2, 3, 3, 3, 3, 3, 3, 3, 3]]
        .iter()
        .enumerate()
    {
        surveys.push(json!({"issue": 300 + i, "submitted_at": "2026-06-05T00:00:00Z", "request": "2026-0001", "answers": scores}));
    }
    let snap = json!({"version": 1, "repository": "contoh/loket", "fetched_at": "2026-06-10T00:00:00Z", "pull_requests": [], "surveys": surveys});
    f.write("snapshot.json", snap.to_string());
    let run = f.run(&[
        "skm",
        "--snapshot",
        &f.path("snapshot.json").to_string_lossy(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // NRR 3.0 for persyaratan, 10/3 for the rest: IKM = (3 + 8 * 10/3) / 9 * 25 = 82.41.
    assert!(
        run.stdout
            .contains("subdomain-baru: IKM 82.41 (B), 3 responden"),
        "{}",
        run.stdout
    );
    let mut bad = snap.clone();
    bad["surveys"][0]["answers"] = json!([5, 4, 4, 4, 4, 4, 4, 4, 4]);
    f.write("snapshot.json", bad.to_string());
    let run = f.run(&[
        "skm",
        "--snapshot",
        &f.path("snapshot.json").to_string_lossy(),
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("surveys[0].answers must be nine scores from 1 to 4"),
        "{}",
        run.stderr
    );
}
