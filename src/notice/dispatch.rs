//! The notice dispatcher: plans, or sends and records, the notices of one
//! run of `loket notify`. An I/O edge: it reads and writes the ledgers on
//! GitHub (the pull requests' loket comments, the audit issues) and sends
//! through [`mail`] and [`gateway`]; what is due, capped and said comes
//! from the pure parts of [`crate::notice`] and [`text`]. It reads neither
//! the environment nor the clock and prints nothing: the command passes
//! the settings and the GitHub address in and prints the [`Report`].

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};

use crate::comment::{MARKER, find};
use crate::github::audit_issue;
use crate::github::snapshot::Snapshot;
use crate::github::{Client, GitHub, GitHubError};
use crate::input::diagnostic::Lang;
use crate::input::load::Instance;
use crate::model::Config;
use crate::notice::gateway::{self, Gateway, GatewayError};
use crate::notice::ledger::{attach, split};
use crate::notice::mail::{self, MailError, Mailer};
use crate::notice::security;
use crate::notice::text::{Facts, Message, NoticeView, SecurityView, Templates};
use crate::notice::{
    Change, Channel, Contact, Entry, Ledger, cap, changes, counted_prs, mask, sent_by_day,
};
use crate::review::calendar::Calendar;
use crate::review::timeline::Timeline;
use crate::site::SiteError;
use crate::web::record::Record;

/// Why the dispatcher could not do its job.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum DispatchError {
    /// A ledger could not be read or written on GitHub.
    #[error(transparent)]
    #[diagnostic(code(loket::github))]
    GitHub(#[from] GitHubError),
    /// Mail settings or the mail server refused.
    #[error(transparent)]
    #[diagnostic(
        code(loket::mail),
        help("see the LOKET_SMTP_* variables under Notices in README.md")
    )]
    Mail(#[from] MailError),
    /// WhatsApp gateway settings are wrong.
    #[error(transparent)]
    #[diagnostic(
        code(loket::gateway),
        help("see the LOKET_WA_* variables under Notices in README.md")
    )]
    Gateway(#[from] GatewayError),
    /// The notice templates cannot be compiled: their own code and help.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Template(#[from] SiteError),
    /// The audit issue that keeps a name's ledger was closed or changed
    /// hands while the notice went out.
    #[error("audit issue #{number} of {host} is gone: the notice cannot be recorded")]
    #[diagnostic(code(loket::usage))]
    IssueGone {
        /// The issue's number.
        number: u64,
        /// The name.
        host: String,
    },
}

/// The transports' settings, read from `LOKET_SMTP_*` and `LOKET_WA_*`.
#[derive(Debug, Default)]
pub(crate) struct Settings {
    /// Email, when `LOKET_SMTP_HOST` is set.
    pub smtp: Option<mail::Settings>,
    /// The WhatsApp gateway, when `LOKET_WA_URL` is set.
    pub wa: Option<gateway::Settings>,
}

impl Settings {
    /// The settings of the environment `env`.
    pub(crate) fn read(env: impl Fn(&str) -> Option<String>) -> Result<Settings, DispatchError> {
        Ok(Settings {
            smtp: mail::settings(&env)?,
            wa: gateway::settings(&env)?,
        })
    }

    /// Whether no transport is configured.
    pub(crate) fn is_empty(&self) -> bool {
        self.smtp.is_none() && self.wa.is_none()
    }
}

/// The channels a run plans or sends on, and with `--apply` the
/// transports that send.
pub(crate) struct Outbox {
    transports: Option<Transports>,
    channels: Vec<Channel>,
}

impl Outbox {
    /// The outbox of a run: email (always in a dry run) and WhatsApp when
    /// set; the transports connect only with `apply`.
    pub(crate) fn set_up(
        config: &Config,
        apply: bool,
        settings: &Settings,
    ) -> Result<Outbox, DispatchError> {
        let transports = if apply {
            let hello = config.institution.domain.value.as_str();
            let reply_to = config.institution.email.as_ref().map(|e| e.value.as_str());
            Some(Transports {
                mailer: settings
                    .smtp
                    .as_ref()
                    .map(|s| Mailer::new(s, hello, reply_to))
                    .transpose()?,
                gateway: settings.wa.clone().map(Gateway::new).transpose()?,
                login: None,
            })
        } else {
            None
        };
        let channels = [
            (Channel::Email, settings.smtp.is_some() || !apply),
            (Channel::WhatsApp, settings.wa.is_some()),
        ]
        .into_iter()
        .filter_map(|(c, on)| on.then_some(c))
        .collect();
        Ok(Outbox {
            transports,
            channels,
        })
    }
}

