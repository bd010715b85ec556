//! The integration tests: one binary, one module per feature, all driving
//! the real `loket` binary against fixture instances.

mod audit_issues;
mod bind;
mod calendar;
mod cli;
mod complaints;
mod config_rules;
mod dns;
mod dns_policy;
mod fake_github;
mod front_desk;
mod gate;
mod github;
mod graphql_contract;
mod history;
mod hostile;
mod init_github;
mod intake;
mod lifecycle;
mod merge_order;
mod notify;
mod powerdns;
mod presets;
mod progress;
mod properties;
mod release;
mod request_rules;
mod root_instance;
mod scripts;
mod site;
mod status;
mod support;
mod sweep;
mod web_audit;
mod workflows;
