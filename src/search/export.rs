//! The static search bundle in `output/search/`, exported from the tantivy index so that the
//! browser client (`static/search/search.js`) answers queries exactly as `katalog search` does,
//! downloading only what a query needs.
//!
//! # Format (version [`VERSION`]; every file gzip-compressed JSON, named `….json.gz`, the same
//! bytes for the same content)
//!
//! The client inflates each file itself (`DecompressionStream`), so a host that does not
//! compress what it serves still sends the small bytes, and one that adds `Content-Encoding`
//! for `.gz` works too (the client reads gzip data by its magic bytes). The paths below leave
//! out the `.json.gz`.
//!
//! Terms are sorted in code-point order (= UTF-8 byte order, tantivy's order); a term's
//! **ordinal** is its position in that order over all text fields.
//!
//! - `search/meta`, read first:
//!   `{"format": "katalog-search-bundle", "version": 5, "docs": N, "docs_per_file": G,
//!     "k1": 1.2, "b": 0.75,
//!     "fields": [{"name", "boost", "tokens"}], "fieldnorms": [256 decoded lengths],
//!     "rules": {"prefix_min_chars", "prefix_max_terms", "fuzzy_one_min_chars",
//!               "fuzzy_two_min_chars", "fuzzy_max_terms", "snippet_tokens", "snippet_context",
//!               "compound_few", "compound_part_min_chars", "compound_links", "suggest_max"},
//!     "terms": T, "shards": [separator…], "blocks": [separator…], "lengths": [term lengths
//!     that occur…], "near": {first letter: [first length of each of its `near` files…]},
//!     "facets": [{"key", "label", "terms": [{"slug", "label"}]}],
//!     "phrases": [[stem…]…]}`.
//!   `tokens` is the field's exact token count (avgdl = tokens / N); a fieldnorm id `i` stands
//!   for the length `fieldnorms[i]` (tantivy's table). A range's separator is the shortest
//!   prefix of its first term that sorts after the previous range's last term; the range's
//!   first ordinal is in its own file (`base`). `phrases` lists the stems of the taxonomy's
//!   labels of more than one word that have a stored answer (below).
//! - `search/shards/K`: the postings of a contiguous range of terms, from `shards[K]`'s
//!   first term up to the next shard's, about [`SHARD_BYTES`] each (a term of more than a quarter
//!   of that alone):
//!   `{"base": ordinal of the first term, "terms": [[term, [[field, idf, [Δdoc, tf, fieldnorm
//!   id, …]]…]]…]}`, fields in field order. `idf` is the f64 the CLI computes; documents
//!   are delta-coded (the first from 0). Exact words need only their shard.
//! - `search/answers/ORD` and `search/answers/pI`: stored answers, each the answer to
//!   a query without filters whose last word is typed last, one page of it (P: the front
//!   page's page of results, `per_page` in katalog.yaml): `{"results": [the first P results,
//!   as `katalog search --json` gives them], "total": matching documents, "counts": [per
//!   facet, per term, matching documents]}`. `ORD` is the answer to the word whose stem is the
//!   term of that ordinal, for each term with more than P postings in a field (its prefix
//!   alternatives depend on the stem alone, so every typed form of it gets that answer); `pI`
//!   the answer to the words whose stems are `phrases[I]` (`Deltakende budsjettering`). The
//!   client answers such a query from that one file: no postings to score, no `facets`,
//!   no documents.
//! - `search/terms/K`: the terms (with their document frequency summed over the fields)
//!   of a contiguous range, from `blocks[K]`'s first term, about [`BLOCK_BYTES`] each:
//!   `{"base": ordinal, "terms": […], "df": […], "answers": [i…]}`, `answers` the indices
//!   of the terms that have a stored answer. A prefix needs the one or two blocks around it,
//!   not the whole term list.
//! - `search/near/C-L`: the terms whose first letter is the code point C (decimal) and whose
//!   length is from L up to the next length `near[C]` lists (or any above the last), in length
//!   then term order, `{"terms": […], "df": […]}`, about [`NEAR_BYTES`] each: typo tolerance
//!   (distance ≤ 2, the first letter kept) reads the few that hold the lengths within reach,
//!   where a whole length of the term list is 30–40 kB gzipped at 10,000 cases.
//! - `search/lengths/L`: every term of L characters: `{"terms": […], "ordinals": […],
//!   "df": […]}`, for the suggestions of a query that finds nothing (whose nearest terms may
//!   differ in the first letter).
//! - `search/facets`: the facet terms of every document, for the facet counts:
//!   `{"masks": [a string or null per facet], "single": {"facets": [f…], "values": [[term
//!   index or -1 per facet of "facets"]…], "codes": string}}`. A facet no document has two
//!   terms of (county, landsdel, size class) is one of `single.facets`: `values` lists the
//!   combinations of their terms that occur, and `codes` holds per document the index of its
//!   combination in `⌈log64 values⌉` base64url characters, most significant first. Any other
//!   facet has a string in `masks` holding, per document, the bit set of its term indices
//!   (bit i = term i of `facets[f].terms`) in `⌈terms / 6⌉` base64url characters, least
//!   significant six bits first (24 KB gzipped for 10,000 documents). A query that matches no
//!   more documents than it shows takes their facets from their document files instead.
//! - `search/docs/K`: the documents `K·G` to `K·G + G − 1` (G = `docs_per_file`), each
//!   `{"slug", "url", "title", "text", "facets"}`, `text` being the snippet source and
//!   `facets` its term indices per facet; fetched for the results shown, and instead of
//!   `facets` when a query matches no more documents than it shows.
//!
//! Measured on the 2,000-case benchmark corpus (32,000 terms): the whole term list would be
//! 609 KB (139 KB gzipped), too much for every keystroke; a block is 8 KB, a length file 2–90 KB.