/// The configured transports of a run with `--apply`.
struct Transports {
    mailer: Option<Mailer>,
    gateway: Option<Gateway>,
    /// The login, tried once before the first email.
    login: Option<Result<(), String>>,
}

impl Transports {
    fn send(&mut self, payload: &Payload) -> Result<(), String> {
        match payload {
            Payload::Email {
                address,
                id,
                message,
            } => {
                let mailer = self.mailer.as_ref().ok_or("email is not configured")?;
                self.login
                    .get_or_insert_with(|| mailer.verify().map_err(|e| e.to_string()))
                    .clone()?;
                mailer
                    .send("", address, message, id)
                    .map_err(|e| e.to_string())
            }
            Payload::WhatsApp(body) => {
                let gateway = self.gateway.as_ref().ok_or("WhatsApp is not configured")?;
                gateway.send(body).map_err(|e| e.to_string())
            }
        }
    }
}

/// One notice, ready to go.
enum Payload {
    /// An email to `address`, with a Message-ID naming the notice.
    Email {
        address: String,
        id: String,
        message: Message,
    },
    /// The gateway's JSON body.
    WhatsApp(String),
}

impl Payload {
    /// The payload of `message` over `channel` to `address`: an email
    /// whose Message-ID is `id`, or the gateway's body `body` makes.
    fn of(
        channel: Channel,
        address: &str,
        id: String,
        message: Message,
        body: impl FnOnce(&Message) -> Result<String, SiteError>,
    ) -> Result<Payload, String> {
        Ok(match channel {
            Channel::Email => Payload::Email {
                address: address.to_string(),
                id,
                message,
            },
            Channel::WhatsApp => Payload::WhatsApp(body(&message).map_err(|e| e.to_string())?),
        })
    }
}

/// What a run did: each line handed to the printer as it happens, and
/// summed up at the end.
pub(crate) struct Report<'p> {
    /// Notices a dry run would send.
    pub planned: usize,
    /// Notices sent.
    pub sent: usize,
    /// Notices that could not be sent, with why.
    pub failed: Vec<String>,
    /// Every line of the run.
    pub lines: Vec<String>,
    /// The language of the lines.
    lang: Lang,
    print: Box<dyn FnMut(&str) + 'p>,
}

