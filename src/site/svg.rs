//! SVG pictures of the site, as text: the swimlane flowchart of a
//! service's stages, the charts of `/statistik/` and QR codes.
//!
//! Every string that reaches the markup goes through [`esc`]; the result
//! is the only HTML the templates take unescaped (with Markdown).

use std::fmt::Write;

use qrcodegen::{Mask, QrCode, QrCodeEcc, QrSegment, Version};

/// Escapes text for XML and HTML content and attribute values.
pub(crate) fn esc(text: &str) -> String {
    // Copies the runs between special characters whole: this is tera's
    // escape function, called for every value of every page.
    let mut out = String::with_capacity(text.len() + 16);
    let mut plain = 0;
    for (i, b) in text.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        // `i` is on a character boundary: the five are ASCII.
        out.push_str(&text[plain..i]);
        out.push_str(entity);
        plain = i + 1;
    }
    out.push_str(&text[plain..]);
    out
}

/// Breaks `text` into lines of at most `width` characters (words longer
/// than a line are cut), at most `max` lines, the last ending in `…` when cut.
pub(crate) fn wrap(text: &str, width: usize, max: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word: String = word.to_string();
        while word.chars().count() > width {
            let head: String = word.chars().take(width).collect();
            word = word.chars().skip(width).collect();
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            lines.push(head);
        }
        let len = line.chars().count() + word.chars().count() + usize::from(!line.is_empty());
        if len > width && !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if lines.len() > max {
        lines.truncate(max);
        if let Some(last) = lines.last_mut() {
            let keep: String = last.chars().take(width.saturating_sub(1)).collect();
            *last = format!("{}…", keep.trim_end());
        }
    }
    lines
}

/// A step of a swimlane flowchart.
#[derive(Debug, Clone)]
pub(crate) struct FlowStep {
    /// Index of the lane (role) that acts.
    pub lane: usize,
    /// What happens.
    pub text: String,
    /// Standard time, as shown.
    pub time: Option<String>,
    /// Drawn dashed (e.g. done after the merge).
    pub dashed: bool,
    /// A terminal (start or end) rather than a process step.
    pub terminal: bool,
}

/// A swimlane flowchart.
#[derive(Debug, Clone)]
pub(crate) struct Flow {
    /// Element id prefix, unique on the page.
    pub id: String,
    /// Accessible title.
    pub title: String,
    /// Accessible description.
    pub desc: String,
    /// Lane titles (roles), top to bottom.
    pub lanes: Vec<String>,
    /// Steps, left to right.
    pub steps: Vec<FlowStep>,
}

const LANE_HEAD: i32 = 160;
const COL: i32 = 190;
const BOX_W: i32 = 160;
const LANE_H: i32 = 126;
const BOX_H: i32 = 104;

/// The flowchart as an `<svg>` element.
pub(crate) fn flowchart(flow: &Flow) -> String {
    let width = LANE_HEAD + COL * flow.steps.len() as i32 + 10;
    let height = LANE_H * flow.lanes.len() as i32 + 2;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="flow" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-labelledby="{id}-t {id}-d"><title id="{id}-t">{title}</title><desc id="{id}-d">{desc}</desc>"#,
        id = esc(&flow.id),
        title = esc(&flow.title),
        desc = esc(&flow.desc),
    );
    let _ = write!(
        s,
        r##"<defs><marker id="{id}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="#1d3f6e"/></marker></defs>"##,
        id = esc(&flow.id)
    );
    let arrow = format!("url(#{}-arrow)", esc(&flow.id));
    for (i, lane) in flow.lanes.iter().enumerate() {
        let y = LANE_H * i as i32 + 1;
        let fill = if i % 2 == 0 { "#eef2f7" } else { "#f8f9fb" };
        let _ = write!(
            s,
            r##"<rect x="1" y="{y}" width="{w}" height="{LANE_H}" fill="{fill}" stroke="#9aa8b8"/><rect x="1" y="{y}" width="{LANE_HEAD}" height="{LANE_H}" fill="#dde5ef" stroke="#9aa8b8"/>"##,
            w = width - 2,
        );
        text_block(
            &mut s,
            LANE_HEAD / 2,
            y + LANE_H / 2,
            &wrap(lane, 20, 5),
            "lane",
        );
    }
    let center = |i: usize, lane: usize| -> (i32, i32) {
        (
            LANE_HEAD + COL * i as i32 + COL / 2,
            LANE_H * lane as i32 + 1 + LANE_H / 2,
        )
    };
    for (i, pair) in flow.steps.windows(2).enumerate() {
        let (x1, y1) = center(i, pair[0].lane);
        let (x2, y2) = center(i + 1, pair[1].lane);
        let (from, to) = (x1 + BOX_W / 2, x2 - BOX_W / 2);
        if y1 == y2 {
            let _ = write!(
                s,
                r##"<path d="M{from} {y1}H{to}" stroke="#1d3f6e" stroke-width="2" fill="none" marker-end="{arrow}"/>"##
            );
        } else {
            let mid = (from + to) / 2;
            let _ = write!(
                s,
                r##"<path d="M{from} {y1}H{mid}V{y2}H{to}" stroke="#1d3f6e" stroke-width="2" fill="none" marker-end="{arrow}"/>"##
            );
        }
    }
    for (i, step) in flow.steps.iter().enumerate() {
        let (cx, cy) = center(i, step.lane);
        let (x, y) = (cx - BOX_W / 2, cy - BOX_H / 2);
        let radius = if step.terminal { BOX_H / 2 } else { 6 };
        let dash = if step.dashed {
            r#" stroke-dasharray="6 4""#
        } else {
            ""
        };
        let fill = if step.terminal { "#1d3f6e" } else { "#ffffff" };
        let _ = write!(
            s,
            r##"<rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="{radius}" fill="{fill}" stroke="#1d3f6e" stroke-width="2"{dash}/>"##
        );
        let class = if step.terminal { "term" } else { "step" };
        let times = step.time.as_deref().map_or(Vec::new(), |t| wrap(t, 24, 2));
        let lines = wrap(&step.text, 19, 4 - times.len().min(1));
        let shift = 8 * times.len() as i32;
        text_block(&mut s, cx, cy - shift, &lines, class);
        for (k, time) in times.iter().enumerate() {
            let _ = write!(
                s,
                r#"<text x="{cx}" y="{ty}" class="time" text-anchor="middle">{t}</text>"#,
                ty = y + BOX_H - 8 - 14 * (times.len() - 1 - k) as i32,
                t = esc(time)
            );
        }
        let _ = write!(
            s,
            r#"<text x="{nx}" y="{ny}" class="num">{n}</text>"#,
            nx = x + 6,
            ny = y + 14,
            n = i + 1
        );
    }
    s.push_str("</svg>");
    s
}

