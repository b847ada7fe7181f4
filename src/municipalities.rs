//! The 357 municipalities of 2024, embedded so that a case's number, name and county can be
//! checked against each other and the county and landsdel derived, without network access.
//! Each also carries its centroid, so that the map can place it and neighbours can be found.

use crate::markdown::slugify;
use std::collections::HashMap;
use std::sync::OnceLock;

const CSV: &str = include_str!("../data/kommuner-2024.csv");
/// Columns: kommunenummer, kommunenavn, lon, lat (WGS84 degrees; Kartverket, CC BY 4.0).
const CENTROIDS: &str = include_str!("../data/kommuner-2024-sentroider.csv");

#[derive(Debug, Clone)]
pub struct Municipality {
    pub number: &'static str,
    pub name: &'static str,
    pub county: &'static str,
    /// Inhabitants about 1 January 2024 (`innbyggere`), filled in by `katalog new`.
    pub population: u64,
    /// The written standard the municipality has chosen (`malform`): Bokmål, Nynorsk or Nøytral.
    pub malform: &'static str,
    /// Centroid of the municipality's outline, WGS84 degrees east.
    pub lon: f64,
    /// Centroid of the municipality's outline, WGS84 degrees north.
    pub lat: f64,
}

/// Great-circle (haversine) distance between two municipalities' centroids.
pub fn distance_km(a: &Municipality, b: &Municipality) -> f64 {
    /// Mean Earth radius (IUGG), the usual radius for great-circle distances.
    const EARTH_RADIUS_KM: f64 = 6371.0088;
    let (phi_a, phi_b) = (a.lat.to_radians(), b.lat.to_radians());
    let d_phi = phi_b - phi_a;
    let d_lambda = (b.lon - a.lon).to_radians();
    let h =
        (d_phi / 2.0).sin().powi(2) + phi_a.cos() * phi_b.cos() * (d_lambda / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
}

/// The centroids by municipality number (both files are embedded and checked by a test).
fn centroids() -> HashMap<&'static str, (f64, f64)> {
    CENTROIDS
        .lines()
        .skip(1)
        .filter_map(|line| {
            let f: Vec<&'static str> = line.split(',').collect();
            let lon = f.get(2)?.parse().ok()?;
            let lat = f.get(3)?.parse().ok()?;
            Some((*f.first()?, (lon, lat)))
        })
        .collect()
}

pub struct Registry {
    pub all: Vec<Municipality>,
    by_number: HashMap<&'static str, usize>,
    /// Each one's page slug, in the order of `all` (see `slug`).
    slugs: Vec<String>,
}

impl Registry {
    pub fn by_number(&self, number: &str) -> Option<&Municipality> {
        self.by_number.get(number).map(|&i| &self.all[i])
    }

    /// Every municipality of that name (two are called Herøy, two Våler).
    pub fn by_name<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Municipality> + 'a {
        self.all
            .iter()
            .filter(move |m| m.name.eq_ignore_ascii_case(name) || m.name == name)
    }

    /// The municipality's page slug (`kommune/SLUG/`): its name, and its county too where
    /// two share the name (`heroy-nordland`, `heroy-more-og-romsdal`).
    pub fn slug(&self, m: &Municipality) -> &str {
        self.by_number
            .get(m.number)
            .and_then(|&i| self.slugs.get(i))
            .map_or("", String::as_str)
    }

    pub fn counties(&self) -> Vec<&'static str> {
        let mut c: Vec<&'static str> = self.all.iter().map(|m| m.county).collect();
        c.sort_unstable();
        c.dedup();
        c
    }
}

pub fn registry() -> &'static Registry {
    static REGISTRY: OnceLock<Registry> = OnceLock::new();
    REGISTRY.get_or_init(|| {
        let centroids = centroids();
        let all: Vec<Municipality> = CSV
            .lines()
            .skip(1)
            .filter(|l| !l.is_empty())
            .map(|line| {
                // Columns: kommunenummer, kommunenavn, fylkesnummer, fylke, adm_senter, innbyggere, ...
                // The embedded file has no quoted fields and nine columns (checked by a test).
                let f: Vec<&'static str> = line.split(',').collect();
                let field = |i: usize| f.get(i).copied().unwrap_or("");
                let (lon, lat) = centroids.get(field(0)).copied().unwrap_or_default();
                Municipality {
                    number: field(0),
                    name: field(1),
                    county: field(3),
                    population: field(5).parse().unwrap_or(0),
                    malform: field(7),
                    lon,
                    lat,
                }
            })
            .collect();
        let by_number = all.iter().enumerate().map(|(i, m)| (m.number, i)).collect();
        let slugs = all
            .iter()
            .map(|m| {
                if all.iter().filter(|o| o.name == m.name).count() > 1 {
                    slugify(&format!("{} {}", m.name, m.county))
                } else {
                    slugify(m.name)
                }
            })
            .collect();
        Registry {
            all,
            by_number,
            slugs,
        }
    })
}