impl<'p> Report<'p> {
    /// An empty report handing each line, in `lang`, to `print`.
    pub(crate) fn new(lang: Lang, print: impl FnMut(&str) + 'p) -> Report<'p> {
        Report {
            planned: 0,
            sent: 0,
            failed: Vec::new(),
            lines: Vec::new(),
            lang,
            print: Box::new(print),
        }
    }

    fn line(&mut self, line: String) {
        (self.print)(&line);
        self.lines.push(line);
    }

    /// The run's lines for `$GITHUB_STEP_SUMMARY`: none when there were none.
    pub(crate) fn summary(&self) -> Option<String> {
        if self.lines.is_empty() {
            return None;
        }
        let title = self.lang.pick("Pemberitahuan", "Notices");
        let mut summary = format!("### {title}\n\n");
        for line in &self.lines {
            summary.push_str(&format!("- {line}\n"));
        }
        Some(summary)
    }

    /// The lines that close the run's output: nothing to send, what a dry
    /// run (`apply` false) did not do (read the ledger when
    /// `ledger_read` is false, send when `no_transport`), or the count of
    /// notices sent.
    pub(crate) fn closing(
        &self,
        apply: bool,
        ledger_read: bool,
        no_transport: bool,
    ) -> Vec<String> {
        let (lang, mut out) = (self.lang, Vec::new());
        if self.lines.is_empty() {
            out.push(
                lang.pick("tidak ada yang dikirim", "nothing to send")
                    .to_string(),
            );
        }
        if apply {
            let (sent, failed) = (self.sent, self.failed.len());
            out.push(lang.pick(
                format!("{sent} terkirim, {failed} tidak terkirim"),
                format!("{sent} sent, {failed} not sent"),
            ));
            return out;
        }
        let notes = [
            (
                !ledger_read,
                lang.pick(
                    "(catatan kiriman tidak dibaca: tanpa --repo, pemberitahuan yang sudah dikirim ikut tercantum)",
                    "(the ledger was not read: without --repo, notices sent before are listed too)",
                ),
            ),
            (
                no_transport,
                lang.pick(
                    "(tidak ada saluran pengiriman: LOKET_SMTP_HOST dan LOKET_WA_URL tidak diisi)",
                    "(no transport configured: LOKET_SMTP_HOST and LOKET_WA_URL are unset)",
                ),
            ),
            (
                self.planned > 0,
                lang.pick(
                    "(uji coba: tambahkan --apply untuk mengirim)",
                    "(dry run: pass --apply to send)",
                ),
            ),
        ];
        out.extend(
            notes
                .iter()
                .filter(|(on, _)| *on)
                .map(|(_, n)| n.to_string()),
        );
        out
    }

    /// Plans, or sends and records, one notice; true when it was sent.
    fn deliver(
        &mut self,
        notice: Notice<'_>,
        transports: Option<&mut Transports>,
        payload: impl FnOnce(&str) -> Result<Payload, String>,
        record: impl FnOnce() -> Result<(), DispatchError>,
    ) -> Result<bool, DispatchError> {
        let Notice {
            what,
            channel,
            sent_before,
            address,
            tail,
        } = notice;
        let lang = self.lang;
        if sent_before {
            let said = lang.pick("sudah dikirim sebelumnya", "sent before");
            self.line(format!("{what}: {said}"));
            return Ok(false);
        }
        let address = match address {
            Ok(a) => a,
            Err(why) => {
                let said = lang.pick("tidak dikirim", "not sent");
                self.line(format!("{what}: {said}: {why}"));
                return Ok(false);
            }
        };
        let what = format!("{what} {}{tail}", mask(channel, address));
        let Some(transports) = transports else {
            self.planned += 1;
            self.line(what);
            return Ok(false);
        };
        match payload(address).and_then(|p| transports.send(&p)) {
            Ok(()) => {
                record().inspect_err(|_| {
                    self.line(lang.pick(
                        format!("{what}: terkirim, tetapi tidak tercatat di catatan kiriman: mungkin dikirim lagi"),
                        format!("{what}: sent, but not recorded in the ledger: it may be sent again"),
                    ));
                })?;
                self.sent += 1;
                self.line(format!("{what}: {}", lang.pick("terkirim", "sent")));
                Ok(true)
            }
            Err(e) => {
                let said = lang.pick("tidak dikirim", "not sent");
                self.line(format!("{what}: {said}: {e}"));
                self.failed.push(format!("{what}: {e}"));
                Ok(false)
            }
        }
    }
}

/// One notice over one channel, as the report names it.
struct Notice<'a> {
    /// `what (#n) → channel`.
    what: String,
    channel: Channel,
    /// Whether the ledger holds it already.
    sent_before: bool,
    /// Where it goes, or why it cannot.
    address: Result<&'a str, &'a str>,
    /// Said after the masked address.
    tail: String,
}

/// What every notice of a run shares.
pub(crate) struct Job<'a> {
    instance: &'a Instance,
    config: &'a Config,
    /// Reads and writes the ledgers; none in a dry run without `--repo`.
    client: Option<&'a Client>,
    templates: &'a Templates,
    /// GitHub's web address (`https://github.com`), for links.
    server: String,
}

/// The status changes a run announces.
pub(crate) struct News<'a> {
    /// The snapshot of the pull requests.
    pub snapshot: &'a Snapshot,
    /// Every request's timeline.
    pub timelines: &'a [Timeline],
    /// The calendar they were counted in.
    pub calendar: &'a Calendar,
    /// The public site's address, for the status link.
    pub base_url: String,
    /// Changes before this are never announced.
    pub since: DateTime<Utc>,
    /// Only the requests of this pull request (`--pr`).
    pub only: Option<u64>,
}

