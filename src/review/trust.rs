//! Whom loket believes. Every decision rests on facts GitHub records (who
//! added or removed a label, who opened a pull request, who wrote the
//! issue it closes, which app ran a check) read against `loket.yaml`'s
//! lists: officers (`petugas`), each agency's operators
//! (`perangkat_daerah[].operator`) and bots (`bot`). Nothing a pull
//! request writes counts. Pure.

use crate::github::snapshot::{Check, LabelEvent, PullRequest};
use crate::model::{Config, Handle};

/// The name of the check run of the trusted `check` workflow (its job's name).
pub const CHECK_NAME: &str = "loket check";
/// The GitHub App that runs workflows.
pub const CHECK_APP: &str = "github-actions";

/// Whether `check` is the `loket check` run of the trusted workflow: its
/// name and the app that ran it (GitHub Actions). A check of another name,
/// another app or no known app is someone else's and proves nothing.
pub fn trusted_check(check: &Check) -> bool {
    check.name == CHECK_NAME && check.app.as_deref() == Some(CHECK_APP)
}

fn handle(login: &str) -> Option<Handle> {
    login.parse().ok()
}

/// Whether `login` is an officer (`petugas`).
pub fn is_officer(config: &Config, login: &str) -> bool {
    handle(login).is_some_and(|h| config.officers.iter().any(|o| o.github.value == h))
}

/// Whether `login` is an officer holding `role`.
pub fn has_role(config: &Config, login: &str, role: &str) -> bool {
    handle(login).is_some_and(|h| {
        config
            .officers
            .iter()
            .any(|o| o.github.value == h && o.roles.iter().any(|r| r.as_str() == role))
    })
}

/// Whether `login` is an operator of `agency`.
pub fn is_operator(config: &Config, agency: &str, login: &str) -> bool {
    handle(login).is_some_and(|h| {
        config
            .agencies
            .iter()
            .find(|a| a.id.as_str() == agency)
            .is_some_and(|a| a.operators.iter().any(|o| o.value == h))
    })
}

/// Whether the gate attributes `pr` to `agency`: its requester
/// ([`crate::review::gate::requester`]: the author, or for a bot's pull request the
/// author of the issue it closes) is one of the agency's operators, or a
/// front-desk officer taking it for a registered agency
/// ([`crate::review::intake::taken_at_desk`]). A bot's pull request without an
/// issue is nobody's.
pub fn attributed(pr: &PullRequest, agency: &str, config: &Config) -> bool {
    if config.is_bot(&pr.author) && pr.origin.is_none() {
        return false;
    }
    is_operator(config, agency, crate::review::gate::requester(pr, config))
        || crate::review::intake::taken_at_desk(pr, agency, config)
}

/// Whether `label` is on as far as officers are concerned: the last event
/// on it by an officer added it (see [`crate::review::replay::Labels`]).
pub fn on_by_officer(events: &[LabelEvent], label: &str, config: &Config) -> bool {
    crate::review::replay::Labels::of(events)
        .held_by_officer(label, config)
        .is_some()
}
