//! First merged, first served (issue 15 §4): requests fold in the order
//! they entered `main` (first-parent history), never in request-id order,
//! which the agency chooses; on real git repositories.

use std::collections::BTreeSet;

use serde_json::json;

use loket::validate::registry::{self, MergeOrder};

use crate::support::{Fixture, REQ, valid_request};

/// A request of `agency` (`dinas-a` or `dinas-b`) for `name` with `body`.
fn request(agency: &str, service: &str, name: &str, body: &str) -> String {
    format!(
        "layanan: {service}\ninstansi: {agency}\nsubdomain: {name}\n\
         surat: {{nomor: 003/2026, tanggal: 2026-11-10, penandatangan: Kepala, berkas: lampiran/surat.pdf}}\n{body}"
    )
}

fn create(agency: &str, name: &str, address: &str) -> String {
    request(
        agency,
        "subdomain-baru",
        name,
        &format!("tujuan: Situs\nrekaman: [{{tipe: A, nilai: {address}}}]\n"),
    )
}

/// The base instance committed as the first commit of `main`.
fn instance() -> Fixture {
    let f = Fixture::base();
    f.commit("Instance");
    f
}

const A_BETA: &str = "requests/dinas-a/2026-0005-beta.yaml";

/// Regression: the fold sorted by request id, so an agency that merged
/// later with a lower id took the name from the agency that merged first,
/// and `loket check` blamed the earlier request.
#[test]
fn a_low_request_id_does_not_jump_ahead_of_an_earlier_merge() {
    let f = instance();
    f.write(A_BETA, create("dinas-a", "beta", "103.28.12.40"));
    f.commit("Merge pull request #12 from dinas-a/beta");
    // The gate was bypassed: dinas-b's request (a lower id) merged after.
    f.write(REQ, valid_request());
    f.commit("Merge pull request #13 from dinas-b/beta");
    let run = f.check(&[]);
    run.expect(1, &[("L035", 3, 12)]);
    let found = run.only();
    assert_eq!(
        found.path, REQ,
        "the later merge is refused, not the earlier"
    );
    assert_eq!(
        found.message,
        "the name `beta` is already held by dinas-a since 2026-11-10 (request 2026-0005, pull request #12)"
    );
}

