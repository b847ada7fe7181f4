//! Markdown bodies to safe HTML: CommonMark with tables, footnotes, strikethrough and heading
//! ids; links to other cases' `.md` files resolved (`links.rs`); raw HTML and dangerous URLs
//! neutralised, because cases come from contributors who are not all trusted.

mod links;

pub use links::{Anchor, Links, check_anchor};

use crate::check::{Checker, is_http_url};
use crate::diagnostics::Pos;
use links::resolve;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::HashSet;
use std::sync::OnceLock;

pub struct Rendered {
    pub html: String,
    /// The h2 headings, for the table of contents and the sections' order.
    pub toc: Vec<Heading>,
    /// The id of every heading on the page, for links from other pages.
    pub ids: HashSet<String>,
    /// Links to headings of other pages, checked once every page has its ids.
    pub anchors: Vec<Anchor>,
    /// http(s) URLs of links and images, where they stand (for `katalog check --external`).
    pub external: Vec<(String, Pos)>,
    /// The body as plain text for the search index: the text of every block, image alt texts
    /// and code, one space between words (raw HTML is left out).
    pub text: String,
}

/// An h2 heading of a body: its id, its text, and where it stands in its file.
#[derive(Debug)]
pub struct Heading {
    pub id: String,
    pub title: String,
    pub pos: Pos,
}

/// Renders `md`, whose first line is line `first_line` of its file.
pub fn render(md: &str, first_line: u32, links: &Links, c: &mut Checker) -> Rendered {
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_FOOTNOTES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    opts.insert(Options::ENABLE_HEADING_ATTRIBUTES);
    let line_starts = line_starts(md);
    let mut events: Vec<Event> = Vec::new();
    // The position and alt text of the image being read, to require alt text.
    let mut image_alt: Option<(Pos, String)> = None;
    let mut external = Vec::new();
    // Links to a heading (`#kilder`, `om.md#kontakt`), checked once the headings have their ids.
    let mut anchors: Vec<Anchor> = Vec::new();
    // Where each heading stands, in order, for the warnings on the sections' order.
    let mut heading_at: Vec<Pos> = Vec::new();
    for (ev, range) in Parser::new_ext(md, opts).into_offset_iter() {
        if matches!(ev, Event::Start(Tag::Heading { .. })) {
            heading_at.push(pos_at(md, &line_starts, range.start, first_line));
        }
        let ev = match ev {
            Event::Start(tag @ (Tag::Link { .. } | Tag::Image { .. })) => {
                let pos = pos_at(md, &line_starts, range.start, first_line);
                let is_image = matches!(tag, Tag::Image { .. });
                let tag = match tag {
                    Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    } => {
                        if let Some(id) = dest_url.strip_prefix('#') {
                            anchors.push(Anchor {
                                page: None,
                                written: String::new(),
                                id: id.to_string(),
                                pos,
                            });
                        }
                        let dest_url = resolve(dest_url, pos, links, c, "link", &mut anchors);
                        Tag::Link {
                            link_type,
                            dest_url,
                            title,
                            id,
                        }
                    }
                    Tag::Image {
                        link_type,
                        dest_url,
                        title,
                        id,
                    } => {
                        let dest_url = resolve(dest_url, pos, links, c, "image", &mut anchors);
                        Tag::Image {
                            link_type,
                            dest_url,
                            title,
                            id,
                        }
                    }
                    other => other,
                };
                if let Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } = &tag
                    && is_http_url(dest_url.trim())
                {
                    external.push((dest_url.trim().to_string(), pos));
                }
                if is_image {
                    image_alt = Some((pos, String::new()));
                }
                Event::Start(tag)
            }
            Event::Text(ref t) | Event::Code(ref t) if image_alt.is_some() => {
                if let Some((_, alt)) = &mut image_alt {
                    alt.push_str(t);
                }
                ev
            }
            Event::End(TagEnd::Image) => {
                if let Some((pos, alt)) = image_alt.take()
                    && alt.trim().is_empty()
                {
                    c.error(pos, "image", "an image needs alt text describing it for screen readers: ![what the image shows](...)");
                }
                ev
            }
            other => other,
        };
        events.push(ev);
    }
    let (mut events, kept) = without_unfilled_sections(events);
    let heading_at: Vec<Pos> = heading_at
        .into_iter()
        .zip(kept)
        .filter_map(|(pos, kept)| kept.then_some(pos))
        .collect();
    let (toc, ids) = assign_heading_ids(&mut events, &heading_at);
    let (here, elsewhere): (Vec<Anchor>, Vec<Anchor>) =
        anchors.into_iter().partition(|a| a.page.is_none());
    for anchor in &here {
        check_anchor(anchor, &ids, c);
    }
    let has_raw_html = events
        .iter()
        .any(|e| matches!(e, Event::Html(_) | Event::InlineHtml(_)));
    let text = plain_text(&events);
    let mut html = String::with_capacity(md.len() * 5 / 4);
    pulldown_cmark::html::push_html(&mut html, aligned_by_class(events).into_iter());
    if has_raw_html {
        html = sanitizer().clean(&html).to_string();
    }
    Rendered {
        html,
        toc,
        ids,
        anchors: elsewhere,
        external,
        text,
    }
}

