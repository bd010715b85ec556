//! `loket gate`: who added which label, when, in what order.

use serde_json::{Value, json};

use crate::support::{Fixture, REQ, Run, approved, valid_request};

fn label(name: &str, action: &str, actor: &str, at: &str) -> Value {
    json!({"label": name, "action": action, "actor": actor, "at": at})
}

fn pr(author: &str, files: &[&str], labels: Vec<Value>) -> Value {
    approved(json!({
        "number": 7, "author": author, "state": "open", "created_at": "2026-06-02T01:00:00Z",
        "files": files,
        "commits": [{"sha": "c1", "committed_at": "2026-06-02T01:00:00Z", "files": []}],
        "label_events": labels
    }))
}

fn gate(f: &Fixture, pr: Value, lang: &str) -> Run {
    let snap = json!({"version": 1, "repository": "contoh/loket", "fetched_at": "2026-06-10T00:00:00Z", "pull_requests": [pr]});
    f.write("snapshot.json", snap.to_string());
    f.run(&[
        "--lang",
        lang,
        "gate",
        "--pr",
        "7",
        "--snapshot",
        &f.path("snapshot.json").to_string_lossy(),
    ])
}

fn verified(actor: &str) -> Vec<Value> {
    vec![label(
        "tahap: verifikasi",
        "added",
        actor,
        "2026-06-02T02:00:00Z",
    )]
}

#[test]
fn all_good_passes() {
    let f = Fixture::with_request(&valid_request());
    let run = gate(
        &f,
        pr(
            "op-b",
            &[REQ, "requests/dinas-b/lampiran/surat.pdf"],
            verified("kasi-verifikasi"),
        ),
        "en",
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.stdout, "✓ every approval condition is met\n");
}

#[test]
fn a_label_by_a_non_officer_or_the_wrong_role() {
    let f = Fixture::with_request(&valid_request());
    let run = gate(&f, pr("op-b", &[REQ], verified("random-triager")), "en");
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        "✗ stage «Verifikasi»: label `tahap: verifikasi` was added by @random-triager, who does not hold role verifikator\n"
    );
    let run = gate(&f, pr("op-b", &[REQ], verified("staf-teknis")), "id");
    assert_eq!(
        run.stdout,
        "✗ tahap «Verifikasi»: label `tahap: verifikasi` dipasang oleh @staf-teknis, yang tidak berperan verifikator\n"
    );
}

#[test]
fn a_label_by_the_author() {
    let f = Fixture::with_request(&valid_request());
    f.edit(
        "loket.yaml",
        "{github: kasi-verifikasi, peran: [verifikator]}",
        "{github: kasi-verifikasi, peran: [verifikator]}\n  - {github: op-b, peran: [verifikator]}",
    );
    let run = gate(&f, pr("op-b", &[REQ], verified("op-b")), "en");
    assert_eq!(
        run.stdout,
        "✗ stage «Verifikasi»: label `tahap: verifikasi` was added by the pull request's own author\n"
    );
}

#[test]
fn added_then_removed_is_missing() {
    let f = Fixture::with_request(&valid_request());
    let mut labels = verified("kasi-verifikasi");
    labels.push(label(
        "tahap: verifikasi",
        "removed",
        "kasi-verifikasi",
        "2026-06-02T03:00:00Z",
    ));
    let run = gate(&f, pr("op-b", &[REQ], labels), "en");
    assert_eq!(
        run.stdout,
        "✗ stage «Verifikasi»: label `tahap: verifikasi` has not been added by an officer with role verifikator\n"
    );
}

/// The verdict of the gate on `p` whose head has become `head`.
fn gate_at_head(p: &mut Value, head: &str, committed_at: &str) -> Run {
    let f = Fixture::with_request(&valid_request());
    p["commits"]
        .as_array_mut()
        .expect("commits")
        .push(json!({"sha": head, "committed_at": committed_at, "files": [REQ]}));
    p["head"] = json!(head);
    gate(&f, p.clone(), "en")
}

const STALE: &str = "✗ stage «Verifikasi»: label `tahap: verifikasi` is not recorded for the current version (c2); remove and add it again so the gate workflow records it\n";

#[test]
fn a_push_after_the_approval_makes_it_stale() {
    let mut p = pr("op-b", &[REQ], verified("kasi-verifikasi"));
    let run = gate_at_head(&mut p, "c2", "2026-06-02T05:00:00Z");
    assert_eq!((run.code, run.stdout.as_str()), (1, STALE));
}

