//! loket: a local government's subdomain and hosting service as a git repository.
#![deny(missing_docs)]
#![warn(unreachable_pub)]

pub mod calendar;
pub mod cli;
pub mod cmd;
pub mod decode;
pub mod diagnostic;
pub mod history;
pub mod load;
pub mod model;
pub mod report;
pub mod scaffold;
pub mod schema;
pub mod site;
pub mod snapshot;
pub mod source;
pub mod timeline;
pub mod validate;
pub mod yaml;
