//! loket: a local government's subdomain and hosting service as a git repository.
#![deny(missing_docs)]
#![warn(unreachable_pub)]

pub mod cli;
pub mod cmd;
pub mod decode;
pub mod diagnostic;
pub mod dns;
pub mod load;
pub mod model;
pub mod report;
pub mod revision;
pub mod scaffold;
pub mod schema;
pub mod source;
pub mod validate;
pub mod yaml;
