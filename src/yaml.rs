//! YAML parsed into a tree that remembers where every key and value stands, so that
//! validation can report all problems of a file with their exact line and column.

use crate::diagnostics::Pos;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Location, Spanned};
use std::fmt;

/// A YAML value with its position; maps keep their keys' positions and source order.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Key, Node)>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub pos: Pos,
    pub value: Value,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Key {
    pub pos: Pos,
    pub name: String,
}

impl Value {
    /// How editors call this kind of value in error messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "nothing",
            Value::Bool(_) => "true/false",
            Value::Int(_) => "a whole number",
            Value::Float(_) => "a decimal number",
            Value::Str(_) => "text",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping of keys",
        }
    }
}

#[cfg(test)]
impl Node {
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|(k, _)| k.name == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

/// Limits that keep hostile YAML (alias bombs, deep nesting) from eating time or memory.
// The contract nests five levels deep (budget > period > items > item); 16 leaves room and keeps
// the recursive tree-building far from any thread's stack limit.
const MAX_DEPTH: usize = 16;
const MAX_NODES: usize = 100_000;
const MAX_ALIASES: usize = 1_000;

/// Parses `text`; `line_offset` is the number of lines before it in its file.
/// On a syntax error, returns the error's position and message.
pub fn parse(text: &str, line_offset: u32) -> Result<Node, (Pos, String)> {
    let mut options = serde_saphyr::Options::default();
    options.with_snippet = false;
    // YAML 1.1 reads `no` (Norway, Norwegian) and `yes` as booleans; editors mean text.
    options.strict_booleans = true;
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = MAX_DEPTH;
    budget.max_nodes = MAX_NODES;
    budget.max_aliases = MAX_ALIASES;
    options.budget = Some(budget);
    let lines: Vec<&str> = text.lines().collect();
    match serde_saphyr::from_str_with_options::<Option<Spanned<Value>>>(text, options) {
        Ok(Some(node)) => Ok(finish(to_node(node), &lines, line_offset)),
        Ok(None) => Ok(Node {
            pos: Pos::new(line_offset + 1, 1),
            value: Value::Map(Vec::new()),
        }),
        Err(e) => {
            let pos = e.location().map(|l| pos_of(&l)).unwrap_or(Pos::new(1, 1));
            let (pos, message) = explain(&lines, pos, &parser_words(&e));
            Err((Pos::new(pos.line + line_offset, pos.col), message))
        }
    }
}

/// The parser's own message, without its position (ours is relative to the file) and without
/// advice meant for programmers.
fn parser_words(e: &serde_saphyr::Error) -> String {
    let message = e.without_snippet().to_string();
    let message = message.lines().next().unwrap_or("invalid YAML");
    // serde-saphyr prefixes "error: line L column C: ".
    let message = match message
        .split_once(": ")
        .filter(|(p, _)| p.starts_with("error"))
    {
        Some((_, rest)) => rest
            .split_once(": ")
            .filter(|(p, _)| p.starts_with("line "))
            .map_or(rest, |(_, r)| r),
        None => message,
    };
    let message = message
        .rfind(" at line ")
        .map_or(message, |i| &message[..i]);
    message
        .split(", set DuplicateKeyPolicy")
        .next()
        .unwrap_or(message)
        .to_string()
}

/// A syntax error in an editor's words: what is wrong, at the character at fault, and the
/// likely fix, with the parser's words kept after it for the curious.
fn explain(lines: &[&str], pos: Pos, parser: &str) -> (Pos, String) {
    if let Some(key) = parser.strip_prefix("duplicate mapping key: ") {
        return (
            pos,
            format!("the key \"{key}\" is written twice; keep one of them"),
        );
    }
    if parser.contains("budget breached") {
        return (
            pos,
            format!(
                "the YAML is nested too deeply or repeats anchors too often (limits: {MAX_DEPTH} levels, {MAX_ALIASES} aliases, {MAX_NODES} values); write the values out plainly ({parser})"
            ),
        );
    }
    // A tab in a line's indentation is never valid YAML, whatever the parser then says about
    // the lines around it; it is the fault an editor can see.
    let upto = (pos.line as usize + 1).min(lines.len());
    if let Some((line, col)) = lines[..upto].iter().enumerate().find_map(|(i, l)| {
        let indent = l.len() - l.trim_start_matches([' ', '\t']).len();
        l[..indent].find('\t').map(|c| (i, c))
    }) {
        return (
            Pos::new(line as u32 + 1, col as u32 + 1),
            format!(
                "a tab indents this line, and YAML allows only spaces: replace the tab with two spaces (YAML: {parser})"
            ),
        );
    }
    let line = lines.get(pos.line as usize - 1).copied().unwrap_or("");
    let hint = if parser.contains("mapping values are not allowed") {
        match line.split_once(": ") {
            Some((key, value)) => format!(
                "a colon followed by a space starts a new key, so text with one must be quoted: put the text in quotes: {key}: \"{}\"",
                value.trim().replace('"', "\\\"")
            ),
            None => "a colon followed by a space starts a new key: put the text in quotes".into(),
        }
    } else if parser.contains("unclosed quote") {
        "a quote mark opens text here that is never closed: end the text with the same quote mark, on the same line".into()
    } else if parser.contains("flow sequence")
        || parser.contains("flow mapping")
        || parser.contains("':' indicator")
    {
        "a [ or { is not closed, or a comma is missing: close the list with ] and the mapping with }, on the same line".into()
    } else if parser.contains("did not find expected key") || parser.contains("block") {
        "the indentation does not match the lines above: indent with spaces only, by the same amount as the key's neighbours".into()
    } else {
        "the front matter is not valid YAML here: check the indentation (spaces only), the colons and the quote marks".into()
    };
    (pos, format!("{hint} (YAML: {parser})"))
}

fn pos_of(l: &Location) -> Pos {
    Pos::new(l.line().max(1) as u32, l.column().max(1) as u32)
}

fn to_node(s: Spanned<Value>) -> Node {
    Node {
        pos: pos_of(&s.referenced),
        value: s.value,
    }
}

/// Shifts positions by the lines before the front matter, and keeps numbers written with dots
/// between groups of three digits (`80.000`, Norwegian for eighty thousand) as the text they
/// are, so that a message can show them as written rather than as the decimal 80.0.
fn finish(mut node: Node, lines: &[&str], by: u32) -> Node {
    if let Value::Float(_) = node.value
        && let Some(written) = lexeme(lines, node.pos)
        && thousands_with_dots(&written)
    {
        node.value = Value::Str(written);
    }
    node.pos.line += by;
    node.value = match node.value {
        Value::Seq(items) => Value::Seq(items.into_iter().map(|n| finish(n, lines, by)).collect()),
        Value::Map(entries) => Value::Map(
            entries
                .into_iter()
                .map(|(mut k, v)| {
                    k.pos.line += by;
                    (k, finish(v, lines, by))
                })
                .collect(),
        ),
        other => other,
    };
    node
}

/// The plain scalar that starts at `pos`, as written.
fn lexeme(lines: &[&str], pos: Pos) -> Option<String> {
    let line = lines.get((pos.line as usize).checked_sub(1)?)?;
    let rest = line.chars().skip(pos.col as usize - 1);
    Some(
        rest.take_while(|c| !matches!(c, ',' | ']' | '}' | ' ' | '#'))
            .collect(),
    )
}

fn thousands_with_dots(s: &str) -> bool {
    let mut groups = s.split('.');
    let first = groups.next().unwrap_or("");
    let digits = |g: &str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
    digits(first)
        && first.len() <= 3
        && s.contains('.')
        && groups.all(|g| g.len() == 3 && digits(g))
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Value::deserialize(d)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        i64::try_from(v)
            .map(Value::Int)
            .map_err(|_| E::custom("number too large"))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Str(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Value>>()? {
            items.push(to_node(item));
        }
        Ok(Value::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<KeyName>>()? {
            let value = map.next_value::<Spanned<Value>>()?;
            entries.push((
                Key {
                    pos: pos_of(&key.referenced),
                    name: key.value.0,
                },
                to_node(value),
            ));
        }
        Ok(Value::Map(entries))
    }
}

/// A mapping key: any scalar, read as text (`1134:` is the key "1134").
struct KeyName(String);

impl<'de> Deserialize<'de> for KeyName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Value::deserialize(d)? {
            Value::Str(s) => Ok(KeyName(s)),
            Value::Int(i) => Ok(KeyName(i.to_string())),
            Value::Bool(b) => Ok(KeyName(b.to_string())),
            Value::Float(f) => Ok(KeyName(f.to_string())),
            Value::Null => Ok(KeyName("null".into())),
            _ => Err(de::Error::custom("a key must be a plain word")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_positions_of_keys_and_values() {
        let n = parse(
            "title: Hei\nmodel_types: [a, b]\nperiod: { start: 2022-01 }\n",
            1,
        )
        .unwrap();
        let Value::Map(entries) = &n.value else {
            panic!("not a map")
        };
        assert_eq!(entries[1].0.pos, Pos::new(3, 1));
        assert_eq!(n.get("title").unwrap().pos, Pos::new(2, 8));
        let Value::Seq(items) = &n.get("model_types").unwrap().value else {
            panic!()
        };
        assert_eq!(items[1].pos, Pos::new(3, 18));
        assert_eq!(items[1].value, Value::Str("b".into()));
        let start = n.get("period").unwrap().get("start").unwrap();
        assert_eq!(start.value, Value::Str("2022-01".into()));
    }

    #[test]
    fn quoted_numbers_stay_text() {
        let n = parse("a: \"0301\"\nb: 0301\nc: 3800\n", 0).unwrap();
        assert_eq!(n.get("a").unwrap().value, Value::Str("0301".into()));
        assert_eq!(n.get("c").unwrap().value, Value::Int(3800));
    }

    #[test]
    fn no_is_text_not_false() {
        let n = parse("language: no\nok: yes\ndraft: false\n", 0).unwrap();
        assert_eq!(n.get("language").unwrap().value, Value::Str("no".into()));
        assert_eq!(n.get("ok").unwrap().value, Value::Str("yes".into()));
        assert_eq!(n.get("draft").unwrap().value, Value::Bool(false));
    }

    #[test]
    fn numbers_with_dots_between_thousands_stay_as_written() {
        let n = parse("a: 80.000\nb: 1.5\nc: [1.250.000]\n", 0).unwrap();
        assert_eq!(n.get("a").unwrap().value, Value::Str("80.000".into()));
        assert_eq!(n.get("b").unwrap().value, Value::Float(1.5));
        let Value::Seq(c) = &n.get("c").unwrap().value else {
            panic!()
        };
        assert_eq!(c[0].value, Value::Str("1.250.000".into()));
    }

    #[test]
    fn syntax_error_has_a_line() {
        let (pos, msg) = parse("a: [1, 2\nb: c\n", 1).unwrap_err();
        assert!(pos.line >= 2, "{pos:?} {msg}");
    }

    #[test]
    fn deep_nesting_is_refused_without_exhausting_the_stack() {
        for open in ["[", "{a: "] {
            let close = if open == "[" { "]" } else { "}" };
            let deep = format!("title: {}x{}\n", open.repeat(200), close.repeat(200));
            let (_, msg) = parse(&deep, 0).unwrap_err();
            assert!(msg.starts_with("the YAML is nested too deeply"), "{msg}");
        }
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut y = String::from("a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n");
        for i in 0..9 {
            let prev = (b'a' + i) as char;
            let next = (b'a' + i + 1) as char;
            y.push_str(&format!("{next}: &{next} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
        }
        assert!(parse(&y, 0).is_err());
    }
}
