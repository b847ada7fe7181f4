//! The machine-readable outputs: sitemap, Atom feed, robots.txt, `katalog.json` and
//! `katalog.csv` (open data), the compact facet data the front page's filters read, the JSON
//! Schema of a case's front matter (`schema/case.json`) and the base map that the pages' maps
//! draw (`kommune/kart.svg`).

use crate::paths;
use crate::site::Site;
use crate::views::{self, CaseView};
use crate::{municipalities, schema, spreadsheet};
use serde_json::{Value, json};
use std::fmt::Write;
use std::io;

/// Summaries per `data/cards-K.json` file.
pub const CARD_CHUNK: usize = 100;
/// Entries in the Atom feed: the newest cases.
const FEED_ENTRIES: usize = 50;

use crate::views::escape as xml;

/// Every data file of the site as (path, bytes).
pub fn files(site: &Site, feed_title_suffix: &str) -> io::Result<Vec<(String, Vec<u8>)>> {
    let mut out: Vec<(String, Vec<u8>)> = Vec::new();
    let mut add = |path: &str, bytes: &[u8]| -> io::Result<()> {
        out.push((path.to_string(), bytes.to_vec()));
        Ok(())
    };
    add(paths::SITEMAP, sitemap(site).as_bytes())?;
    add(paths::FEED, atom(site, feed_title_suffix).as_bytes())?;
    for (path, bytes) in crate::publish::files(site, newest(site)) {
        add(&path, &bytes)?;
    }
    let robots = format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}{}\n",
        site.config.base_url,
        paths::SITEMAP
    );
    add(paths::ROBOTS, robots.as_bytes())?;
    let open = open_data(site);
    add(
        paths::OPEN_DATA,
        &serde_json::to_vec_pretty(&open).map_err(io::Error::other)?,
    )?;
    add(
        paths::OPEN_DATA_CSV,
        &spreadsheet::csv(&open).map_err(io::Error::other)?,
    )?;
    add(
        &paths::data("facets.json"),
        &serde_json::to_vec(&facet_table(site)).map_err(io::Error::other)?,
    )?;
    add(
        &paths::case_schema(),
        schema::case_schema(&site.config, municipalities::registry()).as_bytes(),
    )?;
    add(
        &paths::municipality_data(),
        &serde_json::to_vec(&municipality_data()).map_err(io::Error::other)?,
    )?;
    // The base map that every page's map draws (map/mod.rs).
    add(paths::MAP, crate::map::base_file().as_bytes())?;
    add(
        &paths::municipality_choices(),
        &serde_json::to_vec(&municipality_choices()).map_err(io::Error::other)?,
    )?;
    for (k, chunk) in site.cases.chunks(CARD_CHUNK).enumerate() {
        let summaries: Vec<&str> = chunk.iter().map(|c| c.meta.summary.as_str()).collect();
        add(
            &paths::data(&format!("cards-{k}.json")),
            &serde_json::to_vec(&summaries).map_err(io::Error::other)?,
        )?;
    }
    Ok(out)
}

fn sitemap(site: &Site) -> String {
    let base = &site.config.base_url;
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut url = |path: &str, lastmod: Option<&str>| {
        let _ = write!(s, "  <url><loc>{}</loc>", xml(&format!("{base}{path}")));
        if let Some(d) = lastmod {
            let _ = write!(s, "<lastmod>{d}</lastmod>");
        }
        s.push_str("</url>\n");
    };
    url("", None);
    for c in &site.cases {
        url(&c.url(), c.modified());
    }
    for f in &site.facets {
        url(&paths::taxonomy(f.key), None);
        for t in &f.terms {
            url(&paths::term(f.key, &t.slug), None);
        }
    }
    for p in &site.pages {
        url(&paths::page(&p.slug), None);
    }
    url(paths::MUNICIPALITIES, None);
    let registry = municipalities::registry();
    for m in &registry.all {
        url(&paths::municipality(registry.slug(m)), None);
    }
    url(paths::PRINT, None);
    url(paths::ACCESSIBILITY, None);
    s.push_str("</urlset>\n");
    s
}

/// The date the newest case was written or updated: when the open data last changed.
fn newest(site: &Site) -> &str {
    site.cases
        .iter()
        .filter_map(|c| c.meta.updated.as_deref().max(c.meta.date.as_deref()))
        .max()
        .unwrap_or("2022-01-11")
}

fn atom(site: &Site, title_suffix: &str) -> String {
    let cfg = &site.config;
    let stamp = |d: &str| format!("{d}T00:00:00Z");
    let newest = newest(site);
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"",
    );
    let _ = write!(
        s,
        " xml:lang=\"{}\">\n  <title>{}{}</title>\n  <id>{}</id>\n  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}{}\"/>\n  <updated>{}</updated>\n  <generator>katalog</generator>\n",
        cfg.language,
        xml(&cfg.title),
        xml(title_suffix),
        xml(&cfg.base_url),
        xml(&cfg.base_url),
        xml(&cfg.base_url),
        paths::FEED,
        stamp(newest)
    );
    if let Some(l) = cfg.publishing.license {
        let _ = writeln!(s, "  <rights>{} ({})</rights>", xml(l.name), xml(l.url));
    }
    for c in site.cases.iter().take(FEED_ENTRIES) {
        let url = xml(&format!("{}{}", cfg.base_url, c.url()));
        let updated = c
            .meta
            .updated
            .as_deref()
            .or(c.meta.date.as_deref())
            .unwrap_or(newest);
        let _ = write!(
            s,
            "  <entry xml:lang=\"{}\">\n    <title>{}</title>\n    <id>{url}</id>\n    <link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/>\n    <updated>{}</updated>\n",
            c.lang,
            xml(&c.meta.title),
            stamp(updated)
        );
        if let Some(d) = &c.meta.date {
            let _ = writeln!(s, "    <published>{}</published>", stamp(d));
        }
        let _ = write!(
            s,
            "    <author><name>{}</name></author>\n    <summary>{}</summary>\n  </entry>\n",
            xml(&format!("{} kommune", c.meta.municipality)),
            xml(&c.meta.summary)
        );
    }
    s.push_str("</feed>\n");
    s
}