/// Lines of text centred on (cx, cy).
fn text_block(s: &mut String, cx: i32, cy: i32, lines: &[String], class: &str) {
    let line_h = 16;
    let top = cy - (line_h * (lines.len() as i32 - 1)) / 2 + 5;
    let _ = write!(
        s,
        r#"<text class="{class}" text-anchor="middle" x="{cx}" y="{top}">"#
    );
    for (i, line) in lines.iter().enumerate() {
        let dy = if i == 0 { 0 } else { line_h };
        let _ = write!(s, r#"<tspan x="{cx}" dy="{dy}">{}</tspan>"#, esc(line));
    }
    s.push_str("</text>");
}

/// One bar of a chart.
#[derive(Debug, Clone)]
pub(crate) struct Bar {
    /// What the bar is.
    pub label: String,
    /// Its value.
    pub value: f64,
    /// The value as shown.
    pub shown: String,
    /// A reference value drawn as a mark (the standard), with its text.
    pub mark: Option<(f64, String)>,
}

/// A QR code of `text` as an `<svg>` element, or `None` when it does not fit.
pub(crate) fn qr(text: &str, title: &str) -> Option<String> {
    // One fixed mask: choosing the best of eight was a quarter of a
    // 10,000-request build (a receipt per request and language), and any
    // mask gives a valid code that readers decode.
    let segments = QrSegment::make_segments(text);
    let code = QrCode::encode_segments_advanced(
        &segments,
        QrCodeEcc::Medium,
        Version::MIN,
        Version::MAX,
        Some(Mask::new(0)),
        true,
    )
    .ok()?;
    let size = code.size();
    let quiet = 4;
    let dim = size + quiet * 2;
    // One rectangle per horizontal run of dark modules keeps the path short
    // (a receipt carries one per request).
    let mut path = String::new();
    for y in 0..size {
        let mut x = 0;
        while x < size {
            if !code.get_module(x, y) {
                x += 1;
                continue;
            }
            let start = x;
            while x < size && code.get_module(x, y) {
                x += 1;
            }
            let n = x - start;
            let _ = write!(path, "M{} {}h{n}v1h-{n}z", start + quiet, y + quiet);
        }
    }
    Some(format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" class="qr" viewBox="0 0 {dim} {dim}" width="160" height="160" role="img" shape-rendering="crispEdges"><title>{t}</title><rect width="{dim}" height="{dim}" fill="#fff"/><path d="{path}" fill="#000"/></svg>"##,
        t = esc(title)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_keeps_every_other_character() {
        assert_eq!(
            esc(r#"Dinas "A" & <B> 'é' — ✓/x"#),
            "Dinas &quot;A&quot; &amp; &lt;B&gt; &#39;é&#39; — ✓/x"
        );
        assert_eq!(esc(""), "");
        assert_eq!(esc("&"), "&amp;");
        assert_eq!(esc("tanpa apa-apa"), "tanpa apa-apa");
    }

    #[test]
    fn wrapping_keeps_words_and_cuts_long_ones() {
        assert_eq!(wrap("satu dua tiga", 8, 3), ["satu dua", "tiga"]);
        assert_eq!(wrap("abcdefghij", 4, 5), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("a b c d e f", 1, 2), ["a", "…"]);
    }

    #[test]
    fn text_is_escaped_everywhere() {
        let flow = Flow {
            id: "f".into(),
            title: "<script>".into(),
            desc: "\"'".into(),
            lanes: vec!["</svg><script>x</script>".into()],
            steps: vec![FlowStep {
                lane: 0,
                text: "a & b".into(),
                time: Some("<1>".into()),
                dashed: false,
                terminal: false,
            }],
        };
        let svg = flowchart(&flow);
        assert!(!svg.contains("<script"), "{svg}");
        assert!(svg.contains("a &amp; b"));
        assert_eq!(svg.matches("</svg>").count(), 1);
    }

    #[test]
    fn qr_codes_are_deterministic() {
        let a = qr("https://www.lapor.go.id", "t").unwrap();
        assert_eq!(a, qr("https://www.lapor.go.id", "t").unwrap());
        assert!(a.starts_with("<svg"));
        // The finder pattern's top edge is one run of seven modules.
        assert!(a.contains("M4 4h7v1h-7z"), "{a}");
    }
}
