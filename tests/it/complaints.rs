//! Complaints: the promise the standards make (each kind of complaint and
//! the hari kerja to settle it) is on the built site, in both languages.

use std::path::Path;

use crate::support::Fixture;

/// Builds `presets/<name>` into `public/`.
fn built(name: &str) -> Fixture {
    let f = Fixture::copy_of(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("presets")
            .join(name),
    );
    let out = f.path("public");
    let run = f.run(&[
        "build",
        "--out",
        &out.to_string_lossy(),
        "--now",
        "2026-11-23T00:00:00Z",
    ]);
    assert_eq!(run.code, 0, "{name}: {}", run.stderr);
    f
}

/// The rows of the complaint-kinds table of a page: (name, time).
fn kinds(page: &str) -> Vec<(String, String)> {
    page.split("<tr id=\"jenis-")
        .skip(1)
        .filter_map(|row| {
            let name = row
                .split("<th scope=\"row\">")
                .nth(1)?
                .split("</th>")
                .next()?;
            let time = row.split("<td>").nth(1)?.split("</td>").next()?;
            Some((name.to_string(), time.to_string()))
        })
        .collect()
}

#[test]
fn kalbar_complaint_kinds_and_times_are_on_pengaduan_in_both_languages() {
    let f = built("kalbar");
    let page = f.read("public/pengaduan/index.html");
    assert_eq!(
        kinds(&page),
        [
            ("Pengaduan ringan", "5 hari kerja"),
            ("Pengaduan bersifat normatif", "5 hari kerja"),
            ("Pengaduan tidak berkadar pengawasan", "14 hari kerja"),
            (
                "Pengaduan berkadar pengawasan yang memerlukan pemeriksaan",
                "60 hari kerja"
            ),
        ]
        .map(|(n, t)| (n.to_string(), t.to_string()))
    );
    let english = f.read("public/en/pengaduan/index.html");
    let times: Vec<String> = kinds(&english).into_iter().map(|(_, t)| t).collect();
    assert_eq!(
        times,
        [
            "5 working days",
            "5 working days",
            "14 working days",
            "60 working days"
        ]
    );
    // The service page's complaint component names them and links there.
    let service = f.read("public/layanan/domain-subdomain/index.html");
    assert!(
        service.contains("pengaduan/#h-kinds\">Jenis pengaduan dan jangka waktu penyelesaian</a>: Pengaduan ringan 5 hari kerja;"),
        "{service}"
    );
}

#[test]
fn every_preset_with_complaint_kinds_shows_each_on_pengaduan() {
    for name in ["sulut", "pekalongan", "tapin", "kalbar", "kudus"] {
        let f = built(name);
        let instance = loket::load::load(f.root()).expect("load");
        let config = instance.config.as_ref().expect("config");
        let page = f.read("public/pengaduan/index.html");
        let shown = kinds(&page);
        assert_eq!(shown.len(), config.complaint_kinds.len(), "{name}");
        for (kind, (shown_name, shown_time)) in config.complaint_kinds.iter().zip(&shown) {
            assert_eq!(shown_name, &kind.name.value, "{name}");
            assert!(
                shown_time.starts_with(&kind.time.value.amount().to_string()),
                "{name}: {shown_time}"
            );
        }
    }
}
