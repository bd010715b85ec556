//! JSON Schemas of the instance's files, generated from the model types.

use crate::github::snapshot::Snapshot;
use crate::model::complaint::ComplaintRecord;
use crate::model::{Config, Request, Service};
use crate::review::calendar::HolidayFile;

/// The files loket has a schema for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SchemaKind {
    /// `loket.yaml`.
    Config,
    /// Front matter of `site/layanan/<id>.md`.
    Service,
    /// `requests/<agency>/<id>.yaml`.
    Request,
    /// `pengaduan/<id>.yaml`: a complaint an officer recorded.
    Complaint,
    /// The GitHub snapshot (`loket status --snapshot`).
    Snapshot,
    /// `kalender.yaml`: an instance's holidays.
    Calendar,
}

impl SchemaKind {
    /// All kinds.
    pub const ALL: [SchemaKind; 6] = [
        SchemaKind::Config,
        SchemaKind::Service,
        SchemaKind::Request,
        SchemaKind::Complaint,
        SchemaKind::Snapshot,
        SchemaKind::Calendar,
    ];

    /// The file name the schema is written to.
    pub fn file_name(self) -> &'static str {
        match self {
            SchemaKind::Config => "config.schema.json",
            SchemaKind::Service => "service.schema.json",
            SchemaKind::Request => "request.schema.json",
            SchemaKind::Complaint => "complaint.schema.json",
            SchemaKind::Snapshot => "snapshot.schema.json",
            SchemaKind::Calendar => "calendar.schema.json",
        }
    }
}

/// The schema of `kind`, pretty-printed.
pub fn schema(kind: SchemaKind) -> String {
    let (schema, title) = match kind {
        SchemaKind::Config => (schemars::schema_for!(Config), "loket.yaml"),
        SchemaKind::Service => (
            schemars::schema_for!(Service),
            "Standar pelayanan (front matter)",
        ),
        SchemaKind::Request => (schemars::schema_for!(Request), "Permohonan"),
        SchemaKind::Complaint => (schemars::schema_for!(ComplaintRecord), "Pengaduan"),
        SchemaKind::Snapshot => (schemars::schema_for!(Snapshot), "GitHub snapshot"),
        SchemaKind::Calendar => (schemars::schema_for!(HolidayFile), "kalender.yaml"),
    };
    let mut value = schema.to_value();
    if let Some(obj) = value.as_object_mut() {
        obj.insert("title".into(), title.into());
    }
    crate::json::pretty(&value)
}
