//! Search analyzer parity: tantivy's Norwegian stemmer gives Snowball's golden stems, the
//! browser's twin (`themes/default/static/search/stemmer.js`, run with node) gives tantivy's
//! stems and terms word for word and text for text, and `Cargo.lock` still locks the frostem
//! release the JavaScript was validated against.

#[path = "../src/search/analyzer.rs"]
mod analyzer;
mod common;

use common::Rng;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use tantivy::tokenizer::{
    Language, LowerCaser, RawTokenizer, SimpleTokenizer, Stemmer, TextAnalyzer, TokenStream,
};

const JS_STEMMER: &str = "themes/default/static/search/stemmer.js";
const NODE_HELPER: &str = "tests/search-js/stem.mjs";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn lines(relative: &str) -> Vec<String> {
    read(&root().join(relative))
        .lines()
        .map(str::to_string)
        .collect()
}

/// tantivy's own stemmer filter (frostem) on each word, whole (a raw token, no lowercasing).
fn tantivy_stems(words: &[String]) -> Vec<String> {
    let mut stemmer = TextAnalyzer::builder(RawTokenizer::default())
        .filter(Stemmer::new(Language::Norwegian))
        .build();
    words
        .iter()
        .map(|word| {
            let mut stream = stemmer.token_stream(word);
            assert!(stream.advance(), "a raw token for {word:?}");
            stream.token().text.clone()
        })
        .collect()
}

/// (position, term) pairs of the Rust analyzer, checked against `analyze()`.
fn rust_tokens(text: &str) -> Vec<(usize, String)> {
    let mut analyzer = analyzer::analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut tokens = Vec::new();
    while stream.advance() {
        tokens.push((stream.token().position, stream.token().text.clone()));
    }
    let terms: Vec<String> = tokens.iter().map(|(_, t)| t.clone()).collect();
    assert_eq!(terms, analyzer::analyze(text), "analyze({text:?})");
    tokens
}

/// Runs the node helper in `mode` with one JSON value per line in and out.
fn node(mode: &str, inputs: &[String]) -> Vec<serde_json::Value> {
    common::node_lines(NODE_HELPER, &[mode], inputs)
}

/// Fails with the first differences (and their number) unless `actual` equals `expected`.
fn assert_same<T: PartialEq + std::fmt::Debug>(
    what: &str,
    inputs: &[String],
    expected: &[T],
    actual: &[T],
) {
    assert_eq!(inputs.len(), expected.len());
    assert_eq!(inputs.len(), actual.len());
    let differences: Vec<String> = (0..inputs.len())
        .filter(|&i| expected[i] != actual[i])
        .map(|i| {
            format!(
                "  {:?}\n    expected {:?}\n    got      {:?}",
                inputs[i], expected[i], actual[i]
            )
        })
        .collect();
    assert!(
        differences.is_empty(),
        "{what}: {} of {} differ; the first:\n{}",
        differences.len(),
        inputs.len(),
        differences
            .iter()
            .take(25)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    println!("{what}: {} compared, all equal", inputs.len());
}

// ---- word lists ---------------------------------------------------------------------------

/// The bundled Markdown files under content/, sorted by path.
fn content_texts() -> Vec<(PathBuf, String)> {
    fn walk(dir: &Path, out: &mut Vec<(PathBuf, String)>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "md") {
                let text = read(&path);
                out.push((path, text));
            }
        }
    }
    let mut out = Vec::new();
    walk(&root().join("content"), &mut out);
    assert!(!out.is_empty(), "content/ has Markdown files");
    out
}

