//! What templates see: serialisable views of the site model. URLs are relative to the site
//! root (templates write `{{ root }}{{ x.url }}`), except `links[].url`, which is ready to use;
//! numbers are formatted the Norwegian way.

use crate::paths;
use crate::site::{Case, Site};
use serde::Serialize;

#[derive(Serialize, Clone)]
pub struct TermRef<'a> {
    pub slug: &'a str,
    pub label: &'a str,
    pub url: String,
}

#[derive(Serialize)]
pub struct TermView<'a> {
    pub slug: &'a str,
    pub label: &'a str,
    pub description: &'a str,
    pub url: String,
    pub count: usize,
}

#[derive(Serialize)]
pub struct FacetView<'a> {
    pub key: &'a str,
    pub label: &'a str,
    pub url: String,
    pub terms: Vec<TermView<'a>>,
}

#[derive(Serialize)]
pub struct Toc<'a> {
    pub id: &'a str,
    pub title: &'a str,
}

#[derive(Serialize)]
pub struct Period<'a> {
    pub start: &'a str,
    pub end: &'a str,
}

#[derive(Serialize)]
pub struct BudgetItem<'a> {
    pub item: &'a str,
    pub nok: u64,
    pub nok_fmt: String,
}

#[derive(Serialize)]
pub struct BudgetPeriod<'a> {
    pub period: &'a str,
    pub items: Vec<BudgetItem<'a>>,
    pub sum: u64,
    pub sum_fmt: String,
}

#[derive(Serialize)]
pub struct Budget<'a> {
    pub periods: Vec<BudgetPeriod<'a>>,
    pub total: u64,
    pub total_fmt: String,
    pub exceeds_grant: bool,
}

#[derive(Serialize)]
pub struct Contact<'a> {
    pub name: &'a str,
    pub role: Option<&'a str>,
    pub email: Option<&'a str>,
}

#[derive(Serialize)]
pub struct Link<'a> {
    pub title: &'a str,
    pub url: String,
    pub external: bool,
}

#[derive(Serialize)]
pub struct Image<'a> {
    pub src: String,
    pub alt: &'a str,
}

#[derive(Serialize)]
pub struct CaseView<'a> {
    pub slug: &'a str,
    pub url: String,
    pub title: &'a str,
    pub municipality: &'a str,
    pub municipality_number: &'a str,
    pub county: Option<TermRef<'a>>,
    pub landsdel: Option<TermRef<'a>>,
    pub size_class: Option<TermRef<'a>>,
    /// The municipality's written standard as the key of its UI string (`bokmal`, `nynorsk`,
    /// `noytral`: `malform_KEY`), or `None` for a number katalog does not know.
    pub malform: Option<String>,
    pub population: u64,
    pub population_fmt: String,
    pub model_types: Vec<TermRef<'a>>,
    pub target_groups: Vec<TermRef<'a>>,
    pub summary: &'a str,
    pub period: Option<Period<'a>>,
    pub grant_nok: Option<u64>,
    pub grant_fmt: Option<String>,
    pub budget: Option<Budget<'a>>,
    pub sdgs: &'a [u8],
    pub contact: Option<Contact<'a>>,
    pub links: Vec<Link<'a>>,
    pub image: Option<Image<'a>>,
    pub language: &'a str,
    pub date: Option<&'a str>,
    pub updated: Option<&'a str>,
    /// `updated` if set, else the date of the file's last commit ("Sist endret").
    pub last_changed: Option<&'a str>,
    pub draft: bool,
    pub source_path: &'a str,
    pub edit_url: Option<String>,
}

/// Text made safe inside HTML and XML elements and double-quoted attributes.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `291940` -> `291 940` (with a no-break space, as Norwegian writes thousands).
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{a0}');
        }
        out.push(ch);
    }
    out
}

/// The path inside the site of a site path from front matter (`/eksempler/x/` →
/// `eksempler/x/`); `None` for an external URL (`https://…`, `//host/…`).
pub fn site_path(url: &str) -> Option<&str> {
    url.strip_prefix('/').filter(|_| !url.starts_with("//"))
}

/// A site path from front matter (`/eksempler/x/`) or an external URL, for a page at `root`.
pub fn href(url: &str, root: &str) -> (String, bool) {
    match site_path(url) {
        Some(p) => (format!("{root}{p}"), false),
        None => (url.to_string(), true),
    }
}

/// A case's links for a page at `root`: the only part of a case's view that depends on the page.
pub fn links<'a>(case: &'a Case, root: &str) -> Vec<Link<'a>> {
    case.meta
        .links
        .iter()
        .map(|l| {
            let (url, external) = href(&l.url, root);
            Link {
                title: &l.title,
                url,
                external,
            }
        })
        .collect()
}

