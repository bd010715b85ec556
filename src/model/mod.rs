//! Plain data types of an instance: configuration, services, requests.
//!
//! Every value that came from a file keeps its position ([`Spanned`]).
//! Types here hold data and answer simple questions about it; they read no
//! files and apply no rules.
//!
//! [`Spanned`]: crate::input::source::Spanned

pub mod complaint;
pub mod config;
pub mod ids;
pub mod request;
pub mod service;
pub mod time;

pub use config::{Agency, Config, DnsPolicy, RecordSpec, RecordType};
pub use ids::{AgencyId, ChannelId, Handle, RequestId, RequirementId, RoleId, ServiceId, StageId};
pub use request::{Request, RequestKind};
pub use service::{Means, Requirement, Service, ServiceKind, Stage};
pub use time::StandardTime;
