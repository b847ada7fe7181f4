//! Each rule of the content contract, broken in a file (the fixtures of tests/invalid/), gives
//! its exact error naming the file, line, column and key; many bad files are all reported in
//! one run; and a failed build leaves the output folder as it was.

mod common;
mod invalid;
use common::{GOOD_CASE, Project, snapshot};

const F: &str = "content/eksempler/suldal.md";

#[test]
fn good_case_builds() {
    let p = Project::new("good", &[(F, GOOD_CASE)]);
    let (code, _, stderr) = p.katalog(&["build"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(p.output().join("eksempler/suldal/index.html").is_file());
}

/// Every fixture of tests/invalid/: `katalog check` prints exactly its expected.txt and exits 1;
/// `katalog build` fails with the same errors and writes nothing.
#[test]
fn each_invalid_fixture_gives_its_exact_errors() {
    let mut wrong = Vec::new();
    let fixtures = invalid::fixtures();
    assert!(!fixtures.is_empty(), "no fixtures in tests/invalid/");
    for f in &fixtures {
        assert_eq!(
            f.case().is_some(),
            f.schema.is_some(),
            "tests/invalid/{}: a fixture with a case says in schema.txt what the schema does with it",
            f.rule
        );
        let files: Vec<(&str, &str)> = f
            .files
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        let p = Project::new(&f.rule, &files);
        let (code, stdout, stderr) = p.katalog(&["check"]);
        if code != 1 || stdout != f.expected {
            wrong.push(format!(
                "{}: `katalog check` exited {code} and printed\n{stdout}{stderr}instead of\n{}",
                f.rule, f.expected
            ));
            continue;
        }
        let (code, _, stderr) = p.katalog(&["build"]);
        let errors: String = stderr
            .lines()
            .filter(|l| l.contains(": error["))
            .map(|l| format!("{l}\n"))
            .collect();
        if code != 1 || errors != f.expected || p.output().exists() {
            wrong.push(format!(
                "{}: `katalog build` exited {code} and printed\n{stderr}",
                f.rule
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "expected the errors in tests/invalid/RULE/expected.txt:\n{}",
        wrong.join("\n")
    );
}

/// Less-than and greater-than signs that open no tag are plain text, shown as written.
#[test]
fn a_summary_with_comparison_signs_is_plain_text() {
    let summary = "summary: Tilbod for barn < 12 år og eldre > 67 år.";
    let case = GOOD_CASE.replace(
        "summary: Grendeutvala knyter bygdene til kommunestyret.",
        summary,
    );
    let p = Project::new("comparison", &[(F, &case)]);
    let (code, _, stderr) = p.katalog(&["build"]);
    assert_eq!(code, 0, "{stderr}");
    let page = p.read("eksempler/suldal/index.html");
    assert!(
        page.contains("Tilbod for barn &lt; 12 år og eldre &gt; 67 år."),
        "{page}"
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

/// The mistakes editors make (issue 27), each a fixture of tests/invalid/ whose expected.txt
/// holds its one exact error: that error's line and column are those of the character at
/// fault, as an editor counts them (the tab itself, the colon that needs quotes, the amount as
/// written, the link).
#[test]
fn editor_mistakes_point_at_the_character_at_fault() {
    let faults = [
        ("yaml-tab-before-a-key", "\titems:"),
        ("yaml-tab-in-a-folded-summary", "\tbygdene"),
        ("yaml-colon-unquoted", ": grendeutval"),
        ("amount-with-kr", "80 000 kr"),
        ("amount-with-dots", "80.000"),
        ("amount-with-a-space", "150 000"),
        ("municipality-number-of-another", "\"4601\""),
        ("target-group-shortened", "unge]"),
        ("key-in-norwegian", "målgrupper:"),
        ("link-without-md", "[ungdomsrådet](lorenskog-ungdomsrad)"),
        (
            "link-to-a-misspelt-case",
            "[ungdomsrådet](lørenskog-ungdomsrad.md)",
        ),
        (
            "link-to-a-missing-heading",
            "[modellen](#lokaldemokratimodelen)",
        ),
        (
            "link-to-a-missing-heading-of-a-case",
            "[modellen i Lørenskog](lorenskog-ungdomsrad.md#lokaldemokratimodelen)",
        ),
        (
            "link-to-a-missing-heading-of-a-page",
            "[møta](../om.md#møte-med-kommunen)",
        ),
    ];
    let fixtures = invalid::fixtures();
    for (rule, fault) in faults {
        let f = fixtures.iter().find(|f| f.rule == rule).unwrap();
        let (_, text) = f.files.iter().find(|(path, _)| path == F).unwrap();
        let offset = text
            .find(fault)
            .unwrap_or_else(|| panic!("{rule}: no {fault:?}"));
        let line = text[..offset].matches('\n').count() + 1;
        let col = text[..offset].rsplit('\n').next().unwrap().chars().count() + 1;
        assert_eq!(
            f.expected.lines().count(),
            1,
            "{rule}: one mistake, one error:\n{}",
            f.expected
        );
        assert!(
            f.expected.starts_with(&format!("{F}:{line}:{col}: error[")),
            "{rule}: the error is not at {line}:{col}, where {fault:?} begins:\n{}",
            f.expected
        );
    }
}
