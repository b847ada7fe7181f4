//! The map of Norway that pages show: the land and the county borders drawn once per process
//! from Kartverket's outlines, and a link for each municipality a page marks.
//!
//! The base map goes inline into every page that shows it, not into a shared file that pages
//! `<use>`: measured (tests.rs), it is 15.7 kB, 5.1 kB gzipped (3,796 points), and 10.4 kB
//! gzipped with a mark on every one of the 357 municipalities, a quarter of the 40 kB budget.
//! A shared file would save about 5 kB a page view at the cost of a second request and of a
//! path from each page to the site's root, which `svg` is not given; inline, the land takes the
//! page's colours (light, dark, print) and draws even in a page opened as a file.

mod outline;
mod project;

use std::fmt::Write;
use std::sync::OnceLock;

use crate::municipalities::registry;
use crate::views::escape;
use outline::{Detail, Outline, Point};

/// The drawing's size: 400 units across fits a phone at one unit a pixel; about 3 km a unit.
const DETAIL: Detail = Detail {
    width: 400,
    margin: 6,
    tolerance: 0.6,
    min_area: 1.5,
};

/// How a municipality is marked.
pub enum MarkKind {
    /// It has cases.
    Cases,
    /// The municipality the page is about.
    Chosen,
    /// It has cases and lies near the chosen one.
    Near,
}

/// A municipality the map marks, as a link.
pub struct Mark<'a> {
    pub number: &'a str,
    pub href: String,
    /// The link's accessible name, e.g. "Suldal: 1 eksempel".
    pub label: String,
    pub kind: MarkKind,
}

/// The land and borders, ready to be wrapped around a page's marks.
struct BaseMap {
    outline: Outline,
    /// `<svg …>`, up to its title.
    start: String,
    /// The land and county border paths.
    paths: String,
}

fn base() -> &'static BaseMap {
    static BASE: OnceLock<BaseMap> = OnceLock::new();
    BASE.get_or_init(|| {
        let outline = outline::outline(&DETAIL);
        let (w, h) = (outline.frame.width, outline.frame.height);
        let start = format!(
            "<svg class=\"map\" xmlns=\"http://www.w3.org/2000/svg\" role=\"group\" \
             viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\">"
        );
        let paths = format!(
            "<path class=\"map__land\" fill-rule=\"evenodd\" d=\"{}\"/>\
             <path class=\"map__borders\" d=\"{}\"/>",
            path_data(&outline.land, true),
            path_data(&outline.borders, false)
        );
        BaseMap {
            outline,
            start,
            paths,
        }
    })
}

/// The whole inline `<svg>` element: a group of links named by `title` and described by
/// `desc`, one `<a href>` per mark with `label` as its name (and tooltip). Marks of
/// municipality numbers that do not exist are left out. The chosen municipality is drawn
/// last, so that no other mark hides it; the others keep their order.
pub fn svg(marks: &[Mark], title: &str, desc: &str) -> String {
    let base = base();
    let mut out = String::with_capacity(base.start.len() + base.paths.len() + 200 * marks.len());
    out.push_str(&base.start);
    let _ = write!(
        out,
        "<title>{}</title><desc>{}</desc>",
        escape(title),
        escape(desc)
    );
    out.push_str(&base.paths);
    out.push_str("<g class=\"map__marks\">");
    let (chosen, others): (Vec<&Mark>, Vec<&Mark>) = marks
        .iter()
        .partition(|m| matches!(m.kind, MarkKind::Chosen));
    for mark in others.into_iter().chain(chosen) {
        let Some(m) = registry().by_number(mark.number) else {
            continue;
        };
        let (x, y) = base.outline.frame.place_lon_lat(m.lon, m.lat);
        let (x, y) = (x.round(), y.round());
        let (class, shape) = match mark.kind {
            MarkKind::Cases => (
                "cases",
                format!("<circle cx=\"{x}\" cy=\"{y}\" r=\"4.5\"/>"),
            ),
            // A diamond: the shape, not only the colour, tells it from a plain mark.
            MarkKind::Near => (
                "near",
                format!("<path d=\"M{x} {}l6 6-6 6-6-6z\"/>", y - 6.0),
            ),
            // A ring around a dot, twice a plain mark's size.
            MarkKind::Chosen => (
                "chosen",
                format!(
                    "<circle class=\"map__ring\" cx=\"{x}\" cy=\"{y}\" r=\"9\"/>\
                     <circle cx=\"{x}\" cy=\"{y}\" r=\"3.5\"/>"
                ),
            ),
        };
        let _ = write!(
            out,
            "<a class=\"map__mark map__mark--{class}\" href=\"{}\"><title>{}</title>{shape}</a>",
            escape(&mark.href),
            escape(&mark.label)
        );
    }
    out.push_str("</g></svg>");
    out
}

/// SVG path data: each line starts absolute, then moves relative (shorter, and it compresses
/// better); rings are closed with `z`.
fn path_data(lines: &[Vec<Point>], closed: bool) -> String {
    let mut d = String::new();
    for line in lines {
        let Some((&(x0, y0), rest)) = line.split_first() else {
            continue;
        };
        let _ = write!(d, "M{x0} {y0}");
        let mut previous = (x0, y0);
        // A closed ring's last point repeats its first: `z` draws that edge.
        let rest = if closed {
            rest.split_last().map_or(rest, |(_, r)| r)
        } else {
            rest
        };
        if !rest.is_empty() {
            d.push('l');
        }
        for &(x, y) in rest {
            for delta in [x - previous.0, y - previous.1] {
                // A minus sign separates numbers by itself.
                if delta >= 0 && !d.ends_with('l') {
                    d.push(' ');
                }
                let _ = write!(d, "{delta}");
            }
            previous = (x, y);
        }
        if closed {
            d.push('z');
        }
    }
    d
}

#[cfg(test)]
mod tests;
