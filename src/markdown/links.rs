//! Where a body's links and images point on the site, and the mistakes editors make writing
//! them: a page that does not exist, a case named without `.md`, a heading that is not there.

use crate::check::Checker;
use crate::diagnostics::{Pos, did_you_mean, suggest};
use pulldown_cmark::CowStr;
use std::collections::HashSet;

/// What a body may link to, and from where.
pub struct Links<'a> {
    /// Site paths that exist, without leading slash: `eksempler/bergen/`, `om/`, `media/x.png`.
    pub site_paths: &'a HashSet<String>,
    /// The folder of the source file under content/ (`eksempler` or ``).
    pub source_dir: &'a str,
    /// From the rendered page to the site root: `../../`.
    pub root: &'a str,
}

/// Rewrites a link or image URL for the rendered page, reporting links to missing pages and
/// adding links to a heading of another page to `anchors`.
pub(super) fn resolve<'a>(
    url: CowStr<'a>,
    pos: Pos,
    links: &Links,
    c: &mut Checker,
    what: &str,
    anchors: &mut Vec<Anchor>,
) -> CowStr<'a> {
    let u = url.trim();
    if u.is_empty() || u.starts_with('#') {
        return url;
    }
    if let Some((scheme, _)) = u.split_once(':')
        && !scheme.contains(['/', '?', '#'])
    {
        // Only schemes that cannot run script survive: javascript:, data:, vbscript: ... become "#".
        let scheme = scheme.to_ascii_lowercase();
        return if ["http", "https", "mailto", "tel"].contains(&scheme.as_str()) {
            url
        } else {
            CowStr::Borrowed("#")
        };
    }
    if u.starts_with("//") {
        return url;
    }
    let (path, fragment) = match u.find(['#', '?']) {
        Some(i) => (&u[..i], &u[i..]),
        None => (u, ""),
    };
    let site_path = if let Some(p) = path.strip_prefix('/') {
        Some(p.to_string())
    } else if path.starts_with("media/") {
        // content/media/ is where editors put files, whichever folder the text is in.
        Some(path.to_string())
    } else if path.ends_with(".md") || path.contains("media/") {
        normalize(links.source_dir, path).map(|p| match p.strip_suffix(".md") {
            Some(stem) => {
                let stem = stem.strip_suffix("/_index").unwrap_or(stem);
                if stem == "_index" {
                    String::new()
                } else {
                    format!("{stem}/")
                }
            }
            None => p,
        })
    } else {
        None
    };
    let Some(mut p) = site_path else {
        missing_md(path, pos, links, c, what);
        return url;
    };
    if !links.site_paths.contains(&p) && links.site_paths.contains(&format!("{p}/")) {
        p.push('/');
    }
    if !p.is_empty() && !links.site_paths.contains(&p) {
        let shown = if path.ends_with(".md") {
            path.to_string()
        } else {
            format!("/{p}")
        };
        let msg = suggest(
            format!(
                "links to {shown}, which does not exist in this catalogue (check the file name; drafts are not published)"
            ),
            nearest_page(path, links).as_deref(),
        );
        c.error(pos, what, msg);
        return url;
    }
    if let Some((_, id)) = fragment.split_once('#') {
        anchors.push(Anchor {
            page: Some(p.clone()),
            written: path.to_string(),
            id: id.to_string(),
            pos,
        });
    }
    CowStr::Boxed(format!("{}{p}{fragment}", links.root).into_boxed_str())
}

/// A relative link without `.md` (`lorenskog-ungdomsrad`) is meant for a case or page of the
/// catalogue, but would publish a link to nothing: it is an error, with the fix. Paths of the
/// site (`../om/`, ending in `/`) and files (`plan.pdf`) are left as written.
fn missing_md(path: &str, pos: Pos, links: &Links, c: &mut Checker, what: &str) {
    let last = path.rsplit('/').next().unwrap_or(path);
    if path.is_empty() || last.is_empty() || last.contains('.') || what != "link" {
        return;
    }
    let target = normalize(links.source_dir, path).map(|p| format!("{p}/"));
    let msg = if target.is_some_and(|t| links.site_paths.contains(&t)) {
        format!("links to {path} without .md, which is no page on the site: write {path}.md")
    } else {
        suggest(
            format!(
                "links to {path}, which is no case or page of this catalogue: link to a case's file, e.g. slug.md"
            ),
            nearest_page(path, links).as_deref(),
        )
    };
    c.error(pos, what, msg);
}

