use super::*;

fn now() -> DateTime<Utc> {
    "2026-11-25T00:00:00Z".parse().unwrap()
}

fn rules() -> Rules {
    Rules {
        domain: "contohkab.go.id".into(),
        words: Words::new(&[], &[]),
        fingerprints: takeover::shipped(),
    }
}

fn answered(variant: Variant, url: &str, hops: &[&str], body: &str) -> Visit {
    Visit {
        variant,
        url: url.into(),
        outcome: Outcome::Answered {
            status: 200,
            hops: hops.iter().map(|s| s.to_string()).collect(),
            body: body.into(),
            truncated: false,
        },
        tls: None,
    }
}

fn clean(host: &str, body: &str) -> Observation {
    let https = format!("https://{host}/");
    let http = format!("http://{host}/");
    Observation {
        target: Target {
            host: host.into(),
            agency: Some("dinas-b".into()),
            request: Some("2026-0002".into()),
            cnames: vec![],
        },
        https: answered(Variant::Browser, &https, &[&https], body),
        http: answered(Variant::Browser, &http, &[&http, &https], body),
        cloaks: vec![
            answered(Variant::Crawler, &https, &[&https], body),
            answered(Variant::Search, &https, &[&https], body),
        ],
        sitemap: vec![format!("https://{host}/berita/1")],
    }
}

#[test]
fn a_clean_site_has_no_problem() {
    let o = clean(
        "beta.contohkab.go.id",
        "<title>Dinas B</title><p>Layanan slot waktu</p>",
    );
    assert_eq!(judge(&o, &rules(), now()), []);
}

#[test]
fn spam_shown_to_the_crawler_only_is_cloaking() {
    let mut o = clean("beta.contohkab.go.id", "<title>Dinas B</title>");
    o.cloaks[0] = answered(
        Variant::Crawler,
        "https://beta.contohkab.go.id/",
        &["https://beta.contohkab.go.id/"],
        "<title>SLOT GACOR maxwin</title>",
    );
    let problems = judge(&o, &rules(), now());
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].code(), "cloaking");
    assert_eq!(
        problems[0].message(Lang::En),
        "cloaking: online-gambling content shown to search crawler only, not to browser, visitor from a search engine: “maxwin” (title), “slot gacor” (title)"
    );
}

#[test]
fn spam_for_everyone_is_gambling_not_cloaking() {
    let o = clean("beta.contohkab.go.id", "<a href=/x>Daftar togel</a>");
    let codes: Vec<_> = judge(&o, &rules(), now())
        .iter()
        .map(Problem::code)
        .collect();
    assert_eq!(codes, ["gambling"]);
}

#[test]
fn redirects_off_the_domain_except_to_the_declared_target() {
    let mut o = clean("beta.contohkab.go.id", "ok");
    o.https = answered(
        Variant::Browser,
        "https://beta.contohkab.go.id/",
        &["https://beta.contohkab.go.id/", "https://slot.example.com/"],
        "",
    );
    let problems = judge(&o, &rules(), now());
    assert_eq!(
        problems,
        [Problem::OffDomain {
            from: "https://beta.contohkab.go.id/".into(),
            to: "https://slot.example.com/".into()
        }]
    );
    o.target.cnames = vec!["slot.example.com.".parse().unwrap()];
    assert_eq!(judge(&o, &rules(), now()), []);
}

#[test]
fn tls_sitemap_takeover_and_hostile_servers_are_each_one_finding() {
    let mut o = clean(
        "beta.contohkab.go.id",
        "There isn't a GitHub Pages site here.",
    );
    o.target.cnames = vec!["dinas-b.github.io.".parse().unwrap()];
    o.https.tls = Some(tls::Seen {
        refusal: None,
        not_after: Some("2026-12-01T00:00:00Z".parse().unwrap()),
    });
    o.sitemap = vec![
        "https://beta.contohkab.go.id/slot-gacor/1".into(),
        "https://beta.contohkab.go.id/slot-gacor/2".into(),
    ];
    o.http.outcome = Outcome::Timeout {
        url: "http://beta.contohkab.go.id/".into(),
    };
    o.cloaks[0].outcome = Outcome::RedirectLoop { hops: vec![] };
    let codes: Vec<_> = judge(&o, &rules(), now())
        .iter()
        .map(Problem::code)
        .collect();
    assert_eq!(
        codes,
        [
            "tls-expiring",
            "timeout",
            "redirect-loop",
            "sitemap-spam",
            "unclaimed-hosting"
        ]
    );
}

#[test]
fn hosts_are_read_from_urls() {
    assert_eq!(
        host_of("https://A.go.id:8443/x").as_deref(),
        Some("a.go.id")
    );
    assert_eq!(host_of("http://u@b.go.id./").as_deref(), Some("b.go.id"));
    assert_eq!(host_of("http://[::1]:80/").as_deref(), Some("::1"));
    assert_eq!(host_of("mailto:x"), None);
}
