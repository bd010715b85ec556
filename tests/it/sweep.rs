//! `loket sweep`: reminders and closing for returned requests, reminders
//! for overdue stages; a plan by default, idempotent when applied.

use serde_json::{Value, json};

use crate::support::{
    Fixture, PullRequestBuilder, Run, SnapshotBuilder, label_added, label_removed,
};

/// When every snapshot of this file was fetched, and the sweep runs.
const NOW: &str = "2026-06-10T00:00:00Z";

/// Pull request `number`, returned at `at` (and answered since when
/// `answered`).
fn returned(number: u64, at: &str, answered: bool) -> Value {
    let file = format!("requests/dinas-b/2026-{:04}-n{number}.yaml", number + 10);
    let pr = PullRequestBuilder::new(number, "op-b", "2026-05-04T01:00:00Z")
        .set("service", "subdomain-baru")
        .files(&[file.as_str()])
        .commit("a", "2026-05-04T01:00:00Z", &[file.as_str()]);
    let pr = if answered {
        pr.commit("b", "2026-06-01T01:00:00Z", &[file.as_str()])
    } else {
        pr
    };
    pr.check("a", "success", "2026-05-04T01:05:00Z")
        .labels(vec![
            label_added("status: dikembalikan", "kasi-verifikasi", at),
            label_added("alasan: berkas tidak lengkap", "kasi-verifikasi", at),
        ])
        .json()
}

pub(crate) fn sweep_snapshot() -> Value {
    let waiting = PullRequestBuilder::new(5, "op-b", "2026-06-08T01:00:00Z")
        .set("service", "subdomain-baru")
        .files(&["requests/dinas-b/2026-0020-n5.yaml"])
        .check("a", "success", "2026-06-08T01:05:00Z");
    SnapshotBuilder::new("contoh/loket", NOW)
        .prs([
            returned(1, "2026-06-05T01:00:00Z", false),
            returned(2, "2026-05-29T01:00:00Z", false),
            returned(3, "2026-05-19T01:00:00Z", false),
            returned(4, "2026-05-19T01:00:00Z", true),
            waiting.json(),
        ])
        .json()
}

/// `loket --lang en sweep` (a plan) on `snapshot` at [`NOW`].
fn sweep(f: &Fixture, snapshot: &Value) -> Run {
    let snapshot = f.write_snapshot(snapshot);
    sweep_in(f, &["--lang", "en"], &snapshot, NOW)
}

/// `loket sweep` (a plan) with `lang` (the `--lang` flag, or nothing for
/// the default) on the snapshot file `snapshot` at `now`.
pub(crate) fn sweep_in(f: &Fixture, lang: &[&str], snapshot: &str, now: &str) -> Run {
    let args = ["sweep", "--snapshot", snapshot, "--now", now];
    f.run(&[lang, &args[..]].concat())
}

/// `loket skm` on `snapshot`.
fn skm(f: &Fixture, snapshot: &Value) -> Run {
    let snapshot = f.write_snapshot(snapshot);
    f.run(&["skm", "--snapshot", &snapshot])
}

