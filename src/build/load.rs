//! Loading: reads katalog.yaml, the theme and every content file, validates them and builds the
//! site model, collecting every problem; watch mode keeps what each file became between rounds.

use super::Options;
use crate::check::{Checker, is_http_url};
use crate::config;
use crate::content::{self, Document, Kind, Source};
use crate::diagnostics::{Diagnostic, Pos};
use crate::error::{self, Error};
use crate::markdown::{self, Links};
use crate::municipalities;
use crate::paths;
use crate::site::{self, Case, Page, Site};
use crate::theme::{self, Theme};
use crate::validate::{self, CaseMeta, Meta};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// What one Markdown file became. Watch mode keeps these between rebuilds, keyed by the file's
/// text, so a save re-processes only the files whose text changed.
struct Processed {
    /// A hash of the file's text: equal means the same pages (see `render::Fingerprints`).
    fp: u64,
    document: Option<Document>,
    /// The front matter's verdict.
    meta: Result<Meta, Vec<Diagnostic>>,
    /// The body, rendered once the file is to be published.
    rendered: Option<Body>,
}

/// A rendered body, and the site paths its links were resolved against.
struct Body {
    /// A hash of the site's paths: the links of a body are right while it is the same.
    links_key: u64,
    html: Arc<markdown::Rendered>,
    /// Problems in the body (broken links, sanitised markup).
    diags: Vec<Diagnostic>,
    /// The line of its file the body begins on.
    first_line: u32,
}

/// A file as the last build read it, and what it became.
struct Known {
    stamp: Option<content::Stamp>,
    text: Arc<String>,
    processed: Processed,
}

/// What loading gives: the model, the theme, how many drafts were left out, and the warnings
/// (problems that do not stop the build), in file order.
pub struct Loaded {
    pub site: Site,
    pub theme: Theme,
    pub drafts_left_out: usize,
    pub warnings: Vec<Diagnostic>,
}

/// Processed files from the previous build, for watch mode.
#[derive(Default)]
pub struct Cache {
    config_text: String,
    /// Per file (by path): what the last build read and made of it.
    docs: HashMap<String, Known>,
    /// Keep the files' texts for the next build; a one-off build drops them early to save memory.
    retain: bool,
}

impl Cache {
    pub fn retaining() -> Cache {
        Cache {
            retain: true,
            ..Cache::default()
        }
    }
}

fn hash_of<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

/// Reads and validates everything and builds the site model, without writing anything.
pub fn load(opts: &Options) -> Result<Loaded, Error> {
    load_cached(opts, &mut Cache::default())
}

