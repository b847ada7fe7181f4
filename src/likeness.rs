//! How alike two municipalities are, so that a municipality's page can list the catalogue's
//! cases from places like it, each with the figures that say why. Deterministic and computed
//! at build time from the embedded municipalities (README, "Likeness").
//!
//! The distance between municipalities A and B (lower is more alike) adds up:
//! - 2 points per doubling of population: `2 · |log2(pop_A / pop_B)|`;
//! - `log2(1 + km / 50)` for the great-circle distance between their centroids (50 km: 1,
//!   300 km: 2.8, 1 500 km: 5);
//! - 1 point for another county and 1 more for another landsdel;
//! - 1 point for another målform.
//!
//! Ties go to the lower municipality number. Cases are ranked by their municipality's distance
//! and keep the listing order within one municipality.

use crate::municipalities::{self, Municipality, Registry};
use crate::site::Site;
use std::collections::HashMap;

/// Cases listed as most alike on a municipality's page.
pub const ALIKE: usize = 10;
/// Cases listed as nearest on a municipality's page.
pub const NEAREST: usize = 5;
/// Populations within this ratio are "about the same size".
const SAME_SIZE_RATIO: f64 = 1.5;

/// Where a case's municipality lies, seen from the chosen one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Place {
    SameCounty,
    SameLandsdel,
    Elsewhere,
}

/// Whether a case's municipality is larger, smaller or about as large as the chosen one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Size {
    AboutTheSame,
    Larger,
    Smaller,
}

/// The figures behind a case's place in the ranking, for its "why" line.
#[derive(Debug, Clone, Copy)]
pub struct Why {
    /// The case's municipality.
    pub theirs: &'static Municipality,
    /// The chosen municipality.
    pub ours: &'static Municipality,
    pub size: Size,
    /// Great-circle distance between the centroids, in km.
    pub km: f64,
    pub place: Place,
    pub same_malform: bool,
}

impl Why {
    fn new(ours: &'static Municipality, theirs: &'static Municipality) -> Why {
        let ratio = theirs.population.max(1) as f64 / ours.population.max(1) as f64;
        let size = if (1.0 / SAME_SIZE_RATIO..=SAME_SIZE_RATIO).contains(&ratio) {
            Size::AboutTheSame
        } else if ratio > 1.0 {
            Size::Larger
        } else {
            Size::Smaller
        };
        let place = if theirs.county == ours.county {
            Place::SameCounty
        } else if municipalities::landsdel_of(theirs.county)
            == municipalities::landsdel_of(ours.county)
        {
            Place::SameLandsdel
        } else {
            Place::Elsewhere
        };
        Why {
            theirs,
            ours,
            size,
            km: municipalities::distance_km(ours, theirs),
            place,
            same_malform: theirs.malform == ours.malform,
        }
    }

    /// The likeness distance of the module's documentation: lower is more alike.
    fn distance(&self) -> f64 {
        let population = (self.theirs.population.max(1) as f64
            / self.ours.population.max(1) as f64)
            .log2()
            .abs();
        let place = match self.place {
            Place::SameCounty => 0.0,
            Place::SameLandsdel => 1.0,
            Place::Elsewhere => 2.0,
        };
        2.0 * population
            + (1.0 + self.km / 50.0).log2()
            + place
            + if self.same_malform { 0.0 } else { 1.0 }
    }
}

/// What a municipality's page lists: its own cases, the most alike and the nearest.
pub struct Neighbours {
    /// Its own cases, in listing order.
    pub own: Vec<usize>,
    /// Up to `ALIKE` cases of other municipalities, most alike first.
    pub alike: Vec<(usize, Why)>,
    /// Up to `NEAREST` cases of other municipalities, nearest first.
    pub nearest: Vec<(usize, Why)>,
}

/// The neighbours of every municipality of the registry, in its order. Cases are grouped by
/// municipality first, so the work grows with the municipalities that have cases, not with the
/// cases.
pub fn neighbours(site: &Site, registry: &'static Registry) -> Vec<Neighbours> {
    let mut by_number: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, case) in site.cases.iter().enumerate() {
        by_number
            .entry(case.meta.municipality_number.as_str())
            .or_default()
            .push(i);
    }
    let mut with_cases: Vec<(&'static Municipality, &Vec<usize>)> = registry
        .all
        .iter()
        .filter_map(|m| by_number.get(m.number).map(|cases| (m, cases)))
        .collect();
    with_cases.sort_by_key(|(m, _)| m.number);
    registry
        .all
        .iter()
        .map(|ours| {
            let mut others: Vec<(f64, Why, &Vec<usize>)> = with_cases
                .iter()
                .filter(|(m, _)| m.number != ours.number)
                .map(|&(theirs, cases)| {
                    let why = Why::new(ours, theirs);
                    (why.distance(), why, cases)
                })
                .collect();
            // Stable sorts: equal scores keep the municipality-number order.
            others.sort_by(|a, b| a.0.total_cmp(&b.0));
            let alike = take_cases(&others, ALIKE);
            others.sort_by(|a, b| a.1.km.total_cmp(&b.1.km));
            let nearest = take_cases(&others, NEAREST);
            Neighbours {
                own: by_number.get(ours.number).cloned().unwrap_or_default(),
                alike,
                nearest,
            }
        })
        .collect()
}

/// The first `n` cases of the municipalities in `ranked`, in their order.
fn take_cases(ranked: &[(f64, Why, &Vec<usize>)], n: usize) -> Vec<(usize, Why)> {
    ranked
        .iter()
        .flat_map(|(_, why, cases)| cases.iter().map(move |&i| (i, *why)))
        .take(n)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn why(ours: &str, theirs: &str) -> Why {
        let r = municipalities::registry();
        Why::new(r.by_number(ours).unwrap(), r.by_number(theirs).unwrap())
    }

    #[test]
    fn suldal_is_like_hjelmeland_in_every_respect() {
        let w = why("1133", "1134");
        assert_eq!(w.size, Size::AboutTheSame);
        assert_eq!(w.place, Place::SameCounty);
        assert!(w.same_malform);
        assert_eq!(w.km.round(), 34.0);
        assert!(w.distance() < why("1133", "4647").distance());
    }

    #[test]
    fn bergen_is_more_like_oslo_than_lorenskog_next_door() {
        let bergen = why("0301", "4601");
        let lorenskog = why("0301", "3222");
        assert_eq!(bergen.size, Size::Smaller);
        assert_eq!(bergen.place, Place::Elsewhere);
        assert_eq!(lorenskog.place, Place::SameLandsdel);
        assert!(bergen.distance() < lorenskog.distance());
        assert_eq!(why("4601", "0301").size, Size::Larger);
    }
}
