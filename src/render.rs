//! Rendering every HTML page of the site through the theme's templates, in parallel, into the
//! staging folder.

use crate::diagnostics::{Diagnostic, Pos};
use crate::site::Site;
use crate::theme::Theme;
use crate::views::{self, CaseView, Pager};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};
use std::hash::{Hash, Hasher};
use std::sync::OnceLock;

/// One HTML page to write.
enum Job {
    Front(usize),
    Case(usize),
    Taxonomy(usize),
    Term(usize, usize, usize),
    Page(usize),
    Print,
    /// `/sok/`, the search page (its results come from the browser).
    Search,
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

/// The partial every listing shows a case with; [`Cards`] renders it once per case and depth.
const CARD_TEMPLATE: &str = "partials/card.html";

/// Each case's card (its view without the body) as a template value, made at most once per
/// page depth and shared by every page at that depth that shows it. A case is shown on the
/// front page, on each of its term pages and beside its neighbours and related cases: at
/// 10,000 cases, about 100,000 cards. Values are cheap to share: their maps and lists are
/// reference-counted. The value carries `html`, the card rendered through [`CARD_TEMPLATE`],
/// so that listings print it instead of rendering the partial again for every page that shows
/// it. The view itself is made into a value once per case: only its links depend on the
/// page's depth.
///
/// One `Cards` serves every [`render_pages`] of one build of one site with one theme: the
/// case pages render after the others (they wait for the related cases, which no card shows)
/// and find the cards made for the listings.
pub struct Cards {
    /// Per case, its view for a page at the root (`""`).
    views: Vec<OnceLock<tera::Value>>,
    /// Per page depth (root `""`, `"../"`, `"../../"`, …), a slot per case.
    by_depth: [OnceLock<Vec<CardSlot>>; CARD_DEPTHS],
}

type CardSlot = OnceLock<Result<tera::Value, Diagnostic>>;

/// Depths with a cache: the deepest pages (`/KEY/TERM/side/N/`) are four folders down. Cards
/// on a page with another root (`404.html`'s is absolute) are made on each use.
const CARD_DEPTHS: usize = 5;

/// `"../../"` → 2; `None` for a root that is not a run of `../`.
fn depth_of(root: &str) -> Option<usize> {
    (root.len().is_multiple_of(3) && root.as_bytes().chunks(3).all(|c| c == b"../"))
        .then_some(root.len() / 3)
}

impl Cards {
    /// Empty caches for the cases of `site`.
    pub fn new(site: &Site) -> Cards {
        Cards {
            views: slots(site.cases.len()),
            by_depth: Default::default(),
        }
    }

    /// The card of case `i` of `site` for a page at `root`.
    fn get(
        &self,
        site: &Site,
        theme: &Theme,
        i: usize,
        root: &str,
    ) -> Result<tera::Value, Diagnostic> {
        let make = || {
            let mut card = self.view(site, i, root);
            let mut ctx = tera::Context::new();
            ctx.insert_value("card", card.clone().into());
            ctx.insert("root", root);
            let html = theme.tera.render(CARD_TEMPLATE, &ctx).map_err(|e| {
                template_error(
                    &site.config.theme,
                    CARD_TEMPLATE,
                    &format!("the card of {}", site.cases[i].url()),
                    e,
                )
            })?;
            card.insert("html".into(), tera::Value::safe_string(&html));
            Ok(card.into())
        };
        let slot = depth_of(root)
            .and_then(|depth| self.by_depth.get(depth))
            .and_then(|at_depth| at_depth.get_or_init(|| slots(site.cases.len())).get(i));
        match slot {
            Some(slot) => slot.get_or_init(make).clone(),
            None => make(),
        }
    }

