//! `dcat.ttl`: the catalogue's open data described in DCAT-AP-NO 2.0 (Turtle), so that
//! data.norge.no can harvest it. The shapes of DCAT-AP-NO are checked without inference and
//! read the controlled vocabularies through `skos:inScheme`, so every node says here what the
//! shapes look for (its class, its scheme, a name): the description conforms offline
//! (tests/browser/dcat.test.mjs).

use super::settings::Publisher;
use crate::paths;
use crate::site::Site;
use std::fmt::Write;

const EU: &str = "http://publications.europa.eu/resource/authority/";

/// The Turtle text, or `None` without a publisher (DCAT-AP-NO requires one).
pub fn turtle(site: &Site, modified: &str) -> Option<String> {
    let cfg = &site.config;
    let publisher = cfg.publishing.publisher.as_ref()?;
    let base = &cfg.base_url;
    let me = iri(&format!("{base}{}", paths::DCAT));
    let mut s = String::from(PREFIXES);
    let lang = cfg.language.as_str();
    // The catalogue.
    let _ = write!(
        s,
        "\n<{me}#catalog> a dcat:Catalog ;\n    dct:identifier {} ;\n    dct:title {} ;\n    dct:description {} ;\n    dct:publisher <{pub_}> ;\n    foaf:homepage <{}> ;\n    dct:modified \"{modified}\"^^xsd:date ;\n    dcat:dataset <{me}#dataset> .\n",
        literal(&format!("{me}#catalog"), None),
        literal(&cfg.title, Some(lang)),
        literal(described(&cfg.description, &cfg.title), Some(lang)),
        iri(base),
        pub_ = iri(&publisher.uri()),
    );
    // The dataset: title and description in both written standards of Norwegian.
    let _ = write!(
        s,
        "\n<{me}#dataset> a dcat:Dataset ;\n    dct:identifier {} ;\n    dct:title {}, {} ;\n    dct:description {}, {} ;\n    dct:publisher <{}> ;\n    dcat:contactPoint <{me}#contact> ;\n    dcat:landingPage <{}> ;\n    dcat:keyword \"lokaldemokrati\"@nb, \"lokaldemokrati\"@nn, \"medverknad\"@nn, \"medvirkning\"@nb ;\n    dct:modified \"{modified}\"^^xsd:date ;\n    # GOVE (government and public sector) from the EU data themes, and from LOS the\n    # theme \"Demokrati og innbyggerrettigheter\": the cases are how municipalities bring\n    # citizens into local politics.\n    dcat:theme <{EU}data-theme/GOVE>, <{LOS}> ;\n",
        literal(&format!("{me}#dataset"), None),
        literal(&format!("{} – åpne data", cfg.title), Some("nb")),
        literal(&format!("{} – opne data", cfg.title), Some("nn")),
        literal(
            &format!(
                "Åpne data fra {}: metadata og sammendrag for hvert eksempel (kommune, fylke, folketall, modelltyper, målgrupper, periode, tilskudd, budsjett, kontaktperson og lenker).",
                cfg.title
            ),
            Some("nb")
        ),
        literal(
            &format!(
                "Opne data frå {}: metadata og samandrag for kvart døme (kommune, fylke, folketal, modelltypar, målgrupper, periode, tilskot, budsjett, kontaktperson og lenkjer).",
                cfg.title
            ),
            Some("nn")
        ),
        iri(&publisher.uri()),
        iri(base),
    );
    let dists = DISTRIBUTIONS
        .iter()
        .map(|d| format!("<{me}#{}>", d.id))
        .collect::<Vec<_>>()
        .join(", ");
    let _ = writeln!(s, "    dcat:distribution {dists} .");
    let license = cfg.publishing.license;
    for d in DISTRIBUTIONS {
        let url = iri(&format!("{base}{}", d.path));
        let _ = write!(
            s,
            "\n<{me}#{}> a dcat:Distribution ;\n    dct:title {} ;\n    dct:description {} ;\n    dcat:accessURL <{url}> ;\n    dcat:downloadURL <{url}> ;\n    dcat:mediaType <https://www.iana.org/assignments/media-types/{}> ;\n    dct:format <{EU}file-type/{}> ;\n",
            d.id,
            literal(d.title, Some("nb")),
            literal(d.description, Some("nb")),
            d.media_type,
            d.file_type,
        );
        if let Some(l) = license {
            let _ = writeln!(s, "    dct:license <{}> ;", l.eu);
        }
        s.push_str("    .\n");
    }
    s.push_str(&publisher_nodes(publisher, &me));
    // What the shapes read of each controlled value.
    for d in DISTRIBUTIONS {
        let _ = write!(
            s,
            "\n<https://www.iana.org/assignments/media-types/{}> a dct:MediaType .\n<{EU}file-type/{}> a dct:MediaTypeOrExtent ;\n    skos:inScheme <{EU}file-type> .\n",
            d.media_type, d.file_type
        );
    }
    if let Some(l) = license {
        let _ = write!(
            s,
            "\n<{}> a dct:LicenseDocument, skos:Concept ;\n    skos:inScheme <{EU}licence> ;\n    skos:prefLabel {} ;\n    rdfs:seeAlso <{}> .\n",
            l.eu,
            literal(l.name, None),
            l.url
        );
    }
    let _ = write!(
        s,
        "\n<{EU}data-theme/GOVE> a skos:Concept ;\n    skos:inScheme <{EU}data-theme> ;\n    skos:prefLabel \"Forvaltning og offentlig sektor\"@nb, \"Government and public sector\"@en .\n<{LOS}> a skos:Concept ;\n    skos:inScheme <https://psi.norge.no/los/tema> ;\n    skos:prefLabel \"Demokrati og innbyggerrettigheter\"@nb .\n\n<{}> a foaf:Document .\n",
        iri(base)
    );
    Some(s)
}

