//! loket: a local government's subdomain and hosting service as a git repository.
#![deny(missing_docs)]
#![warn(unreachable_pub)]

pub mod cli;
pub mod cmd;
pub mod comment;
pub mod complaint;
pub mod contact;

pub mod dns;
pub mod github;
pub mod init;
pub mod input;
pub mod json;
pub mod letter;
pub mod model;
pub mod notice;
pub mod pin;
pub mod preset;
pub mod progress;
pub mod report;
pub mod review;
pub mod scaffold;
pub mod schema;
pub mod site;
pub mod skm;
pub mod status_help;
pub mod validate;
pub mod web;
