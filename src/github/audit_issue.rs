//! One GitHub issue per name the web audit finds something on: its
//! marker, title and body, and the plan that brings the open issues in
//! line with an audit run (open, update in place, leave, close). Pure but
//! for [`bring_in_line`], which reads the issues, plans, and carries the
//! plan out through a [`Client`] (`loket audit --web --issues`).
//!
//! An issue is loket's when GitHub says the workflows' bot opened it
//! ([`crate::review::gate::is_recorder`]) and its body starts with the name's
//! [`marker`]: anyone can open an issue with the marker and the label, and
//! such an issue is neither updated, closed, nor taken as the name's. The
//! body quotes audit messages, which carry what servers sent (a redirect's
//! `Location`, a stalled URL); every one goes through
//! [`crate::comment::escape`] and is cut, so no page can write a heading,
//! a mention, a link, HTML or a ledger line. The body holds no date, so a
//! run that finds the same thing leaves the issue untouched. The security
//! notices' ledger ([`crate::notice::security`]) is its last block and is
//! carried over on every rewrite.

use std::collections::BTreeMap;

use crate::comment::{MAX_FINDINGS, MAX_VALUE_CHARS, escape, text};
use crate::github::{Client, GitHubError};
use crate::input::diagnostic::Lang;
use crate::model::Config;
use crate::notice::security;
use crate::web::record::{Checked, Record};

/// The label of audit issues (`loket labels sync` creates it).
pub const LABEL: &str = "audit: situs";

const MARKER_PREFIX: &str = "<!-- loket:audit-web ";
const MARKER_SUFFIX: &str = " -->";

/// GitHub assigns at most this many people to an issue.
pub const MAX_ASSIGNEES: usize = 10;

/// The hidden first line of the issue of `host`.
pub fn marker(host: &str) -> String {
    format!("{MARKER_PREFIX}{host}{MARKER_SUFFIX}")
}

/// The host named by the marker on the body's first line, when it is one.
pub fn host_of(body: &str) -> Option<&str> {
    let first = body.lines().next()?.trim_end_matches('\r');
    let host = first
        .strip_prefix(MARKER_PREFIX)?
        .strip_suffix(MARKER_SUFFIX)?;
    let ok = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.');
    ok.then_some(host)
}

/// An open issue as GitHub lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// Number.
    pub number: u64,
    /// Body.
    pub body: String,
    /// Who opened it (`None` for a deleted account).
    pub author: Option<String>,
}

impl Issue {
    /// The host this issue is loket's issue of: opened by the bot and
    /// starting with a marker.
    pub fn host(&self) -> Option<&str> {
        self.author
            .as_deref()
            .filter(|a| crate::review::gate::is_recorder(a))
            .and(host_of(&self.body))
    }
}

/// loket's open issue of each host: the lowest number; the others of the
/// same host are duplicates (a run that died between opening and listing).
pub fn ours(issues: &[Issue]) -> (BTreeMap<&str, &Issue>, Vec<&Issue>) {
    let mut sorted: Vec<&Issue> = issues.iter().filter(|i| i.host().is_some()).collect();
    sorted.sort_by_key(|i| i.number);
    let mut by_host = BTreeMap::new();
    let mut duplicates = Vec::new();
    for issue in sorted {
        let host = issue.host().unwrap_or_default();
        if by_host.contains_key(host) {
            duplicates.push(issue);
        } else {
            by_host.insert(host, issue);
        }
    }
    (by_host, duplicates)
}

/// The issue's title.
pub fn title(host: &str) -> String {
    format!("Audit situs: {host}")
}

/// Who handles the issue of a name: the agency's operators, then the
/// officers, each once, in `loket.yaml`'s order.
pub fn people(config: &Config, agency: Option<&str>) -> Vec<String> {
    let operators = config
        .agencies
        .iter()
        .filter(|a| Some(a.id.as_str()) == agency)
        .flat_map(|a| a.operators.iter().map(|o| o.value.as_str().to_string()));
    let officers = config
        .officers
        .iter()
        .map(|o| o.github.value.as_str().to_string());
    let mut out: Vec<String> = Vec::new();
    for login in operators.chain(officers) {
        if !out.contains(&login) {
            out.push(login);
        }
    }
    out
}

fn cut(value: &str) -> String {
    let mut out: String = value.chars().take(MAX_VALUE_CHARS).collect();
    if out.len() < value.len() {
        out.push('…');
    }
    out
}

