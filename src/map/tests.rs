//! The map's tests: where places land, that the SVG is well-formed with a link per mark, and
//! what the map weighs.

use super::*;

fn place(number: &str) -> (f64, f64) {
    let m = registry().by_number(number).unwrap();
    base().outline.frame.place_lon_lat(m.lon, m.lat)
}

fn every_municipality(kind: fn() -> MarkKind) -> Vec<Mark<'static>> {
    registry()
        .all
        .iter()
        .map(|m| Mark {
            number: m.number,
            href: format!("../kommune/{}/", m.number),
            label: format!("{}: 12 eksempler", m.name),
            kind: kind(),
        })
        .collect()
}

fn gzip_size(text: &str) -> usize {
    // A gzip member is the deflate stream and 18 bytes of header and trailer.
    miniz_oxide::deflate::compress_to_vec(text.as_bytes(), 9).len() + 18
}

#[test]
fn places_lie_where_they_are_in_norway() {
    let (vadso, bodo) = (place("5607"), place("1804"));
    assert!(
        vadso.0 > bodo.0 + 150.0,
        "Vadsø {vadso:?} east of Bodø {bodo:?}"
    );
    let (oslo, trondheim) = (place("0301"), place("5001"));
    assert!(
        oslo.1 > trondheim.1 + 100.0,
        "Oslo {oslo:?} south of Trondheim {trondheim:?}"
    );
    // Lindesnes is the mainland's southern end: nothing lies south of it but a few islands.
    let lindesnes = place("4205");
    assert!(
        registry()
            .all
            .iter()
            .all(|m| place(m.number).1 < lindesnes.1 + 8.0)
    );
    let frame = base().outline.frame;
    assert!(frame.height > frame.width, "a long country: portrait");
    for m in &registry().all {
        let (x, y) = place(m.number);
        let inside = (0.0..f64::from(frame.width)).contains(&x)
            && (0.0..f64::from(frame.height)).contains(&y);
        assert!(inside, "{} at {x} {y}", m.name);
    }
}

#[test]
fn the_svg_is_well_formed_and_each_mark_a_link_with_its_name() {
    let mut marks = every_municipality(|| MarkKind::Cases);
    marks[0].kind = MarkKind::Chosen;
    marks[1].kind = MarkKind::Near;
    marks[2].label = "<Halden> & \"Moss\"".to_string();
    marks.push(Mark {
        number: "9999",
        href: "x/".to_string(),
        label: "no such municipality".to_string(),
        kind: MarkKind::Cases,
    });
    let svg = svg(
        &marks,
        "Kart <over> Norge",
        "Eksempler & kommuner",
        "../kommune/kart.svg",
    );
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(root.attribute("role"), Some("group"));
    let text_of = |node: roxmltree::Node, name: &str| {
        node.children()
            .find(|c| c.has_tag_name(name))
            .and_then(|c| c.text())
            .map(str::to_string)
    };
    assert_eq!(text_of(root, "title").as_deref(), Some("Kart <over> Norge"));
    assert_eq!(
        text_of(root, "desc").as_deref(),
        Some("Eksempler & kommuner")
    );
    // The land and borders come from the base map's file, which has both.
    let uses: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("use"))
        .collect();
    let hrefs: Vec<_> = uses.iter().filter_map(|u| u.attribute("href")).collect();
    assert_eq!(
        hrefs,
        ["../kommune/kart.svg#land", "../kommune/kart.svg#borders"]
    );
    let file = roxmltree::Document::parse(base_file()).unwrap();
    for id in ["land", "borders"] {
        let path = file.descendants().find(|n| n.attribute("id") == Some(id));
        assert!(
            path.is_some_and(|p| p.attribute("d").is_some_and(|d| d.len() > 1000)),
            "{id}"
        );
    }
    let links: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("a")).collect();
    assert_eq!(links.len(), 357, "one link per existing municipality");
    let first_shape = |a: &roxmltree::Node| {
        let shape = a
            .children()
            .find(|c| c.is_element() && !c.has_tag_name("title"));
        shape.unwrap().tag_name().name().to_string()
    };
    // The chosen one is drawn last; the near one is a diamond, the others dots.
    let chosen = links.last().unwrap();
    assert_eq!(chosen.attribute("href"), Some("../kommune/0301/"));
    assert_eq!(
        text_of(*chosen, "title").as_deref(),
        Some("Oslo: 12 eksempler")
    );
    assert_eq!(
        chosen
            .children()
            .filter(|c| c.has_tag_name("circle"))
            .count(),
        2
    );
    assert_eq!(first_shape(&links[0]), "path");
    assert_eq!(first_shape(&links[2]), "circle");
    assert_eq!(
        text_of(links[1], "title").as_deref(),
        Some("<Halden> & \"Moss\"")
    );
    for (link, m) in links[..356].iter().zip(&marks[1..]) {
        assert_eq!(link.attribute("href"), Some(m.href.as_str()));
        assert_eq!(text_of(*link, "title").as_deref(), Some(m.label.as_str()));
    }
}

#[test]
fn the_map_stays_within_its_weight() {
    let started = std::time::Instant::now();
    let outline = &outline::outline(&DETAIL);
    let computed = started.elapsed();
    let points: usize = outline
        .land
        .iter()
        .chain(&outline.borders)
        .map(Vec::len)
        .sum();
    let file = base_file();
    let bare = svg(&[], "Kart", "", "../../kommune/kart.svg");
    // The heaviest page: every municipality marked, Hjelmeland chosen, its neighbours near.
    let mut marks = every_municipality(|| MarkKind::Cases);
    for mark in &mut marks {
        match mark.number {
            "1133" => mark.kind = MarkKind::Chosen,
            "1134" | "1135" | "1144" | "1146" | "1130" => mark.kind = MarkKind::Near,
            _ => {}
        }
    }
    let full = svg(&marks, "Kart", "", "../../kommune/kart.svg");
    let (file_gz, bare_gz, full_gz) = (gzip_size(file), gzip_size(&bare), gzip_size(&full));
    println!(
        "{} rings, {} border lines, {points} points in {computed:?}; base map file {} bytes, \
         {file_gz} gzipped; a page's map without marks {} bytes, {bare_gz} gzipped, with 357 \
         marks {} bytes, {full_gz} gzipped",
        outline.land.len(),
        outline.borders.len(),
        file.len(),
        bare.len(),
        full.len()
    );
    // Measured on 2026-12-08: 131 rings and 32 border lines, 3,796 points; the base map file
    // is 15,530 bytes, 4,974 gzipped; a page's map without marks 300 bytes, with 357 marks
    // 43,158 bytes, 5,158 gzipped (gzip -9). Before the file (2026-12-04), the map inline was
    // 64,478 bytes with 357 marks, 10,384 gzipped. The budget: 40 kB gzipped, both together.
    assert!(
        file_gz + full_gz <= 40_000,
        "the map with every mark is {full_gz} bytes gzipped, its file {file_gz}"
    );
    assert!(
        bare.len() < 500,
        "the page's own map without marks: {} bytes",
        bare.len()
    );
    // To look at it: `cargo test --lib map::tests -- --nocapture`; the page's map draws the
    // file beside it.
    let dir = std::env::temp_dir();
    let _ = std::fs::write(dir.join("kart.svg"), file);
    let _ = std::fs::write(
        dir.join("kart-side.svg"),
        full.replace("../../kommune/", ""),
    );
}
