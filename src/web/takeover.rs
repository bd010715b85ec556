//! Dangling hosting: the "nothing here" pages hosting providers serve for
//! a name nobody claims there (shipped in `data/hosting-takeover.yaml`,
//! with the public source of the facts), matched against what a name whose
//! CNAME points at that provider answers. Pure.

use serde::Deserialize;

use crate::dns::name::Name;

/// The shipped fingerprints, `data/hosting-takeover.yaml`.
pub(crate) const SHIPPED: &str = include_str!("../../data/hosting-takeover.yaml");

/// One provider's fingerprint.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub(crate) struct Fingerprint {
    /// The provider.
    #[serde(rename = "nama")]
    pub provider: String,
    /// CNAME suffixes that lead to it (`github.io`).
    #[serde(rename = "cname")]
    pub suffixes: Vec<String>,
    /// Texts of its "nothing here" page; any one matches.
    #[serde(rename = "sidik")]
    pub texts: Vec<String>,
}

#[derive(Deserialize)]
struct Shipped {
    penyedia: Vec<Fingerprint>,
}

/// The shipped fingerprints.
pub(crate) fn shipped() -> Vec<Fingerprint> {
    serde_saphyr::from_str::<Shipped>(SHIPPED)
        .map(|s| s.penyedia)
        .unwrap_or_default()
}

/// The provider whose unclaimed page `body` is, when `target` (a CNAME
/// target of the name) points at that provider.
pub(crate) fn unclaimed<'a>(
    fingerprints: &'a [Fingerprint],
    target: &Name,
    body: &str,
) -> Option<&'a Fingerprint> {
    let target = target
        .to_string()
        .trim_end_matches('.')
        .to_ascii_lowercase();
    fingerprints.iter().find(|f| {
        f.suffixes
            .iter()
            .any(|s| target == *s || target.ends_with(&format!(".{s}")))
            && f.texts.iter().any(|t| body.contains(t.as_str()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(s: &str) -> Name {
        s.parse().unwrap()
    }

    #[test]
    fn the_shipped_list_reads_and_names_each_provider_once() {
        let all = shipped();
        assert!(all.len() >= 10, "{all:?}");
        let mut names: Vec<_> = all.iter().map(|f| f.provider.as_str()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), all.len());
        assert!(
            all.iter()
                .all(|f| !f.suffixes.is_empty() && !f.texts.is_empty())
        );
    }

    #[test]
    fn a_page_matches_only_behind_its_provider() {
        let all = shipped();
        let page = "<h1>404</h1><p>There isn't a GitHub Pages site here.</p>";
        let found = unclaimed(&all, &name("dinas-b.github.io."), page);
        assert_eq!(found.map(|f| f.provider.as_str()), Some("GitHub Pages"));
        // The same text behind another host proves nothing.
        assert_eq!(unclaimed(&all, &name("web.example.com."), page), None);
        // A claimed GitHub Pages site is fine.
        assert_eq!(
            unclaimed(&all, &name("dinas-b.github.io."), "<h1>Dinas B</h1>"),
            None
        );
        // A suffix matches at a label boundary only.
        assert_eq!(unclaimed(&all, &name("notgithub.io."), page), None);
        let s3 = "<Error><Code>NoSuchBucket</Code></Error>";
        assert_eq!(
            unclaimed(&all, &name("arsip.s3.amazonaws.com."), s3).map(|f| f.provider.as_str()),
            Some("Amazon S3")
        );
    }
}
