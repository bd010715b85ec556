//! Markdown of service standards to HTML that cannot run anything.
//!
//! Service files come through pull requests, so their Markdown is data:
//! raw HTML (block and inline) is shown as text, link and image targets
//! other than http(s), mailto, tel and relative ones become `#`, and
//! headings move three levels down (the body sits under the procedure's
//! `<h3>` on the service page).

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

/// Renders `text` as sanitised HTML.
pub(crate) fn to_html(text: &str) -> String {
    let parser = Parser::new_ext(text, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH);
    let events = parser.map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: lower(level),
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(lower(level))),
        other => other,
    });
    // A wide table scrolls inside its own keyboard-reachable region
    // instead of making a phone's page scroll sideways.
    let events = events.flat_map(|event| match event {
        Event::Start(Tag::Table(_)) => vec![Event::Html(TABLE_OPEN.into()), event],
        Event::End(TagEnd::Table) => vec![event, Event::Html("</div>\n".into())],
        other => vec![other],
    });
    let mut out = String::with_capacity(text.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

/// What a table of the Markdown is wrapped in.
const TABLE_OPEN: &str = r#"<div class="scroll-x" role="region" aria-label="Tabel" tabindex="0">"#;

fn lower(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H4,
        HeadingLevel::H2 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// Whether a link target is harmless: relative, or one of the allowed schemes.
pub(crate) fn is_safe_url(url: &str) -> bool {
    // Browsers drop ASCII whitespace and control characters inside a
    // scheme (`java\tscript:`), so judge the URL without them.
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
        .collect::<String>()
        .to_ascii_lowercase();
    let scheme_end = cleaned.find(':');
    let path_start = cleaned.find(['/', '?', '#']);
    match (scheme_end, path_start) {
        (None, _) => true,
        (Some(colon), Some(slash)) if slash < colon => true,
        (Some(colon), _) => matches!(&cleaned[..colon], "http" | "https" | "mailto" | "tel"),
    }
}

fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    if is_safe_url(&url) {
        url
    } else {
        CowStr::Borrowed("#")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_is_text() {
        let html = to_html("<script>alert(1)</script>\n\nok <b onmouseover=x>b</b>");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<b "), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn a_table_scrolls_in_its_own_region() {
        let html = to_html("| a | b |\n|---|---|\n| 1 | 2 |\n\nafter");
        assert!(html.starts_with(&format!("{TABLE_OPEN}<table>")), "{html}");
        assert!(html.contains("</table>\n</div>\n<p>after</p>"), "{html}");
        // Raw HTML stays text even beside the wrapper.
        assert!(to_html("<div>x</div>").contains("&lt;div&gt;"));
    }

    #[test]
    fn dangerous_links_become_hash() {
        for bad in [
            "[x](javascript:alert(1))",
            "[x](JaVaScRiPt:alert(1))",
            "[x](<java\tscript:alert(1)>)",
            "[x](data:text/html;base64,PHNjcmlwdD4=)",
            "[x](vbscript:msgbox)",
            "![x](javascript:alert(1))",
        ] {
            let html = to_html(bad);
            assert!(
                html.contains("href=\"#\"") || html.contains("src=\"#\""),
                "{bad}: {html}"
            );
        }
        for good in [
            "https://lapor.go.id",
            "mailto:a@b.go.id",
            "../x/",
            "#top",
            "x?a=b:c",
        ] {
            assert!(is_safe_url(good), "{good}");
        }
    }

    #[test]
    fn headings_move_down_three_levels() {
        assert_eq!(to_html("# A\n").trim(), "<h4>A</h4>");
    }
}
