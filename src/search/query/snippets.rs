//! Rule 6 of the query language: the snippet of a result, its excerpt's best window with the
//! matched words marked.

use super::words::{Token, tokens};
use super::{Hit, SNIPPET_CONTEXT, SNIPPET_TOKENS};
use crate::search::snapshot;
use serde::Serialize;
use std::collections::BTreeSet;

/// A piece of a snippet.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct Piece {
    pub text: String,
    #[serde(rename = "match")]
    pub matched: bool,
}

/// A document's stored fields with its excerpt analysed, once for all the snippets made of it.
pub struct Analysed {
    pub doc: snapshot::DocInfo,
    tokens: Vec<Token>,
}

impl Analysed {
    pub fn new(doc: snapshot::DocInfo) -> Analysed {
        let tokens = tokens(&doc.excerpt);
        Analysed { doc, tokens }
    }

    /// The document as a result: its fields, `score`, its snippet for the marked terms.
    pub(super) fn hit(&self, score: f64, marked: &BTreeSet<&str>) -> Hit {
        let doc = &self.doc;
        Hit {
            slug: doc.slug.clone(),
            url: doc.url.clone(),
            title: doc.title.clone(),
            score,
            snippet: snippet_of(&doc.excerpt, &self.tokens, marked),
        }
    }
}

/// The snippet of `text`, analysed into `tokens`, for the marked terms (rule 6).
fn snippet_of(text: &str, tokens: &[Token], marked: &BTreeSet<&str>) -> Vec<Piece> {
    if tokens.is_empty() {
        return Vec::new();
    }
    let is_marked: Vec<bool> = tokens
        .iter()
        .map(|t| marked.contains(t.term.as_str()))
        .collect();
    let len = tokens.len();
    let mut start = 0;
    let mut best: Option<(usize, usize)> = None;
    let mut last_start = None;
    for m in (0..len).filter(|&i| is_marked[i]) {
        let s = m.saturating_sub(SNIPPET_CONTEXT);
        if last_start == Some(s) {
            continue;
        }
        last_start = Some(s);
        let end = (s + SNIPPET_TOKENS).min(len);
        let mut distinct: BTreeSet<&str> = BTreeSet::new();
        let mut count = 0;
        for i in s..end {
            if is_marked[i] {
                distinct.insert(&tokens[i].term);
                count += 1;
            }
        }
        let key = (distinct.len(), count);
        if best.is_none_or(|b| key > b) {
            best = Some(key);
            start = s;
        }
    }
    let end = (start + SNIPPET_TOKENS).min(len);
    let mut pieces: Vec<Piece> = Vec::new();
    let mut push = |text: &str, matched: bool| {
        if text.is_empty() {
            return;
        }
        match pieces.last_mut() {
            Some(last) if !matched && !last.matched => last.text.push_str(text),
            _ => pieces.push(Piece {
                text: text.to_string(),
                matched,
            }),
        }
    };
    let mut cursor = if start == 0 { 0 } else { tokens[start].from };
    if start > 0 {
        push("… ", false);
    }
    for i in start..end {
        if is_marked[i] {
            push(&text[cursor..tokens[i].from], false);
            push(&text[tokens[i].from..tokens[i].to], true);
            cursor = tokens[i].to;
        }
    }
    let stop = if end == len {
        text.len()
    } else {
        tokens[end - 1].to
    };
    push(&text[cursor..stop], false);
    if end < len {
        push(" …", false);
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_marks_and_cuts() {
        let text = (0..100)
            .map(|i| format!("ord{i}"))
            .collect::<Vec<_>>()
            .join(" ");
        let marked: BTreeSet<&str> = ["ord50", "ord52"].into_iter().collect();
        let s = snippet_of(&text, &tokens(&text), &marked);
        assert_eq!(s[0].text, "… ord46 ord47 ord48 ord49 ");
        assert_eq!(
            s[1],
            Piece {
                text: "ord50".into(),
                matched: true
            }
        );
        assert!(s.last().unwrap().text.ends_with("ord75 …"));
        let none = snippet_of("Kort tekst.", &tokens("Kort tekst."), &BTreeSet::new());
        assert_eq!(
            none,
            [Piece {
                text: "Kort tekst.".into(),
                matched: false
            }]
        );
    }
}
