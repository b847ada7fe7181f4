//! Messages on standard error that cannot panic: `eprintln!` panics when stderr is a pipe whose
//! reader has gone (`katalog build 2>&1 | head -1`), and a lost message must not end a command.

/// `eprintln!` that drops the message when standard error cannot take it.
macro_rules! note {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

pub(crate) use note;

/// Every diagnostic on its line, then their count and `then` (`"; nothing was written"`):
/// `3 errors; nothing was written`, `2 warnings`. The one place errors and warnings are printed
/// for a person (`check --format` prints its own formats to standard output).
pub fn diagnostics(diags: &[crate::diagnostics::Diagnostic], then: &str) {
    if diags.is_empty() {
        return;
    }
    for d in diags {
        note!("{d}");
    }
    let errors = diags
        .iter()
        .filter(|d| d.severity == crate::diagnostics::Severity::Error)
        .count();
    let count = if errors > 0 {
        crate::diagnostics::count(errors)
    } else {
        crate::diagnostics::count_warnings(diags.len())
    };
    note!("{count}{then}");
}

/// The warnings of a build or a preview round: the first few, then how many more there are
/// (a generated site can have thousands; `katalog check` lists them all).
pub fn warnings(warnings: &[crate::diagnostics::Diagnostic]) {
    const SHOWN: usize = 10;
    if warnings.len() <= SHOWN {
        return diagnostics(warnings, "");
    }
    for d in &warnings[..SHOWN] {
        note!("{d}");
    }
    note!(
        "… and {} more; `katalog check` lists them all",
        crate::diagnostics::count_warnings(warnings.len() - SHOWN)
    );
}
