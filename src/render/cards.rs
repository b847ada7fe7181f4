//! The card cache: each case's card is rendered once per page depth and shared by every page
//! that shows it, which is what keeps rendering 10,000 cases' listings fast.

use super::template_error;
use crate::diagnostics::Diagnostic;
use crate::site::Site;
use crate::theme::Theme;
use crate::views::{self, CaseView};
use std::sync::OnceLock;

/// The partial every listing shows a case with; [`CardCache`] renders it once per case and
/// depth.
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
/// One `CardCache` serves every [`super::render_pages`] of one build of one site with one
/// theme: the case pages render after the others (they wait for the related cases, which no
/// card shows) and find the cards made for the listings.
pub struct CardCache {
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

impl CardCache {
    /// Empty caches for the cases of `site`.
    pub fn new(site: &Site) -> CardCache {
        CardCache {
            views: slots(site.cases.len()),
            by_depth: Default::default(),
        }
    }

    /// The card of case `i` of `site` for a page at `root`.
    pub(super) fn get(
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
    pub(super) fn view(&self, site: &Site, i: usize, root: &str) -> tera::Map {
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

#[cfg(test)]
mod tests {
    #[test]
    fn cards_are_cached_by_the_depth_of_their_root() {
        assert_eq!(super::depth_of(""), Some(0));
        assert_eq!(super::depth_of("../../../../"), Some(4));
        assert_eq!(super::depth_of("/katalog/"), None);
        assert_eq!(super::depth_of("..//"), None);
    }
}
