//! "Relaterte eksempler" on a case page as a reader meets it: other cases (never the case
//! itself, never a plain page) whose links lead to existing case pages; cases that share
//! telling words and a model type list each other first; the lists are the same on every
//! build; and in `katalog serve` a save that changes another case's list re-renders that page.

mod common;
use common::{GOOD_CASE, Project};
use std::collections::BTreeSet;
use std::path::Path;
use std::time::{Duration, Instant};

/// The slugs the "Relaterte eksempler" section of a case page links to, in order, and the
/// section's heading.
fn related(html: &str) -> (String, Vec<String>) {
    let Some(start) = html.find("<section class=\"related\"") else {
        return (String::new(), Vec::new());
    };
    let section = &html[start..start + html[start..].find("</section>").unwrap()];
    let heading = section
        .split("<h2 id=\"related-heading\">")
        .nth(1)
        .and_then(|h| h.split("</h2>").next())
        .unwrap_or_default()
        .to_string();
    let slugs = section
        .split("href=\"")
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].to_string())
        .map(|href| {
            href.strip_prefix("../../eksempler/")
                .and_then(|s| s.strip_suffix('/'))
                .unwrap_or_else(|| panic!("a related link that is not a case page: {href}"))
                .to_string()
        })
        .collect();
    (heading, slugs)
}