/// The words of `events` without markup: text and code, a space at every break and block end,
/// whitespace runs collapsed to one space.
fn plain_text(events: &[Event]) -> String {
    let mut raw = String::new();
    for ev in events {
        match ev {
            Event::Text(t) | Event::Code(t) => raw.push_str(t),
            // Inline markup ends inside a word ("**kommune**styret"); everything else separates.
            Event::End(
                TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link
                | TagEnd::Superscript
                | TagEnd::Subscript,
            ) => {}
            Event::SoftBreak | Event::HardBreak | Event::Rule | Event::End(_) => raw.push(' '),
            _ => {}
        }
    }
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn line_starts(s: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(s.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

fn pos_at(text: &str, line_starts: &[usize], offset: usize, first_line: u32) -> Pos {
    let line = line_starts
        .partition_point(|&s| s <= offset)
        .saturating_sub(1);
    // Columns count characters, as editors see them (å is one column, two bytes).
    let col = text
        .get(line_starts[line]..offset)
        .map_or(1, |s| s.chars().count() + 1);
    Pos::new(first_line + line as u32, col as u32)
}

/// `events` without the suggested sections an editor left unfilled: a heading with nothing
/// under it but HTML comments (the prompts `katalog new` writes) before the next heading.
/// Also says of each heading, in order, whether it was kept.
fn without_unfilled_sections(events: Vec<Event>) -> (Vec<Event>, Vec<bool>) {
    let is_comment = |e: &Event| match e {
        Event::Html(h) => {
            let h = h.trim();
            h.starts_with("<!--") && h.ends_with("-->")
        }
        Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock) => true,
        _ => false,
    };
    let mut out = Vec::with_capacity(events.len());
    let mut kept = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if matches!(events[i], Event::Start(Tag::Heading { .. })) {
            let end = (i..events.len())
                .find(|&j| matches!(events[j], Event::End(TagEnd::Heading(_))))
                .unwrap_or(events.len());
            let next = (end + 1..events.len())
                .find(|&j| matches!(events[j], Event::Start(Tag::Heading { .. })))
                .unwrap_or(events.len());
            let under = &events[(end + 1).min(next)..next];
            let unfilled = !under.is_empty() && under.iter().all(is_comment);
            kept.push(!unfilled);
            if unfilled {
                i = next;
                continue;
            }
        }
        out.push(events[i].clone());
        i += 1;
    }
    (out, kept)
}

/// Gives every heading an id (its own `{#id}` or one made from its text, unique in the page)
/// and returns the h2s for the table of contents, and every id. `at` holds where each heading
/// stands, in order.
fn assign_heading_ids(events: &mut [Event], at: &[Pos]) -> (Vec<Heading>, HashSet<String>) {
    let mut used: HashSet<String> = HashSet::new();
    let mut toc = Vec::new();
    let mut at = at.iter();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, id, .. }) = &events[i] {
            let level = *level;
            let pos = at.next().copied().unwrap_or_default();
            let explicit = id.as_ref().map(|s| s.to_string());
            let mut title = String::new();
            let mut j = i + 1;
            while j < events.len() && !matches!(events[j], Event::End(TagEnd::Heading(_))) {
                if let Event::Text(t) | Event::Code(t) = &events[j] {
                    title.push_str(t);
                }
                j += 1;
            }
            let base = explicit
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| slugify(&title));
            let base = if base.is_empty() {
                "seksjon".to_string()
            } else {
                base
            };
            let mut unique = base.clone();
            let mut n = 2;
            while !used.insert(unique.clone()) {
                unique = format!("{base}-{n}");
                n += 1;
            }
            if level == HeadingLevel::H2 {
                toc.push(Heading {
                    id: unique.clone(),
                    title: title.trim().to_string(),
                    pos,
                });
            }
            if let Event::Start(Tag::Heading { id, attrs, .. }) = &mut events[i] {
                *id = Some(CowStr::Boxed(unique.into_boxed_str()));
                // `# Title {onclick=...}` becomes an HTML attribute that no sanitiser sees
                // (a body without raw HTML is not sanitised): only `lang` is kept.
                attrs.retain(|(name, _)| name.as_ref() == "lang");
            }
            i = j;
        }
        i += 1;
    }
    (toc, used)
}

