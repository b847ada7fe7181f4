//! Rendering every HTML page of the site through the theme's templates, in parallel, into the
//! staging folder.

mod cards;
mod fingerprint;
mod handout;
mod kommune;
mod linked_data;
mod print;

pub use cards::CardCache;
pub use fingerprint::Fingerprints;

use crate::diagnostics::{Diagnostic, Pos};
use crate::likeness::{self, Neighbours};
use crate::municipalities;
use crate::paths;
use crate::site::Site;
use crate::theme::Theme;
use crate::views::{self, Pager};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeSet;

/// One HTML page to write.
enum Job {
    /// Page N (1-based) of the front page's listing.
    Front(usize),
    /// Case `i` of `Site::cases`.
    Case(usize),
    /// Facet `i` of `Site::facets`: its page of terms.
    Taxonomy(usize),
    /// Page `page` (1-based) of the listing of a facet's term.
    Term {
        facet: usize,
        term: usize,
        page: usize,
    },
    /// Page `i` of `Site::pages`.
    Page(usize),
    Print,
    /// `/sok/`, the search page (its results come from the browser).
    Search,
    /// `/sammenlign/`, the comparison of chosen cases (its columns come from the browser).
    Compare,
    /// `/kommune/`, every municipality by county.
    Municipalities,
    /// Municipality `i` of `municipalities::registry()`: `/kommune/SLUG/`.
    Municipality(usize),
    /// `/tilgjengelighet/`, the accessibility page.
    Accessibility,
    NotFound,
}

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    base_url: &'a str,
    language: &'a str,
    case_count: usize,
    case_count_fmt: String,
    taxonomies: Vec<views::FacetView<'a>>,
    facets: Vec<views::FacetView<'a>>,
    /// Whether the site has a search (`search` in katalog.yaml): the search box, `/sok/`.
    search: bool,
    /// The content's licence (`license` in katalog.yaml): the footer, each case page.
    license: Option<&'static crate::publish::License>,
}

#[derive(Serialize)]
struct PageView<'a> {
    title: &'a str,
    description: &'a str,
    language: &'a str,
    body: &'a str,
    toc: Vec<views::Toc<'a>>,
}

/// From a page's folder (`eksempler/x/`) to the root: `../../`.
pub fn root_of(dir: &str) -> String {
    "../".repeat(dir.matches('/').count())
}

fn pages_of(n: usize, per_page: usize) -> usize {
    n.div_ceil(per_page).max(1)
}

/// A template that failed to render, reported at the template's file.
fn template_error(theme: &str, template: &str, what: &str, e: tera::Error) -> Diagnostic {
    Diagnostic::new(
        &format!("themes/{theme}/templates/{template}"),
        Pos::new(1, 1),
        "template",
        format!("rendering {what} failed: {e}"),
    )
}

/// Writes one output file (`rel` is `/`-separated, relative to the site root).
pub type Writer<'a> = dyn Fn(&str, &[u8]) -> std::io::Result<()> + Sync + 'a;

/// Which pages to render: case pages wait for their related cases (search index) while the
/// others render; the print page is one huge page that watch mode renders last.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Pages {
    AllButCases,
    Cases,
    AllButPrint,
    Print,
}

impl Pages {
    fn want(self, job: &Job) -> bool {
        match self {
            Pages::AllButCases => !matches!(job, Job::Case(_)),
            Pages::Cases => matches!(job, Job::Case(_)),
            Pages::AllButPrint => !matches!(job, Job::Print),
            Pages::Print => matches!(job, Job::Print),
        }
    }
}

