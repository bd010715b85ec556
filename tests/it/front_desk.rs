//! The front desk: a walk-in agency's request, filed by a front-desk
//! officer (`petugas-loket`), checked (L160–L167), gated with four eyes and
//! timed from when the desk received it.

use serde_json::{Value, json};

use crate::support::{
    Fixture, PullRequestBuilder, REQ, Run, SnapshotBuilder, label_added, request_with,
    valid_request,
};

/// The desk officer of the fixture.
const DESK: &str = "loket-kominfo";

/// The base instance with a front-desk role and officer.
fn desk_fixture(request: &str) -> Fixture {
    let f = Fixture::with_request(request);
    f.edit(
        "loket.yaml",
        "  - {id: teknisi, nama: Staf Teknis}",
        "  - {id: teknisi, nama: Staf Teknis}\n  - {id: petugas-loket, nama: Petugas Loket}",
    );
    f.edit(
        "loket.yaml",
        "  - {github: staf-teknis, peran: [teknisi]}",
        "  - {github: staf-teknis, peran: [teknisi]}\n  - {github: loket-kominfo, peran: [petugas-loket]}",
    );
    f
}

/// A walk-in request received Friday 20 November 2026, 09:00 Makassar time.
fn walk_in() -> String {
    format!(
        "{}kanal: langsung\nditerima: 2026-11-20T09:00\n",
        valid_request()
    )
}

/// The desk officer's pull request for [`REQ`], opened Monday 23 November
/// 09:00 local (01:00 UTC), its check passed five minutes later.
fn desk_pr(author: &str, files: &[&str], state: &str, labels: Vec<Value>) -> Value {
    SnapshotBuilder::new("contoh/loket", "2026-11-25T00:00:00Z")
        .pr(pull_request(
            7,
            author,
            "subdomain-baru",
            files,
            state,
            labels,
        ))
        .json()
}

/// Pull request `number` as [`desk_pr`] describes it.
fn pull_request(
    number: u64,
    author: &str,
    service: &str,
    files: &[&str],
    state: &str,
    labels: Vec<Value>,
) -> Value {
    let merged = (state == "merged").then_some("2026-11-24T03:00:00Z");
    PullRequestBuilder::new(number, author, "2026-11-23T01:00:00Z")
        .state(state)
        .set("service", service)
        .set("merged_at", merged)
        .set("closed_at", merged)
        .files(files)
        .commit("d1", "2026-11-23T01:00:00Z", &[])
        .check("d1", "success", "2026-11-23T01:05:00Z")
        .labels(labels)
        .approved()
}

fn gate(f: &Fixture, snapshot: &Value) -> Run {
    f.write_snapshot(snapshot);
    gate_pr(f, "7")
}

/// `loket gate` on pull request `number` of the fixture's `snapshot.json`.
fn gate_pr(f: &Fixture, number: &str) -> Run {
    f.run(&[
        "--lang",
        "en",
        "gate",
        "--pr",
        number,
        "--snapshot",
        &f.path("snapshot.json").to_string_lossy(),
    ])
}