    /// The view of case `i` (without its body) for a page at `root`.
    fn view(&self, site: &Site, i: usize, root: &str) -> tera::Map {
        let case = &site.cases[i];
        let view = self.views[i]
            .get_or_init(|| tera::Value::from_serializable(&CaseView::new(site, case, "")));
        let mut view = view.clone().into_map().unwrap_or_default();
        // Only site paths (`/om/`) depend on the root.
        let site_links = || {
            case.meta
                .links
                .iter()
                .any(|l| views::site_path(&l.url).is_some())
        };
        if !root.is_empty() && site_links() {
            let links = tera::Value::from_serializable(&views::links(case, root));
            view.insert("links".into(), links);
        }
        view
    }
}

fn slots<T>(n: usize) -> Vec<OnceLock<T>> {
    (0..n).map(|_| OnceLock::new()).collect()
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

/// Where each page was written and a hash of everything it was rendered from, so that watch
/// mode re-renders only pages whose inputs changed.
pub type Fingerprints = HashMap<String, u64>;

/// Writes one output file (`rel` is `/`-separated, relative to the site root).
pub type Writer<'a> = dyn Fn(&str, &[u8]) -> std::io::Result<()> + Sync + 'a;

/// Which pages to render: case pages wait for their related cases (search index) while the
/// others render; the print page is one huge page that watch mode renders last.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Part {
    AllButCases,
    Cases,
    AllButPrint,
    Print,
}

impl Part {
    fn wants(self, job: &Job) -> bool {
        match self {
            Part::AllButCases => !matches!(job, Job::Case(_)),
            Part::Cases => matches!(job, Job::Case(_)),
            Part::AllButPrint => !matches!(job, Job::Print),
            Part::Print => matches!(job, Job::Print),
        }
    }
}

fn hash_of<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

/// Renders the pages of `part` whose fingerprint differs from `previous`; returns the
/// fingerprints of all pages of `part`.
pub fn render_pages(
    site: &Site,
    theme: &mut Theme,
    cards: &Cards,
    write: &Writer,
    previous: &Fingerprints,
    part: Part,
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
    };
    let globals = theme.tera.global_context();
    globals.insert("site", &site_view);
    globals.insert("t", &theme.strings.0);
    globals.insert(
        "build",
        &serde_json::json!({ "generator": concat!("katalog ", env!("CARGO_PKG_VERSION")) }),
    );
    let theme = &*theme;
    // Everything every page may show: settings, theme, facet counts.
    let counts: Vec<Vec<usize>> = site
        .facets
        .iter()
        .map(|f| f.terms.iter().map(|t| t.cases.len()).collect())
        .collect();
    let global = hash_of(&(
        format!("{:?}", site.config),
        theme.fp,
        counts,
        site.cases.len(),
    ));

    let per_page = site.config.per_page;
    let mut jobs: Vec<Job> = Vec::new();
    // The print page first: it is the longest job, and starting it early keeps every core busy.
    jobs.push(Job::Print);
    jobs.extend((1..=pages_of(site.cases.len(), per_page)).map(Job::Front));
    jobs.extend((0..site.cases.len()).map(Job::Case));
    for (fi, f) in site.facets.iter().enumerate() {
        jobs.push(Job::Taxonomy(fi));
        for (ti, t) in f.terms.iter().enumerate() {
            jobs.extend((1..=pages_of(t.cases.len(), per_page)).map(|p| Job::Term(fi, ti, p)));
        }
    }
    jobs.extend((0..site.pages.len()).map(Job::Page));
    if site.config.search {
        jobs.push(Job::Search);
    }
    jobs.push(Job::NotFound);
    jobs.retain(|job| part.wants(job));
    let targets: Vec<Target> = jobs.iter().map(|job| target(site, job)).collect();
    let results: Vec<Result<(String, u64), Diagnostic>> = jobs
        .par_iter()
        .zip(targets)
        .map(|(job, target)| {
            let fp = hash_of(&(global, fingerprint(site, job)));
            if previous.get(&target.out) != Some(&fp) {
                render_job(site, theme, cards, write, job, &target)?;
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
        Job::Search => ("sok/".to_string(), "search.html"),
        Job::NotFound => (String::new(), "404.html"),
    };
    let (out, root) = match job {
        // Served at any depth: its links start from base_url's path.
        Job::NotFound => ("404.html".to_string(), site.config.base_path()),
        _ => (format!("{dir}index.html"), root_of(&dir)),
    };
    Target {
        dir,
        out,
        root,
        template,
    }
}

/// A hash of the page-specific inputs of `job` (the cases it shows, their neighbours and
/// related cases, its pager).
fn fingerprint(site: &Site, job: &Job) -> u64 {
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
            listing(&(0..site.cases.len()).collect::<Vec<_>>(), *p)
                ^ site.intro.as_ref().map_or(0, |i| i.fp)
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
        Job::Term(fi, ti, p) => {
            hash_of(&(*fi, *ti, listing(&site.facets[*fi].terms[*ti].cases, *p)))
        }
        Job::Page(i) => hash_of(&(site.pages[*i].slug.as_str(), site.pages[*i].fp)),
        Job::Print => hash_of(&(
            site.cases
                .iter()
                .map(|c| (c.slug.as_str(), c.fp))
                .collect::<Vec<_>>(),
            site.intro.as_ref().map(|i| i.fp),
        )),
        Job::Search | Job::NotFound => 0,
    }
}

fn render_job(
    site: &Site,
    theme: &Theme,
    cards: &Cards,
    write: &Writer,
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
    let kind;
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
            view.insert("body".into(), case.body.html.as_str().into());
            if !case.body.toc.is_empty() {
                let toc: Vec<views::Toc> = case
                    .body
                    .toc
                    .iter()
                    .map(|(id, title)| views::Toc { id, title })
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
                &mut ctx,
                &card,
                cfg.per_page,
                &format!("{}/{}/", f.key, t.slug),
                &t.cases,
                *p,
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
                        .map(|(id, title)| views::Toc { id, title })
                        .collect(),
                },
            );
        }
        Job::Print => {
            kind = "print";
            // The whole catalogue's bodies are spliced in after rendering (see `splice_bodies`)
            // instead of being copied through the template context.
            let cases: Vec<tera::Value> = (0..site.cases.len())
                .map(|i| {
                    let mut v = cards.view(site, i, root);
                    v.insert("body".into(), body_marker(i).into());
                    v.into()
                })
                .collect();
            ctx.insert_value("cases", cases.into());
            ctx.insert(
                "intro",
                &site.intro.as_ref().map_or("", |p| p.body.html.as_str()),
            );
        }
        Job::Search => {
            kind = "search";
            search_title = theme.strings.get("search_title");
            title = &search_title;
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
            if kind == "404" { "404.html" } else { dir }
        ),
    );
    ctx.insert("page_title", title);
    ctx.insert("page_description", description);
    let html = theme
        .tera
        .render(template, &ctx)
        .map_err(|e| template_error(&cfg.theme, template, &format!("/{out}"), e))?;
    let html = match job {
        Job::Print => splice_bodies(site, &html),
        _ => html,
    };
    write(out, html.as_bytes())
        .map_err(|e| Diagnostic::new(out, Pos::new(1, 1), "io", e.to_string()))
}

