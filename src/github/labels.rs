//! The labels an instance needs on GitHub (one per stage, plus the status
//! labels, and those of complaint issues) and the plan that brings a
//! repository's labels there.

use std::collections::BTreeMap;

use crate::github::Label;
use crate::model::{Config, Service};
use crate::review::timeline::{DONE_LABEL, REFUSED_LABEL, RETURNED_LABEL};

/// The prefix of the labels an officer puts on a request issue to have the
/// `intake` workflow open its pull request: `ajukan: <service id>`.
pub const INTAKE_PREFIX: &str = "ajukan: ";

/// One change to a repository's labels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LabelChange {
    /// Create it.
    Create(Label),
    /// Change colour or description.
    Update(Label),
    /// Delete it (only with `--prune`).
    Delete(String),
}

/// The labels the services and the timeline use.
pub fn desired(config: &Config, services: &[&Service]) -> Vec<Label> {
    let role_name = |id: &str| {
        config
            .roles
            .iter()
            .find(|r| r.id.as_str() == id)
            .map_or(id.to_string(), |r| r.name.value.clone())
    };
    let mut labels: BTreeMap<String, Label> = BTreeMap::new();
    for service in services {
        for stage in &service.stages {
            let Some(label) = &stage.label else { continue };
            let description = format!(
                "{} — oleh {}",
                stage.name.value,
                role_name(stage.role.as_str())
            );
            labels.entry(label.value.clone()).or_insert_with(|| Label {
                name: label.value.clone(),
                color: "1d76db".into(),
                description: truncate(&description, 100),
            });
        }
    }
    for service in services {
        let name = format!("{INTAKE_PREFIX}{}", service.id);
        let description = format!(
            "Petugas: buka pull request «{}» dari issue ini",
            service.title.value
        );
        labels.insert(
            name.clone(),
            Label {
                name,
                color: "c5def5".into(),
                description: truncate(&description, 100),
            },
        );
    }
    for (name, color, description) in [
        (
            RETURNED_LABEL,
            "fbca04",
            "Dikembalikan ke perangkat daerah untuk dilengkapi; jam layanan berhenti",
        ),
        (REFUSED_LABEL, "b60205", "Permohonan ditolak"),
        (
            DONE_LABEL,
            "0e8a16",
            "Permohonan selesai dilaksanakan (DNS/situs aktif)",
        ),
    ] {
        labels.insert(
            name.to_string(),
            Label {
                name: name.into(),
                color: color.into(),
                description: description.into(),
            },
        );
    }
    labels.insert(
        crate::skm::ACCEPTED_LABEL.to_string(),
        Label {
            name: crate::skm::ACCEPTED_LABEL.to_string(),
            color: "bfdadc".into(),
            description: "Petugas: jawaban SKM ini dihitung walau penjawabnya bukan operator"
                .into(),
        },
    );
    labels.insert(
        crate::github::audit_issue::LABEL.to_string(),
        Label {
            name: crate::github::audit_issue::LABEL.to_string(),
            color: "e99695".into(),
            description: "loket audit --web: temuan pada satu nama (dibuka dan ditutup otomatis)"
                .into(),
        },
    );
    for reason in config.reasons() {
        labels.insert(
            reason.label(),
            Label {
                name: reason.label(),
                color: "d4c5f9".into(),
                description: truncate(&format!("Alasan: {}", reason.fix), 100),
            },
        );
    }
    for label in complaint_labels(config) {
        labels.entry(label.name.clone()).or_insert(label);
    }
    labels.into_values().collect()
}