/// A URL- and id-safe form of Norwegian text: "Bærekraft og Ørsta" -> "baerekraft-og-orsta".
pub fn slugify(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars().flat_map(char::to_lowercase) {
        match ch {
            'æ' => out.push_str("ae"),
            'ø' | 'ö' | 'ó' | 'ò' | 'ô' => out.push('o'),
            'å' | 'á' | 'à' | 'â' | 'ä' => out.push('a'),
            'é' | 'è' | 'ê' | 'ë' => out.push('e'),
            'ü' | 'ú' => out.push('u'),
            c if c.is_ascii_alphanumeric() => out.push(c),
            _ => {
                if !out.is_empty() && !out.ends_with('-') {
                    out.push('-');
                }
            }
        }
    }
    out.trim_end_matches('-').to_string()
}

/// `events` with each table cell's column alignment as a class (`align-left`, `align-center`,
/// `align-right`) instead of the `style` attribute pulldown-cmark writes, which the pages'
/// Content-Security-Policy would refuse.
fn aligned_by_class(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    use pulldown_cmark::Alignment;
    let mut alignments = Vec::new();
    let mut in_head = false;
    let mut column = 0;
    let cell = |in_head: bool| if in_head { "th" } else { "td" };
    events
        .into_iter()
        .map(|ev| match ev {
            Event::Start(Tag::Table(ref a)) => {
                alignments = a.clone();
                ev
            }
            Event::Start(Tag::TableHead) | Event::Start(Tag::TableRow) => {
                in_head |= matches!(ev, Event::Start(Tag::TableHead));
                column = 0;
                ev
            }
            Event::End(TagEnd::TableHead) => {
                in_head = false;
                ev
            }
            Event::Start(Tag::TableCell) => {
                let class = match alignments.get(column) {
                    Some(Alignment::Left) => " class=\"align-left\"",
                    Some(Alignment::Center) => " class=\"align-center\"",
                    Some(Alignment::Right) => " class=\"align-right\"",
                    _ => "",
                };
                Event::Html(format!("<{}{class}>", cell(in_head)).into())
            }
            Event::End(TagEnd::TableCell) => {
                column += 1;
                Event::Html(format!("</{}>", cell(in_head)).into())
            }
            other => other,
        })
        .collect()
}

