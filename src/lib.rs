//! loket: a local government's subdomain and hosting service as a git repository.
#![deny(missing_docs)]
#![warn(unreachable_pub)]

pub mod audit_issue;
pub mod calendar;
pub mod cli;
pub mod cmd;
pub mod comment;
pub mod complaint;
pub mod contact;
pub mod decode;
pub mod diagnostic;

pub mod dns;
pub mod gate;
pub mod github;
pub mod github_files;
pub mod history;
pub mod init;
pub mod intake;
pub mod issue_form;
pub mod json;
pub mod labels;
pub mod letter;
pub mod load;
pub mod model;
pub mod notice;
pub mod pin;
pub mod preset;
pub mod progress;
pub mod replay;
pub mod report;
pub mod revision;
pub mod scaffold;
pub mod schema;
pub mod site;
pub mod skm;
pub mod snapshot;
pub mod source;
pub mod status_help;
pub mod sweep;
pub mod timeline;
pub mod timelines;
pub mod trust;
pub mod validate;
pub mod web;
pub mod yaml;