mod answers;

use super::index::FIELDS;
use super::query;
use super::snapshot::{FieldPostings, Snapshot, fieldnorm};
use crate::render::Writer;
use answers::{Answers, Stored, phrases};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::io;

/// The bundle's folder in the site.
pub const DIR: &str = crate::paths::SEARCH_BUNDLE;
/// The format's version, checked by the client (`VERSION` in search.js).
pub const VERSION: u32 = 5;
/// The target size of a postings shard, in bytes of JSON.
pub const SHARD_BYTES: usize = 32 * 1024;
/// The target size of a block of the term list, in bytes of JSON.
pub const BLOCK_BYTES: usize = 8 * 1024;
/// Documents per file of `search/docs/`. Two: the bundle has fewer files than Pagefind's for
/// the same site, and a page of ten results reads 7 kB more than with one a file (four would
/// cost 20 kB more; measured at 10,000 cases).
pub const DOCS_PER_FILE: usize = 2;
/// A word has a stored answer when it is in at least one document of this many (and in more
/// than a page of them): at 10,000 cases 2,400 answers instead of 5,600 (6 kB each), and every
/// stored answer the benchmark's query set reads (the rarest in 509 documents).
pub const ANSWER_SHARE: usize = 50;
/// The target size of a file of `search/near/`, in bytes of JSON: the lengths of a first letter
/// are cut into files of about this size.
pub const NEAR_BYTES: usize = 4 * 1024;
/// What every file name of the bundle ends with: each is gzip-compressed JSON.
pub const SUFFIX: &str = ".json.gz";
const BASE64URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

#[derive(Serialize)]
struct Meta<'a> {
    format: &'static str,
    version: u32,
    docs: u32,
    docs_per_file: usize,
    k1: f64,
    b: f64,
    fields: Vec<FieldMeta>,
    fieldnorms: Vec<u32>,
    rules: Rules,
    terms: usize,
    shards: Vec<String>,
    blocks: Vec<String>,
    lengths: Vec<usize>,
    near: BTreeMap<String, Vec<usize>>,
    facets: &'a [super::index::VocabFacet],
    phrases: Vec<&'a Vec<String>>,
}

#[derive(Serialize)]
struct Facets {
    masks: Vec<Option<String>>,
    single: Single,
}

#[derive(Serialize)]
struct Single {
    facets: Vec<usize>,
    values: Vec<Vec<i32>>,
    codes: String,
}

#[derive(Serialize)]
struct FieldMeta {
    name: &'static str,
    boost: f64,
    tokens: u64,
}

#[derive(Serialize)]
struct Rules {
    prefix_min_chars: usize,
    prefix_max_terms: usize,
    fuzzy_one_min_chars: usize,
    fuzzy_two_min_chars: usize,
    fuzzy_max_terms: usize,
    snippet_tokens: usize,
    snippet_context: usize,
    compound_few: u64,
    compound_part_min_chars: usize,
    compound_links: [&'static str; 3],
    suggest_max: usize,
}

#[derive(Serialize)]
struct Block<'a> {
    base: usize,
    terms: Vec<&'a str>,
    df: Vec<u64>,
    answers: Vec<usize>,
}

#[derive(Serialize, Default)]
struct Length<'a> {
    terms: Vec<&'a str>,
    ordinals: Vec<usize>,
    df: Vec<u64>,
}