#[test]
fn sweep_plans_reminders_closing_and_overdue_stages() {
    let f = Fixture::base();
    let run = sweep(&f, &sweep_snapshot());
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
    let snapshot = f.write_snapshot(&sweep_snapshot());
    let run = sweep_in(&f, &[], &snapshot, NOW);
    assert_eq!(
        run.stdout,
        "ingatkan  #2 (dikembalikan 7 hari kerja lalu)\n\
         tutup     #3 (dikembalikan 13 hari kerja lalu)\n\
         terlambat #4 tahap «Verifikasi» → kasi-verifikasi\n\
         terlambat #5 tahap «Verifikasi» → kasi-verifikasi\n\
         (uji coba: tambahkan --apply untuk bertindak)\n",
        "Indonesian by default"
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
    let run = sweep(&f, &sweep_snapshot());
    assert!(
        run.stdout
            .starts_with("remind  #1 (returned 3 hari kerja ago)\nclose   #2"),
        "{}",
        run.stdout
    );
}

/// dinas-a's 2026-0001, merged on 1 June 2026 and done (`status:
/// selesai`) on 2 June, with `surveys` about it.
fn finished_alpha(surveys: Vec<Value>) -> Value {
    let file = "requests/dinas-a/2026-0001-alpha.yaml";
    let pr = PullRequestBuilder::new(1, "op-a", "2026-05-28T01:00:00Z")
        .state("merged")
        .set("merged_at", "2026-06-01T03:00:00Z")
        .set("closed_at", "2026-06-01T03:00:00Z")
        .files(&[file])
        .commit("a", "2026-05-28T01:00:00Z", &[file])
        .check("a", "success", "2026-05-28T01:05:00Z")
        .labels(vec![
            label_added(
                "tahap: verifikasi",
                "kasi-verifikasi",
                "2026-05-28T02:00:00Z",
            ),
            label_added("status: selesai", "staf-teknis", "2026-06-02T02:00:00Z"),
        ]);
    SnapshotBuilder::new("contoh/loket", NOW)
        .pr(pr)
        .set("surveys", surveys)
        .json()
}

#[test]
fn skm_counts_the_first_answer_of_the_agencys_operator_after_the_request_is_done() {
    let f = Fixture::base();
    let answer = |issue: u64, author: &str, at: &str, score: u8| json!({"issue": issue, "submitted_at": at, "request": "2026-0001", "answers": vec![score; 9], "author": author});
    let mut spam = answer(301, "op-a", "2026-06-03T00:00:00Z", 1);
    spam["state"] = json!("closed");
    spam["state_reason"] = json!("not_planned");
    let surveys = vec![
        answer(300, "op-a", "2026-06-01T00:00:00Z", 1), // before it was done
        spam,
        answer(302, "op-a", "2026-06-04T00:00:00Z", 4), // the one that counts
        answer(303, "op-a", "2026-06-05T00:00:00Z", 1), // again
        answer(304, "warga", "2026-06-05T00:00:00Z", 1), // not dinas-a's operator
    ];
    let run = skm(&f, &finished_alpha(surveys));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("subdomain-baru: IKM 100.00 (A), 1 responden"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.ends_with(
            "tidak dihitung: 1 ditutup sebagai spam, 1 permohonan belum selesai, \
             1 bukan operator perangkat daerah pemohon, 1 jawaban ulang\n"
        ),
        "{}",
        run.stdout
    );
    // The same count in English (issue 20 §6: every command honours --lang).
    let run = f.run(&[
        "--lang",
        "en",
        "skm",
        "--snapshot",
        &f.path("snapshot.json").to_string_lossy(),
    ]);
    assert!(
        run.stdout
            .starts_with("(all): IKM 100.00 (A), 1 respondent\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("subdomain-baru: IKM 100.00 (A), 1 respondent\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.ends_with(
            "not counted: 1 closed as spam, 1 request not finished, \
             1 not an operator of the requesting agency, 1 repeated answer\n"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn skm_refuses_answers_that_are_not_nine_scores() {
    let f = Fixture::base();
    let mut snap = finished_alpha(vec![
        json!({"issue": 300, "submitted_at": "2026-06-05T00:00:00Z", "request": "2026-0001", "answers": vec![4; 9], "author": "op-a"}),
    ]);
    snap["surveys"][0]["answers"] = json!([5, 4, 4, 4, 4, 4, 4, 4, 4]);
    let run = skm(&f, &snap);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("surveys[0].answers must be nine scores from 1 to 4"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_strangers_return_label_neither_reminds_nor_closes() {
    let f = Fixture::base();
    let mut stranger = returned(3, "2026-05-19T01:00:00Z", false);
    for e in stranger["label_events"].as_array_mut().expect("events") {
        e["actor"] = json!("orang-asing");
    }
    // An officer's return that a stranger takes off still stands.
    let mut undone = returned(6, "2026-05-19T01:00:00Z", false);
    undone["label_events"]
        .as_array_mut()
        .expect("events")
        .push(label_removed(
            "status: dikembalikan",
            "orang-asing",
            "2026-05-20T01:00:00Z",
        ));
    let snap = SnapshotBuilder::new("contoh/loket", NOW)
        .prs([stranger, undone])
        .json();
    let run = sweep(&f, &snap);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        // #3: the stranger's label counts for nothing: the officers' stage is overdue.
        "overdue #3 stage «Verifikasi» → kasi-verifikasi\n\
         close   #6 (returned 13 hari kerja ago)\n\
         (dry run: pass --apply to act)\n"
    );
}
