//! `katalog search`'s output: the answer as the documented JSON or as text for people, and the
//! command itself.

use super::{Answer, FacetCounts, FacetFilter, Suggestions, TermCount, parse_filters, search};
use crate::search::index;
use crate::search::snapshot::Snapshot;
use serde::Serialize;
use serde::ser::SerializeMap;
use std::path::Path;

impl Serialize for Answer {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(6))?;
        map.serialize_entry("query", &self.query)?;
        map.serialize_entry("filters", &Filters(&self.filters))?;
        map.serialize_entry("total", &self.total)?;
        map.serialize_entry("results", &self.results)?;
        map.serialize_entry("facets", &Facets(&self.facets))?;
        map.serialize_entry("suggestions", &self.suggestions)?;
        map.end()
    }
}

/// `{KEY: [SLUG, …]}`, in facet order.
struct Filters<'a>(&'a [FacetFilter]);

impl Serialize for Filters<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|f| (&f.key, &f.slugs)))
    }
}

/// `{KEY: {SLUG: COUNT, …}}`, facets and terms in their order.
struct Facets<'a>(&'a [FacetCounts]);

impl Serialize for Facets<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|f| (&f.key, Terms(&f.terms))))
    }
}

struct Terms<'a>(&'a [TermCount]);

impl Serialize for Terms<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|t| (&t.slug, t.count)))
    }
}

/// `katalog search`: the text to print on stdout, or what went wrong (exit 2).
pub fn run(
    root: &Path,
    query: &str,
    filters: &[String],
    limit: usize,
    json: bool,
) -> Result<String, String> {
    // An index left from before `search: false` would answer for a site that has no search.
    if let Ok(config) = crate::config::read(root)
        && !config.search
    {
        return Err(
            "this site has no search: content/katalog.yaml says `search: false`; remove that line (or write `search: true`) and run `katalog build`".to_string(),
        );
    }
    let (idx, vocab) = index::open(root)?;
    let dir = index::index_dir(root);
    let fail = |e: tantivy::TantivyError| {
        format!(
            "cannot read the search index at {}: {e}; run `katalog build --root {}` to rebuild it",
            dir.display(),
            root.display()
        )
    };
    let snap = Snapshot::new(&idx, vocab).map_err(fail)?;
    let sel = parse_filters(&snap.vocab, filters)?;
    let answer = search(&snap, query, &sel, limit).map_err(fail)?;
    if json {
        let mut text = serde_json::to_string(&answer).map_err(|e| e.to_string())?;
        text.push('\n');
        return Ok(text);
    }
    Ok(human(&answer))
}

/// The human-readable answer: numbered results with their address, score and snippet (marked
/// words in \[brackets\]), then the count, then what to try instead if nothing was found.
pub fn human(answer: &Answer) -> String {
    let mut out = String::new();
    for (i, hit) in answer.results.iter().enumerate() {
        out.push_str(&format!(
            "{:>2}. {}  {}  ({:.3})\n",
            i + 1,
            hit.title,
            hit.url,
            hit.score
        ));
        let snippet: String = hit
            .snippet
            .iter()
            .map(|p| {
                if p.matched {
                    format!("[{}]", p.text)
                } else {
                    p.text.clone()
                }
            })
            .collect();
        if !snippet.is_empty() {
            out.push_str(&format!("    {snippet}\n"));
        }
    }
    let filters: Vec<String> = answer
        .filters
        .iter()
        .map(|f| format!("{}={}", f.key, f.slugs.join(",")))
        .collect();
    out.push_str(&format!(
        "{} result{} for {:?}{}{}\n",
        answer.total,
        if answer.total == 1 { "" } else { "s" },
        answer.query,
        if filters.is_empty() {
            String::new()
        } else {
            format!(" with {}", filters.join(" "))
        },
        if answer.total > answer.results.len() {
            format!(" (showing {}; -n N for more)", answer.results.len())
        } else {
            String::new()
        }
    ));
    if let Some(s) = &answer.suggestions {
        out.push_str(&suggestions(s, &answer.filters));
    }
    out
}

/// Rule 7's suggestions as lines to type: `katalog search` arguments and why.
fn suggestions(s: &Suggestions, filters: &[FacetFilter]) -> String {
    let mut lines = Vec::new();
    let word = s.word.as_deref().unwrap_or_default();
    for n in &s.nearest {
        lines.push(format!(
            "{:?}  (the nearest word to {word:?} in the index)",
            n.query
        ));
    }
    if let Some(w) = &s.without {
        lines.push(format!(
            "{:?}  (without {:?}: {} result{})",
            w.query,
            w.removed,
            w.total,
            if w.total == 1 { "" } else { "s" }
        ));
    }
    for t in &s.terms {
        let mut with = filters
            .iter()
            .find(|f| f.key == t.key)
            .map(|f| f.slugs.clone())
            .unwrap_or_default();
        with.push(t.slug.clone());
        lines.push(format!(
            "{:?} --filter {}={}  ({})",
            t.query,
            t.key,
            with.join(","),
            t.label
        ));
    }
    if lines.is_empty() {
        return String::new();
    }
    let mut out = String::from("try instead:\n");
    for line in lines {
        out.push_str(&format!("  {line}\n"));
    }
    out
}
