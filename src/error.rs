//! The error of a command that reads the content: problems in it (exit 1), or a command that
//! cannot run (exit 2), told apart so the CLI and the preview can say which.

use crate::diagnostics::Diagnostic;

#[derive(Debug)]
pub enum Error {
    /// Problems in content or theme: exit 1.
    Content(Vec<Diagnostic>),
    /// Wrong usage (no content/ here, a bad option, a folder katalog must not replace): exit 2.
    Usage(String),
    /// A file or folder that cannot be read or written: exit 2.
    Io(String),
}

/// An I/O error while doing `what`.
pub fn io(what: &str, e: impl std::fmt::Display) -> Error {
    Error::Io(format!("{what}: {e}"))
}