/// The body of `name`'s issue, without the ledger: the marker, what was
/// found (escaped), who handles it. `mentioned` are the people GitHub
/// cannot assign (named so that they are told).
pub fn body(name: &Checked, mentioned: &[String]) -> String {
    let mut out = format!(
        "{}\n### Temuan audit situs <code>{}</code>\n\n",
        marker(&name.host),
        escape(&name.host)
    );
    match (&name.agency, &name.request) {
        (Some(agency), Some(request)) => out.push_str(&format!(
            "{} <code>{}</code>, {} <code>{}</code>\n\n",
            text("Perangkat daerah"),
            escape(agency),
            text("permohonan terakhir"),
            escape(request)
        )),
        _ => out.push_str(&text("Nama milik instansi sendiri.\n\n")),
    }
    for f in name.findings.iter().take(MAX_FINDINGS) {
        let sign = if f.error { "❌" } else { "⚠️" };
        out.push_str(&format!(
            "- {sign} <code>{}</code> {}\n",
            escape(&f.code),
            escape(&cut(&f.message))
        ));
    }
    if name.findings.len() > MAX_FINDINGS {
        out.push_str(&format!(
            "- {}\n",
            text(&format!(
                "dan {} temuan lain",
                name.findings.len() - MAX_FINDINGS
            ))
        ));
    }
    out.push('\n');
    out.push_str(&text(
        "Issue ini ditulis oleh `loket audit --web --issues` dan diperbarui setiap audit; ditutup otomatis setelah nama ini bersih. Jangan menyalin isi halaman yang bermasalah ke sini.",
    ));
    out.push('\n');
    if !mentioned.is_empty() {
        // Logins from loket.yaml (`Handle`s): a real mention is wanted.
        let names: Vec<String> = mentioned.iter().map(|m| format!("@{m}")).collect();
        out.push_str(&format!(
            "\n{} {}\n",
            text("Mohon ditangani:"),
            names.join(" ")
        ));
    }
    out
}

/// One change to the repository's issues.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Open an issue.
    Open {
        /// The name.
        host: String,
        /// Its title.
        title: String,
        /// Its body (with an empty ledger).
        body: String,
        /// Who to assign.
        assignees: Vec<String>,
    },
    /// Rewrite the issue's body (its ledger carried over).
    Update {
        /// The issue.
        number: u64,
        /// The name.
        host: String,
        /// The new body.
        body: String,
    },
    /// Nothing changed.
    Unchanged {
        /// The issue.
        number: u64,
        /// The name.
        host: String,
    },
    /// Close it, saying why.
    Close {
        /// The issue.
        number: u64,
        /// The name.
        host: String,
        /// The closing comment.
        comment: String,
    },
}

impl Action {
    /// One line for the run's output, in `lang`.
    pub fn line(&self, lang: Lang) -> String {
        match self {
            Action::Open { host, .. } => lang.pick(format!("buka {host}"), format!("open {host}")),
            Action::Update { number, host, .. } => lang.pick(
                format!("perbarui #{number} {host}"),
                format!("update #{number} {host}"),
            ),
            Action::Unchanged { number, host } => lang.pick(
                format!("tetap #{number} {host}"),
                format!("unchanged #{number} {host}"),
            ),
            Action::Close { number, host, .. } => lang.pick(
                format!("tutup #{number} {host}"),
                format!("close #{number} {host}"),
            ),
        }
    }
}

