//! The municipality pages of the bundled catalogue (issue 21, done-when 1 and 2): a page for
//! each of the 357, namesakes told apart by county, and the most alike case of Hjelmeland,
//! Sør-Varanger and Oslo with a "why" line whose figures are true. The figures are computed
//! here from the embedded data files, independently of katalog.

mod common;
use common::{Project, repo};
use std::collections::HashMap;

struct Municipality {
    name: String,
    county: String,
    population: u64,
    malform: String,
    lon: f64,
    lat: f64,
}

/// The embedded data, read here without katalog: number → municipality.
fn municipalities() -> HashMap<String, Municipality> {
    let data = repo().join("data");
    let centroids: HashMap<String, (f64, f64)> =
        std::fs::read_to_string(data.join("kommuner-2024-sentroider.csv"))
            .unwrap()
            .lines()
            .skip(1)
            .map(|l| {
                let f: Vec<&str> = l.split(',').collect();
                (
                    f[0].to_string(),
                    (f[2].parse().unwrap(), f[3].parse().unwrap()),
                )
            })
            .collect();
    std::fs::read_to_string(data.join("kommuner-2024.csv"))
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            let (lon, lat) = centroids[f[0]];
            let m = Municipality {
                name: f[1].to_string(),
                county: f[3].to_string(),
                population: f[5].parse().unwrap(),
                malform: f[7].to_string(),
                lon,
                lat,
            };
            (f[0].to_string(), m)
        })
        .collect()
}

