//! Every path a build writes into the site, in one place, so that the names katalog's own pages
//! and files take are known: a plain page may not take one of them.
//!
//! Paths are relative to the site's root and `/`-separated; a folder ends in `/`.

/// The facets in the order the filter panel shows them; also the folder of each (`KEY/`).
pub const FACET_KEYS: [&str; 5] = ["modelltype", "malgruppe", "landsdel", "fylke", "storrelse"];

/// The cases, each in `eksempler/SLUG/`.
pub const CASES: &str = "eksempler/";
/// A listing's later pages, `side/N/` below the listing's own folder.
pub const LISTING_PAGES: &str = "side/";
/// The whole catalogue on one page, for printing.
pub const PRINT: &str = "trykk/";
/// The search page (its results come from the browser).
pub const SEARCH_PAGE: &str = "sok/";
/// The search index's static bundle, which the search page reads.
pub const SEARCH_BUNDLE: &str = "search/";
/// The data files the front page's filters read.
pub const DATA: &str = "data/";
/// The JSON Schema of a case's front matter.
pub const SCHEMA: &str = "schema/";
/// The theme's static files.
pub const STATIC: &str = "static/";
/// The files of `content/media/`.
pub const MEDIA: &str = "media/";
/// The editors' form, with `editor:` in katalog.yaml.
pub const ADMIN: &str = "admin/";
/// The municipality pages: the index, and each municipality in `kommune/SLUG/`.
pub const MUNICIPALITIES: &str = "kommune/";
/// The comparison of chosen cases (`?saker=SLUG,…`; its columns come from the browser).
pub const COMPARE: &str = "sammenlign/";
/// The accessibility page.
pub const ACCESSIBILITY: &str = "tilgjengelighet/";
/// RFC 8615's folder, for security.txt.
pub const WELL_KNOWN: &str = ".well-known/";

/// The base map of Norway (land and county borders) that every page's map draws.
pub const MAP: &str = "kommune/kart.svg";

/// The Atom feed.
pub const FEED: &str = "atom.xml";
pub const SITEMAP: &str = "sitemap.xml";
pub const ROBOTS: &str = "robots.txt";
/// The page a server shows for a missing path, at any depth.
pub const NOT_FOUND: &str = "404.html";
/// The open data: every published case's metadata.
pub const OPEN_DATA: &str = "katalog.json";
/// The same open data as a spreadsheet: one row per case.
pub const OPEN_DATA_CSV: &str = "katalog.csv";
/// The open data described in DCAT-AP-NO, with a publisher in katalog.yaml.
pub const DCAT: &str = "dcat.ttl";
/// RFC 9116's file, with a security contact in katalog.yaml.
pub const SECURITY_TXT: &str = ".well-known/security.txt";

/// The folders at the site's root that katalog's own pages and files use, with what uses each.
/// The taxonomies' folders (`FACET_KEYS`) are the others. A file at the root (`atom.xml`) is
/// no name a page can take: a slug has no dot.
const OWN_FOLDERS: [(&str, &str); 14] = [
    (CASES, "the cases"),
    (LISTING_PAGES, "the front page's later pages"),
    (PRINT, "the print page"),
    (SEARCH_PAGE, "the search page"),
    (SEARCH_BUNDLE, "the search index"),
    (DATA, "the filters' data files"),
    (SCHEMA, "the case schema"),
    (STATIC, "the theme's static files"),
    (MEDIA, "the media files"),
    (ADMIN, "the editors' form"),
    (MUNICIPALITIES, "the municipality pages"),
    (COMPARE, "the comparison page"),
    (ACCESSIBILITY, "the accessibility page"),
    (WELL_KNOWN, "security.txt"),
];

/// A name katalog takes at the site's root, and what takes it.
pub struct Reserved {
    /// The folder's name, without `/` (`trykk`).
    pub name: &'static str,
    /// What uses it (`the print page`).
    pub owner: String,
}

/// Every name at the site's root that katalog's own pages and files take.
pub fn reserved() -> impl Iterator<Item = Reserved> {
    let own = OWN_FOLDERS.iter().map(|(folder, owner)| Reserved {
        name: folder.trim_end_matches('/'),
        owner: owner.to_string(),
    });
    let taxonomies = FACET_KEYS.iter().map(|key| Reserved {
        name: key,
        owner: format!("the taxonomy {key}'s pages"),
    });
    own.chain(taxonomies)
}

/// What takes the folder `name/` at the site's root, if katalog's own pages or files do.
pub fn reserved_by(name: &str) -> Option<String> {
    reserved().find(|r| r.name == name).map(|r| r.owner)
}

/// A case's folder: `eksempler/SLUG/`.
pub fn case(slug: &str) -> String {
    format!("{CASES}{slug}/")
}

/// A plain page's folder: `SLUG/`.
pub fn page(slug: &str) -> String {
    format!("{slug}/")
}

/// A taxonomy's page: `KEY/`.
pub fn taxonomy(key: &str) -> String {
    format!("{key}/")
}

/// A term's listing: `KEY/TERM/`.
pub fn term(key: &str, slug: &str) -> String {
    format!("{key}/{slug}/")
}

/// Page `n` (1-based) of a listing at `base` (`` for the front page, or `KEY/TERM/`).
pub fn listing_page(base: &str, n: usize) -> String {
    if n == 1 {
        base.to_string()
    } else {
        format!("{base}{LISTING_PAGES}{n}/")
    }
}

/// The file a page in folder `dir` is written to: `DIR/index.html`.
pub fn index_of(dir: &str) -> String {
    format!("{dir}index.html")
}

/// A municipality's page: `kommune/SLUG/`.
pub fn municipality(slug: &str) -> String {
    format!("{MUNICIPALITIES}{slug}/")
}

/// The open data of the municipalities' likeness inputs: `data/kommuner.json`.
pub fn municipality_data() -> String {
    data("kommuner.json")
}

/// The municipality chooser's suggestions (number, name, county, slug): `data/kommunevalg.json`.
pub fn municipality_choices() -> String {
    data("kommunevalg.json")
}

/// A data file: `data/NAME`.
pub fn data(name: &str) -> String {
    format!("{DATA}{name}")
}

/// The JSON Schema of a case's front matter: `schema/case.json`.
pub fn case_schema() -> String {
    format!("{SCHEMA}case.json")
}

/// A file of the editors' form: `admin/NAME`.
pub fn admin(name: &str) -> String {
    format!("{ADMIN}{name}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reserved_name_is_a_bare_folder_name_taken_once() {
        let names: Vec<&str> = reserved().map(|r| r.name).collect();
        assert!(names.iter().all(|n| !n.is_empty() && !n.contains('/')));
        let mut unique = names.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), names.len(), "{names:?}");
        assert_eq!(reserved_by("search").as_deref(), Some("the search index"));
        assert_eq!(reserved_by("om"), None);
    }

    #[test]
    fn later_pages_of_a_listing_are_below_it() {
        assert_eq!(listing_page("", 1), "");
        assert_eq!(listing_page("", 2), "side/2/");
        assert_eq!(
            listing_page(&term("fylke", "agder"), 3),
            "fylke/agder/side/3/"
        );
    }
}
