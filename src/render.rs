//! Rendering every HTML page of the site through the theme's templates, in parallel, into the
//! staging folder.

use crate::diagnostics::{Diagnostic, Pos};
use crate::output::Staging;
use crate::site::Site;
use crate::theme::Theme;
use crate::views::{self, CaseView, Pager};
use rayon::prelude::*;
use serde::Serialize;

/// One HTML page to write.
enum Job {
    Front(usize),
    Case(usize),
    Taxonomy(usize),
    Term(usize, usize, usize),
    Page(usize),
    Print,
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

/// Renders all pages; returns how many were written.
pub fn render_all(
    site: &Site,
    theme: &mut Theme,
    staging: &Staging,
) -> Result<usize, Vec<Diagnostic>> {
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
    };
    let globals = theme.tera.global_context();
    globals.insert("site", &site_view);
    globals.insert("t", &theme.strings.0);
    globals.insert(
        "build",
        &serde_json::json!({ "generator": concat!("katalog ", env!("CARGO_PKG_VERSION")) }),
    );
    let theme = &*theme;

    let per_page = site.config.per_page;
    let mut jobs: Vec<Job> = (1..=pages_of(site.cases.len(), per_page))
        .map(Job::Front)
        .collect();
    jobs.extend((0..site.cases.len()).map(Job::Case));
    for (fi, f) in site.facets.iter().enumerate() {
        jobs.push(Job::Taxonomy(fi));
        for (ti, t) in f.terms.iter().enumerate() {
            jobs.extend((1..=pages_of(t.cases.len(), per_page)).map(|p| Job::Term(fi, ti, p)));
        }
    }
    jobs.extend((0..site.pages.len()).map(Job::Page));
    jobs.push(Job::Print);
    jobs.push(Job::NotFound);

    let results: Vec<Result<(), Diagnostic>> = jobs
        .par_iter()
        .map(|job| render_job(site, theme, staging, job))
        .collect();
    let errors: Vec<Diagnostic> = results.into_iter().filter_map(Result::err).collect();
    if errors.is_empty() {
        Ok(jobs.len())
    } else {
        Err(errors)
    }
}

fn render_job(site: &Site, theme: &Theme, staging: &Staging, job: &Job) -> Result<(), Diagnostic> {
    let cfg = &site.config;
    let mut ctx = tera::Context::new();
    let (dir, template): (String, &str) = match job {
        Job::Front(p) => (views::page_url("", *p), "index.html"),
        Job::Case(i) => (site.cases[*i].url(), "case.html"),
        Job::Taxonomy(fi) => (format!("{}/", site.facets[*fi].key), "taxonomy.html"),
        Job::Term(fi, ti, p) => {
            let f = &site.facets[*fi];
            (
                views::page_url(&format!("{}/{}/", f.key, f.terms[*ti].slug), *p),
                "term.html",
            )
        }
        Job::Page(i) => (format!("{}/", site.pages[*i].slug), "page.html"),
        Job::Print => ("trykk/".to_string(), "print.html"),
        Job::NotFound => (String::new(), "404.html"),
    };
    let root = match job {
        Job::NotFound => cfg.base_path(),
        _ => root_of(&dir),
    };
    let mut lang = cfg.language.as_str();
    let mut title = cfg.title.as_str();
    let mut description = cfg.description.as_str();
    let kind;
    let print_bodies: Vec<String>;
    match job {
        Job::Front(p) => {
            kind = "front";
            listing(
                site,
                &mut ctx,
                "",
                &(0..site.cases.len()).collect::<Vec<_>>(),
                *p,
                &root,
            );
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
            ctx.insert("case", &CaseView::new(site, case, &root, true));
            let neighbour = |j: Option<usize>| {
                j.and_then(|j| site.cases.get(j))
                    .map(|c| CaseView::new(site, c, &root, false))
            };
            ctx.insert("prev", &neighbour(i.checked_sub(1)));
            ctx.insert("next", &neighbour(Some(i + 1)));
            ctx.insert("related", &Vec::<CaseView>::new());
        }
        Job::Taxonomy(fi) => {
            kind = "taxonomy";
            let f = &site.facets[*fi];
            title = &f.label;
            ctx.insert("taxonomy", &views::facets(site, false).swap_remove(*fi));
        }
        Job::Term(fi, ti, p) => {
            kind = "term";
            let f = &site.facets[*fi];
            let t = &f.terms[*ti];
            title = &t.label;
            if !t.description.is_empty() {
                description = &t.description;
            }
            let mut fv = views::facets(site, false).swap_remove(*fi);
            ctx.insert("term", &fv.terms.swap_remove(*ti));
            fv.terms.clear();
            ctx.insert("taxonomy", &fv);
            listing(
                site,
                &mut ctx,
                &format!("{}/{}/", f.key, t.slug),
                &t.cases,
                *p,
                &root,
            );
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
                        .map(|(id, title)| views::Toc { id, title })
                        .collect(),
                },
            );
        }
        Job::Print => {
            kind = "print";
            // Case bodies are rendered for /eksempler/SLUG/; here they sit one level higher, and
            // their heading ids must not collide with each other's.
            print_bodies = site
                .cases
                .par_iter()
                .map(|c| {
                    c.body
                        .html
                        .replace("=\"../../", "=\"../")
                        .replace(" id=\"", &format!(" id=\"{}--", c.slug))
                        .replace("href=\"#", &format!("href=\"#{}--", c.slug))
                })
                .collect();
            let cases: Vec<CaseView> = site
                .cases
                .iter()
                .zip(&print_bodies)
                .map(|(c, body)| {
                    let mut v = CaseView::new(site, c, &root, false);
                    v.body = Some(body);
                    v
                })
                .collect();
            ctx.insert("cases", &cases);
            ctx.insert(
                "intro",
                &site.intro.as_ref().map_or("", |p| p.body.html.as_str()),
            );
        }
        Job::NotFound => kind = "404",
    }
    ctx.insert("root", &root);
    ctx.insert("lang", lang);
    ctx.insert("kind", kind);
    ctx.insert(
        "canonical",
        &format!(
            "{}{}",
            cfg.base_url,
            if kind == "404" { "404.html" } else { &dir }
        ),
    );
    ctx.insert("page_title", title);
    ctx.insert("page_description", description);
    let out = if kind == "404" {
        "404.html".to_string()
    } else {
        format!("{dir}index.html")
    };
    let html = theme.tera.render(template, &ctx).map_err(|e| {
        Diagnostic::new(
            &format!("themes/{}/templates/{template}", cfg.theme),
            Pos::new(1, 1),
            "template",
            format!("rendering /{out} failed: {e}"),
        )
    })?;
    staging
        .write(&out, html.as_bytes())
        .map_err(|e| Diagnostic::new(&out, Pos::new(1, 1), "io", e.to_string()))
}

/// Inserts `cases` (this page's share of `all`) and `pager` for a paginated listing at `base`.
fn listing(
    site: &Site,
    ctx: &mut tera::Context,
    base: &str,
    all: &[usize],
    page: usize,
    root: &str,
) {
    let per = site.config.per_page;
    let shown: Vec<CaseView> = all
        .iter()
        .skip((page - 1) * per)
        .take(per)
        .map(|&i| CaseView::new(site, &site.cases[i], root, false))
        .collect();
    ctx.insert("cases", &shown);
    ctx.insert("pager", &Pager::new(base, page, pages_of(all.len(), per)));
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
