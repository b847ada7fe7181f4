//! The tantivy index of every published case and plain page, built on each build and kept
//! outside the deployable output in `ROOT/.katalog-cache/search/`; `katalog search` reads it,
//! and the static bundle (`export.rs`) is exported from it.
//!
//! **Fields** (all with the Norwegian analyzer [`ANALYZER`], frequencies and fieldnorms, no
//! positions), with the boost each field's BM25 is multiplied by:
//!
//! | field | boost | a case | a plain page |
//! | --- | --- | --- | --- |
//! | `title` | 2.0 | title | title |
//! | `summary` | 1.5 | summary | description |
//! | `body` | 1.0 | the body as plain text (`markdown::Rendered::text`) | the same |
//! | `municipality` | 1.5 | municipality | — |
//! | `county` | 1.0 | county and landsdel (`Vestland`, `Vestlandet`) | — |
//! | `labels` | 1.5 | labels of its model types and target groups | — |
//!
//! Short, telling fields weigh more than the body; BM25 already favours a match in a short field,
//! so the boosts stay modest. Besides: `slug` (`STRING | STORED`, the stable key), `url` and
//! `excerpt` (stored only; the source of snippets: the summary and the body's opening words),
//! and one facet field per facet (`modelltype`, `malgruppe`, `landsdel`, `fylke`, `storrelse`,
//! values `/SLUG`).
//!
//! **Determinism.** One thread and one segment (`SingleSegmentIndexWriter`); documents are added
//! in a fixed order — the cases in listing order (`site.cases`), then the plain pages by slug —
//! so a document's ordinal (its `DocId` in the one segment) is the same on every build of the
//! same content, and equals its ordinal in the exported bundle.
//!
//! **On disk.** `ROOT/.katalog-cache/search/` holds the tantivy index and `katalog-search.json`
//! (the facets' vocabulary in display order, which the index itself cannot keep). The index is
//! built in memory, then written to `.katalog-cache/.search.new-PID` and renamed into place, so a
//! killed build leaves the previous index whole; leftovers are removed by the next build.

use super::analyzer::{self, ANALYZER};
use crate::site::{FACET_KEYS, Site};
use serde::{Deserialize, Serialize};
use std::io;
use std::path::{Path, PathBuf};
use tantivy::directory::{MmapDirectory, RamDirectory};
use tantivy::schema::{
    Facet, FacetOptions, Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing,
    TextOptions,
};
use tantivy::tokenizer::TokenizerManager;
use tantivy::{Index, TantivyDocument};

/// The text fields and their boosts, in field order (the order scores are summed in).
pub const FIELDS: [(&str, f64); 6] = [
    ("title", 2.0),
    ("summary", 1.5),
    ("body", 1.0),
    ("municipality", 1.5),
    ("county", 1.0),
    ("labels", 1.5),
];

/// The cache folder under the project root, and the index folder inside it.
pub const CACHE_DIR: &str = ".katalog-cache";
pub const INDEX_DIR: &str = "search";
/// The sidecar beside the tantivy files.
const VOCAB_FILE: &str = "katalog-search.json";
const VOCAB_FORMAT: &str = "katalog-search-index";
/// Bumped whenever the schema or the meaning of a field changes.
pub const INDEX_VERSION: u32 = 2;

/// The facets in display order, with the terms that have at least one published case.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct Vocab {
    pub format: String,
    pub version: u32,
    pub facets: Vec<VocabFacet>,
}

#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct VocabFacet {
    pub key: String,
    pub label: String,
    pub terms: Vec<VocabTerm>,
}

#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct VocabTerm {
    pub slug: String,
    pub label: String,
}

/// The fields of the schema.
#[derive(Clone, Copy)]
pub struct Fields {
    pub text: [Field; FIELDS.len()],
    pub slug: Field,
    pub url: Field,
    pub excerpt: Field,
    pub facets: [Field; FACET_KEYS.len()],
}

pub fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(ANALYZER)
        .set_index_option(IndexRecordOption::WithFreqs);
    let text = FIELDS.map(|(name, _)| {
        let mut options = TextOptions::default().set_indexing_options(indexing.clone());
        if name == "title" {
            options = options.set_stored();
        }
        builder.add_text_field(name, options)
    });
    let slug = builder.add_text_field("slug", STRING | STORED);
    let url = builder.add_text_field("url", STORED);
    let excerpt = builder.add_text_field("excerpt", STORED);
    let facets = FACET_KEYS.map(|key| builder.add_facet_field(key, FacetOptions::default()));
    (
        builder.build(),
        Fields {
            text,
            slug,
            url,
            excerpt,
            facets,
        },
    )
}

