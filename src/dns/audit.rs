//! The audit: registrations that turned risky after they were approved.
//!
//! A CNAME whose target no longer exists (a takeover risk: whoever claims
//! the target serves pages under the government's name), records that
//! today's policy refuses (addresses outside the allowed ranges, denied
//! CNAME targets, types or TTLs no longer allowed), agencies gone from
//! `loket.yaml`, and names that break today's naming policy.
//!
//! Pure: the caller passes a `resolve` function that asks the network.

use std::collections::BTreeMap;

use crate::dns::name::Name;
use crate::input::diagnostic::{Diagnostic, Lang};
use crate::input::source::{Span, Spanned};
use crate::model::config::RecordType;
use crate::model::{Config, RequestId};
use crate::validate::registry::{Records, Registration};
use crate::validate::{name, records};

/// What a resolver says about a CNAME target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// The name exists.
    Resolves,
    /// The name does not exist (NXDOMAIN): the answer.
    Missing(String),
    /// The resolver could not tell (timeout, refusal, failure): why.
    Unknown(String),
}

/// What is wrong with a registration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Risk {
    /// Its CNAME target does not resolve.
    Dangling {
        /// The target.
        target: Name,
        /// What the resolver answered.
        answer: String,
    },
    /// Its agency is no longer listed in `loket.yaml`.
    Orphaned,
    /// Today's policy refuses its name or one of its records.
    Policy(Diagnostic),
}

/// One finding of the audit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The subdomain.
    pub name: String,
    /// The agency holding it.
    pub agency: String,
    /// The request that last changed it.
    pub request: RequestId,
    /// What is wrong.
    pub risk: Risk,
}

impl Finding {
    /// A stable short code: `dangling`, `orphaned` or the rule's `L0xx`.
    pub fn code(&self) -> &'static str {
        match &self.risk {
            Risk::Dangling { .. } => "dangling",
            Risk::Orphaned => "orphaned",
            Risk::Policy(d) => d.code.as_str(),
        }
    }

    /// What is wrong, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match (&self.risk, lang) {
            (Risk::Dangling { target, answer }, Lang::Id) => format!(
                "target CNAME {target} tidak ada ({answer}): berisiko diambil alih pihak lain"
            ),
            (Risk::Dangling { target, answer }, Lang::En) => {
                format!("CNAME target {target} does not resolve ({answer}): takeover risk")
            }
            (Risk::Orphaned, Lang::Id) => format!(
                "perangkat daerah `{}` tidak lagi terdaftar di loket.yaml",
                self.agency
            ),
            (Risk::Orphaned, Lang::En) => {
                format!("agency `{}` is no longer listed in loket.yaml", self.agency)
            }
            (Risk::Policy(d), lang) => d.message(lang),
        }
    }
}

/// A CNAME target the resolver could not judge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unverified {
    /// The subdomain.
    pub name: String,
    /// The target.
    pub target: Name,
    /// Why.
    pub reason: String,
}

/// The audit's result.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// What was found, by name.
    pub findings: Vec<Finding>,
    /// CNAME targets that could not be checked.
    pub unverified: Vec<Unverified>,
}

/// Audits `registrations` against `config`; `resolve` is asked once per
/// distinct CNAME target.
pub fn audit<'a>(
    config: &Config,
    registrations: impl IntoIterator<Item = &'a Registration>,
    mut resolve: impl FnMut(&Name) -> Resolution,
) -> Report {
    let policy = &config.dns.value;
    let domain = config.institution.domain.as_str();
    let mut cache: BTreeMap<Name, Resolution> = BTreeMap::new();
    let mut report = Report::default();
    for reg in registrations {
        let finding = |risk| Finding {
            name: reg.name.clone(),
            agency: reg.agency.clone(),
            request: reg.changed_by,
            risk,
        };
        let file = format!("permohonan {}", reg.changed_by);
        if !config.agencies.iter().any(|a| a.id.as_str() == reg.agency) {
            report.findings.push(finding(Risk::Orphaned));
        }
        let label = Spanned::new(Span::START, reg.name.clone());
        for d in name::check_label(&label, domain, policy, &file) {
            report.findings.push(finding(Risk::Policy(d)));
        }
        let Records::Own(specs) = &reg.records else {
            continue;
        };
        for d in records::check_records(specs, policy, &file) {
            report.findings.push(finding(Risk::Policy(d)));
        }
        let targets = specs
            .iter()
            .filter(|s| s.kind.value == RecordType::Cname)
            .filter_map(|s| s.data.trim().parse::<Name>().ok());
        for target in targets {
            let resolution = cache
                .entry(target.clone())
                .or_insert_with(|| resolve(&target))
                .clone();
            match resolution {
                Resolution::Resolves => {}
                Resolution::Missing(answer) => {
                    report
                        .findings
                        .push(finding(Risk::Dangling { target, answer }));
                }
                Resolution::Unknown(reason) => report.unverified.push(Unverified {
                    name: reg.name.clone(),
                    target,
                    reason,
                }),
            }
        }
    }
    report
}