/// The timeline of `path` by `loket status` on `snapshot`, Wednesday
/// 25 November 2026.
fn timeline(f: &Fixture, snapshot: &Value, path: &str) -> Value {
    let snapshot = f.write_snapshot(snapshot);
    let run = f.run(&[
        "status",
        "--format",
        "json",
        "--snapshot",
        &snapshot,
        "--now",
        "2026-11-25T00:00:00Z",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let all: Value = serde_json::from_str(&run.stdout).expect("json");
    all.as_array()
        .and_then(|a| a.iter().find(|t| t["path"] == path))
        .cloned()
        .unwrap_or_else(|| panic!("no timeline of {path}"))
}

fn verified(actor: &str) -> Vec<Value> {
    vec![label_added(
        "tahap: verifikasi",
        actor,
        "2026-11-23T02:00:00Z",
    )]
}

#[test]
fn a_walk_in_request_walks_from_the_desk_to_selesai_on_the_desk_clock() {
    let f = desk_fixture(&walk_in());
    let run = f.check(&["--author", DESK, "--changed", REQ]);
    assert_eq!(run.code, 0, "{}", run.stdout);

    let files = [REQ, "requests/dinas-b/lampiran/surat.pdf"];
    let run = gate(
        &f,
        &desk_pr(DESK, &files, "open", verified("kasi-verifikasi")),
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);

    let mut labels = verified("kasi-verifikasi");
    labels.push(label_added(
        "status: selesai",
        "kasi-verifikasi",
        "2026-11-24T06:00:00Z",
    ));
    let t = timeline(&f, &desk_pr(DESK, &files, "merged", labels), REQ);
    assert_eq!(t["status"], "selesai");
    assert_eq!(t["attributed"], true);
    assert_eq!(t["channel"], "langsung");
    // Submitted and started when the desk received it, not when the
    // pull request was opened on Monday.
    assert_eq!(t["events"][0]["kind"], "submitted");
    assert_eq!(t["events"][0]["at"], "2026-11-20T01:00:00Z");
    assert_eq!(t["clock"]["started"], "2026-11-20T01:00:00Z");
    assert_eq!(t["clock"]["stopped"], "2026-11-24T06:00:00Z");
    // Working days after Friday's receipt: Monday and Tuesday (from the
    // pull request it would have been one, Tuesday).
    assert_eq!(t["clock"]["used_working_days"], 2);
    assert_eq!(t["clock"]["verdict"], "on_time");

    // The receipt the desk prints says how and when it came.
    let out = f.build_site(
        &f.path("snapshot.json").to_string_lossy(),
        "2026-11-25T00:00:00Z",
    );
    let receipt = std::fs::read_to_string(out.join("permohonan/2026-0002/tanda-terima/index.html"))
        .expect("receipt");
    assert!(
        receipt.contains("<th scope=\"row\">Kanal</th><td>datang langsung ke loket</td>"),
        "{receipt}"
    );
    assert!(receipt.contains("20 November 2026"), "{receipt}");
    let receipt =
        std::fs::read_to_string(out.join("en/permohonan/2026-0002/tanda-terima/index.html"))
            .expect("English receipt");
    assert!(
        receipt.contains("<th scope=\"row\">Channel</th><td>in person at the front desk</td>"),
        "{receipt}"
    );
}

#[test]
fn the_desk_officers_own_stage_label_is_refused() {
    let f = desk_fixture(&walk_in());
    f.edit(
        "loket.yaml",
        "{github: loket-kominfo, peran: [petugas-loket]}",
        "{github: loket-kominfo, peran: [petugas-loket, verifikator]}",
    );
    let run = gate(&f, &desk_pr(DESK, &[REQ], "open", verified(DESK)));
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        "✗ stage «Verifikasi»: label `tahap: verifikasi` was added by the pull request's own author\n"
    );
}

#[test]
fn a_desk_request_for_an_agency_not_in_loket_yaml_is_refused() {
    let f = desk_fixture(&walk_in());
    let path = "requests/dinas-x/2026-0002-beta.yaml";
    f.write(path, walk_in().replace("dinas-b", "dinas-x"));
    let run = gate(
        &f,
        &desk_pr(DESK, &[path], "open", verified("kasi-verifikasi")),
    );
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        "✗ front-desk officer @loket-kominfo filed a request for dinas-x, which loket.yaml does not list\n"
    );
    let run = f.check(&["--author", DESK, "--changed", path]);
    assert!(run.codes().contains(&"L020".to_string()), "{}", run.stdout);
}

#[test]
fn a_stranger_is_no_desk_officer() {
    let f = desk_fixture(&walk_in());
    let run = gate(
        &f,
        &desk_pr("random-user", &[REQ], "open", verified("kasi-verifikasi")),
    );
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        "✗ @random-user is not an operator of dinas-b in loket.yaml\n"
    );
}

#[test]
fn received_after_the_pull_request_was_opened_is_refused() {
    let f = desk_fixture(&walk_in().replace("2026-11-20T09:00", "2026-11-23T10:00"));
    let run = gate(
        &f,
        &desk_pr(DESK, &[REQ], "open", verified("kasi-verifikasi")),
    );
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        "✗ requests/dinas-b/2026-0002-beta.yaml: `diterima` 2026-11-23 10:00 is later than this pull request was opened (2026-11-23 09:00); the desk cannot receive a request after filing it\n"
    );
}