/// The terms of one length and first letter, for typo tolerance.
#[derive(Serialize, Default)]
struct Near<'a> {
    terms: Vec<&'a str>,
    df: Vec<u64>,
}

#[derive(Serialize)]
struct DocFile<'a> {
    slug: &'a str,
    url: &'a str,
    title: &'a str,
    text: &'a str,
    facets: &'a [Vec<u16>],
}

/// An f64 as serde_json writes it (shortest representation that reads back the same bits).
fn json_f64(x: f64) -> io::Result<String> {
    serde_json::to_string(&x).map_err(io::Error::other)
}

fn json<T: Serialize>(value: &T) -> io::Result<Vec<u8>> {
    serde_json::to_vec(value).map_err(io::Error::other)
}

/// The shortest prefix of `first` that sorts after `before` (its predecessor in the term list,
/// "" for none): it separates two ranges as well as `first` does for every term of the index
/// and for every prefix a query looks up, in fewer bytes.
fn separator(before: &str, first: &str) -> String {
    first
        .char_indices()
        .map(|(i, c)| &first[..i + c.len_utf8()])
        .find(|p| *p > before)
        .unwrap_or(first)
        .to_string()
}

/// A document's facet terms: per facet, the term indices.
pub(super) type DocFacets = [Vec<u16>; crate::site::FACET_KEYS.len()];

/// The facet table of `search/facets` for the facet terms of every document (per document,
/// per facet, the term indices).
fn facet_table(doc_facets: &[DocFacets], vocab: &[super::index::VocabFacet]) -> Facets {
    fn terms(d: &[Vec<u16>], fi: usize) -> &[u16] {
        d.get(fi).map_or(&[], |t| t.as_slice())
    }
    let single: Vec<usize> = (0..vocab.len())
        .filter(|&fi| doc_facets.iter().all(|d| terms(d, fi).len() <= 1))
        .collect();
    let masks = (0..vocab.len())
        .map(|fi| {
            if single.contains(&fi) {
                return None;
            }
            let width = vocab[fi].terms.len().div_ceil(6).max(1);
            let mut s = String::with_capacity(doc_facets.len() * width);
            for d in doc_facets {
                let mut bits = vec![0u8; width];
                for &t in terms(d, fi) {
                    if let Some(b) = bits.get_mut(usize::from(t) / 6) {
                        *b |= 1 << (t % 6);
                    }
                }
                s.extend(bits.iter().map(|&b| char::from(BASE64URL[usize::from(b)])));
            }
            Some(s)
        })
        .collect();
    // Per document, its term (or -1) of each single-valued facet.
    let combinations: Vec<Vec<i32>> = doc_facets
        .iter()
        .map(|d| {
            single
                .iter()
                .map(|&fi| terms(d, fi).first().map_or(-1, |&t| i32::from(t)))
                .collect()
        })
        .collect();
    let values: Vec<&Vec<i32>> = combinations
        .iter()
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut width = 1;
    while 64usize.pow(width) < values.len() {
        width += 1;
    }
    let mut codes = String::with_capacity(doc_facets.len() * width as usize);
    for combination in &combinations {
        let code = values.binary_search(&combination).unwrap_or(0);
        for place in (0..width).rev() {
            codes.push(char::from(BASE64URL[code / 64usize.pow(place) % 64]));
        }
    }
    Facets {
        masks,
        single: Single {
            facets: single,
            values: values.into_iter().cloned().collect(),
            codes,
        },
    }
}

pub(super) fn err(e: tantivy::TantivyError) -> io::Error {
    io::Error::other(e.to_string())
}

/// A term's entry in its shard, `[term, [[field, idf, [Δdoc, tf, norm, …]], …]]`, written by
/// hand: this is most of the bundle, and serde_json::Value would triple the export time.
fn shard_entry(docs: u32, term: &str, fields: &[FieldPostings]) -> io::Result<String> {
    let docs = u64::from(docs);
    let mut entry = serde_json::to_string(term).map_err(io::Error::other)?;
    entry.insert(0, '[');
    entry.push_str(",[");
    for (i, fp) in fields.iter().enumerate() {
        let idf = query::idf(fp.postings.len() as u64, docs);
        if i > 0 {
            entry.push(',');
        }
        // `write!` into a String cannot fail.
        let _ = write!(entry, "[{},{},[", fp.field, json_f64(idf)?);
        // Millions of numbers at 10,000 cases: itoa writes one in a fraction of the time `fmt`
        // takes.
        let mut number = itoa::Buffer::new();
        let mut prev = 0;
        for (k, &(doc, tf, norm)) in fp.postings.iter().enumerate() {
            if k > 0 {
                entry.push(',');
            }
            entry.push_str(number.format(doc - prev));
            entry.push(',');
            entry.push_str(number.format(tf));
            entry.push(',');
            entry.push_str(number.format(norm));
            prev = doc;
        }
        entry.push_str("]]");
    }
    entry.push_str("]]");
    Ok(entry)
}

