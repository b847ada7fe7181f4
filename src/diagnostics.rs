//! Content errors as editors see them: `path:line:col: error[key]: message`, collected
//! across all files so one run reports every problem; and warnings, which do not stop a build
//! (`path:line:col: warning[key]: message`).

use crate::markdown::slugify;
use std::fmt;

/// A 1-based position in a source file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

impl Pos {
    pub const fn new(line: u32, col: u32) -> Self {
        Pos { line, col }
    }
}

/// One problem in one file.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// Path relative to the project root, with `/` separators.
    pub path: String,
    pub pos: Pos,
    /// The front-matter key (`model_types`, `budget[0].items[1].nok`) or a kind such as `file`.
    pub key: String,
    pub message: String,
    pub severity: Severity,
}

/// Whether a problem stops the build (an error) or is only said (a warning).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

impl Diagnostic {
    /// An error: nothing is written while one stands.
    pub fn new(path: &str, pos: Pos, key: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.to_string(),
            pos,
            key: key.into(),
            message: message.into(),
            severity: Severity::Error,
        }
    }

    /// A warning: said by `build`, `check` and `serve`, but the site is written.
    pub fn warning(
        path: &str,
        pos: Pos,
        key: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::new(path, pos, key, message)
        }
    }

    fn level(&self) -> &'static str {
        match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}[{}]: {}",
            self.path,
            self.pos.line,
            self.pos.col,
            self.level(),
            self.key,
            self.message
        )
    }
}

/// The nearest candidate to `input`, if it is close enough to be a plausible typo, or else the
/// one candidate that begins with it or holds it (`unge` → `ungdom`). Letters are compared with
/// æ, ø and å folded to ae, o and a (`lørenskog` → `lorenskog`).
pub fn did_you_mean<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let input = slugify(input);
    let max = (input.chars().count() / 3).max(2);
    let candidates: Vec<(String, &str)> = candidates.into_iter().map(|c| (slugify(c), c)).collect();
    let nearest = candidates
        .iter()
        .map(|(folded, c)| (strsim::damerau_levenshtein(&input, folded), *c))
        .filter(|(d, _)| *d <= max)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c);
    let common = |folded: &str| {
        let shared = input
            .chars()
            .zip(folded.chars())
            .take_while(|(a, b)| a == b);
        shared.count()
    };
    let long = input.chars().count() >= 3;
    let mut containing = candidates.iter().filter(|(folded, _)| {
        long && (folded.contains(&input)
            || input.contains(folded.as_str())
            || common(folded) * 2 >= input.chars().count().max(6))
    });
    nearest.or_else(|| match (containing.next(), containing.next()) {
        (Some((_, c)), None) => Some(*c),
        _ => None,
    })
}

/// `message` followed by `; did you mean "X"?` when a near candidate exists.
pub fn with_suggestion<'a>(
    message: String,
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> String {
    suggest(message, did_you_mean(input, candidates))
}

/// `message` followed by `; did you mean "X"?` when there is an `X`.
pub fn suggest(message: String, nearest: Option<&str>) -> String {
    match nearest {
        Some(s) => format!("{message}; did you mean \"{s}\"?"),
        None => message,
    }
}

/// "1 error", "3 errors".
pub fn count(n: usize) -> String {
    format!("{n} error{}", if n == 1 { "" } else { "s" })
}

/// "1 warning", "3 warnings".
pub fn count_warnings(n: usize) -> String {
    format!("{n} warning{}", if n == 1 { "" } else { "s" })
}

/// How `katalog check` prints diagnostics.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// `path:line:col: error[key]: message`, one a line
    Human,
    /// `{"errors": [{"path", "line", "col", "key", "message"}], "count": N, "warnings": [...]}`
    Json,
    /// GitHub Actions workflow commands, so a pull request shows each error on its line
    Github,
}

/// All diagnostics in `format`, ending with a newline when not empty. JSON keeps errors and
/// warnings apart, and `count` counts the errors.
pub fn format(diags: &[Diagnostic], format: Format) -> String {
    match format {
        Format::Human => diags.iter().map(|d| format!("{d}\n")).collect(),
        Format::Json => {
            let of = |severity: Severity| -> Vec<serde_json::Value> {
                diags
                    .iter()
                    .filter(|d| d.severity == severity)
                    .map(|d| {
                        serde_json::json!({
                            "path": d.path, "line": d.pos.line, "col": d.pos.col,
                            "key": d.key, "message": d.message,
                        })
                    })
                    .collect()
            };
            let errors = of(Severity::Error);
            let count = errors.len();
            let warnings = of(Severity::Warning);
            format!(
                "{}\n",
                serde_json::json!({ "errors": errors, "count": count, "warnings": warnings })
            )
        }
        Format::Github => diags
            .iter()
            .map(|d| {
                format!(
                    "::{} file={},line={},col={},title={}::{}\n",
                    d.level(),
                    gh_property(&d.path),
                    d.pos.line,
                    d.pos.col,
                    gh_property(&format!("katalog [{}]", d.key)),
                    gh_data(&d.message)
                )
            })
            .collect(),
    }
}

