//! Norwegian acceptance: queries whose cases the tests know, in a small project of their own
//! and on the bundled catalogue (issue 23's queries).

use crate::common::Project;
use crate::harness::{Query, assert_parity, build, q, slugs};

/// A published case of the test katalog.yaml.
fn case(
    title: &str,
    (municipality, number, county, population): (&str, &str, &str, u32),
    model_types: &str,
    language: &str,
    summary: &str,
    body: &str,
) -> String {
    format!(
        "---\ntitle: \"{title}\"\nmunicipality: {municipality}\nmunicipality_number: \"{number}\"\n\
         county: {county}\npopulation: {population}\nmodel_types: [{model_types}]\n\
         target_groups: [alle-innbyggere]\nsummary: {summary}\nlanguage: {language}\n\
         date: 2024-01-15\ndraft: false\n---\n{body}\n"
    )
}

const BAERUM: (&str, &str, &str, u32) = ("Bærum", "3201", "Akershus", 130921);
const BERGEN: (&str, &str, &str, u32) = ("Bergen", "4601", "Vestland", 291940);
const GJOVIK: (&str, &str, &str, u32) = ("Gjøvik", "3407", "Innlandet", 30903);
const SUNNFJORD: (&str, &str, &str, u32) = ("Sunnfjord", "4647", "Vestland", 22450);
const LORENSKOG: (&str, &str, &str, u32) = ("Lørenskog", "3222", "Akershus", 48188);
const BODO: (&str, &str, &str, u32) = ("Bodø", "1804", "Nordland", 53712);
const TROMSO: (&str, &str, &str, u32) = ("Tromsø", "5501", "Troms", 78745);

/// Cases whose words the tests know: each target case, and neighbours that share some words.
fn norwegian_project() -> Project {
    let files = [
        (
            "content/eksempler/barum-styre.md",
            case(
                "Bærum: saker fra grendene",
                BAERUM,
                "naerdemokrati",
                "nb",
                "Innspill fra bygdene samles før politisk behandling.",
                "## Slik gjør de det\n\nSaken går til kommunestyre for endelig vedtak etter at grendene har uttalt seg.",
            ),
        ),
        (
            "content/eksempler/bergen-panel.md",
            case(
                "Bergen: et innbyggerpanel om byutvikling",
                BERGEN,
                "innbyggerpanel",
                "nb",
                "Tilfeldig trukne innbyggere drøfter byutvikling.",
                "## Panelet\n\nInnbyggerpanelet møttes fire ganger. Innbyggerpanel er nytt i Bergen.",
            ),
        ),
        (
            "content/eksempler/gjovik-budsjett.md",
            case(
                "Gjøvik: deltakende budsjettering for ungdom",
                GJOVIK,
                "digitale-verktoy",
                "nb",
                "Ungdom stemmer over en del av budsjettet.",
                "## Budsjett\n\nDeltakende budsjettering ga ungdommene 500 000 kroner å fordele.",
            ),
        ),
        (
            "content/eksempler/sunnfjord-nn.md",
            case(
                "Sunnfjord: nærmiljøråd i bygdane",
                SUNNFJORD,
                "naerdemokrati",
                "nn",
                "Nærmiljøråda gjev bygdane ei stemme.",
                "## Korleis\n\nRåda kjem med innspel til planane, og vedtaka i kommunane byggjer på dei.",
            ),
        ),
        (
            "content/eksempler/lorenskog-ungdom.md",
            case(
                "Lørenskog: ungdomsrådet",
                LORENSKOG,
                "naerdemokrati",
                "nb",
                "Ungdomsrådet gir råd om budsjett og planer.",
                "## Rådet\n\nRådet deltar i arbeidet med budsjettet. Innbyggere under 18 år velger rådet.",
            ),
        ),
        (
            "content/eksempler/bodo-utvalg.md",
            case(
                "Bodø: kommunedelsutvalg",
                BODO,
                "naerdemokrati",
                "nb",
                "Utvalgene er valgt av innbyggerne i bydelene.",
                "## Utvalgene\n\nPanelet av folkevalgte møtes i bydelen. Deltakelse er åpen for alle.",
            ),
        ),
        (
            "content/eksempler/tromso-utkast.md",
            case(
                "Tromsø: hemmelig utkast",
                TROMSO,
                "innbyggerpanel",
                "nb",
                "Et utkast.",
                "Snøskredvarsling er ordet bare dette utkastet har.",
            )
            .replace("draft: false", "draft: true"),
        ),
    ];
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    Project::new("search-norwegian", &files)
}