/// The slugs of the case pages under `site/eksempler/`.
fn case_pages(site: &Path) -> BTreeSet<String> {
    std::fs::read_dir(site.join("eksempler"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|slug| {
            site.join("eksempler")
                .join(slug)
                .join("index.html")
                .is_file()
        })
        .collect()
}

#[test]
fn bundled_case_pages_relate_other_existing_cases() {
    let p = Project::bundled("related-bundled");
    let (code, _, stderr) = p.katalog(&["build"]);
    assert_eq!(code, 0, "{stderr}");
    let cases = case_pages(&p.output());
    assert!(cases.len() >= 7, "{cases:?}");
    for slug in &cases {
        let (heading, list) = related(&p.read(&format!("eksempler/{slug}/index.html")));
        assert_eq!(heading, "Relaterte eksempler", "{slug}");
        assert!(
            (1..=3).contains(&list.len()),
            "{slug} relates {list:?}: one to three cases expected"
        );
        assert!(!list.contains(slug), "{slug} relates itself: {list:?}");
        assert_eq!(
            list.iter().collect::<BTreeSet<_>>().len(),
            list.len(),
            "{slug}: {list:?}"
        );
        for other in &list {
            assert!(
                cases.contains(other)
                    && p.root
                        .join(format!("content/eksempler/{other}.md"))
                        .is_file(),
                "{slug} relates {other}, which is not a case page"
            );
        }
    }
}

/// A case like GOOD_CASE with its own title, date, model type and body.
fn case(title: &str, date: &str, model_type: &str, body: &str) -> String {
    let (front, _) = GOOD_CASE.rsplit_once("---\n").unwrap();
    let front = front
        .replace("Suldal: grendeutval", title)
        .replace(
            "model_types: [naerdemokrati]",
            &format!("model_types: [{model_type}]"),
        )
        .replace("date: 2024-01-15", &format!("date: {date}"));
    format!("{front}---\n{body}\n")
}

const SUN: &str = "Solcellepanela på skuletaket fangar sollyset. Solcellepanela leverer \
                   straumnettet. Fjordbussen fraktar elevane. Fjordbussen ladar frå \
                   straumnettet.";

/// Five cases with nothing in common but what a test gives them, and a plain page that shares
/// every telling word of `a` and `b`. Listing order (newest first): a, b, x, y, c.
fn corpus(c_body: &str, c_model_type: &str) -> Vec<(&'static str, String)> {
    vec![
        (
            "content/eksempler/a.md",
            case("Aaa", "2024-05-01", "digitale-verktoy", SUN),
        ),
        (
            "content/eksempler/b.md",
            case(
                "Bbb",
                "2024-04-01",
                "digitale-verktoy",
                &format!("Skulen prøvde dette. {SUN}"),
            ),
        ),
        (
            "content/eksempler/x.md",
            case(
                "Xxx",
                "2024-03-01",
                "innbyggerpanel",
                "Ungdomsrådet planla skateparken. Ungdomsrådet opna skateparken ved fritidsklubben, \
                 og fritidsklubben feira.",
            ),
        ),
        (
            "content/eksempler/y.md",
            case(
                "Yyy",
                "2024-02-01",
                "naerdemokrati",
                "Grendehuset trong dugnad. Dugnaden på grendehuset samla bygda, og bygda \
                 heldt fram.",
            ),
        ),
        (
            "content/eksempler/c.md",
            case("Ccc", "2024-01-01", c_model_type, c_body),
        ),
        (
            "content/om.md",
            format!("---\ntitle: Om\ndescription: Om katalogen.\n---\n{SUN} {SUN}\n"),
        ),
    ]
}

const LIBRARY: &str = "Biblioteket starta lesesirkelen. Lesesirkelen i biblioteket las \
                       forfattarar, og forfattarane kom.";

fn project(name: &str, c_body: &str, c_model_type: &str) -> Project {
    let files = corpus(c_body, c_model_type);
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    Project::new(name, &files)
}

#[test]
fn cases_sharing_telling_words_and_a_model_type_list_each_other_first() {
    let p = project("related-pair", LIBRARY, "innbyggerpanel");
    let (code, _, stderr) = p.katalog(&["build"]);
    assert_eq!(code, 0, "{stderr}");
    let (_, a) = related(&p.read("eksempler/a/index.html"));
    let (_, b) = related(&p.read("eksempler/b/index.html"));
    assert_eq!(a.first().map(String::as_str), Some("b"), "a relates {a:?}");
    assert_eq!(b.first().map(String::as_str), Some("a"), "b relates {b:?}");
    // The plain page shares all their words, yet is no case; c shares nothing with them.
    for list in [&a, &b] {
        assert!(!list.contains(&"om".to_string()) && !list.contains(&"c".to_string()));
    }
}

#[test]
fn two_builds_give_identical_case_pages() {
    let p = Project::generated("related-stable", 400, 3);
    let mut runs = Vec::new();
    for out in ["one", "two"] {
        let out = p.root.join(out);
        let (code, _, stderr) = p.katalog(&["build", "--output", out.to_str().unwrap()]);
        assert_eq!(code, 0, "{stderr}");
        runs.push(common::snapshot(&out.join("eksempler")));
    }
    let with_related = runs[0]
        .iter()
        .filter(|(_, html)| !related(&String::from_utf8_lossy(html)).1.is_empty())
        .count();
    assert!(
        with_related > 300,
        "{with_related} of 400 case pages relate cases"
    );
    assert!(runs[0] == runs[1], "two builds gave different case pages");
}

#[test]
fn serve_renders_a_case_page_again_when_its_related_cases_change() {
    let p = project("related-serve", LIBRARY, "innbyggerpanel");
    let server = common::serve(&p);
    let get = |slug: &str| {
        let mut s = std::net::TcpStream::connect(("127.0.0.1", server.port)).unwrap();
        std::io::Write::write_all(
            &mut s,
            format!("GET /eksempler/{slug}/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        )
        .unwrap();
        let mut raw = String::new();
        std::io::Read::read_to_string(&mut s, &mut raw).unwrap();
        raw
    };
    let page = |slug: &str| related(&get(slug)).1;
    assert_eq!(page("a").first().map(String::as_str), Some("b"));
    assert!(!page("a").contains(&"c".to_string()));
    // c becomes a case about the same thing; a is not c's neighbour, only its relative.
    p.write(
        "content/eksempler/c.md",
        &case(
            "Ccc",
            "2024-01-01",
            "digitale-verktoy",
            &format!("{SUN} {SUN}"),
        ),
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    while !page("a").contains(&"c".to_string()) {
        assert!(
            Instant::now() < deadline,
            "a's page never listed c: {:?}",
            page("a")
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    // A new title for c (not a's neighbour; the related cases stay as they are) shows on a's
    // card of c.
    let before = page("a");
    p.write(
        "content/eksempler/c.md",
        &case(
            "Ccc med ny tittel",
            "2024-01-01",
            "digitale-verktoy",
            &format!("{SUN} {SUN}"),
        ),
    );
    while !get("a").contains("Ccc med ny tittel") {
        assert!(
            Instant::now() < deadline,
            "a's card of c kept the old title"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(page("a"), before);
}
