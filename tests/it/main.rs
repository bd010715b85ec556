//! The integration tests: one binary, one module per feature, all driving
//! the real `loket` binary against fixture instances.

mod bind;
mod cli;
mod config_rules;
mod dns;
mod hostile;
mod request_rules;
mod root_instance;
mod support;
