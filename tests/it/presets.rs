//! The five presets, end to end: `loket init` writes each, its samples
//! pass `loket check`, a broken copy fails with the right code, one sample
//! walks through every stage before the merge under `loket gate`, and
//! `loket status` counts in the seed's unit.

use std::path::Path;

use serde_json::{Value, json};

use crate::support::{Commit, Fixture, Run, approved, run_in};

/// One preset, and the sample request the tests walk through it.
struct Case {
    name: &'static str,
    request: &'static str,
    author: &'static str,
    /// Every stage label before the merge, in order, with an officer of its role.
    labels: &'static [(&'static str, &'static str)],
    /// The service time `loket status` shows.
    time: &'static str,
}

const CASES: &[Case] = &[
    Case {
        name: "sulut",
        request: "requests/dinas-pariwisata/2026-0001-pariwisata.yaml",
        author: "operator-dispar-sulut",
        labels: &[
            ("tahap: verifikasi", "verifikator-dkips-sulut"),
            ("tahap: website-dibuat", "tim-ahli-dkips-sulut"),
            ("tahap: dikonfirmasi", "layanan-dkips-sulut"),
        ],
        time: "14 hari kerja",
    },
    Case {
        name: "pekalongan",
        request: "requests/dinas-kesehatan/2026-0001-dinkes.yaml",
        author: "operator-dinkes-pkl",
        labels: &[
            ("tahap: disposisi", "kadis-kominfo-pkl"),
            ("tahap: diteruskan", "kabid-apps-pkl"),
            ("tahap: analisa-kebutuhan", "teknis-apps-pkl"),
            ("tahap: desain", "teknis-apps-pkl"),
            ("tahap: presentasi-desain", "teknis-apps-pkl"),
            ("tahap: programer-ditunjuk", "kabid-apps-pkl"),
            ("tahap: coding", "programer-apps-pkl"),
            ("tahap: presentasi-web", "programer-apps-pkl"),
            ("tahap: di-hosting", "hosting-apps-pkl"),
        ],
        time: "7 hari kerja",
    },
    Case {
        name: "tapin",
        request: "requests/dinas-pendidikan/2026-0001-disdikbud.yaml",
        author: "operator-disdikbud",
        labels: &[
            ("tahap: verifikasi", "kabid-egov-tapin"),
            ("tahap: disetujui", "kabid-egov-tapin"),
        ],
        time: "3 hari kerja",
    },
    Case {
        name: "kalbar",
        request: "requests/dinas-kesehatan/2026-0001-dinkes.yaml",
        author: "operator-dinkes-kalbar",
        labels: &[
            ("tahap: dikaji", "pranata-aptika-kalbar"),
            ("tahap: disetujui", "kabid-aptika-kalbar"),
        ],
        time: "3 hari kerja",
    },
    Case {
        name: "kudus",
        request: "requests/dinas-kesehatan/2026-0001-dinkes.yaml",
        author: "operator-dinkes-kudus",
        labels: &[
            ("tahap: disposisi", "kadis-kominfo-kudus"),
            ("tahap: ditandatangani", "kabid-informatika-kudus"),
            ("tahap: nama-tersedia", "kasi-ti-kudus"),
        ],
        time: "10 menit",
    },
];

/// `loket init --preset NAME` into a fresh directory, wrapped as a fixture.
fn init(name: &str) -> Fixture {
    let parent = tempfile::tempdir().expect("temp dir");
    let dir = parent.path().join(name);
    let run = run_in(
        parent.path(),
        &["init", "--preset", name, &dir.to_string_lossy()],
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(dir.join(".git").is_dir(), "git init");
    assert!(dir.join("schemas/request.schema.json").is_file());
    assert!(
        dir.join("schemas/complaint.schema.json").is_file(),
        "beside the request schema, for pengaduan/*.yaml"
    );
    Fixture::copy_of(&dir)
}

fn snapshot(case: &Case, labels: usize) -> Value {
    let events: Vec<Value> = case.labels[..labels]
        .iter()
        .enumerate()
        .map(|(i, (label, actor))| {
            json!({"label": label, "action": "added", "actor": actor,
                   "at": format!("2026-11-17T{:02}:00:00Z", 2 + i)})
        })
        .collect();
    let pr = approved(json!({
        "number": 7, "author": case.author, "state": "open",
        "created_at": "2026-11-16T01:00:00Z",
        "files": [case.request],
        "commits": [{"sha": "c1", "committed_at": "2026-11-16T01:00:00Z", "files": [case.request]}],
        "label_events": events,
        "checks": [{"name": "loket check", "sha": "c1", "conclusion": "success",
                    "completed_at": "2026-11-16T01:05:00Z", "app": "github-actions"}]
    }));
    json!({"version": 1, "repository": "contoh/loket", "fetched_at": "2026-11-18T00:00:00Z",
    "pull_requests": [pr]})
}

fn with_snapshot(f: &Fixture, snap: &Value, args: &[&str]) -> Run {
    f.write("snapshot.json", snap.to_string());
    let path = f.path("snapshot.json").to_string_lossy().into_owned();
    f.run(&[args, &["--snapshot", &path]].concat())
}

fn request_id(case: &Case) -> &'static str {
    let file = case.request.rsplit('/').next().unwrap_or_default();
    &file[..9]
}

