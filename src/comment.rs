//! The one comment loket keeps on each pull request: the verification an
//! officer would otherwise write by hand, followed by the ledger of
//! notices sent to the agency (`notice::ledger`), which every rewrite
//! carries over. Pure: it renders Markdown; the command finds the old
//! comment by its hidden marker and updates it.

use crate::calendar::Calendar;
use crate::diagnostic::{Diagnostic, Lang};
use crate::gate::Unmet;
use crate::model::service::Means;
use crate::model::{Config, Service};
use crate::report::status::{local, verdict};
use crate::source::Spanned;
use crate::timeline::Timeline;
use crate::validate::requirements::{Lookup, lookup};
use crate::yaml::Node;

/// The hidden marker that identifies loket's comment.
pub const MARKER: &str = "<!-- loket:verifikasi -->";

/// loket's comment among a pull request's comments: the first that starts
/// with [`MARKER`].
pub fn find(comments: &[crate::github::Comment]) -> Option<&crate::github::Comment> {
    comments.iter().find(|c| c.body.starts_with(MARKER))
}

/// What the comment is about.
#[derive(Debug, Clone, Copy)]
pub struct CommentInput<'a> {
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

/// The comment's Markdown, starting with [`MARKER`].
pub fn render(input: &CommentInput<'_>, lang: Lang) -> String {
    let id = lang == Lang::Id;
    let mut out = format!(
        "{MARKER}\n### {} `{}`\n\n",
        if id {
            "Hasil verifikasi"
        } else {
            "Verification of"
        },
        input.path
    );
    if let Some(service) = input.service {
        out.push_str(&format!("**{}** ({})\n\n", service.title.value, service.id));
        out.push_str(if id {
            "#### Persyaratan\n\n"
        } else {
            "#### Requirements\n\n"
        });
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
                    if id {
                        " — diperiksa petugas, di luar repositori".to_string()
                    } else {
                        " — checked by an officer, outside the repository".to_string()
                    },
                ),
                Some(Means::Field(p) | Means::File(p) | Means::Link(p))
                    if !present(p) && problems.is_empty() =>
                {
                    (
                        " ",
                        if id {
                            " — tidak disertakan".to_string()
                        } else {
                            " — not provided".to_string()
                        },
                    )
                }
                _ if problems.is_empty() => ("x", String::new()),
                _ => (
                    " ",
                    format!(
                        " — {}",
                        problems
                            .iter()
                            .map(|d| d.message(lang))
                            .collect::<Vec<_>>()
                            .join("; ")
                    ),
                ),
            };
            let optional = if r.is_required() {
                ""
            } else if id {
                " (opsional)"
            } else {
                " (optional)"
            };
            out.push_str(&format!("- [{tick}] {}{optional}{note}\n", r.text.value));
        }
        out.push('\n');
    }
    let others: Vec<&Diagnostic> = input
        .findings
        .iter()
        .filter(|d| d.requirement.is_none())
        .collect();
    if !others.is_empty() {
        out.push_str(if id {
            "#### Temuan lain\n\n"
        } else {
            "#### Other findings\n\n"
        });
        for d in others {
            out.push_str(&format!(
                "- `{}` baris {}: {}\n",
                d.code.as_str(),
                d.span.line,
                d.message_with_hint(lang)
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
                "**{}:** {reason}",
                if id { "Alasan" } else { "Reason" }
            ));
            if let Some(fix) = fix.filter(|f| !f.is_empty()) {
                out.push_str(&format!(" — {fix}"));
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
                if id { "Berikutnya" } else { "Next" },
                stage.name,
                role
            ));
        }
        if let (Some(used), Some(due)) = (t.clock.used(), t.clock.due) {
            out.push_str(&format!(
                "**{}:** {} {}, {} {} ({})\n\n",
                if id { "Waktu layanan" } else { "Service time" },
                crate::report::status::standard(used, lang),
                if id { "terpakai" } else { "used" },
                if id { "jatuh tempo" } else { "due" },
                local(due, input.calendar),
                verdict(t.clock.verdict, lang),
            ));
        }
    }
    if !input.unmet.is_empty() {
        out.push_str(if id {
            "#### Belum terpenuhi untuk digabung\n\n"
        } else {
            "#### Not yet met for merging\n\n"
        });
        for u in input.unmet {
            out.push_str(&format!("- {}\n", u.message(lang)));
        }
    }
    out
}