impl<'a> Job<'a> {
    /// The job of a run on `instance` (configured as `config`), reading
    /// and writing the ledgers through `client` (none: a dry run that
    /// reads no ledger), saying what `templates` say, linking to GitHub at
    /// `server`.
    pub(crate) fn new(
        instance: &'a Instance,
        config: &'a Config,
        client: Option<&'a Client>,
        templates: &'a Templates,
        server: String,
    ) -> Job<'a> {
        Job {
            instance,
            config,
            client,
            templates,
            server,
        }
    }

    /// Plans, or sends and records, the notices of `news`: each due change
    /// within its agency's daily cap, once per channel.
    pub(crate) fn announce(
        &self,
        news: &News<'_>,
        outbox: &mut Outbox,
        report: &mut Report<'_>,
    ) -> Result<(), DispatchError> {
        let News {
            snapshot,
            timelines,
            calendar,
            ..
        } = news;
        let (due, mut held) = changes(timelines, news.since, |n| {
            news.only.is_none_or(|p| p == n) && snapshot.pull_requests.iter().any(|p| p.number == n)
        });
        let mut ledgers = match self.client {
            Some(client) => {
                read_ledgers(client, &counted_prs(&due, timelines, snapshot, calendar))?
            }
            None => BTreeMap::new(),
        };
        let sent = sent_by_day(&ledgers, timelines, calendar);
        let (due, capped) = cap(due, self.config.daily_notices(), &sent, |at| {
            calendar.local_date(at)
        });
        held.extend(capped);
        held.sort_by_key(|(c, _)| (c.id, c.at));
        for (c, why) in &held {
            report.line(format!(
                "{} {} (#{}): {}",
                c.id,
                c.kind,
                c.pull_request,
                why.why(report.lang)
            ));
        }
        let prs: BTreeSet<u64> = due.iter().map(|c| c.pull_request).collect();
        for pr in prs {
            let mut ledger = ledgers.remove(&pr).unwrap_or_default();
            for change in due.iter().filter(|c| c.pull_request == pr) {
                let contact = self.contact(change, snapshot)?;
                for &channel in &outbox.channels {
                    let entry = change.entry(channel);
                    let notice = Notice {
                        what: format!(
                            "{} {} (#{}) → {channel}",
                            change.id, change.kind, change.pull_request
                        ),
                        channel,
                        sent_before: ledger.contains(&entry),
                        address: contact.address(channel),
                        tail: String::new(),
                    };
                    let sent = report.deliver(
                        notice,
                        outbox.transports.as_mut(),
                        |address| self.payload(news, change, channel, address),
                        || match self.client {
                            Some(client) => Ok(record(client, change.pull_request, entry)?),
                            None => Ok(()),
                        },
                    )?;
                    if sent {
                        ledger.insert(entry);
                    }
                }
            }
        }
        Ok(())
    }

    /// The request's contact: from its file in the work tree, else read
    /// from the pull request's head as data.
    fn contact(&self, change: &Change<'_>, snapshot: &Snapshot) -> Result<Contact, DispatchError> {
        let t = change.timeline;
        let agency = self.agency(&t.agency);
        if let Some(loaded) = self.instance.request_at(&t.path) {
            return Ok(match &loaded.tree {
                Some(tree) => Contact::of(tree, agency),
                None => Contact::unknown("the request file is not valid YAML"),
            });
        }
        let head = snapshot
            .pull_requests
            .iter()
            .find(|p| p.number == change.pull_request)
            .and_then(|p| p.commits.last())
            .map(|c| c.sha.clone());
        let (Some(client), Some(head)) = (self.client, head) else {
            return Ok(Contact::unknown("the request file is not in the work tree"));
        };
        let text = client
            .file_texts(&[(head, t.path.clone())])?
            .into_iter()
            .next()
            .flatten();
        Ok(
            match text.and_then(|text| crate::input::yaml::parse(&text).ok()) {
                Some(tree) => Contact::of(&tree, agency),
                None => {
                    Contact::unknown("the request file cannot be read at the pull request's head")
                }
            },
        )
    }

    /// The agency `id` of loket.yaml.
    fn agency(&self, id: &str) -> Option<&crate::model::config::Agency> {
        self.config
            .agencies
            .iter()
            .find(|a| a.id.as_str() == id)
            .map(|a| &a.value)
    }

    /// What goes out for `change` over `channel` to `address`.
    fn payload(
        &self,
        news: &News<'_>,
        change: &Change<'_>,
        channel: Channel,
        address: &str,
    ) -> Result<Payload, String> {
        let view = self.view(news, change);
        let message = self.templates.message(&view).map_err(|e| e.to_string())?;
        let at = change.at.format("%Y%m%dT%H%M%SZ");
        let id = format!("loket.{}.{}.{at}", change.id, change.kind);
        Payload::of(channel, address, id, message, |message| {
            self.templates.gateway_body(&view, message, address)
        })
    }

    /// The templates' view of the notice of `change`.
    fn view(&self, news: &News<'_>, change: &Change<'_>) -> NoticeView {
        let pr_url = news
            .snapshot
            .repository
            .parse::<crate::github::RepoName>()
            .ok()
            .map(|repo| format!("{}/{repo}/pull/{}", self.server, change.pull_request));
        NoticeView::new(&Facts {
            change,
            config: self.config,
            service: change
                .timeline
                .service
                .as_deref()
                .and_then(|s| self.instance.service(s)),
            calendar: news.calendar,
            base_url: &news.base_url,
            pr_url: pr_url.as_deref(),
        })
    }

    /// Plans, or sends and records, the security notices of the web audit
    /// `record` (`loket notify --audit`). The ledger is the last block of
    /// each name's audit issue in `repo`, read afresh and rewritten right
    /// after each notice goes out.
    pub(crate) fn warn(
        &self,
        record: &Record,
        repo: Option<&str>,
        outbox: &mut Outbox,
        report: &mut Report<'_>,
    ) -> Result<(), DispatchError> {
        let tz = crate::review::intake::time_zone(self.config).unwrap_or(chrono_tz::Asia::Jakarta);
        let local_date = |t: DateTime<Utc>| t.with_timezone(&tz).date_naive();
        // Without --repo (a dry run), every name is taken to have an empty
        // issue, so the plan shows what a first run would send.
        let issues: BTreeMap<String, (u64, security::Ledger)> = match self.client {
            Some(client) => {
                let open = client.audit_issues(audit_issue::LABEL)?;
                let (ours, _) = audit_issue::ours(&open);
                ours.into_iter()
                    .map(|(host, i)| (host.to_string(), (i.number, security::split(&i.body).1)))
                    .collect()
            }
            None => record
                .names
                .iter()
                .map(|n| (n.host.clone(), (0, security::Ledger::default())))
                .collect(),
        };
        let (due, skipped) = security::due(
            record,
            &issues,
            &outbox.channels,
            self.config.daily_notices(),
            local_date,
        );
        for (host, why) in skipped {
            let why = why.why(report.lang);
            report.line(format!("{host} {}: {why}", security::KIND));
        }
        let date = local_date(record.checked_at);
        for d in &due {
            let contact = self.contact_of_name(d.request, d.agency);
            let issue_url = repo
                .filter(|_| d.issue > 0)
                .map(|repo| format!("{}/{repo}/issues/{}", self.server, d.issue));
            let ledger = issues
                .get(d.host)
                .map(|(_, l)| l.clone())
                .unwrap_or_default();
            for &channel in &outbox.channels {
                let codes: Vec<&str> = d
                    .codes
                    .iter()
                    .copied()
                    .filter(|c| !ledger.sent(d.host, c, channel))
                    .collect();
                let notice = Notice {
                    what: format!("{} {} (#{}) → {channel}", d.host, security::KIND, d.issue),
                    channel,
                    sent_before: codes.is_empty(),
                    address: contact.address(channel),
                    tail: format!(" [{}]", codes.join(", ")),
                };
                let id = format!(
                    "loket.{}.{}.{}",
                    d.host,
                    security::KIND,
                    record.checked_at.format("%Y%m%dT%H%M%SZ")
                );
                report.deliver(
                    notice,
                    outbox.transports.as_mut(),
                    |address| {
                        let view = SecurityView::new(
                            self.config,
                            d.host,
                            d.agency,
                            date,
                            &codes,
                            issue_url.clone(),
                        );
                        let message = self.templates.security(&view).map_err(|e| e.to_string())?;
                        Payload::of(channel, address, id, message, |message| {
                            self.templates
                                .security_gateway_body(&view, message, address)
                        })
                    },
                    || match self.client {
                        Some(client) => record_security(
                            client,
                            d.issue,
                            d.host,
                            &codes,
                            record.checked_at,
                            channel,
                        ),
                        None => Ok(()),
                    },
                )?;
            }
        }
        Ok(())
    }

    /// The contact of the request `request` that last changed a name of
    /// `agency`, from its file in the work tree.
    fn contact_of_name(&self, request: &str, agency: &str) -> Contact {
        self.instance
            .requests
            .iter()
            .find(|r| r.name.as_ref().is_some_and(|n| n.id.to_string() == request))
            .map_or_else(
                || {
                    Contact::unknown(
                        "the request that last changed the name is not in the work tree",
                    )
                },
                |r| match &r.tree {
                    Some(tree) => Contact::of(tree, self.agency(agency)),
                    None => Contact::unknown("the request file is not valid YAML"),
                },
            )
    }
}

