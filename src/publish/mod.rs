//! What a Norwegian public body publishes beside the catalogue: its settings in katalog.yaml
//! (`settings`), the DCAT-AP-NO description of the open data (`dcat.ttl`) and
//! `/.well-known/security.txt` (RFC 9116). The accessibility page is a page of the theme.

mod dcat;
mod settings;

pub use settings::{License, Publishing, read, warnings};

use crate::paths;
use crate::site::Site;

/// `dcat.ttl` when katalog.yaml names a publisher, `.well-known/security.txt` when it gives a
/// security contact. `modified` is the date the open data last changed (`YYYY-MM-DD`).
pub fn files(site: &Site, modified: &str) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    if let Some(ttl) = dcat::turtle(site, modified) {
        out.push((paths::DCAT.to_string(), ttl.into_bytes()));
    }
    if let Some(txt) = security_txt(site, modified) {
        out.push((paths::SECURITY_TXT.to_string(), txt.into_bytes()));
    }
    out
}

/// RFC 9116's fields. Expires is a year after the later of the last accessibility check and
/// `modified`, so that a build is the same whenever it runs, and a site nobody looks after
/// stops claiming its contact is current.
fn security_txt(site: &Site, modified: &str) -> Option<String> {
    let p = &site.config.publishing;
    let contact = p.security_contact.as_ref()?;
    let checked = p.accessibility.as_ref().map(|a| a.checked.as_str());
    let from = checked.map_or(modified, |c| c.max(modified));
    Some(format!(
        "Contact: {contact}\nExpires: {}T00:00:00Z\nCanonical: {}{}\nPreferred-Languages: nb, nn, en\n",
        a_year_after(from),
        site.config.base_url,
        paths::SECURITY_TXT
    ))
}

/// `YYYY-MM-DD` one year on (29 February becomes 28 February).
fn a_year_after(date: &str) -> String {
    let year: u32 = date.get(..4).and_then(|y| y.parse().ok()).unwrap_or(2000);
    let rest = match date.get(4..).unwrap_or("-01-01") {
        "-02-29" => "-02-28",
        r => r,
    };
    format!("{}{rest}", year + 1)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_year_after_keeps_the_day_where_it_exists() {
        assert_eq!(super::a_year_after("2026-11-30"), "2027-11-30");
        assert_eq!(super::a_year_after("2024-02-29"), "2025-02-28");
    }
}
