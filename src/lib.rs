//! loket: a local government's subdomain and hosting service as a git repository.
#![deny(missing_docs)]
#![warn(unreachable_pub)]

pub mod cli;
pub mod cmd;
pub(crate) mod comment;
pub(crate) mod complaint;
pub(crate) mod contact;

pub mod dns;
pub mod github;
pub(crate) mod init;
pub mod input;
pub(crate) mod json;
pub(crate) mod letter;
pub mod model;
pub(crate) mod notice;
pub mod pin;
pub mod preset;
pub(crate) mod progress;
pub(crate) mod report;
pub mod review;
pub(crate) mod scaffold;
pub mod schema;
pub(crate) mod site;
pub mod skm;
pub(crate) mod status_help;
pub mod validate;
pub(crate) mod web;
