//! `loket notify`: tell each requesting agency of its request's status
//! changes by email and the WhatsApp gateway, once each, recording every
//! notice in the pull request's loket comment right after it is sent;
//! only for requests attributed to the agency, only to its registered
//! contacts, at most `pemberitahuan.batas_harian` a day per agency.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::ExitCode;

use crate::audit_issue;
use crate::cli::NotifyArgs;
use crate::cmd::workspace::{PrContext, pull_request};
use crate::cmd::workspace::{configured, now};
use crate::cmd::{CmdError, github_client, step_summary};
use crate::comment::{MARKER, find};
use crate::diagnostic::Lang;
use crate::github::{Client, GitHub, GitHubError};
use crate::load::Instance;
use crate::model::Config;
use crate::notice::gateway::{self, Gateway};
use crate::notice::ledger::{attach, split};
use crate::notice::mail::{self, Mailer};
use crate::notice::security;
use crate::notice::text::{self, Facts, Message, NoticeView, SecurityView, Templates};
use crate::notice::{Change, Channel, Contact, Entry, Ledger, Sent, cap, changes, mask};
use crate::site::address::base_url;
use crate::snapshot::Snapshot;

/// Runs `loket notify`.
pub fn run(root: Option<&Path>, lang: Lang, args: NotifyArgs) -> Result<ExitCode, CmdError> {
    let env = |name: &str| std::env::var(name).ok();
    let smtp = mail::settings(env)?;
    let wa = gateway::settings(env)?;
    if args.apply && smtp.is_none() && wa.is_none() {
        println!(
            "no transport configured (LOKET_SMTP_HOST and LOKET_WA_URL are unset), nothing sent"
        );
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(path) = &args.audit {
        return security(root, &args, path, smtp.as_ref(), wa.as_ref());
    }
    let client = ledger_client(&args, "the pull requests' comments")?;
    let cx = PrContext::open(root, &args.github)?;
    let PrContext {
        instance, snapshot, ..
    } = &cx;
    let config = configured(instance)?;
    if let Some(n) = args.pr {
        pull_request(snapshot, n)?;
    }
    let now = now(args.now)?;
    let (all, calendar) = cx.timelines(now, lang)?;
    let since = now - chrono::Duration::days(i64::from(args.max_age));
    let (due, held) = changes(&all, since, |n| {
        args.pr.is_none_or(|p| p == n) && snapshot.pull_requests.iter().any(|p| p.number == n)
    });
    let templates = Templates::compile(&text::sources_with_overrides(
        &cx.root.join(text::OVERRIDE_DIR),
    )?)?;
    let (mut transports, channels) =
        Transports::set_up(config, args.apply, smtp.as_ref(), wa.as_ref())?;
    let job = Job {
        instance,
        config,
        snapshot,
        client: client.as_ref(),
        templates: &templates,
        calendar: &calendar,
        base_url: base_url(config, args.base_url.as_deref()),
    };
    let mut report = Report::default();
    let mut ledgers = match &client {
        Some(client) => read_ledgers(client, &counted_prs(&due, &all, snapshot, &calendar))?,
        None => BTreeMap::new(),
    };
    let sent = sent_by_day(&ledgers, &all, &calendar);
    let (due, capped) = cap(due, config.daily_notices(), &sent, |at| {
        calendar.local_date(at)
    });
    let mut held = held;
    held.extend(capped);
    held.sort_by_key(|(c, _)| (c.id, c.at));
    for (c, why) in &held {
        report.line(format!(
            "{} {} (#{}): {}",
            c.id,
            c.kind,
            c.pull_request,
            why.why()
        ));
    }
    let prs: std::collections::BTreeSet<u64> = due.iter().map(|c| c.pull_request).collect();
    for pr in prs {
        let mut ledger = ledgers.remove(&pr).unwrap_or_default();
        for change in due.iter().filter(|c| c.pull_request == pr) {
            let contact = job.contact(change)?;
            for &channel in &channels {
                job.one(
                    change,
                    channel,
                    &contact,
                    &mut ledger,
                    transports.as_mut(),
                    &mut report,
                )?;
            }
        }
    }
    report.finish(args.apply, client.is_some(), smtp.is_none() && wa.is_none())
}

/// The GitHub client that reads and writes the ledger (`--repo`); none in
/// a dry run without it; `--apply` needs it (the ledger lives in `place`).
fn ledger_client(args: &NotifyArgs, place: &str) -> Result<Option<Client>, CmdError> {
    match (args.github.repo.as_deref(), args.apply) {
        (Some(repo), _) => Ok(Some(github_client(repo, &args.github.api.api)?)),
        (None, true) => Err(CmdError::usage(
            format!("--apply needs --repo: the ledger of notices sent lives in {place}"),
            None,
        )),
        (None, false) => Ok(None),
    }
}

/// The pull requests whose ledgers say what the agencies of `due` were
/// sent on the days of their changes: those with a change due, and every
/// other pull request of those agencies that is open (a reopened one hides
/// what its closing was sent) or moved on one of those days.
fn counted_prs(
    due: &[Change<'_>],
    all: &[crate::timeline::Timeline],
    snapshot: &Snapshot,
    calendar: &crate::calendar::Calendar,
) -> BTreeSet<u64> {
    let days: BTreeSet<(&str, chrono::NaiveDate)> = due
        .iter()
        .map(|c| (c.timeline.agency.as_str(), calendar.local_date(c.at)))
        .collect();
    let open = |n: u64| {
        snapshot
            .pull_requests
            .iter()
            .any(|p| p.number == n && p.state == crate::snapshot::PullState::Open)
    };
    let mut out: BTreeSet<u64> = due.iter().map(|c| c.pull_request).collect();
    for t in all {
        let Some(n) = t.pull_request else { continue };
        let agency_due = days.iter().any(|(a, _)| *a == t.agency);
        let moved = t
            .events
            .iter()
            .any(|e| days.contains(&(t.agency.as_str(), calendar.local_date(e.at))));
        if agency_due && (open(n) || moved) {
            out.insert(n);
        }
    }
    out
}

/// The ledger of each of `prs`, from its loket comment.
fn read_ledgers(client: &Client, prs: &BTreeSet<u64>) -> Result<BTreeMap<u64, Ledger>, CmdError> {
    let mut out = BTreeMap::new();
    for &pr in prs {
        let ledger = split(find(&client.comments(pr)?).map_or("", |c| &c.body)).1;
        out.insert(pr, ledger);
    }
    Ok(out)
}

/// The notices of `ledgers`, by agency and the institution's day of the change.
fn sent_by_day(
    ledgers: &BTreeMap<u64, Ledger>,
    all: &[crate::timeline::Timeline],
    calendar: &crate::calendar::Calendar,
) -> Sent {
    let mut sent = Sent::new();
    for (pr, ledger) in ledgers {
        let Some(agency) = all
            .iter()
            .find(|t| t.pull_request == Some(*pr))
            .map(|t| t.agency.clone())
        else {
            continue;
        };
        for e in ledger.entries() {
            sent.entry((agency.clone(), calendar.local_date(e.at)))
                .or_default()
                .insert((e.id, e.kind, e.at));
        }
    }
    sent
}

/// What every notice of a run shares.
struct Job<'a> {
    instance: &'a Instance,
    config: &'a Config,
    snapshot: &'a Snapshot,
    client: Option<&'a Client>,
    templates: &'a Templates,
    calendar: &'a crate::calendar::Calendar,
    base_url: String,
}

impl Job<'_> {
    /// The request's contact: from its file in the work tree, else read
    /// from the pull request's head as data.
    fn contact(&self, change: &Change<'_>) -> Result<Contact, CmdError> {
        let t = change.timeline;
        let agency = self
            .config
            .agencies
            .iter()
            .find(|a| a.id.as_str() == t.agency)
            .map(|a| &a.value);
        if let Some(loaded) = self
            .instance
            .requests
            .iter()
            .find(|r| r.file.path == t.path)
        {
            return Ok(match &loaded.tree {
                Some(tree) => Contact::of(tree, agency),
                None => Contact::unknown("the request file is not valid YAML"),
            });
        }
        let head = self
            .snapshot
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
        Ok(match text.and_then(|text| crate::yaml::parse(&text).ok()) {
            Some(tree) => Contact::of(&tree, agency),
            None => Contact::unknown("the request file cannot be read at the pull request's head"),
        })
    }

    /// What goes out for `change` over `channel` to `address`.
    fn payload(
        &self,
        change: &Change<'_>,
        channel: Channel,
        address: &str,
    ) -> Result<Payload, String> {
        let view = self.view(change);
        let message = self.templates.message(&view).map_err(|e| e.to_string())?;
        Ok(match channel {
            Channel::Email => {
                let at = change.at.format("%Y%m%dT%H%M%SZ");
                Payload::Email {
                    address: address.to_string(),
                    id: format!("loket.{}.{}.{at}", change.id, change.kind),
                    message,
                }
            }
            Channel::WhatsApp => Payload::WhatsApp(
                self.templates
                    .gateway_body(&view, &message, address)
                    .map_err(|e| e.to_string())?,
            ),
        })
    }

    /// The templates' view of the notice of `change`.
    fn view(&self, change: &Change<'_>) -> NoticeView {
        let pr_url = self
            .snapshot
            .repository
            .parse::<crate::github::RepoName>()
            .ok()
            .map(|repo| {
                let server = std::env::var("GITHUB_SERVER_URL")
                    .ok()
                    .filter(|s| s.starts_with("https://"))
                    .unwrap_or_else(|| "https://github.com".into());
                format!(
                    "{}/{repo}/pull/{}",
                    server.trim_end_matches('/'),
                    change.pull_request
                )
            });
        NoticeView::new(&Facts {
            change,
            config: self.config,
            service: change
                .timeline
                .service
                .as_deref()
                .and_then(|s| self.instance.service(s)),
            calendar: self.calendar,
            base_url: &self.base_url,
            pr_url: pr_url.as_deref(),
        })
    }

    /// Plans, or sends and records, one notice over one channel.
    fn one(
        &self,
        change: &Change<'_>,
        channel: Channel,
        contact: &Contact,
        ledger: &mut Ledger,
        transports: Option<&mut Transports>,
        report: &mut Report,
    ) -> Result<(), CmdError> {
        let entry = change.entry(channel);
        let what = format!(
            "{} {} (#{}) → {channel}",
            change.id, change.kind, change.pull_request
        );
        if ledger.contains(&entry) {
            report.line(format!("{what}: sent before"));
            return Ok(());
        }
        let address = match contact.address(channel) {
            Ok(a) => a,
            Err(why) => {
                report.line(format!("{what}: not sent: {why}"));
                return Ok(());
            }
        };
        let what = format!("{what} {}", mask(channel, address));
        let Some(transports) = transports else {
            report.planned += 1;
            report.line(what);
            return Ok(());
        };
        let sent = self
            .payload(change, channel, address)
            .and_then(|p| transports.send(&p));
        match sent {
            Ok(()) => {
                if let Some(client) = self.client {
                    record(client, change.pull_request, entry).inspect_err(|_| {
                        report.line(format!(
                            "{what}: sent, but not recorded in the ledger: it may be sent again"
                        ));
                    })?;
                }
                ledger.insert(entry);
                report.sent += 1;
                report.line(format!("{what}: sent"));
            }
            Err(e) => {
                report.line(format!("{what}: not sent: {e}"));
                report.failed.push(format!("{what}: {e}"));
            }
        }
        Ok(())
    }
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

/// The configured transports of a run with `--apply`.
struct Transports {
    mailer: Option<Mailer>,
    gateway: Option<Gateway>,
    /// The login, tried once before the first email.
    login: Option<Result<(), String>>,
}

impl Transports {
    /// The transports of a run (with --apply) and the channels it plans
    /// or sends on: email (always in a dry run) and WhatsApp when set.
    fn set_up(
        config: &Config,
        apply: bool,
        smtp: Option<&mail::Settings>,
        wa: Option<&gateway::Settings>,
    ) -> Result<(Option<Transports>, Vec<Channel>), CmdError> {
        let transports = if apply {
            let hello = config.institution.domain.value.as_str();
            let reply_to = config.institution.email.as_ref().map(|e| e.value.as_str());
            Some(Transports {
                mailer: smtp.map(|s| Mailer::new(s, hello, reply_to)).transpose()?,
                gateway: wa.cloned().map(Gateway::new).transpose()?,
                login: None,
            })
        } else {
            None
        };
        let channels = [
            (Channel::Email, smtp.is_some() || !apply),
            (Channel::WhatsApp, wa.is_some()),
        ]
        .into_iter()
        .filter_map(|(c, on)| on.then_some(c))
        .collect();
        Ok((transports, channels))
    }

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

/// What a run did, printed as it goes and summed up at the end.
#[derive(Default)]
struct Report {
    planned: usize,
    sent: usize,
    failed: Vec<String>,
    lines: Vec<String>,
}

impl Report {
    fn line(&mut self, line: String) {
        println!("{line}");
        self.lines.push(line);
    }

    fn finish(
        self,
        apply: bool,
        ledger_read: bool,
        no_transport: bool,
    ) -> Result<ExitCode, CmdError> {
        if self.lines.is_empty() {
            println!("nothing to send");
        }
        if !apply {
            if !ledger_read {
                println!(
                    "(the ledger was not read: without --repo, notices sent before are listed too)"
                );
            }
            if no_transport {
                println!("(no transport configured: LOKET_SMTP_HOST and LOKET_WA_URL are unset)");
            }
            if self.planned > 0 {
                println!("(dry run: pass --apply to send)");
            }
            return Ok(ExitCode::SUCCESS);
        }
        if !self.lines.is_empty() {
            let mut summary = String::from("### Pemberitahuan\n\n");
            for line in &self.lines {
                summary.push_str(&format!("- {line}\n"));
            }
            step_summary(&summary)?;
        }
        println!("{} sent, {} not sent", self.sent, self.failed.len());
        if self.failed.is_empty() {
            return Ok(ExitCode::SUCCESS);
        }
        eprintln!("error: {} notice(s) could not be sent:", self.failed.len());
        for f in &self.failed {
            eprintln!("  {f}");
        }
        Ok(ExitCode::from(1))
    }
}

/// `loket notify --audit FILE`: the security notices of a web audit. The
/// ledger is the last block of each name's audit issue, read afresh and
/// rewritten right after each notice goes out.
fn security(
    root: Option<&Path>,
    args: &NotifyArgs,
    path: &Path,
    smtp: Option<&mail::Settings>,
    wa: Option<&gateway::Settings>,
) -> Result<ExitCode, CmdError> {
    let record = crate::cmd::workspace::read_audit(path)?;
    let root = crate::cmd::instance_root(root)?;
    let instance = crate::load::load(&root)?;
    let config = configured(&instance)?;
    let client = ledger_client(args, "the audit issues")?;
    let (mut transports, channels) = Transports::set_up(config, args.apply, smtp, wa)?;
    let templates = Templates::compile(&text::sources_with_overrides(
        &root.join(text::OVERRIDE_DIR),
    )?)?;
    let tz = crate::intake::time_zone(config).unwrap_or(chrono_tz::Asia::Jakarta);
    let local_date = |t: chrono::DateTime<chrono::Utc>| t.with_timezone(&tz).date_naive();
    // Without --repo (a dry run), every name is taken to have an empty
    // issue, so the plan shows what a first run would send.
    let issues: BTreeMap<String, (u64, security::Ledger)> = match &client {
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
        &record,
        &issues,
        &channels,
        config.daily_notices(),
        local_date,
    );
    let mut report = Report::default();
    for (host, why) in skipped {
        report.line(format!("{host} {}: {}", security::KIND, why.why()));
    }
    let date = local_date(record.checked_at);
    for d in &due {
        let agency = config.agencies.iter().find(|a| a.id.as_str() == d.agency);
        let contact = instance
            .requests
            .iter()
            .find(|r| {
                r.name
                    .as_ref()
                    .is_some_and(|n| n.id.to_string() == d.request)
            })
            .map_or_else(
                || {
                    Contact::unknown(
                        "the request that last changed the name is not in the work tree",
                    )
                },
                |r| match &r.tree {
                    Some(tree) => Contact::of(tree, agency.map(|a| &a.value)),
                    None => Contact::unknown("the request file is not valid YAML"),
                },
            );
        let issue_url = args
            .github
            .repo
            .as_deref()
            .filter(|_| d.issue > 0)
            .map(|repo| {
                let server = std::env::var("GITHUB_SERVER_URL")
                    .ok()
                    .filter(|s| s.starts_with("https://"))
                    .unwrap_or_else(|| "https://github.com".into());
                format!("{}/{repo}/issues/{}", server.trim_end_matches('/'), d.issue)
            });
        for &channel in &channels {
            let ledger = &issues
                .get(d.host)
                .map(|(_, l)| l.clone())
                .unwrap_or_default();
            let codes: Vec<&str> = d
                .codes
                .iter()
                .copied()
                .filter(|c| !ledger.sent(d.host, c, channel))
                .collect();
            let what = format!("{} {} (#{}) → {channel}", d.host, security::KIND, d.issue);
            if codes.is_empty() {
                report.line(format!("{what}: sent before"));
                continue;
            }
            let address = match contact.address(channel) {
                Ok(a) => a,
                Err(why) => {
                    report.line(format!("{what}: not sent: {why}"));
                    continue;
                }
            };
            let what = format!("{what} {} [{}]", mask(channel, address), codes.join(", "));
            let Some(transports) = transports.as_mut() else {
                report.planned += 1;
                report.line(what);
                continue;
            };
            let view = SecurityView::new(config, d.host, d.agency, date, &codes, issue_url.clone());
            let payload = templates
                .security(&view)
                .map_err(|e| e.to_string())
                .and_then(|message| {
                    Ok(match channel {
                        Channel::Email => Payload::Email {
                            address: address.to_string(),
                            id: format!(
                                "loket.{}.{}.{}",
                                d.host,
                                security::KIND,
                                record.checked_at.format("%Y%m%dT%H%M%SZ")
                            ),
                            message,
                        },
                        Channel::WhatsApp => Payload::WhatsApp(
                            templates
                                .security_gateway_body(&view, &message, address)
                                .map_err(|e| e.to_string())?,
                        ),
                    })
                });
            match payload.and_then(|p| transports.send(&p)) {
                Ok(()) => {
                    if let Some(client) = &client {
                        record_security(
                            client,
                            d.issue,
                            d.host,
                            &codes,
                            record.checked_at,
                            channel,
                        )
                        .inspect_err(|_| {
                            report.line(format!(
                                "{what}: sent, but not recorded in the ledger: it may be sent again"
                            ));
                        })?;
                    }
                    report.sent += 1;
                    report.line(format!("{what}: sent"));
                }
                Err(e) => {
                    report.line(format!("{what}: not sent: {e}"));
                    report.failed.push(format!("{what}: {e}"));
                }
            }
        }
    }
    report.finish(args.apply, client.is_some(), smtp.is_none() && wa.is_none())
}

/// Adds the entries of `codes` to the ledger of audit issue `number`, read
/// afresh; refuses an issue that is no longer loket's issue of `host`.
fn record_security(
    client: &Client,
    number: u64,
    host: &str,
    codes: &[&str],
    at: chrono::DateTime<chrono::Utc>,
    channel: Channel,
) -> Result<(), CmdError> {
    let open = client.audit_issues(audit_issue::LABEL)?;
    let (ours, _) = audit_issue::ours(&open);
    let Some(issue) = ours.get(host).filter(|i| i.number == number) else {
        return Err(CmdError::usage(
            format!("audit issue #{number} of {host} is gone: the notice cannot be recorded"),
            None,
        ));
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
