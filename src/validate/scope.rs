//! Which files a pull request may touch. An agency's pull request adds
//! files under `requests/<its agency>/` and nothing else: no file outside
//! that directory, and no change to what is already merged there, be it a
//! request file or another file such as an attachment.
//!
//! One judgement over the whole list of changed files, whatever their
//! number or order, shared by `loket check` (L023, L024, L025) and `loket
//! gate` (`OutsideAgency`, `AltersMerged`) so that the two cannot
//! disagree. Pure: the files and their git status come in as values.

use std::collections::{BTreeMap, BTreeSet};

use crate::input::load::{REQUESTS_DIR, RequestName};
use crate::validate::{Change, ChangeStatus};

/// What a changed file does that an agency's pull request may not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Breach {
    /// It lies outside `requests/<agency>/`.
    Outside,
    /// It alters (modifies, deletes or renames away) a merged request file.
    MergedRequest,
    /// It alters another merged file of the agency's directory: an
    /// attachment of a merged request, say.
    MergedFile,
}

/// The agency directory of `path`, when it lies under `requests/<agency>/`.
pub fn agency_of(path: &str) -> Option<&str> {
    let rest = path.strip_prefix(REQUESTS_DIR)?.strip_prefix('/')?;
    rest.split_once('/')
        .map(|(agency, _)| agency)
        .filter(|a| !a.is_empty())
}

/// The agency a pull request speaks for: the directory of its first
/// request file, else of its first file under `requests/<agency>/`; `None`
/// when it touches nothing under `requests/`.
pub fn agency(changes: &[Change]) -> Option<&str> {
    changes
        .iter()
        .find(|c| RequestName::parse(&c.path).is_some())
        .or_else(|| changes.iter().find(|c| agency_of(&c.path).is_some()))
        .and_then(|c| agency_of(&c.path))
}

/// Every changed file an agency's pull request may not bring, in the
/// order given: each file is looked at, the 150th as the first.
pub fn breaches<'c>(agency: &str, changes: &'c [Change]) -> Vec<(&'c Change, Breach)> {
    changes
        .iter()
        .filter_map(|change| {
            let breach = if agency_of(&change.path) != Some(agency) {
                Breach::Outside
            } else if change.status != ChangeStatus::Altered {
                return None;
            } else if RequestName::parse(&change.path).is_some() {
                Breach::MergedRequest
            } else {
                Breach::MergedFile
            };
            Some((change, breach))
        })
        .collect()
}

/// The files a pull request changes from two lists: `listed` (a snapshot's,
/// without git status) in their order, each taking the status `changes`
/// gives it, then the files only `changes` names. GitHub's GraphQL lists a
/// pull request's first 100 files; `changes` (the REST API's complete list)
/// adds the rest.
pub fn union<'a>(listed: impl IntoIterator<Item = &'a str>, changes: &[Change]) -> Vec<Change> {
    let given: BTreeMap<&str, &Change> = changes.iter().map(|c| (c.path.as_str(), c)).collect();
    let mut out: Vec<Change> = listed
        .into_iter()
        .map(|path| {
            given
                .get(path)
                .map_or_else(|| Change::added(path), |c| (*c).clone())
        })
        .collect();
    let seen: BTreeSet<&str> = out.iter().map(|c| c.path.as_str()).collect();
    let rest: Vec<Change> = changes
        .iter()
        .filter(|c| !seen.contains(c.path.as_str()))
        .cloned()
        .collect();
    out.extend(rest);
    out
}

/// The request files of a pull request that only adds files under
/// `requests/` (an agency's, as the scope rules demand): its check reads
/// history only for what they contend with. Empty, so that history is read
/// for every contested request, when it changes or removes a file, or
/// anything else: a merged request it alters or removes can change the
/// fold of requests that share nothing with its own files.
pub fn focus(changed: &[Change]) -> BTreeSet<String> {
    let adds_requests_only = changed
        .iter()
        .all(|c| c.status == ChangeStatus::Added && agency_of(&c.path).is_some());
    if !adds_requests_only {
        return BTreeSet::new();
    }
    changed
        .iter()
        .filter(|c| c.path.ends_with(".yaml"))
        .map(|c| c.path.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(status: ChangeStatus, path: &str) -> Change {
        Change {
            status,
            path: path.to_string(),
        }
    }

    #[test]
    fn the_first_request_file_names_the_agency() {
        let changes = [
            Change::added("README.md"),
            Change::added("requests/dinas-a/lampiran/x.pdf"),
            Change::added("requests/dinas-b/2026-0002-beta.yaml"),
        ];
        assert_eq!(agency(&changes), Some("dinas-b"));
        assert_eq!(agency(&changes[..2]), Some("dinas-a"));
        assert_eq!(agency(&changes[..1]), None);
        assert_eq!(agency_of("requests//x.yaml"), None);
        assert_eq!(agency_of("requestsx/a/b"), None);
    }

    #[test]
    fn every_file_is_judged_wherever_it_stands() {
        let mut changes: Vec<Change> = (0..150)
            .map(|i| Change::added(&format!("requests/dinas-b/lampiran/{i}.pdf")))
            .collect();
        changes[119] = Change::added(".github/workflows/check.yml");
        changes[130] = change(ChangeStatus::Altered, "requests/dinas-b/lampiran/surat.pdf");
        changes[140] = change(ChangeStatus::Altered, "requests/dinas-b/2026-0001-a.yaml");
        let found: Vec<(&str, Breach)> = breaches("dinas-b", &changes)
            .into_iter()
            .map(|(c, b)| (c.path.as_str(), b))
            .collect();
        assert_eq!(
            found,
            [
                (".github/workflows/check.yml", Breach::Outside),
                ("requests/dinas-b/lampiran/surat.pdf", Breach::MergedFile),
                ("requests/dinas-b/2026-0001-a.yaml", Breach::MergedRequest),
            ]
        );
    }

    #[test]
    fn the_union_keeps_the_listed_order_and_the_given_status() {
        let changes = [
            change(ChangeStatus::Altered, "requests/a/lampiran/x.pdf"),
            Change::added("loket.yaml"),
        ];
        let all = union(
            ["requests/a/2026-0001-x.yaml", "requests/a/lampiran/x.pdf"],
            &changes,
        );
        assert_eq!(
            all,
            [
                Change::added("requests/a/2026-0001-x.yaml"),
                change(ChangeStatus::Altered, "requests/a/lampiran/x.pdf"),
                Change::added("loket.yaml"),
            ]
        );
    }
}
