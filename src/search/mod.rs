//! Full-text search: the Norwegian analyzer (`analyzer`), the tantivy index built on every build
//! (`index`) and the read view of it that everything else uses (`snapshot`), katalog's query language and canonical scoring behind `katalog search` (`query`),
//! the static bundle the browser client searches (`export`), and each case's related cases
//! (`related`). The JavaScript twins live in the theme: `static/search/stemmer.js` and
//! `static/search/search.js`.

pub mod analyzer;
pub mod export;
pub mod index;
pub mod query;
pub mod related;
pub mod snapshot;

use crate::console::note;
use crate::render::Writer;
use crate::site::Site;
use std::io;
use std::path::Path;

fn err(e: tantivy::TantivyError) -> io::Error {
    io::Error::other(e.to_string())
}

/// The first step of the build's search: indexes `site` in memory.
pub fn index(site: &Site) -> io::Result<index::Built> {
    index::build(site).map_err(err)
}

/// [`index`], or `None` if `stop` says so before it is done (watch mode, for a newer save).
pub fn index_unless(
    site: &Site,
    stop: &mut dyn FnMut() -> bool,
) -> io::Result<Option<index::Built>> {
    index::build_unless(site, stop).map_err(err)
}

/// Each case's related cases, from `built` (the index of `site`).
pub fn related(built: &index::Built, site: &Site) -> io::Result<related::Related> {
    related::compute(&built.index, site).map_err(err)
}

/// The last step: stores the index in `ROOT/.katalog-cache/search/` and exports the bundle
/// through `write` (`search/…`). A cache that cannot be written (a read-only checkout) is
/// reported on stderr and does not fail the build: the bundle is exported from the index in
/// memory either way. `per_page` is the front page's page of results.
pub fn publish(
    built: &index::Built,
    root: &Path,
    per_page: usize,
    write: &Writer,
) -> io::Result<()> {
    if let Err(e) = index::persist(built, root) {
        note!(
            "warning: cannot store the search index in {}: {e}; `katalog search` will not see this build",
            index::index_dir(root).display()
        );
    }
    let snap = snapshot::Snapshot::new(&built.index, built.vocab.clone()).map_err(err)?;
    export::write(&snap, per_page, write)
}

/// For a site with `search: false`: removes the index an earlier build left in
/// `ROOT/.katalog-cache/search/` (tens of MB for a large catalogue, and no longer this site's).
/// A failure is reported on stderr and does not fail the build.
pub fn forget(root: &Path) {
    if let Err(e) = index::remove(root) {
        note!(
            "warning: cannot remove the old search index in {}: {e}",
            index::index_dir(root).display()
        );
    }
}
