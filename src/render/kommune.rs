//! The municipality pages: `/kommune/`, all 357 by county, and `/kommune/SLUG/`, one
//! municipality's facts, its own cases, the cases of the municipalities most like it (each
//! with its "why" line) and the nearest cases (`likeness.rs` ranks them).

use super::cards::CardCache;
use crate::diagnostics::Diagnostic;
use crate::likeness::{Neighbours, Place, Size, Why};
use crate::map::{self, Mark, MarkKind};
use crate::municipalities::{self, Municipality};
use crate::paths;
use crate::site::Site;
use crate::strings::Strings;
use crate::theme::Theme;
use crate::views::grouped;
use serde::Serialize;

/// A municipality as its page and the index show it.
#[derive(Serialize)]
struct Facts {
    number: &'static str,
    name: &'static str,
    /// `kommune/SLUG/`'s SLUG, also what "Skriv ut utvalget" names (`/trykk/?kommune=SLUG`).
    slug: &'static str,
    url: String,
    county: &'static str,
    landsdel: &'static str,
    landsdel_slug: &'static str,
    population_fmt: String,
    size_class: &'static str,
    size_label: String,
    malform: String,
    /// Its cases in the catalogue.
    cases: usize,
}

impl Facts {
    fn new(m: &'static Municipality, strings: &Strings, cases: usize) -> Facts {
        let registry = municipalities::registry();
        let (landsdel_slug, landsdel) = municipalities::landsdel_of(m.county).unwrap_or_default();
        let size_class = municipalities::size_class_of(m.population);
        Facts {
            number: m.number,
            name: m.name,
            slug: registry.slug(m),
            url: paths::municipality(registry.slug(m)),
            county: m.county,
            landsdel,
            landsdel_slug,
            population_fmt: grouped(m.population),
            size_class,
            size_label: strings.get(&format!("size_{}", size_class.replace('-', "_"))),
            malform: malform(m, strings),
            cases,
        }
    }
}

/// A case in a ranked list, with the line that says why it is there.
#[derive(Serialize)]
struct Ranked<'a> {
    title: &'a str,
    url: String,
    language: &'a str,
    municipality: &'static str,
    municipality_url: String,
    why: String,
    km: String,
}

/// A county and its municipalities, for the index.
#[derive(Serialize)]
struct County {
    name: &'static str,
    municipalities: Vec<Facts>,
}

fn malform(m: &Municipality, strings: &Strings) -> String {
    strings.get(&format!("malform_{}", crate::markdown::slugify(m.malform)))
}

/// Whole kilometres, grouped: `1 431`.
fn km(why: &Why) -> String {
    grouped(why.km.round() as u64)
}

/// "Om lag like stor (3 889 mot 2 643 innbyggere) · 34 km unna · samme fylke · også nynorsk".
pub(super) fn why_line(why: &Why, strings: &Strings) -> String {
    let size = match why.size {
        Size::AboutTheSame => "why_same_size",
        Size::Larger => "why_larger",
        Size::Smaller => "why_smaller",
    };
    let size = strings
        .get(size)
        .replace("{theirs}", &grouped(why.theirs.population))
        .replace("{ours}", &grouped(why.ours.population));
    let distance = strings.get("why_km").replace("{km}", &km(why));
    let place = match why.place {
        Place::SameCounty => strings.get("why_same_county"),
        Place::SameLandsdel => strings.fill("why_same_landsdel", why.theirs.county),
        Place::Elsewhere => strings.fill("why_elsewhere", why.theirs.county),
    };
    let malform_key = if why.same_malform {
        "why_same_malform"
    } else {
        "why_other_malform"
    };
    let malform = strings.fill(malform_key, &malform(why.theirs, strings));
    [size, distance, place, malform].join(" · ")
}

fn ranked<'a>(site: &'a Site, list: &[(usize, Why)], strings: &Strings) -> Vec<Ranked<'a>> {
    let registry = municipalities::registry();
    list.iter()
        .filter_map(|(i, why)| {
            let case = site.cases.get(*i)?;
            Some(Ranked {
                title: &case.meta.title,
                url: case.url(),
                language: &case.lang,
                municipality: why.theirs.name,
                municipality_url: paths::municipality(registry.slug(why.theirs)),
                why: why_line(why, strings),
                km: km(why),
            })
        })
        .collect()
}