#[test]
fn search_norwegian_queries_find_their_cases_in_cli_and_js() {
    let p = norwegian_project();
    build(&p);
    let cases: &[(&str, &str, usize)] = &[
        // An inflected form that does not occur finds the form that does.
        ("kommunestyret", "barum-styre", 1),
        ("Kommunestyrets vedtak", "barum-styre", 1),
        // Bokmål queries find nynorsk text where the stems agree (planene/planane,
        // vedtakene/vedtaka, kommunene/kommunane, bygdene/bygdane).
        ("vedtakene planene", "sunnfjord-nn", 1),
        // (as the last word "kommunene" is also a prefix: Bodø's "kommunedelsutvalg" matches)
        ("kommunene", "sunnfjord-nn", 2),
        ("bygdene", "sunnfjord-nn", 1),
        // A nynorsk form finds the bokmål case where the stems agree (budsjettering).
        ("budsjetteringa", "gjovik-budsjett", 1),
        // Typos.
        ("innbyggerpanle", "bergen-panel", 3),
        ("deltakende budsjetering", "gjovik-budsjett", 3),
        ("innbygerpanel bergen", "bergen-panel", 3),
        // Prefixes while typing.
        ("deltakende budsj", "gjovik-budsjett", 1),
        ("innbyggerp", "bergen-panel", 1),
    ];
    let queries: Vec<Query> = cases.iter().map(|(t, _, _)| q("norwegian", *t)).collect();
    let answers = assert_parity("Norwegian acceptance", &p, &queries);
    for ((query, slug, within), answer) in cases.iter().zip(&answers) {
        let found = slugs(answer);
        assert!(
            found.iter().take(*within).any(|s| s == slug),
            "{query:?}: expected {slug} in the top {within}, got {found:?}"
        );
    }
    // The match is marked in the snippet, by what the text says.
    let kommunestyre = &answers[0]["results"][0]["snippet"];
    assert!(
        kommunestyre
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["match"] == true && p["text"] == "kommunestyre"),
        "{kommunestyre}"
    );
    // Drafts are not indexed.
    let drafts = assert_parity("drafts", &p, &[q("draft", "snøskredvarsling")]);
    assert_eq!(drafts[0]["total"], 0);
}

/// The queries of issue 23, on the bundled catalogue: a bokmål reader's words find the nynorsk
/// cases (by municipality: the cases' slugs and sentences may change, their nynorsk stays).
#[test]
fn bokmal_queries_find_the_bundled_nynorsk_cases() {
    let p = Project::bundled("search-standards-bundled");
    build(&p);
    let cases: &[(&str, &str, usize)] = &[
        // Suldal writes grendeutval, grendeutvala, grendeutvalsordninga.
        ("grendeutvalget", "suldal", 1),
        // Sunnfjord writes digitale løysingar.
        ("digitale løsninger", "sunnfjord", 1),
        ("digitale løsninger sunnfjord", "sunnfjord", 1),
        // Bodø writes kommunedelsutvalg, and Suldal kommunedelsutval.
        ("kommunedelsutval bodø", "bodo", 1),
        ("kommunedelsutvalgene", "suldal", 10),
        // Sunnfjord writes innbyggjarar and høyring apart: the compound is read as its parts.
        ("innbyggerhøring", "sunnfjord", 2),
        ("innbyggerhøring sunnfjord", "sunnfjord", 1),
        // A nynorsk word being typed matches before its rewritten piece is whole.
        ("løysin", "sunnfjord", 1),
        ("digitale løysi", "sunnfjord", 1),
    ];
    let queries: Vec<Query> = cases.iter().map(|(t, _, _)| q("standards", *t)).collect();
    let answers = assert_parity("issue 23's queries", &p, &queries);
    for ((query, municipality, within), answer) in cases.iter().zip(&answers) {
        let found = slugs(answer);
        assert!(
            found
                .iter()
                .take(*within)
                .any(|s| s.starts_with(municipality)),
            "{query:?}: expected {municipality}'s case in the top {within}, got {found:?}"
        );
    }
}
