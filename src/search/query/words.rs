//! Rule 1 of the query language: a query's words, analysed as the index analyses text, and the
//! stop word kept as a prefix while a word is being typed.

use super::PREFIX_MIN_CHARS;
use crate::search::analyzer;
use std::sync::LazyLock;
use tantivy::tokenizer::{SimpleTokenizer, TextAnalyzer, TokenStream, Tokenizer};

static ANALYZER: LazyLock<TextAnalyzer> = LazyLock::new(analyzer::analyzer);

/// One analysed token: its term and its byte range in the text.
pub(super) struct Token {
    pub term: String,
    pub from: usize,
    pub to: usize,
}

/// `text` analysed with the index's analyzer.
pub(super) fn tokens(text: &str) -> Vec<Token> {
    let mut analyzer = ANALYZER.clone();
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        let t = stream.token();
        out.push(Token {
            term: t.text.clone(),
            from: t.offset_from,
            to: t.offset_to,
        });
    }
    out
}

/// A word of the query.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    /// The analysed term (stem).
    pub term: String,
    /// The word as typed, lowercased like the analyzer does, not stemmed.
    pub lower: String,
    /// The last word: also matches as a prefix.
    pub prefix: bool,
    /// A stop word kept as the only word: matches as a prefix only (no own term, no typos).
    pub prefix_only: bool,
}

fn lowercase(s: &str) -> String {
    s.chars().flat_map(char::to_lowercase).collect()
}

/// The words of `query` (rule 1).
pub fn words(query: &str) -> Vec<Word> {
    let tokens = tokens(query);
    let count = tokens.len();
    if count == 0 {
        return stop_word_prefix(query).into_iter().collect();
    }
    tokens
        .into_iter()
        .enumerate()
        .map(|(i, t)| {
            let lower = lowercase(&query[t.from..t.to]);
            let prefix = i + 1 == count && lower.chars().count() >= PREFIX_MIN_CHARS;
            Word {
                term: t.term,
                lower,
                prefix,
                prefix_only: false,
            }
        })
        .collect()
}

/// A query of stop words only: its last word, if it has PREFIX_MIN_CHARS letters, as a
/// prefix-only word (`kom` on the way to `kommunestyret`).
fn stop_word_prefix(query: &str) -> Option<Word> {
    let mut tokenizer = SimpleTokenizer::default();
    let mut stream = tokenizer.token_stream(query);
    let mut last = None;
    while stream.advance() {
        last = Some(stream.token().text.clone());
    }
    // Every token was a stop word or too long (the cap counts the bytes before lowercasing).
    let raw = last.filter(|raw| raw.len() < analyzer::MAX_TOKEN_BYTES)?;
    let lower = lowercase(&raw);
    (lower.chars().count() >= PREFIX_MIN_CHARS).then(|| Word {
        term: lower.clone(),
        lower,
        prefix: true,
        prefix_only: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_like_the_analyzer_and_mark_the_last_as_prefix() {
        let w = words("Kommunestyret og e-post");
        let terms: Vec<&str> = w.iter().map(|w| w.term.as_str()).collect();
        assert_eq!(terms, ["kommunestyr", "e", "post"]);
        assert_eq!(w[0].lower, "kommunestyret");
        assert!(!w[0].prefix && !w[1].prefix && w[2].prefix);
        assert!(!words("ungdom ab")[1].prefix, "two letters are too short");
        assert!(words("og i").is_empty());
        let kom = words("og kom");
        assert_eq!(kom.len(), 1);
        assert!(kom[0].prefix_only && kom[0].prefix);
        assert_eq!(kom[0].lower, "kom");
        assert!(words("kom og").is_empty(), "og has two letters");
    }
}