#[test]
fn a_back_dated_commit_after_the_approval_is_stale() {
    // The pusher writes the commit date: a week before the label.
    let mut p = pr("op-b", &[REQ], verified("kasi-verifikasi"));
    let run = gate_at_head(&mut p, "c2", "2026-05-26T00:00:00Z");
    assert_eq!((run.code, run.stdout.as_str()), (1, STALE));
}

#[test]
fn a_force_push_back_to_an_earlier_commit_is_stale() {
    // Approved on c1, then the label was given again on c2; c1 is pushed
    // back: its approval predates the label that holds.
    let f = Fixture::with_request(&valid_request());
    let mut p = pr(
        "op-b",
        &[REQ],
        vec![
            label(
                "tahap: verifikasi",
                "added",
                "kasi-verifikasi",
                "2026-06-02T02:00:00Z",
            ),
            label(
                "tahap: verifikasi",
                "removed",
                "kasi-verifikasi",
                "2026-06-02T03:00:00Z",
            ),
            label(
                "tahap: verifikasi",
                "added",
                "kasi-verifikasi",
                "2026-06-02T04:00:00Z",
            ),
        ],
    );
    p["approvals"] = json!([
        {"label": "tahap: verifikasi", "officer": "kasi-verifikasi", "sha": "c1", "recorder": "github-actions", "at": "2026-06-02T02:01:00Z"},
        {"label": "tahap: verifikasi", "officer": "kasi-verifikasi", "sha": "c2", "recorder": "github-actions", "at": "2026-06-02T04:01:00Z"}
    ]);
    p["head"] = json!("c1");
    let run = gate(&f, p.clone(), "en");
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (1, STALE.replace("(c2)", "(c1)").as_str())
    );
    p["head"] = json!("c2");
    assert_eq!(
        gate(&f, p, "en").code,
        0,
        "the version the officer saw last"
    );
}

#[test]
fn an_approval_given_after_the_last_push_passes() {
    let f = Fixture::with_request(&valid_request());
    let mut p = pr("op-b", &[REQ], verified("kasi-verifikasi"));
    p["commits"] = json!([
        {"sha": "c1", "committed_at": "2026-06-02T01:00:00Z", "files": [REQ]},
        {"sha": "c2", "committed_at": "2026-06-09T05:00:00Z", "files": [REQ]}
    ]);
    // A commit dated after the label proves nothing either way: the
    // approval is on the head.
    p["head"] = json!("c1");
    let run = gate(&f, p, "en");
    assert_eq!(run.code, 0, "{}", run.stdout);
}

#[test]
fn an_approval_recorded_by_anyone_but_the_bot_does_not_count() {
    let f = Fixture::with_request(&valid_request());
    for (recorder, officer) in [
        ("op-b", "kasi-verifikasi"),
        ("github-actions", "someone-else"),
    ] {
        let mut p = pr("op-b", &[REQ], verified("kasi-verifikasi"));
        p["approvals"][0]["recorder"] = json!(recorder);
        p["approvals"][0]["officer"] = json!(officer);
        let run = gate(&f, p, "en");
        assert_eq!(
            (run.code, run.stdout.as_str()),
            (1, STALE.replace("(c2)", "(c1)").as_str()),
            "{recorder} for {officer}"
        );
    }
}

#[test]
fn out_of_order() {
    let f = Fixture::with_request(&valid_request());
    f.edit(
        "site/layanan/subdomain-baru.md",
        "  - {id: konfigurasi,",
        "  - {id: persetujuan, nama: Persetujuan, peran: teknisi, label: \"tahap: disetujui\"}\n  - {id: konfigurasi,",
    );
    let labels = vec![
        label(
            "tahap: disetujui",
            "added",
            "staf-teknis",
            "2026-06-02T02:00:00Z",
        ),
        label(
            "tahap: verifikasi",
            "added",
            "kasi-verifikasi",
            "2026-06-02T03:00:00Z",
        ),
    ];
    let run = gate(&f, pr("op-b", &[REQ], labels), "en");
    assert_eq!(
        run.stdout,
        "✗ stage «Persetujuan» was approved before stage «Verifikasi»\n"
    );
}

