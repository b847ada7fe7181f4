//! Fingerprints of a page's inputs, so that watch mode renders again only the pages whose
//! inputs changed.

use super::{Job, pages_of};
use crate::likeness::Neighbours;
use crate::site::Site;
use crate::theme::Theme;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

/// Where each page was written and a hash of everything it was rendered from.
pub type Fingerprints = HashMap<String, u64>;

pub(super) fn hash_of<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

/// A hash of what every page may show: settings, theme, facet counts.
pub(super) fn global(site: &Site, theme: &Theme) -> u64 {
    let counts: Vec<Vec<usize>> = site
        .facets
        .iter()
        .map(|f| f.terms.iter().map(|t| t.cases.len()).collect())
        .collect();
    hash_of(&(
        format!("{:?}", site.config),
        theme.fp,
        counts,
        site.cases.len(),
    ))
}

/// Each municipality's number of cases, which the maps show.
fn own_counts(neighbours: &[Neighbours]) -> Vec<usize> {
    neighbours.iter().map(|n| n.own.len()).collect()
}

/// A hash of the page-specific inputs of `job` (the cases it shows, their neighbours and
/// related cases, its pager).
pub(super) fn of_job(site: &Site, neighbours: &[Neighbours], job: &Job) -> u64 {
    let case = |i: usize| site.cases.get(i).map(|c| (c.slug.as_str(), c.fp));
    let listing = |all: &[usize], page: usize| {
        let per = site.config.per_page;
        let shown: Vec<_> = all
            .iter()
            .skip((page - 1) * per)
            .take(per)
            .map(|&i| case(i))
            .collect();
        hash_of(&(shown, pages_of(all.len(), per)))
    };
    match job {
        Job::Front(p) => {
            // Its first page maps each municipality's number of cases, and its JSON-LD says
            // when the newest change was.
            let first = (*p == 1).then(|| {
                let newest = site.cases.iter().filter_map(|c| c.modified()).max();
                (own_counts(neighbours), newest)
            });
            listing(&(0..site.cases.len()).collect::<Vec<_>>(), *p)
                ^ site.intro.as_ref().map_or(0, |i| i.fp)
                ^ hash_of(&first)
        }
        Job::Case(i) => hash_of(&(
            case(*i),
            i.checked_sub(1).and_then(case),
            case(i + 1),
            site.cases[*i]
                .related
                .iter()
                .map(|&j| case(j))
                .collect::<Vec<_>>(),
        )),
        Job::Taxonomy(fi) => *fi as u64,
        Job::Term { facet, term, page } => hash_of(&(
            *facet,
            *term,
            listing(&site.facets[*facet].terms[*term].cases, *page),
        )),
        Job::Page(i) => hash_of(&(site.pages[*i].slug.as_str(), site.pages[*i].fp)),
        Job::Print => hash_of(&(
            site.cases
                .iter()
                .map(|c| (c.slug.as_str(), c.fp))
                .collect::<Vec<_>>(),
            site.intro.as_ref().map(|i| i.fp),
        )),
        Job::Search | Job::Compare | Job::NotFound | Job::Accessibility => 0,
        // The index shows each municipality's number of cases.
        Job::Municipalities => hash_of(&own_counts(neighbours)),
        Job::Municipality(i) => neighbours.get(*i).map_or(0, |n| {
            let ranked = |list: &[(usize, crate::likeness::Why)]| {
                list.iter().map(|&(j, _)| case(j)).collect::<Vec<_>>()
            };
            hash_of(&(
                *i,
                own_counts(neighbours),
                n.own.iter().map(|&j| case(j)).collect::<Vec<_>>(),
                ranked(&n.alike),
                ranked(&n.nearest),
            ))
        }),
    }
}
