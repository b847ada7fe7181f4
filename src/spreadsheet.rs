//! `katalog.csv`: the open data of `katalog.json` as one row per case, for the spreadsheet most
//! municipal staff open first. Made from `katalog.json`'s own cases, so the two cannot disagree.
//!
//! RFC 4180 (the `csv` crate's quoting, CRLF line ends), UTF-8 with a byte-order mark (without
//! it Excel reads æ, ø, å as Windows-1252). A text cell that a spreadsheet would take for a
//! formula (first character `=`, `+`, `-`, `@`, tab or CR: OWASP's list) is prefixed with `'`,
//! so a contributor's title cannot run. Numbers (population, centroid, kroner) are written as
//! numbers and never prefixed: a number is no formula, and a prefix would make it text.

use serde_json::Value;

/// How one column is read from a case of `katalog.json`.
enum Column {
    /// The value at a JSON pointer; a list of plain values is joined with `; `.
    At(&'static str),
    /// One field of each object of the list at a JSON pointer, joined with `; `.
    Each(&'static str, &'static str),
    /// The budget as text: `PERIOD (SUM): ITEM NOK, ITEM NOK; PERIOD (SUM): …`.
    Budget,
}

/// The columns, in the order of `katalog.json`'s fields; nested objects as `OBJECT_FIELD`.
const COLUMNS: [(&str, Column); 30] = [
    ("slug", Column::At("/slug")),
    ("url", Column::At("/url")),
    ("title", Column::At("/title")),
    ("municipality", Column::At("/municipality")),
    ("municipality_number", Column::At("/municipality_number")),
    ("county", Column::At("/county")),
    ("landsdel", Column::At("/landsdel")),
    ("population", Column::At("/population")),
    ("centroid_lon", Column::At("/centroid/lon")),
    ("centroid_lat", Column::At("/centroid/lat")),
    ("size_class", Column::At("/size_class")),
    ("model_types", Column::At("/model_types")),
    ("target_groups", Column::At("/target_groups")),
    ("summary", Column::At("/summary")),
    ("period_start", Column::At("/period/start")),
    ("period_end", Column::At("/period/end")),
    ("grant_nok", Column::At("/grant_nok")),
    ("budget", Column::Budget),
    ("budget_total_nok", Column::At("/budget/total_nok")),
    ("sdgs", Column::At("/sdgs")),
    ("contact_name", Column::At("/contact/name")),
    ("contact_role", Column::At("/contact/role")),
    ("contact_email", Column::At("/contact/email")),
    ("links_title", Column::Each("/links", "title")),
    ("links_url", Column::Each("/links", "url")),
    ("image_url", Column::At("/image/url")),
    ("image_alt", Column::At("/image/alt")),
    ("language", Column::At("/language")),
    ("date", Column::At("/date")),
    ("updated", Column::At("/updated")),
];

/// What separates the items of a list in one cell.
const LIST_SEPARATOR: &str = "; ";

/// The bytes of `katalog.csv` for `open_data` (the value of `katalog.json`).
pub fn csv(open_data: &Value) -> Result<Vec<u8>, csv::Error> {
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer("\u{feff}".as_bytes().to_vec());
    out.write_record(COLUMNS.iter().map(|(name, _)| *name))?;
    let cases = open_data["cases"].as_array().map_or(&[][..], Vec::as_slice);
    for case in cases {
        out.write_record(COLUMNS.iter().map(|(_, column)| cell(case, column)))?;
    }
    out.into_inner().map_err(|e| e.into_error().into())
}

/// The text of one cell.
fn cell(case: &Value, column: &Column) -> String {
    match column {
        Column::At(pointer) => match case.pointer(pointer).unwrap_or(&Value::Null) {
            Value::Number(n) => n.to_string(),
            Value::Array(items) => inert(
                &items
                    .iter()
                    .map(plain)
                    .collect::<Vec<_>>()
                    .join(LIST_SEPARATOR),
            ),
            v => inert(&plain(v)),
        },
        Column::Each(pointer, field) => {
            let items = case.pointer(pointer).and_then(Value::as_array);
            let texts: Vec<String> = items
                .into_iter()
                .flatten()
                .map(|item| plain(&item[*field]))
                .collect();
            inert(&texts.join(LIST_SEPARATOR))
        }
        Column::Budget => {
            let periods = case.pointer("/budget/periods").and_then(Value::as_array);
            let texts: Vec<String> = periods
                .into_iter()
                .flatten()
                .map(|p| {
                    let items: Vec<String> = p["items"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(|i| format!("{} {}", plain(&i["item"]), plain(&i["nok"])))
                        .collect();
                    format!(
                        "{} ({}): {}",
                        plain(&p["period"]),
                        plain(&p["sum_nok"]),
                        items.join(", ")
                    )
                })
                .collect();
            inert(&texts.join(LIST_SEPARATOR))
        }
    }
}

/// A plain value as text: a string as it is, a number in JSON's digits, null as nothing.
fn plain(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// `text` as a spreadsheet shows it and never evaluates: `'` before a formula's first character.
fn inert(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn formula_text_is_prefixed_and_numbers_are_not() {
        for text in ["=1+1", "+47", "-x", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(inert(text), format!("'{text}"));
        }
        assert_eq!(inert("Suldal = grender"), "Suldal = grender");
        let case = json!({"title": "=HYPERLINK(\"x\")", "population": -5, "centroid": {"lon": -1.5, "lat": 60.0},
            "model_types": ["-a", "b"], "links": [{"title": "@x", "url": "https://x"}]});
        assert_eq!(cell(&case, &Column::At("/title")), "'=HYPERLINK(\"x\")");
        assert_eq!(cell(&case, &Column::At("/population")), "-5");
        assert_eq!(cell(&case, &Column::At("/centroid/lon")), "-1.5");
        assert_eq!(cell(&case, &Column::At("/model_types")), "'-a; b");
        assert_eq!(cell(&case, &Column::Each("/links", "title")), "'@x");
        assert_eq!(cell(&case, &Column::At("/period/start")), "");
    }

    #[test]
    fn starts_with_a_byte_order_mark_and_ends_rows_with_crlf() {
        let bytes = csv(&json!({"cases": [{"title": "Sær, \"øy\"\nny linje"}]})).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.starts_with("\u{feff}slug,url,title,"), "{text}");
        assert!(text.contains(",\"Sær, \"\"øy\"\"\nny linje\","), "{text}");
        assert_eq!(text.matches("\r\n").count(), 2, "{text}");
    }
}