#[test]
fn another_agencys_file_and_an_author_who_is_no_operator() {
    let f = Fixture::with_request(&valid_request());
    let run = gate(
        &f,
        pr(
            "op-a",
            &[REQ, "requests/dinas-a/2026-0001-alpha.yaml"],
            verified("kasi-verifikasi"),
        ),
        "en",
    );
    assert_eq!(
        run.stdout,
        "✗ @op-a is not an operator of dinas-b in loket.yaml\n✗ requests/dinas-a/2026-0001-alpha.yaml is outside requests/dinas-b/\n"
    );
}

/// 150 files of one pull request: the request, then 149 attachments of
/// dinas-b, with file 120 outside the agency's folder.
fn a_hundred_and_fifty_files() -> Vec<String> {
    let mut files: Vec<String> = std::iter::once(REQ.to_string())
        .chain((1..150).map(|i| format!("requests/dinas-b/lampiran/lampiran-{i}.pdf")))
        .collect();
    files[119] = ".github/workflows/check.yml".to_string();
    files
}

#[test]
fn every_file_of_a_large_pull_request_is_judged() {
    let f = Fixture::with_request(&valid_request());
    let files = a_hundred_and_fifty_files();
    let paths: Vec<&str> = files.iter().map(String::as_str).collect();
    let run = gate(&f, pr("op-b", &paths, verified("kasi-verifikasi")), "en");
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        "✗ .github/workflows/check.yml is outside requests/dinas-b/\n"
    );
}

/// `loket gate` on pull request 7 of a snapshot, with `--changed` files.
fn gate_with(f: &Fixture, pr: Value, changed: &[String]) -> Run {
    let snap = json!({"version": 1, "repository": "contoh/loket", "fetched_at": "2026-06-10T00:00:00Z", "pull_requests": [pr]});
    f.write("snapshot.json", snap.to_string());
    let snapshot = f.path("snapshot.json").to_string_lossy().into_owned();
    let mut args = vec!["--lang", "en", "gate", "--pr", "7", "--snapshot", &snapshot];
    args.extend(changed.iter().flat_map(|c| ["--changed", c.as_str()]));
    f.run(&args)
}

#[test]
fn files_past_the_snapshots_first_hundred_come_from_changed() {
    // GitHub's GraphQL lists a pull request's first 100 files; the gate
    // workflow passes the REST API's complete list with --changed.
    let f = Fixture::with_request(&valid_request());
    let files = a_hundred_and_fifty_files();
    let first: Vec<&str> = files[..100].iter().map(String::as_str).collect();
    let p = pr("op-b", &first, verified("kasi-verifikasi"));
    let run = gate_with(&f, p.clone(), &[]);
    assert_eq!(run.code, 0, "the snapshot alone cannot see file 120");
    let all: Vec<String> = files.iter().map(|f| format!("A:{f}")).collect();
    let run = gate_with(&f, p, &all);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        "✗ .github/workflows/check.yml is outside requests/dinas-b/\n"
    );
}