/// Haversine distance between two centroids (mean Earth radius).
fn km(a: &Municipality, b: &Municipality) -> f64 {
    let (p1, p2) = (a.lat.to_radians(), b.lat.to_radians());
    let dl = (b.lon - a.lon).to_radians();
    let h = ((p2 - p1) / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

/// The text between `start` and the next `end` after it.
fn between<'a>(s: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = s.find(start)? + start.len();
    Some(&s[from..from + s[from..].find(end)?])
}

/// `3 889` as katalog writes it (no-break spaces between thousands).
fn grouped(n: u64) -> String {
    let d = n.to_string();
    let mut out = String::new();
    for (i, c) in d.chars().enumerate() {
        if i > 0 && (d.len() - i).is_multiple_of(3) {
            out.push('\u{a0}');
        }
        out.push(c);
    }
    out
}

fn build() -> Project {
    let p = Project::bundled("kommune");
    let (code, _, stderr) = p.katalog(&["build"]);
    assert_eq!(code, 0, "the bundled content must build:\n{stderr}");
    p
}

#[test]
fn every_municipality_has_a_page_and_namesakes_have_their_own() {
    let p = build();
    let all = municipalities();
    let index = p.read("kommune/index.html");
    let links: Vec<&str> = index
        .split("<li><a href=\"../kommune/")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .filter(|link| !link.is_empty())
        .collect();
    assert_eq!(links.len(), 357, "the index links every municipality once");
    let mut pages = HashMap::new();
    for link in &links {
        let html = p.read(&format!("kommune/{link}index.html"));
        let number = between(&html, "<dt>Kommunenummer</dt><dd>", "</dd>").unwrap();
        let county = between(&html, "<dt>Fylke</dt><dd>", "</dd>").unwrap();
        let m = &all[number];
        assert_eq!(county, m.county, "{link}");
        assert!(html.contains(&format!("<h1>{}</h1>", m.name)), "{link}");
        assert!(
            pages.insert(number.to_string(), *link).is_none(),
            "{number} twice"
        );
    }
    assert_eq!(pages.len(), 357);
    for (a, b) in [("1515", "1818"), ("3114", "3419")] {
        assert_eq!(all[a].name, all[b].name);
        assert_ne!(pages[a], pages[b]);
        assert_ne!(all[a].county, all[b].county);
    }
    assert_eq!(pages["1515"], "heroy-more-og-romsdal/");
    assert_eq!(pages["3419"], "valer-innlandet/");
}

#[test]
fn the_most_alike_case_and_its_why_line_hold_true_figures() {
    let p = build();
    let all = municipalities();
    let slug = |name: &str| {
        name.to_lowercase()
            .replace('ø', "o")
            .replace('å', "a")
            .replace('æ', "ae")
    };
    // (chosen, expected most alike, the case of the latter, the place phrase)
    let expected = [
        ("1133", "1134", "suldal-grendeutval", "samme fylke"),
        ("5605", "5607", "vadso-foregangskommune", "samme fylke"),
        (
            "0301",
            "4601",
            "bergen-senter-for-innbyggerinvolvering",
            "i Vestland",
        ),
    ];
    for (ours, theirs, case, place) in expected {
        let (o, t) = (&all[ours], &all[theirs]);
        let html = p.read(&format!("kommune/{}/index.html", slug(&o.name)));
        let list = between(&html, "id=\"alike-list\">", "</ol>").expect("a list of alike cases");
        let first = between(list, "<li class=\"ranked__item\">", "</li>").unwrap();
        assert!(
            first.contains(&format!("href=\"../../eksempler/{case}/\"")),
            "{}: the first alike case is {case}:\n{first}",
            o.name
        );
        assert!(first.contains(&format!(">{}</a>", t.name)), "{first}");
        let why = between(first, "<p class=\"ranked__why\">", "</p>").unwrap();
        let parts: Vec<&str> = why.split(" · ").collect();
        assert_eq!(parts.len(), 4, "{why}");
        assert!(
            parts[0].ends_with(&format!(
                "({} mot {} innbyggere)",
                grouped(t.population),
                grouped(o.population)
            )),
            "{why}"
        );
        let shown: f64 = parts[1]
            .strip_suffix(" km unna")
            .unwrap_or_else(|| panic!("{why}"))
            .replace('\u{a0}', "")
            .parse()
            .unwrap();
        let true_km = km(o, t);
        assert!(
            (shown - true_km).abs() <= true_km * 0.01,
            "{why}: {true_km} km"
        );
        assert_eq!(parts[2], place, "{why}");
        let malform = match t.malform.as_str() {
            "Nøytral" => "språknøytral".to_string(),
            other => other.to_lowercase(),
        };
        let also = if t.malform == o.malform { "også " } else { "" };
        assert_eq!(parts[3], format!("{also}{malform}"), "{why}");
    }
    let hjelmeland = p.read("kommune/hjelmeland/index.html");
    assert!(hjelmeland.contains(
        "Om lag like stor (3\u{a0}889 mot 2\u{a0}643 innbyggere) · 34 km unna · samme fylke · også nynorsk"
    ));
}

#[test]
fn open_data_gives_each_case_its_centroid_and_each_municipality_its_likeness_inputs() {
    let p = build();
    let all = municipalities();
    let open: serde_json::Value = serde_json::from_str(&p.read("katalog.json")).unwrap();
    let cases = open["cases"].as_array().unwrap();
    assert!(!cases.is_empty());
    for c in cases {
        let m = &all[c["municipality_number"].as_str().unwrap()];
        assert_eq!(c["centroid"]["lon"].as_f64(), Some(m.lon), "{}", c["slug"]);
        assert_eq!(c["centroid"]["lat"].as_f64(), Some(m.lat), "{}", c["slug"]);
    }
    let data: serde_json::Value = serde_json::from_str(&p.read("data/kommuner.json")).unwrap();
    let list = data["municipalities"].as_array().unwrap();
    assert_eq!(list.len(), 357);
    for row in list {
        let m = &all[row["number"].as_str().unwrap()];
        assert_eq!(row["name"], m.name.as_str());
        assert_eq!(row["county"], m.county.as_str());
        assert_eq!(row["population"], m.population);
        assert_eq!(row["malform"], m.malform.as_str());
        assert_eq!(row["lon"].as_f64(), Some(m.lon));
        let slug = row["slug"].as_str().unwrap();
        assert!(
            p.output()
                .join(format!("kommune/{slug}/index.html"))
                .is_file()
        );
    }
    let choices: serde_json::Value =
        serde_json::from_str(&p.read("data/kommunevalg.json")).unwrap();
    assert_eq!(choices.as_array().unwrap().len(), 357);
    assert_eq!(
        choices[0],
        serde_json::json!(["0301", "Oslo", "Oslo", "oslo"])
    );
}
