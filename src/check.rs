//! Typed reading of a YAML tree that records a diagnostic for every problem instead of
//! stopping at the first: unknown keys, wrong types, missing keys, bad formats.

use crate::diagnostics::{Diagnostic, Pos, did_you_mean, suggest, with_suggestion};
use crate::markdown::slugify;
use crate::yaml::{Node, Value};

/// The keys as an editor would write them in Norwegian (bokmål and nynorsk), with the key meant.
const NORWEGIAN_KEYS: &[(&str, &str)] = &[
    ("tittel", "title"),
    ("kommune", "municipality"),
    ("kommunenavn", "municipality"),
    ("kommunenummer", "municipality_number"),
    ("kommunenr", "municipality_number"),
    ("fylke", "county"),
    ("innbyggere", "population"),
    ("innbyggertall", "population"),
    ("innbyggjarar", "population"),
    ("folketal", "population"),
    ("folketall", "population"),
    ("modelltype", "model_types"),
    ("modelltyper", "model_types"),
    ("modelltypar", "model_types"),
    ("målgruppe", "target_groups"),
    ("målgrupper", "target_groups"),
    ("sammendrag", "summary"),
    ("samandrag", "summary"),
    ("periode", "period"),
    ("tilskudd", "grant_nok"),
    ("tilskot", "grant_nok"),
    ("budsjett", "budget"),
    ("bærekraftsmål", "sdgs"),
    ("berekraftsmål", "sdgs"),
    ("kontakt", "contact"),
    ("kontaktperson", "contact"),
    ("lenker", "links"),
    ("lenkjer", "links"),
    ("bilde", "image"),
    ("bilete", "image"),
    ("språk", "language"),
    ("mål", "language"),
    ("dato", "date"),
    ("oppdatert", "updated"),
    ("utkast", "draft"),
    ("start", "start"),
    ("slutt", "end"),
    ("post", "item"),
    ("beløp", "nok"),
    ("kroner", "nok"),
    ("navn", "name"),
    ("namn", "name"),
    ("rolle", "role"),
    ("epost", "email"),
    ("e-post", "email"),
    ("tekst", "alt"),
    ("adresse", "url"),
];

/// Collects the diagnostics of one file.
pub struct Checker<'a> {
    pub path: &'a str,
    pub diags: Vec<Diagnostic>,
}

impl<'a> Checker<'a> {
    pub fn new(path: &'a str) -> Self {
        Checker {
            path,
            diags: Vec::new(),
        }
    }

    /// Adds `note` to every message recorded since the first `from` ones.
    pub fn note_since(&mut self, from: usize, note: &str) {
        for d in self.diags.iter_mut().skip(from) {
            d.message.push_str(note);
        }
    }

    pub fn error(&mut self, pos: Pos, key: &str, message: impl Into<String>) {
        self.diags
            .push(Diagnostic::new(self.path, pos, key, message));
    }

    /// The entries of a mapping; reports keys not in `allowed` (with the nearest allowed one),
    /// and `required` keys that are missing, at `node`'s position.
    pub fn fields<'n>(
        &mut self,
        node: &'n Node,
        key: &str,
        allowed: &[&str],
        required: &[&str],
    ) -> Option<Fields<'n>> {
        let Value::Map(entries) = &node.value else {
            let what = if key.is_empty() {
                "the front matter"
            } else {
                key
            };
            self.error(
                node.pos,
                if key.is_empty() { "front-matter" } else { key },
                format!(
                    "{what} must be a mapping of `key: value` lines, found {}",
                    node.value.kind()
                ),
            );
            return None;
        };
        for (k, _) in entries {
            if !allowed.contains(&k.name.as_str()) {
                let full = join(key, &k.name);
                let nearest = NORWEGIAN_KEYS
                    .iter()
                    .find(|(norsk, _)| slugify(norsk) == slugify(&k.name))
                    .map(|(_, key)| *key)
                    .filter(|key| allowed.contains(key))
                    .or_else(|| did_you_mean(&k.name, allowed.iter().copied()));
                let msg = suggest(format!("unknown key \"{}\"", k.name), nearest);
                self.error(
                    k.pos,
                    &full,
                    format!("{msg} (allowed: {})", allowed.join(", ")),
                );
            }
        }
        for r in required {
            if !entries.iter().any(|(k, _)| k.name == *r) {
                self.error(
                    node.pos,
                    &join(key, r),
                    format!("missing required key \"{r}\""),
                );
            }
        }
        Some(Fields {
            entries,
            prefix: key.to_string(),
        })
    }

    pub fn string(&mut self, node: &Node, key: &str) -> Option<String> {
        match &node.value {
            Value::Str(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Value::Str(_) | Value::Null => {
                self.error(node.pos, key, "must not be empty");
                None
            }
            // Editors write `title: 2024` or `role: true` by accident; text is meant.
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) => Some(f.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            other => {
                self.error(
                    node.pos,
                    key,
                    format!("must be text, found {}", other.kind()),
                );
                None
            }
        }
    }

    pub fn whole_number(&mut self, node: &Node, key: &str, min: i64) -> Option<u64> {
        match &node.value {
            Value::Int(i) if *i >= min => Some(*i as u64),
            Value::Int(i) => {
                self.error(node.pos, key, format!("must be at least {min}, found {i}"));
                None
            }
            Value::Str(s) if as_editors_write(s).is_some() => {
                let leaf = key.rsplit('.').next().unwrap_or(key);
                let leaf = leaf.split('[').next().unwrap_or(leaf);
                self.error(
                    node.pos,
                    key,
                    format!(
                        "must be a whole number without spaces, dots or \"kr\": write {leaf}: {}",
                        as_editors_write(s).unwrap_or_default()
                    ),
                );
                None
            }
            other => {
                self.error(
                    node.pos,
                    key,
                    format!("must be a whole number, found {}", other.kind()),
                );
                None
            }
        }
    }

    pub fn boolean(&mut self, node: &Node, key: &str) -> Option<bool> {
        match &node.value {
            Value::Bool(b) => Some(*b),
            other => {
                self.error(
                    node.pos,
                    key,
                    format!("must be true or false, found {}", other.kind()),
                );
                None
            }
        }
    }

    pub fn list<'n>(&mut self, node: &'n Node, key: &str) -> &'n [Node] {
        match &node.value {
            Value::Seq(items) => items,
            Value::Null => &[],
            other => {
                self.error(
                    node.pos,
                    key,
                    format!("must be a list like [a, b], found {}", other.kind()),
                );
                &[]
            }
        }
    }

    /// A string that must be one of `choices`; suggests the nearest one.
    pub fn choice<'c>(
        &mut self,
        node: &Node,
        key: &str,
        what: &str,
        choices: &[&'c str],
    ) -> Option<&'c str> {
        let s = self.string(node, key)?;
        match choices.iter().find(|c| **c == s) {
            Some(c) => Some(c),
            None => {
                let msg = with_suggestion(
                    format!("unknown {what} \"{s}\""),
                    &s,
                    choices.iter().copied(),
                );
                self.error(
                    node.pos,
                    key,
                    format!("{msg} (valid: {})", choices.join(", ")),
                );
                None
            }
        }
    }

    /// `YYYY-MM-DD`.
    pub fn date(&mut self, node: &Node, key: &str) -> Option<String> {
        let s = self.string(node, key)?;
        if is_date(&s) {
            Some(s)
        } else {
            self.error(
                node.pos,
                key,
                format!("\"{s}\" is not a date; write YYYY-MM-DD, e.g. 2024-02-15"),
            );
            None
        }
    }

    /// `YYYY-MM`.
    pub fn month(&mut self, node: &Node, key: &str) -> Option<String> {
        let s = self.string(node, key)?;
        if is_month(&s) {
            Some(s)
        } else {
            self.error(
                node.pos,
                key,
                format!("\"{s}\" is not a month; write YYYY-MM, e.g. 2022-01"),
            );
            None
        }
    }
}