/// `load`, re-using what `cache` holds for files whose text has not changed.
pub fn load_cached(opts: &Options, cache: &mut Cache) -> Result<Loaded, Error> {
    let root = &opts.root;
    let history = crate::history::spawn(root); // git dates for "Sist endret", read meanwhile
    let config_text = config::read_text(root)?;
    let mut diags = Vec::new();
    let config = match config::parse(config::PATH, &config_text) {
        Ok(mut c) => {
            if let Some(url) = &opts.base_url {
                if !is_http_url(url) {
                    return Err(Error::Usage(format!(
                        "--base-url {url} is not an absolute http(s) URL"
                    )));
                }
                c.base_url = if url.ends_with('/') {
                    url.clone()
                } else {
                    format!("{url}/")
                };
            }
            Some(c)
        }
        Err(d) => {
            diags.extend(d);
            None
        }
    };
    // A file's text does not depend on the settings: it is reused even if they changed.
    let known = |path: &str| {
        let known = cache.docs.get(path)?;
        Some((known.stamp?, Arc::clone(&known.text)))
    };
    let scan = content::scan(root, &known).map_err(|e| error::io("cannot read content/", e))?;
    diags.extend(scan.diags);
    let Some(config) = config else {
        diags.sort();
        return Err(Error::Content(diags));
    };
    let theme = match theme::load(root, &config.theme, &config.language) {
        Ok(t) => Some(t),
        Err(d) => {
            diags.extend(d);
            None
        }
    };
    let registry = municipalities::registry();

    // Validation depends on the taxonomies: a changed katalog.yaml invalidates everything.
    if cache.config_text != config_text {
        cache.docs.clear();
        cache.config_text = config_text;
    }
    let mut old = std::mem::take(&mut cache.docs);
    let mut work: Vec<(Source, Option<Processed>)> = scan
        .sources
        .into_iter()
        .map(|src| {
            let reuse = old
                .remove(&src.path)
                // A reused text is the same Arc, which `==` compares by address first.
                .filter(|known| known.text == src.text)
                .map(|known| known.processed);
            (src, reuse)
        })
        .collect();
    let retain = cache.retain;
    work.par_iter_mut().for_each(|(src, processed)| {
        if processed.is_none() {
            let fp = hash_of(&src.text);
            *processed = Some(match src.split() {
                Ok(doc) => Processed {
                    fp,
                    meta: validate::document(&src.path, &doc, &config, registry),
                    document: Some(doc),
                    rendered: None,
                },
                Err(d) => Processed {
                    fp,
                    document: None,
                    meta: Err(vec![d]),
                    rendered: None,
                },
            });
            if !retain {
                src.text = Arc::default();
            }
        }
    });
    // Indices into `work` of the documents that will be published, and of the drafts left out:
    // those are checked as fully as the rest, only not written.
    let mut published = Vec::new();
    let mut drafts = Vec::new();
    for (i, (_, processed)) in work.iter().enumerate() {
        match processed.as_ref().map(|p| &p.meta) {
            Some(Ok(meta)) => {
                let draft = match meta {
                    Meta::Case(m) => m.draft,
                    Meta::Page(m) => m.draft,
                };
                if draft && !opts.drafts {
                    drafts.push(i);
                } else {
                    published.push(i);
                }
            }
            Some(Err(d)) => diags.extend(d.iter().cloned()),
            None => {}
        }
    }
    let Some(theme) = theme else {
        diags.sort();
        return Err(Error::Content(diags));
    };

    // Link targets: published pages, and pages that are invalid (their own error is reported;
    // links to them are not errors too). A published page may not link to a draft left out; a
    // draft may (they are published together or not at all).
    let invalid: Vec<usize> = work
        .iter()
        .enumerate()
        .filter(|(_, (_, p))| p.as_ref().is_some_and(|p| p.meta.is_err()))
        .map(|(i, _)| i)
        .collect();
    let targets = |with_drafts: bool| -> LinkTargets {
        let chosen: Vec<&Source> = published
            .iter()
            .chain(&invalid)
            .chain(drafts.iter().filter(|_| with_drafts))
            .map(|&i| &work[i].0)
            .collect();
        let slugs_of = |kind: Kind| -> Vec<&str> {
            chosen
                .iter()
                .filter(|s| s.kind == kind)
                .map(|s| s.slug.as_str())
                .collect()
        };
        LinkTargets::new(site::site_paths(
            &config,
            &theme.strings,
            &slugs_of(Kind::Case),
            &slugs_of(Kind::Page),
            &scan.media,
        ))
    };
    let for_published = targets(false);
    let for_drafts = if drafts.is_empty() {
        None
    } else {
        Some(targets(true))
    };
    let draft_set: HashSet<usize> = drafts.iter().copied().collect();
    work.par_iter_mut()
        .enumerate()
        .for_each(|(i, (src, processed))| {
            let Some(p) = processed.as_mut() else { return };
            let LinkTargets {
                paths,
                key: links_key,
            } = match &for_drafts {
                Some(t) if draft_set.contains(&i) => t,
                _ => &for_published,
            };
            let links_key = *links_key;
            if p.meta.is_err()
                || p.rendered
                    .as_ref()
                    .is_some_and(|b| b.links_key == links_key)
            {
                return;
            }
            // The parsed document is kept only until its body is rendered; a later re-render
            // (watch mode, when the set of pages changed) splits the text again.
            let Some(doc) = p.document.take().or_else(|| src.split().ok()) else {
                return;
            };
            let Ok(meta) = &p.meta else { return };
            let mut c = Checker::new(&src.path);
            if let Meta::Case(m) = meta {
                check_front_matter_paths(&mut c, m, paths);
            }
            let (source_dir, root) = match doc.kind {
                Kind::Case => ("eksempler", "../../"),
                Kind::Page => ("", "../"),
                Kind::Index => ("", ""),
            };
            let links = Links {
                site_paths: paths,
                source_dir,
                root,
            };
            let r = markdown::render(&doc.body, doc.body_line, &links, &mut c);
            p.rendered = Some(Body {
                links_key,
                html: Arc::new(r),
                diags: c.diags,
                first_line: doc.body_line,
            });
        });

    let mut cases = Vec::new();
    let mut pages = Vec::new();
    let mut intro = None;
    for &i in &published {
        let (src, processed) = &work[i];
        let Some(Processed {
            fp,
            meta: Ok(meta),
            rendered:
                Some(Body {
                    html: body,
                    diags: d,
                    ..
                }),
            ..
        }) = processed
        else {
            continue;
        };
        let fp = *fp;
        diags.extend(d.iter().cloned());
        match meta {
            Meta::Case(meta) => cases.push(Case {
                slug: src.slug.clone(),
                path: src.path.clone(),
                lang: meta
                    .language
                    .clone()
                    .unwrap_or_else(|| config.language.clone()),
                meta: Arc::clone(meta),
                committed: None,
                body: Arc::clone(body),
                terms: Default::default(),
                fp,
                related: Vec::new(),
            }),
            Meta::Page(meta) => {
                let page = Page {
                    slug: src.slug.clone(),
                    meta: meta.clone(),
                    body: Arc::clone(body),
                    fp,
                };
                if src.kind == Kind::Index {
                    intro = Some(page);
                } else {
                    pages.push(page);
                }
            }
        }
    }
    // A draft left out is checked like the rest: its body's errors count.
    for &i in &drafts {
        if let Some(body) = body_of(&work[i]) {
            diags.extend(body.diags.iter().cloned());
        }
    }
    let mut warnings: Vec<Diagnostic> = published
        .iter()
        .chain(&drafts)
        .flat_map(|&i| section_warnings(&work[i], &config.language))
        .collect();
    warnings.extend(crate::publish::warnings(&config.publishing));
    // By place; at one place in the contract's order.
    warnings.sort_by(|a, b| (&a.path, a.pos).cmp(&(&b.path, b.pos)));
    diags.extend(missing_headings(&work, published.iter().chain(&drafts)));
    let drafts_left_out = drafts.len();
    cache.docs = work
        .into_iter()
        .filter_map(|(src, p)| {
            let known = Known {
                stamp: src.stamp,
                text: src.text,
                processed: p?,
            };
            Some((src.path, known))
        })
        .collect();
    if !diags.is_empty() {
        diags.sort();
        return Err(Error::Content(diags));
    }
    crate::history::apply(&mut cases, history);
    let site = Site::new(config, &theme.strings, cases, pages, intro, scan.media);
    Ok(Loaded {
        site,
        theme,
        drafts_left_out,
        warnings,
    })
}

