//! Findings to text: `human` (source snippets), `github` (workflow
//! annotations and a step summary) and `json` (the machine contract).
//!
//! Reporters are pure: they take the [`Outcome`] and return strings; the
//! command decides where they go.

pub(crate) mod audit;
pub(crate) mod github;
pub(crate) mod human;
pub(crate) mod json;
pub(crate) mod skm;
pub(crate) mod status;

use crate::input::diagnostic::Lang;
use crate::validate::Outcome;

/// Output format of `loket check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// For people: messages with the source line they point at.
    #[default]
    Human,
    /// GitHub Actions workflow commands, plus a step summary.
    Github,
    /// One JSON document (see the README for its shape).
    Json,
}

/// Counts for the closing line of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tally {
    /// Request files checked.
    pub files: usize,
    /// Files without errors.
    pub valid: usize,
    /// Errors in all.
    pub errors: usize,
    /// Warnings in all.
    pub warnings: usize,
    /// Errors in the configuration.
    pub config_errors: usize,
}

impl Tally {
    /// Counts an outcome.
    pub(crate) fn of(outcome: &Outcome) -> Tally {
        use crate::input::diagnostic::Severity::{Error, Warning};
        let all = outcome
            .config
            .iter()
            .chain(outcome.requests.iter().flat_map(|r| r.diagnostics.iter()));
        let (mut errors, mut warnings) = (0, 0);
        for d in all {
            match d.severity {
                Error => errors += 1,
                Warning => warnings += 1,
            }
        }
        Tally {
            files: outcome.requests.len(),
            valid: outcome.requests.iter().filter(|r| r.ok()).count(),
            errors,
            warnings,
            config_errors: outcome
                .config
                .iter()
                .filter(|d| d.severity == Error)
                .count(),
        }
    }

    /// The closing line, in `lang`.
    pub(crate) fn line(&self, lang: Lang) -> String {
        let invalid = self.files - self.valid;
        lang.pick(
            format!(
                "{} permohonan diperiksa: {} valid, {} tidak valid; {} galat, {} peringatan{}",
                self.files,
                self.valid,
                invalid,
                self.errors,
                self.warnings,
                if self.config_errors > 0 {
                    " (konfigurasi rusak)"
                } else {
                    ""
                }
            ),
            format!(
                "{} requests checked: {} valid, {} invalid; {} {}, {} {}{}",
                self.files,
                self.valid,
                invalid,
                self.errors,
                if self.errors == 1 { "error" } else { "errors" },
                self.warnings,
                if self.warnings == 1 {
                    "warning"
                } else {
                    "warnings"
                },
                if self.config_errors > 0 {
                    " (configuration broken)"
                } else {
                    ""
                }
            ),
        )
    }
}
