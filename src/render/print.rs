//! The print page: every case on one page. Its bodies are spliced into the rendered page
//! instead of being copied through the template context, and made fit for the page's folder.

use super::cards::CardCache;
use crate::site::Site;

/// Inserts the print page's `cases` (each body a marker, see [`splice_bodies`]) and `intro`.
pub(super) fn context(ctx: &mut tera::Context, site: &Site, cards: &CardCache, root: &str) {
    let cases: Vec<tera::Value> = (0..site.cases.len())
        .map(|i| {
            let mut v = cards.view(site, i, root);
            v.insert("body".into(), body_marker(i).into());
            v.into()
        })
        .collect();
    ctx.insert_value("cases", cases.into());
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
    let bodies: usize = site.cases.iter().map(|c| c.body.html.len()).sum();
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
            Some(case) => for_print(&mut out, &case.body.html, &case.slug),
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
