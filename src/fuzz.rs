//! Entry points for the fuzz targets in fuzz/ and for their regression tests (tests/fuzz.rs):
//! each runs one stage of the build on arbitrary text exactly as a build does and checks what an
//! editor or reader relies on beyond "it returns": every diagnostic points into the file, and no
//! rendered HTML can run script. A broken promise is an `Err` saying which; the targets panic on it.

use crate::check::Checker;
use crate::config::{self, Config};
use crate::content::{self, Kind};
use crate::diagnostics::Diagnostic;
use crate::markdown::{self, Links};
use crate::search::index::{self, Built};
use crate::search::query;
use crate::search::snapshot::Snapshot;
use crate::{build, municipalities, validate};
use std::collections::HashSet;
use std::path::Path;
use std::sync::OnceLock;

/// The checkout this crate was built from: its content/ gives the targets the real taxonomies
/// and a small real search index.
const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn config() -> &'static Config {
    static CONFIG: OnceLock<Config> = OnceLock::new();
    CONFIG.get_or_init(|| match config::read(Path::new(ROOT)) {
        Ok(c) => c,
        Err(_) => panic!("fuzz setup: {ROOT}/content/katalog.yaml must be valid"),
    })
}

/// Checks that every diagnostic names `path` and a line of the file, and returns them as text.
fn located(diags: &[Diagnostic], path: &str, lines: usize) -> Result<Vec<String>, String> {
    for d in diags {
        if d.path != path || d.pos.line == 0 || d.pos.line as usize > lines || d.pos.col == 0 {
            return Err(format!("diagnostic outside the file ({lines} lines): {d}"));
        }
        if d.message.trim().is_empty() {
            return Err(format!("diagnostic without a message: {d}"));
        }
    }
    Ok(diags.iter().map(Diagnostic::to_string).collect())
}

/// The number of lines an editor sees in `text`: CRLF, LF and a lone CR each end one (a last
/// line without an end counts).
fn line_count(text: &str) -> usize {
    text.split('\n')
        .map(|l| l.split('\r').count())
        .sum::<usize>()
        - text.matches("\r\n").count()
}

/// Splits `text` and checks its front matter as a case and as a page, as a build does with the
/// checkout's katalog.yaml; returns the case's diagnostics (none: a valid case).
pub fn front_matter(text: &str) -> Result<Vec<String>, String> {
    let check = |kind, path| {
        let diags = match content::split(kind, path, text) {
            Ok(doc) => validate::document(path, &doc, config(), municipalities::registry())
                .err()
                .unwrap_or_default(),
            Err(d) => vec![d],
        };
        located(&diags, path, line_count(text))
    };
    check(Kind::Page, "content/fuzz.md")?;
    check(Kind::Case, "content/eksempler/fuzz.md")
}

/// Renders `text` as the body of a case (links resolved against a few site paths) and returns
/// the HTML once it is known to hold no script, event handler or script URL.
pub fn markdown(text: &str) -> Result<String, String> {
    let site_paths: HashSet<String> = ["", "om/", "eksempler/bergen/", "media/kart.png"]
        .into_iter()
        .map(String::from)
        .collect();
    let links = Links {
        site_paths: &site_paths,
        source_dir: "eksempler",
        root: "../../",
    };
    let path = "content/eksempler/fuzz.md";
    let mut c = Checker::new(path);
    // The body starts on line 4, after three lines of front matter.
    let r = markdown::render(text, 4, &links, &mut c);
    located(&c.diags, path, line_count(text) + 3)?;
    match script_in(&r.html) {
        Some(why) => Err(format!("{why} in {:?}", r.html)),
        None => Ok(r.html),
    }
}

/// Tags that run script, load other documents or restyle the page; none may survive sanitising.
const FORBIDDEN_TAGS: [&str; 20] = [
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math",
    "form", "input", "button", "textarea", "select", "base", "meta", "link", "template",
    "noscript",
];

/// Attributes whose value is a URL a browser follows or loads.
const URL_ATTRIBUTES: [&str; 7] = [
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "poster",
    "cite",
];