/// Escaping of workflow-command data, as the GitHub Actions toolkit does it.
fn gh_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn gh_property(s: &str) -> String {
    gh_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn did_you_mean_finds_typos_prefixes_and_folds_norwegian_letters() {
        let groups = ["ungdom", "alle-innbyggere", "eldre"];
        assert_eq!(did_you_mean("ungdm", groups), Some("ungdom"));
        assert_eq!(did_you_mean("unge", groups), Some("ungdom"));
        assert_eq!(did_you_mean("Ungdom", groups), Some("ungdom"));
        assert_eq!(
            did_you_mean(
                "lørenskog-ungdomsrad.md",
                ["lorenskog-ungdomsrad.md", "om.md"]
            ),
            Some("lorenskog-ungdomsrad.md")
        );
        assert_eq!(
            did_you_mean("målgrupper", ["title", "target_groups", "model_types"]),
            None,
            "a Norwegian key name is no typo of an English one: check.rs translates those"
        );
        assert_eq!(did_you_mean("budsjett", groups), None, "nothing near");
        // Two candidates holding the input: naming either would be a guess.
        assert_eq!(did_you_mean("alle", ["alle-innbyggere", "alle-barn"]), None);
    }

    #[test]
    fn github_annotations_escape_their_fields() {
        let d = Diagnostic::new(
            "content/a,b.md",
            Pos::new(3, 7),
            "links[0].url",
            "100% wrong:\nsee",
        );
        assert_eq!(
            format(&[d], Format::Github),
            "::error file=content/a%2Cb.md,line=3,col=7,title=katalog [links[0].url]::100%25 wrong:%0Asee\n"
        );
    }
}

/// The editors' guide's table of messages names every key katalog prints, so that it cannot
/// fall behind the code.
#[cfg(test)]
mod guide {
    use std::collections::BTreeSet;
    use std::path::Path;

    /// The arguments of the call whose `(` ends `text[..open]`, split at top-level commas.
    fn arguments(text: &str, open: usize) -> Vec<&str> {
        let mut args = Vec::new();
        let (mut depth, mut start, mut in_str, mut escaped) = (0, open + 1, false, false);
        for (i, ch) in text[open..].char_indices().map(|(i, c)| (i + open, c)) {
            if in_str {
                match ch {
                    _ if escaped => escaped = false,
                    '\\' => escaped = true,
                    '"' => in_str = false,
                    _ => {}
                }
                continue;
            }
            match ch {
                '"' => in_str = true,
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' => {
                    depth -= 1;
                    if depth == 0 {
                        args.push(text[start..i].trim());
                        return args;
                    }
                }
                ',' if depth == 1 => {
                    args.push(text[start..i].trim());
                    start = i + 1;
                }
                _ => {}
            }
        }
        args
    }

    /// The kinds of problem in src/: the literal keys given to `Diagnostic::new` and
    /// `Checker::error`, or the `const` they name.
    fn kinds_in_source() -> BTreeSet<String> {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut keys = BTreeSet::new();
        for entry in walkdir::WalkDir::new(src) {
            let entry = entry.unwrap();
            if entry.path().extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(entry.path()).unwrap();
            for (call, index) in [("Diagnostic::new(", 2), (".error(", 1)] {
                for (at, _) in text.match_indices(call) {
                    let Some(arg) = arguments(&text, at + call.len() - 1).get(index).copied()
                    else {
                        continue;
                    };
                    let named = format!("const {arg}: &str = \"");
                    let literal = if let Some(s) = arg.strip_prefix('"') {
                        s.strip_suffix('"')
                    } else if let Some(i) = text.find(&named) {
                        text[i + named.len()..].split('"').next()
                    } else {
                        None
                    };
                    keys.extend(literal.map(str::to_string));
                }
            }
        }
        keys
    }

    #[test]
    fn the_editors_guide_lists_every_key_katalog_prints() {
        let kinds = kinds_in_source();
        for kind in ["yaml", "file", "link", "external-link", "template"] {
            assert!(kinds.contains(kind), "{kind} not found in src/: {kinds:?}");
        }
        let fields = crate::validate::CASE_FIELDS.iter().map(|f| f.name);
        let keys: BTreeSet<String> = fields
            .chain(crate::validate::page::PAGE_KEYS)
            .chain(crate::config::KEYS)
            .map(str::to_string)
            .chain(kinds)
            .collect();
        let guide = include_str!("../content/README.md");
        let table = guide
            .split_once("### Alle feilmeldingene")
            .and_then(|(_, rest)| rest.split("\n## ").next())
            .expect("content/README.md has a section ### Alle feilmeldingene");
        let missing: Vec<&String> = keys
            .iter()
            .filter(|key| {
                // The key's first part: `budget` of `budget[1].items[0].nok`.
                let top = key.split(['.', '[']).next().unwrap_or(key);
                !["]", "[", "."]
                    .iter()
                    .any(|end| table.contains(&format!("`error[{top}{end}")))
            })
            .collect();
        assert!(
            missing.is_empty(),
            "content/README.md's table of messages (### Alle feilmeldingene) lacks error[KEY] for {missing:?}"
        );
    }
}
