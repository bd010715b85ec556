//! What a command opens once per run and asks of the instance: its root
//! and loaded files, the validated configuration, the clock (`--now`,
//! `--today`, `SOURCE_DATE_EPOCH`), the snapshot (a file or GitHub), a
//! pull request's context, the calendar, and every request's timeline.
//! Commands share these through here and import no other command.

use std::cell::{OnceCell, RefCell};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};

use crate::cli::GithubArgs;
use crate::cmd::{CmdError, github_client, instance_root};
use crate::github::snapshot::{self, PullRequest, Snapshot};
use crate::github::{fetch_pull_request, fetch_snapshot};
use crate::input::diagnostic::Lang;
use crate::input::load::{self, Instance};
use crate::model::{Config, Service};
use crate::report::human::one_line;
use crate::review::calendar::Calendar;
use crate::review::timeline::Timeline;
use crate::review::{history, order};
use crate::validate::registry::MergeOrder;
use crate::validate::{Change, scope};

/// One run of loket: where it works, in which language, and what it has
/// read so far. `cmd::run` opens it once from the global flags; a command
/// asks it for what it needs, and each part is read on first use and kept,
/// so no command loads the instance twice or finds its root its own way.
pub(super) struct Workspace {
    flag: Option<PathBuf>,
    /// The language of everything the run prints.
    pub lang: Lang,
    root: OnceCell<PathBuf>,
    instance: OnceCell<Instance>,
    timings: RefCell<Timings>,
}

impl Workspace {
    /// The run's workspace: `--root` as given (or none) and `--lang`.
    /// Nothing is read yet.
    pub(super) fn new(root: Option<&Path>, lang: Lang) -> Workspace {
        Workspace {
            flag: root.map(Path::to_path_buf),
            lang,
            root: OnceCell::new(),
            instance: OnceCell::new(),
            timings: RefCell::new(Timings::from_env()),
        }
    }

    /// `--root` as given, for the commands that also run outside an
    /// instance.
    pub(super) fn root_flag(&self) -> Option<&Path> {
        self.flag.as_deref()
    }

    /// The instance root: `--root`, or the nearest directory holding
    /// `loket.yaml` from the working directory up.
    pub(super) fn root(&self) -> Result<&Path, CmdError> {
        if let Some(root) = self.root.get() {
            return Ok(root);
        }
        let root = instance_root(self.root_flag())?;
        Ok(self.root.get_or_init(|| root))
    }

    /// The loaded instance.
    pub(super) fn instance(&self) -> Result<&Instance, CmdError> {
        if let Some(instance) = self.instance.get() {
            return Ok(instance);
        }
        let instance = load::load(self.root()?)?;
        self.lap("load");
        Ok(self.instance.get_or_init(|| instance))
    }

    /// The instance, loaded while history is read for the requests that
    /// the pull request's request files `focus` contend with (see
    /// [`order::load_around`]), and where those entered `main`.
    pub(super) fn instance_around(
        &self,
        focus: &BTreeSet<String>,
    ) -> Result<(&Instance, MergeOrder), CmdError> {
        let (instance, order) = order::load_around(self.root()?, focus)?;
        self.lap("load+order");
        Ok((
            self.instance.get_or_init(|| instance),
            warned(order, self.lang),
        ))
    }

    /// Where the instance's contested requests entered `main` at `HEAD`
    /// (see [`merge_order`]).
    pub(super) fn merge_order(&self) -> Result<MergeOrder, CmdError> {
        merge_order(self.root()?, "HEAD", self.instance()?, self.lang)
    }

    /// The validated configuration, or a usage error when `loket.yaml` is
    /// broken.
    pub(super) fn config(&self) -> Result<&Config, CmdError> {
        configured(self.instance()?)
    }

    /// Today in the institution's time zone (see [`today`]).
    pub(super) fn today(&self, flag: Option<NaiveDate>) -> Result<NaiveDate, CmdError> {
        today(flag, self.instance()?.config.as_ref())
    }

    /// The snapshot file at `path`, checked against the work tree.
    pub(super) fn snapshot(&self, path: &Path) -> Result<Snapshot, CmdError> {
        read_snapshot(self.root()?, path)
    }

    /// The snapshot of `--snapshot`, or read from GitHub (`--repo`): every
    /// pull request, or `only` that one (a few calls, whatever the size of
    /// the repository).
    pub(super) fn snapshot_from(
        &self,
        github: &GithubArgs,
        only: Option<u64>,
    ) -> Result<Snapshot, CmdError> {
        snapshot_for(
            self.root()?,
            github.snapshot.as_deref(),
            github.repo.as_deref(),
            &github.api.api,
            only,
        )
    }

