//! Where an instance's requests entered `main`, as the registry fold needs
//! it: history read for the contested requests alone ([`contested`]), or,
//! for a pull request, for those its files contend with, read while the
//! instance loads ([`load_around`]). The walk itself is
//! [`crate::review::history::merge_order`].

use std::collections::BTreeSet;
use std::path::Path;

use crate::input::load::{self, Instance, LoadError};
use crate::review::history::{self, HistoryError};
use crate::validate::registry::MergeOrder;

/// Why the instance, or where its requests entered `main`, could not be
/// read.
#[derive(Debug, thiserror::Error)]
pub enum OrderError {
    /// The instance could not be loaded.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The git history could not be read.
    #[error(transparent)]
    History(#[from] HistoryError),
}

/// Where the requests of `instance` (loaded at `root` as it is at `rev`;
/// `HEAD` for the work tree) entered `main`: history is read for the
/// contested requests alone (see [`crate::validate::registry::contested`]).
/// In a shallow clone the order is [`MergeOrder::approximate`].
pub fn contested(root: &Path, rev: &str, instance: &Instance) -> Result<MergeOrder, HistoryError> {
    history::merge_order(root, rev, &crate::validate::contested(instance))
}

/// The instance at `root`, and where the requests that the pull request's
/// request files `focus` contend with entered `main` at the work tree's
/// `HEAD`: a pull request's check needs no more (see
/// [`crate::validate::registry::contested_around`]). The other contested
/// requests are marked unread. The load and the walk overlap, on different
/// cores: together they are most of a pull request's check.
///
/// The walk cannot wait for the load to know which requests `focus`
/// contends with, so it starts with a guess from file names alone: the
/// merged request files naming a subdomain that a file of `focus` names. A
/// request file's name and content agree (`loket check` says so when they
/// do not), so the guess holds the contenders; when it does not, or the
/// clone is shallow, history is read again for exactly the contenders.
pub fn load_around(
    root: &Path,
    focus: &BTreeSet<String>,
) -> Result<(Instance, MergeOrder), OrderError> {
    let (instance, guessed) = std::thread::scope(|scope| {
        let walk = scope.spawn(|| -> Result<_, OrderError> {
            let guess = same_subdomain(root, focus)?;
            let order = history::merge_order(root, "HEAD", &guess)?;
            Ok((guess, order))
        });
        let instance = load::load(root);
        let guessed = walk
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (instance, guessed)
    });
    let instance = instance?;
    let (around, unread) = crate::validate::contested_around(&instance, focus);
    let order = match guessed {
        Ok((guess, order)) if !order.approximate() && around.is_subset(&guess) => {
            order.restricted_to(&around)
        }
        _ => history::merge_order(root, "HEAD", &around)?,
    };
    Ok((instance, order.with_unread(unread)))
}

/// The request files under `root` whose file name asks for a subdomain
/// that a request file of `focus` asks for.
fn same_subdomain(root: &Path, focus: &BTreeSet<String>) -> Result<BTreeSet<String>, LoadError> {
    let subdomain =
        |path: &str| load::RequestName::parse(path).map(|name| name.subdomain.to_ascii_lowercase());
    let wanted: BTreeSet<String> = focus.iter().filter_map(|f| subdomain(f)).collect();
    let paths = load::request_paths(root, &load::Disk(root.to_path_buf()))?;
    Ok(paths
        .into_iter()
        .filter(|p| subdomain(p).is_some_and(|s| wanted.contains(&s)))
        .collect())
}