/// `katalog.json`: every published case's metadata and summary (format in the README).
pub fn open_data(site: &Site) -> Value {
    let cfg = &site.config;
    let registry = municipalities::registry();
    let cases: Vec<Value> = site
        .cases
        .iter()
        .map(|c| {
            let v = CaseView::new(site, c, &cfg.base_url);
            let m = &c.meta;
            json!({
                "slug": c.slug,
                "url": format!("{}{}", cfg.base_url, c.url()),
                "title": m.title,
                "municipality": m.municipality,
                "municipality_number": m.municipality_number,
                "county": m.county,
                "landsdel": v.landsdel.as_ref().map(|t| t.label),
                "population": m.population,
                "centroid": registry.by_number(&m.municipality_number).map(|k| json!({"lon": k.lon, "lat": k.lat})),
                "size_class": v.size_class.as_ref().map(|t| t.slug),
                "model_types": m.model_types,
                "target_groups": m.target_groups,
                "summary": m.summary,
                "period": m.period.as_ref().map(|p| json!({"start": p.start, "end": p.end})),
                "grant_nok": m.grant_nok,
                "budget": v.budget.as_ref().map(|b| json!({
                    "periods": b.periods.iter().map(|p| json!({
                        "period": p.period,
                        "items": p.items.iter().map(|i| json!({"item": i.item, "nok": i.nok})).collect::<Vec<_>>(),
                        "sum_nok": p.sum,
                    })).collect::<Vec<_>>(),
                    "total_nok": b.total,
                })),
                "sdgs": m.sdgs,
                "contact": m.contact.as_ref().map(|k| json!({"name": k.name, "role": k.role, "email": k.email})),
                "links": v.links.iter().map(|l| json!({"title": l.title, "url": l.url})).collect::<Vec<_>>(),
                "image": m.image.as_ref().map(|i| json!({"url": format!("{}{}", cfg.base_url, i.src), "alt": i.alt})),
                "language": c.lang,
                "date": m.date,
                "updated": m.updated,
            })
        })
        .collect();
    json!({
        "format": "katalog-open-data",
        "version": 1,
        "title": cfg.title,
        "description": cfg.description,
        "base_url": cfg.base_url,
        "language": cfg.language,
        "license": cfg.publishing.license.map(|l| json!({"id": l.id, "name": l.name, "url": l.url})),
        "taxonomies": views::facets(site, false).iter().take(2).map(|f| json!({
            "key": f.key,
            "label": f.label,
            "terms": f.terms.iter().map(|t| json!({"slug": t.slug, "label": t.label, "description": t.description})).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "cases": cases,
    })
}

/// `data/kommuner.json`: each municipality's likeness inputs (format in the README).
fn municipality_data() -> Value {
    let registry = municipalities::registry();
    let all: Vec<Value> = registry
        .all
        .iter()
        .map(|m| {
            json!({
                "number": m.number,
                "name": m.name,
                "slug": registry.slug(m),
                "county": m.county,
                "landsdel": municipalities::landsdel_of(m.county).map(|(_, label)| label),
                "population": m.population,
                "size_class": municipalities::size_class_of(m.population),
                "malform": m.malform,
                "lon": m.lon,
                "lat": m.lat,
            })
        })
        .collect();
    json!({ "format": "katalog-municipalities", "version": 1, "municipalities": all })
}

/// `data/kommunevalg.json`: the chooser's suggestions, `[number, name, county, slug]` each.
fn municipality_choices() -> Value {
    let registry = municipalities::registry();
    registry
        .all
        .iter()
        .map(|m| json!([m.number, m.name, m.county, registry.slug(m)]))
        .collect()
}

/// `data/facets.json`: the table the front page filters over (format in themes/README.md).
fn facet_table(site: &Site) -> Value {
    let facets: Vec<Value> = site
        .facets
        .iter()
        .map(|f| {
            json!({
                "key": f.key,
                "label": f.label,
                "terms": f.terms.iter().map(|t| json!({"slug": t.slug, "label": t.label})).collect::<Vec<_>>(),
            })
        })
        .collect();
    let cases: Vec<Value> = site
        .cases
        .iter()
        .map(|c| {
            json!([
                c.slug,
                c.meta.title,
                c.meta.municipality,
                c.meta.population,
                c.meta.date,
                c.terms,
                c.lang
            ])
        })
        .collect();
    json!({ "facets": facets, "cases": cases, "per_page": site.config.per_page, "chunk": CARD_CHUNK })
}
