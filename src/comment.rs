//! The one comment loket keeps on each pull request: the verification an
//! officer would otherwise write by hand, followed by the ledger of
//! notices sent to the agency (`notice::ledger`), which every rewrite
//! carries over. Pure: it renders Markdown; the command finds the old
//! comment by its hidden marker and updates it.
//!
//! Officers rely on this comment, and a pull request controls much of what
//! it quotes (the request's values in findings, file paths, logins). Every
//! such value goes through [`escape`], and loket's own words through
//! [`text`], so nothing quoted can write a heading, a ticked line, a
//! mention, a link, HTML or a hidden marker such as the ledger's.

use crate::input::diagnostic::{Arg, Diagnostic, Hint, Lang};
use crate::input::source::Spanned;
use crate::input::yaml::Node;
use crate::model::service::Means;
use crate::model::{Config, Service};
use crate::notice::ledger::carry;
use crate::report::status::{local, verdict};
use crate::review::calendar::Calendar;
use crate::review::gate::Unmet;
use crate::review::timeline::Timeline;
use crate::validate::requirements::{Lookup, lookup};

/// The hidden marker that identifies loket's comment.
pub(crate) const MARKER: &str = "<!-- loket:verifikasi -->";

/// loket's comment among a pull request's comments: the first that loket
/// wrote (see [`crate::github::Comment::by_loket`]) starting with
/// [`MARKER`]. A stranger's comment with the marker, and any ledger in it,
/// is not loket's.
pub(crate) fn find(comments: &[crate::github::Comment]) -> Option<&crate::github::Comment> {
    comments
        .iter()
        .find(|c| c.by_loket() && c.body.starts_with(MARKER))
}

/// The request file a pull request's comment is about: the first it changes.
pub(crate) fn request_file(pr: &crate::github::snapshot::PullRequest) -> Option<&str> {
    pr.files
        .iter()
        .map(String::as_str)
        .find(|f| crate::github::snapshot::is_request_file(f))
}

/// What to write so that loket's comment among a pull request's comments
/// says a freshly rendered body, the ledger of notices the old comment
/// holds carried over (see [`write`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Write {
    /// loket's comment says so already.
    Unchanged,
    /// Rewrite loket's comment `id` with `body`.
    Update {
        /// The comment's id.
        id: u64,
        /// Its new body.
        body: String,
    },
    /// Start loket's comment with this body.
    Create(String),
}

/// What to write so that loket's comment among `comments` says `body`
/// (a [`render`]ed comment), keeping the ledger of notices sent, which
/// lives at the end of the comment.
pub(crate) fn write(body: &str, comments: &[crate::github::Comment]) -> Write {
    match find(comments) {
        Some(old) => {
            let body = carry(body, Some(&old.body));
            if old.body == body {
                Write::Unchanged
            } else {
                Write::Update { id: old.id, body }
            }
        }
        None => Write::Create(carry(body, None)),
    }
}

/// What the comment is about.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CommentInput<'a> {
    /// The request file.
    pub path: &'a str,
    /// Its service, when known.
    pub service: Option<&'a Service>,
    /// `loket check`'s findings for the file.
    pub findings: &'a [Diagnostic],
    /// Its timeline, when known.
    pub timeline: Option<&'a Timeline>,
    /// The gate's unmet conditions.
    pub unmet: &'a [Unmet],
    /// `loket.yaml`.
    pub config: &'a Config,
    /// The request as parsed, to see which optional items it carries.
    pub tree: Option<&'a Spanned<Node>>,
    /// The calendar, for local times.
    pub calendar: &'a Calendar,
}

/// Longer values are cut (with `…`) before they are quoted.
pub(crate) const MAX_VALUE_CHARS: usize = 200;

/// Findings listed under "other findings"; the rest are counted.
pub(crate) const MAX_FINDINGS: usize = 50;

