//! The integration tests: one binary, one module per feature, all driving
//! the real `loket` binary against fixture instances.

mod calendar;
mod cli;
mod config_rules;
mod history;
mod hostile;
mod request_rules;
mod root_instance;
mod site;
mod status;
mod support;
