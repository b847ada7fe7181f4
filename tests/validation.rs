//! Each rule of the content contract, broken in a file, gives one error naming the exact
//! file, line, column and key; many bad files are all reported in one run; and a failed build
//! leaves the output folder as it was.

mod common;
use common::{GOOD_CASE, Project, snapshot};

/// Builds a project whose only case is GOOD_CASE with `from` replaced by `to`; returns stderr.
fn errors_for(from: &str, to: &str) -> String {
    assert!(GOOD_CASE.contains(from), "fixture has no {from:?}");
    let case = GOOD_CASE.replacen(from, to, 1);
    let p = Project::new("rule", &[("content/eksempler/suldal.md", &case)]);
    let (code, _, stderr) = p.katalog(&["build"]);
    assert_eq!(
        code, 1,
        "expected content errors for {to:?}, got:\n{stderr}"
    );
    assert!(!p.output().exists(), "a failed build wrote output");
    stderr
}

fn assert_error(from: &str, to: &str, expected: &str) {
    let stderr = errors_for(from, to);
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains(": error[")).collect();
    assert_eq!(errors, vec![expected], "replacing {from:?} by {to:?}");
}

const F: &str = "content/eksempler/suldal.md";

#[test]
fn good_case_builds() {
    let p = Project::new("good", &[(F, GOOD_CASE)]);
    let (code, _, stderr) = p.katalog(&["build"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(p.output().join("eksempler/suldal/index.html").is_file());
}

#[test]
fn unknown_key_suggests_the_nearest() {
    assert_error(
        "grant_nok:",
        "grant_nokk:",
        &format!(
            "{F}:11:1: error[grant_nokk]: unknown key \"grant_nokk\"; did you mean \"grant_nok\"? (allowed: title, municipality, municipality_number, county, population, model_types, target_groups, summary, period, grant_nok, budget, sdgs, contact, links, image, language, date, updated, draft)"
        ),
    );
}

#[test]
fn missing_required_key() {
    assert_error(
        "summary: Grendeutvala knyter bygdene til kommunestyret.\n",
        "",
        &format!("{F}:2:1: error[summary]: missing required key \"summary\""),
    );
}

#[test]
fn wrong_type() {
    assert_error(
        "population: 3889",
        "population: mange",
        &format!("{F}:6:13: error[population]: must be a whole number, found text"),
    );
    assert_error(
        "population: 3889",
        "population: 0",
        &format!("{F}:6:13: error[population]: must be at least 1, found 0"),
    );
    assert_error(
        "draft: false",
        "draft: kanskje",
        &format!("{F}:26:8: error[draft]: must be true or false, found text"),
    );
}

#[test]
fn unknown_taxonomy_slug_suggests_the_nearest() {
    assert_error(
        "model_types: [naerdemokrati]",
        "model_types: [innbygerpanel]",
        &format!(
            "{F}:7:15: error[model_types[0]]: unknown model type \"innbygerpanel\"; did you mean \"innbyggerpanel\"? (valid: innbyggerpanel, naerdemokrati, digitale-verktoy)"
        ),
    );
    assert_error(
        "target_groups: [alle-innbyggere]",
        "target_groups: [ungdm]",
        &format!(
            "{F}:8:17: error[target_groups[0]]: unknown target group \"ungdm\"; did you mean \"ungdom\"? (valid: ungdom, alle-innbyggere)"
        ),
    );
    assert_error(
        "model_types: [naerdemokrati]",
        "model_types: []",
        &format!("{F}:7:14: error[model_types]: needs at least one model type"),
    );
}

#[test]
fn municipality_number_format_and_agreement() {
    assert_error(
        "municipality_number: \"1134\"",
        "municipality_number: 1134",
        &format!(
            "{F}:4:22: error[municipality_number]: must be quoted so leading zeros are kept: municipality_number: \"1134\""
        ),
    );
    assert_error(
        "municipality_number: \"1134\"",
        "municipality_number: \"113\"",
        &format!(
            "{F}:4:22: error[municipality_number]: must be four digits in quotes, e.g. \"1134\"; found \"113\""
        ),
    );
    assert_error(
        "municipality_number: \"1134\"",
        "municipality_number: \"9999\"",
        &format!(
            "{F}:4:22: error[municipality_number]: \"9999\" is not a municipality number of 2024; Suldal has number \"1134\""
        ),
    );
    assert_error(
        "municipality: Suldal",
        "municipality: Sulldal",
        &format!(
            "{F}:3:15: error[municipality]: \"Sulldal\" does not match municipality_number \"1134\", which is Suldal; did you mean \"Suldal\"?"
        ),
    );
    assert_error(
        "county: Rogaland",
        "county: Vestland",
        &format!(
            "{F}:5:9: error[county]: \"Vestland\" does not match municipality_number \"1134\", which is in Rogaland"
        ),
    );
    assert_error(
        "county: Rogaland",
        "county: Rogalan",
        &format!("{F}:5:9: error[county]: unknown county \"Rogalan\"; did you mean \"Rogaland\"?"),
    );
}

#[test]
fn county_is_derived_when_missing() {
    let p = Project::new(
        "county",
        &[(F, &GOOD_CASE.replace("county: Rogaland\n", ""))],
    );
    assert_eq!(p.katalog(&["build"]).0, 0);
    let data: serde_json::Value = serde_json::from_str(&p.read("katalog.json")).unwrap();
    assert_eq!(data["cases"][0]["county"], "Rogaland");
    assert_eq!(data["cases"][0]["landsdel"], "Vestlandet");
    assert_eq!(data["cases"][0]["size_class"], "under-5000");
}

#[test]
fn malformed_dates_and_months() {
    assert_error(
        "date: 2024-01-15",
        "date: 15.01.2024",
        &format!(
            "{F}:25:7: error[date]: \"15.01.2024\" is not a date; write YYYY-MM-DD, e.g. 2024-02-15"
        ),
    );
    assert_error(
        "start: 2022-06",
        "start: 2022-6",
        &format!(
            "{F}:10:18: error[period.start]: \"2022-6\" is not a month; write YYYY-MM, e.g. 2022-01"
        ),
    );
    assert_error(
        "end: 2023-12",
        "end: 2021-12",
        &format!("{F}:10:32: error[period.end]: ends (2021-12) before it starts (2022-06)"),
    );
}

#[test]
fn malformed_urls() {
    assert_error(
        "url: \"https://www.suldal.kommune.no/\"",
        "url: \"javascript:alert(1)\"",
        &format!(
            "{F}:23:29: error[links[0].url]: \"javascript:alert(1)\" is not an http(s) URL or a path inside the site such as /eksempler/SLUG/"
        ),
    );
    assert_error(
        "url: \"https://www.suldal.kommune.no/\"",
        "url: \"/eksempler/finst-ikkje/\"",
        &format!(
            "{F}:23:29: error[links[0].url]: /eksempler/finst-ikkje/ is not a page of this catalogue (drafts are not published)"
        ),
    );
}

#[test]
fn image_needs_alt_and_an_existing_file() {
    assert_error(
        "draft: false",
        "draft: false\nimage: { src: media/suldal.jpg }",
        &format!(
            "{F}:27:8: error[image.alt]: an image needs alt text describing it for screen readers: add alt: \"...\""
        ),
    );
    assert_error(
        "draft: false",
        "draft: false\nimage: { src: media/finst-ikkje.jpg, alt: Sand }",
        &format!(
            "{F}:27:15: error[image.src]: content/media/finst-ikkje.jpg does not exist; put the file in content/media/"
        ),
    );
}

#[test]
fn summary_length_and_sdgs() {
    let long = format!("summary: {}", "ord ".repeat(101));
    assert_error(
        "summary: Grendeutvala knyter bygdene til kommunestyret.",
        &long,
        &format!("{F}:9:10: error[summary]: is 403 characters; shorten it to at most 400"),
    );
    assert_error(
        "sdgs: [16]",
        "sdgs: [18]",
        &format!(
            "{F}:20:8: error[sdgs[0]]: must be a UN Sustainable Development Goal number from 1 to 17"
        ),
    );
}

#[test]
fn nested_keys_are_named_by_path() {
    assert_error(
        "nok: 150000",
        "nok: 150 000",
        &format!(
            "{F}:19:34: error[budget[1].items[0].nok]: must be a whole number without quotes or spaces: budget[1].items[0].nok: 150000"
        ),
    );
    assert_error(
        "email: postmottak@example.no",
        "email: postmottak",
        &format!("{F}:21:57: error[contact.email]: \"postmottak\" is not an e-mail address"),
    );
}

#[test]
fn bad_file_names_and_broken_front_matter() {
    let p = Project::new(
        "files",
        &[
            ("content/eksempler/Bergen Case.md", GOOD_CASE),
            ("content/eksempler/open.md", "---\ntitle: x\n"),
            ("content/eksempler/yaml.md", "---\ntitle: [x\n---\n"),
            (
                "content/eksempler/link.md",
                &GOOD_CASE.replace("Tekst.", "Sjå [Bergen](bergen.md)."),
            ),
        ],
    );
    let (code, _, stderr) = p.katalog(&["build"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("content/eksempler/Bergen Case.md:1:1: error[file]: the file name \"Bergen Case.md\" is not a valid slug: use lower case a-z, 0-9 and - only, e.g. \"bergen-case.md\""), "{stderr}");
    assert!(stderr.contains("content/eksempler/open.md:1:1: error[front-matter]: the front matter has no closing --- line"), "{stderr}");
    assert!(stderr.contains("content/eksempler/yaml.md:2:"), "{stderr}");
    assert!(stderr.contains("content/eksempler/link.md:32:5: error[link]: links to bergen.md, which does not exist in this catalogue"), "{stderr}");
}

#[test]
fn many_bad_files_are_all_reported_in_one_run() {
    let bad: Vec<(String, String)> = (0..12)
        .map(|i| {
            (
                format!("content/eksempler/sak-{i:02}.md"),
                GOOD_CASE.replace("population: 3889", &format!("population: -{i}")),
            )
        })
        .collect();
    let files: Vec<(&str, &str)> = bad.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let p = Project::new("many", &files);
    let (code, _, stderr) = p.katalog(&["build"]);
    assert_eq!(code, 1);
    for i in 0..12 {
        assert!(
            stderr.contains(&format!(
                "content/eksempler/sak-{i:02}.md:6:13: error[population]"
            )),
            "sak-{i:02} missing in:\n{stderr}"
        );
    }
    assert!(
        stderr.contains("12 errors found; nothing was written"),
        "{stderr}"
    );
}

#[test]
fn failed_build_leaves_output_byte_for_byte() {
    let p = Project::new("keep", &[(F, GOOD_CASE)]);
    assert_eq!(p.katalog(&["build"]).0, 0);
    let before = snapshot(&p.output());
    assert!(before.len() > 10);
    p.write(
        F,
        &GOOD_CASE.replace("model_types: [naerdemokrati]", "model_types: [ukjend]"),
    );
    assert_eq!(p.katalog(&["build"]).0, 1);
    assert_eq!(snapshot(&p.output()), before);
    let siblings: Vec<_> = std::fs::read_dir(&p.root)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .filter(|n| n != ".katalog-cache") // the search index, rebuilt by every build
        .collect();
    assert_eq!(siblings.len(), 3, "stray folders left: {siblings:?}");
}

#[test]
fn foreign_output_folder_is_refused_and_untouched() {
    let p = Project::new("foreign", &[(F, GOOD_CASE)]);
    let mine = p.root.join("mine");
    std::fs::create_dir_all(mine.join("sub")).unwrap();
    std::fs::write(mine.join("sub/notes.txt"), "mine").unwrap();
    let before = snapshot(&mine);
    let (code, _, stderr) = p.katalog(&["build", "--output", mine.to_str().unwrap()]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("was not created by katalog"), "{stderr}");
    assert_eq!(snapshot(&mine), before);
}

#[test]
fn config_errors_name_their_line() {
    let p = Project::new("config", &[(F, GOOD_CASE)]);
    p.write(
        "content/katalog.yaml",
        &common::KATALOG_YAML.replace("language: nb", "language: no"),
    );
    let (code, _, stderr) = p.katalog(&["build"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("content/katalog.yaml:4:11: error[language]: unknown language \"no\""),
        "{stderr}"
    );
}

#[test]
fn usage_errors_exit_2() {
    let p = Project::new("usage", &[]);
    std::fs::remove_file(p.root.join("content/katalog.yaml")).unwrap();
    let (code, _, stderr) = p.katalog(&["build"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("katalog.yaml"), "{stderr}");
}

#[test]
fn links_to_an_invalid_case_do_not_add_errors() {
    let p = Project::new(
        "cascade",
        &[
            (
                F,
                &GOOD_CASE.replace("model_types: [naerdemokrati]", "model_types: [ukjend]"),
            ),
            (
                "content/eksempler/bergen.md",
                &GOOD_CASE.replace("Tekst.", "Sjå [Suldal](suldal.md)."),
            ),
        ],
    );
    let (code, _, stderr) = p.katalog(&["build"]);
    assert_eq!(code, 1);
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains(": error[")).collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].starts_with(&format!("{F}:7:15: error[model_types[0]]")));
}