/// `bytes` gzip-compressed. Every file of the bundle is, so that a host that does not compress
/// what it serves still sends few bytes; the client inflates them (`DecompressionStream`).
fn gzip(bytes: &[u8]) -> io::Result<Vec<u8>> {
    use std::io::Write as _;
    // The default level (6): the best (9) takes 3–4 times as long for 0.6 % fewer bytes.
    let mut encoder =
        flate2::write::GzEncoder::new(Vec::with_capacity(bytes.len() / 4), Default::default());
    encoder.write_all(bytes)?;
    encoder.finish()
}

/// Writes the bundle's files of `snap` (paths `search/…`, relative to the site root) through
/// `write`; `per_page` is the front page's page of results (the length of stored answers).
pub fn write(snap: &Snapshot, per_page: usize, write: &Writer) -> io::Result<()> {
    let put = |name: &str, bytes: &[u8]| write(&format!("{DIR}{name}{SUFFIX}"), &gzip(bytes)?);
    let all = snap.all_postings().map_err(err)?;
    let doc_facets = snap.doc_facets().map_err(err)?;
    let ords: Vec<u32> = (0..snap.docs).collect();
    let stored = if ords.is_empty() {
        Vec::new()
    } else {
        snap.docs_of(&ords).map_err(err)?
    };
    let analysed: Vec<query::Analysed> = stored.into_par_iter().map(query::Analysed::new).collect();
    let Stored { words, phrases } = Answers {
        snap,
        all: &all,
        docs: &analysed,
        doc_facets: &doc_facets,
        per_page,
    }
    .all(phrases(snap))?;

    // Stored answers: a word's in the file of its ordinal, a label's in that of its place in
    // meta's `phrases`.
    let answer_files: Vec<(String, &String)> = words
        .iter()
        .map(|(ord, answer)| (format!("answers/{ord}"), answer))
        .chain(
            phrases
                .iter()
                .enumerate()
                .map(|(i, (_, answer))| (format!("answers/p{i}"), answer)),
        )
        .collect();
    answer_files
        .par_iter()
        .try_for_each(|(name, answer)| put(name, answer.as_bytes()))?;

    // Shards: contiguous term ranges of about SHARD_BYTES.
    let mut shards: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut base = 0;
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    fn close(current: &mut String, base: usize, files: &mut Vec<(String, Vec<u8>)>) {
        if current.is_empty() {
            return;
        }
        let k = files.len();
        let text = format!("{{\"base\":{base},\"terms\":[{current}]}}");
        files.push((format!("shards/{k}"), text.into_bytes()));
        current.clear();
    }
    let entries: Vec<String> = all
        .par_iter()
        .map(|(term, fields)| shard_entry(snap.docs, term, fields))
        .collect::<io::Result<_>>()?;
    let mut previous = "";
    for (ord, ((term, _), entry)) in all.iter().zip(&entries).enumerate() {
        // A large entry gets a shard of its own, so that a rare word beside a frequent one does
        // not download the frequent one's postings.
        let alone = entry.len() > SHARD_BYTES / 4;
        if !current.is_empty() && (alone || current.len() + 1 + entry.len() > SHARD_BYTES) {
            close(&mut current, base, &mut files);
        }
        if current.is_empty() {
            base = ord;
            shards.push(separator(previous, term));
        } else {
            current.push(',');
        }
        current.push_str(entry);
        if alone {
            close(&mut current, base, &mut files);
        }
        previous = term;
    }
    close(&mut current, base, &mut files);
    drop(entries);
    files
        .par_iter()
        .try_for_each(|(name, bytes)| put(name, bytes))?;

    // The term list: blocks for prefixes, one file per length for suggestions, one per length
    // and first letter for typos.
    let df: Vec<u64> = all
        .iter()
        .map(|(_, fps)| fps.iter().map(|fp| fp.postings.len() as u64).sum())
        .collect();
    let mut blocks: Vec<String> = Vec::new();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut start = 0;
    let mut bytes = 0;
    for (ord, (term, _)) in all.iter().enumerate() {
        // a term, its quotes and comma, and its frequency
        bytes += term.len() + 4 + df[ord].to_string().len();
        if bytes >= BLOCK_BYTES || ord + 1 == all.len() {
            let block = Block {
                base: start,
                terms: all[start..=ord].iter().map(|(t, _)| t.as_str()).collect(),
                df: df[start..=ord].to_vec(),
                answers: words.range(start..=ord).map(|(o, _)| o - start).collect(),
            };
            let before = start.checked_sub(1).map_or("", |i| all[i].0.as_str());
            blocks.push(separator(before, &all[start].0));
            files.push((format!("terms/{}", files.len()), json(&block)?));
            start = ord + 1;
            bytes = 0;
        }
    }
    let mut by_length: BTreeMap<usize, Length> = Default::default();
    let mut by_letter: BTreeMap<(char, usize), Near> = Default::default();
    for (ord, (term, _)) in all.iter().enumerate() {
        let len = term.chars().count();
        let l = by_length.entry(len).or_default();
        l.terms.push(term);
        l.ordinals.push(ord);
        l.df.push(df[ord]);
        if let Some(first) = term.chars().next() {
            let n = by_letter.entry((first, len)).or_default();
            n.terms.push(term);
            n.df.push(df[ord]);
        }
    }
    for (len, l) in &by_length {
        files.push((format!("lengths/{len}"), json(l)?));
    }
    // A first letter's lengths, shortest first, in files of about NEAR_BYTES: a file holds the
    // lengths from its own in meta's `near` up to the next one's.
    let mut near: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut open: Option<(char, usize, Near)> = None;
    let mut flush = |open: &mut Option<(char, usize, Near)>| -> io::Result<()> {
        if let Some((first, len, n)) = open.take() {
            files.push((format!("near/{}-{len}", u32::from(first)), json(&n)?));
            near.entry(first.to_string()).or_default().push(len);
        }
        Ok(())
    };
    for ((first, len), n) in by_letter {
        let bytes = |n: &Near| n.terms.iter().map(|t| t.len() + 4).sum::<usize>() + 3 * n.df.len();
        match &mut open {
            Some((f, _, o)) if *f == first && bytes(o) + bytes(&n) <= NEAR_BYTES => {
                o.terms.extend(n.terms);
                o.df.extend(n.df);
            }
            _ => {
                flush(&mut open)?;
                open = Some((first, len, n));
            }
        }
    }
    flush(&mut open)?;
    files
        .par_iter()
        .try_for_each(|(name, bytes)| put(name, bytes))?;

    let facets = facet_table(&doc_facets, &snap.vocab.facets);
    put("facets", &json(&facets)?)?;
    let meta = json(&Meta {
        format: "katalog-search-bundle",
        version: VERSION,
        docs: snap.docs,
        docs_per_file: DOCS_PER_FILE,
        k1: query::K1,
        b: query::B,
        fields: FIELDS
            .iter()
            .zip(snap.total_tokens)
            .map(|(&(name, boost), tokens)| FieldMeta {
                name,
                boost,
                tokens,
            })
            .collect(),
        fieldnorms: (0..=255u8).map(fieldnorm).collect(),
        rules: Rules {
            prefix_min_chars: query::PREFIX_MIN_CHARS,
            prefix_max_terms: query::PREFIX_MAX_TERMS,
            fuzzy_one_min_chars: query::FUZZY_ONE_MIN_CHARS,
            fuzzy_two_min_chars: query::FUZZY_TWO_MIN_CHARS,
            fuzzy_max_terms: query::FUZZY_MAX_TERMS,
            snippet_tokens: query::SNIPPET_TOKENS,
            snippet_context: query::SNIPPET_CONTEXT,
            compound_few: query::COMPOUND_FEW,
            compound_part_min_chars: query::COMPOUND_PART_MIN_CHARS,
            compound_links: query::COMPOUND_LINKS,
            suggest_max: query::SUGGEST_MAX,
        },
        terms: all.len(),
        shards,
        blocks,
        lengths: by_length.keys().copied().collect(),
        near,
        facets: &snap.vocab.facets,
        phrases: phrases.iter().map(|(stems, _)| stems).collect(),
    })?;
    put("meta", &meta)?;

    // Documents: DOCS_PER_FILE consecutive ordinals a file.
    let docs: Vec<DocFile> = analysed
        .iter()
        .enumerate()
        .map(|(ord, a)| DocFile {
            slug: &a.doc.slug,
            url: &a.doc.url,
            title: &a.doc.title,
            text: &a.doc.excerpt,
            facets: doc_facets.get(ord).map_or(&[], |f| f.as_slice()),
        })
        .collect();
    docs.par_chunks(DOCS_PER_FILE)
        .enumerate()
        .try_for_each(|(k, group)| put(&format!("docs/{k}"), &json(&group)?))
}