    /// The instance's calendar; a broken `kalender.yaml` is an error.
    pub(super) fn calendar(&self) -> Result<Calendar, CmdError> {
        calendar_for(self.root()?, Some(self.config()?), self.lang)
    }

    /// Every request's timeline at `now`, with the calendar they were
    /// counted in (see [`timelines`]).
    pub(super) fn timelines(
        &self,
        snapshot: Option<&Snapshot>,
        now: DateTime<Utc>,
    ) -> Result<(Vec<Timeline>, Calendar), CmdError> {
        timelines(
            self.root()?,
            self.instance()?,
            self.config()?,
            snapshot,
            now,
            self.lang,
            &mut self.timings.borrow_mut(),
        )
    }

    /// The given paths as `/`-separated paths relative to the root.
    pub(super) fn relative(&self, paths: &[PathBuf]) -> Result<Vec<String>, CmdError> {
        let root = self.root()?;
        paths
            .iter()
            .map(|p| {
                let abs = std::path::absolute(p).map_err(|source| CmdError::Read {
                    path: p.clone(),
                    source,
                })?;
                if !abs.exists() {
                    return Err(CmdError::usage(
                        format!("{} does not exist", p.display()),
                        None,
                    ));
                }
                let rel = abs.strip_prefix(root).map_err(|_| {
                    CmdError::usage(
                        format!(
                            "{} is outside the instance at {}",
                            p.display(),
                            root.display()
                        ),
                        "pass paths inside the instance, or --root".to_string(),
                    )
                })?;
                Ok(rel
                    .components()
                    .filter(|c| !matches!(c, std::path::Component::CurDir))
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/"))
            })
            .collect()
    }

    /// Marks the end of a phase for `LOKET_TIMINGS`.
    pub(super) fn lap(&self, phase: &str) {
        self.timings.borrow_mut().lap(phase);
    }
}

/// Where the requests of `instance` (loaded at `root` as it is at `rev`)
/// entered `main` (see [`order::contested`]), with a warning in `lang`
/// when a shallow clone makes the order approximate.
pub(super) fn merge_order(
    root: &Path,
    rev: &str,
    instance: &Instance,
    lang: Lang,
) -> Result<MergeOrder, CmdError> {
    Ok(warned(order::contested(root, rev, instance)?, lang))
}

/// `order`, said on standard error to be approximate when it is.
fn warned(order: MergeOrder, lang: Lang) -> MergeOrder {
    if order.approximate() {
        eprintln!(
            "{}",
            lang.pick(
                "peringatan: klon ini dangkal (shallow): permohonan yang digabung sebelum \
                 commit tertuanya diurutkan menurut nomor permohonan; ambil seluruh riwayat \
                 (actions/checkout dengan fetch-depth: 0)",
                "warning: the clone is shallow: requests merged before its oldest commit are \
                 folded in request-id order; fetch the full history (actions/checkout with \
                 fetch-depth: 0)",
            )
        );
    }
    order
}

/// The configuration, or a usage error when `loket.yaml` is broken.
pub(super) fn configured(instance: &load::Instance) -> Result<&Config, CmdError> {
    instance.config.as_ref().ok_or_else(|| {
        CmdError::usage(
            "loket.yaml is broken",
            "run `loket check` to see what is wrong".to_string(),
        )
    })
}

/// Every request's timeline (and the calendar they were counted in), from
/// the git history of HEAD and, when given, a snapshot.
pub(super) fn timelines(
    root: &Path,
    instance: &Instance,
    config: &Config,
    snapshot: Option<&Snapshot>,
    now: DateTime<Utc>,
    lang: Lang,
    timings: &mut Timings,
) -> Result<(Vec<Timeline>, Calendar), CmdError> {
    let calendar = calendar_for(root, Some(config), lang)?;
    timings.lap("calendar");
    let history = match history::read(root, "HEAD") {
        Ok(h) => Some(h),
        Err(e) => {
            eprintln!("warning: {e}");
            None
        }
    };
    timings.lap("history");
    let timelines =
        crate::review::timelines::all(instance, config, history.as_ref(), snapshot, &calendar, now);
    timings.lap("timelines");
    Ok((timelines, calendar))
}

/// The calendar of the instance at `root` (or the nearest one), or the
/// shipped one when there is no instance.
pub(super) fn instance_calendar(root: Option<&Path>, lang: Lang) -> Result<Calendar, CmdError> {
    match instance_root(root) {
        Ok(root) => {
            let instance = load::load(&root)?;
            calendar_for(&root, instance.config.as_ref(), lang)
        }
        Err(_) if root.is_none() => calendar_for(Path::new("/nonexistent"), None, lang),
        Err(e) => Err(e),
    }
}

/// The calendar of an instance whose `loket.yaml` is already loaded; a
/// broken `kalender.yaml` is a usage error listing its findings.
fn calendar_for(root: &Path, config: Option<&Config>, lang: Lang) -> Result<Calendar, CmdError> {
    let (calendar, findings) = load::load_calendar(root, config);
    if findings.is_empty() {
        return Ok(calendar);
    }
    let listed: String = findings.iter().map(|d| one_line(d, lang)).collect();
    Err(CmdError::usage(
        format!("the calendar is broken:\n{}", listed.trim_end()),
        None,
    ))
}

/// Reads and checks a snapshot file.
pub(super) fn read_snapshot(root: &Path, path: &Path) -> Result<Snapshot, CmdError> {
    let shown = path.display().to_string();
    let text = read(path)?;
    let snap = snapshot::parse(&text, &shown)?;
    snapshot::check_files(&snap, &shown, |f| root.join(f).is_file())?;
    Ok(snap)
}

/// `SOURCE_DATE_EPOCH`, the one place it is read: the time a reproducible
/// build fixes (reproducible-builds.org's specification). Unset or empty:
/// none; anything but a number of seconds since 1970 is an error, as the
/// specification asks, never silently the clock.
fn source_date_epoch() -> Result<Option<DateTime<Utc>>, CmdError> {
    epoch_of(std::env::var("SOURCE_DATE_EPOCH").ok().as_deref())
}

fn epoch_of(text: Option<&str>) -> Result<Option<DateTime<Utc>>, CmdError> {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    text.parse::<i64>()
        .ok()
        .and_then(|s| DateTime::from_timestamp(s, 0))
        .map(Some)
        .ok_or_else(|| {
            CmdError::usage(
                format!("SOURCE_DATE_EPOCH={text} is not a number of seconds since 1970"),
                Some("set it to e.g. $(git log -1 --format=%ct), or unset it".into()),
            )
        })
}

/// `--now`, else `SOURCE_DATE_EPOCH`, else the clock.
pub(super) fn now(flag: Option<DateTime<Utc>>) -> Result<DateTime<Utc>, CmdError> {
    match flag {
        Some(now) => Ok(now),
        None => Ok(source_date_epoch()?.unwrap_or_else(Utc::now)),
    }
}

/// The date a build stamps on what it prints (the PDFs): like [`now`],
/// but `SOURCE_DATE_EPOCH` comes first, so a reproducible build stays
/// reproducible whatever `--now` it is given.
pub(super) fn build_date(flag: Option<DateTime<Utc>>) -> Result<DateTime<Utc>, CmdError> {
    match source_date_epoch()? {
        Some(epoch) => Ok(epoch),
        None => now(flag),
    }
}

/// GitHub's web address for links, without a final slash:
/// `GITHUB_SERVER_URL` (set by Actions) when it is https, else GitHub's.
pub(super) fn github_server() -> String {
    std::env::var("GITHUB_SERVER_URL")
        .ok()
        .filter(|s| s.starts_with("https://"))
        .unwrap_or_else(|| "https://github.com".into())
        .trim_end_matches('/')
        .to_string()
}

/// Phase times on standard error when `LOKET_TIMINGS` is set (for `scripts/bench-status`).
pub(super) struct Timings(Option<std::time::Instant>);

impl Timings {
    /// On when `LOKET_TIMINGS` is set.
    pub(super) fn from_env() -> Self {
        Timings(std::env::var_os("LOKET_TIMINGS").map(|_| std::time::Instant::now()))
    }

