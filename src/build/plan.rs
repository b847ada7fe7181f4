//! The build plan, the one list of steps from a loaded site to its files (pages, data files,
//! the search index with its bundle and each case's related cases, static and media files),
//! run into a sink: the staging folder of `katalog build` or the preview folder of `katalog
//! serve`. A build runs the steps all at once, in parallel where they can be; serve's later
//! rounds run the same steps one after another, render only the pages whose inputs changed,
//! tell open pages to reload as soon as those are written, and stop between two steps for a
//! newer save.

use crate::admin;
use crate::error::{self, Error};
use crate::feeds;
use crate::render::{self, CardCache, Fingerprints, Pages};
use crate::search::{self, index::Built, related};
use crate::site::Site;
use crate::theme::Theme;
use rayon::prelude::*;
use std::collections::HashMap;
use std::io;
use std::path::Path;

/// Where the plan's files go.
pub trait Sink: Sync {
    /// Writes a page (`rel` is `/`-separated, under the site's root). Pages are known by their
    /// fingerprints; the plan writes only those whose inputs changed.
    fn page(&self, rel: &str, bytes: &[u8]) -> io::Result<()>;
    /// Writes any other file the plan makes: data files and the search bundle.
    fn file(&self, rel: &str, bytes: &[u8]) -> io::Result<()>;
    /// Copies a file of the theme or of `content/media/` as it is.
    fn copy(&self, rel: &str, from: &Path) -> io::Result<()>;
}

/// How to run the plan.
pub enum Mode<'a> {
    /// `katalog build`: every step, all at once.
    Build,
    /// A round of `katalog serve`: the first runs every step like a build, later ones only what
    /// changed since `previous`.
    Preview(Round<'a>),
}

/// A round of `katalog serve`.
pub struct Round<'a> {
    pub previous: &'a mut Previous,
    /// Only stylesheets were saved: no document changed, so the search index stands.
    pub css_only: bool,
    /// Called as soon as the pages are written (before the search index in later rounds).
    pub pages_written: &'a mut dyn FnMut(&Site, &Written),
    /// Whether a newer save is waiting; the round then stops between two steps.
    pub newer_save: &'a mut dyn FnMut() -> bool,
}

/// The pages a round wrote.
pub struct Written {
    /// How many pages were rendered (their inputs changed).
    pub rendered: usize,
    /// The pages of the last round that the site no longer has, to delete.
    pub gone: Vec<String>,
}

/// What serve's last round made, so the next one redoes only what changed.
#[derive(Default)]
pub struct Previous {
    /// The pages written so far and the fingerprints of their inputs.
    pages: Fingerprints,
    /// Each case's related cases (slugs) in the last round, and a hash of what they were found
    /// from (`None`: the site had no search).
    related: HashMap<String, Vec<String>>,
    related_inputs: Option<u64>,
    /// The work after a reload stopped early for a newer save: the next round does all of it,
    /// even for a stylesheet save (the search bundle may be behind the content).
    owed: bool,
}

/// How a run of the plan ended.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Ended {
    /// Every step ran.
    Done,
    /// Every step ran but the search index and bundle, which stand as the last round left them
    /// (a stylesheet save changes no document).
    SearchKept,
    /// Stopped between two steps for a newer save; the next round owes the rest.
    Stopped,
}

/// Runs the plan for `site` into `sink`; sets each case's related cases. With `search: false`
/// in katalog.yaml none of the search steps run and an old index in `.katalog-cache/` goes.
pub fn run(
    site: &mut Site,
    theme: &mut Theme,
    root: &Path,
    sink: &dyn Sink,
    mode: Mode,
) -> Result<Ended, Error> {
    // Cards made while rendering the listings serve the case and print pages rendered later.
    let cards = CardCache::new(site);
    let steps = Steps {
        root,
        sink,
        cards: &cards,
    };
    let ended = match mode {
        Mode::Build => steps.all_at_once(site, theme).map(|_| Ended::Done)?,
        Mode::Preview(round) if round.previous.pages.is_empty() => {
            let pages = steps.all_at_once(site, theme)?;
            let written = Written {
                rendered: pages.len(),
                gone: Vec::new(),
            };
            (round.pages_written)(site, &written);
            let previous = round.previous;
            previous.pages = pages;
            previous.related = remember_related(site);
            previous.related_inputs = site.config.search.then(|| related::inputs(site));
            Ended::Done
        }
        Mode::Preview(round) => steps.one_by_one(site, theme, round)?,
    };
    if !site.config.search && ended == Ended::Done {
        search::forget(root);
    }
    Ok(ended)
}