/// "Suldal: 1 eksempel", a mark's name.
fn mark_label(m: &Municipality, cases: usize, strings: &Strings) -> String {
    let n = if cases == 1 {
        strings.get("n_cases_one")
    } else {
        strings
            .get("n_cases")
            .replace("{n}", &grouped(cases as u64))
    };
    format!("{}: {n}", m.name)
}

/// The map with a mark on every municipality that has cases, each a link to its page; on
/// municipality `chosen`'s page that one is marked as chosen and those of its nearest cases
/// as near.
pub(super) fn map_of(
    neighbours: &[Neighbours],
    chosen: Option<usize>,
    strings: &Strings,
    root: &str,
) -> String {
    let registry = municipalities::registry();
    let near: Vec<&str> = chosen
        .and_then(|i| neighbours.get(i))
        .map(|n| n.nearest.iter().map(|(_, why)| why.theirs.number).collect())
        .unwrap_or_default();
    let marks: Vec<Mark> = registry
        .all
        .iter()
        .zip(neighbours)
        .enumerate()
        .filter(|(i, (_, n))| !n.own.is_empty() || chosen == Some(*i))
        .map(|(i, (m, n))| Mark {
            number: m.number,
            href: format!("{root}{}", paths::municipality(registry.slug(m))),
            label: mark_label(m, n.own.len(), strings),
            kind: if chosen == Some(i) {
                MarkKind::Chosen
            } else if near.contains(&m.number) {
                MarkKind::Near
            } else {
                MarkKind::Cases
            },
        })
        .collect();
    let desc = match chosen.and_then(|i| registry.all.get(i)) {
        Some(m) => strings.fill("map_desc_municipality", m.name),
        None => strings.get("map_desc"),
    };
    let file = format!("{root}{}", paths::MAP);
    map::svg(&marks, &strings.get("map_title"), &desc, &file)
}

/// The context of `/kommune/SLUG/` for municipality `i` of the registry.
pub(super) fn page(
    ctx: &mut tera::Context,
    site: &Site,
    theme: &Theme,
    cards: &CardCache,
    root: &str,
    i: usize,
    all: &[Neighbours],
) -> Result<&'static str, Diagnostic> {
    let strings = &theme.strings;
    let Some(neighbours) = all.get(i) else {
        return Ok("");
    };
    let m = &municipalities::registry().all[i];
    ctx.insert(
        "municipality",
        &Facts::new(m, strings, neighbours.own.len()),
    );
    let own: Vec<tera::Value> = neighbours
        .own
        .iter()
        .map(|&j| cards.get(site, theme, j, root))
        .collect::<Result<_, _>>()?;
    ctx.insert_value("own", own.into());
    ctx.insert("alike", &ranked(site, &neighbours.alike, strings));
    ctx.insert("nearest", &ranked(site, &neighbours.nearest, strings));
    ctx.insert("map", &map_of(all, Some(i), strings, root));
    Ok(m.name)
}

/// The context of `/kommune/`: every municipality by county, each with its number of cases.
pub(super) fn index(
    ctx: &mut tera::Context,
    strings: &Strings,
    neighbours: &[Neighbours],
    root: &str,
) {
    let registry = municipalities::registry();
    let counties: Vec<County> = registry
        .counties()
        .into_iter()
        .map(|county| {
            let mut municipalities: Vec<Facts> = registry
                .all
                .iter()
                .zip(neighbours)
                .filter(|(m, _)| m.county == county)
                .map(|(m, n)| Facts::new(m, strings, n.own.len()))
                .collect();
            municipalities.sort_by_key(|f| sort_key(f.name));
            County {
                name: county,
                municipalities,
            }
        })
        .collect();
    ctx.insert("counties", &counties);
    ctx.insert("map", &map_of(neighbours, None, strings, root));
}

/// Norwegian alphabetical order: æ, ø, å after z.
fn sort_key(name: &str) -> String {
    name.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'æ' => '{',
            'ø' => '|',
            'å' => '}',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_sort_the_norwegian_way() {
        let mut names = ["Ål", "Øygarden", "Zeta", "Ærøy", "Alta"];
        names.sort_by_key(|n| super::sort_key(n));
        assert_eq!(names, ["Alta", "Zeta", "Ærøy", "Øygarden", "Ål"]);
    }
}
