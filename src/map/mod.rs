//! The map of Norway that pages show: the land and the county borders drawn once per process
//! from Kartverket's outlines, and a link for each municipality a page marks.
//!
//! The base map (land and borders, 15.5 kB, 5.0 kB gzipped: 3,796 points) is one file,
//! [`base_file`] at `kommune/kart.svg`, that every map draws with `<use>`: before, each of the
//! 359 pages with a map carried it inline (5.6 MB of the 10,000-case site), and a reader paid
//! it again on every page. The `<use>` elements carry the classes the stylesheet styles, and
//! the file's paths set no paint of their own, so that the land still takes the page's colours
//! (light, dark, print, forced colours) through inheritance. The marks stay inline: each is a
//! link with its name, in the page's tab order.

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
    /// The file with the land and county border paths, which pages `<use>`.
    file: String,
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
        let file = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\">\
             <path id=\"land\" fill-rule=\"evenodd\" d=\"{}\"/>\
             <path id=\"borders\" d=\"{}\"/></svg>\n",
            path_data(&outline.land, true),
            path_data(&outline.borders, false)
        );
        BaseMap {
            outline,
            start,
            file,
        }
    })
}

/// The base map's file (land with `id="land"`, county borders with `id="borders"`), which
/// [`svg`] draws from the address it is given.
pub fn base_file() -> &'static str {
    &base().file
}

/// The whole inline `<svg>` element: a group of links named by `title` and described by
/// `desc`, the land and borders drawn from [`base_file`] at the address `file`, one
/// `<a href>` per mark with `label` as its name (and tooltip). Marks of municipality numbers
/// that do not exist are left out. The chosen municipality is drawn last, so that no other
/// mark hides it; the others keep their order.
pub fn svg(marks: &[Mark], title: &str, desc: &str, file: &str) -> String {
    let base = base();
    let mut out = String::with_capacity(base.start.len() + 200 + 150 * marks.len());
    out.push_str(&base.start);
    let file = escape(file);
    let _ = write!(
        out,
        "<title>{}</title><desc>{}</desc>\
         <use class=\"map__land\" href=\"{file}#land\"/>\
         <use class=\"map__borders\" href=\"{file}#borders\"/>",
        escape(title),
        escape(desc)
    );
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
        // A plain mark needs no class of its own: at 357 marks a page, every byte counts.
        let (class, shape) = match mark.kind {
            MarkKind::Cases => ("", format!("<circle cx=\"{x}\" cy=\"{y}\" r=\"4.5\"/>")),
            // A diamond: the shape, not only the colour, tells it from a plain mark.
            MarkKind::Near => (
                " map__mark--near",
                format!("<path d=\"M{x} {}l6 6-6 6-6-6z\"/>", y - 6.0),
            ),
            // A ring around a dot, twice a plain mark's size.
            MarkKind::Chosen => (
                " map__mark--chosen",
                format!(
                    "<circle class=\"map__ring\" cx=\"{x}\" cy=\"{y}\" r=\"9\"/>\
                     <circle cx=\"{x}\" cy=\"{y}\" r=\"3.5\"/>"
                ),
            ),
        };
        let _ = write!(
            out,
            "<a class=\"map__mark{class}\" href=\"{}\"><title>{}</title>{shape}</a>",
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