/// A name created, deleted and created again by another agency, each
/// agency choosing ids against the merge order: valid in merge order
/// (in id order the deletion and first creation were refused), and the
/// zone, the registry page and `dns diff` agree on the holder.
#[test]
fn zone_registry_page_and_diff_fold_in_merge_order() {
    let f = instance();
    f.write(
        "requests/dinas-a/2026-0007-delta.yaml",
        create("dinas-a", "delta", "103.28.12.40"),
    );
    let first = f.commit("Merge pull request #21 from dinas-a/delta");
    f.write(
        "requests/dinas-a/2026-0003-delta.yaml",
        request("dinas-a", "subdomain-hapus", "delta", ""),
    );
    f.commit("Hapus delta (#22)");
    f.write(
        "requests/dinas-b/2026-0002-delta.yaml",
        create("dinas-b", "delta", "103.28.12.41"),
    );
    let last = f.commit("Merge pull request #23 from dinas-b/delta");
    f.check(&[]).expect(0, &[]);

    let run = f.run(&["dns", "zone", "--today", "2026-11-23"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("; delta: dinas-b, permohonan 2026-0002\ndelta 3600 IN A 103.28.12.41\n"),
        "{}",
        run.stdout
    );

    let run = f.run(&["dns", "diff", "--from", &first, "--to", &last]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains(";- delta 3600 IN A 103.28.12.40\n")
            && run.stdout.contains("\ndelta 3600 IN A 103.28.12.41\n"),
        "{}",
        run.stdout
    );

    let out = f.path("public");
    let run = f.run(&[
        "build",
        "--out",
        &out.to_string_lossy(),
        "--now",
        "2026-11-23T00:00:00Z",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let registry: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("registry.json")).expect("read"))
            .expect("json");
    let delta = registry["subdomains"]
        .as_array()
        .and_then(|all| all.iter().find(|s| s["name"] == "delta"))
        .unwrap_or_else(|| panic!("no delta in {registry}"));
    assert_eq!(delta["agency"], "dinas-b", "{delta}");
}

/// The gate workflow checks the base branch with the pull request's files
/// written into the work tree as data: they come after every merged
/// request, whatever their ids. Two open pull requests asking for one name
/// are each warned of the other (L100); once one is merged, the other is
/// refused naming it.
#[test]
fn two_pull_requests_for_one_name_the_later_merged_is_refused_naming_the_earlier() {
    let f = instance();
    let snapshot = |a_state: &str| {
        let a = json!({
            "number": 14, "author": "op-a", "state": a_state, "created_at": "2026-06-01T00:00:00Z",
            "files": [A_BETA]
        });
        let b = json!({
            "number": 15, "author": "op-b", "state": "open", "created_at": "2026-06-02T00:00:00Z",
            "files": [REQ]
        });
        json!({"version": 1, "repository": "contoh/loket", "fetched_at": "2026-06-10T00:00:00Z",
               "pull_requests": [a, b]})
        .to_string()
    };
    let snap = f.path("open.json");
    let snap = snap.to_string_lossy();

    // Both open: dinas-b's gate sees dinas-a's pull request, and passes.
    f.write(REQ, valid_request());
    f.write("open.json", snapshot("open"));
    let run = f.check(&["--snapshot", &snap, "--pr", "15"]);
    run.expect(0, &[("L100", 3, 12)]);
    assert_eq!(
        run.only().message,
        "the name `beta` is also requested in pull request #14 (requests/dinas-a/2026-0005-beta.yaml); whichever is merged first gets it"
    );
    assert_eq!(
        run.json()["requests"][1]["diagnostics"][0]["severity"],
        "warning"
    );

    // dinas-a's pull request is merged first.
    std::fs::remove_file(f.path(REQ)).expect("remove");
    f.write(A_BETA, create("dinas-a", "beta", "103.28.12.40"));
    f.commit("Merge pull request #14 from dinas-a/beta");
    f.write(REQ, valid_request());
    f.write("open.json", snapshot("merged"));
    let run = f.check(&["--snapshot", &snap, "--pr", "15"]);
    run.expect(1, &[("L035", 3, 12)]);
    let found = run.only();
    assert_eq!(found.path, REQ);
    assert_eq!(
        found.message,
        "the name `beta` is already held by dinas-a since 2026-11-10 (request 2026-0005, pull request #14)"
    );
}

/// Regression: a change whose id the agency chose below its creation's was
/// folded first and refused as naming an unregistered name.
#[test]
fn a_change_merged_after_its_creation_applies_whatever_its_id() {
    let f = instance();
    f.write(
        "requests/dinas-b/2026-0009-gamma.yaml",
        create("dinas-b", "gamma", "103.28.12.40"),
    );
    f.commit("Permohonan gamma (#30)");
    f.write(
        "requests/dinas-b/2026-0004-gamma.yaml",
        request(
            "dinas-b",
            "subdomain-ubah",
            "gamma",
            "rekaman: [{tipe: A, nilai: 103.28.12.44}]\n",
        ),
    );
    f.commit("Ubah gamma (#31)");
    f.check(&[]).expect(0, &[]);
    let run = f.run(&["dns", "zone", "--today", "2026-11-23"]);
    assert!(
        run.stdout.contains(
            "; gamma: dinas-b, permohonan 2026-0009, diubah 2026-0004\ngamma 3600 IN A 103.28.12.44\n"
        ),
        "{}",
        run.stdout
    );
}

/// `history::merge_order` places only what is asked, reads back from the
/// tip, and names the pull request of each merge.
#[test]
fn merge_order_places_the_wanted_files_at_their_first_parent_commits() {
    let f = crate::history::instance_with_history();
    // A directory that sorts before every other agency's shifts them all.
    let first = "requests/dinas-0/2026-0099-nol.yaml";
    f.write(first, create("dinas-0", "nol", "103.28.12.39"));
    f.commit("Permohonan nol (#14)");
    f.write(
        "requests/dinas-b/2026-0009-kerja.yaml",
        create("dinas-b", "kerja", "103.28.12.40"),
    );
    let gamma = "requests/dinas-b/2026-0003-gamma.yaml";
    let alpha = "requests/dinas-a/2026-0001-alpha.yaml";
    let wanted: BTreeSet<String> = [
        alpha,
        REQ,
        gamma,
        first,
        "requests/dinas-b/2026-0009-kerja.yaml",
        "requests/dinas-b/2026-0010-nope.yaml",
    ]
    .map(String::from)
    .into();
    let order = loket::review::history::merge_order(f.root(), "HEAD", &wanted).expect("order");
    let at = |p: &str| order.entered(p).map(|e| (e.depth, e.pull_request));
    assert_eq!(at(first), Some((0, Some(14))));
    assert_eq!(at(gamma), Some((1, Some(13))));
    assert_eq!(
        at(REQ),
        Some((2, Some(12))),
        "the merge, not the branch commit"
    );
    assert_eq!(at(alpha), Some((3, None)));
    assert_eq!(
        at("requests/dinas-b/2026-0009-kerja.yaml"),
        None,
        "not committed"
    );
    assert!(!order.approximate());
    let only: BTreeSet<String> = [gamma.to_string()].into();
    let order = loket::review::history::merge_order(f.root(), "HEAD", &only).expect("order");
    assert_eq!(order.entered(REQ), None, "only what is asked is placed");
    // Outside a repository nothing is merged.
    let plain = Fixture::base();
    let order = loket::review::history::merge_order(plain.root(), "HEAD", &wanted).expect("order");
    assert_eq!(order, MergeOrder::default());
}

/// A pull request that only adds request files is judged on what its
/// files contend with: history is read for those alone, and a contest
/// among merged requests it does not touch (judged when they merged) is
/// not its finding. One that alters anything is judged on the whole
/// branch, as the push to `main` is.
#[test]
fn a_pull_request_is_judged_on_what_its_files_contend_with() {
    let f = instance();
    f.write(A_BETA, create("dinas-a", "beta", "103.28.12.40"));
    f.commit("Merge pull request #12 from dinas-a/beta");
    // The gate was bypassed: beta merged twice.
    f.write(REQ, valid_request());
    f.commit("Merge pull request #13 from dinas-b/beta");
    f.check(&[]).expect(1, &[("L035", 3, 12)]);

    let gamma = "requests/dinas-a/2026-0006-gamma.yaml";
    f.write(gamma, create("dinas-a", "gamma", "103.28.12.41"));
    let added = format!("A:{gamma}");
    f.check(&["--changed", &added]).expect(0, &[]);
    // Altering anything else, a merged file or the configuration, can
    // change how merged requests fold: the whole branch is judged.
    let run = f.check(&["--changed", &added, "--changed", "M:loket.yaml"]);
    let codes: Vec<(String, String)> = run
        .diagnostics()
        .into_iter()
        .map(|d| (d.path, d.code))
        .collect();
    assert_eq!(
        codes,
        [
            (REQ.to_string(), "L035".to_string()),
            ("loket.yaml".to_string(), "L023".to_string())
        ],
    );

    // A request for beta contends with both: the group's order is read,
    // and the new request is refused, naming the first merge.
    let again = "requests/dinas-b/2026-0011-beta.yaml";
    f.write(again, create("dinas-b", "beta", "103.28.12.42"));
    let run = f.check(&["--changed", &format!("A:{again}")]);
    let found = run.diagnostics();
    let on = |path: &str| -> Vec<String> {
        found
            .iter()
            .filter(|d| d.path == path)
            .map(|d| d.message.clone())
            .collect()
    };
    assert_eq!(run.code, 1);
    assert_eq!(
        on(again),
        [
            "the name `beta` is already held by dinas-a since 2026-11-10 (request 2026-0005, pull request #12)"
        ]
    );
    assert_eq!(on(REQ).len(), 1, "{found:#?}");
    assert!(on(gamma).is_empty());
}

#[test]
fn in_a_shallow_clone_the_order_is_approximate_and_check_says_so() {
    let f = crate::history::instance_with_history();
    let (_clone, root) = crate::support::shallow_clone(f.root());
    let wanted: BTreeSet<String> = [REQ.to_string()].into();
    let order = loket::review::history::merge_order(&root, "HEAD", &wanted).expect("order");
    assert!(order.approximate());
    assert_eq!(
        order.entered(REQ).map(|e| (e.depth, e.pull_request)),
        Some((0, None))
    );
    // beta created twice: contested, so check reads history and warns.
    let twin = valid_request().replace("instansi: dinas-b", "instansi: dinas-a");
    std::fs::write(root.join("requests/dinas-a/2026-0008-beta.yaml"), twin).expect("write");
    let run = crate::support::run_in(&root, &["check", "--today", "2026-11-23"]);
    assert!(
        run.stderr.contains(
            "peringatan: klon ini dangkal (shallow): permohonan yang digabung sebelum commit \
             tertuanya diurutkan menurut nomor permohonan; ambil seluruh riwayat \
             (actions/checkout dengan fetch-depth: 0)\n"
        ),
        "{}",
        run.stderr
    );
    let run = crate::support::run_in(&root, &["--lang", "en", "check", "--today", "2026-11-23"]);
    assert!(
        run.stderr.contains(
            "warning: the clone is shallow: requests merged before its oldest commit are folded \
             in request-id order; fetch the full history (actions/checkout with fetch-depth: 0)\n"
        ),
        "{}",
        run.stderr
    );
    // A pull request's check reads the same order and says the same.
    let added = "A:requests/dinas-a/2026-0008-beta.yaml";
    let run = crate::support::run_in(
        &root,
        &["check", "--today", "2026-11-23", "--changed", added],
    );
    assert_eq!(
        run.stderr.matches("fetch-depth: 0").count(),
        1,
        "{}",
        run.stderr
    );
}

/// Only contested requests need history: the fold is the same when the
/// others stand anywhere. Folding every request in full merge order and
/// folding with the order of the contested ones alone must agree, on a
/// history where ids and merge order disagree everywhere.
#[test]
fn the_fold_needs_the_order_of_contested_requests_only() {
    let f = instance();
    let cname = |agency: &str, name: &str, target: &str| {
        request(
            agency,
            "subdomain-baru",
            name,
            &format!("tujuan: Situs\nrekaman: [{{tipe: CNAME, nilai: {target}}}]\n"),
        )
    };
    let commits: &[&[(&str, String)]] = &[
        &[
            (
                "dinas-a/2026-0040-satu",
                create("dinas-a", "satu", "103.28.12.41"),
            ),
            (
                "dinas-b/2026-0030-dua",
                create("dinas-b", "dua", "103.28.12.42"),
            ),
            (
                "dinas-a/2026-0031-masjid",
                create("dinas-a", "masjid", "103.28.12.43"),
            ),
        ],
        &[
            (
                "dinas-b/2026-0012-dua",
                request("dinas-b", "subdomain-ubah", "dua", "subdomain_baru: duo\n"),
            ),
            (
                "dinas-a/2026-0041-tiga",
                cname("dinas-a", "tiga", "www.empat.contohkab.go.id"),
            ),
        ],
        &[
            (
                "dinas-b/2026-0011-empat",
                create("dinas-b", "empat", "103.28.12.44"),
            ),
            (
                "dinas-a/2026-0042-lima",
                create("dinas-a", "lima", "103.28.12.45"),
            ),
            (
                "dinas-a/2026-0050-enam",
                create("dinas-a", "enam", "103.28.12.46"),
            ),
        ],
        &[
            (
                "dinas-b/2026-0010-rnasjid",
                create("dinas-b", "rnasjid", "103.28.12.47"),
            ),
            (
                "dinas-b/2026-0050-tujuh",
                create("dinas-b", "tujuh", "103.28.12.48"),
            ),
            (
                "dinas-b/2026-0013-duo",
                create("dinas-b", "duo", "103.28.12.49"),
            ),
        ],
    ];
    for (i, files) in commits.iter().enumerate() {
        for (name, text) in *files {
            f.write(&format!("requests/{name}.yaml"), text);
        }
        f.commit(&format!("Merge pull request #{} from batch", 40 + i));
    }
    let instance = loket::input::load::load(f.root()).expect("load");
    let config = instance.config.as_ref().expect("config");
    let every: BTreeSet<String> = instance
        .requests
        .iter()
        .map(|r| r.file.path.clone())
        .collect();
    let contested = registry::contested_of(config, &instance.services, &instance.requests);
    for free in ["satu", "lima"] {
        assert!(
            !contested
                .iter()
                .any(|p| p.ends_with(&format!("-{free}.yaml"))),
            "{free} shares nothing: {contested:?}"
        );
    }
    for shared in [
        "0030-dua",
        "0012-dua",
        "0013-duo",
        "0041-tiga",
        "0011-empat",
        "0031-masjid",
        "0010-rnasjid",
        "0050-enam",
        "0050-tujuh",
    ] {
        assert!(
            contested.iter().any(|p| p.contains(shared)),
            "{shared} is contested: {contested:?}"
        );
    }
    let fold = |wanted: &BTreeSet<String>| {
        let order = loket::review::history::merge_order(f.root(), "HEAD", wanted).expect("order");
        let fold = registry::registrations(&instance, &order);
        let mut findings: Vec<_> = fold
            .findings
            .iter()
            .map(|(i, d)| {
                (
                    *i,
                    d.code,
                    d.span,
                    d.message(loket::input::diagnostic::Lang::En),
                )
            })
            .collect();
        findings.sort();
        (fold.registrations, findings)
    };
    let full = fold(&every);
    assert_eq!(fold(&contested), full);
    assert_ne!(
        fold(&BTreeSet::new()),
        full,
        "request-id order folds otherwise here"
    );
    let codes: BTreeSet<&str> = full.1.iter().map(|(_, c, _, _)| c.as_str()).collect();
    assert_eq!(
        codes,
        ["L015", "L035", "L044", "L126"].into(),
        "{:#?}",
        full.1
    );
}

/// A pull request's check reads history while the instance loads, for the
/// merged requests whose file names ask for its names. A merged request
/// whose file name lies about its subdomain still contends: history is read
/// again for it, and the new request is refused naming the earliest merge.
#[test]
fn a_merged_request_whose_file_name_differs_still_holds_its_place() {
    let f = instance();
    let misnamed = "requests/dinas-a/2026-0004-gamma.yaml";
    f.write(misnamed, create("dinas-a", "beta", "103.28.12.40"));
    f.commit("Merge pull request #11 from dinas-a/gamma");
    f.write(REQ, valid_request());
    f.commit("Merge pull request #13 from dinas-b/beta");
    let again = "requests/dinas-b/2026-0011-beta.yaml";
    f.write(again, create("dinas-b", "beta", "103.28.12.42"));
    let run = f.check(&["--changed", &format!("A:{again}")]);
    let on_again: Vec<String> = run
        .diagnostics()
        .into_iter()
        .filter(|d| d.path == again)
        .map(|d| d.message)
        .collect();
    assert_eq!(
        on_again,
        [
            "the name `beta` is already held by dinas-a since 2026-11-10 (request 2026-0004, pull request #11)"
        ]
    );
}