/// `value` as inert Markdown text: it renders as the same characters, on
/// one line, and does nothing else, in running text as inside `<code>`.
///
/// - Line breaks and other control characters become spaces, so no line
///   of its own can start (a heading, a list item, a ✅ line, a marker).
/// - Every ASCII punctuation character is backslash-escaped (CommonMark
///   renders `\*` as `*`): no emphasis, code span, link, image, table
///   cell, autolink, entity (`&…;`) or HTML (`<!--`, `<a>`).
/// - `@` and `#` are followed by an invisible word joiner (U+2060): GitHub
///   finds mentions and issue references in the rendered text, where the
///   backslash is gone, and a joiner before the name breaks both.
/// - Bidirectional controls, which could reorder what officers read,
///   become U+FFFD.
pub(crate) fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + value.len() / 4);
    for c in value.chars() {
        match c {
            '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}'
            | '\u{200e}'
            | '\u{200f}'
            | '\u{061c}' => out.push('\u{fffd}'),
            '\u{2028}' | '\u{2029}' => out.push(' '),
            c if c.is_control() => out.push(' '),
            '@' | '#' => {
                out.push('\\');
                out.push(c);
                out.push('\u{2060}');
            }
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// loket's own words as Markdown: pairs of backticks become `<code>`
/// (escaping works inside it, unlike in a code span), everything else is
/// [`escape`]d, and each `\u{0}N\u{0}` stands for `values[N]`, escaped:
/// see [`finding`] and [`unmet`].
fn markdown(words: &str, values: &[String]) -> String {
    let mut out = String::with_capacity(words.len() + 16);
    let mut code = false;
    let mut rest = words;
    while let Some(c) = rest.chars().next() {
        rest = &rest[c.len_utf8()..];
        match c {
            '`' => {
                out.push_str(if code { "</code>" } else { "<code>" });
                code = !code;
            }
            '\u{0}' => {
                let value = match rest.split_once('\u{0}') {
                    Some((n, after)) => {
                        rest = after;
                        n.parse::<usize>().ok().and_then(|n| values.get(n))
                    }
                    None => None,
                };
                out.push_str(&escape(value.map_or(" ", String::as_str)));
            }
            c => out.push_str(&escape(c.encode_utf8(&mut [0; 4]))),
        }
    }
    if code {
        out.push_str("</code>");
    }
    out
}

/// loket's own text (names from the configuration, a status, a reason) as
/// Markdown: as [`markdown`] with no values.
pub(crate) fn text(words: &str) -> String {
    markdown(words, &[])
}

/// A hole for `value` in a message: `\u{0}N\u{0}`, the value kept in
/// `values` (cut to [`MAX_VALUE_CHARS`]).
fn hole(values: &mut Vec<String>, value: &str) -> String {
    let mut cut: String = value.chars().take(MAX_VALUE_CHARS).collect();
    if cut.len() < value.len() {
        cut.push('…');
    }
    values.push(cut);
    format!("\u{0}{}\u{0}", values.len() - 1)
}

/// A finding's message and hint as Markdown: the template's words as
/// [`text`], every value the request gave [`escape`]d.
pub(crate) fn finding(d: &Diagnostic, lang: Lang) -> String {
    let mut values = Vec::new();
    let mut masked = d.clone();
    for (_, arg) in &mut masked.args {
        if let Arg::Plain(value) = arg {
            *value = hole(&mut values, value);
        }
    }
    masked.hint = d.hint.as_ref().map(|h| match h {
        Hint::DidYouMean(s) => Hint::DidYouMean(hole(&mut values, s)),
        Hint::OneOf(v) => Hint::OneOf(v.iter().map(|s| hole(&mut values, s)).collect()),
        Hint::Quote(s) => Hint::Quote(hole(&mut values, s)),
        Hint::Punycode(s) => Hint::Punycode(hole(&mut values, s)),
    });
    markdown(&masked.message_with_hint(lang), &values)
}

/// An unmet condition as Markdown: the gate's words (stage labels in
/// code) as [`text`], the paths and logins of the pull request escaped.
pub(crate) fn unmet(u: &Unmet, lang: Lang) -> String {
    let mut values = Vec::new();
    let mut h = |s: &str| hole(&mut values, s);
    let masked = match u.clone() {
        Unmet::NotOperator { author, agency } => Unmet::NotOperator {
            author: h(&author),
            agency: h(&agency),
        },
        Unmet::NoOrigin { author } => Unmet::NoOrigin { author: h(&author) },
        Unmet::OutsideAgency { path, agency } => Unmet::OutsideAgency {
            path: h(&path),
            agency: h(&agency),
        },
        Unmet::AltersMerged { path } => Unmet::AltersMerged { path: h(&path) },
        Unmet::UnknownService { path } => Unmet::UnknownService { path: h(&path) },
        Unmet::WrongActor {
            stage,
            label,
            actor,
            role,
        } => Unmet::WrongActor {
            stage,
            label,
            actor: h(&actor),
            role,
        },
        // The rest name stages, labels and roles of the configuration; were
        // a value of the pull request among them, `markdown` would still
        // escape it (at worst a backtick would start `<code>`).
        other => other,
    };
    markdown(&masked.message(lang), &values)
}

/// The comment's Markdown, starting with [`MARKER`].
pub(crate) fn render(input: &CommentInput<'_>, lang: Lang) -> String {
    let mut out = format!(
        "{MARKER}\n### {} <code>{}</code>\n\n",
        lang.pick("Hasil verifikasi", "Verification of"),
        escape(input.path)
    );
    if let Some(service) = input.service {
        out.push_str(&format!(
            "**{}** ({})\n\n",
            text(&service.title.value),
            text(service.id.as_str())
        ));
        out.push_str(lang.pick("#### Persyaratan\n\n", "#### Requirements\n\n"));
        for r in &service.requirements {
            let problems: Vec<&Diagnostic> = input
                .findings
                .iter()
                .filter(|d| d.requirement.as_deref() == Some(r.id.as_str()))
                .collect();
            let present = |p: &str| {
                input
                    .tree
                    .is_some_and(|t| matches!(lookup(t, p), Lookup::Found(_)))
            };
            let (tick, note) = match r.means() {
                Some(Means::Officer) => (
                    " ",
                    lang.pick(
                        " — diperiksa petugas, di luar repositori".to_string(),
                        " — checked by an officer, outside the repository".to_string(),
                    ),
                ),
                Some(Means::Field(p) | Means::File(p) | Means::Link(p))
                    if !present(p) && problems.is_empty() =>
                {
                    (
                        " ",
                        lang.pick(
                            " — tidak disertakan".to_string(),
                            " — not provided".to_string(),
                        ),
                    )
                }
                _ if problems.is_empty() => ("x", String::new()),
                _ => (
                    " ",
                    format!(
                        " — {}",
                        problems
                            .iter()
                            .map(|d| finding(d, lang))
                            .collect::<Vec<_>>()
                            .join("; ")
                    ),
                ),
            };
            let optional = if r.is_required() {
                ""
            } else {
                lang.pick(" (opsional)", " (optional)")
            };
            out.push_str(&format!(
                "- [{tick}] {}{optional}{note}\n",
                text(&r.text.value)
            ));
        }
        out.push('\n');
    }
    let others: Vec<&Diagnostic> = input
        .findings
        .iter()
        .filter(|d| d.requirement.is_none())
        .collect();
    if !others.is_empty() {
        out.push_str(lang.pick("#### Temuan lain\n\n", "#### Other findings\n\n"));
        for d in others.iter().take(MAX_FINDINGS) {
            out.push_str(&format!(
                "- `{}` {} {}: {}\n",
                d.code.as_str(),
                lang.pick("baris", "line"),
                d.span.line,
                finding(d, lang)
            ));
        }
        if others.len() > MAX_FINDINGS {
            let n = others.len() - MAX_FINDINGS;
            out.push_str(&lang.pick(
                format!("- … dan {n} temuan lain (semuanya: `loket check`)\n"),
                format!("- … and {n} more (all of them: `loket check`)\n"),
            ));
        }
        out.push('\n');
    }
    if let Some(t) = input.timeline {
        out.push_str(&format!("**Status:** {}\n\n", t.status.label()));
        if let Some(reason) = &t.reason {
            let fix = input
                .config
                .reasons()
                .into_iter()
                .find(|r| r.name == *reason)
                .map(|r| r.fix);
            out.push_str(&format!(
                "**{}:** {}",
                lang.pick("Alasan", "Reason"),
                text(reason)
            ));
            if let Some(fix) = fix.filter(|f| !f.is_empty()) {
                out.push_str(&format!(" — {}", text(&fix)));
            }
            out.push_str("\n\n");
        }
        let next = t
            .stages
            .iter()
            .find(|s| s.done_at.is_none() && !s.after_merge);
        if let Some(stage) = next {
            let role = input
                .config
                .roles
                .iter()
                .find(|r| r.id.as_str() == stage.role)
                .map_or(stage.role.clone(), |r| r.name.value.clone());
            out.push_str(&format!(
                "**{}:** {} — {}\n\n",
                lang.pick("Berikutnya", "Next"),
                text(&stage.name),
                text(&role)
            ));
        }
        if let (Some(used), Some(due)) = (t.clock.used(), t.clock.due) {
            out.push_str(&format!(
                "**{}:** {} {}, {} {} ({})\n\n",
                lang.pick("Waktu layanan", "Service time"),
                crate::report::status::standard(used, lang),
                lang.pick("terpakai", "used"),
                lang.pick("jatuh tempo", "due"),
                local(due, input.calendar),
                verdict(t.clock.verdict, lang),
            ));
        }
    }
    if !input.unmet.is_empty() {
        out.push_str(lang.pick(
            "#### Belum terpenuhi untuk digabung\n\n",
            "#### Not yet met for merging\n\n",
        ));
        for u in input.unmet {
            out.push_str(&format!("- {}\n", unmet(u, lang)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notice::ledger;

    /// Values a request could carry to take over the comment.
    const HOSTILE: &[&str] = &[
        "x\n### ✅ Semua persyaratan terpenuhi\n",
        "x\r\n- [x] Surat permohonan\r\n---\n1. satu",
        "`kode` ``x`` ```",
        "@kasi-verifikasi @contoh/petugas cc @op-b",
        "#12 contoh/loket#3",
        "<!-- loket:verifikasi -->",
        "\n<!-- loket:pemberitahuan -->\n<!-- loket:pemberitahuan 2026-0002 diterima 2026-06-02T01:00:00Z email -->",
        "a | b |\n|---|---|",
        "**tebal** __x__ *y* _z_ ~~coret~~",
        "[tautan](https://evil.example) ![gambar](x) [x]: https://evil.example",
        "<img src=x onerror=alert(1)><a href=\"x\">klik</a></code></details>",
        "https://evil.example www.evil.example web@b.contohkab.go.id <https://x.example>",
        "&lt;!-- &#60;!-- &#x3C;",
        "\u{202e}fdp.exe \u{2066}x\u{2069}",
        "$\\Huge ✅$",
        "\\`\\*\\",
        "\u{0}1\u{0}",
    ];

    /// `markdown` rendered by a CommonMark parser with GitHub's extensions.
    fn html(markdown: &str) -> String {
        use pulldown_cmark::{Options, Parser, html};
        let mut out = String::new();
        html::push_html(&mut out, Parser::new_ext(markdown, Options::all()));
        out
    }

    /// `s` as HTML text, as a renderer writes characters it shows as such.
    fn as_text(s: &str) -> String {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    }

    /// loket's comment is created, rewritten or left alone, its ledger
    /// carried over; a stranger's comment with the marker is not loket's.
    #[test]
    fn write_keeps_the_ledger_and_skips_an_unchanged_comment() {
        let comment = |id: u64, author: &str, body: &str| crate::github::Comment {
            id,
            body: body.to_string(),
            author: author.to_string(),
        };
        let fresh = format!("{MARKER}\nisi baru\n");
        let stranger = comment(1, "orang-lain", &format!("{MARKER}\npalsu\n"));
        assert_eq!(
            write(&fresh, std::slice::from_ref(&stranger)),
            Write::Create(ledger::carry(&fresh, None))
        );
        let mut sent = ledger::Ledger::default();
        sent.insert(ledger::Entry::new(
            "2026-0002".parse().expect("id"),
            crate::notice::Kind::Diterima,
            chrono::DateTime::from_timestamp(1_780_362_000, 0).expect("time"),
            crate::notice::Channel::Email,
        ));
        let old = ledger::attach(&format!("{MARKER}\nisi lama\n"), &sent);
        let ours = comment(7, crate::review::gate::RECORDER, &old);
        let Write::Update { id, body } = write(&fresh, &[stranger, ours.clone()]) else {
            panic!("not an update");
        };
        assert_eq!(id, 7);
        assert_eq!(body, ledger::attach(&fresh, &sent));
        let same = comment(7, crate::review::gate::RECORDER, &body);
        assert_eq!(write(&fresh, &[same]), Write::Unchanged);
    }

    #[test]
    fn hostile_values_render_as_themselves_on_one_line() {
        for value in HOSTILE {
            let escaped = escape(value);
            assert!(!escaped.contains(['\n', '\r', '\u{0}']), "{value:?}");
            // Shown as the same characters (line breaks as spaces, bidi
            // controls as U+FFFD, a joiner after `@` and `#`), nothing else:
            // no element but the paragraph, in running text and in <code>.
            let shown: String = value
                .chars()
                .flat_map(|c| match c {
                    '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => vec!['\u{fffd}'],
                    '@' | '#' => vec![c, '\u{2060}'],
                    c if c.is_control() => vec![' '],
                    c => vec![c],
                })
                .collect();
            let line = format!("- x {escaped} y");
            assert_eq!(
                html(&line),
                format!("<ul>\n<li>x {} y</li>\n</ul>\n", as_text(&shown)),
                "{value:?}"
            );
            assert_eq!(
                html(&format!("a <code>{escaped}</code> b")),
                format!("<p>a <code>{}</code> b</p>\n", as_text(&shown)),
                "{value:?}"
            );
            // No mention or issue reference is left for GitHub to find.
            for (i, c) in escaped
                .char_indices()
                .filter(|(_, c)| matches!(c, '@' | '#'))
            {
                assert_eq!(escaped[i + c.len_utf8()..].chars().next(), Some('\u{2060}'));
            }
        }
    }

    #[test]
    fn no_value_can_forge_the_ledger_or_the_marker() {
        for value in HOSTILE {
            let body = ledger::attach(
                &format!(
                    "{MARKER}\n### x <code>{}</code>\n- {}\n",
                    escape(value),
                    escape(value)
                ),
                &ledger::Ledger::default(),
            );
            let (_, found) = ledger::split(&body);
            assert!(found.is_empty(), "{value:?}");
            let markers = body.lines().filter(|l| l.trim_start().starts_with("<!--"));
            assert_eq!(markers.count(), 2, "{value:?}: {body}");
        }
    }

    #[test]
    fn loket_words_keep_their_code_and_values_their_place() {
        let values = vec!["a`b\n#1".to_string()];
        assert_eq!(
            markdown("label `tahap: x` oleh \u{0}0\u{0} (`\u{0}0\u{0}`)", &values),
            "label <code>tahap\\: x</code> oleh a\\`b \\#\u{2060}1 \\(<code>a\\`b \\#\u{2060}1</code>\\)"
        );
        // A hole that names no value shows as a space; an odd backtick closes.
        assert_eq!(markdown("\u{0}9\u{0} `x", &values), "  <code>x</code>");
        assert_eq!(markdown("\u{0}x", &values), " x");
    }

    #[test]
    fn long_values_are_cut() {
        let d = Diagnostic::error(
            crate::input::diagnostic::Code::L011,
            "x",
            crate::input::source::Span::START,
        )
        .arg("key", "k".repeat(1000));
        let shown = finding(&d, Lang::En);
        assert_eq!(
            shown,
            format!("unknown key <code>{}…</code>", "k".repeat(MAX_VALUE_CHARS))
        );
    }
}