/// `loket init DIR` with no preset writes the commented skeleton: an
/// example office whose `loket check` points at exactly what cannot be
/// guessed (its addresses, documentation ones until replaced), and that
/// checks clean once they are an office's own.
#[test]
fn init_without_a_preset_writes_a_skeleton_that_says_what_to_replace() {
    let parent = tempfile::tempdir().expect("temp dir");
    let dir = parent.path().join("kantor");
    let run = run_in(parent.path(), &["init", &dir.to_string_lossy()]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.stdout,
        format!(
            "kerangka instance ditulis ke {} (git init): ganti setiap contoh di loket.yaml dan site/ dengan milik kantor Anda, jalankan `loket check` sampai bersih, lalu `git add -A && git commit`\n",
            dir.display()
        )
    );
    let en = parent.path().join("office");
    let run = run_in(
        parent.path(),
        &["--lang", "en", "init", &en.to_string_lossy()],
    );
    assert_eq!(
        run.stdout,
        format!(
            "instance skeleton written to {} (git init): replace every example in loket.yaml and site/ with your office's, run `loket check` until it is clean, then `git add -A && git commit`\n",
            en.display()
        )
    );
    for file in [
        ".git",
        "site/layanan/subdomain-baru.md",
        "schemas/config.schema.json",
        "schemas/complaint.schema.json",
        ".github/workflows/check.yml",
        ".loket-version",
    ] {
        assert!(dir.join(file).exists(), "{file}");
    }
    let f = Fixture::copy_of(&dir);
    let config = f.read("loket.yaml");
    assert!(config.starts_with("# yaml-language-server"), "{config}");
    let run = f.check(&[]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    let found: Vec<(String, u64, u64)> = run
        .diagnostics()
        .into_iter()
        .map(|d| (d.code, d.line, d.column))
        .collect();
    let at = |line, column| ("L042".to_string(), line, column);
    assert_eq!(found, [at(65, 24), at(72, 35), at(73, 35)]);
    f.write(
        "loket.yaml",
        config
            .replace("192.0.2.10", "103.28.12.10")
            .replace("192.0.2.2", "103.28.12.2")
            .replace("192.0.2.3", "103.28.12.3"),
    );
    let run = f.check(&[]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(run.diagnostics().is_empty(), "{}", run.stdout);
}

#[test]
fn every_preset_checks_clean_after_init() {
    for case in CASES {
        let f = init(case.name);
        let run = f.check(&[]);
        assert_eq!(run.code, 0, "{}: {}{}", case.name, run.stdout, run.stderr);
        assert!(
            run.diagnostics().is_empty(),
            "{}: {}",
            case.name,
            run.stdout
        );
        let pages = ["site/halaman/pengaduan.md", "site/halaman/tentang.md"];
        for page in pages {
            assert!(
                f.read(page).starts_with("---\njudul: "),
                "{}: {page}",
                case.name
            );
        }
    }
}

#[test]
fn a_broken_copy_of_every_preset_fails_with_the_right_code() {
    for case in CASES {
        let f = init(case.name);
        f.edit(
            case.request,
            "hosting: diskominfo",
            "rekaman:\n  - {tipe: A, nilai: 192.168.10.20}",
        );
        let run = f.check(&[]);
        assert_eq!(run.code, 1, "{}: {}", case.name, run.stdout);
        assert!(
            run.codes().contains(&"L042".to_string()),
            "{}: {}",
            case.name,
            run.stdout
        );

        let f = init(case.name);
        let text = f.read(case.request);
        f.write(case.request, format!("{text}kata_sandi: rahasia\n"));
        let run = f.check(&[]);
        let found = run.only();
        assert_eq!(found.code, "L011", "{}", case.name);
        assert_eq!(
            found.line as usize,
            text.lines().count() + 1,
            "{}",
            case.name
        );
        assert_eq!(run.code, 1, "{}", case.name);
    }
}

#[test]
fn the_gate_opens_only_after_the_last_stage_of_every_preset() {
    for case in CASES {
        let f = init(case.name);
        for added in 0..case.labels.len() {
            let run = with_snapshot(&f, &snapshot(case, added), &["gate", "--pr", "7"]);
            assert_eq!(
                run.code, 1,
                "{} with {added} labels: {}",
                case.name, run.stdout
            );
            let (next, _) = case.labels[added];
            assert!(run.stdout.contains(next), "{}: {}", case.name, run.stdout);
        }
        let all = snapshot(case, case.labels.len());
        let run = with_snapshot(&f, &all, &["--lang", "en", "gate", "--pr", "7"]);
        assert_eq!(run.code, 0, "{}: {}{}", case.name, run.stdout, run.stderr);
        assert_eq!(run.stdout, "✓ every approval condition is met\n");
    }
}

#[test]
fn status_shows_the_seed_service_time() {
    for case in CASES {
        let f = init(case.name);
        let snap = snapshot(case, case.labels.len());
        let run = with_snapshot(
            &f,
            &snap,
            &["status", request_id(case), "--now", "2026-11-18T00:00:00Z"],
        );
        assert_eq!(run.code, 0, "{}: {}", case.name, run.stderr);
        assert!(
            run.stdout.contains(case.time),
            "{}: {}",
            case.name,
            run.stdout
        );
    }
}

/// A service's id, `jangka_waktu` and each stage's standard time.
type Summary = (String, String, Vec<Option<String>>);

/// Every service of an instance, read with loket's own loader.
fn services(root: &Path) -> Vec<Summary> {
    let instance = loket::input::load::load(root).expect("load");
    instance
        .services
        .iter()
        .filter_map(|s| s.service.as_ref())
        .map(|s| {
            let stages = s
                .stages
                .iter()
                .map(|st| st.time.as_ref().map(|t| t.to_string()))
                .collect();
            (s.id.to_string(), s.time.to_string(), stages)
        })
        .collect()
}

#[test]
fn every_preset_carries_its_seed_stages_and_service_times() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("presets");
    let summary = |name: &str| -> Vec<(String, String, usize)> {
        services(&root.join(name))
            .into_iter()
            .map(|(id, time, stages)| (id, time, stages.len()))
            .collect()
    };
    let own = |v: &[(&str, &str, usize)]| -> Vec<(String, String, usize)> {
        v.iter()
            .map(|(a, b, c)| (a.to_string(), b.to_string(), *c))
            .collect()
    };
    // Stages are the officers' steps: the agency's own first step is the pull request.
    let all: Vec<_> = ["sulut", "pekalongan", "tapin", "kalbar", "kudus"]
        .into_iter()
        .flat_map(summary)
        .collect();
    let want = own(&[
        ("pembuatan-website", "14 hari kerja", 5),
        ("domain", "7 hari kerja", 11),
        ("subdomain-baru", "3 hari kerja", 3),
        // Tapin's change and delete join the act and the notice in one stage.
        ("subdomain-hapus", "1 hari kerja", 2),
        ("subdomain-ubah", "2 hari kerja", 2),
        ("domain-subdomain", "3 hari kerja", 3),
        ("hosting-subdomain", "90 menit", 5),
    ]);
    assert_eq!(all, want);
    let kudus = &services(&root.join("kudus"))[0].2;
    let m = |s: &str| Some(s.to_string());
    assert_eq!(
        *kudus,
        vec![
            m("10 menit"),
            m("10 menit"),
            m("10 menit"),
            m("60 menit"),
            None
        ]
    );
}

#[test]
fn sulut_confirmation_repeats_until_accepted() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("presets/sulut");
    let instance = loket::input::load::load(&root).expect("load");
    let service = instance.services[0].service.as_ref().expect("service");
    let repeatable: Vec<&str> = service
        .stages
        .iter()
        .filter(|s| s.repeatable == Some(true))
        .map(|s| s.id.as_str())
        .collect();
    assert_eq!(repeatable, ["konfirmasi"]);
}

