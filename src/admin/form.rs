//! The editors' form of a case: Decap CMS fields made from the contract's table
//! (`CASE_FIELDS`) and the vocabularies in katalog.yaml, so that the form asks for exactly the
//! keys and values `katalog check` accepts and never drifts from it.

use crate::config::{Config, LANGUAGES};
use crate::municipalities::Registry;
use crate::validate::{
    CASE_FIELDS, Choices, DATE_PATTERN, EMAIL_PATTERN, FieldSpec, LINK_URL_PATTERN, MEDIA_PATTERN,
    MONTH_PATTERN, MUNICIPALITY_NUMBER_PATTERN, Shape,
};
use serde_json::{Map, Value, json};

/// The fields of a case, in the contract's order, then the body.
pub fn case_fields(config: &Config, registry: &Registry) -> Vec<Value> {
    let mut fields: Vec<Value> = CASE_FIELDS
        .iter()
        .map(|f| field(f, "", config, registry))
        .collect();
    let nynorsk = config.language == "nn";
    fields.push(json!({
        "name": "body",
        "label": "Tekst",
        "widget": "markdown",
        // Raw Markdown only: what is saved is what the editor sees, comments and all (the rich
        // text editor rewrites the Markdown and shows the comments as text).
        "modes": ["raw"],
        "default": crate::new::sections(nynorsk),
        "hint": BODY_HINT,
    }));
    fields
}

const BODY_HINT: &str = "Skriv under mellomtitlene (## Mellomtittel), og slett dem du ikke har noe å skrive under. \
    Tekst mellom <!-- og --> vises ikke på nettstedet. Bare det kildene sier, med kildene som lenker \
    under «Kilder og usikkerhet»; se redaktørveiledningen (content/README.md).";

/// The label an editor sees for the key at `path` (`budget.items.nok`).
fn label(path: &str) -> &'static str {
    match path {
        "title" => "Tittel",
        "municipality" => "Kommunenavn",
        "municipality_number" => "Kommune",
        "county" => "Fylke",
        "population" => "Innbyggertall",
        "model_types" => "Modelltyper",
        "target_groups" => "Målgrupper",
        "summary" => "Sammendrag",
        "period" => "Prosjektperiode",
        "period.start" => "Første måned",
        "period.end" => "Siste måned",
        "grant_nok" => "Tilskudd (kroner)",
        "budget" => "Budsjett",
        "budget.period" => "Periode",
        "budget.items" => "Poster",
        "budget.items.item" => "Post",
        "budget.items.nok" => "Beløp (kroner)",
        "sdgs" => "Bærekraftsmål",
        "contact" => "Kontaktperson",
        "contact.name" => "Navn",
        "contact.role" => "Rolle",
        "contact.email" => "E-post",
        "links" => "Lenker",
        "links.title" => "Lenketekst",
        "links.url" => "Adresse",
        "image" => "Bilde",
        "image.src" => "Bildefil",
        "image.alt" => "Alternativ tekst",
        "language" => "Språk",
        "date" => "Publiseringsdato",
        "updated" => "Sist endret",
        "draft" => "Utkast",
        _ => "",
    }
}

/// What the form says when a value does not match a pattern of the contract.
fn pattern_message(pattern: &str) -> &'static str {
    match pattern {
        MONTH_PATTERN => "Skriv måneden som ÅÅÅÅ-MM, for eksempel 2022-06.",
        DATE_PATTERN => "Skriv datoen som ÅÅÅÅ-MM-DD.",
        LINK_URL_PATTERN => {
            "Skriv en adresse som begynner med https://, eller en side i katalogen som /eksempler/SLUG/."
        }
        MEDIA_PATTERN => "Velg en fil i content/media/: media/FILNAVN.",
        EMAIL_PATTERN => "Skriv en e-postadresse, for eksempel postmottak@kommune.no.",
        _ => "Se forklaringen under feltet.",
    }
}

fn field(f: &FieldSpec, parent: &str, config: &Config, registry: &Registry) -> Value {
    let path = crate::check::join(parent, f.name);
    let mut m = Map::new();
    m.insert("name".into(), f.name.into());
    let label = match label(&path) {
        "" => f.name,
        l => l,
    };
    m.insert("label".into(), label.into());
    m.insert("hint".into(), f.description.into());
    m.insert("required".into(), f.required.into());
    widget(&mut m, &f.shape, &path, config, registry);
    if path == "population" {
        // Optional in the form only: cms.js fills it in from the list when left empty.
        m.insert("required".into(), false.into());
        let hint = format!(
            "{} Står feltet tomt, skrives tallet fra kommunelisten for 2024 inn når du lagrer.",
            f.description
        );
        m.insert("hint".into(), hint.into());
    }
    Value::Object(m)
}

