//! The open data as a spreadsheet: `katalog.csv`, read back with the csv crate, holds every field
//! of every case of `katalog.json`, in the same order, and nothing else.

mod common;
use common::{GOOD_CASE, Project};
use serde_json::{Map, Value};
use std::collections::BTreeSet;

/// What separates a list's items in a cell (README: "lists joined with `; `").
const SEP: &str = "; ";

/// A text cell as the README says it is written: a formula-looking start gets a `'`.
fn text(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// A plain JSON value as a cell: numbers as digits, strings as text, null empty.
fn scalar(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => text(s),
        other => panic!("not a plain value: {other}"),
    }
}

fn raw(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The budget cell: `PERIOD (SUM): ITEM NOK, ITEM NOK; …` (README).
fn budget_text(periods: &[Value]) -> String {
    let all: Vec<String> = periods
        .iter()
        .map(|p| {
            let items: Vec<String> = p["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| format!("{} {}", raw(&i["item"]), raw(&i["nok"])))
                .collect();
            format!(
                "{} ({}): {}",
                raw(&p["period"]),
                raw(&p["sum_nok"]),
                items.join(", ")
            )
        })
        .collect();
    text(&all.join(SEP))
}

/// The cells a case of `katalog.json` must have in `katalog.csv`, by column, flattened as the
/// README says: nested objects as `OBJECT_FIELD`, lists joined with `; `, a list of objects as
/// one column per field, the budget as text and its total.
fn expected_cells(case: &Map<String, Value>, header: &[String]) -> Vec<(String, String)> {
    let mut cells = Vec::new();
    for (key, value) in case {
        match value {
            Value::Null => {
                let cols: Vec<&String> = header
                    .iter()
                    .filter(|c| *c == key || c.starts_with(&format!("{key}_")))
                    .collect();
                assert!(!cols.is_empty(), "no column for {key}");
                cells.extend(cols.into_iter().map(|c| (c.clone(), String::new())));
            }
            Value::Object(fields) if key == "budget" => {
                let periods = fields["periods"].as_array().unwrap();
                cells.push((key.clone(), budget_text(periods)));
                cells.push(("budget_total_nok".into(), scalar(&fields["total_nok"])));
                assert_eq!(fields.len(), 2, "budget has new fields: {fields:?}");
            }
            Value::Object(fields) => {
                for (field, v) in fields {
                    cells.push((format!("{key}_{field}"), scalar(v)));
                }
            }
            Value::Array(items) if items.iter().any(Value::is_object) || key == "links" => {
                let fields: BTreeSet<String> = header
                    .iter()
                    .filter_map(|c| c.strip_prefix(&format!("{key}_")))
                    .map(str::to_string)
                    .collect();
                for item in items {
                    let keys: BTreeSet<String> =
                        item.as_object().unwrap().keys().cloned().collect();
                    assert_eq!(keys, fields, "{key}: every field has a column");
                }
                for field in fields {
                    let joined: Vec<String> = items.iter().map(|i| raw(&i[&field])).collect();
                    cells.push((format!("{key}_{field}"), text(&joined.join(SEP))));
                }
            }
            Value::Array(items) => {
                let joined: Vec<String> = items.iter().map(raw).collect();
                cells.push((key.clone(), text(&joined.join(SEP))));
            }
            v => cells.push((key.clone(), scalar(v))),
        }
    }
    cells
}

/// Builds `p`, reads `katalog.csv` back with the csv crate and checks it against `katalog.json`.
/// Returns the CSV's rows by column name, for more checks.
fn round_trip(p: &Project) -> Vec<Vec<(String, String)>> {
    let (code, _, stderr) = p.katalog(&["build"]);
    assert_eq!(code, 0, "{stderr}");
    let data: Value = serde_json::from_str(&p.read("katalog.json")).unwrap();
    let cases = data["cases"].as_array().unwrap();
    let bytes = std::fs::read(p.output().join("katalog.csv")).unwrap();
    assert!(
        bytes.starts_with("\u{feff}slug,".as_bytes()),
        "UTF-8 byte-order mark, then the header"
    );
    let mut reader = csv::ReaderBuilder::new().from_reader(&bytes[3..]);
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), cases.len(), "one row per case");
    let mut named_rows = Vec::new();
    for (row, case) in rows.iter().zip(cases) {
        let case = case.as_object().unwrap();
        let slug = case["slug"].as_str().unwrap();
        let named: Vec<(String, String)> = header
            .iter()
            .cloned()
            .zip(row.iter().map(str::to_string))
            .collect();
        let expected = expected_cells(case, &header);
        let mut covered = BTreeSet::new();
        for (column, want) in &expected {
            let got = named.iter().find(|(c, _)| c == column);
            assert_eq!(
                got.map(|(_, v)| v.as_str()),
                Some(want.as_str()),
                "{slug}: column {column}"
            );
            covered.insert(column.clone());
        }
        let all: BTreeSet<String> = header.iter().cloned().collect();
        assert_eq!(
            covered, all,
            "{slug}: the CSV has no column katalog.json lacks"
        );
        named_rows.push(named);
    }
    // RFC 4180: every record ends in CRLF (no field of these cases holds a line break).
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.ends_with("\r\n"));
    assert!(!text.replace("\r\n", "").contains('\n'));
    named_rows
}

#[test]
fn katalog_csv_round_trips_every_field_of_every_bundled_case() {
    let p = Project::bundled("csv-bundled");
    // A case with every optional field (budget, contact, period, image), beside the bundled ones.
    let full = GOOD_CASE.replace(
        "language: nn",
        "image: { src: media/bilete.png, alt: \"Grendemøte; kveld\" }\nlanguage: nn",
    );
    p.write("content/eksempler/fullt-utfylt.md", &full);
    p.write("content/media/bilete.png", "png");
    let rows = round_trip(&p);
    assert!(rows.len() >= 8);
    let full = rows
        .iter()
        .find(|r| r[0].1 == "fullt-utfylt")
        .expect("the full case is a row");
    let cell = |name: &str| &full.iter().find(|(c, _)| c == name).unwrap().1;
    assert_eq!(cell("title"), "Suldal: grendeutval");
    assert_eq!(cell("centroid_lat"), "59.51859");
    assert_eq!(
        cell("budget"),
        "Hausten 2022 (200000): Møte i grendene 80000, Digital dialog 120000; Våren 2023 (150000): Evaluering 150000"
    );
    assert_eq!(cell("budget_total_nok"), "350000");
    assert_eq!(cell("links_url"), "https://www.suldal.kommune.no/");
    assert_eq!(cell("image_alt"), "Grendemøte; kveld");
    // Linked beside the JSON in every page's footer.
    for (page, root) in [
        ("index.html", ""),
        ("eksempler/fullt-utfylt/index.html", "../../"),
    ] {
        let html = p.read(page);
        let json = html.find(&format!("<a href=\"{root}katalog.json\">"));
        let csv = html.find(&format!("<a href=\"{root}katalog.csv\">"));
        assert!(
            json.is_some() && csv > json,
            "{page}: the CSV is linked after the JSON"
        );
    }
}
