//! `loket gate`: who added which label, when, in what order.

use serde_json::{Value, json};

use crate::support::{
    Fixture, PullRequestBuilder, REQ, Run, SnapshotBuilder, label_added, label_removed,
    valid_request,
};

/// When every snapshot of this file was fetched.
const FETCHED: &str = "2026-06-10T00:00:00Z";

/// A snapshot of `contoh/loket` with `prs`.
fn snapshot(prs: impl IntoIterator<Item = Value>) -> Value {
    SnapshotBuilder::new("contoh/loket", FETCHED)
        .prs(prs)
        .json()
}

/// Pull request 7 by `author`, changing `files`, with `labels`; approved
/// on its one commit `c1`.
fn pr(author: &str, files: &[&str], labels: Vec<Value>) -> Value {
    PullRequestBuilder::new(7, author, "2026-06-02T01:00:00Z")
        .files(files)
        .commit("c1", "2026-06-02T01:00:00Z", &[])
        .labels(labels)
        .approved()
}

/// `loket gate` on pull request 7 of a snapshot with `pr`, in `lang`,
/// with `--changed` files.
fn gate(f: &Fixture, pr: Value, lang: &str, changed: &[String]) -> Run {
    let snapshot = f.write_snapshot(&snapshot([pr]));
    let mut args = vec!["--lang", lang, "gate", "--pr", "7", "--snapshot", &snapshot];
    args.extend(changed.iter().flat_map(|c| ["--changed", c.as_str()]));
    f.run(&args)
}

fn verified(actor: &str) -> Vec<Value> {
    vec![label_added(
        "tahap: verifikasi",
        actor,
        "2026-06-02T02:00:00Z",
    )]
}

