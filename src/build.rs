//! `katalog build`: the pipeline from `content/` to a complete site in the output folder —
//! load, validate, model, render, write — stopping before any output if the content has errors.

use crate::check::{Checker, is_http_url};
use crate::config;
use crate::content::{self, Document, Kind};
use crate::diagnostics::Diagnostic;
use crate::markdown::{self, Links};
use crate::output::{OutputError, Staging};
use crate::site::{self, Case, Page, Site};
use crate::theme::{self, Theme};
use crate::validate::{self, CaseMeta, PageMeta};
use crate::{feeds, municipalities, render};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

pub struct Options {
    pub root: PathBuf,
    pub output: PathBuf,
    pub drafts: bool,
    pub base_url: Option<String>,
}

#[derive(Debug)]
pub enum Error {
    /// Problems in content or theme: exit 1.
    Content(Vec<Diagnostic>),
    /// Wrong usage or an I/O failure: exit 2.
    Usage(String),
}

pub struct Summary {
    pub cases: usize,
    pub pages: usize,
    pub drafts_left_out: usize,
}

fn io_err(what: &str, e: impl std::fmt::Display) -> Error {
    Error::Usage(format!("{what}: {e}"))
}

/// Reads and validates everything and builds the site model, without writing anything.
pub fn load(opts: &Options) -> Result<(Site, Theme, usize), Error> {
    let root = &opts.root;
    let config_path = root.join("content").join("katalog.yaml");
    let config_text = std::fs::read_to_string(&config_path).map_err(|e| {
        Error::Usage(format!(
            "cannot read {}: {e}. Run katalog in the folder that holds content/ and themes/, or pass --root DIR",
            config_path.display()
        ))
    })?;
    let mut diags = Vec::new();
    let config = match config::parse("content/katalog.yaml", &config_text) {
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
    let scan = content::scan(root).map_err(|e| io_err("cannot read content/", e))?;
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

    enum Meta {
        Case(Box<CaseMeta>),
        Page(PageMeta),
    }
    let checked: Vec<(Option<Meta>, Vec<Diagnostic>)> = scan
        .documents
        .par_iter()
        .map(|doc| {
            let mut c = Checker::new(&doc.path);
            let meta = match doc.kind {
                Kind::Case => validate::case(&mut c, &doc.front_matter, &config, registry)
                    .map(|m| Meta::Case(Box::new(m))),
                Kind::Page | Kind::Index => {
                    validate::page(&mut c, &doc.front_matter).map(Meta::Page)
                }
            };
            (meta, c.diags)
        })
        .collect();
    let mut valid: Vec<(&Document, Meta)> = Vec::new();
    let mut drafts_left_out = 0;
    for (doc, (meta, d)) in scan.documents.iter().zip(checked) {
        diags.extend(d);
        let Some(meta) = meta else { continue };
        let draft = match &meta {
            Meta::Case(m) => m.draft,
            Meta::Page(m) => m.draft,
        };
        if draft && !opts.drafts {
            drafts_left_out += 1;
            continue;
        }
        valid.push((doc, meta));
    }
    let Some(theme) = theme else {
        diags.sort();
        return Err(Error::Content(diags));
    };

    let case_slugs: Vec<&str> = valid
        .iter()
        .filter(|(d, _)| d.kind == Kind::Case)
        .map(|(d, _)| d.slug.as_str())
        .collect();
    let page_slugs: Vec<&str> = valid
        .iter()
        .filter(|(d, _)| d.kind == Kind::Page)
        .map(|(d, _)| d.slug.as_str())
        .collect();
    let paths = site::site_paths(
        &config,
        &theme.strings,
        &case_slugs,
        &page_slugs,
        &scan.media,
    );

    let rendered: Vec<(markdown::Rendered, Vec<Diagnostic>)> = valid
        .par_iter()
        .map(|(doc, meta)| {
            let mut c = Checker::new(&doc.path);
            if let Meta::Case(m) = meta {
                check_front_matter_paths(&mut c, m, &paths);
            }
            let (source_dir, root) = match doc.kind {
                Kind::Case => ("eksempler", "../../"),
                Kind::Page => ("", "../"),
                Kind::Index => ("", ""),
            };
            let links = Links {
                site_paths: &paths,
                source_dir,
                root,
            };
            let r = markdown::render(&doc.body, doc.body_line, &links, &mut c);
            (r, c.diags)
        })
        .collect();

    let mut cases = Vec::new();
    let mut pages = Vec::new();
    let mut intro = None;
    for ((doc, meta), (body, d)) in valid.into_iter().zip(rendered) {
        diags.extend(d);
        match meta {
            Meta::Case(meta) => cases.push(Case {
                slug: doc.slug.clone(),
                path: doc.path.clone(),
                lang: meta
                    .language
                    .clone()
                    .unwrap_or_else(|| config.language.clone()),
                meta: *meta,
                body,
                terms: Default::default(),
            }),
            Meta::Page(meta) => {
                let page = Page {
                    slug: doc.slug.clone(),
                    meta,
                    body,
                };
                if doc.kind == Kind::Index {
                    intro = Some(page);
                } else {
                    pages.push(page);
                }
            }
        }
    }
    if !diags.is_empty() {
        diags.sort();
        return Err(Error::Content(diags));
    }
    let site = Site::new(config, &theme.strings, cases, pages, intro, scan.media);
    Ok((site, theme, drafts_left_out))
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

/// Builds the site into `opts.output`, replacing it only when everything succeeded.
pub fn build(opts: &Options) -> Result<Summary, Error> {
    let (site, mut theme, drafts_left_out) = load(opts)?;
    write(&site, &mut theme, &opts.root, &opts.output)?;
    Ok(Summary {
        cases: site.cases.len(),
        pages: site.pages.len(),
        drafts_left_out,
    })
}

/// Renders and writes the whole site through a staging folder.
pub fn write(site: &Site, theme: &mut Theme, root: &Path, output: &Path) -> Result<(), Error> {
    let staging = Staging::begin(output).map_err(|e| match e {
        OutputError::NotOurs(_) => Error::Usage(e.to_string()),
        OutputError::Io(e) => io_err(&format!("cannot prepare {}", output.display()), e),
    })?;
    render::render_all(site, theme, &staging).map_err(Error::Content)?;
    let suffix = theme.strings.get("feed_title_suffix");
    feeds::write_all(site, &staging, &suffix)
        .map_err(|e| io_err("cannot write the data files", e))?;
    for (rel, src) in &theme.static_files {
        staging
            .copy(&format!("static/{rel}"), src)
            .map_err(|e| io_err(&format!("cannot copy {}", src.display()), e))?;
    }
    site.media
        .par_iter()
        .try_for_each(|m| staging.copy(m, &root.join("content").join(m)))
        .map_err(|e| io_err("cannot copy content/media", e))?;
    staging.commit().map_err(|e| {
        io_err(
            &format!("cannot put the new site in place at {}", output.display()),
            e,
        )
    })
}
