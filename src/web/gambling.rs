//! Online-gambling spam ("judi online") in what a name serves: the word
//! list (shipped in `data/judi.yaml`, adjusted per instance) and where on
//! a page or in a sitemap its words occur. Pure.

use serde::{Deserialize, Serialize};

use crate::web::html::Page;

/// The shipped list, `data/judi.yaml`.
pub(crate) const SHIPPED: &str = include_str!("../../data/judi.yaml");

#[derive(Deserialize)]
struct Shipped {
    kata: Vec<String>,
}

/// The words looked for, normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Words(Vec<String>);

impl Words {
    /// The shipped words plus `extra`, minus `dropped` (as loket.yaml's
    /// `audit_web` says).
    pub(crate) fn new(extra: &[String], dropped: &[String]) -> Words {
        let shipped: Vec<String> = serde_saphyr::from_str::<Shipped>(SHIPPED)
            .map(|s| s.kata)
            .unwrap_or_default();
        let dropped: Vec<String> = dropped.iter().map(|w| normalise(w)).collect();
        let mut words: Vec<String> = shipped
            .iter()
            .chain(extra)
            .map(|w| normalise(w))
            .filter(|w| !w.is_empty() && !dropped.contains(w))
            .collect();
        words.sort();
        words.dedup();
        Words(words)
    }

    /// The words found in `text`, each once, in list order.
    pub(crate) fn in_text(&self, text: &str) -> Vec<String> {
        let text = format!(" {} ", normalise(text));
        self.0
            .iter()
            .filter(|w| text.contains(&format!(" {w} ")))
            .cloned()
            .collect()
    }
}

/// Lower case; every run of characters other than letters and digits one
/// space; digits glued to letters split off (`Slot88-GACOR` → `slot 88 gacor`).
pub(crate) fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last: Option<bool> = None; // was the last pushed char a digit?
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            let digit = c.is_numeric();
            if last.is_some_and(|d| d != digit) {
                out.push(' ');
            }
            out.push(c);
            last = Some(digit);
        } else if last.is_some() {
            out.push(' ');
            last = None;
        }
    }
    out.trim_end().to_string()
}

/// Where on a page a word was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Place {
    /// The `<title>`.
    Title,
    /// A `<meta>` tag's content.
    Meta,
    /// A link's text.
    Link,
    /// The visible text.
    Text,
    /// A URL in the sitemap (or a sitemap robots.txt lists).
    Sitemap,
}

impl Place {
    /// The place in `lang`.
    pub fn name(self, lang: crate::input::diagnostic::Lang) -> &'static str {
        use crate::input::diagnostic::Lang::{En, Id};
        match (self, lang) {
            (Place::Title, Id) => "judul",
            (Place::Title, En) => "title",
            (Place::Meta, _) => "meta",
            (Place::Link, Id) => "teks tautan",
            (Place::Link, En) => "link text",
            (Place::Text, Id) => "teks halaman",
            (Place::Text, En) => "page text",
            (Place::Sitemap, _) => "sitemap",
        }
    }
}

/// One word at one place.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Hit {
    /// Where.
    pub place: Place,
    /// The word, normalised.
    pub word: String,
}

/// The words on `page`, by place (each word once per place).
pub(crate) fn scan_page(page: &Page, words: &Words) -> Vec<Hit> {
    let meta = page.meta.join(" \u{1} ");
    let links = page.links.join(" \u{1} ");
    let mut hits = Vec::new();
    for (place, text) in [
        (Place::Title, page.title.as_str()),
        (Place::Meta, meta.as_str()),
        (Place::Link, links.as_str()),
        (Place::Text, page.text.as_str()),
    ] {
        hits.extend(
            words
                .in_text(text)
                .into_iter()
                .map(|word| Hit { place, word }),
        );
    }
    hits
}

/// The words in sitemap URLs (their paths and queries), and how many of
/// the URLs carry one.
pub(crate) fn scan_urls<'a>(
    urls: impl IntoIterator<Item = &'a str>,
    words: &Words,
) -> (Vec<Hit>, usize) {
    let mut found: Vec<String> = Vec::new();
    let mut spam = 0;
    for url in urls {
        let path = url
            .split_once("://")
            .map_or(url, |(_, rest)| rest.split_once('/').map_or("", |(_, p)| p));
        let hits = words.in_text(path);
        if !hits.is_empty() {
            spam += 1;
        }
        found.extend(hits);
    }
    found.sort();
    found.dedup();
    let hits = found
        .into_iter()
        .map(|word| Hit {
            place: Place::Sitemap,
            word,
        })
        .collect();
    (hits, spam)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::html;

    #[test]
    fn normalising_joins_what_spam_splits() {
        assert_eq!(normalise("Slot88-GACOR!!"), "slot 88 gacor");
        assert_eq!(normalise("  /slot_gacor/  "), "slot gacor");
        assert_eq!(normalise("RTP  Live"), "rtp live");
    }

    #[test]
    fn words_match_whole_words_only() {
        let words = Words::new(&[], &[]);
        assert_eq!(
            words.in_text("Bandar TOGEL88 resmi"),
            ["bandar togel", "togel"]
        );
        assert!(
            words
                .in_text("Togelan budaya, slot waktu, pulsa")
                .is_empty()
        );
        assert_eq!(words.in_text("link-alternatif"), ["link alternatif"]);
    }

    #[test]
    fn an_instance_adds_and_drops_words() {
        let words = Words::new(&["Hoki Jitu".into()], &["Pragmatic Play".into()]);
        assert_eq!(words.in_text("hoki jitu pragmatic play"), ["hoki jitu"]);
    }

    #[test]
    fn the_shipped_list_reads() {
        let words = Words::new(&[], &[]);
        for w in [
            "slot gacor",
            "togel",
            "maxwin",
            "judi online",
            "situs slot",
            "rtp live",
            "link alternatif",
            "deposit pulsa",
        ] {
            assert_eq!(words.in_text(w), [w], "{w}");
        }
    }

    #[test]
    fn a_page_tells_where_the_words_are() {
        let page = html::page(
            "<title>Dinas Kesehatan</title><meta name=keywords content='slot gacor'>\
             <p>Layanan</p><a href=/x>Togel hari ini</a>",
        );
        let hits = scan_page(&page, &Words::new(&[], &[]));
        let found: Vec<_> = hits.iter().map(|h| (h.place, h.word.as_str())).collect();
        assert_eq!(
            found,
            [
                (Place::Meta, "slot gacor"),
                (Place::Link, "togel"),
                (Place::Text, "togel")
            ]
        );
        assert!(
            scan_page(
                &html::page("<title>Dinas</title><p>Layanan publik</p>"),
                &Words::new(&[], &[])
            )
            .is_empty()
        );
    }

    #[test]
    fn sitemap_urls_are_read_by_their_paths() {
        let urls = [
            "https://slot.go.id/berita/1",
            "https://x.go.id/slot-gacor-maxwin/",
            "https://x.go.id/?p=togel",
        ];
        let (hits, spam) = scan_urls(urls, &Words::new(&[], &[]));
        let words: Vec<_> = hits.iter().map(|h| h.word.as_str()).collect();
        assert_eq!(words, ["maxwin", "slot gacor", "togel"]);
        assert_eq!(spam, 2);
    }
}
