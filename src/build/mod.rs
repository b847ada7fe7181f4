//! `katalog build`: the pipeline from `content/` to a complete site in the output folder —
//! load and validate (`load`), then the plan's steps (`plan`) into a staging folder that
//! replaces the output only when everything succeeded.

mod load;
pub mod plan;

pub use crate::error::Error;
pub use load::{Cache, Loaded, load, load_cached};

use crate::error;
use crate::output::{OutputError, Staging};
use crate::site::Site;
use crate::theme::Theme;
use plan::{Mode, Sink};
use std::io;
use std::path::{Path, PathBuf};

pub struct Options {
    pub root: PathBuf,
    pub output: PathBuf,
    pub drafts: bool,
    pub base_url: Option<String>,
}

pub struct Summary {
    pub cases: usize,
    pub pages: usize,
    pub drafts_left_out: usize,
    pub warnings: Vec<crate::diagnostics::Diagnostic>,
}

/// Builds the site into `opts.output`, replacing it only when everything succeeded.
pub fn build(opts: &Options) -> Result<Summary, Error> {
    let Loaded {
        mut site,
        mut theme,
        drafts_left_out,
        warnings,
    } = load(opts)?;
    write(&mut site, &mut theme, &opts.root, &opts.output)?;
    Ok(Summary {
        cases: site.cases.len(),
        pages: site.pages.len(),
        drafts_left_out,
        warnings,
    })
}

/// Renders and writes the whole site through a staging folder; sets each case's `related`.
pub fn write(site: &mut Site, theme: &mut Theme, root: &Path, output: &Path) -> Result<(), Error> {
    let staging = Staging::begin(output).map_err(|e| match e {
        OutputError::NotOurs(_) => Error::Usage(e.to_string()),
        OutputError::Io(e) => error::io(&format!("cannot prepare {}", output.display()), e),
    })?;
    plan::run(site, theme, root, &staging, Mode::Build)?;
    staging.commit().map_err(|e| {
        error::io(
            &format!("cannot put the new site in place at {}", output.display()),
            e,
        )
    })
}

impl Sink for Staging {
    fn page(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        self.write(rel, bytes)
    }

    fn file(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        self.write(rel, bytes)
    }

    fn copy(&self, rel: &str, from: &Path) -> io::Result<()> {
        Staging::copy(self, rel, from)
    }
}