/// The steps, each writing into the sink.
struct Steps<'a> {
    root: &'a Path,
    sink: &'a dyn Sink,
    cards: &'a CardCache,
}

impl Steps<'_> {
    /// The pages of `part` whose fingerprint is not the one in `previous`.
    fn pages(
        &self,
        site: &Site,
        theme: &mut Theme,
        previous: &Fingerprints,
        part: Pages,
    ) -> Result<Fingerprints, Error> {
        let write = |rel: &str, bytes: &[u8]| self.sink.page(rel, bytes);
        render::render_pages(site, theme, self.cards, &write, previous, part)
            .map_err(Error::Content)
    }

    /// Feeds, open data and the other files of `feeds::files`, and the editors' form.
    fn data_files(&self, site: &Site, feed_title_suffix: &str) -> Result<(), Error> {
        let files = feeds::files(site, feed_title_suffix)
            .map_err(|e| error::io("cannot make the data files", e))?;
        let form = admin::files(site, crate::municipalities::registry());
        for (rel, bytes) in files.into_iter().chain(form) {
            self.sink
                .file(&rel, &bytes)
                .map_err(|e| error::io(&format!("cannot write {rel}"), e))?;
        }
        Ok(())
    }

    /// Finds each case's related cases in the index, for its page.
    fn related(&self, built: &Built, site: &mut Site) -> Result<(), Error> {
        let related =
            search::related(built, site).map_err(|e| error::io("cannot find related cases", e))?;
        set_related(site, related);
        Ok(())
    }

    /// Stores the index in `.katalog-cache/` and exports the bundle (`search/`).
    /// `per_page` is the front page's page of results.
    fn publish(&self, built: &Built, per_page: usize) -> Result<(), Error> {
        let write = |rel: &str, bytes: &[u8]| self.sink.file(rel, bytes);
        search::publish(built, self.root, per_page, &write)
            .map_err(|e| error::io("cannot export the search index (search/)", e))
    }

    /// The theme's static files and `content/media/`.
    fn copies(&self, site: &Site, theme: &Theme) -> Result<(), Error> {
        for (rel, src) in theme.static_files(site.config.search) {
            self.sink
                .copy(&format!("static/{rel}"), src)
                .map_err(|e| error::io(&format!("cannot copy {}", src.display()), e))?;
        }
        let media = self.root.join("content");
        site.media.par_iter().try_for_each(|m| {
            self.sink
                .copy(m, &media.join(m))
                .map_err(|e| error::io(&format!("cannot copy content/{m}"), e))
        })
    }

    /// Every step, in parallel where they can be: the search index is built while the pages
    /// without related cases render and the data files are made; then each case's related
    /// cases are found and the case pages render while the index is stored and exported.
    fn all_at_once(&self, site: &mut Site, theme: &mut Theme) -> Result<Fingerprints, Error> {
        let none = Fingerprints::new();
        let suffix = theme.strings.get("feed_title_suffix");
        let ((rendered, data_files), built) = {
            let site = &*site;
            let theme = &mut *theme;
            rayon::join(
                || {
                    rayon::join(
                        || self.pages(site, theme, &none, Pages::AllButCases),
                        || self.data_files(site, &suffix),
                    )
                },
                || {
                    site.config
                        .search
                        .then(|| search::index(site))
                        .transpose()
                        .map_err(|e| error::io("cannot build the search index", e))
                },
            )
        };
        let mut pages = rendered?;
        data_files?;
        let built = built?;
        let per_page = site.config.per_page;
        let (cases, published) = rayon::join(
            || {
                if let Some(built) = &built {
                    self.related(built, site)?;
                }
                self.pages(site, theme, &none, Pages::Cases)
            },
            || {
                built
                    .as_ref()
                    .map(|b| self.publish(b, per_page))
                    .transpose()
            },
        );
        pages.extend(cases?);
        published?;
        self.copies(site, theme)?;
        Ok(pages)
    }

    /// A later round of serve: the pages whose inputs changed (case pages with the related
    /// cases of the last round: the index takes seconds on a large catalogue) and the copies,
    /// then `pages_written`; then, yielding to a newer save between steps (and while indexing),
    /// the search index, the related cases and the case pages whose related cases changed
    /// (shown when next opened: one save, one reload), the data files, the print page and the
    /// search bundle.
    fn one_by_one(&self, site: &mut Site, theme: &mut Theme, round: Round) -> Result<Ended, Error> {
        let Round {
            previous,
            css_only,
            pages_written,
            newer_save,
        } = round;
        if site.config.search {
            restore_related(site, &previous.related);
        }
        let mut pages = self.pages(site, theme, &previous.pages, Pages::AllButPrint)?;
        let rendered = pages
            .iter()
            .filter(|(k, v)| previous.pages.get(*k) != Some(v))
            .count();
        // The print page renders last; until then it is the last round's.
        if let Some((k, v)) = previous.pages.remove_entry("trykk/index.html") {
            pages.insert(k, v);
        }
        let gone = previous
            .pages
            .keys()
            .filter(|k| !pages.contains_key(*k))
            .cloned()
            .collect();
        previous.pages = pages;
        self.copies(site, theme)?;
        pages_written(site, &Written { rendered, gone });

        // After the reload: hashing every body takes tens of milliseconds at 10,000 cases.
        let related_inputs = site.config.search.then(|| related::inputs(site));
        // Owed until this round's work is done. A newer save would otherwise wait seconds for
        // it on a large catalogue.
        let owed = std::mem::replace(&mut previous.owed, true);
        let built = if !site.config.search || (css_only && !owed) {
            None
        } else {
            let index = search::index_unless(site, newer_save)
                .map_err(|e| error::io("cannot build the search index", e))?;
            let Some(built) = index else {
                return Ok(Ended::Stopped);
            };
            Some(built)
        };
        if newer_save() {
            return Ok(Ended::Stopped);
        }
        if let Some(built) = &built
            && related_inputs != previous.related_inputs
        {
            self.related(built, site)?;
            let cases = self.pages(site, theme, &previous.pages, Pages::Cases)?;
            previous.pages.extend(cases);
        }
        previous.related = remember_related(site);
        previous.related_inputs = related_inputs;
        if newer_save() {
            return Ok(Ended::Stopped);
        }
        self.data_files(site, &theme.strings.get("feed_title_suffix"))?;
        if newer_save() {
            return Ok(Ended::Stopped);
        }
        let print = self.pages(site, theme, &previous.pages, Pages::Print)?;
        previous.pages.extend(print);
        if newer_save() {
            return Ok(Ended::Stopped);
        }
        let ended = match &built {
            Some(built) => {
                self.publish(built, site.config.per_page)?;
                Ended::Done
            }
            None if site.config.search => Ended::SearchKept,
            None => Ended::Done,
        };
        previous.owed = false;
        Ok(ended)
    }
}

/// Gives each case its related cases (`search::related`), which its page shows.
fn set_related(site: &mut Site, related: related::Related) {
    for (case, related) in site.cases.iter_mut().zip(related) {
        case.related = related;
    }
}

/// Gives each case of `site` its related cases of the last round (`remembered`), as far as
/// they still exist.
fn restore_related(site: &mut Site, remembered: &HashMap<String, Vec<String>>) {
    let at: HashMap<&str, usize> = site
        .cases
        .iter()
        .enumerate()
        .map(|(i, c)| (c.slug.as_str(), i))
        .collect();
    let related = site
        .cases
        .iter()
        .map(|c| {
            remembered
                .get(&c.slug)
                .into_iter()
                .flatten()
                .filter_map(|slug| at.get(slug.as_str()).copied())
                .collect()
        })
        .collect();
    set_related(site, related);
}

/// Each case's related cases as slugs, to outlive this round's indices.
fn remember_related(site: &Site) -> HashMap<String, Vec<String>> {
    site.cases
        .iter()
        .map(|c| {
            let related = c.related.iter().filter_map(|&j| site.cases.get(j));
            (c.slug.clone(), related.map(|r| r.slug.clone()).collect())
        })
        .collect()
}
