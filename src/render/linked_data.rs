//! schema.org JSON-LD, which search engines and other catalogues read: a case page describes its
//! case as an `Article`, the front page the catalogue as a `Dataset` with its open data files.
//!
//! The JSON goes into `<script type="application/ld+json">`: data, never run, so a
//! Content-Security-Policy without inline scripts does not block it. Contributor text must not
//! end that element, so `<`, `>` and `&` are written as JSON escapes (`\u003c`): `</script>`
//! and `<!--` cannot occur in it, and every JSON parser reads the text back unchanged.

use crate::municipalities;
use crate::paths;
use crate::site::{Case, Site};
use serde_json::{Value, json};

/// The catalogue's `@id`, which each case names in `isPartOf`.
fn catalogue_id(site: &Site) -> String {
    format!("{}#katalog", site.config.base_url)
}

/// The front page's JSON-LD: the catalogue as a `Dataset`, distributed as `katalog.json` and
/// `katalog.csv`.
pub fn catalogue(site: &Site) -> Value {
    let cfg = &site.config;
    let download = |path: &str, format: &str| {
        json!({
            "@type": "DataDownload",
            "contentUrl": format!("{}{path}", cfg.base_url),
            "encodingFormat": format,
        })
    };
    let mut dataset = json!({
        "@context": "https://schema.org",
        "@type": "Dataset",
        "@id": catalogue_id(site),
        "name": cfg.title,
        "description": cfg.description,
        "url": cfg.base_url,
        "inLanguage": cfg.language,
        "dateModified": site.cases.iter().filter_map(Case::modified).max(),
        "distribution": [
            download(paths::OPEN_DATA, "application/json"),
            download(paths::OPEN_DATA_CSV, "text/csv"),
        ],
        "license": license(site),
    });
    drop_nulls(&mut dataset);
    dataset
}

/// A case page's JSON-LD: the case as an `Article` about its model types and target groups,
/// covering its municipality (with the centroid of `katalog.json`), part of the catalogue.
pub fn case(site: &Site, case: &Case) -> Value {
    let cfg = &site.config;
    let m = &case.meta;
    let url = format!("{}{}", cfg.base_url, case.url());
    // The first two facets are the vocabularies of katalog.yaml: modelltype and malgruppe.
    let about: Vec<Value> = site
        .facets
        .iter()
        .zip(&case.terms)
        .take(2)
        .flat_map(|(facet, terms)| {
            terms.iter().map(move |&ti| {
                let term = &facet.terms[ti];
                json!({
                    "@type": "DefinedTerm",
                    "name": term.label,
                    "termCode": term.slug,
                    "url": format!("{}{}", cfg.base_url, paths::term(facet.key, &term.slug)),
                    "inDefinedTermSet": {
                        "@type": "DefinedTermSet",
                        "name": facet.label,
                        "url": format!("{}{}", cfg.base_url, paths::taxonomy(facet.key)),
                    },
                })
            })
        })
        .collect();
    let geo = municipalities::registry()
        .by_number(&m.municipality_number)
        .map(|k| json!({"@type": "GeoCoordinates", "latitude": k.lat, "longitude": k.lon}));
    let mut article = json!({
        "@context": "https://schema.org",
        "@type": "Article",
        "@id": url,
        "url": url,
        "headline": m.title,
        "description": m.summary,
        "inLanguage": case.lang,
        "datePublished": m.date,
        "dateModified": case.modified(),
        "about": about,
        "spatialCoverage": {
            "@type": "AdministrativeArea",
            "name": m.municipality,
            "identifier": m.municipality_number,
            "geo": geo,
            "containedInPlace": {"@type": "AdministrativeArea", "name": m.county},
        },
        "isPartOf": {"@type": "Dataset", "@id": catalogue_id(site), "name": cfg.title, "url": cfg.base_url},
        "image": m.image.as_ref().map(|i| format!("{}{}", cfg.base_url, i.src)),
        "license": license(site),
    });
    drop_nulls(&mut article);
    article
}

/// The URL of the licence from `license:` in katalog.yaml, if it has one.
fn license(site: &Site) -> Option<&'static str> {
    site.config.publishing.license.map(|l| l.url)
}

/// Leaves out what a case or the catalogue does not have, rather than saying `null`.
fn drop_nulls(v: &mut Value) {
    match v {
        Value::Object(map) => {
            map.retain(|_, v| !v.is_null());
            map.values_mut().for_each(drop_nulls);
        }
        Value::Array(items) => items.iter_mut().for_each(drop_nulls),
        _ => {}
    }
}

/// The text of the `<script type="application/ld+json">` element: `value` as JSON with `<`, `>`
/// and `&` escaped, so that nothing in it can end the element or open a comment.
pub fn script_text(value: &Value) -> String {
    let json = value.to_string();
    let mut out = String::with_capacity(json.len());
    for ch in json.chars() {
        match ch {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_values_cannot_end_the_script_element() {
        let value = json!({"headline": "a</script><!-- <script>x & y</SCRIPT>"});
        let text = script_text(&value);
        assert!(
            !text.contains('<') && !text.contains('>') && !text.contains('&'),
            "{text}"
        );
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn absent_values_are_left_out() {
        let mut v = json!({"a": null, "b": {"c": null, "d": 1}, "e": [{"f": null}]});
        drop_nulls(&mut v);
        assert_eq!(v, json!({"b": {"d": 1}, "e": [{}]}));
    }
}
