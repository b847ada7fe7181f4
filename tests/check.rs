//! `katalog check` in its three formats names the exact file, line and column of each problem,
//! writes nothing, and exits 0 clean, 1 on content errors, 2 on usage errors.

mod common;
use common::{GOOD_CASE, Project};

fn bad_project() -> Project {
    Project::new(
        "check",
        &[
            (
                "content/eksempler/a.md",
                &GOOD_CASE.replace("population: 3889", "population: mange"),
            ),
            (
                "content/eksempler/b.md",
                &GOOD_CASE.replace("sdgs: [16]", "sdgs: [16, 19]"),
            ),
        ],
    )
}

#[test]
fn human_format() {
    let p = bad_project();
    let (code, stdout, stderr) = p.katalog(&["check"]);
    assert_eq!(code, 1);
    assert_eq!(
        stdout,
        "content/eksempler/a.md:6:13: error[population]: must be a whole number, found text\n\
         content/eksempler/b.md:20:12: error[sdgs[1]]: must be a UN Sustainable Development Goal number from 1 to 17\n"
    );
    assert!(stderr.contains("2 errors"));
    assert!(!p.output().exists(), "check writes no output");
}

#[test]
fn json_format_is_stable() {
    let p = bad_project();
    let (code, stdout, _) = p.katalog(&["check", "--format", "json"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["count"], 2);
    assert_eq!(
        v["errors"][1],
        serde_json::json!({"path": "content/eksempler/b.md", "line": 20, "col": 12, "key": "sdgs[1]",
                           "message": "must be a UN Sustainable Development Goal number from 1 to 17"})
    );
}

#[test]
fn github_annotations_point_at_the_line() {
    let p = bad_project();
    let (code, stdout, _) = p.katalog(&["check", "--format", "github"]);
    assert_eq!(code, 1);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines[0], "::error file=content/eksempler/a.md,line=6,col=13,title=katalog [population]::must be a whole number%2C found text".replace("%2C", ","));
    assert!(lines[1].starts_with(
        "::error file=content/eksempler/b.md,line=20,col=12,title=katalog [sdgs[1]]::"
    ));
}

