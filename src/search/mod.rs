//! Full-text search: the Norwegian analyzer (`analyzer`), the tantivy index built on every build
//! (`index`), katalog's query language and canonical scoring behind `katalog search` (`query`),
//! and the static bundle the browser client searches (`export`). The JavaScript twins live in
//! the theme: `static/search/stemmer.js` and `static/search/search.js`.

pub mod analyzer;
pub mod export;
pub mod index;
pub mod query;

use crate::output::Staging;
use crate::render::Writer;
use crate::site::Site;
use std::io;
use std::path::Path;

/// The build's search step: indexes `site`, stores the index in `ROOT/.katalog-cache/search/`
/// and exports the bundle into `staging` (`search/…`). A cache that cannot be written (a
/// read-only checkout) is reported on stderr and does not fail the build: the bundle is
/// exported from the index in memory either way.
pub fn publish(site: &Site, root: &Path, staging: &Staging) -> io::Result<export::Sizes> {
    publish_to(site, root, &|rel: &str, bytes: &[u8]| {
        staging.write(rel, bytes)
    })
}

/// [`publish`] through any writer of site files (watch mode writes into its preview folder).
pub fn publish_to(site: &Site, root: &Path, write: &Writer) -> io::Result<export::Sizes> {
    let err = |e: tantivy::TantivyError| io::Error::other(e.to_string());
    let built = index::build(site).map_err(err)?;
    if let Err(e) = index::persist(&built, root) {
        eprintln!(
            "warning: cannot store the search index in {}: {e}; `katalog search` will not see this build",
            index::index_dir(root).display()
        );
    }
    let snap = index::Snapshot::new(&built.index, built.vocab.clone()).map_err(err)?;
    export::write(&snap, write)
}