/// The `.md` file, written as a link from the source folder, nearest to what `path` names.
fn nearest_page(path: &str, links: &Links) -> Option<String> {
    let dir = links.source_dir.trim_matches('/');
    let mut written: Vec<String> = links
        .site_paths
        .iter()
        .filter_map(|p| p.strip_suffix('/'))
        .filter(|p| !p.is_empty())
        .map(
            |p| match p.strip_prefix(dir).and_then(|r| r.strip_prefix('/')) {
                Some(rest) if !dir.is_empty() => format!("{rest}.md"),
                _ if dir.is_empty() => format!("{p}.md"),
                _ => format!("../{p}.md"),
            },
        )
        .collect();
    written.sort();
    let wanted = if path.ends_with(".md") {
        path.to_string()
    } else {
        format!("{path}.md")
    };
    did_you_mean(&wanted, written.iter().map(String::as_str)).map(str::to_string)
}

/// Joins a relative path onto a folder under content/, refusing to climb out of it.
fn normalize(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// A link to a heading (`om.md#kontakt`, `#kilder`), checked against the heading ids of the
/// page it names once they are known.
#[derive(Debug)]
pub struct Anchor {
    /// The site path of the page (`om/`), or `None` for a heading of the same page.
    pub page: Option<String>,
    /// The link's path as written, without the heading (`om.md`; empty for the same page).
    pub written: String,
    pub id: String,
    pub pos: Pos,
}

/// Reports `anchor` when `ids`, the heading ids of the page it names, lack it.
pub fn check_anchor(anchor: &Anchor, ids: &HashSet<String>, c: &mut Checker) {
    if anchor.id.is_empty() || ids.contains(&anchor.id) {
        return;
    }
    let Anchor {
        written, id, pos, ..
    } = anchor;
    let place = if anchor.page.is_some() {
        format!("in {written}")
    } else {
        "on this page".to_string()
    };
    // Sorted, so that of two headings equally near the same one is named on every run.
    let mut ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    ids.sort_unstable();
    let msg = suggest(
        format!("links to {written}#{id}, which is no heading {place}"),
        did_you_mean(id, ids)
            .map(|near| format!("{written}#{near}"))
            .as_deref(),
    );
    c.error(*pos, "link", msg);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `url` resolved as a link in a case: the href written, the errors, the headings to check.
    fn in_a_case(url: &str) -> (String, Vec<String>, Vec<Anchor>) {
        let paths: HashSet<String> = ["eksempler/suldal/", "om/", "media/plan.pdf"]
            .map(String::from)
            .into();
        let links = Links {
            site_paths: &paths,
            source_dir: "eksempler",
            root: "../../",
        };
        let mut c = Checker::new("content/eksempler/x.md");
        let mut anchors = Vec::new();
        let href = resolve(
            CowStr::Borrowed(url),
            Pos::new(3, 5),
            &links,
            &mut c,
            "link",
            &mut anchors,
        );
        let errors = c.diags.iter().map(|d| d.message.clone()).collect();
        (href.to_string(), errors, anchors)
    }

    #[test]
    fn a_case_named_without_md_is_an_error_with_the_fix() {
        assert_eq!(
            in_a_case("suldal").1,
            ["links to suldal without .md, which is no page on the site: write suldal.md"]
        );
        assert_eq!(
            in_a_case("sudal").1,
            [
                "links to sudal, which is no case or page of this catalogue: link to a case's file, e.g. slug.md; did you mean \"suldal.md\"?"
            ]
        );
    }

    #[test]
    fn site_paths_files_and_other_sites_are_no_missing_md() {
        for url in [
            "../om/",
            "/om/",
            "media/plan.pdf",
            "plan.pdf",
            "https://example.org/x",
        ] {
            let (href, errors, _) = in_a_case(url);
            assert!(errors.is_empty(), "{url}: {errors:?}");
            assert!(href.ends_with(url.trim_start_matches('/')), "{url}: {href}");
        }
    }

    #[test]
    fn a_heading_of_another_page_is_checked_against_its_ids() {
        let (href, errors, anchors) = in_a_case("../om.md#kontakt");
        assert_eq!(href, "../../om/#kontakt");
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(anchors.len(), 1);
        assert_eq!(anchors[0].page.as_deref(), Some("om/"));
        let ids: HashSet<String> = ["kontakt-oss", "om-katalogen"].map(String::from).into();
        let mut c = Checker::new("content/eksempler/x.md");
        check_anchor(&anchors[0], &ids, &mut c);
        assert_eq!(
            c.diags[0].to_string(),
            "content/eksempler/x.md:3:5: error[link]: links to ../om.md#kontakt, which is no heading in ../om.md; did you mean \"../om.md#kontakt-oss\"?"
        );
    }
}