/// What brings `issues` (the open issues with [`LABEL`]) in line with
/// `record`: a name with findings gets its issue opened or updated; loket's
/// issue of a name found clean, or no longer audited, is closed, and so
/// is a duplicate. `people` gives who handles a name; `assignable` says
/// whom GitHub can assign (the others are mentioned in the body).
pub fn plan(
    record: &Record,
    issues: &[Issue],
    people: impl Fn(Option<&str>) -> Vec<String>,
    assignable: impl Fn(&str) -> bool,
) -> Vec<Action> {
    let (ours, duplicates) = ours(issues);
    let date = record.checked_at.format("%Y-%m-%d");
    let mut actions = Vec::new();
    for name in &record.names {
        let existing = ours.get(name.host.as_str());
        if name.ok {
            if let Some(issue) = existing {
                actions.push(Action::Close {
                    number: issue.number,
                    host: name.host.clone(),
                    comment: text(&format!(
                        "Audit {date}: tidak ada temuan lagi pada nama ini. Issue ditutup."
                    )),
                });
            }
            continue;
        }
        let all = people(name.agency.as_deref());
        let (mut assignees, mut mentioned): (Vec<String>, Vec<String>) =
            all.into_iter().partition(|p| assignable(p));
        mentioned.extend(assignees.split_off(assignees.len().min(MAX_ASSIGNEES)));
        let fresh = body(name, &mentioned);
        match existing {
            Some(issue) => {
                let new = security::carry(&fresh, Some(&issue.body));
                actions.push(if new == issue.body {
                    Action::Unchanged {
                        number: issue.number,
                        host: name.host.clone(),
                    }
                } else {
                    Action::Update {
                        number: issue.number,
                        host: name.host.clone(),
                        body: new,
                    }
                });
            }
            None => actions.push(Action::Open {
                host: name.host.clone(),
                title: title(&name.host),
                body: security::carry(&fresh, None),
                assignees,
            }),
        }
    }
    for (host, issue) in &ours {
        if !record.names.iter().any(|n| n.host == *host) {
            actions.push(Action::Close {
                number: issue.number,
                host: host.to_string(),
                comment: text(&format!(
                    "Audit {date}: nama ini tidak lagi diaudit (tidak terdaftar atau tidak melayani web). Issue ditutup."
                )),
            });
        }
    }
    for issue in duplicates {
        let host = issue.host().unwrap_or_default().to_string();
        let first = ours.get(host.as_str()).map_or(0, |i| i.number);
        actions.push(Action::Close {
            number: issue.number,
            host,
            comment: text(&format!("Duplikat dari issue nomor {first}.")),
        });
    }
    actions
}