/// An edit of the instance: in `file`, `from` becomes `to`.
type Edit = (&'static str, &'static str, &'static str);

/// op-b, the author of the pull requests, also holds role verifikator.
const AUTHOR_VERIFIES: Edit = (
    "loket.yaml",
    "{github: kasi-verifikasi, peran: [verifikator]}",
    "{github: kasi-verifikasi, peran: [verifikator]}\n  - {github: op-b, peran: [verifikator]}",
);

/// The service has a stage «Persetujuan» after «Verifikasi».
const APPROVAL_STAGE: Edit = (
    "site/layanan/subdomain-baru.md",
    "  - {id: konfigurasi,",
    "  - {id: persetujuan, nama: Persetujuan, peran: teknisi, label: \"tahap: disetujui\"}\n  - {id: konfigurasi,",
);

/// `bot:` is set: the default github-actions no longer counts.
const LOKET_BOT: Edit = ("loket.yaml", "petugas:", "bot: [loket-bot]\npetugas:");

/// An attachment of dinas-b already merged.
const ATTACHMENT: &str = "requests/dinas-b/lampiran/surat.pdf";

/// Its refusal.
const MERGED: &str = "✗ requests/dinas-b/lampiran/surat.pdf is already merged and must not be changed, replaced or deleted\n";

const OUTSIDE: &str = "✗ .github/workflows/check.yml is outside requests/dinas-b/\n";

const PASSES: &str = "✓ every approval condition is met\n";

const STALE: &str = "✗ stage «Verifikasi»: label `tahap: verifikasi` is not recorded for the current version (c2); remove and add it again so the gate workflow records it\n";

const NOT_AN_OPERATOR: &str = "✗ @stranger is not an operator of dinas-b in loket.yaml\n";

const OWN_AUTHOR: &str =
    "✗ stage «Verifikasi»: label `tahap: verifikasi` was added by the pull request's own author\n";

/// One verdict of the gate: on a fresh instance with `edits`, pull request
/// 7 as `pr` says, judged in `lang` with `--changed` files, exits `code`
/// and prints `stdout`.
struct Verdict {
    name: String,
    edits: Vec<Edit>,
    pr: Value,
    lang: &'static str,
    changed: Vec<String>,
    code: i32,
    stdout: String,
}

/// The verdict `name`: `pr` judged in English on the base instance.
fn verdict(name: &str, pr: Value, code: i32, stdout: &str) -> Verdict {
    Verdict {
        name: name.to_string(),
        edits: Vec::new(),
        pr,
        lang: "en",
        changed: Vec::new(),
        code,
        stdout: stdout.to_string(),
    }
}

impl Verdict {
    fn lang(mut self, lang: &'static str) -> Self {
        self.lang = lang;
        self
    }

    fn edit(mut self, edit: Edit) -> Self {
        self.edits.push(edit);
        self
    }

    fn changed(mut self, changed: &[String]) -> Self {
        self.changed = changed.to_vec();
        self
    }
}

/// `p` whose head has become `head`, pushed at `committed_at`.
fn at_head(mut p: Value, head: &str, committed_at: &str) -> Value {
    p["commits"]
        .as_array_mut()
        .expect("commits")
        .push(json!({"sha": head, "committed_at": committed_at, "files": [REQ]}));
    p["head"] = json!(head);
    p
}

/// Approved on c1, then the label was given again on c2; the head is
/// `head`.
fn approved_twice(head: &str) -> Value {
    let mut p = pr(
        "op-b",
        &[REQ],
        vec![
            label_added(
                "tahap: verifikasi",
                "kasi-verifikasi",
                "2026-06-02T02:00:00Z",
            ),
            label_removed(
                "tahap: verifikasi",
                "kasi-verifikasi",
                "2026-06-02T03:00:00Z",
            ),
            label_added(
                "tahap: verifikasi",
                "kasi-verifikasi",
                "2026-06-02T04:00:00Z",
            ),
        ],
    );
    p["approvals"] = json!([
        {"label": "tahap: verifikasi", "officer": "kasi-verifikasi", "sha": "c1", "recorder": "github-actions", "at": "2026-06-02T02:01:00Z"},
        {"label": "tahap: verifikasi", "officer": "kasi-verifikasi", "sha": "c2", "recorder": "github-actions", "at": "2026-06-02T04:01:00Z"}
    ]);
    p["head"] = json!(head);
    p
}

/// The approval of a verified pull request, recorded by `recorder` for
/// `officer`.
fn recorded_by(recorder: &str, officer: &str) -> Value {
    let mut p = pr("op-b", &[REQ], verified("kasi-verifikasi"));
    p["approvals"][0]["recorder"] = json!(recorder);
    p["approvals"][0]["officer"] = json!(officer);
    p
}

/// Verified, then returned (with the reason label when `reason`).
fn returned(reason: bool) -> Vec<Value> {
    let mut labels = verified("kasi-verifikasi");
    labels.push(label_added(
        "status: dikembalikan",
        "kasi-verifikasi",
        "2026-06-02T04:00:00Z",
    ));
    if reason {
        labels.push(label_added(
            "alasan: berkas tidak lengkap",
            "kasi-verifikasi",
            "2026-06-02T04:00:01Z",
        ));
    }
    labels
}

/// Verified, refused by the officer, the refusal taken off by a stranger
/// (and then by the officer when `by_officer`).
fn refusal_taken_off(by_officer: bool) -> Vec<Value> {
    let mut labels = verified("kasi-verifikasi");
    labels.extend([
        label_added("status: ditolak", "kasi-verifikasi", "2026-06-02T03:00:00Z"),
        label_added(
            "alasan: di luar kewenangan",
            "kasi-verifikasi",
            "2026-06-02T03:00:01Z",
        ),
        label_removed("status: ditolak", "orang-asing", "2026-06-02T04:00:00Z"),
    ]);
    if by_officer {
        labels.push(label_removed(
            "status: ditolak",
            "kasi-verifikasi",
            "2026-06-02T05:00:00Z",
        ));
    }
    labels
}

/// A pull request the intake workflow opened from issue #12.
fn from_issue(bot: &str, issue_author: Option<&str>, labels: Vec<Value>) -> Value {
    let mut p = pr(bot, &[REQ], labels);
    if let Some(author) = issue_author {
        p["origin"] = json!({"issue": 12, "author": author});
    }
    p
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

/// Every verdict judged from one pull request alone.
fn verdicts() -> Vec<Verdict> {
    let kasi = || verified("kasi-verifikasi");
    let files = a_hundred_and_fifty_files();
    let files: Vec<&str> = files.iter().map(String::as_str).collect();
    vec![
        verdict(
            "all_good_passes",
            pr("op-b", &[REQ, ATTACHMENT], kasi()),
            0,
            PASSES,
        ),
        verdict(
            "a_label_by_a_non_officer",
            pr("op-b", &[REQ], verified("random-triager")),
            1,
            "✗ stage «Verifikasi»: label `tahap: verifikasi` was added by @random-triager, who does not hold role verifikator\n",
        ),
        verdict(
            "a_label_by_the_wrong_role",
            pr("op-b", &[REQ], verified("staf-teknis")),
            1,
            "✗ tahap «Verifikasi»: label `tahap: verifikasi` dipasang oleh @staf-teknis, yang tidak berperan verifikator\n",
        )
        .lang("id"),
        verdict(
            "a_label_by_the_author",
            pr("op-b", &[REQ], verified("op-b")),
            1,
            OWN_AUTHOR,
        )
        .edit(AUTHOR_VERIFIES),
        verdict(
            "added_then_removed_is_missing",
            pr(
                "op-b",
                &[REQ],
                [
                    kasi(),
                    vec![label_removed(
                        "tahap: verifikasi",
                        "kasi-verifikasi",
                        "2026-06-02T03:00:00Z",
                    )],
                ]
                .concat(),
            ),
            1,
            "✗ stage «Verifikasi»: label `tahap: verifikasi` has not been added by an officer with role verifikator\n",
        ),
        verdict(
            "a_push_after_the_approval_makes_it_stale",
            at_head(pr("op-b", &[REQ], kasi()), "c2", "2026-06-02T05:00:00Z"),
            1,
            STALE,
        ),
        // The pusher writes the commit date: a week before the label.
        verdict(
            "a_back_dated_commit_after_the_approval_is_stale",
            at_head(pr("op-b", &[REQ], kasi()), "c2", "2026-05-26T00:00:00Z"),
            1,
            STALE,
        ),
        // c1 is pushed back: its approval predates the label that holds.
        verdict(
            "a_force_push_back_to_an_earlier_commit_is_stale",
            approved_twice("c1"),
            1,
            &STALE.replace("(c2)", "(c1)"),
        ),
        verdict(
            "a_force_push_back_to_an_earlier_commit_is_stale: the version the officer saw last",
            approved_twice("c2"),
            0,
            PASSES,
        ),
        // A commit dated after the label proves nothing either way: the
        // approval is on the head.
        verdict(
            "an_approval_given_after_the_last_push_passes",
            {
                let mut p = pr("op-b", &[REQ], kasi());
                p["commits"] = json!([
                    {"sha": "c1", "committed_at": "2026-06-02T01:00:00Z", "files": [REQ]},
                    {"sha": "c2", "committed_at": "2026-06-09T05:00:00Z", "files": [REQ]}
                ]);
                p["head"] = json!("c1");
                p
            },
            0,
            PASSES,
        ),
        verdict(
            "an_approval_recorded_by_anyone_but_the_bot_does_not_count: op-b for kasi-verifikasi",
            recorded_by("op-b", "kasi-verifikasi"),
            1,
            &STALE.replace("(c2)", "(c1)"),
        ),
        verdict(
            "an_approval_recorded_by_anyone_but_the_bot_does_not_count: github-actions for someone-else",
            recorded_by("github-actions", "someone-else"),
            1,
            &STALE.replace("(c2)", "(c1)"),
        ),
        verdict(
            "out_of_order",
            pr(
                "op-b",
                &[REQ],
                vec![
                    label_added("tahap: disetujui", "staf-teknis", "2026-06-02T02:00:00Z"),
                    label_added(
                        "tahap: verifikasi",
                        "kasi-verifikasi",
                        "2026-06-02T03:00:00Z",
                    ),
                ],
            ),
            1,
            "✗ stage «Persetujuan» was approved before stage «Verifikasi»\n",
        )
        .edit(APPROVAL_STAGE),
        verdict(
            "another_agencys_file_and_an_author_who_is_no_operator",
            pr(
                "op-a",
                &[REQ, "requests/dinas-a/2026-0001-alpha.yaml"],
                kasi(),
            ),
            1,
            "✗ @op-a is not an operator of dinas-b in loket.yaml\n✗ requests/dinas-a/2026-0001-alpha.yaml is outside requests/dinas-b/\n",
        ),
        verdict(
            "every_file_of_a_large_pull_request_is_judged",
            pr("op-b", &files, kasi()),
            1,
            OUTSIDE,
        ),
        // GitHub's GraphQL lists a pull request's first 100 files; the gate
        // workflow passes the REST API's complete list with --changed.
        verdict(
            "files_past_the_snapshots_first_hundred_come_from_changed: the snapshot alone cannot see file 120",
            pr("op-b", &files[..100], kasi()),
            0,
            PASSES,
        ),
        verdict(
            "files_past_the_snapshots_first_hundred_come_from_changed",
            pr("op-b", &files[..100], kasi()),
            1,
            OUTSIDE,
        )
        .changed(&files.iter().map(|f| format!("A:{f}")).collect::<Vec<_>>()),
        verdict(
            "a_merged_attachment_added",
            pr("op-b", &[REQ, ATTACHMENT], kasi()),
            0,
            PASSES,
        )
        .changed(&[format!("A:{REQ}"), format!("A:{ATTACHMENT}")]),
        verdict(
            "a_merged_attachment_replaced",
            pr("op-b", &[REQ, ATTACHMENT], kasi()),
            1,
            MERGED,
        )
        .changed(&[format!("M:{ATTACHMENT}")]),
        verdict(
            "a_merged_attachment_deleted",
            pr("op-b", &[REQ, ATTACHMENT], kasi()),
            1,
            MERGED,
        )
        .changed(&[format!("D:{ATTACHMENT}")]),
        // A rename is judged under both paths.
        verdict(
            "a_merged_attachment_renamed",
            pr("op-b", &[REQ], kasi()),
            1,
            &format!("{MERGED}{OUTSIDE}"),
        )
        .changed(&[format!("R100\t{ATTACHMENT}\t.github/workflows/check.yml")]),
        verdict(
            "a_return_needs_a_reason_label",
            pr("op-b", &[REQ], returned(false)),
            1,
            "✗ the request carries `status: dikembalikan`\n✗ `status: dikembalikan` has no reason label: add one of the `alasan: …` labels\n",
        ),
        verdict(
            "a_return_with_its_reason_label",
            pr("op-b", &[REQ], returned(true)),
            1,
            "✗ the request carries `status: dikembalikan`\n",
        ),
        // GraphQL writes an app without `[bot]`, events and REST with it.
        verdict(
            "a_bot_pull_request_is_the_issue_authors_request: github-actions",
            from_issue("github-actions", Some("op-b"), kasi()),
            0,
            PASSES,
        ),
        verdict(
            "a_bot_pull_request_is_the_issue_authors_request: github-actions[bot]",
            from_issue("github-actions[bot]", Some("op-b"), kasi()),
            0,
            PASSES,
        ),
        verdict(
            "a_bot_pull_request_from_a_non_operators_issue_is_refused",
            from_issue("github-actions", Some("stranger"), kasi()),
            1,
            NOT_AN_OPERATOR,
        ),
        verdict(
            "a_bot_pull_request_without_its_issue_is_refused",
            from_issue("github-actions", None, kasi()),
            1,
            "✗ @github-actions membuka pull request ini tanpa menautkan issue permohonannya (`Closes #N` di deskripsi)\n",
        )
        .lang("id"),
        verdict(
            "the_issue_author_cannot_approve_their_own_request",
            from_issue("github-actions", Some("op-b"), verified("op-b")),
            1,
            OWN_AUTHOR,
        )
        .edit(AUTHOR_VERIFIES),
        // A person's pull request that closes an operator's issue stays theirs.
        verdict(
            "only_the_listed_bots_speak_for_an_issue_author: a person",
            from_issue("stranger", Some("op-b"), kasi()),
            1,
            NOT_AN_OPERATOR,
        ),
        verdict(
            "only_the_listed_bots_speak_for_an_issue_author: github-actions once bot: is set",
            from_issue("github-actions", Some("op-b"), kasi()),
            1,
            "✗ @github-actions is not an operator of dinas-b in loket.yaml\n",
        )
        .edit(LOKET_BOT),
        verdict(
            "only_the_listed_bots_speak_for_an_issue_author: the listed bot",
            from_issue("loket-bot[bot]", Some("op-b"), kasi()),
            0,
            PASSES,
        )
        .edit(LOKET_BOT),
        verdict(
            "a_stranger_taking_off_an_officers_refusal_does_not_free_the_merge",
            pr("op-b", &[REQ], refusal_taken_off(false)),
            1,
            "✗ the request carries `status: ditolak`\n",
        ),
        verdict(
            "a_stranger_taking_off_an_officers_refusal_does_not_free_the_merge: the officer's own removal frees it",
            pr("op-b", &[REQ], refusal_taken_off(true)),
            0,
            PASSES,
        ),
    ]
}

#[test]
fn gate_verdicts() {
    for v in verdicts() {
        let f = Fixture::with_request(&valid_request());
        for (file, from, to) in &v.edits {
            f.edit(file, from, to);
        }
        let run = gate(&f, v.pr, v.lang, &v.changed);
        assert_eq!(
            (run.code, run.stdout.as_str()),
            (v.code, v.stdout.as_str()),
            "verdict `{}`; stderr:\n{}",
            v.name,
            run.stderr
        );
    }
}

/// The rows of [`verdicts`] on attachments are judged by the gate.
#[test]
fn a_merged_attachment_replaced_deleted_or_renamed_is_refused() {
    let f = Fixture::with_request(&valid_request());
    // As `loket check` says of the same files.
    let run = f.check(&[
        "--changed",
        &format!("A:{REQ}"),
        "--changed",
        &format!("R100\t{ATTACHMENT}\t.github/workflows/check.yml"),
    ]);
    run.expect(1, &[("L025", 1, 1), ("L023", 1, 1)]);
}

#[test]
fn returned_requests_and_step_summary() {
    let f = Fixture::with_request(&valid_request());
    let snapshot = f.write_snapshot(&snapshot([pr("op-b", &[REQ], returned(false))]));
    let summary = f.path("summary.md");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_loket"))
        .args([
            "--root",
            &f.root().to_string_lossy(),
            "gate",
            "--pr",
            "7",
            "--snapshot",
            &snapshot,
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
    let snapshot = f.write_snapshot(&snapshot([]));
    let run = f.run(&["gate", "--pr", "7", "--snapshot", &snapshot]);
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
    let other = PullRequestBuilder::new(9, "op-a", "2026-06-01T00:00:00Z")
        .files(&["requests/dinas-a/2026-0003-beta.yaml"])
        .json();
    let mine = pr("op-b", &[REQ], vec![]);
    let snapshot = f.write_snapshot(&snapshot([other, mine]));
    let run = f.check(&["--snapshot", &snapshot, "--pr", "7"]);
    // A warning: the first merged gets the name (tests/it/merge_order.rs).
    run.expect(0, &[("L100", 3, 12)]);
    assert_eq!(
        run.only().message,
        "the name `beta` is also requested in pull request #9 (requests/dinas-a/2026-0003-beta.yaml); whichever is merged first gets it"
    );
}

/// The gate's verdicts on a return are in [`verdicts`].
#[test]
fn a_return_needs_a_reason_label_and_the_timeline_shows_it() {
    let f = Fixture::with_request(&valid_request());
    let snapshot = f.write_snapshot(&snapshot([pr("op-b", &[REQ], returned(true))]));
    let run = f.run(&[
        "status",
        "2026-0002",
        "--snapshot",
        &snapshot,
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