impl<'a> CaseView<'a> {
    pub fn new(site: &'a Site, case: &'a Case, root: &str) -> CaseView<'a> {
        let m = &case.meta;
        let term_refs = |fi: usize| -> Vec<TermRef<'a>> {
            let facet = &site.facets[fi];
            case.terms[fi]
                .iter()
                .map(|&ti| {
                    let t = &facet.terms[ti];
                    TermRef {
                        slug: &t.slug,
                        label: &t.label,
                        url: paths::term(facet.key, &t.slug),
                    }
                })
                .collect()
        };
        let budget = (!m.budget.is_empty()).then(|| {
            let periods: Vec<BudgetPeriod> = m
                .budget
                .iter()
                .map(|p| {
                    let sum = p.items.iter().map(|i| i.nok).sum();
                    BudgetPeriod {
                        period: &p.period,
                        items: p
                            .items
                            .iter()
                            .map(|i| BudgetItem {
                                item: &i.item,
                                nok: i.nok,
                                nok_fmt: grouped(i.nok),
                            })
                            .collect(),
                        sum,
                        sum_fmt: grouped(sum),
                    }
                })
                .collect();
            let total = periods.iter().map(|p| p.sum).sum();
            Budget {
                periods,
                total,
                total_fmt: grouped(total),
                exceeds_grant: m.grant_nok.is_some_and(|g| total > g),
            }
        });
        CaseView {
            slug: &case.slug,
            url: case.url(),
            title: &m.title,
            municipality: &m.municipality,
            municipality_number: &m.municipality_number,
            landsdel: term_refs(2).into_iter().next(),
            county: term_refs(3).into_iter().next(),
            size_class: term_refs(4).into_iter().next(),
            malform: crate::municipalities::registry()
                .by_number(&m.municipality_number)
                .map(|k| crate::markdown::slugify(k.malform)),
            model_types: term_refs(0),
            target_groups: term_refs(1),
            population: m.population,
            population_fmt: grouped(m.population),
            summary: &m.summary,
            period: m.period.as_ref().map(|p| Period {
                start: &p.start,
                end: &p.end,
            }),
            grant_nok: m.grant_nok,
            grant_fmt: m.grant_nok.map(grouped),
            budget,
            sdgs: &m.sdgs,
            contact: m.contact.as_ref().map(|c| Contact {
                name: &c.name,
                role: c.role.as_deref(),
                email: c.email.as_deref(),
            }),
            links: links(case, root),
            image: m.image.as_ref().map(|i| Image {
                src: i.src.clone(),
                alt: &i.alt,
            }),
            language: &case.lang,
            date: m.date.as_deref(),
            updated: m.updated.as_deref(),
            last_changed: case.last_changed(),
            draft: m.draft,
            source_path: &case.path,
            edit_url: site.config.edit_url.as_ref().map(|p| {
                p.replace(
                    "{path}",
                    case.path.strip_prefix("content/").unwrap_or(&case.path),
                )
            }),
        }
    }
}

#[derive(Serialize)]
pub struct PagerLink {
    pub number: usize,
    pub url: String,
}

#[derive(Serialize)]
pub struct Pager {
    pub current: usize,
    pub total: usize,
    pub prev_url: Option<String>,
    pub next_url: Option<String>,
    pub pages: Vec<PagerLink>,
}

impl Pager {
    pub fn new(base: &str, current: usize, total: usize) -> Pager {
        let url = |n: usize| paths::listing_page(base, n);
        Pager {
            current,
            total,
            prev_url: (current > 1).then(|| url(current - 1)),
            next_url: (current < total).then(|| url(current + 1)),
            // A window around the current page plus the first and last, so a listing of
            // thousands of cases does not carry hundreds of links on every page.
            pages: (1..=total)
                .filter(|&n| n == 1 || n == total || n.abs_diff(current) <= 2)
                .map(|n| PagerLink {
                    number: n,
                    url: url(n),
                })
                .collect(),
        }
    }
}

/// The five facets; `used_only` leaves out terms without cases (the filter panel).
pub fn facets<'a>(site: &'a Site, used_only: bool) -> Vec<FacetView<'a>> {
    site.facets
        .iter()
        .map(|f| FacetView {
            key: f.key,
            label: &f.label,
            url: paths::taxonomy(f.key),
            terms: f
                .terms
                .iter()
                .filter(|t| !used_only || !t.cases.is_empty())
                .map(|t| TermView {
                    slug: &t.slug,
                    label: &t.label,
                    description: &t.description,
                    url: paths::term(f.key, &t.slug),
                    count: t.cases.len(),
                })
                .collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_kroner_with_no_break_spaces() {
        assert_eq!(grouped(300000), "300\u{a0}000");
        assert_eq!(grouped(1234567), "1\u{a0}234\u{a0}567");
        assert_eq!(grouped(999), "999");
    }

    #[test]
    fn pager_urls() {
        let p = Pager::new("modelltype/x/", 2, 3);
        assert_eq!(p.prev_url.as_deref(), Some("modelltype/x/"));
        assert_eq!(p.next_url.as_deref(), Some("modelltype/x/side/3/"));
        let numbers = |p: Pager| p.pages.iter().map(|l| l.number).collect::<Vec<_>>();
        assert_eq!(
            numbers(Pager::new("", 10, 40)),
            vec![1, 8, 9, 10, 11, 12, 40]
        );
    }
}
