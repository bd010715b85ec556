//! The zone of a whole instance: only a valid instance makes one (its
//! requests checked, then folded in merge order: [`valid_zone`]), its text
//! with a serial that moves only when the zone changed ([`render`]), and
//! the zone an earlier revision had, to diff against ([`zone_before`],
//! [`changes_since`]). Pure but for the revisions' git objects: the caller
//! loads the instance and reports.

use chrono::NaiveDate;

use crate::dns::diff::{self, Change};
use crate::dns::{DnsError, Zone, zone};
use crate::input::load::Instance;
use crate::input::revision::{self, Revision};
use crate::model::Config;
use crate::validate::registry::{self, MergeOrder, Registration};
use crate::validate::{self, Options, Outcome};

/// The zone of `instance`, its requests folded in `order`, with `serial`;
/// when a request or the configuration is invalid, the check's outcome
/// instead, so nothing invalid reaches a zone. `lap` is told when each
/// phase (`check`, `fold`, `build`) ends.
pub fn valid_zone(
    instance: &Instance,
    order: MergeOrder,
    today: NaiveDate,
    serial: u32,
    lap: &mut dyn FnMut(&str),
) -> Result<Result<Zone, Outcome>, DnsError> {
    let options = Options {
        today,
        author: None,
        changed: Vec::new(),
        pending: Vec::new(),
        order,
    };
    let outcome = validate::check(instance, &options);
    lap("check");
    let (Some(config), true) = (
        &instance.config,
        !outcome.config_broken() && outcome.requests.iter().all(|r| r.ok()),
    ) else {
        return Ok(Err(outcome));
    };
    let fold = registry::registrations(instance, &options.order);
    lap("fold");
    let zone = Zone::build(config, fold.registrations.values(), serial);
    lap("build");
    zone.map(Ok).map_err(DnsError::Zone)
}

/// The zone file of `zone` (built with the serial of `previous`, the zone
/// file written before, if any): `previous` itself when nothing changed,
/// else the zone with the serial moved on for `today`. Rendered once, or
/// twice when the previous zone differs.
pub fn render(mut zone: Zone, previous: Option<&str>, today: NaiveDate) -> String {
    let previous_serial = previous.and_then(zone::read_serial);
    if previous_serial.is_some() {
        let same = zone.render();
        if previous == Some(&*same) {
            return same;
        }
    }
    zone.soa.serial = zone::serial(today, previous_serial);
    zone.render()
}

/// The zone at an earlier revision, of its `config` and `registrations`.
/// A revision from before loket managed the zone's name servers is read
/// as having those of `now` (today's configuration), so they do not show
/// as a change.
pub fn zone_before<'a>(
    config: &Config,
    registrations: impl IntoIterator<Item = &'a Registration>,
    now: Option<&Config>,
) -> Result<Zone, DnsError> {
    let mut config = config.clone();
    if config.dns.name_servers.is_empty()
        && let Some(now) = now
    {
        config.dns.value.name_servers = now.dns.name_servers.clone();
    }
    Zone::build(&config, registrations, 0).map_err(DnsError::Zone)
}

/// What changed in the zone from revision `earlier` to `to`, the zone of
/// revision `later` (loaded as `after`). The earlier revision is history
/// and taken as it is: its registrations folded in their merge order up
/// to it ([`revision::registrations_before`]).
pub fn changes_since(
    earlier: &Revision,
    later: &Revision,
    after: &Instance,
    to: &Zone,
) -> Result<Vec<Change>, DnsError> {
    let (before, fold) = revision::registrations_before(earlier, later, after)?;
    let Some(config) = &before.config else {
        return Err(DnsError::NoConfigAt(earlier.rev().to_string()));
    };
    let from = zone_before(config, fold.registrations.values(), after.config.as_ref())?;
    Ok(diff::diff(&from, to))
}