/// The allow-list for raw HTML in bodies: text formatting, tables, figures and links; no
/// script, style (neither elements nor attributes: the Content-Security-Policy), forms, frames,
/// SVG or event handlers.
fn sanitizer() -> &'static ammonia::Builder<'static> {
    static B: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    B.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.add_generic_attributes(["id", "lang", "class"])
            .add_tag_attributes("th", ["scope"])
            .add_tags(["figure", "figcaption", "section"])
            .url_schemes(["http", "https", "mailto", "tel"].into_iter().collect())
            .link_rel(Some("noopener noreferrer"));
        b
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths() -> HashSet<String> {
        ["eksempler/suldal/", "om/", "media/a.png"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    fn run(md: &str) -> (Rendered, Vec<String>) {
        let p = paths();
        let links = Links {
            site_paths: &p,
            source_dir: "eksempler",
            root: "../../",
        };
        let mut c = Checker::new("content/eksempler/x.md");
        let r = render(md, 10, &links, &mut c);
        (r, c.diags.iter().map(|d| d.to_string()).collect())
    }

    #[test]
    fn resolves_case_links_and_reports_missing_ones_with_position() {
        let (r, errs) = run("See [Suldal](suldal.md#x) and [om](../om.md).\n\n[gone](borte.md)\n");
        assert!(
            r.html.contains("href=\"../../eksempler/suldal/#x\""),
            "{}",
            r.html
        );
        assert!(r.html.contains("href=\"../../om/\""), "{}", r.html);
        assert_eq!(
            errs,
            vec![
                "content/eksempler/x.md:12:1: error[link]: links to borte.md, which does not exist in this catalogue (check the file name; drafts are not published)"
            ]
        );
    }

    #[test]
    fn site_paths_become_relative() {
        let (r, errs) = run("[s](/eksempler/suldal/) ![a](/media/a.png)");
        assert!(errs.is_empty(), "{errs:?}");
        assert!(r.html.contains("href=\"../../eksempler/suldal/\""));
        assert!(r.html.contains("src=\"../../media/a.png\""));
    }

    #[test]
    fn media_paths_resolve_from_any_folder_and_images_need_alt() {
        let (r, errs) = run("![Kart](media/a.png) ![Kart](../media/a.png)\n\n![](/media/a.png)\n");
        assert_eq!(
            r.html.matches("src=\"../../media/a.png\"").count(),
            3,
            "{}",
            r.html
        );
        assert_eq!(
            errs,
            vec![
                "content/eksempler/x.md:12:1: error[image]: an image needs alt text describing it for screen readers: ![what the image shows](...)"
            ]
        );
    }

    #[test]
    fn headings_get_unique_ids_and_toc() {
        let (r, _) = run("## Erfaringer\n\n## Erfaringer\n\n### Sub {#egen}\n");
        assert!(r.html.contains("<h2 id=\"erfaringer\">"));
        assert!(r.html.contains("<h2 id=\"erfaringer-2\">"));
        assert!(r.html.contains("<h3 id=\"egen\">"));
        assert_eq!(r.toc.len(), 2);
    }

    #[test]
    fn script_and_handlers_are_removed() {
        let (r, _) = run(
            "<script>alert(1)</script>\n\n<img src=x onerror=\"alert(1)\">\n\n[x](javascript:alert(1)) <a href=\"javascript:alert(2)\">y</a>\n\n<svg><script>alert(3)</script></svg>\n",
        );
        let h = r.html.to_lowercase();
        assert!(!h.contains("<script"), "{h}");
        assert!(!h.contains("onerror"), "{h}");
        assert!(!h.contains("javascript:"), "{h}");
        assert!(!h.contains("<svg"), "{h}");
    }

    #[test]
    fn table_alignment_is_a_class_never_a_style_attribute() {
        let md = "| a | b | c | d |\n| :- | :-: | -: | - |\n| 1 | 2 | 3 | 4 |\n";
        for md in [
            md.to_string(),
            format!("{md}\n<td style=\"color: red\">x</td>\n"),
        ] {
            let (r, _) = run(&md);
            assert!(!r.html.contains("style"), "{}", r.html);
            assert!(
                r.html.contains("<th class=\"align-left\">a</th><th class=\"align-center\">b</th><th class=\"align-right\">c</th><th>d</th>"),
                "{}",
                r.html
            );
            assert!(
                r.html.contains("<td class=\"align-left\">1</td><td class=\"align-center\">2</td><td class=\"align-right\">3</td><td>4</td>"),
                "{}",
                r.html
            );
        }
    }

    #[test]
    fn external_urls_keep_their_positions() {
        let (r, _) = run(
            "Sjå [a](https://example.org/a#x) og\n<https://example.org/b> ![k](http://example.org/k.png) [s](suldal.md)\n",
        );
        let found: Vec<(&str, u32, u32)> = r
            .external
            .iter()
            .map(|(u, p)| (u.as_str(), p.line, p.col))
            .collect();
        assert_eq!(
            found,
            vec![
                ("https://example.org/a#x", 10, 5),
                ("https://example.org/b", 11, 1),
                ("http://example.org/k.png", 11, 25)
            ]
        );
    }

    #[test]
    fn plain_text_keeps_words_and_drops_markup() {
        let (r, _) = run(
            "## Om\n\nDet **kommune**styret sa.\nNy linje.\n\n- a\n- b\n\n| x | y |\n|---|---|\n| 1 | 2 |\n\n![Kart over Suldal](media/a.png) `kode` <b>rå</b>\n",
        );
        assert_eq!(
            r.text,
            "Om Det kommunestyret sa. Ny linje. a b x y 1 2 Kart over Suldal kode rå"
        );
    }

    #[test]
    fn slugify_norwegian() {
        assert_eq!(slugify("Bærekraft og Ørsta – Å"), "baerekraft-og-orsta-a");
    }
}