/// Brings the open audit issues in line with `record`: reads them (and
/// whom GitHub can assign) through `client`, [`plan`]s, and carries each
/// action out unless `dry_run`, telling `say` a line per action first (in
/// `lang`).
/// Without a client, as if the repository had no audit issue, nothing
/// written. The whole list of open issues is read before anything is
/// written.
pub fn bring_in_line(
    client: Option<&Client>,
    config: &Config,
    record: &Record,
    dry_run: bool,
    lang: Lang,
    say: &mut dyn FnMut(&str),
) -> Result<(), GitHubError> {
    let (open, assignable) = match client {
        Some(c) => (c.audit_issues(LABEL)?, c.assignees()?),
        None => (Vec::new(), Vec::new()),
    };
    let plan = plan(
        record,
        &open,
        |agency| people(config, agency),
        |login| assignable.iter().any(|a| a == login),
    );
    for action in &plan {
        say(&action.line(lang));
        if let Some(client) = client.filter(|_| !dry_run)
            && let Some(number) = client.carry_out(action)?
        {
            say(&lang.pick(format!("  dibuka #{number}"), format!("  opened #{number}")));
        }
    }
    if plan.is_empty() {
        say(lang.pick(
            "tidak ada issue audit yang dibuka atau ditutup",
            "no audit issue to open or close",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::record::{Found, Http, Https};

    fn checked(host: &str, findings: &[(&str, &str)]) -> Checked {
        Checked {
            host: host.into(),
            agency: Some("dinas-x".into()),
            request: Some("2026-0001".into()),
            ok: findings.is_empty(),
            reachable: true,
            https: Https {
                status: Some(200),
                tls: None,
            },
            http: Http { status: Some(200) },
            findings: findings
                .iter()
                .map(|(code, message)| Found {
                    code: code.to_string(),
                    error: true,
                    message: message.to_string(),
                    detail: serde_json::Value::Null,
                })
                .collect(),
        }
    }

    fn record(names: Vec<Checked>) -> Record {
        Record {
            ok: names.iter().all(|n| n.ok),
            checked_at: "2026-11-20T03:00:00Z".parse().expect("time"),
            names,
        }
    }

    fn issue(number: u64, host: &str, author: &str, body_text: &str) -> Issue {
        Issue {
            number,
            body: format!("{}\n{body_text}", marker(host)),
            author: Some(author.into()),
        }
    }

    fn plan_of(record: &Record, issues: &[Issue]) -> Vec<Action> {
        plan(
            record,
            issues,
            |_| vec!["op-a".into(), "petugas-b".into()],
            |p| p == "petugas-b",
        )
    }

    #[test]
    fn a_new_finding_opens_an_issue_assigned_to_whom_github_can_assign() {
        let r = record(vec![
            checked("a.x.go.id", &[("gambling", "konten judi online")]),
            checked("b.x.go.id", &[]),
        ]);
        let actions = plan_of(&r, &[]);
        assert_eq!(actions.len(), 1);
        let Action::Open {
            host,
            title,
            body,
            assignees,
        } = &actions[0]
        else {
            panic!("{actions:?}")
        };
        assert_eq!(
            (host.as_str(), title.as_str()),
            ("a.x.go.id", "Audit situs: a.x.go.id")
        );
        assert_eq!(assignees, &["petugas-b".to_string()]);
        assert!(
            body.starts_with("<!-- loket:audit-web a.x.go.id -->\n"),
            "{body}"
        );
        assert!(body.contains("Mohon ditangani\\: @op-a\n"), "{body}");
        assert!(body.trim_end().ends_with(security::HEADER), "{body}");
    }

    #[test]
    fn the_same_finding_again_is_a_no_op_and_a_changed_one_an_update() {
        let r = record(vec![checked("a.x.go.id", &[("gambling", "judi")])]);
        let Action::Open { body, .. } = plan_of(&r, &[]).remove(0) else {
            panic!()
        };
        let open = Issue {
            number: 4,
            body,
            author: Some("github-actions[bot]".into()),
        };
        assert_eq!(
            plan_of(&r, std::slice::from_ref(&open)),
            vec![Action::Unchanged {
                number: 4,
                host: "a.x.go.id".into()
            }]
        );
        let r2 = record(vec![checked("a.x.go.id", &[("cloaking", "judi")])]);
        assert!(matches!(
            &plan_of(&r2, &[open])[..],
            [Action::Update { number: 4, body, .. }] if body.contains("cloaking")
        ));
    }

    #[test]
    fn clean_gone_and_duplicate_issues_close_and_strangers_issues_are_ignored() {
        let r = record(vec![
            checked("a.x.go.id", &[]),
            checked("c.x.go.id", &[("timeout", "t")]),
        ]);
        let issues = [
            issue(3, "a.x.go.id", "github-actions[bot]", ""),
            issue(5, "gone.x.go.id", "github-actions", ""),
            issue(6, "gone.x.go.id", "github-actions[bot]", ""),
            // A stranger's issue with loket's marker is not the name's issue.
            issue(7, "c.x.go.id", "mallory", ""),
        ];
        let plan = plan_of(&r, &issues);
        let lines = |lang| plan.iter().map(|a| a.line(lang)).collect::<Vec<String>>();
        assert_eq!(
            lines(Lang::En),
            [
                "close #3 a.x.go.id",
                "open c.x.go.id",
                "close #5 gone.x.go.id",
                "close #6 gone.x.go.id"
            ]
        );
        assert_eq!(
            lines(Lang::Id),
            [
                "tutup #3 a.x.go.id",
                "buka c.x.go.id",
                "tutup #5 gone.x.go.id",
                "tutup #6 gone.x.go.id"
            ]
        );
    }

    #[test]
    fn what_a_server_sent_cannot_write_markdown_or_a_ledger_line() {
        let hostile = format!(
            "http://a/ dialihkan ke http://evil/\n{}\n<!-- loket:pemberitahuan-keamanan a.x.go.id gambling 2026-11-20T03:00:00Z email -->\n@everyone [klik](http://evil) {}",
            security::HEADER,
            "x".repeat(500)
        );
        let r = record(vec![checked("a.x.go.id", &[("off-domain", &hostile)])]);
        let Action::Open { body, .. } = plan_of(&r, &[]).remove(0) else {
            panic!()
        };
        assert!(
            security::split(&body).1.entries().next().is_none(),
            "{body}"
        );
        assert!(
            !body.contains("<!-- loket:pemberitahuan-keamanan a."),
            "{body}"
        );
        assert!(
            !body.contains("@everyone") && !body.contains("[klik]"),
            "{body}"
        );
        let line = body
            .lines()
            .find(|l| l.contains("off\\-domain"))
            .expect("line");
        assert!(line.chars().count() < 2 * MAX_VALUE_CHARS + 60, "{line}");
    }

    #[test]
    fn a_marker_names_only_a_plain_host() {
        assert_eq!(
            host_of("<!-- loket:audit-web a.b.go.id -->\nx"),
            Some("a.b.go.id")
        );
        for bad in [
            "x\n<!-- loket:audit-web a.b.go.id -->",
            "<!-- loket:audit-web A.b -->",
            "<!-- loket:audit-web a b -->",
            "<!-- loket:audit-web  -->",
        ] {
            assert_eq!(host_of(bad), None, "{bad}");
        }
    }
}