/// Text that is hard to get identical in two languages: punctuation inside words, numbers,
/// byte-length limits with multi-byte letters, apostrophes, decomposed letters, case, other
/// scripts, emoji, invisible characters.
fn tricky_texts() -> Vec<String> {
    let mut texts: Vec<String> = [
        "",
        " \t\n",
        "e-post E-post-adresse covid-19 Covid19 COVID-19-pandemien",
        "3,14 1 000 kr 2024-05-01 § 12 nr. 5 kl. 18.30 50 % 1. mai 10e 2a",
        "x² ½ ¾ Ⅻ ⅻ ⓐ Ⓐ ١٢٣ ९ 〇 ①",
        "cd'en Per's 's a' '' ''' rock'n'roll O'Brien Kari’s «sitat» „sitat“",
        "ga\u{30A}rd gård Ga\u{30A}RD a\u{30A} o\u{308}l \u{30A}",
        "ÆRLIG Ærlig ærlig ØKONOMI ÅRSMØTE KommuneStyret KOMMUNESTYRET",
        "OG og Og IKKJE Ikkje ikkje DET Det SÅ så Å å",
        "ΟΔΥΣΣΕΥΣ Σίσυφος ΣΟΦΟΣ σοφος ςσΣ Москва ПРИВЕТ привет Ёлка",
        "👍🏽 bra! 🇳🇴 🙂kommune ❤️ungdom 👨‍👩‍👧 ungdom🎉råd",
        "fôrene blóta Ôla kêr idé kafé Idéer kaféene òg",
        "kommune\u{AD}styret null\u{200B}bredde zwj\u{200D}joiner nbsp\u{A0}rom",
        "東京 日本語のテキスト 한국어",
        "İstanbul İİİ ıiI STRASSE straße ẞ ǅ ǈ ǋ \u{212A}elvin \u{212B}ngstrom",
        "_underscore_ snake_case camelCase #emneknagg @navn https://www.gjovik.kommune.no/om-bylab/",
        "Kommunestyret, kommunestyre, kommunestyrets og kommunestyrene!",
        "innbyggere innbyggerne innbyggernes medvirkning medvirkningen medvirkningsrådet",
        "asters avers binders bunkers skapers havers givers kappers",
        "valueOf constructor __proto__ hasOwnProperty toString prototypes",
        "kommunestyremøtebehandlingsreglementsendringsforslagene",
        "tilskuddsforvaltningsrutinebeskrivelsesdokumentasjon",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    // Around the 40-byte cap, which counts UTF-8 bytes of the token before lowercasing.
    for n in 17..=22 {
        texts.push("ø".repeat(n));
        texts.push("Ø".repeat(n));
    }
    for n in 37..=41 {
        texts.push("a".repeat(n));
        texts.push(format!("Å{}", "a".repeat(n - 2)));
        // "İ" is 2 bytes but lowercases to 3 ("i" + U+0307); the cap sees the 2.
        texts.push(format!("İ{}", "a".repeat(n - 2)));
        // The Kelvin sign is 3 bytes and lowercases to 1 ("k").
        texts.push(format!("\u{212A}{}", "a".repeat(n - 3)));
        texts.push(format!("{}🙂{}", "a".repeat(n / 2), "b".repeat(n / 2)));
    }
    texts
}

/// Suffixes of the algorithm (steps 1–4), and combinations of them, to append to words.
const SUFFIXES: &[&str] = &[
    "a", "e", "ede", "ande", "ende", "ane", "ene", "hetene", "erte", "en", "heten", "ar", "er",
    "heter", "s", "as", "es", "edes", "endes", "enes", "hetenes", "ens", "hetens", "ers", "ets",
    "et", "het", "ert", "ast", "dt", "vt", "t", "leg", "eleg", "ig", "eig", "lig", "elig", "els",
    "lov", "elov", "slov", "hetslov", "ligere", "ligste", "ligheten", "elses", "'", "'en", "'s",
    "ers'", "ks", "rs", "ds",
];

/// Letters that steer the algorithm: its vowels (with ê ò ó ô), é (not a vowel there), the
/// s-ending letters and the others, and the apostrophe.
const ALPHABET: &[char] = &[
    'a', 'e', 'i', 'o', 'u', 'y', 'æ', 'ø', 'å', 'ê', 'ò', 'ó', 'ô', 'é', 'b', 'd', 'g', 'h', 'k',
    'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'j', 'z', '\'',
];

/// Every word of voc.txt with every suffix, the bundled content's words (as written and
/// lowercased), all strings of up to 3 letters of ALPHABET, those up to 2 letters with each
/// suffix, 100,000 pseudo-random words, and the tricky texts' tokens. Sorted, no duplicates.
fn large_word_list(voc: &[String]) -> Vec<String> {
    let mut words = BTreeSet::new();
    for word in voc {
        for suffix in SUFFIXES {
            words.insert(format!("{word}{suffix}"));
        }
    }
    let mut tokenizer = TextAnalyzer::builder(SimpleTokenizer::default()).build();
    let mut lowercaser = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(LowerCaser)
        .build();
    let texts: Vec<String> = content_texts()
        .into_iter()
        .map(|(_, text)| text)
        .chain(tricky_texts())
        .collect();
    for text in &texts {
        for analyzer in [&mut tokenizer, &mut lowercaser] {
            let mut stream = analyzer.token_stream(text);
            while stream.advance() {
                words.insert(stream.token().text.clone());
            }
        }
        // Whitespace-separated, so apostrophes and hyphens reach the stemmer too.
        for word in text.split_whitespace() {
            words.insert(word.to_lowercase());
        }
    }
    let mut short = vec![String::new()];
    for _ in 0..3 {
        let longer: Vec<String> = short
            .iter()
            .filter(|w| w.chars().count() == short.last().unwrap().chars().count())
            .flat_map(|w| ALPHABET.iter().map(move |c| format!("{w}{c}")))
            .collect();
        short.extend(longer);
    }
    for prefix in &short {
        words.insert(prefix.clone());
        if prefix.chars().count() <= 2 {
            for suffix in SUFFIXES {
                words.insert(format!("{prefix}{suffix}"));
            }
        }
    }
    let mut rng = Rng(0x6b61_7461_6c6f_6721);
    for _ in 0..100_000 {
        let len = 1 + rng.below(10);
        let mut word: String = (0..len)
            .map(|_| ALPHABET[rng.below(ALPHABET.len())])
            .collect();
        if rng.below(2) == 0 {
            word.push_str(SUFFIXES[rng.below(SUFFIXES.len())]);
        }
        words.insert(word);
    }
    words.remove("");
    words.into_iter().collect()
}

// ---- (a) tantivy against Snowball's golden list -------------------------------------------

#[test]
fn tantivy_stems_snowballs_norwegian_vocabulary_as_output_txt() {
    let voc = lines("tests/data/snowball-norwegian/voc.txt");
    let expected = lines("tests/data/snowball-norwegian/output.txt");
    assert_eq!(voc.len(), 20_895);
    assert_eq!(voc.len(), expected.len());
    assert_same(
        "tantivy vs output.txt",
        &voc,
        &expected,
        &tantivy_stems(&voc),
    );
}

// ---- (b) the JavaScript stemmer against tantivy ------------------------------------------

#[test]
fn js_stemmer_equals_tantivy_on_the_vocabulary() {
    let voc = lines("tests/data/snowball-norwegian/voc.txt");
    let js: Vec<String> = node("stem", &voc)
        .into_iter()
        .map(|v| v.as_str().expect("a string").to_string())
        .collect();
    assert_same(
        "JS stemmer vs output.txt",
        &voc,
        &lines("tests/data/snowball-norwegian/output.txt"),
        &js,
    );
    assert_same(
        "JS stemmer vs tantivy (voc.txt)",
        &voc,
        &tantivy_stems(&voc),
        &js,
    );
}

#[test]
fn js_stemmer_equals_tantivy_on_a_large_generated_word_list() {
    let words = large_word_list(&lines("tests/data/snowball-norwegian/voc.txt"));
    assert!(words.len() > 1_000_000, "{} words", words.len());
    let js: Vec<String> = node("stem", &words)
        .into_iter()
        .map(|v| v.as_str().expect("a string").to_string())
        .collect();
    assert_same(
        "JS stemmer vs tantivy (generated)",
        &words,
        &tantivy_stems(&words),
        &js,
    );
}

// ---- (c) the JavaScript analyzer against the Rust analyzer -------------------------------

fn js_tokens(texts: &[String]) -> Vec<Vec<(usize, String)>> {
    node("analyze", texts)
        .into_iter()
        .map(|v| {
            v.as_array()
                .expect("an array")
                .iter()
                .map(|pair| {
                    let position = pair[0].as_u64().expect("a position") as usize;
                    (position, pair[1].as_str().expect("a term").to_string())
                })
                .collect()
        })
        .collect()
}

#[test]
fn js_analyzer_equals_rust_on_content_and_tricky_text() {
    let mut texts = Vec::new();
    for (_, text) in content_texts() {
        texts.extend(
            text.lines()
                .filter(|l| !l.trim().is_empty())
                .map(str::to_string),
        );
        texts.push(text);
    }
    texts.extend(tricky_texts());
    let rust: Vec<_> = texts.iter().map(|t| rust_tokens(t)).collect();
    assert_same(
        "JS analyzer vs Rust (positions, terms)",
        &texts,
        &rust,
        &js_tokens(&texts),
    );
    let terms: usize = rust.iter().map(Vec::len).sum();
    println!("  {terms} terms");
}

/// The Norwegian stop list in the source of the tantivy that Cargo.lock locks (found through
/// `cargo metadata`), in its order.
fn tantivy_norwegian_stop_words() -> Vec<String> {
    let output = Command::new(env!("CARGO"))
        .args([
            "metadata",
            "--format-version",
            "1",
            "--offline",
            "--manifest-path",
        ])
        .arg(root().join("Cargo.toml"))
        .output()
        .expect("running cargo metadata");
    assert!(
        output.status.success(),
        "cargo metadata: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let version = locked_version("tantivy");
    let manifest = metadata["packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "tantivy" && p["version"] == version.as_str())
        .and_then(|p| p["manifest_path"].as_str())
        .expect("tantivy among cargo metadata's packages");
    let source = read(
        &Path::new(manifest)
            .parent()
            .unwrap()
            .join("src/tokenizer/stop_word_filter/stopwords.rs"),
    );
    let list = source
        .split("pub const NORWEGIAN: &[&str] = &[")
        .nth(1)
        .and_then(|rest| rest.split("];").next())
        .expect("a NORWEGIAN list in tantivy's stopwords.rs");
    list.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| {
            l.strip_prefix('"')
                .and_then(|l| l.strip_suffix("\","))
                .unwrap_or_else(|| panic!("unexpected line in tantivy's list: {l:?}"))
                .to_string()
        })
        .collect()
}

#[test]
fn js_stop_words_and_length_cap_are_tantivys() {
    let output = Command::new("node")
        .arg(root().join(NODE_HELPER))
        .arg("info")
        .output()
        .expect("running node");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let info: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(info["MAX_TOKEN_BYTES"], analyzer::MAX_TOKEN_BYTES);
    let js: Vec<String> = info["STOP_WORDS"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap().to_string())
        .collect();
    assert_eq!(js.len(), 172);
    assert_eq!(
        js,
        tantivy_norwegian_stop_words(),
        "JS STOP_WORDS = tantivy's NORWEGIAN"
    );
    // And the Rust analyzer removes each of them, in any case.
    for word in &js {
        for variant in [word.clone(), word.to_uppercase()] {
            assert_eq!(
                analyzer::analyze(&variant),
                Vec::<String>::new(),
                "{variant:?}"
            );
        }
    }
    println!("stop words: {} compared, all equal", js.len());
}

// ---- (d) the locked frostem is the one the JavaScript was validated against ----------------

/// The version of `name` that Cargo.lock locks (exactly one).
fn locked_version(name: &str) -> String {
    let lock = read(&root().join("Cargo.lock"));
    let versions: Vec<String> = lock
        .split("[[package]]")
        .filter(|block| {
            block
                .lines()
                .any(|l| l.trim() == format!("name = \"{name}\""))
        })
        .filter_map(|block| {
            block
                .lines()
                .find_map(|l| l.trim().strip_prefix("version = \""))
                .map(|v| v.trim_end_matches('"').to_string())
        })
        .collect();
    assert_eq!(
        versions.len(),
        1,
        "Cargo.lock locks one {name}: {versions:?}"
    );
    versions[0].clone()
}

#[test]
fn locked_frostem_is_the_version_the_js_stemmer_was_validated_against() {
    let js = read(&root().join(JS_STEMMER));
    let declared = js
        .lines()
        .find_map(|l| l.trim().strip_prefix("var STEMMER_VERSION = \""))
        .and_then(|rest| rest.strip_suffix("\";"))
        .expect("stemmer.js declares var STEMMER_VERSION = \"…\";");
    let locked = format!("frostem {}", locked_version("frostem"));
    assert_eq!(
        declared, locked,
        "Cargo.lock now locks {locked}, but {JS_STEMMER} was validated against {declared}. \
         Its Norwegian stemmer may have changed: run `cargo test --test stemmer`, fix the JS \
         until it passes, then set STEMMER_VERSION (or pin frostem back)."
    );
}