    /// Prints the time since the last lap.
    pub(super) fn lap(&mut self, phase: &str) {
        if let Some(start) = self.0 {
            eprintln!(
                "timing {phase} {:.1} ms",
                start.elapsed().as_secs_f64() * 1000.0
            );
            self.0 = Some(std::time::Instant::now());
        }
    }
}

/// Today in the institution's time zone: `--today`, else
/// `SOURCE_DATE_EPOCH`, else the clock.
pub(super) fn today(
    flag: Option<NaiveDate>,
    config: Option<&Config>,
) -> Result<NaiveDate, CmdError> {
    if let Some(today) = flag {
        return Ok(today);
    }
    let tz: chrono_tz::Tz = config
        .and_then(|c| c.institution.time_zone.parse().ok())
        .unwrap_or(chrono_tz::Asia::Jakarta);
    Ok(now(None)?.with_timezone(&tz).date_naive())
}

/// The files of `--changed` arguments (a rename names two).
pub(super) fn changes(args: &[String]) -> Result<Vec<Change>, CmdError> {
    let mut out = Vec::new();
    for arg in args {
        out.extend(
            Change::parse_all(arg).map_err(|e| CmdError::usage(format!("--changed: {e}"), None))?,
        );
    }
    Ok(out)
}

/// The snapshot from `--snapshot`, or read from GitHub (`--repo`): every
/// pull request, or `only` that one.
fn snapshot_for(
    root: &Path,
    file: Option<&Path>,
    repo: Option<&str>,
    api: &str,
    only: Option<u64>,
) -> Result<Snapshot, CmdError> {
    match (file, repo) {
        (Some(file), _) => read_snapshot(root, file),
        (None, Some(repo)) => {
            let client = github_client(repo, api)?;
            Ok(match only {
                Some(number) => fetch_pull_request(&client, number, Utc::now())?,
                None => fetch_snapshot(&client, Utc::now(), None)?,
            })
        }
        (None, None) => Err(CmdError::usage(
            "no snapshot and no repository",
            "pass --snapshot FILE, or --repo OWNER/NAME with GITHUB_TOKEN set".to_string(),
        )),
    }
}

/// Pull request `number` of the snapshot.
pub(super) fn pull_request(snapshot: &Snapshot, number: u64) -> Result<&PullRequest, CmdError> {
    snapshot
        .pull_requests
        .iter()
        .find(|p| p.number == number)
        .ok_or_else(|| {
            CmdError::usage(
                format!("pull request #{number} is not in the snapshot"),
                "does it touch requests/?".to_string(),
            )
        })
}

/// The files `pr` changes: the snapshot's, completed and given their git
/// status by `--changed`.
pub(super) fn files(pr: &PullRequest, changed: &[String]) -> Result<Vec<Change>, CmdError> {
    let changed = changes(changed)?;
    Ok(scope::union(pr.files.iter().map(String::as_str), &changed))
}

/// The service of a request file: from the file when it is in the work
/// tree, else from the snapshot (read from the pull request's head).
pub(super) fn service_of<'i>(
    instance: &'i Instance,
    pr: &PullRequest,
    path: &str,
) -> Option<&'i Service> {
    let id = instance
        .request_at(path)
        .and_then(|r| r.request.as_ref())
        .map(|r| r.service.value.clone())
        .or_else(|| pr.service.clone())?;
    instance.service(&id)
}

