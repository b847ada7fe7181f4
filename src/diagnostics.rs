//! Content errors as editors see them: `path:line:col: error[key]: message`, collected
//! across all files so one run reports every problem.

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
}

impl Diagnostic {
    pub fn new(path: &str, pos: Pos, key: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.to_string(),
            pos,
            key: key.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: error[{}]: {}",
            self.path, self.pos.line, self.pos.col, self.key, self.message
        )
    }
}

/// The nearest candidate to `input`, if it is close enough to be a plausible typo.
pub fn did_you_mean<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let input_lower = input.to_lowercase();
    let max = (input.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| {
            (
                strsim::damerau_levenshtein(&input_lower, &c.to_lowercase()),
                c,
            )
        })
        .filter(|(d, _)| *d <= max)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// `message` followed by `; did you mean "X"?` when a near candidate exists.
pub fn with_suggestion<'a>(
    message: String,
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> String {
    match did_you_mean(input, candidates) {
        Some(s) => format!("{message}; did you mean \"{s}\"?"),
        None => message,
    }
}
