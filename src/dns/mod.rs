//! DNS: names, records, the zone, what a merge changed, and talking to
//! name servers.
//!
//! Everything here but [`client`] is pure: values in, values or text out.
//! [`client`] is the one place that opens a socket.

pub mod apply;
pub mod audit;
pub mod client;
pub mod diff;
pub mod instance;
pub mod name;
pub mod octodns;
pub mod record;
pub mod special;
pub mod zone;

pub use name::{Label, Name};
pub use record::Record;
pub use zone::{Owner, Rr, Zone};

/// Why a DNS command could not do its job.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum DnsError {
    /// Parts of the policy or the registrations do not make a valid zone.
    #[error("the zone cannot be written:\n{}", list(.0))]
    #[diagnostic(
        code(loket::dns::zone),
        help("fix loket.yaml (dns.ns, dns.soa, dns.rekaman_dasar) or the requests named")
    )]
    Zone(Vec<zone::ZoneError>),
    /// A revision could not be read from git.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Revision(#[from] crate::input::revision::RevisionError),
    /// A name server could not be reached, or refused.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Client(#[from] client::ClientError),
    /// The earlier revision of a diff has no readable `loket.yaml`.
    #[error("loket.yaml cannot be read at {0}")]
    #[diagnostic(code(loket::usage))]
    NoConfigAt(String),
}

fn list(errors: &[zone::ZoneError]) -> String {
    errors
        .iter()
        .map(|e| format!("  - {e}"))
        .collect::<Vec<_>>()
        .join("\n")
}