/// The front desk's received time of a request file in the work tree
/// (`diterima`, read in the institution's time zone).
pub(super) fn received_of(instance: &Instance, path: &str) -> Option<chrono::DateTime<Utc>> {
    let config = instance.config.as_ref()?;
    let request = instance.request_at(path)?.request.as_ref()?;
    let text = &request.received.as_ref()?.value;
    crate::review::intake::parse_received(text, crate::review::intake::time_zone(config)?)
}

/// A report of `loket audit --web --format json`.
pub(super) fn read_audit(path: &Path) -> Result<crate::web::record::Record, CmdError> {
    let text = read(path)?;
    crate::web::record::Record::parse(&text).map_err(|e| {
        CmdError::usage(
            format!(
                "{}: not a report of `loket audit --web --format json`: {e}",
                path.display()
            ),
            None,
        )
    })
}

/// Reads the audit history `loket audit --web --history` kept.
pub(super) fn read_audit_history(path: &Path) -> Result<crate::web::history::History, CmdError> {
    crate::web::history::History::parse(&read(path)?).map_err(|source| CmdError::AuditHistory {
        path: path.to_path_buf(),
        source,
    })
}

/// The text of the file at `path`.
pub(super) fn read(path: &Path) -> Result<String, CmdError> {
    std::fs::read_to_string(path).map_err(|source| CmdError::Read {
        path: path.to_path_buf(),
        source,
    })
}

/// The text of the file at `path`, or none when there is no such file.
pub(super) fn read_if_present(path: &Path) -> Result<Option<String>, CmdError> {
    match read(path) {
        Err(CmdError::Read { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
            Ok(None)
        }
        read => read.map(Some),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `SOURCE_DATE_EPOCH` is a time when it is a number of seconds, none
    /// when unset or empty, and an error otherwise.
    #[test]
    fn source_date_epoch_is_seconds_or_an_error() {
        assert_eq!(epoch_of(None).ok(), Some(None));
        assert_eq!(epoch_of(Some(" ")).ok(), Some(None));
        assert_eq!(
            epoch_of(Some("1795400000")).ok().flatten(),
            DateTime::from_timestamp(1_795_400_000, 0)
        );
        let err = epoch_of(Some("kemarin")).expect_err("not seconds");
        assert!(
            err.to_string()
                .contains("SOURCE_DATE_EPOCH=kemarin is not a number of seconds since 1970"),
            "{err}"
        );
    }
}