/// Sets the widget of `m` and its options for a value of shape `s`.
fn widget(m: &mut Map<String, Value>, s: &Shape, path: &str, config: &Config, registry: &Registry) {
    let required = m.get("required") == Some(&Value::Bool(true));
    let mut set = |pairs: Value| {
        if let Value::Object(p) = pairs {
            m.extend(p);
        }
    };
    match s {
        // The name and the county follow from the number (cms.js fills them in on save).
        Shape::Choice(Choices::Municipality | Choices::County) => {
            set(json!({ "widget": "hidden", "required": false }))
        }
        Shape::Text {
            pattern: Some(MUNICIPALITY_NUMBER_PATTERN),
            ..
        } => {
            let mut all: Vec<_> = registry.all.iter().collect();
            all.sort_by(|a, b| a.name.cmp(b.name).then(a.number.cmp(b.number)));
            let options: Vec<Value> = all
                .iter()
                .map(|k| json!({ "label": format!("{} ({}, {})", k.name, k.number, k.county), "value": k.number }))
                .collect();
            set(json!({
                "widget": "select",
                "options": options,
                "hint": "Velg kommunen fra listen over de 357 kommunene i 2024. Kommunenavnet og kommunenummeret skrives inn fra listen når du lagrer; fylket finner katalog selv.",
            }))
        }
        Shape::Text {
            format: Some("date"),
            ..
        } => set(json!({
            "widget": "datetime",
            "format": "YYYY-MM-DD",
            "date_format": "YYYY-MM-DD",
            "time_format": false,
            "picker_utc": true,
            "default": "",
        })),
        Shape::Text {
            pattern, max_chars, ..
        } => {
            let widget = if max_chars.is_some() {
                "text"
            } else {
                "string"
            };
            set(json!({ "widget": widget }));
            let limit = max_chars
                .map(|n| json!([format!("^[\\s\\S]{{0,{n}}}$"), format!("Høyst {n} tegn.")]));
            let rule = pattern.map(|p| json!([p, pattern_message(p)]));
            if let Some(rule) = rule.or(limit) {
                set(json!({ "pattern": rule }));
            }
        }
        Shape::Choice(c) => set(json!({ "widget": "select", "options": options(c, config) })),
        Shape::Whole { min, max } => {
            set(json!({ "widget": "number", "value_type": "int", "min": min }));
            if let Some(max) = max {
                set(json!({ "max": max }));
            }
        }
        Shape::Bool => set(json!({ "widget": "boolean", "default": path == "draft" })),
        Shape::List {
            item: Shape::Choice(c),
            min_items,
            ..
        } => {
            set(json!({ "widget": "select", "multiple": true, "options": options(c, config) }));
            if *min_items > 0 {
                set(json!({ "min": min_items }));
            }
        }
        Shape::List {
            item: Shape::Map(specs),
            ..
        } => set(json!({
            "widget": "list",
            "collapsed": false,
            "fields": specs.iter().map(|f| field(f, path, config, registry)).collect::<Vec<_>>(),
        })),
        Shape::List { item, .. } => {
            let mut inner = Map::new();
            inner.insert("name".into(), "value".into());
            inner.insert("label".into(), label(path).into());
            widget(&mut inner, item, path, config, registry);
            set(json!({ "widget": "list", "field": Value::Object(inner) }))
        }
        Shape::Map(specs) => {
            let mut fields: Vec<Value> = specs
                .iter()
                .map(|f| field(f, path, config, registry))
                .collect();
            // Decap asks for the required keys of an optional mapping even when it is left
            // empty; katalog check says what is missing once a part of it is filled in.
            if !required {
                for f in &mut fields {
                    f["required"] = false.into();
                }
            }
            set(json!({ "widget": "object", "collapsed": false, "fields": fields }))
        }
    }
}

/// The choices of a select, each with the label editors know it by.
fn options(c: &Choices, config: &Config) -> Vec<Value> {
    match c {
        Choices::Taxonomy(key) => config
            .taxonomies
            .iter()
            .filter(|t| t.key == *key)
            .flat_map(|t| &t.terms)
            .map(|t| json!({ "label": t.label, "value": t.slug }))
            .collect(),
        Choices::Language => language_options(),
        // Hidden fields (see `widget`): never a select.
        Choices::County | Choices::Municipality => Vec::new(),
    }
}

/// The languages a case or page may be written in, by their names.
fn language_options() -> Vec<Value> {
    let name = |code: &str| match code {
        "nb" => "Bokmål",
        "nn" => "Nynorsk",
        _ => "English",
    };
    LANGUAGES
        .iter()
        .map(|l| json!({ "label": name(l), "value": l }))
        .collect()
}

/// The fields of a plain page and of the front page text (`content/_index.md`), as
/// `validate::page` reads them.
pub fn page_fields() -> Value {
    json!([
        { "name": "title", "label": "Tittel", "widget": "string", "required": true,
          "hint": "Sidens tittel, som står øverst på siden og i nettleserfanen." },
        { "name": "description", "label": "Beskrivelse", "widget": "text", "required": false,
          "hint": "En kort beskrivelse av siden for søkemotorer. Ren tekst." },
        { "name": "language", "label": "Språk", "widget": "select", "required": false,
          "options": language_options(),
          "hint": "Språket siden er skrevet på. Uten denne gjelder språket i katalog.yaml." },
        { "name": "draft", "label": "Utkast", "widget": "boolean", "required": false, "default": false,
          "hint": "På: siden er et utkast og kommer ikke med på nettstedet." },
        { "name": "body", "label": "Tekst", "widget": "markdown", "modes": ["raw"],
          "hint": "Teksten på siden, i Markdown; se redaktørveiledningen (content/README.md)." },
    ])
}