#[test]
fn a_merged_attachment_replaced_deleted_or_renamed_is_refused() {
    let f = Fixture::with_request(&valid_request());
    let attachment = "requests/dinas-b/lampiran/surat.pdf";
    let p = pr("op-b", &[REQ, attachment], verified("kasi-verifikasi"));
    let run = gate_with(
        &f,
        p.clone(),
        &[format!("A:{REQ}"), format!("A:{attachment}")],
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    for status in ["M", "D"] {
        let run = gate_with(&f, p.clone(), &[format!("{status}:{attachment}")]);
        assert_eq!(run.code, 1);
        assert_eq!(
            run.stdout,
            "✗ requests/dinas-b/lampiran/surat.pdf is already merged and must not be changed, replaced or deleted\n"
        );
    }
    // A rename is judged under both paths.
    let p = pr("op-b", &[REQ], verified("kasi-verifikasi"));
    let run = gate_with(
        &f,
        p,
        &[format!("R100\t{attachment}\t.github/workflows/check.yml")],
    );
    assert_eq!(
        run.stdout,
        "✗ requests/dinas-b/lampiran/surat.pdf is already merged and must not be changed, replaced or deleted\n✗ .github/workflows/check.yml is outside requests/dinas-b/\n"
    );
    // As `loket check` says of the same files.
    let run = f.check(&[
        "--changed",
        &format!("A:{REQ}"),
        "--changed",
        &format!("R100\t{attachment}\t.github/workflows/check.yml"),
    ]);
    run.expect(1, &[("L025", 1, 1), ("L023", 1, 1)]);
}

#[test]
fn returned_requests_and_step_summary() {
    let f = Fixture::with_request(&valid_request());
    let mut labels = verified("kasi-verifikasi");
    labels.push(label(
        "status: dikembalikan",
        "added",
        "kasi-verifikasi",
        "2026-06-02T04:00:00Z",
    ));
    let snap = json!({"version": 1, "repository": "contoh/loket", "fetched_at": "2026-06-10T00:00:00Z", "pull_requests": [pr("op-b", &[REQ], labels)]});
    f.write("snapshot.json", snap.to_string());
    let summary = f.path("summary.md");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_loket"))
        .args([
            "--root",
            &f.root().to_string_lossy(),
            "gate",
            "--pr",
            "7",
            "--snapshot",
            &f.path("snapshot.json").to_string_lossy(),
        ])
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!(
        "gate_summary",
        std::fs::read_to_string(summary).expect("summary")
    );
}

#[test]
fn a_pull_request_not_in_the_snapshot_is_a_usage_error() {
    let f = Fixture::with_request(&valid_request());
    let snap = json!({"version": 1, "repository": "contoh/loket", "fetched_at": "2026-06-10T00:00:00Z", "pull_requests": []});
    f.write("snapshot.json", snap.to_string());
    let run = f.run(&[
        "gate",
        "--pr",
        "7",
        "--snapshot",
        &f.path("snapshot.json").to_string_lossy(),
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("pull request #7 is not in the snapshot"),
        "{}",
        run.stderr
    );
}

#[test]
fn check_with_a_snapshot_sees_names_other_pull_requests_ask_for() {
    let f = Fixture::with_request(&valid_request());
    let other = json!({
        "number": 9, "author": "op-a", "state": "open", "created_at": "2026-06-01T00:00:00Z",
        "files": ["requests/dinas-a/2026-0003-beta.yaml"]
    });
    let mine = pr("op-b", &[REQ], vec![]);
    let snap = json!({"version": 1, "repository": "contoh/loket", "fetched_at": "2026-06-10T00:00:00Z", "pull_requests": [other, mine]});
    f.write("snapshot.json", snap.to_string());
    let run = f.check(&[
        "--snapshot",
        &f.path("snapshot.json").to_string_lossy(),
        "--pr",
        "7",
    ]);
    // A warning: the first merged gets the name (tests/it/merge_order.rs).
    run.expect(0, &[("L100", 3, 12)]);
    assert_eq!(
        run.only().message,
        "the name `beta` is also requested in pull request #9 (requests/dinas-a/2026-0003-beta.yaml); whichever is merged first gets it"
    );
}

#[test]
fn a_return_needs_a_reason_label_and_the_timeline_shows_it() {
    let f = Fixture::with_request(&valid_request());
    let mut labels = verified("kasi-verifikasi");
    labels.push(label(
        "status: dikembalikan",
        "added",
        "kasi-verifikasi",
        "2026-06-02T04:00:00Z",
    ));
    let run = gate(&f, pr("op-b", &[REQ], labels.clone()), "en");
    assert_eq!(
        run.stdout,
        "✗ the request carries `status: dikembalikan`\n✗ `status: dikembalikan` has no reason label: add one of the `alasan: …` labels\n"
    );
    labels.push(label(
        "alasan: berkas tidak lengkap",
        "added",
        "kasi-verifikasi",
        "2026-06-02T04:00:01Z",
    ));
    let run = gate(&f, pr("op-b", &[REQ], labels.clone()), "en");
    assert_eq!(run.stdout, "✗ the request carries `status: dikembalikan`\n");
    let snap = json!({"version": 1, "repository": "contoh/loket", "fetched_at": "2026-06-10T00:00:00Z", "pull_requests": [pr("op-b", &[REQ], labels)]});
    f.write("snapshot.json", snap.to_string());
    let run = f.run(&[
        "status",
        "2026-0002",
        "--snapshot",
        &f.path("snapshot.json").to_string_lossy(),
        "--now",
        "2026-06-03T00:00:00Z",
    ]);
    assert!(
        run.stdout
            .contains("Status: dikembalikan\nAlasan: berkas tidak lengkap\n"),
        "{}",
        run.stdout
    );
}

/// A pull request the intake workflow opened from issue #12.
fn from_issue(bot: &str, issue_author: Option<&str>, labels: Vec<Value>) -> Value {
    let mut p = pr(bot, &[REQ], labels);
    if let Some(author) = issue_author {
        p["origin"] = json!({"issue": 12, "author": author});
    }
    p
}

#[test]
fn a_bot_pull_request_is_the_issue_authors_request() {
    let f = Fixture::with_request(&valid_request());
    // GraphQL writes an app without `[bot]`, events and REST with it.
    for bot in ["github-actions", "github-actions[bot]"] {
        let run = gate(
            &f,
            from_issue(bot, Some("op-b"), verified("kasi-verifikasi")),
            "en",
        );
        assert_eq!(run.code, 0, "{bot}: {}{}", run.stdout, run.stderr);
    }
}

#[test]
fn a_bot_pull_request_from_a_non_operators_issue_is_refused() {
    let f = Fixture::with_request(&valid_request());
    let run = gate(
        &f,
        from_issue(
            "github-actions",
            Some("stranger"),
            verified("kasi-verifikasi"),
        ),
        "en",
    );
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        "✗ @stranger is not an operator of dinas-b in loket.yaml\n"
    );
}

#[test]
fn a_bot_pull_request_without_its_issue_is_refused() {
    let f = Fixture::with_request(&valid_request());
    let run = gate(
        &f,
        from_issue("github-actions", None, verified("kasi-verifikasi")),
        "id",
    );
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        "✗ @github-actions membuka pull request ini tanpa menautkan issue permohonannya (`Closes #N` di deskripsi)\n"
    );
}