/// The ledger of each of `prs`, from its loket comment.
fn read_ledgers(
    client: &Client,
    prs: &BTreeSet<u64>,
) -> Result<BTreeMap<u64, Ledger>, GitHubError> {
    let mut out = BTreeMap::new();
    for &pr in prs {
        let ledger = split(find(&client.comments(pr)?).map_or("", |c| &c.body)).1;
        out.insert(pr, ledger);
    }
    Ok(out)
}

/// Adds `entry` to the ledger in the pull request's loket comment, read
/// afresh (another run may have added to it), or starts the comment.
fn record(client: &Client, pr: u64, entry: Entry) -> Result<(), GitHubError> {
    let comments = client.comments(pr)?;
    match find(&comments) {
        Some(comment) => {
            let (text, mut ledger) = split(&comment.body);
            if ledger.insert(entry) {
                client.update_comment(comment.id, &attach(text, &ledger))?;
            }
            Ok(())
        }
        None => {
            let mut ledger = Ledger::default();
            ledger.insert(entry);
            client.create_comment(pr, &attach(MARKER, &ledger))
        }
    }
}

/// Adds the entries of `codes` to the ledger of audit issue `number`, read
/// afresh; refuses an issue that is no longer loket's issue of `host`.
fn record_security(
    client: &Client,
    number: u64,
    host: &str,
    codes: &[&str],
    at: DateTime<Utc>,
    channel: Channel,
) -> Result<(), DispatchError> {
    let open = client.audit_issues(audit_issue::LABEL)?;
    let (ours, _) = audit_issue::ours(&open);
    let Some(issue) = ours.get(host).filter(|i| i.number == number) else {
        return Err(DispatchError::IssueGone {
            number,
            host: host.to_string(),
        });
    };
    let (text, mut ledger) = security::split(&issue.body);
    let mut changed = false;
    for code in codes {
        if let Some(entry) = security::Entry::new(host, code, at, channel) {
            changed |= ledger.insert(entry);
        }
    }
    if changed {
        client.update_issue(number, &security::attach(text, &ledger))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A dry run says what it did not do; a run with `--apply` counts; an
    /// empty run says so either way.
    #[test]
    fn the_closing_lines_say_what_a_run_did_not_do() {
        let mut printed = Vec::new();
        let mut report = Report::new(Lang::En, |line| printed.push(line.to_string()));
        assert_eq!(
            report.closing(false, false, true),
            [
                "nothing to send",
                "(the ledger was not read: without --repo, notices sent before are listed too)",
                "(no transport configured: LOKET_SMTP_HOST and LOKET_WA_URL are unset)",
            ]
        );
        assert_eq!(report.summary(), None);
        report.planned += 1;
        report.line("2026-0003 diterima (#8) → email b***@tapinkab.go.id".into());
        assert_eq!(
            report.closing(false, true, false),
            ["(dry run: pass --apply to send)"]
        );
        report.failed.push("x".into());
        assert_eq!(report.closing(true, true, false), ["0 sent, 1 not sent"]);
        assert_eq!(
            report.summary().as_deref(),
            Some("### Notices\n\n- 2026-0003 diterima (#8) → email b***@tapinkab.go.id\n")
        );
        drop(report);
        assert_eq!(
            printed,
            ["2026-0003 diterima (#8) → email b***@tapinkab.go.id"]
        );
    }

    /// The same run in Indonesian, the default.
    #[test]
    fn the_closing_lines_are_indonesian_by_default() {
        let mut report = Report::new(Lang::Id, |_| {});
        assert_eq!(
            report.closing(false, false, true),
            [
                "tidak ada yang dikirim",
                "(catatan kiriman tidak dibaca: tanpa --repo, pemberitahuan yang sudah dikirim ikut tercantum)",
                "(tidak ada saluran pengiriman: LOKET_SMTP_HOST dan LOKET_WA_URL tidak diisi)",
            ]
        );
        report.planned += 1;
        report.line("2026-0003 diterima (#8) → email b***@tapinkab.go.id".into());
        assert_eq!(
            report.closing(false, true, false),
            ["(uji coba: tambahkan --apply untuk mengirim)"]
        );
        report.failed.push("x".into());
        assert_eq!(
            report.closing(true, true, false),
            ["0 terkirim, 1 tidak terkirim"]
        );
        assert_eq!(
            report.summary().as_deref(),
            Some("### Pemberitahuan\n\n- 2026-0003 diterima (#8) → email b***@tapinkab.go.id\n")
        );
    }
}