/// What in `html` could run script, if anything: a forbidden tag, an event handler, a style
/// other than table alignment, or a URL whose scheme is not http(s), mailto or tel.
fn script_in(html: &str) -> Option<String> {
    let b = html.as_bytes();
    let mut i = 0;
    while let Some(lt) = html[i..].find('<') {
        i += lt + 1;
        if html[i..].starts_with("!--") {
            return Some("an HTML comment".into());
        }
        let closing = html[i..].starts_with('/');
        if closing {
            i += 1;
        }
        let name_len = html[i..]
            .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
            .unwrap_or(html.len() - i);
        let tag = html[i..i + name_len].to_ascii_lowercase();
        i += name_len;
        if FORBIDDEN_TAGS.contains(&tag.as_str()) {
            return Some(format!("a <{tag}> tag"));
        }
        if closing {
            continue;
        }
        // Attributes: name, optionally = and a quoted or bare value, until >.
        loop {
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                i += 1;
            }
            if i >= b.len() || b[i] == b'>' {
                break;
            }
            let name_len = html[i..]
                .find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '>' || c == '/')
                .unwrap_or(html.len() - i)
                .max(1);
            let name = html[i..i + name_len].to_ascii_lowercase();
            i += name_len;
            let mut value = String::new();
            if b.get(i) == Some(&b'=') {
                i += 1;
                if let Some(&q @ (b'"' | b'\'')) = b.get(i) {
                    i += 1;
                    let end = html[i..].find(q as char).map_or(html.len(), |e| i + e);
                    value = unescape(&html[i..end]);
                    i = (end + 1).min(html.len());
                } else {
                    let end = html[i..]
                        .find(|c: char| c.is_ascii_whitespace() || c == '>')
                        .map_or(html.len(), |e| i + e);
                    value = unescape(&html[i..end]);
                    i = end;
                }
            }
            if name.starts_with("on") || name == "srcdoc" {
                return Some(format!("a {name} attribute on <{tag}>"));
            }
            if name == "style" {
                return Some(format!("style=\"{value}\" on <{tag}>"));
            }
            if URL_ATTRIBUTES.contains(&name.as_str()) && !safe_url(&value) {
                return Some(format!("{name}=\"{value}\" on <{tag}>"));
            }
        }
    }
    None
}

/// Decodes the character references a serialiser writes in attribute values.
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest.find(';').filter(|&e| e <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "quot" => Some('"'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "apos" => Some('\''),
            "colon" => Some(':'),
            "Tab" => Some('\t'),
            "NewLine" => Some('\n'),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(ch) => {
                out.push(ch);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whether a browser following `url` stays on http(s), mailto or tel, or on a relative address
/// (browsers drop leading controls and spaces, and tabs and newlines anywhere, first).
fn safe_url(url: &str) -> bool {
    let url: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    match url.find([':', '/', '?', '#']) {
        Some(i) if url[i..].starts_with(':') => matches!(
            url[..i].to_ascii_lowercase().as_str(),
            "http" | "https" | "mailto" | "tel"
        ),
        _ => true,
    }
}

/// The checkout's site, indexed once in memory.
fn snapshot() -> &'static (Built, Snapshot) {
    static SNAPSHOT: OnceLock<(Built, Snapshot)> = OnceLock::new();
    SNAPSHOT.get_or_init(|| {
        let opts = build::Options {
            root: ROOT.into(),
            output: std::env::temp_dir().join("katalog-fuzz-unused"),
            drafts: true,
            base_url: None,
        };
        let Ok(build::Loaded { site, .. }) = build::load(&opts) else {
            panic!("fuzz setup: the site in {ROOT} must build");
        };
        let built = index::build(&site).expect("fuzz setup: indexing the site");
        let snap = Snapshot::new(&built.index, built.vocab.clone()).expect("fuzz setup: snapshot");
        (built, snap)
    })
}

/// Runs `text` as `katalog search` does against the checkout's cases: the first line is the
/// query, every further line a `--filter KEY=VALUE`. Returns the answer as printed, or the error a user
/// would see for a bad filter.
pub fn search(text: &str) -> Result<Result<String, String>, String> {
    let (_, snap) = snapshot();
    let mut lines = text.split('\n');
    let q = lines.next().unwrap_or("");
    let filters: Vec<String> = lines.map(String::from).collect();
    let sel = match query::parse_filters(&snap.vocab, &filters) {
        Ok(sel) => sel,
        Err(msg) if msg.trim().is_empty() => return Err("a filter error without a message".into()),
        Err(msg) => return Ok(Err(msg)),
    };
    let limit = 5;
    let answer = query::search(snap, q, &sel, limit).map_err(|e| format!("search failed: {e}"))?;
    if answer.results.len() > limit || answer.results.len() > answer.total {
        return Err(format!(
            "{} results shown of {} total (limit {limit})",
            answer.results.len(),
            answer.total
        ));
    }
    let scores: Vec<f64> = answer.results.iter().map(|h| h.score).collect();
    if scores.iter().any(|s| !s.is_finite()) || scores.windows(2).any(|w| w[0] < w[1]) {
        return Err(format!("scores not finite and descending: {scores:?}"));
    }
    serde_json::to_string(&answer).map_err(|e| format!("answer not serialisable: {e}"))?;
    Ok(Ok(query::human(&answer)))
}