pub(super) fn fields_of(schema: &Schema) -> tantivy::Result<Fields> {
    let get = |name: &str| schema.get_field(name);
    let mut text = [Field::from_field_id(0); FIELDS.len()];
    for (i, (name, _)) in FIELDS.iter().enumerate() {
        text[i] = get(name)?;
    }
    let mut facets = [Field::from_field_id(0); FACET_KEYS.len()];
    for (i, key) in FACET_KEYS.iter().enumerate() {
        facets[i] = get(key)?;
    }
    Ok(Fields {
        text,
        slug: get("slug")?,
        url: get("url")?,
        excerpt: get("excerpt")?,
        facets,
    })
}

/// The facets of `site` as the index records them: display order, used terms only.
pub fn vocab(site: &Site) -> Vocab {
    Vocab {
        format: VOCAB_FORMAT.to_string(),
        version: INDEX_VERSION,
        facets: site
            .facets
            .iter()
            .map(|f| VocabFacet {
                key: f.key.to_string(),
                label: f.label.clone(),
                terms: f
                    .terms
                    .iter()
                    .filter(|t| !t.cases.is_empty())
                    .map(|t| VocabTerm {
                        slug: t.slug.clone(),
                        label: t.label.clone(),
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// An index built in memory.
pub struct Built {
    pub index: Index,
    directory: RamDirectory,
    pub vocab: Vocab,
}

/// Indexes every published case (listing order) and plain page (by slug) of `site`.
pub fn build(site: &Site) -> tantivy::Result<Built> {
    build_unless(site, &mut || false)?.ok_or_else(|| {
        tantivy::TantivyError::InternalError("the index build stopped unasked".to_string())
    })
}

/// How many documents are added between two looks at `stop` in [`build_unless`].
const DOCS_BETWEEN_STOPS: usize = 64;

/// [`build`], given up (`None`) as soon as `stop` says so: watch mode drops an index that a
/// newer save has made out of date.
pub fn build_unless(site: &Site, stop: &mut dyn FnMut() -> bool) -> tantivy::Result<Option<Built>> {
    let (schema, f) = schema();
    let directory = RamDirectory::create();
    let tokenizers = TokenizerManager::default();
    tokenizers.register(ANALYZER, analyzer::analyzer());
    let mut writer = Index::builder()
        .schema(schema)
        .tokenizers(tokenizers)
        .single_segment_index_writer(directory.clone(), 50_000_000)?;
    for (i, case) in site.cases.iter().enumerate() {
        if i % DOCS_BETWEEN_STOPS == 0 && stop() {
            return Ok(None);
        }
        let m = &case.meta;
        let mut doc = TantivyDocument::default();
        doc.add_text(f.text[0], &m.title);
        doc.add_text(f.text[1], &m.summary);
        doc.add_text(f.text[2], &case.body.text);
        doc.add_text(f.text[3], &m.municipality);
        // county: the county, then the landsdel; labels: model types, then target groups.
        for (field, facets) in [(f.text[4], [3, 2]), (f.text[5], [0, 1])] {
            for fi in facets {
                for &ti in &case.terms[fi] {
                    doc.add_text(field, &site.facets[fi].terms[ti].label);
                }
            }
        }
        doc.add_text(f.slug, &case.slug);
        doc.add_text(f.url, case.url());
        doc.add_text(f.excerpt, excerpt(&m.summary, &case.body.text));
        for (fi, terms) in case.terms.iter().enumerate() {
            for &ti in terms {
                let slug = &site.facets[fi].terms[ti].slug;
                doc.add_facet(f.facets[fi], Facet::from_path([slug.as_str()]));
            }
        }
        writer.add_document(doc)?;
    }
    for page in &site.pages {
        let mut doc = TantivyDocument::default();
        doc.add_text(f.text[0], &page.meta.title);
        doc.add_text(f.text[1], &page.meta.description);
        doc.add_text(f.text[2], &page.body.text);
        doc.add_text(f.slug, &page.slug);
        doc.add_text(f.url, format!("{}/", page.slug));
        doc.add_text(f.excerpt, excerpt(&page.meta.description, &page.body.text));
        writer.add_document(doc)?;
    }
    let index = writer.finalize()?;
    analyzer::register(&index);
    Ok(Some(Built {
        index,
        directory,
        vocab: vocab(site),
    }))
}

/// How many words of the body the snippet source keeps: the opening of a case tells a reader
/// more than a window deep in it, and a result's document file stays a few kB, not the whole
/// text (a quarter of a typical case), in the CLI and the browser alike.
pub const EXCERPT_BODY_WORDS: usize = 150;

/// The snippet source: the summary (or description), then the body's first
/// [`EXCERPT_BODY_WORDS`] words, ending in ` …` where the body was cut.
fn excerpt(summary: &str, body: &str) -> String {
    let body = first_words(body, EXCERPT_BODY_WORDS);
    match (summary.trim().is_empty(), body.is_empty()) {
        (true, _) => body,
        (false, true) => summary.trim().to_string(),
        (false, false) => format!("{} {body}", summary.trim()),
    }
}

/// `text` up to the end of its `n`th whitespace-separated word, with ` …` if more followed.
fn first_words(text: &str, n: usize) -> String {
    let mut words = 0;
    let mut in_word = false;
    for (i, c) in text.char_indices() {
        if !c.is_whitespace() {
            in_word = true;
        } else if in_word {
            in_word = false;
            words += 1;
            if words == n && !text[i..].trim().is_empty() {
                return format!("{} …", &text[..i]);
            }
        }
    }
    text.to_string()
}

/// `ROOT/.katalog-cache/search`.
pub fn index_dir(root: &Path) -> PathBuf {
    root.join(CACHE_DIR).join(INDEX_DIR)
}

/// Writes `built` to `ROOT/.katalog-cache/search/` through a fresh sibling folder and a rename,
/// removing leftovers of killed builds first.
pub fn persist(built: &Built, root: &Path) -> io::Result<PathBuf> {
    let cache = root.join(CACHE_DIR);
    std::fs::create_dir_all(&cache)?;
    for entry in std::fs::read_dir(&cache)?.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with(".search.") {
            std::fs::remove_dir_all(entry.path())?;
        }
    }
    let pid = std::process::id();
    let fresh = cache.join(format!(".search.new-{pid}"));
    std::fs::create_dir_all(&fresh)?;
    let mmap = MmapDirectory::open(&fresh).map_err(io::Error::other)?;
    built.directory.persist(&mmap).map_err(io::Error::other)?;
    drop(mmap);
    let vocab = serde_json::to_vec_pretty(&built.vocab).map_err(io::Error::other)?;
    std::fs::write(fresh.join(VOCAB_FILE), vocab)?;
    let target = cache.join(INDEX_DIR);
    if target.exists() {
        let old = cache.join(format!(".search.old-{pid}"));
        std::fs::rename(&target, &old)?;
        std::fs::rename(&fresh, &target)?;
        std::fs::remove_dir_all(old)?;
    } else {
        std::fs::rename(&fresh, &target)?;
    }
    Ok(target)
}

/// Removes the index a build wrote under `root`, if there is one (the folder holds katalog's
/// vocabulary file: katalog made it).
pub fn remove(root: &Path) -> io::Result<()> {
    let dir = index_dir(root);
    if dir.join(VOCAB_FILE).is_file() {
        std::fs::remove_dir_all(dir)?;
    }
    Ok(())
}

/// Opens the index that the last build wrote under `root`.
pub fn open(root: &Path) -> Result<(Index, Vocab), String> {
    let dir = index_dir(root);
    let rebuild = format!("run `katalog build --root {}` to build it", root.display());
    let vocab_path = dir.join(VOCAB_FILE);
    let text = std::fs::read_to_string(&vocab_path).map_err(|e| {
        if e.kind() == io::ErrorKind::NotFound {
            format!("there is no search index at {}; {rebuild}", dir.display())
        } else {
            format!("cannot read {}: {e}", vocab_path.display())
        }
    })?;
    let vocab: Vocab = serde_json::from_str(&text)
        .ok()
        .filter(|v: &Vocab| v.format == VOCAB_FORMAT && v.version == INDEX_VERSION)
        .ok_or_else(|| {
            format!(
                "the search index at {} was written by another version of katalog; {rebuild}",
                dir.display()
            )
        })?;
    let index = Index::open_in_dir(&dir).map_err(|e| {
        format!(
            "cannot open the search index at {}: {e}; {rebuild}",
            dir.display()
        )
    })?;
    analyzer::register(&index);
    Ok((index, vocab))
}

#[cfg(test)]
mod tests {
    use super::{excerpt, first_words};

    #[test]
    fn the_snippet_source_keeps_the_opening_words() {
        assert_eq!(first_words("en to  tre\nfire", 2), "en to …");
        assert_eq!(first_words("en to  ", 2), "en to  ");
        assert_eq!(first_words("en to", 2), "en to");
        let body = vec!["ord"; 400].join(" ");
        let text = excerpt(" Kort samandrag. ", &body);
        assert!(text.starts_with("Kort samandrag. ord ord"));
        assert!(text.ends_with("ord …"));
        assert_eq!(text.matches("ord").count(), super::EXCERPT_BODY_WORDS);
    }
}