#[test]
fn clean_content_exits_0_and_usage_errors_2() {
    let p = Project::new("check-ok", &[("content/eksempler/a.md", GOOD_CASE)]);
    let (code, stdout, _) = p.katalog(&["check", "--format", "json"]);
    assert_eq!(code, 0);
    assert_eq!(stdout.trim(), r#"{"count":0,"errors":[],"warnings":[]}"#);
    assert!(!p.output().exists());
    let (code, _, _) = p.katalog(&["check", "--format", "xml"]);
    assert_eq!(code, 2);
    std::fs::remove_file(p.root.join("content/katalog.yaml")).unwrap();
    assert_eq!(p.katalog(&["check"]).0, 2);
}

/// A draft is checked as fully as a published case: a link in its body to a case that does not
/// exist or to a heading another draft lacks is an error at its line, without `--drafts`; a
/// draft may link to another draft, and `check` says the drafts were checked and are left out
/// of the site.
#[test]
fn drafts_are_checked_like_everything_else() {
    let draft = |body_link: &str| {
        GOOD_CASE
            .replace("draft: false", "draft: true")
            .replace("Tekst.\n", &format!("Sjå [eit anna døme]({body_link}).\n"))
    };
    let p = Project::new(
        "check-drafts",
        &[
            ("content/eksempler/utkast.md", &draft("finst-ikkje.md")),
            ("content/eksempler/utkast-to.md", &draft("utkast.md")),
        ],
    );
    let (code, stdout, stderr) = p.katalog(&["check"]);
    assert_eq!(code, 1, "{stderr}");
    let line = GOOD_CASE.lines().position(|l| l == "Tekst.").unwrap() + 1;
    assert_eq!(
        stdout.lines().count(),
        1,
        "one error, in the draft with the broken link:\n{stdout}"
    );
    assert!(
        stdout.starts_with(&format!("content/eksempler/utkast.md:{line}:")),
        "the error names the draft and the link's line:\n{stdout}"
    );
    assert!(stdout.contains("finst-ikkje.md"), "{stdout}");

    // A heading that another draft does not have is an error as well.
    p.edit("content/eksempler/utkast.md", |t| {
        t.replace("finst-ikkje.md", "utkast-to.md#finst-ikkje")
    });
    let (code, stdout, stderr) = p.katalog(&["check"]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        stdout,
        format!(
            "content/eksempler/utkast.md:{line}:5: error[link]: links to utkast-to.md#finst-ikkje, which is no heading in utkast-to.md\n"
        )
    );

    // Fixed, the drafts pass, check says they were checked, and a build leaves them out.
    p.edit("content/eksempler/utkast.md", |t| {
        t.replace("utkast-to.md#finst-ikkje", "utkast-to.md")
    });
    let (code, _, stderr) = p.katalog(&["check"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("2 drafts checked like everything else"),
        "check says the drafts were checked:\n{stderr}"
    );
    let (code, _, stderr) = p.katalog(&["build"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!p.output().join("eksempler/utkast").exists());
    assert!(stderr.contains("2 drafts left out"), "{stderr}");
}

/// A case whose sections break the contract's shape: warned at the heading, never an error.
#[test]
fn sections_out_of_shape_are_warnings_at_their_heading() {
    let front = &GOOD_CASE[..GOOD_CASE.find("## Lokaldemokratimodellen").unwrap()];
    let shaped = front.to_string()
        + "## Erfaringar\n\nTekst.\n\n## Lokaldemokratimodellen\n\nTekst.\n\n## Kjelder og usikkerheit\n\nTekst.\n";
    let p = Project::new("check-sections", &[("content/eksempler/a.md", &shaped)]);
    let (code, stdout, stderr) = p.katalog(&["check"]);
    assert_eq!(code, 0, "warnings alone pass: {stdout}{stderr}");
    assert_eq!(
        stdout,
        "content/eksempler/a.md:30:1: warning[sections]: the section \"Kopling til politisk organisering\" is missing (every case has it: how citizens' input reaches the elected bodies); add \"## Kopling til politisk organisering\" before \"Erfaringar\"\n\
         content/eksempler/a.md:34:1: warning[sections]: the section \"Lokaldemokratimodellen\" comes after \"Erfaringar\" (line 30); move it so the sections follow the order \"Lokaldemokratimodellen\", \"Politisk organisering\", \"Deltakingsformer\", \"Digitale løysingar\", \"Kopling til politisk organisering\", \"Vidareutvikling\", \"Erfaringar\", \"Kjelder og usikkerheit\"\n"
    );
    assert!(stderr.contains("0 errors, 2 warnings"), "{stderr}");

    let (code, stdout, _) = p.katalog(&["check", "--format", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["count"], 0);
    assert_eq!(v["warnings"][0]["line"], 30);
    assert_eq!(v["warnings"][0]["key"], "sections");

    let (code, _, stderr) = p.katalog(&["build"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("a.md:30:1: warning[sections]"), "{stderr}");
    assert!(p.output().join("index.html").is_file());

    let (_, stdout, _) = p.katalog(&["check", "--format", "github"]);
    assert!(stdout.starts_with("::warning file=content/eksempler/a.md,line=30,col=1,"));
}

/// Every bundled case has the contract's shape (issue 38): `check` warns about none of them, and
/// the same check does warn once one of them loses a required section.
#[test]
fn bundled_cases_have_the_contracts_shape() {
    let p = Project::bundled("check-bundled-shape");
    let (code, stdout, stderr) = p.katalog(&["check", "--format", "json"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["count"], 0, "{stdout}");
    assert_eq!(
        v["warnings"],
        serde_json::json!([]),
        "a bundled case is out of shape"
    );

    p.edit("content/eksempler/vadso-foregangskommune.md", |t| {
        t.replace("## Kobling til politisk organisering", "## Koblingen")
    });
    let (code, stdout, _) = p.katalog(&["check"]);
    assert_eq!(code, 0, "a warning alone passes");
    assert!(
        stdout.starts_with("content/eksempler/vadso-foregangskommune.md:")
            && stdout.contains(
                "warning[sections]: the section \"Kobling til politisk organisering\" is missing"
            ),
        "{stdout}"
    );
}

/// The summary and the first paragraph of every bundled case describe the model, not the
/// catalogue's own reading of its sources: that goes under "Kilder og usikkerhet" (issue 38).
#[test]
fn bundled_leads_describe_the_model_not_the_research() {
    let dir = common::repo().join("content/eksempler");
    let mut cases = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let (front, body) = text[4..].split_once("\n---\n").unwrap();
        // `summary: >` and its indented lines.
        let summary = front
            .lines()
            .skip_while(|l| !l.starts_with("summary:"))
            .skip(1)
            .take_while(|l| l.starts_with("  "))
            .collect::<Vec<_>>()
            .join(" ");
        assert!(!summary.is_empty(), "{}: no summary found", path.display());
        let first = body
            .split("\n\n")
            .find(|para| !para.trim().is_empty() && !para.trim_start().starts_with('#'))
            .unwrap();
        for (what, text) in [("summary", summary.as_str()), ("first paragraph", first)] {
            let text = text.to_lowercase();
            for phrase in [
                "ikke funnet",
                "ikkje funne",
                "ikke lest",
                "ikkje lese",
                "har vi ikke",
                "har vi ikkje",
            ] {
                assert!(
                    !text.contains(phrase),
                    "{}: the {what} speaks of the research (\"{phrase}\"): {text}",
                    path.display()
                );
            }
        }
        cases += 1;
    }
    assert_eq!(cases, 7, "the seven foregangskommuner are bundled");
}
