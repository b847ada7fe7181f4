//! The content contract's rules for a plain page's (or `_index.md`'s) front matter.

use super::text;
use super::types::PageMeta;
use crate::check::Checker;
use crate::config::LANGUAGES;
use crate::yaml::Node;

/// The keys of a page's front matter.
pub const PAGE_KEYS: [&str; 4] = ["title", "description", "language", "draft"];

/// Validates a page's front matter; `None` when it has errors (they are in `c`).
pub(super) fn page(c: &mut Checker, fm: &Node) -> Option<PageMeta> {
    let before = c.diags.len();
    let f = c.fields(fm, "", &PAGE_KEYS, &["title"])?;
    let m = PageMeta {
        title: text(c, &f, "title").unwrap_or_default(),
        description: text(c, &f, "description").unwrap_or_default(),
        language: f.get("language").and_then(|n| {
            c.choice(n, "language", "language", &LANGUAGES)
                .map(str::to_string)
        }),
        draft: f
            .get("draft")
            .and_then(|n| c.boolean(n, "draft"))
            .unwrap_or(false),
    };
    (c.diags.len() == before).then_some(m)
}