/// The LOS theme of the dataset (Norway's classification of public services and topics).
const LOS: &str = "https://psi.norge.no/los/tema/demokrati-og-innbyggerrettigheter";

/// The publisher as a named `foaf:Agent` with its number, and the contact point.
fn publisher_nodes(p: &Publisher, me: &str) -> String {
    format!(
        "\n<{}> a foaf:Agent ;\n    foaf:name {} ;\n    dct:identifier {} .\n\n<{me}#contact> a vcard:Kind, vcard:Organization ;\n    vcard:fn {} ;\n    vcard:hasEmail <mailto:{}> .\n",
        iri(&p.uri()),
        literal(&p.name, None),
        literal(&p.organization_number, None),
        literal(&p.name, None),
        iri(&p.email),
    )
}

/// A file of the open data.
struct Distribution {
    id: &'static str,
    path: &'static str,
    title: &'static str,
    description: &'static str,
    media_type: &'static str,
    /// The EU file-type table's code.
    file_type: &'static str,
}

const DISTRIBUTIONS: [Distribution; 2] = [
    Distribution {
        id: "json",
        path: paths::OPEN_DATA,
        title: "katalog.json",
        description: "Alle eksemplene med metadata og sammendrag, som JSON (formatet står i katalogens README).",
        media_type: "application/json",
        file_type: "JSON",
    },
    Distribution {
        id: "csv",
        path: paths::OPEN_DATA_CSV,
        title: "katalog.csv",
        description: "De samme feltene som i katalog.json, ett eksempel per rad, som CSV (UTF-8).",
        media_type: "text/csv",
        file_type: "CSV",
    },
];

fn described<'a>(description: &'a str, title: &'a str) -> &'a str {
    if description.trim().is_empty() {
        title
    } else {
        description
    }
}

/// A Turtle string literal, with a language tag when given.
fn literal(s: &str, lang: Option<&str>) -> String {
    let mut out = String::from("\"");
    for ch in s.trim().chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    if let Some(l) = lang {
        out.push('@');
        out.push_str(l);
    }
    out
}

/// Text for inside `<…>`: the characters an IRI may not hold, percent-encoded.
fn iri(s: &str) -> String {
    let mut out = String::new();
    for ch in s.chars() {
        if matches!(ch, '<' | '>' | '"' | '{' | '}' | '|' | '^' | '`' | '\\') || ch <= ' ' {
            let mut buf = [0u8; 4];
            for b in ch.encode_utf8(&mut buf).bytes() {
                let _ = write!(out, "%{b:02X}");
            }
        } else {
            out.push(ch);
        }
    }
    out
}

const PREFIXES: &str =
    "# DCAT-AP-NO 2.0 description of this catalogue's open data, made by katalog.
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix vcard: <http://www.w3.org/2006/vcard/ns#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_and_iris_cannot_break_out() {
        assert_eq!(literal("a \"b\"\n", Some("nb")), "\"a \\\"b\\\"\"@nb");
        assert_eq!(iri("https://x.org/a b>"), "https://x.org/a%20b%3E");
    }
}