/// The five landsdeler (regions) and their counties (2024 county structure).
pub const LANDSDELER: [(&str, &str, &[&str]); 5] = [
    (
        "nord-norge",
        "Nord-Norge",
        &["Nordland", "Troms", "Finnmark"],
    ),
    ("trondelag", "Trøndelag", &["Trøndelag"]),
    (
        "vestlandet",
        "Vestlandet",
        &["Rogaland", "Vestland", "Møre og Romsdal"],
    ),
    ("sorlandet", "Sørlandet", &["Agder"]),
    (
        "ostlandet",
        "Østlandet",
        &[
            "Oslo",
            "Akershus",
            "Buskerud",
            "Østfold",
            "Innlandet",
            "Vestfold",
            "Telemark",
        ],
    ),
];

/// The landsdel (slug, label) of a county, if it is one of the 15 counties of 2024.
pub fn landsdel_of(county: &str) -> Option<(&'static str, &'static str)> {
    LANDSDELER
        .iter()
        .find(|(_, _, counties)| counties.contains(&county))
        .map(|(slug, label, _)| (*slug, *label))
}

/// Size classes by population, in order: slug and upper bound (exclusive).
pub const SIZE_CLASSES: [(&str, u64); 4] = [
    ("under-5000", 5_000),
    ("5000-19999", 20_000),
    ("20000-49999", 50_000),
    ("50000-og-over", u64::MAX),
];

pub fn size_class_of(population: u64) -> &'static str {
    SIZE_CLASSES
        .iter()
        .find(|(_, bound)| population < *bound)
        .map_or("50000-og-over", |(slug, _)| slug)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn has_all_357_with_counties_in_a_landsdel() {
        let r = registry();
        assert_eq!(r.all.len(), 357);
        assert!(!CSV.contains('"'));
        for m in &r.all {
            assert_eq!(m.number.len(), 4);
            assert!(landsdel_of(m.county).is_some(), "{}", m.county);
            assert!(m.population > 0, "{}", m.name);
            assert!(
                ["Bokmål", "Nynorsk", "Nøytral"].contains(&m.malform),
                "{}",
                m.name
            );
        }
        assert!(CSV.lines().skip(1).all(|l| l.split(',').count() == 9));
        assert_eq!(r.by_number("4601").unwrap().population, 291_940);
        assert_eq!(r.by_number("1134").unwrap().name, "Suldal");
        assert_eq!(r.by_number("5607").unwrap().county, "Finnmark");
        assert_eq!(r.counties().len(), 15);
    }

    #[test]
    fn every_municipality_has_a_centroid_in_norway() {
        let c = centroids();
        assert_eq!(c.len(), 357);
        for m in &registry().all {
            assert!(c.contains_key(m.number), "{} has no centroid", m.name);
            assert!((4.0..32.0).contains(&m.lon), "{}: lon {}", m.name, m.lon);
            assert!((57.5..71.5).contains(&m.lat), "{}: lat {}", m.name, m.lat);
        }
    }

    #[test]
    fn distance_is_great_circle_between_centroids() {
        let r = registry();
        let suldal = r.by_number("1134").unwrap();
        let hjelmeland = r.by_number("1133").unwrap();
        // Computed independently (Python, haversine, R = 6371.0088 km) from the two
        // centroids (6.61019 E 59.51859 N and 6.45278 E 59.22300 N): 34.056 km.
        let d = distance_km(suldal, hjelmeland);
        assert!((d - 34.056).abs() < 0.001, "{d}");
        assert_eq!(distance_km(hjelmeland, suldal), d);
        assert_eq!(distance_km(suldal, suldal), 0.0);
        // Oslo to Vadsø, computed the same way: 1431.246 km.
        let far = distance_km(r.by_number("0301").unwrap(), r.by_number("5607").unwrap());
        assert!((far - 1431.246).abs() < 0.001, "{far}");
    }

    #[test]
    fn page_slugs_are_unique_and_tell_namesakes_apart_by_county() {
        let r = registry();
        let slugs: std::collections::HashSet<&str> = r.all.iter().map(|m| r.slug(m)).collect();
        assert_eq!(slugs.len(), 357);
        let slug = |n: &str| r.slug(r.by_number(n).unwrap());
        assert_eq!(slug("1515"), "heroy-more-og-romsdal");
        assert_eq!(slug("1818"), "heroy-nordland");
        assert_eq!(slug("3114"), "valer-ostfold");
        assert_eq!(slug("3419"), "valer-innlandet");
        assert_eq!(slug("1133"), "hjelmeland");
        assert_eq!(slug("5605"), "sor-varanger");
    }

    #[test]
    fn size_classes_have_the_contract_bounds() {
        assert_eq!(size_class_of(4_999), "under-5000");
        assert_eq!(size_class_of(5_000), "5000-19999");
        assert_eq!(size_class_of(19_999), "5000-19999");
        assert_eq!(size_class_of(49_999), "20000-49999");
        assert_eq!(size_class_of(50_000), "50000-og-over");
    }
}
