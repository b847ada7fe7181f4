//! The print page, `/trykk/`: the whole brochure up to `print_limit` cases, above it only the
//! selections to print; and the questions to discuss that close it. Its bodies are spliced into
//! the rendered page instead of being copied through the template context, and made fit for
//! the page's folder. The browser's script (static/booklet.js) turns it into a printed selection.

use super::cards::CardCache;
use super::handout;
use crate::site::Site;
use crate::views;
use serde::Serialize;

/// The facets a catalogue above the limit offers as selections to print (by FACET_KEYS index):
/// model type, landsdel, county, size.
const CHOICES: [usize; 4] = [0, 2, 3, 4];

/// The questions of one taxonomy term.
#[derive(Serialize)]
pub(super) struct TermQuestions<'a> {
    pub key: &'a str,
    pub slug: &'a str,
    pub label: &'a str,
    pub questions: &'a [String],
    /// Whether the page shows them (on `/trykk/`, whether a printed case has the term).
    pub shown: bool,
}

/// Every term of the two taxonomies that has questions, model types first, each `shown` as
/// `shown(facet index, term index)` says.
pub(super) fn term_questions(
    site: &Site,
    shown: impl Fn(usize, usize) -> bool,
) -> Vec<TermQuestions<'_>> {
    let mut out = Vec::new();
    // config.taxonomies and the first two facets are the same terms in the same order.
    for (fi, (tax, facet)) in site.config.taxonomies.iter().zip(&site.facets).enumerate() {
        for (ti, t) in tax.terms.iter().enumerate() {
            if !t.questions.is_empty() {
                out.push(TermQuestions {
                    key: facet.key,
                    slug: &t.slug,
                    label: &t.label,
                    questions: &t.questions,
                    shown: shown(fi, ti),
                });
            }
        }
    }
    out
}

/// Inserts the print page's `cases` (each body a marker, see [`splice_bodies`]; none above
/// the limit), `whole`, `print_limit`, `intro`, `choices` (the selections to print, above the
/// limit), `questions` (every term's, `shown` when a printed case has it) and
/// `general_questions`.
pub(super) fn context(ctx: &mut tera::Context, site: &Site, cards: &CardCache, root: &str) {
    let whole = site.cases.len() <= site.config.print_limit;
    let printed = if whole { site.cases.len() } else { 0 };
    let cases: Vec<tera::Value> = (0..printed)
        .map(|i| {
            let mut v = cards.view(site, i, root);
            v.insert("body".into(), body_marker(i).into());
            v.into()
        })
        .collect();
    ctx.insert_value("cases", cases.into());
    ctx.insert("whole", &whole);
    ctx.insert("print_limit", &site.config.print_limit);
    let choices: Vec<views::FacetView> = if whole {
        Vec::new()
    } else {
        views::facets(site, true)
            .into_iter()
            .enumerate()
            .filter_map(|(i, f)| CHOICES.contains(&i).then_some(f))
            .collect()
    };
    ctx.insert("choices", &choices);
    let questions = term_questions(site, |fi, ti| {
        whole
            && site
                .facets
                .get(fi)
                .and_then(|f| f.terms.get(ti))
                .is_some_and(|t| !t.cases.is_empty())
    });
    ctx.insert("questions", &questions);
    ctx.insert("general_questions", &site.config.questions);
    ctx.insert(
        "intro",
        &site.intro.as_ref().map_or("", |p| p.body.html.as_str()),
    );
}

const MARKER: &str = "<!--katalog-body:";

/// What `case.body` is on the print page until `splice_bodies` replaces it.
fn body_marker(i: usize) -> String {
    format!("{MARKER}{i}-->")
}

/// The print page with each case's body in place of its marker.
pub(super) fn splice_bodies(site: &Site, html: &str) -> String {
    // At most print_limit bodies are on the page (none above it).
    let bodies: usize = site
        .cases
        .iter()
        .take(site.config.print_limit)
        .map(|c| c.body.html.len())
        .sum();
    let mut out = String::with_capacity(html.len() + bodies + bodies / 50);
    let mut rest = html;
    while let Some(i) = rest.find(MARKER) {
        out.push_str(&rest[..i]);
        let after = &rest[i + MARKER.len()..];
        let end = after.find("-->").unwrap_or(after.len());
        match after[..end]
            .parse::<usize>()
            .ok()
            .and_then(|n| site.cases.get(n))
        {
            Some(case) => for_print(
                &mut out,
                &handout::with_addresses(&case.body.html, &site.config.base_url, 2),
                &case.slug,
            ),
            None => out.push_str(&rest[i..i + MARKER.len() + end]),
        }
        rest = after.get(end + 3..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

/// A case body, rendered for `/eksempler/SLUG/`, made fit for `/trykk/`: one folder up, its
/// ids and in-page links prefixed with the slug so that cases do not collide, and its headings
/// one level down (h2–h5 become h3–h6), below the case's own h2 title. One pass: this runs over
/// every case body of the catalogue. A `<` in a rendered body always opens a tag: text and
/// attribute values have it escaped.
fn for_print(out: &mut String, html: &str, slug: &str) {
    let mut rest = html;
    while let Some(i) = rest.find(['"', '<']) {
        let (before, after) = rest.split_at(i + 1);
        out.push_str(before);
        rest = after;
        if before.ends_with('<') {
            let (close, tag) = match after.strip_prefix('/') {
                Some(tag) => ("/", tag),
                None => ("", after),
            };
            if let [b'h', level @ b'2'..=b'5', next, ..] = tag.as_bytes()
                && !next.is_ascii_alphanumeric()
            {
                out.push_str(close);
                out.push('h');
                out.push(char::from(level + 1));
                rest = &tag[2..];
            }
        } else if before.ends_with("=\"") {
            if let Some(r) = after.strip_prefix("../../") {
                out.push_str("../");
                rest = r;
            } else if before.ends_with(" id=\"") {
                out.push_str(slug);
                out.push_str("--");
            } else if before.ends_with("href=\"") && after.starts_with('#') {
                out.push('#');
                out.push_str(slug);
                out.push_str("--");
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    #[test]
    fn print_bodies_move_up_prefix_ids_and_demote_headings() {
        let html = r##"<h2 id="a">A</h2><a href="../../eksempler/b/">b</a><a href="#a">x</a><img src="../../media/c.png" alt="c"><a href="https://x/">y</a><h5>e</h5><h6>f</h6><hr><header>h</header>"##;
        let mut out = String::new();
        super::for_print(&mut out, html, "s");
        assert_eq!(
            out,
            r##"<h3 id="s--a">A</h3><a href="../eksempler/b/">b</a><a href="#s--a">x</a><img src="../media/c.png" alt="c"><a href="https://x/">y</a><h6>e</h6><h6>f</h6><hr><header>h</header>"##
        );
    }
}
