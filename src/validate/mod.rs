//! The content contract's rules for a case's and a page's front matter: every problem is
//! reported with its file, line, column and key, and the valid data becomes typed metadata.
//! `fields.rs` holds the table of a case's keys, `case.rs` and `page.rs` the rules, `types.rs`
//! what valid front matter becomes; `sections.rs` the body's sections (warnings only).

mod case;
mod fields;
pub mod page;
pub mod sections;
mod types;

pub use fields::{
    CASE_FIELDS, Choices, DATE_PATTERN, EMAIL_PATTERN, FieldSpec, Keys, LINK_URL_PATTERN,
    MEDIA_PATTERN, MONTH_PATTERN, MUNICIPALITY_NUMBER_PATTERN, Shape,
};
pub use types::{CaseMeta, PageMeta};

use crate::check::{Checker, Fields};
use crate::config::Config;
use crate::content::{Document, Kind};
use crate::diagnostics::Diagnostic;
use crate::municipalities::Registry;
use case::case;
use page::page;
use std::sync::Arc;

/// What a Markdown file's front matter became once valid.
#[derive(Clone)]
pub enum Meta {
    /// Shared with the site model, which watch mode builds anew from it on every save.
    Case(Arc<CaseMeta>),
    Page(PageMeta),
}

/// The verdict on a split file's front matter, by its kind: its metadata, or every problem.
pub fn document(
    path: &str,
    doc: &Document,
    config: &Config,
    registry: &Registry,
) -> Result<Meta, Vec<Diagnostic>> {
    let mut c = Checker::new(path);
    let meta = match doc.kind {
        Kind::Case => {
            case(&mut c, &doc.front_matter, config, registry).map(|m| Meta::Case(Arc::new(m)))
        }
        Kind::Page | Kind::Index => page(&mut c, &doc.front_matter).map(Meta::Page),
    };
    meta.ok_or(c.diags)
}

fn text(c: &mut Checker, f: &Fields, key: &str) -> Option<String> {
    f.get(key).and_then(|n| c.string(n, key))
}
