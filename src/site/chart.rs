//! Bar charts of `/statistik/` as HTML and CSS: a list of rows that
//! reflows to any width, so every label and value stays on a phone's
//! screen (an SVG of fixed width was squeezed and cut its values off).

use std::fmt::Write;

use crate::site::svg::{Bar, esc};

/// A horizontal bar per item, with its label, its value as shown and an
/// optional reference mark (the standard). `max` is the value of a full
/// bar; by default the largest value or mark. The bars are drawing only
/// (`aria-hidden`): label and value are text, and the section's table
/// holds the data. Without CSS the row reads "label: value".
pub(crate) fn bars(id: &str, title: &str, bars: &[Bar], max: Option<f64>) -> String {
    let max = max
        .unwrap_or_else(|| {
            bars.iter()
                .flat_map(|b| [Some(b.value), b.mark.as_ref().map(|m| m.0)])
                .flatten()
                .fold(0.0_f64, f64::max)
        })
        .max(1.0);
    let share = |v: f64| (v / max * 100.0).clamp(0.0, 100.0);
    let mut s = format!(
        r#"<ul class="bars" id="{}" aria-label="{}">"#,
        esc(id),
        esc(title)
    );
    for bar in bars {
        let mark = bar.mark.as_ref().map_or(String::new(), |(m, text)| {
            format!(
                r#"<span class="bar-mark" style="left:{:.1}%" title="{}"></span>"#,
                share(*m),
                esc(text)
            )
        });
        let _ = write!(
            s,
            r#"<li><span class="bar-label">{}<span class="visually-hidden">: </span></span><span class="bar-track" aria-hidden="true"><span class="bar" style="width:{:.1}%"></span>{mark}</span><span class="val">{}</span></li>"#,
            esc(&bar.label),
            share(bar.value),
            esc(&bar.shown),
        );
    }
    s.push_str("</ul>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bar(label: &str, value: f64, mark: Option<f64>) -> Bar {
        Bar {
            label: label.into(),
            value,
            shown: format!("{value}"),
            mark: mark.map(|m| (m, format!("standar {m}"))),
        }
    }

    #[test]
    fn widths_are_shares_of_the_full_bar_and_marks_sit_where_they_belong() {
        let html = bars(
            "c",
            "Judul",
            &[bar("a", 50.0, Some(100.0)), bar("b", 200.0, None)],
            None,
        );
        assert!(html.contains(r#"style="width:25.0%""#), "{html}");
        assert!(html.contains(r#"style="width:100.0%""#), "{html}");
        assert!(
            html.contains(r#"class="bar-mark" style="left:50.0%" title="standar 100""#),
            "{html}"
        );
        assert!(
            html.starts_with(r#"<ul class="bars" id="c" aria-label="Judul">"#),
            "{html}"
        );
        // Without CSS a row reads "a: 50".
        assert!(
            html.contains(
                r#"<span class="bar-label">a<span class="visually-hidden">: </span></span>"#
            ),
            "{html}"
        );
    }

    #[test]
    fn a_value_past_the_given_maximum_fills_the_bar_and_no_more() {
        let html = bars("c", "t", &[bar("a", 150.0, None)], Some(100.0));
        assert!(html.contains(r#"style="width:100.0%""#), "{html}");
    }

    #[test]
    fn labels_and_titles_are_escaped() {
        let html = bars("c\"", "<t>", &[bar("<a & b>", 1.0, None)], None);
        assert!(
            html.contains("&lt;a &amp; b&gt;") && html.contains("aria-label=\"&lt;t&gt;\""),
            "{html}"
        );
        assert!(!html.contains("<a &"), "{html}");
    }
}
