//! The site's address: `--base-url` when given, else GitHub Pages of the
//! instance's repository, else `https://loket.<domain>/`; always ending in
//! `/`.

use crate::model::Config;

/// The site's address, ending in `/`: `flag` (`--base-url`) when given,
/// else GitHub Pages of the instance's repository, else
/// `https://loket.<domain>/`.
pub(crate) fn base_url(config: &Config, flag: Option<&str>) -> String {
    flag.map_or_else(|| default_base_url(config), normalise)
}

fn default_base_url(config: &Config) -> String {
    match config
        .institution
        .repository
        .as_ref()
        .and_then(|r| r.value.split_once('/'))
    {
        Some((owner, name)) => format!("https://{}.github.io/{name}/", owner.to_lowercase()),
        None => format!("https://loket.{}/", config.institution.domain.value),
    }
}

fn normalise(url: &str) -> String {
    if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    }
}
