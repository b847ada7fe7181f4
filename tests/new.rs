//! `katalog new`: for each of the seven foregangskommuner a new case that fails `katalog check`
//! only because its summary is empty, and passes once the summary is written; it never
//! overwrites a file; unknown and ambiguous municipalities get suggestions and exit 2.

mod common;
use common::Project;
use serde_json::Value;

/// (name or number as the editor types it, name, number, county, population)
const SEVEN: [(&str, &str, &str, &str, u64); 7] = [
    ("Bergen", "Bergen", "4601", "Vestland", 291_940),
    ("bodø", "Bodø", "1804", "Nordland", 53_712),
    ("4647", "Sunnfjord", "4647", "Vestland", 22_450),
    ("Gjøvik", "Gjøvik", "3407", "Innlandet", 30_903),
    ("3222", "Lørenskog", "3222", "Akershus", 48_188),
    ("Suldal", "Suldal", "1134", "Rogaland", 3_889),
    ("Vadsø", "Vadsø", "5607", "Finnmark", 5_807),
];

#[test]
fn a_new_case_passes_check_once_its_summary_is_written() {
    let p = Project::new("new", &[]);
    for (arg, name, number, county, population) in SEVEN {
        let slug = format!("ny-{number}");
        let rel = format!("content/eksempler/{slug}.md");
        let (code, stdout, stderr) =
            p.katalog(&["new", &format!("eksempler/{slug}"), "--municipality", arg]);
        assert_eq!(code, 0, "{stderr}");
        assert!(stdout.is_empty());
        assert!(
            stderr.contains(&format!("created {rel} for {name} ({number}, {county})")),
            "{stderr}"
        );
        let text = std::fs::read_to_string(p.root.join(&rel)).unwrap();
        for line in [
            format!("municipality: {name}\n"),
            format!("municipality_number: \"{number}\"\n"),
            format!("county: {county}\n"),
            format!("population: {population}\n"),
            "model_types: [innbyggerpanel]\n".to_string(),
            "summary: \"\"\n".to_string(),
            "draft: true\n".to_string(),
        ] {
            assert!(text.contains(&line), "{name}: no {line:?} in\n{text}");
        }
        let sections: &[&str] = if ["Suldal", "Sunnfjord"].contains(&name) {
            &[
                "Lokaldemokratimodellen",
                "Digitale løysingar",
                "Kopling til politisk organisering",
                "Vidareutvikling",
                "Erfaringar",
            ]
        } else {
            &[
                "Lokaldemokratimodellen",
                "Politisk organisering",
                "Deltakingsformer",
                "Digitale løsninger",
                "Kobling til politisk organisering",
                "Videreutvikling",
                "Erfaringer",
            ]
        };
        for s in sections {
            assert!(
                text.contains(&format!("\n## {s}\n")),
                "{name}: no section {s}"
            );
        }

        // Only the summary is missing.
        let (code, stdout, _) = p.katalog(&["check", "--format", "json"]);
        assert_eq!(code, 1, "{stdout}");
        let v: Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(v["count"], 1, "{name}: {stdout}");
        assert_eq!(v["errors"][0]["path"], rel.as_str());
        assert_eq!(v["errors"][0]["key"], "summary");
        assert!(
            v["errors"][0]["message"]
                .as_str()
                .unwrap()
                .starts_with("is empty: write in plain text what the example is about"),
            "{stdout}"
        );

        std::fs::write(
            p.root.join(&rel),
            text.replace(
                "summary: \"\"",
                "summary: \"Kommunen prøver ut nye måter å trekke innbyggerne med på.\"",
            ),
        )
        .unwrap();
        let (code, stdout, stderr) = p.katalog(&["check"]);
        assert_eq!(code, 0, "{name}: {stdout}{stderr}");
    }
    // The drafts render without the sections left unfilled (a heading with only the template's
    // prompt under it): neither the heading nor the prompt reaches the page. A section written
    // in is shown.
    let rel = "content/eksempler/ny-1134.md";
    let (code, _, stderr) = p.katalog(&["build", "--drafts"]);
    assert_eq!(code, 0, "{stderr}");
    let html = p.read("eksempler/ny-1134/index.html");
    assert!(
        !html.contains("Kjelder og usikkerheit"),
        "an unfilled section is left out"
    );
    assert!(!html.contains("Kva går modellen ut på"));
    let text = std::fs::read_to_string(p.root.join(rel)).unwrap();
    std::fs::write(
        p.root.join(rel),
        text.replace(
            "\n## Kjelder og usikkerheit\n",
            "\n## Kjelder og usikkerheit\n\nKommunen si nettside.\n",
        ),
    )
    .unwrap();
    let (code, _, stderr) = p.katalog(&["build", "--drafts"]);
    assert_eq!(code, 0, "{stderr}");
    let html = p.read("eksempler/ny-1134/index.html");
    assert!(html.contains("<h2 id=\"kjelder-og-usikkerheit\">Kjelder og usikkerheit</h2>"));
}