/// The labels of complaint issues: the form's own, the statuses only
/// complaints use, one `jenis: <id>` per kind, one `kanal: <channel>` per
/// channel outside GitHub, the refusal reasons and the publishable mark.
fn complaint_labels(config: &Config) -> Vec<Label> {
    use crate::complaint::{
        CHANNEL_PREFIX, KIND_PREFIX, LABEL, PROCESSING_LABEL, PUBLISHABLE_LABEL, REASON_PREFIX,
        REASONS, RECEIVED_LABEL, WAITING_LABEL,
    };
    use crate::model::complaint::ComplaintChannel;
    let label = |name: String, color: &str, description: String| Label {
        name,
        color: color.into(),
        description: truncate(&description, 100),
    };
    let mut out = vec![
        label(
            LABEL.into(),
            "d93f0b",
            "Pengaduan, saran atau masukan (formulir pengaduan)".into(),
        ),
        label(
            RECEIVED_LABEL.into(),
            "c2e0c6",
            "Petugas: pengaduan diterima dan akan ditindaklanjuti".into(),
        ),
        label(
            PROCESSING_LABEL.into(),
            "bfd4f2",
            "Petugas: pengaduan sedang ditindaklanjuti".into(),
        ),
        label(
            WAITING_LABEL.into(),
            "fbca04",
            "Petugas: menunggu keterangan pengadu; jam pengaduan berhenti".into(),
        ),
        label(
            PUBLISHABLE_LABEL.into(),
            "5319e7",
            "Petugas: isi pengaduan ini boleh ditampilkan di situs".into(),
        ),
    ];
    for kind in &config.complaint_kinds {
        let kind = &kind.value;
        out.push(label(
            format!("{KIND_PREFIX}{}", kind.id.value),
            "f9d0c4",
            format!("Jenis pengaduan: {} ({})", kind.name.value, kind.time.value),
        ));
    }
    for channel in ComplaintChannel::ALL {
        out.push(label(
            format!("{CHANNEL_PREFIX}{}", channel.as_str()),
            "c5def5",
            format!(
                "Petugas: pengaduan diterima lewat {} dan dicatat atas nama pengadu",
                channel.name()
            ),
        ));
    }
    for (name, fix) in REASONS {
        out.push(label(
            format!("{REASON_PREFIX}{name}"),
            "d4c5f9",
            format!("Alasan pengaduan ditolak: {fix}"),
        ));
    }
    out
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let cut: String = s.chars().take(max - 1).collect();
        format!("{cut}…")
    }
}

/// What to change so that `existing` holds `desired`. Labels are compared
/// without regard to case, as GitHub does. With `prune`, labels loket
/// manages (`tahap:`, `status:`, `alasan:`, `survei:`, `jenis:`, `kanal:` and `pengaduan:` prefixes) that are no longer wanted go.
pub fn plan(desired: &[Label], existing: &[Label], prune: bool) -> Vec<LabelChange> {
    let find = |name: &str| existing.iter().find(|l| l.name.eq_ignore_ascii_case(name));
    let mut out = Vec::new();
    for want in desired {
        match find(&want.name) {
            None => out.push(LabelChange::Create(want.clone())),
            Some(have)
                if have.color.eq_ignore_ascii_case(&want.color)
                    && have.description == want.description
                    && have.name == want.name => {}
            Some(_) => out.push(LabelChange::Update(want.clone())),
        }
    }
    if prune {
        for have in existing {
            let managed = [
                "tahap:",
                "status:",
                "alasan:",
                "survei:",
                "jenis:",
                "pengaduan:",
                "kanal:",
            ]
            .iter()
            .any(|p| have.name.starts_with(p));
            if managed
                && !desired
                    .iter()
                    .any(|d| d.name.eq_ignore_ascii_case(&have.name))
            {
                out.push(LabelChange::Delete(have.name.clone()));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(name: &str, color: &str) -> Label {
        Label {
            name: name.into(),
            color: color.into(),
            description: "d".into(),
        }
    }

    #[test]
    fn plan_creates_updates_and_prunes_only_when_asked() {
        let desired = vec![
            label("tahap: verifikasi", "1d76db"),
            label("status: ditolak", "b60205"),
        ];
        let existing = vec![
            label("tahap: verifikasi", "000000"),
            label("tahap: lama", "1d76db"),
            label("bug", "d73a4a"),
        ];
        assert_eq!(
            plan(&desired, &existing, false),
            vec![
                LabelChange::Update(desired[0].clone()),
                LabelChange::Create(desired[1].clone())
            ]
        );
        let pruned = plan(&desired, &existing, true);
        assert!(pruned.contains(&LabelChange::Delete("tahap: lama".into())));
        assert!(
            !pruned.contains(&LabelChange::Delete("bug".into())),
            "never labels loket does not manage"
        );
        assert!(plan(&desired, &desired, true).is_empty(), "idempotent");
    }
}