/// What `case.body` is on the print page until `splice_bodies` replaces it.
fn body_marker(i: usize) -> String {
    format!("<!--katalog-body:{i}-->")
}

/// The print page with each case's body in place of its marker.
fn splice_bodies(site: &Site, html: &str) -> String {
    let bodies: usize = site.cases.iter().map(|c| c.body.html.len()).sum();
    let mut out = String::with_capacity(html.len() + bodies + bodies / 50);
    let mut rest = html;
    while let Some(i) = rest.find("<!--katalog-body:") {
        out.push_str(&rest[..i]);
        let after = &rest[i + "<!--katalog-body:".len()..];
        let end = after.find("-->").unwrap_or(after.len());
        match after[..end]
            .parse::<usize>()
            .ok()
            .and_then(|n| site.cases.get(n))
        {
            Some(case) => for_print(&mut out, &case.body.html, &case.slug),
            None => out.push_str(&rest[i..i + "<!--katalog-body:".len() + end]),
        }
        rest = after.get(end + 3..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

/// A case body, rendered for `/eksempler/SLUG/`, made fit for `/trykk/`: one folder up, its
/// ids and in-page links prefixed with the slug so that cases do not collide, and its headings
/// one level down (h2–h5 become h3–h6), below the case's own h2 title. One pass: this runs over
/// every case body of the catalogue. A `<` in a rendered body always opens a tag: text and
/// attribute values have it escaped.
fn for_print(out: &mut String, html: &str, slug: &str) {
    let mut rest = html;
    while let Some(i) = rest.find(['"', '<']) {
        let (before, after) = rest.split_at(i + 1);
        out.push_str(before);
        rest = after;
        if before.ends_with('<') {
            let (close, tag) = match after.strip_prefix('/') {
                Some(tag) => ("/", tag),
                None => ("", after),
            };
            if let [b'h', level @ b'2'..=b'5', next, ..] = tag.as_bytes()
                && !next.is_ascii_alphanumeric()
            {
                out.push_str(close);
                out.push('h');
                out.push(char::from(level + 1));
                rest = &tag[2..];
            }
        } else if before.ends_with("=\"") {
            if let Some(r) = after.strip_prefix("../../") {
                out.push_str("../");
                rest = r;
            } else if before.ends_with(" id=\"") {
                out.push_str(slug);
                out.push_str("--");
            } else if before.ends_with("href=\"") && after.starts_with('#') {
                out.push('#');
                out.push_str(slug);
                out.push_str("--");
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
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
    fn print_bodies_move_up_prefix_ids_and_demote_headings() {
        let html = r##"<h2 id="a">A</h2><a href="../../eksempler/b/">b</a><a href="#a">x</a><img src="../../media/c.png" alt="c"><a href="https://x/">y</a><h5>e</h5><h6>f</h6><hr><header>h</header>"##;
        let mut out = String::new();
        super::for_print(&mut out, html, "s");
        assert_eq!(
            out,
            r##"<h3 id="s--a">A</h3><a href="../eksempler/b/">b</a><a href="#s--a">x</a><img src="../media/c.png" alt="c"><a href="https://x/">y</a><h6>e</h6><h6>f</h6><hr><header>h</header>"##
        );
    }

    #[test]
    fn root_is_relative_to_depth() {
        assert_eq!(super::root_of(""), "");
        assert_eq!(super::root_of("eksempler/x/"), "../../");
        assert_eq!(super::root_of("modelltype/x/side/2/"), "../../../../");
    }

    #[test]
    fn cards_are_cached_by_the_depth_of_their_root() {
        assert_eq!(super::depth_of(""), Some(0));
        assert_eq!(super::depth_of("../../../../"), Some(4));
        assert_eq!(super::depth_of("/katalog/"), None);
        assert_eq!(super::depth_of("..//"), None);
    }
}