/// The warnings on a case's sections (`validate::sections`), once its body is rendered.
fn section_warnings(
    (src, processed): &(Source, Option<Processed>),
    default_language: &str,
) -> Vec<Diagnostic> {
    let Some(Processed {
        meta: Ok(Meta::Case(meta)),
        rendered: Some(body),
        ..
    }) = processed
    else {
        return Vec::new();
    };
    let language = meta.language.as_deref().unwrap_or(default_language);
    validate::sections::check(
        &src.path,
        &body.html.toc,
        Pos::new(body.first_line, 1),
        language == "nn",
    )
}

/// The rendered body of a file, once it is valid.
fn body_of((_, processed): &(Source, Option<Processed>)) -> Option<&Body> {
    processed.as_ref()?.rendered.as_ref()
}

/// The links of the files at `checked` to a heading that the page they name does not have.
/// Checked on every load from what each body holds, so that a heading renamed in one file is
/// seen in the files that link to it, though only the one was rendered again. A page that was
/// not rendered (its front matter has errors) has no known headings: links to it pass.
fn missing_headings<'a>(
    work: &[(Source, Option<Processed>)],
    checked: impl Iterator<Item = &'a usize>,
) -> Vec<Diagnostic> {
    let ids: HashMap<String, &HashSet<String>> = work
        .iter()
        .filter_map(|doc| {
            let (src, _) = doc;
            let path = match src.kind {
                Kind::Case => paths::case(&src.slug),
                Kind::Page => paths::page(&src.slug),
                Kind::Index => String::new(),
            };
            Some((path, &body_of(doc)?.html.ids))
        })
        .collect();
    let mut diags = Vec::new();
    for &i in checked {
        let Some(body) = body_of(&work[i]) else {
            continue;
        };
        let mut c = Checker::new(&work[i].0.path);
        for anchor in &body.html.anchors {
            if let Some(ids) = anchor.page.as_ref().and_then(|p| ids.get(p)) {
                markdown::check_anchor(anchor, ids, &mut c);
            }
        }
        diags.extend(c.diags);
    }
    diags
}

/// The paths a body's links may point at, and a hash of them: a body rendered against the
/// same targets need not be rendered again.
struct LinkTargets {
    paths: HashSet<String>,
    key: u64,
}

impl LinkTargets {
    fn new(paths: HashSet<String>) -> LinkTargets {
        let mut sorted: Vec<&String> = paths.iter().collect();
        sorted.sort_unstable();
        let key = hash_of(&sorted);
        LinkTargets { paths, key }
    }
}

/// Paths inside the site in `links` and `image` must exist.
fn check_front_matter_paths(
    c: &mut Checker,
    m: &CaseMeta,
    paths: &std::collections::HashSet<String>,
) {
    for (i, l) in m.links.iter().enumerate() {
        if let Some(p) = l.url.strip_prefix('/') {
            let p = p.split(['#', '?']).next().unwrap_or("");
            if !paths.contains(p) && !paths.contains(&format!("{p}/")) {
                c.error(
                    l.pos,
                    &format!("links[{i}].url"),
                    format!(
                        "{} is not a page of this catalogue (drafts are not published)",
                        l.url
                    ),
                );
            }
        }
    }
    if let Some(img) = &m.image
        && !paths.contains(&img.src)
    {
        c.error(
            img.pos,
            "image.src",
            format!(
                "content/{} does not exist; put the file in content/media/",
                img.src
            ),
        );
    }
}
