//! What a page says without running it: title, meta contents, visible
//! text and link texts of HTML; `<loc>` URLs of a sitemap; `Sitemap:`
//! lines of robots.txt. A forgiving scanner, never a browser: scripts and
//! styles are skipped, nothing is executed or fetched.

/// The readable parts of an HTML page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Page {
    /// The `<title>` text.
    pub title: String,
    /// `content` of every `<meta>` tag.
    pub meta: Vec<String>,
    /// Visible text (outside scripts, styles and the title), link texts
    /// included.
    pub text: String,
    /// The text of each `<a>` element.
    pub links: Vec<String>,
}

/// Scans `html`.
pub(crate) fn page(html: &str) -> Page {
    let mut page = Page::default();
    let mut rest = html;
    // Open elements whose text we collect separately.
    let mut in_title = false;
    let mut link: Option<String> = None;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            text(&mut page, in_title, &mut link, rest);
            break;
        };
        text(&mut page, in_title, &mut link, &rest[..lt]);
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |end| &after[end + 3..]);
            continue;
        }
        let Some(gt) = rest.find('>') else { break };
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        let (closing, tag) = match tag.strip_prefix('/') {
            Some(t) => (true, t),
            None => (false, tag),
        };
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        match (closing, name.as_str()) {
            (false, "script" | "style" | "noscript" | "template") => {
                // Skip to the matching close tag; its content is not text.
                let close = format!("</{name}");
                rest = find_ignore_case(rest, &close).map_or("", |at| {
                    let after = &rest[at..];
                    after.find('>').map_or("", |gt| &after[gt + 1..])
                });
            }
            (false, "title") => in_title = true,
            (true, "title") => in_title = false,
            (false, "meta") => {
                if let Some(content) = attribute(tag, "content") {
                    page.meta.push(decode(&content));
                }
            }
            (false, "a") => link = Some(String::new()),
            (true, "a") => {
                if let Some(t) = link.take() {
                    page.links.push(t.trim().to_string());
                }
            }
            _ => {}
        }
        if !in_title {
            page.text.push(' ');
        }
    }
    page.title = page.title.trim().to_string();
    page
}

fn text(page: &mut Page, in_title: bool, link: &mut Option<String>, raw: &str) {
    if raw.trim().is_empty() {
        return;
    }
    let t = decode(raw);
    if in_title {
        page.title.push_str(&t);
        return;
    }
    page.text.push_str(&t);
    if let Some(l) = link {
        l.push_str(&t);
    }
}

fn find_ignore_case(haystack: &str, needle: &str) -> Option<usize> {
    let n = needle.len();
    haystack.char_indices().map(|(i, _)| i).find(|&i| {
        haystack
            .get(i..i + n)
            .is_some_and(|s| s.eq_ignore_ascii_case(needle))
    })
}

/// The value of attribute `name` in a tag's inside (`meta name=x content="…"`).
fn attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = lower[from..].find(name) {
        let start = from + at;
        from = start + name.len();
        let before_ok = start == 0 || lower.as_bytes()[start - 1].is_ascii_whitespace();
        let after = lower[from..].trim_start();
        if !before_ok || !after.starts_with('=') {
            continue;
        }
        let value = tag[tag.len() - after.len() + 1..].trim_start();
        return Some(match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or("").to_string(),
            _ => value
                .split(|c: char| c.is_whitespace() || c == '/')
                .next()
                .unwrap_or("")
                .to_string(),
        });
    }
    None
}

/// Decodes the few character references spam uses to dodge filters.
fn decode(raw: &str) -> String {
    if !raw.contains('&') {
        return raw.to_string();
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| reference(&rest[1..e]));
        match (end, decoded) {
            (Some(e), Some(c)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn reference(name: &str) -> Option<char> {
    let number = |digits: &str, radix| u32::from_str_radix(digits, radix).ok();
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        _ => {
            let code = match name.strip_prefix('#')? {
                hex if hex.starts_with(['x', 'X']) => number(&hex[1..], 16),
                dec => number(dec, 10),
            }?;
            char::from_u32(code)
        }
    }
}

/// The `<loc>` URLs of a sitemap or sitemap index, at most `limit`.
pub(crate) fn sitemap_locs(xml: &str, limit: usize) -> Vec<String> {
    xml.split("<loc>")
        .skip(1)
        .filter_map(|s| s.split("</loc>").next())
        .map(|s| decode(s.trim()))
        .take(limit)
        .collect()
}

/// The `Sitemap:` URLs robots.txt lists, at most `limit`.
pub(crate) fn robots_sitemaps(robots: &str, limit: usize) -> Vec<String> {
    robots
        .lines()
        .filter_map(|l| {
            let (key, value) = l.split_once(':')?;
            key.trim()
                .eq_ignore_ascii_case("sitemap")
                .then(|| value.trim().to_string())
        })
        .take(limit)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_reads_as_a_visitor_sees_it() {
        let p = page(
            "<html><head><TITLE>Dinas &amp; Slot</TITLE>\
             <meta name=\"description\" content=\"Situs SLOT gacor\">\
             <meta property=og:title content=maxwin>\
             <script>var s = '<a>togel</a>';</script><style>.x{}</style></head>\
             <body><!-- judi --><p>Selamat datang</p><a href=\"/x\">Link <b>alternatif</b></a>\
             <p>&#115;lot &#x67;acor</p></body>",
        );
        assert_eq!(p.title, "Dinas & Slot");
        assert_eq!(p.meta, ["Situs SLOT gacor", "maxwin"]);
        assert_eq!(p.links, ["Link alternatif"]);
        assert!(p.text.contains("Selamat datang"), "{}", p.text);
        assert!(p.text.contains("slot gacor"), "{}", p.text);
        assert!(
            !p.text.contains("togel") && !p.text.contains("judi"),
            "{}",
            p.text
        );
    }

    #[test]
    fn broken_html_ends_without_a_panic() {
        for html in [
            "<",
            "<a",
            "<script>never closed",
            "<!-- open",
            "&#xFFFFFFFF;",
            "&",
            "<meta content=\"x",
        ] {
            let _ = page(html);
        }
        assert_eq!(page("a < b").text.trim(), "a");
    }

    #[test]
    fn sitemaps_and_robots_give_their_urls() {
        let xml = "<urlset><url><loc> https://x.go.id/a?b=1&amp;c=2 </loc></url>\
                   <url><loc>https://x.go.id/slot-gacor/</loc></url></urlset>";
        assert_eq!(
            sitemap_locs(xml, 10),
            ["https://x.go.id/a?b=1&c=2", "https://x.go.id/slot-gacor/"]
        );
        assert_eq!(sitemap_locs(xml, 1).len(), 1);
        let robots = "User-agent: *\nDisallow: /admin\nSITEMAP: https://x.go.id/s.xml\nSitemap:https://x.go.id/t.xml\n";
        assert_eq!(
            robots_sitemaps(robots, 5),
            ["https://x.go.id/s.xml", "https://x.go.id/t.xml"]
        );
    }
}