/// `loket check` of `request` as the pull request of `author`: the one
/// finding, as (code, line, column, message).
fn finding(request: &str, author: &str) -> (String, u64, u64, String) {
    let f = desk_fixture(request);
    let run = f.check(&["--author", author, "--changed", REQ]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let d = run.only();
    (d.code, d.line, d.column, d.message)
}

fn desk_request(extra: &str) -> String {
    format!("{}{extra}", valid_request())
}

#[test]
fn l160_only_a_desk_officer_records_a_desk_request() {
    assert_eq!(
        finding(&walk_in(), "op-b"),
        (
            "L160".into(),
            15,
            8,
            "only an officer holding petugas-loket records a `kanal: langsung` request; @op-b does not hold petugas-loket in loket.yaml".into()
        )
    );
}

#[test]
fn l161_a_desk_officers_request_says_how_it_came() {
    assert_eq!(
        finding(&valid_request(), DESK),
        (
            "L161".into(),
            1,
            1,
            "a request the front-desk officer @loket-kominfo records must give `kanal` (langsung, surat or email) and `diterima`".into()
        )
    );
}

#[test]
fn l162_a_desk_request_says_when_it_was_received() {
    assert_eq!(
        finding(&desk_request("kanal: surat\n"), DESK),
        (
            "L162".into(),
            15,
            8,
            "a `kanal: surat` request must give `diterima`: the date (and time) the desk received it, e.g. `2026-11-20T09:15`".into()
        )
    );
}

#[test]
fn l163_received_is_a_date() {
    assert_eq!(
        finding(&desk_request("kanal: email\nditerima: 20/11/2026\n"), DESK),
        (
            "L163".into(),
            16,
            11,
            "`diterima` `20/11/2026` is not a YYYY-MM-DD date or a YYYY-MM-DDTHH:MM time".into()
        )
    );
}

#[test]
fn l164_received_is_not_in_the_future() {
    assert_eq!(
        finding(
            &desk_request("kanal: langsung\nditerima: 2026-11-24\n"),
            DESK
        ),
        (
            "L164".into(),
            16,
            11,
            "`diterima` 2026-11-24 is in the future (today is 2026-11-23)".into()
        )
    );
}

#[test]
fn l165_received_is_not_before_the_letter() {
    assert_eq!(
        finding(
            &desk_request("kanal: langsung\nditerima: 2026-11-01\n"),
            DESK
        ),
        (
            "L165".into(),
            16,
            11,
            "`diterima` 2026-11-01 is before the letter's date 2026-11-02".into()
        )
    );
}

#[test]
fn l166_a_desk_request_attaches_the_scanned_letter() {
    // The fixture's service also requires the letter (L080); a desk
    // request needs it whatever the service says.
    let text = request_with("  berkas: lampiran/surat.pdf\n", "");
    let f = desk_fixture(&format!("{text}kanal: surat\nditerima: 2026-11-20\n"));
    let run = f.check(&["--author", DESK, "--changed", REQ]);
    let found: Vec<_> = run
        .diagnostics()
        .into_iter()
        .filter(|d| d.code == "L166")
        .map(|d| (d.line, d.column, d.message))
        .collect();
    assert_eq!(
        found,
        [(
            6,
            3,
            "a `kanal: surat` request must attach the scanned letter as `surat.berkas`".to_string()
        )]
    );
}

#[test]
fn l167_an_online_request_gives_no_received_time() {
    assert_eq!(
        finding(&desk_request("diterima: 2026-11-20\n"), "op-b"),
        (
            "L167".into(),
            15,
            11,
            "`diterima` is only for requests received at the front desk (`kanal: langsung`, `surat` or `email`)".into()
        )
    );
}

#[test]
fn loket_new_writes_a_walk_in_request_for_the_desk() {
    let f = desk_fixture(&valid_request());
    let run = f.run(&[
        "new",
        "--layanan",
        "subdomain-baru",
        "--instansi",
        "dinas-a",
        "--subdomain",
        "arsip",
        "--kanal",
        "langsung",
        "--diterima",
        "2026-11-20T09:15",
        "--today",
        "2026-11-23",
        "--stdout",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.ends_with(
            "# Diterima di loket (datang langsung): pindaian surat di surat.berkas\n\
             kanal: langsung\n\
             diterima: 2026-11-20T09:15  # tanggal (dan jam) loket menerima surat\n"
        ),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("instansi: dinas-a\n"), "{}", run.stdout);
    let run = f.run(&[
        "new",
        "--layanan",
        "subdomain-baru",
        "--instansi",
        "dinas-a",
        "--subdomain",
        "arsip",
        "--kanal",
        "langsung",
        "--diterima",
        "kemarin",
        "--stdout",
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("--diterima `kemarin` is not a date or a time"),
        "{}",
        run.stderr
    );
}

/// Sulut's standard names two intake paths, online and in person; Kudus and
/// Kalbar start from a letter. In the Sulut preset a walk-in request and a
/// letter by post both go from the desk to `selesai`, every stage approved
/// by another officer.
#[test]
fn sulut_walk_in_and_letter_by_post_go_from_the_desk_to_selesai() {
    let f =
        Fixture::copy_of(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("presets/sulut"));
    let sample = f.read("requests/dinas-pariwisata/2026-0001-pariwisata.yaml");
    let desk = "loket-dkips-sulut";
    let requests = [
        (
            "requests/dinas-pariwisata/2026-0003-bahari.yaml",
            "bahari",
            "langsung",
        ),
        (
            "requests/dinas-pariwisata/2026-0004-budaya.yaml",
            "budaya",
            "surat",
        ),
    ];
    for (path, subdomain, channel) in requests {
        let text = sample.replace("subdomain: pariwisata", &format!("subdomain: {subdomain}"))
            + &format!("kanal: {channel}\nditerima: 2026-11-20T09:00\n");
        f.write(path, text);
        let run = f.check(&["--author", desk, "--changed", path]);
        assert_eq!(run.code, 0, "{path}: {}", run.stdout);
    }
    let stages = [
        ("tahap: verifikasi", "verifikator-dkips-sulut"),
        ("tahap: website-dibuat", "tim-ahli-dkips-sulut"),
        ("tahap: dikonfirmasi", "layanan-dkips-sulut"),
    ];
    let labels = |done: bool| -> Vec<Value> {
        let mut all: Vec<Value> = stages
            .iter()
            .enumerate()
            .map(|(i, (l, who))| label_added(l, who, &format!("2026-11-23T0{}:00:00Z", 2 + i)))
            .collect();
        if done {
            all.push(label_added(
                "status: selesai",
                "layanan-dkips-sulut",
                "2026-11-24T06:00:00Z",
            ));
        }
        all
    };
    let snapshot = |state: &str| {
        let prs: Vec<Value> = requests
            .iter()
            .zip(7..)
            .map(|((path, _, _), n)| {
                pull_request(
                    n,
                    desk,
                    "pembuatan-website",
                    &[path],
                    state,
                    labels(state == "merged"),
                )
            })
            .collect();
        json!({"version": 1, "repository": "dkips-sulut/loket", "fetched_at": "2026-11-25T00:00:00Z",
               "pull_requests": prs})
    };
    f.write("snapshot.json", snapshot("open").to_string());
    for n in ["7", "8"] {
        let run = gate_pr(&f, n);
        assert_eq!(run.code, 0, "#{n}: {}{}", run.stdout, run.stderr);
    }
    let merged = snapshot("merged");
    for (path, _, channel) in requests {
        let t = timeline(&f, &merged, path);
        assert_eq!(
            (
                &t["status"],
                &t["channel"],
                &t["clock"]["started"],
                &t["clock"]["verdict"]
            ),
            (
                &json!("selesai"),
                &json!(channel),
                &json!("2026-11-20T01:00:00Z"),
                &json!("on_time")
            ),
            "{path}"
        );
    }
}