/// The number an editor meant by `80 000 kr`, `80.000`, `80 000,-` or `"80000"`.
fn as_editors_write(s: &str) -> Option<u64> {
    let s = s.trim();
    let s = ["kroner", "kr.", "kr", ",-", ".-"]
        .iter()
        .find_map(|unit| s.strip_suffix(unit))
        .unwrap_or(s);
    let digits: String = s
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '.'))
        .collect();
    // A dot is a thousands separator only between groups of three digits.
    let dots_group = s
        .split('.')
        .skip(1)
        .all(|g| g.len() >= 3 && g.starts_with(|c: char| c.is_ascii_digit()));
    (dots_group && !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| digits.parse().ok())
        .flatten()
}

pub struct Fields<'n> {
    entries: &'n [(crate::yaml::Key, Node)],
    prefix: String,
}

impl<'n> Fields<'n> {
    pub fn get(&self, name: &str) -> Option<&'n Node> {
        self.entries
            .iter()
            .find(|(k, _)| k.name == name)
            .map(|(_, v)| v)
    }

    /// The full key path of a field, for messages: `period.start`.
    pub fn key(&self, name: &str) -> String {
        join(&self.prefix, name)
    }
}

pub fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_string()
    } else {
        format!("{prefix}.{name}")
    }
}

fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

pub fn is_month(s: &str) -> bool {
    let p: Vec<&str> = s.split('-').collect();
    p.len() == 2
        && p[0].len() == 4
        && p[1].len() == 2
        && digits(p[0])
        && matches!(p[1].parse::<u32>(), Ok(1..=12))
}

pub fn is_date(s: &str) -> bool {
    let p: Vec<&str> = s.split('-').collect();
    if p.len() != 3 || p[2].len() != 2 || !digits(p[2]) || !is_month(&s[..7.min(s.len())]) {
        return false;
    }
    let (y, m, d): (u32, u32, u32) = (
        p[0].parse().unwrap_or(0),
        p[1].parse().unwrap_or(0),
        p[2].parse().unwrap_or(0),
    );
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    (1..=days).contains(&d)
}

/// A slug: lower case a-z, 0-9 and `-`, not starting or ending with `-`.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// An e-mail address as people write them: something, `@`, a domain with a dot, no spaces.
pub fn is_email(s: &str) -> bool {
    s.split_once('@')
        .is_some_and(|(a, d)| !a.is_empty() && d.contains('.') && !s.contains(char::is_whitespace))
}

/// An absolute http(s) URL with a host.
pub fn is_http_url(s: &str) -> bool {
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"));
    match rest {
        Some(r) => {
            let host = r.split(['/', '?', '#']).next().unwrap_or("");
            !host.is_empty() && !s.chars().any(|c| c.is_whitespace() || c.is_control())
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_months() {
        assert!(is_date("2024-02-29"));
        assert!(!is_date("2023-02-29"));
        assert!(!is_date("2024-13-01"));
        assert!(!is_date("2024-1-01"));
        assert!(is_month("2022-01"));
        assert!(!is_month("2022-1"));
        assert!(!is_month("2022-00"));
    }

    #[test]
    fn slugs_and_urls() {
        assert!(is_slug("bergen-2"));
        assert!(!is_slug("Bergen"));
        assert!(!is_slug("bø"));
        assert!(is_http_url("https://example.org/x"));
        assert!(!is_http_url("javascript:alert(1)"));
        assert!(!is_http_url("https://"));
    }
}