#[test]
fn the_issue_author_cannot_approve_their_own_request() {
    let f = Fixture::with_request(&valid_request());
    f.edit(
        "loket.yaml",
        "{github: kasi-verifikasi, peran: [verifikator]}",
        "{github: kasi-verifikasi, peran: [verifikator]}\n  - {github: op-b, peran: [verifikator]}",
    );
    let run = gate(
        &f,
        from_issue("github-actions", Some("op-b"), verified("op-b")),
        "en",
    );
    assert_eq!(
        run.stdout,
        "✗ stage «Verifikasi»: label `tahap: verifikasi` was added by the pull request's own author\n"
    );
}

#[test]
fn only_the_listed_bots_speak_for_an_issue_author() {
    let f = Fixture::with_request(&valid_request());
    // A person's pull request that closes an operator's issue stays theirs.
    let run = gate(
        &f,
        from_issue("stranger", Some("op-b"), verified("kasi-verifikasi")),
        "en",
    );
    assert_eq!(
        run.stdout,
        "✗ @stranger is not an operator of dinas-b in loket.yaml\n"
    );
    // Once `bot:` is set, the default github-actions no longer counts.
    f.edit("loket.yaml", "petugas:", "bot: [loket-bot]\npetugas:");
    let run = gate(
        &f,
        from_issue("github-actions", Some("op-b"), verified("kasi-verifikasi")),
        "en",
    );
    assert_eq!(
        run.stdout,
        "✗ @github-actions is not an operator of dinas-b in loket.yaml\n"
    );
    let run = gate(
        &f,
        from_issue("loket-bot[bot]", Some("op-b"), verified("kasi-verifikasi")),
        "en",
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
}

#[test]
fn a_stranger_taking_off_an_officers_refusal_does_not_free_the_merge() {
    let f = Fixture::with_request(&valid_request());
    let mut labels = verified("kasi-verifikasi");
    labels.extend([
        label(
            "status: ditolak",
            "added",
            "kasi-verifikasi",
            "2026-06-02T03:00:00Z",
        ),
        label(
            "alasan: di luar kewenangan",
            "added",
            "kasi-verifikasi",
            "2026-06-02T03:00:01Z",
        ),
        label(
            "status: ditolak",
            "removed",
            "orang-asing",
            "2026-06-02T04:00:00Z",
        ),
    ]);
    let run = gate(&f, pr("op-b", &[REQ], labels.clone()), "en");
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "✗ the request carries `status: ditolak`\n");
    // The officer's own removal frees it.
    labels.push(label(
        "status: ditolak",
        "removed",
        "kasi-verifikasi",
        "2026-06-02T05:00:00Z",
    ));
    let run = gate(&f, pr("op-b", &[REQ], labels), "en");
    assert_eq!(run.code, 0, "{}", run.stdout);
}