#[test]
fn the_root_instance_is_the_tapin_preset() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let preset = repo.join("presets/tapin");
    for entry in walkdir::WalkDir::new(repo.join("requests"))
        .into_iter()
        .chain(walkdir::WalkDir::new(repo.join("site/layanan")))
    {
        let entry = entry.expect("entry");
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(repo).expect("inside");
            let ours = std::fs::read(entry.path()).expect("read");
            let theirs = std::fs::read(preset.join(rel)).expect("in the preset");
            assert_eq!(ours, theirs, "{}", rel.display());
        }
    }
}

#[test]
fn init_lists_refuses_and_suggests() {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = run_in(dir.path(), &["init", "--list"]);
    assert_eq!(run.code, 0);
    let names: Vec<&str> = run
        .stdout
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(names, ["sulut", "pekalongan", "tapin", "kalbar", "kudus"]);

    let run = run_in(dir.path(), &["init", "--preset", "kalbr", "baru"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no preset `kalbr`"), "{}", run.stderr);
    assert!(
        run.stderr.contains("did you mean `kalbar`?"),
        "{}",
        run.stderr
    );
    assert!(!dir.path().join("baru").exists());

    std::fs::write(dir.path().join("ada.txt"), "x").expect("write");
    let run = run_in(dir.path(), &["init", "--preset", "kudus", "."]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("is not empty"), "{}", run.stderr);
    assert!(!dir.path().join("loket.yaml").exists());
}

#[test]
fn kalbar_renders_the_confirmation_letter() {
    let f = init("kalbar");
    let run = f.run(&["letter", "2026-0001", "--today", "2026-11-20"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for want in [
        "PEMERINTAH PROVINSI KALIMANTAN BARAT\nDINAS KOMUNIKASI DAN INFORMATIKA\n",
        "Pontianak, 20 November 2026\nNomor: 555/0001/DISKOMINFO/XI/2026\n",
        "Perihal  : Konfirmasi Pengaktifan Domain dan Sub Domain",
        "Kepala Dinas Kesehatan Provinsi Kalimantan Barat",
        "nomor 440/1127/Dinkes/2026 tanggal 14 September 2026",
        "permohonan 2026-0001",
        "    dinkes.kalbarprov.go.id\n",
        "sejak 20 November 2026",
        "\nKepala Dinas Komunikasi dan Informatika Provinsi Kalimantan Barat\n\n\n\n(....",
    ] {
        assert!(run.stdout.contains(want), "{want}\n{}", run.stdout);
    }
    f.edit("site/layanan/domain-subdomain.md", "{fqdn}", "{nip}");
    let run = f.check(&[]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    let found = run.only();
    assert_eq!((found.code.as_str(), found.line), ("L110", 70));
    assert!(found.message.contains("`{nip}`"), "{}", found.message);
}

#[test]
fn services_without_a_template_get_the_default_reply_and_instances_without_surat_balasan_none() {
    // Tapin has `surat_balasan` but no `surat_konfirmasi`: the default reply
    // of a service that creates a name.
    let run = init("tapin").run(&["letter", "2026-0001", "--today", "2026-11-20"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for want in [
        "Rantau, 20 November 2026\nNomor: 555/0001/Diskominfo/XI/2026\n",
        "Perihal  : Pembuatan Subdomain Website",
        "    disdikbud.tapinkab.go.id\n\ntelah dibuat dan dapat digunakan sejak 20 November 2026.",
        "\nKepala Bidang Penyelenggaraan E-Government\n",
    ] {
        assert!(run.stdout.contains(want), "{want}\n{}", run.stdout);
    }
    // Kudus tells the applicant the hosting is ready.
    let run = init("kudus").run(&["letter", "2026-0001", "--today", "2026-11-20"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("layanan untuk sub domain\n\n    dinkes.kuduskab.go.id\n\ntelah selesai"),
        "{}",
        run.stdout
    );
    // Neither a template nor surat_balasan: nothing to print.
    let run = Fixture::base().run(&["letter", "2026-0001"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("has no confirmation letter"),
        "{}",
        run.stderr
    );
}

#[test]
fn every_preset_zone_passes_named_checkzone_and_its_merge_diffs() {
    for case in CASES {
        let f = init(case.name);
        let zone = f.path("zona.db");
        let run = f.run(&[
            "dns",
            "zone",
            "--out",
            &zone.to_string_lossy(),
            "--today",
            "2026-11-23",
        ]);
        assert_eq!(run.code, 0, "{}: {}{}", case.name, run.stdout, run.stderr);
        let text = std::fs::read_to_string(&zone).expect("zone");
        let origin = text
            .lines()
            .find_map(|l| l.strip_prefix("$ORIGIN "))
            .map(|o| o.trim().trim_end_matches('.').to_string())
            .expect("$ORIGIN");
        crate::bind::check_zone(&origin, &zone);
        // The sample requests, committed one by one, diff into snippets.
        let base = Commit::new("Instance")
            .paths(&["loket.yaml", "site", "schemas"])
            .make(f.root());
        Commit::new("Requests").paths(&["requests"]).make(f.root());
        let run = f.run(&["dns", "diff", "--from", &base, "--to", "HEAD"]);
        assert_eq!(run.code, 0, "{}: {}", case.name, run.stderr);
        assert!(
            !run.stdout.trim().is_empty(),
            "{}: an empty diff",
            case.name
        );
    }
}

/// Text as the site's templates escape it.
fn escaped(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#x27;")
}

#[test]
fn every_preset_site_shows_its_seed() {
    for case in CASES {
        let f = init(case.name);
        let out = f.path("public");
        let run = f.run(&[
            "build",
            "--out",
            &out.to_string_lossy(),
            "--now",
            "2026-11-23T00:00:00Z",
        ]);
        assert_eq!(run.code, 0, "{}: {}", case.name, run.stderr);
        let instance = loket::input::load::load(f.root()).expect("load");
        for service in instance.services() {
            let page =
                std::fs::read_to_string(out.join(format!("layanan/{}/index.html", service.id)))
                    .unwrap_or_else(|e| panic!("{}: {}: {e}", case.name, service.id));
            let mut at = 0;
            for stage in &service.stages {
                let name = escaped(&stage.name.value);
                let found = page[at..].find(&name).unwrap_or_else(|| {
                    panic!("{}: stage «{}» in order", case.name, stage.name.value)
                });
                at += found;
            }
            let time = match service.time.value {
                loket::model::StandardTime::WorkingDays(d) => format!("{d} hari kerja"),
                loket::model::StandardTime::Minutes(m) => format!("{m} menit"),
            };
            assert!(page.contains(&time), "{}: {time}", case.name);
            if service.fee.amount == 0 {
                assert!(
                    text_of(&page).contains("Biaya Gratis"),
                    "{}: free",
                    case.name
                );
            }
            for law in &service.legal_basis {
                assert!(
                    page.contains(&escaped(&law.value)),
                    "{}: dasar hukum {}",
                    case.name,
                    law.value
                );
            }
            for channel in &service.channels {
                let config = instance.config.as_ref().expect("config");
                let name = &config
                    .channels
                    .iter()
                    .find(|c| c.id.value == channel.value)
                    .expect("channel")
                    .name
                    .value;
                assert!(
                    page.contains(&escaped(name)),
                    "{}: channel {name}",
                    case.name
                );
            }
        }
    }
}

/// The visible text of an HTML page, whitespace folded.
fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_request_page_measures_against_its_seed_time() {
    for case in CASES {
        let f = init(case.name);
        let snap = snapshot(case, case.labels.len());
        let out = f.path("public");
        // Monday 16 November 2026: the check passed at 01:05 UTC.
        let now = "2026-11-16T03:00:00Z";
        let run = with_snapshot(
            &f,
            &snap,
            &["build", "--out", &out.to_string_lossy(), "--now", now],
        );
        assert_eq!(run.code, 0, "{}: {}", case.name, run.stderr);
        let page = std::fs::read_to_string(
            out.join(format!("permohonan/{}/index.html", request_id(case))),
        )
        .expect("request page");
        let instance = loket::input::load::load(f.root()).expect("load");
        let layanan = f
            .read(case.request)
            .lines()
            .find_map(|l| l.strip_prefix("layanan: ").map(|v| v.trim().to_string()))
            .expect("layanan");
        let service = instance.service(&layanan).expect("its service");
        let expected = match service.time.value {
            // Kudus counts office minutes: 08:05 to 10:00 WIB.
            loket::model::StandardTime::Minutes(m) => {
                format!("Jam layanan 115 menit terpakai · batas {m} menit")
            }
            loket::model::StandardTime::WorkingDays(d) => {
                format!("Jam layanan 0 hari kerja terpakai · batas {d} hari kerja")
            }
        };
        assert!(
            text_of(&page).contains(&expected),
            "{}: `{expected}` in {}",
            case.name,
            text_of(&page)
        );
    }
}

#[test]
fn the_readme_shows_a_service_page_of_every_preset() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(repo.join("README.md")).expect("README");
    let list = run_in(repo, &["init", "--list"]);
    let names: Vec<&str> = list
        .stdout
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(names.len(), CASES.len(), "{}", list.stdout);
    for name in names {
        let image = format!("docs/img/preset-{name}.png");
        let png = std::fs::read(repo.join(&image)).unwrap_or_default();
        assert!(
            png.starts_with(b"\x89PNG") && png.len() > 20_000,
            "{image} is missing or empty: run scripts/screenshots"
        );
        assert!(
            readme.contains(&format!("src=\"{image}\"")),
            "README lacks {image}"
        );
    }
}