#[test]
fn never_overwrites() {
    let p = Project::new("new-exists", &[]);
    let args = [
        "new",
        "eksempler/suldal-grendeutval",
        "--municipality",
        "Suldal",
    ];
    assert_eq!(p.katalog(&args).0, 0);
    let path = p.root.join("content/eksempler/suldal-grendeutval.md");
    std::fs::write(&path, "mitt arbeid").unwrap();
    let (code, _, stderr) = p.katalog(&args);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("content/eksempler/suldal-grendeutval.md already exists; katalog new never overwrites a file"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "mitt arbeid");
}

#[test]
fn unknown_and_ambiguous_municipalities_get_suggestions() {
    let p = Project::new("new-unknown", &[]);
    let run =
        |municipality: &str| p.katalog(&["new", "eksempler/ny", "--municipality", municipality]);
    let (code, _, stderr) = run("Sulldal");
    assert_eq!(code, 2);
    assert!(
        stderr.contains("unknown municipality \"Sulldal\"; did you mean Suldal (1134, Rogaland)?"),
        "{stderr}"
    );
    let (code, _, stderr) = run("Herøy");
    assert_eq!(code, 2);
    assert!(
        stderr.contains("2 municipalities are called Herøy: Herøy (1515, Møre og Romsdal), Herøy (1818, Nordland); pass the number"),
        "{stderr}"
    );
    let (code, _, stderr) = run("Våler");
    assert_eq!(code, 2);
    assert!(
        stderr.contains("Våler (3114, Østfold), Våler (3419, Innlandet)"),
        "{stderr}"
    );
    let (code, _, stderr) = run("9999");
    assert_eq!(code, 2);
    assert!(
        stderr.contains("\"9999\" is not a municipality number of 2024"),
        "{stderr}"
    );
    // Neither wrote anything, and the number resolves what the name could not.
    assert!(!p.root.join("content/eksempler").exists());
    assert_eq!(run("1818").0, 0);
    let text = std::fs::read_to_string(p.root.join("content/eksempler/ny.md")).unwrap();
    assert!(text.contains("county: Nordland\n"));
}

#[test]
fn bad_slugs_and_missing_projects_are_usage_errors() {
    let p = Project::new("new-usage", &[]);
    let (code, _, stderr) = p.katalog(&["new", "eksempler/Ny Sak", "--municipality", "Suldal"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("\"Ny Sak\" is not a valid slug"),
        "{stderr}"
    );
    assert!(stderr.contains("e.g. eksempler/ny-sak"), "{stderr}");
    let (code, _, stderr) = p.katalog(&["new", "om-oss", "--municipality", "Suldal"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("write eksempler/SLUG"), "{stderr}");
    let (code, _, _) = p.katalog(&["new", "eksempler/x"]);
    assert_eq!(code, 2, "--municipality is required");
    std::fs::remove_file(p.root.join("content/katalog.yaml")).unwrap();
    let (code, _, stderr) = p.katalog(&["new", "eksempler/x", "--municipality", "Suldal"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("katalog.yaml"), "{stderr}");
}
