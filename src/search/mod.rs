//! Full-text search: the Norwegian analyzer that the tantivy index and its JavaScript twin in
//! the theme (`static/search/stemmer.js`) must share token for token (index and export to come).

pub mod analyzer;