/// Renders the pages of `which` whose fingerprint differs from `previous`; returns the
/// fingerprints of all pages of `which`.
pub fn render_pages(
    site: &Site,
    theme: &mut Theme,
    cards: &CardCache,
    write: &Writer,
    previous: &Fingerprints,
    which: Pages,
) -> Result<Fingerprints, Vec<Diagnostic>> {
    let all_facets = views::facets(site, false);
    let site_view = SiteView {
        title: &site.config.title,
        description: &site.config.description,
        base_url: &site.config.base_url,
        language: &site.config.language,
        case_count: site.cases.len(),
        case_count_fmt: views::grouped(site.cases.len() as u64),
        taxonomies: all_facets.into_iter().take(2).collect(),
        facets: views::facets(site, true),
        search: site.config.search,
        license: site.config.publishing.license,
    };
    let globals = theme.tera.global_context();
    globals.insert("site", &site_view);
    globals.insert("t", &theme.strings.0);
    globals.insert(
        "build",
        &serde_json::json!({ "generator": concat!("katalog ", env!("CARGO_PKG_VERSION")) }),
    );
    let theme = &*theme;
    let global = fingerprint::global(site, theme);

    let per_page = site.config.per_page;
    let mut jobs: Vec<Job> = Vec::new();
    // The print page first: it is the longest job, and starting it early keeps every core busy.
    jobs.push(Job::Print);
    jobs.extend((1..=pages_of(site.cases.len(), per_page)).map(Job::Front));
    jobs.extend((0..site.cases.len()).map(Job::Case));
    for (fi, f) in site.facets.iter().enumerate() {
        jobs.push(Job::Taxonomy(fi));
        for (ti, t) in f.terms.iter().enumerate() {
            jobs.extend(
                (1..=pages_of(t.cases.len(), per_page)).map(|page| Job::Term {
                    facet: fi,
                    term: ti,
                    page,
                }),
            );
        }
    }
    jobs.extend((0..site.pages.len()).map(Job::Page));
    if site.config.search {
        jobs.push(Job::Search);
    }
    jobs.push(Job::Compare);
    jobs.push(Job::NotFound);
    jobs.push(Job::Accessibility);
    jobs.push(Job::Municipalities);
    jobs.extend((0..municipalities::registry().all.len()).map(Job::Municipality));
    jobs.retain(|job| which.want(job));
    let neighbours = if jobs.iter().any(|j| {
        matches!(
            j,
            Job::Front(1) | Job::Municipalities | Job::Municipality(_)
        )
    }) {
        likeness::neighbours(site, municipalities::registry())
    } else {
        Vec::new()
    };
    let targets: Vec<Target> = jobs.iter().map(|job| target(site, job)).collect();
    let results: Vec<Result<(String, u64), Diagnostic>> = jobs
        .par_iter()
        .zip(targets)
        .map(|(job, target)| {
            let fp = fingerprint::hash_of(&(global, fingerprint::of_job(site, &neighbours, job)));
            if previous.get(&target.out) != Some(&fp) {
                render_job(site, theme, cards, write, &neighbours, job, &target)?;
            }
            Ok((target.out, fp))
        })
        .collect();
    let mut fps = Fingerprints::new();
    let mut errors = Vec::new();
    // A card that cannot be rendered fails every page that shows it: say so once.
    let mut seen = BTreeSet::new();
    for r in results {
        match r {
            Ok((out, fp)) => {
                fps.insert(out, fp);
            }
            Err(e) => {
                if seen.insert(e.clone()) {
                    errors.push(e);
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(fps)
    } else {
        Err(errors)
    }
}

/// Where a page goes and what makes it.
struct Target {
    /// Its folder (`eksempler/x/`).
    dir: String,
    /// Its file (`eksempler/x/index.html`).
    out: String,
    /// The way from the page to the site's root (`../../`).
    root: String,
    template: &'static str,
}

/// The page's folder, output file, root and template.
fn target(site: &Site, job: &Job) -> Target {
    let (dir, template) = match job {
        Job::Front(p) => (paths::listing_page("", *p), "index.html"),
        Job::Case(i) => (site.cases[*i].url(), "case.html"),
        Job::Taxonomy(fi) => (paths::taxonomy(site.facets[*fi].key), "taxonomy.html"),
        Job::Term { facet, term, page } => {
            let f = &site.facets[*facet];
            (
                paths::listing_page(&paths::term(f.key, &f.terms[*term].slug), *page),
                "term.html",
            )
        }
        Job::Page(i) => (paths::page(&site.pages[*i].slug), "page.html"),
        Job::Print => (paths::PRINT.to_string(), "print.html"),
        Job::Search => (paths::SEARCH_PAGE.to_string(), "search.html"),
        Job::Compare => (paths::COMPARE.to_string(), "compare.html"),
        Job::NotFound => (String::new(), "404.html"),
        Job::Accessibility => (paths::ACCESSIBILITY.to_string(), "accessibility.html"),
        Job::Municipalities => (paths::MUNICIPALITIES.to_string(), "kommune-index.html"),
        Job::Municipality(i) => {
            let registry = municipalities::registry();
            let slug = registry.all.get(*i).map(|m| registry.slug(m));
            (
                paths::municipality(slug.unwrap_or_default()),
                "kommune.html",
            )
        }
    };
    let (out, root) = match job {
        // Served at any depth: its links start from base_url's path.
        Job::NotFound => (paths::NOT_FOUND.to_string(), site.config.base_path()),
        _ => (paths::index_of(&dir), root_of(&dir)),
    };
    Target {
        dir,
        out,
        root,
        template,
    }
}

fn render_job(
    site: &Site,
    theme: &Theme,
    cards: &CardCache,
    write: &Writer,
    neighbours: &[Neighbours],
    job: &Job,
    target: &Target,
) -> Result<(), Diagnostic> {
    let Target {
        dir,
        out,
        root,
        template,
    } = target;
    let cfg = &site.config;
    let card = |i: usize| cards.get(site, theme, i, root);
    let mut ctx = tera::Context::new();
    let mut lang = cfg.language.as_str();
    let mut title = cfg.title.as_str();
    let mut description = cfg.description.as_str();
    let search_title;
    let compare_title;
    let municipalities_title;
    let accessibility_title;
    let kind;
    // schema.org JSON-LD (`linked_data.rs`): the front page's first page and case pages.
    let mut json_ld = None;
    match job {
        Job::Front(p) => {
            kind = "front";
            listing(
                &mut ctx,
                &card,
                cfg.per_page,
                "",
                &(0..site.cases.len()).collect::<Vec<_>>(),
                *p,
            )?;
            // The first page maps the municipalities with cases.
            let map = if *p == 1 {
                kommune::map_of(neighbours, None, &theme.strings, root)
            } else {
                String::new()
            };
            ctx.insert("map", &map);
            if *p == 1 {
                json_ld = Some(linked_data::catalogue(site));
            }
            if let Some(intro) = &site.intro {
                ctx.insert("intro", &intro.body.html);
                ctx.insert("intro_title", &intro.meta.title);
            } else {
                ctx.insert("intro", "");
                ctx.insert("intro_title", &cfg.title);
            }
        }
        Job::Case(i) => {
            kind = "case";
            let case = &site.cases[*i];
            lang = &case.lang;
            title = &case.meta.title;
            description = &case.meta.summary;
            // The case's card at this depth, with the body and its table of contents.
            let mut view = card(*i)?.into_map().unwrap_or_default();
            let body = handout::with_addresses(&case.body.html, &cfg.base_url, 2);
            view.insert("body".into(), body.into());
            if !case.body.toc.is_empty() {
                let toc: Vec<views::Toc> = case
                    .body
                    .toc
                    .iter()
                    .map(|h| views::Toc {
                        id: &h.id,
                        title: &h.title,
                    })
                    .collect();
                view.insert("toc".into(), tera::Value::from_serializable(&toc));
            }
            ctx.insert_value("case", view.into());
            let near = |j: usize| (j < site.cases.len()).then(|| card(j));
            ctx.insert_value("prev", i.checked_sub(1).and_then(near).transpose()?.into());
            ctx.insert_value("next", near(i + 1).transpose()?.into());
            let related: Vec<tera::Value> = case
                .related
                .iter()
                .filter_map(|&j| near(j))
                .collect::<Result<_, _>>()?;
            ctx.insert_value("related", related.into());
            let mut questions = print::term_questions(site, |fi, ti| case.terms[fi].contains(&ti));
            questions.retain(|q| q.shown);
            ctx.insert("questions", &questions);
            let address = format!("{}{}", cfg.base_url, case.url());
            let address = handout::css_string(&address);
            let style = handout::print_style(&address);
            ctx.insert("print_style_hash", &handout::csp_hash(&style));
            ctx.insert("print_style", &style);
            ctx.insert("print_address", &address);
            json_ld = Some(linked_data::case(site, case));
        }
        Job::Taxonomy(fi) => {
            kind = "taxonomy";
            let f = &site.facets[*fi];
            title = &f.label;
            ctx.insert("taxonomy", &views::facets(site, false).swap_remove(*fi));
        }
        Job::Term { facet, term, page } => {
            kind = "term";
            let f = &site.facets[*facet];
            let t = &f.terms[*term];
            title = &t.label;
            if !t.description.is_empty() {
                description = &t.description;
            }
            let mut fv = views::facets(site, false).swap_remove(*facet);
            ctx.insert("term", &fv.terms.swap_remove(*term));
            fv.terms.clear();
            ctx.insert("taxonomy", &fv);
            listing(
                &mut ctx,
                &card,
                cfg.per_page,
                &paths::term(f.key, &t.slug),
                &t.cases,
                *page,
            )?;
        }
        Job::Page(i) => {
            kind = "page";
            let page = &site.pages[*i];
            lang = page.meta.language.as_deref().unwrap_or(lang);
            title = &page.meta.title;
            if !page.meta.description.is_empty() {
                description = &page.meta.description;
            }
            ctx.insert(
                "page",
                &PageView {
                    title: &page.meta.title,
                    description: &page.meta.description,
                    language: lang,
                    body: &page.body.html,
                    toc: page
                        .body
                        .toc
                        .iter()
                        .map(|h| views::Toc {
                            id: &h.id,
                            title: &h.title,
                        })
                        .collect(),
                },
            );
        }
        Job::Print => {
            kind = "print";
            print::context(&mut ctx, site, cards, root);
        }
        Job::Search => {
            kind = "search";
            search_title = theme.strings.get("search_title");
            title = &search_title;
        }
        Job::Compare => {
            kind = "compare";
            compare_title = theme.strings.get("compare_title");
            title = &compare_title;
        }
        Job::NotFound => kind = "404",
        Job::Accessibility => {
            kind = "accessibility";
            accessibility_title = theme.strings.get("a11y_title");
            title = &accessibility_title;
            ctx.insert(
                "accessibility",
                &cfg.publishing.accessibility.as_ref().map(|a| {
                    serde_json::json!({
                        "responsible": a.responsible,
                        "contact": a.contact,
                        "contact_href": a.contact_href(),
                        "checked": a.checked,
                        "statement": a.statement,
                    })
                }),
            );
        }
        Job::Municipalities => {
            kind = "municipalities";
            municipalities_title = theme.strings.get("municipalities_title");
            title = &municipalities_title;
            kommune::index(&mut ctx, &theme.strings, neighbours, root);
        }
        Job::Municipality(i) => {
            kind = "municipality";
            title = kommune::page(&mut ctx, site, theme, cards, root, *i, neighbours)?;
        }
    }
    ctx.insert("root", &root);
    ctx.insert("lang", lang);
    ctx.insert("kind", kind);
    ctx.insert(
        "canonical",
        &format!(
            "{}{}",
            cfg.base_url,
            if kind == "404" { paths::NOT_FOUND } else { dir }
        ),
    );
    ctx.insert("page_title", title);
    ctx.insert("page_description", description);
    ctx.insert(
        "json_ld",
        &json_ld
            .as_ref()
            .map_or_else(String::new, linked_data::script_text),
    );
    let html = theme
        .tera
        .render(template, &ctx)
        .map_err(|e| template_error(&cfg.theme, template, &format!("/{out}"), e))?;
    let html = match job {
        Job::Print => print::splice_bodies(site, &html),
        _ => html,
    };
    write(out, html.as_bytes())
        .map_err(|e| Diagnostic::new(out, Pos::new(1, 1), "io", e.to_string()))
}

/// Inserts `cases` (this page's share of `all`) and `pager` for a paginated listing at `base`.
fn listing(
    ctx: &mut tera::Context,
    card: &dyn Fn(usize) -> Result<tera::Value, Diagnostic>,
    per: usize,
    base: &str,
    all: &[usize],
    page: usize,
) -> Result<(), Diagnostic> {
    let shown: Vec<tera::Value> = all
        .iter()
        .skip((page - 1) * per)
        .take(per)
        .map(|&i| card(i))
        .collect::<Result<_, _>>()?;
    ctx.insert_value("cases", shown.into());
    ctx.insert("pager", &Pager::new(base, page, pages_of(all.len(), per)));
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn root_is_relative_to_depth() {
        assert_eq!(super::root_of(""), "");
        assert_eq!(super::root_of("eksempler/x/"), "../../");
        assert_eq!(super::root_of("modelltype/x/side/2/"), "../../../../");
    }
}
