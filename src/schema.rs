//! `katalog schema` and the site's `schema/case.json`: the JSON Schema (draft 2020-12) of a
//! case's front matter, generated from the validator's own tables (`validate::CASE_FIELDS`) and
//! the project's vocabularies, so that editors' tools check the same keys and values katalog does.

use crate::config::{Config, LANGUAGES};
use crate::municipalities::Registry;
use crate::validate::{CASE_FIELDS, Choices, FieldSpec, Keys, Shape};
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use serde_json::{Map, Value, json};

pub const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";

/// The schema as pretty-printed JSON, ending in a newline; top-level keys in the contract's order.
pub fn case_schema(config: &Config, registry: &Registry) -> String {
    let doc = Document {
        schema: DRAFT,
        id: format!("{}{}", config.base_url, crate::paths::case_schema()),
        title: format!("Eksempel i «{}»", config.title),
        description: "Opplysningene øverst i content/eksempler/SLUG.md, mellom de to linjene med ---. \
            Laget av `katalog schema` fra de samme reglene som `katalog check` bruker. katalog sjekker \
            i tillegg at kommunenavn, kommunenummer og fylke passer sammen, at en periode ikke slutter \
            før den begynner, og at lenker og bilder i katalogen finnes.",
        kind: "object",
        properties: Ordered(
            CASE_FIELDS
                .iter()
                .map(|f| (f.name, property(f, config, registry)))
                .collect(),
        ),
        required: Keys::of(&CASE_FIELDS).required,
        additional_properties: false,
    };
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    out.push('\n');
    out
}

#[derive(Serialize)]
struct Document {
    #[serde(rename = "$schema")]
    schema: &'static str,
    #[serde(rename = "$id")]
    id: String,
    title: String,
    description: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    properties: Ordered,
    required: Vec<&'static str>,
    #[serde(rename = "additionalProperties")]
    additional_properties: bool,
}

/// A JSON object that keeps its keys in the given order (serde_json's `Map` sorts them).
struct Ordered(Vec<(&'static str, Value)>);

impl Serialize for Ordered {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

fn property(f: &FieldSpec, config: &Config, registry: &Registry) -> Value {
    let mut v = shape(&f.shape, config, registry);
    if let Value::Object(m) = &mut v {
        m.insert("description".into(), f.description.into());
    }
    v
}

fn shape(s: &Shape, config: &Config, registry: &Registry) -> Value {
    match s {
        Shape::Text {
            pattern,
            format,
            max_chars,
        } => {
            let mut m = Map::new();
            m.insert("type".into(), "string".into());
            // Not blank: katalog refuses empty text.
            m.insert("pattern".into(), pattern.unwrap_or("\\S").into());
            if let Some(f) = format {
                m.insert("format".into(), (*f).into());
            }
            if let Some(n) = max_chars {
                m.insert("maxLength".into(), (*n).into());
            }
            Value::Object(m)
        }
        Shape::Choice(c) => {
            let values: Vec<String> = match c {
                Choices::Taxonomy(key) => config
                    .taxonomies
                    .iter()
                    .filter(|t| t.key == *key)
                    .flat_map(|t| t.terms.iter().map(|term| term.slug.clone()))
                    .collect(),
                Choices::Language => LANGUAGES.iter().map(|s| s.to_string()).collect(),
                Choices::County => registry
                    .counties()
                    .into_iter()
                    .map(str::to_string)
                    .collect(),
                Choices::Municipality => {
                    let mut names: Vec<String> =
                        registry.all.iter().map(|m| m.name.to_string()).collect();
                    names.sort();
                    names.dedup();
                    names
                }
            };
            json!({ "type": "string", "enum": values })
        }
        Shape::Whole { min, max } => {
            let mut m = Map::new();
            m.insert("type".into(), "integer".into());
            m.insert("minimum".into(), (*min).into());
            if let Some(max) = max {
                m.insert("maximum".into(), (*max).into());
            }
            Value::Object(m)
        }
        Shape::Bool => json!({ "type": "boolean" }),
        Shape::List {
            item,
            min_items,
            unique,
            single_ok,
        } => {
            let item = shape(item, config, registry);
            let mut m = Map::new();
            m.insert("type".into(), "array".into());
            m.insert("items".into(), item.clone());
            if *min_items > 0 {
                m.insert("minItems".into(), (*min_items).into());
            }
            if *unique {
                m.insert("uniqueItems".into(), true.into());
            }
            if *single_ok {
                // `model_types: naerdemokrati` is read as a list of one.
                json!({ "anyOf": [Value::Object(m), item] })
            } else {
                Value::Object(m)
            }
        }
        Shape::Map(specs) => {
            let properties: Map<String, Value> = specs
                .iter()
                .map(|f| (f.name.to_string(), property(f, config, registry)))
                .collect();
            json!({
                "type": "object",
                "properties": properties,
                "required": Keys::of(specs).required,
                "additionalProperties": false,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: &str = "title: T\nbase_url: https://example.org/k/\ntaxonomies:\n  modelltype:\n    label: M\n    terms:\n      - { slug: innbyggerpanel, label: I }\n      - { slug: naerdemokrati, label: N }\n  malgruppe:\n    label: G\n    terms: []\n";

    #[test]
    fn follows_the_validator_tables_and_the_vocabularies() {
        let config = crate::config::parse("content/katalog.yaml", CONFIG).unwrap();
        let text = case_schema(&config, crate::municipalities::registry());
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["$schema"], DRAFT);
        assert_eq!(v["$id"], "https://example.org/k/schema/case.json");
        assert_eq!(v["additionalProperties"], false);
        // The properties are in the table's order (the order of the contract).
        let names: Vec<&str> = CASE_FIELDS.iter().map(|f| f.name).collect();
        let order: Vec<usize> = names
            .iter()
            .map(|n| text.find(&format!("\"{n}\": {{")).unwrap())
            .collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
        let p = &v["properties"];
        assert_eq!(p["municipality_number"]["pattern"], "^[0-9]{4}$");
        assert_eq!(p["summary"]["maxLength"], 400);
        assert_eq!(
            p["model_types"]["anyOf"][0]["items"]["enum"],
            json!(["innbyggerpanel", "naerdemokrati"])
        );
        assert_eq!(p["model_types"]["anyOf"][0]["minItems"], 1);
        assert_eq!(p["sdgs"]["items"]["maximum"], 17);
        assert_eq!(p["image"]["required"], json!(["src", "alt"]));
        assert_eq!(
            p["period"]["properties"]["start"]["pattern"],
            "^[0-9]{4}-(0[1-9]|1[0-2])$"
        );
        assert_eq!(p["municipality"]["enum"].as_array().unwrap().len(), 355);
        // Only keywords that mean the same in draft-07, which VS Code's YAML extension implements.
        for newer in [
            "$defs",
            "prefixItems",
            "unevaluated",
            "dependent",
            "$dynamic",
            "$anchor",
        ] {
            assert!(!text.contains(newer), "{newer}");
        }
        assert_eq!(
            v["required"],
            json!([
                "title",
                "municipality",
                "municipality_number",
                "population",
                "model_types",
                "summary"
            ])
        );
    }
}
